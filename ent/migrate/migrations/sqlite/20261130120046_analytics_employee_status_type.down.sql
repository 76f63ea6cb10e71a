-- reverse: create index "employee_status_employment_type" to table: "employees"
DROP INDEX `employee_status_employment_type`;
-- reverse: drop index "employee_status" from table: "employees"
CREATE INDEX `employee_status` ON `employees` (`status`);
