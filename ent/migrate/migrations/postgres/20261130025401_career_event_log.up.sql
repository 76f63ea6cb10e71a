-- drop index "webhookdelivery_endpoint_id_event_seq" from table: "webhook_deliveries"
DROP INDEX "webhookdelivery_endpoint_id_event_seq";
-- modify "webhook_deliveries" table
ALTER TABLE "webhook_deliveries" ADD COLUMN "event_log" character varying NOT NULL DEFAULT 'COMPLAINT';
-- create index "webhookdelivery_endpoint_id_event_log_event_seq" to table: "webhook_deliveries"
CREATE INDEX "webhookdelivery_endpoint_id_event_log_event_seq" ON "webhook_deliveries" ("endpoint_id", "event_log", "event_seq");
-- modify "webhook_endpoints" table
ALTER TABLE "webhook_endpoints" ADD COLUMN "career_cursor" bigint NULL;
