package complaintdesk

import "time"

// SetNow fixes the clock CalendarFromEnv reads until the returned function
// restores it.
func SetNow(t time.Time) (restore func()) {
	prev := now
	now = func() time.Time { return t }
	return func() { now = prev }
}
