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
// are few per group (source.histogram) or whose ages are read from the
// relation of ages (build.age: whole years, at most 101 per group), with
// at least one percentile, every percentile over the same value, and
// otherwise only sums, means, shares, minima and maxima (no distinct
// count, which a histogram cannot give).
//
// Not for every source: with many groups or many values per group (an
// employee aggregate by unit and profession with the median age: about
// 2,500 groups × 45 ages) the histogram is about as large as the records,
// and PostgreSQL, which cannot estimate the groups of an expression such
// as an age, sorts the records to build it (measured slower than
// percentile_cont on the scale dataset).
func histogramValue(b *build, measures []measure, values []sql.Querier) (int, bool) {
	if !b.d.pg() || !(b.src.histogram || b.agesOf != "") || b.weight != "" {
		return 0, false
	}
	p, text := -1, ""
	for j, m := range measures {
		switch m.agg {
		case aggSum, aggAvg, aggShare, aggMin, aggMax:
		case aggPct:
			q, args := values[j].Query()
			t := q + fmt.Sprint(args...)
			if p >= 0 && t != text {
				return 0, false
			}
			if p < 0 {
				p, text = j, t
			}
		default: // a distinct count (a histogram cannot give it), …
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
// measure here: ages, years, JP, 0/1 shares). A measure of whole numbers
// (measure.whole) over the histogram's value itself (the mean, least or
// greatest age beside the median age) needs no partial sums: it is read
// from the values and their counts; other whole numbers are summed as
// integers, and counted by their measure.present column (or not at all
// when never NULL). Minima and maxima are those of the partial ones.
func histogramSQL(b *build, keys []dim, measures []measure, values []sql.Querier, p int) *sql.Selector {
	d := string(b.d)
	// b.inner becomes "r" once every column of it is added (b.C reads
	// the alias: the present columns must be written before).
	h := sql.Dialect(d).Select()
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
	// ofP marks the measures read from the histogram's value and counts.
	ofP := make([]bool, len(measures))
	// counts[j] is the column counting measure j's values; "n" when
	// they are never NULL.
	counts := make([]string, len(measures))
	for j, m := range measures {
		v, s, c := col("r", "v"+lit(j)), "s"+lit(j), "c"+lit(j)
		counts[j] = c
		switch {
		case m.agg == aggPct:
		case (m.whole || m.agg == aggMin || m.agg == aggMax) && sameSQL(values[j], values[p]):
			ofP[j] = true
		case m.agg == aggMin, m.agg == aggMax:
			h.AppendSelectExprAs(x(aggregateExpr(b.d, m, j)), s)
		case m.agg == aggSum:
			h.AppendSelectExprAs(x(`SUM(`+v+`)`), s)
		case m.whole:
			h.AppendSelectExprAs(x(`SUM(`+v+`)`), s)
			switch {
			case m.present == nil:
				h.AppendSelectExprAs(x(`COUNT(`+v+`)`), c)
			case m.present(b) == "":
				counts[j] = "n"
			default:
				b.inner.AppendSelectExprAs(x(m.present(b)), "q"+lit(j))
				h.AppendSelectExprAs(x(`COUNT(`+col("r", "q"+lit(j))+`)`), c)
			}
		default: // a mean or share
			h.AppendSelectExprAs(x(`SUM(`+float(v)+`)`), s)
			h.AppendSelectExprAs(x(`COUNT(`+v+`)`), c)
		}
	}
	miss := missColumns(b)
	if miss {
		h.AppendSelectExprAs(x(`COUNT(`+col("r", "mb")+`) - COUNT(`+col("r", "ma")+`)`), "miss")
	}
	h.From(b.inner.As("r"))
	out := fromHistogram(d, h, partition, countedValues, outKeys)
	out.AppendSelectExprAs(x(`CAST(SUM("w"."n") AS BIGINT)`), "n")
	pn := `SUM(CASE WHEN "w"."p" IS NULL THEN 0 ELSE "w"."n" END)` // the values counted
	for j, m := range measures {
		s, c := col("w", "s"+lit(j)), col("w", counts[j])
		var e string
		switch {
		case m.agg == aggPct:
			e = histogramPercentile(m)
		case ofP[j] && m.agg == aggMin:
			e = `MIN("w"."p")`
		case ofP[j] && m.agg == aggMax:
			e = `MAX("w"."p")`
		case ofP[j] && m.agg == aggSum:
			e = `SUM("w"."p" * "w"."n")`
		case ofP[j]: // a mean
			e = `(` + float(`SUM("w"."p" * "w"."n")`) + ` / NULLIF(` + float(pn) + `, 0))`
		case m.agg == aggMin:
			e = `MIN(` + s + `)`
		case m.agg == aggMax:
			e = `MAX(` + s + `)`
		case m.agg == aggSum:
			e = `SUM(` + s + `)`
		case m.whole:
			e = `(` + float(`SUM(`+s+`)`) + ` / NULLIF(` + float(`SUM(`+c+`)`) + `, 0))`
		default:
			e = `(SUM(` + s + `) / NULLIF(` + float(`SUM(`+c+`)`) + `, 0))`
		}
		out.AppendSelectExprAs(x(e), "a"+lit(j))
	}
	if miss {
		out.AppendSelectExprAs(x(`CAST(SUM("w"."miss") AS BIGINT)`), "miss")
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

// countedValues counts the records of a histogram's row that have a value.
const countedValues = `SUM(CASE WHEN "h"."p" IS NULL THEN 0 ELSE "h"."n" END)`

// runningCounts reads the histogram "h" as "w", adding per group (the
// partition columns) the running count "cum" of its records in the order of
// their values "p" and their total "tot"; counted is the window aggregate
// that counts a row's records.
func runningCounts(partition []string, counted string) string {
	over := ""
	if len(partition) > 0 {
		over = `PARTITION BY ` + strings.Join(partition, ", ")
	}
	return `(SELECT "h".*, ` + counted + ` OVER (` + over + ` ORDER BY "h"."p" ROWS UNBOUNDED PRECEDING) AS "cum", ` +
		counted + ` OVER (` + over + `) AS "tot" FROM "h") AS "w"`
}

// fromHistogram selects from the histogram h, kept as the MATERIALIZED CTE
// "h" and read with its running counts as "w" (runningCounts over the
// partition columns, counting with counted), the key columns keys of "w".
func fromHistogram(d string, h *sql.Selector, partition []string, counted string, keys []string) *sql.Selector {
	cte := sql.ExprFunc(func(bu *sql.Builder) {
		bu.WriteString(`WITH "h" AS MATERIALIZED `)
		bu.Wrap(func(bu *sql.Builder) { bu.Join(h) })
	})
	out := sql.Dialect(d).Select().FromExpr(x(runningCounts(partition, counted))).Prefix(cte)
	for _, k := range keys {
		out.AppendSelectExprAs(x(col("w", k)), k)
	}
	return out
}
