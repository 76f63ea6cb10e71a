package leave

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/attendanceday"
	"simasn/ent/employee"
	"simasn/ent/leaverequest"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/attendance"
	"simasn/internal/complaint"
	"simasn/internal/dates"
	"simasn/internal/textcheck"
	"simasn/internal/viewer"
)

// RequestInput is a request for leave.
type RequestInput struct {
	EmployeeID int
	Kind       Kind
	StartsOn   time.Time
	EndsOn     time.Time
	Reason     *string
	Address    *string
	Document   *string
	Religious  *bool
}

func text(field string, s *string, long bool) (string, error) {
	if s == nil {
		return "", nil
	}
	v := strings.TrimSpace(*s)
	if err := textcheck.Check(v, long); err != nil {
		return "", apperr.Invalid(field, "%s %s", field, err)
	}
	return v, nil
}

// loadEmployee loads an employee the viewer of ctx sees (NOT_FOUND else).
func loadEmployee(ctx context.Context, c *ent.Client, id int) (*ent.Employee, error) {
	e, err := c.Employee.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("employee %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("employee %d: %w", id, err)
	}
	return e, nil
}

// mayRequest lets an employee ask for their own leave, and an HR officer
// in scope or an admin ask on their behalf (a sick employee's certificate
// brought in by family).
func mayRequest(ctx context.Context, c *ent.Client, e *ent.Employee) error {
	v := viewer.FromContext(ctx)
	if v.IsAdmin() || v.Is(e.ID) {
		return nil
	}
	if v.Role == viewer.HROfficer {
		u, err := e.QueryUnit().Only(viewer.System(ctx))
		if err != nil {
			return fmt.Errorf("request leave: %w", err)
		}
		if v.InScope(u.Path) {
			return nil
		}
	}
	return apperr.Forbiddenf("only the employee, an HR officer whose scope holds their unit, or an admin may ask for their leave")
}

// history loads an employee's annual and big leave, by year of the first
// day, leaving out the request with id skip.
func history(ctx context.Context, c *ent.Client, e *ent.Employee, skip int) (History, error) {
	h := History{Start: e.CpnsDate, Used: map[int]int{}, Pending: map[int]int{}, BigLeave: map[int]bool{}}
	rs, err := c.LeaveRequest.Query().Where(leaverequest.EmployeeID(e.ID), leaverequest.KindIn(Annual, Big),
		leaverequest.StatusIn(leaverequest.StatusREQUESTED, leaverequest.StatusAPPROVED), leaverequest.IDNEQ(skip)).All(viewer.System(ctx))
	if err != nil {
		return h, fmt.Errorf("leave history of employee %d: %w", e.ID, err)
	}
	for _, r := range rs {
		y := r.StartsOn.Year()
		switch {
		case r.Kind == Big && r.Status == leaverequest.StatusAPPROVED:
			h.BigLeave[y] = true
		case r.Kind == Annual && r.Status == leaverequest.StatusAPPROVED:
			h.Used[y] += r.WorkingDays
		case r.Kind == Annual:
			h.Pending[y] += r.WorkingDays
		}
	}
	return h, nil
}

// Request files a request for leave, checking the conditions of its kind
// (see rules.go): who may take it, the years of service, its longest
// length, the documents it needs and, for annual leave, the balance. The
// working days of the employee's unit in the range are what annual leave
// takes from the balance; the request goes to the employee's direct
// superior, who decides it (Decide). Errors: BAD_USER_INPUT naming the
// field of an unmet condition, CONFLICT for a range overlapping another
// pending or approved request, FORBIDDEN for someone else's leave.
func Request(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, in RequestInput, now time.Time) (*ent.LeaveRequest, error) {
	e, err := loadEmployee(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	if err := mayRequest(ctx, c, e); err != nil {
		return nil, err
	}
	if leaverequest.KindValidator(in.Kind) != nil {
		return nil, apperr.Invalid("kind", "%q is not a kind of leave", in.Kind)
	}
	if err := allowed(in.Kind, e.EmploymentType); err != nil {
		return nil, apperr.Invalid("kind", "%s", err)
	}
	reason, err := text("reason", in.Reason, true)
	if err != nil {
		return nil, err
	}
	address, err := text("address", in.Address, true)
	if err != nil {
		return nil, err
	}
	document, err := text("document", in.Document, false)
	if err != nil {
		return nil, err
	}
	religious := in.Religious != nil && *in.Religious
	if religious && in.Kind != Big {
		return nil, apperr.Invalid("religious", "only big leave (cuti besar) is taken for a religious obligation")
	}
	start, end := dates.Day(in.StartsOn), dates.Day(in.EndsOn)
	today := dates.Today(now)
	if start.Before(today.AddDate(0, -1, 0)) {
		return nil, apperr.Invalid("startsOn", "leave is asked for at most a month after its first day; %s is earlier", start.Format(time.DateOnly))
	}
	if start.After(today.AddDate(1, 0, 0)) {
		return nil, apperr.Invalid("startsOn", "leave is asked for at most a year ahead; %s is later", start.Format(time.DateOnly))
	}
	if end.Before(start) {
		return nil, apperr.Invalid("endsOn", "the last day %s is before the first %s", end.Format(time.DateOnly), start.Format(time.DateOnly))
	}
	if latest, words := maxLength(in.Kind, e.EmploymentType, start); end.After(latest) {
		return nil, apperr.Invalid("endsOn", "%s leave lasts at most %s: from %s the last day is %s", in.Kind, words, start.Format(time.DateOnly), latest.Format(time.DateOnly))
	}
	if e.SuperiorID == nil {
		return nil, apperr.Invalid("employeeID", "employee %s has no direct superior to decide the request; set one first", e.Nip)
	}
	switch in.Kind {
	case Annual:
		if !Entitled(e.CpnsDate, start) {
			return nil, apperr.Invalid("startsOn", "annual leave needs one year of continuous service by its first day (PP 11/2017 Pasal 311; PP 49/2018 Pasal 78)%s", since(e.CpnsDate))
		}
		if end.Year() != start.Year() {
			return nil, apperr.Invalid("endsOn", "annual leave is taken from one year's right: ask for the days of %d and of %d separately", start.Year(), end.Year())
		}
	case Big:
		if !religious && (e.CpnsDate == nil || yearsOfService(*e.CpnsDate, start) < BigServiceYears) {
			return nil, apperr.Invalid("startsOn", "big leave needs %d years of continuous service by its first day, except for a religious obligation%s", BigServiceYears, since(e.CpnsDate))
		}
		n, err := c.LeaveRequest.Query().Where(leaverequest.EmployeeID(e.ID), leaverequest.KindEQ(Big), leaverequest.StatusEQ(leaverequest.StatusAPPROVED),
			leaverequest.StartsOnGT(start.AddDate(-BigServiceYears, 0, 0))).Count(viewer.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("request leave: %w", err)
		}
		if n > 0 {
			return nil, apperr.Invalid("startsOn", "big leave is taken once in every %d years, and an earlier one began less than %d years before %s", BigServiceYears, BigServiceYears, start.Format(time.DateOnly))
		}
	case Unpaid:
		if e.CpnsDate == nil || yearsOfService(*e.CpnsDate, start) < UnpaidServiceYears {
			return nil, apperr.Invalid("startsOn", "unpaid leave (cuti di luar tanggungan negara) needs %d years of service%s", UnpaidServiceYears, since(e.CpnsDate))
		}
		if reason == "" {
			return nil, apperr.Invalid("reason", "unpaid leave is given for a pressing personal reason: say which")
		}
	case ImportantReason:
		if reason == "" {
			return nil, apperr.Invalid("reason", "say which important reason (a family member gravely ill or deceased, one's own wedding, …)")
		}
	case Sick:
		if end.After(start) && document == "" {
			return nil, apperr.Invalid("document", "sick leave of more than one day needs a doctor's certificate (surat keterangan dokter); give its number")
		}
	case Maternity:
		if e.Gender != employee.GenderFEMALE {
			return nil, apperr.Invalid("kind", "maternity leave is for women")
		}
		n, err := c.LeaveRequest.Query().Where(leaverequest.EmployeeID(e.ID), leaverequest.KindEQ(Maternity), leaverequest.StatusEQ(leaverequest.StatusAPPROVED)).Count(viewer.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("request leave: %w", err)
		}
		if n >= MaxMaternityChildren {
			return nil, apperr.Invalid("kind", "maternity leave covers the first to the third child while a civil servant; from the fourth, a PNS takes big leave")
		}
	}
	cal, err := attendance.Load(ctx, c, holidays, e.UnitID, start, end)
	if err != nil {
		return nil, err
	}
	days := cal.WorkingDays(start, end)
	if days == 0 {
		return nil, apperr.Invalid("startsOn", "%s to %s holds no working day of the employee's unit: there is nothing to take leave from", start.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	if in.Kind == Annual {
		h, err := history(ctx, c, e, 0)
		if err != nil {
			return nil, err
		}
		if b := Balance(h, start.Year()); days > b.Remaining() {
			return nil, apperr.Invalid("endsOn", "the request takes %d working days; %d remain of the %d of %d (%d used, %d pending)", days, b.Remaining(), b.Total(), b.Year, b.Used, b.Pending)
		}
	}
	overlap, err := c.LeaveRequest.Query().Where(leaverequest.EmployeeID(e.ID), leaverequest.StatusIn(leaverequest.StatusREQUESTED, leaverequest.StatusAPPROVED),
		leaverequest.StartsOnLTE(end), leaverequest.EndsOnGTE(start)).First(viewer.System(ctx))
	if err == nil {
		return nil, apperr.Conflictf("startsOn", "the range overlaps the %s %s leave from %s to %s", strings.ToLower(string(overlap.Status)), overlap.Kind, overlap.StartsOn.Format(time.DateOnly), overlap.EndsOn.Format(time.DateOnly))
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("request leave: %w", err)
	}
	r, err := c.LeaveRequest.Create().SetEmployeeID(e.ID).SetKind(in.Kind).SetStartsOn(start).SetEndsOn(end).SetWorkingDays(days).
		SetReason(reason).SetAddress(address).SetDocument(document).SetReligious(religious).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("request leave: %w", err)
	}
	return r, nil
}

func since(start *time.Time) string {
	if start == nil {
		return " (the employee's appointment date, cpnsDate, is not recorded)"
	}
	return fmt.Sprintf(" (service began %s)", start.Format(time.DateOnly))
}

// Decision is a superior's answer to a request.
type Decision string

// The decisions.
const (
	Approve  Decision = "APPROVE"
	Postpone Decision = "POSTPONE"
	Refuse   Decision = "REFUSE"
)

// Decide answers a pending request as the employee's direct superior (or
// an admin): APPROVE marks the working days of the range as leave (SICK
// for sick leave) and so takes annual leave from the balance; POSTPONE
// (ditangguhkan, annual and non-religious big leave only, PP 11/2017
// Pasal 314 and 318) and REFUSE need a note. A day already checked in or
// on official duty blocks approval (CONFLICT naming it).
func Decide(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, id int, d Decision, note *string, now time.Time) (*ent.LeaveRequest, error) {
	r, err := c.LeaveRequest.Query().Where(leaverequest.ID(id)).WithEmployee().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("leave request %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("decide leave %d: %w", id, err)
	}
	e := r.Edges.Employee
	v := viewer.FromContext(ctx)
	if v.Is(e.ID) {
		return nil, apperr.Forbiddenf("no one decides their own leave")
	}
	if !v.IsAdmin() && (e.SuperiorID == nil || !v.Is(*e.SuperiorID)) {
		return nil, apperr.Forbiddenf("only the employee's direct superior (or an admin) decides leave request %d", id)
	}
	if r.Status != leaverequest.StatusREQUESTED {
		return nil, apperr.Invalid("id", "leave request %d is already %s", id, r.Status)
	}
	n, err := text("note", note, true)
	if err != nil {
		return nil, err
	}
	upd := c.LeaveRequest.UpdateOneID(id).SetDecidedAt(now).SetDecisionNote(n)
	if v.EmployeeID != 0 {
		upd.SetDeciderID(v.EmployeeID)
	}
	switch d {
	case Postpone:
		if r.Kind != Annual && !(r.Kind == Big && !r.Religious) {
			return nil, apperr.Invalid("decision", "only annual leave and big leave (not for a religious obligation) may be postponed")
		}
		if n == "" {
			return nil, apperr.Invalid("note", "say why the leave is postponed (the needs of the service)")
		}
		return upd.SetStatus(leaverequest.StatusPOSTPONED).Save(ctx)
	case Refuse:
		if n == "" {
			return nil, apperr.Invalid("note", "say why the leave is refused")
		}
		return upd.SetStatus(leaverequest.StatusREFUSED).Save(ctx)
	case Approve:
	default:
		return nil, apperr.Invalid("decision", "%q is not a decision: APPROVE, POSTPONE or REFUSE", d)
	}
	if r.Kind == Annual {
		h, err := history(ctx, c, e, r.ID)
		if err != nil {
			return nil, err
		}
		if b := Balance(h, r.StartsOn.Year()); r.WorkingDays > b.Total()-b.Used {
			return nil, apperr.Invalid("id", "the request takes %d working days; only %d remain of %d", r.WorkingDays, b.Total()-b.Used, b.Year)
		}
	}
	if err := mark(ctx, c, holidays, r, e); err != nil {
		return nil, err
	}
	return upd.SetStatus(leaverequest.StatusAPPROVED).Save(ctx)
}

// mark records the working days of an approved request as leave.
func mark(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, r *ent.LeaveRequest, e *ent.Employee) error {
	sys := viewer.System(ctx)
	start, end := dates.Day(r.StartsOn), dates.Day(r.EndsOn)
	cal, err := attendance.Load(ctx, c, holidays, e.UnitID, start, end)
	if err != nil {
		return err
	}
	existing, err := c.AttendanceDay.Query().Where(attendanceday.EmployeeID(e.ID), attendanceday.DateGTE(start), attendanceday.DateLTE(end)).All(sys)
	if err != nil {
		return fmt.Errorf("mark leave: %w", err)
	}
	byDay := map[time.Time]*ent.AttendanceDay{}
	for _, d := range existing {
		byDay[dates.Day(d.Date)] = d
	}
	status := attendanceday.StatusLEAVE
	if r.Kind == Sick {
		status = attendanceday.StatusSICK
	}
	kind := attendanceday.LeaveKind(r.Kind)
	var creates []*ent.AttendanceDayCreate
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if !cal.Day(d).Working {
			continue
		}
		x := byDay[d]
		switch {
		case x == nil:
			creates = append(creates, c.AttendanceDay.Create().SetEmployeeID(e.ID).SetDate(d).SetStatus(status).SetLeaveKind(kind).SetLeaveRequestID(r.ID))
		case x.Status == attendanceday.StatusABSENT || x.Status == attendanceday.StatusNON_WORKING:
			if err := c.AttendanceDay.UpdateOneID(x.ID).SetStatus(status).SetLeaveKind(kind).SetLeaveRequestID(r.ID).
				SetLateMinutes(0).SetEarlyMinutes(0).Exec(ctx); err != nil {
				return fmt.Errorf("mark leave on %s: %w", d.Format(time.DateOnly), err)
			}
		default:
			return apperr.Conflictf("id", "%s is already recorded as %s: correct that day first", d.Format(time.DateOnly), strings.ToLower(string(x.Status)))
		}
	}
	for len(creates) > 0 {
		batch := creates[:min(len(creates), 500)]
		creates = creates[len(batch):]
		if err := c.AttendanceDay.CreateBulk(batch...).Exec(ctx); err != nil {
			return fmt.Errorf("mark leave: %w", err)
		}
	}
	return nil
}

// BalanceOf returns an employee's annual-leave balance of a year, for
// those who read the employee's personal data.
func BalanceOf(ctx context.Context, c *ent.Client, employeeID, year int) (*ent.Employee, YearBalance, error) {
	if year < 2000 || year > 2100 {
		return nil, YearBalance{}, apperr.Invalid("year", "the year %d is out of range (2000–2100)", year)
	}
	e, err := loadEmployee(ctx, c, employeeID)
	if err != nil {
		return nil, YearBalance{}, err
	}
	if !access.PersonalFrom(ctx, c).Employee(ctx, e) {
		return nil, YearBalance{}, apperr.Forbiddenf("a leave balance is personal data: the employee, their superiors and HR officers in scope read it")
	}
	h, err := history(ctx, c, e, 0)
	if err != nil {
		return nil, YearBalance{}, err
	}
	return e, Balance(h, year), nil
}
