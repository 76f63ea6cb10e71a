-- reverse: set sequence for "work_schedules" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "work_schedules";
-- reverse: create "work_schedules" table
DROP TABLE `work_schedules`;
-- reverse: set sequence for "webhook_endpoints" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "webhook_endpoints";
-- reverse: create "webhook_endpoints" table
DROP TABLE `webhook_endpoints`;
-- reverse: create index "webhookdelivery_endpoint_id_event_seq" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_endpoint_id_event_seq`;
-- reverse: set sequence for "webhook_deliveries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "webhook_deliveries";
-- reverse: create "webhook_deliveries" table
DROP TABLE `webhook_deliveries`;
-- reverse: create index "leaverequest_status" to table: "leave_requests"
DROP INDEX `leaverequest_status`;
-- reverse: create index "leaverequest_employee_id_starts_on" to table: "leave_requests"
DROP INDEX `leaverequest_employee_id_starts_on`;
-- reverse: set sequence for "leave_requests" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "leave_requests";
-- reverse: create "leave_requests" table
DROP TABLE `leave_requests`;
-- reverse: create index "disciplinarypenalty_employee_id_effective_from" to table: "disciplinary_penalties"
DROP INDEX `disciplinarypenalty_employee_id_effective_from`;
-- reverse: set sequence for "disciplinary_penalties" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "disciplinary_penalties";
-- reverse: create "disciplinary_penalties" table
DROP TABLE `disciplinary_penalties`;
-- reverse: create index "calendarexception_starts_on_ends_on" to table: "calendar_exceptions"
DROP INDEX `calendarexception_starts_on_ends_on`;
-- reverse: set sequence for "calendar_exceptions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "calendar_exceptions";
-- reverse: create "calendar_exceptions" table
DROP TABLE `calendar_exceptions`;
-- reverse: create index "attendanceday_date" to table: "attendance_days"
DROP INDEX `attendanceday_date`;
-- reverse: create index "attendanceday_employee_id_date" to table: "attendance_days"
DROP INDEX `attendanceday_employee_id_date`;
-- reverse: set sequence for "attendance_days" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "attendance_days";
-- reverse: create "attendance_days" table
DROP TABLE `attendance_days`;
