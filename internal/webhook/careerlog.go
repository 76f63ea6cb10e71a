package webhook

import (
	"context"
	"fmt"
	"sync/atomic"

	"entgo.io/ent/dialect"

	"simasn/ent"
	"simasn/ent/hook"
)

// careerLockKey is the transaction-level advisory lock that orders the
// writers of career events on PostgreSQL (the complaint log has its own,
// in internal/feed).
const careerLockKey = 0x51A5_CA4E

// OrderCareerLog installs on c the hook that makes the career event log
// readable by cursor: career event ids become visible in the order of their
// commits, so a reader that has seen id n never later finds a new event
// with an id below n. On PostgreSQL a plain serial can commit out of
// order under concurrent writers; the hook takes a transaction-level
// advisory lock before the insert, held until the commit, so a later
// writer waits and draws a larger id. On SQLite there is one writer at a
// time (transactions begin IMMEDIATE) and nothing is needed.
//
// Career events must then be written in a transaction on PostgreSQL (as
// every GraphQL mutation and the seeder do): outside one the lock ends with
// the statement.
func OrderCareerLog(c *ent.Client, dia string) {
	if dia != dialect.Postgres {
		return
	}
	c.CareerEvent.Use(hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.CareerEventFunc(func(ctx context.Context, m *ent.CareerEventMutation) (ent.Value, error) {
			if b, ok := ctx.Value(bulkKey{}).(*atomic.Bool); !ok || !b.Load() {
				if _, err := m.Client().ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", careerLockKey); err != nil {
					return nil, fmt.Errorf("order career events: %w", err)
				}
				if ok {
					b.Store(true)
				}
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate))
}

type bulkKey struct{}

// InOneTransaction returns ctx for writing many career events in one
// transaction (the seeder's bulk inserts): the ordering lock is taken for
// the first of them and, being held until the commit, not again for each
// row. Use the returned context inside that transaction only.
func InOneTransaction(ctx context.Context) context.Context {
	return context.WithValue(ctx, bulkKey{}, new(atomic.Bool))
}
