-- drop index "unit_path" from table: "units"
DROP INDEX "unit_path";
-- create index "unit_path" to table: "units"
CREATE INDEX "unit_path" ON "units" ("path" text_pattern_ops);
