package analytics

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/formation"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/apperr"
	"simasn/internal/orgtree"
)

// inService are the employee statuses that hold a position (bezetting):
// active and on leave.
var inService = []employee.Status{employee.StatusACTIVE, employee.StatusON_LEAVE}

// GapFilter narrows a workforce gap report. Every condition given must
// hold, for the needs (formasi) and the staff alike.
type GapFilter struct {
	// ProfessionGroups keeps these profession groups.
	ProfessionGroups []employee.ProfessionGroup
	// PositionTypes keeps these position types.
	PositionTypes []employee.PositionType
	// RegionIDs keeps units in these regions.
	RegionIDs []int
	// Remote keeps units in remote (true) or other (false) regions.
	Remote *bool
	// UnitID keeps this unit and every unit below it.
	UnitID *int
}

// Gap compares the needed head-count (formasi) of a group of positions
// with the staff who fill them (bezetting).
type Gap struct {
	// Key holds the group's value of each group-by dimension.
	Key []Key
	// Needed is the needed head-count of the year.
	Needed int
	// Filled is the staff in service (active or on leave) in these
	// positions now.
	Filled int
	// Gap is Needed − Filled: positive when short, negative when over.
	Gap int
	// Shortage adds up the positions short of staff (needed − filled where
	// positive), so that an excess in one unit does not hide a shortage in
	// another.
	Shortage int
	// Excess adds up the staff over need, including positions with staff
	// and no formasi.
	Excess int
	// FillRate is Filled ÷ Needed; nil when nothing is needed.
	FillRate *float64
}

// Gap measures (internal names).
const (
	gapNeeded   Measure = "NEEDED"
	gapFilled   Measure = "FILLED"
	gapShortage Measure = "SHORTAGE"
	gapExcess   Measure = "EXCESS"
)

// WorkforceGaps compares, per group, the head-count needed in year
// (formasi) with the staff now in service in the same unit and position,
// position by position: a position (unit and position title) counts its
// shortage or its excess, and positions filled without formasi count as
// excess. Group by UNIT (rolled up with unitLevel), REGION, REMOTE,
// PROFESSION, POSITION_TYPE or POSITION; by default REGION and PROFESSION.
// Rows come with the largest shortage first. One SQL statement; the staff
// side obeys the access rules, the needs side is limited to the same
// subtree for HR officers and leaders.
func WorkforceGaps(ctx context.Context, c *ent.Client, year int, filterArg *GapFilter, groupBy []Dimension, unitLevel *int, now time.Time) ([]*Gap, error) {
	v, err := authorize(ctx)
	if err != nil {
		return nil, err
	}
	var filter GapFilter
	if filterArg != nil {
		filter = *filterArg
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalid("year", "year %d is out of range", year)
	}
	if groupBy == nil {
		groupBy = DefaultGapGroupBy
	}
	for _, d := range groupBy {
		switch d {
		case Unit, Region, Remote, Profession, PositionType, Position:
		default:
			return nil, apperr.Invalid("groupBy", "a workforce gap groups by UNIT, REGION, REMOTE, PROFESSION, POSITION_TYPE or POSITION, not %s", d)
		}
	}
	var subtree unitCond
	if filter.UnitID != nil {
		p, err := orgtree.Subtree(ctx, c, *filter.UnitID)
		if err != nil {
			return nil, err
		}
		subtree = unitCond(p)
	}
	staff := c.Employee.Query().Where(employee.StatusIn(inService...))
	needs := scope(v)
	w := func(f string) string { return col("w", f) }
	src := &source{
		name: "workforce needs",
		scan: func(ctx context.Context, finish func(*sql.Selector), v any) error {
			return staff.Order(finish).Select().Scan(ctx, v)
		},
		prepare: func(b *build, records *sql.Selector) *sql.Selector {
			return b.gapRows(records, year, needs, filter, subtree)
		},
		unit: func(b *build) string { return w(formation.FieldUnitID) },
		own: map[Dimension]ownDim{
			Profession:   {func(*build) string { return w(formation.FieldProfessionGroup) }, kindPlain},
			PositionType: {func(*build) string { return w(formation.FieldPositionType) }, kindPlain},
			Position:     {func(*build) string { return w(formation.FieldPositionName) }, kindPlain},
		},
		measures: map[Measure]measure{
			gapNeeded: sum(text(func(*build) string { return w("needed") })),
			gapFilled: sum(text(func(*build) string { return w("filled") })),
			gapShortage: sum(text(func(*build) string {
				return `(CASE WHEN ` + w("needed") + ` > ` + w("filled") + ` THEN ` + w("needed") + ` - ` + w("filled") + ` ELSE 0 END)`
			})),
			gapExcess: sum(text(func(*build) string {
				return `(CASE WHEN ` + w("filled") + ` > ` + w("needed") + ` THEN ` + w("filled") + ` - ` + w("needed") + ` ELSE 0 END)`
			})),
		},
	}
	groups, err := (&query{src: src, groupBy: groupBy, level: unitLevel, now: now,
		measures: []Measure{gapNeeded, gapFilled, gapShortage, gapExcess}}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	gaps := make([]*Gap, 0, len(groups))
	for _, g := range groups {
		if g.Count == 0 {
			continue
		}
		r := &Gap{Key: g.Key, Needed: intOf(g.Values[0].Value), Filled: intOf(g.Values[1].Value),
			Shortage: intOf(g.Values[2].Value), Excess: intOf(g.Values[3].Value)}
		r.Gap = r.Needed - r.Filled
		if r.Needed > 0 {
			f := float64(r.Filled) / float64(r.Needed)
			r.FillRate = &f
		}
		gaps = append(gaps, r)
	}
	slices.SortStableFunc(gaps, func(a, b *Gap) int { return b.Shortage - a.Shortage })
	return gaps, nil
}

// unitCond is a condition on the units table.
type unitCond func(*sql.Selector)

// gapRows is one row per position — the formasi of year matched with the
// staff in service by unit and position title — filtered by the filter:
//
//	SELECT unit_id, position_name, position_type, profession_group, needed, filled
//	FROM (formasi of year) f FULL JOIN (staff per unit and position) s ON …
func (b *build) gapRows(staff *sql.Selector, year int, needsScope func(*sql.Selector), filter GapFilter, subtree unitCond) *sql.Selector {
	d := string(b.d)
	staff.Select().SetDistinct(false)
	staff.AppendSelectExprAs(x(staff.C(employee.FieldUnitID)), "unit_id").
		AppendSelectExprAs(x(staff.C(employee.FieldPositionName)), "position_name").
		AppendSelectExprAs(x(`MIN(`+staff.C(employee.FieldPositionType)+`)`), "position_type").
		AppendSelectExprAs(x(`MIN(`+staff.C(employee.FieldProfessionGroup)+`)`), "profession_group").
		AppendSelectExprAs(x(`COUNT(*)`), "filled")
	staff.GroupBy(staff.C(employee.FieldUnitID), staff.C(employee.FieldPositionName)).ClearOrder()

	ft := sql.Table(formation.Table).As("f0")
	needs := sql.Dialect(d).Select(ft.C(formation.FieldUnitID), ft.C(formation.FieldPositionName), ft.C(formation.FieldPositionType),
		ft.C(formation.FieldProfessionGroup), ft.C(formation.FieldNeeded)).From(ft).Where(sql.EQ(ft.C(formation.FieldYear), year))
	if needsScope != nil {
		units := sql.Dialect(d).Select(unit.FieldID).From(sql.Table(unit.Table))
		needsScope(units)
		needs.Where(sql.In(ft.C(formation.FieldUnitID), units))
	}

	f, s := func(c string) string { return col("f", c) }, func(c string) string { return col("s", c) }
	joined := sql.Dialect(d).Select().From(needs.As("f"))
	joined.FullJoin(staff.As("s")).OnP(on(s("unit_id") + ` = ` + f(formation.FieldUnitID) + ` AND ` + s("position_name") + ` = ` + f(formation.FieldPositionName)))
	for _, c := range []string{formation.FieldUnitID, formation.FieldPositionName, formation.FieldPositionType, formation.FieldProfessionGroup} {
		joined.AppendSelectExprAs(x(`COALESCE(`+f(c)+`, `+s(c)+`)`), c)
	}
	joined.AppendSelectExprAs(x(`COALESCE(`+f(formation.FieldNeeded)+`, 0)`), "needed").
		AppendSelectExprAs(x(`COALESCE(`+s("filled")+`, 0)`), "filled")

	rows := sql.Dialect(d).Select().From(joined.As("w"))
	w := func(c string) string { return col("w", c) }
	if len(filter.ProfessionGroups) > 0 {
		rows.Where(on(inList(w(formation.FieldProfessionGroup), filter.ProfessionGroups...)))
	}
	if len(filter.PositionTypes) > 0 {
		rows.Where(on(inList(w(formation.FieldPositionType), filter.PositionTypes...)))
	}
	if len(filter.RegionIDs) > 0 || filter.Remote != nil || subtree != nil {
		units := sql.Dialect(d).Select(sql.Table(unit.Table).C(unit.FieldID)).From(sql.Table(unit.Table))
		if subtree != nil {
			subtree(units)
		}
		if len(filter.RegionIDs) > 0 {
			units.Where(sql.InInts(units.C(unit.FieldRegionID), filter.RegionIDs...))
		}
		if filter.Remote != nil {
			regions := sql.Dialect(d).Select(region.FieldID).From(sql.Table(region.Table)).Where(sql.EQ(region.FieldRemote, *filter.Remote))
			units.Where(sql.In(units.C(unit.FieldRegionID), regions))
		}
		rows.Where(inQuery(w(formation.FieldUnitID), units))
	}
	return rows
}

func intOf(v *float64) int {
	if v == nil {
		return 0
	}
	return int(*v + 0.5)
}

// RetirementAges are the retirement ages (batas usia pensiun, BUP) by
// position: UU 20/2023 on the civil service and PP 11/2017 as amended. The
// age of a functional position's level wins over that of its type; any
// other position retires at Default.
type RetirementAges struct {
	// Default applies to positions not listed: 58 (administrator,
	// pengawas, pelaksana, functional ahli pertama and ahli muda, and every
	// functional keterampilan level).
	Default int
	// ByPositionType: 60 for the senior executives (JPT utama, madya,
	// pratama).
	ByPositionType map[employee.PositionType]int
	// ByPositionLevel: 60 for ahli madya, 65 for ahli utama.
	ByPositionLevel map[employee.PositionLevel]int
}

// DefaultRetirementAges returns the retirement ages of the current rules.
func DefaultRetirementAges() RetirementAges {
	return RetirementAges{
		Default: 58,
		ByPositionType: map[employee.PositionType]int{
			employee.PositionTypeJPT_UTAMA: 60, employee.PositionTypeJPT_MADYA: 60, employee.PositionTypeJPT_PRATAMA: 60,
		},
		ByPositionLevel: map[employee.PositionLevel]int{
			employee.PositionLevelAHLI_MADYA: 60, employee.PositionLevelAHLI_UTAMA: 65,
		},
	}
}

// For returns the retirement age of a position.
func (r RetirementAges) For(t employee.PositionType, level *employee.PositionLevel) int {
	if level != nil {
		if age, ok := r.ByPositionLevel[*level]; ok {
			return age
		}
	}
	if age, ok := r.ByPositionType[t]; ok {
		return age
	}
	return r.Default
}

func (r RetirementAges) validate() error {
	check := func(what string, age int) error {
		if age < 40 || age > 80 {
			return apperr.Invalid("ages", "a retirement age of %d for %s is not plausible (40–80)", age, what)
		}
		return nil
	}
	if err := check("the default", r.Default); err != nil {
		return err
	}
	for t, a := range r.ByPositionType {
		if err := check(string(t), a); err != nil {
			return err
		}
	}
	for l, a := range r.ByPositionLevel {
		if err := check(string(l), a); err != nil {
			return err
		}
	}
	return nil
}

// sql is the CASE expression of the retirement age of an employee row.
func (r RetirementAges) sql(typeCol, levelCol string) string {
	var b strings.Builder
	b.WriteString("(CASE")
	levels := make([]string, 0, len(r.ByPositionLevel))
	for l := range r.ByPositionLevel {
		levels = append(levels, string(l))
	}
	slices.Sort(levels)
	for _, l := range levels {
		fmt.Fprintf(&b, " WHEN %s = %s THEN %d", levelCol, str(l), r.ByPositionLevel[employee.PositionLevel(l)])
	}
	types := make([]string, 0, len(r.ByPositionType))
	for t := range r.ByPositionType {
		types = append(types, string(t))
	}
	slices.Sort(types)
	for _, t := range types {
		fmt.Fprintf(&b, " WHEN %s = %s THEN %d", typeCol, str(t), r.ByPositionType[employee.PositionType(t)])
	}
	fmt.Fprintf(&b, " ELSE %d END)", r.Default)
	return b.String()
}

// Retirements counts the employees of a group who reach their retirement
// age in a year.
type Retirements struct {
	// Year is the year they retire.
	Year int
	// Key holds the group's value of each group-by dimension.
	Key []Key
	// Retiring is how many retire that year.
	Retiring int
}

// RetirementYear returns the year an employee born on birth retires at
// age: the year they reach it (the pension starts on the first day of the
// next month).
func RetirementYear(birth time.Time, age int) int { return birth.UTC().Year() + age }

// DefaultProjectionYears is how far RetirementProjection looks by default.
const DefaultProjectionYears = 5

// RetirementProjection projects the retirements of the employees in service
// matching where over years years (by default 5) from now's year on, grouped by groupBy (by
// default POSITION_TYPE). An employee already past the retirement age but
// still in service counts in the first year. Employees without a birth date
// are not counted.
func RetirementProjection(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, yearsArg *int, ages RetirementAges, groupBy []Dimension, unitLevel *int, now time.Time) ([]*Retirements, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	years := DefaultProjectionYears
	if yearsArg != nil {
		years = *yearsArg
	}
	if years < 1 || years > 40 {
		return nil, apperr.Invalid("years", "project 1 to 40 years ahead, not %d", years)
	}
	if err := ages.validate(); err != nil {
		return nil, err
	}
	if groupBy == nil {
		groupBy = DefaultRetirementGroupBy
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	first, last := now.UTC().Year(), now.UTC().Year()+years-1
	// The birth year through date_part (dia.year), not to_char's yyyymmdd
	// divided by 10,000: the same UTC year, and three of them per employee
	// cost 66–98 → 49–73 ms of backend CPU over the 100,000 employees.
	retYear := func(d dia, c func(string) string) string {
		return `(` + d.year(c(employee.FieldBirthDate), 0) + ` + ` + ages.sql(c(employee.FieldPositionType), c(employee.FieldPositionLevel)) + `)`
	}
	q.Where(employee.StatusIn(inService...), employee.BirthDateNotNil(), func(s *sql.Selector) {
		s.Where(sql.ExprP(retYear(dia(s.Dialect()), s.C) + ` <= ` + lit(last)))
	})
	src := employeeSource(q)
	groups, err := (&query{src: src, groupBy: groupBy, level: unitLevel, now: now,
		extraKeys: func(b *build) []dim {
			y := retYear(b.d, b.C)
			return []dim{{Year, `(CASE WHEN ` + y + ` < ` + lit(first) + ` THEN ` + lit(first) + ` ELSE ` + y + ` END)`, kindPlain}}
		}}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]*Retirements, 0, len(groups))
	for _, g := range groups {
		if g.Count == 0 || g.Key[0].Value == nil {
			continue
		}
		y, err := strconv.Atoi(*g.Key[0].Value)
		if err != nil {
			return nil, fmt.Errorf("retirement projection: year %q: %w", *g.Key[0].Value, err)
		}
		out = append(out, &Retirements{Year: y, Key: g.Key[1:], Retiring: g.Count})
	}
	return out, nil
}

// RetirementAgesInput overrides some of the default retirement ages, for a
// projection under other rules.
type RetirementAgesInput struct {
	// Default replaces the default age, when set.
	Default *int
	// ByPositionType sets the age of these position types.
	ByPositionType []*PositionTypeAge
	// ByPositionLevel sets the age of these functional levels.
	ByPositionLevel []*PositionLevelAge
}

// PositionTypeAge is the retirement age of a position type.
type PositionTypeAge struct {
	PositionType employee.PositionType
	Age          int
}

// PositionLevelAge is the retirement age of a functional level.
type PositionLevelAge struct {
	PositionLevel employee.PositionLevel
	Age           int
}

// Ages returns the default retirement ages with in's overrides (in may be
// nil).
func (in *RetirementAgesInput) Ages() RetirementAges {
	a := DefaultRetirementAges()
	if in == nil {
		return a
	}
	if in.Default != nil {
		a.Default = *in.Default
	}
	for _, t := range in.ByPositionType {
		a.ByPositionType[t.PositionType] = t.Age
	}
	for _, l := range in.ByPositionLevel {
		a.ByPositionLevel[l.PositionLevel] = l.Age
	}
	return a
}
