package analytics_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/analytics"
	"simasn/internal/apitest"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// figureSpecs are work-log aggregates the figures answer (and one they do
// not: by unit, which runs the statement both ways).
var figureSpecs = []analytics.Spec{
	{GroupBy: []analytics.Dimension{analytics.Month, analytics.Profession}},
	{GroupBy: []analytics.Dimension{analytics.Profession, analytics.Year}, Measures: []analytics.Measure{analytics.P90Minutes, analytics.Employees, analytics.MaxMinutes}},
	{GroupBy: []analytics.Dimension{analytics.Quarter}, Measures: []analytics.Measure{analytics.AverageMinutes, analytics.TotalMinutes, analytics.MedianMinutes}},
	{},
	{GroupBy: []analytics.Dimension{analytics.Unit, analytics.Month}},
}

func analyst() context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Username: "analyst", Role: viewer.Analyst})
}

// sameAnswers checks that the work-log aggregates of figureSpecs read from
// the figures equal those of the aggregate's own statement.
func sameAnswers(t *testing.T, c *ent.Client, now time.Time) {
	t.Helper()
	for _, spec := range figureSpecs {
		for name, ctx := range map[string]context.Context{"analyst": analyst(), "system": viewer.System(context.Background())} {
			got, errGot := analytics.WorkLogAggregate(ctx, c, nil, spec, now)
			want, errWant := analytics.WorkLogAggregateByStatement(ctx, c, nil, spec, now)
			if fmt.Sprint(errGot) != fmt.Sprint(errWant) {
				t.Errorf("%s %v: error %v from the figures, %v by the statement", name, spec.GroupBy, errGot, errWant)
			}
			if g, w := dump(got), dump(want); g != w {
				t.Errorf("%s %v %v: from the figures\n%s\nby the statement\n%s", name, spec.GroupBy, spec.Measures, g, w)
			}
		}
	}
}

func dump(groups []*analytics.Group) string {
	s := ""
	for _, g := range groups {
		for _, k := range g.Key {
			s += fmt.Sprintf("%s=%s/%s ", k.Dimension, deref(k.Value), deref(k.Label))
		}
		s += fmt.Sprintf("n=%d sup=%v", g.Count, g.Suppressed)
		for _, v := range g.Values {
			if v.Value == nil {
				s += fmt.Sprintf(" %s=nil", v.Measure)
			} else {
				s += fmt.Sprintf(" %s=%v", v.Measure, *v.Value)
			}
		}
		s += "\n"
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// workLogDrift returns the rows in which the work-log figures differ from
// their recomputation from the work logs and the employees (none when
// exact).
func workLogDrift(t *testing.T, db *sql.DB) []string {
	t.Helper()
	return drift(t, db,
		testdb.Recomputed{Name: "figures_work_logs",
			Want: `SELECT e.profession_group, figures_ym(w.date) AS ym, w.minutes, COUNT(*) AS n FROM work_logs w JOIN employees e ON e.id = w.employee_id GROUP BY 1, 2, 3`,
			Got:  `SELECT profession_group, ym, minutes, n FROM figures_work_logs WHERE n <> 0`},
		testdb.Recomputed{Name: "figures_work_log_people",
			Want: `SELECT w.employee_id, figures_ym(w.date) AS ym, e.profession_group, COUNT(*) AS n FROM work_logs w JOIN employees e ON e.id = w.employee_id GROUP BY 1, 2, 3`,
			Got:  `SELECT employee_id, ym, profession_group, n FROM figures_work_log_people WHERE n <> 0`})
}

// drift runs testdb.Mismatches, failing the test on an error.
func drift(t *testing.T, db *sql.DB, checks ...testdb.Recomputed) []string {
	t.Helper()
	d, err := testdb.Mismatches(db, checks...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWorkLogFiguresOnScale compares the figures' answers with the
// statement's on the scale dataset of the benchmarks (skipped without
// SIMASN_BENCH_DATABASE_URL): read only.
func TestWorkLogFiguresOnScale(t *testing.T) {
	db := scaleDB(t)
	if d := workLogDrift(t, db.SQL); len(d) != 0 {
		t.Errorf("the figures differ from the work logs: %v", d)
	}
	sameAnswers(t, db.Client, time.Now())
}

// TestWorkLogFiguresConsistency: after work logs written through the API
// (created, verified), employees changing profession group through the
// API, and bulk statements (moving logs between employees and months,
// changing minutes, deleting, changing many professions at once), the
// figures equal their recomputation from the sources and the aggregate's
// answers from them equal the statement's. PostgreSQL only (the figures
// are PostgreSQL's).
func TestWorkLogFiguresConsistency(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
	boss := s.MustEmployee(u, apitest.WithProfession(employee.ProfessionGroupADMINISTRATIVE))
	var emps []*ent.Employee
	for _, p := range []employee.ProfessionGroup{employee.ProfessionGroupHEALTH, employee.ProfessionGroupHEALTH, employee.ProfessionGroupEDUCATION, employee.ProfessionGroupFINANCE} {
		emps = append(emps, s.MustEmployee(u, apitest.WithSuperior(boss), apitest.WithProfession(p)))
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	const logWork = `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id } }`
	var ids []string
	for i, e := range emps {
		for d, minutes := range []int{60, 90, 60, 120 + i} {
			var got struct{ LogWork struct{ ID string } }
			s.MustDo(&got, logWork, map[string]any{"input": map[string]any{
				"employeeID": apitest.GID(e.ID), "date": today.AddDate(0, 0, -d).Format(time.RFC3339), "activity": "Menyusun laporan kepegawaian",
				"output": "laporan", "quantity": 1, "minutes": minutes,
			}})
			ids = append(ids, got.LogWork.ID)
		}
	}
	check := func(step string) {
		t.Helper()
		if d := workLogDrift(t, s.DB.SQL); len(d) != 0 {
			t.Fatalf("after %s: the figures differ from the work logs: %v", step, d)
		}
		sameAnswers(t, s.DB.Client, time.Now())
	}
	check("creating logs")
	var v struct{ VerifyWorkLog struct{ Status string } }
	s.MustDo(&v, `mutation($id: ID!) { verifyWorkLog(id: $id, approve: true) { status } }`, map[string]any{"id": ids[0]})
	check("verifying a log")
	var up struct{ UpdateEmployee struct{ ID string } }
	s.MustDo(&up, `mutation($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { id } }`,
		map[string]any{"id": apitest.GID(emps[0].ID), "input": map[string]any{"professionGroup": "LEGAL"}})
	check("an employee changing profession group")
	for _, stmt := range []string{
		`UPDATE work_logs SET minutes = minutes + 15 WHERE id % 2 = 0`,
		`UPDATE work_logs SET date = date - INTERVAL '40 days' WHERE id % 3 = 0`,
		fmt.Sprintf(`UPDATE work_logs SET employee_id = %d WHERE employee_id = %d`, emps[3].ID, emps[2].ID),
		fmt.Sprintf(`UPDATE employees SET profession_group = CASE WHEN profession_group = 'HEALTH' THEN 'FINANCE' ELSE 'HEALTH' END WHERE id <> %d`, boss.ID),
		`UPDATE employees SET name = name || ' '`,
		`DELETE FROM work_logs WHERE id % 5 = 0`,
		`INSERT INTO work_logs (created_at, updated_at, date, activity, output, quantity, minutes, status, employee_id)
		   SELECT now(), now(), date - INTERVAL '1 day', activity, output, quantity, minutes, status, employee_id FROM work_logs`,
	} {
		if _, err := s.DB.SQL.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		check(stmt)
	}
	if _, err := s.DB.SQL.Exec(`TRUNCATE work_logs`); err != nil {
		t.Fatal(err)
	}
	check("TRUNCATE")
}

// TestWorkLogFiguresConcurrentWriters: two transactions adding to the same
// figures at once both count; an employee changing profession while a log
// of theirs is being written waits for it and moves it. The second
// writer is seen blocked on the first's lock (pg_stat_activity) before the
// first commits.
func TestWorkLogFiguresConcurrentWriters(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
	a := s.MustEmployee(u, apitest.WithProfession(employee.ProfessionGroupHEALTH))
	b := s.MustEmployee(u, apitest.WithProfession(employee.ProfessionGroupHEALTH))
	c := s.MustEmployee(u, apitest.WithProfession(employee.ProfessionGroupHEALTH))
	day := time.Now().UTC().Truncate(24 * time.Hour)
	insert := func(tx *sql.Tx, e *ent.Employee) error {
		_, err := tx.Exec(`INSERT INTO work_logs (created_at, updated_at, date, activity, output, quantity, minutes, status, employee_id)
			VALUES (now(), now(), $1, 'Rapat', 'notulen', 1, 75, 'SUBMITTED', $2)`, day, e.ID)
		return err
	}
	blockedBehind := func(first *ent.Employee, second func(tx *sql.Tx) error) {
		t.Helper()
		writersInTurn(t, s.DB.SQL, func(tx *sql.Tx) error { return insert(tx, first) }, second)
	}
	blockedBehind(a, func(tx *sql.Tx) error { return insert(tx, b) })
	var n int
	apitest.Check(s.DB.SQL.QueryRow(`SELECT COALESCE(SUM(n), 0) FROM figures_work_logs WHERE profession_group = 'HEALTH' AND minutes = 75`).Scan(&n))(t)
	if n != 2 {
		t.Errorf("HEALTH logs of 75 minutes = %d, want 2 (one per writer)", n)
	}
	// c has no log yet: only the lock on c makes the move wait for the log.
	blockedBehind(c, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE employees SET profession_group = 'LEGAL' WHERE id = $1`, c.ID)
		return err
	})
	apitest.Check(s.DB.SQL.QueryRow(`SELECT COALESCE(SUM(n), 0) FROM figures_work_logs WHERE profession_group = 'LEGAL' AND minutes = 75`).Scan(&n))(t)
	if n != 1 {
		t.Errorf("LEGAL logs of 75 minutes = %d, want 1 (c's log, written meanwhile)", n)
	}
	if d := workLogDrift(t, s.DB.SQL); len(d) != 0 {
		t.Errorf("the figures differ from the work logs: %v", d)
	}
}

// appraisalDrift returns the rows in which figures_appraisals differs
// from its recomputation from the appraisals and the employees (none when
// exact).
func appraisalDrift(t *testing.T, db *sql.DB) []string {
	t.Helper()
	return drift(t, db, testdb.Recomputed{Name: "figures_appraisals",
		Want: `SELECT e.unit_id, a.period_start, a.period_kind, a.period, a.status, COALESCE(a.predicate, '') AS predicate, COUNT(*) AS n
        FROM appraisals a JOIN employees e ON e.id = a.appraisee_id GROUP BY 1, 2, 3, 4, 5, 6`,
		Got: `SELECT unit_id, period_start, period_kind, period, status, predicate, n FROM figures_appraisals WHERE n <> 0`})
}

// distributionSpecs are predicate distributions the figures answer (the
// benchmark's by agency among them) and one they do not (by gender).
var distributionSpecs = []struct {
	groupBy []analytics.Dimension
	level   *int
}{
	{nil, nil},
	{[]analytics.Dimension{analytics.Unit, analytics.Year, analytics.PeriodKind}, ptr(0)},
	{[]analytics.Dimension{analytics.Unit, analytics.Quarter, analytics.Status}, ptr(1)},
	{[]analytics.Dimension{analytics.Month, analytics.Period, analytics.Unit}, nil},
	{[]analytics.Dimension{analytics.Year}, nil},
	{[]analytics.Dimension{analytics.Gender, analytics.Year}, nil},
}

// sameDistributions checks that the predicate distributions of
// distributionSpecs read from the figures equal the statement's.
func sameDistributions(t *testing.T, c *ent.Client, now time.Time) {
	t.Helper()
	for _, spec := range distributionSpecs {
		for name, ctx := range map[string]context.Context{"analyst": analyst(), "system": viewer.System(context.Background())} {
			got, errGot := analytics.PredicateDistributions(ctx, c, nil, spec.groupBy, spec.level, now)
			want, errWant := analytics.PredicateDistributionsByStatement(ctx, c, nil, spec.groupBy, spec.level, now)
			if fmt.Sprint(errGot) != fmt.Sprint(errWant) {
				t.Errorf("%s %v: error %v from the figures, %v by the statement", name, spec.groupBy, errGot, errWant)
			}
			if g, w := dumpDistributions(got), dumpDistributions(want); g != w {
				t.Errorf("%s %v: from the figures\n%s\nby the statement\n%s", name, spec.groupBy, g, w)
			}
		}
	}
}

func dumpDistributions(ds []*analytics.PredicateDistribution) string {
	s := ""
	for _, d := range ds {
		for _, k := range d.Key {
			s += fmt.Sprintf("%s=%s/%s ", k.Dimension, deref(k.Value), deref(k.Label))
		}
		s += fmt.Sprintf("total=%d rated=%d", d.Total, d.Rated)
		for _, p := range d.Predicates {
			s += fmt.Sprintf(" %s=%d", p.Predicate, p.Count)
			if p.Share != nil {
				s += fmt.Sprintf("/%v", *p.Share)
			}
		}
		s += "\n"
	}
	return s
}

// TestAppraisalFiguresOnScale compares the figures' predicate
// distributions with the statement's on the scale dataset (skipped without
// SIMASN_BENCH_DATABASE_URL): read only.
func TestAppraisalFiguresOnScale(t *testing.T) {
	db := scaleDB(t)
	if d := appraisalDrift(t, db.SQL); len(d) != 0 {
		t.Errorf("the figures differ from the appraisals: %v", d)
	}
	sameDistributions(t, db.Client, time.Now())
}

// TestAppraisalFiguresConsistency: after appraisals written through the
// API (created, rated, submitted, approved), an appraisee moving unit
// through the API, and bulk statements (moving many employees, changing
// predicates and periods, deleting), figures_appraisals equals its
// recomputation and the distributions from it equal the statement's.
func TestAppraisalFiguresConsistency(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	r := s.MustRegion("18.71", false)
	top := s.MustUnit("1", nil, r)
	u1, u2 := s.MustUnit("1.01", top, r), s.MustUnit("1.02", top, r)
	other := s.MustUnit("2", nil, r)
	boss := s.MustEmployee(u1)
	var emps []*ent.Employee
	for _, u := range []*ent.Unit{u1, u1, u2, other} {
		emps = append(emps, s.MustEmployee(u, apitest.WithSuperior(boss)))
	}
	const create = `mutation($input: CreateAppraisalInput!) { createAppraisal(input: $input) { id } }`
	ratings := []string{"ABOVE", "MEETS", "BELOW"}
	var ids []string
	for i, e := range emps {
		for j, period := range []map[string]any{{"periodKind": "ANNUAL", "year": 2025}, {"periodKind": "QUARTERLY", "year": 2026, "period": 1 + i%4}} {
			input := map[string]any{"appraiseeID": apitest.GID(e.ID), "appraiserID": apitest.GID(boss.ID)}
			for k, v := range period {
				input[k] = v
			}
			if j == 0 || i%2 == 0 { // some stay unrated
				input["resultsRating"], input["behaviourRating"] = ratings[i%3], ratings[(i+j)%3]
			}
			var got struct{ CreateAppraisal struct{ ID string } }
			s.MustDo(&got, create, map[string]any{"input": input})
			ids = append(ids, got.CreateAppraisal.ID)
		}
	}
	check := func(step string) {
		t.Helper()
		if d := appraisalDrift(t, s.DB.SQL); len(d) != 0 {
			t.Fatalf("after %s: the figures differ from the appraisals: %v", step, d)
		}
		sameDistributions(t, s.DB.Client, time.Now())
	}
	check("creating appraisals")
	var done struct{ SubmitAppraisal struct{ ID string } }
	s.MustDo(&done, `mutation($id: ID!) { submitAppraisal(id: $id) { id } }`, map[string]any{"id": ids[0]})
	var ok struct{ ApproveAppraisal struct{ ID string } }
	s.MustDo(&ok, `mutation($id: ID!) { approveAppraisal(id: $id) { id } }`, map[string]any{"id": ids[0]})
	var upd struct{ UpdateAppraisal struct{ ID string } }
	s.MustDo(&upd, `mutation($id: ID!, $input: UpdateAppraisalInput!) { updateAppraisal(id: $id, input: $input) { id } }`,
		map[string]any{"id": ids[3], "input": map[string]any{"resultsRating": "BELOW", "behaviourRating": "BELOW"}})
	check("submitting, approving and rating")
	var moved struct{ TransferEmployee struct{ ID string } }
	s.MustDo(&moved, `mutation($input: TransferEmployeeInput!) { transferEmployee(input: $input) { id } }`,
		map[string]any{"input": map[string]any{"employeeID": apitest.GID(emps[0].ID), "toUnitID": apitest.GID(other.ID),
			"decree": map[string]any{"number": "821.2/45/III.04/2026", "date": "2026-01-05T00:00:00Z", "effectiveDate": "2026-02-01T00:00:00Z"}}})
	check("an appraisee moving unit")
	for _, stmt := range []string{
		fmt.Sprintf(`UPDATE employees SET unit_id = CASE WHEN unit_id = %d THEN %d ELSE %d END`, u1.ID, u2.ID, u1.ID),
		`UPDATE employees SET name = name || ' '`,
		`UPDATE appraisals SET predicate = NULL WHERE id % 2 = 0`,
		`UPDATE appraisals SET period_start = period_start - INTERVAL '1 month', status = 'SUBMITTED' WHERE id % 3 = 0`,
		`DELETE FROM appraisals WHERE id % 4 = 0`,
	} {
		if _, err := s.DB.SQL.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		check(stmt)
	}
	if _, err := s.DB.SQL.Exec(`TRUNCATE appraisals`); err != nil {
		t.Fatal(err)
	}
	check("TRUNCATE")
}

// writersInTurn runs first in a transaction left open, then second in
// another transaction on its own connection, waits until second is blocked
// on a lock (pg_stat_activity), commits first and then second; a second
// writer that does not wait is an error.
func writersInTurn(t *testing.T, db *sql.DB, first, second func(tx *sql.Tx) error) {
	t.Helper()
	ctx := context.Background()
	t1 := apitest.Must(db.BeginTx(ctx, nil))(t)
	if err := first(t1); err != nil {
		t.Fatal(err)
	}
	conn := apitest.Must(db.Conn(ctx))(t)
	defer conn.Close()
	var pid int
	apitest.Check(conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid))(t)
	t2 := apitest.Must(conn.BeginTx(ctx, nil))(t)
	done := make(chan error, 1)
	go func() {
		if err := second(t2); err != nil {
			t2.Rollback()
			done <- err
			return
		}
		done <- t2.Commit()
	}()
	finished := false
	for !finished { // until the second waits on the first's lock
		select {
		case err := <-done:
			finished = true
			t.Errorf("the second writer did not wait for the first (err %v)", err)
			continue
		default:
		}
		var waiting bool
		apitest.Check(db.QueryRow(`SELECT COALESCE(wait_event_type = 'Lock', false) FROM pg_stat_activity WHERE pid = $1`, pid).Scan(&waiting))(t)
		if waiting {
			break
		}
	}
	apitest.Check(t1.Commit())(t)
	if !finished {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestAppraisalFiguresConcurrentWriters: two transactions counting
// appraisals under the same key both count; an appraisee moving unit while
// their first appraisal is being written waits for it and moves it.
func TestAppraisalFiguresConcurrentWriters(t *testing.T) {
	s := apitest.Start(t, testdb.Postgres(t))
	r := s.MustRegion("18.71", false)
	u, v := s.MustUnit("1", nil, r), s.MustUnit("2", nil, r)
	boss := s.MustEmployee(u)
	a, b, c := s.MustEmployee(u), s.MustEmployee(u), s.MustEmployee(u)
	insert := func(e *ent.Employee) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO appraisals (created_at, updated_at, period_kind, year, period, period_start, period_end, status, appraisee_id, appraiser_id)
				VALUES (now(), now(), 'ANNUAL', 2025, 0, '2025-01-01T00:00:00+07:00', '2025-12-31T23:59:59+07:00', 'DRAFT', $1, $2)`, e.ID, boss.ID)
			return err
		}
	}
	count := func(unitID int) int {
		var n int
		apitest.Check(s.DB.SQL.QueryRow(`SELECT COALESCE(SUM(n), 0) FROM figures_appraisals WHERE unit_id = $1 AND period_kind = 'ANNUAL'`, unitID).Scan(&n))(t)
		return n
	}
	writersInTurn(t, s.DB.SQL, insert(a), insert(b))
	if n := count(u.ID); n != 2 {
		t.Errorf("annual appraisals in unit 1 = %d, want 2 (one per writer)", n)
	}
	// c has no appraisal yet: only the lock on c makes the move wait.
	writersInTurn(t, s.DB.SQL, insert(c), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE employees SET unit_id = $1 WHERE id = $2`, v.ID, c.ID)
		return err
	})
	if n := count(v.ID); n != 1 {
		t.Errorf("annual appraisals in unit 2 = %d, want 1 (c's, written meanwhile)", n)
	}
	if d := appraisalDrift(t, s.DB.SQL); len(d) != 0 {
		t.Errorf("the figures differ from the appraisals: %v", d)
	}
}

// scaleDB opens the scale dataset of the benchmarks
// (SIMASN_BENCH_DATABASE_URL), or skips the test without it.
func scaleDB(t *testing.T) *store.DB {
	t.Helper()
	dsn := os.Getenv("SIMASN_BENCH_DATABASE_URL")
	if dsn == "" {
		t.Skip("SIMASN_BENCH_DATABASE_URL not set")
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
