package store

import (
	"context"
	stdsql "database/sql"
	"time"

	"entgo.io/ent/dialect"
)

// utcDriver hands every time to SQLite in UTC. SQLite keeps times as text
// and compares them as text, so a time written or filtered in another zone
// (a client's +07:00, the server's local zone) would sort wrongly against
// the others; in one zone the text order is the time order.
type utcDriver struct{ dialect.Driver }

// Exec runs a statement with its times in UTC.
func (d utcDriver) Exec(ctx context.Context, query string, args, v any) error {
	return d.Driver.Exec(ctx, query, utcArgs(args), v)
}

// Query runs a query with its times in UTC.
func (d utcDriver) Query(ctx context.Context, query string, args, v any) error {
	return d.Driver.Query(ctx, query, utcArgs(args), v)
}

// ExecContext runs a raw statement (ent's ExecContext, as the hook that
// keeps the current competencies uses) with its times in UTC.
func (d utcDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	var res stdsql.Result
	err := d.Exec(ctx, query, args, &res)
	return res, err
}

// Tx opens a transaction whose statements get their times in UTC.
func (d utcDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return utcTx{tx}, nil
}

type utcTx struct{ dialect.Tx }

// Exec runs a statement with its times in UTC.
func (t utcTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.Tx.Exec(ctx, query, utcArgs(args), v)
}

// Query runs a query with its times in UTC.
func (t utcTx) Query(ctx context.Context, query string, args, v any) error {
	return t.Tx.Query(ctx, query, utcArgs(args), v)
}

// ExecContext runs a raw statement inside the transaction with its times
// in UTC.
func (t utcTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	var res stdsql.Result
	err := t.Exec(ctx, query, args, &res)
	return res, err
}

// utcArgs converts the time arguments of a statement to UTC.
func utcArgs(args any) any {
	list, ok := args.([]any)
	if !ok {
		return args
	}
	out := list
	for i, a := range list {
		var t time.Time
		switch v := a.(type) {
		case time.Time:
			t = v
		case *time.Time:
			if v == nil {
				continue
			}
			t = *v
		default:
			continue
		}
		if t.Location() == time.UTC {
			continue
		}
		if &out[0] == &list[0] {
			out = append([]any(nil), list...)
		}
		out[i] = t.UTC()
	}
	return out
}
