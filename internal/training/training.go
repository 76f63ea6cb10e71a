package training

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/predicate"
	enttraining "simasn/ent/training"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/viewer"
)

// Decision is a decision on a registration.
type Decision string

// The decisions on a registration.
const (
	Approve  Decision = "APPROVE"
	Waitlist Decision = "WAITLIST"
	Reject   Decision = "REJECT"
)

// holdsSeat reports whether an enrollment in status s occupies a seat.
func holdsSeat(s enrollment.Status) bool {
	switch s {
	case enrollment.StatusREGISTERED, enrollment.StatusAPPROVED, enrollment.StatusCOMPLETED, enrollment.StatusFAILED:
		return true
	}
	return false
}

// Create publishes a training after checking its dates.
func Create(ctx context.Context, c *ent.Client, in ent.CreateTrainingInput) (*ent.Training, error) {
	if err := checkDates(in.RegistrationOpens, in.RegistrationCloses, in.StartsOn, in.EndsOn); err != nil {
		return nil, err
	}
	if err := checkProfessions(in.TargetProfessions); err != nil {
		return nil, err
	}
	t, err := c.Training.Create().SetInput(in).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create training %s: %w", in.Code, err)
	}
	return t, nil
}

// Update changes a training; the quota cannot drop below the seats taken.
func Update(ctx context.Context, c *ent.Client, id int, in ent.UpdateTrainingInput) (*ent.Training, error) {
	t, err := get(ctx, c, id)
	if err != nil {
		return nil, err
	}
	pick := func(v *time.Time, old time.Time) time.Time {
		if v != nil {
			return *v
		}
		return old
	}
	if err := checkDates(pick(in.RegistrationOpens, t.RegistrationOpens), pick(in.RegistrationCloses, t.RegistrationCloses),
		pick(in.StartsOn, t.StartsOn), pick(in.EndsOn, t.EndsOn)); err != nil {
		return nil, err
	}
	if err := checkProfessions(in.TargetProfessions); err != nil {
		return nil, err
	}
	upd := c.Training.UpdateOneID(id).SetInput(in)
	if in.Quota != nil {
		// Conditional, so a concurrent registration cannot slip in between.
		upd.Where(enttraining.SeatsTakenLTE(*in.Quota))
	}
	t, err = upd.Save(ctx)
	if ent.IsNotFound(err) && in.Quota != nil {
		return nil, apperr.Invalid("quota", "the quota cannot be lower than the %d seats already taken", seatsTaken(ctx, c, id))
	}
	if err != nil {
		return nil, fmt.Errorf("update training %d: %w", id, err)
	}
	return t, nil
}

// Register enrolls an employee in a training inside its registration
// window. The enrollment takes a seat when one is free and is WAITLISTED
// otherwise. Returns CONFLICT when the employee is already registered.
func Register(ctx context.Context, c *ent.Client, trainingID, employeeID int, now time.Time) (*ent.Enrollment, error) {
	t, err := get(ctx, c, trainingID)
	if err != nil {
		return nil, err
	}
	e, err := c.Employee.Get(ctx, employeeID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("employeeID", "employee %d does not exist", employeeID)
	}
	if err != nil {
		return nil, fmt.Errorf("register for training %d: %w", trainingID, err)
	}
	switch {
	case t.Status != enttraining.StatusPUBLISHED:
		return nil, apperr.Invalid("trainingID", "training %s is %s; registration needs a published training", t.Code, t.Status)
	case now.Before(t.RegistrationOpens):
		return nil, apperr.Invalid("trainingID", "registration for %s opens on %s", t.Code, t.RegistrationOpens.Format(time.DateOnly))
	case now.After(t.RegistrationCloses):
		return nil, apperr.Invalid("trainingID", "registration for %s closed on %s", t.Code, t.RegistrationCloses.Format(time.DateOnly))
	case e.Status != employee.StatusACTIVE:
		return nil, apperr.Invalid("employeeID", "employee %s is %s; only active employees can register", e.Nip, e.Status)
	case len(t.TargetProfessions) > 0 && !slices.Contains(t.TargetProfessions, string(e.ProfessionGroup)):
		return nil, apperr.Invalid("employeeID", "training %s is for %s staff, not %s", t.Code, strings.Join(t.TargetProfessions, ", "), e.ProfessionGroup)
	}
	exists, err := c.Enrollment.Query().Where(enrollment.EmployeeID(employeeID), enrollment.TrainingID(trainingID)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("register for training %d: %w", trainingID, err)
	}
	if exists {
		return nil, apperr.Conflictf("employeeID", "employee %s is already registered for %s", e.Nip, t.Code)
	}
	// The enrollment is written first, so the access rules judge whether
	// the caller may register this employee before any seat is taken.
	en, err := c.Enrollment.Create().
		SetEmployeeID(employeeID).
		SetTrainingID(trainingID).
		SetStatus(enrollment.StatusREGISTERED).
		SetRegisteredAt(now).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("register employee %d for training %d: %w", employeeID, trainingID, err)
	}
	took, err := takeSeat(ctx, c, trainingID)
	if err != nil {
		return nil, err
	}
	if !took {
		en, err = c.Enrollment.UpdateOne(en).SetStatus(enrollment.StatusWAITLISTED).Save(viewer.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("waitlist employee %d for training %d: %w", employeeID, trainingID, err)
		}
	}
	return en, nil
}

// Decide approves, waitlists or rejects a registration. Approving a
// waitlisted registration needs a free seat.
func Decide(ctx context.Context, c *ent.Client, id int, d Decision, note *string, now time.Time) (*ent.Enrollment, error) {
	en, err := getEnrollment(ctx, c, id)
	if err != nil {
		return nil, err
	}
	var to enrollment.Status
	switch d {
	case Approve:
		to = enrollment.StatusAPPROVED
	case Waitlist:
		to = enrollment.StatusWAITLISTED
	case Reject:
		to = enrollment.StatusREJECTED
	default:
		return nil, apperr.Invalid("decision", "unknown decision %q", d)
	}
	if en.Status != enrollment.StatusREGISTERED && en.Status != enrollment.StatusWAITLISTED {
		return nil, apperr.Invalid("id", "enrollment %d is %s; only registered or waitlisted enrollments can be decided", id, en.Status)
	}
	if en.Status == to {
		return nil, apperr.Invalid("decision", "enrollment %d is already %s", id, to)
	}
	// The enrollment is written before the seat, so that the audit trail
	// names the enrollment as the operation's main record; a refused seat
	// rolls both back with the transaction.
	out, err := c.Enrollment.UpdateOneID(id).
		SetStatus(to).
		SetDecidedAt(now).
		SetNillableNote(note).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := moveSeat(ctx, c, en, to); err != nil {
		return nil, err
	}
	return out, nil
}

// Complete records the outcome of an approved enrollment, once its
// training has started: from its first day (startsOn) in WIB on.
func Complete(ctx context.Context, c *ent.Client, id int, passed bool, score *float64, certificate *string, now time.Time) (*ent.Enrollment, error) {
	en, err := getEnrollment(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if en.Status != enrollment.StatusAPPROVED {
		return nil, apperr.Invalid("id", "enrollment %d is %s; only approved enrollments can be completed", id, en.Status)
	}
	t, err := c.Training.Get(viewer.System(ctx), en.TrainingID)
	if err != nil {
		return nil, fmt.Errorf("complete enrollment %d: %w", id, err)
	}
	if starts, today := t.StartsOn.UTC(), dates.Today(now); today.Before(dates.Day(starts)) {
		return nil, apperr.Invalid("id", "enrollment %d cannot be completed before training %s starts on %s (today is %s)",
			id, t.Code, starts.Format(time.DateOnly), today.Format(time.DateOnly))
	}
	if score != nil && (*score < 0 || *score > 100) {
		return nil, apperr.Invalid("score", "the score must be between 0 and 100, got %v", *score)
	}
	upd := c.Enrollment.UpdateOneID(id).SetCompletedAt(now).SetNillableScore(score)
	if passed {
		if certificate == nil || strings.TrimSpace(*certificate) == "" {
			return nil, apperr.Invalid("certificateNumber", "a completed training needs its certificate number")
		}
		upd.SetStatus(enrollment.StatusCOMPLETED).SetCertificateNumber(strings.TrimSpace(*certificate))
	} else {
		if certificate != nil && *certificate != "" {
			return nil, apperr.Invalid("certificateNumber", "a failed training has no certificate")
		}
		upd.SetStatus(enrollment.StatusFAILED)
	}
	return upd.Save(ctx)
}

// Withdraw withdraws a registration before completion, freeing its seat.
func Withdraw(ctx context.Context, c *ent.Client, id int, note *string, now time.Time) (*ent.Enrollment, error) {
	en, err := getEnrollment(ctx, c, id)
	if err != nil {
		return nil, err
	}
	switch en.Status {
	case enrollment.StatusREGISTERED, enrollment.StatusAPPROVED, enrollment.StatusWAITLISTED:
	default:
		return nil, apperr.Invalid("id", "enrollment %d is %s and can no longer be withdrawn", id, en.Status)
	}
	// The enrollment first, as in Decide: it is the main record of the audit entry.
	out, err := c.Enrollment.UpdateOneID(id).SetStatus(enrollment.StatusWITHDRAWN).SetDecidedAt(now).SetNillableNote(note).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := moveSeat(ctx, c, en, enrollment.StatusWITHDRAWN); err != nil {
		return nil, err
	}
	return out, nil
}

// moveSeat takes or frees a seat as an enrollment moves to status to.
func moveSeat(ctx context.Context, c *ent.Client, en *ent.Enrollment, to enrollment.Status) error {
	had, wants := holdsSeat(en.Status), holdsSeat(to)
	switch {
	case had && !wants:
		return c.Training.UpdateOneID(en.TrainingID).AddSeatsTaken(-1).Exec(viewer.System(ctx))
	case !had && wants:
		took, err := takeSeat(ctx, c, en.TrainingID)
		if err != nil {
			return err
		}
		if !took {
			return apperr.Invalid("decision", "the training is full: all seats are taken")
		}
	}
	return nil
}

// takeSeat takes a seat if one is free. The conditional UPDATE locks the
// training row (PostgreSQL) or runs under SQLite's single writer, so two
// concurrent registrations can never both take the last seat. The seat
// counter is the system's bookkeeping: callers authorise the enrollment.
func takeSeat(ctx context.Context, c *ent.Client, trainingID int) (bool, error) {
	ctx = viewer.System(ctx)
	n, err := c.Training.Update().
		Where(enttraining.ID(trainingID), seatFree()).
		AddSeatsTaken(1).
		Save(ctx)
	if err != nil {
		return false, fmt.Errorf("take a seat in training %d: %w", trainingID, err)
	}
	return n == 1, nil
}

// seatFree matches trainings with seats_taken < quota.
func seatFree() predicate.Training {
	return func(s *sql.Selector) {
		s.Where(sql.ColumnsLT(s.C(enttraining.FieldSeatsTaken), s.C(enttraining.FieldQuota)))
	}
}

func seatsTaken(ctx context.Context, c *ent.Client, id int) int {
	t, err := c.Training.Get(ctx, id)
	if err != nil {
		return 0
	}
	return t.SeatsTaken
}

func get(ctx context.Context, c *ent.Client, id int) (*ent.Training, error) {
	t, err := c.Training.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("training %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load training %d: %w", id, err)
	}
	return t, nil
}

func getEnrollment(ctx context.Context, c *ent.Client, id int) (*ent.Enrollment, error) {
	en, err := c.Enrollment.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("enrollment %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load enrollment %d: %w", id, err)
	}
	return en, nil
}

func checkDates(opens, closes, starts, ends time.Time) error {
	switch {
	case !closes.After(opens):
		return apperr.Invalid("registrationCloses", "registration must close after it opens")
	case closes.After(starts):
		return apperr.Invalid("startsOn", "the course must start after registration closes")
	case ends.Before(starts):
		return apperr.Invalid("endsOn", "the course cannot end before it starts")
	}
	return nil
}

func checkProfessions(ps []string) error {
	for _, p := range ps {
		if err := employee.ProfessionGroupValidator(employee.ProfessionGroup(p)); err != nil {
			return apperr.Invalid("targetProfessions", "%q is not a profession group", p)
		}
	}
	return nil
}
