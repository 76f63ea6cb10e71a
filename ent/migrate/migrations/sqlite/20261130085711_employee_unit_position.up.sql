-- create index "employee_unit_id_position_name" to table: "employees"
CREATE INDEX `employee_unit_id_position_name` ON `employees` (`unit_id`, `position_name`);
