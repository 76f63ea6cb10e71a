package complaint_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"simasn/internal/complaint"
)

// allowed is the transition table of doc.go, written out again so that a
// change to the code must be a deliberate change to the test too.
var allowed = map[[2]complaint.Status]bool{
	{complaint.Received, complaint.Verified}:        true,
	{complaint.Received, complaint.Rejected}:        true,
	{complaint.Received, complaint.NotOurAuthority}: true,
	{complaint.Received, complaint.Archived}:        true,
	{complaint.Verified, complaint.InProgress}:      true,
	{complaint.Verified, complaint.Postponed}:       true,
	{complaint.Verified, complaint.NotOurAuthority}: true,
	{complaint.InProgress, complaint.Answered}:      true,
	{complaint.InProgress, complaint.Postponed}:     true,
	{complaint.Postponed, complaint.InProgress}:     true,
	{complaint.Postponed, complaint.Archived}:       true,
	{complaint.Answered, complaint.Closed}:          true,
	{complaint.Answered, complaint.InProgress}:      true,
	{complaint.NotOurAuthority, complaint.Archived}: true,
	{complaint.Rejected, complaint.Archived}:        true,
	{complaint.Closed, complaint.Archived}:          true,
}

func TestCanTransitionEveryPair(t *testing.T) {
	statuses := append(complaint.Statuses(), "", "received", "DONE")
	// Every pair, so that a transition added by mistake is caught too.
	for _, from := range statuses {
		for _, to := range statuses {
			t.Run(string(from)+" to "+string(to), func(t *testing.T) {
				want := allowed[[2]complaint.Status{from, to}]
				if got := complaint.CanTransition(from, to); got != want {
					t.Errorf("CanTransition(%q, %q) = %v, want %v", from, to, got, want)
				}
				err := complaint.CheckTransition(from, to)
				if want && err != nil {
					t.Errorf("CheckTransition(%q, %q) = %v, want nil", from, to, err)
				}
				if !want {
					var te *complaint.TransitionError
					if !errors.As(err, &te) {
						t.Fatalf("CheckTransition(%q, %q) = %v, want a *TransitionError", from, to, err)
					}
					if te.From != from || te.To != to {
						t.Errorf("CheckTransition(%q, %q) error has From %q, To %q", from, to, te.From, te.To)
					}
				}
			})
		}
	}
}

func TestNext(t *testing.T) {
	tests := []struct {
		from complaint.Status
		want []complaint.Status
	}{
		{complaint.Received, []complaint.Status{complaint.Verified, complaint.Rejected, complaint.NotOurAuthority, complaint.Archived}},
		{complaint.Verified, []complaint.Status{complaint.InProgress, complaint.Postponed, complaint.NotOurAuthority}},
		{complaint.InProgress, []complaint.Status{complaint.Answered, complaint.Postponed}},
		{complaint.Postponed, []complaint.Status{complaint.InProgress, complaint.Archived}},
		{complaint.Answered, []complaint.Status{complaint.Closed, complaint.InProgress}},
		{complaint.NotOurAuthority, []complaint.Status{complaint.Archived}},
		{complaint.Rejected, []complaint.Status{complaint.Archived}},
		{complaint.Closed, []complaint.Status{complaint.Archived}},
		{complaint.Archived, nil},
		{"BOGUS", nil},
	}
	for _, tc := range tests {
		t.Run(string(tc.from), func(t *testing.T) {
			// The same answer every time: the order must not depend on map
			// iteration.
			for range 20 {
				if got := complaint.Next(tc.from); !slices.Equal(got, tc.want) {
					t.Fatalf("Next(%q) = %v, want %v", tc.from, got, tc.want)
				}
			}
			for _, to := range complaint.Next(tc.from) {
				if !complaint.CanTransition(tc.from, to) {
					t.Errorf("Next(%q) offers %s, but CanTransition refuses it", tc.from, to)
				}
			}
		})
	}
}

func TestNextReturnsACopy(t *testing.T) {
	got := complaint.Next(complaint.Received)
	got[0] = complaint.Closed
	if complaint.CanTransition(complaint.Received, complaint.Closed) {
		t.Errorf("changing the slice from Next(RECEIVED) changed the transition table")
	}
	if again := complaint.Next(complaint.Received); again[0] != complaint.Verified {
		t.Errorf("Next(RECEIVED)[0] = %s after the caller changed its copy, want VERIFIED", again[0])
	}
}

func TestEveryStatusCanBeArchived(t *testing.T) {
	// No dead ends: from every status some path leads to ARCHIVED, and every
	// status is reachable from RECEIVED.
	reach := func(from complaint.Status) map[complaint.Status]bool {
		seen := map[complaint.Status]bool{from: true}
		queue := []complaint.Status{from}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, n := range complaint.Next(s) {
				if !seen[n] {
					seen[n] = true
					queue = append(queue, n)
				}
			}
		}
		return seen
	}
	fromReceived := reach(complaint.Received)
	for _, s := range complaint.Statuses() {
		if !fromReceived[s] {
			t.Errorf("%s cannot be reached from RECEIVED", s)
		}
		if !reach(s)[complaint.Archived] {
			t.Errorf("%s cannot reach ARCHIVED", s)
		}
	}
}

func TestTransitionErrorMessage(t *testing.T) {
	tests := []struct {
		name     string
		from, to complaint.Status
		want     string
	}{
		{"skipping the answer", complaint.InProgress, complaint.Closed,
			"a complaint that is IN_PROGRESS cannot become CLOSED; allowed: ANSWERED, POSTPONED"},
		{"back to received", complaint.Verified, complaint.Received,
			"a complaint that is VERIFIED cannot become RECEIVED; allowed: IN_PROGRESS, POSTPONED, NOT_OUR_AUTHORITY"},
		{"same status", complaint.Answered, complaint.Answered,
			"a complaint that is ANSWERED cannot become ANSWERED; allowed: CLOSED, IN_PROGRESS"},
		{"out of the archive", complaint.Archived, complaint.Received,
			"a complaint that is ARCHIVED cannot become RECEIVED; allowed: none"},
		{"unknown target", complaint.Closed, "DONE",
			`a complaint that is CLOSED cannot become "DONE" (not a complaint status); allowed: ARCHIVED`},
		{"unknown source", "draft", complaint.Received,
			`a complaint cannot leave status "draft": not a complaint status`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := complaint.CheckTransition(tc.from, tc.to)
			if err == nil {
				t.Fatalf("CheckTransition(%q, %q) = nil, want error %q", tc.from, tc.to, tc.want)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("CheckTransition(%q, %q) error = %q, want %q", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestStatusProperties(t *testing.T) {
	tests := []struct {
		status                  complaint.Status
		wantValid, wantTerminal bool
		wantOpen                bool
	}{
		{complaint.Received, true, false, true},
		{complaint.Verified, true, false, true},
		{complaint.InProgress, true, false, true},
		{complaint.Postponed, true, false, true},
		{complaint.Answered, true, false, false},
		{complaint.Closed, true, false, false},
		{complaint.NotOurAuthority, true, false, false},
		{complaint.Rejected, true, false, false},
		{complaint.Archived, true, true, false},
		{"", false, false, false},
		{"in_progress", false, false, false},
	}
	for _, tc := range tests {
		t.Run(string(tc.status), func(t *testing.T) {
			if got := tc.status.Valid(); got != tc.wantValid {
				t.Errorf("Status(%q).Valid() = %v, want %v", tc.status, got, tc.wantValid)
			}
			if got := tc.status.Terminal(); got != tc.wantTerminal {
				t.Errorf("Status(%q).Terminal() = %v, want %v", tc.status, got, tc.wantTerminal)
			}
			if got := tc.status.Open(); got != tc.wantOpen {
				t.Errorf("Status(%q).Open() = %v, want %v", tc.status, got, tc.wantOpen)
			}
		})
	}
}

func TestStatusesAreDistinctAndValid(t *testing.T) {
	want := []complaint.Status{"RECEIVED", "VERIFIED", "IN_PROGRESS", "ANSWERED", "CLOSED", "NOT_OUR_AUTHORITY", "POSTPONED", "ARCHIVED", "REJECTED"}
	if got := complaint.Statuses(); !slices.Equal(got, want) {
		t.Errorf("Statuses() = %v, want %v", got, want)
	}
	for _, s := range complaint.Statuses() {
		if !s.Valid() {
			t.Errorf("Status(%q).Valid() = false, want true", s)
		}
	}
}

func TestDocTableMatchesTransitions(t *testing.T) {
	// The lifecycle table in doc.go is what readers trust; keep it honest.
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatalf("read doc.go: %v", err)
	}
	documented := make(map[complaint.Status][]complaint.Status)
	inTable := false
	for line := range strings.Lines(string(src)) {
		row, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "//\t")
		if !ok {
			if inTable {
				break
			}
			continue
		}
		fields := strings.Fields(row)
		if len(fields) >= 2 && fields[0] == "from" && fields[1] == "to" {
			inTable = true
			continue
		}
		if !inTable {
			continue
		}
		from, rest, _ := strings.Cut(strings.TrimSpace(row), " ")
		var to []complaint.Status
		for target := range strings.SplitSeq(rest, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(target), " ")
			if name != "" && name != "(none)" {
				to = append(to, complaint.Status(name))
			}
		}
		documented[complaint.Status(from)] = to
	}
	if len(documented) != len(complaint.Statuses()) {
		t.Fatalf("doc.go table has %d rows, want one per status (%d): %v", len(documented), len(complaint.Statuses()), documented)
	}
	for _, s := range complaint.Statuses() {
		if got, want := documented[s], complaint.Next(s); !slices.Equal(got, want) {
			t.Errorf("doc.go says %s → %v, but Next(%s) = %v", s, got, s, want)
		}
	}
}
