-- Change fingerprints of the tables the analytics read (hand-written; see
-- internal/resultcache). Each transaction that writes a tracked table adds
-- one row (table, transaction id) to change_log from a statement-level
-- trigger, in the writer's own transaction: no shared row is updated, so
-- writers never wait on each other. The fingerprint of a table is
-- change_base.n + its change_log rows; compaction moves rows into
-- change_base in one transaction, leaving every sum as it was.
CREATE TABLE "change_log" ("tbl" text NOT NULL, "xid" bigint NOT NULL, PRIMARY KEY ("tbl", "xid"));
CREATE TABLE "change_base" ("tbl" text NOT NULL, "n" bigint NOT NULL, PRIMARY KEY ("tbl"));
CREATE FUNCTION "change_note"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_log (tbl, xid) VALUES (TG_TABLE_NAME, txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
INSERT INTO "change_base" ("tbl", "n") VALUES ('applicants', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "applicants" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('appraisals', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "appraisals" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('attendance_days', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "attendance_days" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('calendar_exceptions', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_exceptions" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('career_events', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "career_events" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('competencies', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "competencies" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('competency_assessments', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "competency_assessments" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('competency_requirements', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "competency_requirements" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('competency_trainings', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "competency_trainings" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('complaints', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "complaints" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('complaint_responses', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "complaint_responses" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('current_competencies', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "current_competencies" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('disciplinary_penalties', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "disciplinary_penalties" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('employees', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "employees" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('enrollments', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "enrollments" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('formations', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "formations" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('leave_requests', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "leave_requests" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('recruitment_formations', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "recruitment_formations" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('recruitment_years', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "recruitment_years" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('regions', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "regions" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('survey_responses', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "survey_responses" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('trainings', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "trainings" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('units', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "units" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('work_logs', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "work_logs" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
INSERT INTO "change_base" ("tbl", "n") VALUES ('work_schedules', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "work_schedules" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
