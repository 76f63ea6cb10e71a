package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"simasn/internal/apitest"
	"simasn/internal/server"
)

// introspectionQuery is GraphiQL's introspection query (graphql-js
// getIntrospectionQuery with descriptions and the deep TypeRef).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// TestLimitsOverWholeDocument checks that the query limits hold over the
// operation as it would execute: fragments expanded however often they are
// spread, introspection and aliases counted, where filters bounded.
func TestLimitsOverWholeDocument(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn, func(o *server.Options) { o.Introspection = true })
		public := s.Public()
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		s.MustEmployee(u)

		// 1,000 spreads of a small fragment, then a deep one: once counted
		// only up to 1,000 spreads, now refused by the field count.
		var b strings.Builder
		b.WriteString("query {")
		for i := 0; i < 1000; i++ {
			b.WriteString(" ...C")
		}
		b.WriteString(" ...D }\nfragment C on Query { __typename }\n")
		b.WriteString("fragment D on Query { units(first: 100) { edges { node { employees(first: 100) { edges { node { subordinates(first: 100) { totalCount } } } } } } } }")
		e := public.MustFail("BAD_USER_INPUT", "query", b.String(), nil)
		if !strings.Contains(e.Message, "fields") {
			t.Errorf("1,001 spreads: %q, want the field limit", e.Message)
		}
		// The same deep fragment spread once is measured too.
		e = public.MustFail("BAD_USER_INPUT", "query", "query { ...D }\n"+b.String()[strings.Index(b.String(), "fragment D"):], nil)
		if !strings.Contains(e.Message, "objects") {
			t.Errorf("deep fragment: %q, want the cost limit", e.Message)
		}

		// Fragments that spread each other twice, twenty levels down, would
		// expand to a million fields: refused without expanding them all.
		b.Reset()
		b.WriteString("query { ...F0 }\n")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
		}
		b.WriteString("fragment F20 on Query { __typename }\n")
		public.MustFail("BAD_USER_INPUT", "query", b.String(), nil)

		// Introspection counts: twenty aliased __schema are refused, one
		// full introspection (GraphiQL's) passes.
		b.Reset()
		b.WriteString("{")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&b, " s%d: __schema { types { name fields { name } } }", i)
		}
		b.WriteString(" }")
		e = public.MustFail("BAD_USER_INPUT", "query", b.String(), nil)
		if !strings.Contains(e.Message, "__schema") {
			t.Errorf("twenty __schema: %q, want the introspection limit", e.Message)
		}
		var intro struct {
			Schema struct{ Types []struct{ Name string } } `json:"__schema"`
		}
		public.MustDo(&intro, introspectionQuery, nil)
		if len(intro.Schema.Types) < 50 {
			t.Errorf("introspection returned %d types", len(intro.Schema.Types))
		}
		// __typename aliases count as aliases.
		b.Reset()
		b.WriteString("{")
		for i := 0; i < 31; i++ {
			fmt.Fprintf(&b, " t%d: __typename", i)
		}
		b.WriteString(" }")
		public.MustFail("BAD_USER_INPUT", "query", b.String(), nil)

		// where: nesting depth and predicate count, literal or in variables.
		// nested(n), n even, filters units through n edges.
		nested := func(n int) string {
			w := `{code: "1.02"}`
			for i := 0; i < n; i++ {
				if i%2 == 0 {
					w = `{hasUnitWith: [` + w + `]}`
				} else {
					w = `{hasEmployeesWith: [` + w + `]}`
				}
			}
			return w
		}
		e = s.MustFail("BAD_USER_INPUT", "where", `{ units(where: `+nested(30)+`) { totalCount } }`, nil)
		if !strings.Contains(e.Message, "levels") {
			t.Errorf("deep where: %q, want the nesting limit", e.Message)
		}
		var deep any = map[string]any{"code": "1.02"}
		for i := 0; i < 30; i++ {
			deep = map[string]any{"hasEmployeesWith": []any{map[string]any{"hasUnitWith": []any{deep}}}}
		}
		s.MustFail("BAD_USER_INPUT", "where", `query($w: UnitWhereInput) { units(where: $w) { totalCount } }`, map[string]any{"w": deep})
		var ors []any
		for i := 0; i < 150; i++ {
			ors = append(ors, map[string]any{"code": fmt.Sprintf("9.%03d", i)})
		}
		e = s.MustFail("BAD_USER_INPUT", "where", `query($w: UnitWhereInput) { units(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"or": ors}})
		if !strings.Contains(e.Message, "conditions") {
			t.Errorf("wide where: %q, want the predicate limit", e.Message)
		}
		// The same bounds hold for CSV downloads.
		deepJSON, _ := json.Marshal(deep)
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/export/units.csv?where="+url.QueryEscape(string(deepJSON)), nil)
		req.Header.Set("Authorization", "Bearer "+s.TokenFor(s.Admin))
		if r := do(t, req); r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "levels") {
			t.Errorf("units.csv with a deep where: status %d %s, want 400 naming the nesting limit", r.status, r.body)
		}

		// A filter of ordinary shape still runs.
		var got struct{ Units struct{ TotalCount int } }
		s.MustDo(&got, `{ units(where: `+nested(4)+`) { totalCount } }`, nil)
		if got.Units.TotalCount != 1 {
			t.Errorf("units through four edges = %d, want 1", got.Units.TotalCount)
		}
	})
}

// TestMalformedArguments checks that a value no field can take is
// BAD_USER_INPUT naming the argument (and the input field in it), with a
// message that says what is expected and never the Go parser's words.
func TestMalformedArguments(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		s.MustRegion("18.71", false)
		for _, tc := range []struct{ name, field, query string }{
			{"id in a list", "ids", `{ nodes(ids: ["abc"]) { id } }`},
			{"id in a where list", "where.idIn", `{ employees(where: {idIn: ["abc"]}) { totalCount } }`},
			{"id in a mutation list", "competencyIDs", `mutation { tagTrainingCompetencies(trainingID: "1", competencyIDs: ["abc"]) { code } }`},
			{"a time", "where.birthDateGT", `{ employees(where: {birthDateGT: "yesterday"}) { totalCount } }`},
			{"a NUL byte", "where.name", `{ employees(where: {name: "a\u0000b"}) { totalCount } }`},
			{"a NUL byte in a mutation", "input.name", `mutation { createRegion(input: {code: "18.72", name: "Kota\u0000", kind: CITY}) { id } }`},
			{"a cursor", "after", `{ employees(first: 5, after: "abc") { totalCount } }`},
			{"an id", "id", `{ node(id: "abc") { id } }`},
			{"an id in a variable", "ids", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				vars := map[string]any(nil)
				if strings.Contains(tc.query, "$ids") {
					vars = map[string]any{"ids": []string{"1", "x y"}}
				}
				e := s.With(t).MustFail("BAD_USER_INPUT", tc.field, tc.query, vars)
				for _, internal := range []string{"strconv", "msgpack", "parsing time", "Atoi", "invalid syntax", "internal error"} {
					if strings.Contains(e.Message, internal) {
						t.Errorf("message %q mentions %q", e.Message, internal)
					}
				}
			})
		}
		if n := apitest.Must(s.DB.Client.Region.Query().Count(apitest.Sys()))(t); n != 1 {
			t.Errorf("regions = %d after refused mutations, want 1", n)
		}
	})
}
