package attendance

import (
	"testing"
	"time"

	"simasn/internal/complaint"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// holidays2026 is the complaint calendar's built-in 2026 list, the one the
// deadlines use.
var holidays2026 = complaint.NewCalendar(complaint.DefaultHolidays(2026)...)

func TestCalendarDays(t *testing.T) {
	local := Exception{NonWorking: true, From: d(2026, 4, 8), To: d(2026, 4, 8), Name: "HUT Kabupaten"}
	reduced := Exception{From: d(2026, 5, 4), To: d(2026, 5, 4), Name: "Jam kerja khusus"}
	five := NewCalendar(FiveDay, holidays2026, local, reduced)
	six := NewCalendar(SixDay, holidays2026)
	tests := []struct {
		name              string
		cal               *Calendar
		day               time.Time
		working, isReduce bool
		start, end, net   string // HH:MM and minutes
		reason            string
	}{
		{"a Monday", five, d(2026, 4, 6), true, false, "07:30", "16:00", "450", ""},
		{"a Friday: a longer break for Friday prayers", five, d(2026, 4, 10), true, false, "07:30", "16:30", "450", ""},
		{"Saturday of a five-day week", five, d(2026, 4, 11), false, false, "", "", "", "Sabtu"},
		{"Saturday of a six-day week", six, d(2026, 4, 11), true, false, "07:00", "12:30", "330", ""},
		{"Sunday of a six-day week", six, d(2026, 4, 12), false, false, "", "", "", "Minggu"},
		{"Friday of a six-day week", six, d(2026, 4, 10), true, false, "07:00", "11:00", "240", ""},
		{"Good Friday, a national holiday", five, d(2026, 4, 3), false, false, "", "", "", "hari libur nasional atau cuti bersama"},
		{"collective leave after Idul Fitri", five, d(2026, 3, 23), false, false, "", "", "", "hari libur nasional atau cuti bersama"},
		{"a local non-working day", five, d(2026, 4, 8), false, false, "", "", "", "HUT Kabupaten"},
		{"Ramadan 1447 H, Monday", five, d(2026, 3, 2), true, true, "08:00", "15:00", "390", ""},
		{"Ramadan 1447 H, Friday", five, d(2026, 3, 6), true, true, "08:00", "15:30", "390", ""},
		{"Ramadan, six-day Saturday", six, d(2026, 3, 7), true, true, "08:00", "13:00", "300", ""},
		{"the last day before Ramadan", five, d(2026, 2, 18), true, false, "07:30", "16:00", "450", ""},
		{"reduced hours by a calendar exception", five, d(2026, 5, 4), true, true, "08:00", "15:00", "390", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.cal.Day(tt.day)
			if p.Working != tt.working || p.Reduced != tt.isReduce || p.Reason != tt.reason {
				t.Fatalf("working=%v reduced=%v reason=%q, want %v %v %q", p.Working, p.Reduced, p.Reason, tt.working, tt.isReduce, tt.reason)
			}
			if !p.Working {
				return
			}
			if got := p.Start().Format("15:04"); got != tt.start {
				t.Errorf("start = %s, want %s", got, tt.start)
			}
			if got := p.End().Format("15:04"); got != tt.end {
				t.Errorf("end = %s, want %s", got, tt.end)
			}
			if got := time.Duration(p.Hours.Net()) * time.Minute; got.String() != (mustMinutes(t, tt.net)).String() {
				t.Errorf("net = %v, want %s minutes", got, tt.net)
			}
			if p.Start().Location().String() != "WIB" {
				t.Errorf("start in %s, want WIB", p.Start().Location())
			}
		})
	}
}

func mustMinutes(t *testing.T, s string) time.Duration {
	t.Helper()
	m, err := time.ParseDuration(s + "m")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWeeklyHours(t *testing.T) {
	// Perpres 21/2023: 37.5 hours a week; Ramadan: 32.5.
	for _, tt := range []struct {
		w       Week
		reduced bool
		want    int
	}{{FiveDay, false, 2250}, {SixDay, false, 2250}, {FiveDay, true, 1950}, {SixDay, true, 1950}} {
		if got := WeeklyMinutes(tt.w, tt.reduced); got != tt.want {
			t.Errorf("%s reduced=%v: %d minutes a week, want %d", tt.w, tt.reduced, got, tt.want)
		}
	}
}

func TestWorkingDaysInApril2026(t *testing.T) {
	// April 2026 has 22 weekdays; Good Friday (3 April) is a holiday: 21.
	// A local non-working day on Wednesday 8 April leaves 20. A six-day
	// week adds the four Saturdays (4, 11, 18, 25): 25.
	if got := NewCalendar(FiveDay, holidays2026).WorkingDays(d(2026, 4, 1), d(2026, 4, 30)); got != 21 {
		t.Errorf("five-day: %d working days, want 21", got)
	}
	local := Exception{NonWorking: true, From: d(2026, 4, 8), To: d(2026, 4, 8), Name: "HUT"}
	if got := NewCalendar(FiveDay, holidays2026, local).WorkingDays(d(2026, 4, 1), d(2026, 4, 30)); got != 20 {
		t.Errorf("five-day with a local day: %d working days, want 20", got)
	}
	if got := NewCalendar(SixDay, holidays2026).WorkingDays(d(2026, 4, 1), d(2026, 4, 30)); got != 25 {
		t.Errorf("six-day: %d working days, want 25", got)
	}
}

func TestAncestors(t *testing.T) {
	got := ancestors("/1.02/1.02.01/1.02.01.03/")
	want := []string{"/1.02/", "/1.02/1.02.01/", "/1.02/1.02.01/1.02.01.03/"}
	if len(got) != len(want) {
		t.Fatalf("ancestors = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ancestors[%d] = %s, want %s", i, got[i], want[i])
		}
	}
}
