package nip

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// Kind says which numbering scheme a NIP follows.
type Kind string

const (
	// PNS is the scheme of civil servants (Pegawai Negeri Sipil), also used
	// for candidate civil servants (CPNS), whose NIP does not change when
	// they become PNS.
	PNS Kind = "PNS"
	// PPPK is the scheme of contract civil servants (Pegawai Pemerintah
	// dengan Perjanjian Kerja).
	PPPK Kind = "PPPK"
)

// KindFor returns the NIP kind used by an employment type: PNS for "PNS"
// and "CPNS", PPPK for "PPPK". It reports false for any other type.
func KindFor(employmentType string) (Kind, bool) {
	switch employmentType {
	case "PNS", "CPNS":
		return PNS, true
	case "PPPK":
		return PPPK, true
	}
	return "", false
}

// Gender is the holder's gender as encoded in the NIP.
type Gender string

const (
	// Male is encoded by the gender digit 1.
	Male Gender = "MALE"
	// Female is encoded by the gender digit 2.
	Female Gender = "FEMALE"
)

// Length is the number of digits in every NIP.
const Length = 18

// Limits on the dates a NIP may carry.
const (
	// MinYear is the earliest birth year accepted: no one born earlier is
	// still in service, or was when SIMASN began.
	MinYear = 1940
	// MaxYear is the latest birth or appointment year accepted.
	MaxYear = 2100
	// MinAge is the minimum age at first appointment, in years (PP 11/2017:
	// an applicant is at least 18). The appointment (TMT) must fall on or
	// after the 18th birthday, compared as full dates.
	MinAge = 18
)

// NIP is a parsed, valid identity number and the facts it encodes.
type NIP struct {
	// Number is the 18-digit number as given.
	Number string
	// Kind is the numbering scheme the number was parsed with.
	Kind Kind
	// BirthDate is the holder's birth date at midnight UTC.
	BirthDate time.Time
	// AppointedYear is the year of first appointment (as CPNS for PNS).
	AppointedYear int
	// AppointedMonth is the month of first appointment as CPNS, 1 to 12,
	// for PNS; it is always 0 for PPPK, whose numbers carry no month.
	AppointedMonth int
	// Gender is the holder's gender.
	Gender Gender
	// Serial is the serial number, 1 to 999.
	Serial int
}

// String returns the number.
func (n NIP) String() string { return n.Number }

// Error reports why a number is not a valid NIP.
type Error struct {
	// Number is the rejected input.
	Number string
	// Reason says, for a person, what is wrong with it.
	Reason string
}

// Error returns a message such as
// `NIP "198502301990011001" is invalid: the birth date 1985-02-30 does not exist`.
func (e *Error) Error() string {
	return fmt.Sprintf("NIP %q is invalid: %s", e.Number, e.Reason)
}

// Parse validates number as a NIP of the given kind and returns the facts it
// encodes. Any error is an *Error. The number must be exactly 18 digits,
// without spaces or separators; Format's grouping is for display only.
func Parse(number string, kind Kind) (NIP, error) {
	invalid := func(format string, args ...any) (NIP, error) {
		return NIP{}, &Error{Number: number, Reason: fmt.Sprintf(format, args...)}
	}
	if kind != PNS && kind != PPPK {
		return invalid("unknown kind %q (want %s or %s)", kind, PNS, PPPK)
	}
	if n := utf8.RuneCountInString(number); n != Length {
		return invalid("must be %d digits, got %d characters", Length, n)
	}
	for i, r := range []rune(number) {
		if r < '0' || r > '9' {
			return invalid("must contain only digits, found %q at position %d", r, i+1)
		}
	}
	// Every slice below is all digits, so Atoi cannot fail.
	num := func(from, to int) int {
		v, _ := strconv.Atoi(number[from:to])
		return v
	}
	f := fields{
		kind:           kind,
		birthYear:      num(0, 4),
		birthMonth:     num(4, 6),
		birthDay:       num(6, 8),
		appointedYear:  num(8, 12),
		appointedMonth: num(12, 14),
		genderDigit:    num(14, 15),
		serial:         num(15, 18),
	}
	if kind == PPPK {
		// Digits 13–14 of a PPPK number are not a month.
		f.appointedMonth = 0
	}
	if reason := f.check(); reason != "" {
		return invalid("%s", reason)
	}
	return f.nip(number), nil
}

// Build composes the NIP of the given kind for the given facts, such that
// Parse accepts it and returns the same facts. The birth date is taken from
// birth's calendar date in its own location. For PPPK, appointedMonth is
// ignored and the two variable digits are "01".
func Build(kind Kind, birth time.Time, appointedYear, appointedMonth int, g Gender, serial int) (string, error) {
	f := fields{
		kind:           kind,
		birthYear:      birth.Year(),
		birthMonth:     int(birth.Month()),
		birthDay:       birth.Day(),
		appointedYear:  appointedYear,
		appointedMonth: appointedMonth,
		serial:         serial,
	}
	switch kind {
	case PNS:
	case PPPK:
		f.appointedMonth = 0
	default:
		return "", fmt.Errorf("build NIP: unknown kind %q (want %s or %s)", kind, PNS, PPPK)
	}
	switch g {
	case Male:
		f.genderDigit = 1
	case Female:
		f.genderDigit = 2
	default:
		return "", fmt.Errorf("build NIP: unknown gender %q (want %s or %s)", g, Male, Female)
	}
	if reason := f.check(); reason != "" {
		return "", fmt.Errorf("build NIP: %s", reason)
	}
	middle := f.appointedMonth
	if kind == PPPK {
		middle = 1
	}
	number := fmt.Sprintf("%04d%02d%02d%04d%02d%d%03d",
		f.birthYear, f.birthMonth, f.birthDay, f.appointedYear, middle, f.genderDigit, f.serial)
	// check has accepted every field, so Parse accepts the number; parsing
	// again guards that promise.
	if _, err := Parse(number, kind); err != nil {
		return "", fmt.Errorf("build NIP: %w", err)
	}
	return number, nil
}

// Format groups a NIP for display as "YYYYMMDD YYYYMM G SSS". The same
// grouping is used for PPPK numbers. Anything that is not 18 digits is
// returned unchanged.
func Format(n string) string {
	if len(n) != Length {
		return n
	}
	for i := 0; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return n
		}
	}
	return n[0:8] + " " + n[8:14] + " " + n[14:15] + " " + n[15:18]
}

// fields are the numbers a NIP encodes, before validation. Parse and Build
// share them so that both apply the same rules.
type fields struct {
	kind                            Kind
	birthYear, birthMonth, birthDay int
	appointedYear, appointedMonth   int
	genderDigit, serial             int
}

// check returns why the fields do not make a valid NIP, or "" if they do.
func (f fields) check() string {
	if f.birthYear < MinYear || f.birthYear > MaxYear {
		return fmt.Sprintf("the birth year %d is out of range (%d–%d)", f.birthYear, MinYear, MaxYear)
	}
	if !realDate(f.birthYear, f.birthMonth, f.birthDay) {
		return fmt.Sprintf("the birth date %04d-%02d-%02d does not exist", f.birthYear, f.birthMonth, f.birthDay)
	}
	if f.appointedYear > MaxYear {
		return fmt.Sprintf("the appointment year %d is after %d", f.appointedYear, MaxYear)
	}
	if f.kind == PNS && (f.appointedMonth < 1 || f.appointedMonth > 12) {
		return fmt.Sprintf("the appointment month %02d is not a month (01–12)", f.appointedMonth)
	}
	n := f.nip("")
	if _, last := n.AppointmentPeriod(); last.Before(n.AdultOn()) {
		return fmt.Sprintf("the appointment (TMT) %s is entirely before the holder's %dth birthday, %s; no one is appointed younger (PP 11/2017)",
			n.appointment(), MinAge, n.AdultOn().Format(time.DateOnly))
	}
	if f.genderDigit != 1 && f.genderDigit != 2 {
		return fmt.Sprintf("the gender digit is %d; want 1 (male) or 2 (female)", f.genderDigit)
	}
	if f.serial < 1 || f.serial > 999 {
		shown := fmt.Sprintf("%03d", f.serial)
		if f.serial < 0 {
			shown = strconv.Itoa(f.serial)
		}
		return fmt.Sprintf("the serial number %s is out of range; serials run from 001 to 999", shown)
	}
	return ""
}

// nip returns the NIP for valid fields.
func (f fields) nip(number string) NIP {
	g := Male
	if f.genderDigit == 2 {
		g = Female
	}
	return NIP{
		Number:         number,
		Kind:           f.kind,
		BirthDate:      time.Date(f.birthYear, time.Month(f.birthMonth), f.birthDay, 0, 0, 0, 0, time.UTC),
		AppointedYear:  f.appointedYear,
		AppointedMonth: f.appointedMonth,
		Gender:         g,
		Serial:         f.serial,
	}
}

// AdultOn returns the day the holder turns MinAge: the birthday MinAge
// years on (for a birth on 29 February, 1 March of a common year).
func (n NIP) AdultOn() time.Time { return n.BirthDate.AddDate(MinAge, 0, 0) }

// AppointmentPeriod returns the first and the last day of the period the
// number places the first appointment (TMT) in: its month for PNS, its
// year for PPPK, whose numbers carry no month.
func (n NIP) AppointmentPeriod() (first, last time.Time) {
	if n.Kind == PPPK {
		first = time.Date(n.AppointedYear, time.January, 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(1, 0, -1)
	}
	first = time.Date(n.AppointedYear, time.Month(n.AppointedMonth), 1, 0, 0, 0, 0, time.UTC)
	return first, first.AddDate(0, 1, -1)
}

// appointment names the appointment period: 2010-03 or 2021.
func (n NIP) appointment() string {
	if n.Kind == PPPK {
		return strconv.Itoa(n.AppointedYear)
	}
	return fmt.Sprintf("%04d-%02d", n.AppointedYear, n.AppointedMonth)
}

// CheckAppointment returns why tmt, a full date, cannot be the holder's
// first appointment (TMT CPNS, or of the first PPPK contract): for PNS it
// must fall in the month the number encodes, and for everyone on or after
// the holder's 18th birthday. The reason is fit for a person.
func (n NIP) CheckAppointment(tmt time.Time) error {
	y, m, d := tmt.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if first, last := n.AppointmentPeriod(); n.Kind == PNS && (day.Before(first) || day.After(last)) {
		return fmt.Errorf("the CPNS appointment date %s is not in %s, the appointment month the NIP %s encodes", day.Format(time.DateOnly), n.appointment(), n.Number)
	}
	if adult := n.AdultOn(); day.Before(adult) {
		return fmt.Errorf("the appointment date %s is before the holder's %dth birthday, %s; no one is appointed younger (PP 11/2017)", day.Format(time.DateOnly), MinAge, adult.Format(time.DateOnly))
	}
	return nil
}

// CheckBirth returns an error, fit for a person, when the birth date the
// number encodes lies after today (a calendar day at midnight UTC).
func (n NIP) CheckBirth(today time.Time) error {
	if n.BirthDate.After(today) {
		return fmt.Errorf("the birth date %s the NIP encodes is in the future (today is %s)", n.BirthDate.Format(time.DateOnly), today.Format(time.DateOnly))
	}
	return nil
}

// realDate reports whether year-month-day is a date on the calendar.
func realDate(year, month, day int) bool {
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return t.Year() == year && int(t.Month()) == month && t.Day() == day
}
