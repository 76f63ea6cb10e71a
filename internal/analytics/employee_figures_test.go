package analytics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/unit"
	"simasn/internal/analytics"
	"simasn/internal/viewer"
)

// employeeSpecs are employee aggregates the figures answer, over every key
// and measure they give, and two they do not (by rank; by position title:
// the last two), which run the statement both ways.
var employeeSpecs = func() []analytics.Spec {
	zero, one := 0, 1
	all := []analytics.Measure{analytics.AverageAge, analytics.MedianAge, analytics.MinAge, analytics.MaxAge,
		analytics.AverageServiceYears, analytics.MedianServiceYears, analytics.FemaleShare, analytics.PPPKShare}
	return []analytics.Spec{
		{},
		{GroupBy: []analytics.Dimension{analytics.Region, analytics.Profession, analytics.AgeBand},
			Measures: []analytics.Measure{analytics.MedianAge, analytics.AverageServiceYears, analytics.FemaleShare}},
		{GroupBy: []analytics.Dimension{analytics.Unit, analytics.PositionType}, UnitLevel: &zero},
		{GroupBy: []analytics.Dimension{analytics.Unit, analytics.Profession}, UnitLevel: &one},
		{GroupBy: []analytics.Dimension{analytics.Unit, analytics.Gender}, Measures: all},
		{GroupBy: []analytics.Dimension{analytics.AgeBand, analytics.Remote, analytics.Status, analytics.EmploymentType}, Measures: all},
		{GroupBy: []analytics.Dimension{analytics.AgeBand}, Measures: []analytics.Measure{}},
		{GroupBy: []analytics.Dimension{analytics.Profession, analytics.Unit}, UnitLevel: &zero, Measures: []analytics.Measure{analytics.MedianServiceYears, analytics.MaxAge}},
		// No date needed: the cells' numbers of employees only.
		{GroupBy: []analytics.Dimension{analytics.Region, analytics.Profession}, Measures: []analytics.Measure{}},
		{GroupBy: []analytics.Dimension{analytics.Unit, analytics.Status}, Measures: []analytics.Measure{analytics.FemaleShare, analytics.PPPKShare}},
		{GroupBy: []analytics.Dimension{analytics.Rank}},
		{GroupBy: []analytics.Dimension{analytics.Position}, Measures: []analytics.Measure{analytics.MedianAge}},
	}
}()

// employeeViewers are the viewers sameEmployeeAnswers asks as: an
// analyst, the system, and a leader and an HR officer of the first
// top-level unit (scoped to its subtree), when there is one.
func employeeViewers(t *testing.T, c *ent.Client) map[string]context.Context {
	t.Helper()
	out := map[string]context.Context{"analyst": analyst(), "system": viewer.System(context.Background())}
	top, err := c.Unit.Query().Where(unit.Depth(0)).Order(ent.Asc(unit.FieldPath)).First(viewer.System(context.Background()))
	if ent.IsNotFound(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []viewer.Role{viewer.Leader, viewer.HROfficer} {
		out[string(role)] = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 2, Username: "scoped", Role: role, UnitID: top.ID, UnitPath: top.Path})
	}
	return out
}

// leapDay is a day on which the ages of those born on 29 February turn
// over (ymd arithmetic counts them from 1 March in common years).
var leapDay = time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)

// sameEmployeeAnswers checks that the employee aggregates of
// employeeSpecs read from the figures equal those of the aggregate's own
// statement, for each of employeeViewers, at each of days.
func sameEmployeeAnswers(t *testing.T, c *ent.Client, days ...time.Time) {
	t.Helper()
	viewers := employeeViewers(t, c)
	for _, at := range days {
		for i, spec := range employeeSpecs {
			for name, ctx := range viewers {
				got, errGot := analytics.EmployeeAggregate(ctx, c, nil, spec, at)
				want, errWant := analytics.EmployeeAggregateByStatement(ctx, c, nil, spec, at)
				if fmt.Sprint(errGot) != fmt.Sprint(errWant) {
					t.Errorf("%s %v at %s: error %v from the figures, %v by the statement", name, spec.GroupBy, at.Format(time.DateOnly), errGot, errWant)
				}
				if g, w := dump(got), dump(want); g != w {
					t.Errorf("%s %v %v at %s: from the figures\n%s\nby the statement\n%s", name, spec.GroupBy, spec.Measures, at.Format(time.DateOnly), g, w)
				}
				// The figures answer every spec but the last two, for
				// every viewer here (none of whom is scoped to reports).
				ok, err := analytics.EmployeeFiguresAnswer(ctx, c, spec, at)
				if err != nil {
					t.Fatal(err)
				}
				if figured := i < len(employeeSpecs)-2; ok != figured {
					t.Errorf("%s %v %v: answered from the figures %v, want %v", name, spec.GroupBy, spec.Measures, ok, figured)
				}
			}
		}
	}
}

// TestEmployeeFiguresOnScale compares the figures' answers with the
// statement's on the scale dataset of the benchmarks (skipped without
// SIMASN_BENCH_DATABASE_URL), and the figures with their recomputation
// from the employees: read only.
func TestEmployeeFiguresOnScale(t *testing.T) {
	db := scaleDB(t)
	if d := employeeDrift(t, db.SQL); len(d) != 0 {
		t.Errorf("the figures differ from the employees: %v", d)
	}
	sameEmployeeAnswers(t, db.Client, time.Now(), leapDay)
}
