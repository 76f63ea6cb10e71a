package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/dates"
)

// WorkLog is a daily work-log entry (e-kinerja) filed by an employee and
// verified or returned by the direct superior.
type WorkLog struct{ ent.Schema }

// Annotations of the WorkLog.
func (WorkLog) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A daily work-log entry (e-kinerja, laporan kinerja harian) filed by an employee and verified or returned by the direct superior; the logs feed the appraisal."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate()),
		entgql.MultiOrder(),
	}
}

// Mixin of the WorkLog.
func (WorkLog) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the WorkLog.
func (WorkLog) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").
			Immutable().
			Comment("The employee who did the work."),
		field.Time("date").
			Immutable().
			Comment("The day the work was done.").
			Annotations(entgql.OrderField("DATE")),
		field.String("activity").
			NotEmpty().
			MaxLen(500).
			Comment("What was done (uraian kegiatan).").
			Annotations(entgql.OrderField("ACTIVITY")),
		field.String("output").
			NotEmpty().
			MaxLen(200).
			Comment("The unit of output (satuan hasil), e.g. dokumen, pasien, laporan."),
		field.Int("quantity").
			Positive().
			Max(10000).
			Comment("How many units of output were produced.").
			Annotations(entgql.OrderField("QUANTITY")),
		field.Int("minutes").
			Range(1, 1440).
			Comment("Time spent, in minutes (at most a day).").
			Annotations(entgql.OrderField("MINUTES")),
		field.Enum("status").
			Values("SUBMITTED", "VERIFIED", "RETURNED").
			Default("SUBMITTED").
			Comment("Whether the superior has verified or returned the entry.").
			Annotations(entgql.OrderField("STATUS"), noInput()),
		field.Int("verifier_id").
			Optional().
			Nillable().
			Comment("The superior who verified or returned the entry.").
			Annotations(noInput()),
		field.Time("verified_at").
			Optional().
			Nillable().
			Comment("When the entry was verified or returned.").
			Annotations(noInput()),
		field.String("verifier_note").
			Optional().
			MaxLen(1000).
			Comment("The superior's note, required when an entry is returned.").
			Annotations(noInput()),
	}
}

// Edges of the WorkLog.
func (WorkLog) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).
			Ref("work_logs").
			Field("employee_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee who did the work."),
		edge.From("verifier", Employee.Type).
			Ref("verified_work_logs").
			Field("verifier_id").
			Unique().
			Comment("The superior who verified or returned the entry.").
			Annotations(noInput()),
	}
}

// Indexes of the WorkLog.
func (WorkLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "date"),
		index.Fields("verifier_id"),
		index.Fields("status", "date"),
		index.Fields("date"),
	}
}

// Hooks of the WorkLog.
func (WorkLog) Hooks() []ent.Hook {
	return []ent.Hook{dateBounds(dateField{"date", "date", dates.WorkDay})}
}
