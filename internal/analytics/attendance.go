package analytics

import (
	"context"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/attendanceday"
	"simasn/ent/employee"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// The measures of attendance days (the monthly recap, rekap presensi).
const (
	DaysPresent         Measure = "DAYS_PRESENT"
	DaysLate            Measure = "DAYS_LATE"
	LateMinutes         Measure = "LATE_MINUTES"
	AverageLateMinutes  Measure = "AVERAGE_LATE_MINUTES"
	DaysLeftEarly       Measure = "DAYS_LEFT_EARLY"
	EarlyMinutes        Measure = "EARLY_MINUTES"
	AbsentWithoutReason Measure = "ABSENT_WITHOUT_REASON"
	DaysOnDuty          Measure = "DAYS_ON_DUTY"
	DaysOnLeave         Measure = "DAYS_ON_LEAVE"
	DaysSick            Measure = "DAYS_SICK"
	AnnualLeaveDays     Measure = "ANNUAL_LEAVE_DAYS"
	BigLeaveDays        Measure = "BIG_LEAVE_DAYS"
	MaternityLeaveDays  Measure = "MATERNITY_LEAVE_DAYS"
	ImportantLeaveDays  Measure = "IMPORTANT_REASON_LEAVE_DAYS"
	UnpaidLeaveDays     Measure = "UNPAID_LEAVE_DAYS"
	LateShare           Measure = "LATE_SHARE"
	AbsenceShare        Measure = "ABSENCE_SHARE"
)

// DefaultAttendanceMeasures is the monthly recap: employees, days present,
// days late with their minutes, minutes left early, absences without
// reason, days on leave and sick.
var DefaultAttendanceMeasures = []Measure{Employees, DaysPresent, DaysLate, LateMinutes, EarlyMinutes, AbsentWithoutReason, DaysOnLeave, DaysSick, DaysOnDuty}

func attendanceSource(q *ent.AttendanceDayQuery) *source {
	emp := employeeJoin(attendanceday.FieldEmployeeID)
	ms := employeeMeasures(emp)
	status := func(b *build) string { return b.C(attendanceday.FieldStatus) }
	is := func(s ...attendanceday.Status) func(*build) sql.Querier {
		return text(func(b *build) string { return when(inList(status(b), s...)) })
	}
	leave := func(k attendanceday.LeaveKind) func(*build) sql.Querier {
		return text(func(b *build) string { return when(b.C(attendanceday.FieldLeaveKind) + ` = ` + str(string(k))) })
	}
	present := func(b *build) string { return status(b) + ` = 'PRESENT'` }
	ms[Employees] = distinct(text(func(b *build) string { return b.C(attendanceday.FieldEmployeeID) }))
	ms[DaysPresent] = sum(is(attendanceday.StatusPRESENT))
	ms[DaysLate] = sum(text(func(b *build) string {
		return when(present(b) + ` AND ` + b.C(attendanceday.FieldLateMinutes) + ` > 0`)
	}))
	ms[LateMinutes] = sum(text(func(b *build) string { return b.C(attendanceday.FieldLateMinutes) }))
	ms[AverageLateMinutes] = avg(text(func(b *build) string {
		return `(CASE WHEN ` + present(b) + ` THEN ` + b.C(attendanceday.FieldLateMinutes) + ` END)`
	}))
	ms[DaysLeftEarly] = sum(text(func(b *build) string {
		return when(present(b) + ` AND ` + b.C(attendanceday.FieldEarlyMinutes) + ` > 0`)
	}))
	ms[EarlyMinutes] = sum(text(func(b *build) string { return b.C(attendanceday.FieldEarlyMinutes) }))
	ms[AbsentWithoutReason] = sum(is(attendanceday.StatusABSENT))
	ms[DaysOnDuty] = sum(is(attendanceday.StatusDUTY))
	ms[DaysOnLeave] = sum(is(attendanceday.StatusLEAVE))
	ms[DaysSick] = sum(is(attendanceday.StatusSICK))
	ms[AnnualLeaveDays] = sum(leave(attendanceday.LeaveKindANNUAL))
	ms[BigLeaveDays] = sum(leave(attendanceday.LeaveKindBIG))
	ms[MaternityLeaveDays] = sum(leave(attendanceday.LeaveKindMATERNITY))
	ms[ImportantLeaveDays] = sum(leave(attendanceday.LeaveKindIMPORTANT_REASON))
	ms[UnpaidLeaveDays] = sum(leave(attendanceday.LeaveKindUNPAID))
	ms[LateShare] = share(text(func(b *build) string {
		return `(CASE WHEN ` + present(b) + ` THEN ` + when(b.C(attendanceday.FieldLateMinutes)+` > 0`) + ` END)`
	}))
	ms[AbsenceShare] = share(text(func(b *build) string {
		return `(CASE WHEN ` + status(b) + ` <> 'NON_WORKING' THEN ` + when(status(b)+` = 'ABSENT'`) + ` END)`
	}))
	return &source{
		name: "attendance days",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return q.Order(finish).Select().Scan(ctx, v)
		},
		employee: emp,
		unit:     func(b *build) string { return emp(b)(employee.FieldUnitID) },
		date:     func(b *build) (string, int) { return b.C(attendanceday.FieldDate), 0 },
		own:      map[Dimension]ownDim{Status: {status, kindPlain}},
		measures: ms,
	}
}

// AttendanceAggregate groups the attendance days (presensi) matching
// where — the monthly recap per unit, region, profession, … when grouped
// by MONTH — dated by their day. Measures: the employee measures,
// EMPLOYEES (distinct), DAYS_PRESENT, DAYS_LATE, LATE_MINUTES,
// AVERAGE_LATE_MINUTES (per day present), DAYS_LEFT_EARLY, EARLY_MINUTES,
// ABSENT_WITHOUT_REASON, DAYS_ON_DUTY, DAYS_ON_LEAVE, DAYS_SICK, the days of
// each kind of leave, LATE_SHARE (of days present) and ABSENCE_SHARE (of
// working days recorded).
//
// Day-level attendance is personal data, which analysts do not see as
// records (internal/access); its aggregates are for analysts, leaders, HR
// officers and admins as the other aggregates are. An analyst's and an
// admin's figures cover the province, an HR officer's or leader's their
// subtree. Disclosure control counts people, not days: for a viewer who
// does not read the members' personal data, a group of fewer than k
// employees is suppressed, however many days it holds.
func AttendanceAggregate(ctx context.Context, c *ent.Client, where *ent.AttendanceDayWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	v, err := authorize(ctx)
	if err != nil {
		return nil, err
	}
	q, err := where.Filter(c.AttendanceDay.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if p := scope(v); p != nil {
		q.Where(attendanceday.HasEmployeeWith(employee.HasUnitWith(p)))
	}
	if err := checkSources(ctx, spec.GroupBy, spec.Measures); err != nil {
		return nil, err
	}
	// Disclosure needs the employees of each group: measured once, first,
	// and shown only when asked for.
	asked := orDefault(spec.Measures, DefaultAttendanceMeasures)
	measures := append([]Measure{Employees}, slices.DeleteFunc(slices.Clone(asked), func(m Measure) bool { return m == Employees })...)
	at := slices.Index(asked, Employees)
	// The records are read as the system — analysts see no attendance
	// record one by one — within the scope set above; the viewer's own
	// rules still decided the filter (its edge conditions were confined
	// when it was decoded) and decide the disclosure below.
	groups, err := (&query{src: attendanceSource(q), groupBy: spec.GroupBy, level: spec.UnitLevel,
		measures: measures, now: now}).run(viewer.System(ctx), c)
	if err != nil {
		return nil, err
	}
	// Disclose by the number of employees in each group (the hidden first
	// measure), then drop it.
	days := make([]int, len(groups))
	for i, g := range groups {
		days[i] = g.Count
		if e := g.Values[0].Value; e != nil {
			g.Count = int(*e)
		}
	}
	groups = disclose(ctx, groups)
	for i, g := range groups {
		g.Count = days[i]
		employees := g.Values[0]
		g.Values = g.Values[1:]
		if at >= 0 {
			g.Values = slices.Insert(g.Values, at, employees)
		}
	}
	return groups, nil
}
