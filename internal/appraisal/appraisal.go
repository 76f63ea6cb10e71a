package appraisal

import (
	"fmt"
	"time"
)

// Rating is the superior's rating of work results or work behaviour against
// expectation (ekspektasi).
type Rating string

const (
	// Below is "di bawah ekspektasi".
	Below Rating = "BELOW"
	// Meets is "sesuai ekspektasi".
	Meets Rating = "MEETS"
	// Above is "di atas ekspektasi".
	Above Rating = "ABOVE"
)

// Valid reports whether r is Below, Meets or Above.
func (r Rating) Valid() bool {
	switch r {
	case Below, Meets, Above:
		return true
	}
	return false
}

// Predicate is the performance predicate (predikat kinerja) of an appraisal.
type Predicate string

const (
	// SangatBaik is "Sangat Baik" (very good).
	SangatBaik Predicate = "SANGAT_BAIK"
	// Baik is "Baik" (good).
	Baik Predicate = "BAIK"
	// ButuhPerbaikan is "Butuh Perbaikan" (needs improvement).
	ButuhPerbaikan Predicate = "BUTUH_PERBAIKAN"
	// Kurang is "Kurang/Misconduct" (poor, or misconduct): good results
	// reached with behaviour below expectation.
	Kurang Predicate = "KURANG"
	// SangatKurang is "Sangat Kurang" (very poor).
	SangatKurang Predicate = "SANGAT_KURANG"
)

// labels are the predicates as printed on the SKP form.
var labels = map[Predicate]string{
	SangatBaik:     "Sangat Baik",
	Baik:           "Baik",
	ButuhPerbaikan: "Butuh Perbaikan",
	Kurang:         "Kurang/Misconduct",
	SangatKurang:   "Sangat Kurang",
}

// Label returns the predicate as printed on the SKP form, such as
// "Sangat Baik", or "" if p is not a predicate.
func (p Predicate) Label() string { return labels[p] }

// Valid reports whether p is one of the five predicates.
func (p Predicate) Valid() bool {
	_, ok := labels[p]
	return ok
}

// matrix maps work results, then work behaviour, to the predicate, as in
// the table of PermenPANRB 6/2022.
var matrix = map[Rating]map[Rating]Predicate{
	Above: {Below: Kurang, Meets: Baik, Above: SangatBaik},
	Meets: {Below: Kurang, Meets: Baik, Above: Baik},
	Below: {Below: SangatKurang, Meets: ButuhPerbaikan, Above: ButuhPerbaikan},
}

// PredicateOf returns the performance predicate for a rating of work results
// and a rating of work behaviour. Behaviour below expectation caps the
// predicate at Kurang/Misconduct however good the results; results below
// expectation cap it at Butuh Perbaikan. It returns an error if either
// rating is not valid.
func PredicateOf(results, behaviour Rating) (Predicate, error) {
	if !results.Valid() {
		return "", fmt.Errorf("work results rating %q is not a rating (want %s, %s or %s)", results, Below, Meets, Above)
	}
	if !behaviour.Valid() {
		return "", fmt.Errorf("work behaviour rating %q is not a rating (want %s, %s or %s)", behaviour, Below, Meets, Above)
	}
	return matrix[results][behaviour], nil
}

// PeriodKind is how long an appraisal period lasts. Annual appraisals are
// the SKP tahunan; quarterly and monthly ones are periodic (periodik).
type PeriodKind string

const (
	// Annual covers a calendar year.
	Annual PeriodKind = "ANNUAL"
	// Quarterly covers a calendar quarter.
	Quarterly PeriodKind = "QUARTERLY"
	// Monthly covers a calendar month.
	Monthly PeriodKind = "MONTHLY"
)

// Valid reports whether k is Annual, Quarterly or Monthly.
func (k PeriodKind) Valid() bool {
	switch k {
	case Annual, Quarterly, Monthly:
		return true
	}
	return false
}

// Limits on the year of an appraisal period.
const (
	// MinYear is the earliest year an appraisal may cover.
	MinYear = 2000
	// MaxYear is the latest year an appraisal may cover.
	MaxYear = 2100
)

// PeriodBounds returns the first and last day of an appraisal period, both
// inclusive and at midnight UTC. The period is 0 for Annual, the quarter 1
// to 4 for Quarterly and the month 1 to 12 for Monthly; the year runs from
// 2000 to 2100. Errors name the field at fault ("kind", "year" or "period").
func PeriodBounds(kind PeriodKind, year, period int) (start, end time.Time, err error) {
	if !kind.Valid() {
		return time.Time{}, time.Time{}, fmt.Errorf("kind %q is not a period kind (want %s, %s or %s)", kind, Annual, Quarterly, Monthly)
	}
	if year < MinYear || year > MaxYear {
		return time.Time{}, time.Time{}, fmt.Errorf("year %d is out of range (%d–%d)", year, MinYear, MaxYear)
	}
	var first time.Month
	var months int
	switch kind {
	case Annual:
		if period != 0 {
			return time.Time{}, time.Time{}, fmt.Errorf("period %d is not allowed for an annual appraisal (want 0)", period)
		}
		first, months = time.January, 12
	case Quarterly:
		if period < 1 || period > 4 {
			return time.Time{}, time.Time{}, fmt.Errorf("period %d is not a quarter (want 1–4)", period)
		}
		first, months = time.Month(3*(period-1)+1), 3
	case Monthly:
		if period < 1 || period > 12 {
			return time.Time{}, time.Time{}, fmt.Errorf("period %d is not a month (want 1–12)", period)
		}
		first, months = time.Month(period), 1
	}
	start = time.Date(year, first, 1, 0, 0, 0, 0, time.UTC)
	// Day 0 of the month after the period is its last day.
	end = time.Date(year, first+time.Month(months), 0, 0, 0, 0, 0, time.UTC)
	return start, end, nil
}

// Status is where an appraisal stands in its workflow.
type Status string

const (
	// Draft is being written by the employee and superior.
	Draft Status = "DRAFT"
	// Submitted awaits the superior's decision.
	Submitted Status = "SUBMITTED"
	// Approved is final.
	Approved Status = "APPROVED"
	// Returned was sent back for revision and may be submitted again.
	Returned Status = "RETURNED"
)

// Valid reports whether s is Draft, Submitted, Approved or Returned.
func (s Status) Valid() bool {
	switch s {
	case Draft, Submitted, Approved, Returned:
		return true
	}
	return false
}

// transitions lists, for each status, the statuses it may move to.
var transitions = map[Status][]Status{
	Draft:     {Submitted},
	Returned:  {Submitted},
	Submitted: {Approved, Returned},
}

// CanTransition reports whether an appraisal may move from status from to
// status to: draft or returned to submitted, and submitted to approved or
// returned. Approved is final; staying in the same status is not a
// transition.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}
