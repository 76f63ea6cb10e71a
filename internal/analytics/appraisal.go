package analytics

import (
	"context"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/internal/apperr"
)

// Predicates lists the performance predicates (predikat kinerja) from best
// to worst.
var Predicates = []appraisal.Predicate{appraisal.PredicateSANGAT_BAIK, appraisal.PredicateBAIK,
	appraisal.PredicateBUTUH_PERBAIKAN, appraisal.PredicateKURANG, appraisal.PredicateSANGAT_KURANG}

// PredicateCount is how many appraisals of a group earned a predicate.
type PredicateCount struct {
	// Predicate is the predicate.
	Predicate appraisal.Predicate
	// Count is the number of appraisals with it.
	Count int
	// Share is Count ÷ the group's rated appraisals; nil when none is rated.
	Share *float64
}

// PredicateDistribution is the spread of predicates over a group of
// appraisals, e.g. a unit in a period.
type PredicateDistribution struct {
	// Key holds the group's value of each group-by dimension.
	Key []Key
	// Total is the appraisals in the group.
	Total int
	// Rated is those with a predicate (both ratings given).
	Rated int
	// Predicates counts each predicate, best first.
	Predicates []PredicateCount
}

// PredicateDistributions counts, per group of the appraisals matching
// where that the viewer may see, the appraisals of each predicate — by
// default per unit, year and period kind and period. Individual predicates
// are personal; counts of them are what analysts and leaders see.
//
// On PostgreSQL the figures kept by the writers answer it when they can
// (appraisalFigures).
func PredicateDistributions(ctx context.Context, c *ent.Client, where *ent.AppraisalWhereInput, groupBy []Dimension, unitLevel *int, now time.Time) ([]*PredicateDistribution, error) {
	return predicateDistributions(ctx, c, where, groupBy, unitLevel, now, true)
}

func predicateDistributions(ctx context.Context, c *ent.Client, where *ent.AppraisalWhereInput, groupBy []Dimension, unitLevel *int, now time.Time, figures bool) ([]*PredicateDistribution, error) {
	if _, err := authorize(ctx); err != nil {
		return nil, err
	}
	q, err := where.Filter(c.Appraisal.Query())
	if err != nil {
		return nil, apperr.Invalid("where", "%v", err)
	}
	if groupBy == nil {
		groupBy = DefaultDistributionGroupBy
	}
	src := appraisalSource(q)
	ms := []Measure{Rated}
	for _, p := range Predicates {
		m := Measure("PREDICATE_" + string(p))
		src.measures[m] = sum(text(func(b *build) string { return when(b.C(appraisal.FieldPredicate) + ` = ` + str(string(p))) }))
		ms = append(ms, m)
	}
	groups, ok, err := []*Group(nil), false, error(nil)
	if figures {
		groups, ok, err = appraisalFigures(ctx, c, where, groupBy, unitLevel, ms)
	}
	if err == nil && !ok {
		groups, err = (&query{src: src, groupBy: groupBy, level: unitLevel, measures: ms, now: now}).run(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	out := make([]*PredicateDistribution, 0, len(groups))
	for _, g := range groups {
		if g.Count == 0 {
			continue
		}
		d := &PredicateDistribution{Key: g.Key, Total: g.Count, Rated: intOf(g.Values[0].Value)}
		for i, p := range Predicates {
			pc := PredicateCount{Predicate: p, Count: intOf(g.Values[i+1].Value)}
			if d.Rated > 0 {
				s := float64(pc.Count) / float64(d.Rated)
				pc.Share = &s
			}
			d.Predicates = append(d.Predicates, pc)
		}
		out = append(out, d)
	}
	return out, nil
}

// periodsFirstSQL is the grouped query of the appraisals (source.aggregate).
// With a YEAR, QUARTER or MONTH key and only measures that add up from
// partial results (sums, means, shares, minimums, maximums, counts), the
// appraisals are first grouped by their other keys and the first day of
// their period itself, with partial sums and counts, and the year, quarter
// or month is computed from those few groups' days, not from every
// appraisal: an appraisal's period starts on one of a few days (the 194,609
// appraisals of the scale dataset on two), and date_part on every row
// plus grouping by its result cost more than grouping by the stored
// timestamp (appraisals by agency, year and period kind: 136–144 → 120–124
// ms of backend CPU, under load). The unit roll-up stays in the first
// grouping, below its fence: grouped first per unit, PostgreSQL planned
// the first grouping in parallel at three times the CPU. Other queries
// take aggregateSQL.
//
// Means are a sum over a count, both exact in double precision for the
// whole numbers they measure here (0/1 shares, ages), divided once as AVG
// divides.
func periodsFirstSQL(b *build, keys []dim, names []Measure) *sql.Selector {
	measures := make([]measure, len(names))
	for j, m := range names {
		measures[j] = b.src.measures[m]
	}
	dated := slices.ContainsFunc(keys, func(k dim) bool { return isPeriod(k.d) })
	ok := dated && b.weight == "" && b.src.date != nil && b.src.calendar == nil
	for _, m := range measures {
		switch m.agg {
		case aggSum, aggAvg, aggShare, aggMin, aggMax, aggCount:
		default:
			ok = false // a distinct count or a percentile: not from partial results
		}
	}
	if !ok {
		return aggregateSQL(b, keys, measures)
	}
	day, zone := b.src.date(b)
	inner := b.inner
	inner.Select().SetDistinct(false)
	var firstKeys []string // the keys of the first grouping: the other keys, then the day
	for i, k := range keys {
		if !isPeriod(k.d) {
			inner.AppendSelectExprAs(x(k.expr), "k"+lit(i))
			firstKeys = append(firstKeys, "k"+lit(i))
		}
	}
	inner.AppendSelectExprAs(x(day), "d")
	firstKeys = append(firstKeys, "d")
	for j, m := range measures {
		inner.AppendSelectExprAs(m.value(b), "v"+lit(j))
	}
	inner.ClearOrder()
	d := string(b.d)
	first := sql.Dialect(d).Select().From(inner.As("r"))
	for _, k := range firstKeys {
		first.AppendSelectExprAs(x(col("r", k)), k)
	}
	first.AppendSelectExprAs(x(`COUNT(*)`), "n")
	for j, m := range measures {
		v := col("r", "v"+lit(j))
		switch m.agg {
		case aggSum:
			first.AppendSelectExprAs(x(`SUM(`+v+`)`), "s"+lit(j))
		case aggAvg, aggShare:
			first.AppendSelectExprAs(x(`SUM(`+float(v)+`)`), "s"+lit(j))
			first.AppendSelectExprAs(x(`COUNT(`+v+`)`), "c"+lit(j))
		case aggMin:
			first.AppendSelectExprAs(x(`MIN(`+v+`)`), "s"+lit(j))
		case aggMax:
			first.AppendSelectExprAs(x(`MAX(`+v+`)`), "s"+lit(j))
		case aggCount:
			first.AppendSelectExprAs(x(`COUNT(`+v+`)`), "s"+lit(j))
		}
	}
	first.GroupBy(firstKeys...)
	out := sql.Dialect(d).Select().From(first.As("p"))
	y, m := b.d.year(col("p", "d"), zone), b.d.month(col("p", "d"), zone)
	var group []string
	for i, k := range keys {
		e := col("p", "k"+lit(i))
		if isPeriod(k.d) {
			e, _, _ = calendarKey(k.d, y, m) // never an error
		}
		out.AppendSelectExprAs(x(e), "k"+lit(i))
		group = append(group, "k"+lit(i))
	}
	out.AppendSelectExprAs(x(`CAST(SUM(`+col("p", "n")+`) AS BIGINT)`), "n")
	for j, m := range measures {
		s := col("p", "s"+lit(j))
		var e string
		switch m.agg {
		case aggSum, aggCount:
			e = `SUM(` + s + `)`
		case aggAvg, aggShare:
			e = `(SUM(` + s + `) / NULLIF(` + float(`SUM(`+col("p", "c"+lit(j))+`)`) + `, 0))`
		case aggMin:
			e = `MIN(` + s + `)`
		case aggMax:
			e = `MAX(` + s + `)`
		}
		out.AppendSelectExprAs(x(e), "a"+lit(j))
	}
	// The keys' output columns: a period key is an expression of "p"."d",
	// which GROUP BY finds by its output name.
	out.GroupBy(group...)
	return out.Limit(MaxGroups + 1)
}

// isPeriod reports whether d is a calendar dimension of the records' date.
func isPeriod(d Dimension) bool { return d == Year || d == Quarter || d == Month }
