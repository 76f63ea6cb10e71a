package analytics

import (
	"context"
	"time"

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
func PredicateDistributions(ctx context.Context, c *ent.Client, where *ent.AppraisalWhereInput, groupBy []Dimension, unitLevel *int, now time.Time) ([]*PredicateDistribution, error) {
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
	groups, err := (&query{src: src, groupBy: groupBy, level: unitLevel, measures: ms, now: now}).run(ctx, c)
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
