package viewer

import (
	"context"
	"testing"
)

func TestFromContext(t *testing.T) {
	if got := FromContext(context.Background()); got.Role != Public || got.Authenticated() {
		t.Errorf("empty context viewer = %+v, want the public", got)
	}
	v := &Viewer{AccountID: 3, Role: Analyst}
	if got := FromContext(NewContext(context.Background(), v)); got != v {
		t.Errorf("FromContext = %+v, want %+v", got, v)
	}
	if s := FromContext(System(context.Background())); !s.IsSystem() || !s.IsAdmin() {
		t.Errorf("system viewer = %+v, want system and admin", s)
	}
}

func TestInScope(t *testing.T) {
	tests := []struct {
		name string
		v    Viewer
		path string
		want bool
	}{
		{"admin sees all", Viewer{Role: Admin}, "/9/", true},
		{"hr officer inside", Viewer{Role: HROfficer, UnitPath: "/1.02/"}, "/1.02/1.02.03/", true},
		{"hr officer on the root itself", Viewer{Role: HROfficer, UnitPath: "/1.02/"}, "/1.02/", true},
		{"hr officer outside", Viewer{Role: HROfficer, UnitPath: "/1.02/"}, "/1.020/", false},
		{"leader inside", Viewer{Role: Leader, UnitPath: "/4/"}, "/4/5/", true},
		{"scoped role without a scope", Viewer{Role: Leader}, "/4/", false},
		{"analyst has no scope", Viewer{Role: Analyst, UnitPath: "/4/"}, "/4/", false},
		{"employee has no scope", Viewer{Role: Employee, UnitPath: "/4/"}, "/4/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.InScope(tt.path); got != tt.want {
				t.Errorf("InScope(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles() {
		if !r.Valid() {
			t.Errorf("%s.Valid() = false", r)
		}
	}
	if Public.Valid() || Role("ROOT").Valid() {
		t.Error("PUBLIC and ROOT must not be account roles")
	}
}
