package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Unit is an organisational unit: an agency (OPD), a division, a section, a
// technical unit, a health centre, a school. Units form a tree; Path is a
// materialized path of unit codes ("/1.02/1.02.01/") so that "this unit and
// everything under it" is one indexed prefix lookup. Path and Depth are kept
// by a hook (internal/orgtree) on create and when a unit moves.
type Unit struct{ ent.Schema }

// Annotations of the Unit.
func (Unit) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An organisational unit (unit organisasi): an agency (OPD), division (bidang), section (seksi/subbagian), technical unit (UPTD), health centre (puskesmas), hospital or school. Units form a tree."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Mixin of the Unit.
func (Unit) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Unit.
func (Unit) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			Immutable().
			MaxLen(40).
			Validate(pattern(regexp.MustCompile(`^[A-Z0-9][A-Z0-9.\-]*$`), "a unit code uses capital letters, digits, dots and dashes, e.g. 1.02.01")).
			Comment("Stable unit code, e.g. 1.02.01 (digits, capital letters, dots and dashes).").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Official name, e.g. Dinas Kesehatan Provinsi Lampung.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			Values("AGENCY", "SECRETARIAT", "DIVISION", "SECTION", "TECHNICAL_UNIT", "HEALTH_CENTRE", "HOSPITAL", "SCHOOL", "OTHER").
			Comment("What sort of unit this is.").
			Annotations(entgql.OrderField("KIND")),
		field.String("address").
			Optional().
			MaxLen(300).
			Comment("Postal address of the unit's office."),
		field.Int("parent_id").
			Optional().
			Nillable().
			Comment("The parent unit; empty for a top-level agency.").
			Annotations(noUpdate()),
		field.Int("region_id").
			Comment("The region the unit is located in."),
		field.String("path").
			NotEmpty().
			Comment("Materialized path of unit codes from the root, e.g. /1.02/1.02.01/; maintained by the system.").
			Annotations(noInput(), entgql.OrderField("PATH")),
		field.Int("depth").
			NonNegative().
			Default(0).
			Comment("Distance from the root of the tree (0 for a top-level agency); maintained by the system.").
			Annotations(noInput(), entgql.OrderField("DEPTH")),
	}
}

// Edges of the Unit.
func (Unit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Unit.Type).
			Comment("Units directly below this one.").
			Annotations(entgql.RelayConnection(), noInput()).
			From("parent").
			Field("parent_id").
			Unique().
			Comment("The unit directly above this one.").
			Annotations(noUpdate()),
		edge.From("region", Region.Type).
			Ref("units").
			Field("region_id").
			Unique().
			Required().
			Comment("The region the unit is located in."),
		edge.To("employees", Employee.Type).
			Comment("Employees assigned to this unit (not including subunits).").
			Annotations(entgql.RelayConnection(), noInput()),
		edge.To("trainings", Training.Type).
			Comment("Trainings organised by this unit.").
			Annotations(entgql.RelayConnection(), noInput()),
	}
}

// Indexes of the Unit.
func (Unit) Indexes() []ent.Index {
	return []ent.Index{
		// On PostgreSQL the path index uses text_pattern_ops, so that a
		// subtree lookup (path LIKE '/1.02/%') uses it under any collation.
		index.Fields("path").Annotations(entsql.OpClass("text_pattern_ops")),
		index.Fields("parent_id"),
		index.Fields("region_id"),
		index.Fields("kind"),
	}
}
