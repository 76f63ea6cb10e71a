package sqljson

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"sync/atomic"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/internal/access"
	"simasn/internal/store"
	"simasn/internal/viewer"
)

// Compiler answers the operations it supports with one statement on
// PostgreSQL. Install both of its middlewares (Operations, then Responses)
// after every other extension, so that the limits, metrics and traces
// apply to compiled operations as to the others.
type Compiler struct {
	driver  dialect.Driver
	schema  *ast.Schema
	maxPage int
	off     atomic.Bool
	texts   kept[string]
	// statements keeps the compiled statements of connections whose SQL
	// involves no row rule (see statementKey).
	statements kept[statement]
	// Compiled counts the operations answered by one statement.
	Compiled atomic.Int64
}

// New returns a Compiler running on driver (a PostgreSQL one: store.DB's
// Driver; the statements the compiler builds run there, with the row rules
// they apply themselves) for the executable schema's definition; maxPage
// is the page size a connection gets when asked without first (the
// server's page-size limit).
func New(driver dialect.Driver, schema *ast.Schema, maxPage int) *Compiler {
	return &Compiler{driver: driver, schema: schema, maxPage: maxPage}
}

// SetEnabled turns compilation on (the default) or off: off, every
// operation takes the general path (for comparing both).
func (c *Compiler) SetEnabled(on bool) { c.off.Store(!on) }

type pendingKey struct{}

// pending marks an operation the compiler has not answered yet: a query's
// response handler may be called again (a websocket asks until it gets
// nil), and only the first call is the operation's answer.
type pending struct{ done bool }

// Operations is a graphql.OperationMiddleware that marks each query for
// Responses.
func (c *Compiler) Operations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if c.off.Load() || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	return next(context.WithValue(ctx, pendingKey{}, &pending{}))
}

// Responses is a graphql.ResponseMiddleware: it answers a supported query
// with the JSON one statement builds, and leaves any other to next.
func (c *Compiler) Responses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	p, ok := ctx.Value(pendingKey{}).(*pending)
	if !ok || p.done {
		return next(ctx)
	}
	p.done = true
	data, ok := c.answer(ctx, graphql.GetOperationContext(ctx))
	if !ok {
		return next(ctx)
	}
	c.Compiled.Add(1)
	return &graphql.Response{Data: data}
}

// answer compiles and runs the operation, or reports false when it does
// not support it (or the statement failed: the general path then answers,
// with its own errors).
func (c *Compiler) answer(ctx context.Context, oc *graphql.OperationContext) (json.RawMessage, bool) {
	set := oc.Operation.SelectionSet
	if len(set) != 1 {
		return nil, false
	}
	f, ok := set[0].(*ast.Field)
	if !ok || len(f.Directives) > 0 || f.Definition == nil || f.ObjectDefinition == nil || f.ObjectDefinition.Name != "Query" {
		return nil, false
	}
	// The statement's text is a function of the operation and the role
	// (the viewer's scope and the values are arguments): prepared once per
	// connection, PostgreSQL skips parsing and planning it on every request.
	ctx = store.Prepared(ctx)
	k := &compiling{ctx: ctx, schema: c.schema, vars: oc.Variables, v: viewer.FromContext(ctx), texts: &c.texts,
		op: oc.RawQuery + "\x00" + oc.OperationName}
	switch f.Name {
	case "employees":
		return c.employees(k, f)
	case "employeeByNip":
		return c.employeeByNip(k, f)
	}
	return nil, false
}

// employees answers employees(first:, orderBy:) { totalCount edges { node } }.
func (c *Compiler) employees(k *compiling, f *ast.Field) (json.RawMessage, bool) {
	key, keep := k.statementKey(k.vars)
	if keep {
		if st, ok := c.statements.get(key); ok {
			return c.connection(k, f, st)
		}
	}
	st, ok := c.compileEmployees(k, f)
	if !ok {
		return nil, false
	}
	if keep {
		c.statements.put(key, st)
	}
	return c.connection(k, f, st)
}

// statementKey is what a connection's statement is a function of when no
// row rule is involved (false otherwise): the operation's text and name,
// its variables vars (the operation's, or fewer: see nipKey), and what the field rules decide for the viewer (all of
// access.ReachOf's inputs: the role, signed in or not, admin or not).
//
// Compiling W2 — decoding, judging and confining its where (reflection
// over ent's where inputs), building its predicates and writing the SQL
// with ent's builder — was about a third of its server CPU and half its
// allocations, for a text and arguments that are the same on every
// request of the same operation by viewers of the same role whose rules
// admit every row (admins, analysts). A row rule is a function of the
// viewer that may carry arguments (an HR officer's subtree), so a viewer
// with any rule on the tables the compiler reads compiles every time.
// Kept is the statement, never its answer: every request runs it.
func (k *compiling) statementKey(vars map[string]any) (string, bool) {
	for name := range entities {
		if _, all := access.RowFilter(k.ctx, name); !all {
			return "", false
		}
	}
	text, err := json.Marshal(vars)
	if err != nil {
		return "", false
	}
	return string(k.v.Role) + "/" + strconv.FormatBool(k.v.Authenticated()) + "/" + strconv.FormatBool(k.v.IsAdmin()) +
		"\x00" + k.op + "\x00" + string(text), true
}

// statement is a compiled connection's statement: run says whether there
// is one to run (a selection of __typename alone reads nothing).
type statement struct {
	query string
	args  []any
	run   bool
}

// compileEmployees compiles employees(first:, orderBy:, where:) {
// totalCount edges { node } } into its statement.
func (c *Compiler) compileEmployees(k *compiling, f *ast.Field) (statement, bool) {
	args := f.ArgumentMap(k.vars)
	for name, v := range args {
		if v != nil && name != "first" && name != "orderBy" && name != "where" {
			return statement{}, false // cursors, last: the general path
		}
	}
	where, pageWhere, ok := k.where(args["where"])
	if !ok {
		return statement{}, false
	}
	first := c.maxPage
	if v, ok := args["first"]; ok && v != nil {
		n, ok := toInt(v)
		if !ok || n <= 0 || n > c.maxPage {
			return statement{}, false // refused, or no query at all: the general path
		}
		first = n
	}
	orders, ok := employeeOrders(args["orderBy"])
	if !ok || access.CheckOrder(k.ctx, "orderBy", orders) != nil {
		return statement{}, false
	}
	// The connection's own selection: totalCount, edges { node }, __typename.
	var node *ast.Field
	var count, edges bool
	for _, s := range f.SelectionSet {
		cf, ok := plainField(s)
		if !ok || (cf.Alias != cf.Name && cf.Name != "__typename") {
			// entgql finds totalCount, edges and node by their response
			// key: aliased, the general path answers differently (no
			// count, no edges), and it stays the only one that answers.
			return statement{}, false
		}
		switch cf.Name {
		case "totalCount":
			count = true
		case "__typename":
		case "edges":
			if edges {
				return statement{}, false
			}
			edges = true
			for _, es := range cf.SelectionSet {
				ef, ok := plainField(es)
				if !ok || (ef.Alias != ef.Name && ef.Name != "__typename") {
					return statement{}, false
				}
				switch ef.Name {
				case "node":
					if node != nil {
						return statement{}, false
					}
					node = ef
				case "__typename":
				default:
					return statement{}, false // cursor
				}
			}
		default:
			return statement{}, false // pageInfo
		}
	}
	if !uniqueKeys(f.SelectionSet) {
		return statement{}, false
	}
	// The page: the employees the viewer sees (the row rule the ent
	// interceptors would add, from access.RowFilter) that match the
	// filter, in order, at most first of them; each row is its edge's JSON.
	page := sql.Dialect(dialect.Postgres).Select().From(sql.Table(employee.Table))
	if rule, all := access.RowFilter(k.ctx, "Employee"); !all {
		rule(page)
	}
	if pageWhere != nil {
		pageWhere(page)
	}
	idOrdered := false
	for _, o := range orders {
		col := orderColumn(o.Field)
		if col == "" {
			return statement{}, false
		}
		sql.OrderByField(col, o.Direction.OrderTermOption()).ToFunc()(page)
		idOrdered = idOrdered || col == employee.FieldID
	}
	if !idOrdered { // as the pager does
		sql.OrderByField(employee.FieldID, entgql.OrderDirectionAsc.OrderTermOption()).ToFunc()(page)
	}
	page.Limit(first)
	// One row: the total and the page's edges joined with commas (an ARRAY
	// subquery keeps the page's order). A row per employee cost the server
	// a database/sql row, a reflective scan and a string for each.
	stmt := sql.Dialect(dialect.Postgres).Select()
	if count {
		// The total of the filtered rows, as an uncorrelated
		// subquery under the same row rule and where: PostgreSQL
		// runs it once and plans it as a count (hash joins), apart
		// from the page's fast-start plan. count(*) OVER () made
		// the page's index walk in id order visit every filtered
		// row: 1.3 s for W2 as an admin.
		//
		// It is a WITH query that the statement reads twice: as the
		// column n, and in a condition that skips the page when
		// nothing matches. PostgreSQL evaluates that condition
		// once, before the page's scan (a one-time filter). The
		// planner cannot know how rare a combination of conditions
		// across tables is: W2 as an HR officer (HEALTH staff in
		// remote regions within an agency's subtree, none in the
		// scale data) was planned as a walk of the primary key
		// expecting ≈6,900 matches, and walked all 36,464 HEALTH
		// employees to find none (≈50–120 ms of PostgreSQL CPU per
		// request); the count finds none in ≈3 ms.
		n := sql.Dialect(dialect.Postgres).Select(sql.As(sql.Count("*"), "n")).From(sql.Table(employee.Table))
		if rule, all := access.RowFilter(k.ctx, "Employee"); !all {
			rule(n)
		}
		if where != nil {
			where(n)
		}
		stmt.Prefix(sql.With("total").As(n))
		stmt.AppendSelectExprAs(sql.Raw(`(SELECT "n" FROM "total")`), "n")
		page.Where(sql.ExprP(`(SELECT "n" FROM "total") > 0`))
	} else {
		stmt.AppendSelectExprAs(sql.Raw("0"), "n")
	}
	if edges {
		var edge *ast.Field
		for _, s := range f.SelectionSet {
			if cf := s.(*ast.Field); cf.Name == "edges" {
				edge = cf
			}
		}
		var obj *object
		if node != nil {
			var ok bool
			if obj, ok = k.rootObject(node.SelectionSet); !ok {
				return statement{}, false
			}
		}
		page.SelectExpr(k.connectionEdge(edge, obj, page))
		stmt.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("array_to_string(ARRAY")
			b.Wrap(func(b *sql.Builder) { b.Join(page) })
			b.WriteString(", ',')")
		}), "j")
	} else {
		stmt.AppendSelectExprAs(sql.Raw("''"), "j")
	}
	if !edges && !count {
		return statement{}, true
	}
	if err := page.Err(); err != nil || k.failed {
		return statement{}, false
	}
	query, qargs := stmt.Query()
	if err := stmt.Err(); err != nil || page.Err() != nil || k.failed {
		return statement{}, false
	}
	return statement{query: query, args: qargs, run: true}, true
}

// connection runs st and writes the connection f asks for from its row:
// the total and the edges' JSON.
func (c *Compiler) connection(k *compiling, f *ast.Field, st statement) (json.RawMessage, bool) {
	total, list := 0, ""
	if st.run {
		// lib/pq decodes text as a string, which Scan hands over as it is.
		if err := c.one(k.ctx, st.query, st.args, &total, &list); err != nil {
			return nil, false
		}
	}
	b := make([]byte, 0, 64+len(list))
	b = appendKey(append(b, '{'), f.Alias)
	b = append(b, '{')
	for i, s := range f.SelectionSet {
		cf := s.(*ast.Field)
		if i > 0 {
			b = append(b, ',')
		}
		b = appendKey(b, cf.Alias)
		switch cf.Name {
		case "totalCount":
			b = strconv.AppendInt(b, int64(total), 10)
		case "__typename":
			b = append(b, `"EmployeeConnection"`...)
		case "edges":
			b = append(b, '[')
			b = append(b, list...)
			b = append(b, ']')
		}
	}
	b = append(b, `}}`...)
	return json.RawMessage(b), true
}

// appendKey appends a response key (a GraphQL name: nothing to escape)
// and its colon.
func appendKey(b []byte, key string) []byte {
	b = append(b, '"')
	b = append(b, key...)
	return append(b, `":`...)
}

// connectionEdge renders the JSON text of one edge of the connection (its node, o,
// read from the row of page, and its __typename), in the keys' order.
func (k *compiling) connectionEdge(f *ast.Field, o *object, page *sql.Selector) sql.Querier {
	var node sql.Querier
	if o != nil {
		node = k.bind(o, page)
	}
	return sql.ExprFunc(func(b *sql.Builder) {
		text := "{"
		for i, s := range f.SelectionSet {
			ef := s.(*ast.Field)
			if i > 0 {
				text += ","
			}
			text += `"` + ef.Alias + `":`
			if ef.Name != "node" {
				text += `"EmployeeEdge"`
				continue
			}
			b.WriteString(literal(text))
			b.WriteString(" || ")
			b.Join(node)
			b.WriteString(" || ")
			text = ""
		}
		b.WriteString(literal(text + "}"))
	})
}

// one runs a compiled statement that answers one row, and scans it into
// dest.
func (c *Compiler) one(ctx context.Context, query string, args []any, dest ...any) error {
	rows := &sql.Rows{}
	if err := c.driver.Query(ctx, query, args, rows); err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return errors.New("sqljson: no row")
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

// employeeByNip answers employeeByNip(nip:) for viewers who read the NIP
// of every employee they see; for others (FORBIDDEN, or found but not
// readable) the general path answers.
//
// Its statement is built outside ent's query builder (the root's row rule
// from access.RowFilter, as a connection's) and runs on the driver, and
// when no row rule is involved it is kept as a connection's is (see
// statementKey), under a key without the NIP's value: the NIP is the
// statement's one argument, so every NIP an admin looks up shares it.
// Building the record's query through ent (its query builder,
// interceptors and ScanSlice) was about a quarter of a W3 request's
// server CPU.
func (c *Compiler) employeeByNip(k *compiling, f *ast.Field) (json.RawMessage, bool) {
	if access.ReachOf(k.v, access.Declaration("Employee", "nip").Class) != access.Everywhere {
		return nil, false
	}
	number, ok := f.ArgumentMap(k.vars)["nip"].(string)
	if !ok {
		return nil, false
	}
	key, keep := k.nipKey(f)
	st, ok := statement{}, false
	if keep {
		st, ok = c.statements.get(key)
	}
	if ok {
		st.args = []any{number} // this request's NIP
	} else {
		if st, ok = c.compileByNip(k, f, number); !ok {
			return nil, false
		}
		// Kept only when the NIP is its one argument (no rule carries
		// arguments of its own).
		if keep && len(st.args) == 1 && st.args[0] == number {
			c.statements.put(key, st)
		}
	}
	found, err := c.records(k.ctx, st.query, st.args)
	if err != nil || len(found) > 1 {
		return nil, false
	}
	value := "null"
	if len(found) == 1 {
		value = found[0]
	}
	b := make([]byte, 0, 8+len(f.Alias)+len(value))
	b = appendKey(append(b, '{'), f.Alias)
	b = append(b, value...)
	b = append(b, '}')
	return json.RawMessage(b), true
}

// nipKey is statementKey for employeeByNip without the value of the
// variable that holds the NIP (the statement's argument); a NIP written in
// the operation's text stays in the key with the text.
func (k *compiling) nipKey(f *ast.Field) (string, bool) {
	vars := k.vars
	if a := f.Arguments.ForName("nip"); a != nil && a.Value != nil && a.Value.Kind == ast.Variable {
		if _, ok := vars[a.Value.Raw]; ok {
			vars = make(map[string]any, len(k.vars))
			for name, v := range k.vars {
				if name != a.Value.Raw {
					vars[name] = v
				}
			}
		}
	}
	key, ok := k.statementKey(vars)
	return "employeeByNip\x00" + key, ok
}

// compileByNip compiles employeeByNip(nip:) into its statement: the JSON
// of each employee (at most two, as ent's query read them) the viewer sees
// with that NIP.
func (c *Compiler) compileByNip(k *compiling, f *ast.Field, number string) (statement, bool) {
	obj, ok := k.rootObject(f.SelectionSet)
	if !ok {
		return statement{}, false
	}
	// The employees with that NIP the viewer sees (the row rule the ent
	// interceptors would add, after the NIP as they add it), at most two
	// as ent's Only reads them.
	s := sql.Dialect(dialect.Postgres).Select().From(sql.Table(employee.Table))
	s.Where(sql.EQ(s.C(employee.FieldNip), number))
	if rule, all := access.RowFilter(k.ctx, "Employee"); !all {
		rule(s)
	}
	s.Limit(2)
	s.SelectExpr(k.bind(obj, s))
	query, args := s.Query()
	if err := s.Err(); err != nil || k.failed {
		return statement{}, false
	}
	return statement{query: query, args: args, run: true}, true
}

// records runs a compiled statement whose rows are one text column each
// and returns them (it reads no more than the statement's LIMIT).
func (c *Compiler) records(ctx context.Context, query string, args []any) ([]string, error) {
	rows := &sql.Rows{}
	if err := c.driver.Query(ctx, query, args, rows); err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var j string
		if err := rows.Scan(&j); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

// employeeOrders reads an orderBy argument as the resolver gets it.
func employeeOrders(v any) ([]*ent.EmployeeOrder, bool) {
	if v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		list = []any{v} // a single object stands for a list of one
	}
	out := make([]*ent.EmployeeOrder, 0, len(list))
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, false
		}
		o := &ent.EmployeeOrder{Direction: entgql.OrderDirectionAsc, Field: &ent.EmployeeOrderField{}}
		if d, ok := m["direction"]; ok && d != nil {
			s, ok := d.(string)
			if !ok {
				return nil, false
			}
			o.Direction = entgql.OrderDirection(s)
			if o.Direction.Validate() != nil {
				return nil, false
			}
		}
		if o.Field.UnmarshalGQL(m["field"]) != nil {
			return nil, false
		}
		out = append(out, o)
	}
	return out, true
}

// orderColumn is the column an order field sorts by (ent keeps it
// unexported; the pager sorts by it).
func orderColumn(f *ent.EmployeeOrderField) string {
	if f == nil {
		return ""
	}
	v := reflect.ValueOf(f).Elem().FieldByName("column")
	if !v.IsValid() || v.Kind() != reflect.String {
		return ""
	}
	return v.String()
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

// plainField returns s as a field without directives, or false.
func plainField(s ast.Selection) (*ast.Field, bool) {
	f, ok := s.(*ast.Field)
	if !ok || len(f.Directives) > 0 || f.Definition == nil {
		return nil, false
	}
	return f, true
}

// uniqueKeys reports whether no two fields of set answer under one key
// (gqlgen would merge them; the compiler does not).
func uniqueKeys(set ast.SelectionSet) bool {
	seen := make(map[string]bool, len(set))
	for _, s := range set {
		f, ok := s.(*ast.Field)
		if !ok || seen[f.Alias] {
			return false
		}
		seen[f.Alias] = true
	}
	return true
}
