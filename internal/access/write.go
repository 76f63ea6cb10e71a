package access

import (
	"context"
	"fmt"
	"slices"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/unit"
	"simasn/ent/worklog"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// deny is the refusal for v: UNAUTHENTICATED without a token, else FORBIDDEN.
func deny(v *viewer.Viewer, format string, args ...any) error {
	if !v.Authenticated() {
		return &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in first: " + fmt.Sprintf(format, args...)}
	}
	return apperr.Forbiddenf(format, args...)
}

// rule wraps a write check into a hook: the system passes, everyone else is
// judged by check before the write runs.
func rule[M ent.Mutation](check func(context.Context, *viewer.Viewer, M) error) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v := viewer.FromContext(ctx)
			if !v.IsSystem() {
				mm, ok := m.(M)
				if !ok {
					return nil, fmt.Errorf("access: unexpected mutation %T", m)
				}
				if err := check(ctx, v, mm); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// recordRule is rule for checks that judge one record at a time: admins
// pass, bulk changes are refused to everyone else (see bulk), and check
// decides the rest.
func recordRule[M ent.Mutation](check func(context.Context, *viewer.Viewer, M) error) ent.Hook {
	return rule(func(ctx context.Context, v *viewer.Viewer, m M) error {
		if v.IsAdmin() {
			return nil
		}
		if err := bulk(v, m.Op()); err != nil {
			return err
		}
		return check(ctx, v, m)
	})
}

func adminOnly[M ent.Mutation](what string) ent.Hook {
	return rule(func(_ context.Context, v *viewer.Viewer, _ M) error {
		if v.IsAdmin() {
			return nil
		}
		return deny(v, "only an admin may change %s", what)
	})
}

// bulk refuses writes that touch many rows at once to anyone but admins:
// the rules below judge one record at a time.
func bulk(v *viewer.Viewer, op ent.Op) error {
	if op.Is(ent.OpUpdate|ent.OpDelete|ent.OpDeleteOne) && !v.IsAdmin() {
		return deny(v, "bulk changes and deletions are for admins")
	}
	return nil
}

func registerWrites(c *ent.Client) {
	c.Region.Use(adminOnly[*ent.RegionMutation]("regions"))
	c.Account.Use(adminOnly[*ent.AccountMutation]("accounts"))
	c.AuditLog.Use(rule(func(_ context.Context, v *viewer.Viewer, _ *ent.AuditLogMutation) error {
		return deny(v, "the audit trail is written by the system only")
	}))
	c.WebhookEndpoint.Use(adminOnly[*ent.WebhookEndpointMutation]("webhook endpoints"))
	c.WebhookDelivery.Use(rule(func(_ context.Context, v *viewer.Viewer, _ *ent.WebhookDeliveryMutation) error {
		return deny(v, "the webhook delivery log is written by the system only")
	}))
	c.Unit.Use(recordRule(unitRule))
	c.Employee.Use(recordRule(employeeRule))
	c.CareerEvent.Use(rule(func(ctx context.Context, v *viewer.Viewer, m *ent.CareerEventMutation) error {
		id, _ := m.EmployeeID()
		return hrFor(ctx, v, m.Client(), id, "record career events")
	}))
	c.DisciplinaryPenalty.Use(rule(func(ctx context.Context, v *viewer.Viewer, m *ent.DisciplinaryPenaltyMutation) error {
		id, _ := m.EmployeeID()
		return hrFor(ctx, v, m.Client(), id, "impose disciplinary penalties")
	}))
	c.RecruitmentYear.Use(adminOnly[*ent.RecruitmentYearMutation]("the rules of a recruitment year"))
	c.RecruitmentFormation.Use(recordRule(func(ctx context.Context, v *viewer.Viewer, m *ent.RecruitmentFormationMutation) error {
		if v.Role != viewer.HROfficer {
			return deny(v, "only admins and HR officers may open formasi")
		}
		uid, ok := m.UnitID()
		if !ok {
			return deny(v, "a formasi does not change once open; only an admin may change one")
		}
		return unitInScope(ctx, v, m.Client(), uid, "the formasi's unit")
	}))
	c.Applicant.Use(recordRule(applicantRule))
	c.Training.Use(recordRule(trainingRule))
	c.Enrollment.Use(recordRule(enrollmentRule))
	c.Appraisal.Use(rule(ownAppraisalRule), recordRule(appraisalRule))
	c.WorkLog.Use(recordRule(workLogRule))
}

// unitRule lets an HR officer create, change and move units below the root
// of their scope, never the root itself: the root is the agency or division
// an admin scoped them to, and renaming or moving it would change what the
// scope means.
func unitRule(ctx context.Context, v *viewer.Viewer, m *ent.UnitMutation) error {
	if v.Role != viewer.HROfficer {
		return deny(v, "only admins and HR officers may change units")
	}
	c := m.Client()
	if id, ok := m.ID(); ok {
		if id == v.UnitID {
			return deny(v, "unit %d is the root of your scope: only an admin may change it; you may change the units below it", id)
		}
		if err := unitInScope(ctx, v, c, id, "unit"); err != nil {
			return err
		}
	}
	if m.ParentCleared() {
		return deny(v, "only an admin may make a unit top-level")
	}
	pid, ok := m.ParentID()
	if !ok {
		if m.Op().Is(ent.OpCreate) {
			return deny(v, "only an admin may create a top-level unit")
		}
		return nil
	}
	return unitInScope(ctx, v, c, pid, "parent unit")
}

// selfEditable are the employee fields an employee may change on their own record.
var selfEditable = []string{employee.FieldEmail, employee.FieldPhone, employee.FieldAddress, employee.FieldUpdatedAt}

func employeeRule(ctx context.Context, v *viewer.Viewer, m *ent.EmployeeMutation) error {
	c := m.Client()
	id, exists := m.ID()
	if exists && v.Role == viewer.Employee && v.Is(id) {
		if changed := append(m.Fields(), m.ClearedFields()...); subset(changed, selfEditable) {
			return nil
		}
		return deny(v, "you may change only your own e-mail, phone and address")
	}
	if v.Role != viewer.HROfficer {
		return deny(v, "only admins and HR officers may change employee records")
	}
	if exists {
		if err := hrFor(ctx, v, c, id, "change this employee"); err != nil {
			return err
		}
	}
	if uid, ok := m.UnitID(); ok {
		return unitInScope(ctx, v, c, uid, "unit")
	}
	return nil
}

func trainingRule(ctx context.Context, v *viewer.Viewer, m *ent.TrainingMutation) error {
	if v.Role != viewer.HROfficer {
		return deny(v, "only admins and HR officers may change trainings")
	}
	c := m.Client()
	units := []int{}
	if id, ok := m.ID(); ok {
		t, err := c.Training.Get(viewer.System(ctx), id)
		if err != nil {
			return fmt.Errorf("access: load training %d: %w", id, err)
		}
		units = append(units, t.OrganizerID)
	}
	if oid, ok := m.OrganizerID(); ok {
		units = append(units, oid)
	}
	for _, u := range units {
		if err := unitInScope(ctx, v, c, u, "the organising unit"); err != nil {
			return err
		}
	}
	return nil
}

func enrollmentRule(ctx context.Context, v *viewer.Viewer, m *ent.EnrollmentMutation) error {
	c := m.Client()
	if m.Op().Is(ent.OpCreate) {
		eid, _ := m.EmployeeID()
		if v.Is(eid) {
			return nil
		}
		return hrFor(ctx, v, c, eid, "register this employee")
	}
	id, _ := m.ID()
	en, err := c.Enrollment.Query().Where(enrollment.ID(id)).WithTraining().Only(viewer.System(ctx))
	if err != nil {
		return fmt.Errorf("access: load enrollment %d: %w", id, err)
	}
	if v.Is(en.EmployeeID) {
		st, _ := m.Status()
		if st == enrollment.StatusWITHDRAWN && subset(m.Fields(), []string{enrollment.FieldStatus, enrollment.FieldDecidedAt, enrollment.FieldNote, enrollment.FieldUpdatedAt}) {
			return nil
		}
		return deny(v, "you may only withdraw your own registration")
	}
	if v.Role == viewer.HROfficer && unitInScope(ctx, v, c, en.Edges.Training.OrganizerID, "the organising unit") == nil {
		return nil
	}
	return hrFor(ctx, v, c, en.EmployeeID, "decide on this enrollment")
}

// ownAppraisalRule keeps everyone — admins, HR officers and leaders
// included — from writing an appraisal in which they are the appraisee:
// no one creates, rates, submits, approves or returns their own SKP.
func ownAppraisalRule(ctx context.Context, v *viewer.Viewer, m *ent.AppraisalMutation) error {
	if v.EmployeeID == 0 {
		return nil
	}
	if m.Op().Is(ent.OpCreate) {
		if id, _ := m.AppraiseeID(); v.Is(id) {
			return deny(v, "you may not create an appraisal of yourself")
		}
		return nil
	}
	if !m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		return nil // bulk changes are judged by appraisalRule
	}
	id, _ := m.ID()
	a, err := m.Client().Appraisal.Get(viewer.System(ctx), id)
	if err != nil {
		return fmt.Errorf("access: load appraisal %d: %w", id, err)
	}
	if v.Is(a.AppraiseeID) {
		if st, ok := m.Status(); ok && (st == appraisal.StatusAPPROVED || st == appraisal.StatusRETURNED) {
			return deny(v, "you are the appraisee of appraisal %d: you may not approve or return your own appraisal", id)
		}
		return deny(v, "you are the appraisee of appraisal %d: you may not change your own appraisal", id)
	}
	return nil
}

func appraisalRule(ctx context.Context, v *viewer.Viewer, m *ent.AppraisalMutation) error {
	c := m.Client()
	var appraiseeID, appraiserID int
	if m.Op().Is(ent.OpCreate) {
		appraiseeID, _ = m.AppraiseeID()
		appraiserID, _ = m.AppraiserID()
	} else {
		id, _ := m.ID()
		a, err := c.Appraisal.Get(viewer.System(ctx), id)
		if err != nil {
			return fmt.Errorf("access: load appraisal %d: %w", id, err)
		}
		appraiseeID, appraiserID = a.AppraiseeID, a.AppraiserID
	}
	if st, ok := m.Status(); ok && (st == appraisal.StatusAPPROVED || st == appraisal.StatusRETURNED) {
		if v.Is(appraiserID) {
			return deny(v, "the appraiser cannot approve or return their own appraisal")
		}
		if v.Role != viewer.HROfficer && v.Role != viewer.Leader {
			return deny(v, "only HR officers and leaders may approve or return appraisals")
		}
		return inScope(ctx, v, c, appraiseeID, "decide on this appraisal")
	}
	if v.Is(appraiserID) {
		return nil
	}
	return hrFor(ctx, v, c, appraiseeID, "change this appraisal")
}

func workLogRule(ctx context.Context, v *viewer.Viewer, m *ent.WorkLogMutation) error {
	c := m.Client()
	if m.Op().Is(ent.OpCreate) {
		if eid, _ := m.EmployeeID(); v.Is(eid) {
			return nil
		}
		return deny(v, "you may file work logs only for yourself")
	}
	id, _ := m.ID()
	w, err := c.WorkLog.Query().Where(worklog.ID(id)).WithEmployee().Only(viewer.System(ctx))
	if err != nil {
		return fmt.Errorf("access: load work log %d: %w", id, err)
	}
	if s := w.Edges.Employee.SuperiorID; s != nil && v.Is(*s) {
		return nil
	}
	return hrFor(ctx, v, c, w.EmployeeID, "verify this work log")
}

// applicantRule lets HR officers whose scope holds the formasi's unit
// record applicants and their scores.
func applicantRule(ctx context.Context, v *viewer.Viewer, m *ent.ApplicantMutation) error {
	if v.Role != viewer.HROfficer {
		return deny(v, "only admins and HR officers may record applicants")
	}
	c := m.Client()
	fid, ok := m.FormationID()
	if !ok {
		id, _ := m.ID()
		a, err := c.Applicant.Get(viewer.System(ctx), id)
		if err != nil {
			return fmt.Errorf("access: load applicant %d: %w", id, err)
		}
		fid = a.FormationID
	}
	f, err := c.RecruitmentFormation.Get(viewer.System(ctx), fid)
	if ent.IsNotFound(err) {
		return apperr.Invalid("formationID", "formasi %d does not exist", fid)
	}
	if err != nil {
		return fmt.Errorf("access: load formasi %d: %w", fid, err)
	}
	return unitInScope(ctx, v, c, f.UnitID, "the formasi's unit")
}

// hrFor allows HR officers whose scope holds the employee.
func hrFor(ctx context.Context, v *viewer.Viewer, c *ent.Client, employeeID int, what string) error {
	if v.IsAdmin() {
		return nil
	}
	if v.Role != viewer.HROfficer {
		return deny(v, "only admins and HR officers may %s", what)
	}
	return inScope(ctx, v, c, employeeID, what)
}

// inScope allows viewers whose scope holds the employee's unit.
func inScope(ctx context.Context, v *viewer.Viewer, c *ent.Client, employeeID int, what string) error {
	e, err := c.Employee.Query().Where(employee.ID(employeeID)).WithUnit(func(q *ent.UnitQuery) { q.Select(unit.FieldPath) }).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return apperr.NotFoundf("employee %d does not exist", employeeID)
	}
	if err != nil {
		return fmt.Errorf("access: load employee %d: %w", employeeID, err)
	}
	if !v.InScope(e.Edges.Unit.Path) {
		return deny(v, "you may not %s: employee %d is outside your scope", what, employeeID)
	}
	return nil
}

// unitInScope allows viewers whose scope holds the unit; what names the
// unit in the refusal.
func unitInScope(ctx context.Context, v *viewer.Viewer, c *ent.Client, unitID int, what string) error {
	p, err := unitPath(ctx, c, unitID)
	if err != nil {
		return err
	}
	if !v.InScope(p) {
		return deny(v, "%s %d is outside your scope", what, unitID)
	}
	return nil
}

func unitPath(ctx context.Context, c *ent.Client, id int) (string, error) {
	u, err := c.Unit.Query().Where(unit.ID(id)).Select(unit.FieldPath).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return "", apperr.Invalid("unitID", "unit %d does not exist", id)
	}
	if err != nil {
		return "", fmt.Errorf("access: load unit %d: %w", id, err)
	}
	return u.Path, nil
}

func subset(fields, allowed []string) bool {
	for _, f := range fields {
		if !slices.Contains(allowed, f) {
			return false
		}
	}
	return true
}
