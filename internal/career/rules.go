package career

import (
	"fmt"
	"time"

	"simasn/ent/employee"
	"simasn/internal/analytics"
	"simasn/internal/appraisal"
	"simasn/internal/discipline"
	"simasn/internal/rank"
)

// Rules are the parameters of the career rules; DefaultRules returns the
// current regulations' values.
type Rules struct {
	// YearsInRank is the least time in the current rank before a regular
	// promotion: 4 years.
	YearsInRank int
	// AppraisalYears is how many of the last annual appraisals must be at
	// least Baik: 2.
	AppraisalYears int
	// PeriodMonths are the months whose first day is a promotion period:
	// April and October.
	PeriodMonths []time.Month
	// SalaryStepYears is the interval of the periodic salary step: 2 years.
	SalaryStepYears int
	// RetirementAges are the age limits by position (BUP).
	RetirementAges analytics.RetirementAges
	// JPRight is the yearly training right of a PNS and CPNS, in JP: 20.
	JPRight int
	// PPPKMaxJP is the yearly training cap of a PPPK, in JP: 24.
	PPPKMaxJP int
}

// DefaultRules returns the rules of the current regulations.
func DefaultRules() Rules {
	return Rules{
		YearsInRank:     4,
		AppraisalYears:  2,
		PeriodMonths:    []time.Month{time.April, time.October},
		SalaryStepYears: 2,
		RetirementAges:  analytics.DefaultRetirementAges(),
		JPRight:         analytics.JPRight,
		PPPKMaxJP:       analytics.PPPKMaxJP,
	}
}

// ceilings are the highest ranks a regular promotion reaches, by the
// education the employee holds (Keputusan Kepala BKN 12/2002).
var ceilings = map[string]string{
	"SD": "II/a", "SMP": "II/c", "SLTA": "III/b", "D1": "III/b", "D2": "III/b",
	"D3": "III/c", "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b",
}

// Ceiling returns the highest rank a regular promotion reaches for an
// education level, and false for an unknown level.
func Ceiling(education string) (string, bool) {
	r, ok := ceilings[education]
	return r, ok
}

// Facts are what the rules read about one employee. Dates are calendar
// days at midnight UTC (dates.Day).
type Facts struct {
	// Name is the employee's name, for ordering lists.
	Name           string
	EmploymentType string
	Status         string
	Rank           string
	RankDate       *time.Time
	Education      string
	PositionType   employee.PositionType
	PositionLevel  *employee.PositionLevel
	BirthDate      *time.Time
	CPNSDate       *time.Time
	// Predicates are the approved annual appraisal predicates by year.
	Predicates map[int]appraisal.Predicate
	// Penalties are the disciplinary penalties, in any order.
	Penalties []discipline.Penalty
}

// Check is the name of one condition of a promotion or salary step.
type Check string

// The conditions the rules check; a Finding names one.
const (
	CheckEmployment  Check = "EMPLOYMENT"   // a PNS (regular promotion) or an employee with a CPNS date (salary step)
	CheckStatus      Check = "STATUS"       // in active service
	CheckTimeInRank  Check = "TIME_IN_RANK" // four years in the current rank on the period's date
	CheckCeiling     Check = "CEILING"      // below the ceiling of the education
	CheckPerformance Check = "PERFORMANCE"  // annual predicates at least Baik
	CheckDiscipline  Check = "DISCIPLINE"   // no penalty in effect on the date
	CheckRetirement  Check = "RETIREMENT"   // still in service on the date
)

// Finding is the outcome of one check, with the reason in words.
type Finding struct {
	Check  Check
	Met    bool
	Detail string
}

// NextPeriod returns the first promotion period strictly after day today:
// the next 1 April or 1 October.
func (r Rules) NextPeriod(today time.Time) time.Time {
	for y := today.Year(); ; y++ {
		for _, m := range r.PeriodMonths {
			p := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			if p.After(today) {
				return p
			}
		}
	}
}

// IsPeriod reports whether day d is a promotion period.
func (r Rules) IsPeriod(d time.Time) bool {
	if d.Day() != 1 {
		return false
	}
	for _, m := range r.PeriodMonths {
		if d.Month() == m {
			return true
		}
	}
	return false
}

// periodOnOrAfter returns the first promotion period on or after day d.
func (r Rules) periodOnOrAfter(d time.Time) time.Time {
	return r.NextPeriod(d.AddDate(0, 0, -1))
}

// Promotion is the outlook of a regular promotion on one period.
type Promotion struct {
	// Period is the date the promotion would take effect (TMT).
	Period time.Time
	// Due is true when every check is met.
	Due bool
	// FromRank and ToRank: the current rank and the next (nil at the top
	// of the scale, for PPPK and at the ceiling).
	FromRank string
	ToRank   *string
	// EligibleByTimeFrom is the first period on which the time in rank is
	// met (nil without a rank date); before Period, the employee has waited
	// since then.
	EligibleByTimeFrom *time.Time
	// Findings are the checks in a fixed order; those not met say why the
	// employee is not due.
	Findings []Finding
}

// Promotion applies the regular promotion rules to f for the period on
// day period.
func (r Rules) Promotion(f Facts, period time.Time) *Promotion {
	return r.promotion(f, period, true)
}

// promotion is Promotion, with the findings' details in words only when
// detail: a long list decides everyone but words only a page.
func (r Rules) promotion(f Facts, period time.Time, detail bool) *Promotion {
	out := &Promotion{Period: period, FromRank: f.Rank, Findings: make([]Finding, 0, 7)}
	add := func(c Check, met bool, format string, args ...any) {
		fd := Finding{Check: c, Met: met}
		if detail {
			fd.Detail = fmt.Sprintf(format, args...)
		}
		out.Findings = append(out.Findings, fd)
	}
	pnsScale := f.EmploymentType == "PNS" || f.EmploymentType == "CPNS"
	switch f.EmploymentType {
	case "PNS":
		add(CheckEmployment, true, "a PNS")
	case "CPNS":
		add(CheckEmployment, false, "a CPNS is promoted only after the appointment as PNS")
	default:
		add(CheckEmployment, false, "a %s has a grade, not a rank: there is no rank promotion", f.EmploymentType)
	}
	add(CheckStatus, f.Status == "ACTIVE", "status %s", f.Status)

	if f.RankDate == nil {
		add(CheckTimeInRank, false, "the effective date (TMT) of rank %s is not recorded", f.Rank)
	} else {
		from := f.RankDate.AddDate(r.YearsInRank, 0, 0)
		first := r.periodOnOrAfter(from)
		out.EligibleByTimeFrom = &first
		if !from.After(period) {
			add(CheckTimeInRank, true, "in rank %s since %s: %d years on %s", f.Rank, day(*f.RankDate), r.YearsInRank, day(from))
		} else {
			add(CheckTimeInRank, false, "in rank %s since %s: %d years only on %s, after %s; first period %s", f.Rank, day(*f.RankDate), r.YearsInRank, day(from), day(period), day(first))
		}
	}

	if !pnsScale {
		add(CheckCeiling, false, "a %s grade has no regular rank promotion", f.EmploymentType)
	} else {
		cur, okCur := rank.Order("PNS", f.Rank)
		ceiling, okCeil := Ceiling(f.Education)
		top, _ := rank.Order("PNS", "IV/e")
		switch {
		case !okCur:
			add(CheckCeiling, false, "rank %q is not a PNS rank", f.Rank)
		case cur >= top:
			add(CheckCeiling, false, "rank %s is the top of the scale", f.Rank)
		case !okCeil:
			add(CheckCeiling, false, "education %q has no ceiling", f.Education)
		default:
			limit, _ := rank.Order("PNS", ceiling)
			if cur >= limit {
				add(CheckCeiling, false, "rank %s is the ceiling of a regular promotion for education %s (%s); further promotion only through a structural or functional position", f.Rank, f.Education, ceiling)
			} else {
				next := rank.PNSRanks[cur+1]
				out.ToRank = &next
				add(CheckCeiling, true, "%s is within the ceiling for education %s (%s)", next, f.Education, ceiling)
			}
		}
	}

	perf := r.performance(f, period.Year()-r.AppraisalYears, period.Year()-1)
	add(perf.Check, perf.Met, "%s", perf.Detail)

	var blocking *discipline.Penalty
	for i, p := range f.Penalties {
		if p.InEffect(period) && (blocking == nil || p.From.After(blocking.From)) {
			blocking = &f.Penalties[i]
		}
	}
	if blocking != nil {
		until := "without end"
		if blocking.Until != nil {
			until = "until " + day(*blocking.Until)
		}
		add(CheckDiscipline, false, "disciplinary penalty %s (%s, decree %s) in effect from %s %s", blocking.Kind, blocking.Level, blocking.Decree, day(blocking.From), until)
	} else {
		add(CheckDiscipline, true, "no disciplinary penalty in effect on %s", day(period))
	}

	if ret := r.Retirement(f); ret != nil && !ret.PensionFrom.After(period) {
		add(CheckRetirement, false, "retires (age %d) with the pension from %s, before %s", ret.Age, day(ret.PensionFrom), day(period))
	} else {
		add(CheckRetirement, true, "in service on %s", day(period))
	}

	out.Due = true
	for _, fd := range out.Findings {
		out.Due = out.Due && fd.Met
	}
	return out
}

// performance checks that the annual predicates of the years first…last
// are each at least Baik.
func (r Rules) performance(f Facts, first, last int) Finding {
	fail := func(format string, args ...any) Finding {
		return Finding{Check: CheckPerformance, Detail: fmt.Sprintf(format, args...)}
	}
	for y := first; y <= last; y++ {
		p, ok := f.Predicates[y]
		if !ok {
			return fail("no approved annual appraisal (SKP) for %d", y)
		}
		if !AtLeastBaik(p) {
			return fail("the annual appraisal (SKP) for %d is %s, below Baik", y, p.Label())
		}
	}
	if first == last {
		return Finding{Check: CheckPerformance, Met: true, Detail: fmt.Sprintf("the annual appraisal (SKP) for %d is at least Baik", first)}
	}
	return Finding{Check: CheckPerformance, Met: true, Detail: fmt.Sprintf("the annual appraisals (SKP) for %d–%d are at least Baik", first, last)}
}

// AtLeastBaik reports whether a predicate is Baik or Sangat Baik.
func AtLeastBaik(p appraisal.Predicate) bool {
	return p == appraisal.Baik || p == appraisal.SangatBaik
}

// SalaryStep is the outlook of the next periodic salary step (KGB).
type SalaryStep struct {
	// Date is the effective date (TMT) of the next step.
	Date time.Time
	// ServiceYears is the years of service counted on Date.
	ServiceYears int
	// Due is true when the appraisal of the year before Date is at least
	// Baik; otherwise the step is deferred.
	Due     bool
	Finding Finding
}

// SalaryStep returns the next periodic salary step strictly after today,
// or nil without a CPNS date.
func (r Rules) SalaryStep(f Facts, today time.Time) *SalaryStep {
	if f.CPNSDate == nil {
		return nil
	}
	years := 0
	next := *f.CPNSDate
	for !next.After(today) {
		years += r.SalaryStepYears
		next = f.CPNSDate.AddDate(years, 0, 0)
	}
	if years == 0 { // appointed after today: the first step two years on
		years = r.SalaryStepYears
		next = f.CPNSDate.AddDate(years, 0, 0)
	}
	fd := r.performance(f, next.Year()-1, next.Year()-1)
	if !fd.Met {
		fd.Detail += "; the step is deferred until an appraisal of at least Baik"
	}
	return &SalaryStep{Date: next, ServiceYears: years, Due: fd.Met, Finding: fd}
}

// Retirement is the retirement of an employee at the age limit (BUP).
type Retirement struct {
	// Age is the age limit of the position.
	Age int
	// ReachesAgeOn is the birthday on which the limit is reached.
	ReachesAgeOn time.Time
	// PensionFrom is the first day of the month after it: the pension's
	// effective date (TMT pensiun).
	PensionFrom time.Time
}

// Retirement returns the retirement at the age limit of f's position, or
// nil without a birth date.
func (r Rules) Retirement(f Facts) *Retirement {
	if f.BirthDate == nil {
		return nil
	}
	age := r.RetirementAges.For(f.PositionType, f.PositionLevel)
	at := f.BirthDate.AddDate(age, 0, 0)
	from := time.Date(at.Year(), at.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	return &Retirement{Age: age, ReachesAgeOn: at, PensionFrom: from}
}

// TrainingRight is the training of one year against the right (PNS and
// CPNS: at least JPRight) or the cap (PPPK: at most PPPKMaxJP).
type TrainingRight struct {
	Year int
	// JP is the training completed in the year.
	JP int
	// Right is the least JP the employee has the right to (0 for PPPK).
	Right int
	// Cap is the most JP (nil when there is none).
	Cap *int
	// Missing is Right − JP, at least 0.
	Missing int
}

// Training compares jp, the training completed in year, with the right
// of f's employment type.
func (r Rules) Training(f Facts, year, jp int) *TrainingRight {
	out := &TrainingRight{Year: year, JP: jp}
	if f.EmploymentType == "PPPK" {
		c := r.PPPKMaxJP
		out.Cap = &c
		return out
	}
	out.Right = r.JPRight
	out.Missing = max(0, r.JPRight-jp)
	return out
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
