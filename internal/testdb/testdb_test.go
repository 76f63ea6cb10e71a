package testdb_test

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"simasn/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// driver maps the ent dialect names Each passes to database/sql driver names.
var driver = map[string]string{"sqlite3": "sqlite", "postgres": "postgres"}

func open(t *testing.T, driverName, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driverName, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("ping %s: %v", driverName, err)
	}
	return db
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestEachRoundTrip(t *testing.T) {
	wantDialect := map[string]string{
		"TestEachRoundTrip/sqlite":   "sqlite3",
		"TestEachRoundTrip/postgres": "postgres",
	}
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		if got, want := dialect, wantDialect[t.Name()]; got != want {
			t.Fatalf("%s: dialect = %q, want %q", t.Name(), got, want)
		}
		db := open(t, driver[dialect], dsn)
		mustExec(t, db, "CREATE TABLE employee (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
		mustExec(t, db, "INSERT INTO employee (id, name) VALUES (1, 'Siti Rahayu')")

		var got string
		if err := db.QueryRow("SELECT name FROM employee WHERE id = 1").Scan(&got); err != nil {
			t.Fatalf("select: %v", err)
		}
		if want := "Siti Rahayu"; got != want {
			t.Errorf("name = %q, want %q", got, want)
		}
	})
}

func TestPostgresFreshDatabases(t *testing.T) {
	a, b := testdb.Postgres(t), testdb.Postgres(t)
	if a == b {
		t.Fatalf("two calls returned the same DSN %s", a)
	}
	dbA, dbB := open(t, "postgres", a), open(t, "postgres", b)

	var nameA, nameB string
	if err := dbA.QueryRow("SELECT current_database()").Scan(&nameA); err != nil {
		t.Fatal(err)
	}
	if err := dbB.QueryRow("SELECT current_database()").Scan(&nameB); err != nil {
		t.Fatal(err)
	}
	if nameA == nameB {
		t.Errorf("both DSNs reach database %s", nameA)
	}

	// A table in one database is not visible in the other, and both start empty.
	mustExec(t, dbA, "CREATE TABLE only_in_a (id int)")
	for _, tc := range []struct {
		name string
		db   *sql.DB
		want int
	}{
		{"first", dbA, 1},
		{"second", dbB, 0},
	} {
		var got int
		err := tc.db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s database: %d tables in public, want %d", tc.name, got, tc.want)
		}
	}
}

func TestPostgresDroppedAfterTest(t *testing.T) {
	var name string
	outer := t
	t.Run("inner", func(t *testing.T) {
		// Closed only when the outer test ends, so the session is still
		// connected when the inner test's database is dropped: the drop
		// must end it.
		db, err := sql.Open("postgres", testdb.Postgres(t))
		if err != nil {
			t.Fatal(err)
		}
		outer.Cleanup(func() { db.Close() })
		if err := db.QueryRow("SELECT current_database()").Scan(&name); err != nil {
			t.Fatal(err)
		}
	})
	if name == "" {
		t.Skip("inner test got no database")
	}
	db := open(t, "postgres", testdb.Postgres(t))
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s still exists after its test ended", name)
	}
}

func TestSQLiteForeignKeys(t *testing.T) {
	db := open(t, "sqlite", testdb.SQLite(t))
	mustExec(t, db, "CREATE TABLE unit (id INTEGER PRIMARY KEY)")
	mustExec(t, db, "CREATE TABLE employee (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES unit(id))")

	_, err := db.Exec("INSERT INTO employee (id, unit_id) VALUES (1, 42)")
	if err == nil {
		t.Fatal("insert referencing a missing unit succeeded, want a foreign key error")
	}
	if !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("insert error = %v, want a FOREIGN KEY constraint failure", err)
	}
}

func TestSQLiteWAL(t *testing.T) {
	db := open(t, "sqlite", testdb.SQLite(t))
	var got string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "wal"; got != want {
		t.Errorf("journal_mode = %q, want %q", got, want)
	}
}

func TestSQLiteFreshFiles(t *testing.T) {
	a, b := testdb.SQLite(t), testdb.SQLite(t)
	if a == b {
		t.Fatalf("two calls returned the same DSN %s", a)
	}
	mustExec(t, open(t, "sqlite", a), "CREATE TABLE only_in_a (id int)")
	var n int
	if err := open(t, "sqlite", b).QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("second database has %d schema objects, want 0", n)
	}
}

// TestCopy: the template is built once per key and dialect, and each copy
// holds its rows and is the test's own: a write to one copy is not seen by
// the next.
func TestCopy(t *testing.T) {
	builds := map[string]int{}
	testdb.Each(t, func(t *testing.T, dialect, _ string) {
		build := func(dsn string) error {
			builds[dialect]++
			db, err := sql.Open(driver[dialect], dsn)
			if err != nil {
				return err
			}
			defer db.Close()
			_, err = db.Exec("CREATE TABLE unit (code TEXT NOT NULL); INSERT INTO unit (code) VALUES ('1.02')")
			return err
		}
		for i := range 2 {
			db := open(t, driver[dialect], testdb.Copy(t, dialect, "TestCopy", build))
			var n int
			if err := db.QueryRow("SELECT count(*) FROM unit").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("copy %d holds %d units, want the template's 1", i, n)
			}
			mustExec(t, db, "INSERT INTO unit (code) VALUES ('1.03')")
		}
		if builds[dialect] != 1 {
			t.Errorf("template built %d times, want once", builds[dialect])
		}
	})
}

// TestInMemory: where /dev/shm is writable, the throwaway cluster's data
// directory and the SQLite files are under it, not on the disk.
func TestInMemory(t *testing.T) {
	f, err := os.CreateTemp("/dev/shm", "probe-")
	if err != nil {
		t.Skipf("/dev/shm is not writable here (%v): the databases stay in the temporary directory", err)
	}
	f.Close()
	os.Remove(f.Name())

	if dsn := testdb.SQLite(t); !strings.HasPrefix(dsn, "file:/dev/shm/") {
		t.Errorf("SQLite DSN %q is not under /dev/shm", dsn)
	}
	if os.Getenv("SIMASN_TEST_DATABASE_URL") != "" {
		return // not our cluster: where it keeps its data is not ours to say
	}
	var dir string
	if err := open(t, "postgres", testdb.Postgres(t)).QueryRow(`SHOW data_directory`).Scan(&dir); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, "/dev/shm/simasn-pg-") {
		t.Errorf("the throwaway cluster's data directory is %s, not under /dev/shm", dir)
	}
}
