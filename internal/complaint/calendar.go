package complaint

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// WIB is Western Indonesian Time (Waktu Indonesia Barat, UTC+7), the zone of
// Lampung. Working days and calendar days are judged in WIB whatever the
// location of the times passed in. Indonesia has no daylight saving time,
// so a fixed zone is exact and needs no time zone database.
var WIB = time.FixedZone("WIB", 7*60*60)

// date is a calendar day, without a zone.
type date struct {
	year  int
	month time.Month
	day   int
}

// wibDate returns the calendar day in WIB of the instant t.
func wibDate(t time.Time) date {
	y, m, d := t.In(WIB).Date()
	return date{y, m, d}
}

// Calendar knows which days are working days: Monday to Friday, except
// holidays (hari libur nasional and cuti bersama). The holidays are
// configuration, since the government decrees them year by year and may
// change them at short notice. A nil *Calendar has no holidays. A Calendar
// is safe for concurrent use once made.
type Calendar struct {
	holidays map[date]bool
}

// NewCalendar returns a calendar with the given holidays. A holiday is a
// calendar date, read as written in its own location:
// time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) is 1 January, in WIB as
// everywhere. Duplicates are harmless.
func NewCalendar(holidays ...time.Time) *Calendar {
	c := &Calendar{holidays: make(map[date]bool, len(holidays))}
	for _, h := range holidays {
		y, m, d := h.Date()
		c.holidays[date{y, m, d}] = true
	}
	return c
}

// isWorkingDate reports whether the WIB calendar day of t is a working day.
func (c *Calendar) isWorkingDate(t time.Time) bool {
	w := t.In(WIB)
	if wd := w.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return c == nil || !c.holidays[wibDate(w)]
}

// IsHoliday reports whether the WIB calendar day of t is a holiday of the
// calendar (a national holiday or collective leave), whatever its weekday:
// the attendance calendar asks it of Saturdays too, which six-day units
// work.
func (c *Calendar) IsHoliday(t time.Time) bool {
	return c != nil && c.holidays[wibDate(t)]
}

// IsWorkingDay reports whether t falls on a working day, judged by its
// calendar day in WIB: 2026-03-06T17:30:00Z is Saturday 00:30 WIB, so not a
// working day, although it is still Friday in UTC.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	return c.isWorkingDate(t)
}

// AddWorkingDays returns the instant n working days after t: the same WIB
// clock time on the n-th working day after t's WIB date. Friday 10:00 plus
// one working day is Monday 10:00 when Monday is not a holiday; Saturday
// 10:00 plus one is Monday 10:00 as well, since t need not fall on a working
// day. For n ≤ 0 it returns t unchanged. The result is in t's location.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	if n <= 0 {
		return t
	}
	w := t.In(WIB)
	y, m, d := w.Date()
	hh, mm, ss := w.Clock()
	ns := w.Nanosecond()
	for k := 1; ; k++ {
		// time.Date normalizes day overflow into the next months and years.
		day := time.Date(y, m, d+k, hh, mm, ss, ns, WIB)
		if !c.isWorkingDate(day) {
			continue
		}
		if n--; n == 0 {
			return day.In(t.Location())
		}
	}
}

// WorkingDaysBetween returns the number of working days after a's WIB date
// up to and including b's WIB date, that is the working days d with
// a < d ≤ b counted by WIB date; 0 if b is not after a. It is the inverse of
// AddWorkingDays: WorkingDaysBetween(t, c.AddWorkingDays(t, n)) == n.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	if !b.After(a) {
		return 0
	}
	y, m, d := a.In(WIB).Date()
	last := wibDate(b)
	n := 0
	for k := 1; ; k++ {
		day := time.Date(y, m, d+k, 12, 0, 0, 0, WIB)
		if wibDate(day).after(last) {
			return n
		}
		if c.isWorkingDate(day) {
			n++
		}
	}
}

// after reports whether day x comes after day y.
func (x date) after(y date) bool {
	if x.year != y.year {
		return x.year > y.year
	}
	if x.month != y.month {
		return x.month > y.month
	}
	return x.day > y.day
}

// ParseHolidays parses a list of dates written YYYY-MM-DD, separated by
// commas, spaces or newlines, as in "2026-01-01, 2026-03-20". Each date is
// returned at midnight WIB, in the order given. Empty input gives no dates.
// An error names the first bad entry and its position in the list.
func ParseHolidays(s string) ([]time.Time, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || unicode.IsSpace(r)
	})
	var days []time.Time
	for i, f := range fields {
		t, err := time.ParseInLocation(time.DateOnly, f, WIB)
		if err != nil {
			return nil, fmt.Errorf("parse holidays: entry %d %q is not a date (want YYYY-MM-DD)", i+1, f)
		}
		days = append(days, t)
	}
	return days, nil
}
