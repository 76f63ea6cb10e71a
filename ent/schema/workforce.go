package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Formation is the needed head-count (formasi, from Anjab/ABK workload
// analysis) of one position in one unit for one year.
type Formation struct{ ent.Schema }

// Annotations of the Formation.
func (Formation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Needed head-count (formasi, from the Anjab/ABK workload analysis) of one position in one unit for one year; compared with who fills it (bezetting) to find shortages."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Fields of the Formation.
func (Formation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("unit_id").Comment("The unit."),
		field.Int("year").Range(2000, 2100).Comment("The year the need is set for.").Annotations(entgql.OrderField("YEAR")),
		field.String("position_name").NotEmpty().MaxLen(200).Comment("The position (nama jabatan), e.g. Perawat Ahli Pertama.").Annotations(entgql.OrderField("POSITION_NAME")),
		field.Enum("position_type").
			Values("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "FUNGSIONAL_KEAHLIAN", "FUNGSIONAL_KETERAMPILAN", "PELAKSANA").
			Comment("The position type.").Annotations(entgql.OrderField("POSITION_TYPE")),
		field.Enum("profession_group").
			Values("HEALTH", "EDUCATION", "TECHNICAL", "ADMINISTRATIVE", "FINANCE", "LEGAL", "AGRICULTURE", "SOCIAL", "INFORMATION_TECHNOLOGY", "OTHER").
			Comment("The profession group the position belongs to.").Annotations(entgql.OrderField("PROFESSION_GROUP")),
		field.Int("needed").NonNegative().Max(10000).Comment("Needed head-count.").Annotations(entgql.OrderField("NEEDED")),
	}
}

// Edges of the Formation.
func (Formation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", Unit.Type).Field("unit_id").Unique().Required().Comment("The unit."),
	}
}

// Indexes of the Formation.
func (Formation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("unit_id", "year", "position_name").Unique(),
		index.Fields("year", "profession_group"),
	}
}

// Competency is an entry of the competency catalogue (kamus kompetensi).
type Competency struct{ ent.Schema }

// Annotations of the Competency.
func (Competency) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An entry of the competency catalogue (kamus kompetensi): technical, managerial, socio-cultural or functional, assessed on levels 1–5."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Fields of the Competency.
func (Competency) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Unique().Immutable().NotEmpty().MaxLen(40).Comment("Catalogue code, e.g. MNJ-01.").Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxLen(200).Comment("Name, e.g. Integritas.").Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Values("TECHNICAL", "MANAGERIAL", "SOCIO_CULTURAL", "FUNCTIONAL").Comment("Kind of competency.").Annotations(entgql.OrderField("KIND")),
		field.Text("description").Optional().Comment("What the competency means and how its levels differ."),
	}
}

// Edges of the Competency.
func (Competency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("trainings", Training.Type).
			Comment("Trainings that build this competency.").
			Annotations(entgql.RelayConnection()),
		edge.To("requirements", CompetencyRequirement.Type).
			Comment("Positions that require this competency.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("assessments", CompetencyAssessment.Type).
			Comment("Assessments of employees on this competency.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// CompetencyRequirement is the level of a competency a position requires
// (standar kompetensi jabatan).
type CompetencyRequirement struct{ ent.Schema }

// Annotations of the CompetencyRequirement.
func (CompetencyRequirement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("The level of a competency a position requires (standar kompetensi jabatan)."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Fields of the CompetencyRequirement.
func (CompetencyRequirement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("competency_id").Comment("The competency."),
		field.String("position_name").NotEmpty().MaxLen(200).Comment("The position (nama jabatan) that requires it.").Annotations(entgql.OrderField("POSITION_NAME")),
		field.Int("level").Range(1, 5).Comment("Required level, 1–5.").Annotations(entgql.OrderField("LEVEL")),
	}
}

// Edges of the CompetencyRequirement.
func (CompetencyRequirement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("competency", Competency.Type).Ref("requirements").Field("competency_id").Unique().Required().Comment("The competency."),
	}
}

// Indexes of the CompetencyRequirement.
func (CompetencyRequirement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("position_name", "competency_id").Unique(), index.Fields("competency_id")}
}

// CompetencyAssessment is an employee's assessed level of a competency.
type CompetencyAssessment struct{ ent.Schema }

// Annotations of the CompetencyAssessment.
func (CompetencyAssessment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An employee's assessed level of a competency (hasil asesmen), the latest per competency counting."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate()),
		entgql.MultiOrder(),
	}
}

// Fields of the CompetencyAssessment.
func (CompetencyAssessment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Immutable().Comment("The employee."),
		field.Int("competency_id").Immutable().Comment("The competency."),
		field.Int("level").Range(1, 5).Immutable().Comment("Assessed level, 1–5.").Annotations(entgql.OrderField("LEVEL")),
		field.Time("assessed_at").Immutable().Comment("When it was assessed.").Annotations(entgql.OrderField("ASSESSED_AT")),
		field.String("method").Optional().MaxLen(100).Immutable().Comment("How it was assessed, e.g. assessment centre, 360°."),
	}
}

// Edges of the CompetencyAssessment.
func (CompetencyAssessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("employee", Employee.Type).Field("employee_id").Unique().Required().Immutable().Comment("The employee."),
		edge.From("competency", Competency.Type).Ref("assessments").Field("competency_id").Unique().Required().Immutable().Comment("The competency."),
	}
}

// Indexes of the CompetencyAssessment.
func (CompetencyAssessment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("employee_id", "competency_id", "assessed_at"), index.Fields("competency_id")}
}

// CurrentCompetency is an employee's current level of one competency: their
// latest assessment of it (the latest assessed time; among equal times, the
// last recorded). It is derived data, kept by internal/analytics
// (KeepCurrentCompetencies) in the transaction of each new assessment and
// filled by the migration that added it, so that the competency-gap
// reports join one row per pair instead of finding the latest of all
// assessments on every query. It is not part of the API.
type CurrentCompetency struct{ ent.Schema }

// Annotations of the CurrentCompetency.
func (CurrentCompetency) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipAll),
		schema.Comment("An employee's latest assessed level of a competency (derived from the assessments)."),
	}
}

// Fields of the CurrentCompetency.
func (CurrentCompetency) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Immutable().Comment("The employee."),
		field.Int("competency_id").Immutable().Comment("The competency."),
		field.Int("level").Range(1, 5).Comment("The level of the latest assessment, 1–5."),
		field.Int("assessment_id").Comment("The latest assessment."),
		field.Int64("assessed_key").Comment("When the latest assessment was made, in microseconds since the Unix epoch: with assessment_id, the order that decides which assessment is the latest."),
	}
}

// Indexes of the CurrentCompetency.
func (CurrentCompetency) Indexes() []ent.Index {
	return []ent.Index{index.Fields("employee_id", "competency_id").Unique(), index.Fields("competency_id")}
}

// SurveyResponse is one answer to the public satisfaction survey (survei
// kepuasan masyarakat, PermenPANRB 14/2017) about a service unit.
type SurveyResponse struct{ ent.Schema }

// Annotations of the SurveyResponse.
func (SurveyResponse) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One answer to the public satisfaction survey (SKM, PermenPANRB 14/2017) about a service unit: nine elements, each 1–4. The satisfaction index (IKM) is computed from them."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Fields of the SurveyResponse.
func (SurveyResponse) Fields() []ent.Field {
	elements := []struct{ name, comment string }{
		{"u1_requirements", "U1 requirements (persyaratan)"},
		{"u2_procedure", "U2 procedure (sistem, mekanisme dan prosedur)"},
		{"u3_time", "U3 service time (waktu penyelesaian)"},
		{"u4_cost", "U4 cost (biaya/tarif)"},
		{"u5_product", "U5 service product (produk spesifikasi jenis pelayanan)"},
		{"u6_competence", "U6 staff competence (kompetensi pelaksana)"},
		{"u7_behaviour", "U7 staff behaviour (perilaku pelaksana)"},
		{"u8_complaints", "U8 complaint handling (penanganan pengaduan, saran dan masukan)"},
		{"u9_facilities", "U9 facilities (sarana dan prasarana)"},
	}
	fields := []ent.Field{
		field.Int("unit_id").Immutable().Comment("The service unit surveyed."),
		field.Time("submitted_at").Immutable().Comment("When the answer was given.").Annotations(entgql.OrderField("SUBMITTED_AT")),
		field.Enum("respondent_gender").Values("MALE", "FEMALE").Optional().Nillable().Immutable().Comment("Respondent's gender (optional)."),
		field.Int("respondent_age").Optional().Nillable().Range(10, 120).Immutable().Comment("Respondent's age (optional)."),
		field.String("respondent_education").Optional().MaxLen(20).Immutable().Comment("Respondent's education level (optional)."),
		field.String("comment").Optional().MaxLen(2000).Immutable().Comment("Suggestions."),
	}
	for _, e := range elements {
		fields = append(fields, field.Int(e.name).Range(1, 4).Immutable().Comment(e.comment+": 1 poor to 4 very good."))
	}
	return fields
}

// Edges of the SurveyResponse.
func (SurveyResponse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", Unit.Type).Field("unit_id").Unique().Required().Immutable().Comment("The service unit surveyed."),
	}
}

// Indexes of the SurveyResponse.
func (SurveyResponse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("unit_id", "submitted_at"), index.Fields("submitted_at")}
}
