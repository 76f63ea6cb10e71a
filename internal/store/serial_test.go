package store

import (
	"context"
	"testing"

	entsql "entgo.io/ent/dialect/sql"

	"simasn/internal/planhint"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// TestSerialReads: on PostgreSQL a read of a planhint.Serial context runs in
// a read-only transaction of its own, planned without parallel workers;
// once its rows are closed the connection is back as it was (the setting
// was the transaction's), and reads of other contexts keep the cluster's
// setting (the test cluster's default, 2).
func TestSerialReads(t *testing.T) {
	ctx := viewer.System(context.Background())
	db, err := Open(ctx, testdb.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SQL.SetMaxOpenConns(1) // one connection: the next read sees what the first left
	read := func(ctx context.Context) (workers, readOnly string) {
		t.Helper()
		var rows entsql.Rows
		q := `SELECT current_setting('max_parallel_workers_per_gather'), current_setting('transaction_read_only') WHERE $1 = 1`
		if err := db.Driver.Query(ctx, q, []any{1}, &rows); err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if !rows.Next() {
			t.Fatalf("no row: %v", rows.Err())
		}
		if err := rows.Scan(&workers, &readOnly); err != nil {
			t.Fatal(err)
		}
		return workers, readOnly
	}
	for _, step := range []struct {
		name              string
		ctx               context.Context
		workers, readOnly string
	}{
		{"plain", ctx, "2", "off"},
		{"serial", planhint.Serial(ctx), "0", "on"},
		{"plain after serial", ctx, "2", "off"},
		{"serial and prepared", planhint.Serial(Prepared(ctx)), "0", "on"},
		{"prepared after serial", Prepared(ctx), "2", "off"},
	} {
		if w, ro := read(step.ctx); w != step.workers || ro != step.readOnly {
			t.Errorf("%s: max_parallel_workers_per_gather %s, transaction_read_only %s; want %s, %s", step.name, w, ro, step.workers, step.readOnly)
		}
	}
}
