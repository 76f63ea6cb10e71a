-- reverse: create index "employee_unit_id_position_name" to table: "employees"
DROP INDEX `employee_unit_id_position_name`;
