package dates

import (
	"context"
	"fmt"
	"time"
)

// WIB is Western Indonesia Time (Asia/Jakarta): UTC+7, without daylight
// saving, so a fixed zone needs no time-zone database.
var WIB = time.FixedZone("WIB", 7*60*60)

type clockKey struct{}

// NewContext returns ctx whose clock is now; a nil now leaves ctx as it is.
func NewContext(ctx context.Context, now func() time.Time) context.Context {
	if now == nil {
		return ctx
	}
	return context.WithValue(ctx, clockKey{}, now)
}

// Now returns the time by the clock of ctx, or time.Now without one.
func Now(ctx context.Context) time.Time {
	if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return now()
	}
	return time.Now()
}

// Day returns the calendar day of t in t's own location, at midnight UTC:
// the form in which SIMASN stores dates.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Today returns the calendar day in WIB at the instant now, at midnight UTC.
func Today(now time.Time) time.Time { return Day(now.In(WIB)) }

// Bound is the closed range of days a kind of date may take.
type Bound struct {
	// What names the kind of date in messages, e.g. "a birth date".
	What string
	// Earliest is the first day allowed.
	Earliest time.Time
	// Future is how far after today the last allowed day lies: 0 allows up
	// to today, {Years: 1} up to the same day next year.
	Future Span
}

// Span is a distance in calendar years, months and days.
type Span struct{ Years, Months, Days int }

// The bounds of DESIGN §4's dates; see the package comment.
var (
	// Birth bounds birth dates: not before 1940, not in the future.
	Birth = Bound{What: "a birth date", Earliest: day(1940, 1, 1)}
	// Service bounds the dates of a career — CPNS and PNS appointment,
	// rank and position TMT, a decree's date and its effective date (TMT):
	// not before 1950 and at most a year ahead, as a decree may be signed
	// for a TMT in the coming months.
	Service = Bound{What: "a service date", Earliest: day(1950, 1, 1), Future: Span{Years: 1}}
	// Training bounds a training's registration window and course days: not
	// before 1950 and at most five years ahead, the horizon of a
	// multi-year training plan.
	Training = Bound{What: "a training date", Earliest: day(1950, 1, 1), Future: Span{Years: 5}}
	// WorkDay bounds the day of a work log: not before 2000 and not after
	// today in WIB.
	WorkDay = Bound{What: "a work-log day", Earliest: day(2000, 1, 1)}
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Latest returns the last day b allows at the instant now.
func (b Bound) Latest(now time.Time) time.Time {
	return Today(now).AddDate(b.Future.Years, b.Future.Months, b.Future.Days)
}

// Check returns an error, fit for a person, when the day of t lies outside
// b at the instant now.
func (b Bound) Check(t, now time.Time) error {
	d := Day(t)
	if d.Before(b.Earliest) {
		return fmt.Errorf("%s cannot be before %s, got %s", b.What, b.Earliest.Format(time.DateOnly), format(d))
	}
	if last := b.Latest(now); d.After(last) {
		if b.Future == (Span{}) {
			return fmt.Errorf("%s cannot be in the future: %s is after today, %s (WIB)", b.What, format(d), last.Format(time.DateOnly))
		}
		return fmt.Errorf("%s cannot be after %s, got %s", b.What, last.Format(time.DateOnly), format(d))
	}
	return nil
}

// format writes a day as YYYY-MM-DD, also for years outside 0–9999.
func format(d time.Time) string {
	if y := d.Year(); y < 0 || y > 9999 {
		return fmt.Sprintf("%d-%02d-%02d", y, d.Month(), d.Day())
	}
	return d.Format(time.DateOnly)
}
