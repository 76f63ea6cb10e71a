package leave

import (
	"fmt"
	"time"

	"simasn/ent/employee"
	"simasn/ent/leaverequest"
)

// Kind is a kind of leave (jenis cuti).
type Kind = leaverequest.Kind

// The kinds, PP 11/2017 Pasal 310 (as amended by PP 17/2020) for PNS and
// CPNS, PP 49/2018 Pasal 76 for PPPK. Collective leave (cuti bersama) is in
// the holiday calendar and needs no request.
const (
	Annual          = leaverequest.KindANNUAL
	Big             = leaverequest.KindBIG
	Sick            = leaverequest.KindSICK
	Maternity       = leaverequest.KindMATERNITY
	ImportantReason = leaverequest.KindIMPORTANT_REASON
	Unpaid          = leaverequest.KindUNPAID
)

// Annual leave (cuti tahunan): PP 11/2017 Pasal 311–313 and Peraturan BKN
// 24/2017 as amended by Peraturan BKN 7/2021 for PNS and CPNS; PP 49/2018
// Pasal 78 for PPPK.
const (
	// AnnualDays is the yearly right: 12 working days, after at least one
	// year of continuous service (Pasal 311 ayat 1–2; PP 49/2018 Pasal 78).
	AnnualDays = 12
	// CarryOnce is the most a year's right plus what is carried over from
	// the year before may reach: 18 working days (Pasal 312 ayat 1), so at
	// most 6 days are carried.
	CarryOnce = 18
	// CarryTwice is the most the right may reach when the right went
	// unused for two years or more in a row: 24 working days, the current
	// year's included (Pasal 312 ayat 2).
	CarryTwice = 24
)

// Service conditions.
const (
	// BigServiceYears: big leave (cuti besar) after at least 5 years of
	// continuous service, at most 3 months, once in every 5 years (PP
	// 11/2017 Pasal 315–316); a religious obligation is exempt from the 5
	// years (Pasal 315 ayat 2).
	BigServiceYears = 5
	// UnpaidServiceYears: leave outside the state's responsibility (cuti di
	// luar tanggungan negara) after at least 5 years of service, at most 3
	// years (PP 11/2017 Pasal 332–333).
	UnpaidServiceYears = 5
	// MaxMaternityChildren: maternity leave for the first to the third
	// child while a civil servant (PP 11/2017 Pasal 327; PP 49/2018 Pasal
	// 86); a PNS's fourth child and later ones take big leave.
	MaxMaternityChildren = 3
)

// maxLength returns the latest last day of a leave of kind k starting on
// start, for an employee of type t (calendar lengths, as the regulations
// state them), and the length in words.
//
//   - big leave: 3 months (PP 11/2017 Pasal 316);
//   - sick leave: PNS 1 year, extended by at most 6 months on the health
//     board's finding (Pasal 321–322), so 18 months; PPPK 1 month (PP
//     49/2018 Pasal 83 ayat 4);
//   - maternity leave: 3 months (Pasal 327; PP 49/2018 Pasal 86);
//   - important reasons: 1 month (Pasal 330);
//   - unpaid leave: 3 years (Pasal 332), extension by a new request.
//
// Annual leave is bounded by the balance, not by a length.
func maxLength(k Kind, t employee.EmploymentType, start time.Time) (time.Time, string) {
	switch k {
	case Big, Maternity:
		return start.AddDate(0, 3, -1), "3 months"
	case Sick:
		if t == employee.EmploymentTypePPPK {
			return start.AddDate(0, 1, -1), "1 month for PPPK"
		}
		return start.AddDate(1, 6, -1), "1 year and 6 months"
	case ImportantReason:
		return start.AddDate(0, 1, -1), "1 month"
	case Unpaid:
		return start.AddDate(3, 0, -1), "3 years"
	}
	return start.AddDate(1, 0, -1), "1 year"
}

// allowed reports whether an employee of type t may take leave of kind k
// at all: PPPK have annual, sick and maternity leave (PP 49/2018 Pasal 76);
// CPNS have annual (Pasal 311), sick, maternity and important-reason leave
// but neither big leave nor unpaid leave, which need years of service as a
// PNS.
func allowed(k Kind, t employee.EmploymentType) error {
	switch t {
	case employee.EmploymentTypePPPK:
		if k == Annual || k == Sick || k == Maternity {
			return nil
		}
		return fmt.Errorf("PPPK have annual, sick and maternity leave only (PP 49/2018 Pasal 76), not %s", k)
	case employee.EmploymentTypeCPNS:
		if k == Big || k == Unpaid {
			return fmt.Errorf("a CPNS has no %s leave: it needs five years of service as a civil servant", k)
		}
	}
	return nil
}

// yearsOfService returns the whole years from start to day.
func yearsOfService(start, day time.Time) int {
	y := day.Year() - start.Year()
	if day.Month() < start.Month() || (day.Month() == start.Month() && day.Day() < start.Day()) {
		y--
	}
	return y
}

// Entitled reports whether an employee whose service began on start
// (CPNS TMT, or the first PPPK contract) has the annual right on day: one
// full year of continuous service.
func Entitled(start *time.Time, day time.Time) bool {
	return start != nil && yearsOfService(*start, day) >= 1
}

// YearBalance is what an employee may take of annual leave in a year.
type YearBalance struct {
	// Year is the calendar year.
	Year int
	// Entitlement is the year's own right: 12 working days when the year
	// of service is complete by 31 December, else 0; 0 too in a year in
	// which the employee takes big leave (PP 11/2017 Pasal 317: a PNS
	// who takes big leave has no annual leave that year).
	Entitlement int
	// CarriedOver is what is carried over from earlier years: at most 6
	// days (up to 18 with the year's right), or 12 (up to 24) when the
	// right went wholly unused in the two years before.
	CarriedOver int
	// Used is the annual leave approved in the year, in working days.
	Used int
	// Pending is the annual leave requested and not yet decided.
	Pending int
}

// Total is the right of the year: entitlement plus carry-over.
func (b YearBalance) Total() int { return b.Entitlement + b.CarriedOver }

// Remaining is what may still be asked for: the total less the used and
// the pending days.
func (b YearBalance) Remaining() int { return max(0, b.Total()-b.Used-b.Pending) }

// History is an employee's annual-leave record, per year.
type History struct {
	// Start is when service began (nil: unknown, no right).
	Start *time.Time
	// Used holds the approved annual leave per year, in working days.
	Used map[int]int
	// Pending holds the undecided annual leave per year.
	Pending map[int]int
	// BigLeave holds the years in which big leave was approved.
	BigLeave map[int]bool
}

// Balance computes the annual balance of year from the history, by the
// carry-over rule of PP 11/2017 Pasal 312: the unused part of a year's
// right is carried to the next year up to 6 days (18 with the new right);
// a right that went wholly unused for two years in a row is carried up to
// 12 days (24 with the new right). Days taken come first from the
// carried-over days, then from the year's own right. Carry-over does not
// compound beyond that: only the year before and the one before it count.
func Balance(h History, year int) YearBalance {
	own := func(y int) int {
		if h.BigLeave[y] || h.Start == nil || !Entitled(h.Start, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)) {
			return 0
		}
		return AnnualDays
	}
	var carried int
	// Walk from four years back: further back cannot change the carry-over.
	for y := year - 4; y < year; y++ {
		ent := own(y)
		used := h.Used[y]
		if ent == 0 {
			carried = 0
			continue
		}
		// Days taken first use up the carried-over days.
		fromOwn := max(0, used-carried)
		unused := max(0, ent-fromOwn)
		prevUnused := y-1 >= year-4 && own(y-1) > 0 && h.Used[y-1] == 0
		switch {
		case used == 0 && prevUnused:
			carried = min(unused, CarryTwice-AnnualDays)
		default:
			carried = min(unused, CarryOnce-AnnualDays)
		}
	}
	if own(year) == 0 && h.BigLeave[year] {
		carried = 0
	}
	return YearBalance{Year: year, Entitlement: own(year), CarriedOver: carried, Used: h.Used[year], Pending: h.Pending[year]}
}
