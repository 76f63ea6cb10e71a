package schema

import (
	"context"
	"fmt"
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/dates"
	"simasn/internal/privacy"
)

// RecruitmentYear is one year's civil-servant recruitment (seleksi CASN)
// with its selection rules: the passing thresholds of the three SKD
// sub-tests and the weighting of SKD and SKB in the final score.
//
// The default thresholds are those of KepmenPANRB No. 321 Tahun 2024
// (nilai ambang batas SKD CPNS 2024): TWK 65, TIU 80, TKP 166. The
// default weighting, SKD 40% and SKB 60% with the SKD total scaled to
// 0–100 over its maximum of 550, is that of PermenPANRB No. 27 Tahun 2021
// for formasi whose SKB is the computer test. Each year sets its own.
type RecruitmentYear struct{ ent.Schema }

// Annotations of the RecruitmentYear.
func (RecruitmentYear) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One year's civil-servant recruitment (seleksi CASN) and its selection rules: SKD passing thresholds per sub-test (TWK, TIU, TKP), the SKB threshold and the SKD/SKB weighting of the final score. Defaults: KepmenPANRB 321/2024 (TWK 65, TIU 80, TKP 166) and PermenPANRB 27/2021 (SKD 40%, SKB 60%)."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Fields of the RecruitmentYear.
func (RecruitmentYear) Fields() []ent.Field {
	return []ent.Field{
		field.Int("year").Range(2000, 2100).Unique().Immutable().Comment("The budget year of the recruitment (tahun anggaran).").Annotations(entgql.OrderField("YEAR")),
		field.Int("twk_min").Default(65).Range(0, 150).Comment("Passing threshold of the national-insight test (TWK, tes wawasan kebangsaan; 30 questions, at most 150). A score equal to it passes."),
		field.Int("tiu_min").Default(80).Range(0, 175).Comment("Passing threshold of the general-intelligence test (TIU, tes intelegensia umum; 35 questions, at most 175). A score equal to it passes."),
		field.Int("tkp_min").Default(166).Range(0, 225).Comment("Passing threshold of the personal-characteristics test (TKP, tes karakteristik pribadi; 45 questions, at most 225). A score equal to it passes."),
		field.Float("skb_min").Default(0).Range(0, 100).Comment("Passing threshold of the field-competency test (SKB, seleksi kompetensi bidang, scored 0–100); 0 when the year sets none."),
		field.Int("skd_weight").Default(40).Range(0, 100).Comment("Weight of the SKD, in percent, in the final score (the SKD total scaled to 0–100 over 550). SKD and SKB weights add up to 100."),
		field.Int("skb_weight").Default(60).Range(0, 100).Comment("Weight of the SKB, in percent, in the final score."),
		field.String("legal_basis").Optional().MaxLen(300).Comment("The decrees the year's rules come from, e.g. KepmenPANRB 321/2024."),
	}
}

// Hooks of the RecruitmentYear.
func (RecruitmentYear) Hooks() []ent.Hook {
	return []ent.Hook{recruitmentWeights}
}

// recruitmentWeights keeps the two weights adding up to 100 on every write.
func recruitmentWeights(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		get := func(f string, def int) (int, error) {
			if v, ok := m.Field(f); ok {
				return v.(int), nil
			}
			if m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldField(ctx, f)
				if err != nil {
					return 0, err
				}
				return old.(int), nil
			}
			return def, nil
		}
		_, a := m.Field("skd_weight")
		_, b := m.Field("skb_weight")
		if !a && !b {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdate) {
			return nil, invalid("skdWeight", fmt.Errorf("the weights change one recruitment year at a time"))
		}
		skd, err := get("skd_weight", 40)
		if err != nil {
			return nil, err
		}
		skb, err := get("skb_weight", 60)
		if err != nil {
			return nil, err
		}
		if skd+skb != 100 {
			// Name the weight the caller gave: on a create both are set
			// (defaults come first), so a default SKB weight means the
			// SKD weight was the one given.
			f := "skbWeight"
			if (m.Op().Is(ent.OpCreate) && skb == 60) || (a && !b) {
				f = "skdWeight"
			}
			return nil, invalid(f, fmt.Errorf("the SKD and SKB weights must add up to 100%%, got %d%% + %d%%", skd, skb))
		}
		return next.Mutate(ctx, m)
	})
}

// RecruitmentFormation is a formasi opened for recruitment: a number of
// places for one position of one unit in one recruitment year, taken from
// the workforce plan (Formation) of that year.
type RecruitmentFormation struct{ ent.Schema }

// Annotations of the RecruitmentFormation.
func (RecruitmentFormation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A formasi opened for recruitment (formasi CASN): places for one position of one unit in one recruitment year, as CPNS or PPPK, taken from the year's workforce plan and at most its shortfall."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Fields of the RecruitmentFormation.
func (RecruitmentFormation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("recruitment_year_id").Immutable().Comment("The recruitment year."),
		field.Int("plan_id").Immutable().Comment("The workforce-plan entry (Formation) the places come from."),
		field.Int("unit_id").Immutable().Comment("The unit, the plan entry's."),
		field.String("position_name").NotEmpty().MaxLen(200).Immutable().Comment("The position (nama jabatan), the plan entry's.").Annotations(entgql.OrderField("POSITION_NAME")),
		field.Enum("kind").Values("CPNS", "PPPK").Immutable().Comment("Whom the formasi appoints: CPNS (candidate civil servants) or PPPK (contract civil servants).").Annotations(entgql.OrderField("KIND")),
		field.Int("quota").Range(1, 10000).Immutable().Comment("Places (alokasi); the selected are the best-ranked of those who pass, up to this many.").Annotations(entgql.OrderField("QUOTA")),
		field.Enum("education_level").Values("SD", "SMP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3").Immutable().Comment("The qualification the formasi asks for (kualifikasi pendidikan); it sets the entry rank or grade."),
		field.Time("opened_at").Immutable().Comment("When the formasi was opened.").Annotations(entgql.OrderField("OPENED_AT")),
	}
}

// Edges of the RecruitmentFormation.
func (RecruitmentFormation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("recruitment_year", RecruitmentYear.Type).Field("recruitment_year_id").Unique().Required().Immutable().Comment("The recruitment year."),
		edge.To("plan", Formation.Type).Field("plan_id").Unique().Required().Immutable().Comment("The workforce-plan entry the places come from."),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().Required().Immutable().Comment("The unit."),
		edge.From("applicants", Applicant.Type).Ref("formation").Comment("The applicants (pelamar) of the formasi: personal data, for HR officers in scope and admins.").Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the RecruitmentFormation.
func (RecruitmentFormation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("recruitment_year_id", "plan_id", "kind").Unique(),
		index.Fields("unit_id"),
		index.Fields("plan_id"),
	}
}

// Applicant is an applicant (pelamar) to a formasi, with their selection
// scores, and once appointed the employee they became. Personal data.
type Applicant struct{ ent.Schema }

// Annotations of the Applicant.
func (Applicant) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An applicant (pelamar) to a formasi, their SKD and SKB scores and, once appointed, the employee they became, with the basic training (latsar) that ends their probation. Personal data: HR officers whose scope holds the formasi's unit and admins see applicants; analysts count them through the formasi."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Fields of the Applicant.
func (Applicant) Fields() []ent.Field {
	return []ent.Field{
		field.Int("formation_id").Immutable().Comment("The formasi applied to."),
		field.Int("recruitment_year_id").Immutable().Comment("The recruitment year, the formasi's: one NIK applies to one formasi a year."),
		field.String("registration_number").
			Annotations(privacy.Of(privacy.Personal)).
			NotEmpty().MaxLen(40).Unique().Immutable().
			Comment("Registration number of the application (nomor peserta)."),
		field.String("nik").
			Annotations(privacy.Of(privacy.Secret), entgql.Skip(entgql.SkipAll)).
			Validate(pattern(regexp.MustCompile(`^\d{16}$`), "a NIK is 16 digits")).
			Immutable().
			Comment("National identity number (NIK): never read through the API; it keeps one application per person and year."),
		field.String("name").
			Annotations(privacy.Of(privacy.Personal)).
			NotEmpty().MaxLen(150).Immutable().
			Comment("Full name without academic titles."),
		field.Time("birth_date").
			Annotations(privacy.Of(privacy.Personal).InAggregates()).
			Immutable().
			Comment("Date of birth; it goes into the NIP on appointment."),
		field.Enum("gender").
			Annotations(privacy.Of(privacy.Personal).InAggregates()).
			Values("MALE", "FEMALE").Immutable().
			Comment("Gender (jenis kelamin); it goes into the NIP on appointment."),
		field.Enum("education_level").
			Annotations(privacy.Of(privacy.Personal).InAggregates()).
			Values("SD", "SMP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3").Immutable().
			Comment("Highest completed education level."),
		field.String("education_major").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().MaxLen(150).Immutable().
			Comment("Major or study programme."),
		field.Int("twk").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().Nillable().Range(0, 150).
			Comment("SKD score of the national-insight test (TWK)."),
		field.Int("tiu").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().Nillable().Range(0, 175).
			Comment("SKD score of the general-intelligence test (TIU)."),
		field.Int("tkp").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().Nillable().Range(0, 225).
			Comment("SKD score of the personal-characteristics test (TKP)."),
		field.Float("skb").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().Nillable().Range(0, 100).
			Comment("SKB score, 0–100 with at most two decimals."),
		field.Int("employee_id").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().Nillable().Unique().
			Comment("The employee the applicant became on appointment."),
		field.Time("latsar_completed_on").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().Nillable().
			Comment("Day the appointed CPNS completed the basic training (latsar, pelatihan dasar CPNS) with a pass."),
		field.String("latsar_certificate").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().MaxLen(100).
			Comment("Number of the latsar certificate (STTPP)."),
		field.Time("registered_at").Immutable().Comment("When the application was recorded.").Annotations(entgql.OrderField("REGISTERED_AT")),
	}
}

// Edges of the Applicant.
func (Applicant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("formation", RecruitmentFormation.Type).Field("formation_id").Unique().Required().Immutable().Comment("The formasi applied to."),
		edge.To("recruitment_year", RecruitmentYear.Type).Field("recruitment_year_id").Unique().Required().Immutable().Comment("The recruitment year."),
		edge.To("employee", Employee.Type).Field("employee_id").Unique().Comment("The employee the applicant became on appointment."),
	}
}

// Indexes of the Applicant.
func (Applicant) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("recruitment_year_id", "nik").Unique(),
		index.Fields("formation_id"),
	}
}

// Hooks of the Applicant.
func (Applicant) Hooks() []ent.Hook {
	return []ent.Hook{
		dateBounds(
			dateField{"birth_date", "birthDate", dates.Birth},
			dateField{"latsar_completed_on", "completedOn", dates.Service},
		),
	}
}
