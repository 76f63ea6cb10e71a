package appraisal_test

import (
	"testing"
	"time"

	"simasn/internal/appraisal"
)

func TestPredicateOf(t *testing.T) {
	tests := []struct {
		name      string
		results   appraisal.Rating
		behaviour appraisal.Rating
		want      appraisal.Predicate
	}{
		{"results above, behaviour below", appraisal.Above, appraisal.Below, appraisal.Kurang},
		{"results above, behaviour meets", appraisal.Above, appraisal.Meets, appraisal.Baik},
		{"results above, behaviour above", appraisal.Above, appraisal.Above, appraisal.SangatBaik},
		{"results meets, behaviour below", appraisal.Meets, appraisal.Below, appraisal.Kurang},
		{"results meets, behaviour meets", appraisal.Meets, appraisal.Meets, appraisal.Baik},
		{"results meets, behaviour above", appraisal.Meets, appraisal.Above, appraisal.Baik},
		{"results below, behaviour below", appraisal.Below, appraisal.Below, appraisal.SangatKurang},
		{"results below, behaviour meets", appraisal.Below, appraisal.Meets, appraisal.ButuhPerbaikan},
		{"results below, behaviour above", appraisal.Below, appraisal.Above, appraisal.ButuhPerbaikan},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appraisal.PredicateOf(tc.results, tc.behaviour)
			if err != nil {
				t.Fatalf("PredicateOf(%s, %s) error: %v", tc.results, tc.behaviour, err)
			}
			if got != tc.want {
				t.Errorf("PredicateOf(%s, %s) = %s, want %s", tc.results, tc.behaviour, got, tc.want)
			}
		})
	}
}

func TestPredicateOfInvalid(t *testing.T) {
	tests := []struct {
		name      string
		results   appraisal.Rating
		behaviour appraisal.Rating
		want      string
	}{
		{"empty results", "", appraisal.Meets,
			`work results rating "" is not a rating (want BELOW, MEETS or ABOVE)`},
		{"lower-case results", "above", appraisal.Meets,
			`work results rating "above" is not a rating (want BELOW, MEETS or ABOVE)`},
		{"unknown behaviour", appraisal.Meets, "EXCELLENT",
			`work behaviour rating "EXCELLENT" is not a rating (want BELOW, MEETS or ABOVE)`},
		{"both invalid names results first", "X", "Y",
			`work results rating "X" is not a rating (want BELOW, MEETS or ABOVE)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appraisal.PredicateOf(tc.results, tc.behaviour)
			if err == nil {
				t.Fatalf("PredicateOf(%q, %q) = %s, nil; want error %q", tc.results, tc.behaviour, got, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("PredicateOf(%q, %q) error = %q, want %q", tc.results, tc.behaviour, err, tc.want)
			}
			if got != "" {
				t.Errorf("PredicateOf(%q, %q) = %q with an error, want \"\"", tc.results, tc.behaviour, got)
			}
		})
	}
}

func TestRatingValid(t *testing.T) {
	tests := []struct {
		rating appraisal.Rating
		want   bool
	}{
		{appraisal.Below, true},
		{appraisal.Meets, true},
		{appraisal.Above, true},
		{"", false},
		{"below", false},
		{"EXCEEDS", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.rating), func(t *testing.T) {
			if got := tc.rating.Valid(); got != tc.want {
				t.Errorf("Rating(%q).Valid() = %v, want %v", tc.rating, got, tc.want)
			}
		})
	}
}

func TestPredicateLabel(t *testing.T) {
	tests := []struct {
		predicate appraisal.Predicate
		want      string
		wantValid bool
	}{
		{appraisal.SangatBaik, "Sangat Baik", true},
		{appraisal.Baik, "Baik", true},
		{appraisal.ButuhPerbaikan, "Butuh Perbaikan", true},
		{appraisal.Kurang, "Kurang/Misconduct", true},
		{appraisal.SangatKurang, "Sangat Kurang", true},
		{"", "", false},
		{"CUKUP", "", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.predicate), func(t *testing.T) {
			if got := tc.predicate.Label(); got != tc.want {
				t.Errorf("Predicate(%q).Label() = %q, want %q", tc.predicate, got, tc.want)
			}
			if got := tc.predicate.Valid(); got != tc.wantValid {
				t.Errorf("Predicate(%q).Valid() = %v, want %v", tc.predicate, got, tc.wantValid)
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestPeriodBounds(t *testing.T) {
	tests := []struct {
		name      string
		kind      appraisal.PeriodKind
		year      int
		period    int
		wantStart time.Time
		wantEnd   time.Time
	}{
		{"annual", appraisal.Annual, 2024, 0, day(2024, time.January, 1), day(2024, time.December, 31)},
		{"annual first year", appraisal.Annual, 2000, 0, day(2000, time.January, 1), day(2000, time.December, 31)},
		{"annual last year", appraisal.Annual, 2100, 0, day(2100, time.January, 1), day(2100, time.December, 31)},
		{"Q1 of a leap year", appraisal.Quarterly, 2024, 1, day(2024, time.January, 1), day(2024, time.March, 31)},
		{"Q2", appraisal.Quarterly, 2025, 2, day(2025, time.April, 1), day(2025, time.June, 30)},
		{"Q3", appraisal.Quarterly, 2025, 3, day(2025, time.July, 1), day(2025, time.September, 30)},
		{"Q4", appraisal.Quarterly, 2025, 4, day(2025, time.October, 1), day(2025, time.December, 31)},
		{"January", appraisal.Monthly, 2025, 1, day(2025, time.January, 1), day(2025, time.January, 31)},
		{"February in a leap year", appraisal.Monthly, 2024, 2, day(2024, time.February, 1), day(2024, time.February, 29)},
		{"February in a common year", appraisal.Monthly, 2025, 2, day(2025, time.February, 1), day(2025, time.February, 28)},
		{"February 2000 is leap", appraisal.Monthly, 2000, 2, day(2000, time.February, 1), day(2000, time.February, 29)},
		{"February 2100 is not leap", appraisal.Monthly, 2100, 2, day(2100, time.February, 1), day(2100, time.February, 28)},
		{"April has 30 days", appraisal.Monthly, 2025, 4, day(2025, time.April, 1), day(2025, time.April, 30)},
		{"December", appraisal.Monthly, 2025, 12, day(2025, time.December, 1), day(2025, time.December, 31)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, end, err := appraisal.PeriodBounds(tc.kind, tc.year, tc.period)
			if err != nil {
				t.Fatalf("PeriodBounds(%s, %d, %d) error: %v", tc.kind, tc.year, tc.period, err)
			}
			if !start.Equal(tc.wantStart) || start.Location() != time.UTC {
				t.Errorf("start = %v, want %v", start, tc.wantStart)
			}
			if !end.Equal(tc.wantEnd) || end.Location() != time.UTC {
				t.Errorf("end = %v, want %v", end, tc.wantEnd)
			}
		})
	}
}

func TestPeriodBoundsInvalid(t *testing.T) {
	tests := []struct {
		name   string
		kind   appraisal.PeriodKind
		year   int
		period int
		want   string
	}{
		{"unknown kind", "WEEKLY", 2025, 1, `kind "WEEKLY" is not a period kind (want ANNUAL, QUARTERLY or MONTHLY)`},
		{"empty kind", "", 2025, 0, `kind "" is not a period kind (want ANNUAL, QUARTERLY or MONTHLY)`},
		{"year before 2000", appraisal.Annual, 1999, 0, "year 1999 is out of range (2000–2100)"},
		{"year after 2100", appraisal.Monthly, 2101, 1, "year 2101 is out of range (2000–2100)"},
		{"year 0", appraisal.Quarterly, 0, 1, "year 0 is out of range (2000–2100)"},
		{"annual with period 1", appraisal.Annual, 2025, 1, "period 1 is not allowed for an annual appraisal (want 0)"},
		{"quarter 0", appraisal.Quarterly, 2025, 0, "period 0 is not a quarter (want 1–4)"},
		{"quarter 5", appraisal.Quarterly, 2025, 5, "period 5 is not a quarter (want 1–4)"},
		{"month 0", appraisal.Monthly, 2025, 0, "period 0 is not a month (want 1–12)"},
		{"month 13", appraisal.Monthly, 2025, 13, "period 13 is not a month (want 1–12)"},
		{"negative month", appraisal.Monthly, 2025, -1, "period -1 is not a month (want 1–12)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, end, err := appraisal.PeriodBounds(tc.kind, tc.year, tc.period)
			if err == nil {
				t.Fatalf("PeriodBounds(%q, %d, %d) = %v, %v, nil; want error %q", tc.kind, tc.year, tc.period, start, end, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("PeriodBounds(%q, %d, %d) error = %q, want %q", tc.kind, tc.year, tc.period, err, tc.want)
			}
			if !start.IsZero() || !end.IsZero() {
				t.Errorf("PeriodBounds returned %v, %v with an error, want zero times", start, end)
			}
		})
	}
}

func TestPeriodKindValid(t *testing.T) {
	tests := []struct {
		kind appraisal.PeriodKind
		want bool
	}{
		{appraisal.Annual, true},
		{appraisal.Quarterly, true},
		{appraisal.Monthly, true},
		{"", false},
		{"annual", false},
		{"WEEKLY", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			if got := tc.kind.Valid(); got != tc.want {
				t.Errorf("PeriodKind(%q).Valid() = %v, want %v", tc.kind, got, tc.want)
			}
		})
	}
}

func TestCanTransition(t *testing.T) {
	statuses := []appraisal.Status{appraisal.Draft, appraisal.Submitted, appraisal.Approved, appraisal.Returned, "ARCHIVED", ""}
	allowed := map[[2]appraisal.Status]bool{
		{appraisal.Draft, appraisal.Submitted}:    true,
		{appraisal.Returned, appraisal.Submitted}: true,
		{appraisal.Submitted, appraisal.Approved}: true,
		{appraisal.Submitted, appraisal.Returned}: true,
	}
	// Every pair, so that a transition added by mistake is caught too.
	for _, from := range statuses {
		for _, to := range statuses {
			t.Run(string(from)+" to "+string(to), func(t *testing.T) {
				want := allowed[[2]appraisal.Status{from, to}]
				if got := appraisal.CanTransition(from, to); got != want {
					t.Errorf("CanTransition(%q, %q) = %v, want %v", from, to, got, want)
				}
			})
		}
	}
}

func TestNothingLeavesApproved(t *testing.T) {
	for _, to := range []appraisal.Status{appraisal.Draft, appraisal.Submitted, appraisal.Approved, appraisal.Returned} {
		if appraisal.CanTransition(appraisal.Approved, to) {
			t.Errorf("CanTransition(APPROVED, %s) = true, want false", to)
		}
	}
}

func TestStatusValid(t *testing.T) {
	tests := []struct {
		status appraisal.Status
		want   bool
	}{
		{appraisal.Draft, true},
		{appraisal.Submitted, true},
		{appraisal.Approved, true},
		{appraisal.Returned, true},
		{"", false},
		{"draft", false},
		{"REJECTED", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.status), func(t *testing.T) {
			if got := tc.status.Valid(); got != tc.want {
				t.Errorf("Status(%q).Valid() = %v, want %v", tc.status, got, tc.want)
			}
		})
	}
}
