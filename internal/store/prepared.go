package store

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"simasn/internal/planhint"
)

type preparedKey struct{}

// Prepared returns ctx whose reads outside transactions run as prepared
// statements on PostgreSQL: each distinct statement text is prepared once
// per pooled connection (database/sql's Stmt does that) and planned by
// PostgreSQL from then on without parsing it again. It is for the
// repeated shapes whose text is a function of the operation and the role
// (the compiled reads of internal/sqljson), not for ad-hoc text: the
// cache keeps at most maxPrepared statements and runs the others as usual.
// The statements still pass through every driver wrapper (counting,
// tracing, statement timeouts) as any other.
func Prepared(ctx context.Context) context.Context {
	return context.WithValue(ctx, preparedKey{}, true)
}

// maxPrepared bounds the statements a process keeps prepared.
const maxPrepared = 64

// preparingDriver is the innermost driver: it runs the queries of a
// Prepared context through a cached *sql.Stmt, those of a planhint.Serial
// context in a transaction of their own planned serially, the others as
// ent does.
type preparingDriver struct {
	dialect.Driver
	db    *stdsql.DB
	mu    sync.Mutex
	stmts map[string]*stdsql.Stmt
}

func newPreparingDriver(d dialect.Driver, db *stdsql.DB) *preparingDriver {
	return &preparingDriver{Driver: d, db: db, stmts: map[string]*stdsql.Stmt{}}
}

// Query runs the query, prepared when ctx asks for it.
func (d *preparingDriver) Query(ctx context.Context, query string, args, v any) error {
	rows, ok := v.(*entsql.Rows)
	argv, okArgs := args.([]any)
	if planhint.IsSerial(ctx) && ok && (okArgs || args == nil) {
		return d.serial(ctx, query, argv, rows)
	}
	if on, _ := ctx.Value(preparedKey{}).(bool); !on || !ok || (!okArgs && args != nil) {
		return d.Driver.Query(ctx, query, args, v)
	}
	stmt, err := d.stmt(ctx, query)
	if err != nil {
		return err
	}
	if stmt == nil { // the cache is full
		return d.Driver.Query(ctx, query, args, v)
	}
	r, err := stmt.QueryContext(ctx, argv...)
	if err != nil {
		// A statement PostgreSQL no longer accepts (its tables changed
		// under it, say) is prepared afresh next time.
		d.forget(query, stmt)
		return err
	}
	*rows = entsql.Rows{ColumnScanner: r}
	return nil
}

// serial runs the query in a read-only transaction of its own, planned
// without parallel workers (planhint.Serial); closing the rows ends the
// transaction.
func (d *preparingDriver) serial(ctx context.Context, query string, args []any, rows *entsql.Rows) error {
	tx, err := d.db.BeginTx(ctx, &stdsql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SET LOCAL max_parallel_workers_per_gather = 0`); err != nil {
		_ = tx.Rollback()
		return err
	}
	r, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	*rows = entsql.Rows{ColumnScanner: endOnClose{Rows: r, tx: tx}}
	return nil
}

// endOnClose ends a read's own transaction when its rows are closed.
type endOnClose struct {
	*stdsql.Rows
	tx *stdsql.Tx
}

// Close closes the rows and ends the transaction (it wrote nothing).
func (r endOnClose) Close() error {
	err := r.Rows.Close()
	if rb := r.tx.Rollback(); rb != nil && !errors.Is(rb, stdsql.ErrTxDone) && err == nil {
		err = rb
	}
	return err
}

// stmt returns the prepared statement of query, preparing it the first
// time; nil when the cache is full.
func (d *preparingDriver) stmt(ctx context.Context, query string) (*stdsql.Stmt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.stmts[query]; ok {
		return s, nil
	}
	if len(d.stmts) >= maxPrepared {
		return nil, nil
	}
	s, err := d.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	d.stmts[query] = s
	return s, nil
}

func (d *preparingDriver) forget(query string, s *stdsql.Stmt) {
	d.mu.Lock()
	if d.stmts[query] == s {
		delete(d.stmts, query)
	}
	d.mu.Unlock()
	s.Close()
}

// prepared reports how many statements are kept prepared.
func (d *preparingDriver) prepared() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.stmts)
}

// ExecContext forwards raw statements (the complaint feed's notifications).
func (d *preparingDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	ex, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", d.Driver)
	}
	return ex.ExecContext(ctx, query, args...)
}

// QueryContext forwards raw queries.
func (d *preparingDriver) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	q, ok := d.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("QueryContext is not supported by %T", d.Driver)
	}
	return q.QueryContext(ctx, query, args...)
}

// PreparedStatements reports how many statements the database keeps
// prepared for Prepared reads (0 on SQLite, which prepares none).
func (db *DB) PreparedStatements() int {
	if db.prepared == nil {
		return 0
	}
	return db.prepared.prepared()
}

// Close closes the prepared statements and the driver.
func (d *preparingDriver) Close() error {
	d.mu.Lock()
	for q, s := range d.stmts {
		s.Close()
		delete(d.stmts, q)
	}
	d.mu.Unlock()
	return d.Driver.Close()
}
