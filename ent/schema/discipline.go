package schema

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/dates"
	"simasn/internal/discipline"
	"simasn/internal/privacy"
)

// DisciplinaryPenalty is a disciplinary penalty (hukuman disiplin, PP
// 94/2021) imposed on an employee by decree, with its period of effect.
type DisciplinaryPenalty struct{ ent.Schema }

// Annotations of the DisciplinaryPenalty.
func (DisciplinaryPenalty) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A disciplinary penalty (hukuman disiplin, PP 94/2021) imposed by decree, with its level, kind and period of effect. Personal data: shown to the employee, their direct superior, HR officers in scope and admins only. Append-only."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Fields of the DisciplinaryPenalty.
func (DisciplinaryPenalty) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").
			Immutable().
			Comment("The employee penalised."),
		field.Enum("level").
			Annotations(privacy.Of(privacy.Personal)).
			Values(discipline.Levels()...).
			Immutable().
			Comment("Level (tingkat): LIGHT (ringan), MEDIUM (sedang) or HEAVY (berat); follows from the kind.").
			Annotations(entgql.OrderField("LEVEL")),
		field.Enum("kind").
			Annotations(privacy.Of(privacy.Personal)).
			Values(discipline.Kinds()...).
			Immutable().
			Comment("Kind (jenis, PP 94/2021 art. 8): verbal or written reprimand, written dissatisfaction; a 25% cut of the performance allowance for 6, 9 or 12 months; demotion or release to an executor position for 12 months; dismissal.").
			Annotations(entgql.OrderField("KIND")),
		field.String("decree_number").
			Annotations(privacy.Of(privacy.Personal)).
			NotEmpty().
			MaxLen(100).
			Immutable().
			Comment("Number of the decree imposing it (nomor SK)."),
		field.Time("decree_date").
			Annotations(privacy.Of(privacy.Personal)).
			Immutable().
			Comment("Date the decree was signed."),
		field.Time("effective_from").
			Annotations(privacy.Of(privacy.Personal)).
			Immutable().
			Comment("First day of effect (TMT).").
			Annotations(entgql.OrderField("EFFECTIVE_FROM")),
		field.Time("effective_until").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().
			Nillable().
			Immutable().
			Comment("Last day of effect; null for a dismissal, which does not end."),
		field.String("violation").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().
			MaxLen(2000).
			Immutable().
			Comment("The breach of duty or prohibition penalised."),
		field.Time("recorded_at").
			Immutable().
			Comment("When the penalty was recorded in SIMASN.").
			Annotations(entgql.OrderField("RECORDED_AT")),
	}
}

// Edges of the DisciplinaryPenalty.
func (DisciplinaryPenalty) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).
			Ref("disciplinary_penalties").
			Field("employee_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee penalised."),
	}
}

// Indexes of the DisciplinaryPenalty.
func (DisciplinaryPenalty) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "effective_from"),
	}
}

// Hooks of the DisciplinaryPenalty.
func (DisciplinaryPenalty) Hooks() []ent.Hook {
	return []ent.Hook{
		appendOnly("the discipline record"),
		penaltyHook,
		dateBounds(
			dateField{"decree_date", "decree.date", dates.Service},
			dateField{"effective_from", "decree.effectiveDate", dates.Service},
		),
	}
}

// penaltyHook keeps a penalty's level and period of effect those of its
// kind (package discipline), whoever writes it.
func penaltyHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		kind, _ := m.Field("kind")
		level, _ := m.Field("level")
		want, ok := discipline.LevelOf(discipline.Kind(fmt.Sprint(kind)))
		if !ok {
			return nil, invalid("kind", fmt.Errorf("%v is not a kind of disciplinary penalty", kind))
		}
		if fmt.Sprint(level) != string(want) {
			return nil, invalid("kind", fmt.Errorf("a penalty of kind %v is %s, not %v", kind, want, level))
		}
		from, ok := m.Field("effective_from")
		if !ok {
			return nil, invalid("decree.effectiveDate", errors.New("the effective date (TMT) is required"))
		}
		var stated *time.Time
		if u, ok := m.Field("effective_until"); ok {
			t := u.(time.Time)
			stated = &t
		}
		if _, err := discipline.Until(discipline.Kind(fmt.Sprint(kind)), dates.Day(from.(time.Time).UTC()), stated); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}
