-- reverse: create index "unit_path" to table: "units"
DROP INDEX "unit_path";
-- reverse: drop index "unit_path" from table: "units"
CREATE INDEX "unit_path" ON "units" ("path");
