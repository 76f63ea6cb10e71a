package orgtree

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/hook"
	"simasn/ent/predicate"
	"simasn/ent/unit"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// Register installs the path-keeping hook on the client's units.
func Register(c *ent.Client) {
	c.Unit.Use(hook.On(pathHook, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate))
}

// Under matches the unit whose path is path and every unit below it.
func Under(path string) predicate.Unit {
	return predicate.Unit(func(s *sql.Selector) {
		col := s.C(unit.FieldPath)
		if s.Dialect() == dialect.Postgres {
			// Served by the text_pattern_ops index on units.path (ent/schema/unit.go).
			s.Where(sql.P(func(b *sql.Builder) {
				b.WriteString(col).WriteString(" LIKE ").Arg(path + "%")
			}))
			return
		}
		// GLOB, unlike LIKE, uses SQLite's ordinary (binary) index. Codes
		// cannot contain GLOB's special characters.
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString(col).WriteString(" GLOB ").Arg(path + "*")
		}))
	})
}

// Subtree returns a predicate matching the unit with the given id and every
// unit below it.
func Subtree(ctx context.Context, c *ent.Client, unitID int) (predicate.Unit, error) {
	u, err := c.Unit.Query().Where(unit.ID(unitID)).Select(unit.FieldPath).Only(viewer.System(ctx))
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("unit %d does not exist", unitID)
		}
		return nil, fmt.Errorf("subtree of unit %d: %w", unitID, err)
	}
	return Under(u.Path), nil
}

// PathOf is the path of a unit with the given code below a parent path
// (empty for a root).
func PathOf(parentPath, code string) string {
	if parentPath == "" {
		return "/" + code + "/"
	}
	return parentPath + code + "/"
}

func pathHook(next ent.Mutator) ent.Mutator {
	return hook.UnitFunc(func(ctx context.Context, m *ent.UnitMutation) (ent.Value, error) {
		pid, parentSet := m.ParentID()
		moving := parentSet || m.ParentCleared()
		switch {
		case m.Op().Is(ent.OpCreate):
			return create(ctx, next, m, pid, parentSet)
		case !moving:
			return next.Mutate(ctx, m)
		case m.Op().Is(ent.OpUpdate):
			return nil, apperr.Invalid("parentID", "units move one at a time")
		default:
			return move(ctx, next, m, pid, parentSet)
		}
	})
}

func create(ctx context.Context, next ent.Mutator, m *ent.UnitMutation, pid int, hasParent bool) (ent.Value, error) {
	code, _ := m.Code()
	parentPath, depth := "", 0
	if hasParent {
		parent, err := parentOf(viewer.System(ctx), m.Client(), pid)
		if err != nil {
			return nil, err
		}
		parentPath, depth = parent.Path, parent.Depth+1
	}
	m.SetPath(PathOf(parentPath, code))
	m.SetDepth(depth)
	return next.Mutate(ctx, m)
}

func move(ctx context.Context, next ent.Mutator, m *ent.UnitMutation, pid int, hasParent bool) (ent.Value, error) {
	id, _ := m.ID()
	c := m.Client()
	// The tree's own bookkeeping reads and rewrites units the caller may not
	// name; whether the caller may move this unit at all is judged by the
	// access rules when the move itself runs (next.Mutate).
	sys := viewer.System(ctx)
	old, err := c.Unit.Get(sys, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("unit %d does not exist", id)
		}
		return nil, fmt.Errorf("move unit %d: %w", id, err)
	}
	parentPath, depth := "", 0
	if hasParent {
		parent, err := parentOf(sys, c, pid)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(parent.Path, old.Path) {
			return nil, apperr.Invalid("parentID", "unit %s cannot move below itself or its own subunit %s", old.Code, parent.Code)
		}
		parentPath, depth = parent.Path, parent.Depth+1
	}
	newPath := PathOf(parentPath, old.Code)
	m.SetPath(newPath)
	m.SetDepth(depth)
	v, err := next.Mutate(ctx, m)
	if err != nil || newPath == old.Path {
		return v, err
	}
	// Rewrite the subtree: replace the old prefix, shift the depth.
	cut := len(old.Path) + 1 // SUBSTR is 1-based
	err = c.Unit.Update().
		Where(Under(old.Path), unit.IDNEQ(id)).
		Modify(func(u *sql.UpdateBuilder) {
			u.Set(unit.FieldPath, sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("CAST(").Arg(newPath).WriteString(" AS TEXT) || SUBSTR(").Ident(unit.FieldPath).WriteString(", ").Arg(cut).WriteString(")")
			}))
			u.Add(unit.FieldDepth, depth-old.Depth)
		}).
		Exec(sys)
	if err != nil {
		return nil, fmt.Errorf("move subtree of unit %d: %w", id, err)
	}
	return v, nil
}

func parentOf(ctx context.Context, c *ent.Client, id int) (*ent.Unit, error) {
	p, err := c.Unit.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.Invalid("parentID", "parent unit %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load parent unit %d: %w", id, err)
	}
	return p, nil
}

// Move puts the unit below parentID (at the top when nil); the hook rewrites
// the paths of its whole subtree in the same transaction.
func Move(ctx context.Context, c *ent.Client, id int, parentID *int) (*ent.Unit, error) {
	upd := c.Unit.UpdateOneID(id)
	if parentID == nil {
		upd.ClearParent()
	} else {
		upd.SetParentID(*parentID)
	}
	return upd.Save(ctx)
}
