package ikm_test

import (
	"math"
	"testing"

	"simasn/internal/ikm"
)

func TestGradeBoundaries(t *testing.T) {
	tests := []struct {
		index float64
		want  ikm.Grade
	}{
		{100, ikm.A},
		{88.31, ikm.A},
		{88.305, ikm.A}, // rounds to 88.31
		{88.3049, ikm.B},
		{88.30, ikm.B},
		{76.61, ikm.B},
		{76.605, ikm.B},
		{76.6049, ikm.C},
		{76.60, ikm.C},
		{65.00, ikm.C},
		{64.995, ikm.C},
		{64.99, ikm.D},
		{25, ikm.D},
	}
	for _, tc := range tests {
		got, err := ikm.GradeOf(tc.index)
		if err != nil || got != tc.want {
			t.Errorf("GradeOf(%v) = %q, %v; want %q", tc.index, got, err, tc.want)
		}
	}
	for _, bad := range []float64{24.99, 100.01, -1, math.NaN()} {
		if g, err := ikm.GradeOf(bad); err == nil {
			t.Errorf("GradeOf(%v) = %q, want an error", bad, g)
		}
	}
}

func TestIndex(t *testing.T) {
	all := func(v float64) (m [ikm.NumElements]float64) {
		for i := range m {
			m[i] = v
		}
		return m
	}
	tests := []struct {
		name  string
		means [ikm.NumElements]float64
		want  float64
		grade ikm.Grade
	}{
		{"all poor", all(1), 25, ikm.D},
		{"all very good", all(4), 100, ikm.A},
		{"all good", all(3), 75, ikm.C},
		// Element means summing to 29.82: 29.82 / 9 × 25 = 82.83, a B.
		{"mixed", [ikm.NumElements]float64{3.45, 3.30, 3.21, 3.50, 3.41, 3.38, 3.40, 3.02, 3.15}, 82.8333333, ikm.B},
	}
	for _, tc := range tests {
		got := ikm.Index(tc.means)
		if math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("%s: Index = %v, want %v", tc.name, got, tc.want)
		}
		if g, _ := ikm.GradeOf(got); g != tc.grade {
			t.Errorf("%s: grade %q, want %q", tc.name, g, tc.grade)
		}
	}
}

func TestAnswersValidate(t *testing.T) {
	ok := ikm.Answers{1, 2, 3, 4, 4, 3, 2, 1, 4}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid answers: %v", err)
	}
	for i, bad := range []int{0, 5, -1} {
		a := ok
		a[i*3] = bad
		if err := a.Validate(); err == nil {
			t.Errorf("answer %d for U%d accepted", bad, i*3+1)
		}
	}
	if got := (ikm.Grade("A")).Performance(); got != "Sangat Baik" {
		t.Errorf("A performance = %q", got)
	}
}
