package seed_test

import (
	"context"
	"testing"

	"simasn/ent/recruitmentformation"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/recruitment"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// TestDemoRecruitment checks the demo's recruitment year: three formasi
// (2 places elsewhere, 3 and 2 in remote districts); the first filled by
// its two best, the remote health formasi with one of four passing SKD and
// two places unfilled, the remote education formasi with no one passing
// SKD and both places unfilled.
func TestDemoRecruitment(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dialect, _ string) {
		ctx := viewer.System(context.Background())
		c := open(t, apitest.Demo(t, dialect, clock))
		fs := apitest.Must(c.RecruitmentFormation.Query().Order(recruitmentformation.ByID()).All(ctx))(t)
		if len(fs) != 3 {
			t.Fatalf("%d formasi, want 3", len(fs))
		}
		want := []struct {
			remote                                  bool
			applicants, passed, appointed, unfilled int
		}{{false, 5, 3, 2, 0}, {true, 4, 1, 1, 2}, {true, 2, 0, 0, 2}}
		for i, f := range fs {
			o, err := recruitment.OutcomeOf(ctx, c, f)
			if err != nil {
				t.Fatal(err)
			}
			remote := apitest.Must(c.Unit.Query().Where(unit.ID(f.UnitID), unit.HasRegionWith(region.Remote(true))).Exist(ctx))(t)
			w := want[i]
			if remote != w.remote || o.Applicants != w.applicants || o.SKDPassed != w.passed || o.Appointed != w.appointed || o.Unfilled != w.unfilled {
				t.Errorf("formasi %d: remote %v, outcome %+v; want %+v", i, remote, *o, w)
			}
		}
	})
}
