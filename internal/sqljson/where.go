package sqljson

import (
	"encoding/json"

	"github.com/vektah/gqlparser/v2/ast"

	"simasn/ent"
	"simasn/ent/predicate"
	"simasn/internal/access"
)

// whereEdges are the has<Edge>With conditions the compiler accepts in a
// where filter, by the entity they start from, and the entity they reach.
var whereEdges = map[string]map[string]string{
	"Employee": {"hasUnitWith": "Unit"},
	"Unit":     {"hasRegionWith": "Region"},
}

// where compiles the where argument of employees: equality conditions on
// the column fields of Employee (enums, strings, booleans, integers) and
// has-edge-with conditions into the employee's unit and the unit's region
// with equality conditions of their own. It decodes the argument into the
// very ent.EmployeeWhereInput the general path gets, judges and confines it
// as the CSV downloads do (access.Confine: a condition on a field the
// viewer cannot read on every row is refused — the general path then
// answers with the refusal — and an edge condition keeps to the rows the
// viewer sees), and returns its predicate (entgql's P, the general path's
// filter). Anything else — operators, not/and/or, other edges, ids and
// times — reports false: the general path answers. nil, true: no filter.
func (k *compiling) where(v any) (predicate.Employee, bool) {
	if v == nil {
		return nil, true
	}
	if !k.simpleWhere("Employee", v) {
		return nil, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	in := new(ent.EmployeeWhereInput)
	if err := json.Unmarshal(b, in); err != nil {
		return nil, false
	}
	if access.Confine(k.ctx, "where", in) != nil {
		return nil, false
	}
	p, err := in.P()
	if err != nil {
		return nil, false // an empty filter among them: the general path
	}
	return p, true
}

// simpleWhere reports whether v (a where filter of entity as gqlgen
// coerced it) holds only what where compiles.
func (k *compiling) simpleWhere(entity string, v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return false
	}
	input := k.schema.Types[entity+"WhereInput"]
	if input == nil {
		return false
	}
	for name, value := range m {
		if value == nil {
			return false
		}
		if to, ok := whereEdges[entity][name]; ok {
			list, ok := value.([]any)
			if !ok || len(list) == 0 {
				return false
			}
			for _, item := range list {
				if !k.simpleWhere(to, item) {
					return false
				}
			}
			continue
		}
		if _, ok := entities[entity].columns[name]; !ok {
			return false // an operator (nameHasPrefix, statusIn…), not/and/or, other edges
		}
		def := input.Fields.ForName(name)
		if def == nil || def.Type.Elem != nil {
			return false
		}
		switch t := def.Type.NamedType; {
		case t == "String" || t == "Boolean" || t == "Int":
		case k.schema.Types[t] != nil && k.schema.Types[t].Kind == ast.Enum:
		default:
			return false // ids, times, floats
		}
		switch value.(type) {
		case string, bool, int, int64, json.Number:
		default:
			return false
		}
	}
	return true
}
