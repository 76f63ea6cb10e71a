package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/attendanceday"
	"simasn/ent/employee"
	"simasn/ent/leaverequest"
	"simasn/ent/unit"
	"simasn/ent/workschedule"
	"simasn/internal/attendance"
	"simasn/internal/complaint"
	"simasn/internal/dates"
)

// lebaran holds the first day of Idul Fitri by year (the holiday calendar
// of internal/complaint).
var lebaran = map[int]time.Time{
	2025: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC),
	2026: time.Date(2026, 3, 21, 0, 0, 0, 0, time.UTC),
	2027: time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC),
}

// AttendanceWindow returns the three calendar months of demo attendance:
// the month of the latest Lebaran whose following month is over by now,
// with the months before and after it (February–April 2026 from late 2026
// on), so that the leave peak around Lebaran is in the data.
func AttendanceWindow(now time.Time) (from, to time.Time, ok bool) {
	today := dates.Today(now)
	for y := today.Year(); y >= 2025; y-- {
		l, known := lebaran[y]
		if !known {
			continue
		}
		from = time.Date(y, l.Month()-1, 1, 0, 0, 0, 0, time.UTC)
		to = time.Date(y, l.Month()+2, 0, 0, 0, 0, 0, time.UTC)
		if to.Before(today) {
			return from, to, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// writeAttendanceDemo writes three months of attendance and leave (see
// AttendanceWindow) for the staff of the health office and one active
// demo employee in four elsewhere, deterministically,
// with the patterns an analyst should find: health centres work a six-day
// week; staff in remote regencies arrive late about three times as often
// (35 % of days against 10 %); the provincial health office (Dinas
// Kesehatan, 1.02) takes annual leave around Lebaran — two in five of its
// staff in the week after the collective leave; and a few days of sick
// leave, official duty and absence without reason everywhere. Leave days
// come with their approved requests. It returns the records written.
func writeAttendanceDemo(ctx context.Context, c *ent.Client, now time.Time) (int, error) {
	from, to, ok := AttendanceWindow(now)
	if !ok {
		return 0, nil
	}
	centres, err := c.Unit.Query().Where(unit.KindEQ(unit.KindHEALTH_CENTRE)).IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("demo attendance: %w", err)
	}
	var schedules []*ent.WorkScheduleCreate
	for _, id := range centres {
		schedules = append(schedules, c.WorkSchedule.Create().SetUnitID(id).SetKind(workschedule.KindSIX_DAY))
	}
	if err := bulk(ctx, schedules, func(b []*ent.WorkScheduleCreate) error { return c.WorkSchedule.CreateBulk(b...).Exec(ctx) }); err != nil {
		return 0, fmt.Errorf("demo attendance: %w", err)
	}
	six := map[int]bool{}
	for _, id := range centres {
		six[id] = true
	}
	var holidays []time.Time
	for y := from.Year() - 1; y <= to.Year()+1; y++ {
		holidays = append(holidays, complaint.DefaultHolidays(y)...)
	}
	hol := complaint.NewCalendar(holidays...)
	cals := map[bool]*attendance.Calendar{false: attendance.NewCalendar(attendance.FiveDay, hol), true: attendance.NewCalendar(attendance.SixDay, hol)}

	emps, err := c.Employee.Query().Where(employee.StatusEQ(employee.StatusACTIVE)).Order(ent.Asc(employee.FieldID)).
		WithUnit(func(q *ent.UnitQuery) { q.WithRegion() }).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("demo attendance: %w", err)
	}
	rng := rand.New(rand.NewPCG(13, 2026))
	l := lebaran[from.Year()]
	peakFrom := l.AddDate(0, 0, 3) // the week after the collective leave
	type leave struct {
		req  *ent.LeaveRequestCreate
		days []time.Time
		kind leaverequest.Kind
	}
	var (
		days   []*ent.AttendanceDayCreate
		leaves []leave
		n      int
	)
	for i, e := range emps {
		u := e.Edges.Unit
		remote := u.Edges.Region != nil && u.Edges.Region.Remote
		health := strings.HasPrefix(u.Path, "/"+codeHealth+"/") && u.Kind != unit.KindHEALTH_CENTRE
		// The health office's own staff, and one employee in four
		// elsewhere: enough for every pattern, small enough to load fast.
		// Every fourth in id order, not by id: ids are the database's to
		// assign, and the demo must be the same on SQLite and PostgreSQL.
		if !health && i%4 != 0 {
			continue
		}
		cal := cals[six[u.ID]]
		taken := map[time.Time]bool{}
		// Annual leave: the health office around Lebaran, others now and
		// then; sick leave of one or two days.
		plan := func(kind leaverequest.Kind, start time.Time, workdays int) {
			var ds []time.Time
			for d := start; len(ds) < workdays && !d.After(to); d = d.AddDate(0, 0, 1) {
				if cal.Day(d).Working && !taken[d] {
					ds = append(ds, d)
				}
			}
			if len(ds) == 0 || e.SuperiorID == nil {
				return
			}
			if kind == leaverequest.KindANNUAL && !(e.CpnsDate != nil && e.CpnsDate.Before(ds[0].AddDate(-1, 0, 0))) {
				return
			}
			for _, d := range ds {
				taken[d] = true
			}
			r := c.LeaveRequest.Create().SetEmployeeID(e.ID).SetKind(kind).SetStartsOn(ds[0]).SetEndsOn(ds[len(ds)-1]).
				SetWorkingDays(len(ds)).SetStatus(leaverequest.StatusAPPROVED).SetDeciderID(*e.SuperiorID).
				SetDecidedAt(ds[0].AddDate(0, 0, -7).Add(9 * time.Hour))
			switch kind {
			case leaverequest.KindANNUAL:
				r.SetReason("Mudik Lebaran").SetAddress("Kampung halaman")
			case leaverequest.KindSICK:
				r.SetDocument(fmt.Sprintf("SKD %03d/PKM/%d", rng.IntN(900)+100, ds[0].Year()))
			}
			leaves = append(leaves, leave{req: r, days: ds, kind: kind})
		}
		switch {
		case health && rng.IntN(100) < 40:
			plan(leaverequest.KindANNUAL, peakFrom.AddDate(0, 0, rng.IntN(4)), 2+rng.IntN(3))
		case rng.IntN(100) < 8:
			plan(leaverequest.KindANNUAL, from.AddDate(0, 0, rng.IntN(80)), 1+rng.IntN(3))
		}
		if rng.IntN(100) < 12 {
			plan(leaverequest.KindSICK, from.AddDate(0, 0, rng.IntN(85)), 1+rng.IntN(2))
		}
		lateChance := 10
		if remote {
			lateChance = 35
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			p := cal.Day(d)
			if !p.Working || taken[d] {
				continue
			}
			r := c.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(d)
			switch roll := rng.IntN(1000); {
			case roll < 15 || (remote && roll < 30):
				r.SetStatus(attendanceday.StatusABSENT)
			case roll < 45:
				r.SetStatus(attendanceday.StatusDUTY).SetDecreeNumber(fmt.Sprintf("094/%d/%s/%d", 100+rng.IntN(800), strings.ToUpper(u.Code), d.Year()))
			default:
				in := p.Start().Add(-time.Duration(rng.IntN(25)) * time.Minute)
				if rng.IntN(100) < lateChance {
					in = p.Start().Add(time.Duration(1+rng.IntN(20)+rng.IntN(40)*rng.IntN(2)) * time.Minute)
				}
				out := p.End().Add(time.Duration(rng.IntN(40)) * time.Minute)
				if rng.IntN(100) < 8 {
					out = p.End().Add(-time.Duration(10+rng.IntN(80)) * time.Minute)
				}
				late, early := max(0, int(in.Sub(p.Start())/time.Minute)), max(0, int(p.End().Sub(out)/time.Minute))
				r.SetStatus(attendanceday.StatusPRESENT).SetCheckInAt(in).SetCheckOutAt(out).SetLateMinutes(late).SetEarlyMinutes(early)
			}
			days = append(days, r)
		}
	}
	// The leave requests first, for the ids their days refer to.
	for i := 0; i < len(leaves); i += batchSize {
		part := leaves[i:min(i+batchSize, len(leaves))]
		reqs := make([]*ent.LeaveRequestCreate, len(part))
		for j, lv := range part {
			reqs[j] = lv.req
		}
		saved, err := c.LeaveRequest.CreateBulk(reqs...).Save(ctx)
		if err != nil {
			return n, fmt.Errorf("demo leave: %w", err)
		}
		for j, lv := range part {
			status := attendanceday.StatusLEAVE
			if lv.kind == leaverequest.KindSICK {
				status = attendanceday.StatusSICK
			}
			for _, d := range lv.days {
				days = append(days, c.AttendanceDay.Create().SetEmployeeID(saved[j].EmployeeID).SetDate(d).SetStatus(status).
					SetLeaveKind(attendanceday.LeaveKind(lv.kind)).SetLeaveRequestID(saved[j].ID))
			}
		}
		n += len(saved)
	}
	if err := bulk(ctx, days, func(b []*ent.AttendanceDayCreate) error { return c.AttendanceDay.CreateBulk(b...).Exec(ctx) }); err != nil {
		return n, fmt.Errorf("demo attendance: %w", err)
	}
	return n + len(days) + len(schedules), nil
}

func bulk[T any](ctx context.Context, xs []T, write func([]T) error) error {
	for i := 0; i < len(xs); i += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := write(xs[i:min(i+batchSize, len(xs))]); err != nil {
			return err
		}
	}
	return nil
}
