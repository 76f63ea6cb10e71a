-- reverse: create "competency_trainings" table
DROP TABLE `competency_trainings`;
-- reverse: create index "worklog_date" to table: "work_logs"
DROP INDEX `worklog_date`;
-- reverse: create index "worklog_status_date" to table: "work_logs"
DROP INDEX `worklog_status_date`;
-- reverse: create index "worklog_verifier_id" to table: "work_logs"
DROP INDEX `worklog_verifier_id`;
-- reverse: create index "worklog_employee_id_date" to table: "work_logs"
DROP INDEX `worklog_employee_id_date`;
-- reverse: set sequence for "work_logs" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "work_logs";
-- reverse: create "work_logs" table
DROP TABLE `work_logs`;
-- reverse: create index "unit_kind" to table: "units"
DROP INDEX `unit_kind`;
-- reverse: create index "unit_region_id" to table: "units"
DROP INDEX `unit_region_id`;
-- reverse: create index "unit_parent_id" to table: "units"
DROP INDEX `unit_parent_id`;
-- reverse: create index "unit_path" to table: "units"
DROP INDEX `unit_path`;
-- reverse: create index "units_code_key" to table: "units"
DROP INDEX `units_code_key`;
-- reverse: set sequence for "units" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "units";
-- reverse: create "units" table
DROP TABLE `units`;
-- reverse: create index "training_category" to table: "trainings"
DROP INDEX `training_category`;
-- reverse: create index "training_starts_on" to table: "trainings"
DROP INDEX `training_starts_on`;
-- reverse: create index "training_status_registration_closes" to table: "trainings"
DROP INDEX `training_status_registration_closes`;
-- reverse: create index "training_organizer_id" to table: "trainings"
DROP INDEX `training_organizer_id`;
-- reverse: create index "trainings_code_key" to table: "trainings"
DROP INDEX `trainings_code_key`;
-- reverse: set sequence for "trainings" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "trainings";
-- reverse: create "trainings" table
DROP TABLE `trainings`;
-- reverse: create index "surveyresponse_submitted_at" to table: "survey_responses"
DROP INDEX `surveyresponse_submitted_at`;
-- reverse: create index "surveyresponse_unit_id_submitted_at" to table: "survey_responses"
DROP INDEX `surveyresponse_unit_id_submitted_at`;
-- reverse: set sequence for "survey_responses" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "survey_responses";
-- reverse: create "survey_responses" table
DROP TABLE `survey_responses`;
-- reverse: create index "regions_code_key" to table: "regions"
DROP INDEX `regions_code_key`;
-- reverse: set sequence for "regions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "regions";
-- reverse: create "regions" table
DROP TABLE `regions`;
-- reverse: create index "formation_year_profession_group" to table: "formations"
DROP INDEX `formation_year_profession_group`;
-- reverse: create index "formation_unit_id_year_position_name" to table: "formations"
DROP INDEX `formation_unit_id_year_position_name`;
-- reverse: set sequence for "formations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "formations";
-- reverse: create "formations" table
DROP TABLE `formations`;
-- reverse: create index "enrollment_status" to table: "enrollments"
DROP INDEX `enrollment_status`;
-- reverse: create index "enrollment_training_id_status" to table: "enrollments"
DROP INDEX `enrollment_training_id_status`;
-- reverse: create index "enrollment_employee_id_training_id" to table: "enrollments"
DROP INDEX `enrollment_employee_id_training_id`;
-- reverse: set sequence for "enrollments" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "enrollments";
-- reverse: create "enrollments" table
DROP TABLE `enrollments`;
-- reverse: create index "employee_birth_date" to table: "employees"
DROP INDEX `employee_birth_date`;
-- reverse: create index "employee_education_level" to table: "employees"
DROP INDEX `employee_education_level`;
-- reverse: create index "employee_profession_group" to table: "employees"
DROP INDEX `employee_profession_group`;
-- reverse: create index "employee_position_type" to table: "employees"
DROP INDEX `employee_position_type`;
-- reverse: create index "employee_rank" to table: "employees"
DROP INDEX `employee_rank`;
-- reverse: create index "employee_employment_type" to table: "employees"
DROP INDEX `employee_employment_type`;
-- reverse: create index "employee_status" to table: "employees"
DROP INDEX `employee_status`;
-- reverse: create index "employee_name" to table: "employees"
DROP INDEX `employee_name`;
-- reverse: create index "employee_mentor_id" to table: "employees"
DROP INDEX `employee_mentor_id`;
-- reverse: create index "employee_superior_id" to table: "employees"
DROP INDEX `employee_superior_id`;
-- reverse: create index "employee_unit_id" to table: "employees"
DROP INDEX `employee_unit_id`;
-- reverse: create index "employees_nip_key" to table: "employees"
DROP INDEX `employees_nip_key`;
-- reverse: set sequence for "employees" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "employees";
-- reverse: create "employees" table
DROP TABLE `employees`;
-- reverse: create index "complaintresponse_complaint_id_created_at" to table: "complaint_responses"
DROP INDEX `complaintresponse_complaint_id_created_at`;
-- reverse: set sequence for "complaint_responses" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "complaint_responses";
-- reverse: create "complaint_responses" table
DROP TABLE `complaint_responses`;
-- reverse: create index "complaintevent_complaint_id" to table: "complaint_events"
DROP INDEX `complaintevent_complaint_id`;
-- reverse: set sequence for "complaint_events" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "complaint_events";
-- reverse: create "complaint_events" table
DROP TABLE `complaint_events`;
-- reverse: create index "complaint_received_at" to table: "complaints"
DROP INDEX `complaint_received_at`;
-- reverse: create index "complaint_settle_due" to table: "complaints"
DROP INDEX `complaint_settle_due`;
-- reverse: create index "complaint_answer_due" to table: "complaints"
DROP INDEX `complaint_answer_due`;
-- reverse: create index "complaint_verify_due" to table: "complaints"
DROP INDEX `complaint_verify_due`;
-- reverse: create index "complaint_employee_id" to table: "complaints"
DROP INDEX `complaint_employee_id`;
-- reverse: create index "complaint_officer_id" to table: "complaints"
DROP INDEX `complaint_officer_id`;
-- reverse: create index "complaint_privacy" to table: "complaints"
DROP INDEX `complaint_privacy`;
-- reverse: create index "complaint_category" to table: "complaints"
DROP INDEX `complaint_category`;
-- reverse: create index "complaint_region_id" to table: "complaints"
DROP INDEX `complaint_region_id`;
-- reverse: create index "complaint_unit_id_status" to table: "complaints"
DROP INDEX `complaint_unit_id_status`;
-- reverse: create index "complaint_status_received_at" to table: "complaints"
DROP INDEX `complaint_status_received_at`;
-- reverse: create index "complaints_tracking_id_key" to table: "complaints"
DROP INDEX `complaints_tracking_id_key`;
-- reverse: set sequence for "complaints" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "complaints";
-- reverse: create "complaints" table
DROP TABLE `complaints`;
-- reverse: create index "competencyrequirement_competency_id" to table: "competency_requirements"
DROP INDEX `competencyrequirement_competency_id`;
-- reverse: create index "competencyrequirement_position_name_competency_id" to table: "competency_requirements"
DROP INDEX `competencyrequirement_position_name_competency_id`;
-- reverse: set sequence for "competency_requirements" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "competency_requirements";
-- reverse: create "competency_requirements" table
DROP TABLE `competency_requirements`;
-- reverse: create index "competencyassessment_competency_id" to table: "competency_assessments"
DROP INDEX `competencyassessment_competency_id`;
-- reverse: create index "competencyassessment_employee_id_competency_id_assessed_at" to table: "competency_assessments"
DROP INDEX `competencyassessment_employee_id_competency_id_assessed_at`;
-- reverse: set sequence for "competency_assessments" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "competency_assessments";
-- reverse: create "competency_assessments" table
DROP TABLE `competency_assessments`;
-- reverse: create index "competencies_code_key" to table: "competencies"
DROP INDEX `competencies_code_key`;
-- reverse: set sequence for "competencies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "competencies";
-- reverse: create "competencies" table
DROP TABLE `competencies`;
-- reverse: create index "careerevent_kind_effective_date" to table: "career_events"
DROP INDEX `careerevent_kind_effective_date`;
-- reverse: create index "careerevent_to_unit_id" to table: "career_events"
DROP INDEX `careerevent_to_unit_id`;
-- reverse: create index "careerevent_from_unit_id" to table: "career_events"
DROP INDEX `careerevent_from_unit_id`;
-- reverse: create index "careerevent_employee_id_effective_date" to table: "career_events"
DROP INDEX `careerevent_employee_id_effective_date`;
-- reverse: set sequence for "career_events" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "career_events";
-- reverse: create "career_events" table
DROP TABLE `career_events`;
-- reverse: create index "auditlog_actor_id" to table: "audit_logs"
DROP INDEX `auditlog_actor_id`;
-- reverse: create index "auditlog_entity_entity_id" to table: "audit_logs"
DROP INDEX `auditlog_entity_entity_id`;
-- reverse: create index "auditlog_at" to table: "audit_logs"
DROP INDEX `auditlog_at`;
-- reverse: set sequence for "audit_logs" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "audit_logs";
-- reverse: create "audit_logs" table
DROP TABLE `audit_logs`;
-- reverse: create index "appraisal_status" to table: "appraisals"
DROP INDEX `appraisal_status`;
-- reverse: create index "appraisal_year_period_kind_predicate" to table: "appraisals"
DROP INDEX `appraisal_year_period_kind_predicate`;
-- reverse: create index "appraisal_appraiser_id" to table: "appraisals"
DROP INDEX `appraisal_appraiser_id`;
-- reverse: create index "appraisal_appraisee_id_period_kind_year_period" to table: "appraisals"
DROP INDEX `appraisal_appraisee_id_period_kind_year_period`;
-- reverse: create "appraisals" table
DROP TABLE `appraisals`;
-- reverse: create index "account_role" to table: "accounts"
DROP INDEX `account_role`;
-- reverse: create index "account_unit_id" to table: "accounts"
DROP INDEX `account_unit_id`;
-- reverse: create index "accounts_username_key" to table: "accounts"
DROP INDEX `accounts_username_key`;
-- reverse: set sequence for "accounts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "accounts";
-- reverse: create "accounts" table
DROP TABLE `accounts`;
