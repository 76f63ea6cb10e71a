package attendance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/calendarexception"
	"simasn/ent/unit"
	"simasn/ent/workschedule"
	"simasn/internal/complaint"
	"simasn/internal/dates"
	"simasn/internal/viewer"
)

// Week is a unit's working week (Perpres 21/2023 on working days and hours
// of government agencies: 37.5 hours a week, five or six days as the agency
// sets).
type Week string

// The working weeks.
const (
	// FiveDay is Monday to Friday, the default.
	FiveDay Week = "FIVE_DAY"
	// SixDay is Monday to Saturday, for schools and health centres that
	// need it.
	SixDay Week = "SIX_DAY"
)

// Hours is the scheduled start and end of a working day, in minutes after
// midnight WIB, and the minutes of break within it.
type Hours struct {
	Start, End, Break int
}

// Net is the working time of the day, breaks excluded, in minutes.
func (h Hours) Net() int { return h.End - h.Start - h.Break }

func hm(h, m int) int { return h*60 + m }

// hours returns the scheduled hours of a weekday in a working week, normal
// or reduced (Ramadan); ok is false when the weekday is not worked.
//
// Normal hours make 37.5 hours a week (Perpres 21/2023 Pasal 3): a
// five-day week works Monday–Thursday 07:30–16:00 with an hour's break and
// Friday 07:30–16:30 with an hour and a half for Friday prayers, 7.5 hours
// each; a six-day week (the pattern of Keppres 68/1995, breaks included)
// works Monday–Thursday 07:00–14:00, Friday 07:00–11:00 and Saturday
// 07:00–12:30. During Ramadan the Minister for Administrative and
// Bureaucratic Reform sets 32.5 hours a week by circular each year: five-day
// Monday–Thursday 08:00–15:00 and Friday 08:00–15:30 with a half-hour and an
// hour's break (6.5 hours each); six-day Monday–Thursday 08:00–14:00, Friday
// 08:00–11:30, Saturday 08:00–13:00.
func hours(w Week, wd time.Weekday, reduced bool) (Hours, bool) {
	if wd == time.Sunday || (wd == time.Saturday && w != SixDay) {
		return Hours{}, false
	}
	switch {
	case w == SixDay && !reduced:
		switch wd {
		case time.Friday:
			return Hours{hm(7, 0), hm(11, 0), 0}, true
		case time.Saturday:
			return Hours{hm(7, 0), hm(12, 30), 0}, true
		}
		return Hours{hm(7, 0), hm(14, 0), 0}, true
	case w == SixDay:
		switch wd {
		case time.Friday:
			return Hours{hm(8, 0), hm(11, 30), 0}, true
		case time.Saturday:
			return Hours{hm(8, 0), hm(13, 0), 0}, true
		}
		return Hours{hm(8, 0), hm(14, 0), 0}, true
	case !reduced:
		if wd == time.Friday {
			return Hours{hm(7, 30), hm(16, 30), 90}, true
		}
		return Hours{hm(7, 30), hm(16, 0), 60}, true
	default:
		if wd == time.Friday {
			return Hours{hm(8, 0), hm(15, 30), 60}, true
		}
		return Hours{hm(8, 0), hm(15, 0), 30}, true
	}
}

// WeeklyMinutes is the scheduled working time of a full week (no holiday),
// breaks excluded: 2,250 minutes (37.5 hours) normally, 1,950 (32.5 hours)
// in Ramadan.
func WeeklyMinutes(w Week, reduced bool) int {
	n := 0
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if h, ok := hours(w, wd, reduced); ok {
			n += h.Net()
		}
	}
	return n
}

// ramadan lists the built-in Ramadan ranges (first and last day), from the
// government's isbat decisions; other years, or a different decision, are
// added as REDUCED_HOURS calendar exceptions.
var ramadan = [][2]time.Time{
	{day(2025, 3, 1), day(2025, 3, 30)},  // 1446 H
	{day(2026, 2, 19), day(2026, 3, 20)}, // 1447 H
	{day(2027, 2, 8), day(2027, 3, 9)},   // 1448 H, estimated
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Plan is what a day holds for a unit.
type Plan struct {
	// Date is the day (midnight UTC, the stored form).
	Date time.Time
	// Working reports whether the unit works that day.
	Working bool
	// Reason names why a day is not worked: "Minggu", "Sabtu", a holiday
	// or a local non-working day; empty on working days.
	Reason string
	// Reduced reports Ramadan hours.
	Reduced bool
	// Hours are the scheduled hours of a working day.
	Hours Hours
	// Week is the unit's working week.
	Week Week
}

// Start is the scheduled start of a working day, as an instant.
func (p Plan) Start() time.Time { return p.at(p.Hours.Start) }

// End is the scheduled end of a working day, as an instant.
func (p Plan) End() time.Time { return p.at(p.Hours.End) }

func (p Plan) at(minutes int) time.Time {
	y, m, d := p.Date.Date()
	return time.Date(y, m, d, 0, minutes, 0, 0, dates.WIB)
}

// Calendar is the working calendar of one unit: its week, the national
// holidays and collective leave of the complaint calendar, and the
// calendar exceptions that apply to it (its own, its ancestors' and the
// province-wide ones).
type Calendar struct {
	week       Week
	holidays   *complaint.Calendar
	exceptions []*ent.CalendarException
}

// Exception is a calendar exception as Load reads it, for building a
// Calendar by hand (tests, the seeder).
type Exception struct {
	NonWorking bool
	From, To   time.Time
	Name       string
}

// NewCalendar returns a calendar with week, holidays (nil: none) and the
// exceptions that apply.
func NewCalendar(week Week, holidays *complaint.Calendar, exceptions ...Exception) *Calendar {
	c := &Calendar{week: week, holidays: holidays}
	for _, e := range exceptions {
		kind := calendarexception.KindREDUCED_HOURS
		if e.NonWorking {
			kind = calendarexception.KindNON_WORKING
		}
		c.exceptions = append(c.exceptions, &ent.CalendarException{Kind: kind, StartsOn: dates.Day(e.From), EndsOn: dates.Day(e.To), Name: e.Name})
	}
	return c
}

// Load returns the calendar of the unit with the given id over the days
// from..to: the nearest work schedule up the tree (five days when none),
// with holidays and the exceptions overlapping the range.
func Load(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, unitID int, from, to time.Time) (*Calendar, error) {
	ctx = viewer.System(ctx) // calendars are not personal; the caller decided who asks
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Select(unit.FieldPath).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar of unit %d: %w", unitID, err)
	}
	paths := ancestors(u.Path)
	cal := &Calendar{week: FiveDay, holidays: holidays}
	ss, err := c.WorkSchedule.Query().Where(workschedule.HasUnitWith(unit.PathIn(paths...))).WithUnit().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar of unit %d: %w", unitID, err)
	}
	deepest := -1
	for _, s := range ss {
		if d := len(s.Edges.Unit.Path); d > deepest {
			deepest, cal.week = d, Week(s.Kind)
		}
	}
	cal.exceptions, err = c.CalendarException.Query().Where(
		calendarexception.StartsOnLTE(dates.Day(to)), calendarexception.EndsOnGTE(dates.Day(from)),
		calendarexception.Or(calendarexception.UnitIDIsNil(), calendarexception.HasUnitWith(unit.PathIn(paths...))),
	).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar of unit %d: %w", unitID, err)
	}
	return cal, nil
}

// ancestors returns the paths of a unit and of every unit above it:
// "/1/1.2/" → "/1/", "/1/1.2/".
func ancestors(path string) []string {
	var out []string
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := range parts {
		out = append(out, "/"+strings.Join(parts[:i+1], "/")+"/")
	}
	return out
}

// Week returns the calendar's working week.
func (c *Calendar) Week() Week { return c.week }

// Day returns the plan of a day (its calendar date as written).
func (c *Calendar) Day(t time.Time) Plan {
	d := dates.Day(t)
	p := Plan{Date: d, Week: c.week}
	for _, r := range ramadan {
		if !d.Before(r[0]) && !d.After(r[1]) {
			p.Reduced = true
		}
	}
	for _, e := range c.exceptions {
		if d.Before(dates.Day(e.StartsOn)) || d.After(dates.Day(e.EndsOn)) {
			continue
		}
		if e.Kind == calendarexception.KindNON_WORKING {
			p.Reason = e.Name
			return p
		}
		p.Reduced = true
	}
	wd := d.Weekday()
	h, ok := hours(c.week, wd, p.Reduced)
	switch {
	case !ok && wd == time.Sunday:
		p.Reason = "Minggu"
	case !ok:
		p.Reason = "Sabtu"
	case c.holidays.IsHoliday(time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, dates.WIB)):
		p.Reason = "hari libur nasional atau cuti bersama"
	default:
		p.Working, p.Hours = true, h
	}
	return p
}

// WorkingDays counts the working days from from to to, both included.
func (c *Calendar) WorkingDays(from, to time.Time) int {
	n := 0
	for d := dates.Day(from); !d.After(dates.Day(to)); d = d.AddDate(0, 0, 1) {
		if c.Day(d).Working {
			n++
		}
	}
	return n
}
