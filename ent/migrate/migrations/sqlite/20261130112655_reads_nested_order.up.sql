-- create index "appraisal_appraisee_id_id" to table: "appraisals"
CREATE INDEX `appraisal_appraisee_id_id` ON `appraisals` (`appraisee_id`, `id`);
-- create index "enrollment_employee_id_id" to table: "enrollments"
CREATE INDEX `enrollment_employee_id_id` ON `enrollments` (`employee_id`, `id`);
