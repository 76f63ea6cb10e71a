-- create "attendance_days" table
CREATE TABLE `attendance_days` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` datetime NOT NULL, `status` text NOT NULL, `check_in_at` datetime NULL, `check_out_at` datetime NULL, `late_minutes` integer NOT NULL DEFAULT (0), `early_minutes` integer NOT NULL DEFAULT (0), `leave_kind` text NULL, `decree_number` text NULL, `correction_reason` text NULL, `corrected_by` text NULL, `check_in_key` text NULL, `check_out_key` text NULL, `employee_id` integer NOT NULL, `leave_request_id` integer NULL, CONSTRAINT `attendance_days_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION, CONSTRAINT `attendance_days_leave_requests_leave_request` FOREIGN KEY (`leave_request_id`) REFERENCES `leave_requests` (`id`) ON DELETE SET NULL);
-- set sequence for "attendance_days" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("attendance_days", 81604378624);
-- create index "attendanceday_employee_id_date" to table: "attendance_days"
CREATE UNIQUE INDEX `attendanceday_employee_id_date` ON `attendance_days` (`employee_id`, `date`);
-- create index "attendanceday_date" to table: "attendance_days"
CREATE INDEX `attendanceday_date` ON `attendance_days` (`date`);
-- create "calendar_exceptions" table
CREATE TABLE `calendar_exceptions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `starts_on` datetime NOT NULL, `ends_on` datetime NOT NULL, `name` text NOT NULL, `unit_id` integer NULL, CONSTRAINT `calendar_exceptions_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- set sequence for "calendar_exceptions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("calendar_exceptions", 85899345920);
-- create index "calendarexception_starts_on_ends_on" to table: "calendar_exceptions"
CREATE INDEX `calendarexception_starts_on_ends_on` ON `calendar_exceptions` (`starts_on`, `ends_on`);
-- create "disciplinary_penalties" table
CREATE TABLE `disciplinary_penalties` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `level` text NOT NULL, `kind` text NOT NULL, `decree_number` text NOT NULL, `decree_date` datetime NOT NULL, `effective_from` datetime NOT NULL, `effective_until` datetime NULL, `violation` text NULL, `recorded_at` datetime NOT NULL, `employee_id` integer NOT NULL, CONSTRAINT `disciplinary_penalties_employees_disciplinary_penalties` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION);
-- set sequence for "disciplinary_penalties" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("disciplinary_penalties", 77309411328);
-- create index "disciplinarypenalty_employee_id_effective_from" to table: "disciplinary_penalties"
CREATE INDEX `disciplinarypenalty_employee_id_effective_from` ON `disciplinary_penalties` (`employee_id`, `effective_from`);
-- create "leave_requests" table
CREATE TABLE `leave_requests` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `starts_on` datetime NOT NULL, `ends_on` datetime NOT NULL, `working_days` integer NOT NULL, `reason` text NULL, `address` text NULL, `document` text NULL, `religious` bool NOT NULL DEFAULT (false), `status` text NOT NULL DEFAULT ('REQUESTED'), `decided_at` datetime NULL, `decision_note` text NULL, `employee_id` integer NOT NULL, `decider_id` integer NULL, CONSTRAINT `leave_requests_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION, CONSTRAINT `leave_requests_employees_decider` FOREIGN KEY (`decider_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- set sequence for "leave_requests" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("leave_requests", 90194313216);
-- create index "leaverequest_employee_id_starts_on" to table: "leave_requests"
CREATE INDEX `leaverequest_employee_id_starts_on` ON `leave_requests` (`employee_id`, `starts_on`);
-- create index "leaverequest_status" to table: "leave_requests"
CREATE INDEX `leaverequest_status` ON `leave_requests` (`status`);
-- create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_seq` integer NOT NULL, `event_kind` text NOT NULL, `attempt` integer NOT NULL, `attempted_at` datetime NOT NULL, `delivered` bool NOT NULL, `status_code` integer NULL, `error` text NULL, `duration_ms` integer NOT NULL, `endpoint_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhook_endpoints_deliveries` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints` (`id`) ON DELETE NO ACTION);
-- set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 94489280512);
-- create index "webhookdelivery_endpoint_id_event_seq" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_endpoint_id_event_seq` ON `webhook_deliveries` (`endpoint_id`, `event_seq`);
-- create "webhook_endpoints" table
CREATE TABLE `webhook_endpoints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `url` text NOT NULL, `secret` text NOT NULL, `event_kinds` json NULL, `active` bool NOT NULL DEFAULT (true), `cursor` integer NOT NULL DEFAULT (0), `failures` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NULL, `lease_until` datetime NULL);
-- set sequence for "webhook_endpoints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_endpoints", 98784247808);
-- create "work_schedules" table
CREATE TABLE `work_schedules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL DEFAULT ('FIVE_DAY'), `unit_id` integer NOT NULL, CONSTRAINT `work_schedules_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- set sequence for "work_schedules" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("work_schedules", 103079215104);
