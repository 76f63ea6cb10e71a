-- create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `last_login_at` datetime NULL, `token_version` integer NOT NULL DEFAULT (0), `demo` bool NOT NULL DEFAULT (false), `unit_id` integer NULL, `employee_id` integer NULL, CONSTRAINT `accounts_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL, CONSTRAINT `accounts_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- set sequence for "accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("accounts", 34359738368);
-- create index "accounts_username_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_username_key` ON `accounts` (`username`);
-- create index "account_unit_id" to table: "accounts"
CREATE INDEX `account_unit_id` ON `accounts` (`unit_id`);
-- create index "account_role" to table: "accounts"
CREATE INDEX `account_role` ON `accounts` (`role`);
-- create "appraisals" table
CREATE TABLE `appraisals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `period_kind` text NOT NULL, `year` integer NOT NULL, `period` integer NOT NULL DEFAULT (0), `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `results_rating` text NULL, `behaviour_rating` text NULL, `predicate` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `results_notes` text NULL, `behaviour_notes` text NULL, `return_reason` text NULL, `submitted_at` datetime NULL, `decided_at` datetime NULL, `appraisee_id` integer NOT NULL, `appraiser_id` integer NOT NULL, CONSTRAINT `appraisals_employees_appraisals` FOREIGN KEY (`appraisee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION, CONSTRAINT `appraisals_employees_appraisals_given` FOREIGN KEY (`appraiser_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION);
-- create index "appraisal_appraisee_id_period_kind_year_period" to table: "appraisals"
CREATE UNIQUE INDEX `appraisal_appraisee_id_period_kind_year_period` ON `appraisals` (`appraisee_id`, `period_kind`, `year`, `period`);
-- create index "appraisal_appraiser_id" to table: "appraisals"
CREATE INDEX `appraisal_appraiser_id` ON `appraisals` (`appraiser_id`);
-- create index "appraisal_year_period_kind_predicate" to table: "appraisals"
CREATE INDEX `appraisal_year_period_kind_predicate` ON `appraisals` (`year`, `period_kind`, `predicate`);
-- create index "appraisal_status" to table: "appraisals"
CREATE INDEX `appraisal_status` ON `appraisals` (`status`);
-- create "audit_logs" table
CREATE TABLE `audit_logs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `actor_id` integer NULL, `actor` text NOT NULL, `action` text NOT NULL, `entity` text NOT NULL, `entity_id` integer NOT NULL, `changes` json NOT NULL, `request_id` text NULL);
-- set sequence for "audit_logs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_logs", 38654705664);
-- create index "auditlog_at" to table: "audit_logs"
CREATE INDEX `auditlog_at` ON `audit_logs` (`at`);
-- create index "auditlog_entity_entity_id" to table: "audit_logs"
CREATE INDEX `auditlog_entity_entity_id` ON `audit_logs` (`entity`, `entity_id`);
-- create index "auditlog_actor_id" to table: "audit_logs"
CREATE INDEX `auditlog_actor_id` ON `audit_logs` (`actor_id`);
-- create "career_events" table
CREATE TABLE `career_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `decree_number` text NOT NULL, `decree_date` datetime NOT NULL, `effective_date` datetime NOT NULL, `from_value` text NULL, `to_value` text NULL, `notes` text NULL, `recorded_at` datetime NOT NULL, `from_unit_id` integer NULL, `to_unit_id` integer NULL, `employee_id` integer NOT NULL, CONSTRAINT `career_events_units_from_unit` FOREIGN KEY (`from_unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL, CONSTRAINT `career_events_units_to_unit` FOREIGN KEY (`to_unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL, CONSTRAINT `career_events_employees_career_events` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION);
-- set sequence for "career_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("career_events", 4294967296);
-- create index "careerevent_employee_id_effective_date" to table: "career_events"
CREATE INDEX `careerevent_employee_id_effective_date` ON `career_events` (`employee_id`, `effective_date`);
-- create index "careerevent_from_unit_id" to table: "career_events"
CREATE INDEX `careerevent_from_unit_id` ON `career_events` (`from_unit_id`);
-- create index "careerevent_to_unit_id" to table: "career_events"
CREATE INDEX `careerevent_to_unit_id` ON `career_events` (`to_unit_id`);
-- create index "careerevent_kind_effective_date" to table: "career_events"
CREATE INDEX `careerevent_kind_effective_date` ON `career_events` (`kind`, `effective_date`);
-- create "competencies" table
CREATE TABLE `competencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `code` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `description` text NULL);
-- set sequence for "competencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("competencies", 42949672960);
-- create index "competencies_code_key" to table: "competencies"
CREATE UNIQUE INDEX `competencies_code_key` ON `competencies` (`code`);
-- create "competency_assessments" table
CREATE TABLE `competency_assessments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `level` integer NOT NULL, `assessed_at` datetime NOT NULL, `method` text NULL, `competency_id` integer NOT NULL, `employee_id` integer NOT NULL, CONSTRAINT `competency_assessments_competencies_assessments` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE NO ACTION, CONSTRAINT `competency_assessments_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION);
-- set sequence for "competency_assessments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("competency_assessments", 47244640256);
-- create index "competencyassessment_employee_id_competency_id_assessed_at" to table: "competency_assessments"
CREATE INDEX `competencyassessment_employee_id_competency_id_assessed_at` ON `competency_assessments` (`employee_id`, `competency_id`, `assessed_at`);
-- create index "competencyassessment_competency_id" to table: "competency_assessments"
CREATE INDEX `competencyassessment_competency_id` ON `competency_assessments` (`competency_id`);
-- create "competency_requirements" table
CREATE TABLE `competency_requirements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `position_name` text NOT NULL, `level` integer NOT NULL, `competency_id` integer NOT NULL, CONSTRAINT `competency_requirements_competencies_requirements` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "competency_requirements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("competency_requirements", 51539607552);
-- create index "competencyrequirement_position_name_competency_id" to table: "competency_requirements"
CREATE UNIQUE INDEX `competencyrequirement_position_name_competency_id` ON `competency_requirements` (`position_name`, `competency_id`);
-- create index "competencyrequirement_competency_id" to table: "competency_requirements"
CREATE INDEX `competencyrequirement_competency_id` ON `competency_requirements` (`competency_id`);
-- create "complaints" table
CREATE TABLE `complaints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `tracking_id` text NOT NULL, `access_key_hash` text NOT NULL, `class` text NOT NULL, `category` text NOT NULL, `channel` text NOT NULL, `privacy` text NOT NULL, `title` text NOT NULL, `body` text NOT NULL, `location` text NULL, `reporter_name` text NULL, `reporter_contact` text NULL, `status` text NOT NULL DEFAULT ('RECEIVED'), `status_reason` text NULL, `received_at` datetime NOT NULL, `forwarded_at` datetime NULL, `answered_at` datetime NULL, `settled_at` datetime NULL, `verify_due` datetime NOT NULL, `answer_due` datetime NOT NULL, `settle_due` datetime NOT NULL, `rating` integer NULL, `rating_comment` text NULL, `rated_at` datetime NULL, `region_id` integer NULL, `unit_id` integer NULL, `employee_id` integer NULL, `officer_id` integer NULL, CONSTRAINT `complaints_regions_region` FOREIGN KEY (`region_id`) REFERENCES `regions` (`id`) ON DELETE SET NULL, CONSTRAINT `complaints_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL, CONSTRAINT `complaints_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL, CONSTRAINT `complaints_employees_officer` FOREIGN KEY (`officer_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- set sequence for "complaints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("complaints", 55834574848);
-- create index "complaints_tracking_id_key" to table: "complaints"
CREATE UNIQUE INDEX `complaints_tracking_id_key` ON `complaints` (`tracking_id`);
-- create index "complaint_status_received_at" to table: "complaints"
CREATE INDEX `complaint_status_received_at` ON `complaints` (`status`, `received_at`);
-- create index "complaint_unit_id_status" to table: "complaints"
CREATE INDEX `complaint_unit_id_status` ON `complaints` (`unit_id`, `status`);
-- create index "complaint_region_id" to table: "complaints"
CREATE INDEX `complaint_region_id` ON `complaints` (`region_id`);
-- create index "complaint_category" to table: "complaints"
CREATE INDEX `complaint_category` ON `complaints` (`category`);
-- create index "complaint_privacy" to table: "complaints"
CREATE INDEX `complaint_privacy` ON `complaints` (`privacy`);
-- create index "complaint_officer_id" to table: "complaints"
CREATE INDEX `complaint_officer_id` ON `complaints` (`officer_id`);
-- create index "complaint_employee_id" to table: "complaints"
CREATE INDEX `complaint_employee_id` ON `complaints` (`employee_id`);
-- create index "complaint_verify_due" to table: "complaints"
CREATE INDEX `complaint_verify_due` ON `complaints` (`verify_due`);
-- create index "complaint_answer_due" to table: "complaints"
CREATE INDEX `complaint_answer_due` ON `complaints` (`answer_due`);
-- create index "complaint_settle_due" to table: "complaints"
CREATE INDEX `complaint_settle_due` ON `complaints` (`settle_due`);
-- create index "complaint_received_at" to table: "complaints"
CREATE INDEX `complaint_received_at` ON `complaints` (`received_at`);
-- create "complaint_events" table
CREATE TABLE `complaint_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `complaint_id` integer NOT NULL, `kind` text NOT NULL, `occurred_at` datetime NOT NULL, `status` text NOT NULL, `privacy` text NOT NULL, `category` text NOT NULL, `region_id` integer NULL, `unit_id` integer NULL, `unit_path` text NULL, `officer_id` integer NULL, `internal` bool NOT NULL DEFAULT (false));
-- set sequence for "complaint_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("complaint_events", 60129542144);
-- create index "complaintevent_complaint_id" to table: "complaint_events"
CREATE INDEX `complaintevent_complaint_id` ON `complaint_events` (`complaint_id`);
-- create "complaint_responses" table
CREATE TABLE `complaint_responses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `body` text NOT NULL, `author` text NOT NULL, `created_at` datetime NOT NULL, `complaint_id` integer NOT NULL, CONSTRAINT `complaint_responses_complaints_responses` FOREIGN KEY (`complaint_id`) REFERENCES `complaints` (`id`) ON DELETE NO ACTION);
-- set sequence for "complaint_responses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("complaint_responses", 64424509440);
-- create index "complaintresponse_complaint_id_created_at" to table: "complaint_responses"
CREATE INDEX `complaintresponse_complaint_id_created_at` ON `complaint_responses` (`complaint_id`, `created_at`);
-- create "employees" table
CREATE TABLE `employees` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `nip` text NOT NULL, `name` text NOT NULL, `front_title` text NULL, `back_title` text NULL, `employment_type` text NOT NULL, `rank` text NOT NULL, `rank_date` datetime NULL, `position_name` text NOT NULL, `position_type` text NOT NULL, `position_level` text NULL, `position_date` datetime NULL, `profession_group` text NOT NULL, `education_level` text NOT NULL, `education_major` text NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `birth_date` datetime NULL, `birth_place` text NULL, `gender` text NOT NULL, `cpns_date` datetime NULL, `pns_date` datetime NULL, `email` text NULL, `phone` text NULL, `address` text NULL, `superior_id` integer NULL, `mentor_id` integer NULL, `unit_id` integer NOT NULL, CONSTRAINT `employees_employees_subordinates` FOREIGN KEY (`superior_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL, CONSTRAINT `employees_employees_mentees` FOREIGN KEY (`mentor_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL, CONSTRAINT `employees_units_employees` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- set sequence for "employees" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("employees", 8589934592);
-- create index "employees_nip_key" to table: "employees"
CREATE UNIQUE INDEX `employees_nip_key` ON `employees` (`nip`);
-- create index "employee_unit_id" to table: "employees"
CREATE INDEX `employee_unit_id` ON `employees` (`unit_id`);
-- create index "employee_superior_id" to table: "employees"
CREATE INDEX `employee_superior_id` ON `employees` (`superior_id`);
-- create index "employee_mentor_id" to table: "employees"
CREATE INDEX `employee_mentor_id` ON `employees` (`mentor_id`);
-- create index "employee_name" to table: "employees"
CREATE INDEX `employee_name` ON `employees` (`name`);
-- create index "employee_status" to table: "employees"
CREATE INDEX `employee_status` ON `employees` (`status`);
-- create index "employee_employment_type" to table: "employees"
CREATE INDEX `employee_employment_type` ON `employees` (`employment_type`);
-- create index "employee_rank" to table: "employees"
CREATE INDEX `employee_rank` ON `employees` (`rank`);
-- create index "employee_position_type" to table: "employees"
CREATE INDEX `employee_position_type` ON `employees` (`position_type`);
-- create index "employee_profession_group" to table: "employees"
CREATE INDEX `employee_profession_group` ON `employees` (`profession_group`);
-- create index "employee_education_level" to table: "employees"
CREATE INDEX `employee_education_level` ON `employees` (`education_level`);
-- create index "employee_birth_date" to table: "employees"
CREATE INDEX `employee_birth_date` ON `employees` (`birth_date`);
-- create "enrollments" table
CREATE TABLE `enrollments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('REGISTERED'), `registered_at` datetime NOT NULL, `decided_at` datetime NULL, `completed_at` datetime NULL, `score` real NULL, `certificate_number` text NULL, `note` text NULL, `employee_id` integer NOT NULL, `training_id` integer NOT NULL, CONSTRAINT `enrollments_employees_enrollments` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION, CONSTRAINT `enrollments_trainings_enrollments` FOREIGN KEY (`training_id`) REFERENCES `trainings` (`id`) ON DELETE NO ACTION);
-- set sequence for "enrollments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("enrollments", 12884901888);
-- create index "enrollment_employee_id_training_id" to table: "enrollments"
CREATE UNIQUE INDEX `enrollment_employee_id_training_id` ON `enrollments` (`employee_id`, `training_id`);
-- create index "enrollment_training_id_status" to table: "enrollments"
CREATE INDEX `enrollment_training_id_status` ON `enrollments` (`training_id`, `status`);
-- create index "enrollment_status" to table: "enrollments"
CREATE INDEX `enrollment_status` ON `enrollments` (`status`);
-- create "formations" table
CREATE TABLE `formations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `year` integer NOT NULL, `position_name` text NOT NULL, `position_type` text NOT NULL, `profession_group` text NOT NULL, `needed` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `formations_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- set sequence for "formations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("formations", 68719476736);
-- create index "formation_unit_id_year_position_name" to table: "formations"
CREATE UNIQUE INDEX `formation_unit_id_year_position_name` ON `formations` (`unit_id`, `year`, `position_name`);
-- create index "formation_year_profession_group" to table: "formations"
CREATE INDEX `formation_year_profession_group` ON `formations` (`year`, `profession_group`);
-- create "regions" table
CREATE TABLE `regions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `remote` bool NOT NULL DEFAULT (false));
-- set sequence for "regions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("regions", 17179869184);
-- create index "regions_code_key" to table: "regions"
CREATE UNIQUE INDEX `regions_code_key` ON `regions` (`code`);
-- create "survey_responses" table
CREATE TABLE `survey_responses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `submitted_at` datetime NOT NULL, `respondent_gender` text NULL, `respondent_age` integer NULL, `respondent_education` text NULL, `comment` text NULL, `u1_requirements` integer NOT NULL, `u2_procedure` integer NOT NULL, `u3_time` integer NOT NULL, `u4_cost` integer NOT NULL, `u5_product` integer NOT NULL, `u6_competence` integer NOT NULL, `u7_behaviour` integer NOT NULL, `u8_complaints` integer NOT NULL, `u9_facilities` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `survey_responses_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- set sequence for "survey_responses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("survey_responses", 73014444032);
-- create index "surveyresponse_unit_id_submitted_at" to table: "survey_responses"
CREATE INDEX `surveyresponse_unit_id_submitted_at` ON `survey_responses` (`unit_id`, `submitted_at`);
-- create index "surveyresponse_submitted_at" to table: "survey_responses"
CREATE INDEX `surveyresponse_submitted_at` ON `survey_responses` (`submitted_at`);
-- create "trainings" table
CREATE TABLE `trainings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `title` text NOT NULL, `description` text NULL, `category` text NOT NULL, `method` text NOT NULL, `hours_jp` integer NOT NULL, `quota` integer NOT NULL, `seats_taken` integer NOT NULL DEFAULT (0), `registration_opens` datetime NOT NULL, `registration_closes` datetime NOT NULL, `starts_on` datetime NOT NULL, `ends_on` datetime NOT NULL, `status` text NOT NULL DEFAULT ('PUBLISHED'), `target_professions` json NULL, `organizer_id` integer NOT NULL, CONSTRAINT `trainings_units_trainings` FOREIGN KEY (`organizer_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- set sequence for "trainings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("trainings", 21474836480);
-- create index "trainings_code_key" to table: "trainings"
CREATE UNIQUE INDEX `trainings_code_key` ON `trainings` (`code`);
-- create index "training_organizer_id" to table: "trainings"
CREATE INDEX `training_organizer_id` ON `trainings` (`organizer_id`);
-- create index "training_status_registration_closes" to table: "trainings"
CREATE INDEX `training_status_registration_closes` ON `trainings` (`status`, `registration_closes`);
-- create index "training_starts_on" to table: "trainings"
CREATE INDEX `training_starts_on` ON `trainings` (`starts_on`);
-- create index "training_category" to table: "trainings"
CREATE INDEX `training_category` ON `trainings` (`category`);
-- create "units" table
CREATE TABLE `units` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `address` text NULL, `path` text NOT NULL, `depth` integer NOT NULL DEFAULT (0), `region_id` integer NOT NULL, `parent_id` integer NULL, CONSTRAINT `units_regions_units` FOREIGN KEY (`region_id`) REFERENCES `regions` (`id`) ON DELETE NO ACTION, CONSTRAINT `units_units_children` FOREIGN KEY (`parent_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- set sequence for "units" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("units", 25769803776);
-- create index "units_code_key" to table: "units"
CREATE UNIQUE INDEX `units_code_key` ON `units` (`code`);
-- create index "unit_path" to table: "units"
CREATE INDEX `unit_path` ON `units` (`path`);
-- create index "unit_parent_id" to table: "units"
CREATE INDEX `unit_parent_id` ON `units` (`parent_id`);
-- create index "unit_region_id" to table: "units"
CREATE INDEX `unit_region_id` ON `units` (`region_id`);
-- create index "unit_kind" to table: "units"
CREATE INDEX `unit_kind` ON `units` (`kind`);
-- create "work_logs" table
CREATE TABLE `work_logs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` datetime NOT NULL, `activity` text NOT NULL, `output` text NOT NULL, `quantity` integer NOT NULL, `minutes` integer NOT NULL, `status` text NOT NULL DEFAULT ('SUBMITTED'), `verified_at` datetime NULL, `verifier_note` text NULL, `employee_id` integer NOT NULL, `verifier_id` integer NULL, CONSTRAINT `work_logs_employees_work_logs` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION, CONSTRAINT `work_logs_employees_verified_work_logs` FOREIGN KEY (`verifier_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- set sequence for "work_logs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("work_logs", 30064771072);
-- create index "worklog_employee_id_date" to table: "work_logs"
CREATE INDEX `worklog_employee_id_date` ON `work_logs` (`employee_id`, `date`);
-- create index "worklog_verifier_id" to table: "work_logs"
CREATE INDEX `worklog_verifier_id` ON `work_logs` (`verifier_id`);
-- create index "worklog_status_date" to table: "work_logs"
CREATE INDEX `worklog_status_date` ON `work_logs` (`status`, `date`);
-- create index "worklog_date" to table: "work_logs"
CREATE INDEX `worklog_date` ON `work_logs` (`date`);
-- create "competency_trainings" table
CREATE TABLE `competency_trainings` (`competency_id` integer NOT NULL, `training_id` integer NOT NULL, PRIMARY KEY (`competency_id`, `training_id`), CONSTRAINT `competency_trainings_competency_id` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE CASCADE, CONSTRAINT `competency_trainings_training_id` FOREIGN KEY (`training_id`) REFERENCES `trainings` (`id`) ON DELETE CASCADE);
