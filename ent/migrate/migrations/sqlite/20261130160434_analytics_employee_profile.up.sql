-- create index "employee_unit_id" to table: "employees"
CREATE INDEX `employee_unit_id` ON `employees` (`unit_id`);
