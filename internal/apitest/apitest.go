package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/internal/auth"
	"simasn/internal/feed"
	"simasn/internal/server"
	"simasn/internal/store"
)

// Test binaries that use this package hash passwords at bcrypt's minimum
// cost: they create hundreds of accounts, and check what a password opens,
// not how slowly (auth.TestHashCost checks the production cost).
func init() { auth.UseMinCostForTests() }

// servers numbers the test servers, so that several can share a database.
var servers atomic.Int64

// HubTick is the catch-up tick of the test servers' complaint feed; tests
// of NOTIFY and reconnects raise it so that the tick cannot hide a miss.
var HubTick = time.Second

// AnalyticsCacheBytes bounds the analytics result cache of the test
// servers, as SIMASN_ANALYTICS_CACHE_MB's default does in production, so
// that every test runs with it; s.DB.AnalyticsCache.SetLimit(0) turns it
// off.
const AnalyticsCacheBytes = 32 << 20

// Server is a SIMASN instance under test.
type Server struct {
	URL string
	DB  *store.DB
	// Statements counts the SQL statements run through the ent client.
	Statements *atomic.Int64
	// Now is the clock the server reads; tests may move it.
	Now *atomic.Pointer[time.Time]
	// Tokens signs access tokens for test accounts.
	Tokens *auth.Tokens
	// Hub is the complaint feed of the instance.
	Hub *feed.Hub
	// Admin is the admin account requests run as by default.
	Admin *ent.Account
	// Limiter is the sign-in limiter of the instance.
	Limiter *auth.Limiter
	// Handler is the handler under test (for its Shutdown).
	Handler *server.Handler
	// AccountChanges receives, on PostgreSQL, the payload of each account
	// change notification the instance has applied to its remembered
	// viewers (auth.ListenForAccountChanges), "" after a reconnect; it
	// holds the latest 64 and drops the others.
	AccountChanges <-chan string
	tb             testing.TB
	trace          *atomic.Pointer[func(context.Context, string, any)]
	token          string
	client         *http.Client
}

// Start opens the database at dsn (a testdb DSN), applies the schema and
// serves the real handler on a loopback port until the test ends.
func Start(tb testing.TB, dsn string, configure ...func(*server.Options)) *Server {
	tb.Helper()
	ctx := context.Background()
	var count atomic.Int64
	trace := &atomic.Pointer[func(context.Context, string, any)]{}
	db, err := store.Open(ctx, dsn, store.WithDriver(func(d dialect.Driver) dialect.Driver {
		return &countingDriver{Driver: d, n: &count, trace: trace}
	}), store.WithAnalyticsCache(AnalyticsCacheBytes))
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	now := &atomic.Pointer[time.Time]{}
	t0 := time.Now()
	now.Store(&t0)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(testWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	clock := func() time.Time { return *now.Load() }
	tokens, err := auth.NewTokens([]byte("apitest-secret-apitest-secret-32b"), time.Hour, clock)
	if err != nil {
		tb.Fatal(err)
	}
	hub := db.NewHub(feed.Options{Tick: HubTick})
	hubCtx, stopHub := context.WithCancel(context.Background())
	hubDone := make(chan struct{})
	go func() {
		defer close(hubDone)
		if err := hub.Run(hubCtx); err != nil {
			tb.Errorf("complaint feed hub: %v", err)
		}
	}()
	tb.Cleanup(func() { stopHub(); <-hubDone })
	select { // events committed from now on reach the subscribers
	case <-hub.Ready():
	case <-hubDone:
		tb.Fatal("the complaint feed hub stopped before it was ready")
	}
	limiter := auth.NewLimiter(10_000, clock)
	limiter.Logger = logger
	authn := auth.NewService(db.Client, tokens, limiter, clock)
	accountChanges := make(chan string, 64)
	if db.Dialect == dialect.Postgres {
		listenCtx, stopListening := context.WithCancel(context.Background())
		tb.Cleanup(stopListening)
		err := authn.ListenForAccountChanges(listenCtx, dsn, logger, func(payload string) {
			select {
			case accountChanges <- payload:
			default: // nobody waits for them
			}
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	opts := server.Options{
		Now:  clock,
		Auth: authn,
		Hub:  hub,
	}
	for _, c := range configure {
		c(&opts)
	}
	h := server.New(db, logger, opts)
	ts := httptest.NewServer(h)
	tb.Cleanup(ts.Close)
	s := &Server{URL: ts.URL, DB: db, Statements: &count, trace: trace, Now: now, Tokens: tokens, Hub: hub, Limiter: limiter, Handler: h, tb: tb,
		AccountChanges: accountChanges}
	// The process id keeps the names apart on a database that outlives
	// the process (a benchmark's reused dataset).
	s.Admin = s.MustAccount(fmt.Sprintf("admin%d-%d", servers.Add(1), os.Getpid()), "ADMIN", nil, nil)
	s.token = s.TokenFor(s.Admin)
	return s
}

// MustAccount creates an account with the password "password-123" (role
// ADMIN, HR_OFFICER, LEADER, ANALYST or EMPLOYEE; scope and employee may be nil).
func (s *Server) MustAccount(username, role string, scope *ent.Unit, emp *ent.Employee) *ent.Account {
	s.tb.Helper()
	in := ent.CreateAccountInput{Username: username, Role: account.Role(role)}
	if scope != nil {
		in.UnitID = &scope.ID
	}
	if emp != nil {
		in.EmployeeID = &emp.ID
	}
	acc, err := auth.CreateAccount(Sys(), s.DB.Client, in, "password-123")
	if err != nil {
		s.tb.Fatalf("create account %s: %v", username, err)
	}
	return acc
}

// TokenFor returns a valid access token for acc.
func (s *Server) TokenFor(acc *ent.Account) string {
	s.tb.Helper()
	t, _, err := s.Tokens.Issue(acc.ID, acc.TokenVersion)
	if err != nil {
		s.tb.Fatal(err)
	}
	return t
}

// As returns a view of the server whose requests carry token ("" for the
// public).
func (s *Server) As(token string) *Server {
	c := *s
	c.token = token
	return &c
}

// AsAccount returns a view of the server whose requests run as acc.
func (s *Server) AsAccount(acc *ent.Account) *Server { return s.As(s.TokenFor(acc)) }

// Public returns a view of the server whose requests carry no token.
func (s *Server) Public() *Server { return s.As("") }

// From returns a view of the server whose requests come from the loopback
// address ip (127.0.0.2, 127.0.0.3, …), so that tests can play several
// clients: the server sees ip as the client's address.
func (s *Server) From(ip string) *Server {
	c := *s
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c.client = &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	s.tb.Cleanup(c.client.CloseIdleConnections)
	return &c
}

// With returns a view of the server that reports failures to tb; use it in
// subtests, so a failure stops the subtest and not its parent.
func (s *Server) With(tb testing.TB) *Server {
	c := *s
	c.tb = tb
	return &c
}

type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Error is one GraphQL error as a client sees it.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Field is the error's extensions.field.
func (e Error) Field() string { s, _ := e.Extensions["field"].(string); return s }

// Response is a GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Decode unmarshals the data into v.
func (r Response) Decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Data, v); err != nil {
		tb.Fatalf("decode data %s: %v", r.Data, err)
	}
}

// Do posts a GraphQL request and returns the response, whatever it holds.
func (s *Server) Do(query string, vars map[string]any) Response {
	s.tb.Helper()
	r, err := s.Post(query, vars)
	if err != nil {
		s.tb.Fatal(err)
	}
	return r
}

// Post is Do for goroutines other than the test's: a request that gets no
// GraphQL response is an error, not a failed test.
func (s *Server) Post(query string, vars map[string]any) (Response, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return s.trySend(req)
}

// Get sends a GraphQL request with GET.
func (s *Server) Get(query string, vars map[string]any) Response {
	s.tb.Helper()
	v, _ := json.Marshal(vars)
	q := "query=" + urlEscape(query) + "&variables=" + urlEscape(string(v))
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/query?"+q, nil)
	return s.send(req)
}

func (s *Server) send(req *http.Request) Response {
	s.tb.Helper()
	r, err := s.trySend(req)
	if err != nil {
		s.tb.Fatal(err)
	}
	return r
}

// Trace calls fn with every query (not Exec) the server sends through ent
// outside a transaction, until the returned function is called.
func (s *Server) Trace(fn func(ctx context.Context, query string, args any)) (stop func()) {
	s.trace.Store(&fn)
	return func() { s.trace.Store(nil) }
}

// Request returns a POST of a GraphQL query to /query carrying the view's
// token, for benchmarks that call Handler.ServeHTTP in-process.
func (s *Server) Request(query string, vars map[string]any) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	return req
}

func (s *Server) trySend(req *http.Request) (Response, error) {
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	client := http.DefaultClient
	if s.client != nil {
		client = s.client
	}
	resp, err := client.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("%s /query: %w", req.Method, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r Response
	if err := json.Unmarshal(raw, &r); err != nil {
		return Response{}, fmt.Errorf("%s /query: status %d, body %q: %w", req.Method, resp.StatusCode, raw, err)
	}
	r.Status = resp.StatusCode
	return r, nil
}

// MustDo posts a request that must succeed, decoding data into v (if not nil).
func (s *Server) MustDo(v any, query string, vars map[string]any) {
	s.tb.Helper()
	r := s.Do(query, vars)
	if len(r.Errors) > 0 {
		s.tb.Fatalf("unexpected errors: %+v\nquery: %s\nvars: %v", r.Errors, query, vars)
	}
	if v != nil {
		r.Decode(s.tb, v)
	}
}

// MustFail posts a request that must fail with the given code (and field,
// if not empty), and returns the error.
func (s *Server) MustFail(code, field, query string, vars map[string]any) Error {
	s.tb.Helper()
	r := s.Do(query, vars)
	if len(r.Errors) == 0 {
		s.tb.Fatalf("got data %s, want a %s error\nquery: %s", r.Data, code, query)
	}
	e := r.Errors[0]
	if e.Code() != code || (field != "" && e.Field() != field) {
		s.tb.Fatalf("got error %q (code %s, field %q), want code %s field %q", e.Message, e.Code(), e.Field(), code, field)
	}
	return e
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Download GETs path (e.g. "/export/employees.csv?where=…") as the
// server's viewer and returns the status and body.
func (s *Server) Download(path string) (int, string) {
	s.tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.tb.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}
