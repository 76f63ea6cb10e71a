package performance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	entappraisal "simasn/ent/appraisal"
	"simasn/ent/employee"
	"simasn/internal/apperr"
	"simasn/internal/appraisal"
	"simasn/internal/textcheck"
)

// CreateAppraisal starts a draft appraisal. The appraiser must differ from
// the appraisee and, when the appraisee has a direct superior, be that
// superior. Returns CONFLICT when the period already has an appraisal.
func CreateAppraisal(ctx context.Context, c *ent.Client, in ent.CreateAppraisalInput) (*ent.Appraisal, error) {
	period := 0
	if in.Period != nil {
		period = *in.Period
	}
	start, end, err := appraisal.PeriodBounds(appraisal.PeriodKind(in.PeriodKind), in.Year, period)
	if err != nil {
		field := "period"
		if strings.HasPrefix(err.Error(), "year") {
			field = "year"
		}
		return nil, apperr.Invalid(field, "%s", err)
	}
	appraisee, err := c.Employee.Get(ctx, in.AppraiseeID)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("appraiseeID", "employee %d does not exist", in.AppraiseeID)
	}
	if err != nil {
		return nil, fmt.Errorf("create appraisal: %w", err)
	}
	if err := checkAppraiser(ctx, c, appraisee, in.AppraiserID); err != nil {
		return nil, err
	}
	exists, err := c.Appraisal.Query().Where(
		entappraisal.AppraiseeID(in.AppraiseeID),
		entappraisal.PeriodKindEQ(in.PeriodKind),
		entappraisal.Year(in.Year),
		entappraisal.Period(period),
	).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("create appraisal: %w", err)
	}
	if exists {
		return nil, apperr.Conflictf("period", "employee %s already has a %s appraisal for %d/%d", appraisee.Nip, in.PeriodKind, in.Year, period)
	}
	create := c.Appraisal.Create().SetInput(in).SetPeriod(period).SetPeriodStart(start).SetPeriodEnd(end)
	if p, ok, err := predicateFor(in.ResultsRating, in.BehaviourRating); err != nil {
		return nil, err
	} else if ok {
		create.SetPredicate(p)
	}
	a, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create appraisal: %w", err)
	}
	return a, nil
}

// UpdateAppraisal changes a draft or returned appraisal; the predicate is
// recomputed from the resulting ratings.
func UpdateAppraisal(ctx context.Context, c *ent.Client, id int, in ent.UpdateAppraisalInput) (*ent.Appraisal, error) {
	a, err := getAppraisal(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if a.Status != entappraisal.StatusDRAFT && a.Status != entappraisal.StatusRETURNED {
		return nil, apperr.Invalid("id", "appraisal %d is %s; only drafts and returned appraisals can be changed", id, a.Status)
	}
	if in.AppraiserID != nil {
		appraisee, err := c.Employee.Get(ctx, a.AppraiseeID)
		if err != nil {
			return nil, fmt.Errorf("update appraisal %d: %w", id, err)
		}
		if err := checkAppraiser(ctx, c, appraisee, *in.AppraiserID); err != nil {
			return nil, err
		}
	}
	results, behaviour := a.ResultsRating, a.BehaviourRating
	if in.ClearResultsRating {
		results = nil
	}
	if in.ResultsRating != nil {
		results = in.ResultsRating
	}
	if in.ClearBehaviourRating {
		behaviour = nil
	}
	if in.BehaviourRating != nil {
		behaviour = in.BehaviourRating
	}
	upd := c.Appraisal.UpdateOneID(id).SetInput(in)
	p, ok, err := predicateFor(results, behaviour)
	if err != nil {
		return nil, err
	}
	if ok {
		upd.SetPredicate(p)
	} else {
		upd.ClearPredicate()
	}
	return upd.Save(ctx)
}

// SubmitAppraisal submits a draft or returned appraisal; both ratings are
// required.
func SubmitAppraisal(ctx context.Context, c *ent.Client, id int, now time.Time) (*ent.Appraisal, error) {
	a, err := transition(ctx, c, id, appraisal.Submitted)
	if err != nil {
		return nil, err
	}
	if a.ResultsRating == nil {
		return nil, apperr.Invalid("resultsRating", "rate the work results before submitting")
	}
	if a.BehaviourRating == nil {
		return nil, apperr.Invalid("behaviourRating", "rate the work behaviour before submitting")
	}
	return c.Appraisal.UpdateOneID(id).SetStatus(entappraisal.StatusSUBMITTED).SetSubmittedAt(now).Save(ctx)
}

// ApproveAppraisal approves a submitted appraisal; it is final afterwards.
func ApproveAppraisal(ctx context.Context, c *ent.Client, id int, now time.Time) (*ent.Appraisal, error) {
	if _, err := transition(ctx, c, id, appraisal.Approved); err != nil {
		return nil, err
	}
	return c.Appraisal.UpdateOneID(id).SetStatus(entappraisal.StatusAPPROVED).SetDecidedAt(now).Save(ctx)
}

// ReturnAppraisal returns a submitted appraisal for revision.
func ReturnAppraisal(ctx context.Context, c *ent.Client, id int, reason string, now time.Time) (*ent.Appraisal, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.Invalid("reason", "say why the appraisal is returned")
	}
	if len(reason) > 1000 {
		return nil, apperr.Invalid("reason", "the reason is longer than 1000 characters")
	}
	if err := textcheck.Check(reason, true); err != nil {
		return nil, apperr.Invalid("reason", "the reason %s", err)
	}
	if _, err := transition(ctx, c, id, appraisal.Returned); err != nil {
		return nil, err
	}
	return c.Appraisal.UpdateOneID(id).SetStatus(entappraisal.StatusRETURNED).SetReturnReason(reason).SetDecidedAt(now).Save(ctx)
}

func transition(ctx context.Context, c *ent.Client, id int, to appraisal.Status) (*ent.Appraisal, error) {
	a, err := getAppraisal(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if !appraisal.CanTransition(appraisal.Status(a.Status), to) {
		return nil, apperr.Invalid("id", "appraisal %d is %s and cannot become %s", id, a.Status, to)
	}
	return a, nil
}

func checkAppraiser(ctx context.Context, c *ent.Client, appraisee *ent.Employee, appraiserID int) error {
	if appraiserID == appraisee.ID {
		return apperr.Invalid("appraiserID", "an employee cannot appraise themselves")
	}
	if appraisee.SuperiorID != nil && *appraisee.SuperiorID != appraiserID {
		return apperr.Invalid("appraiserID", "the appraiser must be the direct superior (employee %d)", *appraisee.SuperiorID)
	}
	ok, err := c.Employee.Query().Where(employee.ID(appraiserID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("check appraiser: %w", err)
	}
	if !ok {
		return apperr.Invalid("appraiserID", "employee %d does not exist", appraiserID)
	}
	return nil
}

// predicateFor computes the predicate when both ratings are given.
func predicateFor(results *entappraisal.ResultsRating, behaviour *entappraisal.BehaviourRating) (entappraisal.Predicate, bool, error) {
	if results == nil || behaviour == nil {
		return "", false, nil
	}
	p, err := appraisal.PredicateOf(appraisal.Rating(*results), appraisal.Rating(*behaviour))
	if err != nil {
		return "", false, apperr.Invalid("resultsRating", "%s", err)
	}
	return entappraisal.Predicate(p), true, nil
}

func getAppraisal(ctx context.Context, c *ent.Client, id int) (*ent.Appraisal, error) {
	a, err := c.Appraisal.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("appraisal %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load appraisal %d: %w", id, err)
	}
	return a, nil
}
