package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"simasn/internal/server"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/tracing"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSpansThroughTheHandler serves the real handler with a tracer whose
// spans land in memory: a request continuing the caller's trace gets an
// HTTP span, its operation a span below it, and every SQL statement a
// span below that; all carry the request id, and so do the log lines,
// with the trace id.
func TestSpansThroughTheHandler(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		exp := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		ctx := context.Background()
		db, err := store.Open(ctx, dsn, store.WithDriver(tracing.Driver(tp)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		logs := &syncBuffer{}
		logger := slog.New(tracing.LogHandler(slog.NewJSONHandler(logs, nil)))
		ts := httptest.NewServer(server.New(db, logger, server.Options{Tracer: tp}))
		t.Cleanup(ts.Close)
		exp.Reset() // the schema's statements are not the test's

		const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
		post := func(requestID, query string) int {
			body, _ := json.Marshal(map[string]any{"query": query})
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/query", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Request-ID", requestID)
			req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("traceparent"); !strings.Contains(got, traceID) {
				t.Errorf("response traceparent %q, want the trace %s", got, traceID)
			}
			return resp.StatusCode
		}
		post("req-regions", `query Regions { regions { totalCount } }`)
		post("req-login", `mutation SignIn { login(username: "nobody", password: "wrong-password") { token } }`)

		spans := exp.GetSpans()
		byID := map[string]tracetest.SpanStub{}
		for _, s := range spans {
			byID[s.SpanContext.SpanID().String()] = s
		}
		attr := func(s tracetest.SpanStub, key string) string {
			for _, a := range s.Attributes {
				if string(a.Key) == key {
					return a.Value.Emit()
				}
			}
			return ""
		}
		find := func(name string) tracetest.SpanStub {
			for _, s := range spans {
				if s.Name == name {
					return s
				}
			}
			t.Fatalf("no span %q among %d", name, len(spans))
			return tracetest.SpanStub{}
		}
		httpSpan, op, login := find("POST /query"), find("query Regions"), find("mutation SignIn")
		if httpSpan.Parent.SpanID().String() != "00f067aa0ba902b7" || httpSpan.SpanContext.TraceID().String() != traceID {
			t.Errorf("the HTTP span does not continue the caller's trace: parent %s trace %s", httpSpan.Parent.SpanID(), httpSpan.SpanContext.TraceID())
		}
		if p, ok := byID[op.Parent.SpanID().String()]; !ok || p.Name != "POST /query" || attr(p, "simasn.request_id") != "req-regions" {
			t.Errorf("the operation span is not below its request's HTTP span")
		}
		if got := attr(op, "simasn.request_id"); got != "req-regions" {
			t.Errorf("operation span request id %q, want req-regions", got)
		}
		if got := attr(login, "graphql.error.codes"); got != `["UNAUTHENTICATED"]` {
			t.Errorf("the failed sign-in's span has codes %s, want [\"UNAUTHENTICATED\"]", got)
		}
		// Every statement of the regions query is below its operation.
		statements := 0
		for _, s := range spans {
			if !strings.HasPrefix(s.Name, "sql ") || attr(s, "simasn.request_id") != "req-regions" {
				continue
			}
			statements++
			if !strings.Contains(strings.ToLower(attr(s, "db.query.text")), "select") {
				t.Errorf("statement span %s holds %q", s.Name, attr(s, "db.query.text"))
			}
			p, ok := byID[s.Parent.SpanID().String()]
			for ok && p.Name != "query Regions" {
				p, ok = byID[p.Parent.SpanID().String()]
			}
			if !ok {
				t.Errorf("statement span %s is not below the operation", s.Name)
			}
		}
		if statements == 0 {
			t.Errorf("no SQL span for the regions query")
		}

		// Every span of the two requests — HTTP, operation, statements —
		// carries its request's id.
		for _, s := range spans {
			if s.SpanContext.TraceID().String() != traceID {
				continue
			}
			if id := attr(s, "simasn.request_id"); id != "req-regions" && id != "req-login" {
				t.Errorf("span %q of a request has request id %q", s.Name, id)
			}
		}

		// The access log line carries the request id and the trace id, and
		// so does every line written with a request's context.
		var found bool
		requests := map[string]bool{}
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct {
				TraceID   string `json:"trace_id"`
				RequestID string `json:"request_id"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.TraceID != "" {
				if rec.RequestID == "" {
					t.Errorf("a log line of a request without its request id: %s", line)
				}
				requests[rec.RequestID] = true
			}
			if strings.Contains(line, `"msg":"request"`) && strings.Contains(line, `"request_id":"req-regions"`) {
				found = strings.Contains(line, `"trace_id":"`+traceID+`"`)
			}
		}
		if !found {
			t.Errorf("no access log line with the request id and trace id:\n%s", logs.String())
		}
		if !requests["req-regions"] || !requests["req-login"] {
			t.Errorf("log lines of the requests %v, want lines of req-regions and req-login", requests)
		}
	})
}
