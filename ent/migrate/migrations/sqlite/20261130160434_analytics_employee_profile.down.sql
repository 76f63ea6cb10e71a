-- reverse: create index "employee_unit_id" to table: "employees"
DROP INDEX `employee_unit_id`;
