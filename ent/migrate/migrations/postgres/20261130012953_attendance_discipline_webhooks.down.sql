-- reverse: create "work_schedules" table
DROP TABLE "work_schedules";
-- reverse: create index "webhookdelivery_endpoint_id_event_seq" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_endpoint_id_event_seq";
-- reverse: create "webhook_deliveries" table
DROP TABLE "webhook_deliveries";
-- reverse: create "webhook_endpoints" table
DROP TABLE "webhook_endpoints";
-- reverse: create index "disciplinarypenalty_employee_id_effective_from" to table: "disciplinary_penalties"
DROP INDEX "disciplinarypenalty_employee_id_effective_from";
-- reverse: create "disciplinary_penalties" table
DROP TABLE "disciplinary_penalties";
-- reverse: create index "calendarexception_starts_on_ends_on" to table: "calendar_exceptions"
DROP INDEX "calendarexception_starts_on_ends_on";
-- reverse: create "calendar_exceptions" table
DROP TABLE "calendar_exceptions";
-- reverse: create index "attendanceday_employee_id_date" to table: "attendance_days"
DROP INDEX "attendanceday_employee_id_date";
-- reverse: create index "attendanceday_date" to table: "attendance_days"
DROP INDEX "attendanceday_date";
-- reverse: create "attendance_days" table
DROP TABLE "attendance_days";
-- reverse: create index "leaverequest_status" to table: "leave_requests"
DROP INDEX "leaverequest_status";
-- reverse: create index "leaverequest_employee_id_starts_on" to table: "leave_requests"
DROP INDEX "leaverequest_employee_id_starts_on";
-- reverse: create "leave_requests" table
DROP TABLE "leave_requests";
