package feed

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"entgo.io/ent/dialect"

	"simasn/ent"
	"simasn/ent/complaintevent"
	"simasn/ent/hook"
	"simasn/ent/unit"
	"simasn/internal/txn"
	"simasn/internal/viewer"
)

// Channel is the PostgreSQL NOTIFY channel of the complaint feed.
const Channel = "simasn_complaint_events"

// lockKey is the transaction-level advisory lock that orders event writers.
const lockKey = 0x51A5_F33D

// Record appends an event about cm to the log, in the transaction of c.
// Call it after the change to cm, in the same transaction. internal marks
// an internal note, which neither the public nor the reporter receives.
func Record(ctx context.Context, c *ent.Client, cm *ent.Complaint, kind complaintevent.Kind, internal bool) (*ent.ComplaintEvent, error) {
	sys := viewer.System(ctx)
	create := c.ComplaintEvent.Create().
		SetComplaintID(cm.ID).
		SetKind(kind).
		SetOccurredAt(now()).
		SetStatus(string(cm.Status)).
		SetPrivacy(string(cm.Privacy)).
		SetCategory(string(cm.Category)).
		SetNillableRegionID(cm.RegionID).
		SetNillableUnitID(cm.UnitID).
		SetNillableOfficerID(cm.OfficerID).
		SetInternal(internal)
	if cm.UnitID != nil {
		u, err := c.Unit.Query().Where(unit.ID(*cm.UnitID)).Select(unit.FieldPath).Only(sys)
		if err != nil {
			return nil, fmt.Errorf("record complaint event: unit %d: %w", *cm.UnitID, err)
		}
		create.SetUnitPath(u.Path)
	}
	ev, err := create.Save(sys)
	if err != nil {
		return nil, fmt.Errorf("record complaint event: %w", err)
	}
	return ev, nil
}

// Local wakes the hubs reading the log through one client when that client
// commits an event; other clients (other instances) learn of it through
// NOTIFY or their tick.
type Local struct {
	mu   sync.Mutex
	hubs map[*Hub]struct{}
}

func (l *Local) add(h *Hub) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hubs == nil {
		l.hubs = map[*Hub]struct{}{}
	}
	l.hubs[h] = struct{}{}
}

func (l *Local) remove(h *Hub) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hubs, h)
}

func (l *Local) wake() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for h := range l.hubs {
		h.Wake()
	}
}

// Register installs the outbox hook on c for the given dialect: on
// PostgreSQL it takes the ordering lock before an event is inserted and
// notifies the channel with its id after; on every dialect it wakes the
// hubs of this client (see Options.Local) once the transaction commits.
func Register(c *ent.Client, dia string) *Local {
	local := &Local{}
	c.ComplaintEvent.Use(hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ComplaintEventFunc(func(ctx context.Context, m *ent.ComplaintEventMutation) (ent.Value, error) {
			if dia == dialect.Postgres {
				// Held until commit: a later writer waits, so it gets a
				// larger id and commits after us.
				if _, err := m.Client().ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey); err != nil {
					return nil, fmt.Errorf("order complaint events: %w", err)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if dia == dialect.Postgres {
				id, _ := m.ID()
				if _, err := m.Client().ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, strconv.Itoa(id)); err != nil {
					return nil, fmt.Errorf("notify complaint event: %w", err)
				}
			}
			txn.AfterCommit(ctx, local.wake)
			return v, nil
		})
	}, ent.OpCreate))
	return local
}
