package feed

import (
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/complaintevent"
	"simasn/internal/access"
	"simasn/internal/viewer"
)

// Event is one event as subscribers receive it.
type Event struct {
	row       *ent.ComplaintEvent
	complaint *ent.Complaint
	err       error
}

// Complaint is the complaint as it is when the event is read; its fields
// are filtered per viewer when they are resolved. For the last event of an
// ended subscription it returns the reason.
func (e *Event) Complaint() (*ent.Complaint, error) {
	if e.err != nil {
		return nil, e.err
	}
	return e.complaint, nil
}

// Seq is the event's position in the log.
func (e *Event) Seq() int { return e.row.ID }

// Cursor is the event's cursor: pass it as after to resume after it. For
// the last event of an ended subscription it returns the reason.
func (e *Event) Cursor() (string, error) {
	if e.err != nil {
		return "", e.err
	}
	return Cursor(e.row.ID), nil
}

// Err is the reason a subscription ended, on its last event.
func (e *Event) Err() error { return e.err }

// Kind is what happened.
func (e *Event) Kind() complaintevent.Kind {
	if e.row == nil {
		return ""
	}
	return e.row.Kind
}

// OccurredAt is when it happened.
func (e *Event) OccurredAt() time.Time {
	if e.row == nil {
		return time.Time{}
	}
	return e.row.OccurredAt
}

// Visible reports whether v may receive an event, by the complaint read
// rule of internal/access (access.ComplaintReach) — the same rule that
// filters every query of complaints and responses: events of complaints v
// sees, and internal notes only to those who handle the complaint.
func Visible(v *viewer.Viewer, r *ent.ComplaintEvent) bool {
	reach := access.ComplaintReachOf(v)
	officer := 0
	if r.OfficerID != nil {
		officer = *r.OfficerID
	}
	if r.Internal {
		return reach.Handles(r.UnitPath, officer)
	}
	return reach.Sees(r.Privacy == "CONFIDENTIAL", r.UnitPath, officer)
}

func anyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if s != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// Ended is the last event of a subscription that ends for err, which its
// resolvers report (see Err).
func Ended(err error) *Event { return &Event{err: err} }
