package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
)

// envURL names the variable that points the tests at an existing PostgreSQL
// server instead of a throwaway cluster.
const envURL = "SIMASN_TEST_DATABASE_URL"

// pg is the process-wide PostgreSQL server. It is set up once, by the first
// Postgres call, and a failure is remembered so that later calls skip or
// fail at once instead of retrying a slow start.
var pg struct {
	mu      sync.Mutex
	started bool
	srv     *server
	err     error
}

// server is a PostgreSQL server that test databases are created on.
type server struct {
	admin   *sql.DB  // connection used only for CREATE and DROP DATABASE
	base    *url.URL // DSN of the admin connection; its path is swapped per database
	cluster *cluster // the throwaway cluster, or nil when using envURL
	// strategy is the STRATEGY clause of CREATE DATABASE: FILE_COPY from
	// PostgreSQL 15 on (see createDatabaseAs), "" before.
	strategy string
}

// Postgres returns a DSN (postgres://…) for the "postgres" driver
// (github.com/lib/pq) naming a fresh, empty database created for this test and
// dropped, with any open connections, when the test ends.
//
// The database lives on the server at SIMASN_TEST_DATABASE_URL when set (the
// DSN keeps its user, host and parameters), else on a throwaway cluster
// started once per test process and listening on 127.0.0.1 (the DSN has
// sslmode=disable). If PostgreSQL cannot be provided the test is skipped with
// the reason, or fails under CI=true.
func Postgres(tb testing.TB) string {
	tb.Helper()
	s, err := postgresServer()
	if err != nil {
		unavailable(tb, "PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name, err := s.createDatabase(ctx)
	if err != nil {
		unavailable(tb, "PostgreSQL: %v%s", err, s.logTail())
	}
	return s.dsnDroppedAfter(tb, name)
}

// dsnDroppedAfter returns the DSN of database name, dropped when the test
// ends.
func (s *server) dsnDroppedAfter(tb testing.TB, name string) string {
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.dropDatabase(ctx, name); err != nil {
			tb.Errorf("testdb: %v", err)
		}
	})
	return s.dsn(name)
}

// postgresServer returns the process-wide server, starting it on first use.
func postgresServer() (*server, error) {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	if !pg.started {
		pg.started = true
		pg.srv, pg.err = connect()
	}
	return pg.srv, pg.err
}

// shutdown closes the server and stops the throwaway cluster, if any; later
// Postgres calls fail.
func shutdown() error {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	s := pg.srv
	pg.started, pg.srv, pg.err = true, nil, errors.New("already shut down by testdb.Main")
	if s == nil {
		return dropTemplates(nil)
	}
	err := errors.Join(dropTemplates(s), s.admin.Close())
	if s.cluster != nil {
		err = errors.Join(err, s.cluster.stop())
	}
	return err
}

// connect opens the server named by envURL, or starts a throwaway cluster.
func connect() (*server, error) {
	if raw := os.Getenv(envURL); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return nil, fmt.Errorf("%s must be a postgres:// URL", envURL)
		}
		admin, err := openAdmin(u)
		if err != nil {
			return nil, fmt.Errorf("connect to %s=%s: %w", envURL, u.Redacted(), err)
		}
		return newServer(admin, u, nil)
	}

	c, err := startCluster()
	if err != nil {
		return nil, err
	}
	u := &url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/postgres",
		RawQuery: "sslmode=disable",
	}
	admin, err := openAdmin(u)
	if err != nil {
		err = fmt.Errorf("connect to throwaway cluster at %s: %w%s", u.Host, err, c.logTail())
		return nil, errors.Join(err, c.stop())
	}
	s, err := newServer(admin, u, c)
	if err != nil {
		return nil, errors.Join(err, admin.Close(), c.stop())
	}
	return s, nil
}

// newServer returns the server reached through admin, choosing how it
// copies databases from its version.
func newServer(admin *sql.DB, base *url.URL, c *cluster) (*server, error) {
	var version int
	if err := admin.QueryRow(`SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
		return nil, fmt.Errorf("PostgreSQL version: %w", err)
	}
	s := &server{admin: admin, base: base, cluster: c}
	if version >= 150000 {
		s.strategy = "STRATEGY FILE_COPY"
	}
	return s, nil
}

func openAdmin(u *url.URL) (*sql.DB, error) {
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return nil, err
	}
	// CREATE DATABASE copies a template on disk; a few at a time is plenty.
	db.SetMaxOpenConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// createDatabase creates an empty database with a random name and returns
// the name.
func (s *server) createDatabase(ctx context.Context) (string, error) {
	return s.createDatabaseAs(ctx, "")
}

// createDatabaseAs creates a database with a random name and the given
// CREATE DATABASE options (e.g. "TEMPLATE x") and returns the name.
//
// From PostgreSQL 15 on it copies the template's files (STRATEGY
// FILE_COPY) instead of writing every block of it to the write-ahead log
// (WAL_LOG, the default): for a test database, measured on the throwaway
// cluster (fsync off), about 60 ms of server CPU against 170–250 ms, and
// a server test binary creates over two hundred. (FILE_COPY checkpoints
// before and after the copy, which is cheap with the throwaway cluster's
// fsync=off.)
func (s *server) createDatabaseAs(ctx context.Context, options string) (string, error) {
	b := make([]byte, 8)
	rand.Read(b) // never fails, per its documentation
	name := "simasn_test_" + hex.EncodeToString(b)
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+name+" "+options+" "+s.strategy); err != nil {
		return "", fmt.Errorf("create database %s %s: %w", name, options, err)
	}
	return name, nil
}

// isTemplateBusy reports whether CREATE DATABASE failed because a session
// was still connected to its template (SQLSTATE 55006, object in use).
func isTemplateBusy(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "55006"
}

// dropDatabase drops the database, ending the sessions still connected to it
// (WITH (FORCE), PostgreSQL 13 and later) so a leaked connection cannot keep
// it alive.
func (s *server) dropDatabase(ctx context.Context, name string) error {
	if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// dsn returns the DSN of the named database on s.
func (s *server) dsn(name string) string {
	u := *s.base
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// logTail returns the end of the throwaway cluster's log, to explain a
// failure, or "" when using envURL.
func (s *server) logTail() string {
	if s.cluster == nil {
		return ""
	}
	return s.cluster.logTail()
}

// Scratch provides a fresh, empty PostgreSQL database outside a test, for
// tools such as the migration generator (ent/migrate/main.go) that need a
// real server to compute a schema difference: the server at
// SIMASN_TEST_DATABASE_URL when set, else a throwaway cluster from the local
// binaries. release drops the database and stops the cluster.
func Scratch(ctx context.Context) (dsn string, release func() error, err error) {
	s, err := postgresServer()
	if err != nil {
		return "", nil, fmt.Errorf("PostgreSQL: %w", err)
	}
	name, err := s.createDatabase(ctx)
	if err != nil {
		return "", nil, errors.Join(fmt.Errorf("PostgreSQL: %w%s", err, s.logTail()), shutdown())
	}
	return s.dsn(name), func() error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return errors.Join(s.dropDatabase(ctx, name), shutdown())
	}, nil
}
