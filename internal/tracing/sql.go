package tracing

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Driver wraps an ent driver (see store.WithDriver) with a client span per
// SQL statement, in transactions too, holding the statement's text (never
// its arguments, which may be personal data).
func Driver(tp trace.TracerProvider) func(dialect.Driver) dialect.Driver {
	return func(d dialect.Driver) dialect.Driver { return &driver{Driver: d, tp: tp} }
}

type driver struct {
	dialect.Driver
	tp trace.TracerProvider
}

// statement runs fn in a span named for the statement's first word.
func statement(ctx context.Context, tp trace.TracerProvider, system, query string, fn func(context.Context) error) error {
	verb := query
	for i, c := range query {
		if c == ' ' || c == '\n' || c == '\t' {
			verb = query[:i]
			break
		}
	}
	ctx, span := start(ctx, tp, "sql "+verb, trace.SpanKindClient,
		attribute.String("db.system.name", system), attribute.String("db.query.text", query))
	defer span.End()
	err := fn(ctx)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	return err
}

func (d *driver) Exec(ctx context.Context, query string, args, v any) error {
	return statement(ctx, d.tp, d.Dialect(), query, func(ctx context.Context) error { return d.Driver.Exec(ctx, query, args, v) })
}

func (d *driver) Query(ctx context.Context, query string, args, v any) error {
	return statement(ctx, d.tp, d.Dialect(), query, func(ctx context.Context) error { return d.Driver.Query(ctx, query, args, v) })
}

func (d *driver) Tx(ctx context.Context) (dialect.Tx, error) {
	t, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &tx{Tx: t, tp: d.tp, system: d.Dialect()}, nil
}

// ExecContext forwards raw statements (used by the complaint feed).
func (d *driver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return execContext(ctx, d.Driver, d.tp, d.Dialect(), query, args)
}

// QueryContext forwards raw queries.
func (d *driver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return queryContext(ctx, d.Driver, d.tp, d.Dialect(), query, args)
}

type tx struct {
	dialect.Tx
	tp     trace.TracerProvider
	system string
}

func (t *tx) Exec(ctx context.Context, query string, args, v any) error {
	return statement(ctx, t.tp, t.system, query, func(ctx context.Context) error { return t.Tx.Exec(ctx, query, args, v) })
}

func (t *tx) Query(ctx context.Context, query string, args, v any) error {
	return statement(ctx, t.tp, t.system, query, func(ctx context.Context) error { return t.Tx.Query(ctx, query, args, v) })
}

// ExecContext forwards raw statements inside a transaction.
func (t *tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return execContext(ctx, t.Tx, t.tp, t.system, query, args)
}

// QueryContext forwards raw queries inside a transaction.
func (t *tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return queryContext(ctx, t.Tx, t.tp, t.system, query, args)
}

func execContext(ctx context.Context, target any, tp trace.TracerProvider, system, query string, args []any) (res sql.Result, err error) {
	ex, ok := target.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", target)
	}
	err = statement(ctx, tp, system, query, func(ctx context.Context) error {
		res, err = ex.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

func queryContext(ctx context.Context, target any, tp trace.TracerProvider, system, query string, args []any) (rows *sql.Rows, err error) {
	q, ok := target.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("QueryContext is not supported by %T", target)
	}
	err = statement(ctx, tp, system, query, func(ctx context.Context) error {
		rows, err = q.QueryContext(ctx, query, args...)
		return err
	})
	return rows, err
}
