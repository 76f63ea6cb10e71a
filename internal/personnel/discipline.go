package personnel

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/disciplinarypenalty"
	"simasn/ent/predicate"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/discipline"
	"simasn/internal/textcheck"
)

// ImposePenaltyInput imposes a penalty on an employee.
type ImposePenaltyInput struct {
	EmployeeID int
	Kind       disciplinarypenalty.Kind
	// Decree is the decree imposing it; its effective date starts the
	// period of effect.
	Decree Decree
	// EffectiveUntil is the last day of effect, for a light penalty whose
	// decree states one; derived for the other kinds.
	EffectiveUntil *time.Time
	// Violation describes the breach (personal data).
	Violation *string
}

// ImposePenalty records a penalty, with its level and period of effect from the
// regulation. The write rules (internal/access) let admins and HR
// officers in scope do it. Errors: BAD_USER_INPUT naming the field (kind,
// decree.*, effectiveUntil, violation), NOT_FOUND for an unknown employee,
// FORBIDDEN out of scope.
func ImposePenalty(ctx context.Context, c *ent.Client, in ImposePenaltyInput) (*ent.DisciplinaryPenalty, error) {
	level, ok := discipline.LevelOf(discipline.Kind(in.Kind))
	if !ok {
		return nil, apperr.Invalid("kind", "%q is not a kind of disciplinary penalty (PP 94/2021 art. 8)", in.Kind)
	}
	if err := in.Decree.validate(ctx, "decree"); err != nil {
		return nil, err
	}
	from := dates.Day(in.Decree.EffectiveDate.UTC())
	until, err := discipline.Until(discipline.Kind(in.Kind), from, in.EffectiveUntil)
	if err != nil {
		return nil, err
	}
	create := c.DisciplinaryPenalty.Create().
		SetEmployeeID(in.EmployeeID).SetKind(in.Kind).SetLevel(disciplinarypenalty.Level(level)).
		SetDecreeNumber(strings.TrimSpace(in.Decree.Number)).SetDecreeDate(dates.Day(in.Decree.Date.UTC())).
		SetEffectiveFrom(from).SetNillableEffectiveUntil(until).SetRecordedAt(dates.Now(ctx))
	if in.Violation != nil {
		v := strings.TrimSpace(*in.Violation)
		if err := textcheck.Check(v, true); err != nil {
			return nil, apperr.Invalid("violation", "the violation %s", err)
		}
		create.SetViolation(v)
	}
	p, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("impose penalty on employee %d: %w", in.EmployeeID, err)
	}
	return p, nil
}

// Penalties returns the penalties of the employees matching p, by employee id.
// ctx must be allowed to read them.
func Penalties(ctx context.Context, c *ent.Client, p predicate.Employee) (map[int][]discipline.Penalty, error) {
	ps, err := c.DisciplinaryPenalty.Query().Where(disciplinarypenalty.HasEmployeeWith(p)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load penalties: %w", err)
	}
	out := map[int][]discipline.Penalty{}
	for _, x := range ps {
		out[x.EmployeeID] = append(out[x.EmployeeID], discipline.Penalty{
			Kind: string(x.Kind), Level: string(x.Level), Decree: x.DecreeNumber,
			From: dates.Day(x.EffectiveFrom.UTC()), Until: dayOf(x.EffectiveUntil),
		})
	}
	return out, nil
}

func dayOf(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := dates.Day(t.UTC())
	return &d
}
