package personnel

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/nip"
	"simasn/internal/privacy"
	"simasn/internal/rank"
	"simasn/internal/textcheck"
	"simasn/internal/viewer"
)

// Decree is the decree (surat keputusan, SK) that orders a career event.
type Decree struct {
	Number        string
	Date          time.Time
	EffectiveDate time.Time
}

// Validate checks a decree given as the input field named field (e.g.
// "decree"): BAD_USER_INPUT naming the sub-field when the number is
// missing or the dates are out of bounds. Its dates are service dates
// (dates.Service) by the clock of ctx.
func (d Decree) Validate(ctx context.Context, field string) error { return d.validate(ctx, field) }

// validate checks a decree given as the input field named field; its
// dates are service dates (dates.Service) by the clock of ctx.
func (d Decree) validate(ctx context.Context, field string) error {
	if strings.TrimSpace(d.Number) == "" {
		return apperr.Invalid(field+".number", "the decree number (nomor SK) is required")
	}
	if len(d.Number) > 100 {
		return apperr.Invalid(field+".number", "the decree number is longer than 100 characters")
	}
	if err := textcheck.Check(d.Number, false); err != nil {
		return apperr.Invalid(field+".number", "the decree number %s", err)
	}
	if d.Date.IsZero() {
		return apperr.Invalid(field+".date", "the decree date is required")
	}
	if d.EffectiveDate.IsZero() {
		return apperr.Invalid(field+".effectiveDate", "the effective date (TMT) is required")
	}
	now := dates.Now(ctx)
	if err := dates.Service.Check(d.Date, now); err != nil {
		return apperr.Invalid(field+".date", "%s", err)
	}
	if err := dates.Service.Check(d.EffectiveDate, now); err != nil {
		return apperr.Invalid(field+".effectiveDate", "%s", err)
	}
	return nil
}

// TransferInput moves an employee to another unit.
type TransferInput struct {
	EmployeeID int
	ToUnitID   int
	SuperiorID *int
	Decree     Decree
	Notes      *string
}

// PromoteInput raises an employee's rank or PPPK grade.
type PromoteInput struct {
	EmployeeID int
	ToRank     string
	Decree     Decree
	Notes      *string
}

// ChangePositionInput appoints an employee to another position.
type ChangePositionInput struct {
	EmployeeID    int
	PositionName  string
	PositionType  employee.PositionType
	PositionLevel *employee.PositionLevel
	Decree        Decree
	Notes         *string
}

// ChangeStatusInput changes an employee's employment status.
type ChangeStatusInput struct {
	EmployeeID int
	Status     employee.Status
	Decree     Decree
	Notes      *string
}

// Create registers an employee. Birth date and gender are derived from the
// NIP. With an appointment decree, an APPOINTMENT event opens the career
// history. Returns BAD_USER_INPUT for invalid fields and CONFLICT for a NIP
// already registered.
func Create(ctx context.Context, c *ent.Client, in ent.CreateEmployeeInput, appointment *Decree) (*ent.Employee, error) {
	kind, ok := nip.KindFor(string(in.EmploymentType))
	if !ok {
		return nil, apperr.Invalid("employmentType", "unknown employment type %q", in.EmploymentType)
	}
	parsed, err := nip.Parse(in.Nip, kind)
	if err != nil {
		return nil, apperr.Invalid("nip", "%s", err)
	}
	if err := rank.Validate(string(in.EmploymentType), in.Rank); err != nil {
		return nil, apperr.Invalid("rank", "%s", err)
	}
	if err := ValidatePosition(in.PositionType, in.PositionLevel); err != nil {
		return nil, err
	}
	if appointment != nil {
		if err := appointment.validate(ctx, "appointment"); err != nil {
			return nil, err
		}
	}
	if err := refsExist(ctx, c, in.UnitID, in.SuperiorID, in.MentorID); err != nil {
		return nil, err
	}
	exists, err := c.Employee.Query().Where(employee.Nip(in.Nip)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("create employee: %w", err)
	}
	if exists {
		return nil, apperr.Conflictf("nip", "an employee with NIP %s is already registered", in.Nip)
	}
	e, err := c.Employee.Create().
		SetInput(in).
		SetBirthDate(parsed.BirthDate).
		SetGender(employee.Gender(parsed.Gender)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create employee %s: %w", in.Nip, err)
	}
	if appointment != nil {
		_, err := event(ctx, c, e.ID, careerevent.KindAPPOINTMENT, *appointment, nil).
			SetToValue(e.PositionName).
			SetToUnitID(e.UnitID).
			Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("record appointment of %s: %w", in.Nip, err)
		}
	}
	return e, nil
}

// Update changes an employee's personal and contact data and superior.
func Update(ctx context.Context, c *ent.Client, id int, in ent.UpdateEmployeeInput) (*ent.Employee, error) {
	if _, err := get(ctx, c, id); err != nil {
		return nil, err
	}
	if in.SuperiorID != nil {
		if err := checkSuperior(ctx, c, id, *in.SuperiorID); err != nil {
			return nil, err
		}
	}
	if in.MentorID != nil && *in.MentorID == id {
		return nil, apperr.Invalid("mentorID", "an employee cannot mentor themselves")
	}
	e, err := c.Employee.UpdateOneID(id).SetInput(in).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update employee %d: %w", id, err)
	}
	return e, nil
}

// Transfer moves an employee to another unit (mutasi) and records a
// TRANSFER event. The superior is replaced by the given one, or cleared.
func Transfer(ctx context.Context, c *ent.Client, in TransferInput) (*ent.CareerEvent, error) {
	if err := in.Decree.validate(ctx, "decree"); err != nil {
		return nil, err
	}
	e, err := get(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	if e.UnitID == in.ToUnitID {
		return nil, apperr.Invalid("toUnitID", "the employee already works in unit %d", in.ToUnitID)
	}
	to, err := c.Unit.Get(ctx, in.ToUnitID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("toUnitID", "unit %d does not exist", in.ToUnitID)
	}
	if err != nil {
		return nil, fmt.Errorf("transfer employee %d: %w", in.EmployeeID, err)
	}
	upd := c.Employee.UpdateOneID(e.ID).SetUnitID(to.ID).ClearSuperiorID()
	if in.SuperiorID != nil {
		if err := checkSuperior(ctx, c, e.ID, *in.SuperiorID); err != nil {
			return nil, err
		}
		upd.SetSuperiorID(*in.SuperiorID)
	}
	if err := upd.Exec(ctx); err != nil {
		return nil, fmt.Errorf("transfer employee %d: %w", e.ID, err)
	}
	ev, err := event(ctx, c, e.ID, careerevent.KindTRANSFER, in.Decree, in.Notes).
		SetFromUnitID(e.UnitID).
		SetToUnitID(to.ID).
		SetFromValue(e.PositionName).
		SetToValue(e.PositionName).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record transfer of employee %d: %w", e.ID, err)
	}
	return ev, nil
}

// Promote raises an employee's rank (kenaikan pangkat) or PPPK grade and
// records a RANK_PROMOTION event.
func Promote(ctx context.Context, c *ent.Client, in PromoteInput) (*ent.CareerEvent, error) {
	if err := in.Decree.validate(ctx, "decree"); err != nil {
		return nil, err
	}
	e, err := get(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	if err := rank.Promotion(string(e.EmploymentType), e.Rank, in.ToRank); err != nil {
		return nil, apperr.Invalid("toRank", "%s", err)
	}
	err = c.Employee.UpdateOneID(e.ID).
		SetRank(in.ToRank).
		SetRankDate(in.Decree.EffectiveDate).
		Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("promote employee %d: %w", e.ID, err)
	}
	ev, err := event(ctx, c, e.ID, careerevent.KindRANK_PROMOTION, in.Decree, in.Notes).
		SetFromValue(e.Rank).
		SetToValue(in.ToRank).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record promotion of employee %d: %w", e.ID, err)
	}
	return ev, nil
}

// ChangePosition appoints an employee to another position and records a
// POSITION_CHANGE event.
func ChangePosition(ctx context.Context, c *ent.Client, in ChangePositionInput) (*ent.CareerEvent, error) {
	if err := in.Decree.validate(ctx, "decree"); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.PositionName)
	if name == "" {
		return nil, apperr.Invalid("positionName", "the position name is required")
	}
	if err := ValidatePosition(in.PositionType, in.PositionLevel); err != nil {
		return nil, err
	}
	e, err := get(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	upd := c.Employee.UpdateOneID(e.ID).
		SetPositionName(name).
		SetPositionType(in.PositionType).
		SetPositionDate(in.Decree.EffectiveDate)
	// The level is set or cleared, never both: PostgreSQL refuses an
	// UPDATE that assigns one column twice.
	if in.PositionLevel != nil {
		upd.SetPositionLevel(*in.PositionLevel)
	} else {
		upd.ClearPositionLevel()
	}
	if err := upd.Exec(ctx); err != nil {
		return nil, fmt.Errorf("change position of employee %d: %w", e.ID, err)
	}
	ev, err := event(ctx, c, e.ID, careerevent.KindPOSITION_CHANGE, in.Decree, in.Notes).
		SetFromValue(e.PositionName).
		SetToValue(name).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record position change of employee %d: %w", e.ID, err)
	}
	return ev, nil
}

// ChangeStatus changes an employee's employment status and records a
// STATUS_CHANGE event.
func ChangeStatus(ctx context.Context, c *ent.Client, in ChangeStatusInput) (*ent.CareerEvent, error) {
	if err := in.Decree.validate(ctx, "decree"); err != nil {
		return nil, err
	}
	if err := employee.StatusValidator(in.Status); err != nil {
		return nil, apperr.Invalid("status", "%s", err)
	}
	e, err := get(ctx, c, in.EmployeeID)
	if err != nil {
		return nil, err
	}
	if e.Status == in.Status {
		return nil, apperr.Invalid("status", "the employee's status is already %s", in.Status)
	}
	if err := c.Employee.UpdateOneID(e.ID).SetStatus(in.Status).Exec(ctx); err != nil {
		return nil, fmt.Errorf("change status of employee %d: %w", e.ID, err)
	}
	ev, err := event(ctx, c, e.ID, careerevent.KindSTATUS_CHANGE, in.Decree, in.Notes).
		SetFromValue(string(e.Status)).
		SetToValue(string(in.Status)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record status change of employee %d: %w", e.ID, err)
	}
	return ev, nil
}

// ByNIP returns the employee with the given NIP, or nil when there is none.
func ByNIP(ctx context.Context, c *ent.Client, number string) (*ent.Employee, error) {
	// A lookup by NIP is a question about it (the field policy): refused to
	// those who read no NIP; for those who read some, an employee whose NIP
	// they may not read is not found, like one that does not exist.
	v := viewer.FromContext(ctx)
	if access.ReachOf(v, privacy.Personal) == access.Nowhere {
		return nil, &apperr.Error{Code: apperr.Forbidden, Field: "nip", Message: "a NIP is personal data, which you may not read or look up"}
	}
	e, err := c.Employee.Query().Where(employee.Nip(number)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("employee by NIP: %w", err)
	}
	if !access.PersonalFrom(ctx, c).Readable(ctx, "Employee", e.ID, privacy.Personal) {
		return nil, nil
	}
	return e, nil
}

// ValidatePosition checks that a functional position has a level of its
// kind (expert: ahli pertama…utama; skilled: pemula…penyelia) and that other
// positions have none.
func ValidatePosition(t employee.PositionType, level *employee.PositionLevel) error {
	expert := map[employee.PositionLevel]bool{
		employee.PositionLevelAHLI_PERTAMA: true, employee.PositionLevelAHLI_MUDA: true,
		employee.PositionLevelAHLI_MADYA: true, employee.PositionLevelAHLI_UTAMA: true,
	}
	switch t {
	case employee.PositionTypeFUNGSIONAL_KEAHLIAN:
		if level == nil || !expert[*level] {
			return apperr.Invalid("positionLevel", "an expert functional position (fungsional keahlian) needs a level AHLI_PERTAMA, AHLI_MUDA, AHLI_MADYA or AHLI_UTAMA")
		}
	case employee.PositionTypeFUNGSIONAL_KETERAMPILAN:
		if level == nil || expert[*level] {
			return apperr.Invalid("positionLevel", "a skilled functional position (fungsional keterampilan) needs a level PEMULA, TERAMPIL, MAHIR or PENYELIA")
		}
	default:
		if level != nil {
			return apperr.Invalid("positionLevel", "only functional positions have a level; %s has none", t)
		}
	}
	return nil
}

// refsExist checks the records a new employee refers to, so a wrong id is
// reported on its field rather than as a foreign-key failure.
func refsExist(ctx context.Context, c *ent.Client, unitID int, superiorID, mentorID *int) error {
	ok, err := c.Unit.Query().Where(unit.ID(unitID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("check unit %d: %w", unitID, err)
	}
	if !ok {
		return apperr.Invalid("unitID", "unit %d does not exist", unitID)
	}
	for field, id := range map[string]*int{"superiorID": superiorID, "mentorID": mentorID} {
		if id == nil {
			continue
		}
		ok, err := c.Employee.Query().Where(employee.ID(*id)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("check employee %d: %w", *id, err)
		}
		if !ok {
			return apperr.Invalid(field, "employee %d does not exist", *id)
		}
	}
	return nil
}

func get(ctx context.Context, c *ent.Client, id int) (*ent.Employee, error) {
	e, err := c.Employee.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("employee %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load employee %d: %w", id, err)
	}
	return e, nil
}

// checkSuperior refuses a superior that does not exist, is the employee, or
// is below the employee in the chain of superiors.
func checkSuperior(ctx context.Context, c *ent.Client, id, superiorID int) error {
	// The superior must be someone the caller can see; the chain above them
	// may leave the caller's scope, so it is walked by the system.
	ok, err := c.Employee.Query().Where(employee.ID(superiorID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("check superior of employee %d: %w", id, err)
	}
	if !ok {
		return apperr.Invalid("superiorID", "employee %d does not exist", superiorID)
	}
	ctx = viewer.System(ctx)
	for cur, steps := superiorID, 0; ; steps++ {
		if cur == id {
			return apperr.Invalid("superiorID", "employee %d cannot be their own superior, directly or through the chain of superiors", id)
		}
		s, err := c.Employee.Query().Where(employee.ID(cur)).Select(employee.FieldSuperiorID).Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.Invalid("superiorID", "employee %d does not exist", cur)
		}
		if err != nil {
			return fmt.Errorf("check superior of employee %d: %w", id, err)
		}
		if s.SuperiorID == nil || steps > 64 {
			return nil
		}
		cur = *s.SuperiorID
	}
}

func event(ctx context.Context, c *ent.Client, employeeID int, kind careerevent.Kind, d Decree, notes *string) *ent.CareerEventCreate {
	return c.CareerEvent.Create().
		SetEmployeeID(employeeID).
		SetKind(kind).
		SetDecreeNumber(strings.TrimSpace(d.Number)).
		SetDecreeDate(d.Date).
		SetEffectiveDate(d.EffectiveDate).
		SetNillableNotes(notes).
		SetRecordedAt(dates.Now(ctx))
}
