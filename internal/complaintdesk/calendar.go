package complaintdesk

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"simasn/internal/complaint"
)

// HolidaysEnv is the environment variable with extra holidays (dates
// written YYYY-MM-DD, separated by commas, spaces or newlines) added to
// the built-in national holidays and collective leave, e.g. a regional
// holiday or a collective leave decreed at short notice.
const HolidaysEnv = "SIMASN_HOLIDAYS"

// DefaultCalendarFor returns the working-day calendar with the built-in
// holidays (complaint.DefaultHolidays) of the year before year, year
// itself and the year after: enough for complaints received last year and
// for deadlines that run into next year.
func DefaultCalendarFor(year int, extra ...time.Time) *complaint.Calendar {
	var days []time.Time
	for y := year - 1; y <= year+1; y++ {
		days = append(days, complaint.DefaultHolidays(y)...)
	}
	return complaint.NewCalendar(append(days, extra...)...)
}

// defaultCalendar is DefaultCalendarFor the year the process started.
var defaultCalendar = sync.OnceValue(func() *complaint.Calendar {
	return DefaultCalendarFor(time.Now().In(complaint.WIB).Year())
})

// DefaultCalendar returns the calendar with the built-in holidays of the
// previous, current and next years (DefaultCalendarFor the year the
// process started).
func DefaultCalendar() *complaint.Calendar { return defaultCalendar() }

// CalendarFromEnv returns the default calendar (DefaultCalendar) plus the
// extra holidays of SIMASN_HOLIDAYS, read with getenv. An unset or empty
// variable adds nothing; a malformed one is an error naming the variable
// and the first bad entry. Call it at start-up and pass the result to
// SetCalendar.
func CalendarFromEnv(getenv func(string) string) (*complaint.Calendar, error) {
	extra, err := complaint.ParseHolidays(getenv(HolidaysEnv))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", HolidaysEnv, err)
	}
	if len(extra) == 0 {
		return DefaultCalendar(), nil
	}
	return DefaultCalendarFor(now().In(complaint.WIB).Year(), extra...), nil
}

// now is the clock CalendarFromEnv reads the current year from; tests fix it.
var now = time.Now

var calendar atomic.Pointer[complaint.Calendar]

// SetCalendar sets the calendar the API's operations judge working days
// by (Calendar); nil restores DefaultCalendar. Call it at start-up.
func SetCalendar(cal *complaint.Calendar) { calendar.Store(cal) }

// Calendar returns the calendar set with SetCalendar, or DefaultCalendar.
func Calendar() *complaint.Calendar {
	if c := calendar.Load(); c != nil {
		return c
	}
	return DefaultCalendar()
}
