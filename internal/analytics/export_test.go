package analytics

import (
	"context"
	"time"

	"simasn/ent"
)

// WorkLogAggregateByStatement is WorkLogAggregate without the figures kept
// by the writers: the aggregate's own statement, for the tests that
// compare the two.
func WorkLogAggregateByStatement(ctx context.Context, c *ent.Client, where *ent.WorkLogWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	return workLogAggregate(ctx, c, where, spec, now, false)
}

// PredicateDistributionsByStatement is PredicateDistributions without the
// figures kept by the writers.
func PredicateDistributionsByStatement(ctx context.Context, c *ent.Client, where *ent.AppraisalWhereInput, groupBy []Dimension, unitLevel *int, now time.Time) ([]*PredicateDistribution, error) {
	return predicateDistributions(ctx, c, where, groupBy, unitLevel, now, false)
}

// EmployeeAggregateByStatement is EmployeeAggregate without the figures
// kept by the writers.
func EmployeeAggregateByStatement(ctx context.Context, c *ent.Client, where *ent.EmployeeWhereInput, spec Spec, now time.Time) ([]*Group, error) {
	return employeeAggregate(ctx, c, where, spec, now, false)
}

// EmployeeFiguresAnswer reports whether the figures kept by the writers
// answer the employee aggregate of spec asked in ctx (with no where).
func EmployeeFiguresAnswer(ctx context.Context, c *ent.Client, spec Spec, now time.Time) (bool, error) {
	_, ok, err := employeeFigures(ctx, c, nil, spec, now)
	return ok, err
}
