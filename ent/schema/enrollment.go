package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Enrollment is an employee's registration for a training and its outcome.
type Enrollment struct{ ent.Schema }

// Annotations of the Enrollment.
func (Enrollment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An employee's registration for a training and its outcome: registered, then approved, waitlisted or rejected, then completed, failed or withdrawn."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Mixin of the Enrollment.
func (Enrollment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Enrollment.
func (Enrollment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").
			Immutable().
			Comment("The employee who registered."),
		field.Int("training_id").
			Immutable().
			Comment("The training registered for."),
		field.Enum("status").
			Values("REGISTERED", "APPROVED", "WAITLISTED", "REJECTED", "COMPLETED", "FAILED", "WITHDRAWN").
			Default("REGISTERED").
			Comment("Where the enrollment stands.").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("registered_at").
			Immutable().
			Comment("When the employee registered.").
			Annotations(entgql.OrderField("REGISTERED_AT")),
		field.Time("decided_at").
			Optional().
			Nillable().
			Comment("When the registration was approved, waitlisted or rejected."),
		field.Time("completed_at").
			Optional().
			Nillable().
			Comment("When the outcome (completed or failed) was recorded.").
			Annotations(entgql.OrderField("COMPLETED_AT")),
		field.Float("score").
			Optional().
			Nillable().
			Min(0).
			Max(100).
			Comment("Final score, 0–100.").
			Annotations(entgql.OrderField("SCORE")),
		field.String("certificate_number").
			Optional().
			MaxLen(100).
			Comment("Number of the certificate (nomor sertifikat/STTPP) for a completed training."),
		field.String("note").
			Optional().
			MaxLen(1000).
			Comment("Reason given with the last decision."),
	}
}

// Edges of the Enrollment.
func (Enrollment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).
			Ref("enrollments").
			Field("employee_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee who registered."),
		edge.From("training", Training.Type).
			Ref("enrollments").
			Field("training_id").
			Unique().
			Required().
			Immutable().
			Comment("The training registered for."),
	}
}

// Indexes of the Enrollment.
func (Enrollment) Indexes() []ent.Index {
	return []ent.Index{
		// One enrollment per employee per training.
		index.Fields("employee_id", "training_id").Unique(),
		index.Fields("training_id", "status"),
		index.Fields("status"),
		// An employee's enrollments as recorded: the compiled reads list
		// them by id (internal/sqljson), from this index without a sort.
		index.Fields("employee_id", "id"),
	}
}
