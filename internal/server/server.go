package server

import (
	"context"
	"database/sql/driver"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"simasn/graph"
	"simasn/internal/audit"
	"simasn/internal/auth"
	"simasn/internal/dates"
	"simasn/internal/export"
	"simasn/internal/feed"
	"simasn/internal/metrics"
	"simasn/internal/sqljson"
	"simasn/internal/store"
	"simasn/internal/tracing"
	"simasn/internal/txn"
	"simasn/internal/web"
)

// Options tunes the HTTP surface. Zero values take the defaults.
type Options struct {
	// MaxBodyBytes caps a request body (default 1 MiB).
	MaxBodyBytes int64
	// RequestTimeout bounds the work on one request (default 30 s).
	RequestTimeout time.Duration
	// MaxPageSize caps first/last on every connection (default 100).
	MaxPageSize int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Limits bounds the shape of one operation.
	Limits Limits
	// Introspection enables schema introspection and "did you mean"
	// suggestions (off by default; on in demo mode).
	Introspection bool
	// Auth signs callers in; by default a service with a random token
	// secret, 8-hour tokens and 10 login attempts a minute per client.
	Auth *auth.Service
	// Authenticator turns bearer tokens into viewers (default: Auth).
	Authenticator auth.Authenticator
	// Hub is the complaint feed of this instance; the caller runs it.
	Hub *feed.Hub
	// AllowedOrigins are the browser origins (scheme://host[:port]) that
	// may open a websocket; a page served by this server itself is always
	// allowed, any other origin only when listed. Clients that send no
	// Origin (not browsers) are allowed.
	AllowedOrigins []string
	// MinGroupSize is k of the aggregates' disclosure control (default 5).
	MinGroupSize int
	// Web answers GET requests on web.Paths: the dashboard at /, GraphiQL
	// at /graphiql, their files and configuration (default: web.Handler
	// without demo accounts).
	Web http.Handler
	// MaxOperationsPerConnection caps the operations (subscriptions
	// included) running at once on one websocket (default 100).
	MaxOperationsPerConnection int
	// MaxConnectionsPerAddress caps the websockets open at once from one
	// client address (default 200).
	MaxConnectionsPerAddress int
	// WebsocketSendBuffer, when set, fixes the kernel's send buffer of
	// each websocket (SO_SNDBUF, in bytes; the kernel doubles it) instead
	// of letting the kernel grow it (up to 4 MiB by default): it bounds
	// what a subscriber that stops reading holds in the kernel besides its
	// queue of results, and how soon it is ended.
	WebsocketSendBuffer int
	// WebsocketWriteTimeout is how long a write waits for a client whose
	// socket is full before the connection is closed (default 10 s).
	WebsocketWriteTimeout time.Duration
	// WebsocketNoIOURing makes the websocket writers send with one
	// sendmsg per connection instead of one io_uring submission for a
	// batch of connections (wsuring.go; where io_uring is refused they do
	// anyway).
	WebsocketNoIOURing bool
	// KeepAlive is the interval of websocket keep-alives (ping or ka) and
	// server-sent-event comments; a websocket silent for three intervals
	// is closed (default 20 s).
	KeepAlive time.Duration
	// InitTimeout is how long a websocket may take to send
	// connection_init (default 10 s).
	InitTimeout time.Duration
	// Metrics, when set, counts and times operations and requests,
	// watches the database pool and the feed, and is served at /metrics
	// unless MetricsElsewhere.
	Metrics *metrics.Metrics
	// Tracer, when set, records a span per HTTP request, GraphQL
	// operation and subscription event (internal/tracing); nil is off.
	Tracer trace.TracerProvider
	// MetricsElsewhere leaves /metrics off this handler: the caller
	// serves Metrics.Handler() on an address of its own.
	MetricsElsewhere bool
}

func (o *Options) defaults() {
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = 30 * time.Second
	}
	if o.MaxPageSize == 0 {
		o.MaxPageSize = 100
	}
	if o.MaxOperationsPerConnection == 0 {
		o.MaxOperationsPerConnection = 100
	}
	if o.MaxConnectionsPerAddress == 0 {
		o.MaxConnectionsPerAddress = 200
	}
	if o.WebsocketWriteTimeout == 0 {
		o.WebsocketWriteTimeout = writeTimeout
	}
	if o.KeepAlive == 0 {
		o.KeepAlive = 20 * time.Second
	}
	if o.InitTimeout == 0 {
		o.InitTimeout = 10 * time.Second
	}
}

// Handler is the HTTP handler of a SIMASN instance.
type Handler struct {
	http.Handler
	// Reads answers the hot reads with one statement (see
	// internal/sqljson); nil on SQLite, which keeps the general path.
	Reads *sqljson.Compiler
	// GroupLists counts the aggregate fields whose groups were written
	// in one pass (grouplists.go).
	GroupLists *atomic.Int64
	streams    *streams
}

// Shutdown ends the long-lived streams, which http.Server.Shutdown does not
// wait for (websockets) or waits for forever (server-sent events): every
// subscription completes, each websocket closes with 1012 (service
// restart) once its queries and mutations have answered, and new streams
// are refused with 503. Clients reconnect and resume by cursor. It returns
// when every stream has ended, or with ctx's error when ctx ends first.
// Call it when the server starts shutting down, before the complaint feed's
// hub stops.
func (h *Handler) Shutdown(ctx context.Context) error {
	return h.streams.shutdown(ctx)
}

// New returns the HTTP handler of a SIMASN instance on db.
func New(db *store.DB, logger *slog.Logger, opts Options) *Handler {
	opts.defaults()
	if opts.Auth == nil {
		tokens, _ := auth.NewTokens(auth.RandomSecret(), 8*time.Hour, opts.Now)
		limiter := auth.NewLimiter(10, opts.Now)
		limiter.Logger = logger
		opts.Auth = auth.NewService(db.Client, tokens, limiter, opts.Now)
	}
	if opts.Authenticator == nil {
		opts.Authenticator = opts.Auth
	}
	if opts.Hub == nil {
		opts.Hub = feed.NewHub(db.Client, feed.Options{Dialect: db.Dialect})
	}
	es := graph.NewExecutableSchema(graph.Config{
		Resolvers:  graph.NewResolver(db.Client, opts.Auth, opts.Hub, opts.Now),
		Directives: graph.Directives(),
	})
	gql := handler.New(es)
	// A bound on the tokens of a document bounds the work of parsing and
	// validating it, whatever the body limit.
	gql.SetParserTokenLimit(15_000)
	streams := newStreams()
	writers := &writePool{max: max(32, 16*runtime.GOMAXPROCS(0)), noRing: opts.WebsocketNoIOURing}
	if !opts.WebsocketNoIOURing {
		// One ring set up now, kept for the first writer: where the
		// kernel or a seccomp profile refuses io_uring, the operator
		// learns that the writers send with sendmsg instead.
		if r := newSendRing(); r != nil {
			writers.rings = append(writers.rings, r)
		} else {
			logger.Warn("io_uring is not available: websocket writers send with sendmsg (set SIMASN_WS_IOURING=false to silence this)")
		}
	}
	var limited func(string)
	if opts.Metrics != nil {
		limited = opts.Metrics.RateLimited
	}
	// The streaming transports answer a query that could not run
	// (answering), as the HTTP transport does itself.
	gql.AddTransport(answering{&wsTransport{
		upgrader: websocket.Upgrader{
			CheckOrigin:  originAllowed(opts.AllowedOrigins),
			Subprotocols: []string{protocolTransportWS, protocolLegacy},
			// Idle subscribers are the common case: a small read buffer
			// (clients send little: init, subscribe, pong), and a write
			// buffer held only while writing.
			ReadBufferSize:  512,
			WriteBufferPool: &sync.Pool{},
		},
		init:        websocketAuth(opts.Authenticator, nil),
		initTimeout: opts.InitTimeout,
		keepAlive:   opts.KeepAlive,
		maxMessage:  opts.MaxBodyBytes,
		maxOps:      opts.MaxOperationsPerConnection,
		maxPerAddr:  opts.MaxConnectionsPerAddress,
		sendBuffer:  opts.WebsocketSendBuffer,
		writeWait:   opts.WebsocketWriteTimeout,
		timeout:     opts.RequestTimeout,
		streams:     streams,
		logger:      logger,
		writers:     writers,
		fanout:      &fanout{writers: writers, logger: logger, groups: map[string]*group{}},
		byAddr:      map[string]int{},
		limited:     limited,
	}})
	gql.AddTransport(answering{sseTransport{timeout: opts.RequestTimeout, keepAlive: opts.KeepAlive, streams: streams}})
	gql.AddTransport(transport.Options{})
	gql.AddTransport(httpTransport{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		gql.Use(extension.Introspection{})
	} else {
		gql.SetDisableSuggestion(true)
	}
	// The bounds on stored dates (internal/dates) are measured against
	// this server's clock, whichever layer checks them.
	gql.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(dates.NewContext(ctx, opts.Now))
	})
	opts.Limits.PageSize = opts.MaxPageSize
	gql.Use(opts.Limits)
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	present := presentError(logger, es.Schema(), opts.Introspection)
	gql.Use(mutationTx{
		Transactioner: entgql.Transactioner{TxOpener: entgql.TxOpenerFunc(func(ctx context.Context) (context.Context, driver.Tx, error) {
			return txn.TxOpener{Client: db.Client}.OpenTx(audit.Collect(ctx))
		})},
		present: present,
	})
	// Page sizes, then the field policy, on the fields they concern
	// (fieldchecks.go).
	gql.Use(newFieldChecks(es.Schema(), pageSizeLimit(opts.MaxPageSize), fieldPolicy(db.Client)))
	// Aggregate groups written in one pass (grouplists.go); its resolver
	// middleware wraps the checks above.
	lists := groupLists{written: &atomic.Int64{}}
	gql.Use(lists)
	gql.SetErrorPresenter(present)
	if opts.Metrics != nil {
		gql.Use(opts.Metrics)
	}
	if opts.Tracer != nil {
		gql.Use(tracing.GraphQL(opts.Tracer))
	}
	// Innermost, so that the limits, metrics and traces see compiled
	// reads as any other: the hot reads in one statement (PostgreSQL).
	var reads *sqljson.Compiler
	if db.Dialect == dialect.Postgres {
		reads = sqljson.New(db.Driver, es.Schema(), opts.MaxPageSize)
		gql.AroundOperations(reads.Operations)
		gql.AroundResponses(reads.Responses)
	}
	gql.SetRecoverFunc(func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", v, "request_id", RequestID(ctx))
		return &internalError{cause: v}
	})

	mux := http.NewServeMux()
	// CSV: any query asked for as text/csv, and the stored queries of
	// /export/, run through the same GraphQL handler as the caller.
	api := withPersonal(gql, db.Client, opts.MinGroupSize)
	csv := export.New(api, es.Schema(), opts.Now, logger)
	mux.Handle("/query", authenticate(csv.Query(api), opts.Authenticator, nil))
	mux.Handle("GET /export/", authenticate(csv.Stored(), opts.Authenticator, nil))
	if opts.Web == nil {
		opts.Web = web.Handler(web.Config{})
	}
	for _, p := range web.Paths {
		mux.Handle("GET "+p, opts.Web)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := db.Ping(ctx); err != nil {
			logger.WarnContext(ctx, "readiness check failed", "err", err, "request_id", RequestID(ctx))
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	if opts.Metrics != nil {
		opts.Metrics.WatchDB(db.Dialect, db.SQL)
		if c := db.AnalyticsCache; c != nil {
			opts.Metrics.WatchAnalyticsCache(func() metrics.CacheStats {
				st := c.Stats()
				return metrics.CacheStats{Hits: st.Hits, Misses: st.Misses, Uncacheable: st.Uncacheable, Bytes: st.Bytes, Entries: st.Entries}
			})
		}
		opts.Metrics.WatchFeed(metrics.HubStats(opts.Hub))
		if !opts.MetricsElsewhere {
			mux.Handle("GET /metrics", opts.Metrics.Handler())
		}
	}
	var h http.Handler = mux
	if opts.Metrics != nil {
		h = opts.Metrics.HTTP(h, route)
	}
	h = limitBody(h, opts.MaxBodyBytes)
	h = timeout(h, opts.RequestTimeout)
	h = recoverPanics(h, logger)
	h = accessLog(h, logger)
	if opts.Tracer != nil {
		h = tracing.HTTP(opts.Tracer, h)
	}
	h = withRequestID(h)
	return &Handler{Handler: h, streams: streams, Reads: reads, GroupLists: lists.written}
}

// route names the route of r for the metrics, from a fixed set.
func route(r *http.Request) string {
	switch p := r.URL.Path; {
	case p == "/query":
		if export.WantsCSV(r) {
			return "query_csv"
		}
		return "query"
	case strings.HasPrefix(p, "/export/"):
		return "export"
	case p == "/metrics", p == "/healthz", p == "/readyz":
		return p[1:]
	}
	return "other"
}

// pageSizeLimit refuses first/last above max (or below zero) on any field,
// and gives a connection asked for without either a first page of max items.
func pageSizeLimit(max int) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Field.Field == nil {
			return next(ctx)
		}
		given := false
		for _, arg := range []string{"first", "last"} {
			v, ok := fc.Args[arg].(*int)
			if !ok || v == nil {
				continue
			}
			given = true
			if *v < 0 || *v > max {
				return nil, pageSizeError(arg, *v, max)
			}
		}
		if _, paged := fc.Args["first"]; paged && !given && isConnection(fc.Field.Definition) {
			n := max
			fc.Args["first"] = &n
		}
		return next(ctx)
	}
}
