package schema

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"simasn/internal/dates"
	"simasn/internal/nip"
	"simasn/internal/privacy"
	"simasn/internal/rank"
)

// Employee is a civil servant (ASN): a PNS, a CPNS candidate or a PPPK
// contract servant.
type Employee struct{ ent.Schema }

// Annotations of the Employee.
func (Employee) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A civil servant (ASN, Aparatur Sipil Negara): a PNS, a CPNS candidate or a PPPK contract servant."),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// Mixin of the Employee.
func (Employee) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Employee.
func (Employee) Fields() []ent.Field {
	return []ent.Field{
		field.String("nip").
			Annotations(privacy.Of(privacy.Personal).Masked()).
			Unique().
			Validate(pattern(regexp.MustCompile(`^\d{18}$`), "a NIP is 18 digits")).
			Comment("Civil-servant identity number (NIP, or NI PPPK): 18 digits encoding birth date, appointment and gender.").
			Annotations(entgql.OrderField("NIP"), noUpdate()),
		field.String("name").
			NotEmpty().
			MaxLen(150).
			Comment("Full name without academic titles.").
			Annotations(entgql.OrderField("NAME")),
		field.String("front_title").
			Optional().
			MaxLen(40).
			Comment("Academic or professional titles before the name (gelar depan), e.g. dr. or Ir."),
		field.String("back_title").
			Optional().
			MaxLen(60).
			Comment("Academic titles after the name (gelar belakang), e.g. S.Kep., M.Kes."),
		field.Enum("employment_type").
			Values("PNS", "CPNS", "PPPK").
			Comment("Employment type: PNS (civil servant), CPNS (candidate) or PPPK (contract).").
			Annotations(entgql.OrderField("EMPLOYMENT_TYPE"), noUpdate()),
		field.String("rank").
			NotEmpty().
			Comment("Rank (golongan/ruang) such as III/a for PNS and CPNS, or grade I–XVII for PPPK. Changes only through promoteEmployee.").
			Annotations(entgql.OrderField("RANK"), noUpdate()),
		field.Time("rank_date").
			Optional().
			Nillable().
			Comment("Effective date (TMT) of the current rank.").
			Annotations(noUpdate()),
		field.String("position_name").
			NotEmpty().
			MaxLen(200).
			Comment("Position title (nama jabatan), e.g. Perawat Ahli Muda. Changes only through changeEmployeePosition.").
			Annotations(entgql.OrderField("POSITION_NAME"), noUpdate()),
		field.Enum("position_type").
			Values("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "FUNGSIONAL_KEAHLIAN", "FUNGSIONAL_KETERAMPILAN", "PELAKSANA").
			Comment("Position type (jenis jabatan): senior executive (JPT), administrator, supervisor (pengawas), functional expert or skilled, or executor (pelaksana).").
			Annotations(entgql.OrderField("POSITION_TYPE"), noUpdate()),
		field.Enum("position_level").
			Values("AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "AHLI_UTAMA", "PEMULA", "TERAMPIL", "MAHIR", "PENYELIA").
			Optional().
			Nillable().
			Comment("Level of a functional position (jenjang jabatan fungsional); empty for other position types.").
			Annotations(entgql.OrderField("POSITION_LEVEL"), noUpdate()),
		field.Time("position_date").
			Optional().
			Nillable().
			Comment("Effective date (TMT) of the current position.").
			Annotations(noUpdate()),
		field.Enum("profession_group").
			Values("HEALTH", "EDUCATION", "TECHNICAL", "ADMINISTRATIVE", "FINANCE", "LEGAL", "AGRICULTURE", "SOCIAL", "INFORMATION_TECHNOLOGY", "OTHER").
			Comment("Profession group (rumpun jabatan) used in workforce planning.").
			Annotations(entgql.OrderField("PROFESSION_GROUP")),
		field.Enum("education_level").
			Values("SD", "SMP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3").
			Comment("Highest completed education level (pendidikan terakhir).").
			Annotations(entgql.OrderField("EDUCATION_LEVEL")),
		field.String("education_major").
			Optional().
			MaxLen(150).
			Comment("Major or study programme of the highest education, e.g. Ilmu Keperawatan."),
		field.Int("unit_id").
			Comment("The unit the employee works in. Changes only through transferEmployee.").
			Annotations(noUpdate()),
		field.Int("superior_id").
			Optional().
			Nillable().
			Comment("The direct superior (atasan langsung), who appraises the employee and verifies work logs."),
		field.Int("mentor_id").
			Optional().
			Nillable().
			Comment("A mentor assigned for coaching (pembimbing), e.g. for a CPNS."),
		field.Enum("status").
			Values("ACTIVE", "ON_LEAVE", "SUSPENDED", "RETIRED", "RESIGNED", "DISMISSED", "DECEASED").
			Default("ACTIVE").
			Comment("Employment status (kedudukan hukum). Changes only through changeEmployeeStatus.").
			Annotations(entgql.OrderField("STATUS"), noUpdate()),
		field.Time("birth_date").
			Annotations(privacy.Of(privacy.Personal).InAggregates()).
			Optional().
			Nillable().
			Comment("Date of birth; derived from the NIP and always agrees with it. Personal data: visible to the person, their superiors and HR in scope; null for others.").
			Annotations(entgql.OrderField("BIRTH_DATE"), noInput()),
		field.String("birth_place").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().
			MaxLen(100).
			Comment("Place of birth. Personal data: visible to the person, their superiors and HR in scope; null for others."),
		field.Enum("gender").
			Values("MALE", "FEMALE").
			Comment("Gender; derived from the NIP and always agrees with it.").
			Annotations(entgql.OrderField("GENDER"), noInput()),
		field.Time("cpns_date").
			Optional().
			Nillable().
			Comment("Effective date (TMT) of appointment as CPNS, or of the first PPPK contract.").
			Annotations(entgql.OrderField("CPNS_DATE")),
		field.Time("pns_date").
			Optional().
			Nillable().
			Comment("Effective date (TMT) of appointment as PNS; empty for CPNS and PPPK."),
		field.String("email").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().
			MaxLen(200).
			Validate(pattern(regexp.MustCompile(`^$|^[^@\s]+@[^@\s]+\.[^@\s]+$`), "an e-mail address looks like name@lampungprov.go.id")).
			Comment("Work e-mail address. Personal data: visible to the person, their superiors and HR in scope; null for others."),
		field.String("phone").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().
			MaxLen(30).
			Validate(pattern(regexp.MustCompile(`^$|^\+?[0-9][0-9 \-]{6,}$`), "a phone number is digits, spaces and dashes, optionally after +, e.g. +62 812 7000 1234")).
			Comment("Phone number. Personal data: visible to the person, their superiors and HR in scope; null for others."),
		field.String("address").
			Annotations(privacy.Of(privacy.Personal)).
			Optional().
			MaxLen(300).
			Comment("Home address. Personal data: visible to the person, their superiors and HR in scope; null for others."),
	}
}

// Edges of the Employee.
func (Employee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).
			Ref("employees").
			Field("unit_id").
			Unique().
			Required().
			Comment("The unit the employee works in.").
			Annotations(noUpdate()),
		edge.To("subordinates", Employee.Type).
			Comment("Employees whose direct superior this employee is.").
			Annotations(entgql.RelayConnection(), noInput()).
			From("superior").
			Field("superior_id").
			Unique().
			Comment("The direct superior (atasan langsung)."),
		edge.To("mentees", Employee.Type).
			Comment("Employees this employee mentors.").
			Annotations(entgql.RelayConnection(), noInput()).
			From("mentor").
			Field("mentor_id").
			Unique().
			Comment("The employee's mentor."),
		edge.To("career_events", CareerEvent.Type).
			Comment("Career history (riwayat): appointments, promotions, position changes and transfers, oldest first.").
			Annotations(noInput()),
		edge.To("disciplinary_penalties", DisciplinaryPenalty.Type).
			Comment("Disciplinary penalties (hukuman disiplin) of the employee: personal data, shown to the employee, their direct superior, HR officers in scope and admins only.").
			Annotations(noInput()),
		edge.To("enrollments", Enrollment.Type).
			Comment("Training enrollments of the employee.").
			Annotations(noInput()),
		edge.To("appraisals", Appraisal.Type).
			Comment("Performance appraisals (SKP) of the employee.").
			Annotations(noInput()),
		edge.To("appraisals_given", Appraisal.Type).
			Comment("Appraisals in which the employee is the appraiser (pejabat penilai).").
			Annotations(entgql.RelayConnection(), noInput()),
		edge.To("work_logs", WorkLog.Type).
			Comment("Daily work logs (e-kinerja) filed by the employee.").
			Annotations(entgql.RelayConnection(), noInput()),
		edge.To("verified_work_logs", WorkLog.Type).
			Comment("Work logs the employee verified as superior.").
			Annotations(entgql.RelayConnection(), noInput()),
	}
}

// Indexes of the Employee.
func (Employee) Indexes() []ent.Index {
	return []ent.Index{
		// Also covers counts by unit and profession group (analytics: staff
		// by region × profession), read from the index alone.
		index.Fields("unit_id", "profession_group"),
		// The staff per unit and position (bezetting) that the workforce
		// gap compares with the formasi, read from the index alone in
		// (unit, position) order on PostgreSQL.
		index.Fields("unit_id", "position_name").
			Annotations(entsql.IncludeColumns("status", "position_type", "profession_group")),
		// The columns the employee aggregates of the analytics read, by
		// unit: their keys (position type, profession group), the age,
		// the service years and the share of women, read from the index
		// alone on PostgreSQL (8 MB instead of the 39 MB table for the
		// 100,000 employees of the scale dataset: agency × position type
		// and region × profession × age band cost about a third less).
		// Kept narrow on purpose: PostgreSQL prices a whole-index scan at
		// random_page_cost per page, and a wider index (with rank,
		// education, status, employment type: 11 MB) lost to the table's
		// sequential scan. SQLite takes the plain (unit_id).
		index.Fields("unit_id").
			Annotations(entsql.IncludeColumns("position_type", "profession_group", "gender", "birth_date", "cpns_date")),
		index.Fields("superior_id"),
		index.Fields("mentor_id"),
		index.Fields("name"),
		// Also serves lookups by status. The employees entitled to 20 JP
		// in service (training shortfall and training hours) are read from
		// the index alone on PostgreSQL: their ids (to leave out those with
		// enough JP) and units (a scoped viewer's subtree, the region).
		index.Fields("status", "employment_type").
			Annotations(entsql.IncludeColumns("id", "unit_id")),
		// The employees in service with their position and unit, read from
		// the index alone on PostgreSQL: the competency-gap summaries join
		// them to their current competency levels and count them per
		// position (internal/analytics; by competency 128–147 → 100–107 ms
		// of backend CPU on the scale dataset).
		index.Fields("status", "position_name").
			Annotations(entsql.IncludeColumns("id", "unit_id")),
		index.Fields("employment_type"),
		index.Fields("rank"),
		index.Fields("position_type"),
		index.Fields("profession_group"),
		index.Fields("education_level"),
		index.Fields("birth_date"),
	}
}

// Hooks of the Employee.
func (Employee) Hooks() []ent.Hook {
	return []ent.Hook{
		identityHook,
		dateBounds(
			dateField{"birth_date", "birthDate", dates.Birth},
			dateField{"cpns_date", "cpnsDate", dates.Service},
			dateField{"pns_date", "pnsDate", dates.Service},
			dateField{"rank_date", "rankDate", dates.Service},
			dateField{"position_date", "positionDate", dates.Service},
		),
	}
}

// identityFields are the fields whose combination the NIP constrains.
var identityFields = []string{"nip", "employment_type", "rank", "birth_date", "gender", "cpns_date"}

// identityHook keeps the NIP, employment type, rank, birth date, gender and
// CPNS date in agreement on every write, whoever makes it: the NIP must be
// valid for the employment type, with its birth date not in the future and
// its appointment (TMT) at most a year ahead (in WIB, by the clock of the
// context); the birth date and gender must be the ones it encodes; the
// rank must exist for the employment type; and the CPNS date must fall in
// the appointment month the NIP encodes (PNS and CPNS) and on or after the
// 18th birthday.
func identityHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		touched := false
		for _, f := range identityFields {
			if _, ok := m.Field(f); ok {
				touched = true
			}
		}
		if !touched || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
			return next.Mutate(ctx, m)
		}
		if _, ok := m.Field("birth_date"); !ok && m.Op().Is(ent.OpCreate) {
			return nil, invalid("birthDate", errors.New("the birth date is required; derive it from the NIP"))
		}
		if m.Op().Is(ent.OpUpdate) {
			// A bulk update cannot be checked row by row: refuse it.
			return nil, invalid("nip", errors.New("identity fields (NIP, employment type, rank, birth date, gender, CPNS date) change one employee at a time"))
		}
		values := make(map[string]ent.Value, len(identityFields))
		for _, f := range identityFields {
			if v, ok := m.Field(f); ok {
				values[f] = v
				continue
			}
			if m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldField(ctx, f)
				if err != nil {
					return nil, err
				}
				values[f] = old
			}
		}
		if err := checkIdentity(values, dates.Today(dates.Now(ctx))); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// checkIdentity validates the identity fields of one employee on the
// calendar day today.
func checkIdentity(v map[string]ent.Value, today time.Time) error {
	number := fmt.Sprint(v["nip"])
	empType := fmt.Sprint(v["employment_type"])
	kind := nip.PNS
	if empType == "PPPK" {
		kind = nip.PPPK
	}
	parsed, err := nip.Parse(number, kind)
	if err != nil {
		return invalid("nip", err)
	}
	if err := parsed.CheckBirth(today); err != nil {
		return invalid("nip", fmt.Errorf("NIP %q is invalid: %w", number, err))
	}
	if first, _ := parsed.AppointmentPeriod(); first.After(dates.Service.Latest(today)) {
		return invalid("nip", fmt.Errorf("NIP %q is invalid: its appointment (TMT) begins on %s, more than a year from today (%s)",
			number, first.Format(time.DateOnly), today.Format(time.DateOnly)))
	}
	if c, ok := v["cpns_date"]; ok && !isNil(c) {
		tmt, ok := c.(time.Time)
		if p, isPtr := c.(*time.Time); isPtr {
			tmt, ok = *p, true
		}
		if ok {
			if err := parsed.CheckAppointment(tmt); err != nil {
				return invalid("cpnsDate", err)
			}
		}
	}
	if r, ok := v["rank"]; ok {
		if err := rank.Validate(empType, fmt.Sprint(r)); err != nil {
			return invalid("rank", err)
		}
	}
	if b, ok := v["birth_date"]; ok {
		bd, ok := b.(time.Time)
		if p, isPtr := b.(*time.Time); isPtr && p != nil {
			bd, ok = *p, true
		}
		if !ok || !sameDay(bd, parsed.BirthDate) {
			return invalid("birthDate", fmt.Errorf("birth date %s does not agree with the NIP, which encodes %s", bd.Format(time.DateOnly), parsed.BirthDate.Format(time.DateOnly)))
		}
	}
	if g, ok := v["gender"]; ok && fmt.Sprint(g) != string(parsed.Gender) {
		return invalid("gender", fmt.Errorf("gender %s does not agree with the NIP, which encodes %s", g, parsed.Gender))
	}
	return nil
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}
