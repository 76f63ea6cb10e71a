package server_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/competency"
	"simasn/ent/currentcompetency"
	"simasn/internal/apitest"
)

// TestCurrentCompetencyIsTheLatest checks the stored current level behind
// the competency reports (internal/analytics.KeepCurrentCompetencies): an
// assessment recorded later but dated earlier does not replace a later one;
// one at the same time does (the last recorded counts); a mutation that
// fails rolls its assessment and the current level back together; writers
// racing on one pair leave the latest of the committed ones, one row.
// The level is read through competencyGapSummary: the position requires
// level 5, so the average gap of the one pair is 5 − the current level.
func TestCurrentCompetencyIsTheLatest(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		ctx, c := apitest.Sys(), s.DB.Client
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		const pos = "Perawat Ahli Madya"
		k := apitest.Must(c.Competency.Create().SetCode("K-1").SetName("Kompetensi 1").SetKind(competency.KindTECHNICAL).Save(ctx))(t)
		apitest.Check(c.CompetencyRequirement.Create().SetPositionName(pos).SetCompetencyID(k.ID).SetLevel(5).Exec(ctx))(t)
		e := s.MustEmployee(u, func(e *ent.EmployeeCreate) { e.SetPositionName(pos) })
		hr := s.AsAccount(s.MustAccount("hr.current", "HR_OFFICER", u, nil))
		analyst := s.AsAccount(s.MustAccount("analyst.current", "ANALYST", nil, nil))
		input := func(level int, at time.Time) map[string]any {
			return map[string]any{"employeeID": fmt.Sprint(e.ID), "competencyID": fmt.Sprint(k.ID), "level": level, "assessedAt": at.Format(time.RFC3339)}
		}
		record := func(level int, at time.Time) {
			t.Helper()
			hr.With(t).MustDo(nil, `mutation($in: CreateCompetencyAssessmentInput!) { recordCompetencyAssessment(input: $in) { id } }`,
				map[string]any{"in": input(level, at)})
		}
		// gap returns the average gap of the pair (nil when unassessed) and
		// the number of unassessed pairs.
		gap := func() (*float64, int) {
			t.Helper()
			var got struct {
				R []struct {
					AverageGap *float64
					Unassessed int
				}
			}
			analyst.With(t).MustDo(&got, `{ r: competencyGapSummary(groupBy: []) { averageGap unassessed } }`, nil)
			if len(got.R) != 1 {
				t.Fatalf("%d summary rows, want 1", len(got.R))
			}
			return got.R[0].AverageGap, got.R[0].Unassessed
		}
		check := func(step string, wantLevel int) {
			t.Helper()
			g, unassessed := gap()
			if g == nil || *g != float64(5-wantLevel) || unassessed != 0 {
				t.Errorf("%s: average gap %v, unassessed %d; want %d (level %d), 0", step, optional(g), unassessed, 5-wantLevel, wantLevel)
			}
			if n := apitest.Must(c.CurrentCompetency.Query().Where(currentcompetency.EmployeeID(e.ID), currentcompetency.CompetencyID(k.ID)).Count(ctx))(t); n != 1 {
				t.Errorf("%s: %d current rows for the pair, want 1", step, n)
			}
		}
		if g, unassessed := gap(); g != nil || unassessed != 1 {
			t.Fatalf("before any assessment: average gap %v, unassessed %d; want none, 1", optional(g), unassessed)
		}
		jan, feb := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		record(3, feb)
		check("first assessment", 3)
		record(1, jan)
		check("an earlier-dated assessment recorded later", 3)
		record(4, feb)
		check("the same time, recorded later", 4)

		// A mutation that fails after its first assessment rolls both back.
		resp := hr.With(t).Do(`mutation($a: CreateCompetencyAssessmentInput!, $b: CreateCompetencyAssessmentInput!) {
  a: recordCompetencyAssessment(input: $a) { id } b: recordCompetencyAssessment(input: $b) { id } }`,
			map[string]any{"a": input(2, feb.AddDate(0, 1, 0)), "b": input(9, feb)})
		if len(resp.Errors) == 0 {
			t.Fatalf("a mutation with level 9 succeeded")
		}
		check("a rolled-back mutation", 4)

		// Racing writers, each in its own transaction: levels 1, 2, 1, 2, …
		// on days 1–8 of March; the one of 8 March (level 2) is the latest
		// committed. A ninth writer with 31 March rolls back.
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, 9)
		for i := range 9 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				tx, err := c.Tx(ctx)
				if err != nil {
					errs <- err
					return
				}
				day, level := time.Date(2026, 3, 1+i, 0, 0, 0, 0, time.UTC), 1+i%2
				if i == 8 {
					day, level = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), 1
				}
				if err := tx.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID(k.ID).SetLevel(level).SetAssessedAt(day).Exec(ctx); err != nil {
					_ = tx.Rollback()
					errs <- fmt.Errorf("writer %d: %w", i, err)
					return
				}
				if i == 8 {
					errs <- tx.Rollback()
					return
				}
				errs <- tx.Commit()
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		check("racing writers", 2)
	})
}

// optional is *p, or nil.
func optional[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
