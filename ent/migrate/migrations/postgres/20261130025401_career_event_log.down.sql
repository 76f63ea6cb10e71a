-- reverse: modify "webhook_endpoints" table
ALTER TABLE "webhook_endpoints" DROP COLUMN "career_cursor";
-- reverse: create index "webhookdelivery_endpoint_id_event_log_event_seq" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_endpoint_id_event_log_event_seq";
-- reverse: modify "webhook_deliveries" table
ALTER TABLE "webhook_deliveries" DROP COLUMN "event_log";
-- reverse: drop index "webhookdelivery_endpoint_id_event_seq" from table: "webhook_deliveries"
CREATE INDEX "webhookdelivery_endpoint_id_event_seq" ON "webhook_deliveries" ("endpoint_id", "event_seq");
