package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/apperr"
	"simasn/internal/filtershape"
)

// Limits bounds the shape of one GraphQL operation, so that no single
// request can make the server or the database do unbounded work. Every
// limit is measured over the whole operation as it executes: fragments are
// expanded wherever they are spread (however often), and introspection
// fields, __typename and aliases count like any other field.
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
	// MaxSchemaFields caps the __schema fields of an operation (default 1):
	// one introspection of the whole schema is a large answer, and a
	// client never needs two in one request.
	MaxSchemaFields int
	// MaxWhereDepth caps how deeply the input objects of a where argument
	// nest: has…With edge predicates and and/or/not each open a level
	// (default 6).
	MaxWhereDepth int
	// MaxWherePredicates caps the conditions of one where argument: every
	// field set in any of its input objects, at any depth (default 100).
	MaxWherePredicates int
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
	if l.MaxSchemaFields == 0 {
		l.MaxSchemaFields = 1
	}
	if l.MaxWhereDepth == 0 {
		l.MaxWhereDepth = filtershape.MaxDepth
	}
	if l.MaxWherePredicates == 0 {
		l.MaxWherePredicates = filtershape.MaxConditions
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

// MutateOperationContext refuses an operation over any limit before it
// runs, with BAD_USER_INPUT naming the limit. It also refuses argument
// values no field can take: a string holding a NUL character.
func (l Limits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	l.defaults()
	m := measure{limits: l, vars: rc.Variables, fragments: rc.Doc.Fragments}
	cost := m.selections(rc.Operation.SelectionSet, 1)
	if m.bad != nil {
		return m.bad
	}
	var problem string
	switch {
	case m.maxDepth > l.MaxDepth:
		problem = fmt.Sprintf("the query nests %d levels deep; at most %d are allowed", m.maxDepth, l.MaxDepth)
	case m.fields > l.MaxFields:
		problem = fmt.Sprintf("the query selects more than %d fields (fragments counted wherever they are spread); at most %d are allowed", l.MaxFields, l.MaxFields)
	case m.aliases > l.MaxAliases:
		problem = fmt.Sprintf("the query uses %d aliases; at most %d are allowed", m.aliases, l.MaxAliases)
	case m.schemas > l.MaxSchemaFields:
		problem = fmt.Sprintf("the query asks for __schema %d times; at most %d is allowed", m.schemas, l.MaxSchemaFields)
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

// measure walks an operation with its fragments expanded. It stops as soon
// as the field limit is passed, so a document whose fragments spread into
// each other many times over costs no more to measure than the limit.
type measure struct {
	limits    Limits
	vars      map[string]any
	fragments ast.FragmentDefinitionList

	fields, aliases, schemas, maxDepth int
	bad                                *gqlerror.Error // a refused argument
}

// add and mul saturate just above the cost limit, so that no page size
// however large can overflow the estimate.
func (m *measure) add(a, b int) int { return min(a+b, m.limits.MaxCost+1) }

func (m *measure) mul(a, b int) int {
	if a != 0 && b > (m.limits.MaxCost+1)/a {
		return m.limits.MaxCost + 1
	}
	return min(a*b, m.limits.MaxCost+1)
}

func (m *measure) over() bool { return m.fields > m.limits.MaxFields || m.bad != nil }

// selections returns the cost of a selection set at the given depth.
func (m *measure) selections(set ast.SelectionSet, depth int) int {
	cost := 0
	for _, sel := range set {
		if m.over() {
			return cost
		}
		switch s := sel.(type) {
		case *ast.Field:
			m.fields++
			if s.Alias != "" && s.Alias != s.Name {
				m.aliases++
			}
			if s.Name == "__schema" {
				m.schemas++
			}
			m.maxDepth = max(m.maxDepth, depth)
			m.arguments(s)
			cost = m.add(cost, m.mul(m.pageSize(s), m.selections(s.SelectionSet, depth+1))+1)
		case *ast.InlineFragment:
			cost = m.add(cost, m.selections(s.SelectionSet, depth))
		case *ast.FragmentSpread:
			// Validation has refused cycles and unknown fragments.
			if f := m.fragments.ForName(s.Name); f != nil {
				cost = m.add(cost, m.selections(f.SelectionSet, depth))
			}
		}
	}
	return cost
}

// arguments checks the argument values of f, with the variables applied:
// where filters against their limits, and every string for a NUL
// character, which no database column holds.
func (m *measure) arguments(f *ast.Field) {
	for _, a := range f.Arguments {
		v, err := a.Value.Value(m.vars)
		if err != nil {
			continue // gqlgen reports an unusable value when it reads the argument
		}
		if path, ok := filtershape.NUL(v, a.Name); ok {
			m.bad = codedError(apperr.Invalid(path, "holds a NUL character (\\u0000), which no text may contain"))
			return
		}
		if a.Name != "where" {
			continue
		}
		if err := filtershape.Check("where", f.Name, v, m.limits.MaxWhereDepth, m.limits.MaxWherePredicates); err != nil {
			m.bad = codedError(err)
			return
		}
	}
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
