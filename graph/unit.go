package graph

import (
	"context"

	"simasn/ent"
)

// moveUnit re-parents a unit; the orgtree hook rewrites the subtree's paths.
func moveUnit(ctx context.Context, c *ent.Client, id int, parentID *int) (*ent.Unit, error) {
	upd := c.Unit.UpdateOneID(id)
	if parentID == nil {
		upd.ClearParent()
	} else {
		upd.SetParentID(*parentID)
	}
	return upd.Save(ctx)
}
