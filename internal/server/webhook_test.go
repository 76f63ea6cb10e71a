package server_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/internal/apitest"
	"simasn/internal/webhook"
)

// receiver is a webhook receiver whose answers the test scripts: "fail"
// answers 500, "hang" answers nothing until the sender gives up, anything
// else 204. It keeps what it accepted.
type receiver struct {
	mu       sync.Mutex
	script   []string
	accepted []webhook.Payload
	bad      []string // requests whose signature did not check
	secret   string
	release  chan struct{}
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	next := "ok"
	if len(rc.script) > 0 {
		next, rc.script = rc.script[0], rc.script[1:]
	}
	// The signature, worked out here by hand: HMAC-SHA256 over "t.body".
	sig := r.Header.Get("X-Simasn-Signature")
	var ts, v1 string
	for _, part := range strings.Split(sig, ",") {
		if v, ok := strings.CutPrefix(part, "t="); ok {
			ts = v
		}
		if v, ok := strings.CutPrefix(part, "v1="); ok {
			v1 = v
		}
	}
	m := hmac.New(sha256.New, []byte(rc.secret))
	m.Write([]byte(ts + "." + string(body)))
	if want := hex.EncodeToString(m.Sum(nil)); v1 != want {
		rc.bad = append(rc.bad, sig)
	}
	rc.mu.Unlock()
	switch next {
	case "fail":
		http.Error(w, "gateway down", http.StatusInternalServerError)
	case "hang":
		select {
		case <-r.Context().Done():
		case <-rc.release:
		}
	default:
		var p webhook.Payload
		_ = json.Unmarshal(body, &p)
		rc.mu.Lock()
		rc.accepted = append(rc.accepted, p)
		rc.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
}

func (rc *receiver) seqs() []int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []int
	for _, p := range rc.accepted {
		out = append(out, p.Seq)
	}
	return out
}

// TestWebhooks registers an endpoint as an admin and delivers the
// complaint log to a receiver that fails, times out and recovers: events
// arrive in order, signed, at least once, internal notes never; failures
// wait out the backoff on a fixed clock; every attempt is in the delivery
// log, which only admins read; a new deliverer resumes from the cursor.
func TestWebhooks(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		u := s.MustUnit("1.02", nil, r)
		analyst := s.As(s.TokenFor(s.MustAccount("analis", "ANALYST", nil, nil)))
		const secret = "a-webhook-secret-of-32-characters!!"
		rc := &receiver{secret: secret, release: make(chan struct{})}
		ts := httptest.NewServer(rc)
		t.Cleanup(func() { close(rc.release); ts.Close() })

		// An event before the registration is not delivered.
		s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: u})

		// Refusals: bad input and non-admins, nothing created.
		create := `mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { id url active eventKinds } }`
		in := func(url string, kinds ...string) map[string]any {
			return map[string]any{"in": map[string]any{"url": url, "secret": secret, "eventKinds": kinds}}
		}
		s.MustFail("BAD_USER_INPUT", "url", create, in("ftp://sms.example"))
		s.MustFail("BAD_USER_INPUT", "eventKinds", create, in(ts.URL, "NOTE_ADDED"))
		s.MustFail("BAD_USER_INPUT", "secret", create, map[string]any{"in": map[string]any{"url": ts.URL, "secret": "short"}})
		analyst.MustFail("FORBIDDEN", "", create, in(ts.URL))
		if n := apitest.Must(s.DB.Client.WebhookEndpoint.Query().Count(apitest.Sys()))(t); n != 0 {
			t.Fatalf("%d endpoints after the refusals, want 0", n)
		}
		var made struct{ CreateWebhookEndpoint struct{ ID string } }
		s.MustDo(&made, create, in(ts.URL))

		// Three events: a submission, an internal note, a status change.
		cm, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: u})
		s.MustNote(cm, "cek ke puskesmas")
		s.MustStatus(cm, complaint.StatusIN_PROGRESS)

		now := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
		d := &webhook.Deliverer{Client: s.DB.Client, HTTP: &http.Client{Timeout: 300 * time.Millisecond},
			Now: func() time.Time { return now }, Backoff: time.Minute, MaxBackoff: time.Hour}
		ctx := context.Background()
		round := func(want int) {
			t.Helper()
			got, err := d.RunOnce(ctx)
			if err != nil || got != want {
				t.Fatalf("round at %s: %d delivered, %v; want %d", now.Format(time.TimeOnly), got, err, want)
			}
		}
		rc.script = []string{"fail", "hang"}
		round(0)                   // 500
		round(0)                   // not due: backoff 1 min
		now = now.Add(time.Minute) // due
		round(0)                   // times out
		now = now.Add(time.Minute)
		round(0) // not due: backoff now 2 min
		now = now.Add(time.Minute)
		round(2) // recovers: the submission, then the status change
		round(0)

		seqs := rc.seqs()
		if len(seqs) != 2 || seqs[0] >= seqs[1] {
			t.Fatalf("delivered %v, want two events in order", seqs)
		}
		if kinds := []string{rc.accepted[0].Kind, rc.accepted[1].Kind}; kinds[0] != "SUBMITTED" || kinds[1] != "STATUS_CHANGED" {
			t.Errorf("delivered kinds %v, want SUBMITTED, STATUS_CHANGED (no internal note)", kinds)
		}
		if p := rc.accepted[0]; p.Complaint.TrackingID != cm.TrackingID || p.Complaint.ID != cm.ID {
			t.Errorf("payload complaint %+v, want %d %s", p.Complaint, cm.ID, cm.TrackingID)
		}
		if len(rc.bad) > 0 {
			t.Errorf("signatures that do not check: %v", rc.bad)
		}

		// The delivery log, for admins only.
		logQuery := `{ webhookDeliveries(orderBy: {field: ATTEMPTED_AT}) { totalCount edges { node { eventSeq eventKind attempt delivered statusCode error } } } }`
		var log struct {
			WebhookDeliveries struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						EventSeq   int
						EventKind  string
						Attempt    int
						Delivered  bool
						StatusCode *int
						Error      string
					}
				}
			}
		}
		s.MustDo(&log, logQuery, nil)
		type row struct {
			seq, attempt int
			delivered    bool
			status       int
			says         string
		}
		want := []row{{seqs[0], 1, false, 500, "status 500"}, {seqs[0], 2, false, 0, "timeout"}, {seqs[0], 3, true, 204, ""}, {seqs[1], 1, true, 204, ""}}
		if len(log.WebhookDeliveries.Edges) != len(want) {
			t.Fatalf("delivery log has %d attempts, want %d: %+v", len(log.WebhookDeliveries.Edges), len(want), log)
		}
		for i, e := range log.WebhookDeliveries.Edges {
			n, w := e.Node, want[i]
			status := 0
			if n.StatusCode != nil {
				status = *n.StatusCode
			}
			if n.EventSeq != w.seq || n.Attempt != w.attempt || n.Delivered != w.delivered || status != w.status || !strings.Contains(n.Error, w.says) {
				t.Errorf("attempt %d: %+v, want %+v", i+1, n, w)
			}
		}
		var theirs struct{ WebhookDeliveries struct{ TotalCount int } }
		analyst.MustDo(&theirs, `{ webhookDeliveries { totalCount } }`, nil)
		if theirs.WebhookDeliveries.TotalCount != 0 {
			t.Errorf("an analyst reads %d delivery attempts", theirs.WebhookDeliveries.TotalCount)
		}

		// A new deliverer (a restart) resumes after the cursor.
		s.MustStatus(cm, complaint.StatusCLOSED)
		d2 := &webhook.Deliverer{Client: s.DB.Client, Now: func() time.Time { return now }}
		if n, err := d2.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("after a restart: %d delivered, %v; want 1", n, err)
		}
		if got := rc.seqs(); len(got) != 3 || got[2] <= got[1] {
			t.Errorf("after a restart delivered %v, want one more, later event", got)
		}
	})
}

// TestCareerWebhooks delivers the career event log (riwayat) to an
// endpoint that asks for transfers and promotions: the events of the
// mutations arrive in the order of the log, signed, with the decree and the
// employee's NIP, after the receiver failed, timed out and recovered; kinds
// not asked for (a position change, a complaint) are skipped; the delivery
// log says which log each attempt was from. An endpoint without a place in
// the career log (registered before career events were delivered) starts
// at its end.
func TestCareerWebhooks(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		r := s.MustRegion("18.71", false)
		from, to := s.MustUnit("1.02", nil, r), s.MustUnit("1.03", nil, r)
		e := s.MustEmployee(from)
		const secret = "another-webhook-secret-of-32-chars!"
		rc := &receiver{secret: secret, release: make(chan struct{})}
		ts := httptest.NewServer(rc)
		t.Cleanup(func() { close(rc.release); ts.Close() })

		type event struct{ ID string }
		promote := func(rank, number string) int {
			var out struct{ PromoteEmployee event }
			s.MustDo(&out, `mutation($input: PromoteEmployeeInput!) { promoteEmployee(input: $input) { id } }`,
				map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toRank": rank,
					"decree": map[string]any{"number": number, "date": "2026-03-02T00:00:00Z", "effectiveDate": "2026-04-01T00:00:00Z"}}})
			id, _ := strconv.Atoi(out.PromoteEmployee.ID)
			return id
		}
		move := func(u *ent.Unit) int {
			var out struct{ TransferEmployee event }
			s.MustDo(&out, `mutation($input: TransferEmployeeInput!) { transferEmployee(input: $input) { id } }`, map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "toUnitID": apitest.GID(u.ID), "decree": decree()}})
			id, _ := strconv.Atoi(out.TransferEmployee.ID)
			return id
		}
		promote("III/b", "823/1/III.04/2026") // before the endpoint: not delivered

		create := `mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { id } }`
		in := func(kinds ...string) map[string]any {
			return map[string]any{"in": map[string]any{"url": ts.URL, "secret": secret, "eventKinds": kinds}}
		}
		for _, bad := range []string{"TRANSFER", "CAREER_NOTE_ADDED", "CAREER_STATUS_CHANGED"} {
			s.MustFail("BAD_USER_INPUT", "eventKinds", create, in(bad))
		}
		var made struct{ CreateWebhookEndpoint struct{ ID string } }
		s.MustDo(&made, create, in("CAREER_TRANSFER", "CAREER_RANK_PROMOTION"))

		moved := move(to)
		s.MustDo(nil, `mutation($input: ChangeEmployeePositionInput!) { changeEmployeePosition(input: $input) { id } }`,
			map[string]any{"input": map[string]any{"employeeID": apitest.GID(e.ID), "positionName": "Kepala Seksi Mutasi", "positionType": "PENGAWAS", "decree": decree()}})
		s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: to})
		promoted := promote("III/c", "823/2/III.04/2026")

		now := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
		d := &webhook.Deliverer{Client: s.DB.Client, HTTP: &http.Client{Timeout: 300 * time.Millisecond},
			Now: func() time.Time { return now }, Backoff: time.Minute, MaxBackoff: time.Hour}
		ctx := context.Background()
		round := func(want int) {
			t.Helper()
			got, err := d.RunOnce(ctx)
			if err != nil || got != want {
				t.Fatalf("round at %s: %d delivered, %v; want %d", now.Format(time.TimeOnly), got, err, want)
			}
		}
		rc.script = []string{"fail", "hang"}
		round(0) // 500
		round(0) // not due
		now = now.Add(time.Minute)
		round(0) // times out
		now = now.Add(2 * time.Minute)
		round(2) // recovers: the transfer, then the promotion
		round(0)

		rc.mu.Lock()
		got := slices.Clone(rc.accepted)
		bad := slices.Clone(rc.bad)
		rc.mu.Unlock()
		if len(bad) > 0 {
			t.Errorf("signatures that do not check: %v", bad)
		}
		if len(got) != 2 {
			t.Fatalf("delivered %+v, want the transfer and the promotion", got)
		}
		fromID, toID := from.ID, to.ID
		want := []webhook.Payload{
			{Log: "CAREER", Seq: moved, Kind: "CAREER_TRANSFER", CareerEvent: &webhook.PayloadCareerEvent{ID: moved, EmployeeID: e.ID, NIP: e.Nip,
				DecreeNumber: "821.2/45/III.04/2026", DecreeDate: "2026-01-05", EffectiveDate: "2026-02-01",
				FromValue: "Analis Kepegawaian Ahli Pertama", ToValue: "Analis Kepegawaian Ahli Pertama", FromUnitID: &fromID, ToUnitID: &toID}},
			{Log: "CAREER", Seq: promoted, Kind: "CAREER_RANK_PROMOTION", CareerEvent: &webhook.PayloadCareerEvent{ID: promoted, EmployeeID: e.ID, NIP: e.Nip,
				DecreeNumber: "823/2/III.04/2026", DecreeDate: "2026-03-02", EffectiveDate: "2026-04-01", FromValue: "III/b", ToValue: "III/c"}},
		}
		for i := range want {
			got[i].OccurredAt = time.Time{}
			w, _ := json.Marshal(want[i])
			g, _ := json.Marshal(got[i])
			if string(g) != string(w) {
				t.Errorf("delivery %d:\n got %s\nwant %s", i+1, g, w)
			}
		}

		var log struct {
			WebhookDeliveries struct {
				Edges []struct {
					Node struct {
						EventLog  string
						EventSeq  int
						EventKind string
						Attempt   int
						Delivered bool
					}
				}
			}
		}
		s.MustDo(&log, `{ webhookDeliveries(orderBy: {field: ATTEMPTED_AT}, where: {eventLog: CAREER}) { edges { node { eventLog eventSeq eventKind attempt delivered } } } }`, nil)
		type row struct {
			seq, attempt int
			delivered    bool
		}
		wantLog := []row{{moved, 1, false}, {moved, 2, false}, {moved, 3, true}, {promoted, 1, true}}
		if len(log.WebhookDeliveries.Edges) != len(wantLog) {
			t.Fatalf("career delivery log: %+v, want %v", log, wantLog)
		}
		for i, edge := range log.WebhookDeliveries.Edges {
			n := edge.Node
			if n.EventLog != "CAREER" || (row{n.EventSeq, n.Attempt, n.Delivered}) != wantLog[i] {
				t.Errorf("attempt %d: %+v, want %+v in the CAREER log", i+1, n, wantLog[i])
			}
		}

		// An endpoint registered before career events were delivered has no
		// place in the career log: its first round puts it at the end, so it
		// receives the career events committed after, not the history.
		var all struct{ CreateWebhookEndpoint struct{ ID string } }
		s.MustDo(&all, create, in())
		allID, _ := strconv.Atoi(all.CreateWebhookEndpoint.ID)
		apitest.Check(s.DB.Client.WebhookEndpoint.UpdateOneID(allID).ClearCareerCursor().Exec(apitest.Sys()))(t)
		round(0)
		back := move(from)
		round(2) // the transfer back, to both endpoints
		rc.mu.Lock()
		last := rc.accepted[len(rc.accepted)-2:]
		rc.mu.Unlock()
		for _, p := range last {
			if p.Seq != back || p.Kind != "CAREER_TRANSFER" {
				t.Errorf("after the transfer back delivered %+v, want career event %d", p, back)
			}
		}
	})
}
