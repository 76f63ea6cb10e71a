-- drop index "employee_status" from table: "employees"
DROP INDEX `employee_status`;
-- create index "employee_status_employment_type" to table: "employees"
CREATE INDEX `employee_status_employment_type` ON `employees` (`status`, `employment_type`);
