package analytics

import (
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/dialect/sql"
)

// histogramValue reports whether the grouped query is computed from a
// histogram of one value (histogramSQL) and which measure's column holds
// it: on PostgreSQL, for records whose source says their percentile values
// are few per group (source.histogram), with at least one percentile,
// every percentile over the same value, and otherwise only sums, means and
// shares (no distinct count, which a histogram cannot give).
//
// Not for every source: with many groups or many values per group (an
// employee aggregate by unit and profession with the median age: about
// 2,500 groups × 45 ages) the histogram is about as large as the records,
// and PostgreSQL, which cannot estimate the groups of an expression such
// as an age, sorts the records to build it (measured slower than
// percentile_cont on the scale dataset).
func histogramValue(b *build, measures []measure, values []sql.Querier) (int, bool) {
	if !b.d.pg() || !b.src.histogram || b.weight != "" {
		return 0, false
	}
	p, text := -1, ""
	for j, m := range measures {
		switch m.agg {
		case aggSum, aggAvg, aggShare:
		case aggPct:
			q, args := values[j].Query()
			t := q + fmt.Sprint(args...)
			if p >= 0 && t != text {
				return 0, false
			}
			if p < 0 {
				p, text = j, t
			}
		default: // a distinct count (a histogram cannot give it), a minimum, …
			return 0, false
		}
	}
	return p, p >= 0
}

// histogramSQL is the grouped query of b.inner (one row per record, with
// its keys k0… and values v0…) computed in two steps, for queries with a
// percentile (histogramValue): the records are first counted per group and
// value of the percentile (column vp) — a histogram, with the partial sums
// and counts the other measures need — and the groups' measures are then
// computed from the histogram's rows.
//
// A percentile otherwise makes PostgreSQL sort every record by the group
// keys and again within each group (percentile_cont is an ordered-set
// aggregate: no hash aggregation), 100,000 rows for an employee aggregate;
// the histogram is grouped by hashing, and only its rows (a few thousand:
// the ages, JP or minutes of each group) are sorted, for the running
// counts. The histogram is a MATERIALIZED CTE so that PostgreSQL plans it
// apart: inlined, the sort the running counts need would make it sort the
// records before grouping them again.
//
// The percentile is percentile_cont's, computed the same way: with N
// values of the group, the position pos = p·(N−1) in double precision; the
// values at the 0-based ranks ⌊pos⌋ and ⌈pos⌉ are the smallest whose
// running count exceeds the rank; the result is lo + (hi − lo)·(pos −
// ⌊pos⌋). Means are sums over counts (exact for the integer values they
// measure here: ages, years, JP, 0/1 shares).
func histogramSQL(b *build, keys []dim, measures []measure, p int) *sql.Selector {
	d := string(b.d)
	h := sql.Dialect(d).Select().From(b.inner.As("r"))
	var group, partition, outKeys []string
	for i := range keys {
		k := "k" + lit(i)
		h.AppendSelectExprAs(x(col("r", k)), k)
		group = append(group, col("r", k))
		partition = append(partition, col("h", k))
		outKeys = append(outKeys, k)
	}
	h.AppendSelectExprAs(x(col("r", "v"+lit(p))), "p")
	h.AppendSelectExprAs(x(`COUNT(*)`), "n")
	h.GroupBy(append(group, col("r", "v"+lit(p)))...)
	for j, m := range measures {
		v, s, c := col("r", "v"+lit(j)), "s"+lit(j), "c"+lit(j)
		switch m.agg {
		case aggSum:
			h.AppendSelectExprAs(x(`SUM(`+v+`)`), s)
		case aggAvg, aggShare:
			h.AppendSelectExprAs(x(`SUM(`+float(v)+`)`), s)
			h.AppendSelectExprAs(x(`COUNT(`+v+`)`), c)
		}
	}
	over := ""
	if len(partition) > 0 {
		over = `PARTITION BY ` + strings.Join(partition, ", ")
	}
	counted := `SUM(CASE WHEN "h"."p" IS NULL THEN 0 ELSE "h"."n" END)`
	windowed := x(`(SELECT "h".*, ` + counted + ` OVER (` + over + ` ORDER BY "h"."p" ROWS UNBOUNDED PRECEDING) AS "cum", ` +
		counted + ` OVER (` + over + `) AS "tot" FROM "h") AS "w"`)
	cte := sql.ExprFunc(func(bu *sql.Builder) {
		bu.WriteString(`WITH "h" AS MATERIALIZED `)
		bu.Wrap(func(bu *sql.Builder) { bu.Join(h) })
	})
	out := sql.Dialect(d).Select().FromExpr(windowed).Prefix(cte)
	for _, k := range outKeys {
		out.AppendSelectExprAs(x(col("w", k)), k)
	}
	out.AppendSelectExprAs(x(`CAST(SUM("w"."n") AS BIGINT)`), "n")
	for j, m := range measures {
		s, c := col("w", "s"+lit(j)), col("w", "c"+lit(j))
		var e string
		switch m.agg {
		case aggSum:
			e = `SUM(` + s + `)`
		case aggAvg, aggShare:
			e = `(SUM(` + s + `) / NULLIF(` + float(`SUM(`+c+`)`) + `, 0))`
		case aggPct:
			e = histogramPercentile(m)
		}
		out.AppendSelectExprAs(x(e), "a"+lit(j))
	}
	if len(outKeys) > 0 {
		out.GroupBy(outKeys...)
	}
	return out.Limit(MaxGroups + 1)
}

// histogramPercentile is percentile_cont(num/den) of the histogram rows
// of a group (see histogramSQL), in the same double-precision arithmetic
// as PostgreSQL's.
func histogramPercentile(m measure) string {
	frac := `CAST(` + strconv.FormatFloat(float64(m.num)/float64(m.den), 'f', -1, 64) + ` AS DOUBLE PRECISION)`
	pos := func(tot string) string { return `(` + frac + ` * ` + float(tot+` - 1`) + `)` }
	rowPos := pos(`"w"."tot"`)
	at := func(rank string) string {
		return `MIN(CASE WHEN "w"."p" IS NOT NULL AND "w"."cum" > ` + rank + ` THEN ` + float(`"w"."p"`) + ` END)`
	}
	lo, hi := at(`FLOOR(`+rowPos+`)`), at(`CEIL(`+rowPos+`)`)
	groupPos := pos(`MAX("w"."tot")`)
	return `(CASE WHEN MAX("w"."tot") > 0 THEN ` + lo + ` + (` + hi + ` - ` + lo + `) * (` + groupPos + ` - FLOOR(` + groupPos + `)) END)`
}
