package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"simasn/ent"
	"simasn/ent/competency"
	"simasn/internal/apitest"
	"simasn/internal/testdb"
)

// inServiceWhere selects exactly the employees in service, which every
// competency-gap summary counts anyway: asked with it, a summary cannot
// be answered from the figures kept by the writers and runs the statement
// over the employees (gapSummarySQL) — the answer to compare with.
const inServiceWhere = `where: {or: [{status: ACTIVE}, {status: ON_LEAVE}]}`

// gapSummaryFields are the fields the figure tests compare.
const gapSummaryFields = `{ key { value label } requirements assessed met gaps unassessed employeesWithGap averageGap trainings { id } }`

// compareGapFigures asks competencyGapSummary(args) as as with and without
// inServiceWhere and fails when the answers differ; on PostgreSQL it also
// fails when the first did not read the figures (viaFigures) or did.
func compareGapFigures(t *testing.T, step string, as *apitest.Server, dia, args string, viaFigures bool) {
	t.Helper()
	var read atomic.Bool
	stop := as.Trace(func(_ context.Context, q string, _ any) {
		if strings.Contains(q, "figures_competency_gap") {
			read.Store(true)
		}
	})
	call := `competencyGapSummary`
	if args != "" {
		call += `(` + args + `)`
	}
	fast := as.Do(`{ r: `+call+` `+gapSummaryFields+` }`, nil)
	stop()
	sep := ", "
	if args == "" {
		sep = ""
	}
	slow := as.Do(`{ r: competencyGapSummary(`+args+sep+inServiceWhere+`) `+gapSummaryFields+` }`, nil)
	if len(fast.Errors) > 0 || len(slow.Errors) > 0 {
		t.Fatalf("%s (%s): errors %+v %+v", step, args, fast.Errors, slow.Errors)
	}
	if !bytes.Equal(fast.Data, slow.Data) {
		t.Errorf("%s (%s): from the figures\n%s\nfrom the employees\n%s", step, args, fast.Data, slow.Data)
	}
	if dia == "postgres" && read.Load() != viaFigures {
		t.Errorf("%s (%s): read the figures = %v, want %v", step, args, read.Load(), viaFigures)
	}
	if bytes.Equal(fast.Data, []byte(`{"r":[]}`)) {
		t.Errorf("%s (%s): no group at all", step, args)
	}
}

// figureMismatches compares the figures kept by the writers with their
// recomputation from the sources (employees, competency_requirements,
// current_competencies) and returns the rows that differ, either way.
func figureMismatches(db *sql.DB) ([]string, error) {
	return testdb.Mismatches(db,
		testdb.Recomputed{Name: "figures_competency_gaps", Want: `SELECT e.unit_id, e.status, r.competency_id, count(*), count(ca.level),
  count(*) FILTER (WHERE ca.level < r.level), coalesce(sum(r.level - ca.level) FILTER (WHERE ca.level < r.level), 0)
FROM employees e JOIN competency_requirements r ON r.position_name = e.position_name
LEFT JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = r.competency_id
GROUP BY e.unit_id, e.status, r.competency_id`,
			Got: `SELECT unit_id, status, competency_id, requirements, assessed, gaps, short FROM figures_competency_gaps
WHERE requirements <> 0 OR assessed <> 0 OR gaps <> 0 OR short <> 0`},
		testdb.Recomputed{Name: "figures_competency_gap_employees", Want: `SELECT e.id, count(*)
FROM employees e JOIN competency_requirements r ON r.position_name = e.position_name
JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = r.competency_id AND ca.level < r.level
GROUP BY e.id`, Got: `SELECT employee_id, gaps FROM figures_competency_gap_employees WHERE gaps <> 0`},
		testdb.Recomputed{Name: "figures_competency_gap_units", Want: `SELECT e.unit_id, e.status, count(DISTINCT e.id)
FROM employees e JOIN competency_requirements r ON r.position_name = e.position_name
JOIN current_competencies ca ON ca.employee_id = e.id AND ca.competency_id = r.competency_id AND ca.level < r.level
GROUP BY e.unit_id, e.status`, Got: `SELECT unit_id, status, employees FROM figures_competency_gap_units WHERE employees <> 0`},
	)
}

// checkFigures fails when the figures differ from their recomputation
// (PostgreSQL; SQLite keeps none).
func checkFigures(t *testing.T, step, dia string, db *sql.DB) {
	t.Helper()
	if dia != "postgres" {
		return
	}
	bad, err := figureMismatches(db)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	for _, b := range bad {
		t.Errorf("%s: %s", step, b)
	}
}

// TestCompetencyGapFiguresConsistent writes through the API (assessments,
// a later one replacing the current level and an earlier one not,
// requirements created and changed in level, competency and position,
// employees created, transferred, moved to another position, out of
// service and back) and by bulk statements (several employees moved at
// once, requirements and levels changed and deleted together, an employee
// deleted, the levels truncated), and after each step checks that the
// figures equal their recomputation from the sources and that every
// summary the figures answer equals the statement over the employees —
// as an admin, a leader of an agency, an HR officer working in it, and an
// HR officer working outside the subtree he oversees (whose rows include
// himself: the figures cannot answer, the statement runs).
func TestCompetencyGapFiguresConsistent(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dia, dsn string) {
		s := apitest.Start(t, dsn)
		ctx, c, db := apitest.Sys(), s.DB.Client, s.DB.SQL
		r, far := s.MustRegion("18.75", false), s.MustRegion("18.76", true)
		g := s.MustUnit("4.01", nil, r)
		g1, g2 := s.MustUnit("4.01.01", g, r), s.MustUnit("4.01.02", g, r)
		h := s.MustUnit("4.02", nil, far)
		const p1, p2, p3 = "Analis Kepegawaian Ahli Pertama", "Perawat Ahli Pertama", "Pranata Komputer Ahli Muda"
		at := func(p string) apitest.EmployeeOption { return func(e *ent.EmployeeCreate) { e.SetPositionName(p) } }
		var ks []*ent.Competency
		for i := 1; i <= 3; i++ {
			ks = append(ks, apitest.Must(c.Competency.Create().SetCode(fmt.Sprintf("F-%d", i)).SetName(fmt.Sprintf("Kompetensi %d", i)).
				SetKind(competency.KindTECHNICAL).Save(ctx))(t))
		}
		k := func(i int) string { return apitest.GID(ks[i].ID) }
		require := func(pos string, comp, level int) string {
			var out struct{ CreateCompetencyRequirement struct{ ID string } }
			s.MustDo(&out, `mutation($p: String!, $c: ID!, $l: Int!) { createCompetencyRequirement(input: {positionName: $p, competencyID: $c, level: $l}) { id } }`,
				map[string]any{"p": pos, "c": k(comp), "l": level})
			return out.CreateCompetencyRequirement.ID
		}
		assess := func(e *ent.Employee, comp, level int, when string) {
			s.MustDo(nil, `mutation($e: ID!, $c: ID!, $l: Int!, $at: Time!) { recordCompetencyAssessment(input: {employeeID: $e, competencyID: $c, level: $l, assessedAt: $at}) { id } }`,
				map[string]any{"e": apitest.GID(e.ID), "c": k(comp), "l": level, "at": when})
		}
		leader := s.AsAccount(s.MustAccount("leader.g", "LEADER", g, nil))
		inside := s.MustEmployee(g2, at(p3))
		hrInside := s.AsAccount(s.MustAccount("hr.g", "HR_OFFICER", g, inside))
		outside := s.MustEmployee(h, at(p1))
		hrOutside := s.AsAccount(s.MustAccount("hr.g.h", "HR_OFFICER", g, outside))
		check := func(step string) {
			t.Helper()
			checkFigures(t, step, dia, db)
			for _, args := range []string{"groupBy: [COMPETENCY]", "groupBy: [UNIT], unitLevel: 0", "groupBy: [UNIT]",
				"groupBy: [UNIT, COMPETENCY], unitLevel: 1", "groupBy: [REGION, STATUS]", "groupBy: [REMOTE]", "groupBy: []", ""} {
				compareGapFigures(t, step, s, dia, args, true)
			}
			for _, args := range []string{"groupBy: [COMPETENCY]", "groupBy: [UNIT]"} {
				compareGapFigures(t, step+", leader", leader, dia, args, true)
				compareGapFigures(t, step+", HR officer inside", hrInside, dia, args, true)
				compareGapFigures(t, step+", HR officer outside", hrOutside, dia, args, false)
			}
			// Keys the figures are not kept by: the statement runs.
			compareGapFigures(t, step, s, dia, "groupBy: [PROFESSION, COMPETENCY]", false)
		}

		// P1 requires K0 at 3 and K1 at 2; P2 K0 at 4; P3 K2 at 3.
		r10 := require(p1, 0, 3)
		require(p1, 1, 2)
		r20 := require(p2, 0, 4)
		require(p3, 2, 3)
		e1, e2, e3 := s.MustEmployee(g1, at(p1)), s.MustEmployee(g1, at(p1)), s.MustEmployee(g2, at(p1))
		e4, e5 := s.MustEmployee(g2, at(p2)), s.MustEmployee(h, at(p2))
		check("employees and requirements")

		assess(e1, 0, 2, "2026-02-01T00:00:00Z")
		assess(e1, 1, 1, "2026-02-01T00:00:00Z")
		assess(e2, 0, 4, "2026-02-01T00:00:00Z")
		assess(e3, 0, 1, "2026-01-01T00:00:00Z")
		assess(e4, 0, 3, "2026-01-01T00:00:00Z")
		assess(e5, 0, 2, "2026-01-01T00:00:00Z")
		assess(inside, 2, 1, "2026-01-01T00:00:00Z")
		assess(outside, 0, 1, "2026-01-01T00:00:00Z")
		check("assessments")
		assess(e1, 0, 3, "2026-03-01T00:00:00Z") // later: e1 meets K0 now
		assess(e3, 0, 5, "2025-12-01T00:00:00Z") // earlier: e3 stays at 1
		assess(e4, 0, 1, "2026-01-01T00:00:00Z") // same time, recorded later: replaces
		check("later and earlier assessments")

		s.MustDo(nil, `mutation($id: ID!) { updateCompetencyRequirement(id: $id, input: {level: 5}) { id } }`, map[string]any{"id": r10})
		check("a requirement's level")
		s.MustDo(nil, `mutation($id: ID!, $c: ID!) { updateCompetencyRequirement(id: $id, input: {competencyID: $c}) { id } }`, map[string]any{"id": r20, "c": k(1)})
		check("a requirement's competency")
		s.MustDo(nil, `mutation($id: ID!) { updateCompetencyRequirement(id: $id, input: {positionName: "`+p3+`"}) { id } }`, map[string]any{"id": r20})
		check("a requirement's position")
		require(p2, 0, 2)
		check("a requirement added")

		s.MustDo(nil, `mutation($in: TransferEmployeeInput!) { transferEmployee(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"employeeID": apitest.GID(e1.ID), "toUnitID": apitest.GID(h.ID), "decree": decree()}})
		check("a transfer")
		s.MustDo(nil, `mutation($in: ChangeEmployeePositionInput!) { changeEmployeePosition(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"employeeID": apitest.GID(e2.ID), "positionName": p2, "positionType": "PELAKSANA", "decree": decree()}})
		check("a change of position")
		for _, st := range []string{"SUSPENDED", "ON_LEAVE"} {
			s.MustDo(nil, `mutation($in: ChangeEmployeeStatusInput!) { changeEmployeeStatus(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"employeeID": apitest.GID(e3.ID), "status": st, "decree": decree()}})
			check("status " + st)
		}
		e6 := s.MustEmployee(g1, at(p2))
		assess(e6, 0, 1, "2026-01-01T00:00:00Z")
		check("an employee created")

		for _, q := range []string{
			fmt.Sprintf(`UPDATE employees SET unit_id = %d WHERE unit_id = %d`, g2.ID, g1.ID),
			fmt.Sprintf(`UPDATE employees SET position_name = '%s' WHERE unit_id = %d AND position_name = '%s'`, p1, g2.ID, p2),
			fmt.Sprintf(`UPDATE competency_requirements SET level = level - 1 WHERE position_name IN ('%s', '%s')`, p1, p3),
			`UPDATE current_competencies SET level = 6 - level`,
			fmt.Sprintf(`DELETE FROM current_competencies WHERE employee_id = %d`, e2.ID),
			fmt.Sprintf(`DELETE FROM competency_requirements WHERE position_name = '%s'`, p3),
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			check(q)
		}
		gone := s.MustEmployee(g2, at(p1))
		if _, err := db.Exec(fmt.Sprintf(`INSERT INTO current_competencies (employee_id, competency_id, level, assessment_id, assessed_key) VALUES (%d, %d, 1, 0, 0)`, gone.ID, ks[1].ID)); err != nil {
			t.Fatal(err)
		}
		check("a level written directly")
		if _, err := db.Exec(fmt.Sprintf(`DELETE FROM employees WHERE id = %d`, gone.ID)); err != nil {
			t.Fatal(err)
		}
		check("an employee deleted")
		if dia == "postgres" {
			if _, err := db.Exec(`TRUNCATE current_competencies`); err != nil {
				t.Fatal(err)
			}
			checkFigures(t, "the levels truncated", dia, db)
		}
	})
}

// TestCompetencyGapFiguresConcurrent runs pairs of writers at once on two
// connections: the second statement starts while the first transaction
// is open, is seen waiting for one of its locks (or finishes, when it
// needs none), then the first commits and the second. Both must count,
// and the figures must equal their recomputation: two levels of the same
// unit, status and competency; an employee moved while a level of his is
// written, and the reverse; a requirement added to a position an employee
// is moving into; a requirement changed while a level is written.
func TestCompetencyGapFiguresConcurrent(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dia, dsn string) {
		if dia != "postgres" {
			return // SQLite keeps no figures and has one writer at a time
		}
		s := apitest.Start(t, dsn)
		ctx, c, db := apitest.Sys(), s.DB.Client, s.DB.SQL
		r := s.MustRegion("18.77", false)
		u, v := s.MustUnit("5.01", nil, r), s.MustUnit("5.02", nil, r)
		const p1, p2 = "Analis Kepegawaian Ahli Pertama", "Perawat Ahli Pertama"
		at := func(p string) apitest.EmployeeOption { return func(e *ent.EmployeeCreate) { e.SetPositionName(p) } }
		k := apitest.Must(c.Competency.Create().SetCode("C-1").SetName("Kompetensi").SetKind(competency.KindTECHNICAL).Save(ctx))(t)
		apitest.Check(c.CompetencyRequirement.Create().SetPositionName(p1).SetCompetencyID(k.ID).SetLevel(3).Exec(ctx))(t)
		level := func(e *ent.Employee) string {
			return fmt.Sprintf(`INSERT INTO current_competencies (employee_id, competency_id, level, assessment_id, assessed_key) VALUES (%d, %d, 1, 0, 0)`, e.ID, k.ID)
		}
		move := func(e *ent.Employee, to *ent.Unit) string {
			return fmt.Sprintf(`UPDATE employees SET unit_id = %d WHERE id = %d`, to.ID, e.ID)
		}
		var es []*ent.Employee
		for range 6 {
			es = append(es, s.MustEmployee(u, at(p1)))
		}
		for _, tc := range []struct{ name, first, second string }{
			{"two levels of one key", level(es[0]), level(es[1])},
			{"a move, then a level of the moved", move(es[2], v), level(es[2])},
			{"a level, then its employee moved", level(es[3]), move(es[3], v)},
			{"a move into a position, then a requirement of it", fmt.Sprintf(`UPDATE employees SET position_name = '%s' WHERE id = %d`, p2, es[4].ID),
				fmt.Sprintf(`INSERT INTO competency_requirements (position_name, competency_id, level) VALUES ('%s', %d, 4)`, p2, k.ID)},
			{"a level, then its requirement changed", level(es[5]), fmt.Sprintf(`UPDATE competency_requirements SET level = 5 WHERE position_name = '%s'`, p1)},
		} {
			concurrently(t, db, tc.name, tc.first, tc.second)
			checkFigures(t, tc.name, dia, db)
		}
		var assessed, gaps int
		apitest.Check(db.QueryRow(`SELECT sum(assessed), sum(gaps) FROM figures_competency_gaps`).Scan(&assessed, &gaps))(t)
		if assessed != 5 || gaps != 5 {
			t.Errorf("assessed %d, gaps %d: want the five levels of 1 below their requirements", assessed, gaps)
		}
	})
}

// concurrently runs first in a transaction, then second in another while
// the first is open; once the second waits for a lock of the first (it
// fails when the second finishes without waiting), commits the first,
// then the second.
func concurrently(t *testing.T, db *sql.DB, name, first, second string) {
	t.Helper()
	ctx := context.Background()
	tx1 := apitest.Must(db.BeginTx(ctx, nil))(t)
	defer tx1.Rollback() //nolint:errcheck // after Commit: a no-op
	if _, err := tx1.Exec(first); err != nil {
		t.Fatalf("%s: %s: %v", name, first, err)
	}
	tx2 := apitest.Must(db.BeginTx(ctx, nil))(t)
	defer tx2.Rollback() //nolint:errcheck // after Commit: a no-op
	var pid int
	apitest.Check(tx2.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid))(t)
	done := make(chan error, 1)
	go func() {
		_, err := tx2.Exec(second)
		done <- err
	}()
	var err2 error
	finished := false
	for waiting := false; !waiting && !finished; {
		select {
		case err2 = <-done:
			finished = true
		default:
			if err := db.QueryRow(`SELECT cardinality(pg_blocking_pids($1)) > 0`, pid).Scan(&waiting); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	if finished {
		// Every pair here reads or writes what the other does: the second
		// must wait for the first's locks.
		t.Errorf("%s: %s did not wait for %s", name, second, first)
	}
	apitest.Check(tx1.Commit())(t)
	if !finished {
		err2 = <-done
	}
	if err2 != nil {
		t.Fatalf("%s: %s: %v", name, second, err2)
	}
	apitest.Check(tx2.Commit())(t)
}
