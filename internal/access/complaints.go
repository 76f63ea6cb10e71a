package access

import (
	"context"
	"strings"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/predicate"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// registerComplaints installs the rules for complaints, their responses and
// event log, and for the workforce-planning records.
func registerComplaints(c *ent.Client) {
	c.Complaint.Use(recordRule(complaintRule))
	c.ComplaintResponse.Use(rule(func(ctx context.Context, v *viewer.Viewer, m *ent.ComplaintResponseMutation) error {
		id, _ := m.ComplaintID()
		return mayHandle(ctx, v, m.Client(), id)
	}))
	c.ComplaintEvent.Use(rule(func(_ context.Context, v *viewer.Viewer, _ *ent.ComplaintEventMutation) error {
		return deny(v, "the complaint event log is written by the system only")
	}))
	c.Formation.Use(adminOnly[*ent.FormationMutation]("workforce needs (formasi)"))
	c.Competency.Use(adminOnly[*ent.CompetencyMutation]("the competency catalogue"))
	c.CompetencyRequirement.Use(adminOnly[*ent.CompetencyRequirementMutation]("competency requirements"))
	c.CompetencyAssessment.Use(recordRule(func(ctx context.Context, v *viewer.Viewer, m *ent.CompetencyAssessmentMutation) error {
		id, _ := m.EmployeeID()
		return hrFor(ctx, v, m.Client(), id, "record competency assessments")
	}))
	c.CurrentCompetency.Use(rule(func(_ context.Context, v *viewer.Viewer, _ *ent.CurrentCompetencyMutation) error {
		return deny(v, "current competencies are kept by the system from the assessments")
	}))
	c.SurveyResponse.Use(adminOnly[*ent.SurveyResponseMutation]("survey responses (the public submits them through submitSurveyResponse)"))
}

// ComplaintReach is the complaint read rule for one viewer (DESIGN §5),
// held as data so that one rule gives both the SQL filter of every query
// (complaints, handledBy) and the in-memory check of the feed (Sees,
// Handles), which reads events without querying.
//
// Everyone sees public and anonymous complaints; confidential ones reach
// admins, analysts and those who handle them: HR officers and leaders
// whose scope holds the complaint's unit, and its officer. Internal notes
// and the reporter's identity reach only those who handle it.
type ComplaintReach struct {
	// All: every complaint, confidential ones included (admins, analysts).
	All bool
	// HandlesAll: handles every complaint (admins).
	HandlesAll bool
	// UnitPath: handles the complaints of the units under this path.
	UnitPath string
	// OfficerID: handles the complaints assigned to this employee.
	OfficerID int
}

// ComplaintReachOf returns v's complaint read rule.
func ComplaintReachOf(v *viewer.Viewer) ComplaintReach {
	r := ComplaintReach{All: v.IsAdmin() || v.Role == viewer.Analyst, HandlesAll: v.IsAdmin(), OfficerID: v.EmployeeID}
	if v.Role.Scoped() {
		r.UnitPath = v.UnitPath
	}
	return r
}

// Handles reports whether the viewer handles a complaint of the unit with
// the given path ("" for none) and officer (0 for none).
func (r ComplaintReach) Handles(unitPath string, officerID int) bool {
	return r.HandlesAll ||
		(r.UnitPath != "" && unitPath != "" && strings.HasPrefix(unitPath, r.UnitPath)) ||
		(r.OfficerID != 0 && officerID == r.OfficerID)
}

// Sees reports whether the viewer sees a complaint with the given privacy.
func (r ComplaintReach) Sees(confidential bool, unitPath string, officerID int) bool {
	return r.All || !confidential || r.Handles(unitPath, officerID)
}

// handled is Handles as a filter.
func (r ComplaintReach) handled() predicate.Complaint {
	if r.HandlesAll {
		return complaint.IDGT(0)
	}
	var ps []predicate.Complaint
	if r.UnitPath != "" {
		ps = append(ps, complaint.HasUnitWith(orgtree.Under(r.UnitPath)))
	}
	if r.OfficerID != 0 {
		ps = append(ps, complaint.OfficerID(r.OfficerID))
	}
	if len(ps) == 0 {
		return predicate.Complaint(none)
	}
	return complaint.Or(ps...)
}

// complaints returns the filter on the complaints v may see (Sees), or
// all=true.
func complaints(v *viewer.Viewer) (p predicate.Complaint, all bool) {
	r := ComplaintReachOf(v)
	if r.All {
		return nil, true
	}
	return complaint.Or(complaint.PrivacyNEQ(complaint.PrivacyCONFIDENTIAL), r.handled()), false
}

// handledBy matches the complaints v handles (Handles).
func handledBy(v *viewer.Viewer) predicate.Complaint { return ComplaintReachOf(v).handled() }

func orAll(p predicate.Complaint, all bool) predicate.Complaint {
	if all {
		return complaint.IDGT(0)
	}
	return p
}

// complaintRule lets anyone submit (the workflow validates the submission)
// and only those handling a complaint change it.
func complaintRule(ctx context.Context, v *viewer.Viewer, m *ent.ComplaintMutation) error {
	if m.Op().Is(ent.OpCreate) {
		return nil
	}
	id, _ := m.ID()
	return mayHandle(ctx, v, m.Client(), id)
}

// mayHandle allows admins, HR officers and leaders whose scope holds the
// complaint's unit, and the assigned officer.
func mayHandle(ctx context.Context, v *viewer.Viewer, c *ent.Client, complaintID int) error {
	if v.IsAdmin() {
		return nil
	}
	cm, err := c.Complaint.Query().Where(complaint.ID(complaintID)).WithUnit().Only(viewer.System(ctx))
	if err != nil {
		return deny(v, "complaint %d cannot be handled by you", complaintID)
	}
	if cm.OfficerID != nil && v.Is(*cm.OfficerID) {
		return nil
	}
	if v.Role.Scoped() && cm.Edges.Unit != nil && v.InScope(cm.Edges.Unit.Path) {
		return nil
	}
	return deny(v, "only those handling complaint %s may change it", cm.TrackingID)
}

// MayHandle reports whether the viewer of ctx handles the complaint: an
// admin, an HR officer or leader whose scope holds its unit, or its
// officer. Workflows use it where a step is for handlers only.
func MayHandle(ctx context.Context, c *ent.Client, complaintID int) error {
	return mayHandle(ctx, viewer.FromContext(ctx), c, complaintID)
}

// GrantReporter records, for the rest of the request, that the caller
// proved with the access key to be the reporter of the complaint: they see
// their own details and the public responses, whatever the complaint's
// privacy. It lives in the request's Personal (see NewContext), so it
// reaches every field the request resolves.
func GrantReporter(ctx context.Context, complaintID int) {
	if p, ok := ctx.Value(personalKey{}).(*Personal); ok {
		p.mu.Lock()
		p.reporter = complaintID
		p.mu.Unlock()
	}
}

func reporterOf(ctx context.Context) int {
	if p, ok := ctx.Value(personalKey{}).(*Personal); ok {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.reporter
	}
	return 0
}

// Complaint reports whether the viewer may see who reported cm: those
// handling it and the reporter. Only cm.ID is trusted (see Employee).
func (p *Personal) Complaint(ctx context.Context, cm *ent.Complaint) bool {
	if reporterOf(ctx) == cm.ID {
		return true
	}
	v := viewer.FromContext(ctx)
	if v.Role == viewer.Public || v.Role == viewer.Analyst {
		return false
	}
	return mayHandle(ctx, v, p.client, cm.ID) == nil
}
