package feed

import (
	"context"
	"fmt"

	"simasn/ent/unit"
	"simasn/internal/apperr"
	"simasn/internal/viewer"
)

// FeedFilter is a filter as a client gives it: ids and enum values.
type FeedFilter struct {
	UnitIDs    []int
	Categories []string
	Statuses   []string
	RegionIDs  []int
}

// Feed opens the complaint feed for the viewer of ctx (DESIGN §5).
func (h *Hub) Feed(ctx context.Context, after *string, f FeedFilter) (<-chan *Event, error) {
	filter := Filter{Categories: f.Categories, Statuses: f.Statuses, RegionIDs: f.RegionIDs}
	if len(f.UnitIDs) > 0 {
		units, err := h.client.Unit.Query().Where(unit.IDIn(f.UnitIDs...)).Select(unit.FieldPath).All(viewer.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("complaint feed: units: %w", err)
		}
		if len(units) != len(f.UnitIDs) {
			return nil, apperr.Invalid("filter.unitIDs", "some of the units %v do not exist", f.UnitIDs)
		}
		for _, u := range units {
			filter.UnitPaths = append(filter.UnitPaths, u.Path)
		}
	}
	if after != nil {
		if _, err := ParseCursor(*after); err != nil {
			return nil, apperr.Invalid("after", "%s", err)
		}
	}
	return h.Subscribe(ctx, viewer.FromContext(ctx), filter, after, 0)
}

// Follow opens the events of one complaint for its reporter, who has
// already proved who they are (complaintdesk.Reporter checks the tracking
// ID and the access key). Internal notes are never sent.
func (h *Hub) Follow(ctx context.Context, complaintID int) (<-chan *Event, error) {
	return h.Subscribe(ctx, viewer.FromContext(ctx), Filter{}, nil, complaintID)
}
