package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/apperr"
)

// Limits bounds the shape of one GraphQL operation, so that no single
// request can make the server or the database do unbounded work.
type Limits struct {
	// MaxDepth is the deepest allowed field nesting (default 15).
	MaxDepth int
	// MaxFields caps the number of field selections, after fragments are
	// expanded (default 500).
	MaxFields int
	// MaxAliases caps the number of aliased fields (default 30).
	MaxAliases int
	// MaxCost caps the estimated number of objects resolved: each field
	// costs 1 plus its children times the page size it asks for (default
	// 25,000; a page of 100 employees with their unit, region, appraisals
	// and enrollments costs about 2,000).
	MaxCost int
	// PageSize is the page size assumed for a connection without first or
	// last, which the server then applies (default 100).
	PageSize int
}

func (l *Limits) defaults() {
	if l.MaxDepth == 0 {
		l.MaxDepth = 15
	}
	if l.MaxFields == 0 {
		l.MaxFields = 500
	}
	if l.MaxAliases == 0 {
		l.MaxAliases = 30
	}
	if l.MaxCost == 0 {
		l.MaxCost = 25_000
	}
	if l.PageSize == 0 {
		l.PageSize = 100
	}
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Limits{}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext refuses an operation over any limit before it runs.
func (l Limits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	l.defaults()
	m := measure{limits: l, vars: rc.Variables, fragments: rc.Doc.Fragments}
	cost := m.selections(rc.Operation.SelectionSet, 1)
	var problem string
	switch {
	case m.maxDepth > l.MaxDepth:
		problem = fmt.Sprintf("the query nests %d levels deep; at most %d are allowed", m.maxDepth, l.MaxDepth)
	case m.fields > l.MaxFields:
		problem = fmt.Sprintf("the query selects %d fields; at most %d are allowed", m.fields, l.MaxFields)
	case m.aliases > l.MaxAliases:
		problem = fmt.Sprintf("the query uses %d aliases; at most %d are allowed", m.aliases, l.MaxAliases)
	case cost > l.MaxCost:
		problem = fmt.Sprintf("the query would resolve about %d objects; at most %d are allowed: ask for smaller pages or fewer nested lists", cost, l.MaxCost)
	default:
		return nil
	}
	return &gqlerror.Error{
		Message:    "query too complex: " + problem,
		Extensions: map[string]any{"code": string(apperr.BadUserInput), "field": "query"},
	}
}

type measure struct {
	limits                    Limits
	vars                      map[string]any
	fragments                 ast.FragmentDefinitionList
	fields, aliases, maxDepth int
	seen                      int // fragment spreads followed, to stop cycles
}

// selections returns the cost of a selection set at the given depth.
func (m *measure) selections(set ast.SelectionSet, depth int) int {
	cost := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue // introspection and __typename are cheap and bounded
			}
			m.fields++
			if s.Alias != "" && s.Alias != s.Name {
				m.aliases++
			}
			m.maxDepth = max(m.maxDepth, depth)
			cost += 1 + m.pageSize(s)*m.selections(s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			cost += m.selections(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			if m.seen++; m.seen > 1000 {
				continue
			}
			if f := m.fragments.ForName(s.Name); f != nil {
				cost += m.selections(f.SelectionSet, depth)
			}
		}
	}
	return cost
}

// pageSize is the number of items a field asks for: its first or last
// argument, the default page for a connection without them, else 1.
func (m *measure) pageSize(f *ast.Field) int {
	for _, name := range []string{"first", "last"} {
		a := f.Arguments.ForName(name)
		if a == nil {
			continue
		}
		v, err := a.Value.Value(m.vars)
		if err != nil {
			continue
		}
		switch n := v.(type) {
		case int64:
			return int(max(n, 1))
		case int:
			return max(n, 1)
		}
	}
	if isConnection(f.Definition) {
		return m.limits.PageSize
	}
	return 1
}

func isConnection(def *ast.FieldDefinition) bool {
	return def != nil && def.Type != nil && strings.HasSuffix(def.Type.Name(), "Connection")
}
