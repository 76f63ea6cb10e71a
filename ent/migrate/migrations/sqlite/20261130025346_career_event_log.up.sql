-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_webhook_deliveries" table
CREATE TABLE `new_webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_log` text NOT NULL DEFAULT ('COMPLAINT'), `event_seq` integer NOT NULL, `event_kind` text NOT NULL, `attempt` integer NOT NULL, `attempted_at` datetime NOT NULL, `delivered` bool NOT NULL, `status_code` integer NULL, `error` text NULL, `duration_ms` integer NOT NULL, `endpoint_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhook_endpoints_deliveries` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_webhook_deliveries", 94489280512);
-- copy rows from old table "webhook_deliveries" to new temporary table "new_webhook_deliveries"
INSERT INTO `new_webhook_deliveries` (`id`, `event_seq`, `event_kind`, `attempt`, `attempted_at`, `delivered`, `status_code`, `error`, `duration_ms`, `endpoint_id`) SELECT `id`, `event_seq`, `event_kind`, `attempt`, `attempted_at`, `delivered`, `status_code`, `error`, `duration_ms`, `endpoint_id` FROM `webhook_deliveries`;
-- drop "webhook_deliveries" table after copying rows
DROP TABLE `webhook_deliveries`;
-- rename temporary table "new_webhook_deliveries" to "webhook_deliveries"
ALTER TABLE `new_webhook_deliveries` RENAME TO `webhook_deliveries`;
-- create index "webhookdelivery_endpoint_id_event_log_event_seq" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_endpoint_id_event_log_event_seq` ON `webhook_deliveries` (`endpoint_id`, `event_log`, `event_seq`);
-- add column "career_cursor" to table: "webhook_endpoints"
ALTER TABLE `webhook_endpoints` ADD COLUMN `career_cursor` integer NULL;
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
