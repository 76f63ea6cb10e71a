package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/apitest"
	"simasn/internal/testdb"
)

const feedSub = `subscription($after: String, $filter: ComplaintFeedFilter) {
  complaintFeed(after: $after, filter: $filter) { cursor kind complaint { trackingID title privacy reporterName } } }`

type feedEvent struct {
	ComplaintFeed struct {
		Cursor    string
		Kind      string
		Complaint struct {
			TrackingID   string
			Title        string
			Privacy      string
			ReporterName *string
		}
	}
}

const wait = 10 * time.Second

func TestFeedPublicView(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		dinkes := s.MustUnit("1.02", nil, r)
		pkm := s.MustUnit("1.02.P1", dinkes, r)
		bkd := s.MustUnit("5.03", nil, r)
		head := s.MustEmployee(dinkes)
		leaderToken := s.TokenFor(s.MustAccount("leader", "LEADER", dinkes, head))
		otherToken := s.TokenFor(s.MustAccount("leader.bkd", "LEADER", bkd, nil))

		for _, protocol := range []string{apitest.ProtocolTransportWS, apitest.ProtocolGraphQLWS} {
			t.Run(protocol, func(t *testing.T) {
				s := s.With(t)
				public, err := s.DialWS(protocol, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				leader, err := s.DialWS(protocol, nil, map[string]any{"authToken": leaderToken})
				if err != nil {
					t.Fatal(err)
				}
				other, err := s.DialWS(protocol, nil, map[string]any{"Authorization": "Bearer " + otherToken})
				if err != nil {
					t.Fatal(err)
				}
				// From the end of the log: a subscription receives every later
				// event however long it takes to register, so no sleep.
				from := map[string]any{"after": cursorNow(t, s)}
				public.Subscribe("1", feedSub, from)
				leader.Subscribe("1", feedSub, from)
				other.Subscribe("1", feedSub, from)

				secret, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyCONFIDENTIAL, Unit: pkm, Title: "Pungutan liar di puskesmas"})
				s.MustNote(secret, "cek ke kepala puskesmas")
				open, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyANONYMOUS, Unit: pkm, Title: "Obat sering kosong"})

				// The leader of the unit receives everything, in order, with the reporter.
				var ev feedEvent
				for _, want := range []struct{ kind, tracking string }{
					{"SUBMITTED", secret.TrackingID}, {"NOTE_ADDED", secret.TrackingID}, {"SUBMITTED", open.TrackingID},
				} {
					leader.Next("1", wait, &ev)
					if ev.ComplaintFeed.Kind != want.kind || ev.ComplaintFeed.Complaint.TrackingID != want.tracking {
						t.Fatalf("leader got %+v, want %s of %s", ev.ComplaintFeed, want.kind, want.tracking)
					}
				}
				if ev.ComplaintFeed.Complaint.ReporterName == nil {
					t.Error("the leader handling the case does not see the reporter")
				}
				// The public and another unit's leader see only the anonymous
				// complaint, never its reporter, never the confidential one or the note.
				for name, w := range map[string]*apitest.WS{"public": public, "other leader": other} {
					w.Next("1", wait, &ev)
					if ev.ComplaintFeed.Complaint.TrackingID != open.TrackingID || ev.ComplaintFeed.Kind != "SUBMITTED" {
						t.Errorf("%s got %+v, want only the anonymous complaint", name, ev.ComplaintFeed)
					}
					if ev.ComplaintFeed.Complaint.ReporterName != nil {
						t.Errorf("%s sees the reporter %q of an anonymous complaint", name, *ev.ComplaintFeed.Complaint.ReporterName)
					}
				}
				// Nothing else reaches them: the next event each receives is a
				// public marker written last (events arrive in log order).
				marker, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm, Title: "Penanda"})
				for name, w := range map[string]*apitest.WS{"public": public, "other leader": other, "leader": leader} {
					w.Next("1", wait, &ev)
					if ev.ComplaintFeed.Complaint.TrackingID != marker.TrackingID {
						t.Errorf("%s got %+v, want the marker %s next", name, ev.ComplaintFeed, marker.TrackingID)
					}
				}
			})
		}
	})
}

func TestFeedResume(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		pkm := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		w, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.Subscribe("a", feedSub, nil)
		s.WaitSubscribers(1)
		first, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
		var ev feedEvent
		w.Next("a", wait, &ev)
		if ev.ComplaintFeed.Complaint.TrackingID != first.TrackingID {
			t.Fatalf("got %+v", ev.ComplaintFeed)
		}
		cursor := ev.ComplaintFeed.Cursor
		w.Close() // the subscriber goes away; events happen meanwhile

		var missed []string
		for i := 0; i < 5; i++ {
			cm, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
			missed = append(missed, cm.TrackingID)
			s.MustStatus(cm, complaint.StatusIN_PROGRESS)
		}
		w2, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w2.Subscribe("b", feedSub, map[string]any{"after": cursor})
		prev := cursor
		for i, tracking := range missed {
			for _, kind := range []string{"SUBMITTED", "STATUS_CHANGED"} {
				w2.Next("b", wait, &ev)
				if ev.ComplaintFeed.Kind != kind || ev.ComplaintFeed.Complaint.TrackingID != tracking {
					t.Fatalf("replay %d: got %s of %s, want %s of %s", i, ev.ComplaintFeed.Kind, ev.ComplaintFeed.Complaint.TrackingID, kind, tracking)
				}
				if seq(t, ev.ComplaintFeed.Cursor) <= seq(t, prev) {
					t.Fatalf("cursor %s after %s: out of order or repeated", ev.ComplaintFeed.Cursor, prev)
				}
				prev = ev.ComplaintFeed.Cursor
			}
		}
		// Then live, with nothing repeated.
		live, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
		w2.Next("b", wait, &ev)
		if ev.ComplaintFeed.Complaint.TrackingID != live.TrackingID {
			t.Fatalf("after the replay got %+v, want the live complaint %s", ev.ComplaintFeed, live.TrackingID)
		}
		// Nothing repeats: the next event is the one written next.
		next, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
		w2.Next("b", wait, &ev)
		if ev.ComplaintFeed.Complaint.TrackingID != next.TrackingID {
			t.Fatalf("after the live complaint got %+v, want %s", ev.ComplaintFeed, next.TrackingID)
		}

		// A bad cursor is a clear error.
		w3, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w3.Subscribe("c", feedSub, map[string]any{"after": "yesterday"})
		m, err := w3.Read(wait)
		if err != nil || m.ID != "c" || !strings.Contains(string(m.Payload), "not a feed cursor") {
			t.Errorf("bad cursor: %s %s %v", m.Type, m.Payload, err)
		}
	})
}

// cursorNow is the cursor of the last event in the log ("0" when it is
// empty).
func cursorNow(t *testing.T, s *apitest.Server) string {
	t.Helper()
	ids, err := s.DB.Client.ComplaintEvent.Query().IDs(apitest.Sys())
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(slices.Max(append(ids, 0)))
}

func seq(t *testing.T, cursor string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(cursor, &n); err != nil {
		t.Fatalf("cursor %q: %v", cursor, err)
	}
	return n
}

func TestFeedFilterAndReporter(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	r := s.MustRegion("18.71", false)
	dinkes := s.MustUnit("1.02", nil, r)
	pkm := s.MustUnit("1.02.P1", dinkes, r)
	bkd := s.MustUnit("5.03", nil, r)
	w, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Subscribe("f", feedSub, map[string]any{"filter": map[string]any{"unitIDs": []string{apitest.GID(dinkes.ID)}, "statuses": []string{"VERIFIED"}}})
	s.WaitSubscribers(1)
	s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: bkd})
	mine, key := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyCONFIDENTIAL, Unit: pkm})
	in, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
	var ev feedEvent
	w.Next("f", wait, &ev)
	if ev.ComplaintFeed.Complaint.TrackingID != in.TrackingID {
		t.Fatalf("filtered feed got %+v, want only %s", ev.ComplaintFeed, in.TrackingID)
	}

	// The reporter follows their own confidential complaint with the key.
	const updates = `subscription($t: String!, $k: String!) { complaintUpdates(trackingId: $t, accessKey: $k) { cursor kind complaint { trackingID reporterName } } }`
	w.Subscribe("r", updates, map[string]any{"t": mine.TrackingID, "k": key})
	s.WaitSubscribers(2)
	s.MustNote(mine, "internal")
	s.MustStatus(mine, complaint.StatusIN_PROGRESS)
	var up struct {
		ComplaintUpdates struct {
			Kind      string
			Complaint struct {
				TrackingID   string
				ReporterName *string
			}
		}
	}
	w.Next("r", wait, &up)
	if up.ComplaintUpdates.Kind != "STATUS_CHANGED" || up.ComplaintUpdates.Complaint.ReporterName == nil {
		t.Errorf("reporter got %+v, want the status change (not the internal note) with their name", up.ComplaintUpdates)
	}
	w.Subscribe("x", updates, map[string]any{"t": mine.TrackingID, "k": "wrong"})
	m, err := w.Read(wait)
	if err != nil || m.ID != "x" || !strings.Contains(string(m.Payload), "FORBIDDEN") {
		t.Errorf("wrong access key: %s %s %v", m.Type, m.Payload, err)
	}
}

func TestFeedOverSSE(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	pkm := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
	body, _ := json.Marshal(map[string]any{"query": feedSub})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q, want text/event-stream", ct)
	}
	s.WaitSubscribers(1)
	cm, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok && strings.Contains(line, "complaintFeed") {
			if !strings.Contains(line, cm.TrackingID) {
				t.Errorf("SSE event %s, want %s", line, cm.TrackingID)
			}
			return
		}
	}
	t.Fatalf("no SSE event: %v", sc.Err())
}

func TestWebsocketOriginsAndTokens(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, testdb.SQLite(t))
	if _, err := s.DialWS(apitest.ProtocolTransportWS, http.Header{"Origin": {"https://evil.example"}}, nil); err == nil {
		t.Error("a websocket from a foreign origin was accepted")
	}
	host := strings.TrimPrefix(s.URL, "http://")
	if _, err := s.DialWS(apitest.ProtocolTransportWS, http.Header{"Origin": {"http://" + host}}, nil); err != nil {
		t.Errorf("a websocket from the server's own origin was refused: %v", err)
	}
	if _, err := s.DialWS(apitest.ProtocolTransportWS, nil, map[string]any{"authToken": "forged"}); err == nil {
		t.Error("a websocket with a forged token was accepted")
	}
}

// TestFeedConcurrentWriters checks that readers see a gap-free sequence in
// commit order while twenty writers add events at once.
func TestFeedConcurrentWriters(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		pkm := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		w, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.Subscribe("c", feedSub, nil)
		s.WaitSubscribers(1)
		const writers, each = 20, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < each; j++ {
					if _, _, err := s.Complaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a writer: %v", err)
		}
		got := map[int]bool{}
		prev := 0
		for len(got) < writers*each {
			var ev feedEvent
			w.Next("c", wait, &ev)
			n := seq(t, ev.ComplaintFeed.Cursor)
			if n <= prev {
				t.Fatalf("event %d after %d: out of order or repeated", n, prev)
			}
			prev = n
			got[n] = true
		}
		ids := apitest.Must(s.DB.Client.ComplaintEvent.Query().Where(complaintevent.KindEQ(complaintevent.KindSUBMITTED)).IDs(apitest.Sys()))(t)
		sort.Ints(ids)
		for _, id := range ids {
			if !got[id] {
				t.Errorf("event %d was never delivered", id)
			}
		}
	})
}

// TestFeedAcrossInstances: a complaint written through one instance
// reaches a websocket subscriber of another instance on the same
// PostgreSQL database, through LISTEN/NOTIFY (their ticks are an hour).
func TestFeedAcrossInstances(t *testing.T) {
	dsn := testdb.Postgres(t)
	defer func(tick time.Duration) { apitest.HubTick = tick }(apitest.HubTick)
	apitest.HubTick = time.Hour
	a := apitest.Start(t, dsn)
	b := apitest.Start(t, dsn)
	pkm := a.MustUnit("1.02", nil, a.MustRegion("18.71", false))
	w, err := b.DialWS(apitest.ProtocolTransportWS, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Subscribe("x", feedSub, nil)
	b.WaitSubscribers(1)
	cm, _ := a.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm})
	var ev feedEvent
	w.Next("x", wait, &ev)
	if ev.ComplaintFeed.Complaint.TrackingID != cm.TrackingID {
		t.Errorf("instance B got %+v, want %s written through A", ev.ComplaintFeed, cm.TrackingID)
	}
}
