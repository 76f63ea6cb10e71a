package server_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/competency"
	"simasn/ent/employee"
	"simasn/internal/apitest"
)

// TestCompetencyGapSummaryByHand checks competencyGapSummary on a world
// small enough to count by hand, grouped by unit (an employee with two
// gaps counts once), by competency, by both and not at all: an employee
// never assessed on a required competency counts as unassessed, the latest
// assessment wins (the last recorded among equal times), assessments of a
// competency the position does not require, employees out of service and
// positions without requirements count nowhere, and an HR officer counts
// only the subtree of their unit.
func TestCompetencyGapSummaryByHand(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		ctx, c := apitest.Sys(), s.DB.Client
		r := s.MustRegion("18.71", false)
		ua, ub := s.MustUnit("1.02", nil, r), s.MustUnit("1.03", nil, r)
		const p1, p2 = "Analis Kepegawaian Ahli Pertama", "Perawat Ahli Pertama"
		position := func(n string) apitest.EmployeeOption {
			return func(e *ent.EmployeeCreate) { e.SetPositionName(n) }
		}
		k1 := apitest.Must(c.Competency.Create().SetCode("K-1").SetName("Kompetensi 1").SetKind(competency.KindTECHNICAL).Save(ctx))(t)
		k2 := apitest.Must(c.Competency.Create().SetCode("K-2").SetName("Kompetensi 2").SetKind(competency.KindMANAGERIAL).Save(ctx))(t)
		// P1 requires K1 at 3 and K2 at 2; P2 requires K1 at 4.
		for _, q := range []struct {
			pos   string
			comp  *ent.Competency
			level int
		}{{p1, k1, 3}, {p1, k2, 2}, {p2, k1, 4}} {
			apitest.Check(c.CompetencyRequirement.Create().SetPositionName(q.pos).SetCompetencyID(q.comp.ID).SetLevel(q.level).Exec(ctx))(t)
		}
		assess := func(e *ent.Employee, cp *ent.Competency, level int, at time.Time) {
			apitest.Check(c.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID(cp.ID).SetLevel(level).SetAssessedAt(at).Exec(ctx))(t)
		}
		jan, feb := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		a1 := s.MustEmployee(ua) // P1: K1 4 (the later assessment, written first) ≥ 3; K2 never assessed
		assess(a1, k1, 4, feb)
		assess(a1, k1, 2, jan)
		a2 := s.MustEmployee(ua) // P1: K1 1 < 3 (gap 2); K2 1 < 2 (gap 1), the last recorded at the same time
		assess(a2, k1, 1, jan)
		assess(a2, k2, 3, feb)
		assess(a2, k2, 1, feb)
		a3 := s.MustEmployee(ua, position(p2)) // P2: K1 never assessed; K2 not required
		assess(a3, k2, 1, jan)
		retired := s.MustEmployee(ua) // out of service: nowhere
		apitest.Check(c.Employee.UpdateOne(retired).SetStatus(employee.StatusRETIRED).Exec(ctx))(t)
		assess(retired, k1, 1, jan)
		b1 := s.MustEmployee(ub, position(p2)) // P2: K1 5 ≥ 4
		assess(b1, k1, 5, jan)
		s.MustEmployee(ub, position("Pengadministrasi Umum")) // no requirements

		a, b := fmt.Sprint(ua.ID), fmt.Sprint(ub.ID)
		c1, c2 := fmt.Sprint(k1.ID), fmt.Sprint(k2.ID)
		hr := s.AsAccount(s.MustAccount("hr.b", "HR_OFFICER", ub, nil))
		analyst := s.AsAccount(s.MustAccount("analyst", "ANALYST", nil, nil))
		for _, tc := range []struct {
			name, groupBy string
			as            *apitest.Server
			want          map[string]gapRow
		}{
			{"by unit", "[UNIT]", analyst, map[string]gapRow{
				// A: a1 2 pairs, a2 2, a3 1; assessed a1·K1 (met), a2·K1 (2 short), a2·K2 (1 short).
				a: {5, 3, 1, 2, 2, 1, 1.0},
				b: {1, 1, 1, 0, 0, 0, 0},
			}},
			{"by competency", "[COMPETENCY]", analyst, map[string]gapRow{
				c1: {4, 3, 2, 1, 1, 1, 2.0 / 3},
				c2: {2, 1, 0, 1, 1, 1, 1},
			}},
			{"by unit and competency", "[UNIT, COMPETENCY]", analyst, map[string]gapRow{
				a + "|" + c1: {3, 2, 1, 1, 1, 1, 1},
				a + "|" + c2: {2, 1, 0, 1, 1, 1, 1},
				b + "|" + c1: {1, 1, 1, 0, 0, 0, 0},
			}},
			{"in total", "[]", analyst, map[string]gapRow{"": {6, 4, 2, 2, 2, 1, 0.75}}},
			{"HR officer of B", "[COMPETENCY]", hr, map[string]gapRow{c1: {1, 1, 1, 0, 0, 0, 0}}},
		} {
			checkGapSummary(t, tc.as, tc.name, "groupBy: "+tc.groupBy, tc.want)
		}
	})
}

// TestCompetencyGapSummaryRolledUp checks competencyGapSummary where the
// pairs are counted before they are grouped: agency G has two sub-units
// and an employee moved in from agency H (his levels count where he is
// now); three employees of G share one position, competency and level (one
// row of the count per level stands for all three); the employees with a
// gap in G are four, each counted once across sub-units and competencies.
// Worked by hand: position P requires K1 at 3 and K2 at 3.
//
//	x1 (G1)        K1 2 (1 short)  K2 2 (1 short)
//	x2 (G2)        K1 2 (1 short)  K2 5
//	x3 (G2)        K1 2 (1 short)  K2 never assessed
//	x4 (H, then G1) K1 1 (2 short) K2 3
//	y1 (H)         K1 3            K2 5
func TestCompetencyGapSummaryRolledUp(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		ctx, c := apitest.Sys(), s.DB.Client
		r := s.MustRegion("18.72", false)
		g, h := s.MustUnit("2.01", nil, r), s.MustUnit("2.02", nil, r)
		g1, g2 := s.MustUnit("2.01.01", g, r), s.MustUnit("2.01.02", g, r)
		const pos = "Pranata Komputer Ahli Pertama"
		inPosition := func(e *ent.EmployeeCreate) { e.SetPositionName(pos) }
		k1 := apitest.Must(c.Competency.Create().SetCode("K-1").SetName("Kompetensi 1").SetKind(competency.KindTECHNICAL).Save(ctx))(t)
		k2 := apitest.Must(c.Competency.Create().SetCode("K-2").SetName("Kompetensi 2").SetKind(competency.KindTECHNICAL).Save(ctx))(t)
		for _, k := range []*ent.Competency{k1, k2} {
			apitest.Check(c.CompetencyRequirement.Create().SetPositionName(pos).SetCompetencyID(k.ID).SetLevel(3).Exec(ctx))(t)
		}
		at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		assess := func(e *ent.Employee, levels ...int) { // levels of K1 and K2; 0: never assessed
			for i, l := range levels {
				if l > 0 {
					apitest.Check(c.CompetencyAssessment.Create().SetEmployeeID(e.ID).SetCompetencyID([]*ent.Competency{k1, k2}[i].ID).
						SetLevel(l).SetAssessedAt(at).Exec(ctx))(t)
				}
			}
		}
		assess(s.MustEmployee(g1, inPosition), 2, 2)
		assess(s.MustEmployee(g2, inPosition), 2, 5)
		assess(s.MustEmployee(g2, inPosition), 2, 0)
		x4 := s.MustEmployee(h, inPosition)
		assess(x4, 1, 3)
		apitest.Check(c.Employee.UpdateOne(x4).SetUnitID(g1.ID).Exec(ctx))(t) // moved after the assessments
		assess(s.MustEmployee(h, inPosition), 3, 5)

		G, H := fmt.Sprint(g.ID), fmt.Sprint(h.ID)
		K1, K2 := fmt.Sprint(k1.ID), fmt.Sprint(k2.ID)
		analyst := s.AsAccount(s.MustAccount("analyst", "ANALYST", nil, nil))
		for _, tc := range []struct {
			name, args string
			want       map[string]gapRow
		}{
			{"by agency", "groupBy: [UNIT], unitLevel: 0", map[string]gapRow{
				// G: 4 employees × 2; assessed all but x3·K2; met x2·K2, x4·K2;
				// short 1+1, 1+0, 1, 2+0 = 6 over 7 assessed pairs.
				G: {8, 7, 2, 5, 1, 4, 6.0 / 7},
				H: {2, 2, 2, 0, 0, 0, 0},
			}},
			{"by competency", "groupBy: [COMPETENCY]", map[string]gapRow{
				// K1: x1, x2, x3 at 2 (one count of three), x4 at 1, y1 at 3.
				K1: {5, 5, 1, 4, 0, 4, 5.0 / 5},
				K2: {5, 4, 3, 1, 1, 1, 1.0 / 4},
			}},
			{"by agency and competency", "groupBy: [UNIT, COMPETENCY], unitLevel: 0", map[string]gapRow{
				G + "|" + K1: {4, 4, 0, 4, 0, 4, 5.0 / 4},
				G + "|" + K2: {4, 3, 2, 1, 1, 1, 1.0 / 3},
				H + "|" + K1: {1, 1, 1, 0, 0, 0, 0},
				H + "|" + K2: {1, 1, 1, 0, 0, 0, 0},
			}},
			{"by sub-unit", "groupBy: [UNIT], unitLevel: 1", map[string]gapRow{
				fmt.Sprint(g1.ID): {4, 4, 1, 3, 0, 2, 4.0 / 4},
				fmt.Sprint(g2.ID): {4, 3, 1, 2, 1, 2, 2.0 / 3},
				H:                 {2, 2, 2, 0, 0, 0, 0},
			}},
		} {
			checkGapSummary(t, analyst, tc.name, tc.args, tc.want)
		}
	})
}

// gapRow is one group of competencyGapSummary, as the tests expect it.
type gapRow struct {
	Requirements, Assessed, Met, Gaps, Unassessed, EmployeesWithGap int
	AverageGap                                                      float64
}

// checkGapSummary asks competencyGapSummary(args) as as and compares its
// groups with want, keyed by the groups' key values joined with "|" (a
// null value as "").
func checkGapSummary(t *testing.T, as *apitest.Server, name, args string, want map[string]gapRow) {
	t.Helper()
	var got struct {
		R []struct {
			Key []struct{ Value *string }
			gapRow
		}
	}
	as.With(t).MustDo(&got, `{ r: competencyGapSummary(`+args+`) { key { value }
  requirements assessed met gaps unassessed employeesWithGap averageGap } }`, nil)
	if len(got.R) != len(want) {
		t.Errorf("%s: %d rows, want %d", name, len(got.R), len(want))
	}
	for _, g := range got.R {
		k := make([]string, len(g.Key))
		for i, kv := range g.Key {
			if kv.Value != nil {
				k[i] = *kv.Value
			}
		}
		key := strings.Join(k, "|")
		w, ok := want[key]
		if !ok {
			t.Errorf("%s: unexpected row %q", name, key)
			continue
		}
		if g.Requirements != w.Requirements || g.Assessed != w.Assessed || g.Met != w.Met || g.Gaps != w.Gaps ||
			g.Unassessed != w.Unassessed || g.EmployeesWithGap != w.EmployeesWithGap || math.Abs(g.AverageGap-w.AverageGap) > 1e-9 {
			t.Errorf("%s: row %q = %+v, want %+v", name, key, g.gapRow, w)
		}
	}
}
