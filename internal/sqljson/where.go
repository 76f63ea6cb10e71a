package sqljson

import (
	"encoding/json"
	"errors"
	"reflect"

	"entgo.io/ent/dialect/sql"
	"github.com/vektah/gqlparser/v2/ast"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/predicate"
	"simasn/ent/unit"
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
// times — reports false: the general path answers. nil, nil, true: no
// filter.
//
// page is the same filter as the page reads it (see pageWhere): p for the
// count, page for the page of rows.
func (k *compiling) where(v any) (p, page predicate.Employee, ok bool) {
	if v == nil {
		return nil, nil, true
	}
	if !k.simpleWhere("Employee", v) {
		return nil, nil, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, nil, false
	}
	in := new(ent.EmployeeWhereInput)
	if err := json.Unmarshal(b, in); err != nil {
		return nil, nil, false
	}
	if access.Confine(k.ctx, "where", in) != nil {
		return nil, nil, false
	}
	p, err = in.P()
	if err != nil {
		return nil, nil, false // an empty filter among them: the general path
	}
	if _, all := access.RowFilter(k.ctx, "Employee"); all {
		if page, err = pageWhere(in); err != nil {
			return nil, nil, false
		}
	}
	if page == nil {
		page = p
	}
	return p, page, true
}

// pageWhere is the filter in as the page reads it, when a condition
// through the unit reaches it only through the unit's region (W2:
// hasUnitWith: [{hasRegionWith: [{remote: true}]}]); nil otherwise (the
// page then reads p as the count does).
//
// entgql writes hasUnitWith as EXISTS (SELECT … FROM units WHERE
// employees.unit_id = units.id AND …), which PostgreSQL turns into a
// semi-join. A page in id order walks the primary key and the semi-join
// probes the unit and its region for every employee it passes: for W2,
// 425 employees passed to find 100, ≈2,100 of the page's ≈3,400 buffer
// reads, and the left join that reads the unit's name came before the
// semi-join (425 more probes). Written as (employees.unit_id IN (SELECT
// units.id FROM units WHERE …)) IS TRUE, the condition stays a hashed
// subplan (IS TRUE keeps PostgreSQL from pulling it up into a semi-join):
// the matching units are read once into a hash table and each employee
// costs one lookup in it. The page read 369 buffers instead of 3,426
// (EXPLAIN ANALYZE), its statement ≈0.5 ms of PostgreSQL time instead of
// ≈0.9 ms (pgbench, prepared, one client).
//
// The same rows match: employees.unit_id IN (ids of the units that
// satisfy the conditions) holds exactly when such a unit with that id
// exists (ids are unique and never null), and IS TRUE turns the NULL of a
// NULL unit_id into false as EXISTS has it.
//
// Only for conditions through the region: a region holds a fifteenth of
// the units or more, so the walk finds a page soon. A condition on the
// unit's own columns (its code, say) may match one unit of a few dozen
// employees; there the semi-join lets PostgreSQL start from that unit,
// where a walk of the primary key with a hashed filter would pass every
// employee. The rule Confine adds to each unit condition (Predicates) is
// carried along.
//
// Only for viewers who see every employee (where calls it then): a row
// rule puts the viewer's scope in the statement as a parameter, and
// PostgreSQL keeps planning such a statement afresh on every execution
// when its generic plan looks dearer than the custom ones — which the
// hashed filter, of unknown selectivity to the planner, made it do for
// the HR officer's W2 (0.6–1 ms more PostgreSQL CPU per request, although
// that request reads no page: its count is 0).
func pageWhere(in *ent.EmployeeWhereInput) (predicate.Employee, error) {
	if len(in.HasUnitWith) == 0 {
		return nil, nil
	}
	units := make([]predicate.Unit, 0, len(in.HasUnitWith))
	for _, w := range in.HasUnitWith {
		if w == nil || len(w.HasRegionWith) == 0 {
			return nil, nil
		}
		own := *w
		own.HasRegionWith, own.Predicates = nil, nil
		if !reflect.ValueOf(own).IsZero() {
			return nil, nil // a condition on the unit's own columns
		}
		p, err := w.P()
		if err != nil {
			return nil, err
		}
		units = append(units, p)
	}
	rest := *in
	rest.HasUnitWith = nil
	ps := []predicate.Employee{unitIn(units...)}
	switch p, err := rest.P(); {
	case err == nil:
		ps = append(ps, p)
	case !errors.Is(err, ent.ErrEmptyEmployeeWhereInput):
		return nil, err
	}
	return employee.And(ps...), nil
}

// unitIn is hasUnitWith(preds...) as a hashed subplan (see pageWhere).
func unitIn(preds ...predicate.Unit) predicate.Employee {
	return func(s *sql.Selector) {
		t := sql.Table(unit.Table)
		sub := sql.Dialect(s.Dialect()).Select(t.C(unit.FieldID)).From(t)
		for _, p := range preds {
			p(sub)
		}
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(")
			b.Join(sql.In(s.C(employee.UnitColumn), sub))
			b.WriteString(") IS TRUE")
		}))
	}
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
