package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// templates are the databases Copy copies from, built once per test
// process and key, and removed by Main.
var templates struct {
	mu   sync.Mutex
	dir  string // holds the SQLite templates; "" until the first is built
	byID map[string]*template
	pg   []string // PostgreSQL template databases, dropped by Main
}

// template is one template database: once built, never written again.
type template struct {
	once sync.Once
	path string // SQLite: the file
	name string // PostgreSQL: the database
	err  error
}

// Copy returns the DSN of a fresh database of the dialect ("sqlite3" or
// "postgres", as Each passes them), removed when the test ends, that is a
// copy of the template database key. The first Copy of a key in this
// process builds the template by calling build with the template's DSN;
// build must close every connection it opened before it returns. Later
// calls, from any test, copy the finished template — for PostgreSQL with
// CREATE DATABASE … TEMPLATE, for SQLite by copying the file — so a
// fixture that takes seconds to write (the demo data) is written once per
// test binary, while every test still gets a database of its own that no
// other test can touch. A build that fails fails every test that asks for
// its key, with build's error.
//
// The key must name everything that goes into the template (what build
// writes and, for time-dependent data, its clock).
func Copy(tb testing.TB, dialect, key string, build func(dsn string) error) string {
	tb.Helper()
	if dialect != dialectSQLite && dialect != dialectPostgres {
		tb.Fatalf("testdb: Copy of dialect %q, want %q or %q", dialect, dialectSQLite, dialectPostgres)
	}
	var s *server
	if dialect == dialectPostgres {
		var err error
		if s, err = postgresServer(); err != nil {
			unavailable(tb, "PostgreSQL: %v", err)
		}
	}
	tmpl := templateFor(dialect + " " + key)
	tmpl.once.Do(func() {
		start := time.Now()
		if dialect == dialectPostgres {
			tmpl.name, tmpl.err = buildPostgres(s, build)
		} else {
			tmpl.path, tmpl.err = buildSQLite(build)
		}
		if tmpl.err == nil {
			tb.Logf("testdb: built template %q (%s) in %s", key, dialect, time.Since(start).Round(time.Millisecond))
		}
	})
	if tmpl.err != nil {
		tb.Fatalf("testdb: template %q (%s): %v", key, dialect, tmpl.err)
	}
	if dialect == dialectSQLite {
		path := filepath.Join(tempDir(tb), "test.db")
		if err := copyFile(tmpl.path, path); err != nil {
			tb.Fatalf("testdb: copy template %q: %v", key, err)
		}
		return sqliteDSN(path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name, err := s.createDatabaseFrom(ctx, tmpl.name)
	if err != nil {
		unavailable(tb, "PostgreSQL: copy template %q: %v%s", key, err, s.logTail())
	}
	return s.dsnDroppedAfter(tb, name)
}

func templateFor(id string) *template {
	templates.mu.Lock()
	defer templates.mu.Unlock()
	if templates.byID == nil {
		templates.byID = map[string]*template{}
	}
	t := templates.byID[id]
	if t == nil {
		t = &template{}
		templates.byID[id] = t
	}
	return t
}

// buildSQLite builds a SQLite template in the process's template directory
// and leaves it as one self-contained file (no write-ahead log beside it).
func buildSQLite(build func(dsn string) error) (string, error) {
	templates.mu.Lock()
	if templates.dir == "" {
		dir, err := mkdirTemp("simasn-templates-")
		if err != nil {
			templates.mu.Unlock()
			return "", err
		}
		templates.dir = dir
	}
	path := filepath.Join(templates.dir, strconv.Itoa(len(templates.byID))+"-"+strconv.FormatInt(time.Now().UnixNano(), 36)+".db")
	templates.mu.Unlock()
	dsn := sqliteDSN(path)
	if err := build(dsn); err != nil {
		return "", err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// Back to a rollback journal: the WAL is folded into the file and
	// removed, so that copying the one file copies the whole database.
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		return "", fmt.Errorf("fold the write-ahead log into the template: %w", err)
	}
	if mode != "delete" {
		return "", fmt.Errorf("fold the write-ahead log into the template: journal_mode is %q, want delete (a connection build opened is still open?)", mode)
	}
	return path, db.Close()
}

// buildPostgres builds a PostgreSQL template database; a copy needs it to
// have no session, so any build left open is ended.
func buildPostgres(s *server, build func(dsn string) error) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name, err := s.createDatabase(ctx)
	if err != nil {
		return "", err
	}
	templates.mu.Lock()
	templates.pg = append(templates.pg, name)
	templates.mu.Unlock()
	if err := build(s.dsn(name)); err != nil {
		return "", err
	}
	if _, err := s.admin.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
		return "", fmt.Errorf("end the sessions of template %s: %w", name, err)
	}
	return name, nil
}

// createDatabaseFrom creates a database with a random name as a copy of
// the template database tmpl and returns the name.
func (s *server) createDatabaseFrom(ctx context.Context, tmpl string) (string, error) {
	var err error
	for attempt := 0; attempt < 50; attempt++ {
		var name string
		name, err = s.createDatabaseAs(ctx, "TEMPLATE "+tmpl)
		if err == nil {
			return name, nil
		}
		// A session ended by buildPostgres may not have gone yet.
		if !isTemplateBusy(err) {
			return "", err
		}
		select {
		case <-ctx.Done():
			return "", errors.Join(err, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return "", err
}

// dropTemplates drops the PostgreSQL templates and removes the SQLite
// ones; Main calls it through shutdown.
func dropTemplates(s *server) error {
	templates.mu.Lock()
	defer templates.mu.Unlock()
	var errs []error
	if s != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, name := range templates.pg {
			errs = append(errs, s.dropDatabase(ctx, name))
		}
	}
	templates.pg = nil
	if templates.dir != "" {
		errs = append(errs, os.RemoveAll(templates.dir))
		templates.dir = ""
	}
	return errors.Join(errs...)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// sqliteDSN is the DSN SQLite returns for the file at path.
func sqliteDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_txlock=immediate"
}
