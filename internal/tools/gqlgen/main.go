// Command gqlgen runs gqlgen (github.com/99designs/gqlgen) on gqlgen.yml, as
// `go tool gqlgen generate` would, with one change to the executor it writes:
// below the root Query, fields and list elements are resolved one after the
// other in the request's goroutine instead of each in a goroutine of its own.
//
// gqlgen starts a goroutine for every field with a resolver method (ent's
// edges: an employee's unit, appraisals, enrollments) and for every element
// of a list of objects (100 edges, each employee's appraisals...): about 700
// for the dashboard's list of 100 employees. The data are already loaded by
// then (entgql collects the selected edges into the list's statements), so
// that concurrency buys nothing, and growing the new goroutines' stacks cost
// a fifth of the server's CPU per request. The root Query's fields still run
// concurrently (a request asking for several independent lists or aggregates
// waits for the slowest, not for their sum); mutations run in order as before.
//
// Two steps, both part of `go generate ./...` (ent/generate.go):
//
//   - a gqlgen plugin sets DisableConcurrency on every object but the root
//     Query and Subscription (gqlgen already sets it on Mutation), so their
//     fields resolve in line;
//   - gqlgen has no setting for lists (exec.worker_limit only bounds the
//     goroutines), so the generated executor's calls of
//     graphql.MarshalSliceConcurrently are renamed to marshalSliceInOrder
//     (graph/slice.go), which has the same signature and results and runs the
//     elements in order. Generation fails if gqlgen stops emitting that call,
//     so a gqlgen upgrade cannot silently bring the goroutines back;
//   - with no field resolved concurrently below Query, no object collects
//     @defer'd fields (only gqlgen's concurrent path adds to the group), so
//     each object's graphql.NewDeferredGroup(ctx), which computed the
//     object's path and allocated a field set and a map for every object
//     (5 % of the dashboard list's CPU), becomes an empty
//     graphql.DeferredGroup{}. Generation fails if the executor adds to a
//     group after all (it would take its address, &deferred).
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// concurrentSlice is the call gqlgen v0.17.98 emits for a list of objects;
// inOrderSlice is the function of package graph that replaces it.
// newGroup is how every object's marshaller starts its group of deferred
// fields; emptyGroup replaces it; addToGroup is how a field would join it.
const (
	concurrentSlice = "graphql.MarshalSliceConcurrently("
	inOrderSlice    = "marshalSliceInOrder("
	newGroup        = "deferred := graphql.NewDeferredGroup(ctx)"
	emptyGroup      = "deferred := graphql.DeferredGroup{}"
	addToGroup      = "&deferred"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	if err := api.Generate(cfg, api.AddPlugin(inLine{})); err != nil {
		return err
	}
	return rewriteExecutor(cfg.Exec.Filename)
}

// inLine is the gqlgen plugin that resolves the fields of every object but
// the root Query and Subscription in line.
type inLine struct{}

// Name names the plugin in gqlgen's errors.
func (inLine) Name() string { return "simasn-in-line" }

// GenerateCode runs before gqlgen writes the executor from data.
func (inLine) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if o == data.QueryRoot || o == data.SubscriptionRoot {
			continue
		}
		o.DisableConcurrency = true
	}
	return nil
}

// rewriteExecutor renames the executor's concurrent list marshalling to
// the in-order one and empties the objects' deferred groups, and fails if
// gqlgen's output no longer has the shape these rewrites rely on.
func rewriteExecutor(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, want := range []string{concurrentSlice, newGroup} {
		if !bytes.Contains(src, []byte(want)) {
			return fmt.Errorf("%s: no %q to rewrite: gqlgen's output changed, see internal/tools/gqlgen", path, want)
		}
	}
	if bytes.Contains(src, []byte(addToGroup)) {
		return fmt.Errorf("%s: a field joins a deferred group (%s): the groups cannot be emptied, see internal/tools/gqlgen", path, addToGroup)
	}
	out := bytes.ReplaceAll(src, []byte(concurrentSlice), []byte(inOrderSlice))
	out = bytes.ReplaceAll(out, []byte(newGroup), []byte(emptyGroup))
	return os.WriteFile(path, out, 0o644)
}
