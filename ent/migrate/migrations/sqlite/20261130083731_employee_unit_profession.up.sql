-- drop index "employee_unit_id" from table: "employees"
DROP INDEX `employee_unit_id`;
-- create index "employee_unit_id_profession_group" to table: "employees"
CREATE INDEX `employee_unit_id_profession_group` ON `employees` (`unit_id`, `profession_group`);
