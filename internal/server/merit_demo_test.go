package server_test

import (
	"testing"
	"time"

	"simasn/internal/apitest"
)

// TestDemoMeritThroughAPI checks, through the HTTP handler, that the demo's
// unit of high performers waiting for promotion shows in promotionsDue and
// careerOutlook. On the clock of 15 June 2026 the next period is 1 October
// 2026; the six waiters have been in their rank since 1 April 2019 (seven
// years before the clock's year), eligible by time since 1 April 2023;
// five are due and the sixth is blocked by a penalty in effect.
func TestDemoMeritThroughAPI(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dialect, _ string) {
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		s := apitest.Start(t, apitest.Demo(t, dialect, now))
		s.Now.Store(&now)
		s = s.As(s.TokenFor(s.Admin))
		pen := apitest.Must(s.DB.Client.DisciplinaryPenalty.Query().WithEmployee().Only(apitest.Sys()))(t)
		unitID := pen.Edges.Employee.UnitID
		var got struct {
			PromotionsDue struct {
				Period   time.Time
				DueCount int
				Items    []struct {
					Employee  struct{ ID, RankDate string }
					Promotion promotionOutlook
				}
			}
		}
		s.MustDo(&got, `query($u: ID!) { promotionsDue(unitID: $u) { period dueCount
		  items { employee { id rankDate } promotion { period due fromRank toRank eligibleByTimeFrom findings { check met detail } } } } }`,
			map[string]any{"u": apitest.GID(unitID)})
		if !got.PromotionsDue.Period.Equal(day(2026, 10, 1)) {
			t.Errorf("period = %s, want 2026-10-01", got.PromotionsDue.Period)
		}
		due, blocked := 0, 0
		var waiter string
		for _, it := range got.PromotionsDue.Items {
			p := it.Promotion
			if p.EligibleByTimeFrom == nil || !p.EligibleByTimeFrom.Equal(day(2023, 4, 1)) {
				continue
			}
			if p.Due {
				due++
				waiter = it.Employee.ID
			}
			if u := unmetChecks(p); len(u) == 1 && u[0] == "DISCIPLINE" {
				blocked++
			}
		}
		if due < 5 || blocked != 1 {
			t.Errorf("waiting since 2023-04-01: %d due and %d blocked by discipline, want at least 5 and 1", due, blocked)
		}
		var out struct {
			CareerOutlook struct{ Promotion promotionOutlook }
		}
		s.MustDo(&out, `query($id: ID) { careerOutlook(employeeID: $id) { promotion { period due fromRank toRank eligibleByTimeFrom findings { check met detail } } } }`,
			map[string]any{"id": waiter})
		if p := out.CareerOutlook.Promotion; !p.Due || p.EligibleByTimeFrom == nil || !p.EligibleByTimeFrom.Equal(day(2023, 4, 1)) {
			t.Errorf("the waiter's outlook = %+v, want due, eligible by time since 2023-04-01", p)
		}
	})
}
