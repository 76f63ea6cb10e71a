package analytics

import (
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"simasn/ent/enrollment"
	"simasn/ent/training"
)

// enrollmentAggregate is the enrollments' grouped query (source.aggregate):
// perTrainingSQL's when it applies, else aggregateSQL's.
func enrollmentAggregate(b *build, keys []dim, names []Measure) *sql.Selector {
	measures := make([]measure, len(names))
	for j, n := range names {
		measures[j] = b.src.measures[n]
	}
	if p, ok := perTrainingPlan(b, keys, names, measures); ok {
		return perTrainingSQL(b, keys, measures, p)
	}
	return aggregateSQL(b, keys, measures)
}

// trainingLevel is the expression of a key dimension that a training
// decides for all its enrollments (its id, category, method, and the year,
// quarter and month of its last day), over the columns of trainingRows
// under alias; false for the others.
func trainingLevel(d Dimension, alias string) (string, bool) {
	switch d {
	case Training:
		return col(alias, training.FieldID), true
	case TrainingCategory:
		return col(alias, training.FieldCategory), true
	case TrainingMethod:
		return col(alias, training.FieldMethod), true
	case Year, Quarter, Month:
		e, _, _ := calendarKey(d, col(alias, trainingYear), col(alias, trainingMonth))
		return e, true
	}
	return "", false
}

// perTrainingPlan reports whether perTrainingSQL computes the query, and
// which measure holds the percentile (−1 for none): on PostgreSQL, when a
// key is decided by the training (trainingLevel) and none is a unit or a
// position, the measures ask for a
// distinct count of employees or a percentile (which otherwise make
// PostgreSQL sort every enrollment), every percentile is over the same
// value, and the other measures are sums, shares, minimums, maximums and
// means of whole numbers — the histogram adds them up in another order,
// which leaves those exact (AVERAGE_SCORE, a mean of decimals, is not
// taken: its last digits could change).
func perTrainingPlan(b *build, keys []dim, names []Measure, measures []measure) (int, bool) {
	if !b.d.pg() || b.weight != "" {
		return -1, false
	}
	if !slices.ContainsFunc(keys, func(k dim) bool { _, ok := trainingLevel(k.d, ""); return ok }) {
		return -1, false
	}
	// Units and positions have thousands of values: the histogram of
	// their groups approaches the enrollments themselves, and hashing it
	// cost more than the sort (units × quarter with the median score: 623–
	// 630 against 357–364 ms; regions × quarter: 374–383 against 396–412).
	if slices.ContainsFunc(keys, func(k dim) bool { return k.d == Unit || k.d == Position }) {
		return -1, false
	}
	p, text, distinct := -1, "", false
	for j, m := range measures {
		switch m.agg {
		case aggSum, aggShare, aggMin, aggMax:
		case aggAvg:
			if names[j] == AverageScore {
				return -1, false
			}
		case aggDistinct:
			if names[j] != Employees {
				return -1, false
			}
			distinct = true
		case aggPct:
			q, args := m.value(b).Query()
			t := q + strings.Repeat("?", len(args))
			if len(args) > 0 || (p >= 0 && t != text) {
				return -1, false
			}
			if p < 0 {
				p, text = j, t
			}
		default:
			return -1, false
		}
	}
	return p, distinct || p >= 0
}

// perTrainingSQL is the enrollments' grouped query without sorting every
// enrollment, for perTrainingPlan's queries. The enrollments (b.inner, every
// predicate on them) are read as the CTE "r" and:
//
//   - counted per group and value of the percentile p ("h": a histogram,
//     grouped by hashing, with the partial sums, minimums and maximums of
//     the other measures), the percentile then read from the histogram's
//     running counts as histogramSQL does; without a percentile, "h" is the
//     groups themselves;
//   - the distinct employees (EMPLOYEES) of a group are its enrollments
//     when the group holds the enrollments of one training only: an
//     employee enrolls at most once in a training (the unique index on
//     employee_id, training_id). A group's training-level keys
//     (trainingLevel) hold one training when no other training shares
//     them; only the enrollments of trainings that do share them are
//     counted by COUNT(DISTINCT) ("d", sorting just those), a semi-join
//     of the enrollments to those trainings. Groups by quarter and
//     category of the scale dataset hold one training each, so none are
//     sorted, and the join, finding no training, reads no enrollment (as
//     "= ANY" of the trainings' array it read all 181,217: 23 ms).
func perTrainingSQL(b *build, keys []dim, measures []measure, p int) *sql.Selector {
	d := string(b.d)
	selectValues(b, rowColumns(b, keys, measures))
	b.inner.AppendSelectExprAs(x(b.C(enrollment.FieldTrainingID)), "tid")

	var rk, hk, wk, shared []string
	for i, k := range keys {
		rk = append(rk, col("r", "k"+lit(i)))
		hk = append(hk, col("h", "k"+lit(i)))
		wk = append(wk, col("w", "k"+lit(i)))
		if e, ok := trainingLevel(k.d, "tm"); ok {
			shared = append(shared, e)
		}
	}
	keyList := func(cols []string, alias bool) string {
		if !alias {
			return strings.Join(cols, ", ")
		}
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = c + ` AS "k` + lit(i) + `"`
		}
		return strings.Join(out, ", ")
	}

	// The histogram (or the groups) with the partial aggregates.
	hSel := []string{keyList(rk, true)}
	hGroup := keyList(rk, false)
	if p >= 0 {
		hSel = append(hSel, col("r", "v"+lit(p))+` AS "p"`)
		hGroup += `, ` + col("r", "v"+lit(p))
	}
	hSel = append(hSel, `COUNT(*) AS "n"`)
	var distinct []int
	for j, m := range measures {
		v, s, c := col("r", "v"+lit(j)), `"s`+lit(j)+`"`, `"c`+lit(j)+`"`
		switch m.agg {
		case aggSum:
			hSel = append(hSel, `SUM(`+v+`) AS `+s)
		case aggAvg, aggShare:
			hSel = append(hSel, `SUM(`+float(v)+`) AS `+s, `COUNT(`+v+`) AS `+c)
		case aggMin:
			hSel = append(hSel, `MIN(`+v+`) AS `+s)
		case aggMax:
			hSel = append(hSel, `MAX(`+v+`) AS `+s)
		case aggDistinct:
			distinct = append(distinct, j)
		}
	}
	hText := `SELECT ` + strings.Join(hSel, ", ") + ` FROM "r" GROUP BY ` + hGroup

	// The exact distinct counts of the groups whose trainings share their
	// training-level keys with another training.
	dText := ""
	if len(distinct) > 0 {
		dSel := []string{keyList(rk, true)}
		for _, j := range distinct {
			dSel = append(dSel, `COUNT(DISTINCT `+col("r", "v"+lit(j))+`) AS "d`+lit(j)+`"`)
		}
		sharing := `SELECT "m"."id" FROM (SELECT ` + col("tm", training.FieldID) + `, COUNT(*) OVER (PARTITION BY ` +
			strings.Join(shared, ", ") + `) AS "c" FROM ` + trainingRows(b.d) + ` AS "tm") AS "m" WHERE "m"."c" > 1`
		dText = `SELECT ` + strings.Join(dSel, ", ") + ` FROM "r" WHERE ` + col("r", "tid") + ` IN (` + sharing + `) GROUP BY ` + keyList(rk, false)
	}

	// The groups from the histogram's rows.
	w := `"h" AS "w"`
	if p >= 0 {
		w = runningCounts(hk, countedValues)
	}
	gSel := []string{keyList(wk, true), `CAST(SUM("w"."n") AS BIGINT) AS "n"`}
	for j, m := range measures {
		s, c := col("w", "s"+lit(j)), col("w", "c"+lit(j))
		var e string
		switch m.agg {
		case aggSum:
			e = `SUM(` + s + `)`
		case aggAvg, aggShare:
			e = `(SUM(` + s + `) / NULLIF(` + float(`SUM(`+c+`)`) + `, 0))`
		case aggMin:
			e = `MIN(` + s + `)`
		case aggMax:
			e = `MAX(` + s + `)`
		case aggPct:
			e = histogramPercentile(m)
		default:
			continue
		}
		gSel = append(gSel, e+` AS "a`+lit(j)+`"`)
	}
	gText := `(SELECT ` + strings.Join(gSel, ", ") + ` FROM ` + w + ` GROUP BY ` + keyList(wk, false) + `) AS "g"`
	if dText != "" {
		var cond []string
		for i := range keys {
			cond = append(cond, col("d", "k"+lit(i))+` IS NOT DISTINCT FROM `+col("g", "k"+lit(i)))
		}
		gText += ` LEFT JOIN "d" ON ` + strings.Join(cond, " AND ")
	}

	cte := sql.ExprFunc(func(bu *sql.Builder) {
		bu.WriteString(`WITH "r" AS NOT MATERIALIZED `)
		bu.Wrap(func(bu *sql.Builder) { bu.Join(b.inner) })
		bu.WriteString(`, "h" AS MATERIALIZED (` + hText + `)`)
		if dText != "" {
			bu.WriteString(`, "d" AS MATERIALIZED (` + dText + `)`)
		}
	})
	out := sql.Dialect(d).Select().FromExpr(x(gText)).Prefix(cte)
	for i := range keys {
		out.AppendSelectExprAs(x(col("g", "k"+lit(i))), "k"+lit(i))
	}
	out.AppendSelectExprAs(x(col("g", "n")), "n")
	for j, m := range measures {
		a := col("g", "a"+lit(j))
		if m.agg == aggDistinct {
			a = `COALESCE(` + col("d", "d"+lit(j)) + `, ` + col("g", "n") + `)`
		}
		out.AppendSelectExprAs(x(a), "a"+lit(j))
	}
	return out.Limit(MaxGroups + 1)
}
