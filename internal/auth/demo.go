package auth

import (
	"context"
	"fmt"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// DemoAccount is one of the accounts made for a demo.
type DemoAccount struct {
	Username, Password string
	Role               account.Role
	Note               string
}

// DemoAccounts are the demo-only accounts, one per role; their passwords
// are published in the README and must never exist on a real server.
var DemoAccounts = []DemoAccount{
	{"admin", "demo-admin-2026", account.RoleADMIN, "BKD administrator"},
	{"hr.dinkes", "demo-hr-2026", account.RoleHR_OFFICER, "HR officer scoped to Dinas Kesehatan (1.02)"},
	{"kadis.dinkes", "demo-leader-2026", account.RoleLEADER, "head of Dinas Kesehatan, scoped to it"},
	{DemoAnalyst, "demo-analyst-2026", account.RoleANALYST, "analyst"},
	{"pegawai", "demo-employee-2026", account.RoleEMPLOYEE, "a health-centre employee"},
}

// DemoAnalyst is the username of the demo analyst, whose view demo mode
// gives callers without a token.
const DemoAnalyst = "analis"

// demoScope is the unit code the demo HR officer and leader are scoped to.
const demoScope = "1.02"

// CreateDemoAccounts creates the demo accounts on the demo dataset.
func CreateDemoAccounts(ctx context.Context, c *ent.Client) error {
	ctx = viewer.System(ctx)
	dinkes, err := c.Unit.Query().Where(unit.Code(demoScope)).Only(ctx)
	if err != nil {
		return fmt.Errorf("demo accounts: unit %s: %w", demoScope, err)
	}
	head, err := c.Employee.Query().Where(employee.UnitID(dinkes.ID), employee.PositionTypeIn(employee.PositionTypeJPT_PRATAMA)).First(ctx)
	if err != nil {
		return fmt.Errorf("demo accounts: head of %s: %w", demoScope, err)
	}
	staff, err := c.Employee.Query().
		Where(employee.HasUnitWith(orgtree.Under(dinkes.Path), unit.KindEQ(unit.KindHEALTH_CENTRE)), employee.SuperiorIDNotNil(), employee.StatusEQ(employee.StatusACTIVE)).
		Order(ent.Asc(employee.FieldID)).First(ctx)
	if err != nil {
		return fmt.Errorf("demo accounts: a health-centre employee: %w", err)
	}
	for _, d := range DemoAccounts {
		in := ent.CreateAccountInput{Username: d.Username, Role: d.Role}
		switch d.Role {
		case account.RoleHR_OFFICER:
			in.UnitID = &dinkes.ID
		case account.RoleLEADER:
			in.UnitID, in.EmployeeID = &dinkes.ID, &head.ID
		case account.RoleEMPLOYEE:
			in.EmployeeID = &staff.ID
		}
		if _, err := createAccount(ctx, c, in, d.Password, true); err != nil {
			return fmt.Errorf("demo account %s: %w", d.Username, err)
		}
	}
	return nil
}
