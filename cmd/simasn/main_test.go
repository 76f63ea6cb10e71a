package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"simasn/internal/config"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

func noEnv(string) string { return "" }

// sharedSecret is an environment in which every server signs tokens alike,
// so that one server's token reaches the next.
func sharedSecret(name string) string {
	if name == "SIMASN_TOKEN_SECRET" {
		return "a-test-secret-of-at-least-32-bytes-long"
	}
	return ""
}

// serve starts `simasn serve` with args and returns its base URL and a
// stop function that checks it stops cleanly.
func serve(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	return serveLogged(t, io.Discard, args...)
}

// serveLogged is serve with the log written to logs; read it after stop.
func serveLogged(t *testing.T, logs io.Writer, args ...string) (base string, stop func()) {
	t.Helper()
	return serveEnv(t, sharedSecret, logs, args...)
}

// serveEnv is serveLogged in the environment getenv.
func serveEnv(t *testing.T, getenv func(string) string, logs io.Writer, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, nil, pw, logs)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no start-up line: %v (run: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	return strings.TrimSuffix(strings.Fields(line)[3], "/"), func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after SIGINT: %v, want a clean stop", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop after cancellation")
		}
	}
}

// post sends a GraphQL request with an optional token and decodes the data.
func post(t *testing.T, base, token, query string, data any) []map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, base+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Data   json.RawMessage
		Errors []map[string]any
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if data != nil && len(got.Data) > 0 && string(got.Data) != "null" {
		if err := json.Unmarshal(got.Data, data); err != nil {
			t.Fatal(err)
		}
	}
	return got.Errors
}

// TestServeDemo is the README's first promise: serve --demo on an empty
// database answers the example query with data, for the demo analyst, and
// stops cleanly; the public stays the public; the same database served
// without --demo refuses the demo accounts.
func TestServeDemo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		if strings.HasPrefix(dsn, "file:") {
			// The command takes a plain path, as a user would type it.
			dsn = filepath.Join(t.TempDir(), "simasn.db")
		}
		var logs bytes.Buffer
		base, stop := serveLogged(t, &logs, "--demo", "--database-url", dsn)

		// Without a token the caller is the public, demo or not.
		var public struct{ Employees struct{ TotalCount int } }
		if errs := post(t, base, "", `{ employees { totalCount } }`, &public); len(errs) > 0 || public.Employees.TotalCount != 0 {
			t.Errorf("the public sees %d employees (%v), want 0", public.Employees.TotalCount, errs)
		}

		// The README's one command for the demo analyst's token.
		var login struct{ Login struct{ Token string } }
		if errs := post(t, base, "", `mutation { login(username: "analis", password: "demo-analyst-2026") { token } }`, &login); len(errs) > 0 {
			t.Fatalf("demo analyst sign-in: %v", errs)
		}
		var got struct {
			Employees struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Nip, Name string
						Unit      struct{ Name string }
					}
				}
			}
		}
		errs := post(t, base, login.Login.Token, `{ employees(first: 5) { totalCount edges { node { nip name unit { name } } } } }`, &got)
		if len(errs) > 0 || got.Employees.TotalCount < 1500 || len(got.Employees.Edges) != 5 {
			t.Fatalf("example query = %+v %v", got, errs)
		}
		if e := got.Employees.Edges[0].Node; len(e.Nip) != 18 || !strings.Contains(e.Nip, "**********") || e.Name == "" || e.Unit.Name == "" {
			t.Errorf("first employee as the analyst sees them = %+v, want a masked NIP", e)
		}
		stop()
		// Start-up said what it did while the demo data loaded.
		for _, want := range []string{"migration applied", `msg="loading the demo data" progress=`, "employees", "complaints", "demo data loaded"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("the start-up log lacks %q:\n%s", want, logs.String())
			}
		}

		// The same database served without --demo refuses the demo accounts.
		base, stop = serve(t, "--database-url", dsn)
		defer stop()
		errs = post(t, base, "", `mutation { login(username: "analis", password: "demo-analyst-2026") { token } }`, nil)
		if len(errs) == 0 || !strings.Contains(fmt.Sprint(errs), "demo") {
			t.Errorf("a demo account signs in on a server without --demo: %v", errs)
		}
		if errs := post(t, base, login.Login.Token, `{ me { username } }`, nil); len(errs) == 0 {
			t.Errorf("a demo account's token works on a server without --demo")
		}
	})
}

// TestMigrate walks an operator through migrate status, up --dry-run and
// up: the inspecting commands write nothing (not even a missing SQLite
// file), serve refuses the database until it is migrated and says how.
func TestMigrate(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "m.db")
	migrate := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), append(append([]string{"migrate"}, args...), "--database-url", dsn), noEnv, nil, &out, io.Discard); err != nil {
			t.Fatalf("migrate %v: %v", args, err)
		}
		return out.String()
	}
	noFile := func(when string) {
		t.Helper()
		if matches, _ := filepath.Glob(dsn + "*"); len(matches) > 0 {
			t.Errorf("%s wrote %v, want nothing", when, matches)
		}
	}
	if out := migrate("status"); !strings.Contains(out, "pending") || !strings.Contains(out, "_initial.up.sql") {
		t.Errorf("status of a missing database = %q, want the initial migration pending", out)
	}
	noFile("migrate status")
	if out := migrate("up", "--dry-run"); !strings.Contains(out, "CREATE TABLE") || !strings.Contains(out, "employees") {
		t.Errorf("dry run printed %q, want the CREATE TABLE statements", out)
	}
	noFile("migrate up --dry-run")
	if out := migrate("--dry-run"); !strings.Contains(out, "CREATE TABLE") {
		t.Errorf("migrate --dry-run (up implied) printed %q, want the CREATE TABLE statements", out)
	}
	noFile("migrate --dry-run")

	// serve refuses the empty database and says what to run.
	var logs bytes.Buffer
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--database-url", dsn}, sharedSecret, nil, io.Discard, &logs)
	if err == nil || !strings.Contains(err.Error(), "pending") || !strings.Contains(err.Error(), "simasn migrate up") || !strings.Contains(err.Error(), "--migrate") {
		t.Errorf("serve on an unmigrated database = %v, want a refusal naming the pending migrations, migrate up and --migrate", err)
	}
	noFile("serve refusing a missing database")

	for i := 0; i < 2; i++ { // safe to run twice
		if out := migrate("up"); !strings.Contains(out, "up to date") {
			t.Errorf("migrate up run %d printed %q, want up to date", i+1, out)
		}
	}
	before, err := os.ReadFile(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if out := migrate("status"); !strings.Contains(out, "up to date") || strings.Contains(out, "pending") {
		t.Errorf("status after up = %q, want up to date", out)
	}
	if out := migrate("up", "--dry-run"); strings.Contains(out, "CREATE TABLE") || !strings.Contains(out, "nothing to do") {
		t.Errorf("dry run on a migrated database printed %q, want nothing to do", out)
	}
	after, err := os.ReadFile(dsn)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("status and dry run changed the database file (%v)", err)
	}
}

// TestServeMigrate: serve --migrate applies the pending migrations and serves.
func TestServeMigrate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		base, stop := serve(t, "--migrate", "--database-url", dsn)
		defer stop()
		var got struct{ Employees struct{ TotalCount int } }
		if errs := post(t, base, "", `{ employees { totalCount } }`, &got); len(errs) > 0 {
			t.Errorf("query after serve --migrate: %v", errs)
		}
	})
}

// TestHelp: -h, --help and help list the commands and every setting with
// its environment variable and default.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "help"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{arg}, noEnv, nil, &out, io.Discard); err != nil {
			t.Fatalf("simasn %s: %v", arg, err)
		}
		for _, want := range []string{"serve", "migrate status", "migrate up", "seed", "account create"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("simasn %s does not list the command %q", arg, want)
			}
		}
		for _, s := range config.Settings() {
			line := ""
			for _, l := range strings.Split(out.String(), "\n") {
				if (s.Env != "" && strings.Contains(l, " "+s.Env+" ")) || (s.Env == "" && strings.Contains(l, " "+s.Flag+" ")) {
					line = l
				}
			}
			if line == "" || !strings.Contains(line, s.Default) || (s.Flag != "" && !strings.Contains(line, s.Flag)) {
				t.Errorf("simasn %s: setting %s %s (default %q) is not listed with its flag and default: %q", arg, s.Flag, s.Env, s.Default, line)
			}
		}
	}
}

func TestSeedScale(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "s.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--employees", "500", "--database-url", dsn}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "100%") || !strings.Contains(out.String(), "500 employees") {
		t.Errorf("seed output %q lacks the progress bar or the summary", out.String())
	}
}

func TestBadInvocations(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown command":    {"frobnicate"},
		"unknown flag":       {"serve", "--colour"},
		"bad log level":      {"migrate", "--log-level", "loud"},
		"negative employees": {"seed", "--employees", "-5"},
		"unknown migrate":    {"migrate", "frobnicate"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := func(k string) string {
				if k == "SIMASN_DATABASE_URL" {
					return filepath.Join(dir, "x.db")
				}
				return ""
			}
			if err := run(context.Background(), args, env, nil, io.Discard, io.Discard); err == nil {
				t.Errorf("run(%v) = nil, want an error", args)
			}
		})
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, noEnv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "serve") {
		t.Errorf("help = %v, %q", err, out.String())
	}
}

func TestAccountCreate(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "a.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"account", "create", "--username", "Admin", "--role", "admin", "--database-url", dsn}, noEnv, nil, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `created ADMIN account "admin"`) || !strings.Contains(out.String(), "password (shown once") {
		t.Errorf("output = %q", out.String())
	}
	out.Reset()
	err = run(context.Background(), []string{"account", "create", "--username", "budi", "--role", "analyst", "--password-stdin", "--database-url", dsn},
		noEnv, strings.NewReader("a-long-enough-password\n"), &out, io.Discard)
	if err != nil || strings.Contains(out.String(), "password") {
		t.Errorf("stdin password: %v, output %q", err, out.String())
	}
	for name, args := range map[string][]string{
		"duplicate":       {"--username", "admin", "--role", "admin"},
		"hr without unit": {"--username", "hr", "--role", "hr_officer"},
		"bad role":        {"--username", "x", "--role", "root"},
		"short password":  {"--username", "y", "--role", "analyst", "--password-stdin"},
	} {
		args := append([]string{"account", "create", "--database-url", dsn}, args...)
		if err := run(context.Background(), args, noEnv, strings.NewReader("short\n"), io.Discard, io.Discard); err == nil {
			t.Errorf("%s: account create succeeded, want an error", name)
		}
	}
}

// TestMigrateDryRunWritesNothing: on both databases, a database of the
// previous migration set, holding data, is reported with the newest
// migration pending; the dry run prints that migration's SQL and changes
// nothing (the version stays, the schema stays — on SQLite not a byte of
// the file); serve refuses it and says what to run; migrate up then
// applies it, and the data is still there.
func TestMigrateDryRunWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dia, dsn string) {
		if strings.HasPrefix(dsn, "file:") {
			dsn = filepath.Join(t.TempDir(), "prev.db")
		}
		ctx := viewer.System(context.Background())
		all, err := store.Migrations(dia)
		if err != nil {
			t.Fatal(err)
		}
		newest, prev := all[len(all)-1], all[len(all)-2]
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.MigrateTo(ctx, prev.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL.ExecContext(ctx, `INSERT INTO regions (id, created_at, updated_at, code, name, kind, remote) VALUES
			(17179869185, '2026-03-02 10:00:00+00:00', '2026-03-02 10:00:00+00:00', '18.71', 'Kota Bandar Lampung', 'CITY', false)`); err != nil {
			t.Fatal(err)
		}
		schema := func() string { // the tables, columns and indexes, as the database describes them
			t.Helper()
			q := `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'
				UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`
			if dia == dialect.SQLite {
				q = `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'
					UNION ALL SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' ORDER BY 1`
			}
			rows, err := db.SQL.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var cols []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				cols = append(cols, c)
			}
			return strings.Join(cols, " ")
		}
		beforeSchema := schema()
		var beforeFile []byte
		if dia == dialect.SQLite {
			db.Close() // let the WAL reach the file: the bytes compared are the database's
			if beforeFile, err = os.ReadFile(dsn); err != nil {
				t.Fatal(err)
			}
			if db, err = store.Open(ctx, dsn); err != nil {
				t.Fatal(err)
			}
		}
		defer db.Close()

		migrate := func(args ...string) string {
			t.Helper()
			var out bytes.Buffer
			if err := run(context.Background(), append(append([]string{"migrate"}, args...), "--database-url", dsn), noEnv, nil, &out, io.Discard); err != nil {
				t.Fatalf("migrate %v: %v", args, err)
			}
			return out.String()
		}
		if out := migrate("status"); !strings.Contains(out, "pending") || !strings.Contains(out, newest.File) || strings.Contains(out, prev.File) {
			t.Errorf("status = %q, want %s pending, alone", out, newest.File)
		}
		if out := migrate("up", "--dry-run"); !strings.Contains(out, newest.File) || !strings.Contains(out, strings.TrimSpace(strings.SplitN(newest.SQL, "\n", 3)[1])) {
			t.Errorf("dry run printed %q, want the SQL of %s", out, newest.File)
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Version != prev.Version || len(st.Pending) != 1 {
			t.Errorf("after the dry run the database is at %d with %d pending, want still at %d with 1", st.Version, len(st.Pending), prev.Version)
		}
		if got := schema(); got != beforeSchema {
			t.Errorf("the dry run changed the schema:\nbefore %s\nafter  %s", beforeSchema, got)
		}
		if dia == dialect.SQLite {
			if after, err := os.ReadFile(dsn); err != nil || !bytes.Equal(beforeFile, after) {
				t.Errorf("the dry run changed the database file (%v)", err)
			}
		}
		// serve refuses the database, naming the pending migration and what
		// to run, and changes nothing either.
		err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--database-url", dsn}, sharedSecret, nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), newest.File) || !strings.Contains(err.Error(), "simasn migrate up") || !strings.Contains(err.Error(), "--migrate") {
			t.Errorf("serve on the previous release's database = %v, want a refusal naming %s, migrate up and --migrate", err, newest.File)
		}
		if got := schema(); got != beforeSchema {
			t.Errorf("the refused serve changed the schema")
		}
		if out := migrate("up"); !strings.Contains(out, "up to date") {
			t.Errorf("migrate up printed %q, want up to date", out)
		}
		if got := schema(); got == beforeSchema {
			t.Errorf("migrate up left the schema as it was")
		}
		var name string
		if err := db.SQL.QueryRowContext(ctx, `SELECT name FROM regions WHERE code = '18.71'`).Scan(&name); err != nil || name != "Kota Bandar Lampung" {
			t.Errorf("region after the upgrade = %q, %v", name, err)
		}
	})
}

// TestServeExportsTraces: with SIMASN_OTEL_ENDPOINT set, serve sends its
// spans by OTLP/HTTP to the collector's /v1/traces (at the latest when it
// stops, flushing the batch): the request's HTTP span, named and carrying
// its request id, is in what the collector received. Without the variable
// tracing is off: the server neither continues nor echoes a traceparent.
func TestServeExportsTraces(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		if strings.HasPrefix(dsn, "file:") {
			dsn = filepath.Join(t.TempDir(), "simasn.db")
		}
		var mu sync.Mutex
		var received [][]byte
		collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if r.Method == http.MethodPost && r.URL.Path == "/v1/traces" && r.Header.Get("Content-Type") == "application/x-protobuf" {
				mu.Lock()
				received = append(received, body)
				mu.Unlock()
			}
			w.Header().Set("Content-Type", "application/x-protobuf")
			w.WriteHeader(http.StatusOK)
		}))
		defer collector.Close()
		traced := func(name string) string {
			if name == "SIMASN_OTEL_ENDPOINT" {
				return collector.URL
			}
			return sharedSecret(name)
		}
		const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
		ask := func(base, requestID string) http.Header {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(`{"query":"{ regions { totalCount } }"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Request-ID", requestID)
			req.Header.Set("traceparent", traceparent)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("POST /query: %d", resp.StatusCode)
			}
			return resp.Header
		}

		base, stop := serveEnv(t, traced, io.Discard, "--migrate", "--database-url", dsn)
		if h := ask(base, "req-otlp-export"); !strings.Contains(h.Get("traceparent"), "4bf92f3577b34da6a3ce929d0e0e4736") {
			t.Errorf("traced server answered traceparent %q, want the caller's trace", h.Get("traceparent"))
		}
		stop() // flushes the spans
		mu.Lock()
		all := bytes.Join(received, nil)
		mu.Unlock()
		for _, want := range []string{"POST /query", "req-otlp-export", "simasn.request_id", "simasn"} {
			if !bytes.Contains(all, []byte(want)) {
				t.Errorf("the collector received %d exports without %q", len(received), want)
			}
		}

		base, stop = serve(t, "--database-url", dsn)
		defer stop()
		if h := ask(base, "req-untraced"); h.Get("traceparent") != "" {
			t.Errorf("an untraced server answered traceparent %q", h.Get("traceparent"))
		}
	})
}
