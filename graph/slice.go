package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceInOrder marshals the elements of a list of objects one after
// the other in the caller's goroutine. The generated executor calls it in
// place of graphql.MarshalSliceConcurrently (see internal/tools/gqlgen: the
// elements' data are already loaded, and a goroutine per element cost a
// fifth of a list's CPU). Like that function it gives each element a field
// context holding its index (the path of its errors) and, unless
// omitPanicHandler, turns an element's panic into an error on that element
// and a null in its place; workerLimit is meaningless here.
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		idx := i
		elemCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &idx})
		if omitPanicHandler {
			ret[i] = marshalElement(elemCtx, i)
			continue
		}
		ret[i] = marshalElementRecovering(elemCtx, i, marshalElement)
	}
	return ret
}

// marshalElementRecovering marshals element i, turning a panic into an
// error of that element and a null.
func marshalElementRecovering(ctx context.Context, i int,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}
