package schema

import (
	"context"
	"errors"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/dates"
)

// CareerEvent is one entry of an employee's career history (riwayat):
// an appointment, a rank promotion, a position change, a transfer or a status
// change, each with its decree (SK) and effective date (TMT). The history is
// append-only.
type CareerEvent struct{ ent.Schema }

// Annotations of the CareerEvent.
func (CareerEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One entry of an employee's career history (riwayat): appointment, rank promotion (kenaikan pangkat), position change, transfer (mutasi) or status change, with its decree (SK) and effective date (TMT). Append-only."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Fields of the CareerEvent.
func (CareerEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").
			Immutable().
			Comment("The employee whose career this event belongs to."),
		field.Enum("kind").
			Values("APPOINTMENT", "RANK_PROMOTION", "POSITION_CHANGE", "TRANSFER", "STATUS_CHANGE").
			Immutable().
			Comment("What happened.").
			Annotations(entgql.OrderField("KIND")),
		field.String("decree_number").
			NotEmpty().
			MaxLen(100).
			Immutable().
			Comment("Number of the decree (nomor SK) that orders the event.").
			Annotations(entgql.OrderField("DECREE_NUMBER")),
		field.Time("decree_date").
			Immutable().
			Comment("Date the decree was signed (tanggal SK).").
			Annotations(entgql.OrderField("DECREE_DATE")),
		field.Time("effective_date").
			Immutable().
			Comment("Effective date (TMT, terhitung mulai tanggal).").
			Annotations(entgql.OrderField("EFFECTIVE_DATE")),
		field.String("from_value").
			Optional().
			Immutable().
			Comment("The value before the event: the old rank, position or status."),
		field.String("to_value").
			Optional().
			Immutable().
			Comment("The value after the event: the new rank, position or status."),
		field.Int("from_unit_id").
			Optional().
			Nillable().
			Immutable().
			Comment("For a transfer: the unit the employee left."),
		field.Int("to_unit_id").
			Optional().
			Nillable().
			Immutable().
			Comment("For a transfer or appointment: the unit the employee joined."),
		field.String("notes").
			Optional().
			MaxLen(1000).
			Immutable().
			Comment("Free-text remarks, e.g. the reason for a transfer."),
		field.Time("recorded_at").
			Immutable().
			Comment("When the event was recorded in SIMASN.").
			Annotations(entgql.OrderField("RECORDED_AT")),
	}
}

// Edges of the CareerEvent.
func (CareerEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).
			Ref("career_events").
			Field("employee_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee whose career this event belongs to."),
		edge.To("from_unit", Unit.Type).
			Field("from_unit_id").
			Unique().
			Immutable().
			Comment("For a transfer: the unit the employee left."),
		edge.To("to_unit", Unit.Type).
			Field("to_unit_id").
			Unique().
			Immutable().
			Comment("For a transfer or appointment: the unit the employee joined."),
	}
}

// Indexes of the CareerEvent.
func (CareerEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "effective_date"),
		index.Fields("from_unit_id"),
		index.Fields("to_unit_id"),
		index.Fields("kind", "effective_date"),
	}
}

// Hooks of the CareerEvent.
func (CareerEvent) Hooks() []ent.Hook {
	return []ent.Hook{
		appendOnly("career history"),
		dateBounds(
			dateField{"decree_date", "decreeDate", dates.Service},
			dateField{"effective_date", "effectiveDate", dates.Service},
		),
	}
}

// appendOnly refuses every update and delete: the records are history.
func appendOnly(what string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return nil, invalid("id", errors.New(what+" is append-only: records cannot be changed or deleted"))
			}
			return next.Mutate(ctx, m)
		})
	}
}
