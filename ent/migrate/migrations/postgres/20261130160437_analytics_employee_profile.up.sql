-- create index "employee_unit_id" to table: "employees"
CREATE INDEX "employee_unit_id" ON "employees" ("unit_id") INCLUDE ("position_type", "profession_group", "gender", "birth_date", "cpns_date");
