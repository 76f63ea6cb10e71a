package seed_test

import (
	"context"
	"testing"

	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
	"simasn/internal/talent"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// TestDemoSuccession checks the demo's succession story: the new section
// of the health office is vacant; three candidates, ranked in boxes 9, 8
// and 7, and one in box 9 missing the PKP.
func TestDemoSuccession(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dialect, _ string) {
		ctx := viewer.System(context.Background())
		c := open(t, apitest.Demo(t, dialect, clock))
		sec := apitest.Must(c.Unit.Query().Where(unit.Name(seed.SuccessionSection)).Only(ctx))(t)
		t.Logf("section %s", sec.Code)
		plan, err := talent.Succession(ctx, c, *sec.ParentID, talent.SuccessionOptions{VacantOnly: true}, clock, talent.DefaultSuccessionRules())
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Positions) != 1 || plan.Positions[0].Name != seed.SuccessionPosition || !plan.Positions[0].Vacant {
			t.Fatalf("vacant positions = %+v, want %s only", plan.Positions, seed.SuccessionPosition)
		}
		p := plan.Positions[0]
		var boxes []int
		for _, c := range p.Candidates {
			b := 0
			if c.Box != nil {
				b = *c.Box
			}
			boxes = append(boxes, b)
			t.Logf("candidate %s %s box %d", c.Employee.Name, c.Employee.Rank, b)
		}
		if len(boxes) < 3 || boxes[0] != 9 || boxes[1] != 8 || boxes[2] != 7 {
			t.Errorf("candidates' boxes = %v, want 9, 8, 7 first", boxes)
		}
		found := false
		for _, c := range p.Ineligible {
			t.Logf("ineligible %s %+v", c.Employee.Name, c.Findings)
			for _, f := range c.Findings {
				if f.Check == talent.CheckTraining && !f.Met && c.Box != nil && *c.Box == 9 {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no ineligible in box 9 missing the PKP among %d", len(p.Ineligible))
		}
	})
}
