package analytics

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/competency"
	"simasn/ent/employee"
	"simasn/ent/region"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/apperr"
	"simasn/internal/planhint"
)

// Key is a group's value of one dimension.
type Key struct {
	// Dimension is the dimension.
	Dimension Dimension
	// Value identifies the group: a unit's, region's, training's or
	// competency's ID, an enum value, a year ("2026"), quarter ("2026-Q1")
	// or month ("2026-03"), the lower bound of an age band ("25"), "true" or
	// "false". Nil when the records have none (a complaint without a unit,
	// an employee without a birth date).
	Value *string
	// Label names the value for people: a unit's or region's name, a
	// training's title, an age band ("25–29"); else the value itself.
	Label *string
}

// MeasureValue is the value of one measure for a group.
type MeasureValue struct {
	// Measure is the measure.
	Measure Measure
	// Value is nil when no record of the group has a value to measure
	// (the median score of a group without scores).
	Value *float64
}

// Group is one row of an aggregate: the records sharing a value of every
// group-by dimension.
type Group struct {
	// Key holds the group's value of each group-by dimension, in the order
	// asked.
	Key []Key
	// Count is the number of records in the group.
	Count int
	// Values holds the measures, in the order asked.
	Values []MeasureValue
	// Suppressed marks a group hidden by disclosure control: its count
	// and measures are not shown (see disclose).
	Suppressed bool
}

// Spec says how to aggregate.
type Spec struct {
	// GroupBy lists the dimensions to group by; none gives one group of all
	// records.
	GroupBy []Dimension
	// UnitLevel rolls the Unit dimension up to the units at this depth of
	// the tree (0: top-level agencies); units above it stay themselves.
	// Nil groups by each record's own unit.
	UnitLevel *int
	// Measures lists the measures to compute besides the count.
	Measures []Measure
}

// keyKind says how a key's raw value becomes a Key.
type keyKind int

const (
	kindPlain keyKind = iota
	kindUnit
	kindRegion
	kindTraining
	kindCompetency
	kindBool
	kindQuarter
	kindMonth
	kindAgeBand
)

// aggKind is how a measure's row values are aggregated.
type aggKind int

const (
	aggSum      aggKind = iota
	aggAvg              // mean
	aggMin              // minimum
	aggMax              // maximum
	aggShare            // mean of a 0/1 value: a share between 0 and 1
	aggDistinct         // number of distinct values
	aggCount            // number of values (not NULL)
	aggPct              // percentile num/den, interpolated as percentile_cont
)

// measure is how one measure is computed: a value per record, aggregated.
type measure struct {
	agg      aggKind
	num, den int // percentile num/den, for aggPct
	value    func(b *build) sql.Querier
	// whole marks values that are whole numbers (ages, years, 0/1 shares):
	// a histogram sums them as integers, exactly (histogramSQL).
	whole bool
	// present, when set, returns an expression that is NULL exactly when
	// the value is (the date an age is counted from), counted for a mean
	// in place of the value; "" when the value is never NULL.
	present func(b *build) string
}

func sum(v func(*build) sql.Querier) measure     { return measure{agg: aggSum, value: v} }
func avg(v func(*build) sql.Querier) measure     { return measure{agg: aggAvg, value: v} }
func minimum(v func(*build) sql.Querier) measure { return measure{agg: aggMin, value: v} }
func maximum(v func(*build) sql.Querier) measure { return measure{agg: aggMax, value: v} }
func share(v func(*build) sql.Querier) measure   { return measure{agg: aggShare, value: v} }
func distinct(v func(*build) sql.Querier) measure {
	return measure{agg: aggDistinct, value: v}
}
func median(v func(*build) sql.Querier) measure {
	return measure{agg: aggPct, num: 1, den: 2, value: v}
}
func p90(v func(*build) sql.Querier) measure { return measure{agg: aggPct, num: 9, den: 10, value: v} }

// text wraps SQL text without arguments as a record value.
func text(f func(b *build) string) func(*build) sql.Querier {
	return func(b *build) sql.Querier { return x(f(b)) }
}

// ownDim is a dimension a kind of record has of itself.
type ownDim struct {
	expr func(b *build) string
	kind keyKind
}

// source describes a kind of record to aggregate: how to run a query on it
// with the access rules applied, and how to reach the employee, unit,
// region and date each record has.
type source struct {
	// name is the records' name in messages, e.g. "work logs".
	name string
	// scan runs the records' ent query — filtered by the access rules and
	// the caller's where input — with finish applied to its SQL once every
	// predicate is on it, and scans the rows into v.
	scan func(ctx context.Context, finish func(*sql.Selector), v any) error
	// employee returns the column reference of an employee field of the
	// record's employee, adding the join it needs; nil when the records
	// are not about an employee.
	employee func(b *build) func(field string) string
	// unit returns the expression of the record's unit id.
	unit func(b *build) string
	// region returns the expression of the record's region id; nil means
	// the region of the record's unit.
	region func(b *build) string
	// date returns the record's date column and the zone (hours east of
	// UTC) to read it in; nil when the records are not dated.
	date func(b *build) (string, int)
	// calendar, when set, returns the year and month (1–12) of the
	// records' date, the same values as date's year and month computed
	// more cheaply (once per training for enrollments; by comparisons with
	// the months' first instants for work logs, dia.calendarSearch); else
	// they are computed from date for every record.
	calendar func(b *build) (year, month string)
	// own lists the dimensions the records have of themselves.
	own map[Dimension]ownDim
	// measures lists the measures that fit the records.
	measures map[Measure]measure
	// prepare, when set, turns the records' selector into the selector of
	// the rows to aggregate (one per row), e.g. records joined with data
	// of another table; by default the rows are the records.
	prepare func(b *build, records *sql.Selector) *sql.Selector
	// joins adds joins every query on these records needs (run first).
	joins func(b *build)
	// aggregate, when set, builds the grouped query in place of
	// aggregateSQL, from b.inner (the records with every predicate on
	// them), the keys and the measures named; it must return the same
	// columns (k0…, n, a0…).
	aggregate func(b *build, keys []dim, names []Measure) *sql.Selector
	// countable marks the employees themselves as the records: a count
	// without measures may count them per unit first (query.countFirst).
	countable bool
	// histogram marks records whose percentile values are few per group
	// (the JP of an employee in a year: a sum of a few trainings' hours), so
	// that a percentile is computed from their histogram (histogramSQL).
	histogram bool
	// ages marks the employees themselves as the records, whose age is an
	// expression of the birth date (yearsSince) that PostgreSQL can neither
	// estimate nor share between measures: see query.joinAges and
	// aggregateSQL's fence.
	ages bool
}

// build is one aggregate query under construction.
type build struct {
	c      *ent.Client
	d      dia
	src    *source
	inner  *sql.Selector // one row per record: the records' selector, with joins
	joined map[string]bool
	now    time.Time
	level  *int
	depth  int // deepest level of the unit tree
	// weight, when set, is the column of b.inner holding how many records
	// each of its rows stands for (see countFirst); else a row is a record.
	weight string
	// agesOf, when set, is the birth-date column whose age is read from
	// the relation of ages joined as "ag" (query.joinAges, build.age).
	agesOf string
}

// join runs add once per alias.
func (b *build) join(alias string, add func()) string {
	if !b.joined[alias] {
		b.joined[alias] = true
		add()
	}
	return alias
}

// C is a column of the records' own table.
func (b *build) C(field string) string { return b.inner.C(field) }

// unitAlias joins the record's unit as "u0".
func (b *build) unitAlias() string {
	return b.join("u0", func() {
		id := b.src.unit(b) // may join the employee first
		b.inner.LeftJoin(sql.Table(unit.Table).As("u0")).OnP(on(col("u0", unit.FieldID) + " = " + id))
	})
}

// unitKey is the unit a record counts under: its own, or its ancestor at
// the requested level. The ancestor of every unit is found once per query,
// in a subquery over the unit tree ("ur": one row per unit, walking up the
// parent links with one join per level), and each record joins it once by
// its unit — rather than walking up the tree for every record, which cost
// one join per level and record.
func (b *build) unitKey() string {
	if b.level == nil {
		b.unitAlias()
		return col("u0", unit.FieldID)
	}
	b.join("ur", func() {
		id := b.src.unit(b) // may join the employee first
		b.inner.LeftJoin(sql.Table(ancestorRows(b.d, *b.level, b.depth)).As("ur")).
			OnP(on(col("ur", "id") + " = " + id))
	})
	// Join the ancestor itself and group by its id: PostgreSQL estimates
	// the groups of a plain column from its statistics, and so picks hash
	// aggregation, where an expression would make it sort every record.
	b.join("ua", func() {
		cond := col("ua", unit.FieldID) + " = " + col("ur", "anc")
		if b.agesOf != "" {
			// Every ancestor lies at the level or above it: saying so
			// changes no row and tells PostgreSQL how few they are (10
			// agencies, not the 1,615 units), so that it estimates the
			// groups of a histogram of ages by agency at a few thousand
			// and hashes them (estimated at 100,000, they were sorted).
			cond += ` AND ` + col("ua", unit.FieldDepth) + ` <= ` + lit(*b.level)
		}
		b.inner.LeftJoin(sql.Table(unit.Table).As("ua")).OnP(on(cond))
	})
	return col("ua", unit.FieldID)
}

// ancestorRows is unitKey's subquery: one row per unit, its "id" and the
// "anc"estor it counts under at level (itself when at or above it), in a
// tree whose deepest unit is at depth.
func ancestorRows(d dia, level, depth int) string {
	from := ident(unit.Table) + ` AS "t0"`
	var parts []string
	// A level at or below the deepest unit leaves every record under its
	// own unit: the walk up then has the one step of the unit itself.
	for k := 0; k <= max(depth-level, 0); k++ {
		a := "t" + lit(k)
		if k > 0 {
			from += ` LEFT JOIN ` + ident(unit.Table) + ` AS ` + ident(a) + ` ON ` + col(a, unit.FieldID) + ` = ` + col("t"+lit(k-1), unit.FieldParentID)
		}
		parts = append(parts, `CASE WHEN `+col(a, unit.FieldDepth)+` <= `+lit(level)+` THEN `+col(a, unit.FieldID)+` END`)
	}
	anc := parts[0]
	if len(parts) > 1 {
		anc = `COALESCE(` + strings.Join(parts, ", ") + `)`
	}
	fence := ""
	if d.pg() {
		// OFFSET 0 keeps PostgreSQL from flattening the subquery into
		// the records' joins, which would walk up per record again.
		fence = ` OFFSET 0`
	}
	return `(SELECT ` + col("t0", unit.FieldID) + ` AS "id", ` + anc + ` AS "anc" FROM ` + from + fence + `)`
}

// age is the whole years from the date in column c to now
// (yearsSince). For the birth date of b.agesOf it is read from a relation
// of the ages 0…maxYears joined on it ("ag"): a column of a 101-row
// relation, whose distinct values PostgreSQL estimates from the relation's
// size, where it estimates an expression of the birth date at one group
// per distinct birth date (12,389 of the 100,000 employees of the scale
// dataset) and so sorts every record to group by the age or its band.
// The join is a left join: a record whose age is outside 0…maxYears finds
// no row and reads NULL, which the query counts as a miss (missColumns) and
// run then recomputes without the join.
func (b *build) age(c string) string {
	years := b.d.yearsSince(c, b.now)
	if b.agesOf == "" || c != b.agesOf {
		return years
	}
	b.join("ag", func() {
		b.inner.LeftJoin(sql.Table(`generate_series(0, ` + lit(maxYears) + `)`).As("ag")).OnP(on(col("ag", "ag") + " = " + years))
	})
	return col("ag", "ag")
}

// joinAges reports whether the query reads the employees' age from a
// joined relation of ages (build.age): on PostgreSQL, for the employees'
// own aggregate (source.ages) grouped by keys of few values (fewGroups),
// when the age is a key (AGE_BAND) or the percentile asked (MEDIAN_AGE, the
// only percentile then). PostgreSQL then hashes the records into groups
// (a histogram of ages for the median, histogramSQL) instead of sorting
// every record.
func (q *query) joinAges(d dia) bool {
	if !d.pg() || !q.src.ages || q.noAges || q.extraKeys != nil || q.src.aggregate != nil || q.src.prepare != nil || !fewGroups(q.groupBy, q.level) {
		return false
	}
	wanted := slices.Contains(q.groupBy, AgeBand)
	for _, m := range q.measures {
		switch q.src.measures[m].agg {
		case aggPct:
			if m != MedianAge {
				return false
			}
			wanted = true
		case aggDistinct, aggCount:
			return false
		}
	}
	return wanted
}

// fewGroups reports whether every key has few values (a region, a
// profession, a top-level agency, an age band, …), so that a histogram of
// ages per group is much smaller than the records. A unit below the top
// level or a position title may have nearly as many groups as employees
// (a leader's divisions × profession: 2,551 groups of 59,693 employees),
// where a histogram only adds work to the sort percentile_cont does.
func fewGroups(keys []Dimension, level *int) bool {
	for _, d := range keys {
		if d == Position || (d == Unit && (level == nil || *level > 0)) {
			return false
		}
	}
	return true
}

// regionKey is the record's region id.
func (b *build) regionKey() string {
	if b.src.region != nil {
		return b.src.region(b)
	}
	b.unitAlias()
	return col("u0", unit.FieldRegionID)
}

func (b *build) remoteKey() string {
	r := b.regionKey()
	b.join("rg", func() {
		b.inner.LeftJoin(sql.Table(region.Table).As("rg")).OnP(on(col("rg", region.FieldID) + " = " + r))
	})
	return col("rg", region.FieldRemote)
}

func (b *build) emp(field string) (string, error) {
	if b.src.employee == nil {
		return "", fmt.Errorf("no employee")
	}
	return b.src.employee(b)(field), nil
}

// key returns the expression and kind of a dimension for the records.
func (b *build) key(d Dimension) (string, keyKind, error) {
	if o, ok := b.src.own[d]; ok {
		return o.expr(b), o.kind, nil
	}
	switch d {
	case Unit:
		return b.unitKey(), kindUnit, nil
	case Region:
		return b.regionKey(), kindRegion, nil
	case Remote:
		return b.remoteKey(), kindBool, nil
	case AgeBand:
		birth, err := b.emp("birth_date")
		if err != nil {
			break
		}
		// The age is computed once per record: every band below 25 comes
		// out as 20, which label turns into the band "<25" (value 0).
		age := b.age(birth)
		greatest, least := "GREATEST", "LEAST"
		if !b.d.pg() {
			greatest, least = "max", "min" // SQLite's scalar forms
		}
		known := birth
		if b.agesOf != "" {
			// The joined age is NULL exactly when the birth date is (a
			// miss is computed again, see build.age), and the band, an
			// expression of it alone, is estimated from its relation.
			known = age
		}
		return `(CASE WHEN ` + known + ` IS NULL THEN NULL ELSE ` + least + `(60, (` + greatest + `(` + age + `, 20) / 5) * 5) END)`, kindAgeBand, nil
	case Year, Quarter, Month:
		if b.src.date == nil {
			break
		}
		var y, m string
		if b.src.calendar != nil {
			y, m = b.src.calendar(b)
		} else {
			c, zone := b.src.date(b)
			y, m = b.d.year(c, zone), b.d.month(c, zone)
		}
		return calendarKey(d, y, m)
	default:
		if f, ok := employeeField[d]; ok {
			if c, err := b.emp(f); err == nil {
				return c, kindPlain, nil
			}
		}
	}
	return "", 0, apperr.Invalid("groupBy", "%s does not apply to %s", d, b.src.name)
}

// calendarKey is the key of a Year, Quarter or Month dimension from the
// expressions of a year and a month (1–12): the year, yyyyq or yyyymm.
func calendarKey(d Dimension, y, m string) (string, keyKind, error) {
	switch d {
	case Year:
		return y, kindPlain, nil
	case Quarter:
		return `(` + y + ` * 10 + (` + m + ` + 2) / 3)`, kindQuarter, nil
	}
	return `(` + y + ` * 100 + ` + m + `)`, kindMonth, nil
}

// employeeField is the employee column of each dimension of an employee's
// own attributes.
var employeeField = map[Dimension]string{
	Profession: "profession_group", Rank: "rank", PositionType: "position_type", PositionLevel: "position_level",
	Position: "position_name", Education: "education_level", Gender: "gender", EmploymentType: "employment_type",
}

// employeeDimensions are the dimensions of an employee's own attributes.
var employeeDimensions = []Dimension{Profession, Rank, PositionType, PositionLevel, Position, Education, Gender, AgeBand, EmploymentType}

// supports reports whether the records have dimension d.
func (src *source) supports(d Dimension) bool {
	if _, ok := src.own[d]; ok {
		return true
	}
	switch {
	case d == Unit || d == Region || d == Remote:
		return src.unit != nil
	case d == Year || d == Quarter || d == Month:
		return src.date != nil
	case slices.Contains(employeeDimensions, d):
		return src.employee != nil
	}
	return false
}

// maxDepth returns the depth of the deepest unit.
func maxDepth(ctx context.Context, c *ent.Client) (int, error) {
	u, err := c.Unit.Query().Order(ent.Desc(unit.FieldDepth)).Select(unit.FieldDepth).First(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("depth of the unit tree: %w", err)
	}
	return u.Depth, nil
}

// scanRow is one row of an aggregate query: up to MaxGroupBy+2 keys (some
// queries add their own), the count and up to MaxMeasures+10 measures.
type scanRow struct {
	K0 *string `sql:"k0"`
	K1 *string `sql:"k1"`
	K2 *string `sql:"k2"`
	K3 *string `sql:"k3"`
	K4 *string `sql:"k4"`
	K5 *string `sql:"k5"`
	K6 *string `sql:"k6"`
	K7 *string `sql:"k7"`

	N *int64 `sql:"n"`
	// Miss counts the group's records whose age found no row of the joined
	// relation of ages (build.age): none unless an age is out of its range.
	Miss *int64 `sql:"miss"`

	A0  *float64 `sql:"a0"`
	A1  *float64 `sql:"a1"`
	A2  *float64 `sql:"a2"`
	A3  *float64 `sql:"a3"`
	A4  *float64 `sql:"a4"`
	A5  *float64 `sql:"a5"`
	A6  *float64 `sql:"a6"`
	A7  *float64 `sql:"a7"`
	A8  *float64 `sql:"a8"`
	A9  *float64 `sql:"a9"`
	A10 *float64 `sql:"a10"`
	A11 *float64 `sql:"a11"`
	A12 *float64 `sql:"a12"`
	A13 *float64 `sql:"a13"`
	A14 *float64 `sql:"a14"`
	A15 *float64 `sql:"a15"`
	A16 *float64 `sql:"a16"`
	A17 *float64 `sql:"a17"`
	A18 *float64 `sql:"a18"`
	A19 *float64 `sql:"a19"`
	A20 *float64 `sql:"a20"`
	A21 *float64 `sql:"a21"`
	A22 *float64 `sql:"a22"`
	A23 *float64 `sql:"a23"`
	A24 *float64 `sql:"a24"`
	A25 *float64 `sql:"a25"`
	A26 *float64 `sql:"a26"`
	A27 *float64 `sql:"a27"`
	A28 *float64 `sql:"a28"`
	A29 *float64 `sql:"a29"`
}

const (
	scanKeys     = 8
	scanMeasures = 30
)

func (r *scanRow) keys() []*string {
	return []*string{r.K0, r.K1, r.K2, r.K3, r.K4, r.K5, r.K6, r.K7}
}

func (r *scanRow) values() []*float64 {
	return []*float64{r.A0, r.A1, r.A2, r.A3, r.A4, r.A5, r.A6, r.A7, r.A8, r.A9, r.A10, r.A11, r.A12, r.A13, r.A14,
		r.A15, r.A16, r.A17, r.A18, r.A19, r.A20, r.A21, r.A22, r.A23, r.A24, r.A25, r.A26, r.A27, r.A28, r.A29}
}

// dim is a resolved group-by key: its dimension, expression and kind.
type dim struct {
	d    Dimension
	expr string
	kind keyKind
}

// query is an aggregate ready to run: the keys and measures to compute.
type query struct {
	src      *source
	groupBy  []Dimension
	level    *int
	measures []Measure
	now      time.Time
	// extraKeys are keys of the query's own (a retirement year), put
	// before the group-by keys.
	extraKeys func(b *build) []dim
	// noAges turns joinAges off: run's second try when an age was out of
	// the joined relation's range.
	noAges bool
}

// run computes the groups in one SQL statement: the records' query
// (filtered by the access rules and the where input) becomes a subquery
// with one row per record — its keys and measured values — grouped by the
// keys. Percentiles use percentile_cont on PostgreSQL; on SQLite, which has
// none, each value is numbered within its group by window functions and the
// two values around the percentile are interpolated the same way.
func (q *query) run(ctx context.Context, c *ent.Client) ([]*Group, error) {
	if err := checkShape(q.groupBy, len(q.measures), q.level); err != nil {
		return nil, err
	}
	if err := checkSources(ctx, q.groupBy, q.measures); err != nil {
		return nil, err
	}
	for _, d := range q.groupBy {
		if !q.src.supports(d) {
			return nil, apperr.Invalid("groupBy", "%s does not apply to %s", d, q.src.name)
		}
	}
	for _, m := range q.measures {
		if _, ok := q.src.measures[m]; !ok {
			return nil, apperr.Invalid("measures", "%s does not apply to %s", m, q.src.name)
		}
	}
	depth := 0
	if q.level != nil && slices.Contains(q.groupBy, Unit) {
		var err error
		if depth, err = maxDepth(ctx, c); err != nil {
			return nil, err
		}
	}
	var (
		keys     []dim
		names    []Measure
		measures []measure
		buildErr error
	)
	// finish runs as an ent order function, the last step of building the
	// records' SQL: every predicate, the access rules' included, is on s.
	finish := func(s *sql.Selector) {
		b := &build{c: c, d: dia(s.Dialect()), src: q.src, inner: detach(s), joined: map[string]bool{}, now: q.now, level: q.level, depth: depth}
		if cols, ok := q.countFirst(); ok {
			b.inner, b.weight = countedRows(b.d, b.inner, cols), "n"
		}
		if q.joinAges(b.d) {
			b.agesOf = b.C("birth_date")
		}
		if q.src.prepare != nil {
			b.inner = q.src.prepare(b, b.inner)
		}
		if q.src.joins != nil {
			q.src.joins(b)
		}
		if q.extraKeys != nil {
			keys = append(keys, q.extraKeys(b)...)
		}
		for _, d := range q.groupBy {
			e, kind, err := b.key(d)
			if err != nil {
				buildErr = err
				s.Where(sql.False()) // run nothing
				return
			}
			keys = append(keys, dim{d, e, kind})
		}
		names = slices.Clone(q.measures)
		for _, m := range q.measures {
			measures = append(measures, q.src.measures[m])
		}
		if len(keys) > scanKeys || len(measures) > scanMeasures {
			buildErr = apperr.Invalid("groupBy", "too many dimensions or measures")
			s.Where(sql.False())
			return
		}
		if q.src.aggregate != nil {
			*s = *q.src.aggregate(b, keys, names)
			return
		}
		*s = *aggregateSQL(b, keys, measures)
	}
	var rows []scanRow
	scanCtx := ctx
	if q.joinAges(dia(dialect.Postgres)) {
		// The histogram of ages per group is a hash aggregate over every
		// record, which PostgreSQL plans in parallel for the region ×
		// profession × age band (a partial hash table per worker, merged
		// by the leader): measured slower than serial (round 6: 135
		// against 95 ms, idle). The hint is PostgreSQL's only.
		scanCtx = planhint.Serial(ctx)
	}
	if err := q.src.scan(scanCtx, finish, &rows); err != nil {
		if buildErr != nil {
			return nil, buildErr
		}
		return nil, wrap("aggregate "+q.src.name, err)
	}
	if buildErr != nil {
		return nil, buildErr
	}
	for i := range rows {
		if deref(rows[i].Miss) > 0 {
			// An age outside the joined relation of ages (a birth date more
			// than maxYears ago or in the future): compute the ages per
			// record instead.
			retry := *q
			retry.noAges = true
			return retry.run(ctx, c)
		}
	}
	if len(rows) > MaxGroups {
		return nil, apperr.Invalid("groupBy", "the aggregate has more than %d groups: group by fewer dimensions, roll units up with unitLevel, or filter with where", MaxGroups)
	}
	groups := groupsOf(rows, keys, names)
	sortGroups(groups, keys)
	if err := label(ctx, c, groups, keys); err != nil {
		return nil, err
	}
	return groups, nil
}

// groupsOf turns the rows of a grouped statement (keys k0…, count n,
// measures a0…) into groups, in the rows' order, their keys raw.
func groupsOf(rows []scanRow, keys []dim, names []Measure) []*Group {
	groups := make([]*Group, len(rows))
	for i := range rows {
		r := &rows[i]
		g := &Group{Count: int(deref(r.N)), Key: make([]Key, len(keys)), Values: make([]MeasureValue, len(names))}
		ks := r.keys()
		for j, k := range keys {
			g.Key[j] = Key{Dimension: k.d, Value: ks[j]}
		}
		vs := r.values()
		for j, m := range names {
			g.Values[j] = MeasureValue{Measure: m, Value: vs[j]}
		}
		groups[i] = g
	}
	return groups
}

// countFirst reports whether the query only counts employees (no measure)
// by their own columns and their unit's, and which employee columns its
// keys read. Such a query counts the employees per unit and combination of
// those columns first (countedRows) and joins the units to these counts:
// a few thousand rows instead of one per employee, read from the index on
// (unit_id, profession_group) alone when the keys are the region, unit
// and profession — the staff count by region × profession.
func (q *query) countFirst() ([]string, bool) {
	if !q.src.countable || len(q.measures) > 0 || q.extraKeys != nil || q.src.prepare != nil || q.src.joins != nil || q.src.aggregate != nil {
		return nil, false
	}
	cols := []string{employee.FieldUnitID}
	for _, d := range q.groupBy {
		switch d {
		case Unit, Region, Remote:
		case Status:
			cols = append(cols, employee.FieldStatus)
		default:
			f, ok := employeeField[d]
			if !ok {
				return nil, false // the age band and the like: per record
			}
			cols = append(cols, f)
		}
	}
	return cols, true
}

// countedRows turns the records' selector (employees, every predicate on
// it) into one row per distinct value of cols with the number of records
// as "n", under the records' own table name, so that the keys' columns
// and joins read it as they read the records.
func countedRows(d dia, s *sql.Selector, cols []string) *sql.Selector {
	s.Select().SetDistinct(false)
	group := make([]string, len(cols))
	for i, c := range cols {
		group[i] = s.C(c)
		s.AppendSelectExprAs(x(group[i]), c)
	}
	s.AppendSelectExprAs(x(`COUNT(*)`), "n")
	s.GroupBy(group...).ClearOrder()
	return sql.Dialect(string(d)).Select().From(s.As(employee.Table))
}

// detach returns a shallow copy of s, to become the subquery of the query
// that takes s's place. Selector.Clone will not do: it copies the
// predicates' builders, and some of ent's predicates (GTE, LT, …) write
// their operator into the original one, so the clone renders "a ? " for
// "a >= ?".
func detach(s *sql.Selector) *sql.Selector {
	c := *s
	return &c
}

// rowColumns makes b.inner select one row per record with its keys k0…
// (and its weight w), and returns the measures' values, which the caller
// selects (selectValues, or fewer columns when values repeat).
func rowColumns(b *build, keys []dim, measures []measure) []sql.Querier {
	inner := b.inner
	inner.Select().SetDistinct(false)
	inner.AppendSelectExprAs(x(`1`), "one")
	if b.weight != "" {
		inner.AppendSelectExprAs(x(b.C(b.weight)), "w")
	}
	for i, k := range keys {
		inner.AppendSelectExprAs(x(k.expr), "k"+lit(i))
	}
	values := make([]sql.Querier, len(measures))
	for j, m := range measures {
		values[j] = m.value(b)
	}
	inner.ClearOrder()
	return values
}

// selectValues makes b.inner select values as its columns v0….
func selectValues(b *build, values []sql.Querier) {
	for j, v := range values {
		b.inner.AppendSelectExprAs(v, "v"+lit(j))
	}
}

// aggregateSQL turns b.inner (one row per record) into the grouped query.
func aggregateSQL(b *build, keys []dim, measures []measure) *sql.Selector {
	values := rowColumns(b, keys, measures)
	inner := b.inner
	if p, ok := histogramValue(b, measures, values); ok {
		selectValues(b, values)
		return histogramSQL(b, keys, measures, values, p)
	}
	// vcol[j] is the column of b.inner holding measure j's value: on
	// PostgreSQL one column per distinct value when fenced.
	vcol := make([]int, len(measures))
	shared := fenced(b, measures)
	for j := range measures {
		vcol[j] = j
		if shared {
			for i := range j {
				if sameSQL(values[i], values[j]) {
					vcol[j] = vcol[i]
					break
				}
			}
		}
		if vcol[j] == j {
			inner.AppendSelectExprAs(values[j], "v"+lit(j))
		}
	}
	if shared {
		// Keep the records a subquery of their own, planned apart: its
		// columns are computed once per record, where the flattened query
		// would compute a value once per measure reading it (the mean and
		// the median of the age: the age twice).
		inner.Offset(0)
	}
	miss := missColumns(b)
	var partition []string
	for i := range keys {
		partition = append(partition, col("r", "k"+lit(i)))
	}
	from := inner.As("r")
	if !b.d.pg() && slices.ContainsFunc(measures, func(m measure) bool { return m.agg == aggPct }) {
		// Number each value within its group for the percentiles.
		w := sql.Dialect(string(b.d)).Select().From(from)
		for i := range keys {
			w.AppendSelectExprAs(x(col("r", "k"+lit(i))), "k"+lit(i))
		}
		over := ""
		if len(partition) > 0 {
			over = "PARTITION BY " + strings.Join(partition, ", ")
		}
		for j, m := range measures {
			v := col("r", "v"+lit(j))
			w.AppendSelectExprAs(x(v), "v"+lit(j))
			if m.agg == aggPct {
				w.AppendSelectExprAs(x(`ROW_NUMBER() OVER (`+over+` ORDER BY (`+v+` IS NULL), `+v+`)`), "r"+lit(j))
				w.AppendSelectExprAs(x(`COUNT(`+v+`) OVER (`+over+`)`), "c"+lit(j))
			}
		}
		from = w.As("r")
	}
	out := sql.Dialect(string(b.d)).Select().From(from)
	var group []string
	for i := range keys {
		k := "k" + lit(i)
		out.AppendSelectExprAs(x(col("r", k)), k)
		group = append(group, k)
	}
	if b.weight != "" {
		out.AppendSelectExprAs(x(`CAST(SUM(`+col("r", "w")+`) AS BIGINT)`), "n")
	} else {
		out.AppendSelectExprAs(x(`COUNT(*)`), "n")
	}
	for j, m := range measures {
		out.AppendSelectExprAs(x(aggregateExpr(b.d, m, vcol[j])), "a"+lit(j))
	}
	if miss {
		out.AppendSelectExprAs(x(`COUNT(`+col("r", "mb")+`) - COUNT(`+col("r", "ma")+`)`), "miss")
	}
	if len(group) > 0 {
		// No ORDER BY: it would push PostgreSQL to sort-based grouping;
		// the groups are few and sorted in Go (sortGroups).
		out.GroupBy(group...)
	}
	return out.Limit(MaxGroups + 1)
}

// fenced reports whether aggregateSQL computes each distinct value of the
// records once, in a subquery kept apart from the grouping (OFFSET 0): on
// PostgreSQL, for the employees (source.ages: an age is seven comparisons
// per record) when a percentile makes PostgreSQL sort the records anyway,
// so that the estimates a fence hides decide nothing. A leader's 59,693
// employees by division × profession: 92–96 → 83 ms of backend CPU, and a
// fifth of the planning.
func fenced(b *build, measures []measure) bool {
	return b.d.pg() && b.src.ages && slices.ContainsFunc(measures, func(m measure) bool { return m.agg == aggPct })
}

// sameSQL reports whether two values are the same SQL with the same
// arguments.
func sameSQL(a, b sql.Querier) bool {
	qa, argsA := a.Query()
	qb, argsB := b.Query()
	return qa == qb && fmt.Sprint(argsA...) == fmt.Sprint(argsB...)
}

// missColumns adds to b.inner, when the ages are read from the relation
// of ages (build.age), the birth date ("mb") and the age read ("ma"): a
// record with the one and not the other is a miss, which the grouped query
// counts in its "miss" column (see run).
func missColumns(b *build) bool {
	if b.agesOf == "" || !b.joined["ag"] {
		return false
	}
	b.inner.AppendSelectExprAs(x(b.agesOf), "mb")
	b.inner.AppendSelectExprAs(x(col("ag", "ag")), "ma")
	return true
}

// aggregateExpr is the SQL aggregate of measure m over the column vj.
func aggregateExpr(d dia, m measure, j int) string {
	v := col("r", "v"+lit(j))
	switch m.agg {
	case aggSum:
		return `SUM(` + v + `)`
	case aggAvg, aggShare:
		return `AVG(` + float(v) + `)`
	case aggMin:
		return `MIN(` + v + `)`
	case aggMax:
		return `MAX(` + v + `)`
	case aggDistinct:
		return `COUNT(DISTINCT ` + v + `)`
	case aggCount:
		return `COUNT(` + v + `)`
	}
	// aggPct: percentile_cont places the percentile p at the 0-based
	// position p·(n−1) of the sorted values, interpolating between the two
	// values around it.
	if d.pg() {
		p := strconv.FormatFloat(float64(m.num)/float64(m.den), 'f', -1, 64)
		return `percentile_cont(` + p + `) WITHIN GROUP (ORDER BY ` + v + `)`
	}
	r, c := col("r", "r"+lit(j)), col("r", "c"+lit(j))
	num, den := lit(m.num), lit(m.den)
	lo := `(1 + ((` + c + ` - 1) * ` + num + `) / ` + den + `)`
	lower := `MAX(CASE WHEN ` + r + ` = ` + lo + ` THEN ` + float(v) + ` END)`
	upper := `COALESCE(MAX(CASE WHEN ` + r + ` = ` + lo + ` + 1 THEN ` + float(v) + ` END), ` + lower + `)`
	frac := `((((MAX(` + c + `) - 1) * ` + num + `) % ` + den + `) * 1.0 / ` + den + `)`
	return `(` + lower + ` + (` + upper + ` - ` + lower + `) * ` + frac + `)`
}

// sortGroups orders groups by their keys: numbers numerically, text
// alphabetically, missing values last, whatever the dialect's order.
func sortGroups(groups []*Group, keys []dim) {
	// Each key's number is parsed once, not at every comparison (a
	// leader's 2,551 groups: some 30,000 comparisons, each failing to
	// parse a profession as a number allocated an error).
	type sorting struct {
		g    *Group
		keys []sortKey
	}
	all := make([]sorting, len(groups))
	flat := make([]sortKey, len(groups)*len(keys))
	for i, g := range groups {
		ks := flat[i*len(keys) : (i+1)*len(keys) : (i+1)*len(keys)]
		for j := range keys {
			ks[j] = newSortKey(g.Key[j].Value)
		}
		all[i] = sorting{g, ks}
	}
	slices.SortStableFunc(all, func(a, b sorting) int {
		for i := range a.keys {
			if c := compareKey(a.keys[i], b.keys[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range all {
		groups[i] = all[i].g
	}
}

// sortKey is a key's value as sortGroups compares it.
type sortKey struct {
	s      *string
	n      float64
	number bool
}

func newSortKey(s *string) sortKey {
	k := sortKey{s: s}
	if s != nil {
		n, err := strconv.ParseFloat(*s, 64)
		k.n, k.number = n, err == nil
	}
	return k
}

// compareKey orders keys: null last, two numbers by value, else as text.
func compareKey(a, b sortKey) int {
	switch {
	case a.s == nil && b.s == nil:
		return 0
	case a.s == nil:
		return 1
	case b.s == nil:
		return -1
	}
	if a.number && b.number {
		return cmp.Compare(a.n, b.n)
	}
	return strings.Compare(*a.s, *b.s)
}

// label turns raw key values into their final form and names them: units,
// regions, trainings and competencies by one lookup each.
func label(ctx context.Context, c *ent.Client, groups []*Group, keys []dim) error {
	ids := map[keyKind]map[int]string{}
	for i, k := range keys {
		switch k.kind {
		case kindUnit, kindRegion, kindTraining, kindCompetency:
			if ids[k.kind] == nil {
				ids[k.kind] = map[int]string{}
			}
			for _, g := range groups {
				if v := g.Key[i].Value; v != nil {
					id, err := strconv.Atoi(strings.TrimSuffix(*v, ".0"))
					if err != nil {
						return fmt.Errorf("aggregate: %s key %q is not an id", k.d, *v)
					}
					s := strconv.Itoa(id)
					g.Key[i].Value = &s
					ids[k.kind][id] = ""
				}
			}
		}
	}
	for kind, names := range ids {
		if err := lookupNames(ctx, c, kind, names); err != nil {
			return err
		}
	}
	for i, k := range keys {
		for _, g := range groups {
			key := &g.Key[i]
			if key.Value == nil {
				continue
			}
			v := *key.Value
			l := v
			switch k.kind {
			case kindUnit, kindRegion, kindTraining, kindCompetency:
				id, _ := strconv.Atoi(v)
				l = ids[k.kind][id]
			case kindBool:
				v = strconv.FormatBool(v == "true" || v == "1" || v == "t")
				l = v
			case kindQuarter:
				n, _ := strconv.Atoi(v)
				v = fmt.Sprintf("%d-Q%d", n/10, n%10)
				l = v
			case kindMonth:
				n, _ := strconv.Atoi(v)
				v = fmt.Sprintf("%d-%02d", n/100, n%100)
				l = v
			case kindAgeBand:
				n, _ := strconv.Atoi(v)
				if n < 25 {
					n, v = 0, "0"
				}
				l = AgeBandLabel(n)
			}
			key.Value, key.Label = &v, &l
		}
	}
	return nil
}

// AgeBandLabel names the age band starting at lower: "<25", "25–29", …,
// "60+".
func AgeBandLabel(lower int) string {
	switch {
	case lower < 25:
		return "<25"
	case lower >= 60:
		return "60+"
	}
	return fmt.Sprintf("%d–%d", lower, lower+4)
}

// lookupNames fills names (id → name) for units, regions, trainings or
// competencies. These are reference data, not the records aggregated.
func lookupNames(ctx context.Context, c *ent.Client, kind keyKind, names map[int]string) error {
	ids := make([]int, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	// In order, so that the statement of a set of ids is always the same
	// (the result cache keys it by its arguments).
	slices.Sort(ids)
	switch kind {
	case kindUnit:
		us, err := c.Unit.Query().Where(unit.IDIn(ids...)).Select(unit.FieldID, unit.FieldName).All(ctx)
		if err != nil {
			return fmt.Errorf("name units: %w", err)
		}
		for _, u := range us {
			names[u.ID] = u.Name
		}
	case kindRegion:
		rs, err := c.Region.Query().Where(region.IDIn(ids...)).Select(region.FieldID, region.FieldName).All(ctx)
		if err != nil {
			return fmt.Errorf("name regions: %w", err)
		}
		for _, r := range rs {
			names[r.ID] = r.Name
		}
	case kindTraining:
		ts, err := c.Training.Query().Where(training.IDIn(ids...)).Select(training.FieldID, training.FieldTitle).All(ctx)
		if err != nil {
			return fmt.Errorf("name trainings: %w", err)
		}
		for _, t := range ts {
			names[t.ID] = t.Title
		}
	case kindCompetency:
		cs, err := c.Competency.Query().Where(competency.IDIn(ids...)).Select(competency.FieldID, competency.FieldName).All(ctx)
		if err != nil {
			return fmt.Errorf("name competencies: %w", err)
		}
		for _, x := range cs {
			names[x.ID] = x.Name
		}
	}
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// Value returns the value of measure m in g, or nil.
func (g *Group) Value(m Measure) *float64 {
	for _, v := range g.Values {
		if v.Measure == m {
			return v.Value
		}
	}
	return nil
}

// wrap adds the operation to an error that is not already coded.
func wrap(op string, err error) error {
	if _, ok := apperr.As(err); ok {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}
