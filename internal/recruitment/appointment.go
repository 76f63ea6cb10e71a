package recruitment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/applicant"
	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/recruitmentformation"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/nip"
	"simasn/internal/personnel"
	"simasn/internal/rank"
	"simasn/internal/textcheck"
	"simasn/internal/viewer"
)

// pppkEntryGrades are the PPPK grades a new contract servant starts at by
// education. Perpres 98/2020 sets the grade by the position; these are the
// usual entry grades of the positions open to each education level, an
// assumption until the formasi carries its own grade.
var pppkEntryGrades = map[string]string{
	"SD": "I", "SMP": "III", "SLTA": "V", "D1": "V", "D2": "VI", "D3": "VII",
	"D4": "IX", "S1": "IX", "S2": "X", "S3": "XI",
}

// EntryRank returns the rank (CPNS: golongan by education, PP 99/2000) or
// grade (PPPK) a formasi of the given kind and qualification appoints at.
func EntryRank(kind recruitmentformation.Kind, education string) (string, bool) {
	if kind == recruitmentformation.KindPPPK {
		g, ok := pppkEntryGrades[education]
		return g, ok
	}
	return rank.EntryRank(education)
}

// AppointInput appoints a selected applicant.
type AppointInput struct {
	ApplicantID int
	// Appointment is the appointment decree; its effective date (TMT) is
	// the CPNS TMT (or the start of the PPPK contract) and goes into the NIP.
	Appointment personnel.Decree
	SuperiorID  *int
	MentorID    *int
}

// Appoint appoints a selected applicant as CPNS or PPPK, as the formasi
// says: it creates the employee — with a NIP built from the birth date,
// the TMT's year and month, the gender and the next free serial — in the
// plan's unit and position at the entry rank of the formasi's
// qualification, records the APPOINTMENT career event, and links the
// applicant to the employee. The API runs it in the mutation's single
// transaction, so a failure at any step leaves nothing behind. Errors:
// BAD_USER_INPUT naming applicantID (not selected), appointment.* or
// superiorID; CONFLICT when already appointed or no serial is left.
func Appoint(ctx context.Context, c *ent.Client, in AppointInput) (*ent.Applicant, error) {
	a, f, rules, err := load(ctx, c, in.ApplicantID)
	if err != nil {
		return nil, err
	}
	if a.EmployeeID != nil {
		return nil, apperr.Conflictf("applicantID", "applicant %d is already appointed (employee %d)", a.ID, *a.EmployeeID)
	}
	if err := in.Appointment.Validate(ctx, "appointment"); err != nil {
		return nil, err
	}
	all, err := standings(ctx, c, f, rules)
	if err != nil {
		return nil, err
	}
	for _, st := range all {
		if st.Applicant.ID == a.ID && !st.Selected {
			return nil, apperr.Invalid("applicantID", "applicant %d is not selected (%s): only the best %d who pass SKD and SKB are appointed", a.ID, st.Status, f.Quota)
		}
	}
	sys := viewer.System(ctx)
	plan, err := c.Formation.Get(sys, f.PlanID)
	if err != nil {
		return nil, fmt.Errorf("appoint applicant %d: %w", a.ID, err)
	}
	y, err := c.RecruitmentYear.Get(sys, f.RecruitmentYearID)
	if err != nil {
		return nil, fmt.Errorf("appoint applicant %d: %w", a.ID, err)
	}
	tmt := dates.Day(in.Appointment.EffectiveDate.UTC())
	if tmt.Year() < y.Year {
		return nil, apperr.Invalid("appointment.effectiveDate", "the TMT %s is before the recruitment year %d", tmt.Format(time.DateOnly), y.Year)
	}
	entry, ok := EntryRank(f.Kind, string(f.EducationLevel))
	if !ok {
		return nil, apperr.Invalid("applicantID", "no entry rank for %s education", f.EducationLevel)
	}
	kind, empType := nip.PNS, employee.EmploymentTypeCPNS
	if f.Kind == recruitmentformation.KindPPPK {
		kind, empType = nip.PPPK, employee.EmploymentTypePPPK
	}
	number, err := nextNIP(ctx, c, kind, a.BirthDate, tmt, nip.Gender(a.Gender))
	if err != nil {
		return nil, err
	}
	in.Appointment.EffectiveDate = tmt
	in.Appointment.Number = strings.TrimSpace(in.Appointment.Number)
	posType := employee.PositionType(plan.PositionType)
	var level *employee.PositionLevel
	switch posType {
	case employee.PositionTypeFUNGSIONAL_KEAHLIAN:
		l := employee.PositionLevelAHLI_PERTAMA
		level = &l
	case employee.PositionTypeFUNGSIONAL_KETERAMPILAN:
		l := employee.PositionLevelTERAMPIL
		if f.EducationLevel == recruitmentformation.EducationLevelSLTA {
			l = employee.PositionLevelPEMULA
		}
		level = &l
	}
	var major *string
	if a.EducationMajor != "" {
		major = &a.EducationMajor
	}
	e, err := personnel.Create(ctx, c, ent.CreateEmployeeInput{
		Nip: number, Name: a.Name, EmploymentType: empType,
		Rank: entry, RankDate: &tmt,
		PositionName: plan.PositionName, PositionType: posType, PositionLevel: level, PositionDate: &tmt,
		ProfessionGroup: employee.ProfessionGroup(plan.ProfessionGroup),
		EducationLevel:  employee.EducationLevel(a.EducationLevel), EducationMajor: major,
		CpnsDate: &tmt, UnitID: plan.UnitID, SuperiorID: in.SuperiorID, MentorID: in.MentorID,
	}, &in.Appointment)
	if err != nil {
		return nil, err
	}
	a, err = c.Applicant.UpdateOneID(a.ID).SetEmployeeID(e.ID).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("mark applicant %d appointed: %w", in.ApplicantID, err)
	}
	return a, nil
}

// nextNIP returns the NIP of kind for the birth date, TMT and gender with
// the next serial after the highest already given to that prefix (read as
// the system: the serial must be unique across the province, seen or not).
// The unique index on the NIP guards concurrent appointments.
func nextNIP(ctx context.Context, c *ent.Client, kind nip.Kind, birth, tmt time.Time, g nip.Gender) (string, error) {
	first, err := nip.Build(kind, birth.UTC(), tmt.Year(), int(tmt.Month()), g, 1)
	if err != nil {
		return "", apperr.Invalid("appointment.effectiveDate", "%s", strings.TrimPrefix(err.Error(), "build NIP: "))
	}
	prefix := first[:15]
	taken, err := c.Employee.Query().Where(employee.NipHasPrefix(prefix)).Select(employee.FieldNip).Strings(viewer.System(ctx))
	if err != nil {
		return "", fmt.Errorf("serials of NIP %s: %w", prefix, err)
	}
	serial := 0
	for _, n := range taken {
		if p, err := nip.Parse(n, kind); err == nil && p.Serial > serial {
			serial = p.Serial
		}
	}
	if serial >= 999 {
		return "", apperr.Conflictf("applicantID", "every serial of NIP %s… is taken", prefix)
	}
	return nip.Build(kind, birth.UTC(), tmt.Year(), int(tmt.Month()), g, serial+1)
}

// LatsarInput records a CPNS's basic training (latsar).
type LatsarInput struct {
	EmployeeID        int
	CompletedOn       time.Time
	CertificateNumber string
}

// applicantOf returns the recruitment record of the CPNS, as the viewer
// sees it, with the employee.
func applicantOf(ctx context.Context, c *ent.Client, employeeID int) (*ent.Applicant, *ent.Employee, error) {
	e, err := c.Employee.Get(ctx, employeeID)
	if ent.IsNotFound(err) {
		return nil, nil, apperr.NotFoundf("employee %d does not exist", employeeID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load employee %d: %w", employeeID, err)
	}
	if e.EmploymentType != employee.EmploymentTypeCPNS {
		return nil, nil, apperr.Invalid("employeeID", "employee %d is %s, not a CPNS", e.ID, e.EmploymentType)
	}
	a, err := c.Applicant.Query().Where(applicant.EmployeeID(e.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, apperr.Invalid("employeeID", "employee %d was not appointed through a recruitment recorded in SIMASN (or it is outside your scope): no probation record", e.ID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load recruitment record of employee %d: %w", e.ID, err)
	}
	return a, e, nil
}

// RecordLatsar records that a CPNS completed the basic training (latsar)
// with a pass, on a day between the CPNS TMT and today. Errors:
// BAD_USER_INPUT naming employeeID, completedOn or certificateNumber.
func RecordLatsar(ctx context.Context, c *ent.Client, in LatsarInput) (*ent.Applicant, error) {
	a, e, err := applicantOf(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	cert := strings.TrimSpace(in.CertificateNumber)
	if cert == "" || len(cert) > 100 || textcheck.Check(cert, false) != nil {
		return nil, apperr.Invalid("certificateNumber", "the certificate number (STTPP) is required, plain text of at most 100 characters")
	}
	day := dates.Day(in.CompletedOn.UTC())
	today := dates.Today(dates.Now(ctx))
	if day.After(today) {
		return nil, apperr.Invalid("completedOn", "the latsar cannot be completed in the future: %s is after today, %s", day.Format(time.DateOnly), today.Format(time.DateOnly))
	}
	if e.CpnsDate != nil && day.Before(dates.Day(e.CpnsDate.UTC())) {
		return nil, apperr.Invalid("completedOn", "the latsar is taken as CPNS: %s is before the CPNS TMT %s", day.Format(time.DateOnly), e.CpnsDate.UTC().Format(time.DateOnly))
	}
	a, err = c.Applicant.UpdateOneID(a.ID).SetLatsarCompletedOn(day).SetLatsarCertificate(cert).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record latsar of employee %d: %w", in.EmployeeID, err)
	}
	return a, nil
}

// AppointPNSInput appoints a CPNS as PNS.
type AppointPNSInput struct {
	EmployeeID int
	Decree     personnel.Decree
	Notes      *string
}

// ProbationEnds returns the first day a CPNS appointed on cpns may become
// PNS: one year of probation (PP 11/2017 art. 34), the same day a year on.
func ProbationEnds(cpns time.Time) time.Time { return dates.Day(cpns.UTC()).AddDate(1, 0, 0) }

// AppointPNS appoints a CPNS as PNS (pengangkatan PNS) once the probation
// year is over and the latsar completed by the decree's TMT: the employee
// becomes PNS with that PNS TMT, and a STATUS_CHANGE career event from CPNS
// to PNS records it. Errors: BAD_USER_INPUT naming employeeID (not a CPNS,
// no latsar) or decree.* (probation not over).
func AppointPNS(ctx context.Context, c *ent.Client, in AppointPNSInput) (*ent.CareerEvent, error) {
	if err := in.Decree.Validate(ctx, "decree"); err != nil {
		return nil, err
	}
	a, e, err := applicantOf(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	tmt := dates.Day(in.Decree.EffectiveDate.UTC())
	if e.CpnsDate == nil {
		return nil, apperr.Invalid("employeeID", "employee %d has no CPNS TMT", e.ID)
	}
	if ends := ProbationEnds(*e.CpnsDate); tmt.Before(ends) {
		return nil, apperr.Invalid("decree.effectiveDate", "the probation year from the CPNS TMT %s ends on %s: the PNS TMT %s is too early",
			e.CpnsDate.UTC().Format(time.DateOnly), ends.AddDate(0, 0, -1).Format(time.DateOnly), tmt.Format(time.DateOnly))
	}
	if a.LatsarCompletedOn == nil {
		return nil, apperr.Invalid("employeeID", "employee %d has not completed the basic training (latsar), which comes before appointment as PNS", e.ID)
	}
	if done := dates.Day(a.LatsarCompletedOn.UTC()); done.After(tmt) {
		return nil, apperr.Invalid("decree.effectiveDate", "the latsar was completed on %s, after the PNS TMT %s", done.Format(time.DateOnly), tmt.Format(time.DateOnly))
	}
	if in.Notes != nil {
		if err := textcheck.Check(*in.Notes, true); err != nil || len(*in.Notes) > 1000 {
			return nil, apperr.Invalid("notes", "the notes must be text of at most 1000 characters")
		}
	}
	if err := c.Employee.UpdateOneID(e.ID).SetEmploymentType(employee.EmploymentTypePNS).SetPnsDate(tmt).Exec(ctx); err != nil {
		return nil, fmt.Errorf("appoint employee %d as PNS: %w", e.ID, err)
	}
	ev, err := c.CareerEvent.Create().SetEmployeeID(e.ID).SetKind(careerevent.KindSTATUS_CHANGE).
		SetDecreeNumber(strings.TrimSpace(in.Decree.Number)).SetDecreeDate(dates.Day(in.Decree.Date.UTC())).SetEffectiveDate(tmt).
		SetFromValue(string(employee.EmploymentTypeCPNS)).SetToValue(string(employee.EmploymentTypePNS)).
		SetNillableNotes(in.Notes).SetRecordedAt(dates.Now(ctx)).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record PNS appointment of employee %d: %w", e.ID, err)
	}
	return ev, nil
}
