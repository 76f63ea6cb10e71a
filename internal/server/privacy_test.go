package server_test

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/complaintresponse"
	"simasn/ent/employee"
	"simasn/graph"
	"simasn/internal/access"
	"simasn/internal/apitest"
	"simasn/internal/apperr"
	"simasn/internal/privacy"
	"simasn/internal/viewer"
)

// hiddenField is a field some role may not ask about.
type hiddenField struct {
	entity, field string
	class         privacy.Class
}

// hidden walks the field policy: every declared field of every entity
// whose class the role may not ask about. A field declared later is
// covered without a new line here.
func hidden(role viewer.Role) []hiddenField {
	v := &viewer.Viewer{Role: role, AccountID: 1, EmployeeID: 1, UnitPath: "/1/"}
	if role == viewer.Public {
		v = &viewer.Viewer{Role: viewer.Public}
	}
	var out []hiddenField
	for _, e := range access.Entities() {
		for f, d := range access.Fields(e) {
			if access.ReachOf(v, d.Class) != access.Everywhere {
				out = append(out, hiddenField{e, f, d.Class})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].entity+out[i].field < out[j].entity+out[j].field })
	return out
}

// probe is one way to ask about a hidden field, as a GraphQL request.
type probe struct {
	name, query string
}

// probes lists, from the schema itself, every way to put a condition on
// entity.field: the entity's lists and aggregates with a where filter,
// the has…With edge of every entity that reaches it from their lists,
// and ordering the entity's lists by it.
func probes(s *ast.Schema, entity, field string) []probe {
	where := s.Types[entity+"WhereInput"]
	if where == nil {
		return nil
	}
	// The condition: field In [] exists for every filterable field and
	// type; fields that are not filterable cannot be asked about.
	var cond string
	for _, f := range where.Fields {
		if f.Name == field+"In" || (f.Name == field && cond == "") {
			cond = f.Name
		}
	}
	if cond == "" {
		return nil
	}
	value := "[]"
	if !strings.HasSuffix(cond, "In") {
		value = literal(s, where.Fields.ForName(cond).Type)
	}
	c := fmt.Sprintf("{%s: %s}", cond, value)
	var out []probe
	for _, q := range s.Query.Fields {
		arg := q.Arguments.ForName("where")
		if arg == nil || q.Arguments.ForName("where") == nil {
			continue
		}
		target := arg.Type.Name()
		sel := selection(s, q)
		if sel == "" {
			continue
		}
		args := required(s, q, "where")
		if target == entity+"WhereInput" {
			out = append(out, probe{q.Name + " where", fmt.Sprintf("{ %s(where: %s%s) %s }", q.Name, c, args, sel)})
			if ob := q.Arguments.ForName("orderBy"); ob != nil {
				if enum := s.Types[entity+"OrderField"]; enum != nil {
					for _, v := range enum.EnumValues {
						if apperr.FieldName(strings.ToLower(v.Name)) == field {
							out = append(out, probe{q.Name + " orderBy", fmt.Sprintf("{ %s(orderBy: [{field: %s}]%s) %s }", q.Name, v.Name, args, sel)})
						}
					}
				}
			}
			continue
		}
		// Edges into the entity from this list's entity.
		from := s.Types[target]
		if from == nil {
			continue
		}
		for _, f := range from.Fields {
			if strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With") && f.Type.Name() == entity+"WhereInput" {
				out = append(out, probe{q.Name + " " + f.Name, fmt.Sprintf("{ %s(where: {%s: [%s]}%s) %s }", q.Name, f.Name, c, args, sel)})
			}
		}
	}
	return out
}

// selection is what to select of a query field's result.
func selection(s *ast.Schema, f *ast.FieldDefinition) string {
	t := s.Types[f.Type.Name()]
	switch {
	case t == nil:
		return ""
	case strings.HasSuffix(t.Name, "Connection"):
		return "{ totalCount }"
	case t.Kind == ast.Object:
		return "{ __typename }"
	}
	return ""
}

// required gives the field's required arguments other than skip a value.
func required(s *ast.Schema, f *ast.FieldDefinition, skip string) string {
	var b strings.Builder
	for _, a := range f.Arguments {
		if a.Name == skip || !a.Type.NonNull || a.DefaultValue != nil {
			continue
		}
		fmt.Fprintf(&b, ", %s: %s", a.Name, literal(s, a.Type))
	}
	return b.String()
}

// literal is some valid value of a type.
func literal(s *ast.Schema, t *ast.Type) string {
	if t.Elem != nil {
		return "[]"
	}
	switch t.Name() {
	case "Int":
		return "2025"
	case "Float":
		return "1"
	case "Boolean":
		return "true"
	case "Time":
		return `"2025-01-01T00:00:00Z"`
	case "ID":
		return `"1"`
	case "String", "Cursor":
		return `"x"`
	}
	if def := s.Types[t.Name()]; def != nil && def.Kind == ast.Enum {
		return def.EnumValues[0].Name
	}
	return "{}"
}

// TestPrivacyEveryPath walks the field policy and the schema: for every
// role and every field that role may not ask about, every filter, edge
// filter, ordering and aggregate filter that mentions the field must be
// refused with FORBIDDEN, and so must a
// CSV download filtered on it. A refusal is the only answer that cannot
// depend on the hidden value.
func TestPrivacyEveryPath(t *testing.T) {
	t.Parallel()
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		views := map[viewer.Role]*apitest.Server{viewer.HROfficer: w.hr, viewer.Leader: w.leader, viewer.Analyst: w.analyst,
			viewer.Employee: w.emp, viewer.Public: w.s.Public()}
		asked := 0
		for role, s := range views {
			for _, h := range hidden(role) {
				for _, p := range probes(schema, h.entity, h.field) {
					asked++
					r := s.Do(p.query, nil)
					if len(r.Errors) == 0 {
						t.Errorf("%s asked about %s.%s (%s) through %s and was answered: %s\n%s", role, h.entity, h.field, h.class, p.name, r.Data, p.query)
						continue
					}
					if code := r.Errors[0].Code(); code != "FORBIDDEN" {
						t.Errorf("%s asking about %s.%s through %s: %s %q, want FORBIDDEN", role, h.entity, h.field, p.name, code, r.Errors[0].Message)
					}
				}
			}
		}
		t.Logf("%d questions about hidden fields asked, all refused", asked)
		if asked < 100 {
			t.Errorf("only %d probes: the schema walk found too few paths", asked)
		}

		// The feed's filter asks about complaint fields too: each must be
		// open to every subscriber, or the filter would be an oracle.
		for _, f := range schema.Types["ComplaintFeedFilter"].Fields {
			field := singular(f.Name)
			if _, known := access.Fields("Complaint")[field]; !known {
				t.Errorf("feed filter %s: no Complaint field %s to check it against", f.Name, field)
			} else if c := access.Declaration("Complaint", field).Class; c != privacy.Open {
				t.Errorf("feed filter %s asks about Complaint.%s, which is %s", f.Name, field, c)
			}
		}

		// CSV downloads take the same filters.
		for _, role := range []viewer.Role{viewer.Analyst, viewer.Public} {
			for _, h := range hidden(role) {
				if h.entity != "Employee" || h.class == privacy.Secret {
					continue
				}
				status, body := views[role].Download("/export/employees.csv?where=" + url.QueryEscape(fmt.Sprintf(`{%q: []}`, h.field+"In")))
				if status != 403 {
					t.Errorf("%s downloading employees filtered on %s: status %d %.200s, want a refusal", role, h.field, status, body)
				}
			}
		}
	})
}

// singular names the field a plural filter is about: unitIDs → unitID,
// categories → category, statuses → status.
func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "IDs"):
		return strings.TrimSuffix(name, "s")
	case strings.HasSuffix(name, "ies"):
		return strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "ses"):
		return strings.TrimSuffix(name, "es")
	}
	return strings.TrimSuffix(name, "s")
}

// TestEdgeFiltersSeeOnlyVisibleRows: an edge condition counts only the
// records at the other end that the viewer may see.
func TestEdgeFiltersSeeOnlyVisibleRows(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		// The public sees no employee, so no unit has one for it.
		if got := count(t, w.s.Public(), "units(where: {hasEmployeesWith: [{}]})"); got != 0 {
			t.Errorf("public: %d units with employees, want 0", got)
		}
		for _, q := range []string{"units(where: {hasEmployees: true})", "units(where: {hasEmployeesWith: [{}]})"} {
			if got := count(t, w.s, q); got != 3 {
				t.Errorf("admin: %s = %d, want 3", q, got)
			}
		}
		// The HR officer of 1.02 does not see the clerk of 5.03.
		if got := count(t, w.hr, `units(where: {hasEmployeesWith: [{name: "`+w.clerk.Name+`"}]})`); got != 0 {
			t.Errorf("HR officer of 1.02 finds the unit of an employee outside their scope by name: %d", got)
		}
		// CSV downloads confine edge conditions alike.
		where := url.QueryEscape(`{"hasEmployeesWith": [{"name": "` + w.clerk.Name + `"}]}`)
		if status, body := w.hr.Download("/export/units.csv?where=" + where); status != 200 || strings.Contains(body, "5.03") {
			t.Errorf("HR officer of 1.02 finds the unit of an employee outside their scope in a CSV: %d\n%s", status, body)
		}
		if status, body := w.s.Download("/export/units.csv?where=" + where); status != 200 || !strings.Contains(body, "5.03") {
			t.Errorf("admin's CSV lacks the clerk's unit: %d\n%s", status, body)
		}
		// A bare has<Edge> cannot carry the rule: refused where it matters.
		w.s.Public().MustFail("FORBIDDEN", "hasEmployees", `{ units(where: {hasEmployees: true}) { totalCount } }`, nil)
		w.hr.MustFail("FORBIDDEN", "hasEmployees", `{ units(where: {hasEmployees: true}) { totalCount } }`, nil)
		// Nested connections are loaded eagerly: the rule holds there too.
		var regions struct {
			Regions struct {
				Edges []struct {
					Node struct{ Units struct{ TotalCount int } }
				}
			}
		}
		w.s.Public().MustDo(&regions, `{ regions { edges { node { units(where: {hasEmployeesWith: [{}]}) { totalCount } } } } }`, nil)
		for _, e := range regions.Regions.Edges {
			if e.Node.Units.TotalCount != 0 {
				t.Errorf("public: a nested connection counts %d units with employees, want 0", e.Node.Units.TotalCount)
			}
		}
	})
}

// TestNIPMasked: a NIP is personal; others see it masked.
func TestNIPMasked(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		q := `query($id: ID!) { node(id: $id) { ... on Employee { nip } } }`
		vars := map[string]any{"id": apitest.GID(w.nurse.ID)}
		masked := w.nurse.Nip[:4] + "**********" + w.nurse.Nip[14:]
		for name, tc := range map[string]struct {
			s    *apitest.Server
			want string
		}{
			"admin": {w.s, w.nurse.Nip}, "hr": {w.hr, w.nurse.Nip}, "superior": {w.leader, w.nurse.Nip},
			"self": {w.emp, w.nurse.Nip}, "analyst": {w.analyst, masked},
		} {
			var got struct{ Node struct{ Nip string } }
			tc.s.MustDo(&got, q, vars)
			if got.Node.Nip != tc.want {
				t.Errorf("%s sees NIP %q, want %q", name, got.Node.Nip, tc.want)
			}
		}
		w.analyst.MustFail("FORBIDDEN", "nip", `query($nip: String!) { employeeByNip(nip: $nip) { name } }`, map[string]any{"nip": w.nurse.Nip})
		_, body := w.analyst.Download("/export/employees.csv")
		if strings.Contains(body, w.nurse.Nip) || !strings.Contains(body, masked) {
			t.Errorf("the analyst's employee CSV shows NIPs unmasked:\n%.400s", body)
		}
	})
}

// TestRevocation: disabling an account, or changing its password or role,
// revokes its tokens at once and ends its subscriptions.
func TestRevocation(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		u := s.MustUnit("1.02", nil, r)
		for name, change := range map[string]string{
			"disabled":       `mutation($id: ID!) { updateAccount(id: $id, input: {active: false}) { id } }`,
			"role changed":   `mutation($id: ID!) { updateAccount(id: $id, input: {role: ANALYST, clearUnit: true}) { id } }`,
			"password reset": `mutation($id: ID!) { resetPassword(id: $id, newPassword: "another-long-password-2026") }`,
		} {
			t.Run(name, func(t *testing.T) {
				acc := s.MustAccount("hr."+strings.ReplaceAll(name, " ", ""), "HR_OFFICER", u, nil)
				token := s.TokenFor(acc)
				hr := s.As(token)
				hr.MustDo(nil, `{ me { id } }`, nil)
				ws, err := hr.DialWS("graphql-transport-ws", nil, map[string]any{"authToken": token})
				if err != nil {
					t.Fatalf("dial: %v", err)
				}
				s.WaitSubscribers(0) // the previous case's subscription has ended
				ws.Subscribe("1", `subscription { complaintFeed { cursor } }`, nil)
				s.WaitSubscribers(1) // live before the change
				if r := s.Do(change, map[string]any{"id": apitest.GID(acc.ID)}); len(r.Errors) > 0 {
					t.Fatalf("change: %+v", r.Errors)
				}
				if r := hr.Do(`{ me { id } }`, nil); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
					t.Errorf("the old token still works after the account was %s: %s %+v", name, r.Data, r.Errors)
				}
				// The end comes as an error for the subscription, or as a
				// close with 4403; either way within seconds.
				m, err := ws.Read(10 * time.Second)
				switch {
				case err != nil && strings.Contains(err.Error(), "4403"):
				case err != nil:
					t.Fatalf("the subscription did not end after the account was %s: %v", name, err)
				case m.ID != "1" || !strings.Contains(string(m.Payload), "UNAUTHENTICATED"):
					t.Errorf("the subscription ended with %s %s %s, want UNAUTHENTICATED", m.Type, m.ID, m.Payload)
				}
			})
		}
	})
}

// TestDisclosureControl: an analyst's aggregate hides groups smaller than
// k = 5, and enough others that no hidden group can be recovered from the
// visible groups and the totals. Expected values worked out by hand.
func TestDisclosureControl(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		units := map[string]*ent.Unit{}
		// Staff by unit and profession:   HEALTH  EDUCATION
		//   A                                  6          2   ← 2 < 5
		//   B                                  7          6
		//   C                                  8          9
		staff := map[string][2]int{"A": {6, 2}, "B": {7, 6}, "C": {8, 9}}
		for _, code := range []string{"A", "B", "C"} {
			units[code] = s.MustUnit(code, nil, r)
			for range staff[code][0] {
				s.MustEmployee(units[code], apitest.WithProfession(employee.ProfessionGroupHEALTH))
			}
			for range staff[code][1] {
				s.MustEmployee(units[code], apitest.WithProfession(employee.ProfessionGroupEDUCATION))
			}
		}
		analyst := s.AsAccount(s.MustAccount("analyst", "ANALYST", nil, nil))
		type group struct {
			Key        []struct{ Label string }
			Count      *int
			Suppressed bool
			Values     []struct{ Value *float64 }
		}
		run := func(v *apitest.Server, query string) map[string]group {
			var got struct{ R []group }
			v.MustDo(&got, query, nil)
			out := map[string]group{}
			for _, g := range got.R {
				var k []string
				for _, kk := range g.Key {
					k = append(k, kk.Label)
				}
				out[strings.Join(k, "/")] = g
			}
			return out
		}
		const byUnitProfession = `{ r: employeeAggregate(groupBy: [UNIT, PROFESSION], measures: [AVERAGE_AGE]) { key { label } count suppressed values { value } } }`

		// A/EDUCATION (2) is below k. Its line A hides A/HEALTH too; the
		// EDUCATION line then hides its smallest other cell, B/EDUCATION;
		// that leaves B/HEALTH alone in line B, so it goes as well. C,
		// with every line holding two hidden cells, stays.
		want := map[string]*int{"Unit A/HEALTH": nil, "Unit A/EDUCATION": nil, "Unit B/HEALTH": nil, "Unit B/EDUCATION": nil, "Unit C/HEALTH": ptr(8), "Unit C/EDUCATION": ptr(9)}
		got := run(analyst, byUnitProfession)
		for key, n := range want {
			g, ok := got[key]
			switch {
			case !ok:
				t.Errorf("analyst: no group %s in %v", key, got)
			case n == nil && (!g.Suppressed || g.Count != nil || g.Values[0].Value != nil):
				t.Errorf("analyst: group %s = count %v, suppressed %v, average age %v; want suppressed, all null", key, g.Count, g.Suppressed, g.Values[0].Value)
			case n != nil && (g.Suppressed || g.Count == nil || *g.Count != *n || g.Values[0].Value == nil):
				t.Errorf("analyst: group %s = count %v, suppressed %v; want %d, shown", key, g.Count, g.Suppressed, *n)
			}
		}
		// An admin reads everyone's data: nothing is hidden.
		for key, g := range run(s, byUnitProfession) {
			if g.Suppressed || g.Count == nil {
				t.Errorf("admin: group %s suppressed", key)
			}
		}
		// One dimension: one line. A alone below k would be recovered from
		// the total, so a second group goes with it.
		byProfessionInA := fmt.Sprintf(`{ r: employeeAggregate(where: {unitID: %q}, groupBy: [PROFESSION]) { key { label } count suppressed values { value } } }`, apitest.GID(units["A"].ID))
		for key, g := range run(analyst, byProfessionInA) {
			if !g.Suppressed || g.Count != nil {
				t.Errorf("analyst: %s of unit A = %v, want suppressed (2 educators, and the 6 health workers with them)", key, g.Count)
			}
		}
		// Groups of k and more, with no small group in their line, show.
		for key, g := range run(analyst, `{ r: employeeAggregate(groupBy: [UNIT]) { key { label } count suppressed values { value } } }`) {
			if g.Suppressed || g.Count == nil {
				t.Errorf("analyst: unit %s suppressed; every unit has at least 8", key)
			}
		}
	})
}

// TestResponderShownAsUnit: the public sees who answered a complaint as a
// unit, never as a username.
func TestResponderShownAsUnit(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		w := newWorld(t, dsn)
		cm, _ := w.s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: w.pkm})
		ctx := apitest.Sys()
		for _, author := range []string{"hr.officer", "imported.officer"} {
			apitest. // an account scoped to 1.02; no account at all
					Check(w.s.DB.Client.ComplaintResponse.Create().SetComplaintID(cm.ID).SetKind(complaintresponse.KindPUBLIC_RESPONSE).
						SetBody("Sudah kami tindak lanjuti.").SetAuthor(author).SetCreatedAt(time.Now()).Exec(ctx))(t)
		}
		const q = `query($t: String!) { complaintByTrackingId(trackingId: $t) { employeeID officerID responses { author responderUnit { code } } } }`
		type result struct {
			ComplaintByTrackingId struct {
				EmployeeID, OfficerID *string
				Responses             []struct {
					Author        *string
					ResponderUnit *struct{ Code string }
				}
			}
		}
		var public, admin result
		w.s.Public().MustDo(&public, q, map[string]any{"t": cm.TrackingID})
		w.s.MustDo(&admin, q, map[string]any{"t": cm.TrackingID})
		rs := public.ComplaintByTrackingId.Responses
		if len(rs) != 2 {
			t.Fatalf("public sees %d responses, want 2", len(rs))
		}
		// The officer's scope; for the author without an account, the
		// complaint's unit.
		units := map[string]bool{}
		for i, r := range rs {
			if r.Author != nil {
				t.Errorf("public sees the author %q of response %d", *r.Author, i)
			}
			if r.ResponderUnit != nil {
				units[r.ResponderUnit.Code] = true
			}
		}
		if !units["1.02"] || !units["1.02.P1"] {
			t.Errorf("responses show units %v, want 1.02 (the officer's scope) and 1.02.P1 (the complaint's unit)", units)
		}
		authors := map[string]bool{}
		for _, r := range admin.ComplaintByTrackingId.Responses {
			if r.Author != nil {
				authors[*r.Author] = true
			}
		}
		if !authors["hr.officer"] || !authors["imported.officer"] {
			t.Errorf("admin sees authors %v, want both usernames", authors)
		}
	})
}
