package analytics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/access"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// Figures kept by the writers (PostgreSQL only): the migration
// figures_competency_gaps keeps, in the writers' own transactions, per
// employee unit, status and competency the requirement pairs, the assessed
// ones, those below the required level and the sum of their shortfalls,
// and per unit and status the employees with a gap. A competency-gap
// summary that these can answer exactly — no where input, keys among the
// unit (rolled up or not), region, remote, status and competency, the
// viewer's rows a whole subtree or everything — reads them (a few
// thousand rows) instead of joining the 100,000 employees to their
// requirements and levels; any other request runs gapSummarySQL.

// figuresScope is the employees a summary from the figures counts: every
// one (all), or those of the units whose path starts with path.
type figuresScope struct {
	all  bool
	path string
}

// gapFigureKeys are the dimensions the competency-gap figures are kept by.
var gapFigureKeys = []Dimension{Unit, Region, Remote, Status, Competency}

// gapFigures returns the scope in which the figures answer a competency-gap
// summary asked by v with where and groupBy exactly, or nil: where must be
// empty, every key one of gapFigureKeys, and the viewer's rows a scope of
// figuresScopeOf.
func gapFigures(ctx context.Context, c *ent.Client, v *viewer.Viewer, where *ent.EmployeeWhereInput, groupBy []Dimension) (*figuresScope, error) {
	if where != nil && !isEmptyWhere(where) {
		return nil, nil
	}
	for _, d := range groupBy {
		if !slices.Contains(gapFigureKeys, d) {
			return nil, nil
		}
	}
	return figuresScopeOf(ctx, c, v, "competency gaps")
}

// figuresScopeOf returns the employees v may see (access.EmployeeScope) as
// a scope of figures kept per unit, or nil when they are not one: every
// employee, or a unit subtree (and the viewer, who must then work in it).
// what names the figures in an error.
func figuresScopeOf(ctx context.Context, c *ent.Client, v *viewer.Viewer, what string) (*figuresScope, error) {
	sc := access.EmployeeScope(v)
	switch {
	case sc.All:
		return &figuresScope{all: true}, nil
	case sc.UnitPath == "" || sc.Reports:
		return nil, nil
	}
	if sc.Self != 0 {
		// The rule adds the viewer's own record: the subtree alone is the
		// same rows only when the viewer works in it.
		u, err := c.Employee.Query().Where(employee.ID(sc.Self)).QueryUnit().Select(unit.FieldPath).Only(ctx)
		if ent.IsNotFound(err) {
			return &figuresScope{path: sc.UnitPath}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: the viewer's unit: %w", what, err)
		}
		if !strings.HasPrefix(u.Path, sc.UnitPath) {
			return nil, nil
		}
	}
	return &figuresScope{path: sc.UnitPath}, nil
}

// isEmptyWhere reports whether w filters nothing.
func isEmptyWhere(w *ent.EmployeeWhereInput) bool {
	_, err := w.P()
	return errors.Is(err, ent.ErrEmptyEmployeeWhereInput)
}

// gapFiguresSQL is the grouped query of CompetencyGapSummaries on the
// figures, with the columns of gapSummarySQL (k0…, n, a0…): the same keys
// (a unit rolled up through the same ancestor rows, a region or remote
// flag through the unit), the same measures computed from the kept sums
// (the mean gap as the sum of the shortfalls over the assessed pairs,
// divided once in double precision, as gapSummarySQL divides it). Grouped
// by COMPETENCY, the employees with a gap are the pairs below the level
// (an employee has one pair per competency); else they are read from the
// per-unit counts, added to the pairs' rows as rows of no pair.
func gapFiguresSQL(b *build, keys []dim, names []Measure, sc *figuresScope) *sql.Selector {
	byCompetency := slices.ContainsFunc(keys, func(k dim) bool { return k.d == Competency })
	from := `"figures_competency_gaps" AS "f"`
	if !byCompetency {
		from = `(SELECT "unit_id", "status", "competency_id", "requirements", "assessed", "gaps", "short", 0 AS "employees" FROM "figures_competency_gaps"` +
			` UNION ALL SELECT "unit_id", "status", NULL, 0, 0, 0, 0, "employees" FROM "figures_competency_gap_units") AS "f"`
	}
	f := func(c string) string { return col("f", c) }
	joined := map[string]bool{}
	join := func(alias, text string) {
		if !joined[alias] {
			joined[alias] = true
			from += ` LEFT JOIN ` + text
		}
	}
	u0 := func() {
		join("u0", ident(unit.Table)+` AS "u0" ON `+col("u0", unit.FieldID)+` = `+f("unit_id"))
	}
	out := sql.Dialect(string(b.d)).Select()
	var group []string
	for i, k := range keys {
		var e string
		switch k.d {
		case Unit:
			if b.level == nil {
				e = f("unit_id")
				break
			}
			join("ur", ancestorRows(b.d, *b.level, b.depth)+` AS "ur" ON `+col("ur", "id")+` = `+f("unit_id"))
			join("ua", ident(unit.Table)+` AS "ua" ON `+col("ua", unit.FieldID)+` = `+col("ur", "anc"))
			e = col("ua", unit.FieldID)
		case Region:
			u0()
			e = col("u0", unit.FieldRegionID)
		case Remote:
			u0()
			join("rg", ident(region.Table)+` AS "rg" ON `+col("rg", region.FieldID)+` = `+col("u0", unit.FieldRegionID))
			e = col("rg", region.FieldRemote)
		case Status:
			e = f("status")
		case Competency:
			e = f("competency_id")
		}
		out.AppendSelectExprAs(x(e), "k"+lit(i))
		group = append(group, e)
	}
	out.FromExpr(x(from))
	out.AppendSelectExprAs(x(`CAST(SUM(`+f("requirements")+`) AS BIGINT)`), "n")
	for j, m := range names {
		var e string
		switch m {
		case cgAssessed:
			e = `SUM(` + f("assessed") + `)`
		case cgMet:
			e = `SUM(` + f("assessed") + ` - ` + f("gaps") + `)`
		case cgGaps:
			e = `SUM(` + f("gaps") + `)`
		case cgUnassessed:
			e = `SUM(` + f("requirements") + ` - ` + f("assessed") + `)`
		case cgEmployees:
			e = `SUM(` + f("employees") + `)`
			if byCompetency {
				e = `SUM(` + f("gaps") + `)`
			}
		case cgAverage:
			e = `(` + float(`SUM(`+f("short")+`)`) + ` / NULLIF(` + float(`SUM(`+f("assessed")+`)`) + `, 0))`
		}
		out.AppendSelectExprAs(x(`CAST(`+e+` AS DOUBLE PRECISION)`), "a"+lit(j))
	}
	statuses := make([]string, len(inService))
	for i, s := range inService {
		statuses[i] = str(string(s))
	}
	out.Where(on(f("status") + ` IN (` + strings.Join(statuses, ", ") + `)`))
	if !sc.all {
		// The Employee rule's subtree (access.EmployeeScope), by its own
		// predicate on the units.
		units := sql.Dialect(string(b.d)).Select(unit.FieldID).From(sql.Table(unit.Table))
		orgtree.Under(sc.path)(units)
		out.Where(sql.In(f("unit_id"), units))
	}
	if len(group) > 0 {
		out.GroupBy(group...)
	}
	out.Having(on(`SUM(` + f("requirements") + `) > 0`))
	return out.Limit(MaxGroups + 1)
}
