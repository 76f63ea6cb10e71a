package performance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/worklog"
	"simasn/internal/apperr"
	"simasn/internal/dates"
	"simasn/internal/textcheck"
)

// LogWork files a daily work-log entry. The day (the calendar date of
// in.Date as written) lies between 2000-01-01 and today in WIB
// (dates.WorkDay), and one employee's entries for a day add up to at most
// 24 hours.
func LogWork(ctx context.Context, c *ent.Client, in ent.CreateWorkLogInput, now time.Time) (*ent.WorkLog, error) {
	day := dates.Day(in.Date)
	if err := dates.WorkDay.Check(day, now); err != nil {
		return nil, apperr.Invalid("date", "%s", err)
	}
	if in.Minutes < 1 || in.Minutes > 1440 {
		return nil, apperr.Invalid("minutes", "minutes must be between 1 and 1440, got %d", in.Minutes)
	}
	if in.Quantity < 1 {
		return nil, apperr.Invalid("quantity", "the quantity must be at least 1, got %d", in.Quantity)
	}
	if strings.TrimSpace(in.Activity) == "" {
		return nil, apperr.Invalid("activity", "describe the activity")
	}
	if strings.TrimSpace(in.Output) == "" {
		return nil, apperr.Invalid("output", "name the unit of output, e.g. dokumen")
	}
	e, err := c.Employee.Get(ctx, in.EmployeeID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("employeeID", "employee %d does not exist", in.EmployeeID)
	}
	if err != nil {
		return nil, fmt.Errorf("log work: %w", err)
	}
	var sums []struct {
		Sum int `json:"sum"`
	}
	err = c.WorkLog.Query().
		Where(worklog.EmployeeID(e.ID), worklog.DateGTE(day), worklog.DateLT(day.AddDate(0, 0, 1)), worklog.StatusNEQ(worklog.StatusRETURNED)).
		Aggregate(ent.Sum(worklog.FieldMinutes)).
		Scan(ctx, &sums)
	if err != nil {
		return nil, fmt.Errorf("log work: %w", err)
	}
	if len(sums) == 1 && sums[0].Sum+in.Minutes > 1440 {
		return nil, apperr.Invalid("minutes", "%s already holds %d minutes of work; %d more would exceed 24 hours", day.Format(time.DateOnly), sums[0].Sum, in.Minutes)
	}
	in.Date = day
	w, err := c.WorkLog.Create().SetInput(in).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("log work: %w", err)
	}
	return w, nil
}

// VerifyWorkLog verifies (approve) or returns an entry on behalf of the
// employee's direct superior, who is recorded as the verifier; a return
// needs a note.
func VerifyWorkLog(ctx context.Context, c *ent.Client, id int, approve bool, note *string, now time.Time) (*ent.WorkLog, error) {
	w, err := c.WorkLog.Query().Where(worklog.ID(id)).WithEmployee().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("work log %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("verify work log %d: %w", id, err)
	}
	if w.Status != worklog.StatusSUBMITTED {
		return nil, apperr.Invalid("id", "work log %d is already %s", id, w.Status)
	}
	superior := w.Edges.Employee.SuperiorID
	if superior == nil {
		return nil, apperr.Invalid("id", "employee %s has no direct superior to verify work log %d; set one first", w.Edges.Employee.Nip, id)
	}
	if note != nil {
		if err := textcheck.Check(*note, true); err != nil {
			return nil, apperr.Invalid("note", "the note %s", err)
		}
	}
	upd := c.WorkLog.UpdateOneID(id).SetVerifierID(*superior).SetVerifiedAt(now)
	if approve {
		upd.SetStatus(worklog.StatusVERIFIED)
	} else {
		if note == nil || strings.TrimSpace(*note) == "" {
			return nil, apperr.Invalid("note", "say why the entry is returned")
		}
		upd.SetStatus(worklog.StatusRETURNED)
	}
	if note != nil {
		upd.SetVerifierNote(strings.TrimSpace(*note))
	}
	return upd.Save(ctx)
}
