package access

import (
	"context"
	"reflect"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/applicant"
	"simasn/ent/appraisal"
	"simasn/ent/attendanceday"
	"simasn/ent/careerevent"
	"simasn/ent/competencyassessment"
	"simasn/ent/complaintresponse"
	"simasn/ent/disciplinarypenalty"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/intercept"
	"simasn/ent/leaverequest"
	"simasn/ent/predicate"
	"simasn/ent/recruitmentformation"
	"simasn/ent/worklog"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// rowRule returns the filter on the records of one entity that the viewer
// of ctx may see — a typed ent predicate — or all=true when the viewer sees
// every record.
type rowRule func(ctx context.Context) (p any, all bool)

// rowRules holds the read rule of every entity whose records are not open
// to all, by entity name. The same rule filters every query of the entity
// (the interceptors below) and confines every edge condition that reaches
// the entity from a where filter (see ConfineEdge), so a record outside the
// viewer's reach neither appears nor counts.
var rowRules = map[string]rowRule{
	"Employee": func(ctx context.Context) (any, bool) {
		return employees(viewer.FromContext(ctx))
	},
	"CareerEvent": func(ctx context.Context) (any, bool) {
		p, all := employees(viewer.FromContext(ctx))
		return careerevent.HasEmployeeWith(p), all
	},
	"Enrollment": func(ctx context.Context) (any, bool) {
		p, all := employees(viewer.FromContext(ctx))
		return enrollment.HasEmployeeWith(p), all
	},
	"CompetencyAssessment": func(ctx context.Context) (any, bool) {
		p, all := employees(viewer.FromContext(ctx))
		return competencyassessment.HasEmployeeWith(p), all
	},
	"WorkLog": func(ctx context.Context) (any, bool) {
		p, all := employees(viewer.FromContext(ctx))
		return worklog.HasEmployeeWith(p), all
	},
	"Appraisal": func(ctx context.Context) (any, bool) {
		v := viewer.FromContext(ctx)
		p, all := employees(v)
		if all {
			return nil, true
		}
		own := appraisal.HasAppraiseeWith(p)
		if v.EmployeeID != 0 {
			own = appraisal.Or(own, appraisal.AppraiserID(v.EmployeeID))
		}
		return own, false
	},
	// Attendance and leave are personal data that analysts only aggregate
	// (internal/analytics reads them as the system within the viewer's
	// scope): the employee, their superiors and HR officers in scope see
	// the records.
	"AttendanceDay": func(ctx context.Context) (any, bool) {
		p, all := personalRows(viewer.FromContext(ctx))
		return attendanceday.HasEmployeeWith(p), all
	},
	"LeaveRequest": func(ctx context.Context) (any, bool) {
		p, all := personalRows(viewer.FromContext(ctx))
		return leaverequest.HasEmployeeWith(p), all
	},
	"DisciplinaryPenalty": func(ctx context.Context) (any, bool) {
		return penalties(viewer.FromContext(ctx))
	},
	// Applicants are personal data for those who run the selection: HR
	// officers whose scope holds the formasi's unit, and admins. Analysts
	// count them through the formasi (internal/recruitment.OutcomeOf).
	"Applicant": func(ctx context.Context) (any, bool) {
		return applicants(viewer.FromContext(ctx))
	},
	"RecruitmentYear":      signedInOnly[predicate.RecruitmentYear],
	"RecruitmentFormation": signedInOnly[predicate.RecruitmentFormation],
	"Training":             signedInOnly[predicate.Training],
	"Formation":            signedInOnly[predicate.Formation],
	"SurveyResponse":       signedInOnly[predicate.SurveyResponse],
	"Account": func(ctx context.Context) (any, bool) {
		v := viewer.FromContext(ctx)
		if v.IsAdmin() {
			return nil, true
		}
		return account.ID(v.AccountID), false // 0 for the public: nothing
	},
	"AuditLog":        adminsOnly[predicate.AuditLog],
	"WebhookEndpoint": adminsOnly[predicate.WebhookEndpoint],
	"WebhookDelivery": adminsOnly[predicate.WebhookDelivery],
	"ComplaintEvent":  systemOnly[predicate.ComplaintEvent], // read by the feed, which filters per subscriber
	// Derived from the assessments for the competency-gap reports, which
	// read it within the employees the viewer may see (internal/analytics).
	"CurrentCompetency": systemOnly[predicate.CurrentCompetency],
	"Complaint": func(ctx context.Context) (any, bool) {
		return complaints(viewer.FromContext(ctx))
	},
	"ComplaintResponse": func(ctx context.Context) (any, bool) {
		return responses(ctx)
	},
}

// Register installs the read filters and write rules on c.
func Register(c *ent.Client) {
	c.Employee.Intercept(intercept.TraverseEmployee(filter[*ent.EmployeeQuery, predicate.Employee]("Employee")))
	c.CareerEvent.Intercept(intercept.TraverseCareerEvent(filter[*ent.CareerEventQuery, predicate.CareerEvent]("CareerEvent")))
	c.Enrollment.Intercept(intercept.TraverseEnrollment(filter[*ent.EnrollmentQuery, predicate.Enrollment]("Enrollment")))
	c.CompetencyAssessment.Intercept(intercept.TraverseCompetencyAssessment(filter[*ent.CompetencyAssessmentQuery, predicate.CompetencyAssessment]("CompetencyAssessment")))
	c.WorkLog.Intercept(intercept.TraverseWorkLog(filter[*ent.WorkLogQuery, predicate.WorkLog]("WorkLog")))
	c.Appraisal.Intercept(intercept.TraverseAppraisal(filter[*ent.AppraisalQuery, predicate.Appraisal]("Appraisal")))
	c.AttendanceDay.Intercept(intercept.TraverseAttendanceDay(filter[*ent.AttendanceDayQuery, predicate.AttendanceDay]("AttendanceDay")))
	c.LeaveRequest.Intercept(intercept.TraverseLeaveRequest(filter[*ent.LeaveRequestQuery, predicate.LeaveRequest]("LeaveRequest")))
	c.DisciplinaryPenalty.Intercept(intercept.TraverseDisciplinaryPenalty(filter[*ent.DisciplinaryPenaltyQuery, predicate.DisciplinaryPenalty]("DisciplinaryPenalty")))
	c.Applicant.Intercept(intercept.TraverseApplicant(filter[*ent.ApplicantQuery, predicate.Applicant]("Applicant")))
	c.RecruitmentYear.Intercept(intercept.TraverseRecruitmentYear(filter[*ent.RecruitmentYearQuery, predicate.RecruitmentYear]("RecruitmentYear")))
	c.RecruitmentFormation.Intercept(intercept.TraverseRecruitmentFormation(filter[*ent.RecruitmentFormationQuery, predicate.RecruitmentFormation]("RecruitmentFormation")))
	c.Training.Intercept(intercept.TraverseTraining(filter[*ent.TrainingQuery, predicate.Training]("Training")))
	c.Formation.Intercept(intercept.TraverseFormation(filter[*ent.FormationQuery, predicate.Formation]("Formation")))
	c.SurveyResponse.Intercept(intercept.TraverseSurveyResponse(filter[*ent.SurveyResponseQuery, predicate.SurveyResponse]("SurveyResponse")))
	c.Account.Intercept(intercept.TraverseAccount(filter[*ent.AccountQuery, predicate.Account]("Account")))
	c.AuditLog.Intercept(intercept.TraverseAuditLog(filter[*ent.AuditLogQuery, predicate.AuditLog]("AuditLog")))
	c.WebhookEndpoint.Intercept(intercept.TraverseWebhookEndpoint(filter[*ent.WebhookEndpointQuery, predicate.WebhookEndpoint]("WebhookEndpoint")))
	c.WebhookDelivery.Intercept(intercept.TraverseWebhookDelivery(filter[*ent.WebhookDeliveryQuery, predicate.WebhookDelivery]("WebhookDelivery")))
	c.ComplaintEvent.Intercept(intercept.TraverseComplaintEvent(filter[*ent.ComplaintEventQuery, predicate.ComplaintEvent]("ComplaintEvent")))
	c.CurrentCompetency.Intercept(intercept.TraverseCurrentCompetency(filter[*ent.CurrentCompetencyQuery, predicate.CurrentCompetency]("CurrentCompetency")))
	c.Complaint.Intercept(intercept.TraverseComplaint(filter[*ent.ComplaintQuery, predicate.Complaint]("Complaint")))
	c.ComplaintResponse.Intercept(intercept.TraverseComplaintResponse(filter[*ent.ComplaintResponseQuery, predicate.ComplaintResponse]("ComplaintResponse")))
	registerWrites(c)
	registerComplaints(c)
}

// filter returns the traverse function that applies the read rule of
// entity to every query of it.
func filter[Q interface{ Where(...P) Q }, P ~func(*sql.Selector)](entity string) func(context.Context, Q) error {
	rule := rowRules[entity]
	return func(ctx context.Context, q Q) error {
		if p, all := rule(ctx); !all {
			q.Where(p.(P))
		}
		return nil
	}
}

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

func signedInOnly[P ~func(*sql.Selector)](ctx context.Context) (any, bool) {
	if viewer.FromContext(ctx).Authenticated() {
		return nil, true
	}
	return P(none), false
}

func adminsOnly[P ~func(*sql.Selector)](ctx context.Context) (any, bool) {
	if viewer.FromContext(ctx).IsAdmin() {
		return nil, true
	}
	return P(none), false
}

func systemOnly[P ~func(*sql.Selector)](ctx context.Context) (any, bool) {
	if viewer.FromContext(ctx).IsSystem() {
		return nil, true
	}
	return P(none), false
}

// Scope is the employees a viewer may see (the Employee row rule) in the
// terms of the organisation tree: every employee (All), or the employees
// of the units under UnitPath ("" for none) and the employee Self (0 for
// none), with Self's direct reports when Reports. Figures kept per unit
// (internal/analytics) answer a scope that is All or a subtree alone.
type Scope struct {
	All      bool
	UnitPath string
	Self     int
	Reports  bool
}

// EmployeeScope returns the employees v may see.
func EmployeeScope(v *viewer.Viewer) Scope {
	switch {
	case v.IsAdmin() || v.Role == viewer.Analyst:
		return Scope{All: true}
	case v.Role.Scoped():
		return Scope{UnitPath: v.UnitPath, Self: v.EmployeeID}
	case v.Role == viewer.Employee && v.EmployeeID != 0:
		return Scope{Self: v.EmployeeID, Reports: true}
	default:
		return Scope{}
	}
}

// employees returns the filter on the employees v may see, or all=true when
// v may see every employee: EmployeeScope as a predicate.
func employees(v *viewer.Viewer) (p predicate.Employee, all bool) {
	sc := EmployeeScope(v)
	if sc.All {
		return nil, true
	}
	var ps []predicate.Employee
	if sc.UnitPath != "" {
		ps = append(ps, employee.HasUnitWith(orgtree.Under(sc.UnitPath)))
	}
	if sc.Self != 0 {
		ps = append(ps, employee.ID(sc.Self))
		if sc.Reports {
			ps = append(ps, employee.SuperiorID(sc.Self))
		}
	}
	switch len(ps) {
	case 0:
		return predicate.Employee(none), false
	case 1:
		return ps[0], false
	default:
		return employee.Or(ps...), false
	}
}

// personalRows returns the filter on the employees whose personal records
// (attendance, leave) v sees: as employees, but not for analysts, who get
// aggregates only.
func personalRows(v *viewer.Viewer) (p predicate.Employee, all bool) {
	if v.Role == viewer.Analyst && !v.IsAdmin() {
		return predicate.Employee(none), false
	}
	return employees(v)
}

// penalties returns the filter on the disciplinary penalties v may see:
// admins all; HR officers those of the employees in their scope (and
// their own); any other employee their own and their direct
// subordinates'. Analysts and the public see none: a penalty is personal
// data, and its mere existence tells about the person.
func penalties(v *viewer.Viewer) (any, bool) {
	switch {
	case v.IsAdmin():
		return nil, true
	case v.Role == viewer.HROfficer:
		p, _ := employees(v)
		return disciplinarypenalty.HasEmployeeWith(p), false
	case v.EmployeeID != 0 && (v.Role == viewer.Leader || v.Role == viewer.Employee):
		return disciplinarypenalty.HasEmployeeWith(employee.Or(employee.ID(v.EmployeeID), employee.SuperiorID(v.EmployeeID))), false
	}
	return predicate.DisciplinaryPenalty(none), false
}

// applicants returns the filter on the applicants v may see: admins all,
// HR officers those of the formasi of the units in their scope, no one
// else.
func applicants(v *viewer.Viewer) (any, bool) {
	switch {
	case v.IsAdmin():
		return nil, true
	case v.Role == viewer.HROfficer && v.UnitPath != "":
		return applicant.HasFormationWith(recruitmentformation.HasUnitWith(orgtree.Under(v.UnitPath))), false
	}
	return predicate.Applicant(none), false
}

// responses returns the filter on the complaint responses the viewer of
// ctx may see: public responses of the complaints they see, and internal
// notes of the complaints they handle; a reporter who proved who they are
// sees the public responses of their own complaint.
func responses(ctx context.Context) (any, bool) {
	v := viewer.FromContext(ctx)
	if v.IsAdmin() {
		return nil, true
	}
	visible, all := complaints(v)
	handled := handledBy(v)
	public := complaintresponse.KindEQ(complaintresponse.KindPUBLIC_RESPONSE)
	ps := []predicate.ComplaintResponse{
		complaintresponse.And(complaintresponse.HasComplaintWith(orAll(visible, all)), public),
		complaintresponse.HasComplaintWith(handled),
	}
	if rc := reporterOf(ctx); rc != 0 {
		ps = append(ps, complaintresponse.And(complaintresponse.ComplaintID(rc), public))
	}
	return complaintresponse.Or(ps...), false
}

// RowFilter returns the read rule of entity for the viewer of ctx as a
// selector function — the very predicate the interceptors add to every
// query of it — or all=true when the viewer sees every record (entities
// without a rule are open to all). A statement built outside ent (the
// compiled reads of internal/sqljson) applies it to its own selector of
// the entity's table, so that it filters exactly as ent would.
func RowFilter(ctx context.Context, entity string) (p func(*sql.Selector), all bool) {
	rule, ok := rowRules[entity]
	if !ok {
		return nil, true
	}
	pred, all := rule(ctx)
	if all {
		return nil, true
	}
	v := reflect.ValueOf(pred)
	if !v.IsValid() || v.Kind() != reflect.Func || !v.Type().ConvertibleTo(selectorFunc) {
		return none, false // a rule that is not a selector function: nothing, never everything
	}
	return v.Convert(selectorFunc).Interface().(func(*sql.Selector)), false
}

var selectorFunc = reflect.TypeOf(func(*sql.Selector) {})

// ownerColumn names, for each entity whose read rule admits every record
// of an employee the viewer sees, the column that holds that employee's
// id: career events and enrollments (their rule is "the employee is
// visible") and appraisals (the appraisee is visible, or the viewer is the
// appraiser). Keep it in step with rowRules: an entity whose rule stops
// admitting all of a visible employee's records must leave this list.
var ownerColumn = map[string]string{
	"CareerEvent": careerevent.EmployeeColumn,
	"Enrollment":  enrollment.EmployeeColumn,
	"Appraisal":   appraisal.AppraiseeColumn,
}

// RowFilterOwned is RowFilter for the records of entity that a statement
// reaches through column from an employee row the Employee rule already
// admitted (the compiled reads' nested lists): when the rule of entity
// admits every record of a visible employee through that column, the row
// rule is implied and none is returned (all=true); otherwise it is
// RowFilter's.
func RowFilterOwned(ctx context.Context, entity, column string) (p func(*sql.Selector), all bool) {
	if c, ok := ownerColumn[entity]; ok && c == column {
		return nil, true
	}
	return RowFilter(ctx, entity)
}
