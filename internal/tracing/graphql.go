package tracing

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// GraphQL is a gqlgen extension recording a span per query or mutation
// ("query Name"), ended with its answer, and a span per event a
// subscription delivers ("subscription Name event"), so a feed delivery
// shows with the statements that prepared it. Error codes go in
// graphql.error.codes and make the span's status an error.
func GraphQL(tp trace.TracerProvider) graphql.HandlerExtension { return gqlTracer{tp} }

type gqlTracer struct{ tp trace.TracerProvider }

func (gqlTracer) ExtensionName() string                   { return "Tracing" }
func (gqlTracer) Validate(graphql.ExecutableSchema) error { return nil }

func (g gqlTracer) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil {
		return next(ctx)
	}
	typ, name := string(oc.Operation.Operation), oc.Operation.Name
	attrs := []attribute.KeyValue{attribute.String("graphql.operation.type", typ), attribute.String("graphql.operation.name", name)}
	if oc.Operation.Operation == ast.Subscription {
		rh := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			ctx, span := start(ctx, g.tp, strings.TrimSpace(typ+" "+name)+" event", trace.SpanKindInternal, attrs...)
			defer span.End()
			resp := rh(ctx)
			if resp != nil {
				record(span, resp)
			}
			return resp
		}
	}
	ctx, span := start(ctx, g.tp, strings.TrimSpace(typ+" "+name), trace.SpanKindInternal, attrs...)
	rh := next(ctx)
	ended := false
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		if !ended {
			ended = true
			if resp != nil {
				record(span, resp)
			}
			span.End()
		}
		return resp
	}
}

// record notes the error codes of resp on span.
func record(span trace.Span, resp *graphql.Response) {
	if len(resp.Errors) == 0 {
		return
	}
	var cs []string
	for _, e := range resp.Errors {
		c, _ := e.Extensions["code"].(string)
		if c == "" {
			c = "INTERNAL"
		}
		cs = append(cs, c)
	}
	span.SetAttributes(attribute.StringSlice("graphql.error.codes", cs))
	span.SetStatus(codes.Error, resp.Errors[0].Message)
}
