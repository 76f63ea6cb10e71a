package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/internal/apitest"
	"simasn/internal/resultcache"
	"simasn/internal/server"
)

// cacheCase is one aggregate request as one viewer.
type cacheCase struct {
	name, as, query string
}

// cacheCases are aggregates of several builders, asked by every kind of
// viewer whose scope differs: the administrator, an analyst, the leader of
// the agency, the HR officer of the clinic's subtree and one of the
// agency's. trainingHours of two years differ in their arguments only.
func cacheCases() []cacheCase {
	queries := []struct{ name, query string }{
		{"employees/profession", `{ r: employeeAggregate(groupBy: [PROFESSION]) { key { value } count values { measure value } } }`},
		{"employees/unit", `{ r: employeeAggregate(groupBy: [UNIT], unitLevel: 1) { key { value label } count } }`},
		{"work-logs/month", `{ r: workLogAggregate(groupBy: [MONTH]) { key { value } count values { measure value } } }`},
		{"training-hours/2025", `{ r: trainingHours(year: 2025, groupBy: [REGION]) { key { value } employees compliant medianJp } }`},
		{"training-hours/2026", `{ r: trainingHours(year: 2026, groupBy: [REGION]) { key { value } employees compliant medianJp } }`},
		{"competency-gaps", `{ r: competencyGapSummary(groupBy: [COMPETENCY]) { key { value } requirements gaps employeesWithGap } }`},
	}
	var out []cacheCase
	for _, as := range []string{"admin", "analis", "kadis", "hr.selatan", "hr.utara"} {
		for _, q := range queries {
			out = append(out, cacheCase{name: as + "/" + q.name, as: as, query: q.query})
		}
	}
	return out
}

// cachePair is the instance under test (the cache on) and a reference
// instance on the same database with the cache off: what the reference
// answers is a fresh computation.
type cachePair struct {
	w        *statsWorld
	ref      *apitest.Server
	accounts map[string]*ent.Account
}

func newCachePair(t *testing.T, dsn string) *cachePair {
	t.Helper()
	w := newStatsWorld(t, dsn)
	w.s.MustAccount("hr.utara", "HR_OFFICER", w.agency, nil)
	ref := apitest.Start(t, dsn, func(o *server.Options) { o.MinGroupSize = 1 })
	ref.DB.AnalyticsCache.SetLimit(0)
	now := statsNow
	ref.Now.Store(&now)
	p := &cachePair{w: w, ref: ref, accounts: map[string]*ent.Account{}}
	for _, name := range []string{"analis", "kadis", "hr.selatan", "hr.utara"} {
		p.accounts[name] = apitest.Must(w.c.Account.Query().Where(account.Username(name)).Only(apitest.Sys()))(t)
	}
	p.accounts["admin"] = w.s.Admin
	return p
}

// ask returns the data of q asked of srv as the named viewer.
func (p *cachePair) ask(t *testing.T, srv *apitest.Server, as, query string) string {
	t.Helper()
	r := srv.AsAccount(p.accounts[as]).With(t).Do(query, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("%s as %s: errors %+v", query, as, r.Errors)
	}
	var v any // re-encoded, so that two answers compare as values
	if err := json.Unmarshal(r.Data, &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// answers asks every case of srv.
func (p *cachePair) answers(t *testing.T, srv *apitest.Server) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range cacheCases() {
		out[c.name] = p.ask(t, srv, c.as, c.query)
	}
	return out
}

// checkFresh asks every case of srv and of the reference and wants the same
// answers; it returns them.
func (p *cachePair) checkFresh(t *testing.T, srv *apitest.Server, when string) map[string]string {
	t.Helper()
	got, want := p.answers(t, srv), p.answers(t, p.ref)
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %s:\n got %s\nwant %s (the cache off)", when, name, got[name], w)
		}
	}
	return got
}

// TestAnalyticsCacheFresh checks that the analytics result cache answers
// as a fresh computation would, for every viewer's scope, after writes
// through the API (and through another instance), and not after a write
// rolled back or refused — and that a repeated request is really answered
// from it.
func TestAnalyticsCacheFresh(t *testing.T) {
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		p := newCachePair(t, dsn)
		s := p.w.s
		// A second instance with its cache on, on the same database.
		other := apitest.Start(t, dsn, func(o *server.Options) { o.MinGroupSize = 1 })
		now := statsNow
		other.Now.Store(&now)
		other = other.AsAccount(other.Admin) // a token of the moved clock

		first := p.checkFresh(t, s, "first")
		p.checkFresh(t, other, "first, other instance")

		// Different scopes never share an answer: the viewers see
		// different figures here, so a shared key would show.
		for _, q := range []string{"employees/profession", "training-hours/2025", "competency-gaps"} {
			if first["hr.selatan/"+q] == first["hr.utara/"+q] || first["admin/"+q] == first["kadis/"+q] {
				t.Errorf("%s: two scopes got the same answer, the test cannot tell them apart: %s", q, first["hr.selatan/"+q])
			}
		}
		if first["admin/training-hours/2025"] == first["admin/training-hours/2026"] {
			t.Errorf("training hours of 2025 and 2026 are equal, the test cannot tell the years apart")
		}

		// Repeated: answered from the cache; the only analytics
		// statements sent to the database read the fingerprints.
		for _, c := range cacheCases() {
			hits := s.DB.AnalyticsCache.Stats().Hits
			var sent []string
			var mu sync.Mutex
			stop := s.Trace(func(ctx context.Context, query string, _ any) {
				if resultcache.Marked(ctx) {
					mu.Lock()
					sent = append(sent, query)
					mu.Unlock()
				}
			})
			p.ask(t, s, c.as, c.query)
			stop()
			if h := s.DB.AnalyticsCache.Stats().Hits; h <= hits {
				t.Errorf("%s: a repeated request made no cache hit (hits %d → %d); stats %v", c.name, hits, h, s.DB.AnalyticsCache.Stats())
			}
			for _, q := range sent {
				if !strings.Contains(q, "change_base") {
					t.Errorf("%s: a repeated request ran %s", c.name, q)
				}
			}
		}

		// A write through the API changes the answers of the other
		// instance as of this one.
		e := p.w.employees[10]
		s.MustDo(nil, `mutation($id: ID!) { updateEmployee(id: $id, input: {professionGroup: HEALTH, educationLevel: S3}) { id } }`,
			map[string]any{"id": apitest.GID(e.ID)})
		if e.ProfessionGroup == "HEALTH" {
			t.Fatal("the fixture's employee is already in HEALTH: pick another")
		}
		afterUpdate := p.checkFresh(t, s, "after updateEmployee")
		p.checkFresh(t, other, "after updateEmployee, other instance")
		if afterUpdate["admin/employees/profession"] == first["admin/employees/profession"] {
			t.Errorf("updateEmployee changed no answer: the test cannot fail")
		}
		const logWork = `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id } }`
		entry := func(minutes int) map[string]any {
			return map[string]any{"input": map[string]any{
				"employeeID": apitest.GID(p.w.employees[2].ID), "date": "2026-06-12T00:00:00+07:00", "activity": "Menyusun laporan",
				"output": "laporan", "quantity": 1, "minutes": minutes,
			}}
		}
		other.MustDo(nil, logWork, entry(90)) // through the other instance
		afterLog := p.checkFresh(t, s, "after logWork through the other instance")
		if afterLog["admin/work-logs/month"] == afterUpdate["admin/work-logs/month"] {
			t.Errorf("logWork changed no answer: the test cannot fail")
		}

		// A refused write and a rolled-back one change nothing, and the
		// answers stay cached.
		other.MustFail("BAD_USER_INPUT", "minutes", logWork, entry(1400)) // 90 + 1400 > 1440
		tx := apitest.Must(p.w.c.Tx(apitest.Sys()))(t)
		if err := tx.Employee.UpdateOneID(p.w.employees[11].ID).SetProfessionGroup("HEALTH").Exec(apitest.Sys()); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(apitest.Sys(), `UPDATE work_logs SET minutes = minutes + 1`); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		hits := s.DB.AnalyticsCache.Stats().Hits
		afterRollback := p.checkFresh(t, s, "after a refused and a rolled-back write")
		for name, want := range afterLog {
			if afterRollback[name] != want {
				t.Errorf("%s changed after a rolled-back write:\n got %s\nwant %s", name, afterRollback[name], want)
			}
		}
		if h := s.DB.AnalyticsCache.Stats().Hits; h-hits < int64(len(afterLog)) {
			t.Errorf("after a rolled-back write %d of %d requests hit the cache: the rollback invalidated them", h-hits, len(afterLog))
		}
	})
}

// TestAnalyticsCacheOff checks that SetLimit(0) turns the cache off.
func TestAnalyticsCacheOff(t *testing.T) {
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		s := apitest.Start(t, dsn)
		s.DB.AnalyticsCache.SetLimit(0)
		q := `{ employeeAggregate(groupBy: [PROFESSION]) { count } }`
		s.MustDo(nil, q, nil)
		s.MustDo(nil, q, nil)
		if st := s.DB.AnalyticsCache.Stats(); st.Hits != 0 || st.Entries != 0 {
			t.Errorf("the cache is off, stats = %v; want no hit and no entry", st)
		}
	})
}

// TestChangeFingerprintCompaction writes from concurrent transactions (some
// rolled back, touching two tables in either order) while two compactors
// fold the change log: the fingerprints end exactly the committed writes
// higher, and never go down on the way.
func TestChangeFingerprintCompaction(t *testing.T) {
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		s := apitest.Start(t, dsn)
		ctx := apitest.Sys()
		r := s.MustRegion("18.71", false)
		u := s.MustUnit("1.02", nil, r)
		const writers, rounds = 4, 25
		var emps []*ent.Employee
		for range writers {
			emps = append(emps, s.MustEmployee(u))
		}
		fp := func() (map[string]int64, error) { return s.DB.ChangeFingerprints(ctx, "employees", "regions") }
		start := apitest.Must(fp())(t)

		var wg sync.WaitGroup
		errs := make(chan error, writers+3)
		for g := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range rounds {
					tx, err := s.DB.SQL.BeginTx(ctx, nil)
					if err != nil {
						errs <- err
						return
					}
					emp := fmt.Sprintf(`UPDATE employees SET name = name WHERE id = %d`, emps[g].ID)
					reg := fmt.Sprintf(`UPDATE regions SET name = name WHERE id = %d`, r.ID)
					stmts := []string{emp, reg}
					if g%2 == 1 {
						stmts = []string{reg, emp}
					}
					for _, q := range stmts {
						if _, err := tx.ExecContext(ctx, q); err != nil {
							tx.Rollback()
							errs <- err
							return
						}
					}
					if i%5 == 4 {
						err = tx.Rollback()
					} else {
						err = tx.Commit()
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		done := make(chan struct{})
		var bg sync.WaitGroup
		for range 2 {
			bg.Add(1)
			go func() {
				defer bg.Done()
				for {
					select {
					case <-done:
						return
					default:
					}
					if err := s.DB.CompactChanges(ctx); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		bg.Add(1)
		go func() { // a reader: the fingerprints never go down
			defer bg.Done()
			last := start
			for {
				select {
				case <-done:
					return
				default:
				}
				now, err := fp()
				if err != nil {
					errs <- err
					return
				}
				for tbl, n := range now {
					if n < last[tbl] {
						errs <- fmt.Errorf("the fingerprint of %s went down from %d to %d", tbl, last[tbl], n)
						return
					}
				}
				last = now
			}
		}()
		wg.Wait()
		close(done)
		bg.Wait()
		close(errs)
		var all []error
		for err := range errs {
			all = append(all, err)
		}
		if err := errors.Join(all...); err != nil {
			t.Fatal(err)
		}
		if err := s.DB.CompactChanges(ctx); err != nil {
			t.Fatal(err)
		}
		end := apitest.Must(fp())(t)
		// Each committed transaction counts once per table on PostgreSQL
		// (a statement-level log row per transaction), once per written
		// row on SQLite (a row-level counter): one row per table here.
		committed := int64(writers * rounds * 4 / 5)
		for _, tbl := range []string{"employees", "regions"} {
			if got, want := end[tbl]-start[tbl], committed; got != want {
				t.Errorf("%s: the fingerprint grew by %d, want %d (the committed transactions)", tbl, got, want)
			}
		}
	})
}
