-- reverse: add column "career_cursor" to table: "webhook_endpoints"
ALTER TABLE `webhook_endpoints` DROP COLUMN `career_cursor`;
-- reverse: create index "webhookdelivery_endpoint_id_event_log_event_seq" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_endpoint_id_event_log_event_seq`;
-- reverse: set sequence for "new_webhook_deliveries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_webhook_deliveries";
-- reverse: create "new_webhook_deliveries" table
DROP TABLE `new_webhook_deliveries`;
