package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"simasn/internal/access"
)

// Directives returns the implementations of the schema's directives.
func Directives() DirectiveRoot {
	return DirectiveRoot{Rows: rows}
}

// rows implements @rows, which every edge condition of a where filter
// carries: the condition considers only the records the caller may see
// (access.ConfineEdge).
func rows(ctx context.Context, _ any, next graphql.Resolver, entity string) (any, error) {
	v, err := next(ctx)
	if err != nil {
		return nil, err
	}
	cond := ""
	if p := graphql.GetPathContext(ctx); p != nil && p.Field != nil {
		cond = *p.Field
	}
	return access.ConfineEdge(ctx, entity, cond, v)
}
