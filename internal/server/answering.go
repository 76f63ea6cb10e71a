package server

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// answering wraps a streaming transport (websocket, server-sent events) so
// that a query or mutation whose context ended before it ran still answers,
// with TIMEOUT: since gqlgen v0.17.9x the executor gives no response at all
// for a done context, which a stream would end without a word.
type answering struct{ graphql.Transport }

// Do implements graphql.Transport.
func (a answering) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	a.Transport.Do(w, r, answeringExecutor{exec})
}

// answeringExecutor gives the TIMEOUT answer in place of the missing one.
type answeringExecutor struct{ graphql.GraphExecutor }

// DispatchOperation implements graphql.GraphExecutor.
func (e answeringExecutor) DispatchOperation(ctx context.Context, rc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	next, ctx := e.GraphExecutor.DispatchOperation(ctx, rc)
	if rc == nil || rc.Operation == nil || rc.Operation.Operation == ast.Subscription {
		return next, ctx // a stream's end is its own answer
	}
	answered := false
	return func(ctx context.Context) *graphql.Response {
		resp := next(ctx)
		if resp == nil && !answered && ctx.Err() != nil {
			resp = noResult(ctx)
		}
		answered = true
		return resp
	}, ctx
}
