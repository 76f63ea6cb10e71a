package server_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/appraisal"
	"simasn/ent/auditlog"
	"simasn/ent/enrollment"
	"simasn/ent/worklog"
	"simasn/internal/apitest"
	"simasn/internal/testdb"
)

// world is a small province for access tests: Dinas Kesehatan (in scope of
// the HR officer and the leader) with a health centre, and the BKD outside.
type world struct {
	s                        *apitest.Server
	dinkes, pkm, bkd         *ent.Unit
	head, nurse, clerk       *ent.Employee
	hr, leader, analyst, emp *apitest.Server // views of the server as each role
	clerkAcc                 *apitest.Server
	appraisal                *ent.Appraisal
	training                 *ent.Training
	workLog                  *ent.WorkLog
}

func newWorld(t *testing.T, dsn string) *world {
	s := apitest.Start(t, dsn)
	w := &world{s: s}
	r := s.MustRegion("18.71", false)
	w.dinkes = s.MustUnit("1.02", nil, r)
	w.pkm = s.MustUnit("1.02.P1", w.dinkes, r)
	w.bkd = s.MustUnit("5.03", nil, r)
	w.head = s.MustEmployee(w.dinkes)
	w.nurse = s.MustEmployee(w.pkm, apitest.WithSuperior(w.head))
	w.clerk = s.MustEmployee(w.bkd)
	ctx := apitest.Sys()
	c := s.DB.Client
	apitest.Check(c.Employee.UpdateOne(w.nurse).SetPhone("+62 812 1111 2222").SetEmail("nurse@lampungprov.go.id").Exec(ctx))(t)
	w.hr = s.AsAccount(s.MustAccount("hr.officer", "HR_OFFICER", w.dinkes, nil))
	w.leader = s.AsAccount(s.MustAccount("leader", "LEADER", w.dinkes, w.head))
	w.analyst = s.AsAccount(s.MustAccount("analyst", "ANALYST", nil, nil))
	w.emp = s.AsAccount(s.MustAccount("nurse", "EMPLOYEE", nil, w.nurse))
	w.clerkAcc = s.AsAccount(s.MustAccount("clerk", "EMPLOYEE", nil, w.clerk))
	w.appraisal = apitest.Must(c.Appraisal.Create().SetAppraiseeID(w.nurse.ID).SetAppraiserID(w.head.ID).SetPeriodKind(appraisal.PeriodKindANNUAL).SetYear(2025).
		SetPeriodStart(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)).SetPeriodEnd(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).
		SetResultsRating(appraisal.ResultsRatingABOVE).SetBehaviourRating(appraisal.BehaviourRatingABOVE).SetPredicate(appraisal.PredicateSANGAT_BAIK).
		SetStatus(appraisal.StatusSUBMITTED).SetResultsNotes("melampaui target imunisasi").Save(ctx))(t)
	w.training = s.MustTraining("T-ACC", w.dinkes, 10)
	apitest.Check(c.Enrollment.Create().SetEmployeeID(w.nurse.ID).SetTrainingID(w.training.ID).SetRegisteredAt(time.Now()).SetStatus(enrollment.StatusREGISTERED).Exec(ctx))(t)
	w.workLog = apitest.Must(c.WorkLog.Create().SetEmployeeID(w.nurse.ID).SetDate(time.Now().UTC().Truncate(24 * time.Hour)).SetActivity("Posyandu").SetOutput("kegiatan").
		SetQuantity(1).SetMinutes(120).SetStatus(worklog.StatusSUBMITTED).Save(ctx))(t)
	return w
}

func count(t *testing.T, s *apitest.Server, list string) int {
	t.Helper()
	var got map[string]struct{ TotalCount int }
	s.MustDo(&got, "{ "+list+" { totalCount } }", nil)
	return got[strings.SplitN(list, "(", 2)[0]].TotalCount
}

func TestReadAccess(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		views := map[string]*apitest.Server{"admin": w.s, "hr": w.hr, "leader": w.leader, "analyst": w.analyst, "employee": w.emp, "public": w.s.Public()}
		for _, tc := range []struct {
			list string
			want map[string]int
		}{
			{"employees", map[string]int{"admin": 3, "hr": 2, "leader": 2, "analyst": 3, "employee": 1, "public": 0}},
			{"careerEvents", map[string]int{"admin": 0, "hr": 0, "leader": 0, "analyst": 0, "employee": 0, "public": 0}},
			{"appraisals", map[string]int{"admin": 1, "hr": 1, "leader": 1, "analyst": 1, "employee": 1, "public": 0}},
			{"enrollments", map[string]int{"admin": 1, "hr": 1, "leader": 1, "analyst": 1, "employee": 1, "public": 0}},
			{"workLogs", map[string]int{"admin": 1, "hr": 1, "leader": 1, "analyst": 1, "employee": 1, "public": 0}},
			{"trainings", map[string]int{"admin": 1, "hr": 1, "leader": 1, "analyst": 1, "employee": 1, "public": 0}},
			{"units", map[string]int{"admin": 3, "hr": 3, "leader": 3, "analyst": 3, "employee": 3, "public": 3}},
			{"regions", map[string]int{"admin": 1, "hr": 1, "leader": 1, "analyst": 1, "employee": 1, "public": 1}},
			{"accounts", map[string]int{"admin": 6, "hr": 1, "leader": 1, "analyst": 1, "employee": 1, "public": 0}},
		} {
			for role, want := range tc.want {
				if got := count(t, views[role], tc.list); got != want {
					t.Errorf("%s sees %d %s, want %d", role, got, tc.list, want)
				}
			}
		}
		if got := count(t, w.clerkAcc, "appraisals"); got != 0 {
			t.Errorf("another employee sees %d appraisals, want 0", got)
		}

		// node(id:) obeys the same rules: no reading a record by guessing its id.
		const node = `query($id: ID!) { node(id: $id) { id } }`
		clerk := map[string]any{"id": apitest.GID(w.clerk.ID)}
		w.s.MustDo(nil, node, clerk)
		for name, v := range map[string]*apitest.Server{"hr": w.hr, "leader": w.leader, "employee": w.emp, "public": w.s.Public()} {
			if r := v.Do(node, clerk); len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("%s reading an out-of-scope employee by id: %s %+v, want NOT_FOUND", name, r.Data, r.Errors)
			}
		}
		// nodes() answers, with the record the caller sees and null (NOT_FOUND
		// at its place) for the one it may not: not a failed request.
		var nodes struct{ Nodes []*struct{ ID string } }
		r := w.emp.Do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{apitest.GID(w.nurse.ID), apitest.GID(w.clerk.ID)}})
		if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" || fmt.Sprint(r.Errors[0].Path) != "[nodes 1]" {
			t.Errorf("nodes(self, out of scope) errors %+v, want NOT_FOUND at nodes[1] only", r.Errors)
		}
		r.Decode(t, &nodes)
		if len(nodes.Nodes) != 2 || nodes.Nodes[0] == nil || nodes.Nodes[0].ID != apitest.GID(w.nurse.ID) || nodes.Nodes[1] != nil {
			t.Errorf("nodes(self, out of scope) = %s, want [self, null]", r.Data)
		}

		// Edges are filtered too.
		var units struct {
			Units struct {
				Edges []struct {
					Node struct {
						Code      string
						Employees struct{ TotalCount int }
					}
				}
			}
		}
		w.hr.MustDo(&units, `{ units(orderBy: [{field: CODE}]) { edges { node { code employees { totalCount } } } } }`, nil)
		for _, e := range units.Units.Edges {
			if e.Node.Code == "5.03" && e.Node.Employees.TotalCount != 0 {
				t.Errorf("HR officer of 1.02 sees %d employees of 5.03 through the edge", e.Node.Employees.TotalCount)
			}
		}
		if got := count(t, w.hr, "auditLogs"); got != 0 {
			t.Errorf("HR officer sees %d audit entries, want 0", got)
		}
	})
}

func TestPersonalFields(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		const q = `query($id: ID!) { node(id: $id) { ... on Employee { name phone email birthDate appraisals { predicate resultsNotes } } } }`
		type result struct {
			Node struct {
				Name       string
				Phone      *string
				Email      *string
				BirthDate  *string
				Appraisals []struct {
					Predicate    *string
					ResultsNotes *string
				}
			}
		}
		for _, tc := range []struct {
			role string
			v    *apitest.Server
			see  bool
		}{
			{"admin", w.s, true}, {"hr in scope", w.hr, true}, {"superior (leader)", w.leader, true},
			{"the person", w.emp, true}, {"analyst", w.analyst, false},
		} {
			var got result
			tc.v.MustDo(&got, q, map[string]any{"id": apitest.GID(w.nurse.ID)})
			n := got.Node
			if n.Name == "" {
				t.Fatalf("%s cannot read the employee at all", tc.role)
			}
			seen := n.Phone != nil && n.Email != nil && n.BirthDate != nil
			hidden := n.Phone == nil && n.Email == nil && n.BirthDate == nil
			if tc.see && !seen || !tc.see && !hidden {
				t.Errorf("%s: phone %v, email %v, birthDate %v; want visible=%v", tc.role, n.Phone, n.Email, n.BirthDate, tc.see)
			}
			if len(n.Appraisals) != 1 {
				t.Fatalf("%s sees %d appraisals, want 1", tc.role, len(n.Appraisals))
			}
			a := n.Appraisals[0]
			if tc.see != (a.Predicate != nil && a.ResultsNotes != nil) {
				t.Errorf("%s: appraisal predicate %v, notes %v; want visible=%v", tc.role, a.Predicate, a.ResultsNotes, tc.see)
			}
		}
	})
}

func TestWriteAccess(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		ctx := apitest.Sys()
		employees := func() int { return apitest.Must(w.s.DB.Client.Employee.Query().Count(ctx))(t) }
		before := employees()
		create := func(unitID int) map[string]any {
			in := employeeInput(apitest.NewNIP(t), unitID)
			in["professionGroup"] = "HEALTH"
			return map[string]any{"input": in}
		}
		w.hr.MustDo(nil, createEmployee, create(w.pkm.ID))
		w.hr.MustFail("FORBIDDEN", "", createEmployee, create(w.bkd.ID))
		w.leader.MustFail("FORBIDDEN", "", createEmployee, create(w.pkm.ID))
		w.analyst.MustFail("FORBIDDEN", "", createEmployee, create(w.pkm.ID))
		w.emp.MustFail("FORBIDDEN", "", createEmployee, create(w.pkm.ID))
		w.s.Public().MustFail("UNAUTHENTICATED", "", createEmployee, create(w.pkm.ID))
		if got := employees(); got != before+1 {
			t.Errorf("employees = %d, want %d: denied creates must change nothing", got, before+1)
		}

		// HR may not move someone out of their scope; nothing changes.
		w.hr.MustFail("FORBIDDEN", "", transfer, map[string]any{"input": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "toUnitID": apitest.GID(w.bkd.ID), "decree": decree()}})
		if u := apitest.Must(w.s.DB.Client.Employee.Get(ctx, w.nurse.ID))(t).UnitID; u != w.pkm.ID {
			t.Errorf("nurse moved to unit %d by a denied transfer", u)
		}
		w.hr.MustFail("FORBIDDEN", "", `mutation { createRegion(input: {code: "18.99", name: "X", kind: CITY}) { id } }`, nil)

		// An employee may change their own contact data, nothing else.
		const update = `mutation($id: ID!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $input) { phone } }`
		w.emp.MustDo(nil, update, map[string]any{"id": apitest.GID(w.nurse.ID), "input": map[string]any{"phone": "+62 812 3333 4444"}})
		w.emp.MustFail("FORBIDDEN", "", update, map[string]any{"id": apitest.GID(w.nurse.ID), "input": map[string]any{"name": "Dr. Nurse"}})
		w.emp.MustFail("NOT_FOUND", "", update, map[string]any{"id": apitest.GID(w.head.ID), "input": map[string]any{"phone": "+62 812 0000 0000"}})

		// Trainings: an employee registers only themselves.
		w.emp.MustDo(nil, register, map[string]any{"t": apitest.GID(w.s.MustTraining("T-2", w.dinkes, 5).ID), "e": apitest.GID(w.nurse.ID)})
		t3 := w.s.MustTraining("T-3", w.dinkes, 5)
		if r := w.clerkAcc.Do(register, map[string]any{"t": apitest.GID(t3.ID), "e": apitest.GID(w.nurse.ID)}); len(r.Errors) == 0 {
			t.Error("an employee registered someone else")
		}

		// Appraisals: the appraiser may not approve their own; HR in scope may.
		const approve = `mutation($id: ID!) { approveAppraisal(id: $id) { status } }`
		w.leader.MustFail("FORBIDDEN", "", approve, map[string]any{"id": apitest.GID(w.appraisal.ID)})
		w.emp.MustFail("FORBIDDEN", "", approve, map[string]any{"id": apitest.GID(w.appraisal.ID)})
		w.hr.MustDo(nil, approve, map[string]any{"id": apitest.GID(w.appraisal.ID)})

		// Work logs: filed for oneself, verified by the superior.
		const logWork = `mutation($input: CreateWorkLogInput!) { logWork(input: $input) { id } }`
		entry := func(emp int) map[string]any {
			return map[string]any{"input": map[string]any{"employeeID": apitest.GID(emp), "date": time.Now().UTC().Format(time.RFC3339),
				"activity": "Rapat", "output": "notulen", "quantity": 1, "minutes": 60}}
		}
		w.emp.MustDo(nil, logWork, entry(w.nurse.ID))
		// Someone outside the employee's reach does not exist for them.
		w.emp.MustFail("BAD_USER_INPUT", "employeeID", logWork, entry(w.head.ID))
		const verify = `mutation($id: ID!) { verifyWorkLog(id: $id, approve: true) { status } }`
		w.emp.MustFail("FORBIDDEN", "", verify, map[string]any{"id": apitest.GID(w.workLog.ID)})
		w.leader.MustDo(nil, verify, map[string]any{"id": apitest.GID(w.workLog.ID)})

		// Accounts are for admins.
		const createAccount = `mutation { createAccount(input: {username: "mallory", role: ADMIN}, password: "long-enough-pw") { id } }`
		w.hr.MustFail("FORBIDDEN", "", createAccount, nil)
		w.s.MustDo(nil, createAccount, nil)
		w.s.MustFail("CONFLICT", "username", createAccount, nil)
	})
}

func TestTokensAndLogin(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		pub := w.s.Public()
		const login = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt account { username role } } }`
		var got struct {
			Login struct {
				Token   string
				Account struct{ Username, Role string }
			}
		}
		pub.MustDo(&got, login, map[string]any{"u": "HR.Officer", "p": "password-123"})
		if got.Login.Account.Role != "HR_OFFICER" || got.Login.Token == "" {
			t.Fatalf("login = %+v", got.Login)
		}
		var me struct{ Me struct{ Username string } }
		w.s.As(got.Login.Token).MustDo(&me, `{ me { username } }`, nil)
		if me.Me.Username != "hr.officer" {
			t.Errorf("me = %q, want hr.officer", me.Me.Username)
		}
		var anon struct{ Me *struct{ Username string } }
		pub.MustDo(&anon, `{ me { username } }`, nil)
		if anon.Me != nil {
			t.Errorf("me without a token = %+v, want null", anon.Me)
		}
		pub.MustFail("UNAUTHENTICATED", "", login, map[string]any{"u": "hr.officer", "p": "wrong-password"})
		pub.MustFail("UNAUTHENTICATED", "", login, map[string]any{"u": "nobody", "p": "password-123"})

		// Bad tokens are refused with 401 UNAUTHENTICATED.
		token := got.Login.Token
		parts := strings.Split(token, ".")
		later := time.Now().Add(2 * time.Hour)
		for name, bad := range map[string]string{
			"tampered": parts[0] + "." + parts[1] + "x." + parts[2],
			"garbage":  "not.a.token",
		} {
			r := w.s.As(bad).Do(`{ me { username } }`, nil)
			if r.Status != http.StatusUnauthorized || len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
				t.Errorf("%s token: status %d %+v, want 401 UNAUTHENTICATED", name, r.Status, r.Errors)
			}
		}
		w.s.Now.Store(&later)
		if r := w.s.As(token).Do(`{ me { username } }`, nil); r.Status != http.StatusUnauthorized {
			t.Errorf("expired token: status %d, want 401", r.Status)
		}
	})
}

func TestLoginBruteForce(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	s.MustAccount("budi", "ANALYST", nil, nil)
	pub := s.Public()
	const login = `mutation($p: String!) { login(username: "budi", password: $p) { token } }`
	var limited *apitest.Error
	for i := 0; i < 6 && limited == nil; i++ {
		r := pub.Do(login, map[string]any{"p": "guess-" + string(rune('a'+i))})
		if len(r.Errors) == 0 {
			t.Fatal("a wrong password was accepted")
		}
		if r.Errors[0].Code() == "RATE_LIMITED" {
			limited = &r.Errors[0]
		}
	}
	if limited == nil {
		t.Fatal("six wrong passwords in a row were never slowed down")
	}
	if secs, _ := limited.Extensions["retryAfterSeconds"].(float64); secs < 1 {
		t.Errorf("RATE_LIMITED without a retry hint: %+v", limited.Extensions)
	}
	// While locked out, even the right password waits.
	pub.MustFail("RATE_LIMITED", "", login, map[string]any{"p": "password-123"})
}

func TestAuditTrail(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		ctx := apitest.Sys()
		audits := func() int { return apitest.Must(w.s.DB.Client.AuditLog.Query().Count(ctx))(t) }
		n := audits()
		w.hr.MustDo(nil, transfer, map[string]any{"input": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "toUnitID": apitest.GID(w.dinkes.ID), "decree": decree()}})
		if got := audits(); got != n+1 {
			t.Fatalf("audit entries = %d after one transfer, want %d", got, n+1)
		}
		e := apitest.Must(w.s.DB.Client.AuditLog.Query().Order(ent.Desc(auditlog.FieldID)).First(ctx))(t)
		if e.Action != "transferEmployee" || e.Actor != "hr.officer" || e.Entity != "Employee" || e.EntityID != w.nurse.ID || e.RequestID == "" {
			t.Errorf("audit entry = %+v", e)
		}
		var unitChange, event bool
		for _, c := range e.Changes {
			if c.Entity == "Employee" && c.Op == "UPDATE" && c.Before["unit_id"] != nil && c.After["unit_id"] != nil {
				unitChange = true
			}
			if c.Entity == "CareerEvent" && c.Op == "CREATE" {
				event = true
			}
		}
		if !unitChange || !event {
			t.Errorf("audit changes = %+v, want the employee's unit before/after and the new career event", e.Changes)
		}

		// A failed or denied mutation leaves no entry.
		w.hr.MustFail("BAD_USER_INPUT", "toUnitID", transfer, map[string]any{"input": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "toUnitID": apitest.GID(w.dinkes.ID), "decree": decree()}})
		w.hr.MustFail("FORBIDDEN", "", transfer, map[string]any{"input": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "toUnitID": apitest.GID(w.bkd.ID), "decree": decree()}})
		if got := audits(); got != n+1 {
			t.Errorf("audit entries = %d after refused mutations, want %d", got, n+1)
		}
		// Each HR mutation leaves exactly one entry.
		for _, m := range []struct {
			q    string
			vars map[string]any
		}{
			{`mutation($id: ID!) { updateEmployee(id: $id, input: {name: "Siti"}) { id } }`, map[string]any{"id": apitest.GID(w.nurse.ID)}},
			{`mutation($input: PromoteEmployeeInput!) { promoteEmployee(input: $input) { id } }`, map[string]any{"input": map[string]any{"employeeID": apitest.GID(w.nurse.ID), "toRank": "III/c", "decree": decree()}}},
			{`mutation($id: ID!) { approveAppraisal(id: $id) { id } }`, map[string]any{"id": apitest.GID(w.appraisal.ID)}},
		} {
			before := audits()
			w.hr.MustDo(nil, m.q, m.vars)
			if got := audits(); got != before+1 {
				t.Errorf("%s left %d audit entries, want 1", m.q, got-before)
			}
		}

		// Admins read the trail through the API, with the changes.
		var trail struct {
			AuditLogs struct {
				Edges []struct {
					Node struct {
						Action  string
						Changes []struct {
							Entity, Op string
							Before     map[string]any
						}
					}
				}
			}
		}
		w.s.MustDo(&trail, `{ auditLogs(first: 10, orderBy: [{field: AT, direction: DESC}], where: {action: "transferEmployee"}) { edges { node { action changes { entity op before } } } } }`, nil)
		if len(trail.AuditLogs.Edges) != 1 || len(trail.AuditLogs.Edges[0].Node.Changes) < 2 {
			t.Errorf("audit trail through the API = %+v", trail)
		}
	})
}

// TestEmployeeScope: an employee sees themselves and their direct
// subordinates — not a colleague of the same unit, not a subordinate's
// subordinate — and reads their subordinates' personal data.
func TestEmployeeScope(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		u := s.MustUnit("1.02", nil, r)
		boss := s.MustEmployee(u)
		sub := s.MustEmployee(u, apitest.WithSuperior(boss))
		subsub := s.MustEmployee(u, apitest.WithSuperior(sub))
		colleague := s.MustEmployee(u)
		apitest.Check(s.DB.Client.Employee.UpdateOne(sub).SetEmail("sub@lampungprov.go.id").Exec(apitest.Sys()))(t)
		me := s.AsAccount(s.MustAccount("boss", "EMPLOYEE", nil, boss))

		var got struct {
			Employees struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		me.MustDo(&got, `{ employees(first: 10) { edges { node { id } } } }`, nil)
		seen := map[string]bool{}
		for _, e := range got.Employees.Edges {
			seen[e.Node.ID] = true
		}
		for name, tc := range map[string]struct {
			id   int
			want bool
		}{"self": {boss.ID, true}, "direct subordinate": {sub.ID, true}, "subordinate's subordinate": {subsub.ID, false}, "colleague in the same unit": {colleague.ID, false}} {
			if seen[apitest.GID(tc.id)] != tc.want {
				t.Errorf("employee sees their %s: %v, want %v", name, seen[apitest.GID(tc.id)], tc.want)
			}
		}
		if len(seen) != 2 {
			t.Errorf("employee sees %d employees, want 2 (self and the direct subordinate)", len(seen))
		}
		var node struct{ Node struct{ Email *string } }
		me.MustDo(&node, `query($id: ID!) { node(id: $id) { ... on Employee { email } } }`, map[string]any{"id": apitest.GID(sub.ID)})
		if node.Node.Email == nil || *node.Node.Email != "sub@lampungprov.go.id" {
			t.Errorf("the superior reads their subordinate's e-mail as %v", node.Node.Email)
		}
		for _, other := range []int{subsub.ID, colleague.ID} {
			if r := me.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": apitest.GID(other)}); len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("employee reads employee %d outside their scope by id: %s %+v", other, r.Data, r.Errors)
			}
		}
	})
}

// TestSignInFollowsChanges: the viewer of a token is remembered between
// requests, and a change that alters what the token stands for takes
// effect on the next request — the scope follows its unit when the unit
// moves (the unit's path, which scopes every query, changes), and a
// role change revokes the token.
func TestSignInFollowsChanges(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		s := w.s
		// The HR officer is scoped to Dinas Kesehatan: its head and the
		// nurse of its health centre.
		const q = `{ employees { totalCount } }`
		count := func(as *apitest.Server) int {
			var got struct{ Employees struct{ TotalCount int } }
			as.MustDo(&got, q, nil)
			return got.Employees.TotalCount
		}
		if got := count(w.hr); got != 2 {
			t.Fatalf("before the move the HR officer sees %d employees, want 2", got)
		}
		province := s.MustUnit("0.01", nil, s.MustRegion("18.72", false))
		s.MustDo(nil, `mutation($id: ID!, $p: ID) { moveUnit(id: $id, parentID: $p) { id } }`,
			map[string]any{"id": apitest.GID(w.dinkes.ID), "p": apitest.GID(province.ID)})
		if got := count(w.hr); got != 2 {
			t.Errorf("after Dinas Kesehatan moved the HR officer sees %d employees, want still 2", got)
		}
		acc := apitest.Must(s.DB.Client.Account.Query().Where(account.Username("hr.officer")).Only(apitest.Sys()))(t)
		s.MustDo(nil, `mutation($id: ID!, $u: ID!) { updateAccount(id: $id, input: {unitID: $u}) { id } }`,
			map[string]any{"id": apitest.GID(acc.ID), "u": apitest.GID(w.bkd.ID)})
		if r := w.hr.Do(q, nil); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Errorf("the token still works after the account's scope changed: %s %+v", r.Data, r.Errors)
		}
		if got := count(s.AsAccount(apitest.Must(s.DB.Client.Account.Get(apitest.Sys(), acc.ID))(t))); got != 1 {
			t.Errorf("a new token of the account scoped to the BKD sees %d employees, want 1 (the clerk)", got)
		}
	})
}

// TestAccountChangesReachOtherInstances: two instances share one
// PostgreSQL database. An account disabled, given another role or a new
// password through instance A is refused by instance B as soon as B has
// received the change's notification, although B remembered the account's
// viewer (for five minutes while it listens, see auth.ViewerChannel).
func TestAccountChangesReachOtherInstances(t *testing.T) {
	t.Parallel()
	dsn := testdb.Postgres(t)
	a := apitest.Start(t, dsn)
	b := apitest.Start(t, dsn)
	u := a.MustUnit("1.02", nil, a.MustRegion("18.71", false))
	for name, change := range map[string]string{
		"disabled":       `mutation($id: ID!) { updateAccount(id: $id, input: {active: false}) { id } }`,
		"role changed":   `mutation($id: ID!) { updateAccount(id: $id, input: {role: ANALYST, clearUnit: true}) { id } }`,
		"password reset": `mutation($id: ID!) { resetPassword(id: $id, newPassword: "another-long-password-2026") }`,
	} {
		t.Run(name, func(t *testing.T) {
			acc := a.MustAccount("hr.b."+strings.ReplaceAll(name, " ", ""), "HR_OFFICER", u, nil)
			onB := b.With(t).AsAccount(acc)
			onB.MustDo(nil, `{ __typename }`, nil) // B reads the account and remembers it
			before := b.Statements.Load()
			onB.MustDo(nil, `{ __typename }`, nil)
			if n := b.Statements.Load() - before; n != 0 {
				t.Fatalf("B ran %d statements to sign the account in again, want 0 (its viewer remembered)", n)
			}
			for len(b.AccountChanges) > 0 { // earlier cases' notifications
				<-b.AccountChanges
			}
			if r := a.Do(change, map[string]any{"id": apitest.GID(acc.ID)}); len(r.Errors) > 0 {
				t.Fatalf("change on A: %+v", r.Errors)
			}
			want := strconv.Itoa(acc.ID)
			timeout := time.After(30 * time.Second)
			for got := ""; got != want; {
				select {
				case got = <-b.AccountChanges:
				case <-timeout:
					t.Fatalf("B received no notification of the change of account %s", want)
				}
			}
			if r := onB.Do(`{ __typename }`, nil); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
				t.Errorf("B still accepts the token after the account was %s on A: %s %+v", name, r.Data, r.Errors)
			}
		})
	}
}
