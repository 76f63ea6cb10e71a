package audit_test

import (
	"context"
	"os"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/auditlog"
	"simasn/ent/region"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// TestWritesOutsideAnOperation checks the entries of writes made outside
// an API operation (no collector), one per write: who, which record, the
// operation and the values before and after, secrets redacted; the
// system's own writes leave none.
func TestWritesOutsideAnOperation(t *testing.T) {
	db, err := store.Open(context.Background(), testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := db.Client
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Admin, Username: "bkd.admin", AccountID: 0})
	sys := viewer.System(context.Background())
	last := func(t *testing.T) *ent.AuditLog {
		t.Helper()
		e, err := c.AuditLog.Query().Order(ent.Desc(auditlog.FieldID)).First(sys)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	count := func(t *testing.T) int {
		t.Helper()
		n, err := c.AuditLog.Query().Count(sys)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	r, err := c.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := last(t)
	if e.Actor != "bkd.admin" || e.Action != "OpCreate Region" || e.Entity != "Region" || e.EntityID != r.ID || e.ActorID != nil {
		t.Errorf("create entry: actor %q, action %q, entity %s %d, actor id %v; want bkd.admin, OpCreate Region, Region %d, none",
			e.Actor, e.Action, e.Entity, e.EntityID, e.ActorID, r.ID)
	}
	if len(e.Changes) != 1 || e.Changes[0].Op != "CREATE" || e.Changes[0].After["code"] != "18.71" || e.Changes[0].Before != nil {
		t.Errorf("create changes = %+v, want one CREATE with the code after and nothing before", e.Changes)
	}
	if _, ok := e.Changes[0].After["created_at"]; ok {
		t.Errorf("create changes record the timestamp: %+v", e.Changes[0].After)
	}

	if err := c.Region.UpdateOne(r).SetName("Kota Balam").SetRemote(true).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	e = last(t)
	ch := e.Changes
	if e.Action != "OpUpdateOne Region" || len(ch) != 1 || ch[0].Op != "UPDATE" || ch[0].ID != r.ID ||
		ch[0].Before["name"] != "Kota Bandar Lampung" || ch[0].After["name"] != "Kota Balam" ||
		ch[0].Before["remote"] != false || ch[0].After["remote"] != true || len(ch[0].Before) != 2 {
		t.Errorf("update entry %q: %+v, want the name and remote flag before and after, nothing else", e.Action, ch)
	}

	// Secrets are redacted.
	acc, err := c.Account.Create().SetUsername("siti").SetPasswordHash("$argon2id$secret").SetRole(account.RoleANALYST).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := last(t).Changes[0].After["password_hash"]; got != "[redacted]" {
		t.Errorf("password hash in the trail = %v, want [redacted]", got)
	}
	if err := c.Account.UpdateOne(acc).SetPasswordHash("$argon2id$other").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if ch := last(t).Changes[0]; ch.Before["password_hash"] != "[redacted]" || ch.After["password_hash"] != "[redacted]" {
		t.Errorf("password change in the trail = %+v, want both sides redacted", ch)
	}

	// A bulk update names every record it touched; a delete keeps no after.
	r2, err := c.Region.Create().SetCode("18.72").SetName("Kota Metro").SetKind(region.KindCITY).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Region.Update().Where(region.KindEQ(region.KindCITY)).SetRemote(false).Save(ctx); err != nil {
		t.Fatal(err)
	}
	if ch := last(t).Changes; len(ch) != 2 || ch[0].Op != "UPDATE" {
		t.Errorf("bulk update changes = %+v, want one UPDATE per region", ch)
	}
	if err := c.Region.DeleteOne(r2).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if e := last(t); e.Action != "OpDeleteOne Region" || len(e.Changes) != 1 || e.Changes[0].Op != "DELETE" || e.Changes[0].After != nil || e.Changes[0].ID != r2.ID {
		t.Errorf("delete entry %q: %+v, want one DELETE of region %d without values after", e.Action, e.Changes, r2.ID)
	}

	// The system's own writes (seeding) are not audited.
	n := count(t)
	if _, err := c.Region.Create().SetCode("18.73").SetName("Kabupaten X").SetKind(region.KindREGENCY).Save(sys); err != nil {
		t.Fatal(err)
	}
	if got := count(t); got != n {
		t.Errorf("the system's write left %d entries, want none", got-n)
	}
}

// TestActionIsTheMutationField: a write made while gqlgen resolves a root
// field (the context its executor gives a mutation's resolver) is entered
// under that field's name, not under the ent operation; a root field
// context without a field (none is collected) falls back to the operation.
func TestActionIsTheMutationField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) { actionIsTheMutationField(t, dsn) })
}

func actionIsTheMutationField(t *testing.T, dsn string) {
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	admin := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Admin, Username: "bkd.admin"})
	for _, tc := range []struct {
		name, code string
		field      *ast.Field
		want       string
	}{
		{"inside the createRegion field", "18.71", &ast.Field{Alias: "r", Name: "createRegion"}, "createRegion"},
		{"a root field context without a field", "18.72", nil, "OpCreate Region"},
	} {
		ctx := graphql.WithRootFieldContext(admin, &graphql.RootFieldContext{Object: "Mutation", Field: graphql.CollectedField{Field: tc.field}})
		r, err := db.Client.Region.Create().SetCode(tc.code).SetName("Kota " + tc.code).SetKind(region.KindCITY).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e, err := db.Client.AuditLog.Query().Where(auditlog.EntityID(r.ID), auditlog.Entity("Region")).Only(viewer.System(context.Background()))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if e.Action != tc.want {
			t.Errorf("%s: action %q, want %q", tc.name, e.Action, tc.want)
		}
	}
}
