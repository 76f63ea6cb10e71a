-- Competency-gap figures kept by the writers (hand-written; PostgreSQL
-- only; see internal/analytics/figures.go, which reads them, and README
-- "Competency-gap figures"). A pair is an employee and a competency the
-- employee's position requires (competency_requirements by position name),
-- with the current level (current_competencies) when assessed.
--
--   figures_competency_gaps: per employee unit, status and competency, the
--     pairs, the assessed pairs, those below the required level and the
--     sum of their shortfalls in levels (every status: readers keep the
--     statuses they count).
--   figures_competency_gap_employees: per employee, the pairs below the
--     required level (what tells whether the employee has a gap).
--   figures_competency_gap_units: per unit and status, the employees with
--     at least one pair below the required level (not a sum over the
--     competencies: an employee with two gaps counts once).
--
-- Statement-level AFTER triggers on current_competencies,
-- competency_requirements and employees turn the statement's transition
-- tables into signed pair rows and apply them as deltas, in key order
-- (figures_competency_gaps_apply). Exact under concurrent writers in READ
-- COMMITTED: the rows are added to, never recomputed, and
--   - a change of current levels locks its employees FOR SHARE first (an
--     employee's UPDATE waits for it, or it waits for the UPDATE and then
--     reads the employee's new unit, status and position);
--   - a change of requirements takes the advisory lock (1701, 1)
--     exclusively, every other writer of these figures takes it shared:
--     a requirement's change and an employee's or a level's change never
--     read each other's state half-way. Each statement of a trigger
--     function after the lock sees what committed before it.
-- TRUNCATE of a source table rebuilds the figures (under the exclusive
-- lock).
CREATE TABLE "figures_competency_gaps" (
  "unit_id" bigint NOT NULL,
  "status" character varying NOT NULL,
  "competency_id" bigint NOT NULL,
  "requirements" bigint NOT NULL,
  "assessed" bigint NOT NULL,
  "gaps" bigint NOT NULL,
  "short" bigint NOT NULL,
  PRIMARY KEY ("unit_id", "status", "competency_id")
);
CREATE TABLE "figures_competency_gap_employees" (
  "employee_id" bigint NOT NULL,
  "gaps" bigint NOT NULL,
  PRIMARY KEY ("employee_id")
);
CREATE TABLE "figures_competency_gap_units" (
  "unit_id" bigint NOT NULL,
  "status" character varying NOT NULL,
  "employees" bigint NOT NULL,
  PRIMARY KEY ("unit_id", "status")
);

-- figures_competency_gaps_apply adds signed pair rows (parallel arrays: the
-- employee, the unit and status the pair counts under, the competency,
-- whether the row is of the state after the statement (else before), and
-- the pair's requirements, assessed, gaps and shortfall, each ±) to the
-- three tables. The employees' rows change by the sum of their gaps; an
-- employee is counted in figures_competency_gap_units under the unit and
-- status of its rows before (taken out when it had a gap) and after (put
-- in when it has one).
CREATE FUNCTION "figures_competency_gaps_apply"(p_emp bigint[], p_unit bigint[], p_status character varying[], p_comp bigint[], p_after boolean[], p_req bigint[], p_ass bigint[], p_gap bigint[], p_short bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_emp IS NULL OR cardinality(p_emp) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO figures_competency_gaps AS f (unit_id, status, competency_id, requirements, assessed, gaps, short)
  SELECT d.unit_id, d.status, d.comp, sum(d.req), sum(d.ass), sum(d.gap), sum(d.short)
  FROM unnest(p_emp, p_unit, p_status, p_comp, p_after, p_req, p_ass, p_gap, p_short) AS d(emp, unit_id, status, comp, after, req, ass, gap, short)
  GROUP BY d.unit_id, d.status, d.comp
  HAVING sum(d.req) <> 0 OR sum(d.ass) <> 0 OR sum(d.gap) <> 0 OR sum(d.short) <> 0
  ORDER BY d.unit_id, d.status, d.comp
  ON CONFLICT (unit_id, status, competency_id) DO UPDATE SET
    requirements = f.requirements + excluded.requirements, assessed = f.assessed + excluded.assessed,
    gaps = f.gaps + excluded.gaps, short = f.short + excluded.short;

  WITH d AS (
    SELECT * FROM unnest(p_emp, p_unit, p_status, p_comp, p_after, p_req, p_ass, p_gap, p_short) AS d(emp, unit_id, status, comp, after, req, ass, gap, short)
  ), per AS (
    SELECT d.emp,
      (array_agg(d.unit_id) FILTER (WHERE NOT d.after))[1] AS bu, (array_agg(d.status) FILTER (WHERE NOT d.after))[1] AS bs,
      (array_agg(d.unit_id) FILTER (WHERE d.after))[1] AS au, (array_agg(d.status) FILTER (WHERE d.after))[1] AS as_,
      sum(d.gap) AS dg
    FROM d GROUP BY d.emp
  ), moved AS (
    SELECT emp, coalesce(bu, au) AS bu, coalesce(bs, as_) AS bs, coalesce(au, bu) AS au, coalesce(as_, bs) AS as_, dg
    FROM per
  ), changed AS (
    SELECT * FROM moved WHERE dg <> 0 OR bu <> au OR bs <> as_
  ), up AS (
    INSERT INTO figures_competency_gap_employees AS g (employee_id, gaps)
    SELECT emp, dg FROM changed WHERE dg <> 0 ORDER BY emp
    ON CONFLICT (employee_id) DO UPDATE SET gaps = g.gaps + excluded.gaps
    RETURNING g.employee_id, g.gaps
  ), st AS (
    SELECT c.*, coalesce(up.gaps, g.gaps, 0) AS ga
    FROM changed c LEFT JOIN up ON up.employee_id = c.emp
    LEFT JOIN figures_competency_gap_employees g ON g.employee_id = c.emp
  ), t AS (
    SELECT bu AS unit_id, bs AS status, -1 AS n FROM st WHERE ga - dg > 0
    UNION ALL SELECT au, as_, 1 FROM st WHERE ga > 0
  )
  INSERT INTO figures_competency_gap_units AS u (unit_id, status, employees)
  SELECT t.unit_id, t.status, sum(t.n) FROM t GROUP BY t.unit_id, t.status HAVING sum(t.n) <> 0
  ORDER BY t.unit_id, t.status
  ON CONFLICT (unit_id, status) DO UPDATE SET employees = u.employees + excluded.employees;
END
$$;
-- A custom plan for each call's arrays cost 0.6–0.9 ms of backend CPU per
-- call more than the generic plan (which PostgreSQL only tries after five
-- calls in a session, and did not keep).
ALTER FUNCTION "figures_competency_gaps_apply"(bigint[], bigint[], character varying[], bigint[], boolean[], bigint[], bigint[], bigint[], bigint[]) SET plan_cache_mode = force_generic_plan;

-- figures_competency_gaps_rebuild computes the three tables again from the
-- sources, under the exclusive lock: the migration's fill, and what a
-- TRUNCATE of a source table does.
CREATE FUNCTION "figures_competency_gaps_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1701, 1);
  DELETE FROM figures_competency_gaps;
  DELETE FROM figures_competency_gap_employees;
  DELETE FROM figures_competency_gap_units;
  INSERT INTO figures_competency_gaps (unit_id, status, competency_id, requirements, assessed, gaps, short)
  SELECT e.unit_id, e.status, r.competency_id, count(*), count(ca.level),
    count(*) FILTER (WHERE ca.level < r.level), coalesce(sum(r.level - ca.level) FILTER (WHERE ca.level < r.level), 0)
  FROM employees e JOIN competency_requirements r ON r.position_name = e.position_name
  LEFT JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = r.competency_id
  GROUP BY e.unit_id, e.status, r.competency_id;
  INSERT INTO figures_competency_gap_employees (employee_id, gaps)
  SELECT e.id, count(*)
  FROM employees e JOIN competency_requirements r ON r.position_name = e.position_name
  JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = r.competency_id
  WHERE ca.level < r.level
  GROUP BY e.id;
  INSERT INTO figures_competency_gap_units (unit_id, status, employees)
  SELECT e.unit_id, e.status, count(*)
  FROM employees e JOIN figures_competency_gap_employees g ON g.employee_id = e.id
  WHERE g.gaps > 0
  GROUP BY e.unit_id, e.status;
END
$$;

CREATE FUNCTION "figures_competency_gaps_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_competency_gaps_rebuild();
  RETURN NULL;
END
$$;

-- Current levels: a level's row is a pair of its employee's position's
-- requirement of the competency (if any), counted under the employee's
-- unit and status now.
CREATE FUNCTION "figures_competency_gaps_levels"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a_emp bigint[]; a_unit bigint[]; a_status character varying[]; a_comp bigint[]; a_after boolean[];
  a_req bigint[]; a_ass bigint[]; a_gap bigint[]; a_short bigint[];
BEGIN
  -- An upsert fires the INSERT and the UPDATE trigger, one of them on no
  -- row.
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM o) THEN
      RETURN NULL;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM n) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM employees WHERE id IN (SELECT employee_id FROM n) ORDER BY id FOR SHARE;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM employees WHERE id IN (SELECT employee_id FROM o) ORDER BY id FOR SHARE;
  ELSE
    PERFORM 1 FROM employees WHERE id IN (SELECT employee_id FROM o UNION SELECT employee_id FROM n) ORDER BY id FOR SHARE;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(1701, 1);
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(e.id), array_agg(e.unit_id), array_agg(e.status), array_agg(x.competency_id), array_agg(x.after),
      array_agg(0::bigint), array_agg(x.sign), array_agg(CASE WHEN x.level < r.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN x.level < r.level THEN x.sign * (r.level - x.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT employee_id, competency_id, level, 1::bigint AS sign, true AS after FROM n) x
    JOIN employees e ON e.id = x.employee_id
    JOIN competency_requirements r ON r.position_name = e.position_name AND r.competency_id = x.competency_id;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(e.id), array_agg(e.unit_id), array_agg(e.status), array_agg(x.competency_id), array_agg(x.after),
      array_agg(0::bigint), array_agg(x.sign), array_agg(CASE WHEN x.level < r.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN x.level < r.level THEN x.sign * (r.level - x.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT employee_id, competency_id, level, -1::bigint AS sign, false AS after FROM o) x
    JOIN employees e ON e.id = x.employee_id
    JOIN competency_requirements r ON r.position_name = e.position_name AND r.competency_id = x.competency_id;
  ELSE
    SELECT array_agg(e.id), array_agg(e.unit_id), array_agg(e.status), array_agg(x.competency_id), array_agg(x.after),
      array_agg(0::bigint), array_agg(x.sign), array_agg(CASE WHEN x.level < r.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN x.level < r.level THEN x.sign * (r.level - x.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT employee_id, competency_id, level, -1::bigint AS sign, false AS after FROM o
          UNION ALL SELECT employee_id, competency_id, level, 1::bigint, true FROM n) x
    JOIN employees e ON e.id = x.employee_id
    JOIN competency_requirements r ON r.position_name = e.position_name AND r.competency_id = x.competency_id;
  END IF;
  PERFORM figures_competency_gaps_apply(a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short);
  RETURN NULL;
END
$$;

-- Requirements: a requirement's row is a pair for each employee of its
-- position, with the employee's current level of the competency if any.
CREATE FUNCTION "figures_competency_gaps_requirements"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a_emp bigint[]; a_unit bigint[]; a_status character varying[]; a_comp bigint[]; a_after boolean[];
  a_req bigint[]; a_ass bigint[]; a_gap bigint[]; a_short bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(1701, 1);
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(e.id), array_agg(e.unit_id), array_agg(e.status), array_agg(x.competency_id), array_agg(x.after),
      array_agg(x.sign), array_agg(CASE WHEN ca.level IS NOT NULL THEN x.sign ELSE 0 END), array_agg(CASE WHEN ca.level < x.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN ca.level < x.level THEN x.sign * (x.level - ca.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT position_name, competency_id, level, 1::bigint AS sign, true AS after FROM n) x
    JOIN employees e ON e.position_name = x.position_name
    LEFT JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = x.competency_id;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(e.id), array_agg(e.unit_id), array_agg(e.status), array_agg(x.competency_id), array_agg(x.after),
      array_agg(x.sign), array_agg(CASE WHEN ca.level IS NOT NULL THEN x.sign ELSE 0 END), array_agg(CASE WHEN ca.level < x.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN ca.level < x.level THEN x.sign * (x.level - ca.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT position_name, competency_id, level, -1::bigint AS sign, false AS after FROM o) x
    JOIN employees e ON e.position_name = x.position_name
    LEFT JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = x.competency_id;
  ELSE
    SELECT array_agg(e.id), array_agg(e.unit_id), array_agg(e.status), array_agg(x.competency_id), array_agg(x.after),
      array_agg(x.sign), array_agg(CASE WHEN ca.level IS NOT NULL THEN x.sign ELSE 0 END), array_agg(CASE WHEN ca.level < x.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN ca.level < x.level THEN x.sign * (x.level - ca.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT position_name, competency_id, level, -1::bigint AS sign, false AS after FROM o
          UNION ALL SELECT position_name, competency_id, level, 1::bigint, true FROM n) x
    JOIN employees e ON e.position_name = x.position_name
    LEFT JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = x.competency_id;
  END IF;
  PERFORM figures_competency_gaps_apply(a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short);
  RETURN NULL;
END
$$;

-- Employees: an employee's pairs move with its unit, status and position.
-- An UPDATE that changes none of the three changes no figure and returns
-- before taking the lock.
CREATE FUNCTION "figures_competency_gaps_employees"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a_emp bigint[]; a_unit bigint[]; a_status character varying[]; a_comp bigint[]; a_after boolean[];
  a_req bigint[]; a_ass bigint[]; a_gap bigint[]; a_short bigint[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT 1 FROM o FULL JOIN n ON n.id = o.id
      WHERE o.id IS NULL OR n.id IS NULL OR (o.unit_id, o.status, o.position_name) IS DISTINCT FROM (n.unit_id, n.status, n.position_name)
    ) THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(1701, 1);
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(x.id), array_agg(x.unit_id), array_agg(x.status), array_agg(r.competency_id), array_agg(x.after),
      array_agg(x.sign), array_agg(CASE WHEN ca.level IS NOT NULL THEN x.sign ELSE 0 END), array_agg(CASE WHEN ca.level < r.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN ca.level < r.level THEN x.sign * (r.level - ca.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT id, unit_id, status, position_name, 1::bigint AS sign, true AS after FROM n) x
    JOIN competency_requirements r ON r.position_name = x.position_name
    LEFT JOIN current_competencies ca ON ca.employee_id = x.id AND ca.competency_id = r.competency_id;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(x.id), array_agg(x.unit_id), array_agg(x.status), array_agg(r.competency_id), array_agg(x.after),
      array_agg(x.sign), array_agg(CASE WHEN ca.level IS NOT NULL THEN x.sign ELSE 0 END), array_agg(CASE WHEN ca.level < r.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN ca.level < r.level THEN x.sign * (r.level - ca.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (SELECT id, unit_id, status, position_name, -1::bigint AS sign, false AS after FROM o) x
    JOIN competency_requirements r ON r.position_name = x.position_name
    LEFT JOIN current_competencies ca ON ca.employee_id = x.id AND ca.competency_id = r.competency_id;
  ELSE
    SELECT array_agg(x.id), array_agg(x.unit_id), array_agg(x.status), array_agg(r.competency_id), array_agg(x.after),
      array_agg(x.sign), array_agg(CASE WHEN ca.level IS NOT NULL THEN x.sign ELSE 0 END), array_agg(CASE WHEN ca.level < r.level THEN x.sign ELSE 0 END),
      array_agg(CASE WHEN ca.level < r.level THEN x.sign * (r.level - ca.level) ELSE 0 END)
    INTO a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short
    FROM (
      SELECT o.id, o.unit_id, o.status, o.position_name, -1::bigint AS sign, false AS after
      FROM o LEFT JOIN n ON n.id = o.id
      WHERE n.id IS NULL OR (o.unit_id, o.status, o.position_name) IS DISTINCT FROM (n.unit_id, n.status, n.position_name)
      UNION ALL
      SELECT n.id, n.unit_id, n.status, n.position_name, 1::bigint, true
      FROM n LEFT JOIN o ON o.id = n.id
      WHERE o.id IS NULL OR (o.unit_id, o.status, o.position_name) IS DISTINCT FROM (n.unit_id, n.status, n.position_name)
    ) x
    JOIN competency_requirements r ON r.position_name = x.position_name
    LEFT JOIN current_competencies ca ON ca.employee_id = x.id AND ca.competency_id = r.competency_id;
  END IF;
  PERFORM figures_competency_gaps_apply(a_emp, a_unit, a_status, a_comp, a_after, a_req, a_ass, a_gap, a_short);
  RETURN NULL;
END
$$;

CREATE TRIGGER "figures_competency_gaps_insert" AFTER INSERT ON "current_competencies" REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_levels"();
CREATE TRIGGER "figures_competency_gaps_update" AFTER UPDATE ON "current_competencies" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_levels"();
CREATE TRIGGER "figures_competency_gaps_delete" AFTER DELETE ON "current_competencies" REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_levels"();
CREATE TRIGGER "figures_competency_gaps_truncate" AFTER TRUNCATE ON "current_competencies" FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_truncated"();
CREATE TRIGGER "figures_competency_gaps_insert" AFTER INSERT ON "competency_requirements" REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_requirements"();
CREATE TRIGGER "figures_competency_gaps_update" AFTER UPDATE ON "competency_requirements" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_requirements"();
CREATE TRIGGER "figures_competency_gaps_delete" AFTER DELETE ON "competency_requirements" REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_requirements"();
CREATE TRIGGER "figures_competency_gaps_truncate" AFTER TRUNCATE ON "competency_requirements" FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_truncated"();
CREATE TRIGGER "figures_competency_gaps_insert" AFTER INSERT ON "employees" REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_employees"();
CREATE TRIGGER "figures_competency_gaps_update" AFTER UPDATE ON "employees" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_employees"();
CREATE TRIGGER "figures_competency_gaps_delete" AFTER DELETE ON "employees" REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_employees"();
CREATE TRIGGER "figures_competency_gaps_truncate" AFTER TRUNCATE ON "employees" FOR EACH STATEMENT EXECUTE FUNCTION "figures_competency_gaps_truncated"();

-- Change fingerprints (internal/resultcache): the figures are written only
-- by the triggers above, in the source writer's transaction.
INSERT INTO "change_base" ("tbl", "n") VALUES ('figures_competency_gaps', 0), ('figures_competency_gap_employees', 0), ('figures_competency_gap_units', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_competency_gaps" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_competency_gap_employees" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_competency_gap_units" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();

SELECT figures_competency_gaps_rebuild();
