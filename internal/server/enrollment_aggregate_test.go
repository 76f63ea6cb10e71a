package server_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/enrollment"
	"simasn/ent/training"
	"simasn/internal/apitest"
)

// TestEnrollmentAggregateByHand checks the enrollment aggregate against
// figures worked out by hand, on both databases: two trainings ending in
// the same quarter and category share a group, and an employee enrolled in
// both counts once among its employees (on PostgreSQL the groups of a
// single training count their enrollments instead: an employee enrolls
// once per training); medians of an even number of scores interpolate.
func TestEnrollmentAggregateByHand(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		ctx, c := apitest.Sys(), s.DB.Client
		r := s.MustRegion("18.72", false)
		u := s.MustUnit("1.02", nil, r)
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		newTraining := func(code string, ends time.Time, cat training.Category, jp int) *ent.Training {
			return apitest.Must(c.Training.Create().SetCode(code).SetTitle("Pelatihan " + code).SetCategory(cat).
				SetMethod(training.MethodCLASSICAL).SetOrganizerID(u.ID).SetHoursJp(jp).SetQuota(10).SetStatus(training.StatusCOMPLETED).
				SetRegistrationOpens(ends.AddDate(0, -2, 0)).SetRegistrationCloses(ends.AddDate(0, -1, 0)).
				SetStartsOn(ends.AddDate(0, 0, -3)).SetEndsOn(ends).Save(ctx))(t)
		}
		a := newTraining("A", day(2026, 4, 10), training.CategoryTECHNICAL, 10)  // 2026-Q2, with B
		b := newTraining("B", day(2026, 5, 20), training.CategoryTECHNICAL, 20)  // 2026-Q2, with A
		cc := newTraining("C", day(2026, 8, 1), training.CategoryTECHNICAL, 8)   // 2026-Q3, alone
		d := newTraining("D", day(2026, 6, 30), training.CategoryMANAGERIAL, 12) // 2026-Q2, alone in its category
		e1, e2, e3, e4 := s.MustEmployee(u), s.MustEmployee(u), s.MustEmployee(u), s.MustEmployee(u)
		enroll := func(e *ent.Employee, tr *ent.Training, st enrollment.Status, score float64) {
			create := c.Enrollment.Create().SetEmployeeID(e.ID).SetTrainingID(tr.ID).SetStatus(st).SetRegisteredAt(tr.RegistrationOpens)
			if st == enrollment.StatusCOMPLETED || st == enrollment.StatusFAILED {
				create.SetScore(score).SetCompletedAt(tr.EndsOn)
			}
			apitest.Check(create.Exec(ctx))(t)
		}
		enroll(e1, a, enrollment.StatusCOMPLETED, 70)
		enroll(e2, a, enrollment.StatusCOMPLETED, 90)
		enroll(e1, b, enrollment.StatusCOMPLETED, 80) // e1 again, in the same quarter and category
		enroll(e3, b, enrollment.StatusFAILED, 40)
		enroll(e2, cc, enrollment.StatusCOMPLETED, 60)
		enroll(e4, cc, enrollment.StatusCOMPLETED, 75)
		enroll(e3, d, enrollment.StatusREGISTERED, 0)

		admin := s.AsAccount(s.MustAccount("admin.enrol", "ADMIN", nil, nil))
		nan := math.NaN() // no score in the group: null
		type row struct {
			count                                       int
			employees, completed, jp, median, low, high float64
		}
		for _, tc := range []struct {
			name, groupBy string
			want          map[string]row
		}{
			{"by quarter and category", "[QUARTER, TRAINING_CATEGORY]", map[string]row{
				// A and B: 4 enrollments of e1, e2, e1, e3; completed 3 (10 + 10 + 20 JP);
				// scores 40 70 80 90: median (70 + 80) / 2.
				"2026-Q2|TECHNICAL":  {4, 3, 3, 40, 75, 40, 90},
				"2026-Q3|TECHNICAL":  {2, 2, 2, 16, 67.5, 60, 75}, // C: scores 60 75
				"2026-Q2|MANAGERIAL": {1, 1, 0, 0, nan, nan, nan}, // D: registered, no score
			}},
			{"by quarter", "[QUARTER]", map[string]row{
				// A, B and D: e1 twice, e3 twice (B and D), e2: 3 employees.
				"2026-Q2": {5, 3, 3, 40, 75, 40, 90},
				"2026-Q3": {2, 2, 2, 16, 67.5, 60, 75},
			}},
			{"by training", "[TRAINING]", map[string]row{
				fmt.Sprint(a.ID):  {2, 2, 2, 20, 80, 70, 90},
				fmt.Sprint(b.ID):  {2, 2, 1, 20, 60, 40, 80},
				fmt.Sprint(cc.ID): {2, 2, 2, 16, 67.5, 60, 75},
				fmt.Sprint(d.ID):  {1, 1, 0, 0, nan, nan, nan},
			}},
			// No key of the training: every enrollment in one group; scores
			// 40 60 70 75 80 90, median (70 + 75) / 2.
			{"in total", "[]", map[string]row{"": {7, 4, 5, 56, 72.5, 40, 90}}},
		} {
			var got struct {
				R []struct {
					Key    []struct{ Value *string }
					Count  int
					Values []struct {
						Measure string
						Value   *float64
					}
				}
			}
			admin.With(t).MustDo(&got, `{ r: enrollmentAggregate(groupBy: `+tc.groupBy+`, measures: [EMPLOYEES, COMPLETED, TOTAL_JP, MEDIAN_SCORE, MIN_SCORE, MAX_SCORE]) { key { value } count values { measure value } } }`, nil)
			if len(got.R) != len(tc.want) {
				t.Errorf("%s: %d groups, want %d", tc.name, len(got.R), len(tc.want))
			}
			for _, g := range got.R {
				var ks []string
				for _, k := range g.Key {
					ks = append(ks, deref(k.Value))
				}
				id := strings.Join(ks, "|")
				w, ok := tc.want[id]
				if !ok {
					t.Errorf("%s: unexpected group %q", tc.name, id)
					continue
				}
				if g.Count != w.count {
					t.Errorf("%s %s: count %d, want %d", tc.name, id, g.Count, w.count)
				}
				for i, want := range []float64{w.employees, w.completed, w.jp, w.median, w.low, w.high} {
					v := g.Values[i]
					switch {
					case math.IsNaN(want) && v.Value != nil:
						t.Errorf("%s %s: %s %v, want null", tc.name, id, v.Measure, *v.Value)
					case !math.IsNaN(want) && (v.Value == nil || math.Abs(*v.Value-want) > 1e-9):
						t.Errorf("%s %s: %s %v, want %v", tc.name, id, v.Measure, ptrString(v.Value), want)
					}
				}
			}
		}
	})
}

func ptrString(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}
