package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Region is a regency (kabupaten) or city (kota) of the province.
type Region struct{ ent.Schema }

// Annotations of the Region.
func (Region) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A regency (kabupaten) or city (kota) of the province, identified by its official Kemendagri code."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Mixin of the Region.
func (Region) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Region.
func (Region) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			Immutable().
			Validate(pattern(regexp.MustCompile(`^\d{2}\.\d{2}$`), "a region code is two digits, a dot and two digits, e.g. 18.71")).
			Comment("Official Kemendagri code, e.g. 18.71 for Kota Bandar Lampung.").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").
			NotEmpty().
			MaxLen(120).
			Comment("Official name, e.g. Kabupaten Lampung Barat.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			Values("REGENCY", "CITY").
			Comment("Regency (kabupaten) or city (kota).").
			Annotations(entgql.OrderField("KIND")),
		field.Bool("remote").
			Default(false).
			Comment("Remote or disadvantaged area (daerah terpencil/tertinggal), where staff shortages weigh most.").
			Annotations(entgql.OrderField("REMOTE")),
	}
}

// Edges of the Region.
func (Region) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("units", Unit.Type).
			Comment("Units located in this region.").
			Annotations(entgql.RelayConnection(), noInput()),
	}
}
