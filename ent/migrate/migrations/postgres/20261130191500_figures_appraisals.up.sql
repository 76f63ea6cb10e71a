-- Figures of the appraisals kept by their writers (hand-written; read by
-- internal/analytics/figures.go): the number of appraisals per unit of the
-- appraisee, first day, kind and number of the period, status and
-- predicate ('' for none). Maintained as figures_work_logs is (see
-- 20261130190000_figures_work_logs): statement-level triggers with
-- transition tables add each statement's deltas, ordered by key, in the
-- writer's transaction; an appraisal's writer locks its appraisees FOR
-- SHARE, and an appraisee moving unit moves their appraisals' counts.
CREATE TABLE "figures_appraisals" ("unit_id" bigint NOT NULL, "period_start" timestamptz NOT NULL, "period_kind" character varying NOT NULL, "period" bigint NOT NULL, "status" character varying NOT NULL, "predicate" character varying NOT NULL, "n" bigint NOT NULL, PRIMARY KEY ("unit_id", "period_start", "period_kind", "period", "status", "predicate"));
CREATE FUNCTION "figures_appraisals_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employees WHERE id IN (SELECT appraisee_id FROM n) ORDER BY id FOR SHARE;
  INSERT INTO figures_appraisals AS f (unit_id, period_start, period_kind, period, status, predicate, n)
  SELECT e.unit_id, d.period_start, d.period_kind, d.period, d.status, COALESCE(d.predicate, ''), SUM(d.sign)
  FROM (SELECT appraisee_id, period_start, period_kind, period, status, predicate, 1 AS sign FROM n) d JOIN employees e ON e.id = d.appraisee_id
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (unit_id, period_start, period_kind, period, status, predicate) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
CREATE FUNCTION "figures_appraisals_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employees WHERE id IN (SELECT appraisee_id FROM o) ORDER BY id FOR SHARE;
  INSERT INTO figures_appraisals AS f (unit_id, period_start, period_kind, period, status, predicate, n)
  SELECT e.unit_id, d.period_start, d.period_kind, d.period, d.status, COALESCE(d.predicate, ''), SUM(d.sign)
  FROM (SELECT appraisee_id, period_start, period_kind, period, status, predicate, -1 AS sign FROM o) d JOIN employees e ON e.id = d.appraisee_id
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (unit_id, period_start, period_kind, period, status, predicate) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
CREATE FUNCTION "figures_appraisals_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employees WHERE id IN (SELECT appraisee_id FROM o UNION SELECT appraisee_id FROM n) ORDER BY id FOR SHARE;
  INSERT INTO figures_appraisals AS f (unit_id, period_start, period_kind, period, status, predicate, n)
  SELECT e.unit_id, d.period_start, d.period_kind, d.period, d.status, COALESCE(d.predicate, ''), SUM(d.sign)
  FROM (SELECT appraisee_id, period_start, period_kind, period, status, predicate, -1 AS sign FROM o UNION ALL SELECT appraisee_id, period_start, period_kind, period, status, predicate, 1 AS sign FROM n) d JOIN employees e ON e.id = d.appraisee_id
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (unit_id, period_start, period_kind, period, status, predicate) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
-- An appraisee moving unit moves the counts of their appraisals.
CREATE FUNCTION "figures_appraisals_employee"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO figures_appraisals AS f (unit_id, period_start, period_kind, period, status, predicate, n)
  SELECT d.unit_id, a.period_start, a.period_kind, a.period, a.status, COALESCE(a.predicate, ''), SUM(d.sign)
  FROM (SELECT o.id, o.unit_id, -1 AS sign FROM o JOIN n ON n.id = o.id WHERE o.unit_id <> n.unit_id
        UNION ALL
        SELECT n.id, n.unit_id, 1 FROM o JOIN n ON n.id = o.id WHERE o.unit_id <> n.unit_id) d
  JOIN appraisals a ON a.appraisee_id = d.id
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(d.sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (unit_id, period_start, period_kind, period, status, predicate) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END
$$;
CREATE FUNCTION "figures_appraisals_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM figures_appraisals;
  RETURN NULL;
END
$$;
CREATE TRIGGER "figures_appraisals_insert" AFTER INSERT ON "appraisals" REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_appraisals_insert"();
CREATE TRIGGER "figures_appraisals_delete" AFTER DELETE ON "appraisals" REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "figures_appraisals_delete"();
CREATE TRIGGER "figures_appraisals_update" AFTER UPDATE ON "appraisals" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_appraisals_update"();
CREATE TRIGGER "figures_appraisals_truncate" AFTER TRUNCATE ON "appraisals" FOR EACH STATEMENT EXECUTE FUNCTION "figures_appraisals_truncate"();
CREATE TRIGGER "figures_appraisals_employee" AFTER UPDATE ON "employees" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_appraisals_employee"();
-- The figures of the appraisals already there.
INSERT INTO "figures_appraisals" ("unit_id", "period_start", "period_kind", "period", "status", "predicate", "n")
SELECT e.unit_id, a.period_start, a.period_kind, a.period, a.status, COALESCE(a.predicate, ''), COUNT(*) FROM appraisals a JOIN employees e ON e.id = a.appraisee_id GROUP BY 1, 2, 3, 4, 5, 6;
-- Its change fingerprint (see 20261130190000_figures_work_logs).
INSERT INTO "change_base" ("tbl", "n") VALUES ('figures_appraisals', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_appraisals" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
