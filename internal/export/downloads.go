package export

import (
	"context"
	"strconv"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/competency"
	"simasn/ent/competencyassessment"
	"simasn/ent/competencyrequirement"
	"simasn/ent/complaint"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/formation"
	"simasn/ent/surveyresponse"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/ent/worklog"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	"simasn/internal/ikm"
	"simasn/internal/viewer"
)

// downloads lists every download by name.
func downloads() map[string]download {
	return map[string]download{
		// Aggregates, as the GraphQL queries of the same name.
		"employee-aggregate":     aggregate(analytics.EmployeeAggregate, analytics.DefaultEmployeeMeasures),
		"enrollment-aggregate":   aggregate(analytics.EnrollmentAggregate, analytics.DefaultEnrollmentMeasures),
		"appraisal-aggregate":    aggregate(analytics.AppraisalAggregate, analytics.DefaultAppraisalMeasures),
		"work-log-aggregate":     aggregate(analytics.WorkLogAggregate, analytics.DefaultWorkLogMeasures),
		"attendance-aggregate":   aggregate(analytics.AttendanceAggregate, analytics.DefaultAttendanceMeasures),
		"complaint-aggregate":    aggregate(analytics.ComplaintAggregate, analytics.DefaultComplaintMeasures),
		"workforce-gap":          {params: []string{"year", "filter", "groupBy", "unitLevel"}, write: workforceGap},
		"retirement-projection":  {params: []string{"years", "where", "groupBy", "unitLevel", "ages"}, write: retirementProjection},
		"training-hours":         {params: []string{"year", "where", "groupBy", "unitLevel"}, write: trainingHours},
		"training-shortfall":     {params: []string{"year", "where"}, write: trainingShortfall},
		"competency-gaps":        {params: []string{"where", "competencyID"}, write: competencyGaps},
		"competency-gap-summary": {params: []string{"where", "groupBy", "unitLevel"}, write: competencyGapSummary},
		"appraisal-distribution": {params: []string{"where", "groupBy", "unitLevel"}, write: appraisalDistribution},
		"overdue-complaints":     {params: []string{"where"}, write: overdueComplaints},
		"satisfaction-index":     {params: []string{"where", "groupBy", "unitLevel"}, write: satisfactionIndex},
		// Lists, as the GraphQL lists of the same name, all pages.
		"employees":               employees,
		"units":                   units,
		"trainings":               trainings,
		"enrollments":             enrollments,
		"appraisals":              appraisals,
		"work-logs":               workLogs,
		"complaints":              complaints,
		"formations":              formations,
		"competencies":            competencies,
		"competency-requirements": competencyRequirements,
		"competency-assessments":  competencyAssessments,
		"survey-responses":        surveyResponses,
	}
}

// keyColumns are the header cells of a group's key: a unit, region,
// training or competency gets its id and name, an age band its label,
// anything else its value.
func keyColumns(dims []analytics.Dimension) []string {
	var cols []string
	for _, d := range dims {
		n := strings.ToLower(string(d))
		switch d {
		case analytics.Unit, analytics.Region, analytics.Training, analytics.Competency:
			cols = append(cols, n+"_id", n)
		default:
			cols = append(cols, n)
		}
	}
	return cols
}

func keyCells(keys []analytics.Key) []string {
	var cells []string
	for _, k := range keys {
		switch k.Dimension {
		case analytics.Unit, analytics.Region, analytics.Training, analytics.Competency:
			cells = append(cells, str(k.Value), str(k.Label))
		case analytics.AgeBand:
			cells = append(cells, str(k.Label))
		default:
			cells = append(cells, str(k.Value))
		}
	}
	return cells
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func itoa(n int) string { return strconv.Itoa(n) }

func intp(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func instantp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return instant(*t)
}

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func orDefault(dims, def []analytics.Dimension) []analytics.Dimension {
	if dims == nil {
		return def
	}
	return dims
}

// aggregate is the download of a grouped aggregate whose where input is W.
func aggregate[W any](run func(context.Context, *ent.Client, *W, analytics.Spec, time.Time) ([]*analytics.Group, error), defaults []analytics.Measure) download {
	return download{
		params: []string{"where", "groupBy", "unitLevel", "measures"},
		write: func(ctx context.Context, c *ent.Client, p params, s *sheet) error {
			var where W
			if err := p.input("where", &where); err != nil {
				return err
			}
			spec, err := p.spec()
			if err != nil {
				return err
			}
			groups, err := run(ctx, c, &where, spec, p.now)
			if err != nil {
				return err
			}
			measures := spec.Measures
			if measures == nil {
				measures = defaults
			}
			header := append(keyColumns(spec.GroupBy), "count")
			for _, m := range measures {
				header = append(header, strings.ToLower(string(m)))
			}
			s.columns(header...)
			for _, g := range groups {
				count := itoa(g.Count)
				if g.Suppressed {
					count = "" // disclosure control: see analytics.disclose
				}
				row := append(keyCells(g.Key), count)
				for _, v := range g.Values {
					row = append(row, num(v.Value))
				}
				if err := s.row(row...); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func workforceGap(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	year, err := p.year()
	if err != nil {
		return err
	}
	var filter analytics.GapFilter
	if err := p.input("filter", &filter); err != nil {
		return err
	}
	spec, err := p.spec()
	if err != nil {
		return err
	}
	gaps, err := analytics.WorkforceGaps(ctx, c, year, &filter, spec.GroupBy, spec.UnitLevel, p.now)
	if err != nil {
		return err
	}
	s.columns(append(keyColumns(orDefault(spec.GroupBy, analytics.DefaultGapGroupBy)), "needed", "filled", "gap", "shortage", "excess", "fill_rate")...)
	for _, g := range gaps {
		if err := s.row(append(keyCells(g.Key), itoa(g.Needed), itoa(g.Filled), itoa(g.Gap), itoa(g.Shortage), itoa(g.Excess), num(g.FillRate))...); err != nil {
			return err
		}
	}
	return nil
}

func retirementProjection(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	years, err := p.intp("years")
	if err != nil {
		return err
	}
	var where ent.EmployeeWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	var ages analytics.RetirementAgesInput
	if err := p.input("ages", &ages); err != nil {
		return err
	}
	spec, err := p.spec()
	if err != nil {
		return err
	}
	rows, err := analytics.RetirementProjection(ctx, c, &where, years, ages.Ages(), spec.GroupBy, spec.UnitLevel, p.now)
	if err != nil {
		return err
	}
	s.columns(append([]string{"year"}, append(keyColumns(orDefault(spec.GroupBy, analytics.DefaultRetirementGroupBy)), "retiring")...)...)
	for _, r := range rows {
		if err := s.row(append(append([]string{itoa(r.Year)}, keyCells(r.Key)...), itoa(r.Retiring))...); err != nil {
			return err
		}
	}
	return nil
}

func trainingHours(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	year, err := p.year()
	if err != nil {
		return err
	}
	var where ent.EmployeeWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	spec, err := p.spec()
	if err != nil {
		return err
	}
	rows, err := analytics.TrainingHoursByGroup(ctx, c, &where, year, spec.GroupBy, spec.UnitLevel, p.now)
	if err != nil {
		return err
	}
	s.columns(append(keyColumns(spec.GroupBy), "employees", "entitled", "compliant", "below", "compliance_rate", "total_jp", "average_jp", "median_jp", "pppk", "pppk_over_cap")...)
	for _, r := range rows {
		if err := s.row(append(keyCells(r.Key), itoa(r.Employees), itoa(r.Entitled), itoa(r.Compliant), itoa(r.Below), num(r.ComplianceRate),
			itoa(r.TotalJP), num(r.AverageJP), num(r.MedianJP), itoa(r.PPPK), itoa(r.PPPKOverCap))...); err != nil {
			return err
		}
	}
	return nil
}

// unitOf names an employee's unit (loaded with the employee).
func unitOf(e *ent.Employee) (code, name string) {
	if u := e.Edges.Unit; u != nil {
		return u.Code, u.Name
	}
	return "", ""
}

func trainingShortfall(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	year, err := p.year()
	if err != nil {
		return err
	}
	var where ent.EmployeeWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	s.columns("nip", "name", "employment_type", "position", "unit_code", "unit", "jp", "missing")
	units := unitNames{c: c}
	return analytics.EachShortfall(ctx, c, &where, year, func(r *analytics.JPShortfall) error {
		e := r.Employee
		code, name, err := units.of(ctx, e.UnitID)
		if err != nil {
			return err
		}
		return s.row(e.Nip, e.Name, string(e.EmploymentType), e.PositionName, code, name, itoa(r.JP), itoa(r.Missing))
	})
}

// unitNames caches unit codes and names by id.
type unitNames struct {
	c     *ent.Client
	cache map[int][2]string
}

func (u *unitNames) of(ctx context.Context, id int) (string, string, error) {
	if u.cache == nil {
		us, err := u.c.Unit.Query().Select(unit.FieldID, unit.FieldCode, unit.FieldName).All(ctx)
		if err != nil {
			return "", "", err
		}
		u.cache = map[int][2]string{}
		for _, x := range us {
			u.cache[x.ID] = [2]string{x.Code, x.Name}
		}
	}
	n := u.cache[id]
	return n[0], n[1], nil
}

func competencyGaps(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	var where ent.EmployeeWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	comp, err := p.intp("competencyID")
	if err != nil {
		return err
	}
	s.columns("nip", "name", "position", "unit_code", "unit", "competency_code", "competency", "required", "assessed", "gap", "recommended_trainings")
	units := unitNames{c: c}
	first := analytics.BatchSize
	for offset := 0; ; offset += first {
		page, err := analytics.CompetencyGaps(ctx, c, &where, comp, &first, &offset, p.now)
		if err != nil {
			return err
		}
		for _, g := range page.Items {
			code, name, err := units.of(ctx, g.Employee.UnitID)
			if err != nil {
				return err
			}
			var titles []string
			for _, t := range g.Trainings {
				titles = append(titles, t.Code+" "+t.Title)
			}
			if err := s.row(g.Employee.Nip, g.Employee.Name, g.Employee.PositionName, code, name, g.Competency.Code, g.Competency.Name,
				itoa(g.Required), intp(g.Assessed), itoa(g.Gap), strings.Join(titles, "; ")); err != nil {
				return err
			}
		}
		if offset+first >= page.TotalCount {
			return nil
		}
	}
}

func competencyGapSummary(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	var where ent.EmployeeWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	spec, err := p.spec()
	if err != nil {
		return err
	}
	rows, err := analytics.CompetencyGapSummaries(ctx, c, &where, spec.GroupBy, spec.UnitLevel, p.now)
	if err != nil {
		return err
	}
	s.columns(append(keyColumns(orDefault(spec.GroupBy, analytics.DefaultCompetencyGroupBy)), "requirements", "assessed", "met", "gaps", "unassessed", "employees_with_gap", "average_gap", "recommended_trainings")...)
	for _, r := range rows {
		var titles []string
		for _, t := range r.Trainings {
			titles = append(titles, t.Code+" "+t.Title)
		}
		if err := s.row(append(keyCells(r.Key), itoa(r.Requirements), itoa(r.Assessed), itoa(r.Met), itoa(r.Gaps), itoa(r.Unassessed),
			itoa(r.EmployeesWithGap), num(r.AverageGap), strings.Join(titles, "; "))...); err != nil {
			return err
		}
	}
	return nil
}

func appraisalDistribution(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	var where ent.AppraisalWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	spec, err := p.spec()
	if err != nil {
		return err
	}
	rows, err := analytics.PredicateDistributions(ctx, c, &where, spec.GroupBy, spec.UnitLevel, p.now)
	if err != nil {
		return err
	}
	header := append(keyColumns(orDefault(spec.GroupBy, analytics.DefaultDistributionGroupBy)), "total", "rated")
	for _, pr := range analytics.Predicates {
		header = append(header, strings.ToLower(string(pr)))
	}
	s.columns(header...)
	for _, r := range rows {
		row := append(keyCells(r.Key), itoa(r.Total), itoa(r.Rated))
		for _, pc := range r.Predicates {
			row = append(row, itoa(pc.Count))
		}
		if err := s.row(row...); err != nil {
			return err
		}
	}
	return nil
}

func overdueComplaints(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	var where ent.ComplaintWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	s.columns("tracking_id", "title", "category", "status", "unit_id", "received_at", "missed", "overdue_since", "days_overdue")
	return analytics.EachOverdueComplaint(ctx, c, &where, p.now, func(o *analytics.OverdueComplaint) error {
		cm := o.Complaint
		var missed []string
		for _, m := range o.Missed {
			missed = append(missed, string(m))
		}
		return s.row(cm.TrackingID, cm.Title, string(cm.Category), string(cm.Status), intp(cm.UnitID), instant(cm.ReceivedAt),
			strings.Join(missed, " "), instant(o.Since), strconv.FormatFloat(o.DaysOverdue, 'f', 1, 64))
	})
}

func satisfactionIndex(ctx context.Context, c *ent.Client, p params, s *sheet) error {
	var where ent.SurveyResponseWhereInput
	if err := p.input("where", &where); err != nil {
		return err
	}
	spec, err := p.spec()
	if err != nil {
		return err
	}
	rows, err := analytics.SatisfactionIndexes(ctx, c, &where, spec.GroupBy, spec.UnitLevel, p.now)
	if err != nil {
		return err
	}
	header := append(keyColumns(orDefault(spec.GroupBy, analytics.DefaultSatisfactionGroupBy)), "respondents")
	for _, e := range ikm.Elements {
		header = append(header, strings.ToLower(e.Code))
	}
	s.columns(append(header, "index", "grade", "performance")...)
	for _, r := range rows {
		row := append(keyCells(r.Key), itoa(r.Respondents))
		for _, e := range r.Elements {
			row = append(row, strconv.FormatFloat(e.Mean, 'f', 4, 64))
		}
		row = append(row, strconv.FormatFloat(r.Index, 'f', 2, 64), string(r.Grade), r.Performance)
		if err := s.row(row...); err != nil {
			return err
		}
	}
	return nil
}

// column is one column of a list download.
type column[T any] struct {
	name  string
	value func(T) string
}

// list is the download of a list: the records of the where input W that
// the viewer may see, read in batches by id. query returns the filtered
// query's batch loader; a column list may depend on the viewer.
func list[T any, W any](query func(c *ent.Client, where *W) (func(ctx context.Context, after, n int) ([]T, error), error), id func(T) int, columns func(v *viewer.Viewer) []column[T]) download {
	return download{
		params: []string{"where"},
		write: func(ctx context.Context, c *ent.Client, p params, s *sheet) error {
			var where W
			if err := p.input("where", &where); err != nil {
				return err
			}
			load, err := query(c, &where)
			if err != nil {
				return err
			}
			cols := columns(viewer.FromContext(ctx))
			names := make([]string, len(cols))
			for i, col := range cols {
				names[i] = col.name
			}
			s.columns(names...)
			after := 0
			for {
				batch, err := load(ctx, after, analytics.BatchSize)
				if err != nil {
					return err
				}
				for _, r := range batch {
					row := make([]string, len(cols))
					for i, col := range cols {
						row[i] = col.value(r)
					}
					if err := s.row(row...); err != nil {
						return err
					}
				}
				if len(batch) < analytics.BatchSize {
					return nil
				}
				after = id(batch[len(batch)-1])
			}
		},
	}
}

func fixed[T any](cols ...column[T]) func(*viewer.Viewer) []column[T] {
	return func(*viewer.Viewer) []column[T] { return cols }
}

// employees lists no personal data: no contacts, no birth date or place.
var employees = list(func(c *ent.Client, where *ent.EmployeeWhereInput) (func(context.Context, int, int) ([]*ent.Employee, error), error) {
	q, err := filter(where.Filter(c.Employee.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Employee, error) {
		return q.Clone().Where(employee.IDGT(after)).Order(ent.Asc(employee.FieldID)).Limit(n).
			WithUnit(func(uq *ent.UnitQuery) { uq.WithRegion() }).All(ctx)
	}, err
}, func(e *ent.Employee) int { return e.ID }, fixed(
	column[*ent.Employee]{"nip", func(e *ent.Employee) string { return e.Nip }},
	column[*ent.Employee]{"name", func(e *ent.Employee) string { return e.Name }},
	column[*ent.Employee]{"front_title", func(e *ent.Employee) string { return e.FrontTitle }},
	column[*ent.Employee]{"back_title", func(e *ent.Employee) string { return e.BackTitle }},
	column[*ent.Employee]{"employment_type", func(e *ent.Employee) string { return string(e.EmploymentType) }},
	column[*ent.Employee]{"rank", func(e *ent.Employee) string { return e.Rank }},
	column[*ent.Employee]{"position", func(e *ent.Employee) string { return e.PositionName }},
	column[*ent.Employee]{"position_type", func(e *ent.Employee) string { return string(e.PositionType) }},
	column[*ent.Employee]{"position_level", func(e *ent.Employee) string {
		if e.PositionLevel == nil {
			return ""
		}
		return string(*e.PositionLevel)
	}},
	column[*ent.Employee]{"profession", func(e *ent.Employee) string { return string(e.ProfessionGroup) }},
	column[*ent.Employee]{"education", func(e *ent.Employee) string { return string(e.EducationLevel) }},
	column[*ent.Employee]{"gender", func(e *ent.Employee) string { return string(e.Gender) }},
	column[*ent.Employee]{"status", func(e *ent.Employee) string { return string(e.Status) }},
	column[*ent.Employee]{"unit_code", func(e *ent.Employee) string { code, _ := unitOf(e); return code }},
	column[*ent.Employee]{"unit", func(e *ent.Employee) string { _, name := unitOf(e); return name }},
	column[*ent.Employee]{"region", func(e *ent.Employee) string {
		if u := e.Edges.Unit; u != nil && u.Edges.Region != nil {
			return u.Edges.Region.Name
		}
		return ""
	}},
))

// filter turns the error of a where input into BAD_USER_INPUT.
func filter[Q any](q Q, err error) (Q, error) {
	if err != nil {
		return q, apperr.Invalid("where", "%v", err)
	}
	return q, nil
}

var units = list(func(c *ent.Client, where *ent.UnitWhereInput) (func(context.Context, int, int) ([]*ent.Unit, error), error) {
	q, err := filter(where.Filter(c.Unit.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Unit, error) {
		return q.Clone().Where(unit.IDGT(after)).Order(ent.Asc(unit.FieldID)).Limit(n).WithRegion().All(ctx)
	}, err
}, func(u *ent.Unit) int { return u.ID }, fixed(
	column[*ent.Unit]{"id", func(u *ent.Unit) string { return itoa(u.ID) }},
	column[*ent.Unit]{"code", func(u *ent.Unit) string { return u.Code }},
	column[*ent.Unit]{"name", func(u *ent.Unit) string { return u.Name }},
	column[*ent.Unit]{"kind", func(u *ent.Unit) string { return string(u.Kind) }},
	column[*ent.Unit]{"path", func(u *ent.Unit) string { return u.Path }},
	column[*ent.Unit]{"depth", func(u *ent.Unit) string { return itoa(u.Depth) }},
	column[*ent.Unit]{"region", func(u *ent.Unit) string {
		if u.Edges.Region != nil {
			return u.Edges.Region.Name
		}
		return ""
	}},
))

var trainings = list(func(c *ent.Client, where *ent.TrainingWhereInput) (func(context.Context, int, int) ([]*ent.Training, error), error) {
	q, err := filter(where.Filter(c.Training.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Training, error) {
		return q.Clone().Where(training.IDGT(after)).Order(ent.Asc(training.FieldID)).Limit(n).WithOrganizer().WithCompetencies().All(ctx)
	}, err
}, func(t *ent.Training) int { return t.ID }, fixed(
	column[*ent.Training]{"code", func(t *ent.Training) string { return t.Code }},
	column[*ent.Training]{"title", func(t *ent.Training) string { return t.Title }},
	column[*ent.Training]{"category", func(t *ent.Training) string { return string(t.Category) }},
	column[*ent.Training]{"method", func(t *ent.Training) string { return string(t.Method) }},
	column[*ent.Training]{"hours_jp", func(t *ent.Training) string { return itoa(t.HoursJp) }},
	column[*ent.Training]{"quota", func(t *ent.Training) string { return itoa(t.Quota) }},
	column[*ent.Training]{"seats_taken", func(t *ent.Training) string { return itoa(t.SeatsTaken) }},
	column[*ent.Training]{"starts_on", func(t *ent.Training) string { return date(t.StartsOn) }},
	column[*ent.Training]{"ends_on", func(t *ent.Training) string { return date(t.EndsOn) }},
	column[*ent.Training]{"status", func(t *ent.Training) string { return string(t.Status) }},
	column[*ent.Training]{"organizer", func(t *ent.Training) string {
		if t.Edges.Organizer != nil {
			return t.Edges.Organizer.Name
		}
		return ""
	}},
	column[*ent.Training]{"competencies", func(t *ent.Training) string {
		var codes []string
		for _, c := range t.Edges.Competencies {
			codes = append(codes, c.Code)
		}
		return strings.Join(codes, " ")
	}},
))

func nipName(e *ent.Employee) (string, string) {
	if e == nil {
		return "", ""
	}
	return e.Nip, e.Name
}

var enrollments = list(func(c *ent.Client, where *ent.EnrollmentWhereInput) (func(context.Context, int, int) ([]*ent.Enrollment, error), error) {
	q, err := filter(where.Filter(c.Enrollment.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Enrollment, error) {
		return q.Clone().Where(enrollment.IDGT(after)).Order(ent.Asc(enrollment.FieldID)).Limit(n).WithEmployee().WithTraining().All(ctx)
	}, err
}, func(e *ent.Enrollment) int { return e.ID }, fixed(
	column[*ent.Enrollment]{"nip", func(e *ent.Enrollment) string { n, _ := nipName(e.Edges.Employee); return n }},
	column[*ent.Enrollment]{"name", func(e *ent.Enrollment) string { _, n := nipName(e.Edges.Employee); return n }},
	column[*ent.Enrollment]{"training_code", func(e *ent.Enrollment) string {
		if e.Edges.Training != nil {
			return e.Edges.Training.Code
		}
		return ""
	}},
	column[*ent.Enrollment]{"training", func(e *ent.Enrollment) string {
		if e.Edges.Training != nil {
			return e.Edges.Training.Title
		}
		return ""
	}},
	column[*ent.Enrollment]{"hours_jp", func(e *ent.Enrollment) string {
		if e.Edges.Training != nil {
			return itoa(e.Edges.Training.HoursJp)
		}
		return ""
	}},
	column[*ent.Enrollment]{"training_ends_on", func(e *ent.Enrollment) string {
		if e.Edges.Training != nil {
			return date(e.Edges.Training.EndsOn)
		}
		return ""
	}},
	column[*ent.Enrollment]{"status", func(e *ent.Enrollment) string { return string(e.Status) }},
	column[*ent.Enrollment]{"registered_at", func(e *ent.Enrollment) string { return instant(e.RegisteredAt) }},
	column[*ent.Enrollment]{"completed_at", func(e *ent.Enrollment) string { return instantp(e.CompletedAt) }},
	column[*ent.Enrollment]{"score", func(e *ent.Enrollment) string { return num(e.Score) }},
))

// appraisals carry their details (ratings, predicate) only for admins and
// HR officers, who may see them for every appraisal they can list.
var appraisals = list(func(c *ent.Client, where *ent.AppraisalWhereInput) (func(context.Context, int, int) ([]*ent.Appraisal, error), error) {
	q, err := filter(where.Filter(c.Appraisal.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Appraisal, error) {
		return q.Clone().Where(appraisal.IDGT(after)).Order(ent.Asc(appraisal.FieldID)).Limit(n).WithAppraisee().WithAppraiser().All(ctx)
	}, err
}, func(a *ent.Appraisal) int { return a.ID }, func(v *viewer.Viewer) []column[*ent.Appraisal] {
	cols := []column[*ent.Appraisal]{
		{"appraisee_nip", func(a *ent.Appraisal) string { n, _ := nipName(a.Edges.Appraisee); return n }},
		{"appraisee", func(a *ent.Appraisal) string { _, n := nipName(a.Edges.Appraisee); return n }},
		{"appraiser_nip", func(a *ent.Appraisal) string { n, _ := nipName(a.Edges.Appraiser); return n }},
		{"period_kind", func(a *ent.Appraisal) string { return string(a.PeriodKind) }},
		{"year", func(a *ent.Appraisal) string { return itoa(a.Year) }},
		{"period", func(a *ent.Appraisal) string { return itoa(a.Period) }},
		{"status", func(a *ent.Appraisal) string { return string(a.Status) }},
		{"submitted_at", func(a *ent.Appraisal) string { return instantp(a.SubmittedAt) }},
		{"decided_at", func(a *ent.Appraisal) string { return instantp(a.DecidedAt) }},
	}
	if !v.IsAdmin() && v.Role != viewer.HROfficer {
		return cols
	}
	return append(cols,
		column[*ent.Appraisal]{"results_rating", func(a *ent.Appraisal) string {
			if a.ResultsRating == nil {
				return ""
			}
			return string(*a.ResultsRating)
		}},
		column[*ent.Appraisal]{"behaviour_rating", func(a *ent.Appraisal) string {
			if a.BehaviourRating == nil {
				return ""
			}
			return string(*a.BehaviourRating)
		}},
		column[*ent.Appraisal]{"predicate", func(a *ent.Appraisal) string {
			if a.Predicate == nil {
				return ""
			}
			return string(*a.Predicate)
		}},
	)
})

var workLogs = list(func(c *ent.Client, where *ent.WorkLogWhereInput) (func(context.Context, int, int) ([]*ent.WorkLog, error), error) {
	q, err := filter(where.Filter(c.WorkLog.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.WorkLog, error) {
		return q.Clone().Where(worklog.IDGT(after)).Order(ent.Asc(worklog.FieldID)).Limit(n).WithEmployee().All(ctx)
	}, err
}, func(w *ent.WorkLog) int { return w.ID }, fixed(
	column[*ent.WorkLog]{"nip", func(w *ent.WorkLog) string { n, _ := nipName(w.Edges.Employee); return n }},
	column[*ent.WorkLog]{"name", func(w *ent.WorkLog) string { _, n := nipName(w.Edges.Employee); return n }},
	column[*ent.WorkLog]{"date", func(w *ent.WorkLog) string { return date(w.Date) }},
	column[*ent.WorkLog]{"activity", func(w *ent.WorkLog) string { return w.Activity }},
	column[*ent.WorkLog]{"output", func(w *ent.WorkLog) string { return w.Output }},
	column[*ent.WorkLog]{"quantity", func(w *ent.WorkLog) string { return itoa(w.Quantity) }},
	column[*ent.WorkLog]{"minutes", func(w *ent.WorkLog) string { return itoa(w.Minutes) }},
	column[*ent.WorkLog]{"status", func(w *ent.WorkLog) string { return string(w.Status) }},
	column[*ent.WorkLog]{"verified_at", func(w *ent.WorkLog) string { return instantp(w.VerifiedAt) }},
))

// complaints never carry the reporter's identity.
var complaints = list(func(c *ent.Client, where *ent.ComplaintWhereInput) (func(context.Context, int, int) ([]*ent.Complaint, error), error) {
	q, err := filter(where.Filter(c.Complaint.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Complaint, error) {
		return q.Clone().Where(complaint.IDGT(after)).Order(ent.Asc(complaint.FieldID)).Limit(n).WithUnit().WithRegion().All(ctx)
	}, err
}, func(cm *ent.Complaint) int { return cm.ID }, fixed(
	column[*ent.Complaint]{"tracking_id", func(cm *ent.Complaint) string { return cm.TrackingID }},
	column[*ent.Complaint]{"class", func(cm *ent.Complaint) string { return string(cm.Class) }},
	column[*ent.Complaint]{"category", func(cm *ent.Complaint) string { return string(cm.Category) }},
	column[*ent.Complaint]{"channel", func(cm *ent.Complaint) string { return string(cm.Channel) }},
	column[*ent.Complaint]{"privacy", func(cm *ent.Complaint) string { return string(cm.Privacy) }},
	column[*ent.Complaint]{"title", func(cm *ent.Complaint) string { return cm.Title }},
	column[*ent.Complaint]{"status", func(cm *ent.Complaint) string { return string(cm.Status) }},
	column[*ent.Complaint]{"region", func(cm *ent.Complaint) string {
		if cm.Edges.Region != nil {
			return cm.Edges.Region.Name
		}
		return ""
	}},
	column[*ent.Complaint]{"unit", func(cm *ent.Complaint) string {
		if cm.Edges.Unit != nil {
			return cm.Edges.Unit.Name
		}
		return ""
	}},
	column[*ent.Complaint]{"received_at", func(cm *ent.Complaint) string { return instant(cm.ReceivedAt) }},
	column[*ent.Complaint]{"forwarded_at", func(cm *ent.Complaint) string { return instantp(cm.ForwardedAt) }},
	column[*ent.Complaint]{"answered_at", func(cm *ent.Complaint) string { return instantp(cm.AnsweredAt) }},
	column[*ent.Complaint]{"settled_at", func(cm *ent.Complaint) string { return instantp(cm.SettledAt) }},
	column[*ent.Complaint]{"verify_due", func(cm *ent.Complaint) string { return instant(cm.VerifyDue) }},
	column[*ent.Complaint]{"answer_due", func(cm *ent.Complaint) string { return instant(cm.AnswerDue) }},
	column[*ent.Complaint]{"settle_due", func(cm *ent.Complaint) string { return instant(cm.SettleDue) }},
	column[*ent.Complaint]{"rating", func(cm *ent.Complaint) string { return intp(cm.Rating) }},
))

var formations = list(func(c *ent.Client, where *ent.FormationWhereInput) (func(context.Context, int, int) ([]*ent.Formation, error), error) {
	q, err := filter(where.Filter(c.Formation.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Formation, error) {
		return q.Clone().Where(formation.IDGT(after)).Order(ent.Asc(formation.FieldID)).Limit(n).WithUnit().All(ctx)
	}, err
}, func(f *ent.Formation) int { return f.ID }, fixed(
	column[*ent.Formation]{"year", func(f *ent.Formation) string { return itoa(f.Year) }},
	column[*ent.Formation]{"unit_code", func(f *ent.Formation) string {
		if f.Edges.Unit != nil {
			return f.Edges.Unit.Code
		}
		return ""
	}},
	column[*ent.Formation]{"unit", func(f *ent.Formation) string {
		if f.Edges.Unit != nil {
			return f.Edges.Unit.Name
		}
		return ""
	}},
	column[*ent.Formation]{"position", func(f *ent.Formation) string { return f.PositionName }},
	column[*ent.Formation]{"position_type", func(f *ent.Formation) string { return string(f.PositionType) }},
	column[*ent.Formation]{"profession", func(f *ent.Formation) string { return string(f.ProfessionGroup) }},
	column[*ent.Formation]{"needed", func(f *ent.Formation) string { return itoa(f.Needed) }},
))

var competencies = list(func(c *ent.Client, where *ent.CompetencyWhereInput) (func(context.Context, int, int) ([]*ent.Competency, error), error) {
	q, err := filter(where.Filter(c.Competency.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.Competency, error) {
		return q.Clone().Where(competency.IDGT(after)).Order(ent.Asc(competency.FieldID)).Limit(n).All(ctx)
	}, err
}, func(c *ent.Competency) int { return c.ID }, fixed(
	column[*ent.Competency]{"code", func(c *ent.Competency) string { return c.Code }},
	column[*ent.Competency]{"name", func(c *ent.Competency) string { return c.Name }},
	column[*ent.Competency]{"kind", func(c *ent.Competency) string { return string(c.Kind) }},
	column[*ent.Competency]{"description", func(c *ent.Competency) string { return c.Description }},
))

var competencyRequirements = list(func(c *ent.Client, where *ent.CompetencyRequirementWhereInput) (func(context.Context, int, int) ([]*ent.CompetencyRequirement, error), error) {
	q, err := filter(where.Filter(c.CompetencyRequirement.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.CompetencyRequirement, error) {
		return q.Clone().Where(competencyrequirement.IDGT(after)).Order(ent.Asc(competencyrequirement.FieldID)).Limit(n).WithCompetency().All(ctx)
	}, err
}, func(r *ent.CompetencyRequirement) int { return r.ID }, fixed(
	column[*ent.CompetencyRequirement]{"position", func(r *ent.CompetencyRequirement) string { return r.PositionName }},
	column[*ent.CompetencyRequirement]{"competency_code", func(r *ent.CompetencyRequirement) string {
		if r.Edges.Competency != nil {
			return r.Edges.Competency.Code
		}
		return ""
	}},
	column[*ent.CompetencyRequirement]{"competency", func(r *ent.CompetencyRequirement) string {
		if r.Edges.Competency != nil {
			return r.Edges.Competency.Name
		}
		return ""
	}},
	column[*ent.CompetencyRequirement]{"level", func(r *ent.CompetencyRequirement) string { return itoa(r.Level) }},
))

var competencyAssessments = list(func(c *ent.Client, where *ent.CompetencyAssessmentWhereInput) (func(context.Context, int, int) ([]*ent.CompetencyAssessment, error), error) {
	q, err := filter(where.Filter(c.CompetencyAssessment.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.CompetencyAssessment, error) {
		return q.Clone().Where(competencyassessment.IDGT(after)).Order(ent.Asc(competencyassessment.FieldID)).Limit(n).WithEmployee().WithCompetency().All(ctx)
	}, err
}, func(a *ent.CompetencyAssessment) int { return a.ID }, fixed(
	column[*ent.CompetencyAssessment]{"nip", func(a *ent.CompetencyAssessment) string { n, _ := nipName(a.Edges.Employee); return n }},
	column[*ent.CompetencyAssessment]{"name", func(a *ent.CompetencyAssessment) string { _, n := nipName(a.Edges.Employee); return n }},
	column[*ent.CompetencyAssessment]{"competency_code", func(a *ent.CompetencyAssessment) string {
		if a.Edges.Competency != nil {
			return a.Edges.Competency.Code
		}
		return ""
	}},
	column[*ent.CompetencyAssessment]{"level", func(a *ent.CompetencyAssessment) string { return itoa(a.Level) }},
	column[*ent.CompetencyAssessment]{"assessed_at", func(a *ent.CompetencyAssessment) string { return instant(a.AssessedAt) }},
	column[*ent.CompetencyAssessment]{"method", func(a *ent.CompetencyAssessment) string { return a.Method }},
))

var surveyResponses = list(func(c *ent.Client, where *ent.SurveyResponseWhereInput) (func(context.Context, int, int) ([]*ent.SurveyResponse, error), error) {
	q, err := filter(where.Filter(c.SurveyResponse.Query()))
	return func(ctx context.Context, after, n int) ([]*ent.SurveyResponse, error) {
		return q.Clone().Where(surveyresponse.IDGT(after)).Order(ent.Asc(surveyresponse.FieldID)).Limit(n).WithUnit().All(ctx)
	}, err
}, func(r *ent.SurveyResponse) int { return r.ID }, fixed(
	column[*ent.SurveyResponse]{"unit", func(r *ent.SurveyResponse) string {
		if r.Edges.Unit != nil {
			return r.Edges.Unit.Name
		}
		return ""
	}},
	column[*ent.SurveyResponse]{"submitted_at", func(r *ent.SurveyResponse) string { return instant(r.SubmittedAt) }},
	column[*ent.SurveyResponse]{"u1", func(r *ent.SurveyResponse) string { return itoa(r.U1Requirements) }},
	column[*ent.SurveyResponse]{"u2", func(r *ent.SurveyResponse) string { return itoa(r.U2Procedure) }},
	column[*ent.SurveyResponse]{"u3", func(r *ent.SurveyResponse) string { return itoa(r.U3Time) }},
	column[*ent.SurveyResponse]{"u4", func(r *ent.SurveyResponse) string { return itoa(r.U4Cost) }},
	column[*ent.SurveyResponse]{"u5", func(r *ent.SurveyResponse) string { return itoa(r.U5Product) }},
	column[*ent.SurveyResponse]{"u6", func(r *ent.SurveyResponse) string { return itoa(r.U6Competence) }},
	column[*ent.SurveyResponse]{"u7", func(r *ent.SurveyResponse) string { return itoa(r.U7Behaviour) }},
	column[*ent.SurveyResponse]{"u8", func(r *ent.SurveyResponse) string { return itoa(r.U8Complaints) }},
	column[*ent.SurveyResponse]{"u9", func(r *ent.SurveyResponse) string { return itoa(r.U9Facilities) }},
	column[*ent.SurveyResponse]{"respondent_gender", func(r *ent.SurveyResponse) string {
		if r.RespondentGender == nil {
			return ""
		}
		return string(*r.RespondentGender)
	}},
	column[*ent.SurveyResponse]{"respondent_age", func(r *ent.SurveyResponse) string { return intp(r.RespondentAge) }},
	column[*ent.SurveyResponse]{"respondent_education", func(r *ent.SurveyResponse) string { return r.RespondentEducation }},
	column[*ent.SurveyResponse]{"comment", func(r *ent.SurveyResponse) string { return r.Comment }},
))
