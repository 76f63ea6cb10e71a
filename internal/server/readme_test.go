package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"

	"simasn/ent/account"
	"simasn/graph"
	"simasn/internal/apitest"
	"simasn/internal/auth"
	"simasn/internal/server"
)

// readmeExample is one operation of a ```graphql block of the README.
type readmeExample struct {
	line int    // of the block's fence in README.md
	op   string // the operation alone, formatted
	name string // "query", "mutation" or "subscription" and its first field
	kind ast.Operation
	vars []string // the variables the operation declares
	note exampleNote
}

// exampleNote is what an HTML comment on the line before a ```graphql
// block says about its operations (every field optional):
//
//		<!-- example: {"as": "analis", "variables": {"unit": "unit:1.02.03"}, "nonzero": ["totalJp"]} -->
//
//	  - as: the demo account that runs it (auth.DemoAccounts: admin, hr.dinkes,
//	    kadis.dinkes, analis, pegawai) or "public" for no token; default admin.
//	  - variables: the operation's variables. A string "unit:CODE",
//	    "region:CODE" or "employee:NIP" stands for the ID of that demo record,
//	    looked up just before the operation runs.
//	  - nonzero: fields that must be a number above zero somewhere in the
//	    answer, for examples whose point is a figure.
//	  - empty: the answer may be null or empty (the default is that every
//	    top-level field answers something: an example showing nothing against
//	    the demo data is a broken example).
//	  - skip: a reason not to run the block (it is still validated).
//
// An operation that holds a placeholder ("…") is only validated against
// the schema: its reader fills in their own IDs.
type exampleNote struct {
	As        string         `json:"as"`
	Variables map[string]any `json:"variables"`
	Nonzero   []string       `json:"nonzero"`
	Empty     bool           `json:"empty"`
	Skip      string         `json:"skip"`
}

var exampleComment = regexp.MustCompile(`^<!--\s*example:\s*(\{.*\})\s*-->\s*$`)

// readmeExamples extracts every operation of every ```graphql block of the
// README, in order, with its note.
func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var out []readmeExample
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```graphql" {
			continue
		}
		start := i + 1
		var note exampleNote
		if i > 0 {
			if m := exampleComment.FindStringSubmatch(strings.TrimSpace(lines[i-1])); m != nil {
				dec := json.NewDecoder(strings.NewReader(m[1]))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&note); err != nil {
					t.Fatalf("README.md:%d: the example note %s: %v", i, m[1], err)
				}
			} else if strings.Contains(lines[i-1], "example:") {
				t.Fatalf("README.md:%d: %q looks like an example note but is not <!-- example: {json} -->", i, lines[i-1])
			}
		}
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
		}
		block := strings.Join(lines[start:i], "\n")
		doc, perr := parser.ParseQuery(&ast.Source{Name: "README.md", Input: block})
		if perr != nil {
			t.Errorf("README.md:%d: the graphql block does not parse: %v", start, perr)
			continue
		}
		for _, op := range doc.Operations {
			var buf bytes.Buffer
			formatter.NewFormatter(&buf).FormatQueryDocument(&ast.QueryDocument{Operations: ast.OperationList{op}, Fragments: doc.Fragments})
			name := string(op.Operation)
			if len(op.SelectionSet) > 0 {
				if f, ok := op.SelectionSet[0].(*ast.Field); ok {
					name += " " + f.Name
				}
			}
			ex := readmeExample{line: start, op: buf.String(), name: name, kind: op.Operation, note: note}
			for _, v := range op.VariableDefinitions {
				ex.vars = append(ex.vars, v.Variable)
			}
			out = append(out, ex)
		}
	}
	return out
}

// TestReadmeExamples runs the README's GraphQL examples against the demo
// data, in the README's order, on both databases: each is valid against
// the schema, answers without errors as its account, and shows something.
// Examples added later are covered as they are written; see exampleNote
// for how to say who runs one and with which variables.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	examples := readmeExamples(t)
	if len(examples) < 30 {
		t.Fatalf("found %d GraphQL examples in the README, want the 30 or more it has", len(examples))
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, ex := range examples {
		if _, errs := gqlparser.LoadQuery(schema, ex.op); len(errs) > 0 {
			t.Errorf("README.md:%d: %s is not valid against the schema: %v", ex.line, ex.name, errs)
		}
	}
	if t.Failed() {
		return
	}
	apitest.Each(t, func(t *testing.T, dialect, _ string) {
		// The demo as loaded on 15 June 2026: last year is 2025, as the
		// examples say.
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		s := apitest.Start(t, apitest.Demo(t, dialect, now), func(o *server.Options) { o.Auth.AllowDemoAccounts() })
		s.Now.Store(&now)
		ctx := apitest.Sys()
		if err := auth.CreateDemoAccounts(ctx, s.DB.Client); err != nil {
			t.Fatal(err)
		}
		as := map[string]*apitest.Server{"public": s.Public()}
		for _, d := range auth.DemoAccounts {
			acc := apitest.Must(s.DB.Client.Account.Query().Where(account.Username(d.Username)).Only(ctx))(t)
			as[d.Username] = s.AsAccount(acc)
		}
		ran := 0
		for _, ex := range examples {
			if ex.note.Skip != "" || strings.Contains(ex.op, "…") || ex.kind == ast.Subscription {
				continue
			}
			who := ex.note.As
			if who == "" {
				who = "admin"
			}
			client, ok := as[who]
			if !ok {
				t.Errorf("README.md:%d: no demo account %q to run %s as", ex.line, who, ex.name)
				continue
			}
			vars, err := exampleVariables(as["admin"], ex.vars, ex.note.Variables)
			if err != nil {
				t.Errorf("README.md:%d: %s: %v", ex.line, ex.name, err)
				continue
			}
			resp := client.Do(ex.op, vars)
			ran++
			if len(resp.Errors) > 0 {
				t.Errorf("README.md:%d: %s as %s answers errors %v\n%s", ex.line, ex.name, who, resp.Errors, ex.op)
				continue
			}
			var data map[string]any
			if err := json.Unmarshal(resp.Data, &data); err != nil {
				t.Errorf("README.md:%d: %s: data %s: %v", ex.line, ex.name, resp.Data, err)
				continue
			}
			if !ex.note.Empty {
				for field, v := range data {
					if empty(v) {
						t.Errorf("README.md:%d: %s as %s: %s is %s against the demo data; fix the example (or note \"empty\": true)", ex.line, ex.name, who, field, resp.Data)
					}
				}
			}
			for _, f := range ex.note.Nonzero {
				if !strings.Contains(ex.op, f) {
					continue // another operation of the block asks for it
				}
				if !someAboveZero(data, f) {
					t.Errorf("README.md:%d: %s as %s: no %s above zero in %s", ex.line, ex.name, who, f, resp.Data)
				}
			}
		}
		if ran < 20 {
			t.Errorf("ran %d README examples, want most of them", ran)
		}
	})
}

// exampleVariables picks the declared variables out of the note's and
// resolves their demo-record references.
func exampleVariables(s *apitest.Server, declared []string, vars map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, k := range declared {
		v, ok := vars[k]
		if !ok {
			return nil, fmt.Errorf("the operation declares $%s: give its value in the <!-- example: {\"variables\": …} --> note before the block", k)
		}
		str, ok := v.(string)
		kind, key, ref := strings.Cut(str, ":")
		if !ok || !ref {
			out[k] = v
			continue
		}
		var query string
		switch kind {
		case "unit":
			query = `query($k: String!) { r: units(where: {code: $k}) { edges { node { id } } } }`
		case "region":
			query = `query($k: String!) { r: regions(where: {code: $k}) { edges { node { id } } } }`
		case "employee":
			query = `query($k: String!) { e: employeeByNip(nip: $k) { id } }`
		default:
			out[k] = v
			continue
		}
		var got struct {
			R struct {
				Edges []struct{ Node struct{ ID string } }
			}
			E *struct{ ID string }
		}
		resp := s.Do(query, map[string]any{"k": key})
		if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &got) != nil {
			return nil, fmt.Errorf("look up %s: %v", str, resp.Errors)
		}
		switch {
		case got.E != nil:
			out[k] = got.E.ID
		case len(got.R.Edges) == 1:
			out[k] = got.R.Edges[0].Node.ID
		default:
			return nil, fmt.Errorf("variable $%s: no demo record %s", k, str)
		}
	}
	return out, nil
}

// empty reports whether a top-level answer shows nothing: null, an empty
// list, or a connection with no items.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		if n, ok := x["totalCount"].(float64); ok {
			return n == 0
		}
		if items, ok := x["items"].([]any); ok {
			return len(items) == 0
		}
	}
	return false
}

// someAboveZero reports whether a field named name holds a number above
// zero anywhere in v.
func someAboveZero(v any, name string) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if n, ok := c.(float64); ok && k == name && n > 0 {
				return true
			}
			if someAboveZero(c, name) {
				return true
			}
		}
	case []any:
		for _, c := range x {
			if someAboveZero(c, name) {
				return true
			}
		}
	}
	return false
}
