package sqljson

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/vektah/gqlparser/v2/ast"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/careerevent"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/ent/region"
	"simasn/ent/training"
	"simasn/ent/unit"
	"simasn/internal/access"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// entity is a table the compiler reads: its GraphQL type (the ent
// entity's name), its columns by GraphQL field name, and the edges it
// follows.
type entity struct {
	name    string
	table   string
	columns map[string]string
	// zero holds, by column, the JSON the general path writes for a NULL
	// in a column whose Go field is not a pointer (ent's Optional without
	// Nillable): the Go zero value, "" or 0 or false.
	zero  map[string]string
	edges map[string]edge
}

// edge is an edge the compiler follows: to-one edges keep the child's id
// in the parent's column; lists keep the parent's id in the child's.
type edge struct {
	to     string
	list   bool
	column string
	// order is the columns a list is ordered by, as internal/store's
	// orderLists orders the eager loads (by id when empty).
	order []string
}

func newEntity(name, table string, columns []string, record any, edges map[string]edge) *entity {
	e := &entity{name: name, table: table, columns: map[string]string{}, zero: map[string]string{}, edges: edges}
	t := reflect.TypeOf(record)
	for _, c := range columns {
		e.columns[apperr.FieldName(c)] = c
		e.zero[c] = "null"
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if strings.Split(f.Tag.Get("json"), ",")[0] != c {
				continue
			}
			switch f.Type.Kind() {
			case reflect.String:
				e.zero[c] = `""`
			case reflect.Int, reflect.Int64, reflect.Int32:
				e.zero[c] = "0"
				if c == "id" || strings.HasSuffix(c, "_id") {
					e.zero[c] = `"0"`
				}
			case reflect.Bool:
				e.zero[c] = "false"
			}
		}
	}
	return e
}

// entities are the tables and edges the compiler supports.
var entities = map[string]*entity{
	"Employee": newEntity("Employee", employee.Table, employee.Columns, ent.Employee{}, map[string]edge{
		"unit":         {to: "Unit", column: employee.UnitColumn},
		"appraisals":   {to: "Appraisal", list: true, column: employee.AppraisalsColumn},
		"enrollments":  {to: "Enrollment", list: true, column: employee.EnrollmentsColumn},
		"careerEvents": {to: "CareerEvent", list: true, column: employee.CareerEventsColumn, order: []string{careerevent.FieldEffectiveDate, careerevent.FieldID}},
	}),
	"Unit": newEntity("Unit", unit.Table, unit.Columns, ent.Unit{}, map[string]edge{
		"region": {to: "Region", column: unit.RegionColumn},
	}),
	"Region":    newEntity("Region", region.Table, region.Columns, ent.Region{}, nil),
	"Appraisal": newEntity("Appraisal", appraisal.Table, appraisal.Columns, ent.Appraisal{}, nil),
	"Enrollment": newEntity("Enrollment", enrollment.Table, enrollment.Columns, ent.Enrollment{}, map[string]edge{
		"training": {to: "Training", column: enrollment.TrainingColumn},
	}),
	"Training":    newEntity("Training", training.Table, training.Columns, ent.Training{}, nil),
	"CareerEvent": newEntity("CareerEvent", careerevent.Table, careerevent.Columns, ent.CareerEvent{}, nil),
}

// compiling is the state of compiling one operation.
type compiling struct {
	ctx    context.Context
	schema *ast.Schema
	vars   map[string]any
	v      *viewer.Viewer
	failed bool
	joins  int           // the joined tables so far, for their aliases
	texts  *kept[string] // the rendered records' SQL, shared by the requests
	op     string        // the operation's text and name (see statementKey)
}

// value kinds of the scalar fields.
type kind int

const (
	kString kind = iota // String and enums: a JSON string
	kNumber             // Int, Boolean: as PostgreSQL writes them
	kID                 // ID: the number as a string
	kTime               // Time: RFC 3339
)

// object is a compiled selection of one entity's record.
type object struct {
	e      *entity
	fields []field
}

// field is one compiled field of an object.
type field struct {
	key      string
	constant string // the JSON of a field known without reading: __typename, a null
	column   string
	kind     kind
	masked   bool
	edge     *edge
	child    *object
	rule     func(*sql.Selector)
	// alias names the joined table of a to-one edge (see join).
	alias string
}

// rootObject compiles the selection of an Employee.
func (k *compiling) rootObject(set ast.SelectionSet) (*object, bool) {
	return k.object(entities["Employee"], set)
}

// object compiles the selection set of a record of e, or reports false
// for anything the compiler does not answer exactly.
func (k *compiling) object(e *entity, set ast.SelectionSet) (*object, bool) {
	if len(set) == 0 || !uniqueKeys(set) {
		return nil, false
	}
	o := &object{e: e}
	for _, s := range set {
		f, ok := plainField(s)
		if !ok || len(f.Arguments) > 0 {
			return nil, false
		}
		if f.Name == "__typename" {
			o.fields = append(o.fields, field{key: f.Alias, constant: `"` + e.name + `"`})
			continue
		}
		if f.ObjectDefinition == nil || f.ObjectDefinition.Name != e.name || f.Definition.Position == nil ||
			f.Definition.Position.Src == nil || !strings.HasSuffix(f.Definition.Position.Src.Name, "ent.graphqls") {
			return nil, false // a field another schema file adds has a resolver of its own
		}
		if ed, ok := e.edges[f.Name]; ok {
			fd, ok := k.edge(e, f, ed)
			if !ok {
				return nil, false
			}
			o.fields = append(o.fields, fd)
			continue
		}
		col, ok := e.columns[f.Name]
		if !ok || f.Definition.Type.Elem != nil {
			return nil, false
		}
		fd := field{key: f.Alias, column: col}
		switch t := f.Definition.Type.NamedType; {
		case t == "String":
			fd.kind = kString
		case t == "Int" || t == "Boolean":
			fd.kind = kNumber
		case t == "ID":
			fd.kind = kID
		case t == "Time":
			fd.kind = kTime
		case k.schema.Types[t] != nil && k.schema.Types[t].Kind == ast.Enum:
			fd.kind = kString
		default:
			return nil, false // Float (formatting differs), JSON lists, other scalars
		}
		// The field policy, decided for every row at once.
		d := access.Declaration(e.name, f.Name)
		switch access.ReachOf(k.v, d.Class) {
		case access.Everywhere:
		case access.Nowhere:
			switch {
			case d.Mask && fd.kind == kString:
				fd.masked = true
			case !f.Definition.Type.NonNull:
				fd = field{key: f.Alias, constant: "null"}
			default:
				return nil, false // an error and a null carried up: the general path
			}
		default:
			return nil, false // readable on some rows only
		}
		o.fields = append(o.fields, fd)
	}
	return o, true
}

// edge compiles a field that follows an edge of from, with the row rule
// of the entity at its end. An Employee the compiler reads is always the
// root record, which the Employee rule admitted: the lists it owns need no
// rule of their own where access.RowFilterOwned says theirs is implied
// (the subtree condition repeated on every appraisal and enrollment
// doubled the HR officer's W1 statement's cost).
func (k *compiling) edge(from *entity, f *ast.Field, ed edge) (field, bool) {
	rule, all := access.RowFilter(k.ctx, ed.to)
	if from.name == "Employee" && ed.list {
		rule, all = access.RowFilterOwned(k.ctx, ed.to, ed.column)
	}
	if !all && !ed.list && f.Definition.Type.NonNull {
		return field{}, false // a hidden required object is an error: the general path
	}
	if ed.list != (f.Definition.Type.Elem != nil) {
		return field{}, false
	}
	child, ok := k.object(entities[ed.to], f.SelectionSet)
	if !ok {
		return field{}, false
	}
	e := ed
	return field{key: f.Alias, edge: &e, child: child, rule: rule}, true
}

// bind renders o as the JSON text of the root table's row in selector s,
// joining the tables of its to-one edges to s.
//
// Building that SQL text with ent's builder cost ≈80 µs of a W3 request's
// ≈300 µs of server CPU, for a text that depends only on the compiled
// record: the selection and what the viewer's role decided about each
// field (read, null, masked). So when no row rule is involved anywhere in
// the record (a rule is a function of the viewer that may carry
// arguments), the text is kept under o's description (see describe) and
// reused by the next request that compiles the same record. A record with
// a rule on any edge is rendered afresh every time.
func (k *compiling) bind(o *object, s *sql.Selector) sql.Querier {
	k.join(s, o, s.C)
	key, cacheable := describe(o)
	if cacheable && k.texts != nil {
		if text, ok := k.texts.get(key); ok {
			return sql.Raw(text)
		}
	}
	return sql.ExprFunc(func(b *sql.Builder) {
		if !cacheable || k.texts == nil {
			k.render(b, o, s.C)
			return
		}
		// Without rules the record's SQL has no arguments: render it
		// apart, keep it, and write it.
		var own sql.Builder
		own.SetDialect(dialect.Postgres)
		k.render(&own, o, s.C)
		text, args := own.Query()
		if len(args) > 0 { // not expected without rules: numbered apart from b's, so render into b
			k.render(b, o, s.C)
			return
		}
		if !k.failed {
			k.texts.put(key, text)
		}
		b.WriteString(text)
	})
}

// describe writes down everything render reads of o — each field's key,
// constant, column and its kind, masking, and the edges with their order
// and records — and reports whether no row rule is involved (only then is
// the text a function of this description alone).
func describe(o *object) (string, bool) {
	var b strings.Builder
	ok := describeTo(&b, o)
	return b.String(), ok
}

func describeTo(b *strings.Builder, o *object) bool {
	ok := true
	b.WriteString(o.e.name)
	b.WriteByte('{')
	for _, f := range o.fields {
		b.WriteString(strconv.Quote(f.key))
		b.WriteByte(':')
		switch {
		case f.constant != "":
			b.WriteString("=" + strconv.Quote(f.constant))
		case f.edge != nil:
			if f.rule != nil {
				ok = false
			}
			fmt.Fprintf(b, "%s/%t/%s/%s:", f.edge.to, f.edge.list, f.edge.column, strings.Join(f.edge.order, ","))
			if !describeTo(b, f.child) {
				ok = false
			}
		default:
			fmt.Fprintf(b, "%s/%d/%t", f.column, f.kind, f.masked)
		}
		b.WriteByte(';')
	}
	b.WriteByte('}')
	return ok
}

// kept is a map of at most maxKept entries, read and written by concurrent
// requests: beyond the bound, new entries are not kept and are built every
// time (a client cannot grow the memory without bound). The compiler keeps
// the rendered SQL of records (see bind) and the compiled statements (see
// statementKey) in one each.
type kept[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

// maxKept bounds the entries of a kept map.
const maxKept = 256

func (t *kept[V]) get(key string) (V, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	v, ok := t.m[key]
	return v, ok
}

func (t *kept[V]) put(key string, v V) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]V{}
	}
	if len(t.m) < maxKept {
		t.m[key] = v
	}
}

// join adds to s a LEFT JOIN for each to-one edge of o (and of the objects
// they lead to), whose table o's record references through ref: the
// child's columns are then read from the joined row. PostgreSQL plans
// these as joins (memoized index lookups) instead of running a correlated
// subquery per row: W1's statement cost the database 2.9–3.4 ms of CPU
// with subqueries for unit, region and training, 2.0–2.5 ms joined
// (PostGraphile's W1 joins them too). A row rule of the child's entity is
// applied inside a derived table, so the joined row is null when the rule
// hides it — as the subquery's empty result was.
func (k *compiling) join(s *sql.Selector, o *object, ref func(string) string) {
	for i := range o.fields {
		f := &o.fields[i]
		if f.edge == nil || f.edge.list {
			continue
		}
		k.joins++
		f.alias = "j" + strconv.Itoa(k.joins)
		table := f.child.e.table
		if f.rule == nil {
			s.LeftJoin(sql.Table(table).As(f.alias)).On(ref(f.edge.column), quoted(f.alias, "id"))
		} else {
			d := sql.Dialect(dialect.Postgres).Select().From(sql.Table(table))
			f.rule(d) // the rule's columns are the table's own, inside the derived table
			if err := d.Err(); err != nil {
				k.failed = true
			}
			s.LeftJoin(d.As(f.alias)).On(ref(f.edge.column), quoted(f.alias, "id"))
		}
		alias := f.alias
		k.join(s, f.child, func(c string) string { return quoted(alias, c) })
	}
}

// quoted is the column c of the table or alias t, quoted for PostgreSQL.
func quoted(t, c string) string {
	return `"` + t + `"."` + c + `"`
}

// render writes the SQL expression of o's JSON text: a concatenation of
// the keys and the values, compact as gqlgen writes it.
func (k *compiling) render(b *sql.Builder, o *object, ref func(string) string) {
	b.WriteString("(")
	text := "{"
	for i, f := range o.fields {
		if i > 0 {
			text += ","
		}
		text += `"` + f.key + `":`
		if f.constant != "" {
			text += f.constant
			continue
		}
		b.WriteString(literal(text))
		b.WriteString(" || ")
		text = ""
		k.value(b, o, f, ref)
		b.WriteString(" || ")
	}
	b.WriteString(literal(text + "}"))
	b.WriteString(")")
}

// value writes the SQL expression of one field's JSON text.
func (k *compiling) value(b *sql.Builder, o *object, f field, ref func(string) string) {
	if f.edge != nil && f.edge.list {
		k.subquery(b, f, ref)
		return
	}
	if f.edge != nil { // joined by join
		if f.alias == "" {
			k.failed = true
			return
		}
		alias := f.alias
		b.WriteString("CASE WHEN " + quoted(alias, "id") + " IS NULL THEN 'null' ELSE ")
		k.render(b, f.child, func(c string) string { return quoted(alias, c) })
		b.WriteString(" END")
		return
	}
	c := ref(f.column)
	b.WriteString("COALESCE(")
	switch {
	case f.masked: // nip.Mask
		b.WriteString("to_json(CASE WHEN length(" + c + ") = 18 THEN substr(" + c + ", 1, 4) || '**********' || substr(" + c + ", 15) ELSE left('******************', length(" + c + ")) END)::text")
	case f.kind == kString:
		b.WriteString("to_json(" + c + ")::text")
	case f.kind == kNumber:
		b.WriteString(c + "::text")
	case f.kind == kID:
		b.WriteString(`'"' || ` + c + `::text || '"'`)
	case f.kind == kTime: // time.RFC3339Nano: no trailing zeros of the fraction, Z for UTC
		b.WriteString(`'"' || rtrim(rtrim(to_char(` + c + `, 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || ` +
			`CASE to_char(` + c + `, 'TZH:TZM') WHEN '+00:00' THEN 'Z' ELSE to_char(` + c + `, 'TZH:TZM') END || '"'`)
	}
	b.WriteString(", " + literal(o.e.zero[f.column]) + ")")
}

// subquery writes the correlated subquery of a list edge: the child
// objects in the order eager loading reads them (see internal/store's
// orderLists), with their own to-one edges joined. It is an ARRAY subquery joined with
// commas: PostgreSQL sorts its few rows with a Sort node, which costs
// about a third of what string_agg(… ORDER BY …) costs (an ordered
// aggregate starts a sort of its own for every row of the parent), and an
// empty list is '[]' without a COALESCE.
func (k *compiling) subquery(b *sql.Builder, f field, ref func(string) string) {
	t := f.child.e.table
	sub := sql.Dialect(dialect.Postgres).Select().From(sql.Table(t))
	sub.Where(sql.ColumnsEQ(sub.C(f.edge.column), ref("id")))
	if f.rule != nil {
		f.rule(sub)
	}
	child := f.child
	k.join(sub, child, sub.C)
	sub.SelectExpr(sql.ExprFunc(func(b *sql.Builder) { k.render(b, child, sub.C) }))
	order := f.edge.order
	if len(order) == 0 {
		order = []string{"id"}
	}
	terms := make([]string, len(order)) // f.edge.order is shared: never write into it
	for i, c := range order {
		terms[i] = sub.C(c)
	}
	sub.OrderBy(terms...)
	b.WriteString("'[' || array_to_string(ARRAY")
	b.Wrap(func(b *sql.Builder) { b.Join(sub) })
	b.WriteString(", ',') || ']'")
	if err := sub.Err(); err != nil {
		k.failed = true
	}
}

// literal quotes s as an SQL string constant.
func literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
