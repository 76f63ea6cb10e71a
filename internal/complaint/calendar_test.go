package complaint_test

import (
	"slices"
	"testing"
	"time"

	"simasn/internal/complaint"
)

// wib returns the instant at the given WIB wall-clock time.
func wib(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, complaint.WIB)
}

// utc parses an RFC 3339 instant, failing the test on a typo.
func utc(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("parse %q: %v", s, err)
	}
	return t
}

// defaultCalendar returns a calendar with the default holidays of 2025 to
// 2027.
func defaultCalendar() *complaint.Calendar {
	var days []time.Time
	for y := 2025; y <= 2027; y++ {
		days = append(days, complaint.DefaultHolidays(y)...)
	}
	return complaint.NewCalendar(days...)
}

// newYork is a zone west of Greenwich, where the date often differs from
// the WIB date.
var newYork = time.FixedZone("EST", -5*60*60)

func TestIsWorkingDay(t *testing.T) {
	empty := complaint.NewCalendar()
	// Wednesday 4 March 2026, as a holiday written at midnight in three
	// zones: each means 4 March.
	midweekUTC := complaint.NewCalendar(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC))
	midweekWest := complaint.NewCalendar(time.Date(2026, 3, 4, 0, 0, 0, 0, newYork))
	midweekWIB := complaint.NewCalendar(wib(2026, 3, 4, 0, 0))
	tests := []struct {
		name string
		cal  *complaint.Calendar
		t    time.Time
		want bool
	}{
		{"Monday", empty, wib(2026, 3, 2, 9, 0), true},
		{"Friday", empty, wib(2026, 3, 6, 16, 0), true},
		{"Saturday", empty, wib(2026, 3, 7, 9, 0), false},
		{"Sunday", empty, wib(2026, 3, 8, 9, 0), false},
		{"nil calendar on a weekday", nil, wib(2026, 3, 4, 9, 0), true},
		{"nil calendar on a Saturday", nil, wib(2026, 3, 7, 9, 0), false},
		{"holiday given in UTC", midweekUTC, wib(2026, 3, 4, 9, 0), false},
		{"holiday given west of Greenwich", midweekWest, wib(2026, 3, 4, 9, 0), false},
		{"holiday given in WIB", midweekWIB, wib(2026, 3, 4, 9, 0), false},
		{"day after a holiday", midweekWIB, wib(2026, 3, 5, 0, 0), true},
		{"last second before a holiday", midweekWIB, wib(2026, 3, 3, 23, 59).Add(59 * time.Second), true},
		{"first instant of a holiday", midweekWIB, wib(2026, 3, 4, 0, 0), false},
		// Near midnight WIB the UTC date is the day before.
		{"Friday in UTC, Saturday 00:30 in WIB", empty, utc(t, "2026-03-06T17:30:00Z"), false},
		{"Friday 23:59:59 WIB", empty, utc(t, "2026-03-06T16:59:59Z"), true},
		{"Sunday in UTC, Monday 00:00 in WIB", empty, utc(t, "2026-03-08T17:00:00Z"), true},
		{"Sunday 23:59 WIB", empty, utc(t, "2026-03-08T16:59:00Z"), false},
		{"Friday noon in New York is Saturday in WIB", empty, time.Date(2026, 3, 6, 12, 0, 0, 0, newYork), false},
		{"Idul Fitri collective leave 2026", defaultCalendar(), wib(2026, 3, 20, 9, 0), false},
		{"first working day after Lebaran 2026", defaultCalendar(), wib(2026, 3, 25, 9, 0), true},
		{"18 August 2025 collective leave", defaultCalendar(), wib(2025, 8, 18, 9, 0), false},
		{"New Year 2027", defaultCalendar(), wib(2027, 1, 1, 9, 0), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cal.IsWorkingDay(tc.t); got != tc.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tc.t.In(complaint.WIB), got, tc.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	empty := complaint.NewCalendar()
	mondayOff := complaint.NewCalendar(wib(2026, 3, 9, 0, 0))
	defaults := defaultCalendar()
	tests := []struct {
		name string
		cal  *complaint.Calendar
		t    time.Time
		n    int
		want time.Time
	}{
		{"zero days", empty, wib(2026, 3, 7, 10, 0), 0, wib(2026, 3, 7, 10, 0)},
		{"negative days", empty, wib(2026, 3, 4, 10, 0), -3, wib(2026, 3, 4, 10, 0)},
		{"Monday plus one", empty, wib(2026, 3, 2, 10, 0), 1, wib(2026, 3, 3, 10, 0)},
		{"Monday plus four", empty, wib(2026, 3, 2, 10, 0), 4, wib(2026, 3, 6, 10, 0)},
		{"Monday plus five skips the weekend", empty, wib(2026, 3, 2, 10, 0), 5, wib(2026, 3, 9, 10, 0)},
		{"Wednesday plus three skips the weekend", empty, wib(2026, 3, 4, 15, 45), 3, wib(2026, 3, 9, 15, 45)},
		{"Friday to Monday", empty, wib(2026, 3, 6, 10, 0), 1, wib(2026, 3, 9, 10, 0)},
		{"Saturday to Monday", empty, wib(2026, 3, 7, 10, 0), 1, wib(2026, 3, 9, 10, 0)},
		{"Sunday to Monday", empty, wib(2026, 3, 8, 10, 0), 1, wib(2026, 3, 9, 10, 0)},
		{"two weeks", empty, wib(2026, 3, 2, 10, 0), 10, wib(2026, 3, 16, 10, 0)},
		{"across a month end", empty, wib(2026, 1, 30, 8, 0), 1, wib(2026, 2, 2, 8, 0)},
		{"Friday to Tuesday over a Monday holiday", mondayOff, wib(2026, 3, 6, 10, 0), 1, wib(2026, 3, 10, 10, 0)},
		{"Pancasila Day on a Monday", defaults, wib(2026, 5, 29, 10, 0), 1, wib(2026, 6, 2, 10, 0)},
		{"Lebaran 2026", defaults, wib(2026, 3, 16, 9, 0), 3, wib(2026, 3, 26, 9, 0)},
		{"across New Year 2026", defaults, wib(2025, 12, 24, 10, 0), 4, wib(2026, 1, 2, 10, 0)},
		{"across New Year 2027", defaults, wib(2026, 12, 23, 10, 0), 5, wib(2027, 1, 4, 10, 0)},
		{"without holidays New Year's Day counts", empty, wib(2026, 12, 31, 10, 0), 1, wib(2027, 1, 1, 10, 0)},
		// 2026-03-06T17:30Z is Saturday 00:30 WIB: the next working day is
		// Monday, at 00:30 WIB.
		{"Saturday 00:30 WIB given in UTC", empty, utc(t, "2026-03-06T17:30:00Z"), 1, utc(t, "2026-03-08T17:30:00Z")},
		{"Friday 23:30 WIB given in UTC", empty, utc(t, "2026-03-06T16:30:00Z"), 1, utc(t, "2026-03-09T16:30:00Z")},
		{"given west of Greenwich", empty, time.Date(2026, 3, 6, 12, 0, 0, 0, newYork), 1, wib(2026, 3, 9, 0, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.cal.AddWorkingDays(tc.t, tc.n)
			if !got.Equal(tc.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tc.t.In(complaint.WIB), tc.n, got.In(complaint.WIB), tc.want.In(complaint.WIB))
			}
			if got.Location() != tc.t.Location() {
				t.Errorf("AddWorkingDays(%s, %d) is in %s, want %s as given", tc.t, tc.n, got.Location(), tc.t.Location())
			}
		})
	}
}

func TestAddWorkingDaysZeroIsIdentity(t *testing.T) {
	in := utc(t, "2026-03-07T03:04:05.123456789Z") // a Saturday
	if got := complaint.NewCalendar().AddWorkingDays(in, 0); got != in {
		t.Errorf("AddWorkingDays(%s, 0) = %s, want the same time.Time", in, got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	empty := complaint.NewCalendar()
	defaults := defaultCalendar()
	tests := []struct {
		name string
		cal  *complaint.Calendar
		a, b time.Time
		want int
	}{
		{"same instant", empty, wib(2026, 3, 2, 9, 0), wib(2026, 3, 2, 9, 0), 0},
		{"b before a", empty, wib(2026, 3, 9, 9, 0), wib(2026, 3, 2, 9, 0), 0},
		{"later the same day", empty, wib(2026, 3, 2, 9, 0), wib(2026, 3, 2, 17, 0), 0},
		{"next morning, earlier clock time", empty, wib(2026, 3, 2, 17, 0), wib(2026, 3, 3, 8, 0), 1},
		{"Friday to Monday", empty, wib(2026, 3, 6, 10, 0), wib(2026, 3, 9, 10, 0), 1},
		{"Friday to Sunday", empty, wib(2026, 3, 6, 10, 0), wib(2026, 3, 8, 10, 0), 0},
		{"Saturday to Sunday", empty, wib(2026, 3, 7, 10, 0), wib(2026, 3, 8, 10, 0), 0},
		{"Monday to Monday", empty, wib(2026, 3, 2, 10, 0), wib(2026, 3, 9, 10, 0), 5},
		{"four weeks", empty, wib(2026, 3, 2, 10, 0), wib(2026, 3, 30, 10, 0), 20},
		{"over a Monday holiday", complaint.NewCalendar(wib(2026, 3, 9, 0, 0)), wib(2026, 3, 6, 10, 0), wib(2026, 3, 10, 10, 0), 1},
		{"across Lebaran 2026", defaults, wib(2026, 3, 16, 9, 0), wib(2026, 3, 27, 9, 0), 4},
		{"across New Year 2026", defaults, wib(2025, 12, 24, 9, 0), wib(2026, 1, 2, 9, 0), 4},
		{"the whole of 2026", defaults, wib(2025, 12, 31, 12, 0), wib(2026, 12, 31, 12, 0), 240},
		// Counted by WIB date: Friday 23:00 to Saturday 00:30 WIB adds a
		// Saturday, Thursday 23:00 to Friday 00:30 adds a Friday.
		{"into Saturday at midnight WIB", empty, utc(t, "2026-03-06T16:00:00Z"), utc(t, "2026-03-06T17:30:00Z"), 0},
		{"into Friday at midnight WIB", empty, utc(t, "2026-03-05T16:00:00Z"), utc(t, "2026-03-05T17:30:00Z"), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cal.WorkingDaysBetween(tc.a, tc.b); got != tc.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.a.In(complaint.WIB), tc.b.In(complaint.WIB), got, tc.want)
			}
		})
	}
}

func TestWorkingDaysBetweenUndoesAddWorkingDays(t *testing.T) {
	cal := defaultCalendar()
	starts := []time.Time{
		wib(2025, 12, 20, 0, 0),
		wib(2026, 3, 13, 23, 59),
		wib(2026, 5, 26, 12, 0),
		utc(t, "2026-12-23T17:30:00Z"),
	}
	for _, start := range starts {
		for n := 1; n <= 40; n++ {
			end := cal.AddWorkingDays(start, n)
			if !cal.IsWorkingDay(end) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, not a working day", start, n, end)
			}
			if got := cal.WorkingDaysBetween(start, end); got != n {
				t.Errorf("WorkingDaysBetween(%s, AddWorkingDays(…, %d) = %s) = %d, want %d", start, n, end, got, n)
			}
		}
	}
}

func TestParseHolidays(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []time.Time
	}{
		{"commas", "2026-01-01,2026-03-20", []time.Time{wib(2026, 1, 1, 0, 0), wib(2026, 3, 20, 0, 0)}},
		{"commas and spaces", "2026-01-01, 2026-03-20", []time.Time{wib(2026, 1, 1, 0, 0), wib(2026, 3, 20, 0, 0)}},
		{"one a line", "2026-01-01\n2026-03-20\r\n2026-12-25\n", []time.Time{wib(2026, 1, 1, 0, 0), wib(2026, 3, 20, 0, 0), wib(2026, 12, 25, 0, 0)}},
		{"spaces and tabs only", "2026-01-01 \t 2026-03-20", []time.Time{wib(2026, 1, 1, 0, 0), wib(2026, 3, 20, 0, 0)}},
		{"empty entries skipped", ",2026-01-01,,\n,", []time.Time{wib(2026, 1, 1, 0, 0)}},
		{"order kept", "2026-12-25,2026-01-01", []time.Time{wib(2026, 12, 25, 0, 0), wib(2026, 1, 1, 0, 0)}},
		{"empty", "", nil},
		{"blank", " \n\t", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := complaint.ParseHolidays(tc.in)
			if err != nil {
				t.Fatalf("ParseHolidays(%q) error: %v", tc.in, err)
			}
			if !slices.EqualFunc(got, tc.want, time.Time.Equal) {
				t.Errorf("ParseHolidays(%q) = %v, want %v", tc.in, got, tc.want)
			}
			for _, d := range got {
				if d.Location() != complaint.WIB {
					t.Errorf("ParseHolidays(%q) gave %s in %s, want WIB", tc.in, d, d.Location())
				}
			}
		})
	}
}

func TestParseHolidaysErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"no such month", "2026-13-01",
			`parse holidays: entry 1 "2026-13-01" is not a date (want YYYY-MM-DD)`},
		{"no such day", "2026-01-01, 2026-02-30",
			`parse holidays: entry 2 "2026-02-30" is not a date (want YYYY-MM-DD)`},
		{"day first", "2026-01-01\n01/02/2026",
			`parse holidays: entry 2 "01/02/2026" is not a date (want YYYY-MM-DD)`},
		{"no leading zeros", "2026-1-5",
			`parse holidays: entry 1 "2026-1-5" is not a date (want YYYY-MM-DD)`},
		{"a timestamp", "2026-01-01T00:00:00Z",
			`parse holidays: entry 1 "2026-01-01T00:00:00Z" is not a date (want YYYY-MM-DD)`},
		{"semicolons", "2026-01-01;2026-03-20",
			`parse holidays: entry 1 "2026-01-01;2026-03-20" is not a date (want YYYY-MM-DD)`},
		{"first bad entry named", "2026-01-01,x,y",
			`parse holidays: entry 2 "x" is not a date (want YYYY-MM-DD)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := complaint.ParseHolidays(tc.in)
			if err == nil {
				t.Fatalf("ParseHolidays(%q) = %v, nil; want error %q", tc.in, got, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("ParseHolidays(%q) error = %q, want %q", tc.in, err, tc.want)
			}
			if got != nil {
				t.Errorf("ParseHolidays(%q) = %v with an error, want nil", tc.in, got)
			}
		})
	}
}

func TestDefaultHolidays(t *testing.T) {
	tests := []struct {
		year     int
		wantSome bool
		includes []time.Time
	}{
		{2024, false, nil},
		{2025, true, []time.Time{wib(2025, 1, 1, 0, 0), wib(2025, 3, 31, 0, 0), wib(2025, 4, 7, 0, 0), wib(2025, 8, 18, 0, 0), wib(2025, 12, 26, 0, 0)}},
		{2026, true, []time.Time{wib(2026, 1, 1, 0, 0), wib(2026, 3, 20, 0, 0), wib(2026, 3, 24, 0, 0), wib(2026, 6, 1, 0, 0), wib(2026, 12, 24, 0, 0)}},
		{2027, true, []time.Time{wib(2027, 1, 1, 0, 0), wib(2027, 3, 26, 0, 0), wib(2027, 8, 17, 0, 0), wib(2027, 12, 25, 0, 0)}},
		{2028, false, nil},
	}
	for _, tc := range tests {
		t.Run(time.Date(tc.year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			got := complaint.DefaultHolidays(tc.year)
			if !tc.wantSome {
				if got != nil {
					t.Fatalf("DefaultHolidays(%d) = %v, want nil", tc.year, got)
				}
				return
			}
			if len(got) < 15 {
				t.Fatalf("DefaultHolidays(%d) has %d days, want at least the 15 fixed and religious holidays", tc.year, len(got))
			}
			for i, d := range got {
				w := d.In(complaint.WIB)
				if w.Year() != tc.year {
					t.Errorf("DefaultHolidays(%d)[%d] = %s, in another year", tc.year, i, w)
				}
				if h, m, s := w.Clock(); h != 0 || m != 0 || s != 0 {
					t.Errorf("DefaultHolidays(%d)[%d] = %s, want midnight WIB", tc.year, i, w)
				}
				if i > 0 && !d.After(got[i-1]) {
					t.Errorf("DefaultHolidays(%d)[%d] = %s, not after %s: want strictly increasing dates", tc.year, i, d, got[i-1])
				}
			}
			for _, want := range tc.includes {
				if !slices.ContainsFunc(got, want.Equal) {
					t.Errorf("DefaultHolidays(%d) lacks %s", tc.year, want.Format(time.DateOnly))
				}
			}
		})
	}
}

func TestDefaultHolidaysReturnsACopy(t *testing.T) {
	first := complaint.DefaultHolidays(2026)
	first[0] = time.Time{}
	if again := complaint.DefaultHolidays(2026); !again[0].Equal(wib(2026, 1, 1, 0, 0)) {
		t.Errorf("DefaultHolidays(2026)[0] = %s after the caller changed its copy, want 2026-01-01", again[0])
	}
}
