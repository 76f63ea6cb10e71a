package analytics

import (
	"context"
	"slices"
	"strings"

	"simasn/ent"
	"simasn/internal/access"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// Figures kept by the writers: on PostgreSQL, statement-level triggers on
// the work logs (and on the employees, for a change of profession group)
// keep in the writer's own transaction
//
//   - figures_work_logs: the number of logs per profession group of the
//     log's employee, calendar month of the log (ym, yyyymm of its date in
//     UTC: the MONTH key) and minutes — a histogram of the minutes;
//   - figures_work_log_people: the number of logs per employee and month,
//     with the employee's profession group, for the distinct employees
//
// (migration 20261130190000_figures_work_logs). A work-log aggregate that
// they answer exactly — no where input, a viewer who sees every work log,
// groups of the year, quarter, month and profession group only, and the
// minutes' measures and the distinct employees — is read from them: a few
// thousand rows in place of the join of every log with its employee.
// Anything else runs the aggregate's statement (query.run).

// workLogFigureKeys are the keys of the work-log figures' rows per
// dimension, over their columns "ym" and "profession_group".
var workLogFigureKeys = map[Dimension]struct {
	expr string
	kind keyKind
}{
	Year:       {`("ym" / 100)`, kindPlain},
	Quarter:    {`(("ym" / 100) * 10 + ("ym" % 100 + 2) / 3)`, kindQuarter},
	Month:      {`"ym"`, kindMonth},
	Profession: {`"profession_group"`, kindPlain},
}

// workLogFigureMeasures are the work-log measures the figures give.
var workLogFigureMeasures = map[Measure]bool{
	Employees: true, TotalMinutes: true, AverageMinutes: true, MedianMinutes: true, P90Minutes: true, MaxMinutes: true,
}

// workLogFigures answers the work-log aggregate from the figures when they
// can (ok); otherwise the caller runs the aggregate's statement. The
// groups are those query.run returns, before disclosure.
func workLogFigures(ctx context.Context, c *ent.Client, where *ent.WorkLogWhereInput, spec Spec) (groups []*Group, ok bool, err error) {
	measures := orDefault(spec.Measures, DefaultWorkLogMeasures)
	if where != nil || checkShape(spec.GroupBy, len(measures), spec.UnitLevel) != nil ||
		checkSources(ctx, spec.GroupBy, measures) != nil {
		return nil, false, nil
	}
	if _, all := access.RowFilter(ctx, "WorkLog"); !all {
		return nil, false, nil
	}
	var keys []dim
	for _, d := range spec.GroupBy {
		k, found := workLogFigureKeys[d]
		if !found {
			return nil, false, nil
		}
		keys = append(keys, dim{d, k.expr, k.kind})
	}
	for _, m := range measures {
		if !workLogFigureMeasures[m] {
			return nil, false, nil
		}
	}
	var rows []scanRow
	scan := func(build func() *sql.Selector, v any) (bool, error) {
		return onPostgres(func(o func(*sql.Selector)) error { return c.WorkLog.Query().Order(o).Select().Scan(ctx, v) }, build)
	}
	pg, err := scan(func() *sql.Selector { return minutesFromFigures(keys, measures) }, &rows)
	if err != nil {
		return nil, false, wrap("aggregate work logs", err)
	}
	if !pg {
		return nil, false, nil
	}
	var people []scanRow
	if slices.Contains(measures, Employees) {
		if _, err := scan(func() *sql.Selector { return peopleFromFigures(keys) }, &people); err != nil {
			return nil, false, wrap("aggregate work logs", err)
		}
	}
	employees := map[string]*float64{}
	for i := range people {
		employees[keyString(people[i].keys()[:len(keys)])] = people[i].A0
	}
	if len(rows) > MaxGroups {
		return nil, false, nil // query.run refuses it, with its message
	}
	groups = groupsOf(rows, keys, measures)
	for i, g := range groups {
		for j, m := range measures {
			if m == Employees {
				v := employees[keyString(rows[i].keys()[:len(keys)])]
				if v == nil {
					zero := 0.0
					v = &zero
				}
				g.Values[j].Value = v
			}
		}
	}
	sortGroups(groups, keys)
	if err := label(ctx, c, groups, keys); err != nil {
		return nil, false, err
	}
	return groups, true, nil
}

// minutesFromFigures is the grouped query of figures_work_logs: the count
// and the minutes' measures (Employees is left NULL: peopleFromFigures),
// computed as histogramSQL computes them from a histogram, the sums and
// the mean in the same numeric arithmetic as SUM and AVG of the minutes.
func minutesFromFigures(keys []dim, measures []Measure) *sql.Selector {
	d := dialect.Postgres
	h := sql.Dialect(d).Select()
	var group, partition, outKeys []string
	for i, k := range keys {
		name := "k" + lit(i)
		h.AppendSelectExprAs(x(k.expr), name)
		group = append(group, k.expr)
		partition = append(partition, col("h", name))
		outKeys = append(outKeys, name)
	}
	h.AppendSelectExprAs(x(`"minutes"`), "p")
	h.AppendSelectExprAs(x(`SUM("n")`), "n")
	h.From(sql.Table("figures_work_logs")).Where(sql.ExprP(`"n" <> 0`)).GroupBy(append(group, `"minutes"`)...)
	out := fromHistogram(d, h, partition, countedValues, outKeys)
	out.AppendSelectExprAs(x(`CAST(SUM("w"."n") AS BIGINT)`), "n")
	for j, m := range measures {
		var e string
		switch m {
		case TotalMinutes:
			e = `SUM("w"."p" * "w"."n")`
		case AverageMinutes:
			e = `(SUM("w"."p" * "w"."n") / NULLIF(SUM("w"."n"), 0))`
		case MaxMinutes:
			e = `MAX("w"."p")`
		case MedianMinutes:
			e = histogramPercentile(median(nil))
		case P90Minutes:
			e = histogramPercentile(p90(nil))
		default: // Employees: peopleFromFigures
			e = `NULL`
		}
		out.AppendSelectExprAs(x(e), "a"+lit(j))
	}
	if len(outKeys) > 0 {
		out.GroupBy(outKeys...)
	}
	return out.Limit(MaxGroups + 1)
}

// peopleFromFigures counts the distinct employees with logs per group
// (column a0) from figures_work_log_people.
func peopleFromFigures(keys []dim) *sql.Selector {
	s := sql.Dialect(dialect.Postgres).Select()
	var group []string
	for i, k := range keys {
		s.AppendSelectExprAs(x(k.expr), "k"+lit(i))
		group = append(group, k.expr)
	}
	s.AppendSelectExprAs(x(`COUNT(DISTINCT "employee_id")`), "a0")
	s.From(sql.Table("figures_work_log_people")).Where(sql.ExprP(`"n" > 0`))
	if len(group) > 0 {
		s.GroupBy(group...)
	}
	return s
}

// keyString joins a group's raw key values into one map key.
func keyString(ks []*string) string {
	var b strings.Builder
	for _, k := range ks {
		if k == nil {
			b.WriteString("\x01")
		} else {
			b.WriteString(*k)
		}
		b.WriteString("\x00")
	}
	return b.String()
}

// appraisalFigureKeys are the keys of figures_appraisals' rows ("f") per
// dimension besides the unit and the calendar's.
var appraisalFigureKeys = map[Dimension]string{
	PeriodKind: `"f"."period_kind"`,
	Period:     `"f"."period"`,
	Status:     `"f"."status"`,
	Predicate:  `NULLIF("f"."predicate", '')`,
}

// appraisalFigures answers the predicate distribution from
// figures_appraisals (the number of appraisals per unit of the appraisee,
// period, status and predicate) when it can (ok): no where input, a
// viewer who sees every appraisal, and groups of the unit (rolled up or
// not), calendar, period kind, period, status and predicate. The groups
// are those query.run returns for the measures RATED and the count of
// each predicate, before disclosure.
func appraisalFigures(ctx context.Context, c *ent.Client, where *ent.AppraisalWhereInput, groupBy []Dimension, level *int, measures []Measure) (groups []*Group, ok bool, err error) {
	if where != nil || checkShape(groupBy, len(measures), level) != nil || checkSources(ctx, groupBy, measures) != nil {
		return nil, false, nil
	}
	if _, all := access.RowFilter(ctx, "Appraisal"); !all {
		return nil, false, nil
	}
	from := `"figures_appraisals" AS "f"`
	var keys []dim
	for _, d := range groupBy {
		switch {
		case d == Unit && level == nil:
			keys = append(keys, dim{d, `"f"."unit_id"`, kindUnit})
		case d == Unit:
			depth, err := maxDepth(ctx, c)
			if err != nil {
				return nil, false, err
			}
			from += ` LEFT JOIN ` + ancestorRows(dia(dialect.Postgres), *level, depth) + ` AS "ur" ON "ur"."id" = "f"."unit_id"`
			keys = append(keys, dim{d, `"ur"."anc"`, kindUnit})
		case isPeriod(d):
			y, m := dia(dialect.Postgres).year(`"f"."period_start"`, 0), dia(dialect.Postgres).month(`"f"."period_start"`, 0)
			e, kind, _ := calendarKey(d, y, m)
			keys = append(keys, dim{d, e, kind})
		case appraisalFigureKeys[d] != "":
			keys = append(keys, dim{d, appraisalFigureKeys[d], kindPlain})
		default:
			return nil, false, nil
		}
	}
	s := sql.Dialect(dialect.Postgres).Select()
	var group []string
	for i, k := range keys {
		s.AppendSelectExprAs(x(k.expr), "k"+lit(i))
		group = append(group, "k"+lit(i))
	}
	s.AppendSelectExprAs(x(`CAST(SUM("f"."n") AS BIGINT)`), "n")
	for j, m := range measures {
		cond := `"f"."predicate" <> ''`
		if m != Rated {
			p, found := strings.CutPrefix(string(m), "PREDICATE_")
			if !found {
				return nil, false, nil
			}
			cond = `"f"."predicate" = ` + str(p)
		}
		s.AppendSelectExprAs(x(`SUM(CASE WHEN `+cond+` THEN "f"."n" ELSE 0 END)`), "a"+lit(j))
	}
	s.FromExpr(x(from)).Where(sql.ExprP(`"f"."n" <> 0`))
	if len(group) > 0 {
		s.GroupBy(group...)
	}
	s.Limit(MaxGroups + 1)
	var rows []scanRow
	pg, err := onPostgres(func(o func(*sql.Selector)) error { return c.Appraisal.Query().Order(o).Select().Scan(ctx, &rows) },
		func() *sql.Selector { return s })
	if err != nil {
		return nil, false, wrap("aggregate appraisals", err)
	}
	if !pg || len(rows) > MaxGroups {
		return nil, false, nil
	}
	groups = groupsOf(rows, keys, measures)
	sortGroups(groups, keys)
	if err := label(ctx, c, groups, keys); err != nil {
		return nil, false, err
	}
	return groups, true, nil
}

// onPostgres runs the statement of a figures table that build returns
// through scan (an ent query of the entity counted, whose order function
// replaces its statement) and reports whether it ran: the figures are
// PostgreSQL's, and on another dialect the statement reads nothing (one
// row of nothing, no table) and the caller runs the aggregate's own.
func onPostgres(scan func(order func(*sql.Selector)) error, build func() *sql.Selector) (pg bool, err error) {
	pg = true
	err = scan(func(s *sql.Selector) {
		if !dia(s.Dialect()).pg() {
			pg = false
			*s = *sql.Dialect(s.Dialect()).Select().AppendSelectExprAs(x(`NULL`), "n").Where(sql.False())
			return
		}
		*s = *build()
	})
	return pg, err
}
