-- create "applicants" table
CREATE TABLE `applicants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `registration_number` text NOT NULL, `nik` text NOT NULL, `name` text NOT NULL, `birth_date` datetime NOT NULL, `gender` text NOT NULL, `education_level` text NOT NULL, `education_major` text NULL, `twk` integer NULL, `tiu` integer NULL, `tkp` integer NULL, `skb` real NULL, `latsar_completed_on` datetime NULL, `latsar_certificate` text NULL, `registered_at` datetime NOT NULL, `formation_id` integer NOT NULL, `recruitment_year_id` integer NOT NULL, `employee_id` integer NULL, CONSTRAINT `applicants_recruitment_formations_formation` FOREIGN KEY (`formation_id`) REFERENCES `recruitment_formations` (`id`) ON DELETE NO ACTION, CONSTRAINT `applicants_recruitment_years_recruitment_year` FOREIGN KEY (`recruitment_year_id`) REFERENCES `recruitment_years` (`id`) ON DELETE NO ACTION, CONSTRAINT `applicants_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- set sequence for "applicants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("applicants", 107374182400);
-- create index "applicants_registration_number_key" to table: "applicants"
CREATE UNIQUE INDEX `applicants_registration_number_key` ON `applicants` (`registration_number`);
-- create index "applicant_recruitment_year_id_nik" to table: "applicants"
CREATE UNIQUE INDEX `applicant_recruitment_year_id_nik` ON `applicants` (`recruitment_year_id`, `nik`);
-- create index "applicant_formation_id" to table: "applicants"
CREATE INDEX `applicant_formation_id` ON `applicants` (`formation_id`);
-- create "recruitment_formations" table
CREATE TABLE `recruitment_formations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `position_name` text NOT NULL, `kind` text NOT NULL, `quota` integer NOT NULL, `education_level` text NOT NULL, `opened_at` datetime NOT NULL, `recruitment_year_id` integer NOT NULL, `plan_id` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `recruitment_formations_recruitment_years_recruitment_year` FOREIGN KEY (`recruitment_year_id`) REFERENCES `recruitment_years` (`id`) ON DELETE NO ACTION, CONSTRAINT `recruitment_formations_formations_plan` FOREIGN KEY (`plan_id`) REFERENCES `formations` (`id`) ON DELETE NO ACTION, CONSTRAINT `recruitment_formations_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- set sequence for "recruitment_formations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("recruitment_formations", 111669149696);
-- create index "recruitmentformation_recruitment_year_id_plan_id_kind" to table: "recruitment_formations"
CREATE UNIQUE INDEX `recruitmentformation_recruitment_year_id_plan_id_kind` ON `recruitment_formations` (`recruitment_year_id`, `plan_id`, `kind`);
-- create index "recruitmentformation_unit_id" to table: "recruitment_formations"
CREATE INDEX `recruitmentformation_unit_id` ON `recruitment_formations` (`unit_id`);
-- create index "recruitmentformation_plan_id" to table: "recruitment_formations"
CREATE INDEX `recruitmentformation_plan_id` ON `recruitment_formations` (`plan_id`);
-- create "recruitment_years" table
CREATE TABLE `recruitment_years` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `year` integer NOT NULL, `twk_min` integer NOT NULL DEFAULT (65), `tiu_min` integer NOT NULL DEFAULT (80), `tkp_min` integer NOT NULL DEFAULT (166), `skb_min` real NOT NULL DEFAULT (0), `skd_weight` integer NOT NULL DEFAULT (40), `skb_weight` integer NOT NULL DEFAULT (60), `legal_basis` text NULL);
-- set sequence for "recruitment_years" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("recruitment_years", 115964116992);
-- create index "recruitment_years_year_key" to table: "recruitment_years"
CREATE UNIQUE INDEX `recruitment_years_year_key` ON `recruitment_years` (`year`);
