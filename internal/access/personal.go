package access

import (
	"context"
	"sync"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/attendanceday"
	"simasn/ent/disciplinarypenalty"
	"simasn/ent/employee"
	"simasn/ent/leaverequest"
	"simasn/ent/unit"
	"simasn/internal/privacy"
	"simasn/internal/viewer"
)

// maxChain bounds the walk up the chain of superiors.
const maxChain = 12

// Personal decides who sees personal data. One is made per request (see
// NewContext); it remembers the units and superiors it looked up, so a page
// of a hundred employees costs a handful of queries, not hundreds.
type Personal struct {
	client   *ent.Client
	mu       sync.Mutex
	paths    map[int]string // unit id → path
	boss     map[int]*int   // employee id → superior id
	unitOf   map[int]int    // employee id → unit id
	parties  map[int][2]int // appraisal id → appraisee, appraiser
	reporter int            // the complaint whose reporter the caller proved to be
}

type personalKey struct{}

// NewContext returns ctx carrying a fresh Personal for one request.
func NewContext(ctx context.Context, c *ent.Client) context.Context {
	return context.WithValue(ctx, personalKey{}, newPersonal(c))
}

// PersonalFrom returns the request's Personal (a fresh one if none was set).
func PersonalFrom(ctx context.Context, c *ent.Client) *Personal {
	if p, ok := ctx.Value(personalKey{}).(*Personal); ok {
		return p
	}
	return newPersonal(c)
}

func newPersonal(c *ent.Client) *Personal {
	return &Personal{client: c, paths: map[int]string{}, boss: map[int]*int{}, unitOf: map[int]int{}, parties: map[int][2]int{}}
}

// Readable reports whether the viewer of ctx may read a field of class c
// on the record of entity with the given id — the answer path of the field
// policy (internal/privacy); ReachOf decides the question paths from the
// same classes.
func (p *Personal) Readable(ctx context.Context, entity string, id int, c privacy.Class) bool {
	if c == privacy.Reporter && entity == "Complaint" && reporterOf(ctx) == id {
		return true // the reporter, who proved it with the access key
	}
	v := viewer.FromContext(ctx)
	switch ReachOf(v, c) {
	case Everywhere:
		return true
	case Nowhere:
		return false
	}
	switch {
	case c == privacy.Personal && entity == "Employee":
		return p.Employee(ctx, &ent.Employee{ID: id})
	case c == privacy.Personal && (entity == "AttendanceDay" || entity == "LeaveRequest" || entity == "DisciplinaryPenalty"):
		return p.subject(ctx, entity, id)
	case c == privacy.AppraisalDetail && entity == "Appraisal":
		return p.Appraisal(ctx, &ent.Appraisal{ID: id})
	case c == privacy.Reporter && entity == "Complaint":
		return p.Complaint(ctx, &ent.Complaint{ID: id})
	}
	return v.IsAdmin()
}

// Employee reports whether the viewer may see e's personal data: admins,
// the person, anyone in their chain of superiors, and HR officers whose
// scope holds e's unit. Only e.ID is trusted: a GraphQL query loads just
// the columns it selects, so the unit and superior are looked up.
func (p *Personal) Employee(ctx context.Context, e *ent.Employee) bool {
	v := viewer.FromContext(ctx)
	if v.IsAdmin() || v.Is(e.ID) {
		return true
	}
	if v.Role == viewer.Analyst || v.Role == viewer.Public {
		return false
	}
	uid, boss, err := p.employee(ctx, e.ID)
	if err != nil {
		return false
	}
	return p.allowed(ctx, v, e.ID, uid, boss)
}

// Appraisal reports whether the viewer may see a's details: as for the
// appraisee's personal data, and the appraiser too. Only a.ID is trusted
// (see Employee).
func (p *Personal) Appraisal(ctx context.Context, a *ent.Appraisal) bool {
	v := viewer.FromContext(ctx)
	if v.IsAdmin() {
		return true
	}
	if v.Role == viewer.Analyst || v.Role == viewer.Public {
		return false
	}
	parties, err := p.appraisal(ctx, a.ID)
	if err != nil {
		return false
	}
	if v.Is(parties[0]) || v.Is(parties[1]) {
		return true
	}
	uid, boss, err := p.employee(ctx, parties[0])
	if err != nil {
		return false
	}
	return p.allowed(ctx, v, parties[0], uid, boss)
}

// subject reports whether the viewer may read the personal data of the
// employee an attendance day, a leave request or a disciplinary penalty is
// about: as for that employee's own.
func (p *Personal) subject(ctx context.Context, entity string, id int) bool {
	sys := viewer.System(ctx)
	var emp int
	switch entity {
	case "AttendanceDay":
		d, err := p.client.AttendanceDay.Query().Where(attendanceday.ID(id)).Select(attendanceday.FieldEmployeeID).Only(sys)
		if err != nil {
			return false
		}
		emp = d.EmployeeID
	case "LeaveRequest":
		r, err := p.client.LeaveRequest.Query().Where(leaverequest.ID(id)).Select(leaverequest.FieldEmployeeID).Only(sys)
		if err != nil {
			return false
		}
		emp = r.EmployeeID
	case "DisciplinaryPenalty":
		x, err := p.client.DisciplinaryPenalty.Query().Where(disciplinarypenalty.ID(id)).Select(disciplinarypenalty.FieldEmployeeID).Only(sys)
		if err != nil {
			return false
		}
		emp = x.EmployeeID
	default:
		return false
	}
	return p.Employee(ctx, &ent.Employee{ID: emp})
}

// appraisal returns the appraisee and appraiser of an appraisal.
func (p *Personal) appraisal(ctx context.Context, id int) ([2]int, error) {
	p.mu.Lock()
	parties, ok := p.parties[id]
	p.mu.Unlock()
	if ok {
		return parties, nil
	}
	a, err := p.client.Appraisal.Query().Where(appraisal.ID(id)).
		Select(appraisal.FieldAppraiseeID, appraisal.FieldAppraiserID).Only(viewer.System(ctx))
	if err != nil {
		return parties, err
	}
	parties = [2]int{a.AppraiseeID, a.AppraiserID}
	p.mu.Lock()
	p.parties[id] = parties
	p.mu.Unlock()
	return parties, nil
}

func (p *Personal) allowed(ctx context.Context, v *viewer.Viewer, id, unitID int, superior *int) bool {
	switch {
	case v.IsAdmin() || v.Is(id):
		return true
	case v.Role == viewer.Analyst || v.Role == viewer.Public:
		return false
	case v.Role == viewer.HROfficer:
		if path, err := p.unitPath(ctx, unitID); err == nil && v.InScope(path) {
			return true
		}
	}
	if v.EmployeeID == 0 {
		return false
	}
	for step, s := 0, superior; s != nil && step < maxChain; step++ {
		if *s == v.EmployeeID {
			return true
		}
		_, next, err := p.employee(ctx, *s)
		if err != nil {
			return false
		}
		s = next
	}
	return false
}

func (p *Personal) unitPath(ctx context.Context, id int) (string, error) {
	p.mu.Lock()
	path, ok := p.paths[id]
	p.mu.Unlock()
	if ok {
		return path, nil
	}
	u, err := p.client.Unit.Query().Where(unit.ID(id)).Select(unit.FieldPath).Only(viewer.System(ctx))
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	p.paths[id] = u.Path
	p.mu.Unlock()
	return u.Path, nil
}

func (p *Personal) employee(ctx context.Context, id int) (unitID int, superior *int, err error) {
	p.mu.Lock()
	uid, ok := p.unitOf[id]
	boss := p.boss[id]
	p.mu.Unlock()
	if ok {
		return uid, boss, nil
	}
	e, err := p.client.Employee.Query().Where(employee.ID(id)).
		Select(employee.FieldUnitID, employee.FieldSuperiorID).Only(viewer.System(ctx))
	if err != nil {
		return 0, nil, err
	}
	p.mu.Lock()
	p.unitOf[id], p.boss[id] = e.UnitID, e.SuperiorID
	p.mu.Unlock()
	return e.UnitID, e.SuperiorID, nil
}
