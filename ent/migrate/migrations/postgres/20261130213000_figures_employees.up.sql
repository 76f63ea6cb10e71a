-- Figures of the employees kept by their writers (hand-written; read by
-- internal/analytics/employee_figures.go). figures_employees holds one row
-- per cell — unit, status, profession group, position type, employment
-- type and gender — and in "people" one element per employee of the cell:
-- the UTC calendar date of birth as yyyymmdd × 100000000 + the date of
-- the CPNS appointment as yyyymmdd (0 where the date is NULL), sorted.
-- Those dates do not change with the day, and an age or years of service
-- at any date is (ymd(now) − ymd) / 10000, so the figures need no daily
-- work: 18,000 rows of arrays in place of the 100,000 employee records.
--
-- Statement-level triggers with transition tables apply the net change of
-- each statement in the writer's own transaction: per cell, the elements
-- added and those removed (one occurrence each: two employees of a cell
-- may share both dates), in key order (no recomputation from a snapshot;
-- concurrent writers wait on the cell's row and then change its latest
-- version). Cells whose array empties stay; readers skip them.
CREATE TABLE "figures_employees" ("unit_id" bigint NOT NULL, "status" character varying NOT NULL, "profession_group" character varying NOT NULL, "position_type" character varying NOT NULL, "employment_type" character varying NOT NULL, "gender" character varying NOT NULL, "people" bigint[] NOT NULL, PRIMARY KEY ("unit_id", "status", "profession_group", "position_type", "employment_type", "gender"));
-- The UTC calendar date of d as yyyymmdd, 0 for NULL.
CREATE FUNCTION "figures_ymd"(d timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT COALESCE(CAST(date_part('year', d AT TIME ZONE 'UTC') * 10000 + date_part('month', d AT TIME ZONE 'UTC') * 100 + date_part('day', d AT TIME ZONE 'UTC') AS integer), 0) $$;
-- An employee's element of "people".
CREATE FUNCTION "figures_person"(birth timestamptz, cpns timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT CAST(figures_ymd(birth) AS bigint) * 100000000 + figures_ymd(cpns) $$;
-- people with the elements of added and without one occurrence of each
-- element of removed, sorted. PL/pgSQL, whose plan a session keeps: a
-- LANGUAGE sql function of this shape is planned again at every statement
-- that calls it (most of the triggers' cost when it was).
CREATE FUNCTION "figures_people"(people bigint[], added bigint[], removed bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (SELECT COALESCE(array_agg(a.v ORDER BY a.v), '{}')
    FROM (SELECT v, row_number() OVER (PARTITION BY v) AS i
          FROM (SELECT unnest(people) AS v UNION ALL SELECT unnest(added)) x) a
    LEFT JOIN (SELECT v, count(*) AS k FROM unnest(removed) AS v GROUP BY v) r ON r.v = a.v
    WHERE a.i > COALESCE(r.k, 0));
END
$$;
-- One employee record's cell and element, with sign −1 for an old row and
-- +1 for a new one.
CREATE TYPE "figures_employee_change" AS ("unit_id" bigint, "status" character varying, "profession_group" character varying, "position_type" character varying, "employment_type" character varying, "gender" character varying, "person" bigint, "sign" integer);
-- A cell's net change: the elements added and removed.
CREATE TYPE "figures_employee_cell" AS ("unit_id" bigint, "status" character varying, "profession_group" character varying, "position_type" character varying, "employment_type" character varying, "gender" character varying, "added" bigint[], "removed" bigint[]);
-- Applies the net change of a statement (a transition table is visible
-- only in its trigger's own function, which passes its rows here), in
-- three set-based statements: the cells that exist are locked in key
-- order (concurrent writers of the same cells then wait in one order, and
-- cannot deadlock on them) and changed; the cells that do not are
-- inserted in key order, or merged into the cell a concurrent writer has
-- just inserted. A removal always finds its cell: the employee's row it
-- comes from was counted there when it was written.
CREATE FUNCTION "figures_employees_apply"(changes figures_employee_change[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cells figures_employee_cell[];
BEGIN
  cells := ARRAY(
    SELECT ROW(x.unit_id, x.status, x.profession_group, x.position_type, x.employment_type, x.gender,
               COALESCE(array_agg(x.person) FILTER (WHERE x.net > 0), '{}'),
               COALESCE(array_agg(x.person) FILTER (WHERE x.net < 0), '{}'))::figures_employee_cell
    FROM (SELECT r.unit_id, r.status, r.profession_group, r.position_type, r.employment_type, r.gender, r.person, SUM(r.sign) AS net
          FROM unnest(changes) AS r
          GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING SUM(r.sign) <> 0) x
    CROSS JOIN LATERAL generate_series(1, abs(x.net)) AS k
    GROUP BY x.unit_id, x.status, x.profession_group, x.position_type, x.employment_type, x.gender
    ORDER BY x.unit_id, x.status, x.profession_group, x.position_type, x.employment_type, x.gender);
  IF cardinality(cells) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM figures_employees f JOIN unnest(cells) c
    ON (f.unit_id, f.status, f.profession_group, f.position_type, f.employment_type, f.gender) = (c.unit_id, c.status, c.profession_group, c.position_type, c.employment_type, c.gender)
  ORDER BY f.unit_id, f.status, f.profession_group, f.position_type, f.employment_type, f.gender FOR UPDATE OF f;
  UPDATE figures_employees f SET people = figures_people(f.people, c.added, c.removed) FROM unnest(cells) c
  WHERE (f.unit_id, f.status, f.profession_group, f.position_type, f.employment_type, f.gender) = (c.unit_id, c.status, c.profession_group, c.position_type, c.employment_type, c.gender);
  INSERT INTO figures_employees AS f (unit_id, status, profession_group, position_type, employment_type, gender, people)
  SELECT c.unit_id, c.status, c.profession_group, c.position_type, c.employment_type, c.gender, ARRAY(SELECT unnest(c.added) ORDER BY 1)
  FROM unnest(cells) c
  WHERE cardinality(c.added) > 0 AND NOT EXISTS (SELECT 1 FROM figures_employees e
    WHERE (e.unit_id, e.status, e.profession_group, e.position_type, e.employment_type, e.gender) = (c.unit_id, c.status, c.profession_group, c.position_type, c.employment_type, c.gender))
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (unit_id, status, profession_group, position_type, employment_type, gender)
  DO UPDATE SET people = figures_people(f.people, EXCLUDED.people, '{}');
END
$$;
-- The trigger of INSERT, UPDATE and DELETE: the old rows (o) count −1, the
-- new rows (n) +1; each event's trigger names only the tables it has.
CREATE FUNCTION "figures_employees_write"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes figures_employee_change[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    changes := ARRAY(SELECT ROW(unit_id, status, profession_group, position_type, employment_type, gender,
      figures_person(birth_date, cpns_date), -1)::figures_employee_change FROM o);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    changes := changes || ARRAY(SELECT ROW(unit_id, status, profession_group, position_type, employment_type, gender,
      figures_person(birth_date, cpns_date), 1)::figures_employee_change FROM n);
  END IF;
  PERFORM figures_employees_apply(changes);
  RETURN NULL;
END
$$;
CREATE FUNCTION "figures_employees_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM figures_employees;
  RETURN NULL;
END
$$;
CREATE TRIGGER "figures_employees_insert" AFTER INSERT ON "employees" REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_employees_write"();
CREATE TRIGGER "figures_employees_delete" AFTER DELETE ON "employees" REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "figures_employees_write"();
CREATE TRIGGER "figures_employees_update" AFTER UPDATE ON "employees" REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "figures_employees_write"();
CREATE TRIGGER "figures_employees_truncate" AFTER TRUNCATE ON "employees" FOR EACH STATEMENT EXECUTE FUNCTION "figures_employees_truncate"();
-- The figures of the employees already there.
INSERT INTO "figures_employees" ("unit_id", "status", "profession_group", "position_type", "employment_type", "gender", "people")
SELECT unit_id, status, profession_group, position_type, employment_type, gender, array_agg(figures_person(birth_date, cpns_date) ORDER BY figures_person(birth_date, cpns_date))
FROM employees GROUP BY 1, 2, 3, 4, 5, 6;
-- The figures carry a change fingerprint of their own (the analytics
-- result cache serves only statements whose every table has one): it
-- changes exactly when a writer's trigger writes them.
INSERT INTO "change_base" ("tbl", "n") VALUES ('figures_employees', 0);
CREATE TRIGGER "change_fingerprint" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "figures_employees" FOR EACH STATEMENT EXECUTE FUNCTION "change_note"();
