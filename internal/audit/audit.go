package audit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"simasn/ent"
	"simasn/ent/schema"
	"simasn/internal/request"
	"simasn/internal/txn"
	"simasn/internal/viewer"
)

// redacted replaces the values of secret fields in the trail.
const redacted = "[redacted]"

var secret = map[string]bool{"password_hash": true, "access_key_hash": true, "nik": true}

// Register installs the capturing hook on every entity of c.
func Register(c *ent.Client) {
	c.Use(capture)
}

type collectorKey struct{}

// Collect returns ctx with room for the changes of one transaction; pass
// it to txn.TxOpener's context so the changes are written as one entry
// per operation just before the transaction commits.
func Collect(ctx context.Context) context.Context {
	return context.WithValue(ctx, collectorKey{}, &collector{changes: map[string][]schema.Change{}})
}

// collectorFor returns the collector of ctx, arranging (once) for it to be
// written before the transaction commits.
func collectorFor(ctx context.Context) *collector {
	col, _ := ctx.Value(collectorKey{}).(*collector)
	if col == nil {
		return nil
	}
	col.once.Do(func() {
		col.registered = txn.BeforeCommit(ctx, func(ctx context.Context, c *ent.Client) error {
			return col.write(ctx, c, time.Now())
		})
	})
	if !col.registered {
		return nil
	}
	return col
}

// collector gathers the changes of one transaction, per API operation field.
type collector struct {
	once       sync.Once
	registered bool
	mu         sync.Mutex
	order      []string
	changes    map[string][]schema.Change
}

func (c *collector) add(action string, ch []schema.Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.changes[action]; !ok {
		c.order = append(c.order, action)
	}
	c.changes[action] = append(c.changes[action], ch...)
}

func (c *collector) write(ctx context.Context, client *ent.Client, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, action := range c.order {
		if err := entry(ctx, client, at, action, c.changes[action]); err != nil {
			return err
		}
	}
	return nil
}

func entry(ctx context.Context, client *ent.Client, at time.Time, action string, changes []schema.Change) error {
	if len(changes) == 0 {
		return nil
	}
	v := viewer.FromContext(ctx)
	create := client.AuditLog.Create().
		SetAt(at).
		SetActor(v.Username).
		SetAction(action).
		SetEntity(changes[0].Entity).
		SetEntityID(changes[0].ID).
		SetChanges(changes).
		SetRequestID(request.ID(ctx))
	if v.AccountID != 0 {
		create.SetActorID(v.AccountID)
	}
	return create.Exec(viewer.System(ctx))
}

// action names the API operation a write belongs to: the mutation field.
func action(ctx context.Context, m ent.Mutation) string {
	if fc := graphql.GetRootFieldContext(ctx); fc != nil && fc.Field.Field != nil {
		return fc.Field.Name
	}
	return fmt.Sprintf("%s %s", m.Op(), m.Type())
}

type (
	ider  interface{ ID() (int, bool) }
	idser interface {
		IDs(context.Context) ([]int, error)
	}
	clienter interface{ Client() *ent.Client }
)

func capture(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		col := collectorFor(ctx)
		if m.Type() == "AuditLog" || (col == nil && viewer.FromContext(ctx).IsSystem()) {
			return next.Mutate(ctx, m)
		}
		before, ids, err := snapshot(ctx, m)
		if err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if m.Op().Is(ent.OpCreate) {
			if id, ok := m.(ider).ID(); ok {
				ids = []int{id}
			}
		}
		after := values(m)
		changes := make([]schema.Change, 0, len(ids))
		for _, id := range ids {
			ch := schema.Change{Entity: m.Type(), ID: id, Op: opName(m.Op()), After: after}
			if len(before) > 0 {
				ch.Before = before
			}
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				ch.After = nil
			}
			changes = append(changes, ch)
		}
		if col != nil {
			col.add(action(ctx, m), changes)
			return v, nil
		}
		c, ok := m.(clienter)
		if !ok {
			return nil, fmt.Errorf("audit: %T has no client", m)
		}
		if err := entry(ctx, c.Client(), time.Now(), action(ctx, m), changes); err != nil {
			return nil, fmt.Errorf("write audit trail: %w", err)
		}
		return v, nil
	})
}

// snapshot returns the ids a write will touch and, for a single-record
// update, the old values of the fields it changes.
func snapshot(ctx context.Context, m ent.Mutation) (map[string]any, []int, error) {
	switch {
	case m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne):
		id, _ := m.(ider).ID()
		if !m.Op().Is(ent.OpUpdateOne) {
			return nil, []int{id}, nil
		}
		before := map[string]any{}
		for _, f := range touched(m) {
			old, err := m.OldField(ctx, f)
			if err != nil {
				return nil, nil, fmt.Errorf("audit: old %s: %w", f, err)
			}
			before[f] = value(f, old)
		}
		return before, []int{id}, nil
	case m.Op().Is(ent.OpUpdate | ent.OpDelete):
		ids, err := m.(idser).IDs(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("audit: ids of %s: %w", m.Type(), err)
		}
		return nil, ids, nil
	}
	return nil, nil, nil
}

func touched(m ent.Mutation) []string {
	fs := append(append(append([]string{}, m.Fields()...), m.ClearedFields()...), m.AddedFields()...)
	out := fs[:0]
	for _, f := range fs {
		if f != "updated_at" && f != "created_at" {
			out = append(out, f)
		}
	}
	return out
}

// values returns the new values a write sets.
func values(m ent.Mutation) map[string]any {
	after := map[string]any{}
	for _, f := range m.Fields() {
		if f == "updated_at" || f == "created_at" {
			continue
		}
		v, _ := m.Field(f)
		after[f] = value(f, v)
	}
	for _, f := range m.ClearedFields() {
		after[f] = nil
	}
	for _, f := range m.AddedFields() {
		d, _ := m.AddedField(f)
		after[f] = map[string]any{"add": d}
	}
	return after
}

func value(field string, v ent.Value) any {
	if secret[field] {
		return redacted
	}
	return v
}

func opName(op ent.Op) string {
	switch {
	case op.Is(ent.OpCreate):
		return "CREATE"
	case op.Is(ent.OpDelete | ent.OpDeleteOne):
		return "DELETE"
	default:
		return "UPDATE"
	}
}
