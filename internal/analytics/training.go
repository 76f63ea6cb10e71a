package analytics

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/training"
	"simasn/internal/apperr"
)

// Training-hour rules (DESIGN §4).
const (
	// JPRight is the yearly training a PNS (and a CPNS) has the right to,
	// in JP (jam pelajaran).
	JPRight = 20
	// PPPKMaxJP is the most training a PPPK may get per contract year; it is
	// reported, not enforced.
	PPPKMaxJP = 24
)

// entitledTypes are the employment types the 20 JP right applies to.
var entitledTypes = []employee.EmploymentType{employee.EmploymentTypePNS, employee.EmploymentTypeCPNS}

// jpPerEmployee is the JP per employee in year, as a table (employee_id, jp)
// to join: one pass over the year's completed enrollments.
func jpPerEmployee(d dia, year int) *sql.Selector {
	s := completedIn(d, year)
	s.AppendSelectExprAs(x(col("je", enrollment.FieldEmployeeID)), "employee_id").
		// A bigint (PostgreSQL sums bigints into a numeric): the JP is
		// compared and summed per employee by the reports, in integer
		// arithmetic (training hours by region: 63–68 → 47–52 ms of
		// backend CPU).
		AppendSelectExprAs(x(`CAST(SUM(`+col("jt", training.FieldHoursJp)+`) AS BIGINT)`), "jp").
		GroupBy(s.C(enrollment.FieldEmployeeID)) // s.C quotes for the dialect, as GroupBy needs
	return s
}

// completedIn is the enrollments completed in year ("je") joined to their
// trainings ("jt"), selecting nothing yet.
func completedIn(d dia, year int) *sql.Selector {
	en, tr := sql.Table(enrollment.Table).As("je"), sql.Table(training.Table).As("jt")
	s := sql.Dialect(string(d)).Select().From(en)
	s.Join(tr).OnP(on(col("jt", training.FieldID) + ` = ` + col("je", enrollment.FieldTrainingID)))
	return s.Where(on(col("je", enrollment.FieldStatus) + ` = 'COMPLETED' AND ` + d.year(col("jt", training.FieldEndsOn), 0) + ` = ` + lit(year)))
}

// TrainingHours is the training (in JP) of a group of employees in a year
// against the 20 JP right.
type TrainingHours struct {
	// Key holds the group's value of each group-by dimension.
	Key []Key
	// Employees is the employees in service in the group.
	Employees int
	// Entitled is those the 20 JP right applies to: PNS and CPNS.
	Entitled int
	// Compliant is the entitled employees with at least 20 JP.
	Compliant int
	// Below is the entitled employees with less than 20 JP.
	Below int
	// ComplianceRate is Compliant ÷ Entitled; nil without entitled
	// employees.
	ComplianceRate *float64
	// TotalJP, AverageJP and MedianJP are over all the group's employees.
	TotalJP   int
	AverageJP *float64
	MedianJP  *float64
	// PPPK is the PPPK employees in the group; PPPKOverCap those of them
	// above 24 JP.
	PPPK        int
	PPPKOverCap int
}

// Training-hour measures (internal names).
const (
	jpEntitled   Measure = "ENTITLED"
	jpCompliant  Measure = "COMPLIANT"
	jpCompliance Measure = "COMPLIANCE_RATE"
	jpTotal      Measure = "TOTAL_JP"
	jpAverage    Measure = "AVERAGE_JP"
	jpMedian     Measure = "MEDIAN_JP"
	jpPPPK       Measure = "PPPK"
	jpOverCap    Measure = "PPPK_OVER_CAP"
)

// TrainingHoursByGroup reports, per group of the employees in service
// matching where, the JP completed in year against the 20 JP right: how
// many are entitled (PNS, CPNS), compliant and below, the compliance rate,
// total, mean and median JP, and the PPPK above their 24 JP cap. One SQL
// statement; the employees obey the access rules.
func TrainingHoursByGroup(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, year int, groupBy []Dimension, unitLevel *int, now time.Time) ([]*TrainingHours, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalid("year", "year %d is out of range", year)
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	q.Where(employee.StatusIn(inService...))
	src := employeeSource(q)
	src.histogram = true // an employee's JP in a year: a few sums of training hours
	src.joins = func(b *build) {
		b.join("jp", func() {
			b.inner.LeftJoin(jpPerEmployee(b.d, year).As("jp")).OnP(on(col("jp", "employee_id") + ` = ` + b.C(employee.FieldID)))
		})
	}
	jp := `COALESCE(` + col("jp", "jp") + `, 0)`
	entitled := func(b *build) string { return inList(b.C(employee.FieldEmploymentType), entitledTypes...) }
	pppk := func(b *build) string { return b.C(employee.FieldEmploymentType) + ` = 'PPPK'` }
	src.measures = map[Measure]measure{
		jpEntitled:  sum(text(func(b *build) string { return when(entitled(b)) })),
		jpCompliant: sum(text(func(b *build) string { return when(entitled(b) + ` AND ` + jp + ` >= ` + lit(JPRight)) })),
		jpCompliance: share(text(func(b *build) string {
			return `(CASE WHEN ` + entitled(b) + ` THEN ` + when(jp+` >= `+lit(JPRight)) + ` END)`
		})),
		jpTotal:   sum(text(func(*build) string { return jp })),
		jpAverage: avg(text(func(*build) string { return jp })),
		jpMedian:  median(text(func(*build) string { return jp })),
		jpPPPK:    sum(text(func(b *build) string { return when(pppk(b)) })),
		jpOverCap: sum(text(func(b *build) string { return when(pppk(b) + ` AND ` + jp + ` > ` + lit(PPPKMaxJP)) })),
	}
	ms := []Measure{jpEntitled, jpCompliant, jpCompliance, jpTotal, jpAverage, jpMedian, jpPPPK, jpOverCap}
	src.aggregate = func(b *build, keys []dim, names []Measure) *sql.Selector {
		if b.d.pg() && slices.Equal(names, ms) {
			return jpHistogramSQL(b, keys)
		}
		measures := make([]measure, len(names))
		for j, n := range names {
			measures[j] = src.measures[n]
		}
		return aggregateSQL(b, keys, measures)
	}
	groups, err := (&query{src: src, groupBy: groupBy, level: unitLevel, measures: ms, now: now}).run(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]*TrainingHours, len(groups))
	for i, g := range groups {
		v := func(m Measure) *float64 { return g.Value(m) }
		t := &TrainingHours{Key: g.Key, Employees: g.Count, Entitled: intOf(v(jpEntitled)), Compliant: intOf(v(jpCompliant)),
			ComplianceRate: v(jpCompliance), TotalJP: intOf(v(jpTotal)), AverageJP: v(jpAverage), MedianJP: v(jpMedian),
			PPPK: intOf(v(jpPPPK)), PPPKOverCap: intOf(v(jpOverCap))}
		t.Below = t.Entitled - t.Compliant
		out[i] = t
	}
	return out, nil
}

// jpHistogramSQL is TrainingHoursByGroup's grouped query on PostgreSQL:
// every measure is a function of an employee's employment type and JP, so
// the employees (b.inner, every predicate and the JP join on them) are
// counted per group, type and JP ("h", grouped by hashing: a few hundred
// rows), and the measures are computed from those counts — the median from
// their running counts, as histogramSQL does. One COUNT per employee
// instead of nine sums of CASE expressions: 31–34 against 63–68 ms of
// backend CPU for training hours by region, and cheap enough that
// PostgreSQL no longer plans it in parallel.
func jpHistogramSQL(b *build, keys []dim) *sql.Selector {
	d := string(b.d)
	inner := b.inner
	inner.Select().SetDistinct(false)
	var rk, hk, wk []string
	for i, k := range keys {
		inner.AppendSelectExprAs(x(k.expr), "k"+lit(i))
		rk = append(rk, col("r", "k"+lit(i)))
		hk = append(hk, col("h", "k"+lit(i)))
		wk = append(wk, "k"+lit(i))
	}
	inner.AppendSelectExprAs(x(b.C(employee.FieldEmploymentType)), "t")
	inner.AppendSelectExprAs(x(`COALESCE(`+col("jp", "jp")+`, 0)`), "p")
	inner.ClearOrder()
	h := sql.Dialect(d).Select().From(inner.As("r"))
	for i, k := range rk {
		h.AppendSelectExprAs(x(k), "k"+lit(i))
	}
	h.AppendSelectExprAs(x(col("r", "t")), "t").AppendSelectExprAs(x(col("r", "p")), "p").AppendSelectExprAs(x(`COUNT(*)`), "n")
	h.GroupBy(append(slices.Clone(rk), col("r", "t"), col("r", "p"))...)
	out := fromHistogram(d, h, hk, `SUM("h"."n")`, wk)
	t, p, n := col("w", "t"), col("w", "p"), col("w", "n")
	count := func(cond string) string { return `SUM(CASE WHEN ` + cond + ` THEN ` + n + ` ELSE 0 END)` }
	entitled := inList(t, entitledTypes...)
	compliant := entitled + ` AND ` + p + ` >= ` + lit(JPRight)
	pppk := t + ` = 'PPPK'`
	out.AppendSelectExprAs(x(`CAST(SUM(`+n+`) AS BIGINT)`), "n")
	for j, e := range []string{
		count(entitled),
		count(compliant),
		`(` + count(compliant) + ` / NULLIF(` + float(count(entitled)) + `, 0))`,
		`SUM(` + p + ` * ` + n + `)`,
		`(SUM(` + float(p) + ` * ` + n + `) / NULLIF(` + float(`SUM(`+n+`)`) + `, 0))`,
		histogramPercentile(median(nil)),
		count(pppk),
		count(pppk + ` AND ` + p + ` > ` + lit(PPPKMaxJP)),
	} {
		out.AppendSelectExprAs(x(e), "a"+lit(j))
	}
	if len(wk) > 0 {
		out.GroupBy(wk...)
	}
	return out.Limit(MaxGroups + 1)
}

// JPShortfall is an employee below the 20 JP right in a year.
type JPShortfall struct {
	// Employee is the employee; personal fields stay hidden from viewers
	// who may not see them.
	Employee *ent.Employee
	// JP is the training completed in the year.
	JP int
	// Missing is JPRight − JP.
	Missing int
}

// ShortfallPage is a page of employees below the 20 JP right.
type ShortfallPage struct {
	// TotalCount is the number of such employees, over all pages.
	TotalCount int
	// Items is the page.
	Items []*JPShortfall
}

// shortfallQuery is the entitled employees in service matching where with
// less than JPRight JP in year.
func shortfallQuery(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, year int) (*ent.EmployeeQuery, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalid("year", "year %d is out of range", year)
	}
	q, err := where.Filter(c.Employee.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	// Below the right is not among those with enough: one pass over the
	// year's completed enrollments, not a sum per employee.
	return q.Where(employee.StatusIn(inService...), employee.EmploymentTypeIn(entitledTypes...), func(s *sql.Selector) {
		enough := jpPerEmployee(dia(s.Dialect()), year)
		enough.Select(enough.C(enrollment.FieldEmployeeID)).Having(sql.ExprP(`SUM(` + col("jt", training.FieldHoursJp) + `) >= ` + lit(JPRight)))
		s.Where(sql.NotIn(s.C(employee.FieldID), enough))
	}), nil
}

// withJP selects each employee's JP in year as the extra column "jp".
func withJP(q *ent.EmployeeQuery, year int) *ent.EmployeeQuery {
	q.Modify(func(s *sql.Selector) { s.AppendSelectExprAs(joinJP(s, year), "jp") })
	return q
}

// joinJP joins each employee of s to their JP in year and returns it as
// an expression (0 for an employee without completed trainings).
func joinJP(s *sql.Selector, year int) sql.Querier {
	s.LeftJoin(jpPerEmployee(dia(s.Dialect()), year).As("jpe")).OnP(on(col("jpe", "employee_id") + ` = ` + s.C(employee.FieldID)))
	return x(`COALESCE(` + col("jpe", "jp") + `, 0)`)
}

// shortfallPage turns the shortfall's selector (the employees, every
// predicate on it, the access rules' included) into its page, fewest JP
// first, then by name and id: the id, name and JP of every employee are
// sorted and cut to the page, and only the page's rows are joined back to
// their full records. Sorting the full records (thirty columns) cost about
// twice as much at 76,670 employees below the right (PostgreSQL backend
// CPU, scale dataset). It is the query's only modifier, which ent applies
// last, after every predicate, the access rules' included.
func shortfallPage(year, first, offset int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		cols := s.SelectedColumns()
		inner := detach(s)
		if dia(s.Dialect()).pg() {
			*s = *shortfallPagePG(inner, cols, year, first, offset)
			return
		}
		jp := joinJP(inner, year)
		inner.Select(inner.C(employee.FieldID), inner.C(employee.FieldName)).AppendSelectExprAs(jp, "jp")
		inner.ClearOrder().OrderExpr(x(`"jp", ` + inner.C(employee.FieldName) + `, ` + inner.C(employee.FieldID))).
			Limit(first).Offset(offset)
		out := sql.Dialect(s.Dialect()).Select(cols...).AppendSelectExprAs(x(col("p", "jp")), "jp").
			From(inner.As("p")).Join(sql.Table(employee.Table).As(employee.Table)).OnP(on(col(employee.Table, employee.FieldID) + ` = ` + col("p", employee.FieldID)))
		out.OrderExpr(x(col("p", "jp") + `, ` + col("p", employee.FieldName) + `, ` + col("p", employee.FieldID)))
		*s = *out
	}
}

// shortfallPagePG is shortfallPage on PostgreSQL, without sorting every
// employee below the right: the page holds the first offset+first
// employees (by name and id) of those without a completed training in the
// year — 0 JP, read in the order of the index on name, stopping there —
// and of those with some (by JP, name and id: the year's completed
// enrollments, a few), sorted together and cut to the page. The employees
// (inner, every predicate on it, the access rules' included) are the CTE
// "c", planned into each part. Training shortfall's first 100 of 76,670:
// 48–63 → 4–6 ms of backend CPU.
func shortfallPagePG(inner *sql.Selector, cols []string, year, first, offset int) *sql.Selector {
	d := dia(inner.Dialect())
	inner.Select(inner.C(employee.FieldID), inner.C(employee.FieldName)).ClearOrder()
	n := lit(first + offset)
	jp := func(below bool) string {
		s := jpPerEmployee(d, year)
		if below { // those at or above the right are not in "c"
			s.Having(sql.ExprP(`SUM(` + col("jt", training.FieldHoursJp) + `) < ` + lit(JPRight)))
		} else { // who has any: no sums, a set of ids
			s = completedIn(d, year)
			s.Select(col("je", enrollment.FieldEmployeeID))
		}
		q, _ := s.Query()
		return `(` + q + `)`
	}
	id, name := col("c", employee.FieldID), col("c", employee.FieldName)
	none := `SELECT ` + id + `, ` + name + `, CAST(0 AS BIGINT) AS "jp" FROM "c" WHERE ` + id + ` NOT IN (SELECT "employee_id" FROM ` + jp(false) + ` AS "j") ORDER BY ` + name + `, ` + id + ` LIMIT ` + n
	// Each employee with JP is looked up in "c" by id (LATERAL, fenced by
	// OFFSET 0 against being flattened into a join: a nested loop over the
	// year's JP), not joined by hashing, which would scan every employee
	// (and be planned in parallel) for a few.
	some := `SELECT ` + col("j", "employee_id") + ` AS "id", ` + col("e", employee.FieldName) + `, ` + col("j", "jp") + ` FROM ` + jp(true) + ` AS "j" JOIN LATERAL (SELECT ` + name + ` FROM "c" WHERE ` + id + ` = ` + col("j", "employee_id") + ` OFFSET 0) AS "e" ON TRUE ORDER BY ` + col("j", "jp") + `, ` + col("e", employee.FieldName) + `, ` + col("j", "employee_id") + ` LIMIT ` + n
	page := `(SELECT * FROM ((` + none + `) UNION ALL (` + some + `)) AS "u" ORDER BY "jp", "name", "id" LIMIT ` + lit(first) + ` OFFSET ` + lit(offset) + `) AS "p"`
	cte := sql.ExprFunc(func(bu *sql.Builder) {
		bu.WriteString(`WITH "c" AS NOT MATERIALIZED `)
		bu.Wrap(func(bu *sql.Builder) { bu.Join(inner) })
	})
	out := sql.Dialect(string(d)).Select(cols...).AppendSelectExprAs(x(col("p", "jp")), "jp").
		FromExpr(x(page + ` JOIN ` + ident(employee.Table) + ` AS ` + ident(employee.Table) + ` ON ` + col(employee.Table, employee.FieldID) + ` = ` + col("p", employee.FieldID))).
		Prefix(cte)
	out.OrderExpr(x(col("p", "jp") + `, ` + col("p", employee.FieldName) + `, ` + col("p", employee.FieldID)))
	return out
}

func shortfallOf(e *ent.Employee) (*JPShortfall, error) {
	v, err := e.Value("jp")
	if err != nil {
		return nil, err
	}
	jp, err := toInt(v)
	if err != nil {
		return nil, fmt.Errorf("JP of employee %d: %w", e.ID, err)
	}
	return &JPShortfall{Employee: e, JP: jp, Missing: JPRight - jp}, nil
}

// TrainingShortfall lists the PNS and CPNS in service matching where who
// completed less than 20 JP in year, fewest JP first (then by name), first
// items from offset (first defaults to DefaultPageSize). Errors: FORBIDDEN
// for employees and the public.
func TrainingShortfall(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, year int, firstArg, offsetArg *int) (*ShortfallPage, error) {
	q, err := shortfallQuery(ctx, c, where, year)
	if err != nil {
		return nil, err
	}
	first, offset, err := page(firstArg, offsetArg)
	if err != nil {
		return nil, err
	}
	total, err := q.Clone().Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("training shortfall: %w", err)
	}
	page := &ShortfallPage{TotalCount: total}
	if first == 0 {
		return page, nil
	}
	q.Modify(shortfallPage(year, first, offset))
	es, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("training shortfall: %w", err)
	}
	for _, e := range es {
		s, err := shortfallOf(e)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, s)
	}
	return page, nil
}

// EachShortfall calls fn for every employee TrainingShortfall would list,
// in id order, reading them in batches (for downloads).
func EachShortfall(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, year int, fn func(*JPShortfall) error) error {
	q, err := shortfallQuery(ctx, c, where, year)
	if err != nil {
		return err
	}
	return eachBatch(ctx, func(after, n int) ([]*ent.Employee, error) {
		return withJP(q.Clone(), year).Where(employee.IDGT(after)).Order(ent.Asc(employee.FieldID)).Limit(n).All(ctx)
	}, func(e *ent.Employee) int { return e.ID }, func(e *ent.Employee) error {
		s, err := shortfallOf(e)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

// DefaultPageSize is the page size of the paged lists when none is asked;
// the server caps page sizes at 100 anyway.
const DefaultPageSize = 100

// page resolves the first and offset arguments of a paged list.
func page(first, offset *int) (int, int, error) {
	f, o := DefaultPageSize, 0
	if first != nil {
		f = *first
	}
	if offset != nil {
		o = *offset
	}
	if f < 0 {
		return 0, 0, apperr.Invalid("first", "the page size cannot be negative")
	}
	if o < 0 {
		return 0, 0, apperr.Invalid("offset", "the offset cannot be negative")
	}
	return f, o, nil
}

// BatchSize is how many records the Each functions read at a time.
const BatchSize = 1000

// eachBatch pages through records by id: load returns up to n records
// with ids above after, in id order.
func eachBatch[T any](ctx context.Context, load func(after, n int) ([]T, error), id func(T) int, fn func(T) error) error {
	after := 0
	for {
		batch, err := load(after, BatchSize)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(batch) < BatchSize {
			return nil
		}
		after = id(batch[len(batch)-1])
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// toInt converts a value scanned from an extra column.
func toInt(v any) (int, error) {
	switch n := v.(type) {
	case nil:
		return 0, nil
	case int64:
		return int(n), nil
	case int:
		return n, nil
	case float64:
		return int(n + 0.5), nil
	case []byte:
		return toInt(string(n))
	case string:
		f, err := strconv.ParseFloat(n, 64)
		return int(f + 0.5), err
	}
	return 0, fmt.Errorf("unexpected %T", v)
}
