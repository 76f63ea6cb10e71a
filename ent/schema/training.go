package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/dates"
)

// Training is a competency-development course (pelatihan/diklat) with online
// registration.
type Training struct{ ent.Schema }

// Annotations of the Training.
func (Training) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A competency-development course (pelatihan, diklat) that employees register for online. Hours are counted in JP (jam pelajaran, 45 minutes)."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Mixin of the Training.
func (Training) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Training.
func (Training) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			Immutable().
			MaxLen(40).
			Validate(pattern(regexp.MustCompile(`^[A-Z0-9][A-Z0-9.\-/]*$`), "a training code uses capital letters, digits, dots, dashes and slashes, e.g. PKP-2026-01")).
			Comment("Course code, e.g. PKP-2026-01.").
			Annotations(entgql.OrderField("CODE")),
		field.String("title").
			NotEmpty().
			MaxLen(200).
			Comment("Course title.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").
			Optional().
			Comment("What the course covers and who it is for."),
		field.Enum("category").
			Values("TECHNICAL", "MANAGERIAL", "FUNCTIONAL", "SOCIO_CULTURAL").
			Comment("Competency category: technical, managerial, functional or socio-cultural.").
			Annotations(entgql.OrderField("CATEGORY")),
		field.Enum("method").
			Values("CLASSICAL", "E_LEARNING", "BLENDED").
			Comment("Delivery: classical (in class), e-learning or blended.").
			Annotations(entgql.OrderField("METHOD")),
		field.Int("organizer_id").
			Comment("The unit that organises the course, e.g. the BPSDM."),
		field.Int("hours_jp").
			Positive().
			Max(1000).
			Comment("Length in JP (jam pelajaran); counts toward the 20 JP yearly right.").
			Annotations(entgql.OrderField("HOURS_JP")),
		field.Int("quota").
			Positive().
			Max(100000).
			Comment("Seats available; approved and registered enrollments never exceed it.").
			Annotations(entgql.OrderField("QUOTA")),
		field.Int("seats_taken").
			NonNegative().
			Default(0).
			Comment("Seats held by registered, approved and completed enrollments; maintained by the system.").
			Annotations(noInput(), entgql.OrderField("SEATS_TAKEN")),
		field.Time("registration_opens").
			Comment("Start of the online registration window.").
			Annotations(entgql.OrderField("REGISTRATION_OPENS")),
		field.Time("registration_closes").
			Comment("End of the online registration window.").
			Annotations(entgql.OrderField("REGISTRATION_CLOSES")),
		field.Time("starts_on").
			Comment("First day of the course.").
			Annotations(entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").
			Comment("Last day of the course.").
			Annotations(entgql.OrderField("ENDS_ON")),
		field.Enum("status").
			Values("DRAFT", "PUBLISHED", "ONGOING", "COMPLETED", "CANCELLED").
			Default("PUBLISHED").
			Comment("Lifecycle of the course; registration needs PUBLISHED.").
			Annotations(entgql.OrderField("STATUS")),
		field.Strings("target_professions").
			Optional().
			Comment("Profession groups the course is meant for (e.g. HEALTH); empty means open to all."),
	}
}

// Edges of the Training.
func (Training) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organizer", Unit.Type).
			Ref("trainings").
			Field("organizer_id").
			Unique().
			Required().
			Comment("The unit that organises the course."),
		edge.To("enrollments", Enrollment.Type).
			Comment("Registrations for the course.").
			Annotations(entgql.RelayConnection(), noInput()),
		edge.From("competencies", Competency.Type).
			Ref("trainings").
			Comment("Competencies the course builds."),
	}
}

// Indexes of the Training.
func (Training) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organizer_id"),
		index.Fields("status", "registration_closes"),
		index.Fields("starts_on"),
		index.Fields("category"),
	}
}

// Hooks of the Training.
func (Training) Hooks() []ent.Hook {
	return []ent.Hook{dateBounds(
		dateField{"registration_opens", "registrationOpens", dates.Training},
		dateField{"registration_closes", "registrationCloses", dates.Training},
		dateField{"starts_on", "startsOn", dates.Training},
		dateField{"ends_on", "endsOn", dates.Training},
	)}
}
