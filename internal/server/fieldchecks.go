package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/access"
)

// fieldChecks runs the field middlewares that guard every field
// (pageSizeLimit, fieldPolicy) on the fields they can concern, and lets
// the others (most of a large answer: the scalars of an aggregate group,
// of a key, of a measure) go straight to their resolver.
//
// Which fields those are is decided once, at start-up, from the schema:
// a field with no argument and whose name is declared Open on every entity
// (access.Guarded) is one both middlewares pass through unchanged, as
// they only look at the field's arguments (pageSizeLimit, the where and
// orderBy checks of fieldPolicy) and at guarded fields of ent records (the
// answers of fieldPolicy). Any field the table does not know (__typename,
// a definition from elsewhere) takes the checks.
//
// It is installed as the operation's resolver middleware rather than as
// gqlgen field interceptors, each of which costs a closure and a
// context look-up per resolved field, on every field; interceptors
// registered with AroundFields still run, inside the checks, on every
// field.
type fieldChecks struct {
	plain  map[*ast.FieldDefinition]bool
	checks []graphql.FieldMiddleware // outermost first
}

// newFieldChecks builds the table of plain fields of schema; checks run
// in order (the first outermost) on the others.
func newFieldChecks(schema *ast.Schema, checks ...graphql.FieldMiddleware) *fieldChecks {
	plain := map[*ast.FieldDefinition]bool{}
	for _, t := range schema.Types {
		for _, f := range t.Fields {
			if len(f.Arguments) == 0 && !access.Guarded(f.Name) {
				plain[f] = true
			}
		}
	}
	return &fieldChecks{plain: plain, checks: checks}
}

// ExtensionName names the extension for gqlgen.
func (*fieldChecks) ExtensionName() string { return "FieldChecks" }

// Validate accepts any schema: the table is built from it beforehand.
func (*fieldChecks) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext puts the checks around the operation's resolver
// middleware (the chain of the AroundFields interceptors): one closure per
// operation, none per plain field.
func (f *fieldChecks) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	rest := rc.ResolverMiddleware
	rc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		if fc := graphql.GetFieldContext(ctx); fc != nil && f.plain[fc.Field.Definition] {
			return rest(ctx, next)
		}
		return f.check(ctx, 0, rest, next)
	}
	return nil
}

// check runs the checks from the i-th on, then rest.
func (f *fieldChecks) check(ctx context.Context, i int, rest graphql.FieldMiddleware, next graphql.Resolver) (any, error) {
	if i == len(f.checks) {
		return rest(ctx, next)
	}
	return f.checks[i](ctx, func(ctx context.Context) (any, error) { return f.check(ctx, i+1, rest, next) })
}
