package career_test

import (
	"testing"
	"time"

	"simasn/ent/employee"
	"simasn/internal/appraisal"
	"simasn/internal/career"
	"simasn/internal/discipline"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
func dp(y int, m time.Month, day int) *time.Time {
	t := d(y, m, day)
	return &t
}

func TestNextPeriod(t *testing.T) {
	r := career.DefaultRules()
	tests := []struct{ today, want time.Time }{
		{d(2026, 3, 31), d(2026, 4, 1)},
		{d(2026, 4, 1), d(2026, 10, 1)}, // strictly after today
		{d(2026, 9, 30), d(2026, 10, 1)},
		{d(2026, 10, 1), d(2027, 4, 1)},
		{d(2026, 12, 31), d(2027, 4, 1)},
		{d(2027, 1, 1), d(2027, 4, 1)},
	}
	for _, tc := range tests {
		if got := r.NextPeriod(tc.today); !got.Equal(tc.want) {
			t.Errorf("NextPeriod(%s) = %s, want %s", tc.today.Format(time.DateOnly), got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{{d(2027, 4, 1), true}, {d(2027, 10, 1), true}, {d(2027, 4, 2), false}, {d(2027, 5, 1), false}, {d(2027, 1, 1), false}} {
		if got := r.IsPeriod(tc.day); got != tc.want {
			t.Errorf("IsPeriod(%s) = %v, want %v", tc.day.Format(time.DateOnly), got, tc.want)
		}
	}
}

// good is a PNS, S1, III/b since 1 April 2023, Baik in 2025 and 2026,
// born 1980: due on 1 April 2027.
func good() career.Facts {
	return career.Facts{
		EmploymentType: "PNS", Status: "ACTIVE", Rank: "III/b", RankDate: dp(2023, 4, 1), Education: "S1",
		PositionType: employee.PositionTypePELAKSANA, BirthDate: dp(1980, 6, 10), CPNSDate: dp(2005, 3, 1),
		Predicates: map[int]appraisal.Predicate{2025: appraisal.Baik, 2026: appraisal.SangatBaik},
	}
}

func unmet(p *career.Promotion) []career.Check {
	var out []career.Check
	for _, f := range p.Findings {
		if !f.Met {
			out = append(out, f.Check)
		}
	}
	return out
}

func TestPromotion(t *testing.T) {
	r := career.DefaultRules()
	period := d(2027, 4, 1)
	tests := []struct {
		name   string
		change func(*career.Facts)
		unmet  []career.Check
		toRank string // "" for none
	}{
		{"every condition met", func(*career.Facts) {}, nil, "III/c"},
		{"exactly four years in rank on the period", func(f *career.Facts) { f.RankDate = dp(2023, 4, 1) }, nil, "III/c"},
		{"four years minus a day", func(f *career.Facts) { f.RankDate = dp(2023, 4, 2) }, []career.Check{career.CheckTimeInRank}, "III/c"},
		{"no rank date", func(f *career.Facts) { f.RankDate = nil }, []career.Check{career.CheckTimeInRank}, "III/c"},
		{"a CPNS", func(f *career.Facts) { f.EmploymentType = "CPNS" }, []career.Check{career.CheckEmployment}, "III/c"},
		{"a PPPK", func(f *career.Facts) { f.EmploymentType = "PPPK"; f.Rank = "IX" }, []career.Check{career.CheckEmployment, career.CheckCeiling}, ""},
		{"on leave", func(f *career.Facts) { f.Status = "ON_LEAVE" }, []career.Check{career.CheckStatus}, "III/c"},
		{"S1 at III/c goes to its ceiling III/d", func(f *career.Facts) { f.Rank = "III/c" }, nil, "III/d"},
		{"S1 at the ceiling III/d", func(f *career.Facts) { f.Rank = "III/d" }, []career.Check{career.CheckCeiling}, ""},
		{"SLTA at III/a goes to III/b", func(f *career.Facts) { f.Rank = "III/a"; f.Education = "SLTA" }, nil, "III/b"},
		{"SLTA at III/b", func(f *career.Facts) { f.Education = "SLTA" }, []career.Check{career.CheckCeiling}, ""},
		{"D3 at III/b goes to III/c", func(f *career.Facts) { f.Education = "D3" }, nil, "III/c"},
		{"S2 at IV/a", func(f *career.Facts) { f.Rank = "IV/a"; f.Education = "S2" }, []career.Check{career.CheckCeiling}, ""},
		{"S3 at IV/a goes to IV/b", func(f *career.Facts) { f.Rank = "IV/a"; f.Education = "S3" }, nil, "IV/b"},
		{"top of the scale", func(f *career.Facts) { f.Rank = "IV/e"; f.Education = "S3" }, []career.Check{career.CheckCeiling}, ""},
		{"Butuh Perbaikan last year", func(f *career.Facts) { f.Predicates[2026] = appraisal.ButuhPerbaikan }, []career.Check{career.CheckPerformance}, "III/c"},
		{"Kurang two years ago", func(f *career.Facts) { f.Predicates[2025] = appraisal.Kurang }, []career.Check{career.CheckPerformance}, "III/c"},
		{"no appraisal two years ago", func(f *career.Facts) { delete(f.Predicates, 2025) }, []career.Check{career.CheckPerformance}, "III/c"},
		{"a bad year three years ago does not count", func(f *career.Facts) { f.Predicates[2024] = appraisal.SangatKurang }, nil, "III/c"},
		{"a penalty ending the day before the period", func(f *career.Facts) {
			f.Penalties = []discipline.Penalty{{Kind: "ALLOWANCE_CUT_12_MONTHS", Level: "MEDIUM", From: d(2026, 4, 1), Until: dp(2027, 3, 31)}}
		}, nil, "III/c"},
		{"a penalty ending on the period", func(f *career.Facts) {
			f.Penalties = []discipline.Penalty{{Kind: "ALLOWANCE_CUT_12_MONTHS", Level: "MEDIUM", From: d(2026, 4, 2), Until: dp(2027, 4, 1)}}
		}, []career.Check{career.CheckDiscipline}, "III/c"},
		{"a penalty starting on the period", func(f *career.Facts) {
			f.Penalties = []discipline.Penalty{{Kind: "DEMOTION_12_MONTHS", Level: "HEAVY", From: d(2027, 4, 1), Until: dp(2028, 3, 31)}}
		}, []career.Check{career.CheckDiscipline}, "III/c"},
		{"a penalty starting the day after", func(f *career.Facts) {
			f.Penalties = []discipline.Penalty{{Kind: "DEMOTION_12_MONTHS", Level: "HEAVY", From: d(2027, 4, 2), Until: dp(2028, 4, 1)}}
		}, nil, "III/c"},
		{"retires the month before: pension from the period", func(f *career.Facts) { f.BirthDate = dp(1969, 3, 15) }, []career.Check{career.CheckRetirement}, "III/c"},
		{"retires later: pension from 1 May", func(f *career.Facts) { f.BirthDate = dp(1969, 4, 15) }, nil, "III/c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := good()
			tc.change(&f)
			p := r.Promotion(f, period)
			got := unmet(p)
			if len(got) != len(tc.unmet) {
				t.Fatalf("unmet = %v, want %v (findings %+v)", got, tc.unmet, p.Findings)
			}
			for i := range got {
				if got[i] != tc.unmet[i] {
					t.Errorf("unmet = %v, want %v", got, tc.unmet)
				}
			}
			if p.Due != (len(tc.unmet) == 0) {
				t.Errorf("Due = %v, want %v", p.Due, len(tc.unmet) == 0)
			}
			gotTo := ""
			if p.ToRank != nil {
				gotTo = *p.ToRank
			}
			if gotTo != tc.toRank {
				t.Errorf("ToRank = %q, want %q", gotTo, tc.toRank)
			}
			if len(p.Findings) != 7 {
				t.Errorf("%d findings, want one per check (7)", len(p.Findings))
			}
		})
	}
}

func TestPromotionWaitingSinceAndDetail(t *testing.T) {
	r := career.DefaultRules()
	f := good()
	f.RankDate = dp(2020, 5, 2) // four years on 2 May 2024: first period 1 October 2024
	p := r.Promotion(f, d(2027, 4, 1))
	if p.EligibleByTimeFrom == nil || !p.EligibleByTimeFrom.Equal(d(2024, 10, 1)) {
		t.Errorf("EligibleByTimeFrom = %v, want 2024-10-01", p.EligibleByTimeFrom)
	}
	f.RankDate = dp(2023, 4, 2)
	p = r.Promotion(f, d(2027, 4, 1))
	want := "in rank III/b since 2023-04-02: 4 years only on 2027-04-02, after 2027-04-01; first period 2027-10-01"
	if got := p.Findings[2].Detail; got != want {
		t.Errorf("time-in-rank detail = %q, want %q", got, want)
	}
	f.Penalties = []discipline.Penalty{{Kind: "DISMISSAL", Level: "HEAVY", Decree: "800/1/2026", From: d(2026, 1, 5)}}
	p = r.Promotion(f, d(2027, 4, 1))
	want = "disciplinary penalty DISMISSAL (HEAVY, decree 800/1/2026) in effect from 2026-01-05 without end"
	if got := p.Findings[5].Detail; got != want {
		t.Errorf("discipline detail = %q, want %q", got, want)
	}
}

func TestSalaryStep(t *testing.T) {
	r := career.DefaultRules()
	f := good() // CPNS 1 March 2005
	tests := []struct {
		today time.Time
		date  time.Time
		years int
	}{
		{d(2026, 11, 30), d(2027, 3, 1), 22},
		{d(2027, 2, 28), d(2027, 3, 1), 22},
		{d(2027, 3, 1), d(2029, 3, 1), 24}, // strictly after today
		{d(2004, 1, 1), d(2007, 3, 1), 2},  // appointed later: two years after
	}
	for _, tc := range tests {
		s := r.SalaryStep(f, tc.today)
		if !s.Date.Equal(tc.date) || s.ServiceYears != tc.years {
			t.Errorf("SalaryStep on %s = %s, %d years; want %s, %d", tc.today.Format(time.DateOnly), s.Date.Format(time.DateOnly), s.ServiceYears, tc.date.Format(time.DateOnly), tc.years)
		}
	}
	// The step of March 2027 reads the appraisal of 2026.
	s := r.SalaryStep(f, d(2026, 11, 30))
	if !s.Due {
		t.Errorf("due = false with Sangat Baik in 2026: %+v", s.Finding)
	}
	f.Predicates[2026] = appraisal.ButuhPerbaikan
	if s := r.SalaryStep(f, d(2026, 11, 30)); s.Due || s.Finding.Met {
		t.Errorf("due = true with Butuh Perbaikan in 2026")
	}
	f.CPNSDate = nil
	if s := r.SalaryStep(f, d(2026, 11, 30)); s != nil {
		t.Errorf("SalaryStep without a CPNS date = %+v, want nil", s)
	}
}

func TestRetirement(t *testing.T) {
	r := career.DefaultRules()
	lv := func(l employee.PositionLevel) *employee.PositionLevel { return &l }
	tests := []struct {
		name  string
		typ   employee.PositionType
		level *employee.PositionLevel
		age   int
		from  time.Time
	}{
		{"pelaksana 58", employee.PositionTypePELAKSANA, nil, 58, d(2038, 7, 1)},
		{"administrator 58", employee.PositionTypeADMINISTRATOR, nil, 58, d(2038, 7, 1)},
		{"JPT pratama 60", employee.PositionTypeJPT_PRATAMA, nil, 60, d(2040, 7, 1)},
		{"ahli muda 58", employee.PositionTypeFUNGSIONAL_KEAHLIAN, lv(employee.PositionLevelAHLI_MUDA), 58, d(2038, 7, 1)},
		{"ahli madya 60", employee.PositionTypeFUNGSIONAL_KEAHLIAN, lv(employee.PositionLevelAHLI_MADYA), 60, d(2040, 7, 1)},
		{"ahli utama 65", employee.PositionTypeFUNGSIONAL_KEAHLIAN, lv(employee.PositionLevelAHLI_UTAMA), 65, d(2045, 7, 1)},
		{"penyelia 58", employee.PositionTypeFUNGSIONAL_KETERAMPILAN, lv(employee.PositionLevelPENYELIA), 58, d(2038, 7, 1)},
	}
	for _, tc := range tests {
		f := good() // born 10 June 1980
		f.PositionType, f.PositionLevel = tc.typ, tc.level
		got := r.Retirement(f)
		if got.Age != tc.age || !got.PensionFrom.Equal(tc.from) || !got.ReachesAgeOn.Equal(d(1980+tc.age, 6, 10)) {
			t.Errorf("%s: Retirement = %d, %s, %s; want %d, %d-06-10, %s", tc.name, got.Age, got.ReachesAgeOn.Format(time.DateOnly), got.PensionFrom.Format(time.DateOnly), tc.age, 1980+tc.age, tc.from.Format(time.DateOnly))
		}
	}
	// Born on 31 December: the pension starts on 1 January.
	f := good()
	f.BirthDate = dp(1970, 12, 31)
	if got := r.Retirement(f); !got.PensionFrom.Equal(d(2029, 1, 1)) {
		t.Errorf("PensionFrom = %s, want 2029-01-01", got.PensionFrom.Format(time.DateOnly))
	}
}

func TestTraining(t *testing.T) {
	r := career.DefaultRules()
	f := good()
	if got := r.Training(f, 2026, 12); got.Right != 20 || got.Missing != 8 || got.Cap != nil {
		t.Errorf("PNS with 12 JP = %+v, want right 20, missing 8, no cap", got)
	}
	if got := r.Training(f, 2026, 20); got.Missing != 0 {
		t.Errorf("PNS with 20 JP: missing %d, want 0", got.Missing)
	}
	if got := r.Training(f, 2026, 31); got.Missing != 0 {
		t.Errorf("PNS with 31 JP: missing %d, want 0", got.Missing)
	}
	f.EmploymentType = "PPPK"
	if got := r.Training(f, 2026, 30); got.Right != 0 || got.Cap == nil || *got.Cap != 24 || got.Missing != 0 {
		t.Errorf("PPPK = %+v, want right 0, cap 24", got)
	}
}
