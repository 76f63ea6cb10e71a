package analytics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/competency"
	"simasn/ent/competencyrequirement"
	"simasn/ent/currentcompetency"
	"simasn/ent/employee"
	"simasn/ent/training"
	"simasn/internal/apperr"
)

// Competency gaps compare the level of each competency an employee's
// position requires (standar kompetensi jabatan, matched by position title)
// with the employee's latest assessed level (the assessment with the latest
// time counts; among equal times, the last recorded).

// requirementJoins joins, to each employee row, the requirements of the
// employee's position as "cr" and the current level of each (the latest
// assessment, kept by KeepCurrentCompetencies) as "ca".
func requirementJoins(b *build) {
	b.join("cr", func() {
		b.inner.Join(sql.Table(competencyrequirement.Table).As("cr")).
			OnP(on(col("cr", competencyrequirement.FieldPositionName) + ` = ` + b.C(employee.FieldPositionName)))
	})
	b.join("ca", func() {
		b.inner.LeftJoin(sql.Table(currentcompetency.Table).As("ca")).
			OnP(on(col("ca", currentcompetency.FieldEmployeeID) + ` = ` + b.C(employee.FieldID) +
				` AND ` + col("ca", currentcompetency.FieldCompetencyID) + ` = ` + col("cr", competencyrequirement.FieldCompetencyID)))
	})
}

// Columns of the requirement and assessment of a gap row.
var (
	required = col("cr", competencyrequirement.FieldLevel)
	assessed = col("ca", currentcompetency.FieldLevel)
)

// CompetencyGap is one competency an employee's position requires, with
// the employee's latest assessed level.
type CompetencyGap struct {
	// Employee is the employee; personal fields stay hidden from viewers
	// who may not see them.
	Employee *ent.Employee
	// Competency is the competency required.
	Competency *ent.Competency
	// Required is the level the position requires, 1–5.
	Required int
	// Assessed is the latest assessed level; nil when never assessed.
	Assessed *int
	// Gap is Required − Assessed (Required when never assessed), at least 0.
	Gap int
	// Trainings are trainings tagged with the competency that are
	// published or running and not yet over: the ones to recommend.
	Trainings []*ent.Training
}

// CompetencyGapPage is a page of competency gaps.
type CompetencyGapPage struct {
	// TotalCount is the number of gaps over all pages.
	TotalCount int
	// Items is the page.
	Items []*CompetencyGap
}

type gapScan struct {
	EmployeeID   int  `sql:"employee_id"`
	CompetencyID int  `sql:"competency_id"`
	Required     int  `sql:"required"`
	Assessed     *int `sql:"assessed"`
	N            int  `sql:"n"`
}

// CompetencyGaps lists, for the employees in service matching where (and
// the competency, when given), each required competency they are below or
// were never assessed on, largest gap first, first items from offset, with
// the trainings to recommend. Errors: FORBIDDEN for employees and the
// public.
func CompetencyGaps(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, competencyID, firstArg, offsetArg *int, now time.Time) (*CompetencyGapPage, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	first, offset, err := page(firstArg, offsetArg)
	if err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	q.Where(employee.StatusIn(inService...))
	gaps := func(count bool) func(s *sql.Selector) {
		return func(s *sql.Selector) {
			b := &build{d: dia(s.Dialect()), inner: s, joined: map[string]bool{}}
			requirementJoins(b)
			s.Where(on(`(` + assessed + ` IS NULL OR ` + assessed + ` < ` + required + `)`))
			if competencyID != nil {
				s.Where(eq(col("cr", competencyrequirement.FieldCompetencyID), *competencyID))
			}
			s.Select().SetDistinct(false)
			if count {
				s.AppendSelectExprAs(x(`COUNT(*)`), "n")
				return
			}
			gap := required + ` - COALESCE(` + assessed + `, 0)`
			s.AppendSelectExprAs(x(s.C(employee.FieldID)), "employee_id").
				AppendSelectExprAs(x(col("cr", competencyrequirement.FieldCompetencyID)), "competency_id").
				AppendSelectExprAs(x(required), "required").
				AppendSelectExprAs(x(assessed), "assessed")
			s.ClearOrder().OrderExpr(x(gap+` DESC`), x(s.C(employee.FieldName)), x(s.C(employee.FieldID)), x(col("cr", competencyrequirement.FieldCompetencyID))).
				Limit(first).Offset(offset)
		}
	}
	var counted []gapScan
	if err = q.Clone().Order(gaps(true)).Select().Scan(ctx, &counted); err != nil {
		return nil, fmt.Errorf("count competency gaps: %w", err)
	}
	page := &CompetencyGapPage{}
	if len(counted) == 1 {
		page.TotalCount = counted[0].N
	}
	if first == 0 || page.TotalCount == 0 {
		return page, nil
	}
	var rows []gapScan
	if err := q.Order(gaps(false)).Select().Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("competency gaps: %w", err)
	}
	return page, fillGaps(ctx, c, page, rows, now)
}

// fillGaps loads the employees, competencies and recommended trainings of
// rows (three queries) into page.
func fillGaps(ctx context.Context, c *ent.Client, page *CompetencyGapPage, rows []gapScan, now time.Time) error {
	var empIDs, compIDs []int
	for _, r := range rows {
		empIDs = append(empIDs, r.EmployeeID)
		compIDs = append(compIDs, r.CompetencyID)
	}
	es, err := c.Employee.Query().Where(employee.IDIn(empIDs...)).All(ctx)
	if err != nil {
		return fmt.Errorf("competency gaps: employees: %w", err)
	}
	emps := map[int]*ent.Employee{}
	for _, e := range es {
		emps[e.ID] = e
	}
	comps, trainings, err := competenciesWithTrainings(ctx, c, compIDs, now)
	if err != nil {
		return err
	}
	for _, r := range rows {
		e, ok := emps[r.EmployeeID]
		if !ok {
			continue
		}
		g := &CompetencyGap{Employee: e, Competency: comps[r.CompetencyID], Required: r.Required, Assessed: r.Assessed, Trainings: trainings[r.CompetencyID]}
		g.Gap = max(0, r.Required-deref(r.Assessed))
		page.Items = append(page.Items, g)
	}
	return nil
}

// competenciesWithTrainings loads competencies by id and, for each, the
// trainings to recommend: tagged with it, published or running, not over
// at now, soonest first.
func competenciesWithTrainings(ctx context.Context, c *ent.Client, ids []int, now time.Time) (map[int]*ent.Competency, map[int][]*ent.Training, error) {
	cs, err := c.Competency.Query().Where(competency.IDIn(ids...)).
		WithTrainings(func(q *ent.TrainingQuery) {
			q.Where(training.StatusIn(training.StatusPUBLISHED, training.StatusONGOING), training.EndsOnGTE(now)).
				Order(ent.Asc(training.FieldStartsOn), ent.Asc(training.FieldID))
		}).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("competencies and their trainings: %w", err)
	}
	comps, trainings := map[int]*ent.Competency{}, map[int][]*ent.Training{}
	for _, cp := range cs {
		comps[cp.ID] = cp
		trainings[cp.ID] = cp.Edges.Trainings
	}
	return comps, trainings, nil
}

// CompetencyGapSummary sums up the competency requirements of a group of
// employees.
type CompetencyGapSummary struct {
	// Key holds the group's value of each group-by dimension.
	Key []Key
	// Requirements is the number of (employee, required competency) pairs.
	Requirements int
	// Assessed is the pairs with an assessment; Met those at or above the
	// required level; Gaps those below it; Unassessed those never assessed.
	Assessed, Met, Gaps, Unassessed int
	// EmployeesWithGap is the employees below at least one requirement.
	EmployeesWithGap int
	// AverageGap is the mean shortfall in levels over the assessed pairs (0
	// for those that meet it); nil without assessed pairs.
	AverageGap *float64
	// Trainings are the trainings to recommend, when the rows are grouped
	// by COMPETENCY.
	Trainings []*ent.Training
}

// Competency-gap measures (internal names).
const (
	cgAssessed   Measure = "ASSESSED"
	cgMet        Measure = "MET"
	cgGaps       Measure = "GAPS"
	cgUnassessed Measure = "UNASSESSED"
	cgEmployees  Measure = "EMPLOYEES_WITH_GAP"
	cgAverage    Measure = "AVERAGE_GAP"
)

// CompetencyGapSummaries groups the competency requirements of the
// employees in service matching where by groupBy (the employee dimensions
// and COMPETENCY; by default UNIT) and counts how many are met, below or
// unassessed, in one SQL statement. Grouped by COMPETENCY, each row carries
// the trainings to recommend.
func CompetencyGapSummaries(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, groupBy []Dimension, unitLevel *int, now time.Time) ([]*CompetencyGapSummary, error) {
	v, err := authorize(ctx)
	if err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if groupBy == nil {
		groupBy = DefaultCompetencyGroupBy
	}
	figures, err := gapFigures(ctx, c, v, where, groupBy)
	if err != nil {
		return nil, err
	}
	q.Where(employee.StatusIn(inService...))
	src := employeeSource(q)
	src.name = "competency requirements"
	src.own = map[Dimension]ownDim{
		Status:     src.own[Status],
		Competency: {func(*build) string { return col("cr", competencyrequirement.FieldCompetencyID) }, kindCompetency},
	}
	src.joins = nil
	src.aggregate = gapSummarySQL
	if figures != nil {
		src.aggregate = func(b *build, keys []dim, names []Measure) *sql.Selector {
			if b.d.pg() {
				return gapFiguresSQL(b, keys, names, figures)
			}
			return gapSummarySQL(b, keys, names)
		}
	}
	src.measures = map[Measure]measure{}
	for m, v := range gapValues {
		src.measures[m] = measure{agg: v.agg}
	}
	ms := []Measure{cgAssessed, cgMet, cgGaps, cgUnassessed, cgEmployees, cgAverage}
	groups, err := (&query{src: src, groupBy: groupBy, level: unitLevel, measures: ms, now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]*CompetencyGapSummary, 0, len(groups))
	compKey := -1
	for i, d := range groupBy {
		if d == Competency {
			compKey = i
		}
	}
	var ids []int
	for _, g := range groups {
		if g.Count == 0 {
			continue
		}
		s := &CompetencyGapSummary{Key: g.Key, Requirements: g.Count, Assessed: intOf(g.Values[0].Value), Met: intOf(g.Values[1].Value),
			Gaps: intOf(g.Values[2].Value), Unassessed: intOf(g.Values[3].Value), EmployeesWithGap: intOf(g.Values[4].Value), AverageGap: g.Values[5].Value}
		out = append(out, s)
		if compKey >= 0 && g.Key[compKey].Value != nil {
			id, _ := toInt(*g.Key[compKey].Value)
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		_, trainings, err := competenciesWithTrainings(ctx, c, ids, now)
		if err != nil {
			return nil, err
		}
		for _, s := range out {
			if v := s.Key[compKey].Value; v != nil && (s.Gaps > 0 || s.Unassessed > 0) {
				id, _ := toInt(*v)
				s.Trainings = trainings[id]
			}
		}
	}
	return out, nil
}

// gapValue is a competency-gap measure: a sum of its values on the two
// kinds of row gapSummarySQL groups, or, for a mean, that sum over the sum
// of a count.
type gapValue struct {
	agg aggKind // aggSum or aggAvg
	// pairs is the value on a row standing for "g"."n" unassessed
	// requirement pairs; assessed the value on a row of assessed pairs
	// ("a", see gapSummarySQL).
	pairs, assessed string
	// count is, for a mean, the count the summed values are divided by on
	// a row of assessed pairs (NULL on a row of requirement pairs).
	count string
}

// The columns of a row of assessed pairs (gapSummarySQL): it stands for
// "n" assessed pairs, "gaps" of them below the required level, "short" the
// sum of their shortfalls in levels, and "emp" employees below at least one
// requirement.
var (
	assessedPairs = col("a", "n")
	assessedGaps  = col("a", "gaps")
	assessedShort = col("a", "short")
	assessedEmp   = col("a", "emp")
)

// gapValues are the competency-gap measures. A row of pairs counts them
// all as unassessed; each assessed pair takes one back. Every assessed
// pair has a level (current_competencies.level is required), so the pairs
// at or above the requirement are those not below it.
var gapValues = map[Measure]gapValue{
	cgAssessed:   {agg: aggSum, pairs: `0`, assessed: assessedPairs},
	cgMet:        {agg: aggSum, pairs: `0`, assessed: `(` + assessedPairs + ` - ` + assessedGaps + `)`},
	cgGaps:       {agg: aggSum, pairs: `0`, assessed: assessedGaps},
	cgUnassessed: {agg: aggSum, pairs: col("g", "n"), assessed: `(0 - ` + assessedPairs + `)`},
	cgEmployees:  {agg: aggSum, pairs: `0`, assessed: assessedEmp},
	cgAverage:    {agg: aggAvg, pairs: `NULL`, assessed: assessedShort, count: assessedPairs},
}

// gapSummarySQL is the grouped query of CompetencyGapSummaries. Joining
// every employee to each requirement of their position (about seven pairs
// an employee) and each pair to the latest assessments cost most of the
// query, so it aggregates before it joins. It groups two kinds of row:
//   - the requirement pairs, counted from the employees per group and
//     position ("g"."n") joined to the position's requirements: one row
//     per group, position and required competency;
//   - the assessed pairs (the latest assessments of a competency the
//     employee's position requires), counted before they are grouped
//     ("a"): grouped by COMPETENCY, per group, position, competency and
//     assessed level first (7,006 rows for the 239,013 current levels of
//     the scale dataset), then joined to the requirement of the position;
//     grouped by the employees' dimensions alone, per employee (39,700
//     rows), which also tells the employees below at least one requirement
//     apart without a distinct count (COUNT(DISTINCT …) made PostgreSQL sort
//     every pair: an employee is in one group, so the employees with a gap
//     are a sum of one per employee).
//
// The pair count n sums "w" over both; every measure comes from the
// assessed rows except UNASSESSED, which counts all pairs and takes the
// assessed ones back. The records (the employees with every predicate on
// them, the access rules' included) are written once, as the CTE "e"; on
// PostgreSQL it is NOT MATERIALIZED, so that each branch reads the
// employees as it needs (the count per position from an index alone)
// rather than through a materialised copy of them all.
func gapSummarySQL(b *build, keys []dim, names []Measure) *sql.Selector {
	inner := b.inner
	inner.Select().SetDistinct(false)
	inner.AppendSelectExprAs(x(b.C(employee.FieldID)), "eid").
		AppendSelectExprAs(x(b.C(employee.FieldPositionName)), "pos")
	var own []string // the keys of the employee, in "e" and "g"
	for i, k := range keys {
		if k.d != Competency {
			inner.AppendSelectExprAs(x(k.expr), "k"+lit(i))
			own = append(own, ident("k"+lit(i)))
		}
	}
	inner.ClearOrder()
	comp := col("cr", competencyrequirement.FieldCompetencyID)
	byCompetency := slices.ContainsFunc(keys, func(k dim) bool { return k.d == Competency })
	crTable := ident(competencyrequirement.Table) + ` AS "cr"`
	caTable := ident(currentcompetency.Table) + ` AS "ca"`
	caLevel, crLevel := col("ca", currentcompetency.FieldLevel), col("cr", competencyrequirement.FieldLevel)
	eOwn := make([]string, len(own)) // the employee's keys, read from "e"
	for i, k := range own {
		eOwn[i] = `"e".` + k
	}
	var assessedRows string // the rows "a": their keys k…, n, gaps, short, emp
	if byCompetency {
		p := func(c string) string { return col("p", c) }
		below := p("level") + ` < ` + crLevel
		gaps := `(CASE WHEN ` + below + ` THEN ` + p("n") + ` ELSE 0 END)`
		cols := []string{
			p("n") + ` AS "n"`,
			gaps + ` AS "gaps"`,
			`(CASE WHEN ` + below + ` THEN (` + crLevel + ` - ` + p("level") + `) * ` + p("n") + ` ELSE 0 END) AS "short"`,
			// Within a competency an employee has one pair at most (one
			// requirement per position and competency, one current
			// level): the pairs below it are the employees.
			gaps + ` AS "emp"`,
		}
		for i, k := range keys {
			if k.d == Competency {
				cols = append(cols, comp+` AS `+ident("k"+lit(i)))
			} else {
				cols = append(cols, p("k"+lit(i))+` AS `+ident("k"+lit(i)))
			}
		}
		group := append(slices.Clone(eOwn), col("e", "pos"), col("ca", currentcompetency.FieldCompetencyID), caLevel)
		perLevel := `SELECT ` + strings.Join(append(slices.Clone(eOwn), col("e", "pos")+` AS "pos"`,
			col("ca", currentcompetency.FieldCompetencyID)+` AS "cid"`, caLevel+` AS "level"`, `COUNT(*) AS "n"`), ", ") +
			` FROM "e" JOIN ` + caTable + ` ON ` + col("ca", currentcompetency.FieldEmployeeID) + ` = ` + col("e", "eid") +
			` GROUP BY ` + strings.Join(group, ", ")
		assessedRows = `SELECT ` + strings.Join(cols, ", ") + ` FROM (` + perLevel + `) AS "p" JOIN ` + crTable +
			` ON ` + col("cr", competencyrequirement.FieldPositionName) + ` = ` + p("pos") + ` AND ` + comp + ` = ` + p("cid")
	} else {
		below := caLevel + ` < ` + crLevel
		// The sums are of integers (int4 on PostgreSQL), whose running
		// totals are plain 64-bit values: a sum of the bigint levels
		// keeps a numeric state per group, which made the 39,700 groups
		// spill to disk at 4 MB of work_mem.
		gaps := `SUM(CASE WHEN ` + below + ` THEN 1 ELSE 0 END)`
		cols := append(slices.Clone(eOwn), `COUNT(*) AS "n"`, gaps+` AS "gaps"`,
			`SUM(CASE WHEN `+below+` THEN CAST(`+crLevel+` - `+caLevel+` AS INTEGER) ELSE 0 END) AS "short"`,
			`(CASE WHEN `+gaps+` > 0 THEN 1 ELSE 0 END) AS "emp"`)
		assessedRows = `SELECT ` + strings.Join(cols, ", ") + ` FROM "e" JOIN ` + caTable +
			` ON ` + col("ca", currentcompetency.FieldEmployeeID) + ` = ` + col("e", "eid") + ` JOIN ` + crTable +
			` ON ` + col("cr", competencyrequirement.FieldPositionName) + ` = ` + col("e", "pos") +
			` AND ` + comp + ` = ` + col("ca", currentcompetency.FieldCompetencyID) +
			` GROUP BY ` + strings.Join(append([]string{col("e", "eid")}, eOwn...), ", ")
	}
	var pairs, assessed []string
	for i, k := range keys {
		kc := ident("k" + lit(i))
		if k.d == Competency {
			pairs = append(pairs, comp+` AS `+kc)
		} else {
			pairs = append(pairs, col("g", "k"+lit(i))+` AS `+kc)
		}
		assessed = append(assessed, col("a", "k"+lit(i)))
	}
	pairs = append(pairs, col("g", "n")+` AS "w"`)
	assessed = append(assessed, `0`)
	for j, m := range names {
		v := gapValues[m]
		pairs = append(pairs, v.pairs+` AS `+ident("v"+lit(j)))
		assessed = append(assessed, v.assessed)
		if v.agg == aggAvg {
			pairs = append(pairs, `NULL AS `+ident("c"+lit(j)))
			assessed = append(assessed, v.count)
		}
	}
	byPosition := `SELECT ` + strings.Join(append(slices.Clone(own), `"pos"`, `COUNT(*) AS "n"`), ", ") +
		` FROM "e" GROUP BY ` + strings.Join(append(own, `"pos"`), ", ")
	union := x(`(SELECT ` + strings.Join(pairs, ", ") + ` FROM (` + byPosition + `) AS "g" JOIN ` + crTable +
		` ON ` + col("cr", competencyrequirement.FieldPositionName) + ` = ` + col("g", "pos") +
		` UNION ALL SELECT ` + strings.Join(assessed, ", ") + ` FROM (` + assessedRows + `) AS "a") AS "r"`)
	var cte sql.Querier = sql.With("e").As(inner)
	if b.d.pg() {
		cte = notMaterialized(inner)
	}
	out := sql.Dialect(string(b.d)).Select().FromExpr(union).Prefix(cte)
	var group []string
	for i := range keys {
		k := "k" + lit(i)
		out.AppendSelectExprAs(x(col("r", k)), k)
		group = append(group, k)
	}
	out.AppendSelectExprAs(x(`CAST(SUM(`+col("r", "w")+`) AS BIGINT)`), "n")
	for j, m := range names {
		v := col("r", "v"+lit(j))
		e := `SUM(` + v + `)`
		if gapValues[m].agg == aggAvg {
			// The mean of integers as AVG(CAST(… AS DOUBLE PRECISION))
			// computed it: the sum and the count are whole numbers, exact
			// in a double, divided once.
			e = `(` + float(e) + ` / NULLIF(` + float(`SUM(`+col("r", "c"+lit(j))+`)`) + `, 0))`
		}
		out.AppendSelectExprAs(x(e), "a"+lit(j))
	}
	if len(group) > 0 {
		out.GroupBy(group...)
	}
	return out.Limit(MaxGroups + 1)
}

// notMaterialized is the CTE "e" AS NOT MATERIALIZED (s) (PostgreSQL 12+).
func notMaterialized(s *sql.Selector) sql.Querier {
	return sql.ExprFunc(func(bu *sql.Builder) {
		bu.WriteString(`WITH "e" AS NOT MATERIALIZED `)
		bu.Wrap(func(bu *sql.Builder) { bu.Join(s) })
	})
}

// TagTraining sets the competencies a training builds, replacing those it
// had. The access rules decide who may change the training (admins, and HR
// officers of the organising unit's subtree): FORBIDDEN otherwise. Errors:
// NOT_FOUND for a training the caller cannot see, BAD_USER_INPUT
// (competencyIDs) for a competency that does not exist.
func TagTraining(ctx context.Context, c *ent.Client, trainingID int, competencyIDs []int) (*ent.Training, error) {
	if ok, err := c.Training.Query().Where(training.ID(trainingID)).Exist(ctx); err != nil || !ok {
		if err != nil {
			return nil, fmt.Errorf("tag training %d: %w", trainingID, err)
		}
		return nil, apperr.NotFoundf("training %d does not exist", trainingID)
	}
	if len(competencyIDs) > 0 {
		n, err := c.Competency.Query().Where(competency.IDIn(competencyIDs...)).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("tag training %d: %w", trainingID, err)
		}
		if n != len(unique(competencyIDs)) {
			return nil, apperr.Invalid("competencyIDs", "some of the competencies do not exist")
		}
	}
	t, err := c.Training.UpdateOneID(trainingID).ClearCompetencies().AddCompetencyIDs(unique(competencyIDs)...).Save(ctx)
	if err != nil {
		return nil, wrap(fmt.Sprintf("tag training %d", trainingID), err)
	}
	return t, nil
}

func unique(ids []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
