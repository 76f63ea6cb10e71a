package export

import (
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"simasn/internal/access"
	"simasn/internal/privacy"
	"simasn/internal/viewer"
)

// shape is how one operation's answer becomes a sheet, worked out from the
// validated document (not from the data, so a null object or an empty
// page still has its columns).
type shape struct {
	// rows is the path of JSON keys from data to the list of rows; when
	// node is set, each element is a connection edge and the row is
	// its node.
	rows []string
	node string
	// single: the answer holds no list; data itself is the one row.
	single bool
	// container is the path to the object holding the list (a
	// connection or a page); the keys below are relative to it, empty
	// when not selected.
	container   []string
	hasNext     []string
	endCursor   []string
	totalCount  []string
	columns     []column
	operation   *ast.OperationDefinition
	hasAfter    bool
	hasOffset   bool
	offsetStart int
}

// column is one column of a sheet.
type column struct {
	// name is the header cell: the response keys (aliases or field
	// names) from the row down, dot-separated, with a connection's edges
	// and node left out.
	name string
	// path are the JSON keys from the row to the value; arrays on the
	// way fan out and their values are joined.
	path []string
	// field is the GraphQL field of the value, to decide whether the
	// viewer reads it at all.
	entity, field string
}

// shapeOf works out the sheet of the operation op of doc (validated
// against its schema).
func shapeOf(schema *ast.Schema, op *ast.OperationDefinition) *shape {
	s := &shape{operation: op}
	for _, v := range op.VariableDefinitions {
		switch v.Variable {
		case "after":
			s.hasAfter = true
		case "offset":
			s.hasOffset = true
			if v.DefaultValue != nil {
				s.offsetStart, _ = strconv.Atoi(v.DefaultValue.Raw)
			}
		}
	}
	sel, ok := s.findRows(schema, op.SelectionSet, nil)
	if !ok {
		s.single = true
		sel = op.SelectionSet
	}
	s.columns = collect(schema, sel, "", nil)
	return s
}

// findRows looks, depth first in document order, for the first list of
// objects or the first connection, and records its path.
func (s *shape) findRows(schema *ast.Schema, set ast.SelectionSet, path []string) (ast.SelectionSet, bool) {
	for _, f := range fields(set) {
		key := f.Alias
		if f.Definition == nil || len(f.SelectionSet) == 0 {
			continue
		}
		here := append(append([]string(nil), path...), key)
		if f.Definition.Type.Elem != nil {
			s.rows = here
			s.container = path
			s.pageKeys(set)
			return f.SelectionSet, true
		}
		if edges, node, ok := connection(f.SelectionSet); ok {
			s.rows = append(here, edges.Alias)
			s.node = node.Alias
			s.container = here
			s.pageKeys(f.SelectionSet)
			return node.SelectionSet, true
		}
		if sel, ok := s.findRows(schema, f.SelectionSet, here); ok {
			return sel, true
		}
	}
	return nil, false
}

// pageKeys records where the page's totalCount and pageInfo are, if the
// operation selects them.
func (s *shape) pageKeys(set ast.SelectionSet) {
	for _, f := range fields(set) {
		switch f.Name {
		case "totalCount":
			s.totalCount = []string{f.Alias}
		case "pageInfo":
			for _, g := range fields(f.SelectionSet) {
				switch g.Name {
				case "hasNextPage":
					s.hasNext = []string{f.Alias, g.Alias}
				case "endCursor":
					s.endCursor = []string{f.Alias, g.Alias}
				}
			}
		}
	}
}

// connection reports whether set selects a Relay connection's edges and
// their node.
func connection(set ast.SelectionSet) (edges, node *ast.Field, ok bool) {
	for _, f := range fields(set) {
		if f.Name != "edges" || f.Definition == nil || f.Definition.Type.Elem == nil || !strings.HasSuffix(f.ObjectDefinition.Name, "Connection") {
			continue
		}
		for _, g := range fields(f.SelectionSet) {
			if g.Name == "node" {
				return f, g, true
			}
		}
	}
	return nil, nil, false
}

// collect lists the columns of a selection: leaves by their dotted
// response keys, objects flattened into them, and lists (connections
// included) likewise, their elements' values joined in one cell.
func collect(schema *ast.Schema, set ast.SelectionSet, prefix string, path []string) []column {
	var cols []column
	for _, f := range fields(set) {
		here := append(append([]string(nil), path...), f.Alias)
		if len(f.SelectionSet) == 0 {
			c := column{name: prefix + f.Alias, path: here}
			if f.ObjectDefinition != nil {
				c.entity, c.field = f.ObjectDefinition.Name, f.Name
			}
			cols = append(cols, c)
			continue
		}
		if edges, node, ok := connection(f.SelectionSet); ok {
			for _, g := range fields(f.SelectionSet) {
				if g.Alias != edges.Alias {
					cols = append(cols, collect(schema, ast.SelectionSet{g}, prefix+f.Alias+".", here)...)
				}
			}
			cols = append(cols, collect(schema, node.SelectionSet, prefix+f.Alias+".", append(here, edges.Alias, node.Alias))...)
			continue
		}
		cols = append(cols, collect(schema, f.SelectionSet, prefix+f.Alias+".", here)...)
	}
	return cols
}

// fields lists the fields of a selection set with fragments spread, one
// per response key (the selections of repeated keys merged), in document
// order.
func fields(set ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	at := map[string]int{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				if i, ok := at[key]; ok {
					merged := *out[i]
					merged.SelectionSet = append(append(ast.SelectionSet(nil), merged.SelectionSet...), s.SelectionSet...)
					out[i] = &merged
					continue
				}
				f := *s
				f.Alias = key
				at[key] = len(out)
				out = append(out, &f)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil {
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(set)
	return out
}

// readable reports whether v reads the column's field on any record:
// columns it never reads (an appraisal's predicate for an analyst) are
// left out of its sheet rather than sent empty. A masked field (the NIP)
// stays: the viewer reads its masked value.
func (c column) readable(v *viewer.Viewer) bool {
	if c.entity == "" {
		return true
	}
	d := access.Declaration(c.entity, c.field)
	return d.Mask || access.ReachOf(v, d.Class) != access.Nowhere || d.Class == privacy.Open
}
