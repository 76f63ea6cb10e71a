package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver "postgres"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"

	"simasn/ent"
	_ "simasn/ent/runtime" // schema hooks, defaults and validators
	"simasn/internal/access"
	"simasn/internal/analytics"
	"simasn/internal/audit"
	"simasn/internal/feed"
	"simasn/internal/orgtree"
	"simasn/internal/resultcache"
	"simasn/internal/textcheck"
	"simasn/internal/webhook"
)

// DB is an open database with its ent client.
type DB struct {
	// Client is the ent client; its hooks keep the data invariants.
	Client *ent.Client
	// SQL is the underlying connection pool.
	SQL *sql.DB
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
	// URL is the URL the database was opened with (it may hold a password:
	// never log it unmasked).
	URL string
	// Driver is the driver Client runs its statements on, with every
	// wrapper (statement timeouts, prepared reads, WithDriver's). It is for
	// read statements built outside ent that apply the row rules
	// themselves (access.RowFilter), as the compiled reads of
	// internal/sqljson do: ent's hooks and interceptors do not run on it.
	Driver dialect.Driver

	// AnalyticsCache keeps the results of the analytics statements
	// (WithAnalyticsCache; SetLimit changes its bound).
	AnalyticsCache *resultcache.Cache

	feedLocal *feed.Local
	prepared  *preparingDriver
	cached    *resultcache.Driver
}

// ChangeFingerprints reads the change fingerprints of tables, as the
// analytics cache reads them (a table without one is left out).
func (db *DB) ChangeFingerprints(ctx context.Context, tables ...string) (map[string]int64, error) {
	return db.cached.Fingerprints(ctx, tables...)
}

// CompactChanges folds the change log of the analytics cache's
// fingerprints into their bases (PostgreSQL; it also happens in the
// background once a fingerprint read counts more than
// resultcache.CompactAfter rows).
func (db *DB) CompactChanges(ctx context.Context) error {
	return db.cached.Compact(ctx)
}

// Option configures Open.
type Option func(*options)

type options struct {
	wrap       func(dialect.Driver) dialect.Driver
	cacheBytes int64
}

// WithDriver wraps the ent driver, e.g. to count or log statements.
func WithDriver(wrap func(dialect.Driver) dialect.Driver) Option {
	return func(o *options) { o.wrap = wrap }
}

// WithAnalyticsCache keeps up to limit bytes of analytics results in
// memory (see internal/resultcache); 0, the default, keeps none.
func WithAnalyticsCache(limit int64) Option {
	return func(o *options) { o.cacheBytes = limit }
}

// maxConns is the most connections a PostgreSQL pool opens, and keeps.
const maxConns = 25

// Open connects to the database named by rawURL: a postgres:// or
// postgresql:// URL selects PostgreSQL; anything else is a SQLite file
// (a path, or a file: URI). It does not apply the schema; see MigrationStatus
// and Migrate.
func Open(ctx context.Context, rawURL string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	driverName, dsn, dia := resolve(rawURL)
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dia, err)
	}
	if dia == dialect.Postgres {
		// Every connection the pool may open it also keeps: a pool that
		// closes a connection on return and opens another a moment later
		// (16 concurrent readers against 10 idle slots closed 17–37 per
		// 3 s) makes PostgreSQL fork a backend, authenticate, warm its
		// catalog caches and prepare the compiled reads again each time —
		// W3's PostgreSQL CPU per request was three times PostGraphile's.
		// Idle connections still close after ConnMaxIdleTime.
		db.SetMaxOpenConns(maxConns)
		db.SetMaxIdleConns(maxConns)
		db.SetConnMaxIdleTime(5 * time.Minute)
		db.SetConnMaxLifetime(time.Hour)
	} else {
		// One writer at a time is SQLite's model; a small pool of readers
		// works with WAL, and every transaction begins IMMEDIATE.
		db.SetMaxOpenConns(8)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dia, err)
	}
	var drv dialect.Driver = entsql.OpenDB(dia, db)
	var prepared *preparingDriver
	if dia == dialect.SQLite {
		drv = utcDriver{drv}
	} else {
		prepared = newPreparingDriver(drv, db)
		drv = prepared
	}
	drv = boundDriver{drv}
	if o.wrap != nil {
		drv = o.wrap(drv)
	}
	// Outermost, so that a statement answered from the cache reaches no
	// other wrapper (counting, tracing): only its fingerprint read does.
	cache := resultcache.New(o.cacheBytes)
	cached := resultcache.NewDriver(drv, cache, nil)
	drv = cached
	client := ent.NewClient(ent.Driver(drv))
	// Order matters: the outermost hook runs first. The tree hook computes
	// paths, the access rules judge the write, the text check refuses
	// invisible and control characters in any string field, the audit hook
	// records the write.
	orgtree.Register(client)
	access.Register(client)
	client.Use(textcheck.Hook)
	audit.Register(client)
	local := feed.Register(client, dia)
	webhook.OrderCareerLog(client, dia)
	analytics.KeepCurrentCompetencies(client, dia)
	orderLists(client)
	return &DB{Client: client, SQL: db, Dialect: dia, URL: rawURL, Driver: drv, feedLocal: local, prepared: prepared,
		AnalyticsCache: cache, cached: cached}, nil
}

// resolve maps a database URL to a database/sql driver name, DSN and ent
// dialect. SQLite DSNs get foreign keys, WAL, a busy timeout and IMMEDIATE
// transactions, so that concurrent writers queue instead of failing.
func resolve(rawURL string) (driverName, dsn, dia string) {
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		return "postgres", withoutJIT(rawURL), dialect.Postgres
	}
	path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite://"), "sqlite:")
	query := url.Values{}
	if before, after, ok := strings.Cut(path, "?"); ok {
		path = before
		query, _ = url.ParseQuery(after)
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	query.Add("_pragma", "foreign_keys(1)")
	query.Add("_pragma", "journal_mode(WAL)")
	query.Add("_pragma", "busy_timeout(10000)")
	query.Add("_pragma", "synchronous(NORMAL)")
	if query.Get("_txlock") == "" {
		query.Set("_txlock", "immediate")
	}
	return "sqlite", path + "?" + query.Encode(), dialect.SQLite
}

// withoutJIT turns PostgreSQL's JIT compilation off for the connections
// (lib/pq passes unknown URL parameters to the server as settings), unless
// the URL sets jit itself. The analytics aggregates cross its cost
// threshold at tens of thousands of rows, and compiling costs 70–170 ms,
// about what the whole aggregate takes (EXPLAIN ANALYZE on the 100k
// dataset; README, "API benchmark").
func withoutJIT(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL // sql.Open reports it
	}
	q := u.Query()
	if q.Has("jit") {
		return rawURL
	}
	q.Set("jit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.SQL.PingContext(ctx)
}

// Close closes the client and the pool.
func (db *DB) Close() error {
	return db.Client.Close()
}

// Analyze refreshes the planner statistics, as is due after a bulk load.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// NewHub returns the complaint feed hub of this database (run it with Run).
func (db *DB) NewHub(opts feed.Options) *feed.Hub {
	opts.Dialect = db.Dialect
	opts.Local = db.feedLocal
	if db.Dialect == dialect.Postgres {
		opts.DSN = db.URL
	}
	return feed.NewHub(db.Client, opts)
}
