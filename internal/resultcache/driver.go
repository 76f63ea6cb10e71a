package resultcache

import (
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// CompactAfter is how many change_log rows a fingerprint read may count
// (PostgreSQL) before it starts a compaction in the background.
const CompactAfter = 1000

// Driver serves the marked reads of an ent driver from a Cache.
//
// A marked Query outside a transaction first reads the fingerprints of the
// tables the statement names (one small statement), then looks up (SQL
// text, arguments, fingerprints); on a miss it runs the statement and keeps
// its columns and rows. Why a kept result is never stale:
//
//   - A fingerprint is the number of committed transactions that wrote the
//     table; the set of committed transactions a snapshot sees only grows,
//     so equal fingerprints of every table a statement reads mean the same
//     committed rows, and an answer computed for them is the answer now.
//   - The statement runs after the fingerprint read, in READ COMMITTED (or
//     SQLite's own read transaction) with a later snapshot: it sees every
//     commit the fingerprint counts, and perhaps more. The result kept under
//     a key is therefore at least as fresh as the key: whoever reads that
//     key later read its fingerprints before it, and gets an answer of a
//     state no older than the one it saw — the same guarantee as running
//     the statement itself at the moment it read the fingerprints.
//   - Inside a transaction the fingerprints would count the transaction's
//     own uncommitted writes (a count that another, committed state may
//     reach later), so statements in transactions are never cached.
//
// The viewer's access rules are part of the statement (its scope paths and
// masks are in the SQL text or its arguments), so the key is per scope by
// construction; disclosure control runs in Go on the replayed rows.
type Driver struct {
	dialect.Driver
	cache  *Cache
	logger *slog.Logger

	mu      sync.Mutex
	catalog *catalog
	shapes  sync.Map // statement text → *shape
	nshapes atomic.Int64

	compacting atomic.Bool
}

// NewDriver wraps d (of dialect dialect.SQLite or dialect.Postgres).
func NewDriver(d dialect.Driver, cache *Cache, logger *slog.Logger) *Driver {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Driver{Driver: d, cache: cache, logger: logger}
}

// maxShapes bounds the statement texts whose shape is remembered.
const maxShapes = 10_000

// catalog is what the database says of its tables: which have a change
// fingerprint.
type catalog struct {
	tables  map[string]bool // every table → tracked
	tracked bool            // the fingerprint tables exist
}

// shape is what a statement text needs: the tracked tables it names, or
// why it is not cacheable.
type shape struct {
	tables []string // sorted
	fpSQL  string   // the fingerprint read of tables
	reason string   // not "" when uncacheable
}

// volatile names functions whose answer changes without a write.
var volatile = map[string]bool{
	"now": true, "current_date": true, "current_time": true, "current_timestamp": true,
	"localtime": true, "localtimestamp": true, "random": true, "randomblob": true,
	"clock_timestamp": true, "statement_timestamp": true, "transaction_timestamp": true,
	"timeofday": true, "nextval": true, "currval": true, "setval": true, "lastval": true,
	"txid_current": true, "pg_current_xact_id": true, "gen_random_uuid": true,
	"last_insert_rowid": true, "changes": true, "total_changes": true,
	"update": true, "insert": true, "delete": true, "share": true, // FOR UPDATE, writes
}

// Query answers a marked read from the cache; every other statement runs
// as usual.
func (d *Driver) Query(ctx context.Context, query string, args, v any) error {
	rows, ok := v.(*entsql.Rows)
	argv, okArgs := args.([]any)
	if !ok || (!okArgs && args != nil) || !Marked(ctx) || d.cache.Limit() <= 0 {
		return d.Driver.Query(ctx, query, args, v)
	}
	sh, err := d.shape(ctx, query)
	if err != nil {
		return err
	}
	var key strings.Builder
	if sh.reason != "" || !appendArgs(&key, argv) {
		d.cache.uncacheable.Add(1)
		return d.Driver.Query(ctx, query, args, v)
	}
	fp, err := d.fingerprints(ctx, sh)
	if err != nil {
		return err
	}
	key.WriteString("\x01")
	key.WriteString(fp)
	key.WriteString("\x01")
	key.WriteString(query)
	res, err := d.cache.do(ctx, key.String(), func() (*result, error) { return d.run(ctx, query, args) })
	if err != nil {
		return err
	}
	r, err := replay(ctx, res)
	if err != nil {
		return err
	}
	*rows = entsql.Rows{ColumnScanner: r}
	return nil
}

// shape returns the (remembered) shape of a statement text.
func (d *Driver) shape(ctx context.Context, query string) (*shape, error) {
	if sh, ok := d.shapes.Load(query); ok {
		return sh.(*shape), nil
	}
	cat, err := d.loadCatalog(ctx)
	if err != nil {
		return nil, err
	}
	sh := analyze(query, cat, d.Dialect())
	if !cat.tracked && sh.reason == "" {
		sh = &shape{reason: "the database has no change fingerprints"}
	}
	if d.nshapes.Add(1) <= maxShapes {
		d.shapes.Store(query, sh)
	}
	return sh, nil
}

// analyze finds the tables a statement names (every identifier, quoted or
// not, even inside a string literal: naming too many is safe) and whether
// it can be cached.
func analyze(query string, cat *catalog, dia string) *shape {
	first := strings.ToLower(strings.TrimSpace(query))
	if !strings.HasPrefix(first, "select") && !strings.HasPrefix(first, "with") {
		return &shape{reason: "not a read"}
	}
	seen := map[string]bool{}
	for _, w := range words(query) {
		lw := strings.ToLower(w)
		if volatile[lw] {
			return &shape{reason: "calls " + lw}
		}
		tracked, isTable := cat.tables[w]
		if !isTable {
			continue
		}
		if !tracked {
			return &shape{reason: "reads " + w + ", which has no change fingerprint"}
		}
		seen[w] = true
	}
	sh := &shape{}
	for t := range seen {
		sh.tables = append(sh.tables, t)
	}
	sort.Strings(sh.tables)
	sh.fpSQL = fingerprintSQL(dia, sh.tables)
	return sh
}

// words returns the identifier-like words of s.
func words(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		word := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// fingerprintSQL is the one statement that reads the fingerprints of
// tables (sorted): per table its base and, on PostgreSQL, its change_log
// rows.
func fingerprintSQL(dia string, tables []string) string {
	if len(tables) == 0 {
		return ""
	}
	quoted := make([]string, len(tables))
	for i, t := range tables {
		quoted[i] = "('" + t + "')" // names from the catalog: [a-z_0-9] only (see loadCatalog)
	}
	if dia == dialect.Postgres {
		return `SELECT t.tbl, coalesce(b.n, 0), (SELECT count(*) FROM change_log l WHERE l.tbl = t.tbl) FROM (VALUES ` +
			strings.Join(quoted, ", ") + `) AS t(tbl) LEFT JOIN change_base b ON b.tbl = t.tbl ORDER BY t.tbl`
	}
	return `SELECT t.column1, b.n, 0 FROM (VALUES ` + strings.Join(quoted, ", ") +
		`) AS t JOIN change_base b ON b.tbl = t.column1 ORDER BY t.column1`
}

// fingerprints reads the fingerprints of the statement's tables, as text
// for the key, and starts a compaction when the log has grown.
func (d *Driver) fingerprints(ctx context.Context, sh *shape) (string, error) {
	if sh.fpSQL == "" {
		return "", nil
	}
	fps, logged, err := d.read(ctx, sh.fpSQL)
	if err != nil {
		return "", err
	}
	if len(fps) != len(sh.tables) {
		return "", fmt.Errorf("read change fingerprints: %d of %d tables have a base row", len(fps), len(sh.tables))
	}
	var b strings.Builder
	for _, t := range sh.tables {
		fmt.Fprintf(&b, "%s=%d;", t, fps[t])
	}
	if logged > CompactAfter && d.compacting.CompareAndSwap(false, true) {
		go func() {
			defer d.compacting.Store(false)
			if err := d.Compact(context.WithoutCancel(ctx)); err != nil {
				d.logger.Warn("compacting change fingerprints", "err", err)
			}
		}()
	}
	return b.String(), nil
}

// Fingerprints reads the change fingerprints of tables (with the statement
// the cache reads them with); a table without one is left out.
func (d *Driver) Fingerprints(ctx context.Context, tables ...string) (map[string]int64, error) {
	for _, t := range tables {
		if !plainName(t) {
			return nil, fmt.Errorf("read change fingerprints: %q is not a table name", t)
		}
	}
	sorted := append([]string(nil), tables...)
	sort.Strings(sorted)
	fps, _, err := d.read(ctx, fingerprintSQL(d.Dialect(), sorted))
	return fps, err
}

// read runs a fingerprint read: the fingerprints, and how many change_log
// rows they counted.
func (d *Driver) read(ctx context.Context, query string) (map[string]int64, int64, error) {
	var rows entsql.Rows
	if err := d.Driver.Query(ctx, query, []any{}, &rows); err != nil {
		return nil, 0, fmt.Errorf("read change fingerprints: %w", err)
	}
	defer rows.Close()
	fps := map[string]int64{}
	var logged int64
	for rows.Next() {
		var tbl string
		var base, log int64
		if err := rows.Scan(&tbl, &base, &log); err != nil {
			return nil, 0, fmt.Errorf("read change fingerprints: %w", err)
		}
		fps[tbl] = base + log
		logged += log
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read change fingerprints: %w", err)
	}
	return fps, logged, nil
}

// Compact folds the change_log rows into change_base (PostgreSQL; a no-op
// on SQLite) in one transaction: the rows it deletes are exactly the rows
// whose counts it adds, and both become visible at its commit at once, so
// base.n + count(change_log) of every table is the same before and after
// for every reader. Concurrent compactors are safe: a row is deleted by one
// of them only (the second one's DELETE waits on the first's row lock and
// then finds the row gone, so it neither returns nor counts it), and the
// ON CONFLICT update of change_base re-reads the row the other committed.
// A writer's own row is not visible to the compactor before the writer
// commits, so it is left for a later compaction: no change is lost.
func (d *Driver) Compact(ctx context.Context) error {
	if d.Dialect() != dialect.Postgres {
		return nil
	}
	var res stdsql.Result
	return d.Driver.Exec(ctx, `WITH d AS (DELETE FROM change_log RETURNING tbl),
c AS (SELECT tbl, count(*) AS n FROM d GROUP BY tbl)
INSERT INTO change_base (tbl, n) SELECT tbl, n FROM c
ON CONFLICT (tbl) DO UPDATE SET n = change_base.n + excluded.n`, []any{}, &res)
}

// loadCatalog reads (once it succeeds) which tables have a fingerprint.
// Views and, on PostgreSQL, the schema's own functions are listed as
// tables without one: what they read is not in the statement's text, so a
// statement that names one is not cached.
func (d *Driver) loadCatalog(ctx context.Context) (*catalog, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.catalog != nil {
		return d.catalog, nil
	}
	q := `SELECT m.name,
	(SELECT count(*) FROM sqlite_master t WHERE t.type = 'trigger' AND t.tbl_name = m.name
	  AND t.name IN ('change_insert_' || m.name, 'change_update_' || m.name, 'change_delete_' || m.name)) = 3
	AND EXISTS (SELECT 1 FROM sqlite_master c WHERE c.type = 'table' AND c.name = 'change_base')
	FROM sqlite_master m WHERE m.type IN ('table', 'view')`
	if d.Dialect() == dialect.Postgres {
		q = `SELECT c.relname, EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid
	  AND t.tgname = 'change_fingerprint' AND t.tgenabled <> 'D')
	FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
	UNION ALL SELECT p.proname, false FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace`
	}
	var rows entsql.Rows
	if err := d.Driver.Query(ctx, q, []any{}, &rows); err != nil {
		return nil, fmt.Errorf("read the tables with change fingerprints: %w", err)
	}
	defer rows.Close()
	cat := &catalog{tables: map[string]bool{}}
	for rows.Next() {
		var name string
		var tracked bool
		if err := rows.Scan(&name, &tracked); err != nil {
			return nil, fmt.Errorf("read the tables with change fingerprints: %w", err)
		}
		cat.tables[name] = tracked && plainName(name)
		if name == "change_base" {
			cat.tracked = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the tables with change fingerprints: %w", err)
	}
	d.catalog = cat
	return cat, nil
}

// plainName reports whether a table name can be written in a string
// literal as it is.
func plainName(s string) bool {
	for _, c := range s {
		if c != '_' && (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// run runs a statement and keeps its whole answer.
func (d *Driver) run(ctx context.Context, query string, args any) (*result, error) {
	var rows entsql.Rows
	if err := d.Driver.Query(ctx, query, args, &rows); err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &result{cols: make([]column, len(names))}
	for i, n := range names {
		col := column{name: n}
		if i < len(types) {
			col.scanType = types[i].ScanType()
			col.dbType = types[i].DatabaseTypeName()
			col.nullable, col.hasNul = types[i].Nullable()
		}
		res.cols[i] = col
		res.bytes += 64 + int64(len(n))
	}
	for rows.Next() {
		// Scanning into *any keeps the driver's value as it is ([]byte
		// copied): replaying it lets the caller's Scan convert it as it
		// would have the first time.
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]driver.Value, len(vals))
		res.bytes += 24
		for i, v := range vals {
			row[i] = v
			res.bytes += size(v)
		}
		res.rows = append(res.rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// Tx opens a transaction: its statements are never cached.
func (d *Driver) Tx(ctx context.Context) (dialect.Tx, error) { return d.Driver.Tx(ctx) }

// ExecContext forwards raw statements.
func (d *Driver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	ex, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("ExecContext is not supported by %T", d.Driver)
	}
	return ex.ExecContext(ctx, query, args...)
}

// QueryContext forwards raw queries.
func (d *Driver) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	q, ok := d.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("QueryContext is not supported by %T", d.Driver)
	}
	return q.QueryContext(ctx, query, args...)
}

// Replaying goes through database/sql itself, with a driver that serves a
// kept result: the caller's Scan converts the very driver values the
// database gave, with database/sql's own rules, as on the first run.
var (
	replayOnce sync.Once
	replayDB   *stdsql.DB
)

func replay(ctx context.Context, res *result) (*stdsql.Rows, error) {
	replayOnce.Do(func() {
		replayDB = stdsql.OpenDB(replayConnector{})
		replayDB.SetMaxIdleConns(64)
	})
	return replayDB.QueryContext(ctx, "replay", res)
}

type replayConnector struct{}

func (replayConnector) Connect(context.Context) (driver.Conn, error) { return replayConn{}, nil }
func (replayConnector) Driver() driver.Driver                        { return replayDriver{} }

type replayDriver struct{}

func (replayDriver) Open(string) (driver.Conn, error) { return replayConn{}, nil }

type replayConn struct{}

func (replayConn) Prepare(string) (driver.Stmt, error) {
	return nil, errors.New("resultcache: the replay connection prepares nothing")
}
func (replayConn) Close() error              { return nil }
func (replayConn) Begin() (driver.Tx, error) { return nil, errors.New("resultcache: no transactions") }

// CheckNamedValue lets the kept result through as the argument.
func (replayConn) CheckNamedValue(*driver.NamedValue) error { return nil }

// QueryContext serves the kept result given as the one argument.
func (replayConn) QueryContext(_ context.Context, _ string, args []driver.NamedValue) (driver.Rows, error) {
	res, ok := args[0].Value.(*result)
	if !ok {
		return nil, errors.New("resultcache: replay without a result")
	}
	return &replayRows{res: res}, nil
}

type replayRows struct {
	res *result
	i   int
}

func (r *replayRows) Columns() []string {
	out := make([]string, len(r.res.cols))
	for i, c := range r.res.cols {
		out[i] = c.name
	}
	return out
}

func (r *replayRows) Close() error { return nil }

func (r *replayRows) Next(dest []driver.Value) error {
	if r.i >= len(r.res.rows) {
		return io.EOF
	}
	row := r.res.rows[r.i]
	r.i++
	for i, v := range row {
		if b, ok := v.([]byte); ok { // the caller may keep or change them
			v = append([]byte(nil), b...)
		}
		dest[i] = v
	}
	return nil
}

func (r *replayRows) ColumnTypeScanType(i int) reflect.Type {
	if t := r.res.cols[i].scanType; t != nil {
		return t
	}
	return reflect.TypeOf((*any)(nil)).Elem()
}

func (r *replayRows) ColumnTypeDatabaseTypeName(i int) string { return r.res.cols[i].dbType }

func (r *replayRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.res.cols[i].nullable, r.res.cols[i].hasNul
}
