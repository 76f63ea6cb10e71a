package server_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/server"
)

// variablesOp is an operation whose page size and order are variables.
const variablesOp = `query($n: Int!, $o: [EmployeeOrder!]) { employees(first: $n, orderBy: $o) { edges { node { name status rank } } } }`

// compiledOps are the operations of TestCompiledReadsMatch: the W1 and W3
// shapes, variations of their selections, aliases and arguments, and
// shapes the compiler leaves to the general path. compiles lists the roles
// for which the compiler must answer (the others must fall back).
var compiledOps = []struct {
	name     string
	query    string
	vars     func(d demoPeople) map[string]any
	compiles string
	noQuery  bool // compiled without reading anything, as the general path
}{
	{name: "W1", query: benchW1, compiles: "admin hr analyst employee"},
	{name: "W1 nodes without personal data", query: `{ employees(first: 100, orderBy: [{field: NAME}]) { edges { node {
  name unit { name region { name } } enrollments { status training { title hoursJp } } } } } }`, compiles: "admin hr analyst employee leader"},
	{name: "aliases, typenames, totalCount", query: `query { list: employees(first: 25, orderBy: [{field: NAME, direction: DESC}]) {
  __typename totalCount t: __typename edges { __typename node { __typename id n: nip name u: unit { __typename id r: region { code __typename } } } } } }`,
		compiles: "admin hr analyst employee public"},
	// entgql finds these by response key: aliased, the general path
	// neither counts nor loads the edges (see README), and answers alone.
	{name: "aliased totalCount", query: `{ employees(first: 5) { n: totalCount } }`},
	{name: "aliased edges", query: `{ employees(first: 5) { e: edges { node { name } } } }`},
	{name: "aliased node", query: `{ employees(first: 5) { edges { n: node { name } } } }`},
	{name: "edges without node", query: `{ employees(first: 4) { edges { __typename } } }`, compiles: "admin hr analyst employee leader public"},
	{name: "typename only", query: `{ employees(first: 4) { __typename } }`, compiles: "admin hr analyst employee leader public", noQuery: true},
	{name: "count only", query: `{ employees(first: 5) { totalCount } }`, compiles: "admin hr analyst employee leader public"},
	{name: "every column of every table", query: `{ employees(first: 40, orderBy: [{field: PROFESSION_GROUP}, {field: NAME, direction: DESC}]) { totalCount edges { node {
  id createdAt updatedAt nip name frontTitle backTitle employmentType rank rankDate positionName positionType positionLevel positionDate
  professionGroup educationLevel educationMajor unitID superiorID mentorID status birthDate birthPlace gender cpnsDate pnsDate email phone address
  unit { id createdAt updatedAt code name kind address parentID regionID path depth region { id createdAt updatedAt code name kind remote } }
  appraisals { id createdAt updatedAt appraiseeID appraiserID periodKind year period periodStart periodEnd resultsRating behaviourRating predicate status
    resultsNotes behaviourNotes returnReason submittedAt decidedAt }
  enrollments { id createdAt updatedAt employeeID trainingID status registeredAt decidedAt completedAt certificateNumber note
    training { id createdAt updatedAt code title description category method organizerID hoursJp quota seatsTaken registrationOpens registrationCloses startsOn endsOn status } }
  careerEvents { id employeeID kind decreeNumber decreeDate effectiveDate fromValue toValue fromUnitID toUnitID notes recordedAt } } } } }`,
		compiles: "admin hr analyst employee"},
	{name: "variables", query: variablesOp,
		vars: func(demoPeople) map[string]any {
			return map[string]any{"n": 17, "o": []any{map[string]any{"field": "RANK", "direction": "DESC"}}}
		}, compiles: "admin hr analyst employee leader public"},
	// The same text with other values: a statement kept for the values
	// above (admins, analysts: no row rule) must not answer these.
	{name: "variables, other values", query: variablesOp,
		vars: func(demoPeople) map[string]any {
			return map[string]any{"n": 5, "o": []any{map[string]any{"field": "NAME"}}}
		}, compiles: "admin hr analyst employee leader public"},
	{name: "no first: the page-size limit", query: `{ employees { edges { node { name } } } }`, compiles: "admin hr analyst employee leader public"},
	{name: "ordered by NIP", query: `{ employees(first: 12, orderBy: {field: NIP}) { edges { node { nip } } } }`, compiles: "admin hr employee"},
	{name: "W3", query: benchW3, vars: func(d demoPeople) map[string]any { return map[string]any{"nip": d.inScope.Nip} }, compiles: "admin hr employee"},
	{name: "W3 outside the HR scope", query: benchW3, vars: func(d demoPeople) map[string]any { return map[string]any{"nip": d.outOfScope.Nip} }, compiles: "admin hr employee"},
	{name: "W3 nobody", query: benchW3, vars: func(demoPeople) map[string]any { return map[string]any{"nip": "199001012015011001"} }, compiles: "admin hr employee"},
	{name: "W3 aliased with appraisals", query: `query($nip: String!) { who: employeeByNip(nip: $nip) { __typename name nip appraisals { year predicate resultsRating } enrollments { status } } }`,
		vars: func(d demoPeople) map[string]any { return map[string]any{"nip": d.inScope.Nip} }, compiles: "admin hr employee"},
	// The statement an admin's employeeByNip keeps is the same for every
	// NIP (its one argument): the cases above share benchW3's, each with
	// another NIP; these ask another shape by another variable's name,
	// twice with different NIPs, and with the NIP written in the text.
	{name: "W3-like by another variable, with the region", query: `query($n: String!) { e: employeeByNip(nip: $n) { name unit { name region { name } } careerEvents { kind toValue } } }`,
		vars: func(d demoPeople) map[string]any { return map[string]any{"n": d.outOfScope.Nip} }, compiles: "admin hr employee"},
	{name: "W3-like, the same shape in scope", query: `query($n: String!) { e: employeeByNip(nip: $n) { name unit { name region { name } } careerEvents { kind toValue } } }`,
		vars: func(d demoPeople) map[string]any { return map[string]any{"n": d.inScope.Nip} }, compiles: "admin hr employee"},
	{name: "W3-like, a NIP in the text", query: `{ employeeByNip(nip: "199001012015011001") { nip name } }`, compiles: "admin hr employee"},
	// where: equality conditions and has-edge-with into the unit and its
	// region are compiled, under the field rules of the general path (a
	// condition on a field the viewer cannot read everywhere is refused
	// there, and left to it here).
	{name: "W2", query: benchW2, compiles: "admin hr analyst employee public"},
	{name: "where through unit and region", query: `{ employees(first: 30, orderBy: [{field: NAME}], where: {status: ACTIVE, hasUnitWith: [{kind: AGENCY}, {hasRegionWith: [{remote: false, kind: CITY}]}]}) {
  totalCount edges { node { name unit { name region { name } } } } } }`, compiles: "admin hr analyst employee leader public"},
	// Conditions through the region only: the page reads them as a hashed
	// set of units (sqljson's pageWhere), the count as a semi-join; both
	// unit conditions hold for the same unit.
	{name: "where through the region only", query: `{ employees(first: 25, orderBy: [{field: NAME, direction: DESC}], where: {status: ACTIVE, hasUnitWith: [{hasRegionWith: [{remote: true}]}, {hasRegionWith: [{kind: REGENCY}, {remote: true}]}]}) {
  totalCount edges { node { name unit { name region { name remote kind } } } } } }`, compiles: "admin hr analyst employee leader public"},
	{name: "where through the region, in id order", query: `{ employees(first: 60, where: {hasUnitWith: [{hasRegionWith: [{kind: CITY}]}]}) {
  totalCount edges { node { name unit { region { kind } } } } } }`, compiles: "admin hr analyst employee leader public"},
	// Nobody matches: the count is 0 and the page is skipped before its
	// scan (the one-time filter on the WITH query's count).
	{name: "where matching nobody", query: `{ employees(first: 10, where: {name: "Tidak Ada Siapa Pun", hasUnitWith: [{hasRegionWith: [{remote: true}]}]}) {
  totalCount edges { node { name unit { name } } } } }`, compiles: "admin hr analyst employee leader public"},
	{name: "where as a variable", query: `query($w: EmployeeWhereInput) { employees(first: 10, where: $w) { totalCount edges { node { name } } } }`,
		vars: func(demoPeople) map[string]any {
			return map[string]any{"w": map[string]any{"professionGroup": "HEALTH", "hasUnitWith": []any{map[string]any{"hasRegionWith": []any{map[string]any{"remote": true}}}}}}
		}, compiles: "admin hr analyst employee leader public"},
	{name: "where on a personal field", query: `{ employees(first: 10, where: {birthPlace: "Bandar Lampung"}) { totalCount edges { node { name } } } }`, compiles: "admin hr employee"},
	{name: "where on a personal field of the unit's employees", query: `{ employees(first: 10, where: {hasUnitWith: [{hasEmployeesWith: [{birthPlace: "Metro"}]}]}) { totalCount } }`},
	{name: "where with an operator", query: `{ employees(first: 3, where: {professionGroupIn: [HEALTH]}) { edges { node { name } } } }`},
	{name: "where with or", query: `{ employees(first: 3, where: {or: [{professionGroup: HEALTH}, {status: ACTIVE}]}) { edges { node { name } } } }`},
	{name: "where with an operator in the unit", query: `{ employees(first: 3, where: {hasUnitWith: [{nameHasPrefix: "Dinas"}]}) { edges { node { name } } } }`},
	{name: "where through another edge", query: `{ employees(first: 3, where: {hasSuperiorWith: [{status: ACTIVE}]}) { edges { node { name } } } }`},
	{name: "where empty", query: `{ employees(first: 3, where: {}) { edges { node { name } } } }`},
	// The general path's shapes.
	{name: "pageInfo", query: `{ employees(first: 3) { pageInfo { hasNextPage } edges { node { name } } } }`},
	{name: "cursor", query: `{ employees(first: 3) { edges { cursor node { name } } } }`},
	{name: "where", query: `{ employees(first: 3, where: {nameHasPrefix: "A"}) { edges { node { name } } } }`},
	{name: "fragment", query: `{ employees(first: 3) { edges { node { ...F } } } } fragment F on Employee { name }`},
	{name: "directive", query: `{ employees(first: 3) { edges { node { name @include(if: true) } } } }`},
	{name: "two root fields", query: `{ a: employees(first: 2) { totalCount } b: employees(first: 3) { totalCount } }`},
	{name: "first 0", query: `{ employees(first: 0) { edges { node { name } } } }`},
	{name: "first over the limit", query: `{ employees(first: 500) { edges { node { name } } } }`},
	{name: "last", query: `{ employees(last: 3) { edges { node { name } } } }`},
	{name: "a float", query: `{ employees(first: 20) { edges { node { enrollments { score } } } } }`},
	{name: "another edge", query: `{ employees(first: 5) { edges { node { superior { name } } } } }`},
	{name: "same key twice", query: `{ employees(first: 5) { edges { node { name name } } } }`},
}

// demoPeople are the people of the demo data the operations ask about.
type demoPeople struct {
	inScope, outOfScope *ent.Employee
}

// TestCompiledReadsMatch runs every operation of compiledOps for every role
// on the demo data through the real handler, with the compiler on and off,
// and requires the same bytes from both; on PostgreSQL the compiler must
// answer the supported ones (one statement besides signing in) and leave
// the others to the general path. SQLite always takes the general path.
func TestCompiledReadsMatch(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, dia, _ string) {
		// The demo as loaded on 15 June 2026, the template the README
		// examples and the merit test read too.
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		s := apitest.Start(t, apitest.Demo(t, dia, now))
		s.Now.Store(&now)
		reads := s.Handler.Reads
		if dia != "postgres" {
			if reads != nil {
				t.Fatal("SQLite got a compiler of reads")
			}
		} else if reads == nil {
			t.Fatal("PostgreSQL has no compiler of reads")
		}
		sys := apitest.Sys()
		c := s.DB.Client
		// An HR officer of the first agency with staff, an agency head
		// (leader), an employee with subordinates, an analyst.
		agency := apitest.Must(c.Unit.Query().Where(unit.Depth(0), unit.HasEmployees()).Order(ent.Asc(unit.FieldCode)).First(sys))(t)
		inScope := apitest.Must(c.Employee.Query().Where(employee.HasUnitWith(unit.PathHasPrefix(agency.Path)), employee.HasSubordinates()).
			Order(ent.Asc(employee.FieldID)).First(sys))(t)
		outOfScope := apitest.Must(c.Employee.Query().Where(employee.Not(employee.HasUnitWith(unit.PathHasPrefix(agency.Path)))).
			Order(ent.Asc(employee.FieldID)).First(sys))(t)
		people := demoPeople{inScope: inScope, outOfScope: outOfScope}
		roles := []struct {
			name string
			as   *apitest.Server
		}{
			{"admin", s.AsAccount(s.Admin)},
			{"hr", s.AsAccount(s.MustAccount("diff.hr", "HR_OFFICER", agency, nil))},
			{"analyst", s.AsAccount(s.MustAccount("diff.analyst", "ANALYST", nil, nil))},
			{"leader", s.AsAccount(s.MustAccount("diff.leader", "LEADER", agency, inScope))},
			{"employee", s.AsAccount(s.MustAccount("diff.employee", "EMPLOYEE", nil, inScope))},
			{"public", s.Public()},
		}
		var stmts atomic.Int64
		var mu sync.Mutex
		var last []string // the statements of the latest request
		stop := s.Trace(func(ctx context.Context, query string, _ any) {
			if server.RequestID(ctx) != "" && !strings.Contains(query, "complaint") && !strings.Contains(query, `accounts"`) && !strings.Contains(query, "accounts`") {
				stmts.Add(1)
				mu.Lock()
				last = append(last, query)
				mu.Unlock()
			}
		})
		defer stop()
		var before int64
		if reads != nil {
			before = reads.Compiled.Load()
		}
		handChecks(t, dia, s, agency, outOfScope, roles[1].as, roles[2].as)
		// The compiled statements run prepared (counted and traced above
		// as any other); SQLite prepares none.
		if n := s.DB.PreparedStatements(); (dia == "postgres") != (n > 0) {
			t.Errorf("%s keeps %d statements prepared", dia, n)
		}
		if reads != nil && reads.Compiled.Load()-before != 5 {
			t.Errorf("the hand checks were compiled %d times, want 5", reads.Compiled.Load()-before)
		}
		for _, op := range compiledOps {
			for _, r := range roles {
				var vars map[string]any
				if op.vars != nil {
					vars = op.vars(people)
				}
				answer := func(compiled bool) (body string, taken, statements int64) {
					if reads != nil {
						reads.SetEnabled(compiled)
						defer reads.SetEnabled(true)
					}
					rec := httptest.NewRecorder()
					var before int64
					if reads != nil {
						before = reads.Compiled.Load()
					}
					n := stmts.Load()
					mu.Lock()
					last = nil
					mu.Unlock()
					s.Handler.ServeHTTP(rec, r.as.Request(op.query, vars))
					if reads != nil {
						taken = reads.Compiled.Load() - before
					}
					return rec.Body.String(), taken, stmts.Load() - n
				}
				r.as.Do(`{ __typename }`, nil) // signs in: the viewer is remembered from now on
				general, _, _ := answer(false)
				got, taken, statements := answer(true)
				if got != general {
					i := 0
					for i < len(got) && i < len(general) && got[i] == general[i] {
						i++
					}
					from := max(0, i-200)
					t.Errorf("%s as %s: compiled and general answers differ at byte %d\ncompiled: …%.400s\ngeneral:  …%.400s", op.name, r.name, i, got[from:], general[from:])
				}
				want := int64(0)
				if reads != nil && strings.Contains(" "+op.compiles+" ", " "+r.name+" ") {
					want = 1
				}
				if taken != want {
					t.Errorf("%s as %s: compiled %d times, want %d (answer %.300s)", op.name, r.name, taken, want, got)
				}
				if wantStatements := map[bool]int64{false: 1, true: 0}[op.noQuery]; want == 1 && statements != wantStatements {
					mu.Lock()
					t.Errorf("%s as %s: %d statements, want %d: %.300q", op.name, r.name, statements, wantStatements, last)
					mu.Unlock()
				}
				// Asked again: the statement the compiler kept (for viewers
				// without row rules, per role) answers the same, and is run.
				again, takenAgain, statementsAgain := answer(true)
				if again != general {
					t.Errorf("%s as %s, asked again: %.300s, want %.300s", op.name, r.name, again, general)
				}
				if takenAgain != want || (want == 1 && statementsAgain != statements) {
					t.Errorf("%s as %s, asked again: compiled %d times with %d statements, want %d with %d", op.name, r.name, takenAgain, statementsAgain, want, statements)
				}
			}
		}
	})
}

// handChecks checks what the HR officer of agency and the analyst get
// against figures read from the database directly: the compiled reads keep
// the row rules (only the subtree's employees, counted as the rules count
// them) and the field rules (the analyst's NIPs masked).
func handChecks(t *testing.T, dia string, s *apitest.Server, agency *ent.Unit, outOfScope *ent.Employee, hr, analyst *apitest.Server) {
	t.Helper()
	q := `SELECT count(*) FROM employees e JOIN units u ON u.id = e.unit_id WHERE u.path LIKE $1`
	if dia != "postgres" {
		q = strings.ReplaceAll(q, "$1", "?")
	}
	var inSubtree int
	if err := s.DB.SQL.QueryRow(q, agency.Path+"%").Scan(&inSubtree); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Employees struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID          string
					Nip         string
					Unit        struct{ Path string }
					Appraisals  []struct{ AppraiseeID string }
					Enrollments []struct{ EmployeeID string }
				}
			}
		}
	}
	const list = `{ employees(first: 100, orderBy: [{field: NAME}]) { totalCount edges { node {
  id nip unit { path } appraisals { appraiseeID } enrollments { employeeID } } } } }`
	hr.MustDo(&got, list, nil)
	if got.Employees.TotalCount != inSubtree || inSubtree == 0 {
		t.Errorf("HR officer: totalCount %d, want %d (the employees under %s)", got.Employees.TotalCount, inSubtree, agency.Path)
	}
	if want := min(inSubtree, 100); len(got.Employees.Edges) != want {
		t.Errorf("HR officer: %d employees, want %d", len(got.Employees.Edges), want)
	}
	appraisals := 0
	for _, e := range got.Employees.Edges {
		if !strings.HasPrefix(e.Node.Unit.Path, agency.Path) {
			t.Errorf("HR officer of %s sees %s of %s", agency.Path, e.Node.ID, e.Node.Unit.Path)
		}
		for _, a := range e.Node.Appraisals {
			appraisals++
			if a.AppraiseeID != e.Node.ID {
				t.Errorf("employee %s lists an appraisal of %s", e.Node.ID, a.AppraiseeID)
			}
		}
		for _, x := range e.Node.Enrollments {
			if x.EmployeeID != e.Node.ID {
				t.Errorf("employee %s lists an enrollment of %s", e.Node.ID, x.EmployeeID)
			}
		}
	}
	if appraisals == 0 {
		t.Error("HR officer: no appraisals at all: the check proves nothing")
	}
	var one struct{ EmployeeByNip *struct{ Name string } }
	hr.MustDo(&one, `query($nip: String!) { employeeByNip(nip: $nip) { name } }`, map[string]any{"nip": outOfScope.Nip})
	if one.EmployeeByNip != nil {
		t.Errorf("HR officer of %s finds %s outside the scope by NIP", agency.Path, one.EmployeeByNip.Name)
	}
	// W2's shape: the HR officer's active staff in remote and in other
	// regions, against the tables.
	for _, remote := range []bool{true, false} {
		q := `SELECT count(*) FROM employees e JOIN units u ON u.id = e.unit_id JOIN regions r ON r.id = u.region_id
WHERE u.path LIKE $1 AND e.status = 'ACTIVE' AND r.remote = $2`
		if dia != "postgres" {
			q = strings.ReplaceAll(strings.ReplaceAll(q, "$1", "?"), "$2", "?")
		}
		var want int
		if err := s.DB.SQL.QueryRow(q, agency.Path+"%", remote).Scan(&want); err != nil {
			t.Fatal(err)
		}
		var filtered struct{ Employees struct{ TotalCount int } }
		hr.MustDo(&filtered, `query($remote: Boolean) { employees(first: 5, where: {status: ACTIVE, hasUnitWith: [{hasRegionWith: [{remote: $remote}]}]}) { totalCount } }`,
			map[string]any{"remote": remote})
		if filtered.Employees.TotalCount != want {
			t.Errorf("HR officer: %d active employees in regions with remote=%v, want %d", filtered.Employees.TotalCount, remote, want)
		}
		inSubtree -= want
	}
	if inSubtree < 0 {
		t.Errorf("HR officer: the filtered counts exceed the subtree's staff by %d", -inSubtree)
	}
	analyst.MustDo(&got, list, nil)
	if len(got.Employees.Edges) != 100 {
		t.Errorf("analyst: %d employees, want 100", len(got.Employees.Edges))
	}
	for _, e := range got.Employees.Edges {
		if n := e.Node.Nip; len(n) != 18 || n[4:14] != "**********" || strings.Trim(n[:4]+n[14:], "0123456789") != "" {
			t.Errorf("analyst reads NIP %q, want it masked", n)
		}
	}
}
