package recruitment

import (
	"math"
	"slices"
	"strings"
	"time"

	"simasn/ent"
)

// SKDMax is the highest SKD total: TWK 150 + TIU 175 + TKP 225.
const SKDMax = 550

// SKBCut is how many times the formasi's places go on from SKD to SKB
// (PermenPANRB 27/2021).
const SKBCut = 3

// Rules are one recruitment year's selection rules.
type Rules struct {
	TWKMin, TIUMin, TKPMin int
	SKBMin                 float64
	SKDWeight, SKBWeight   int
}

// RulesOf returns the rules of a recruitment year.
func RulesOf(y *ent.RecruitmentYear) Rules {
	return Rules{TWKMin: y.TwkMin, TIUMin: y.TiuMin, TKPMin: y.TkpMin, SKBMin: y.SkbMin, SKDWeight: y.SkdWeight, SKBWeight: y.SkbWeight}
}

// Scores are an applicant's selection scores, nil where not yet recorded.
type Scores struct {
	TWK, TIU, TKP *int
	SKB           *float64
}

// ScoresOf returns the scores of an applicant.
func ScoresOf(a *ent.Applicant) Scores {
	return Scores{TWK: a.Twk, TIU: a.Tiu, TKP: a.Tkp, SKB: a.Skb}
}

// HasSKD reports whether all three SKD scores are recorded.
func (s Scores) HasSKD() bool { return s.TWK != nil && s.TIU != nil && s.TKP != nil }

// SKDTotal returns TWK + TIU + TKP, 0 without SKD scores.
func (s Scores) SKDTotal() int {
	if !s.HasSKD() {
		return 0
	}
	return *s.TWK + *s.TIU + *s.TKP
}

// SKDPassed reports whether every sub-test reaches its threshold; false
// without SKD scores.
func (r Rules) SKDPassed(s Scores) bool {
	return s.HasSKD() && *s.TWK >= r.TWKMin && *s.TIU >= r.TIUMin && *s.TKP >= r.TKPMin
}

// SKBPassed reports whether the SKB score is recorded and reaches the
// year's threshold.
func (r Rules) SKBPassed(s Scores) bool {
	return s.SKB != nil && hundredths(*s.SKB) >= hundredths(r.SKBMin)
}

// hundredths returns x in hundredths, the precision of SKB scores.
func hundredths(x float64) int64 { return int64(math.Round(x * 100)) }

// finalKey is the final score times 110,000, exact in integers: the final
// score is SKD·w₁/550 + SKB·w₂/100, and with SKB in hundredths (h) that is
// (SKD·w₁·200 + h·w₂·11) / 110,000.
func (r Rules) finalKey(s Scores) int64 {
	var h int64
	if s.SKB != nil {
		h = hundredths(*s.SKB)
	}
	return int64(s.SKDTotal())*int64(r.SKDWeight)*200 + h*int64(r.SKBWeight)*11
}

// Final returns the final score, rounded to three decimals; nil until both
// SKD and SKB are recorded.
func (r Rules) Final(s Scores) *float64 {
	if !s.HasSKD() || s.SKB == nil {
		return nil
	}
	f := math.Round(float64(r.finalKey(s))/110) / 1000
	return &f
}

// skdOrder orders two SKD passers as BKN does: the higher total first; on
// equal totals the higher TKP, then TIU, then TWK. 0 when all are equal.
func skdOrder(a, b Scores) int {
	for _, d := range [][2]int{{a.SKDTotal(), b.SKDTotal()}, {*a.TKP, *b.TKP}, {*a.TIU, *b.TIU}, {*a.TWK, *b.TWK}} {
		if d[0] != d[1] {
			return d[1] - d[0]
		}
	}
	return 0
}

// Status is where an applicant stands in the selection.
type Status string

// The statuses.
const (
	// Registered: no SKD scores yet.
	Registered Status = "REGISTERED"
	// SKDFailed: some SKD sub-test is below its threshold.
	SKDFailed Status = "SKD_FAILED"
	// SKDPassed: passed SKD, ranked within the SKB cut, SKB not recorded.
	SKDPassed Status = "SKD_PASSED"
	// NotInvited: passed SKD but ranked below three times the places, so
	// not invited to SKB.
	NotInvited Status = "NOT_INVITED_TO_SKB"
	// SKBFailed: the SKB score is below the year's threshold.
	SKBFailed Status = "SKB_FAILED"
	// Ranked: passed both, ranked below the places.
	Ranked Status = "RANKED"
	// Selected: passed both and ranked within the places.
	Selected Status = "SELECTED"
	// Appointed: selected and appointed.
	Appointed Status = "APPOINTED"
)

// Standing is an applicant's place in the selection of their formasi.
type Standing struct {
	Applicant *ent.Applicant
	Status    Status
	// SKDTotal is TWK + TIU + TKP; nil without SKD scores.
	SKDTotal *int
	// SKDPassed says whether every sub-test reached its threshold.
	SKDPassed bool
	// SKDRank is the place among the SKD passers (BKN's order); nil for
	// those who did not pass.
	SKDRank *int
	// FinalScore is the weighted final score; nil until SKB is recorded.
	FinalScore *float64
	// Rank is the place in the final ranking among those who passed SKD
	// and SKB; nil for the others.
	Rank *int
	// Selected says whether the applicant is within the places.
	Selected bool
}

// Rank ranks the applicants of a formasi with quota places under rules,
// best first: the final ranking, then those awaiting SKB in SKD order, then
// the rest (failed or without scores) by registration number.
func Rank(rules Rules, quota int, applicants []*ent.Applicant) []*Standing {
	out := make([]*Standing, 0, len(applicants))
	var passed []*Standing
	for _, a := range applicants {
		s := ScoresOf(a)
		st := &Standing{Applicant: a, Status: Registered}
		if s.HasSKD() {
			t := s.SKDTotal()
			st.SKDTotal = &t
			st.SKDPassed = rules.SKDPassed(s)
			st.Status = SKDFailed
			if st.SKDPassed {
				passed = append(passed, st)
			}
		}
		st.FinalScore = rules.Final(s)
		out = append(out, st)
	}
	slices.SortStableFunc(passed, func(a, b *Standing) int {
		if c := skdOrder(ScoresOf(a.Applicant), ScoresOf(b.Applicant)); c != 0 {
			return c
		}
		return tieBreak(a.Applicant, b.Applicant)
	})
	var finals []*Standing
	for i, st := range passed {
		n := i + 1
		st.SKDRank = &n
		s := ScoresOf(st.Applicant)
		switch {
		case n > SKBCut*quota:
			st.Status = NotInvited
		case s.SKB == nil:
			st.Status = SKDPassed
		case !rules.SKBPassed(s):
			st.Status = SKBFailed
		default:
			finals = append(finals, st)
		}
	}
	slices.SortStableFunc(finals, func(a, b *Standing) int { return finalOrder(rules, a.Applicant, b.Applicant) })
	for i, st := range finals {
		n := i + 1
		st.Rank = &n
		st.Status = Ranked
		if n <= quota {
			st.Selected = true
			st.Status = Selected
			if st.Applicant.EmployeeID != nil {
				st.Status = Appointed
			}
		}
	}
	weight := map[Status]int{Appointed: 0, Selected: 0, Ranked: 0, SKDPassed: 1, SKBFailed: 2, NotInvited: 2, SKDFailed: 3, Registered: 4}
	slices.SortStableFunc(out, func(a, b *Standing) int {
		if d := weight[a.Status] - weight[b.Status]; d != 0 {
			return d
		}
		switch {
		case a.Rank != nil && b.Rank != nil:
			return *a.Rank - *b.Rank
		case a.SKDRank != nil && b.SKDRank != nil:
			return *a.SKDRank - *b.SKDRank
		}
		return strings.Compare(a.Applicant.RegistrationNumber, b.Applicant.RegistrationNumber)
	})
	return out
}

// finalOrder orders two applicants who passed SKD and SKB: the higher
// final score first; on equal scores the higher SKB, then BKN's SKD order
// (total, TKP, TIU, TWK), then the tie-break of last resort.
func finalOrder(r Rules, a, b *ent.Applicant) int {
	sa, sb := ScoresOf(a), ScoresOf(b)
	if ka, kb := r.finalKey(sa), r.finalKey(sb); ka != kb {
		if ka > kb {
			return -1
		}
		return 1
	}
	if ha, hb := hundredths(*sa.SKB), hundredths(*sb.SKB); ha != hb {
		if ha > hb {
			return -1
		}
		return 1
	}
	if c := skdOrder(sa, sb); c != 0 {
		return c
	}
	return tieBreak(a, b)
}

// tieBreak orders applicants equal on every score: the older first (the
// earlier birth date), then by registration number, so that the order is
// total and the same on every database.
func tieBreak(a, b *ent.Applicant) int {
	if c := a.BirthDate.Compare(b.BirthDate); c != 0 {
		return c
	}
	return strings.Compare(a.RegistrationNumber, b.RegistrationNumber)
}

// AgeOn returns the age in whole years of someone born on birth, on day.
func AgeOn(birth, day time.Time) int {
	by, bm, bd := birth.UTC().Date()
	y, m, d := day.Date()
	age := y - by
	if m < bm || (m == bm && d < bd) {
		age--
	}
	return age
}
