package testdb

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	_ "github.com/lib/pq"  // "postgres" driver for the DSNs Postgres returns
	_ "modernc.org/sqlite" // "sqlite" driver for the DSNs SQLite returns
)

// Dialect names passed to the function given to Each; they are the names
// entgo.io/ent/dialect uses (dialect.SQLite and dialect.Postgres).
const (
	dialectSQLite   = "sqlite3"
	dialectPostgres = "postgres"
)

// Main runs the tests and then stops the PostgreSQL cluster, if any, that
// Postgres started in this process. Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
//
// Without Main a watcher process still stops the cluster once the test
// process has exited, but without reporting errors.
func Main(m *testing.M) int {
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintf(os.Stderr, "testdb: %v\n", err)
	}
	return code
}

// SQLite returns a DSN for a fresh SQLite database file in a directory of
// the test's own (under /dev/shm when writable, see memRoot), for
// the "sqlite" driver (modernc.org/sqlite). Every connection opened with it
// enforces foreign keys, uses WAL journaling, waits up to 10s for locks and
// begins transactions with BEGIN IMMEDIATE, so that concurrent writers queue
// on the busy timeout instead of failing to upgrade a read lock.
func SQLite(tb testing.TB) string {
	tb.Helper()
	return sqliteDSN(filepath.Join(tempDir(tb), "test.db"))
}

// Each runs fn twice, as the subtests "sqlite" and "postgres", each time with
// the ent dialect name ("sqlite3" or "postgres") and the DSN of a fresh
// database from SQLite or Postgres. Open the DSN with the driver named
// "sqlite" or "postgres" respectively. The postgres subtest is skipped, or
// fails under CI=true, when PostgreSQL is unavailable.
func Each(t *testing.T, fn func(t *testing.T, dialect, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, dialectSQLite, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, dialectPostgres, Postgres(t)) })
}

// unavailable stops the test because a database cannot be provided: under
// CI=true it fails, since CI must never pass by skipping, elsewhere it skips.
func unavailable(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if inCI() {
		tb.Fatalf("testdb: "+format, args...)
	}
	if os.Getenv(envURL) == "" {
		format += " (set " + envURL + " or install PostgreSQL to run this test)"
	}
	tb.Skipf("testdb: "+format, args...)
}

func inCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}
