package analytics_test

import (
	"context"
	"os"
	"testing"
	"time"

	"simasn/ent/employee"
	"simasn/internal/analytics"
	"simasn/internal/ikm"
	"simasn/internal/seed"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

func TestRetirementAges(t *testing.T) {
	level := func(l employee.PositionLevel) *employee.PositionLevel { return &l }
	ages := analytics.DefaultRetirementAges()
	for _, tc := range []struct {
		t     employee.PositionType
		level *employee.PositionLevel
		want  int
	}{
		{employee.PositionTypeJPT_UTAMA, nil, 60},
		{employee.PositionTypeJPT_MADYA, nil, 60},
		{employee.PositionTypeJPT_PRATAMA, nil, 60},
		{employee.PositionTypeADMINISTRATOR, nil, 58},
		{employee.PositionTypePENGAWAS, nil, 58},
		{employee.PositionTypePELAKSANA, nil, 58},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, level(employee.PositionLevelAHLI_PERTAMA), 58},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, level(employee.PositionLevelAHLI_MUDA), 58},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, level(employee.PositionLevelAHLI_MADYA), 60},
		{employee.PositionTypeFUNGSIONAL_KEAHLIAN, level(employee.PositionLevelAHLI_UTAMA), 65},
		{employee.PositionTypeFUNGSIONAL_KETERAMPILAN, level(employee.PositionLevelPENYELIA), 58},
	} {
		if got := ages.For(tc.t, tc.level); got != tc.want {
			t.Errorf("%s %v: got %d, want %d", tc.t, tc.level, got, tc.want)
		}
	}
	custom := (&analytics.RetirementAgesInput{Default: ptr(56), ByPositionLevel: []*analytics.PositionLevelAge{{PositionLevel: employee.PositionLevelAHLI_UTAMA, Age: 70}}}).Ages()
	if got := custom.For(employee.PositionTypePELAKSANA, nil); got != 56 {
		t.Errorf("custom default: %d, want 56", got)
	}
	if got := custom.For(employee.PositionTypeFUNGSIONAL_KEAHLIAN, level(employee.PositionLevelAHLI_UTAMA)); got != 70 {
		t.Errorf("custom ahli utama: %d, want 70", got)
	}
	if got := custom.For(employee.PositionTypeJPT_MADYA, nil); got != 60 {
		t.Errorf("custom keeps the JPT age: %d, want 60", got)
	}
	if got := analytics.DefaultRetirementAges().For(employee.PositionTypePELAKSANA, nil); got != 58 {
		t.Errorf("overrides leaked into the defaults: %d", got)
	}
	if got := analytics.RetirementYear(time.Date(1968, 12, 31, 0, 0, 0, 0, time.UTC), 58); got != 2026 {
		t.Errorf("RetirementYear = %d, want 2026", got)
	}
}

func TestAgeBandLabel(t *testing.T) {
	for lower, want := range map[int]string{0: "<25", 25: "25–29", 55: "55–59", 60: "60+"} {
		if got := analytics.AgeBandLabel(lower); got != want {
			t.Errorf("AgeBandLabel(%d) = %q, want %q", lower, got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestDemo runs the reports on the demo dataset with its workforce data
// (seed.Demo and seed.Workforce) on both databases, and checks that they
// tell the story the demo is built to tell: remote regions short of health
// and education staff, every service unit with a satisfaction grade, and
// the same answers from SQLite and PostgreSQL.
func TestDemo(t *testing.T) {
	now := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	type facts struct {
		workforceRows, remoteShort, otherShort, indexes, shortfall, gaps int
	}
	results := map[string]facts{}
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		ctx := viewer.System(context.Background())
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Demo(ctx, db.Client, now, nil); err != nil {
			t.Fatal(err)
		}
		var f facts
		// The demo includes the workforce-planning records.
		if f.workforceRows, err = db.Client.Formation.Query().Count(viewer.System(ctx)); err != nil {
			t.Fatal(err)
		}
		c := db.Client
		gaps, err := analytics.WorkforceGaps(ctx, c, 2026, &analytics.GapFilter{ProfessionGroups: []employee.ProfessionGroup{employee.ProfessionGroupHEALTH, employee.ProfessionGroupEDUCATION}},
			[]analytics.Dimension{analytics.Remote}, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gaps {
			if *g.Key[0].Value == "true" {
				f.remoteShort = g.Shortage
			} else {
				f.otherShort = g.Shortage
			}
		}
		if f.remoteShort == 0 || f.remoteShort < f.otherShort/4 {
			t.Errorf("remote regions short of %d health and education staff, others %d: the demo should show the remote shortage", f.remoteShort, f.otherShort)
		}
		indexes, err := analytics.SatisfactionIndexes(ctx, c, nil, nil, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, ix := range indexes {
			if _, err := ikm.GradeOf(ix.Index); err != nil || ix.Respondents < 12 {
				t.Errorf("unit %s: index %v from %d answers", *ix.Key[0].Label, ix.Index, ix.Respondents)
			}
		}
		f.indexes = len(indexes)
		short, err := analytics.TrainingShortfall(ctx, c, nil, 2025, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.shortfall = short.TotalCount
		cg, err := analytics.CompetencyGaps(ctx, c, nil, nil, nil, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		f.gaps = cg.TotalCount
		if f.indexes == 0 || f.shortfall == 0 || f.gaps == 0 {
			t.Errorf("empty reports: %+v", f)
		}
		withTrainings := 0
		for _, g := range cg.Items {
			if len(g.Trainings) > 0 {
				withTrainings++
			}
		}
		if withTrainings == 0 {
			t.Errorf("no competency gap has a training to recommend")
		}
		for _, run := range []func() error{
			func() error {
				_, err := analytics.RetirementProjection(ctx, c, nil, nil, analytics.DefaultRetirementAges(), nil, nil, now)
				return err
			},
			func() error {
				_, err := analytics.TrainingHoursByGroup(ctx, c, nil, 2025, []analytics.Dimension{analytics.Region}, nil, now)
				return err
			},
			func() error {
				_, err := analytics.CompetencyGapSummaries(ctx, c, nil, []analytics.Dimension{analytics.Competency}, nil, now)
				return err
			},
			func() error {
				_, err := analytics.PredicateDistributions(ctx, c, nil, nil, ptr(1), now)
				return err
			},
		} {
			if err := run(); err != nil {
				t.Error(err)
			}
		}
		results[dialect] = f
	})
	if len(results) == 2 && results["sqlite3"] != results["postgres"] {
		t.Errorf("SQLite and PostgreSQL disagree on the demo: %+v and %+v", results["sqlite3"], results["postgres"])
	}
}
