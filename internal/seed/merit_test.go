package seed_test

import (
	"context"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/apitest"
	"simasn/internal/career"
)

// checkMerit checks the demo's merit story on the clock of 15 May 2026
// (next period 1 October 2026, read on the appraisals of 2024 and 2025):
// six PNS of one unit in their rank since 1 April 2019 — eligible by time
// since 1 April 2023 — with Sangat Baik in both years; five are due, the
// sixth serves a penalty in effect on the period.
//
// It runs on TestDemo's database (same clock) rather than loading the demo
// again: the load is the slow part of both.
func checkMerit(t *testing.T, ctx context.Context, c *ent.Client) {
	since := time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)
	// The unit of the one penalised.
	pen := apitest.Must(c.DisciplinaryPenalty.Query().WithEmployee().Only(ctx))(t)
	unit := pen.Edges.Employee.UnitID
	if n := apitest.Must(c.Employee.Query().Where(employee.RankDate(since), employee.UnitID(unit)).Count(ctx))(t); n < 6 {
		t.Fatalf("%d employees of unit %d in rank since 2019-04-01, want at least 6", n, unit)
	}
	list, err := career.DueForPromotion(ctx, c, unit, nil, false, nil, nil, clock, career.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	if !list.Period.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("period = %s, want 2026-10-01", list.Period)
	}
	due, blocked := 0, 0
	for _, it := range list.Items {
		if !it.Employee.RankDate.Equal(since) {
			continue
		}
		if it.Promotion.Due && it.Promotion.EligibleByTimeFrom.Equal(time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)) {
			due++
		}
		for _, f := range it.Promotion.Findings {
			if f.Check == career.CheckDiscipline && !f.Met {
				blocked++
			}
		}
	}
	if due < 5 || blocked != 1 {
		t.Errorf("of the waiters %d are due since 2023-04-01 and %d blocked by discipline, want at least 5 and 1", due, blocked)
	}
}
