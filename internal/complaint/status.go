package complaint

import (
	"fmt"
	"slices"
	"strings"
)

// Status is where a complaint stands in its handling (status laporan).
type Status string

const (
	// Received has arrived and awaits verification (belum terverifikasi).
	Received Status = "RECEIVED"
	// Verified has been verified and forwarded (disposisi) to the unit
	// responsible (terverifikasi).
	Verified Status = "VERIFIED"
	// InProgress is being followed up by the unit (diproses, tindak lanjut).
	InProgress Status = "IN_PROGRESS"
	// Answered has the unit's answer; the reporter may object within the
	// objection window (ObjectionWindow).
	Answered Status = "ANSWERED"
	// Closed was settled: answered, and not objected to in time (selesai).
	Closed Status = "CLOSED"
	// NotOurAuthority concerns a matter outside the administration's
	// authority (bukan kewenangan).
	NotOurAuthority Status = "NOT_OUR_AUTHORITY"
	// Postponed is on hold, for instance while waiting for the reporter to
	// complete the report (ditunda).
	Postponed Status = "POSTPONED"
	// Archived is stored away for good (diarsipkan).
	Archived Status = "ARCHIVED"
	// Rejected failed verification: incomplete, abusive, or not a report
	// (ditolak).
	Rejected Status = "REJECTED"
)

// Statuses returns every status, in a stable order.
func Statuses() []Status {
	return []Status{Received, Verified, InProgress, Answered, Closed, NotOurAuthority, Postponed, Archived, Rejected}
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// transitions lists, for each status, the statuses it may move to, in the
// order Next returns them. Every status has an entry, so that Valid can use
// it; the table in doc.go must match.
var transitions = map[Status][]Status{
	Received:        {Verified, Rejected, NotOurAuthority, Archived},
	Verified:        {InProgress, Postponed, NotOurAuthority},
	InProgress:      {Answered, Postponed},
	Postponed:       {InProgress, Archived},
	Answered:        {Closed, InProgress},
	NotOurAuthority: {Archived},
	Rejected:        {Archived},
	Closed:          {Archived},
	Archived:        {},
}

// CanTransition reports whether a complaint may move from status from to
// status to. Staying in the same status is not a transition.
func CanTransition(from, to Status) bool {
	return slices.Contains(transitions[from], to)
}

// Next returns the statuses a complaint in status from may move to, in a
// stable order; none for Archived or for a status that is not valid. The
// slice is the caller's to keep.
func Next(from Status) []Status {
	return slices.Clone(transitions[from])
}

// Terminal reports whether no transition leaves s. Only Archived is terminal:
// Closed, Rejected and NotOurAuthority are outcomes, but can still be
// archived.
func (s Status) Terminal() bool {
	next, ok := transitions[s]
	return ok && len(next) == 0
}

// Open reports whether a complaint in status s still needs work from the
// administration: Received, Verified, InProgress or Postponed. Answered is
// not open: the unit has done its part and the reporter's objection window
// is running, so the time it takes does not count against the handlers (an
// objection reopens the complaint as InProgress).
func (s Status) Open() bool {
	switch s {
	case Received, Verified, InProgress, Postponed:
		return true
	}
	return false
}

// TransitionError reports a refused status change.
type TransitionError struct {
	From, To Status
}

// Error says which change was refused and which were allowed, as in
// "a complaint that is IN_PROGRESS cannot become CLOSED; allowed: ANSWERED,
// POSTPONED". Values that are not statuses are quoted.
func (e *TransitionError) Error() string {
	if !e.From.Valid() {
		return fmt.Sprintf("a complaint cannot leave status %q: not a complaint status", e.From)
	}
	to := string(e.To)
	if !e.To.Valid() {
		to = fmt.Sprintf("%q (not a complaint status)", e.To)
	}
	allowed := "none"
	if next := transitions[e.From]; len(next) > 0 {
		names := make([]string, len(next))
		for i, s := range next {
			names[i] = string(s)
		}
		allowed = strings.Join(names, ", ")
	}
	return fmt.Sprintf("a complaint that is %s cannot become %s; allowed: %s", e.From, to, allowed)
}

// CheckTransition returns nil if a complaint may move from status from to
// status to, and a *TransitionError otherwise.
func CheckTransition(from, to Status) error {
	if CanTransition(from, to) {
		return nil
	}
	return &TransitionError{From: from, To: to}
}
