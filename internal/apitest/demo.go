package apitest

import (
	"bytes"
	"fmt"
	"sync"
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
// it each time; tests of the loading itself call seed.Demo or DemoLoad.
func Demo(tb testing.TB, dialect string, now time.Time) string {
	tb.Helper()
	dsn, _ := DemoLoad(tb, dialect, now)
	return dsn
}

// DemoLoaded is what the one load behind a demo template saw and returned.
type DemoLoaded struct {
	// EmptyBefore is seed.Empty on the migrated database just before the
	// load.
	EmptyBefore bool
	// Summary is what seed.Demo returned.
	Summary seed.Summary
	// Log is what seed.Demo wrote to its log.
	Log string
	// Took is how long the load took.
	Took time.Duration
}

// demoLoads holds the DemoLoaded of each demo template built in this
// process, by template key.
var demoLoads sync.Map

// DemoLoad is Demo, and also returns what the load that wrote the
// template saw and returned, so that a test of seed.Demo can check that
// load instead of loading the demo once more (several CPU-seconds each).
func DemoLoad(tb testing.TB, dialect string, now time.Time) (string, DemoLoaded) {
	tb.Helper()
	name := "demo at " + now.Format(time.RFC3339Nano) + " " + now.Location().String()
	key := dialect + " " + name
	dsn := testdb.Copy(tb, dialect, name, func(dsn string) error {
		ctx := Sys()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			return err
		}
		load := func() error {
			if err := db.Migrate(ctx); err != nil {
				return err
			}
			var loaded DemoLoaded
			var err error
			if loaded.EmptyBefore, err = seed.Empty(ctx, db.Client); err != nil {
				return err
			}
			var log bytes.Buffer
			start := time.Now()
			if loaded.Summary, err = seed.Demo(ctx, db.Client, now, &log); err != nil {
				return fmt.Errorf("load the demo at %s: %w", now, err)
			}
			loaded.Took, loaded.Log = time.Since(start), log.String()
			demoLoads.Store(key, loaded)
			return nil
		}
		if err := load(); err != nil {
			db.Close()
			return err
		}
		return db.Close()
	})
	loaded, ok := demoLoads.Load(key)
	if !ok {
		tb.Fatalf("apitest: no record of the load behind the demo template %q", key)
	}
	return dsn, loaded.(DemoLoaded)
}
