package store

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

type statementTimeoutKey struct{}

// WithStatementTimeout returns ctx whose database statements each end after
// d at the latest (sooner when ctx has an earlier deadline). The server
// gives it to long-lived operations — subscriptions over websocket and
// server-sent events — whose context has no deadline, so that no statement
// they run, at the start or for any event, can run on unbounded. A cancelled
// statement is cancelled in the database too: lib/pq sends PostgreSQL a
// cancel request, modernc's SQLite interrupts the statement.
func WithStatementTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, statementTimeoutKey{}, d)
}

// bound returns the context of one statement: ctx with the statement
// timeout of WithStatementTimeout, or ctx itself when it has none or its own
// deadline comes first. cancel is nil when nothing was added.
func bound(ctx context.Context) (context.Context, context.CancelFunc) {
	d, ok := ctx.Value(statementTimeoutKey{}).(time.Duration)
	if !ok || d <= 0 {
		return ctx, nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= d {
		return ctx, nil
	}
	return context.WithTimeout(ctx, d)
}

// boundDriver applies the statement timeout of a context (see
// WithStatementTimeout) to every statement, inside transactions too.
type boundDriver struct{ dialect.Driver }

// Exec runs a statement within its timeout.
func (d boundDriver) Exec(ctx context.Context, query string, args, v any) error {
	return boundExec(ctx, d.Driver, query, args, v)
}

// Query runs a query within its timeout; the rows close the timeout.
func (d boundDriver) Query(ctx context.Context, query string, args, v any) error {
	return boundQuery(ctx, d.Driver, query, args, v)
}

// Tx opens a transaction whose statements run within their timeouts.
func (d boundDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return boundTx{tx}, nil
}

// ExecContext forwards raw statements (the complaint feed's notifications).
func (d boundDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return boundExecContext(ctx, d.Driver, query, args...)
}

type boundTx struct{ dialect.Tx }

// Exec runs a statement within its timeout.
func (t boundTx) Exec(ctx context.Context, query string, args, v any) error {
	return boundExec(ctx, t.Tx, query, args, v)
}

// Query runs a query within its timeout; the rows close the timeout.
func (t boundTx) Query(ctx context.Context, query string, args, v any) error {
	return boundQuery(ctx, t.Tx, query, args, v)
}

// ExecContext forwards raw statements inside the transaction.
func (t boundTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return boundExecContext(ctx, t.Tx, query, args...)
}

func boundExec(ctx context.Context, eq dialect.ExecQuerier, query string, args, v any) error {
	ctx, cancel := bound(ctx)
	if cancel != nil {
		defer cancel()
	}
	return eq.Exec(ctx, query, args, v)
}

func boundQuery(ctx context.Context, eq dialect.ExecQuerier, query string, args, v any) error {
	ctx, cancel := bound(ctx)
	if cancel == nil {
		return eq.Query(ctx, query, args, v)
	}
	if err := eq.Query(ctx, query, args, v); err != nil {
		cancel()
		return err
	}
	rows, ok := v.(*entsql.Rows)
	if !ok {
		return nil // rows of another kind: the timer releases the timeout
	}
	rows.ColumnScanner = cancelOnClose{ColumnScanner: rows.ColumnScanner, cancel: cancel}
	return nil
}

func boundExecContext(ctx context.Context, x any, query string, args ...any) (stdsql.Result, error) {
	ex, ok := x.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", x)
	}
	ctx, cancel := bound(ctx)
	if cancel != nil {
		defer cancel()
	}
	return ex.ExecContext(ctx, query, args...)
}

// cancelOnClose releases a statement's timeout when its rows are closed.
type cancelOnClose struct {
	entsql.ColumnScanner
	cancel context.CancelFunc
}

// Close closes the rows and releases the timeout.
func (r cancelOnClose) Close() error {
	err := r.ColumnScanner.Close()
	r.cancel()
	return err
}
