package recruitment

import (
	"testing"
	"time"

	"simasn/ent"
)

func app(reg string, birth time.Time, twk, tiu, tkp int, skb *float64) *ent.Applicant {
	return &ent.Applicant{RegistrationNumber: reg, BirthDate: birth, Twk: &twk, Tiu: &tiu, Tkp: &tkp, Skb: skb}
}

func score(x float64) *float64 { return &x }

var rules2024 = Rules{TWKMin: 65, TIUMin: 80, TKPMin: 166, SKDWeight: 40, SKBWeight: 60}

// TestSKBCut: with one place, the best three SKD passers sit SKB; the
// fourth, equal on the total with the third but lower on TKP, does not.
func TestSKBCut(t *testing.T) {
	b := time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC)
	got := Rank(rules2024, 1, []*ent.Applicant{
		app("1", b, 100, 100, 200, nil), // 400
		app("2", b, 100, 100, 190, nil), // 390
		app("3", b, 90, 100, 180, nil),  // 370, TKP 180
		app("4", b, 100, 100, 170, nil), // 370, TKP 170: fourth
	})
	want := map[string]Status{"1": SKDPassed, "2": SKDPassed, "3": SKDPassed, "4": NotInvited}
	for _, st := range got {
		if st.Status != want[st.Applicant.RegistrationNumber] {
			t.Errorf("%s: %s, want %s", st.Applicant.RegistrationNumber, st.Status, want[st.Applicant.RegistrationNumber])
		}
	}
}

// TestFinalTieByAge: equal on every score, the older applicant ranks
// first; the final score 311 × 40/550 + 80 × 0.6 = 22.618 + 48 = 70.618.
func TestFinalTieByAge(t *testing.T) {
	older := time.Date(1995, 5, 1, 0, 0, 0, 0, time.UTC)
	younger := time.Date(1995, 5, 2, 0, 0, 0, 0, time.UTC)
	got := Rank(rules2024, 1, []*ent.Applicant{
		app("A", younger, 65, 80, 166, score(80)),
		app("B", older, 65, 80, 166, score(80)),
	})
	if got[0].Applicant.RegistrationNumber != "B" || !got[0].Selected || got[1].Selected || *got[0].FinalScore != 70.618 {
		t.Errorf("first %s (selected %v, final %v), second selected %v; want B selected with 70.618, A not",
			got[0].Applicant.RegistrationNumber, got[0].Selected, *got[0].FinalScore, got[1].Selected)
	}
}

// TestSKBThreshold: an SKB score at the year's threshold passes, a
// hundredth below fails.
func TestSKBThreshold(t *testing.T) {
	r := rules2024
	r.SKBMin = 60
	if !r.SKBPassed(Scores{SKB: score(60)}) || r.SKBPassed(Scores{SKB: score(59.99)}) {
		t.Error("SKB 60 must pass and 59.99 fail against a threshold of 60")
	}
}

func TestAgeOn(t *testing.T) {
	birth := time.Date(1990, 6, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		day  time.Time
		want int
	}{{time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), 34}, {time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), 35}} {
		if got := AgeOn(birth, c.day); got != c.want {
			t.Errorf("AgeOn(%s) = %d, want %d", c.day.Format(time.DateOnly), got, c.want)
		}
	}
}
