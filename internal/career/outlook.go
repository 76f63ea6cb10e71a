package career

import (
	"context"
	"fmt"
	"sort"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/competencyassessment"
	"simasn/ent/competencyrequirement"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/predicate"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/access"
	"simasn/internal/apperr"
	apprule "simasn/internal/appraisal"
	"simasn/internal/dates"
	"simasn/internal/orgtree"
	"simasn/internal/personnel"
	"simasn/internal/viewer"
)

// Outlook is the career outlook of one employee on one day.
type Outlook struct {
	Employee *ent.Employee
	// AsOf is the day the outlook was computed for (today in WIB).
	AsOf time.Time
	// Promotion is the regular promotion on the next period.
	Promotion *Promotion
	// SalaryStep is the next periodic salary step (nil without a CPNS date).
	SalaryStep *SalaryStep
	// Retirement is the retirement at the age limit (nil without a birth
	// date).
	Retirement *Retirement
	// Training is this year's training against the right.
	Training *TrainingRight
	// CompetencyGaps are the competencies of the position the employee is
	// below, largest gap first.
	CompetencyGaps []*Gap
}

// Gap is a competency the position requires at a level above the
// employee's latest assessment (or never assessed).
type Gap struct {
	Competency *ent.Competency
	Required   int
	// Assessed is the latest assessed level; nil when never assessed.
	Assessed *int
	// Gap is Required minus Assessed (minus 0 when never assessed).
	Gap int
}

// Of returns the career outlook of the employee with the given id (the
// viewer's own employee when nil), as the
// viewer of ctx may see it: the employee themselves, their superiors and
// HR officers whose scope holds their unit, and admins — the readers of
// personal data (access.Personal). Errors: NOT_FOUND when the employee
// does not exist or is out of the viewer's sight, FORBIDDEN when the viewer
// sees the employee but not their personal data (analysts),
// BAD_USER_INPUT (employeeID) when id is nil and the account is not linked
// to an employee.
func Of(ctx context.Context, c *ent.Client, idArg *int, now time.Time, r Rules) (*Outlook, error) {
	id := viewer.FromContext(ctx).EmployeeID
	if idArg != nil {
		id = *idArg
	} else if id == 0 {
		return nil, apperr.Invalid("employeeID", "your account is not linked to an employee: name the employee")
	}
	e, err := c.Employee.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("employee %d does not exist or is not visible to you", id)
	}
	if err != nil {
		return nil, fmt.Errorf("career outlook of employee %d: %w", id, err)
	}
	if !access.PersonalFrom(ctx, c).Employee(ctx, e) {
		return nil, apperr.Forbiddenf("the career outlook is personal data: it is shown to the employee, their superiors and HR officers in scope")
	}
	sys := viewer.System(ctx)
	today := dates.Today(now)
	period := r.NextPeriod(today)
	facts, err := load(sys, c, employee.ID(id), yearsOf(r, period, today))
	if err != nil {
		return nil, fmt.Errorf("career outlook of employee %d: %w", id, err)
	}
	f := facts[id]
	out := &Outlook{Employee: e, AsOf: today, Promotion: r.Promotion(f, period), SalaryStep: r.SalaryStep(f, today), Retirement: r.Retirement(f)}
	jp, err := trainingJP(sys, c, id, today.Year())
	if err != nil {
		return nil, fmt.Errorf("career outlook of employee %d: %w", id, err)
	}
	out.Training = r.Training(f, today.Year(), jp)
	if out.CompetencyGaps, err = gaps(sys, c, e); err != nil {
		return nil, fmt.Errorf("career outlook of employee %d: %w", id, err)
	}
	return out, nil
}

// yearsOf are the appraisal years the rules read for the promotion on
// period and the salary step after today: the two years before the
// period, and a salary step's year before it (up to two years ahead).
func yearsOf(r Rules, period, today time.Time) []int {
	first := period.Year() - r.AppraisalYears
	if y := today.Year() - 1; y < first {
		first = y
	}
	last := today.Year() + r.SalaryStepYears
	var ys []int
	for y := first; y <= last; y++ {
		ys = append(ys, y)
	}
	return ys
}

// load reads the facts of the employees matching p, with their approved
// annual predicates of the given years and their penalties. ctx must be
// allowed to read them (the caller checked access).
func load(ctx context.Context, c *ent.Client, p predicate.Employee, years []int) (map[int]Facts, error) {
	es, err := c.Employee.Query().Where(p).Select(
		employee.FieldName, employee.FieldEmploymentType, employee.FieldStatus, employee.FieldRank, employee.FieldRankDate,
		employee.FieldEducationLevel, employee.FieldPositionType, employee.FieldPositionLevel,
		employee.FieldBirthDate, employee.FieldCpnsDate,
	).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load employees: %w", err)
	}
	out := make(map[int]Facts, len(es))
	for _, e := range es {
		out[e.ID] = Facts{
			Name: e.Name, EmploymentType: string(e.EmploymentType), Status: string(e.Status), Rank: e.Rank,
			RankDate: dayPtr(e.RankDate), Education: string(e.EducationLevel),
			PositionType: e.PositionType, PositionLevel: e.PositionLevel,
			BirthDate: dayPtr(e.BirthDate), CPNSDate: dayPtr(e.CpnsDate),
			Predicates: map[int]apprule.Predicate{},
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	var rows []struct {
		AppraiseeID int    `json:"appraisee_id"`
		Year        int    `json:"year"`
		Predicate   string `json:"predicate"`
	}
	err = c.Appraisal.Query().Where(
		appraisal.HasAppraiseeWith(p),
		appraisal.PeriodKindEQ(appraisal.PeriodKindANNUAL),
		appraisal.StatusEQ(appraisal.StatusAPPROVED),
		appraisal.YearIn(years...),
		appraisal.PredicateNotNil(),
	).Select(appraisal.FieldAppraiseeID, appraisal.FieldYear, appraisal.FieldPredicate).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("load appraisals: %w", err)
	}
	for _, a := range rows {
		if f, ok := out[a.AppraiseeID]; ok {
			f.Predicates[a.Year] = apprule.Predicate(a.Predicate)
		}
	}
	ps, err := personnel.Penalties(ctx, c, p)
	if err != nil {
		return nil, err
	}
	for id, list := range ps {
		if f, ok := out[id]; ok {
			f.Penalties = list
			out[id] = f
		}
	}
	return out, nil
}

func dayPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := dates.Day(t.UTC())
	return &d
}

// trainingJP is the JP of the trainings the employee completed that ended
// in year.
func trainingJP(ctx context.Context, c *ent.Client, id, year int) (int, error) {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	ts, err := c.Training.Query().Where(
		training.EndsOnGTE(start), training.EndsOnLT(start.AddDate(1, 0, 0)),
		training.HasEnrollmentsWith(enrollment.EmployeeID(id), enrollment.StatusEQ(enrollment.StatusCOMPLETED)),
	).Select(training.FieldHoursJp).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("training hours: %w", err)
	}
	jp := 0
	for _, t := range ts {
		jp += t.HoursJp
	}
	return jp, nil
}

// gaps returns the competencies e's position requires above e's latest
// assessments, largest gap first (then by competency code).
func gaps(ctx context.Context, c *ent.Client, e *ent.Employee) ([]*Gap, error) {
	reqs, err := c.CompetencyRequirement.Query().
		Where(competencyrequirement.PositionName(e.PositionName)).
		WithCompetency().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("competency requirements: %w", err)
	}
	if len(reqs) == 0 {
		return []*Gap{}, nil
	}
	as, err := c.CompetencyAssessment.Query().
		Where(competencyassessment.EmployeeID(e.ID)).
		Order(ent.Asc(competencyassessment.FieldAssessedAt), ent.Asc(competencyassessment.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("competency assessments: %w", err)
	}
	latest := map[int]int{}
	for _, a := range as {
		latest[a.CompetencyID] = a.Level // later ones overwrite
	}
	out := []*Gap{}
	for _, q := range reqs {
		g := &Gap{Competency: q.Edges.Competency, Required: q.Level, Gap: q.Level}
		if lv, ok := latest[q.CompetencyID]; ok {
			g.Assessed = &lv
			g.Gap = q.Level - lv
		}
		if g.Gap > 0 {
			out = append(out, g)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Gap != out[j].Gap {
			return out[i].Gap > out[j].Gap
		}
		return out[i].Competency.Code < out[j].Competency.Code
	})
	return out, nil
}

// Candidate is one employee of a due-for-promotion list.
type Candidate struct {
	Employee  *ent.Employee
	Promotion *Promotion
}

// DueList is the regular promotion outlook of a unit's employees on one
// period.
type DueList struct {
	Period time.Time
	Unit   *ent.Unit
	// TotalCount is the PNS and CPNS in active service in the unit's
	// subtree; DueCount those due on the period.
	TotalCount, DueCount int
	// Items is the page: the due first (longest waiting first), then the
	// others, each by name.
	Items []*Candidate
}

// MaxPageSize caps the page of a due list.
const MaxPageSize = 100

// DueForPromotion lists the PNS and CPNS in active service in the subtree
// of the unit whose regular promotion falls on period (the next period
// after today when nil), with the reasons of those not due; only the due
// when onlyDue. For admins and HR officers whose scope holds the unit.
// Errors: FORBIDDEN for other viewers or a unit out of scope, NOT_FOUND
// for a unit that does not exist, BAD_USER_INPUT (period) for a day that
// is not 1 April or 1 October, (first, offset) for a negative page.
func DueForPromotion(ctx context.Context, c *ent.Client, unitID int, period *time.Time, onlyDue bool, first, offset *int, now time.Time, r Rules) (*DueList, error) {
	v := viewer.FromContext(ctx)
	if !v.IsAdmin() && v.Role != viewer.HROfficer {
		return nil, apperr.Forbiddenf("the due-for-promotion list is for HR officers and admins")
	}
	sys := viewer.System(ctx)
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("unit %d does not exist", unitID)
	}
	if err != nil {
		return nil, fmt.Errorf("due for promotion: %w", err)
	}
	if !v.InScope(u.Path) {
		return nil, apperr.Forbiddenf("unit %s is outside your scope", u.Name)
	}
	today := dates.Today(now)
	p := r.NextPeriod(today)
	if period != nil {
		p = dates.Day(period.UTC())
		if !r.IsPeriod(p) || p.Year() < 2000 || p.Year() > 2100 {
			return nil, apperr.Invalid("period", "%s is not a promotion period: promotions take effect on 1 April or 1 October (2000–2100)", day(p))
		}
	}
	f, o := 100, 0
	if first != nil {
		f = *first
	}
	if offset != nil {
		o = *offset
	}
	if f < 0 || f > MaxPageSize {
		return nil, apperr.Invalid("first", "the page size must be 0–%d", MaxPageSize)
	}
	if o < 0 {
		return nil, apperr.Invalid("offset", "the offset cannot be negative")
	}
	who := employee.And(
		employee.HasUnitWith(orgtree.Under(u.Path)),
		employee.StatusEQ(employee.StatusACTIVE),
		employee.EmploymentTypeIn(employee.EmploymentTypePNS, employee.EmploymentTypeCPNS),
	)
	facts, err := load(sys, c, who, []int{p.Year() - r.AppraisalYears, p.Year() - 1})
	if err != nil {
		return nil, fmt.Errorf("due for promotion in unit %d: %w", unitID, err)
	}
	names := make(map[int]string, len(facts))
	for id, f := range facts {
		names[id] = f.Name
	}
	type row struct {
		id int
		p  *Promotion
	}
	rows := make([]row, 0, len(facts))
	out := &DueList{Period: p, Unit: u, TotalCount: len(facts)}
	for id, fa := range facts {
		pr := r.promotion(fa, p, false)
		if pr.Due {
			out.DueCount++
		} else if onlyDue {
			continue
		}
		rows = append(rows, row{id, pr})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.p.Due != b.p.Due {
			return a.p.Due
		}
		if a.p.Due && !a.p.EligibleByTimeFrom.Equal(*b.p.EligibleByTimeFrom) {
			return a.p.EligibleByTimeFrom.Before(*b.p.EligibleByTimeFrom)
		}
		if names[a.id] != names[b.id] {
			return names[a.id] < names[b.id]
		}
		return a.id < b.id
	})
	if o > len(rows) {
		o = len(rows)
	}
	rows = rows[o:min(len(rows), o+f)]
	if len(rows) == 0 {
		out.Items = []*Candidate{}
		return out, nil
	}
	ids := make([]int, len(rows))
	for i, rw := range rows {
		ids[i] = rw.id
	}
	es, err := c.Employee.Query().Where(employee.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("due for promotion in unit %d: %w", unitID, err)
	}
	byID := make(map[int]*ent.Employee, len(es))
	for _, e := range es {
		byID[e.ID] = e
	}
	for _, rw := range rows {
		if e := byID[rw.id]; e != nil {
			out.Items = append(out.Items, &Candidate{Employee: e, Promotion: r.Promotion(facts[rw.id], p)})
		}
	}
	return out, nil
}
