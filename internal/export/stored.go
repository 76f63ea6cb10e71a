package export

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"simasn/internal/analytics"
	"simasn/internal/ikm"
)

// stored is a stored query: a GraphQL operation whose variables come from
// the URL's query string, and the columns of its sheet.
type stored struct {
	query string
	// params are the URL parameters (besides bom), each the variable of
	// the same name.
	params []param
	// columns picks and names the columns, given the parameters.
	columns func(p map[string]string) []storedColumn
}

// param is a URL parameter of a stored query.
type param struct {
	name string
	kind paramKind
	// required: the query cannot run without it.
	required bool
}

type paramKind int

const (
	// jsonParam is an input object written as JSON, as in GraphQL
	// variables: where={"professionGroup":"HEALTH"}.
	jsonParam paramKind = iota
	// intParam is a whole number.
	intParam
	// listParam is a comma-separated list of enum values:
	// groupBy=REGION,PROFESSION.
	listParam
	// idParam is an ID.
	idParam
)

// Names lists the stored queries' file names, sorted.
func Names() []string {
	var names []string
	for n := range storedQueries {
		names = append(names, n+".csv")
	}
	sort.Strings(names)
	return names
}

// Stored serves the stored queries at GET /export/{name}.csv: each runs
// its GraphQL query through Query's path, with the URL's parameters as
// variables (where and the other input objects as JSON, groupBy and
// measures as comma-separated enum values, numbers as digits); bom=false
// leaves out the byte-order mark. An unknown parameter is a 400 naming it.
func (e *Exporter) Stored() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		name, ok := strings.CutSuffix(file, ".csv")
		sq, known := storedQueries[name]
		if !ok || !known || !strings.HasPrefix(r.URL.Path, "/export/") {
			e.fail(w, r, &failure{http.StatusNotFound, fmt.Sprintf("no download %q; there are: %s", file, strings.Join(Names(), ", "))})
			return
		}
		j, given, err := sq.job(r)
		if err != nil {
			e.fail(w, r, err)
			return
		}
		j.file = fmt.Sprintf("%s-%s.csv", name, e.now().Format("20060102"))
		j.bom = r.URL.Query().Get("bom") != "false"
		j.columns = sq.columns(given)
		e.export(w, r, j)
	})
}

// job reads the parameters of r into the variables of the stored query.
func (sq stored) job(r *http.Request) (*job, map[string]string, error) {
	q := r.URL.Query()
	var names []string
	for _, p := range sq.params {
		names = append(names, p.name)
	}
	for k := range q {
		if k != "bom" && !slices.Contains(names, k) {
			return nil, nil, badRequest("%s takes no parameter %q; it takes: %s", r.URL.Path, k, strings.Join(append(names, "bom"), ", "))
		}
	}
	j := &job{query: sq.query, variables: map[string]any{}}
	given := map[string]string{}
	for _, p := range sq.params {
		raw := strings.TrimSpace(q.Get(p.name))
		if raw == "" {
			if p.required {
				return nil, nil, badRequest("%s: give the %s, e.g. %s=2026", p.name, p.name, p.name)
			}
			continue
		}
		given[p.name] = raw
		switch p.kind {
		case jsonParam:
			var v any
			if err := decodeJSON([]byte(raw), &v); err != nil {
				return nil, nil, badRequest("%s is not JSON: %v", p.name, err)
			}
			j.variables[p.name] = v
		case intParam:
			n, err := strconv.Atoi(raw)
			if err != nil {
				return nil, nil, badRequest("%s: %q is not a whole number", p.name, raw)
			}
			j.variables[p.name] = n
		case listParam:
			var vs []any
			for _, s := range list(raw) {
				vs = append(vs, s)
			}
			j.variables[p.name] = vs
		case idParam:
			j.variables[p.name] = raw
		}
	}
	return j, given, nil
}

// list splits a comma-separated list of enum values, upper-cased.
func list(raw string) []string {
	var out []string
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, strings.ToUpper(s))
		}
	}
	return out
}

// cols builds a fixed column list from name, path pairs.
func cols(pairs ...string) func(map[string]string) []storedColumn {
	var out []storedColumn
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, storedColumn{pairs[i], pairs[i+1]})
	}
	return func(map[string]string) []storedColumn { return out }
}

// dimensions are the groupBy parameter's dimensions, or def.
func dimensions(p map[string]string, def []analytics.Dimension) []analytics.Dimension {
	raw, ok := p["groupBy"]
	if !ok {
		return def
	}
	var dims []analytics.Dimension
	for _, s := range list(raw) {
		dims = append(dims, analytics.Dimension(s))
	}
	return dims
}

// keyColumns are the columns of a group's key: a unit, region, training
// or competency gets its id and name, an age band its label, anything
// else its value.
func keyColumns(dims []analytics.Dimension) []storedColumn {
	var out []storedColumn
	for i, d := range dims {
		n := strings.ToLower(string(d))
		at := "key." + strconv.Itoa(i) + "."
		switch d {
		case analytics.Unit, analytics.Region, analytics.Training, analytics.Competency:
			out = append(out, storedColumn{n + "_id", at + "value"}, storedColumn{n, at + "label"})
		case analytics.AgeBand:
			out = append(out, storedColumn{n, at + "label"})
		default:
			out = append(out, storedColumn{n, at + "value"})
		}
	}
	return out
}

// grouped is the column list of a grouped report: the key, then the
// report's columns.
func grouped(def []analytics.Dimension, pairs ...string) func(map[string]string) []storedColumn {
	rest := cols(pairs...)(nil)
	return func(p map[string]string) []storedColumn {
		return append(keyColumns(dimensions(p, def)), rest...)
	}
}

// aggregate is the stored query of a grouped aggregate (employeeAggregate
// and the like) whose where input is whereType.
func aggregate(field, whereType, measureType string, defaults []analytics.Measure) stored {
	return stored{
		query: fmt.Sprintf(`query($where: %s, $groupBy: [AggregateDimension!], $unitLevel: Int, $measures: [%s!]) {
  %s(where: $where, groupBy: $groupBy, unitLevel: $unitLevel, measures: $measures) { key { value label } count values { value } }
}`, whereType, measureType, field),
		params: []param{{name: "where"}, {name: "groupBy", kind: listParam}, {name: "unitLevel", kind: intParam}, {name: "measures", kind: listParam}},
		columns: func(p map[string]string) []storedColumn {
			out := append(keyColumns(dimensions(p, nil)), storedColumn{"count", "count"})
			measures := defaults
			if raw, ok := p["measures"]; ok {
				measures = nil
				for _, m := range list(raw) {
					measures = append(measures, analytics.Measure(m))
				}
			}
			for i, m := range measures {
				out = append(out, storedColumn{strings.ToLower(string(m)), fmt.Sprintf("values.%d.value", i)})
			}
			return out
		},
	}
}

// listQuery is the stored query of a Relay list, all pages: field is the
// connection, whereType its filter, selection the node's fields.
func listQuery(field, whereType, selection string, columns ...string) stored {
	return stored{
		query: fmt.Sprintf(`query($where: %s, $after: Cursor) {
  %s(where: $where, after: $after) { pageInfo { hasNextPage endCursor } edges { node { %s } } }
}`, whereType, field, selection),
		params:  []param{{name: "where"}},
		columns: cols(columns...),
	}
}

var (
	where     = param{name: "where"}
	groupBy   = param{name: "groupBy", kind: listParam}
	unitLevel = param{name: "unitLevel", kind: intParam}
	year      = param{name: "year", kind: intParam, required: true}
)

// storedQueries are the downloads at /export/{name}.csv, as the GraphQL
// queries of the same name.
var storedQueries = map[string]stored{
	// Aggregates.
	"employee-aggregate":   aggregate("employeeAggregate", "EmployeeWhereInput", "EmployeeMeasure", analytics.DefaultEmployeeMeasures),
	"enrollment-aggregate": aggregate("enrollmentAggregate", "EnrollmentWhereInput", "EnrollmentMeasure", analytics.DefaultEnrollmentMeasures),
	"appraisal-aggregate":  aggregate("appraisalAggregate", "AppraisalWhereInput", "AppraisalMeasure", analytics.DefaultAppraisalMeasures),
	"work-log-aggregate":   aggregate("workLogAggregate", "WorkLogWhereInput", "WorkLogMeasure", analytics.DefaultWorkLogMeasures),
	"attendance-aggregate": aggregate("attendanceAggregate", "AttendanceDayWhereInput", "AttendanceMeasure", analytics.DefaultAttendanceMeasures),
	"complaint-aggregate":  aggregate("complaintAggregate", "ComplaintWhereInput", "ComplaintMeasure", analytics.DefaultComplaintMeasures),

	// Reports.
	"workforce-gap": {
		query: `query($year: Int!, $filter: WorkforceGapFilter, $groupBy: [AggregateDimension!], $unitLevel: Int) {
  workforceGap(year: $year, filter: $filter, groupBy: $groupBy, unitLevel: $unitLevel) { key { value label } needed filled gap shortage excess fillRate }
}`,
		params:  []param{year, {name: "filter"}, groupBy, unitLevel},
		columns: grouped(analytics.DefaultGapGroupBy, "needed", "needed", "filled", "filled", "gap", "gap", "shortage", "shortage", "excess", "excess", "fill_rate", "fillRate"),
	},
	"retirement-projection": {
		query: `query($years: Int, $where: EmployeeWhereInput, $groupBy: [AggregateDimension!], $unitLevel: Int, $ages: RetirementAgesInput) {
  retirementProjection(years: $years, where: $where, groupBy: $groupBy, unitLevel: $unitLevel, ages: $ages) { year key { value label } retiring }
}`,
		params: []param{{name: "years", kind: intParam}, where, groupBy, unitLevel, {name: "ages"}},
		columns: func(p map[string]string) []storedColumn {
			out := []storedColumn{{"year", "year"}}
			out = append(out, keyColumns(dimensions(p, analytics.DefaultRetirementGroupBy))...)
			return append(out, storedColumn{"retiring", "retiring"})
		},
	},
	"training-hours": {
		query: `query($year: Int!, $where: EmployeeWhereInput, $groupBy: [AggregateDimension!], $unitLevel: Int) {
  trainingHours(year: $year, where: $where, groupBy: $groupBy, unitLevel: $unitLevel) {
    key { value label } employees entitled compliant below complianceRate totalJp averageJp medianJp pppk pppkOverCap
  }
}`,
		params: []param{year, where, groupBy, unitLevel},
		columns: grouped(nil, "employees", "employees", "entitled", "entitled", "compliant", "compliant", "below", "below",
			"compliance_rate", "complianceRate", "total_jp", "totalJp", "average_jp", "averageJp", "median_jp", "medianJp",
			"pppk", "pppk", "pppk_over_cap", "pppkOverCap"),
	},
	"training-shortfall": {
		query: `query($year: Int!, $where: EmployeeWhereInput, $offset: Int = 0) {
  trainingShortfall(year: $year, where: $where, offset: $offset) {
    totalCount items { employee { nip name employmentType positionName unit { code name } } jp missing }
  }
}`,
		params: []param{year, where},
		columns: cols("nip", "employee.nip", "name", "employee.name", "employment_type", "employee.employmentType",
			"position", "employee.positionName", "unit_code", "employee.unit.code", "unit", "employee.unit.name", "jp", "jp", "missing", "missing"),
	},
	"competency-gaps": {
		query: `query($where: EmployeeWhereInput, $competencyID: ID, $offset: Int = 0) {
  competencyGaps(where: $where, competencyID: $competencyID, offset: $offset) {
    totalCount items { employee { nip name positionName unit { code name } } competency { code name } required assessed gap trainings { code } }
  }
}`,
		params: []param{where, {name: "competencyID", kind: idParam}},
		columns: cols("nip", "employee.nip", "name", "employee.name", "position", "employee.positionName",
			"unit_code", "employee.unit.code", "unit", "employee.unit.name", "competency_code", "competency.code", "competency", "competency.name",
			"required", "required", "assessed", "assessed", "gap", "gap", "recommended_trainings", "trainings.code"),
	},
	"competency-gap-summary": {
		query: `query($where: EmployeeWhereInput, $groupBy: [AggregateDimension!], $unitLevel: Int) {
  competencyGapSummary(where: $where, groupBy: $groupBy, unitLevel: $unitLevel) {
    key { value label } requirements assessed met gaps unassessed employeesWithGap averageGap trainings { code }
  }
}`,
		params: []param{where, groupBy, unitLevel},
		columns: grouped(analytics.DefaultCompetencyGroupBy, "requirements", "requirements", "assessed", "assessed", "met", "met",
			"gaps", "gaps", "unassessed", "unassessed", "employees_with_gap", "employeesWithGap", "average_gap", "averageGap",
			"recommended_trainings", "trainings.code"),
	},
	"appraisal-distribution": {
		query: `query($where: AppraisalWhereInput, $groupBy: [AggregateDimension!], $unitLevel: Int) {
  appraisalDistribution(where: $where, groupBy: $groupBy, unitLevel: $unitLevel) { key { value label } total rated predicates { count } }
}`,
		params: []param{where, groupBy, unitLevel},
		columns: func(p map[string]string) []storedColumn {
			out := append(keyColumns(dimensions(p, analytics.DefaultDistributionGroupBy)), storedColumn{"total", "total"}, storedColumn{"rated", "rated"})
			for i, pr := range analytics.Predicates {
				out = append(out, storedColumn{strings.ToLower(string(pr)), fmt.Sprintf("predicates.%d.count", i)})
			}
			return out
		},
	},
	"overdue-complaints": {
		query: `query($where: ComplaintWhereInput, $after: Cursor) {
  overdueComplaints(where: $where, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { trackingID title category status unitID receivedAt overdue } }
  }
}`,
		params: []param{where},
		columns: cols("tracking_id", "trackingID", "title", "title", "category", "category", "status", "status",
			"unit_id", "unitID", "received_at", "receivedAt", "missed", "overdue"),
	},
	"satisfaction-index": {
		query: `query($where: SurveyResponseWhereInput, $groupBy: [AggregateDimension!], $unitLevel: Int) {
  satisfactionIndex(where: $where, groupBy: $groupBy, unitLevel: $unitLevel) { key { value label } respondents elements { mean } index grade performance }
}`,
		params: []param{where, groupBy, unitLevel},
		columns: func(p map[string]string) []storedColumn {
			out := append(keyColumns(dimensions(p, analytics.DefaultSatisfactionGroupBy)), storedColumn{"respondents", "respondents"})
			for i, e := range ikm.Elements {
				out = append(out, storedColumn{strings.ToLower(e.Code), fmt.Sprintf("elements.%d.mean", i)})
			}
			return append(out, storedColumn{"index", "index"}, storedColumn{"grade", "grade"}, storedColumn{"performance", "performance"})
		},
	},

	// Lists, all pages. None carries personal data beyond what the
	// GraphQL list shows the viewer (a NIP masked for those who may not
	// read it); columns the viewer never reads are left out.
	"employees": listQuery("employees", "EmployeeWhereInput",
		`nip name frontTitle backTitle employmentType rank positionName positionType positionLevel professionGroup educationLevel gender status unit { code name region { name } }`,
		"nip", "nip", "name", "name", "front_title", "frontTitle", "back_title", "backTitle", "employment_type", "employmentType",
		"rank", "rank", "position", "positionName", "position_type", "positionType", "position_level", "positionLevel",
		"profession", "professionGroup", "education", "educationLevel", "gender", "gender", "status", "status",
		"unit_code", "unit.code", "unit", "unit.name", "region", "unit.region.name"),
	"units": listQuery("units", "UnitWhereInput", `id code name kind path depth region { name }`,
		"id", "id", "code", "code", "name", "name", "kind", "kind", "path", "path", "depth", "depth", "region", "region.name"),
	"trainings": listQuery("trainings", "TrainingWhereInput",
		`code title category method hoursJp quota seatsTaken startsOn endsOn status organizer { name } competencies { code }`,
		"code", "code", "title", "title", "category", "category", "method", "method", "hours_jp", "hoursJp", "quota", "quota",
		"seats_taken", "seatsTaken", "starts_on", "startsOn", "ends_on", "endsOn", "status", "status",
		"organizer", "organizer.name", "competencies", "competencies.code"),
	"enrollments": listQuery("enrollments", "EnrollmentWhereInput",
		`employee { nip name } training { code title hoursJp endsOn } status registeredAt completedAt score`,
		"nip", "employee.nip", "name", "employee.name", "training_code", "training.code", "training", "training.title",
		"hours_jp", "training.hoursJp", "training_ends_on", "training.endsOn", "status", "status",
		"registered_at", "registeredAt", "completed_at", "completedAt", "score", "score"),
	"appraisals": listQuery("appraisals", "AppraisalWhereInput",
		`appraisee { nip name } appraiser { nip } periodKind year period status submittedAt decidedAt resultsRating behaviourRating predicate`,
		"appraisee_nip", "appraisee.nip", "appraisee", "appraisee.name", "appraiser_nip", "appraiser.nip",
		"period_kind", "periodKind", "year", "year", "period", "period", "status", "status",
		"submitted_at", "submittedAt", "decided_at", "decidedAt",
		"results_rating", "resultsRating", "behaviour_rating", "behaviourRating", "predicate", "predicate"),
	"work-logs": listQuery("workLogs", "WorkLogWhereInput",
		`employee { nip name } date activity output quantity minutes status verifiedAt`,
		"nip", "employee.nip", "name", "employee.name", "date", "date", "activity", "activity", "output", "output",
		"quantity", "quantity", "minutes", "minutes", "status", "status", "verified_at", "verifiedAt"),
	"complaints": listQuery("complaints", "ComplaintWhereInput",
		`trackingID class category channel privacy title status region { name } unit { name } receivedAt forwardedAt answeredAt settledAt verifyDue answerDue settleDue rating`,
		"tracking_id", "trackingID", "class", "class", "category", "category", "channel", "channel", "privacy", "privacy",
		"title", "title", "status", "status", "region", "region.name", "unit", "unit.name",
		"received_at", "receivedAt", "forwarded_at", "forwardedAt", "answered_at", "answeredAt", "settled_at", "settledAt",
		"verify_due", "verifyDue", "answer_due", "answerDue", "settle_due", "settleDue", "rating", "rating"),
	"formations": listQuery("formations", "FormationWhereInput",
		`year unit { code name } positionName positionType professionGroup needed`,
		"year", "year", "unit_code", "unit.code", "unit", "unit.name", "position", "positionName",
		"position_type", "positionType", "profession", "professionGroup", "needed", "needed"),
	"competencies": listQuery("competencies", "CompetencyWhereInput", `code name kind description`,
		"code", "code", "name", "name", "kind", "kind", "description", "description"),
	"competency-requirements": listQuery("competencyRequirements", "CompetencyRequirementWhereInput",
		`positionName competency { code name } level`,
		"position", "positionName", "competency_code", "competency.code", "competency", "competency.name", "level", "level"),
	"competency-assessments": listQuery("competencyAssessments", "CompetencyAssessmentWhereInput",
		`employee { nip name } competency { code } level assessedAt method`,
		"nip", "employee.nip", "name", "employee.name", "competency_code", "competency.code", "level", "level",
		"assessed_at", "assessedAt", "method", "method"),
	"survey-responses": listQuery("surveyResponses", "SurveyResponseWhereInput",
		`unit { name } submittedAt u1Requirements u2Procedure u3Time u4Cost u5Product u6Competence u7Behaviour u8Complaints u9Facilities respondentGender respondentAge respondentEducation comment`,
		"unit", "unit.name", "submitted_at", "submittedAt", "u1", "u1Requirements", "u2", "u2Procedure", "u3", "u3Time",
		"u4", "u4Cost", "u5", "u5Product", "u6", "u6Competence", "u7", "u7Behaviour", "u8", "u8Complaints", "u9", "u9Facilities",
		"respondent_gender", "respondentGender", "respondent_age", "respondentAge", "respondent_education", "respondentEducation",
		"comment", "comment"),
}
