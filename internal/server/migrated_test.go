package server_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"simasn/internal/apitest"
	"simasn/internal/store"
	"simasn/internal/testdb"
)

// TestMigratedIsMigrate: the databases apitest.Each and apitest.Migrated
// hand out, copies of one database migrated once per test binary, are
// what applying the migrations to an empty database writes — the same
// tables, columns, indexes, constraints and applied versions, nothing left
// to apply, no rows — and each test gets a copy of its own.
func TestMigratedIsMigrate(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, dialect, empty string) {
		ctx := context.Background()
		fresh, err := store.Open(ctx, empty)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		if err := fresh.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		want := schemaOf(t, fresh.SQL, dialect)

		copies := [2]*store.DB{}
		for i := range copies {
			db, err := store.Open(ctx, apitest.Migrated(t, dialect))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			copies[i] = db
		}
		got := schemaOf(t, copies[0].SQL, dialect)
		if len(want) < 100 {
			t.Fatalf("the migrated schema has %d objects; the comparison sees too little", len(want))
		}
		if d := diffLines(want, got); d != "" {
			t.Errorf("the copy differs from a migrated database (- migrated, + copy):\n%s", d)
		}
		st, err := copies[0].MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !st.UpToDate() || len(st.Pending) != 0 || st.Version != st.Latest {
			t.Errorf("copy's migration status: %s", st.Describe())
		}
		applied, err := copies[0].MigrateTo(ctx, 0)
		if err != nil || len(applied) != 0 {
			t.Errorf("Migrate on the copy applied %d migrations, %v; want none", len(applied), err)
		}
		var units int
		if err := copies[0].SQL.QueryRowContext(ctx, `SELECT count(*) FROM units`).Scan(&units); err != nil || units != 0 {
			t.Errorf("the copy holds %d units (%v), want none", units, err)
		}
		// A write to one copy is not seen in the other.
		if _, err := copies[0].SQL.ExecContext(ctx, `DELETE FROM schema_migrations`); err != nil {
			t.Fatal(err)
		}
		if st, err := copies[1].MigrationStatus(ctx); err != nil || !st.UpToDate() {
			t.Errorf("after a write to one copy, the other's status: %s, %v", st.Describe(), err)
		}
	})
}

// schemaOf lists the schema objects of the database, one sorted line
// each, and the applied migration versions.
func schemaOf(t *testing.T, db *sql.DB, dialect string) []string {
	t.Helper()
	queries := []string{`SELECT version FROM schema_migrations`}
	if dialect == "postgres" {
		queries = append(queries,
			`SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public'`,
			`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`,
			`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
			`SELECT event_object_table, trigger_name, action_statement FROM information_schema.triggers WHERE trigger_schema = 'public'`,
			`SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace`,
			`SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public'`)
	} else {
		queries = append(queries, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master`)
	}
	var lines []string
	for _, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			parts := []string{q[:20]}
			for _, v := range vals {
				parts = append(parts, v.String)
			}
			lines = append(lines, strings.Join(parts, " | "))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(lines)
	return lines
}

// diffLines lists the lines of want missing from got (-) and the lines of
// got not in want (+).
func diffLines(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if _, found := slices.BinarySearch(got, l); !found {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range got {
		if _, found := slices.BinarySearch(want, l); !found {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
