package tracing

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	sdkresource "go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"

	"simasn/internal/request"
)

// Name is the instrumentation scope of SIMASN's spans.
const Name = "simasn"

// RequestIDKey is the span attribute holding the request id.
const RequestIDKey = attribute.Key("simasn.request_id")

// Setup returns the tracer provider for endpoint, an OTLP/HTTP URL such as
// http://collector:4318 (spans go to its /v1/traces), batching spans in the
// background; shutdown flushes them. With an empty endpoint it returns
// nil: tracing is off.
func Setup(ctx context.Context, endpoint string) (tp trace.TracerProvider, shutdown func(context.Context) error, err error) {
	if endpoint == "" {
		return nil, func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint+"/v1/traces"))
	if err != nil {
		return nil, nil, fmt.Errorf("tracing: OTLP exporter for %s: %w", endpoint, err)
	}
	res := sdkresource.NewSchemaless(semconv.ServiceName("simasn"))
	p := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(5*time.Second)), sdktrace.WithResource(res))
	return p, p.Shutdown, nil
}

// start begins a span of tp carrying the request id of ctx.
func start(ctx context.Context, tp trace.TracerProvider, name string, kind trace.SpanKind, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
	if id := request.ID(ctx); id != "" {
		attrs = append(attrs, RequestIDKey.String(id))
	}
	return tp.Tracer(Name).Start(ctx, name, trace.WithSpanKind(kind), trace.WithAttributes(attrs...))
}

// HTTP wraps next with a server span per request, continuing the caller's
// trace when it sends a W3C traceparent header. Put it inside the handler
// that sets the request id. The trace id is echoed in the traceparent
// response header.
func HTTP(tp trace.TracerProvider, next http.Handler) http.Handler {
	prop := propagation.TraceContext{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := start(ctx, tp, r.Method+" "+r.URL.Path, trace.SpanKindServer,
			attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path))
		defer span.End()
		prop.Inject(ctx, propagation.HeaderCarrier(w.Header()))
		rec := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status != 0 {
			span.SetAttributes(attribute.Int("http.response.status_code", rec.status))
			if rec.status >= 500 {
				span.SetStatus(codes.Error, http.StatusText(rec.status))
			}
		}
	})
}

// LogHandler adds, to each record logged with a context, the request id
// (request_id, unless the record has one) and the trace and span ids
// (trace_id, span_id) of a recording span.
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

func (l logHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := request.ID(ctx); id != "" {
		has := false
		r.Attrs(func(a slog.Attr) bool {
			has = a.Key == "request_id"
			return !has
		})
		if !has {
			r.AddAttrs(slog.String("request_id", id))
		}
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return l.Handler.Handle(ctx, r)
}

func (l logHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return logHandler{l.Handler.WithAttrs(as)}
}

func (l logHandler) WithGroup(name string) slog.Handler { return logHandler{l.Handler.WithGroup(name)} }
