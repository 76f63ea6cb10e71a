package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
)

// Metrics holds one instance's metrics in its own registry (not the
// global one, so tests and several servers in one process do not mix).
type Metrics struct {
	reg        *prometheus.Registry
	operations *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	http       *prometheus.CounterVec
	httpTime   *prometheus.HistogramVec
	signIn     *prometheus.CounterVec
	limited    *prometheus.CounterVec

	mu    sync.Mutex
	names map[string]bool
}

// MaxOperationNames bounds the distinct operation names that get a label
// of their own; later ones count as "other", so a client making up names
// cannot grow the series without end.
const MaxOperationNames = 200

// New returns the metrics of an instance, with the Go runtime and process
// collectors registered.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), names: map[string]bool{}}
	m.operations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "simasn_graphql_operations_total",
		Help: "GraphQL queries and mutations answered, by operation name, type and outcome code (OK, or the first error's extensions.code).",
	}, []string{"operation", "type", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "simasn_graphql_operation_duration_seconds",
		Help:    "Time from the start of a GraphQL query or mutation to its answer, by operation name, type and outcome code.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"operation", "type", "code"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "simasn_graphql_errors_total",
		Help: "GraphQL errors answered, by extensions.code.",
	}, []string{"code"})
	m.http = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "simasn_http_requests_total",
		Help: "HTTP requests answered, by route and status (streams counted when they end).",
	}, []string{"route", "status"})
	m.httpTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "simasn_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route (websockets and event streams excluded).",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route"})
	m.signIn = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "simasn_sign_in_failures_total",
		Help: "Sign-ins refused, by reason: credentials (wrong username or password, or an inactive account), rate_limited (too many attempts), other.",
	}, []string{"reason"})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "simasn_rate_limited_total",
		Help: "Requests refused with RATE_LIMITED, by operation name.",
	}, []string{"operation"})
	m.reg.MustRegister(m.operations, m.duration, m.errors, m.http, m.httpTime, m.signIn, m.limited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is the registry behind Handler, for further collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// WatchDB exports the statistics of the connection pool db
// (go_sql_* series labelled db_name, from sql.DBStats): open, in use and
// idle connections, waits and their duration, connections closed by the
// pool's limits.
func (m *Metrics) WatchDB(name string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// CacheStats are the counters of a result cache (resultcache.Stats).
type CacheStats struct {
	Hits, Misses, Uncacheable, Bytes, Entries int64
}

// WatchAnalyticsCache exports the counters of the analytics result cache,
// read from stats at each scrape: simasn_analytics_cache_{hits,misses,
// uncacheable}_total and simasn_analytics_cache_{bytes,entries}.
func (m *Metrics) WatchAnalyticsCache(stats func() CacheStats) {
	counter := func(name, help string, v func(CacheStats) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return float64(v(stats())) })
	}
	gauge := func(name, help string, v func(CacheStats) int64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return float64(v(stats())) })
	}
	m.reg.MustRegister(
		counter("simasn_analytics_cache_hits_total", "Analytics statements answered from the result cache.", func(s CacheStats) int64 { return s.Hits }),
		counter("simasn_analytics_cache_misses_total", "Analytics statements run and kept in the result cache.", func(s CacheStats) int64 { return s.Misses }),
		counter("simasn_analytics_cache_uncacheable_total", "Analytics statements run as usual: they read a table without a change fingerprint or call a function such as now().", func(s CacheStats) int64 { return s.Uncacheable }),
		gauge("simasn_analytics_cache_bytes", "Estimated memory held by the analytics result cache.", func(s CacheStats) int64 { return s.Bytes }),
		gauge("simasn_analytics_cache_entries", "Results kept by the analytics result cache.", func(s CacheStats) int64 { return s.Entries }),
	)
}

var validName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// operationName is the label of an operation's name: "" for an anonymous
// one, "other" past MaxOperationNames or for an odd one.
func (m *Metrics) operationName(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !validName.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= MaxOperationNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// ExtensionName implements graphql.HandlerExtension.
func (m *Metrics) ExtensionName() string { return "Metrics" }

// Validate implements graphql.HandlerExtension.
func (m *Metrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor: it counts each
// query and mutation once, by its outcome, and the errors by code; a
// sign-in (a login root field) that failed counts as a sign-in failure.
// Subscriptions are counted by the feed (FeedStats), not here.
func (m *Metrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation == ast.Subscription {
		return resp
	}
	name := m.operationName(oc.Operation.Name)
	typ := string(oc.Operation.Operation)
	code := "OK"
	for i, e := range resp.Errors {
		c, _ := e.Extensions["code"].(string)
		if c == "" {
			c = "INTERNAL"
		}
		if i == 0 {
			code = c
		}
		m.errors.WithLabelValues(c).Inc()
		if c == "RATE_LIMITED" {
			m.limited.WithLabelValues(name).Inc()
		}
	}
	if len(resp.Errors) > 0 && signsIn(oc.Operation) {
		switch code {
		case "UNAUTHENTICATED":
			m.signIn.WithLabelValues("credentials").Inc()
		case "RATE_LIMITED":
			m.signIn.WithLabelValues("rate_limited").Inc()
		default:
			m.signIn.WithLabelValues("other").Inc()
		}
	}
	m.operations.WithLabelValues(name, typ, code).Inc()
	m.duration.WithLabelValues(name, typ, code).Observe(time.Since(oc.Stats.OperationStart).Seconds())
	return resp
}

// signsIn reports whether op asks for the login mutation.
func signsIn(op *ast.OperationDefinition) bool {
	if op.Operation != ast.Mutation {
		return false
	}
	for _, s := range op.SelectionSet {
		if f, ok := s.(*ast.Field); ok && f.Name == "login" {
			return true
		}
	}
	return false
}

// HTTP wraps next, counting its requests by route (route names the
// request's route from a small fixed set) and status, and timing those
// that are not long-lived streams.
func (m *Metrics) HTTP(next http.Handler, route func(*http.Request) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w}
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			name := route(r)
			m.http.WithLabelValues(name, strconv.Itoa(status)).Inc()
			if !rec.hijacked && r.Header.Get("Accept") != "text/event-stream" {
				m.httpTime.WithLabelValues(name).Observe(time.Since(start).Seconds())
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// RateLimited counts a refusal made outside GraphQL (e.g. too many
// websockets from one address), under what was refused.
func (m *Metrics) RateLimited(what string) { m.limited.WithLabelValues(what).Inc() }
