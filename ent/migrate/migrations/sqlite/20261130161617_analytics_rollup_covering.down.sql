-- reverse: create index "employee_status_position_name" to table: "employees"
DROP INDEX `employee_status_position_name`;
-- reverse: create index "appraisal_appraisee_id_period_start_period_kind_predicate" to table: "appraisals"
DROP INDEX `appraisal_appraisee_id_period_start_period_kind_predicate`;
