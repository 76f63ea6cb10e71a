package server

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// mutationTx runs each mutation in one transaction, as
// entgql.Transactioner does (whose field serialisation it keeps), but
// answers like the rest of the API when the transaction cannot be opened or
// committed — a database that is down is UNAVAILABLE, never the driver's
// text — and ends cleanly when a streaming transport asks for a second
// result (nil: a mutation has one).
type mutationTx struct {
	entgql.Transactioner
	present graphql.ErrorPresenterFunc
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = mutationTx{}

// InterceptResponse runs a mutation under a transaction: committed when it
// answers without errors, rolled back otherwise.
func (t mutationTx) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	op := graphql.GetOperationContext(ctx).Operation
	if op == nil || op.Operation != ast.Mutation {
		return next(ctx)
	}
	txCtx, tx, err := t.OpenTx(ctx)
	if err != nil {
		return &graphql.Response{Errors: gqlerror.List{t.present(ctx, fmt.Errorf("open the transaction of the mutation: %w", err))}}
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(txCtx)
	if rsp == nil {
		_ = tx.Rollback()
		return nil
	}
	if len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		return &graphql.Response{Errors: rsp.Errors, Extensions: rsp.Extensions}
	}
	if err := tx.Commit(); err != nil {
		return &graphql.Response{Errors: gqlerror.List{t.present(ctx, fmt.Errorf("commit the mutation: %w", err))}}
	}
	return rsp
}
