// Package planhint carries hints for PostgreSQL's planner from the code
// that builds a statement (internal/analytics) to the driver that runs it
// (internal/store), through the statement's context: the two packages
// cannot import each other.
package planhint

import "context"

type serialKey struct{}

// Serial returns ctx whose reads outside transactions PostgreSQL plans
// without parallel workers (max_parallel_workers_per_gather = 0, set for
// the statement's own read-only transaction). For statements measured
// faster so: a parallel plan has each worker build its own hash table of
// the groups and the leader merge them, which costs more than it saves
// when the groups are many and the per-record work small.
func Serial(ctx context.Context) context.Context {
	return context.WithValue(ctx, serialKey{}, true)
}

// IsSerial reports whether ctx asks for serial plans.
func IsSerial(ctx context.Context) bool {
	on, _ := ctx.Value(serialKey{}).(bool)
	return on
}
