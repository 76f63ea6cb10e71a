package viewer

import (
	"context"
	"strings"
)

// Role is what an account may do (DESIGN §6).
type Role string

// The roles.
const (
	// Admin is the personnel agency (BKD): everything.
	Admin Role = "ADMIN"
	// HROfficer keeps HR records of the units in their scope.
	HROfficer Role = "HR_OFFICER"
	// Leader heads a unit (pimpinan) and oversees its subtree.
	Leader Role = "LEADER"
	// Analyst reads everything but personal data, and aggregates.
	Analyst Role = "ANALYST"
	// Employee sees and files their own records.
	Employee Role = "EMPLOYEE"
	// Public is a caller without a token.
	Public Role = "PUBLIC"
)

// Roles lists the roles an account can have (not Public).
func Roles() []Role { return []Role{Admin, HROfficer, Leader, Analyst, Employee} }

// Valid reports whether r is an account role.
func (r Role) Valid() bool {
	for _, x := range Roles() {
		if r == x {
			return true
		}
	}
	return false
}

// Scoped reports whether the role is limited to a unit subtree.
func (r Role) Scoped() bool { return r == HROfficer || r == Leader }

// Viewer is the caller of a request.
type Viewer struct {
	// AccountID is the account's id; 0 for the public and the system.
	AccountID int
	// Username is the account's name, for the audit trail.
	Username string
	// Role is what the account may do.
	Role Role
	// UnitID and UnitPath are the root of the scope of an HR officer or a
	// leader: the unit and the materialized path of its subtree.
	UnitID   int
	UnitPath string
	// EmployeeID links the account to its employee record (0 when none).
	EmployeeID int
	// TokenVersion is the account's token version the viewer signed in
	// at; a change to the account raises it and revokes the viewer.
	TokenVersion int

	system bool
}

var (
	public = &Viewer{Role: Public, Username: "public"}
	system = &Viewer{Role: Admin, Username: "system", system: true}
)

type key struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, key{}, v)
}

// FromContext returns the viewer of ctx: the public viewer when there is
// none.
func FromContext(ctx context.Context) *Viewer {
	if v, ok := ctx.Value(key{}).(*Viewer); ok && v != nil {
		return v
	}
	return public
}

// System returns ctx acting as the server itself, which passes every rule.
// Use it for start-up work and for the inner steps of a workflow whose
// outer step the caller was already authorised for.
func System(ctx context.Context) context.Context { return NewContext(ctx, system) }

// IsSystem reports whether v is the server itself.
func (v *Viewer) IsSystem() bool { return v.system }

// IsAdmin reports whether v may do everything (admins and the system).
func (v *Viewer) IsAdmin() bool { return v.system || v.Role == Admin }

// Authenticated reports whether v signed in (or is the system).
func (v *Viewer) Authenticated() bool { return v.system || v.Role != Public }

// InScope reports whether a unit with the given materialized path lies in
// the subtree v is scoped to. Admins have every unit in scope; roles
// without a scope have none.
func (v *Viewer) InScope(unitPath string) bool {
	if v.IsAdmin() {
		return true
	}
	return v.Role.Scoped() && v.UnitPath != "" && strings.HasPrefix(unitPath, v.UnitPath)
}

// Is reports whether v is linked to the employee with the given id.
func (v *Viewer) Is(employeeID int) bool { return v.EmployeeID != 0 && v.EmployeeID == employeeID }
