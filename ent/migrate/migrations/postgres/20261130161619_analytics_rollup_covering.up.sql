-- create index "appraisal_appraisee_id_period_start_period_kind_predicate" to table: "appraisals"
CREATE INDEX "appraisal_appraisee_id_period_start_period_kind_predicate" ON "appraisals" ("appraisee_id", "period_start", "period_kind", "predicate");
-- create index "employee_status_position_name" to table: "employees"
CREATE INDEX "employee_status_position_name" ON "employees" ("status", "position_name") INCLUDE ("id", "unit_id");
