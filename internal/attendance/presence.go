package attendance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/attendanceday"
	"simasn/ent/employee"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/dates"
	"simasn/internal/textcheck"
	"simasn/internal/viewer"
)

// Minutes between two instants, whole minutes rounded down, never negative.
func minutesBetween(a, b time.Time) int {
	if !b.After(a) {
		return 0
	}
	return int(b.Sub(a) / time.Minute)
}

// self returns the employee the viewer of ctx is, with the unit's calendar
// of the day of now.
func self(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, now time.Time) (*ent.Employee, Plan, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, Plan{}, &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to check in or out"}
	}
	if v.EmployeeID == 0 {
		return nil, Plan{}, apperr.Forbiddenf("your account is not linked to an employee record, so it has no attendance")
	}
	e, err := c.Employee.Query().Where(employee.ID(v.EmployeeID)).Only(viewer.System(ctx))
	if err != nil {
		return nil, Plan{}, fmt.Errorf("attendance of employee %d: %w", v.EmployeeID, err)
	}
	if e.Status != employee.StatusACTIVE {
		return nil, Plan{}, apperr.Invalid("employee", "employee %s is %s, not active: there is no attendance to record", e.Nip, e.Status)
	}
	today := dates.Today(now)
	cal, err := Load(ctx, c, holidays, e.UnitID, today, today)
	if err != nil {
		return nil, Plan{}, err
	}
	return e, cal.Day(today), nil
}

// key normalises an idempotency key: trimmed, at most 100 characters.
func key(k *string) (string, error) {
	if k == nil {
		return "", nil
	}
	s := strings.TrimSpace(*k)
	if len(s) > 100 {
		return "", apperr.Invalid("requestKey", "the request key is at most 100 characters, got %d", len(s))
	}
	if err := textcheck.Check(s, false); err != nil {
		return "", apperr.Invalid("requestKey", "the request key %s", err)
	}
	return s, nil
}

// CheckIn records that the signed-in employee arrived, at now (the
// server's clock, judged in WIB): on a working day of their unit, once a
// day. The minutes after the scheduled start are the day's late minutes.
//
// A client that retries a check-in whose answer it lost sends the same
// requestKey and gets the first check-in back; any other second check-in
// is CONFLICT, and so is one on a day marked as leave, sickness or official
// duty. A day that is not a working day is BAD_USER_INPUT. Concurrent
// check-ins of one employee are safe: one record per employee and day is a
// unique index, and the loser gets CONFLICT.
func CheckIn(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, requestKey *string, now time.Time) (*ent.AttendanceDay, error) {
	k, err := key(requestKey)
	if err != nil {
		return nil, err
	}
	e, plan, err := self(ctx, c, holidays, now)
	if err != nil {
		return nil, err
	}
	if !plan.Working {
		return nil, apperr.Invalid("date", "%s is not a working day for your unit (%s): there is nothing to check in to", plan.Date.Format(time.DateOnly), plan.Reason)
	}
	sys := viewer.System(ctx)
	existing, err := c.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.Date(plan.Date)).Only(sys)
	switch {
	case err == nil:
		if existing.CheckInAt != nil && k != "" && existing.CheckInKey == k {
			return existing, nil // a retry of the same check-in
		}
		if existing.CheckInAt != nil {
			return nil, apperr.Conflictf("date", "you already checked in today at %s WIB", existing.CheckInAt.In(dates.WIB).Format("15:04"))
		}
		if existing.Status != attendanceday.StatusABSENT {
			return nil, apperr.Conflictf("date", "today is recorded as %s, not a day to check in", describe(existing.Status))
		}
		// An absence recorded before the employee arrived (a correction
		// made early): the check-in replaces it.
		return c.AttendanceDay.UpdateOneID(existing.ID).SetStatus(attendanceday.StatusPRESENT).
			SetCheckInAt(now).SetCheckInKey(k).SetLateMinutes(minutesBetween(plan.Start(), now)).Save(ctx)
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("check in: %w", err)
	}
	d, err := c.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(plan.Date).SetStatus(attendanceday.StatusPRESENT).
		SetCheckInAt(now).SetCheckInKey(k).SetLateMinutes(minutesBetween(plan.Start(), now)).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Conflictf("date", "you already checked in today (another check-in was recorded at the same moment)")
	}
	if err != nil {
		return nil, fmt.Errorf("check in: %w", err)
	}
	return d, nil
}

// CheckOut records that the signed-in employee left, at now: after their
// check-in of the same WIB day; the minutes before the scheduled end are
// the day's early minutes. A retry with the check-out's requestKey gets it
// back; any other second check-out is CONFLICT, and a check-out without a
// check-in is BAD_USER_INPUT.
func CheckOut(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, requestKey *string, now time.Time) (*ent.AttendanceDay, error) {
	k, err := key(requestKey)
	if err != nil {
		return nil, err
	}
	e, plan, err := self(ctx, c, holidays, now)
	if err != nil {
		return nil, err
	}
	d, err := c.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.Date(plan.Date)).Only(viewer.System(ctx))
	if ent.IsNotFound(err) || (err == nil && d.CheckInAt == nil) {
		return nil, apperr.Invalid("date", "you have not checked in today (%s): check in first", plan.Date.Format(time.DateOnly))
	}
	if err != nil {
		return nil, fmt.Errorf("check out: %w", err)
	}
	if d.CheckOutAt != nil {
		if k != "" && d.CheckOutKey == k {
			return d, nil
		}
		return nil, apperr.Conflictf("date", "you already checked out today at %s WIB", d.CheckOutAt.In(dates.WIB).Format("15:04"))
	}
	early := 0
	if plan.Working {
		early = minutesBetween(now, plan.End())
	}
	// The conditional update makes two concurrent check-outs safe: only
	// one finds the check-out still empty.
	n, err := c.AttendanceDay.Update().Where(attendanceday.ID(d.ID), attendanceday.CheckOutAtIsNil()).
		SetCheckOutAt(now).SetCheckOutKey(k).SetEarlyMinutes(early).Save(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("check out: %w", err)
	}
	if n == 0 {
		return nil, apperr.Conflictf("date", "you already checked out today")
	}
	return c.AttendanceDay.Get(ctx, d.ID)
}

func describe(s attendanceday.Status) string {
	switch s {
	case attendanceday.StatusLEAVE:
		return "leave"
	case attendanceday.StatusSICK:
		return "sick leave"
	case attendanceday.StatusDUTY:
		return "official duty"
	case attendanceday.StatusNON_WORKING:
		return "a non-working day"
	case attendanceday.StatusABSENT:
		return "absent without reason"
	}
	return "present"
}

// mayManage checks that the viewer of ctx may correct the attendance of e:
// admins, and HR officers whose scope holds e's unit; with superior, also
// e's direct superior (who assigns official duty).
func mayManage(ctx context.Context, c *ent.Client, e *ent.Employee, superior bool, what string) error {
	v := viewer.FromContext(ctx)
	if v.IsAdmin() {
		return nil
	}
	if superior && e.SuperiorID != nil && v.Is(*e.SuperiorID) {
		return nil
	}
	if v.Role == viewer.HROfficer {
		u, err := e.QueryUnit().Only(viewer.System(ctx))
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if v.InScope(u.Path) {
			return nil
		}
	}
	if !v.Authenticated() {
		return &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to " + what}
	}
	who := "admins and HR officers whose scope holds the employee's unit"
	if superior {
		who += ", or the employee's direct superior,"
	}
	return apperr.Forbiddenf("only %s may %s", who, what)
}

// employeeFor loads an employee for a write about them, NOT_FOUND when the
// viewer of ctx may not see them.
func employeeFor(ctx context.Context, c *ent.Client, id int) (*ent.Employee, error) {
	e, err := c.Employee.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("employee %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("employee %d: %w", id, err)
	}
	return e, nil
}

// Correction is an HR officer's correction of one day.
type Correction struct {
	EmployeeID   int
	Date         time.Time
	Status       attendanceday.Status
	LateMinutes  *int
	EarlyMinutes *int
	DecreeNumber *string
	Reason       string
}

// Correct sets the record of one day as an HR officer in scope (or an
// admin) finds it, with the reason, which the record keeps and the audit
// trail records with the values before and after. The day lies in the past
// or is today (WIB). LEAVE and SICK days come from approved leave requests
// only; a DUTY day needs its decree number.
func Correct(ctx context.Context, c *ent.Client, in Correction, now time.Time) (*ent.AttendanceDay, error) {
	e, err := employeeFor(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	if err := mayManage(ctx, c, e, false, "correct attendance"); err != nil {
		return nil, err
	}
	d := dates.Day(in.Date)
	if err := dates.WorkDay.Check(d, now); err != nil {
		return nil, apperr.Invalid("date", "%s", err)
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		return nil, apperr.Invalid("reason", "say why the day is corrected")
	}
	switch in.Status {
	case attendanceday.StatusLEAVE, attendanceday.StatusSICK:
		return nil, apperr.Invalid("status", "leave and sick days come from approved leave requests (requestLeave, decideLeave), not from corrections")
	case attendanceday.StatusDUTY:
		if in.DecreeNumber == nil || strings.TrimSpace(*in.DecreeNumber) == "" {
			return nil, apperr.Invalid("decreeNumber", "official duty (dinas luar) needs the number of its decree (surat tugas)")
		}
	}
	for _, m := range []struct {
		name string
		v    *int
	}{{"lateMinutes", in.LateMinutes}, {"earlyMinutes", in.EarlyMinutes}} {
		if m.v != nil && (*m.v < 0 || *m.v > 1440) {
			return nil, apperr.Invalid(m.name, "%s must be between 0 and 1440, got %d", m.name, *m.v)
		}
	}
	late, early := 0, 0
	if in.Status == attendanceday.StatusPRESENT {
		if in.LateMinutes != nil {
			late = *in.LateMinutes
		}
		if in.EarlyMinutes != nil {
			early = *in.EarlyMinutes
		}
	}
	decree := ""
	if in.DecreeNumber != nil && in.Status == attendanceday.StatusDUTY {
		decree = strings.TrimSpace(*in.DecreeNumber)
	}
	who := viewer.FromContext(ctx).Username
	existing, err := c.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.Date(d)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return c.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(d).SetStatus(in.Status).SetLateMinutes(late).SetEarlyMinutes(early).
			SetDecreeNumber(decree).SetCorrectionReason(reason).SetCorrectedBy(who).Save(ctx)
	case err != nil:
		return nil, fmt.Errorf("correct attendance: %w", err)
	}
	if existing.LeaveRequestID != nil {
		return nil, apperr.Invalid("date", "%s is covered by an approved leave request; that request decides the day", d.Format(time.DateOnly))
	}
	return c.AttendanceDay.UpdateOneID(existing.ID).SetStatus(in.Status).SetLateMinutes(late).SetEarlyMinutes(early).
		SetDecreeNumber(decree).SetCorrectionReason(reason).SetCorrectedBy(who).Save(ctx)
}

// RecordDuty marks the working days from..to of an employee as official
// duty (dinas luar) under the decree's number: by their direct superior,
// an HR officer in scope or an admin. Days already checked in, on leave or
// sick are refused (CONFLICT naming the first one); non-working days are
// skipped. It returns the days marked.
func RecordDuty(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, employeeID int, from, to time.Time, decree string, now time.Time) ([]*ent.AttendanceDay, error) {
	e, err := employeeFor(ctx, c, employeeID)
	if err != nil {
		return nil, err
	}
	if err := mayManage(ctx, c, e, true, "record official duty"); err != nil {
		return nil, err
	}
	decree = strings.TrimSpace(decree)
	if decree == "" {
		return nil, apperr.Invalid("decreeNumber", "official duty (dinas luar) needs the number of its decree (surat tugas)")
	}
	from, to = dates.Day(from), dates.Day(to)
	if to.Before(from) {
		return nil, apperr.Invalid("to", "the last day %s is before the first %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	if to.Sub(from) > 366*24*time.Hour {
		return nil, apperr.Invalid("to", "official duty is recorded for at most a year at a time")
	}
	if err := dates.Training.Check(to, now); err != nil {
		return nil, apperr.Invalid("to", "%s", err)
	}
	cal, err := Load(ctx, c, holidays, e.UnitID, from, to)
	if err != nil {
		return nil, err
	}
	existing, err := c.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.DateGTE(from), attendanceday.DateLTE(to)).All(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("record official duty: %w", err)
	}
	byDay := map[time.Time]*ent.AttendanceDay{}
	for _, d := range existing {
		byDay[dates.Day(d.Date)] = d
	}
	var out []*ent.AttendanceDay
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if !cal.Day(d).Working {
			continue
		}
		var saved *ent.AttendanceDay
		if x := byDay[d]; x != nil {
			if x.Status != attendanceday.StatusABSENT && x.Status != attendanceday.StatusDUTY {
				return nil, apperr.Conflictf("from", "%s is already recorded as %s", d.Format(time.DateOnly), describe(x.Status))
			}
			saved, err = c.AttendanceDay.UpdateOneID(x.ID).SetStatus(attendanceday.StatusDUTY).SetDecreeNumber(decree).Save(ctx)
		} else {
			saved, err = c.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(d).SetStatus(attendanceday.StatusDUTY).SetDecreeNumber(decree).Save(ctx)
		}
		if err != nil {
			return nil, fmt.Errorf("record official duty on %s: %w", d.Format(time.DateOnly), err)
		}
		out = append(out, saved)
	}
	if len(out) == 0 {
		return nil, apperr.Invalid("from", "%s to %s holds no working day of the employee's unit", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	return out, nil
}

// CloseDay completes the records of a past day (in WIB) for every active
// employee whose unit worked it: an employee with no record is absent
// without reason (ABSENT), and one who checked in but never out left early
// by the rest of the day (from the later of check-in and the scheduled
// start to the scheduled end). It runs as the system, is idempotent, and
// returns how many records it wrote. A day that is not over yet is left
// alone.
func CloseDay(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, day time.Time, now time.Time) (int, error) {
	ctx = viewer.System(ctx)
	d := dates.Day(day)
	if !d.Before(dates.Today(now)) {
		return 0, nil
	}
	emps, err := c.Employee.Query().Where(employee.StatusEQ(employee.StatusACTIVE)).
		Select(employee.FieldID, employee.FieldUnitID).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("close %s: %w", d.Format(time.DateOnly), err)
	}
	recs, err := c.AttendanceDay.Query().Where(attendanceday.Date(d)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("close %s: %w", d.Format(time.DateOnly), err)
	}
	have := map[int]*ent.AttendanceDay{}
	for _, r := range recs {
		have[r.EmployeeID] = r
	}
	plans := map[int]Plan{}
	plan := func(unitID int) (Plan, error) {
		if p, ok := plans[unitID]; ok {
			return p, nil
		}
		cal, err := Load(ctx, c, holidays, unitID, d, d)
		if err != nil {
			return Plan{}, err
		}
		plans[unitID] = cal.Day(d)
		return plans[unitID], nil
	}
	var creates []*ent.AttendanceDayCreate
	n := 0
	flush := func() error {
		if len(creates) == 0 {
			return nil
		}
		if err := c.AttendanceDay.CreateBulk(creates...).Exec(ctx); err != nil {
			return fmt.Errorf("close %s: %w", d.Format(time.DateOnly), err)
		}
		n += len(creates)
		creates = creates[:0]
		return nil
	}
	for _, e := range emps {
		p, err := plan(e.UnitID)
		if err != nil {
			return n, err
		}
		r := have[e.ID]
		switch {
		case r == nil && p.Working:
			creates = append(creates, c.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(d).SetStatus(attendanceday.StatusABSENT))
			if len(creates) == 500 {
				if err := flush(); err != nil {
					return n, err
				}
			}
		case r != nil && r.CheckInAt != nil && r.CheckOutAt == nil && r.Status == attendanceday.StatusPRESENT && p.Working:
			from := p.Start()
			if r.CheckInAt.After(from) {
				from = *r.CheckInAt
			}
			if err := c.AttendanceDay.UpdateOneID(r.ID).SetEarlyMinutes(minutesBetween(from, p.End())).Exec(ctx); err != nil {
				return n, fmt.Errorf("close %s: %w", d.Format(time.DateOnly), err)
			}
			n++
		}
	}
	return n, flush()
}

// MonthDay is one day of an employee's month: the plan of their unit and
// the record, if any.
type MonthDay struct {
	Plan
	// Status is the record's status; for a past working day without a
	// record, ABSENT; for a non-working day without one, NON_WORKING; nil
	// for a coming working day.
	Status *attendanceday.Status
	// Record is the day's record, if any.
	Record *ent.AttendanceDay
}

// Month returns every day of a month of an employee, for those who may
// read the employee's personal data (the employee, their superiors, HR
// officers in scope, admins); others get NOT_FOUND or FORBIDDEN.
func Month(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, employeeID, year, month int, now time.Time) ([]*MonthDay, error) {
	if month < 1 || month > 12 {
		return nil, apperr.Invalid("month", "a month is 1 to 12, got %d", month)
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalid("year", "the year %d is out of range (2000–2100)", year)
	}
	e, err := employeeFor(ctx, c, employeeID)
	if err != nil {
		return nil, err
	}
	if !access.PersonalFrom(ctx, c).Employee(ctx, e) {
		return nil, apperr.Forbiddenf("attendance is personal data: the employee, their superiors and HR officers in scope read it; analysts use attendanceAggregate")
	}
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	cal, err := Load(ctx, c, holidays, e.UnitID, first, last)
	if err != nil {
		return nil, err
	}
	recs, err := c.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.DateGTE(first), attendanceday.DateLTE(last)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("attendance month: %w", err)
	}
	byDay := map[time.Time]*ent.AttendanceDay{}
	for _, r := range recs {
		byDay[dates.Day(r.Date)] = r
	}
	today := dates.Today(now)
	var out []*MonthDay
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		md := &MonthDay{Plan: cal.Day(d), Record: byDay[d]}
		switch {
		case md.Record != nil:
			s := md.Record.Status
			md.Status = &s
		case !md.Working:
			s := attendanceday.StatusNON_WORKING
			md.Status = &s
		case d.Before(today):
			s := attendanceday.StatusABSENT
			md.Status = &s
		}
		out = append(out, md)
	}
	return out, nil
}
