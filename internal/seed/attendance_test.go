package seed_test

import (
	"context"
	"testing"
	"time"

	"simasn/ent/attendanceday"
	"simasn/ent/employee"
	"simasn/ent/leaverequest"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/seed"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestAttendanceWindow(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		now      time.Time
		from, to string
	}{
		{time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "2026-02-01", "2026-04-30"},
		{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), "2026-02-01", "2026-04-30"},  // 1 May WIB: April is over
		{time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), "2025-02-01", "2025-04-30"}, // April 2026 not over: Lebaran 2025
		{time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), "2027-02-01", "2027-04-30"},  // Lebaran 1448 H, 10 March 2027
	} {
		from, to, ok := seed.AttendanceWindow(tt.now)
		if !ok || from.Format(time.DateOnly) != tt.from || to.Format(time.DateOnly) != tt.to {
			t.Errorf("window at %s = %s…%s (%v), want %s…%s", tt.now, from.Format(time.DateOnly), to.Format(time.DateOnly), ok, tt.from, tt.to)
		}
	}
}

// TestDemoAttendance checks the patterns the demo's attendance (February
// to April 2026 at the tests' clock, see TestAttendanceWindow) is made to
// show: late arrivals more frequent in remote regencies, and the health
// office's leave peak in the week after Lebaran 1447 H (21 March 2026).
func TestDemoAttendance(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dialect, _ string) {
		ctx := viewer.System(context.Background())
		// The demo at the shared clock (15 May 2026, the template the
		// other demo tests read): its window is February to April 2026.
		c := open(t, apitest.Demo(t, dialect, clock))
		present := func(remote bool) (days, late int) {
			q := c.AttendanceDay.Query().Where(attendanceday.StatusEQ(attendanceday.StatusPRESENT),
				attendanceday.HasEmployeeWith(employee.HasUnitWith(unit.HasRegionWith(region.Remote(remote)))))
			days = apitest.Must(q.Clone().Count(ctx))(t)
			late = apitest.Must(q.Where(attendanceday.LateMinutesGT(0)).Count(ctx))(t)
			return days, late
		}
		rd, rl := present(true)
		od, ol := present(false)
		if rd == 0 || od == 0 {
			t.Fatalf("present days: remote %d, elsewhere %d; want both", rd, od)
		}
		remoteShare, otherShare := float64(rl)/float64(rd), float64(ol)/float64(od)
		t.Logf("late: remote %d/%d = %.2f, elsewhere %d/%d = %.2f", rl, rd, remoteShare, ol, od, otherShare)
		if remoteShare < 2*otherShare {
			t.Errorf("late share in remote regencies %.2f, elsewhere %.2f: want at least twice", remoteShare, otherShare)
		}
		leave := func(from, to time.Time) int {
			return apitest.Must(c.AttendanceDay.Query().Where(attendanceday.LeaveKindEQ(attendanceday.LeaveKindANNUAL),
				attendanceday.DateGTE(from), attendanceday.DateLT(to),
				attendanceday.HasEmployeeWith(employee.HasUnitWith(unit.PathHasPrefix("/1.02/")))).Count(ctx))(t)
		}
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
		peak, before := leave(day(3, 24), day(4, 7)), leave(day(2, 9), day(2, 23))
		t.Logf("health office annual leave days: %d in the two weeks after Lebaran, %d in two weeks of February", peak, before)
		if peak < 5*max(before, 1) {
			t.Errorf("health office annual leave: %d days after Lebaran, %d in February; want a peak", peak, before)
		}
		// Every leave day belongs to an approved request of its kind.
		orphans := apitest.Must(c.AttendanceDay.Query().Where(attendanceday.StatusIn(attendanceday.StatusLEAVE, attendanceday.StatusSICK),
			attendanceday.Not(attendanceday.HasLeaveRequestWith(leaverequest.StatusEQ(leaverequest.StatusAPPROVED)))).Count(ctx))(t)
		if orphans != 0 {
			t.Errorf("%d leave days without an approved request", orphans)
		}
	})
}
