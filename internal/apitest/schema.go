package apitest

import (
	"testing"

	"simasn/internal/store"
	"simasn/internal/testdb"
)

// Each runs fn twice, as the subtests "sqlite" and "postgres", as
// testdb.Each does, but each time with a fresh database that already holds
// the current schema (Migrated): for tests that start a server (Start) or
// otherwise need the schema, not an empty database. Tests of migrating
// itself use testdb.Each.
func Each(t *testing.T, fn func(t *testing.T, dialect, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite3", Migrated(t, "sqlite3")) })
	t.Run("postgres", func(t *testing.T) { fn(t, "postgres", Migrated(t, "postgres")) })
}

// Migrated returns the DSN of a fresh database of the dialect ("sqlite3"
// or "postgres") holding every migration and no rows, of its own and
// removed when the test ends. It is a copy (testdb.Copy) of a database the
// test binary migrates once per dialect: applying the migrations costs
// PostgreSQL about a third of a CPU-second per database, several times
// what copying a migrated one costs, and a server test binary makes over a
// hundred. The copy is what Migrate would have written: Start's Migrate
// finds nothing to apply (TestMigratedIsMigrate).
func Migrated(tb testing.TB, dialect string) string {
	tb.Helper()
	return testdb.Copy(tb, dialect, "migrated schema", migrate)
}

// migrate applies every migration to the empty database at dsn.
func migrate(dsn string) error {
	ctx := Sys()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}
