package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/appraisal"
	"simasn/ent/employee"
	"simasn/ent/enrollment"
	"simasn/internal/apitest"
	"simasn/internal/nip"
	"simasn/internal/server"
	"simasn/internal/testdb"
)

func TestUnitsTree(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		const create = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { id path depth parent { code } } }`
		mk := func(code string, parent string) (id, path string) {
			in := map[string]any{"code": code, "name": "Unit " + code, "kind": "DIVISION", "regionID": apitest.GID(r.ID)}
			if parent != "" {
				in["parentID"] = parent
			}
			var got struct{ CreateUnit struct{ ID, Path string } }
			s.MustDo(&got, create, map[string]any{"input": in})
			return got.CreateUnit.ID, got.CreateUnit.Path
		}
		dinkes, p := mk("1.02", "")
		if p != "/1.02/" {
			t.Errorf("root path = %q, want /1.02/", p)
		}
		yankes, _ := mk("1.02.03", dinkes)
		_, p = mk("1.02.03.01", yankes)
		if p != "/1.02/1.02.03/1.02.03.01/" {
			t.Errorf("grandchild path = %q", p)
		}
		bkd, _ := mk("4.01", "")
		s.MustFail("BAD_USER_INPUT", "code", create, map[string]any{"input": map[string]any{"code": "bad code", "name": "X", "kind": "DIVISION", "regionID": apitest.GID(r.ID)}})
		s.MustFail("BAD_USER_INPUT", "parentID", create, map[string]any{"input": map[string]any{"code": "9.99", "name": "X", "kind": "DIVISION", "regionID": apitest.GID(r.ID), "parentID": "31337"}})
		s.MustFail("CONFLICT", "code", create, map[string]any{"input": map[string]any{"code": "4.01", "name": "X", "kind": "DIVISION", "regionID": apitest.GID(r.ID)}})

		const move = `mutation($id: ID!, $parent: ID) { moveUnit(id: $id, parentID: $parent) { path depth } }`
		var mv struct {
			MoveUnit struct {
				Path  string
				Depth int
			}
		}
		s.MustDo(&mv, move, map[string]any{"id": yankes, "parent": bkd})
		if mv.MoveUnit.Path != "/4.01/1.02.03/" || mv.MoveUnit.Depth != 1 {
			t.Errorf("moved = %+v", mv.MoveUnit)
		}
		const subtree = `query($p: String!) { units(where: {pathHasPrefix: $p}, orderBy: [{field: PATH}]) { totalCount edges { node { code path depth } } } }`
		var st struct {
			Units struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Code, Path string
						Depth      int
					}
				}
			}
		}
		s.MustDo(&st, subtree, map[string]any{"p": "/4.01/"})
		if st.Units.TotalCount != 3 || st.Units.Edges[2].Node.Path != "/4.01/1.02.03/1.02.03.01/" || st.Units.Edges[2].Node.Depth != 2 {
			t.Errorf("subtree of 4.01 after the move = %+v", st.Units)
		}
		s.MustFail("BAD_USER_INPUT", "parentID", move, map[string]any{"id": bkd, "parent": yankes}) // below its own child
		s.MustDo(&mv, move, map[string]any{"id": yankes, "parent": nil})
		if mv.MoveUnit.Path != "/1.02.03/" || mv.MoveUnit.Depth != 0 {
			t.Errorf("moved to the top = %+v", mv.MoveUnit)
		}
	})
}

func TestPaginationFilterOrder(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		remote, city := s.MustRegion("18.13", true), s.MustRegion("18.71", false)
		pkm := s.MustUnit("PKM.01", nil, remote)
		office := s.MustUnit("4.01", nil, city)
		for i := 0; i < 7; i++ {
			s.MustEmployee(pkm, apitest.WithProfession("HEALTH"))
		}
		for i := 0; i < 5; i++ {
			s.MustEmployee(office)
		}
		type page struct {
			Employees struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node struct{ Nip string } }
			}
		}
		const q = `query($after: Cursor, $where: EmployeeWhereInput) {
  employees(first: 3, after: $after, where: $where, orderBy: [{field: NIP, direction: DESC}]) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { nip } } } }`
		// Edge filters: health staff in remote regions.
		where := map[string]any{"professionGroup": "HEALTH", "hasUnitWith": []map[string]any{{"hasRegionWith": []map[string]any{{"remote": true}}}}}
		var seen []string
		var after any
		for {
			var p page
			s.MustDo(&p, q, map[string]any{"after": after, "where": where})
			if p.Employees.TotalCount != 7 {
				t.Fatalf("totalCount = %d, want 7", p.Employees.TotalCount)
			}
			for _, e := range p.Employees.Edges {
				seen = append(seen, e.Node.Nip)
			}
			if !p.Employees.PageInfo.HasNextPage {
				break
			}
			after = p.Employees.PageInfo.EndCursor
		}
		if len(seen) != 7 {
			t.Fatalf("paged through %d employees, want 7", len(seen))
		}
		for i := 1; i < len(seen); i++ {
			if seen[i-1] <= seen[i] {
				t.Errorf("not in descending NIP order: %s then %s", seen[i-1], seen[i])
			}
		}
		var all page
		s.MustDo(&all, `{ employees(first: 100) { totalCount } }`, nil)
		if all.Employees.TotalCount != 12 {
			t.Errorf("totalCount = %d, want 12", all.Employees.TotalCount)
		}
		e := s.MustFail("BAD_USER_INPUT", "first", `{ employees(first: 101) { totalCount } }`, nil)
		if !strings.Contains(e.Message, "100") {
			t.Errorf("page-size error %q does not say the limit", e.Message)
		}
		s.MustFail("BAD_USER_INPUT", "first", `{ units(first: 5) { edges { node { employees(first: 1000) { totalCount } } } } }`, nil)
		s.MustFail("BAD_USER_INPUT", "last", `{ regions(last: -1) { totalCount } }`, nil)
		// A malformed cursor is the caller's mistake, not an internal error.
		s.MustFail("BAD_USER_INPUT", "after", `{ employees(first: 5, after: "not-a-cursor") { totalCount } }`, nil)
	})
}

// TestNestedListStatementCount checks the speed floor: a page of employees
// with unit, region, appraisals and enrollments with trainings costs a number
// of SQL statements that does not grow with the page size.
func TestNestedListStatementCount(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		ctx := apitest.Sys()
		c := s.DB.Client
		bpsdm := s.MustUnit("1.05", nil, s.MustRegion("18.71", false))
		boss := s.MustEmployee(bpsdm)
		tr := s.MustTraining("T-1", bpsdm, 1000)
		for i := 0; i < 120; i++ {
			e := s.MustEmployee(bpsdm, apitest.WithSuperior(boss))
			apitest.Check(c.Appraisal.Create().SetAppraiseeID(e.ID).SetAppraiserID(boss.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2025).
				SetPeriodStart(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).
				SetResultsRating(appraisal.ResultsRatingMEETS).SetBehaviourRating(appraisal.BehaviourRatingMEETS).SetPredicate(appraisal.PredicateBAIK).Exec(ctx))(t)
			apitest.Check(c.Enrollment.Create().SetEmployeeID(e.ID).SetTrainingID(tr.ID).SetStatus(enrollment.StatusCOMPLETED).SetRegisteredAt(time.Now()).Exec(ctx))(t)
		}
		const q = `query($n: Int!) { employees(first: $n) { totalCount edges { node {
  nip name unit { name region { name } } appraisals { year predicate } enrollments { status training { title hoursJp } } } } } }`
		count := func(n int) int64 {
			// Statements of the request only: background work (the complaint
			// feed's catch-up read, webhook deliveries) runs outside any
			// request, and signing in again (the remembered viewer expires
			// after a second on SQLite) comes with time, not with the page.
			var stmts atomic.Int64
			stop := s.Trace(func(ctx context.Context, query string, _ any) {
				if server.RequestID(ctx) != "" && !strings.Contains(query, `accounts"`) && !strings.Contains(query, "accounts`") {
					stmts.Add(1)
				}
			})
			defer stop()
			var got struct {
				Employees struct {
					Edges []struct {
						Node struct {
							Appraisals  []struct{ Predicate string }
							Enrollments []struct{ Training struct{ Title string } }
						}
					}
				}
			}
			s.MustDo(&got, q, map[string]any{"n": n})
			if len(got.Employees.Edges) != n {
				t.Fatalf("got %d employees, want %d", len(got.Employees.Edges), n)
			}
			last := got.Employees.Edges[n-1].Node
			if len(last.Enrollments) != 1 || last.Enrollments[0].Training.Title == "" {
				t.Fatalf("the nested data did not load: %+v", last)
			}
			return stmts.Load()
		}
		s.MustDo(nil, `{ me { id } }`, nil) // signs in: the viewer is remembered from now on
		small, large := count(10), count(100)
		t.Logf("statements: %d for 10 employees, %d for 100", small, large)
		if small != large {
			t.Errorf("statements = %d for 10 employees and %d for 100; want the same", small, large)
		}
		if large > 10 || large < 1 {
			t.Errorf("statements = %d, want 1 to 10", large)
		}
	})
}

func TestNodeAndGET(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		e := s.MustEmployee(u)
		var got struct {
			Node struct {
				Nip      string
				Typename string `json:"__typename"`
			}
			Nodes []struct{ Code string }
		}
		s.MustDo(&got, `query($id: ID!, $u: ID!) { node(id: $id) { __typename ... on Employee { nip } } nodes(ids: [$u]) { ... on Unit { code } } }`,
			map[string]any{"id": apitest.GID(e.ID), "u": apitest.GID(u.ID)})
		if got.Node.Typename != "Employee" || got.Node.Nip != e.Nip || len(got.Nodes) != 1 || got.Nodes[0].Code != "1.02" {
			t.Errorf("node, nodes = %+v", got)
		}
		s.MustFail("NOT_FOUND", "", `{ node(id: "17179869999") { id } }`, nil)
		s.MustFail("NOT_FOUND", "", `{ node(id: "999999999999999") { id } }`, nil)

		r := s.Get(`query($nip: String!) { employeeByNip(nip: $nip) { name } }`, map[string]any{"nip": e.Nip})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), e.Name) {
			t.Errorf("GET query = %s %+v", r.Data, r.Errors)
		}
		r = s.Get(`mutation { createRegion(input: {code: "18.99", name: "X", kind: CITY}) { id } }`, nil)
		if len(r.Errors) == 0 || r.Status == http.StatusOK {
			t.Errorf("GET mutation: status %d, errors %+v; want it refused", r.Status, r.Errors)
		}
		if n := apitest.Must(s.DB.Client.Region.Query().Count(apitest.Sys()))(t); n != 1 {
			t.Errorf("regions = %d after a GET mutation, want 1", n)
		}
	})
}

func TestHTTPSurface(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	for _, path := range []string{"/healthz", "/readyz", "/"} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, resp.StatusCode, body)
		}
		if resp.Header.Get("X-Request-ID") == "" {
			t.Errorf("GET %s has no X-Request-ID", path)
		}
	}
	// A body over the limit is refused.
	big := strings.NewReader(fmt.Sprintf(`{"query":"{ regions { totalCount } }","x":"%s"}`, strings.Repeat("a", 2<<20)))
	resp, err := http.Post(s.URL+"/query", "application/json", big)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", resp.StatusCode)
	}
	// The readiness probe reports a database that is gone.
	s.DB.SQL.Close()
	resp, err = http.Get(s.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with a closed database = %d, want 503", resp.StatusCode)
	}
}

// TestSchemaIsDocumented makes sure introspection documents every type and
// field of the API (DESIGN §7).
func TestSchemaIsDocumented(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t), func(o *server.Options) { o.Introspection = true })
	var got struct {
		Schema struct {
			Types []struct {
				Name, Description string
				Fields            []struct{ Name, Description string }
				InputFields       []struct{ Name, Description string }
			}
		} `json:"__schema"`
	}
	s.MustDo(&got, `{ __schema { types { name description fields { name description } inputFields { name description } } } }`, nil)
	builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	for _, ty := range got.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") || builtin[ty.Name] {
			continue
		}
		if strings.TrimSpace(ty.Description) == "" {
			t.Errorf("type %s has no description", ty.Name)
		}
		for _, f := range append(ty.Fields, ty.InputFields...) {
			if strings.TrimSpace(f.Description) == "" {
				t.Errorf("field %s.%s has no description", ty.Name, f.Name)
			}
		}
	}
}

func TestQueryLimits(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	deep := `{ units(first: 1) { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } } } }`
	e := s.MustFail("BAD_USER_INPUT", "query", deep, nil)
	if !strings.Contains(e.Message, "levels deep") {
		t.Errorf("deep query error %q does not say why", e.Message)
	}
	var wide strings.Builder
	wide.WriteString("{")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&wide, " a%d: regions(first: 1) { totalCount }", i)
	}
	wide.WriteString(" }")
	e = s.MustFail("BAD_USER_INPUT", "query", wide.String(), nil)
	if !strings.Contains(e.Message, "aliases") {
		t.Errorf("wide query error %q does not say why", e.Message)
	}
	costly := `{ units(first: 100) { edges { node { employees(first: 100) { edges { node { subordinates(first: 100) { edges { node { name } } } } } } } } } }`
	e = s.MustFail("BAD_USER_INPUT", "query", costly, nil)
	if !strings.Contains(e.Message, "objects") {
		t.Errorf("costly query error %q does not say why", e.Message)
	}
	s.MustFail("FORBIDDEN", "", `{ __schema { types { name } } }`, nil)
	// A connection asked for without first gets the default page of 100,
	// not everything: 101 employees, one more than a page.
	u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
	creates := make([]*ent.EmployeeCreate, 101)
	for i := range creates {
		number := apitest.NewNIP(t)
		parsed, err := nip.Parse(number, nip.PNS)
		if err != nil {
			t.Fatal(err)
		}
		creates[i] = s.DB.Client.Employee.Create().SetNip(number).SetName("Pegawai " + number[14:]).
			SetEmploymentType(employee.EmploymentTypePNS).SetRank("III/a").
			SetPositionName("Pengadministrasi Umum").SetPositionType(employee.PositionTypePELAKSANA).
			SetProfessionGroup(employee.ProfessionGroupADMINISTRATIVE).SetEducationLevel(employee.EducationLevelS1).
			SetUnitID(u.ID).SetBirthDate(parsed.BirthDate).SetGender(employee.Gender(parsed.Gender))
	}
	if err := s.DB.Client.Employee.CreateBulk(creates...).Exec(apitest.Sys()); err != nil {
		t.Fatalf("employees fixture: %v", err)
	}
	var got struct {
		Employees struct {
			TotalCount int
			Edges      []struct{ Node struct{ Nip string } }
			PageInfo   struct{ HasNextPage bool }
		}
	}
	s.MustDo(&got, `{ employees { totalCount edges { node { nip } } pageInfo { hasNextPage } } }`, nil)
	if e := got.Employees; e.TotalCount != 101 || len(e.Edges) != 100 || !e.PageInfo.HasNextPage {
		t.Errorf("without first: %d of %d employees, hasNextPage %v; want 100 of 101, true", len(e.Edges), e.TotalCount, e.PageInfo.HasNextPage)
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"} {
		resp, err := http.Post(s.URL+"/query", ct, strings.NewReader(`{"query":"mutation { createRegion(input: {code: \"18.98\", name: \"X\", kind: CITY}) { id } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("POST as %s: status %d, want it refused", ct, resp.StatusCode)
		}
	}
	if n := apitest.Must(s.DB.Client.Region.Query().Count(apitest.Sys()))(t); n != 0 {
		t.Errorf("regions = %d, want 0", n)
	}
}
