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
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if groupBy == nil {
		groupBy = DefaultCompetencyGroupBy
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

// gapValue is a competency-gap measure: its SQL aggregate, and its value
// on the two kinds of row gapSummarySQL groups.
type gapValue struct {
	agg aggKind
	// pairs is the value on a row standing for "g"."n" unassessed
	// requirement pairs; assessed the value on a row of one assessed pair.
	pairs, assessed string
}

// gapValues are the competency-gap measures. A row of pairs counts them
// all as unassessed; each assessed pair takes one back.
var gapValues = map[Measure]gapValue{
	cgAssessed:   {aggSum, `0`, when(assessed + ` IS NOT NULL`)},
	cgMet:        {aggSum, `0`, when(assessed + ` >= ` + required)},
	cgGaps:       {aggSum, `0`, when(assessed + ` < ` + required)},
	cgUnassessed: {aggSum, col("g", "n"), `(CASE WHEN ` + assessed + ` IS NULL THEN 0 ELSE -1 END)`},
	cgEmployees:  {aggDistinct, `NULL`, `(CASE WHEN ` + assessed + ` < ` + required + ` THEN ` + col("ca", "eid") + ` END)`},
	cgAverage: {aggAvg, `NULL`, `(CASE WHEN ` + assessed + ` IS NULL THEN NULL WHEN ` + assessed + ` < ` + required +
		` THEN ` + required + ` - ` + assessed + ` ELSE 0 END)`},
}

// gapSummarySQL is the grouped query of CompetencyGapSummaries. Joining
// every employee to each requirement of their position (about seven pairs
// an employee) and each pair to the latest assessments cost most of the
// query, so it aggregates before it joins. It groups two kinds of row:
//   - the requirement pairs, counted from the employees per group and
//     position ("g"."n") joined to the position's requirements: one row
//     per group, position and required competency;
//   - the assessed pairs: the latest assessments of a competency the
//     employee's position requires, one row each.
//
// The pair count n sums "w" over both; every measure comes from the
// assessed rows except UNASSESSED, which counts all pairs and takes the
// assessed ones back. The records (the employees with every predicate on
// them, the access rules' included) are written once, as the CTE "e".
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
	cols := func(alias string) []string {
		var cs []string
		for i, k := range keys {
			if k.d == Competency {
				cs = append(cs, comp+` AS `+ident("k"+lit(i)))
			} else {
				cs = append(cs, col(alias, "k"+lit(i))+` AS `+ident("k"+lit(i)))
			}
		}
		return cs
	}
	pairs, assessedRows := cols("g"), cols("ca")
	pairs = append(pairs, col("g", "n")+` AS "w"`)
	assessedRows = append(assessedRows, `0`)
	for j, m := range names {
		v := gapValues[m]
		pairs = append(pairs, v.pairs+` AS `+ident("v"+lit(j)))
		assessedRows = append(assessedRows, v.assessed)
	}
	byPosition := `SELECT ` + strings.Join(append(slices.Clone(own), `"pos"`, `COUNT(*) AS "n"`), ", ") +
		` FROM "e" GROUP BY ` + strings.Join(append(own, `"pos"`), ", ")
	crTable := ident(competencyrequirement.Table) + ` AS "cr"`
	pairCols := []string{col("e", "eid"), col("e", "pos"), col("ca", currentcompetency.FieldCompetencyID), col("ca", currentcompetency.FieldLevel)}
	for _, k := range own {
		pairCols = append(pairCols, `"e".`+k)
	}
	assessedPairs := `SELECT ` + strings.Join(pairCols, ", ") + ` FROM "e" JOIN ` + ident(currentcompetency.Table) + ` AS "ca" ON ` +
		col("ca", currentcompetency.FieldEmployeeID) + ` = ` + col("e", "eid")
	union := x(`(SELECT ` + strings.Join(pairs, ", ") + ` FROM (` + byPosition + `) AS "g" JOIN ` + crTable +
		` ON ` + col("cr", competencyrequirement.FieldPositionName) + ` = ` + col("g", "pos") +
		` UNION ALL SELECT ` + strings.Join(assessedRows, ", ") + ` FROM (` + assessedPairs + `) AS "ca" JOIN ` + crTable +
		` ON ` + col("cr", competencyrequirement.FieldPositionName) + ` = ` + col("ca", "pos") +
		` AND ` + comp + ` = ` + col("ca", currentcompetency.FieldCompetencyID) + `) AS "r"`)
	out := sql.Dialect(string(b.d)).Select().FromExpr(union).Prefix(sql.With("e").As(inner))
	var group []string
	for i := range keys {
		k := "k" + lit(i)
		out.AppendSelectExprAs(x(col("r", k)), k)
		group = append(group, k)
	}
	out.AppendSelectExprAs(x(`CAST(SUM(`+col("r", "w")+`) AS BIGINT)`), "n")
	byCompetency := slices.ContainsFunc(keys, func(k dim) bool { return k.d == Competency })
	for j, m := range names {
		agg := gapValues[m].agg
		if agg == aggDistinct && byCompetency {
			// Within a competency an employee has one pair at most (one
			// requirement per position and competency, one latest
			// assessment): counting the rows counts the employees, and
			// leaves PostgreSQL free to group by hashing, not sorting.
			agg = aggCount
		}
		out.AppendSelectExprAs(x(aggregateExpr(b.d, measure{agg: agg}, j)), "a"+lit(j))
	}
	if len(group) > 0 {
		out.GroupBy(group...)
	}
	return out.Limit(MaxGroups + 1)
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
