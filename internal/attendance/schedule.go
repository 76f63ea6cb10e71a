package attendance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/calendarexception"
	"simasn/ent/unit"
	"simasn/ent/workschedule"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/dates"
	"simasn/internal/viewer"
)

// mayPlan checks that the viewer of ctx may change the calendar of the
// unit with the given id: admins, and HR officers whose scope holds it.
func mayPlan(ctx context.Context, c *ent.Client, unitID int, what string) (*ent.Unit, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to " + what}
	}
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("unit %d does not exist", unitID)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if v.IsAdmin() || (v.Role == viewer.HROfficer && v.InScope(u.Path)) {
		return u, nil
	}
	return nil, apperr.Forbiddenf("only admins and HR officers whose scope holds unit %s may %s", u.Code, what)
}

// SetSchedule sets the working week of a unit (and of the units below it
// that have none of their own), replacing its earlier one.
func SetSchedule(ctx context.Context, c *ent.Client, unitID int, kind workschedule.Kind) (*ent.WorkSchedule, error) {
	if err := workschedule.KindValidator(kind); err != nil {
		return nil, apperr.Invalid("kind", "%q is not a working week: FIVE_DAY or SIX_DAY", kind)
	}
	if _, err := mayPlan(ctx, c, unitID, "set a working week"); err != nil {
		return nil, err
	}
	s, err := c.WorkSchedule.Query().Where(workschedule.UnitID(unitID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return c.WorkSchedule.Create().SetUnitID(unitID).SetKind(kind).Save(ctx)
	case err != nil:
		return nil, fmt.Errorf("set working week of unit %d: %w", unitID, err)
	}
	return c.WorkSchedule.UpdateOneID(s.ID).SetKind(kind).Save(ctx)
}

// ExceptionInput is a calendar exception to create.
type ExceptionInput struct {
	Kind     calendarexception.Kind
	StartsOn time.Time
	EndsOn   time.Time
	Name     string
	UnitID   *int
}

// CreateException adds a local non-working day or a range of Ramadan
// hours: for a unit's subtree (admins, HR officers in scope) or for every
// unit (admins only). A range is at most 60 days, within the training
// bound of dates (no earlier than 1950, at most five years ahead).
func CreateException(ctx context.Context, c *ent.Client, in ExceptionInput, now time.Time) (*ent.CalendarException, error) {
	if err := calendarexception.KindValidator(in.Kind); err != nil {
		return nil, apperr.Invalid("kind", "%q is not a kind of calendar exception", in.Kind)
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, apperr.Invalid("name", "name the non-working day or the reduced hours")
	}
	from, to := dates.Day(in.StartsOn), dates.Day(in.EndsOn)
	if err := dates.Training.Check(from, now); err != nil {
		return nil, apperr.Invalid("startsOn", "%s", err)
	}
	if to.Before(from) {
		return nil, apperr.Invalid("endsOn", "the last day %s is before the first %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	if to.Sub(from) >= 60*24*time.Hour {
		return nil, apperr.Invalid("endsOn", "a calendar exception spans at most 60 days")
	}
	v := viewer.FromContext(ctx)
	create := c.CalendarException.Create().SetKind(in.Kind).SetStartsOn(from).SetEndsOn(to).SetName(name)
	if in.UnitID == nil {
		if !v.IsAdmin() {
			return nil, apperr.Forbiddenf("only admins change the calendar of every unit; name a unit of your scope with unitID")
		}
	} else {
		if _, err := mayPlan(ctx, c, *in.UnitID, "change the calendar of a unit"); err != nil {
			return nil, err
		}
		create.SetUnitID(*in.UnitID)
	}
	return create.Save(ctx)
}

// Range returns the plans of the days from..to of a unit's calendar: at
// most 366 days.
func Range(ctx context.Context, c *ent.Client, holidays *complaint.Calendar, unitID int, from, to time.Time) ([]Plan, error) {
	from, to = dates.Day(from), dates.Day(to)
	if to.Before(from) {
		return nil, apperr.Invalid("to", "the last day %s is before the first %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	if to.Sub(from) > 365*24*time.Hour {
		return nil, apperr.Invalid("to", "ask for at most 366 days at a time")
	}
	if _, err := c.Unit.Query().Where(unit.ID(unitID)).Only(ctx); ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("unit %d does not exist", unitID)
	} else if err != nil {
		return nil, fmt.Errorf("working calendar: %w", err)
	}
	cal, err := Load(ctx, c, holidays, unitID, from, to)
	if err != nil {
		return nil, err
	}
	var out []Plan
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, cal.Day(d))
	}
	return out, nil
}
