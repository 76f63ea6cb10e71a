package apitest

import (
	"fmt"
	"io"
	"testing"
	"time"

	"simasn/internal/seed"
	"simasn/internal/store"
	"simasn/internal/testdb"
)

// Demo returns the DSN of a fresh, migrated database of the dialect
// ("sqlite3" or "postgres", as testdb.Each passes them) holding the demo
// data as seed.Demo loads it at now, removed when the test ends. The demo
// is loaded once per test binary, dialect and clock and copied for each
// caller (testdb.Copy): tests that read the demo need not pay for loading
// it each time; tests of the loading itself call seed.Demo.
func Demo(tb testing.TB, dialect string, now time.Time) string {
	tb.Helper()
	return testdb.Copy(tb, dialect, "demo at "+now.Format(time.RFC3339Nano)+" "+now.Location().String(), func(dsn string) error {
		ctx := Sys()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			return err
		}
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return err
		}
		if _, err := seed.Demo(ctx, db.Client, now, io.Discard); err != nil {
			db.Close()
			return fmt.Errorf("load the demo at %s: %w", now, err)
		}
		return db.Close()
	})
}
