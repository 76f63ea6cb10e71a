-- reverse: create index "employee_unit_id_profession_group" to table: "employees"
DROP INDEX `employee_unit_id_profession_group`;
-- reverse: drop index "employee_unit_id" from table: "employees"
CREATE INDEX `employee_unit_id` ON `employees` (`unit_id`);
