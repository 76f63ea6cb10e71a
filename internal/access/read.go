package access

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/appraisal"
	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/intercept"
	"simasn/ent/predicate"
	"simasn/ent/worklog"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// Register installs the read filters and write rules on c.
func Register(c *ent.Client) {
	c.Employee.Intercept(intercept.TraverseEmployee(func(ctx context.Context, q *ent.EmployeeQuery) error {
		if p, all := employees(viewer.FromContext(ctx)); !all {
			q.Where(p)
		}
		return nil
	}))
	c.CareerEvent.Intercept(intercept.TraverseCareerEvent(func(ctx context.Context, q *ent.CareerEventQuery) error {
		if p, all := employees(viewer.FromContext(ctx)); !all {
			q.Where(careerevent.HasEmployeeWith(p))
		}
		return nil
	}))
	c.Enrollment.Intercept(intercept.TraverseEnrollment(func(ctx context.Context, q *ent.EnrollmentQuery) error {
		if p, all := employees(viewer.FromContext(ctx)); !all {
			q.Where(enrollment.HasEmployeeWith(p))
		}
		return nil
	}))
	c.Appraisal.Intercept(intercept.TraverseAppraisal(func(ctx context.Context, q *ent.AppraisalQuery) error {
		v := viewer.FromContext(ctx)
		if p, all := employees(v); !all {
			own := appraisal.HasAppraiseeWith(p)
			if v.EmployeeID != 0 {
				own = appraisal.Or(own, appraisal.AppraiserID(v.EmployeeID))
			}
			q.Where(own)
		}
		return nil
	}))
	c.WorkLog.Intercept(intercept.TraverseWorkLog(func(ctx context.Context, q *ent.WorkLogQuery) error {
		if p, all := employees(viewer.FromContext(ctx)); !all {
			q.Where(worklog.HasEmployeeWith(p))
		}
		return nil
	}))
	c.Training.Intercept(intercept.TraverseTraining(func(ctx context.Context, q *ent.TrainingQuery) error {
		if !viewer.FromContext(ctx).Authenticated() {
			q.Where(none)
		}
		return nil
	}))
	c.Account.Intercept(intercept.TraverseAccount(func(ctx context.Context, q *ent.AccountQuery) error {
		if v := viewer.FromContext(ctx); !v.IsAdmin() {
			q.Where(account.ID(v.AccountID)) // 0 for the public: nothing
		}
		return nil
	}))
	c.AuditLog.Intercept(intercept.TraverseAuditLog(func(ctx context.Context, q *ent.AuditLogQuery) error {
		if !viewer.FromContext(ctx).IsAdmin() {
			q.Where(none)
		}
		return nil
	}))
	registerWrites(c)
	registerComplaints(c)
}

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

// employees returns the filter on the employees v may see, or all=true when
// v may see every employee.
func employees(v *viewer.Viewer) (p predicate.Employee, all bool) {
	switch {
	case v.IsAdmin() || v.Role == viewer.Analyst:
		return nil, true
	case v.Role.Scoped():
		inScope := employee.HasUnitWith(orgtree.Under(v.UnitPath))
		if v.UnitPath == "" {
			inScope = predicate.Employee(none)
		}
		if v.EmployeeID != 0 {
			return employee.Or(inScope, employee.ID(v.EmployeeID)), false
		}
		return inScope, false
	case v.Role == viewer.Employee && v.EmployeeID != 0:
		return employee.Or(employee.ID(v.EmployeeID), employee.SuperiorID(v.EmployeeID)), false
	default:
		return predicate.Employee(none), false
	}
}
