package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"simasn/ent/predicate"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/apperr"
	"simasn/internal/server"
	"simasn/internal/store"
	"simasn/internal/testdb"
)

// rawResponse is an HTTP answer as the client sees it.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
	json   map[string]json.RawMessage
}

func (r rawResponse) errors(t *testing.T) []apitest.Error {
	t.Helper()
	var errs []apitest.Error
	if raw, ok := r.json["errors"]; ok {
		if err := json.Unmarshal(raw, &errs); err != nil {
			t.Fatalf("errors %s: %v", raw, err)
		}
	}
	return errs
}

func post(t *testing.T, s *apitest.Server, token, accept string, body io.Reader, edit ...func(*http.Request)) rawResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", body)
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, e := range edit {
		e(req)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) rawResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := rawResponse{status: resp.StatusCode, header: resp.Header, body: b}
	_ = json.Unmarshal(b, &r.json)
	return r
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// TestHTTPStatusCodes checks the answers of GraphQL over HTTP: statuses per
// the GraphQL-over-HTTP spec and the README, no data entry on a request
// error, batches and oversized bodies refused, error responses capped and
// no suggestions without introspection.
func TestHTTPStatusCodes(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		admin := s.TokenFor(s.Admin)
		const gqlResp = "application/graphql-response+json"

		// Parse and validation failures: 400 without data with the GraphQL
		// media type, 200 without data with application/json.
		for _, tc := range []struct {
			name, accept string
			status       int
		}{
			{"graphql-response+json", gqlResp, http.StatusBadRequest},
			{"json", "application/json", http.StatusOK},
			{"no accept", "", http.StatusOK},
		} {
			for _, q := range []string{`{ regions {`, `{ nosuchfield }`} {
				r := post(t, s, admin, tc.accept, jsonBody(map[string]any{"query": q}))
				if r.status != tc.status {
					t.Errorf("%s %q: status %d, want %d", tc.name, q, r.status, tc.status)
				}
				if _, ok := r.json["data"]; ok {
					t.Errorf("%s %q: the response has a data entry: %s", tc.name, q, r.body)
				}
				if len(r.errors(t)) == 0 {
					t.Errorf("%s %q: no error in %s", tc.name, q, r.body)
				}
				want := "application/json"
				if tc.accept == gqlResp {
					want = gqlResp
				}
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, want) {
					t.Errorf("%s: content type %q, want %s", tc.name, ct, want)
				}
			}
		}

		// A batch is refused with 400 and a message; nothing runs.
		r := post(t, s, admin, "", strings.NewReader(`[{"query":"mutation { createRegion(input: {code: \"18.01\", name: \"X\", kind: REGENCY}) { id } }"}]`))
		if errs := r.errors(t); r.status != http.StatusBadRequest || len(errs) == 0 || !strings.Contains(errs[0].Message, "batch") {
			t.Errorf("batch: status %d, body %s; want 400 saying batches are not supported", r.status, r.body)
		}
		// Bodies that are not one GraphQL request object.
		for _, body := range []string{`{"query": 1}`, `{"query": "{ regions { totalCount } }", "variables": "x"}`, `"{ regions { totalCount } }"`, `{}`, `not json`} {
			if r := post(t, s, admin, "", strings.NewReader(body)); r.status != http.StatusBadRequest {
				t.Errorf("body %s: status %d, want 400", body, r.status)
			}
		}

		// Oversized bodies: 413 with a declared length and chunked alike.
		big := fmt.Sprintf(`{"query":"{ regions { totalCount } }","variables":{"x":"%s"}}`, strings.Repeat("a", 2<<20))
		if r := post(t, s, admin, "", strings.NewReader(big)); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized body: status %d, want 413", r.status)
		}
		chunked := post(t, s, admin, "", io.MultiReader(strings.NewReader(big)), func(r *http.Request) { r.ContentLength = -1 })
		if chunked.status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized chunked body: status %d %s, want 413", chunked.status, chunked.body)
		}

		// A mutation without a token is 401, as the README says, and over
		// GET 405.
		r = post(t, s, "", "", jsonBody(map[string]any{"query": `mutation { createRegion(input: {code: "18.02", name: "X", kind: REGENCY}) { id } }`}))
		if errs := r.errors(t); r.status != http.StatusUnauthorized || len(errs) == 0 || errs[0].Code() != "UNAUTHENTICATED" {
			t.Errorf("mutation without a token: status %d, body %s; want 401 UNAUTHENTICATED", r.status, r.body)
		}
		get, _ := http.NewRequest(http.MethodGet, s.URL+"/query?query="+url.QueryEscape(`mutation { createRegion(input: {code: "18.03", name: "X", kind: REGENCY}) { id } }`), nil)
		get.Header.Set("Authorization", "Bearer "+admin)
		if r := do(t, get); r.status != http.StatusMethodNotAllowed {
			t.Errorf("mutation over GET: status %d, want 405", r.status)
		}
		if n := apitest.Must(s.DB.Client.Region.Query().Count(apitest.Sys()))(t); n != 0 {
			t.Errorf("regions = %d after refused requests, want 0", n)
		}

		// 3,000 unused variables: a short answer (20,000 pass the token limit).
		var q strings.Builder
		q.WriteString("query(")
		for i := 0; i < 3000; i++ {
			fmt.Fprintf(&q, "$v%d: Int ", i)
		}
		q.WriteString(") { regions { totalCount } }")
		r = post(t, s, admin, "", jsonBody(map[string]any{"query": q.String()}))
		if errs := r.errors(t); len(errs) == 0 || len(errs) > 21 || len(r.body) > 20_000 {
			t.Errorf("3,000 unused variables: %d errors in %d bytes, want at most 21 in under 20 kB", len(errs), len(r.body))
		} else if !strings.Contains(errs[len(errs)-1].Message, "more errors") {
			t.Errorf("3,000 unused variables: the last error %q does not say how many were left out", errs[len(errs)-1].Message)
		}
		q.Reset()
		q.WriteString("query(")
		for i := 0; i < 20000; i++ {
			fmt.Fprintf(&q, "$v%d: Int ", i)
		}
		q.WriteString(") { regions { totalCount } }")
		r = post(t, s, admin, "", jsonBody(map[string]any{"query": q.String()}))
		if errs := r.errors(t); len(errs) == 0 || len(r.body) > 20_000 {
			t.Errorf("20,000 unused variables: %d errors in %d bytes, want a short refusal", len(errs), len(r.body))
		}

		// No "did you mean" without introspection: arguments, input fields,
		// enum values, fields.
		for _, q := range []string{
			`{ employees(wher: {name: "x"}) { totalCount } }`,
			`{ employees(where: {nam: "x"}) { totalCount } }`,
			`{ employees(where: {professionGroup: HEALT}) { totalCount } }`,
			`{ employees { totalCont } }`,
		} {
			r := post(t, s, admin, "", jsonBody(map[string]any{"query": q}))
			if strings.Contains(string(r.body), "Did you mean") {
				t.Errorf("%s: a suggestion without introspection: %s", q, r.body)
			}
			if len(r.errors(t)) == 0 {
				t.Errorf("%s: no error", q)
			}
		}
	})
}

// TestSuggestionsWithIntrospection: with introspection on, suggestions
// stay (they only repeat what introspection tells).
func TestSuggestionsWithIntrospection(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t), func(o *server.Options) { o.Introspection = true })
	e := s.MustFail("GRAPHQL_VALIDATION_FAILED", "", `{ employees(where: {nam: "x"}) { totalCount } }`, nil)
	if !strings.Contains(e.Message, "Did you mean") {
		t.Errorf("with introspection: %q, want a suggestion", e.Message)
	}
}

// TestDatabaseUnavailable: with the database gone, queries and mutations
// answer UNAVAILABLE with a retry hint and 503, never the driver's text.
func TestDatabaseUnavailable(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, s *apitest.Server, token string) {
		t.Helper()
		for _, q := range []string{
			`{ regions { totalCount } }`,
			`mutation { createRegion(input: {code: "18.04", name: "X", kind: REGENCY}) { id } }`,
		} {
			r := post(t, s, token, "", jsonBody(map[string]any{"query": q}))
			errs := r.errors(t)
			if len(errs) == 0 || errs[0].Code() != "UNAVAILABLE" {
				t.Fatalf("%s: status %d, body %s; want UNAVAILABLE", q, r.status, r.body)
			}
			if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
				t.Errorf("%s: status %d, Retry-After %q; want 503 with Retry-After", q, r.status, r.header.Get("Retry-After"))
			}
			if n, _ := errs[0].Extensions["retryAfterSeconds"].(float64); n <= 0 {
				t.Errorf("%s: no retryAfterSeconds in %s", q, r.body)
			}
			for _, raw := range []string{"dial", "refused", "pq:", "sql:", "closed"} {
				if strings.Contains(errs[0].Message, raw) {
					t.Errorf("%s: message %q shows the driver's text", q, errs[0].Message)
				}
			}
		}
	}
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		// Public requests: the token check would need the database too.
		s := apitest.Start(t, dsn)
		s.DB.SQL.Close()
		check(t, s, "")
	})
	t.Run("postgres refuses connections", func(t *testing.T) {
		dsn := testdb.Postgres(t)
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		p := startProxy(t, u.Host)
		u.Host = p.addr()
		s := apitest.Start(t, u.String())
		s.MustRegion("18.71", false)
		p.stop() // PostgreSQL is gone: connections are refused
		check(t, s, "")
	})
}

// proxy forwards TCP connections to a database until stopped; then new
// connections are refused and open ones cut.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	t.Cleanup(p.stop)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, d)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(d, c); d.Close() }()
			go func() { _, _ = io.Copy(c, d); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestStatementsCancelled: a statement past its deadline is cancelled in
// PostgreSQL itself (lib/pq sends a cancel request), and answers TIMEOUT.
func TestStatementsCancelled(t *testing.T) {
	t.Parallel()
	dsn := testdb.Postgres(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	r := apitest.Must(db.Client.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).Save(apitest.Sys()))(t)
	apitest.Must(db.Client.Unit.Create().SetCode("1.02").SetName("Dinas Kesehatan").SetKind(unit.KindDIVISION).SetRegionID(r.ID).Save(apitest.Sys()))(t)
	const marker = "simasn-cancel-check"
	done := make(chan error, 1)
	go func() {
		// A subscription's context: no deadline, a statement timeout.
		sctx := store.WithStatementTimeout(ctx, 300*time.Millisecond)
		_, err := db.Client.Unit.Query().Where(predicate.Unit(func(s *sql.Selector) {
			s.Where(sql.ExprP("pg_sleep(60) IS NOT NULL AND $1 <> ''", marker))
		})).Count(sctx)
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the statement was not cancelled")
	}
	if err == nil {
		t.Fatal("a statement past its timeout succeeded")
	}
	if code := apperrCode(store.Translate(err)); code != "TIMEOUT" {
		t.Errorf("cancelled statement: %v (code %s), want TIMEOUT", err, code)
	}
	// And PostgreSQL no longer runs it.
	for i := 0; ; i++ {
		var n int
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND state = 'active' AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if i == 100 {
			t.Fatalf("PostgreSQL still runs the cancelled statement")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The pq error of a shutting-down server is UNAVAILABLE too.
	if code := apperrCode(store.Translate(fmt.Errorf("query: %w", &pq.Error{Code: "57P03", Message: "the database system is shutting down"}))); code != "UNAVAILABLE" {
		t.Errorf("57P03: code %s, want UNAVAILABLE", code)
	}
}

// TestTimeoutOnEveryTransport: queries over HTTP, server-sent events and
// websockets all run within the request timeout (here already over when
// they start) and answer TIMEOUT.
func TestTimeoutOnEveryTransport(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn, func(o *server.Options) { o.RequestTimeout = time.Nanosecond })
		public := s.Public()
		const q = `{ regions { totalCount } }`
		public.MustFail("TIMEOUT", "", q, nil)

		r := post(t, s, "", "text/event-stream", jsonBody(map[string]any{"query": q}))
		if !strings.Contains(string(r.body), "event: next") || !strings.Contains(string(r.body), "TIMEOUT") || !strings.Contains(string(r.body), "event: complete") {
			t.Errorf("query over SSE: %s, want a TIMEOUT result then complete", r.body)
		}
		for _, protocol := range []string{apitest.ProtocolTransportWS, apitest.ProtocolGraphQLWS} {
			w, err := s.DialWS(protocol, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			w.Subscribe("1", q, nil)
			m, err := w.Read(wait)
			if err != nil || !strings.Contains(string(m.Payload), "TIMEOUT") {
				t.Errorf("query over %s: %s %s %v, want a TIMEOUT result", protocol, m.Type, m.Payload, err)
			}
			if m, err := w.Read(wait); err != nil || m.Type != "complete" {
				t.Errorf("query over %s: then %s %v, want complete", protocol, m.Type, err)
			}
		}
	})
}

func apperrCode(err error) string { return string(apperr.CodeOf(err)) }
