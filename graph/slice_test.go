package graph

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestMarshalSliceInOrder: every element is marshalled, in order, with its
// index in its field context; a panicking element becomes a null and an
// error at its own path, the others are kept.
func TestMarshalSliceInOrder(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
		func(context.Context, any) error { return errors.New("boom") })
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "items"}}})
	var order []int
	got := marshalSliceInOrder(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		order = append(order, i)
		if idx := graphql.GetFieldContext(ctx).Index; idx == nil || *idx != i {
			t.Errorf("element %d: field context index %v", i, idx)
		}
		if i == 1 {
			panic("element 1")
		}
		return graphql.MarshalInt(i * 10)
	})
	var b bytes.Buffer
	got.MarshalGQL(&b)
	if b.String() != "[0,null,20]" {
		t.Errorf("marshalled %s, want [0,null,20]", b.String())
	}
	if len(order) != 3 || order[0] != 0 || order[1] != 1 || order[2] != 2 {
		t.Errorf("elements marshalled in the order %v, want [0 1 2]", order)
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Message != "boom" || errs[0].Path.String() != "items[1]" {
		t.Errorf("errors %v, want one \"boom\" at items[1]", errs)
	}
}

// TestGeneratedInLine: the committed executor is the output of
// internal/tools/gqlgen (go generate), not of plain `gqlgen generate`:
// below the root Query no field and no list element starts a goroutine,
// and no object builds a group of deferred fields it would never fill.
func TestGeneratedInLine(t *testing.T) {
	src, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, call := range []string{"graphql.MarshalSliceConcurrently(", "out.ResolveConcurrently(", "graphql.NewDeferredGroup("} {
		if n := strings.Count(s, call); n > 0 {
			t.Errorf("generated.go calls %s %d times: regenerate with `go generate ./...` (internal/tools/gqlgen)", call, n)
		}
	}
	if !strings.Contains(s, "marshalSliceInOrder(") || !strings.Contains(s, "out.ResolveRootConcurrently(") {
		t.Error("generated.go lacks the in-order list marshalling or the root Query's concurrent fields")
	}
}
