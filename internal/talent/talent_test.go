package talent_test

import (
	"math"
	"testing"

	"simasn/ent/competency"
	"simasn/internal/appraisal"
	"simasn/internal/talent"
)

func TestPerformanceOf(t *testing.T) {
	want := map[appraisal.Predicate]talent.Level{
		appraisal.SangatBaik: talent.High, appraisal.Baik: talent.Medium,
		appraisal.ButuhPerbaikan: talent.Low, appraisal.Kurang: talent.Low, appraisal.SangatKurang: talent.Low,
	}
	for p, l := range want {
		if got := talent.PerformanceOf(p); got != l {
			t.Errorf("PerformanceOf(%s) = %s, want %s", p, got, l)
		}
	}
}

func TestPotentialOf(t *testing.T) {
	w := talent.DefaultWeights() // managerial 40, socio-cultural 20, technical 40
	tests := []struct {
		name   string
		levels map[competency.Kind][]int
		w      talent.Weights
		score  float64
		level  talent.Level
		ok     bool
	}{
		{"exactly 4 is high", map[competency.Kind][]int{competency.KindMANAGERIAL: {4, 4}}, w, 4, talent.High, true},
		{"just under 4 is medium", map[competency.Kind][]int{competency.KindMANAGERIAL: {4, 4, 4, 3}}, w, 3.75, talent.Medium, true},
		{"exactly 3 is medium", map[competency.Kind][]int{competency.KindTECHNICAL: {3}}, w, 3, talent.Medium, true},
		{"under 3 is low", map[competency.Kind][]int{competency.KindTECHNICAL: {2, 3}}, w, 2.5, talent.Low, true},
		{"weighted over the kinds assessed", map[competency.Kind][]int{competency.KindMANAGERIAL: {5}, competency.KindSOCIO_CULTURAL: {2}}, w, (40*5 + 20*2) / 60.0, talent.High, true},
		{"a kind weighted 0 does not count", map[competency.Kind][]int{competency.KindMANAGERIAL: {2}, competency.KindFUNCTIONAL: {5}}, w, 2, talent.Low, true},
		{"only kinds weighted 0", map[competency.Kind][]int{competency.KindFUNCTIONAL: {5}}, w, 0, "", false},
		{"nothing assessed", map[competency.Kind][]int{}, w, 0, "", false},
		{"other weights", map[competency.Kind][]int{competency.KindMANAGERIAL: {5}, competency.KindTECHNICAL: {2}}, talent.Weights{Managerial: 10, Technical: 90}, 2.3, talent.Low, true},
	}
	for _, tc := range tests {
		score, level, ok := talent.PotentialOf(tc.levels, tc.w)
		if ok != tc.ok || level != tc.level || math.Abs(score-tc.score) > 1e-9 {
			t.Errorf("%s: PotentialOf = %g, %s, %v; want %g, %s, %v", tc.name, score, level, ok, tc.score, tc.level, tc.ok)
		}
	}
}

func TestBoxOf(t *testing.T) {
	// PermenPANRB 3/2020: rows potential high→low, columns performance low→high.
	want := [3][3]int{{6, 8, 9}, {3, 5, 7}, {1, 2, 4}}
	levels := []talent.Level{talent.Low, talent.Medium, talent.High}
	for i, pot := range []talent.Level{talent.High, talent.Medium, talent.Low} {
		for j, perf := range levels {
			if got := talent.BoxOf(perf, pot); got != want[i][j] {
				t.Errorf("BoxOf(performance %s, potential %s) = %d, want %d", perf, pot, got, want[i][j])
			}
		}
	}
}
