package seed_test

import (
	"context"
	"testing"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/complaintresponse"
	"simasn/internal/apitest"
	"simasn/internal/complaint"
	"simasn/internal/complaintdesk"
	"simasn/internal/seed"
)

// checkComplaints: the demo complaints cover every status, class, channel
// and privacy; every one has its event log, starting with SUBMITTED; some
// are overdue at the seed's clock, some rated, some with internal notes.
func checkComplaints(t *testing.T, ctx context.Context, c *ent.Client, sum seed.Summary) {
	t.Helper()
	all := apitest.Must(c.Complaint.Query().WithResponses().All(ctx))(t)
	if len(all) != sum.Complaints || len(all) < 100 {
		t.Fatalf("complaints = %d (summary %d), want the summary's and at least 100", len(all), sum.Complaints)
	}
	seen := map[string]int{}
	rated, overdue, notes, public := 0, 0, 0, 0
	for _, cm := range all {
		seen["status "+string(cm.Status)]++
		seen["class "+string(cm.Class)]++
		seen["channel "+string(cm.Channel)]++
		seen["privacy "+string(cm.Privacy)]++
		if cm.Rating != nil {
			rated++
		}
		if len(complaintdesk.OverdueOf(cm, clock)) > 0 {
			overdue++
		}
		for _, r := range cm.Edges.Responses {
			if r.Kind == complaintresponse.KindINTERNAL_NOTE {
				notes++
			} else {
				public++
			}
		}
		if cm.ReceivedAt.After(clock) {
			t.Errorf("complaint %s received at %s, after the clock", cm.TrackingID, cm.ReceivedAt)
		}
		if cm.Privacy == entcomplaint.PrivacyANONYMOUS && (cm.ReporterName != "" || cm.ReporterContact != "") {
			t.Errorf("anonymous complaint %s names its reporter", cm.TrackingID)
		}
	}
	var want []string
	for _, s := range complaint.Statuses() {
		want = append(want, "status "+string(s))
	}
	for _, s := range complaint.Classes() {
		want = append(want, "class "+string(s))
	}
	for _, s := range complaint.Channels() {
		want = append(want, "channel "+string(s))
	}
	for _, s := range complaint.Privacies() {
		want = append(want, "privacy "+string(s))
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("no demo complaint with %s", w)
		}
	}
	if rated == 0 || overdue == 0 || notes == 0 || public == 0 {
		t.Errorf("rated %d, overdue %d, internal notes %d, public responses %d; want some of each", rated, overdue, notes, public)
	}
	// The event log is complete: one SUBMITTED first for each complaint,
	// and as many RESPONDED and NOTE_ADDED as responses.
	events := apitest.Must(c.ComplaintEvent.Query().Order(ent.Asc(complaintevent.FieldID)).All(ctx))(t)
	first := map[int]complaintevent.Kind{}
	kinds := map[complaintevent.Kind]int{}
	for _, e := range events {
		if _, ok := first[e.ComplaintID]; !ok {
			first[e.ComplaintID] = e.Kind
		}
		kinds[e.Kind]++
	}
	for _, cm := range all {
		if first[cm.ID] != complaintevent.KindSUBMITTED {
			t.Errorf("complaint %s: first event %q, want SUBMITTED", cm.TrackingID, first[cm.ID])
		}
	}
	if kinds[complaintevent.KindRESPONDED] != public || kinds[complaintevent.KindNOTE_ADDED] != notes || kinds[complaintevent.KindRATED] != rated {
		t.Errorf("events %v; want %d RESPONDED, %d NOTE_ADDED, %d RATED", kinds, public, notes, rated)
	}
	t.Logf("%d complaints, %d events, %d overdue at the clock, %d rated; %v", len(all), len(events), overdue, rated, seen)
}
