-- reverse: create index "enrollment_employee_id_id" to table: "enrollments"
DROP INDEX "enrollment_employee_id_id";
-- reverse: create index "appraisal_appraisee_id_id" to table: "appraisals"
DROP INDEX "appraisal_appraisee_id_id";
