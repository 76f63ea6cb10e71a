package server_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"simasn/ent"
	entappraisal "simasn/ent/appraisal"
	"simasn/internal/apitest"
	"simasn/internal/appraisal"
	"simasn/internal/nip"
)

// TestAppraisalAggregateByYearByHand checks appraisalAggregate grouped by
// year and agency, which adds up partial results per first day of the
// period (analytics.periodsFirstSQL): 2026 holds the periods starting on 1
// January and 1 April, so each of its agencies adds two partial groups —
// the youngest appraisee of G is in the first, the oldest in the second.
// An employee moved from agency H to G after his appraisal counts under G.
// Worked by hand at 15 June 2026:
//
//	a (G1, born 10 Jan 1990, 36)  2025 annual BAIK; 2026 Q1 SANGAT_BAIK; 2026 Q2 not rated
//	b (G, born 20 Feb 1970, 56)   2026 Q2 KURANG
//	c (H, born 1 Jul 1985, 40)    2026 Q1 BAIK
//	d (H, then G1; born 3 Mar 1995, 31) 2026 Q1 BUTUH_PERBAIKAN
func TestAppraisalAggregateByYearByHand(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		now := time.Date(2026, 6, 15, 5, 0, 0, 0, time.UTC)
		s.Now.Store(&now)
		ctx, c := apitest.Sys(), s.DB.Client
		r := s.MustRegion("18.73", false)
		g, h := s.MustUnit("3.01", nil, r), s.MustUnit("3.02", nil, r)
		g1 := s.MustUnit("3.01.01", g, r)
		serial := 900
		bornOn := func(y int, m time.Month, d int) apitest.EmployeeOption {
			serial++
			n, err := nip.Build(nip.PNS, time.Date(y, m, d, 0, 0, 0, 0, time.UTC), y+25, 3, nip.Male, serial)
			if err != nil {
				t.Fatal(err)
			}
			return func(e *ent.EmployeeCreate) { e.SetNip(n).SetBirthDate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) }
		}
		a := s.MustEmployee(g1, bornOn(1990, time.January, 10))
		b := s.MustEmployee(g, bornOn(1970, time.February, 20))
		cc := s.MustEmployee(h, bornOn(1985, time.July, 1))
		d := s.MustEmployee(h, bornOn(1995, time.March, 3))
		appraise := func(e *ent.Employee, kind appraisal.PeriodKind, year, period int, results, behaviour appraisal.Rating) {
			start, end, err := appraisal.PeriodBounds(kind, year, period)
			if err != nil {
				t.Fatal(err)
			}
			create := c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(b.ID).SetPeriodKind(entappraisal.PeriodKind(kind)).
				SetYear(year).SetPeriod(period).SetPeriodStart(start).SetPeriodEnd(end)
			if results != "" {
				p, err := appraisal.PredicateOf(results, behaviour)
				if err != nil {
					t.Fatal(err)
				}
				create.SetResultsRating(entappraisal.ResultsRating(results)).SetBehaviourRating(entappraisal.BehaviourRating(behaviour)).
					SetPredicate(entappraisal.Predicate(p))
			}
			apitest.Check(create.Exec(ctx))(t)
		}
		const above, meets, below = appraisal.Above, appraisal.Meets, appraisal.Below
		appraise(a, appraisal.Annual, 2025, 0, meets, meets)                 // BAIK
		appraise(a, appraisal.Quarterly, 2026, 1, above, above)              // SANGAT_BAIK
		appraise(a, appraisal.Quarterly, 2026, 2, "", "")                    // not rated
		appraise(b, appraisal.Quarterly, 2026, 2, above, below)              // KURANG
		appraise(cc, appraisal.Quarterly, 2026, 1, meets, meets)             // BAIK
		appraise(d, appraisal.Quarterly, 2026, 1, below, meets)              // BUTUH_PERBAIKAN
		apitest.Check(c.Employee.UpdateOne(d).SetUnitID(g1.ID).Exec(ctx))(t) // moved after the appraisal

		type row struct {
			count                     int
			rated, good, min, max, av float64
		}
		G, H := fmt.Sprint(g.ID), fmt.Sprint(h.ID)
		want := map[string]row{
			"2025|" + G: {1, 1, 1, 36, 36, 36},
			// a Q1, a Q2, b Q2, d Q1: rated 3, one of them good or better;
			// the youngest (d, 31) on 1 January, the oldest (b, 56) on 1 April.
			"2026|" + G: {4, 3, 1.0 / 3, 31, 56, (36 + 36 + 56 + 31) / 4.0},
			"2026|" + H: {1, 1, 1, 40, 40, 40},
		}
		admin := s.AsAccount(s.MustAccount("admin.agg", "ADMIN", nil, nil))
		var got struct {
			R []struct {
				Key    []struct{ Value string }
				Count  int
				Values []struct{ Value *float64 }
			}
		}
		admin.With(t).MustDo(&got, `{ r: appraisalAggregate(groupBy: [YEAR, UNIT], unitLevel: 0,
  measures: [RATED, GOOD_OR_BETTER_SHARE, MIN_AGE, MAX_AGE, AVERAGE_AGE]) { key { value } count values { value } } }`, nil)
		if len(got.R) != len(want) {
			t.Errorf("%d groups, want %d", len(got.R), len(want))
		}
		for _, gr := range got.R {
			k := gr.Key[0].Value + "|" + gr.Key[1].Value
			w, ok := want[k]
			if !ok {
				t.Errorf("unexpected group %s", k)
				continue
			}
			var vs []float64
			for _, v := range gr.Values {
				if v.Value == nil {
					vs = append(vs, math.NaN())
				} else {
					vs = append(vs, *v.Value)
				}
			}
			wv := []float64{w.rated, w.good, w.min, w.max, w.av}
			bad := gr.Count != w.count || len(vs) != len(wv)
			for i := range wv {
				if i < len(vs) && math.Abs(vs[i]-wv[i]) > 1e-9 {
					bad = true
				}
			}
			if bad {
				t.Errorf("group %s: count %d, values %v; want %d, %v", k, gr.Count, vs, w.count, wv)
			}
		}
	})
}
