package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/privacy"
)

// personal declares an attendance or leave field personal data that
// aggregates may still group by and measure under disclosure control.
func personal() privacy.Annotation { return privacy.Of(privacy.Personal).InAggregates() }

// WorkSchedule is the working week of a unit and the units below it (Perpres
// 21/2023: 37.5 hours a week), five days by default, six for the schools and
// health centres that need it. Rules: internal/attendance.
type WorkSchedule struct{ ent.Schema }

// Annotations of the WorkSchedule.
func (WorkSchedule) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("The working week (hari kerja) of a unit and of the units below it that have none of their own: FIVE_DAY (the default, Monday to Friday) or SIX_DAY (Monday to Saturday), 37.5 hours a week either way (Perpres 21/2023)."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Mixin of the WorkSchedule.
func (WorkSchedule) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the WorkSchedule.
func (WorkSchedule) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").
			Unique().
			Immutable().
			Comment("The unit the schedule applies to, with the units below it that have none of their own."),
		field.Enum("kind").
			Values("FIVE_DAY", "SIX_DAY").
			Default("FIVE_DAY").
			Comment("FIVE_DAY: Monday–Thursday 07:30–16:00, Friday 07:30–16:30 (breaks excluded, 7.5 hours a day); SIX_DAY: Monday–Thursday 07:00–14:00, Friday 07:00–11:00, Saturday 07:00–12:30.").
			Annotations(entgql.OrderField("KIND")),
	}
}

// Edges of the WorkSchedule.
func (WorkSchedule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", Unit.Type).
			Field("unit_id").
			Unique().
			Required().
			Immutable().
			Comment("The unit the schedule applies to."),
	}
}

// CalendarException is a date range that changes the working calendar of
// every unit (no unit) or of a unit subtree: a local non-working day, or
// reduced hours (Ramadan). National holidays and collective leave come from
// the complaint calendar (internal/complaint) and need no record.
type CalendarException struct{ ent.Schema }

// Annotations of the CalendarException.
func (CalendarException) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A date range that changes the working calendar: a local non-working day (hari libur daerah, e.g. a regency's anniversary) or reduced hours (jam kerja Ramadan), for every unit or for one unit and the units below it. National holidays and collective leave (cuti bersama) are built in."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Mixin of the CalendarException.
func (CalendarException) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CalendarException.
func (CalendarException) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			Values("NON_WORKING", "REDUCED_HOURS").
			Comment("NON_WORKING: no work on these days; REDUCED_HOURS: the Ramadan hours (32.5 hours a week).").
			Annotations(entgql.OrderField("KIND")),
		field.Time("starts_on").
			Comment("The first day of the range.").
			Annotations(entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").
			Comment("The last day of the range (the same as startsOn for one day)."),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("What the range is, e.g. HUT Kabupaten Pesisir Barat, Ramadan 1447 H."),
		field.Int("unit_id").
			Optional().
			Nillable().
			Comment("The unit whose subtree the range applies to; empty for every unit."),
	}
}

// Edges of the CalendarException.
func (CalendarException) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", Unit.Type).
			Field("unit_id").
			Unique().
			Comment("The unit whose subtree the range applies to; empty for every unit."),
	}
}

// Indexes of the CalendarException.
func (CalendarException) Indexes() []ent.Index {
	return []ent.Index{index.Fields("starts_on", "ends_on")}
}

// AttendanceDay is one employee's record of one day (presensi): checked in
// and out, on leave, on official duty, sick or absent. Personal data.
type AttendanceDay struct{ ent.Schema }

// Annotations of the AttendanceDay.
func (AttendanceDay) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One employee's attendance on one day (presensi): checked in and out with the minutes late and left early, on leave (cuti), on official duty (dinas luar, with its decree), sick, or absent without reason. Personal data: the employee, their superiors and HR officers in scope read it; analysts only aggregate it."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Mixin of the AttendanceDay.
func (AttendanceDay) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the AttendanceDay.
func (AttendanceDay) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").
			Immutable().
			Comment("The employee."),
		field.Time("date").
			Immutable().
			Comment("The day (in WIB).").
			Annotations(entgql.OrderField("DATE")),
		field.Enum("status").
			Values("PRESENT", "ABSENT", "LEAVE", "SICK", "DUTY", "NON_WORKING").
			Comment("PRESENT (checked in; see lateMinutes and earlyMinutes), ABSENT (absent without reason, tanpa keterangan), LEAVE (on approved leave, see leaveKind), SICK (on sick leave), DUTY (on official duty, dinas luar), NON_WORKING (not a working day of the unit).").
			Annotations(personal(), entgql.OrderField("STATUS")),
		field.Time("check_in_at").
			Optional().
			Nillable().
			Comment("When the employee checked in, by the server's clock.").
			Annotations(privacy.Of(privacy.Personal)),
		field.Time("check_out_at").
			Optional().
			Nillable().
			Comment("When the employee checked out, by the server's clock.").
			Annotations(privacy.Of(privacy.Personal)),
		field.Int("late_minutes").
			Default(0).
			NonNegative().
			Comment("Minutes after the scheduled start at check-in (terlambat).").
			Annotations(personal(), entgql.OrderField("LATE_MINUTES")),
		field.Int("early_minutes").
			Default(0).
			NonNegative().
			Comment("Minutes before the scheduled end at check-out (pulang cepat); the rest of the day when the employee never checked out.").
			Annotations(personal(), entgql.OrderField("EARLY_MINUTES")),
		field.Enum("leave_kind").
			Values("ANNUAL", "BIG", "SICK", "MATERNITY", "IMPORTANT_REASON", "UNPAID").
			Optional().
			Nillable().
			Comment("The kind of leave of a LEAVE or SICK day.").
			Annotations(personal()),
		field.Int("leave_request_id").
			Optional().
			Nillable().
			Comment("The approved leave request that marked the day.").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("decree_number").
			Optional().
			MaxLen(100).
			Comment("The decree (surat tugas) of a day on official duty.").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("correction_reason").
			Optional().
			MaxLen(1000).
			Comment("Why an HR officer corrected the day; empty when it was never corrected.").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("corrected_by").
			Optional().
			MaxLen(100).
			Comment("The username of the HR officer who last corrected the day.").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("check_in_key").
			Optional().
			MaxLen(100).
			Comment("The client's idempotency key of the check-in.").
			Annotations(privacy.Of(privacy.Secret), entgql.Skip()),
		field.String("check_out_key").
			Optional().
			MaxLen(100).
			Comment("The client's idempotency key of the check-out.").
			Annotations(privacy.Of(privacy.Secret), entgql.Skip()),
	}
}

// Edges of the AttendanceDay.
func (AttendanceDay) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("employee", Employee.Type).
			Field("employee_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee."),
		edge.To("leave_request", LeaveRequest.Type).
			Field("leave_request_id").
			Unique().
			Comment("The approved leave request that marked the day."),
	}
}

// Indexes of the AttendanceDay.
func (AttendanceDay) Indexes() []ent.Index {
	return []ent.Index{
		// One record per employee and day: a second check-in conflicts.
		index.Fields("employee_id", "date").Unique(),
		index.Fields("date"),
	}
}

// LeaveRequest is a request for leave (cuti) by an employee, decided by
// the direct superior. Rules: internal/leave. Personal data.
type LeaveRequest struct{ ent.Schema }

// Annotations of the LeaveRequest.
func (LeaveRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A request for leave (permintaan cuti) per PP 11/2017 as amended by PP 17/2020 (PNS) and PP 49/2018 (PPPK), decided by the direct superior: approved (the days are marked and the balance reduced), postponed (ditangguhkan) or refused. Personal data."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Mixin of the LeaveRequest.
func (LeaveRequest) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the LeaveRequest.
func (LeaveRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").
			Immutable().
			Comment("The employee asking for leave."),
		field.Enum("kind").
			Values("ANNUAL", "BIG", "SICK", "MATERNITY", "IMPORTANT_REASON", "UNPAID").
			Immutable().
			Comment("ANNUAL (cuti tahunan), BIG (cuti besar), SICK (cuti sakit), MATERNITY (cuti melahirkan), IMPORTANT_REASON (cuti karena alasan penting), UNPAID (cuti di luar tanggungan negara).").
			Annotations(personal(), entgql.OrderField("KIND")),
		field.Time("starts_on").
			Immutable().
			Comment("The first day of leave.").
			Annotations(privacy.Of(privacy.Personal), entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").
			Immutable().
			Comment("The last day of leave.").
			Annotations(privacy.Of(privacy.Personal)),
		field.Int("working_days").
			Comment("The working days of the employee's unit in the range: what annual leave takes from the balance.").
			Annotations(personal()),
		field.String("reason").
			Optional().
			MaxLen(1000).
			Comment("Why the leave is asked for (required for important reasons and unpaid leave).").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("address").
			Optional().
			MaxLen(300).
			Comment("Where the employee can be reached during the leave.").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("document").
			Optional().
			MaxLen(200).
			Comment("The supporting document, e.g. the number of a doctor's certificate (surat keterangan dokter) for sick leave of more than one day.").
			Annotations(privacy.Of(privacy.Personal)),
		field.Bool("religious").
			Default(false).
			Comment("Big leave for a religious obligation (e.g. the hajj), which needs no five years of service and cannot be postponed.").
			Annotations(privacy.Of(privacy.Personal)),
		field.Enum("status").
			Values("REQUESTED", "APPROVED", "POSTPONED", "REFUSED").
			Default("REQUESTED").
			Comment("REQUESTED, then APPROVED, POSTPONED (ditangguhkan) or REFUSED by the direct superior.").
			Annotations(personal(), entgql.OrderField("STATUS")),
		field.Int("decider_id").
			Optional().
			Nillable().
			Comment("The superior who decided.").
			Annotations(privacy.Of(privacy.Personal)),
		field.Time("decided_at").
			Optional().
			Nillable().
			Comment("When the request was decided.").
			Annotations(privacy.Of(privacy.Personal)),
		field.String("decision_note").
			Optional().
			MaxLen(1000).
			Comment("The superior's note; required to postpone or refuse.").
			Annotations(privacy.Of(privacy.Personal)),
	}
}

// Edges of the LeaveRequest.
func (LeaveRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("employee", Employee.Type).
			Field("employee_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee asking for leave."),
		edge.To("decider", Employee.Type).
			Field("decider_id").
			Unique().
			Comment("The superior who decided."),
	}
}

// Indexes of the LeaveRequest.
func (LeaveRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "starts_on"),
		index.Fields("status"),
	}
}
