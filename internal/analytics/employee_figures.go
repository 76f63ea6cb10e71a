package analytics

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/viewer"
)

// Figures of the employees kept by the writers (PostgreSQL only): the
// migration figures_employees keeps, in the writers' own transactions, per
// cell — unit, status, profession group, position type, employment type
// and gender — the UTC dates of birth and of the CPNS appointment of its
// employees as yyyymmdd, one array element per employee. An age or years
// of service at any day are whole years between two such dates,
// (ymd(now) − ymd) / 10000 (dia.yearsSince), so every measure of the
// employees is exact from them, and the figures need no work when the day
// changes.
//
// An employee aggregate that they answer — no where input, keys among
// employeeFigureKeys, the viewer's rows every employee or a unit subtree —
// reads the cells of its scope (18,000 rows for the province's 100,000
// employees, their keys computed by the database) and computes the groups
// here, in one pass over the dates. Any other request runs the aggregate's
// statement (query.run), which PostgreSQL spends 60–90 ms on for the
// province: a join of every employee to its unit and a hash or sort of
// 60,000–100,000 rows by group and age.

// employeeFigureKeys are the dimensions the employee figures answer: those
// of a cell and of its unit, and the age band, computed per employee.
var employeeFigureKeys = []Dimension{Unit, Region, Remote, Status, Profession, PositionType, EmploymentType, Gender, AgeBand}

// employeeFigureMeasures are the measures the employee figures give: every
// measure of the employees' own aggregate.
var employeeFigureMeasures = []Measure{AverageAge, MedianAge, MinAge, MaxAge, AverageServiceYears, MedianServiceYears, FemaleShare, PPPKShare}

// employeeCell is one row of the cells' statement: the keys the database
// computes (k0…) and the dates of the employees of the cells with them, as
// the texts of their PostgreSQL arrays one after the other, apart for
// women (F) and PPPK employees (P), whose shares are measures.
type employeeCell struct {
	K0       *string `sql:"k0"`
	K1       *string `sql:"k1"`
	K2       *string `sql:"k2"`
	K3       *string `sql:"k3"`
	K4       *string `sql:"k4"`
	K5       *string `sql:"k5"`
	K6       *string `sql:"k6"`
	K7       *string `sql:"k7"`
	People   *string `sql:"people"`
	PeopleF  *string `sql:"people_f"`
	PeopleP  *string `sql:"people_p"`
	PeopleFP *string `sql:"people_fp"`
	// Count… are the numbers of those employees, read instead of their
	// dates when no key or measure needs a date (a count, the shares).
	Count   *int64 `sql:"count"`
	CountF  *int64 `sql:"count_f"`
	CountP  *int64 `sql:"count_p"`
	CountFP *int64 `sql:"count_fp"`
	// N is the one column of onPostgres's statement on another dialect,
	// which reads no row.
	N *int64 `sql:"n"`
}

func (r *employeeCell) keys() []*string {
	return []*string{r.K0, r.K1, r.K2, r.K3, r.K4, r.K5, r.K6, r.K7}
}

// people are the cell's dates per class: none, woman, PPPK, both (bit 0
// woman, bit 1 PPPK).
func (r *employeeCell) people() [4]*string {
	return [4]*string{r.People, r.PeopleF, r.PeopleP, r.PeopleFP}
}

// counts are the cell's numbers of employees per class of people.
func (r *employeeCell) counts() [4]*int64 {
	return [4]*int64{r.Count, r.CountF, r.CountP, r.CountFP}
}

// employeeFigures answers the employee aggregate from figures_employees
// when it can (ok); otherwise the caller runs the aggregate's statement.
// The groups are those query.run returns, before disclosure.
func employeeFigures(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, spec Spec, now time.Time) (groups []*Group, ok bool, err error) {
	measures := orDefault(spec.Measures, DefaultEmployeeMeasures)
	if (where != nil && !isEmptyWhere(where)) || checkShape(spec.GroupBy, len(measures), spec.UnitLevel) != nil ||
		checkSources(ctx, spec.GroupBy, measures) != nil {
		return nil, false, nil
	}
	for _, d := range spec.GroupBy {
		if !slices.Contains(employeeFigureKeys, d) {
			return nil, false, nil
		}
	}
	for _, m := range measures {
		if !slices.Contains(employeeFigureMeasures, m) {
			return nil, false, nil
		}
	}
	sc, err := figuresScopeOf(ctx, c, viewer.FromContext(ctx), "employees")
	if err != nil || sc == nil {
		return nil, false, err
	}
	depth := 0
	if spec.UnitLevel != nil && slices.Contains(spec.GroupBy, Unit) {
		if depth, err = maxDepth(ctx, c); err != nil {
			return nil, false, err
		}
	}
	dates := slices.Contains(spec.GroupBy, AgeBand) || slices.ContainsFunc(measures, func(m Measure) bool {
		return m != FemaleShare && m != PPPKShare
	})
	keys, cellsSQL := employeeCellsSQL(spec.GroupBy, spec.UnitLevel, depth, sc, dates)
	var cells []employeeCell
	pg, err := onPostgres(func(o func(*sql.Selector)) error { return c.Employee.Query().Order(o).Select().Scan(ctx, &cells) },
		func() *sql.Selector { return cellsSQL })
	if err != nil {
		return nil, false, wrap("aggregate employees", err)
	}
	if !pg {
		return nil, false, nil
	}
	groups = groupCells(cells, keys, measures, ymdOf(now))
	if len(groups) > MaxGroups {
		return nil, false, nil // query.run refuses it, with its message
	}
	sortGroups(groups, keys)
	if err := label(ctx, c, groups, keys); err != nil {
		return nil, false, err
	}
	return groups, true, nil
}

// employeeCellsSQL is the statement of the cells in scope sc, grouped by
// the keys of groupBy the database computes, as query.run computes them
// (a unit rolled up through the same ancestor rows, a region or remote
// flag through the unit), in columns k0… in the order of groupBy without
// the age band; with the dates of the cells' employees, or only their numbers when no
// key or measure needs a date (dates false). keys are the dimensions of
// groupBy, resolved.
func employeeCellsSQL(groupBy []Dimension, level *int, depth int, sc *figuresScope, dates bool) ([]dim, *sql.Selector) {
	f := func(c string) string { return col("f", c) }
	ff := newFiguresFrom(dia(dialect.Postgres), `"figures_employees" AS "f"`, level, depth)
	s := sql.Dialect(dialect.Postgres).Select()
	var keys []dim
	column := 0
	for _, k := range groupBy {
		e, kind, ok := ff.unitKey(k)
		switch {
		case ok:
		case k == Status:
			e = f(employee.FieldStatus)
		case k == AgeBand:
			keys = append(keys, dim{k, "", kindAgeBand})
			continue
		default:
			e = f(employeeField[k])
		}
		s.AppendSelectExprAs(x(e), "k"+lit(column))
		column++
		keys = append(keys, dim{k, e, kind})
	}
	var group []string
	for _, k := range keys {
		if k.expr != "" {
			group = append(group, k.expr)
		}
	}
	// The cells of one group as texts: their arrays' texts one after the
	// other ("{…}{…}"), which string_agg appends in linear time, one text
	// per class of employeeCell.people. One row per group reaches the server
	// (120 of the region × profession × age band), not one per cell
	// (18,000).
	female, pppk := f(employee.FieldGender)+` = 'FEMALE'`, f(employee.FieldEmploymentType)+` = 'PPPK'`
	for _, class := range []struct{ name, cond string }{
		{"people", `NOT ` + female + ` AND NOT ` + pppk},
		{"people_f", female + ` AND NOT ` + pppk},
		{"people_p", `NOT ` + female + ` AND ` + pppk},
		{"people_fp", female + ` AND ` + pppk},
	} {
		if dates {
			s.AppendSelectExprAs(x(`string_agg(CAST(`+f("people")+` AS text), '') FILTER (WHERE `+class.cond+`)`), class.name)
		} else {
			name := strings.Replace(class.name, "people", "count", 1)
			s.AppendSelectExprAs(x(`CAST(SUM(cardinality(`+f("people")+`)) FILTER (WHERE `+class.cond+`) AS BIGINT)`), name)
		}
	}
	s.FromExpr(x(ff.from)).Where(on(`cardinality(` + f("people") + `) > 0`))
	if len(group) > 0 {
		s.GroupBy(group...)
	}
	sc.restrict(s, f("unit_id"))
	return keys, s
}

// employeeGroup accumulates one group of groupCells.
type employeeGroup struct {
	g *Group
	// ages and service are the group's whole years per employee with the
	// date (for the medians, when asked); the sums, counts and bounds
	// give the other measures.
	ages, service        []int
	ageSum, serviceSum   int
	aged, served         int
	minAge, maxAge       int
	female, pppk, people int
}

// groupCells computes the groups of keys and measures from the cells, at
// the date today (yyyymmdd): the same groups, counts and values as
// query.run's statement, in any order. An age is (today − birth) / 10000
// in integer arithmetic, truncated toward zero as in PostgreSQL; an age
// band is that age's, as build.key computes it; an average is the integer
// sum divided once in double precision (what AVG of whole numbers in
// double precision gives); a median is percentile_cont's interpolation.
func groupCells(cells []employeeCell, keys []dim, measures []Measure, today int) []*Group {
	band := slices.IndexFunc(keys, func(k dim) bool { return k.d == AgeBand })
	medians := slices.Contains(measures, MedianAge) || slices.Contains(measures, MedianServiceYears)
	byKey := map[string]*employeeGroup{}
	var order []*employeeGroup
	var raw []*string
	var people []int64
	var b []byte
	find := func(cell []*string, bandValue *string) *employeeGroup {
		raw = raw[:0]
		b = b[:0]
		j := 0
		for i := range keys {
			var v *string
			if i == band {
				v = bandValue
			} else {
				v = cell[j]
				j++
			}
			raw = append(raw, v)
			if v == nil {
				b = append(b, 1)
			} else {
				b = append(b, *v...)
			}
			b = append(b, 0)
		}
		if g := byKey[string(b)]; g != nil {
			return g
		}
		g := &employeeGroup{g: &Group{Key: make([]Key, len(keys))}, minAge: math.MaxInt, maxAge: math.MinInt}
		for i, k := range keys {
			g.g.Key[i] = Key{Dimension: k.d, Value: raw[i]}
		}
		byKey[string(b)] = g
		order = append(order, g)
		return g
	}
	bands := bandValues()
	for i := range cells {
		cell := &cells[i]
		cellKeys := cell.keys()
		// One group per row, or per band of the row: found once each.
		var whole *employeeGroup
		var perBand [len(ageBands) + 1]*employeeGroup
		counts := cell.counts()
		for class, text := range cell.people() {
			female, pppk := class&1 != 0, class&2 != 0
			if n := counts[class]; n != nil && *n > 0 {
				// Employees counted, without their dates: no band, no age.
				if whole == nil {
					whole = find(cellKeys, nil)
				}
				whole.people += int(*n)
				if female {
					whole.female += int(*n)
				}
				if pppk {
					whole.pppk += int(*n)
				}
			}
			if text == nil {
				continue
			}
			people = parseInts(*text, people[:0])
			for _, p := range people {
				birth, cpns := int(p/100000000), int(p%100000000)
				age, aged := 0, birth != 0
				if aged {
					age = (today - birth) / 10000
				}
				var g *employeeGroup
				switch {
				case band < 0:
					if whole == nil {
						whole = find(cellKeys, nil)
					}
					g = whole
				default:
					at := len(ageBands) // no birth date: no band
					if aged {
						at = (min(60, max(age, 20)/5*5) - 20) / 5
					}
					if perBand[at] == nil {
						perBand[at] = find(cellKeys, bands[at])
					}
					g = perBand[at]
				}
				g.people++
				if female {
					g.female++
				}
				if pppk {
					g.pppk++
				}
				if aged {
					g.aged++
					g.ageSum += age
					g.minAge, g.maxAge = min(g.minAge, age), max(g.maxAge, age)
					if medians {
						g.ages = append(g.ages, age)
					}
				}
				if cpns != 0 {
					years := (today - cpns) / 10000
					g.served++
					g.serviceSum += years
					if medians {
						g.service = append(g.service, years)
					}
				}
			}
		}
	}
	if len(keys) == 0 && len(order) == 0 {
		// Without keys the statement's one row of no employee: a count
		// of 0, every measure nil.
		order = append(order, &employeeGroup{g: &Group{Key: []Key{}}})
	}
	groups := make([]*Group, len(order))
	for i, g := range order {
		g.g.Count = g.people
		g.g.Values = make([]MeasureValue, len(measures))
		for j, m := range measures {
			g.g.Values[j] = MeasureValue{Measure: m, Value: g.value(m)}
		}
		groups[i] = g.g
	}
	return groups
}

// ageBands are the lower bounds of the age bands as build.key computes
// them (20 standing for every age below 25).
var ageBands = [...]int{20, 25, 30, 35, 40, 45, 50, 55, 60}

// bandValues are the raw key values of ageBands, and nil for no band.
func bandValues() []*string {
	out := make([]*string, len(ageBands)+1)
	for i, b := range ageBands {
		s := strconv.Itoa(b)
		out[i] = &s
	}
	return out
}

// value is the group's measure m; nil where no employee has the date.
func (g *employeeGroup) value(m Measure) *float64 {
	ratio := func(a, b int) *float64 {
		if b == 0 {
			return nil
		}
		v := float64(a) / float64(b)
		return &v
	}
	whole := func(n int) *float64 {
		v := float64(n)
		return &v
	}
	switch m {
	case AverageAge:
		return ratio(g.ageSum, g.aged)
	case MedianAge:
		return medianOf(g.ages)
	case MinAge:
		if g.aged == 0 {
			return nil
		}
		return whole(g.minAge)
	case MaxAge:
		if g.aged == 0 {
			return nil
		}
		return whole(g.maxAge)
	case AverageServiceYears:
		return ratio(g.serviceSum, g.served)
	case MedianServiceYears:
		return medianOf(g.service)
	case FemaleShare:
		return ratio(g.female, g.people)
	case PPPKShare:
		return ratio(g.pppk, g.people)
	}
	return nil
}

// medianOf is percentile_cont(0.5) of vs: the value at the 0-based
// position (n−1)/2 of the sorted values, interpolated between the two
// around it as PostgreSQL does (lo + fraction × (hi − lo)); nil for none.
func medianOf(vs []int) *float64 {
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	pos := 0.5 * float64(len(vs)-1)
	lo, hi := math.Floor(pos), math.Ceil(pos)
	a, b := float64(vs[int(lo)]), float64(vs[int(hi)])
	v := a + (pos-lo)*(b-a)
	return &v
}

// parseInts appends the integers of the text of a PostgreSQL array of
// integers ("{1,2,3}") to out.
func parseInts(s string, out []int64) []int64 {
	var n int64
	digits, neg := false, false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			n, digits = n*10+int64(ch-'0'), true
		case ch == '-':
			neg = true
		default: // '{', ',' or '}'
			if digits {
				if neg {
					n = -n
				}
				out = append(out, n)
			}
			n, digits, neg = 0, false, false
		}
	}
	return out
}
