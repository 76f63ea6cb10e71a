package access_test

import (
	"testing"

	"simasn/internal/access"
	"simasn/internal/privacy"
	"simasn/internal/viewer"
)

var (
	admin    = &viewer.Viewer{Role: viewer.Admin, Username: "admin"}
	hr       = &viewer.Viewer{Role: viewer.HROfficer, UnitPath: "/1.02/"}
	leader   = &viewer.Viewer{Role: viewer.Leader, UnitPath: "/1.02/", EmployeeID: 3}
	analyst  = &viewer.Viewer{Role: viewer.Analyst}
	employee = &viewer.Viewer{Role: viewer.Employee, EmployeeID: 7, UnitPath: "/1.02/"}
	public   = &viewer.Viewer{Role: viewer.Public}
)

// TestReachOf checks, class by class, where each role reads a field, as
// the README's field policy writes it: admins everywhere but secrets; HR
// officers and employees read the personal data and appraisal details of
// every employee they see, leaders only down their own chain (somewhere);
// the reporter of complaints only in the cases one handles; analysts and
// the public no personal data at all.
func TestReachOf(t *testing.T) {
	const N, S, E = access.Nowhere, access.Somewhere, access.Everywhere
	roles := []struct {
		name string
		v    *viewer.Viewer
	}{{"admin", admin}, {"hr", hr}, {"leader", leader}, {"analyst", analyst}, {"employee", employee}, {"public", public}}
	for _, tc := range []struct {
		class privacy.Class
		want  [6]access.Reach // admin, hr, leader, analyst, employee, public
	}{
		{privacy.Open, [6]access.Reach{E, E, E, E, E, E}},
		{privacy.SignedIn, [6]access.Reach{E, E, E, E, E, N}},
		{privacy.Personal, [6]access.Reach{E, E, S, N, E, N}},
		{privacy.AppraisalDetail, [6]access.Reach{E, E, S, N, E, N}},
		{privacy.Reporter, [6]access.Reach{E, S, S, N, S, N}},
		{privacy.Secret, [6]access.Reach{N, N, N, N, N, N}},
	} {
		for i, r := range roles {
			if got := access.ReachOf(r.v, tc.class); got != tc.want[i] {
				t.Errorf("ReachOf(%s, %q) = %v, want %v", r.name, tc.class, got, tc.want[i])
			}
		}
	}
	if got := access.ReachOf(viewer.FromContext(viewer.System(t.Context())), privacy.Personal); got != E {
		t.Errorf("ReachOf(system, personal) = %v, want everywhere", got)
	}
	for _, tc := range []struct {
		name string
		v    *viewer.Viewer
		want bool
	}{{"admin", admin, true}, {"hr", hr, true}, {"employee", employee, true}, {"leader", leader, false}, {"analyst", analyst, false}, {"public", public, false}} {
		if got := access.SeesMembers(tc.v); got != tc.want {
			t.Errorf("SeesMembers(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestComplaintReach checks the complaint read rule with a unit just
// inside and just outside each scope: the scope's root and a unit below
// it, the unit above it and one beside it.
func TestComplaintReach(t *testing.T) {
	const (
		root   = "/1.02/"
		below  = "/1.02/P1/"
		above  = "/1/"
		beside = "/1.03/"
		prefix = "/1.02X/" // shares the root's characters, not its subtree
	)
	for _, tc := range []struct {
		name              string
		v                 *viewer.Viewer
		unitPath          string
		officer           int
		handles, seesConf bool
	}{
		{"admin, no unit", admin, "", 0, true, true},
		{"analyst, in a unit", analyst, root, 0, false, true},
		{"hr, the scope's root", hr, root, 0, true, true},
		{"hr, below", hr, below, 0, true, true},
		{"hr, above", hr, above, 0, false, false},
		{"hr, beside", hr, beside, 0, false, false},
		{"hr, a unit whose code extends the root's", hr, prefix, 0, false, false},
		{"hr, not yet forwarded", hr, "", 0, false, false},
		{"leader, below", leader, below, 0, true, true},
		{"leader, beside, their employee the officer", leader, beside, 3, true, true},
		{"employee, the officer", employee, beside, 7, true, true},
		{"employee, another officer", employee, root, 8, false, false},
		{"employee, no officer", employee, root, 0, false, false},
		{"public", public, root, 0, false, false},
	} {
		r := access.ComplaintReachOf(tc.v)
		if got := r.Handles(tc.unitPath, tc.officer); got != tc.handles {
			t.Errorf("%s: Handles = %v, want %v", tc.name, got, tc.handles)
		}
		if got := r.Sees(true, tc.unitPath, tc.officer); got != tc.seesConf {
			t.Errorf("%s: Sees a confidential complaint = %v, want %v", tc.name, got, tc.seesConf)
		}
		if !r.Sees(false, tc.unitPath, tc.officer) {
			t.Errorf("%s: does not see a public complaint", tc.name)
		}
	}
}

// TestMayAggregate: a field declared fit for aggregates (the birth date)
// may be grouped and measured by signed-in viewers who may not read it one
// by one; other personal fields (the e-mail) only by those who read them on
// every record; the public neither.
func TestMayAggregate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     *viewer.Viewer
		field string
		want  bool
	}{
		{"analyst, birth date", analyst, "birthDate", true},
		{"leader, birth date", leader, "birthDate", true},
		{"public, birth date", public, "birthDate", false},
		{"analyst, e-mail", analyst, "email", false},
		{"leader, e-mail", leader, "email", false},
		{"hr, e-mail", hr, "email", true},
		{"public, name", public, "name", true},
	} {
		if got := access.MayAggregate(tc.v, "Employee", tc.field); got != tc.want {
			t.Errorf("%s: MayAggregate = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestGuarded: the answer path looks at the record only for the GraphQL
// names some entity declares other than Open — the NIP, a birth date, an
// e-mail address — and passes ids and codes, open on every entity,
// without looking.
func TestGuarded(t *testing.T) {
	for field, want := range map[string]bool{"nip": true, "birthDate": true, "email": true, "id": false, "code": false} {
		if got := access.Guarded(field); got != want {
			t.Errorf("Guarded(%q) = %v, want %v", field, got, want)
		}
	}
}
