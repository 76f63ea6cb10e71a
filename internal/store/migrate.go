package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"

	"simasn/ent/migrate/migrations"
	"simasn/internal/analytics"
)

// Migration is one versioned migration of a dialect: a golang-migrate
// <version>_<name>.up.sql file of ent/migrate/migrations/<dialect>.
type Migration struct {
	// Version orders the migrations; it is the file name's leading number
	// (a UTC timestamp, YYYYMMDDhhmmss) and what schema_migrations records.
	Version int64
	// Name is what the migration does, e.g. "initial".
	Name string
	// File is the file name, e.g. 20261130000403_initial.up.sql.
	File string
	// SQL is the up migration.
	SQL string
}

// migrationDir names the directory of a dialect's migrations.
func migrationDir(dia string) string {
	if dia == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Migrations returns the migrations of the dialect (dialect.SQLite or
// dialect.Postgres) built into this binary, oldest first.
func Migrations(dia string) ([]Migration, error) {
	dir := migrationDir(dia)
	names, err := fs.Glob(migrations.FS, dir+"/*.up.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, n := range names {
		base := path.Base(n)
		num, name, _ := strings.Cut(strings.TrimSuffix(base, ".up.sql"), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name does not start with a version number", n)
		}
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, File: base, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share a version", out[i-1].File, out[i].File)
		}
	}
	return out, nil
}

// MigrationStatus is where a database stands against the migrations built
// into this binary.
type MigrationStatus struct {
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
	// Version is the last migration applied (schema_migrations.version), 0
	// when none is.
	Version int64
	// Dirty is set when a migration tool (golang-migrate) failed half-way:
	// the schema needs a human before anything more is applied.
	Dirty bool
	// Legacy is set when the database was created by the auto-migration of
	// releases before versioned migrations: it holds the tables but no
	// schema_migrations. Migrate adopts it.
	Legacy bool
	// Ahead is set when the database is at a version this binary does not
	// know: a newer simasn migrated it.
	Ahead bool
	// Latest is the newest migration this binary has.
	Latest int64
	// Pending are the migrations not yet applied, oldest first.
	Pending []Migration
}

// UpToDate reports whether the database matches this binary's schema.
func (s MigrationStatus) UpToDate() bool {
	return !s.Dirty && !s.Legacy && !s.Ahead && len(s.Pending) == 0
}

// Describe says in one sentence where the database stands.
func (s MigrationStatus) Describe() string {
	switch {
	case s.Dirty:
		return fmt.Sprintf("the database is marked dirty at version %d: a migration failed half-way; repair the schema by hand, then set schema_migrations.dirty to false", s.Version)
	case s.Ahead:
		return fmt.Sprintf("the database is at version %d, newer than this binary's latest migration %d: run a newer simasn", s.Version, s.Latest)
	case s.Legacy:
		return fmt.Sprintf("the database was created before versioned migrations (it has tables but no schema_migrations); migrate up adopts it at version %d", s.Latest)
	case len(s.Pending) == 0:
		return fmt.Sprintf("the database is up to date at version %d", s.Version)
	}
	names := make([]string, len(s.Pending))
	for i, m := range s.Pending {
		names[i] = m.File
	}
	return fmt.Sprintf("the database is at version %d and %d migration(s) are pending: %s", s.Version, len(s.Pending), strings.Join(names, ", "))
}

// versionTable is golang-migrate's bookkeeping table, created as its
// drivers create it, so that its CLI reads and continues what simasn did.
func versionTable(dia string) string {
	if dia == dialect.Postgres {
		return `CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`
	}
	return `CREATE TABLE IF NOT EXISTS schema_migrations (version uint64, dirty bool); CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version)`
}

// querier is a *sql.DB, *sql.Conn or *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func tableExists(ctx context.Context, q querier, dia, table string) (bool, error) {
	var n int
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if dia == dialect.Postgres {
		query = `SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1`
	}
	if err := q.QueryRowContext(ctx, query, table).Scan(&n); err != nil {
		return false, fmt.Errorf("look for table %s: %w", table, err)
	}
	return n > 0, nil
}

// readStatus reads where the database stands.
func readStatus(ctx context.Context, q querier, dia string) (MigrationStatus, error) {
	all, err := Migrations(dia)
	if err != nil {
		return MigrationStatus{}, err
	}
	st := MigrationStatus{Dialect: dia}
	if len(all) > 0 {
		st.Latest = all[len(all)-1].Version
	}
	versioned, err := tableExists(ctx, q, dia, "schema_migrations")
	if err != nil {
		return st, err
	}
	if versioned {
		err := q.QueryRowContext(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&st.Version, &st.Dirty)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return st, fmt.Errorf("read schema_migrations: %w", err)
		}
	} else {
		// Every release before versioned migrations created units.
		st.Legacy, err = tableExists(ctx, q, dia, "units")
		if err != nil {
			return st, err
		}
		if st.Legacy {
			return st, nil
		}
	}
	known := st.Version == 0
	for _, m := range all {
		if m.Version > st.Version {
			st.Pending = append(st.Pending, m)
		}
		known = known || m.Version == st.Version
	}
	st.Ahead = !known
	if st.Ahead {
		st.Pending = nil
	}
	return st, nil
}

// MigrationStatus reads where the database stands against the migrations
// built into this binary. It changes nothing.
func (db *DB) MigrationStatus(ctx context.Context) (MigrationStatus, error) {
	return readStatus(ctx, db.SQL, db.Dialect)
}

// Inspect is MigrationStatus for a database named by its URL, opened so
// that nothing at all is written: a SQLite file that does not exist is
// not created (every migration is pending), and one that exists is opened
// read-only.
func Inspect(ctx context.Context, rawURL string) (MigrationStatus, error) {
	driverName, dsn, dia := resolve(rawURL)
	if dia == dialect.SQLite {
		file, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		q, _ := url.ParseQuery(query)
		if q.Get("mode") != "memory" {
			file, _ = url.PathUnescape(file)
			if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
				return readStatusEmpty(dia)
			} else if err != nil {
				return MigrationStatus{}, err
			}
			dsn = "file:" + (&url.URL{Path: file}).EscapedPath() + "?mode=ro"
		}
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return MigrationStatus{}, fmt.Errorf("open %s database: %w", dia, err)
	}
	defer db.Close()
	return readStatus(ctx, db, dia)
}

// readStatusEmpty is the status of a database that does not exist yet.
func readStatusEmpty(dia string) (MigrationStatus, error) {
	all, err := Migrations(dia)
	if err != nil {
		return MigrationStatus{}, err
	}
	st := MigrationStatus{Dialect: dia, Pending: all}
	if len(all) > 0 {
		st.Latest = all[len(all)-1].Version
	}
	return st, nil
}

// WritePlan writes to w the SQL that Migrate would run on a database in
// state st, each migration under a comment naming its file.
func WritePlan(w io.Writer, st MigrationStatus) error {
	if !st.UpToDate() && len(st.Pending) == 0 {
		_, err := fmt.Fprintf(w, "-- %s\n", st.Describe())
		return err
	}
	if len(st.Pending) == 0 {
		_, err := fmt.Fprintf(w, "-- nothing to do: %s\n", st.Describe())
		return err
	}
	for _, m := range st.Pending {
		if _, err := fmt.Fprintf(w, "-- %s\n%s\n", m.File, strings.TrimRight(m.SQL, "\n")); err != nil {
			return err
		}
	}
	return nil
}

// migrationLock is the PostgreSQL advisory lock key that serializes
// migrations between instances started at once.
const migrationLock = 7_384_211_006

// Migrate applies the pending migrations, oldest first, each in its own
// transaction together with its schema_migrations record, and returns
// those applied. It is safe to run any number of times and from several
// instances at once (PostgreSQL serializes them with an advisory lock,
// SQLite with its write lock). A database made by the auto-migration of
// releases before versioned migrations is adopted: brought to the ent
// schema additively, as those releases did, and recorded at the latest
// version.
func (db *DB) Migrate(ctx context.Context) error {
	_, err := db.MigrateTo(ctx, 0)
	return err
}

// MigrateTo is Migrate up to and including version target (0: all).
func (db *DB) MigrateTo(ctx context.Context, target int64) (applied []Migration, err error) {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if db.Dialect == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return nil, fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	} else {
		// SQLite rebuilds a table to change it (create, copy, drop, rename):
		// with foreign keys on, the drop would cascade into the rows that
		// refer to it. The check after each migration stands in for them.
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	st, err := readStatus(ctx, conn, db.Dialect)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	switch {
	case st.Dirty, st.Ahead:
		return nil, fmt.Errorf("migrate: %s", st.Describe())
	case st.Legacy:
		if err := db.adopt(ctx, conn, st.Latest); err != nil {
			return nil, err
		}
		return nil, nil
	}
	if _, err := conn.ExecContext(ctx, versionTable(db.Dialect)); err != nil {
		return nil, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	for _, m := range st.Pending {
		if target > 0 && m.Version > target {
			break
		}
		ok, err := db.apply(ctx, conn, m)
		if err != nil {
			return applied, err
		}
		if ok {
			applied = append(applied, m)
		}
	}
	return applied, nil
}

// apply runs one migration and records it, in one transaction; it skips a
// migration another instance applied meanwhile.
func (db *DB) apply(ctx context.Context, conn *sql.Conn, m Migration) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.File, err)
	}
	defer tx.Rollback()
	var current int64
	if err := tx.QueryRowContext(ctx, `SELECT version FROM schema_migrations LIMIT 1`).Scan(&current); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("migrate %s: %w", m.File, err)
	}
	if current >= m.Version {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.File, err)
	}
	if db.Dialect == dialect.SQLite {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return false, fmt.Errorf("migrate %s: %w", m.File, err)
		}
	}
	if err := record(ctx, tx, m.Version); err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.File, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.File, err)
	}
	return true, nil
}

// record sets schema_migrations to version, clean, as golang-migrate does
// (one row).
func record(ctx context.Context, tx *sql.Tx, version int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_migrations`); err != nil {
		return err
	}
	// The version is a number we made: no placeholder, so one statement
	// serves both dialects.
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO schema_migrations (version, dirty) VALUES (%d, false)`, version))
	return err
}

// foreignKeyCheck fails when a row refers to a row that does not exist.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("foreign key violation: a row of %s (rowid %d) refers to a missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// adopt brings a database made by the auto-migration of earlier releases
// to the ent schema as those releases did (additively: nothing dropped),
// removes the index that release added beside ent, and records it at
// version latest.
func (db *DB) adopt(ctx context.Context, conn *sql.Conn, latest int64) error {
	if db.Dialect == dialect.Postgres {
		// Earlier releases kept a text_pattern_ops copy of the units.path
		// index beside ent's plain one; the schema now declares unit_path
		// with text_pattern_ops, which the auto-migration below recreates.
		if _, err := conn.ExecContext(ctx, `DROP INDEX IF EXISTS unit_path_pattern; DROP INDEX IF EXISTS unit_path`); err != nil {
			return fmt.Errorf("migrate: adopt: %w", err)
		}
	}
	if err := db.Client.Schema.Create(ctx); err != nil {
		return fmt.Errorf("migrate: adopt a database from before versioned migrations: %w", err)
	}
	// The current competencies are derived from the assessments: fill
	// them as the migration that added them does.
	if err := analytics.FillCurrentCompetencies(ctx, conn, db.Dialect); err != nil {
		return fmt.Errorf("migrate: adopt: fill the current competencies: %w", err)
	}
	if _, err := conn.ExecContext(ctx, versionTable(db.Dialect)); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: adopt: %w", err)
	}
	defer tx.Rollback()
	if err := record(ctx, tx, latest); err != nil {
		return fmt.Errorf("migrate: adopt: %w", err)
	}
	return tx.Commit()
}
