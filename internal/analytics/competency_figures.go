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

// restrict limits s to the rows of the figures whose unit (column
// unitID) is in the scope: the Employee rule's subtree
// (access.EmployeeScope), by its own predicate on the units.
func (sc *figuresScope) restrict(s *sql.Selector, unitID string) {
	if sc.all {
		return
	}
	units := sql.Dialect(s.Dialect()).Select(unit.FieldID).From(sql.Table(unit.Table))
	orgtree.Under(sc.path)(units)
	s.Where(sql.In(unitID, units))
}

// figuresFrom is the FROM clause of a statement on figures kept per unit,
// the figures' rows as "f" with their unit in "f"."unit_id", and the
// relations its unit keys join once each.
type figuresFrom struct {
	from   string
	joined map[string]bool
	d      dia
	level  *int // the unit level of the Unit key, nil for the own unit
	depth  int  // the deepest level of the unit tree
}

func newFiguresFrom(d dia, from string, level *int, depth int) *figuresFrom {
	return &figuresFrom{from: from, joined: map[string]bool{}, d: d, level: level, depth: depth}
}

// join adds the relation text as alias, once.
func (ff *figuresFrom) join(alias, text string) {
	if !ff.joined[alias] {
		ff.joined[alias] = true
		ff.from += ` LEFT JOIN ` + text
	}
}

// unitKey is the expression and kind of a key of the figures' unit, as
// query.run computes it: the unit itself or its ancestor at the level
// (through the same ancestor rows), its region or the region's remote
// flag; ok is false for another dimension.
func (ff *figuresFrom) unitKey(d Dimension) (expr string, kind keyKind, ok bool) {
	u0 := func() {
		ff.join("u0", ident(unit.Table)+` AS "u0" ON `+col("u0", unit.FieldID)+` = `+col("f", "unit_id"))
	}
	switch d {
	case Unit:
		if ff.level == nil {
			return col("f", "unit_id"), kindUnit, true
		}
		ff.join("ur", ancestorRows(ff.d, *ff.level, ff.depth)+` AS "ur" ON `+col("ur", "id")+` = `+col("f", "unit_id"))
		// Every ancestor lies at the level or above it (as in
		// build.unitKey): saying so tells PostgreSQL how few groups there
		// are (10 agencies, not 1,615 units), and it then hashes the rows
		// into them instead of sorting them (the employees' figures by
		// agency × position type: 56 → 41 ms).
		ff.join("ua", ident(unit.Table)+` AS "ua" ON `+col("ua", unit.FieldID)+` = `+col("ur", "anc")+
			` AND `+col("ua", unit.FieldDepth)+` <= `+lit(*ff.level))
		return col("ua", unit.FieldID), kindUnit, true
	case Region:
		u0()
		return col("u0", unit.FieldRegionID), kindRegion, true
	case Remote:
		u0()
		ff.join("rg", ident(region.Table)+` AS "rg" ON `+col("rg", region.FieldID)+` = `+col("u0", unit.FieldRegionID))
		return col("rg", region.FieldRemote), kindBool, true
	}
	return "", 0, false
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
	ff := newFiguresFrom(b.d, from, b.level, b.depth)
	out := sql.Dialect(string(b.d)).Select()
	var group []string
	for i, k := range keys {
		e, _, ok := ff.unitKey(k.d)
		switch {
		case ok:
		case k.d == Status:
			e = f("status")
		case k.d == Competency:
			e = f("competency_id")
		}
		out.AppendSelectExprAs(x(e), "k"+lit(i))
		group = append(group, e)
	}
	out.FromExpr(x(ff.from))
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
	sc.restrict(out, f("unit_id"))
	if len(group) > 0 {
		out.GroupBy(group...)
	}
	out.Having(on(`SUM(` + f("requirements") + `) > 0`))
	return out.Limit(MaxGroups + 1)
}
