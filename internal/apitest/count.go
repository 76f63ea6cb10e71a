package apitest

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// countingDriver counts the statements sent through ent, including those
// inside transactions.
type countingDriver struct {
	dialect.Driver
	n     *atomic.Int64
	trace *atomic.Pointer[func(ctx context.Context, query string, args any)]
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	if f := d.trace.Load(); f != nil {
		(*f)(ctx, query, args)
	}
	return d.Driver.Query(ctx, query, args, v)
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, n: d.n}, nil
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

// ExecContext forwards raw statements (used by the complaint feed).
func (d *countingDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	d.n.Add(1)
	ex, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", d.Driver)
	}
	return ex.ExecContext(ctx, query, args...)
}

// ExecContext forwards raw statements inside a transaction.
func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	t.n.Add(1)
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", t.Tx)
	}
	return ex.ExecContext(ctx, query, args...)
}
