package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent/complaint"
	"simasn/internal/apitest"
	"simasn/internal/feed"
	"simasn/internal/metrics"
	"simasn/internal/server"
	"simasn/internal/viewer"
)

// scrape GETs /metrics and returns its lines.
func scrape(t *testing.T, url string) map[string]bool {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(body), "\n") {
		lines[l] = true
	}
	return lines
}

// TestMetrics serves /metrics through the real handler and checks the
// counts of what the test did: operations by name, type and outcome,
// sign-in failures, rate-limit refusals, HTTP routes, the database pool
// and the feed.
func TestMetrics(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		m := metrics.New()
		s := apitest.Start(t, dsn, func(o *server.Options) { o.Metrics = m; o.MaxConnectionsPerAddress = 1 })
		s.MustRegion("18.71", false)
		for range 2 {
			s.MustDo(nil, `query Regions { regions { totalCount } }`, nil)
		}
		s.Public().MustFail("FORBIDDEN", "", `query Aggregate { employeeAggregate { count } }`, nil)
		s.Public().MustFail("FORBIDDEN", "", `query Aggregate { employeeAggregate { count } }`, nil)
		for range 2 { // computed, then from the analytics cache
			s.MustDo(nil, `query Count { employeeAggregate { count } }`, nil)
		}
		// Wrong passwords from one address until the limiter refuses.
		wrong, limited := 0, 0
		for range 10 {
			r := s.Public().Do(`mutation SignIn { login(username: "nobody", password: "wrong-password") { token } }`, nil)
			if len(r.Errors) == 0 {
				t.Fatal("a wrong password signed in")
			}
			switch r.Errors[0].Code() {
			case "UNAUTHENTICATED":
				wrong++
				continue
			case "RATE_LIMITED":
				limited++
			}
			break
		}
		if wrong == 0 || limited != 1 {
			t.Fatalf("%d wrong passwords, %d refusals: want some, then one refusal", wrong, limited)
		}
		// A second websocket from the address is refused (HTTP 429).
		if _, err := s.OpenWS("graphql-transport-ws", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenWS("graphql-transport-ws", nil); err == nil || !strings.Contains(err.Error(), "429") {
			t.Fatalf("a second websocket from one address: %v, want a 429 refusal", err)
		}
		lines := scrape(t, s.URL)
		cache := s.DB.AnalyticsCache.Stats()
		if cache.Hits == 0 || cache.Misses == 0 {
			t.Errorf("analytics cache %v: want a miss, then a hit", cache)
		}
		for _, want := range []string{
			`simasn_analytics_cache_hits_total ` + strconv.FormatInt(cache.Hits, 10),
			`simasn_analytics_cache_misses_total ` + strconv.FormatInt(cache.Misses, 10),
			`simasn_analytics_cache_bytes ` + strconv.FormatInt(cache.Bytes, 10),
			`simasn_graphql_operations_total{code="OK",operation="Regions",type="query"} 2`,
			`simasn_graphql_operation_duration_seconds_count{code="OK",operation="Regions",type="query"} 2`,
			`simasn_graphql_operations_total{code="FORBIDDEN",operation="Aggregate",type="query"} 2`,
			`simasn_graphql_operations_total{code="UNAUTHENTICATED",operation="SignIn",type="mutation"} ` + strconv.Itoa(wrong),
			`simasn_graphql_operations_total{code="RATE_LIMITED",operation="SignIn",type="mutation"} 1`,
			`simasn_graphql_errors_total{code="FORBIDDEN"} 2`,
			`simasn_sign_in_failures_total{reason="credentials"} ` + strconv.Itoa(wrong),
			`simasn_sign_in_failures_total{reason="rate_limited"} 1`,
			`simasn_rate_limited_total{operation="SignIn"} 1`,
			`simasn_rate_limited_total{operation="websocket_connections"} 1`,
			`simasn_http_requests_total{route="query",status="429"} 2`, // the sign-in and the websocket
			`simasn_feed_subscribers 0`,
			`go_sql_max_open_connections{db_name="` + dialect + `"} ` + strconv.Itoa(s.DB.SQL.Stats().MaxOpenConnections),
		} {
			if !lines[want] {
				t.Errorf("no line %s", want)
			}
		}
		if lines[`simasn_graphql_operations_total{code="OK",operation="Aggregate",type="query"} 1`] {
			t.Errorf("a refused operation counted as OK")
		}
	})
}

// TestFeedMetrics reads the complaint feed's series from a running hub:
// a subscriber that reads nothing falls behind (the lag), then past its
// buffer of two and is dropped, while one that reads keeps up. Each event
// is awaited by the reader, so the hub has published it before the scrape.
func TestFeedMetrics(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		// The hub's clock stands still, so that the events it counts fall
		// in one second, which the test then leaves.
		var clock atomic.Pointer[time.Time]
		t0 := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
		clock.Store(&t0)
		hub := s.DB.NewHub(feed.Options{Buffer: 2, Tick: time.Hour, Clock: func() time.Time { return *clock.Load() }})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = hub.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
		<-hub.Ready()
		m := metrics.New()
		m.WatchFeed(metrics.HubStats(hub))
		ts := httptest.NewServer(m.Handler())
		t.Cleanup(ts.Close)

		admin := &viewer.Viewer{Role: viewer.Admin, Username: "admin"}
		if _, err := hub.Subscribe(ctx, admin, feed.Filter{}, nil, 0); err != nil { // reads nothing
			t.Fatal(err)
		}
		reader, err := hub.Subscribe(ctx, admin, feed.Filter{}, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		event := func() {
			t.Helper()
			s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: u})
			select {
			case ev := <-reader:
				if ev.Err() != nil {
					t.Fatalf("the reader was ended: %v", ev.Err())
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the reader got no event in 20 s")
			}
		}
		check := func(when string, want ...string) {
			t.Helper()
			lines := scrape(t, ts.URL)
			for _, w := range want {
				if !lines[w] {
					t.Errorf("%s: no line %s", when, w)
				}
			}
		}
		event()
		event()
		check("two events, one subscriber reading none", "simasn_feed_subscribers 2", "simasn_feed_lag_events 2",
			"simasn_feed_events_read_total 2", "simasn_feed_deliveries_total 4", "simasn_feed_dropped_subscribers_total 0")
		event()
		check("a third event past its buffer of two", "simasn_feed_subscribers 1", "simasn_feed_lag_events 0",
			"simasn_feed_events_read_total 3", "simasn_feed_deliveries_total 5", "simasn_feed_dropped_subscribers_total 1",
			`simasn_feed_subscribers_by_transport{transport="none"} 1`,
			"simasn_feed_events_per_second 0") // the current second is not yet counted
		t1 := t0.Add(time.Second)
		clock.Store(&t1)
		check("a second later", "simasn_feed_events_per_second 0.3") // three events in the last ten seconds
		t2 := t0.Add(11 * time.Second)
		clock.Store(&t2)
		check("eleven seconds later", "simasn_feed_events_per_second 0")
	})
}
