-- Figures of the work logs kept by their writers (hand-written; read by
-- internal/analytics/figures.go). figures_work_logs is the histogram of
-- the logs' minutes per profession group of the log's employee and
-- calendar month of the log (ym: yyyymm of its date read in UTC, the
-- aggregate's MONTH key); figures_work_log_people counts the logs per
-- employee and month (with the employee's profession group), for the
-- distinct employees. Statement-level
-- triggers with transition tables add the deltas of each statement in the
-- writer's own transaction, ordered by key (no recomputation: concurrent
-- writers stay exact). A work log's writer locks its employees FOR SHARE,
-- so that an employee changing profession group waits for it and the
-- move's trigger then sees the log (and the other way round). Rows whose
-- count falls to zero stay; readers skip them.
CREATE TABLE "figures_work_logs" ("profession_group" character varying NOT NULL, "ym" integer NOT NULL, "minutes" bigint NOT NULL, "n" bigint NOT NULL, PRIMARY KEY ("profession_group", "ym", "minutes"));
CREATE TABLE "figures_work_log_people" ("employee_id" bigint NOT NULL, "ym" integer NOT NULL, "profession_group" character varying NOT NULL, "n" bigint NOT NULL, PRIMARY KEY ("employee_id", "ym"));
CREATE FUNCTION "figures_ym"(d timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT CAST(date_part('year', d AT TIME ZONE 'UTC') * 100 + date_part('month', d AT TIME ZONE 'UTC') AS integer) $$;
CREATE FUNCTION "figures_work_logs_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employees WHERE id IN (SELECT employee_id FROM n) ORDER BY id FOR SHARE;
  INSERT INTO figures_work_logs AS f (profession_group, ym, minutes, n)
  SELECT e.profession_group, figures_ym(d.date), d.minutes, SUM(d.sign)
  FROM (SELECT employee_id, date, minutes, 1 AS sign FROM n) d JOIN employees e ON e.id = d.employee_id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (profession_group, ym, minutes) DO UPDATE SET n = f.n + EXCLUDED.n;
  INSERT INTO figures_work_log_people AS f (employee_id, ym, profession_group, n)
  SELECT d.employee_id, figures_ym(d.date), e.profession_group, SUM(d.sign)
  FROM (SELECT employee_id, date, minutes, 1 AS sign FROM n) d JOIN employees e ON e.id = d.employee_id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2
  ON CONFLICT (employee_id, ym) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
CREATE FUNCTION "figures_work_logs_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employees WHERE id IN (SELECT employee_id FROM o) ORDER BY id FOR SHARE;
  INSERT INTO figures_work_logs AS f (profession_group, ym, minutes, n)
  SELECT e.profession_group, figures_ym(d.date), d.minutes, SUM(d.sign)
  FROM (SELECT employee_id, date, minutes, -1 AS sign FROM o) d JOIN employees e ON e.id = d.employee_id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (profession_group, ym, minutes) DO UPDATE SET n = f.n + EXCLUDED.n;
  INSERT INTO figures_work_log_people AS f (employee_id, ym, profession_group, n)
  SELECT d.employee_id, figures_ym(d.date), e.profession_group, SUM(d.sign)
  FROM (SELECT employee_id, date, minutes, -1 AS sign FROM o) d JOIN employees e ON e.id = d.employee_id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2
  ON CONFLICT (employee_id, ym) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
CREATE FUNCTION "figures_work_logs_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employees WHERE id IN (SELECT employee_id FROM o UNION SELECT employee_id FROM n) ORDER BY id FOR SHARE;
  INSERT INTO figures_work_logs AS f (profession_group, ym, minutes, n)
  SELECT e.profession_group, figures_ym(d.date), d.minutes, SUM(d.sign)
  FROM (SELECT employee_id, date, minutes, -1 AS sign FROM o UNION ALL SELECT employee_id, date, minutes, 1 AS sign FROM n) d JOIN employees e ON e.id = d.employee_id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (profession_group, ym, minutes) DO UPDATE SET n = f.n + EXCLUDED.n;
  INSERT INTO figures_work_log_people AS f (employee_id, ym, profession_group, n)
  SELECT d.employee_id, figures_ym(d.date), e.profession_group, SUM(d.sign)
  FROM (SELECT employee_id, date, minutes, -1 AS sign FROM o UNION ALL SELECT employee_id, date, minutes, 1 AS sign FROM n) d JOIN employees e ON e.id = d.employee_id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2
  ON CONFLICT (employee_id, ym) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
-- An employee changing profession group moves the histogram of their
-- logs and relabels their per-employee counts.
CREATE FUNCTION "figures_work_logs_employee"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE figures_work_log_people p SET profession_group = n.profession_group
  FROM o JOIN n ON n.id = o.id
  WHERE p.employee_id = n.id AND o.profession_group <> n.profession_group;
  INSERT INTO figures_work_logs AS f (profession_group, ym, minutes, n)
  SELECT d.profession_group, figures_ym(w.date), w.minutes, SUM(d.sign)
  FROM (SELECT o.id, o.profession_group, -1 AS sign FROM o JOIN n ON n.id = o.id
          WHERE o.profession_group <> n.profession_group
        UNION ALL
        SELECT n.id, n.profession_group, 1 FROM o JOIN n ON n.id = o.id
          WHERE o.profession_group <> n.profession_group) d
  JOIN work_logs w ON w.employee_id = d.id
  GROUP BY 1, 2, 3 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (profession_group, ym, minutes) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
-- TRUNCATE of the work logs empties the figures (of the employees too: it
-- cascades to the work logs or fails).
CREATE FUNCTION "figures_work_logs_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM figures_work_logs;
  DELETE FROM figures_work_log_people;
  RETURN NULL;
END
$$;
CREATE TRIGGER "figures_work_logs_insert" AFTER INSERT ON "work_logs" REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_work_logs_insert"();
CREATE TRIGGER "figures_work_logs_delete" AFTER DELETE ON "work_logs" REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "figures_work_logs_delete"();
CREATE TRIGGER "figures_work_logs_update" AFTER UPDATE ON "work_logs" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_work_logs_update"();
CREATE TRIGGER "figures_work_logs_truncate" AFTER TRUNCATE ON "work_logs" FOR EACH STATEMENT EXECUTE FUNCTION "figures_work_logs_truncate"();
CREATE TRIGGER "figures_work_logs_employee" AFTER UPDATE ON "employees" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_work_logs_employee"();
-- The figures of the logs already there.
INSERT INTO "figures_work_logs" ("profession_group", "ym", "minutes", "n")
SELECT e.profession_group, figures_ym(w.date), w.minutes, COUNT(*) FROM work_logs w JOIN employees e ON e.id = w.employee_id GROUP BY 1, 2, 3;
INSERT INTO "figures_work_log_people" ("employee_id", "ym", "profession_group", "n")
SELECT w.employee_id, figures_ym(w.date), e.profession_group, COUNT(*) FROM work_logs w JOIN employees e ON e.id = w.employee_id GROUP BY 1, 2, 3;
-- The figures carry change fingerprints of their own (the analytics result
-- cache serves only statements whose every table has one): they change
-- exactly when a writer's trigger writes them.
INSERT INTO "change_base" ("tbl", "n") VALUES ('figures_work_logs', 0), ('figures_work_log_people', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_work_logs" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_work_log_people" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
