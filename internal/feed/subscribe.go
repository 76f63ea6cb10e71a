package feed

import (
	"context"
	"fmt"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/unit"
	"simasn/internal/access"
	"simasn/internal/apperr"
	complaintrules "simasn/internal/complaint"
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

// Follow opens the events of one complaint for its reporter, who proves
// who they are with the tracking ID and the access key. A wrong pair is
// NOT_FOUND, whichever half is wrong.
func (h *Hub) Follow(ctx context.Context, trackingID, accessKey string) (<-chan *Event, error) {
	notFound := apperr.NotFoundf("no complaint has this tracking ID and access key")
	id, ok := complaintrules.NormalizeTrackingID(trackingID)
	if !ok {
		return nil, apperr.Invalid("trackingId", "%q is not a tracking ID (they look like LPG-7KQ9-M2XD-4HT8)", trackingID)
	}
	cm, err := h.client.Complaint.Query().Where(complaint.TrackingID(id)).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("follow complaint: %w", err)
	}
	if !complaintrules.CheckAccessKey(accessKey, cm.AccessKeyHash) {
		return nil, notFound
	}
	access.GrantReporter(ctx, cm.ID)
	return h.Subscribe(ctx, viewer.FromContext(ctx), Filter{}, nil, cm.ID)
}
