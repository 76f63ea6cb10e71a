package feed

import (
	"testing"

	"simasn/ent"
	"simasn/internal/viewer"
)

// In-memory tests of who receives which event (no database, no hub): the
// expected answers are written out by hand for a case just inside and just
// outside each rule.

func intp(n int) *int { return &n }

// ev is an event of complaint 7 of the unit /1.02/3/ (region 18), public,
// status VERIFIED, category HEALTH, handled by officer 5, with id 10.
func ev(change func(r *ent.ComplaintEvent)) *Event {
	r := &ent.ComplaintEvent{ID: 10, ComplaintID: 7, UnitPath: "/1.02/3/", RegionID: intp(18),
		Privacy: "PUBLIC", Status: "VERIFIED", Category: "HEALTH", OfficerID: intp(5)}
	if change != nil {
		change(r)
	}
	return &Event{row: r}
}

func confidential(r *ent.ComplaintEvent) { r.Privacy = "CONFIDENTIAL" }
func internal(r *ent.ComplaintEvent)     { r.Internal = true }
func bothOf(fs ...func(*ent.ComplaintEvent)) func(*ent.ComplaintEvent) {
	return func(r *ent.ComplaintEvent) {
		for _, f := range fs {
			f(r)
		}
	}
}

func TestVisible(t *testing.T) {
	admin := &viewer.Viewer{Role: viewer.Admin}
	analyst := &viewer.Viewer{Role: viewer.Analyst}
	public := &viewer.Viewer{Role: viewer.Public}
	hr := &viewer.Viewer{Role: viewer.HROfficer, UnitPath: "/1.02/"}
	hrBeside := &viewer.Viewer{Role: viewer.HROfficer, UnitPath: "/1.020/"}
	officer := &viewer.Viewer{Role: viewer.Employee, EmployeeID: 5}
	colleague := &viewer.Viewer{Role: viewer.Employee, EmployeeID: 6}
	// An employee's unit path is not a scope: only HR officers and leaders
	// handle a unit's complaints.
	employeeWithPath := &viewer.Viewer{Role: viewer.Employee, EmployeeID: 6, UnitPath: "/1.02/"}
	for _, tc := range []struct {
		name string
		v    *viewer.Viewer
		ev   *Event
		want bool
	}{
		{"public sees a public event", public, ev(nil), true},
		{"public does not see a confidential complaint's", public, ev(confidential), false},
		{"public does not see an internal note", public, ev(internal), false},
		{"analyst sees a confidential complaint's", analyst, ev(confidential), true},
		{"analyst does not see an internal note", analyst, ev(internal), false},
		{"admin sees an internal note of a confidential complaint", admin, ev(bothOf(confidential, internal)), true},
		{"HR officer of the unit above sees a confidential complaint's", hr, ev(confidential), true},
		{"HR officer of the unit above sees an internal note", hr, ev(internal), true},
		{"HR officer of a unit beside (path prefix without the slash) does not see a confidential complaint's", hrBeside, ev(confidential), false},
		{"HR officer of a unit beside does not see an internal note", hrBeside, ev(internal), false},
		{"HR officer does not handle a complaint of no unit", hr, ev(bothOf(internal, func(r *ent.ComplaintEvent) { r.UnitPath = "" })), false},
		{"the assigned officer sees an internal note", officer, ev(internal), true},
		{"the assigned officer sees a confidential complaint's", officer, ev(confidential), true},
		{"a colleague does not see an internal note", colleague, ev(internal), false},
		{"a colleague does not see a confidential complaint's", colleague, ev(confidential), false},
		{"no officer: a colleague is not it", colleague, ev(bothOf(internal, func(r *ent.ComplaintEvent) { r.OfficerID = nil })), false},
		{"an employee's unit path is no scope", employeeWithPath, ev(internal), false},
	} {
		if got := Visible(tc.v, tc.ev.row); got != tc.want {
			t.Errorf("%s: Visible = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFilterKeeps(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Filter
		ev   *Event
		want bool
	}{
		{"no filter keeps everything", Filter{}, ev(nil), true},
		{"the complaint itself", Filter{ComplaintID: 7}, ev(nil), true},
		{"another complaint", Filter{ComplaintID: 8}, ev(nil), false},
		{"a unit above", Filter{UnitPaths: []string{"/9/", "/1.02/"}}, ev(nil), true},
		{"the unit itself", Filter{UnitPaths: []string{"/1.02/3/"}}, ev(nil), true},
		{"a unit beside", Filter{UnitPaths: []string{"/1.020/"}}, ev(nil), false},
		{"a unit below", Filter{UnitPaths: []string{"/1.02/3/4/"}}, ev(nil), false},
		{"a unit filter and a complaint of no unit", Filter{UnitPaths: []string{""}}, ev(func(r *ent.ComplaintEvent) { r.UnitPath = "" }), false},
		{"its category among others", Filter{Categories: []string{"EDUCATION", "HEALTH"}}, ev(nil), true},
		{"another category", Filter{Categories: []string{"EDUCATION"}}, ev(nil), false},
		{"its status", Filter{Statuses: []string{"VERIFIED"}}, ev(nil), true},
		{"another status", Filter{Statuses: []string{"RECEIVED", "CLOSED"}}, ev(nil), false},
		{"its region", Filter{RegionIDs: []int{3, 18}}, ev(nil), true},
		{"another region", Filter{RegionIDs: []int{3}}, ev(nil), false},
		{"a region filter and a complaint of no region", Filter{RegionIDs: []int{18}}, ev(func(r *ent.ComplaintEvent) { r.RegionID = nil }), false},
		{"all criteria met", Filter{ComplaintID: 7, UnitPaths: []string{"/1.02/"}, Categories: []string{"HEALTH"}, Statuses: []string{"VERIFIED"}, RegionIDs: []int{18}}, ev(nil), true},
		{"all but the last met", Filter{ComplaintID: 7, UnitPaths: []string{"/1.02/"}, Categories: []string{"HEALTH"}, Statuses: []string{"VERIFIED"}, RegionIDs: []int{19}}, ev(nil), false},
	} {
		if got := tc.f.keeps(tc.ev.row); got != tc.want {
			t.Errorf("%s: keeps = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSubscriptionWants(t *testing.T) {
	public := &viewer.Viewer{Role: viewer.Public}
	for _, tc := range []struct {
		name string
		s    Subscription
		ev   *Event
		want bool
	}{
		{"the event after the cursor", Subscription{viewer: public, after: 9}, ev(nil), true},
		{"the event at the cursor", Subscription{viewer: public, after: 10}, ev(nil), false},
		{"an event before the cursor", Subscription{viewer: public, after: 11}, ev(nil), false},
		{"visible but filtered out", Subscription{viewer: public, filter: Filter{ComplaintID: 8}}, ev(nil), false},
		{"filtered in but not visible", Subscription{viewer: public, filter: Filter{ComplaintID: 7}}, ev(confidential), false},
		{"the reporter: their complaint, confidential", Subscription{viewer: public, reporter: 7}, ev(confidential), true},
		{"the reporter: an internal note of their complaint", Subscription{viewer: public, reporter: 7}, ev(internal), false},
		{"the reporter: another public complaint", Subscription{viewer: public, reporter: 8}, ev(nil), false},
		{"the reporter: their complaint, at the cursor", Subscription{viewer: public, reporter: 7, after: 10}, ev(nil), false},
	} {
		if got := tc.s.wants(tc.ev); got != tc.want {
			t.Errorf("%s: wants = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCursor(t *testing.T) {
	if got := Cursor(42); got != "42" {
		t.Errorf("Cursor(42) = %q, want 42", got)
	}
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{{"0", 0, true}, {"42", 42, true}, {"-1", 0, false}, {"x", 0, false}, {"", 0, false}} {
		got, err := ParseCursor(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseCursor(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
