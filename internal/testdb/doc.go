// Package testdb provides throwaway databases for tests, so that the suite
// runs on the real engines it ships with — SQLite and PostgreSQL — and never
// on mocks of them (DESIGN.md §8).
//
// Every call returns a fresh, empty database that is removed when the test
// ends: [SQLite] a file in the test's temporary directory, [Postgres] a
// database created for the calling test. [Each] runs one test body against
// both.
//
// PostgreSQL comes from SIMASN_TEST_DATABASE_URL when it is set (the role needs
// CREATEDB); otherwise the first [Postgres] call starts one throwaway cluster
// for the whole test process from the local binaries (initdb, pg_ctl,
// postgres), running them as the postgres system user when the tests run as
// root, because PostgreSQL refuses to run as root. The first cluster's fresh
// data directory is kept in the user's cache directory and later clusters
// start from a copy of it instead of running initdb again. The cluster and
// the SQLite files live under /dev/shm, in memory, when it is writable. A
// package that uses [Postgres] stops that cluster by running its tests
// through [Main]:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
//
// When PostgreSQL is unavailable, tests that ask for it are skipped with the
// reason — except under CI=true, where they fail, so that CI can never pass
// by skipping the PostgreSQL half of the suite.
//
// The package registers the "sqlite" (modernc.org/sqlite) and "postgres"
// (github.com/lib/pq) database/sql drivers, so callers can pass the returned
// DSNs straight to sql.Open.
package testdb
