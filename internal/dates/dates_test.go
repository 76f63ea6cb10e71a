package dates_test

import (
	"context"
	"testing"
	"time"

	"simasn/internal/dates"
)

func TestToday(t *testing.T) {
	for _, tc := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"last second of a WIB day", time.Date(2026, 3, 4, 16, 59, 59, 0, time.UTC), "2026-03-04"},
		{"first second of the next WIB day", time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC), "2026-03-05"},
		{"a clock in another zone", time.Date(2026, 3, 5, 1, 0, 0, 0, time.FixedZone("X", -5*3600)), "2026-03-05"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dates.Today(tc.now).Format(time.DateOnly); got != tc.want {
				t.Errorf("Today(%s) = %s, want %s", tc.now, got, tc.want)
			}
		})
	}
}

func TestBounds(t *testing.T) {
	now := time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC) // 2026-03-05 00:00 WIB
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name  string
		bound dates.Bound
		t     time.Time
		ok    bool
	}{
		{"birth on the first allowed day", dates.Birth, d(1940, 1, 1), true},
		{"birth the day before", dates.Birth, d(1939, 12, 31), false},
		{"birth today in WIB", dates.Birth, d(2026, 3, 5), true},
		{"birth tomorrow in WIB", dates.Birth, d(2026, 3, 6), false},
		{"birth in year 0", dates.Birth, d(0, 1, 1), false},
		{"service in 1950", dates.Service, d(1950, 1, 1), true},
		{"service in 1949", dates.Service, d(1949, 12, 31), false},
		{"service a year ahead", dates.Service, d(2027, 3, 5), true},
		{"service a year and a day ahead", dates.Service, d(2027, 3, 6), false},
		{"service in 9999", dates.Service, d(9999, 12, 31), false},
		{"training five years ahead", dates.Training, d(2031, 3, 5), true},
		{"training five years and a day ahead", dates.Training, d(2031, 3, 6), false},
		{"work day today", dates.WorkDay, d(2026, 3, 5), true},
		{"work day tomorrow", dates.WorkDay, d(2026, 3, 6), false},
		{"work day in 1999", dates.WorkDay, d(1999, 12, 31), false},
		{"a day written in WIB", dates.WorkDay, time.Date(2026, 3, 5, 0, 0, 0, 0, dates.WIB), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.bound.Check(tc.t, now)
			if got := err == nil; got != tc.ok {
				t.Errorf("Check(%s) = %v, want ok %v", tc.t.Format(time.DateOnly), err, tc.ok)
			}
		})
	}
}

func TestClock(t *testing.T) {
	fixed := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := dates.NewContext(context.Background(), func() time.Time { return fixed })
	if got := dates.Now(ctx); !got.Equal(fixed) {
		t.Errorf("Now = %s, want %s", got, fixed)
	}
	if got := dates.Now(context.Background()); time.Since(got) > time.Minute {
		t.Errorf("Now without a clock = %s, want about time.Now", got)
	}
}
