package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"

	"simasn/graph"
	"simasn/internal/store"
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
}

// New returns the HTTP handler of a SIMASN instance on db.
func New(db *store.DB, logger *slog.Logger, opts Options) http.Handler {
	opts.defaults()
	gql := handler.New(graph.NewExecutableSchema(graph.Config{
		Resolvers: graph.NewResolver(db.Client, opts.Now),
	}))
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		gql.Use(extension.Introspection{})
	} else {
		gql.SetDisableSuggestion(true)
	}
	opts.Limits.PageSize = opts.MaxPageSize
	gql.Use(opts.Limits)
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	gql.Use(entgql.Transactioner{TxOpener: db.Client})
	gql.AroundFields(pageSizeLimit(opts.MaxPageSize))
	gql.SetErrorPresenter(presentError(logger))
	gql.SetRecoverFunc(func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", v, "request_id", RequestID(ctx))
		return &internalError{cause: v}
	})

	mux := http.NewServeMux()
	mux.Handle("/query", gql)
	mux.Handle("GET /{$}", playground.Handler("SIMASN GraphQL", "/query"))
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
	var h http.Handler = mux
	h = limitBody(h, opts.MaxBodyBytes)
	h = timeout(h, opts.RequestTimeout)
	h = recoverPanics(h, logger)
	h = accessLog(h, logger)
	h = withRequestID(h)
	return h
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
