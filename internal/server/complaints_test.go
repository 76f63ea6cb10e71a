package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/apitest"
	"simasn/internal/complaint"
	"simasn/internal/complaintdesk"
)

// helpDesk is a small province for complaint tests: Dinas Kesehatan with a
// health centre (the leader's scope; the officer works at the centre) and
// Disdukcapil outside it, with its own leader.
type helpDesk struct {
	s                  *apitest.Server
	region             *ent.Region
	dinkes, pkm, capil *ent.Unit
	officer, clerk     *ent.Employee
	leaderAcc          *ent.Account
	otherAcc           *ent.Account
	officerAcc         *ent.Account
}

func newHelpDesk(t *testing.T, dsn string) *helpDesk {
	t.Helper()
	liftSubmitLimit(t)
	s := apitest.Start(t, dsn)
	d := &helpDesk{s: s, region: s.MustRegion("18.71", false)}
	d.dinkes = s.MustUnit("1.02", nil, d.region)
	d.pkm = s.MustUnit("1.02.P1", d.dinkes, d.region)
	d.capil = s.MustUnit("2.12", nil, d.region)
	head := s.MustEmployee(d.dinkes)
	d.officer = s.MustEmployee(d.pkm, apitest.WithSuperior(head))
	d.clerk = s.MustEmployee(d.capil)
	d.leaderAcc = s.MustAccount("kadis.dinkes", "LEADER", d.dinkes, head)
	d.otherAcc = s.MustAccount("kadis.capil", "LEADER", d.capil, nil)
	d.officerAcc = s.MustAccount("petugas.pkm", "EMPLOYEE", nil, d.officer)
	return d
}

// The views of the server, with tokens issued at the server's current clock.
func (d *helpDesk) admin() *apitest.Server    { return d.s.AsAccount(d.s.Admin) }
func (d *helpDesk) leader() *apitest.Server   { return d.s.AsAccount(d.leaderAcc) }
func (d *helpDesk) other() *apitest.Server    { return d.s.AsAccount(d.otherAcc) }
func (d *helpDesk) officerV() *apitest.Server { return d.s.AsAccount(d.officerAcc) }

// setClock moves the server's clock.
func (d *helpDesk) setClock(t time.Time) { d.s.Now.Store(&t) }

// liftSubmitLimit lifts the limit on public submissions for the test: the
// test clients all share one address.
func liftSubmitLimit(t *testing.T) {
	prev := complaintdesk.SetSubmitLimiter(nil)
	t.Cleanup(func() { complaintdesk.SetSubmitLimiter(prev) })
}

const submitComplaint = `mutation($in: SubmitComplaintInput!) {
  submitComplaint(input: $in) {
    trackingId accessKey
    complaint { id trackingID status privacy reporterName reporterContact receivedAt verifyDue answerDue settleDue }
  }
}`

type receipt struct {
	TrackingID string `json:"trackingId"`
	AccessKey  string
	Complaint  complaintView
}

// complaintView is what the tests read of a Complaint.
type complaintView struct {
	ID              string
	TrackingID      string `json:"trackingID"`
	Title           string
	Status          string
	Privacy         string
	Category        string
	ReporterName    *string
	ReporterContact *string
	StatusReason    *string
	ReceivedAt      time.Time
	ForwardedAt     *time.Time
	AnsweredAt      *time.Time
	SettledAt       *time.Time
	VerifyDue       time.Time
	AnswerDue       time.Time
	SettleDue       time.Time
	Rating          *int
	Overdue         []string
	NextStatuses    []string
	Unit            *struct{ Code string }
	Officer         *struct{ ID string }
	Responses       []struct{ Kind, Body, Author string }
}

const complaintFields = `id trackingID title status privacy category reporterName reporterContact statusReason
  receivedAt forwardedAt answeredAt settledAt verifyDue answerDue settleDue rating overdue nextStatuses
  unit { code } officer { id } responses { kind body author }`

// complaintInput is a valid submission, changed by the given edits.
func complaintInput(edits ...func(map[string]any)) map[string]any {
	in := map[string]any{
		"class":           "COMPLAINT",
		"category":        "HEALTH_SERVICE",
		"privacy":         "PUBLIC",
		"title":           "Antrean puskesmas terlalu lama",
		"body":            "Saya menunggu lebih dari empat jam di loket pendaftaran tanpa kejelasan.",
		"location":        "Kecamatan Kedaton",
		"reporterName":    "Rina Marlina",
		"reporterContact": "+62 812 3456 7890",
	}
	for _, e := range edits {
		e(in)
	}
	return in
}

func set(k string, v any) func(map[string]any) { return func(m map[string]any) { m[k] = v } }

func (d *helpDesk) submit(t *testing.T, as *apitest.Server, in map[string]any) receipt {
	t.Helper()
	var got struct{ SubmitComplaint receipt }
	as.With(t).MustDo(&got, submitComplaint, map[string]any{"in": in})
	return got.SubmitComplaint
}

const byTrackingID = `query($tid: String!, $key: String) { complaintByTrackingId(trackingId: $tid, accessKey: $key) { ` + complaintFields + ` } }`

// lookup returns complaintByTrackingId as seen by as, nil when null.
func lookup(t *testing.T, as *apitest.Server, tid string, key *string) *complaintView {
	t.Helper()
	var got struct{ ComplaintByTrackingID *complaintView }
	as.With(t).MustDo(&got, byTrackingID, map[string]any{"tid": tid, "key": key})
	return got.ComplaintByTrackingID
}

// events returns the event log of a complaint, oldest first.
func (d *helpDesk) events(t *testing.T, id string) []*ent.ComplaintEvent {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(id, &n); err != nil {
		t.Fatalf("complaint id %q: %v", id, err)
	}
	return apitest.Must(d.s.DB.Client.ComplaintEvent.Query().
		Where(complaintevent.ComplaintID(n)).
		Order(ent.Asc(complaintevent.FieldID)).All(apitest.Sys()))(t)
}

func kindsOf(evs []*ent.ComplaintEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = string(e.Kind)
	}
	return out
}

func (d *helpDesk) stored(t *testing.T, id string) *ent.Complaint {
	t.Helper()
	var n int
	fmt.Sscan(id, &n)
	return apitest.Must(d.s.DB.Client.Complaint.Get(apitest.Sys(), n))(t)
}

func ptr[T any](v T) *T { return &v }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestComplaintSubmissionAndReporterView(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		public := d.s.Public()

		r := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID)), set("regionID", apitest.GID(d.region.ID))))
		if _, ok := complaint.NormalizeTrackingID(r.TrackingID); !ok || !strings.HasPrefix(r.TrackingID, "LPG-") {
			t.Errorf("trackingId = %q, want a tracking ID like LPG-7KQ9-M2XD-4HT8", r.TrackingID)
		}
		if len(r.AccessKey) != 32 {
			t.Errorf("accessKey = %q, want 32 characters", r.AccessKey)
		}
		if got := r.Complaint; got.Status != "RECEIVED" || got.TrackingID != r.TrackingID || got.ReporterName == nil || *got.ReporterName != "Rina Marlina" {
			t.Errorf("receipt complaint = %+v, want RECEIVED with the reporter's own name", got)
		}
		stored := d.stored(t, r.Complaint.ID)
		if stored.AccessKeyHash == r.AccessKey || !complaint.CheckAccessKey(r.AccessKey, stored.AccessKeyHash) {
			t.Errorf("stored access key hash %q does not hash the key", stored.AccessKeyHash)
		}
		if got := kindsOf(d.events(t, r.Complaint.ID)); !slices.Equal(got, []string{"SUBMITTED"}) {
			t.Errorf("events = %v, want [SUBMITTED]", got)
		}

		// The public sees the complaint, not the reporter.
		got := lookup(t, public, r.TrackingID, nil)
		if got == nil || got.Title != "Antrean puskesmas terlalu lama" || got.ReporterName != nil || got.ReporterContact != nil {
			t.Errorf("public view = %+v, want the complaint without the reporter", got)
		}
		// The reporter with the key sees their details, however they type
		// the tracking ID.
		typed := strings.ToLower(strings.ReplaceAll(r.TrackingID, "-", " "))
		got = lookup(t, public, typed, &r.AccessKey)
		if got == nil || got.ReporterName == nil || *got.ReporterName != "Rina Marlina" || got.ReporterContact == nil {
			t.Errorf("reporter view of %q = %+v, want the reporter's name and contact", typed, got)
		}
		// A wrong key is the public view, without an error.
		got = lookup(t, public, r.TrackingID, ptr(wrongKey(r.AccessKey)))
		if got == nil || got.ReporterName != nil {
			t.Errorf("view with a wrong key = %+v, want the public view", got)
		}
		// Another unit's leader does not handle it: no reporter either.
		if got := lookup(t, d.other(), r.TrackingID, nil); got == nil || got.ReporterName != nil {
			t.Errorf("other unit's leader view = %+v, want the complaint without the reporter", got)
		}
		if got := lookup(t, d.leader(), r.TrackingID, nil); got == nil || got.ReporterName == nil {
			t.Errorf("leader's view = %+v, want the reporter (the complaint is in the leader's unit)", got)
		}
		if got := lookup(t, public, "LPG-0000-0000-0000", nil); got != nil {
			t.Errorf("unknown tracking ID gave %+v, want null", got)
		}
		public.MustFail("BAD_USER_INPUT", "trackingId", byTrackingID, map[string]any{"tid": "not-a-ticket"})

		// A confidential complaint: only its handlers and its reporter.
		conf := d.submit(t, public, complaintInput(set("privacy", "CONFIDENTIAL"), set("class", "WHISTLEBLOWING"),
			set("category", "CORRUPTION"), set("unitID", apitest.GID(d.pkm.ID))))
		if got := lookup(t, public, conf.TrackingID, nil); got != nil {
			t.Errorf("public view of a confidential complaint = %+v, want null", got)
		}
		if got := lookup(t, public, conf.TrackingID, ptr("wrong")); got != nil {
			t.Errorf("confidential complaint with a wrong key = %+v, want null", got)
		}
		if got := lookup(t, public, conf.TrackingID, &conf.AccessKey); got == nil || got.ReporterName == nil {
			t.Errorf("reporter's view of a confidential complaint = %+v, want it with the reporter", got)
		}
		if got := lookup(t, d.other(), conf.TrackingID, nil); got != nil {
			t.Errorf("other unit's leader sees the confidential complaint: %+v", got)
		}
		if got := lookup(t, d.leader(), conf.TrackingID, nil); got == nil || got.ReporterName == nil {
			t.Errorf("leader's view of the confidential complaint = %+v, want it with the reporter", got)
		}
		const list = `{ complaints { totalCount } }`
		for _, tc := range []struct {
			name string
			as   *apitest.Server
			want int
		}{{"public", public, 1}, {"other unit's leader", d.other(), 1}, {"leader", d.leader(), 2}, {"admin", d.admin(), 2}} {
			var n struct{ Complaints struct{ TotalCount int } }
			tc.as.With(t).MustDo(&n, list, nil)
			if n.Complaints.TotalCount != tc.want {
				t.Errorf("%s sees %d complaints, want %d", tc.name, n.Complaints.TotalCount, tc.want)
			}
		}
		d.other().MustFail("NOT_FOUND", "", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": conf.Complaint.ID})

		// An anonymous report: no identity at all.
		anon := d.submit(t, public, complaintInput(set("privacy", "ANONYMOUS"), set("reporterName", nil), set("reporterContact", nil)))
		if got := lookup(t, d.admin(), anon.TrackingID, nil); got == nil || deref(got.ReporterName) != "" || deref(got.ReporterContact) != "" || got.Privacy != "ANONYMOUS" {
			t.Errorf("anonymous complaint = %+v, want no reporter", got)
		}
	})
}

const (
	verifyComplaint = `mutation($id: ID!, $unit: ID!, $cat: ComplaintCategory) { verifyComplaint(id: $id, unitID: $unit, category: $cat) { ` + complaintFields + ` } }`
	assignComplaint = `mutation($id: ID!, $officer: ID!) { assignComplaint(id: $id, officerID: $officer) { ` + complaintFields + ` } }`
	respond         = `mutation($id: ID!, $kind: ComplaintResponseKind!, $body: String!) { respondToComplaint(id: $id, kind: $kind, body: $body) { kind body author complaint { ` + complaintFields + ` } } }`
	changeStatus    = `mutation($id: ID!, $to: ComplaintStatus!, $reason: String) { changeComplaintStatus(id: $id, status: $to, reason: $reason) { ` + complaintFields + ` } }`
	rateComplaint   = `mutation($tid: String!, $key: String!, $rating: Int!, $comment: String) { rateComplaint(trackingId: $tid, accessKey: $key, rating: $rating, comment: $comment) { ` + complaintFields + ` ratingComment } }`
	objectTo        = `mutation($tid: String!, $key: String!, $reason: String!) { objectToComplaint(trackingId: $tid, accessKey: $key, reason: $reason) { ` + complaintFields + ` } }`
	forwardTo       = `mutation($id: ID!, $unit: ID!) { forwardComplaint(id: $id, unitID: $unit) { ` + complaintFields + ` } }`
)

func TestComplaintLifecycle(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		public := d.s.Public()
		r := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID)), set("category", "OTHER")))
		id := r.Complaint.ID
		leader := d.leader()

		// Outsiders may not handle it.
		public.MustFail("UNAUTHENTICATED", "", verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)})
		d.other().MustFail("FORBIDDEN", "", verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)})
		d.officerV().MustFail("FORBIDDEN", "", verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)})

		var v struct{ VerifyComplaint complaintView }
		leader.MustDo(&v, verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID), "cat": "HEALTH_SERVICE"})
		got := v.VerifyComplaint
		if got.Status != "VERIFIED" || got.Category != "HEALTH_SERVICE" || got.Unit == nil || got.Unit.Code != "1.02.P1" || got.ForwardedAt == nil {
			t.Fatalf("verified = %+v, want VERIFIED, HEALTH_SERVICE, forwarded to 1.02.P1", got)
		}
		if want := complaintdesk.Calendar().AddWorkingDays(*got.ForwardedAt, complaint.AnswerWithin); !got.AnswerDue.Equal(want) {
			t.Errorf("answerDue = %s, want 5 working days after forwarding, %s", got.AnswerDue, want)
		}
		if !slices.Equal(got.NextStatuses, []string{"IN_PROGRESS", "POSTPONED", "NOT_OUR_AUTHORITY"}) {
			t.Errorf("nextStatuses = %v", got.NextStatuses)
		}

		// The officer must work in the unit or below it.
		leader.MustFail("BAD_USER_INPUT", "officerID", assignComplaint, map[string]any{"id": id, "officer": apitest.GID(d.clerk.ID)})
		leader.MustFail("BAD_USER_INPUT", "officerID", assignComplaint, map[string]any{"id": id, "officer": "987654"})
		var a struct{ AssignComplaint complaintView }
		leader.MustDo(&a, assignComplaint, map[string]any{"id": id, "officer": apitest.GID(d.officer.ID)})
		if a.AssignComplaint.Officer == nil || a.AssignComplaint.Officer.ID != apitest.GID(d.officer.ID) {
			t.Errorf("officer = %+v, want %d", a.AssignComplaint.Officer, d.officer.ID)
		}

		// The assigned officer now handles it.
		officer := d.officerV()
		officer.MustDo(nil, changeStatus, map[string]any{"id": id, "to": "IN_PROGRESS"})
		officer.MustDo(nil, respond, map[string]any{"id": id, "kind": "INTERNAL_NOTE", "body": "Sudah dikonfirmasi ke petugas loket."})
		var resp struct {
			RespondToComplaint struct {
				Kind, Body, Author string
				Complaint          complaintView
			}
		}
		officer.MustDo(&resp, respond, map[string]any{"id": id, "kind": "PUBLIC_RESPONSE", "body": "Loket kedua dibuka mulai pekan depan."})
		if got := resp.RespondToComplaint; got.Author != "petugas.pkm" || got.Complaint.Status != "ANSWERED" || got.Complaint.AnsweredAt == nil {
			t.Errorf("after the public response = %+v, want ANSWERED with answeredAt, written by petugas.pkm", got)
		}

		// Internal notes: handlers only, not the public nor the reporter.
		for _, tc := range []struct {
			name string
			as   *apitest.Server
			key  *string
			want []string
		}{
			{"public", public, nil, []string{"PUBLIC_RESPONSE"}},
			{"reporter", public, &r.AccessKey, []string{"PUBLIC_RESPONSE"}},
			{"other unit's leader", d.other(), nil, []string{"PUBLIC_RESPONSE"}},
			{"leader", leader, nil, []string{"INTERNAL_NOTE", "PUBLIC_RESPONSE"}},
			{"officer", officer, nil, []string{"INTERNAL_NOTE", "PUBLIC_RESPONSE"}},
		} {
			got := lookup(t, tc.as, r.TrackingID, tc.key)
			var kinds []string
			for _, x := range got.Responses {
				kinds = append(kinds, x.Kind)
			}
			if !slices.Equal(kinds, tc.want) {
				t.Errorf("%s sees responses %v, want %v", tc.name, kinds, tc.want)
			}
		}

		var rated struct{ RateComplaint complaintView }
		public.MustDo(&rated, rateComplaint, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "rating": 4, "comment": "Cukup cepat"})
		if rated.RateComplaint.Rating == nil || *rated.RateComplaint.Rating != 4 || rated.RateComplaint.ReporterName == nil {
			t.Errorf("rated = %+v, want rating 4 and the reporter's own view", rated.RateComplaint)
		}

		var closed struct{ ChangeComplaintStatus complaintView }
		leader.MustDo(&closed, changeStatus, map[string]any{"id": id, "to": "CLOSED"})
		if c := closed.ChangeComplaintStatus; c.Status != "CLOSED" || c.SettledAt == nil {
			t.Errorf("closed = %+v, want CLOSED with settledAt", c)
		}
		leader.MustFail("BAD_USER_INPUT", "reason", changeStatus, map[string]any{"id": id, "to": "ARCHIVED"})
		leader.MustFail("BAD_USER_INPUT", "reason", changeStatus, map[string]any{"id": id, "to": "ARCHIVED", "reason": "   "})
		leader.MustDo(&closed, changeStatus, map[string]any{"id": id, "to": "ARCHIVED", "reason": "Selesai ditindaklanjuti"})
		if c := closed.ChangeComplaintStatus; c.Status != "ARCHIVED" || c.StatusReason == nil || *c.StatusReason != "Selesai ditindaklanjuti" || len(c.NextStatuses) != 0 {
			t.Errorf("archived = %+v", c)
		}
		// Notes are still possible; public responses are not.
		leader.MustFail("BAD_USER_INPUT", "kind", respond, map[string]any{"id": id, "kind": "PUBLIC_RESPONSE", "body": "Tambahan"})
		leader.MustDo(nil, respond, map[string]any{"id": id, "kind": "INTERNAL_NOTE", "body": "Arsip lengkap."})

		// Every change wrote its event, in order, with the state after it.
		evs := d.events(t, id)
		type ev struct {
			Kind, Status string
			Internal     bool
			Officer      bool
		}
		var gotEvs []ev
		for _, e := range evs {
			gotEvs = append(gotEvs, ev{string(e.Kind), e.Status, e.Internal, e.OfficerID != nil})
		}
		want := []ev{
			{"SUBMITTED", "RECEIVED", false, false},
			{"VERIFIED", "VERIFIED", false, false},
			{"FORWARDED", "VERIFIED", false, false},
			{"ASSIGNED", "VERIFIED", false, true},
			{"STATUS_CHANGED", "IN_PROGRESS", false, true},
			{"NOTE_ADDED", "IN_PROGRESS", true, true},
			{"RESPONDED", "ANSWERED", false, true},
			{"STATUS_CHANGED", "ANSWERED", false, true},
			{"RATED", "ANSWERED", false, true},
			{"STATUS_CHANGED", "CLOSED", false, true},
			{"STATUS_CHANGED", "ARCHIVED", false, true},
			{"NOTE_ADDED", "ARCHIVED", true, true},
		}
		if !slices.Equal(gotEvs, want) {
			t.Errorf("events:\n got  %v\n want %v", gotEvs, want)
		}
		for _, e := range evs[1:] {
			if e.UnitID == nil || *e.UnitID != d.pkm.ID || e.UnitPath != d.pkm.Path || e.Category != "HEALTH_SERVICE" {
				t.Errorf("event %d %s: unit %v path %q category %s, want the health centre and HEALTH_SERVICE", e.ID, e.Kind, e.UnitID, e.UnitPath, e.Category)
			}
		}
	})
}

func TestComplaintForwardAndObjection(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		public := d.s.Public()
		admin := d.admin()
		r := d.submit(t, public, complaintInput())
		id := r.Complaint.ID
		// Without a suggested unit only an admin handles it.
		d.leader().MustFail("FORBIDDEN", "", verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.capil.ID)})
		admin.MustFail("BAD_USER_INPUT", "id", forwardTo, map[string]any{"id": id, "unit": apitest.GID(d.capil.ID)})
		admin.MustDo(nil, verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.capil.ID)})
		admin.MustFail("BAD_USER_INPUT", "id", verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)})
		// Disdukcapil passes it on to the health centre.
		d.other().MustFail("BAD_USER_INPUT", "unitID", forwardTo, map[string]any{"id": id, "unit": apitest.GID(d.capil.ID)})
		d.other().MustFail("BAD_USER_INPUT", "unitID", forwardTo, map[string]any{"id": id, "unit": "987654"})
		var f struct{ ForwardComplaint complaintView }
		d.other().MustDo(&f, forwardTo, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)})
		if f.ForwardComplaint.Unit == nil || f.ForwardComplaint.Unit.Code != "1.02.P1" || f.ForwardComplaint.Status != "VERIFIED" {
			t.Errorf("forwarded = %+v, want VERIFIED with the health centre", f.ForwardComplaint)
		}
		d.other().MustFail("FORBIDDEN", "", changeStatus, map[string]any{"id": id, "to": "IN_PROGRESS"})
		leader := d.leader()
		leader.MustDo(nil, respond, map[string]any{"id": id, "kind": "PUBLIC_RESPONSE", "body": "Sudah kami tindak lanjuti."})

		// The reporter objects within the window.
		public.MustFail("FORBIDDEN", "", objectTo, map[string]any{"tid": r.TrackingID, "key": "wrong", "reason": "Belum ada perubahan di loket."})
		public.MustFail("BAD_USER_INPUT", "reason", objectTo, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "reason": "tidak"})
		var o struct{ ObjectToComplaint complaintView }
		public.MustDo(&o, objectTo, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "reason": "Belum ada perubahan di loket."})
		if got := o.ObjectToComplaint; got.Status != "IN_PROGRESS" || got.StatusReason == nil || !strings.Contains(*got.StatusReason, "Belum ada perubahan") {
			t.Errorf("after the objection = %+v, want IN_PROGRESS with the objection as reason", got)
		}
		public.MustFail("BAD_USER_INPUT", "trackingId", objectTo, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "reason": "Masih belum ada perubahan."})
		leader.MustDo(nil, respond, map[string]any{"id": id, "kind": "PUBLIC_RESPONSE", "body": "Loket kedua sudah dibuka."})

		// After 10 working days (40 days leave room for any holidays) the
		// window is closed.
		later := d.s.Now.Load().AddDate(0, 0, 40)
		d.setClock(later)
		public.MustFail("BAD_USER_INPUT", "trackingId", objectTo, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "reason": "Masih belum ada perubahan."})
		n, err := complaintdesk.AutoClose(apitest.Sys(), d.s.DB.Client, complaintdesk.Calendar(), later)
		if err != nil || n != 1 {
			t.Fatalf("AutoClose = %d, %v; want 1 closed", n, err)
		}
		c := d.stored(t, id)
		if c.Status != entcomplaint.StatusCLOSED || c.SettledAt == nil {
			t.Errorf("after AutoClose: %s settled %v, want CLOSED and settled", c.Status, c.SettledAt)
		}
		want := []string{"SUBMITTED", "VERIFIED", "FORWARDED", "FORWARDED", "RESPONDED", "STATUS_CHANGED", "STATUS_CHANGED", "RESPONDED", "STATUS_CHANGED", "STATUS_CHANGED"}
		if got := kindsOf(d.events(t, id)); !slices.Equal(got, want) {
			t.Errorf("events = %v\nwant %v", got, want)
		}
	})
}

// mustComplaint stores a complaint in the given status directly, for the
// transition table.
func (d *helpDesk) mustComplaint(t *testing.T, st entcomplaint.Status) *ent.Complaint {
	t.Helper()
	tid, err := complaint.NewTrackingID()
	if err != nil {
		t.Fatal(err)
	}
	_, hash, _ := complaint.NewAccessKey()
	now := *d.s.Now.Load()
	c := apitest.Must(d.s.DB.Client.Complaint.Create().
		SetTrackingID(tid).SetAccessKeyHash(hash).
		SetClass(entcomplaint.ClassCOMPLAINT).SetCategory(entcomplaint.CategoryOTHER).
		SetChannel(entcomplaint.ChannelWEB).SetPrivacy(entcomplaint.PrivacyPUBLIC).
		SetTitle("Jalan rusak").SetBody("Jalan menuju puskesmas rusak parah sejak bulan lalu.").
		SetStatus(st).SetUnitID(d.pkm.ID).SetReceivedAt(now).
		SetVerifyDue(now).SetAnswerDue(now).SetSettleDue(now).Save(apitest.Sys()))(t)
	return c
}

func TestComplaintTransitions(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		leader := d.leader()
		for _, from := range complaint.Statuses() {
			for _, to := range complaint.Statuses() {
				allowed := complaint.CanTransition(from, to) && to != complaint.Verified && to != complaint.Answered
				t.Run(fmt.Sprintf("%s to %s", from, to), func(t *testing.T) {
					c := d.mustComplaint(t, entcomplaint.Status(from))
					vars := map[string]any{"id": apitest.GID(c.ID), "to": string(to), "reason": "alasan pengujian"}
					if !allowed {
						e := leader.With(t).MustFail("BAD_USER_INPUT", "status", changeStatus, vars)
						if !strings.Contains(e.Message, c.TrackingID) {
							t.Errorf("message %q does not name the complaint", e.Message)
						}
						after := apitest.Must(d.s.DB.Client.Complaint.Get(apitest.Sys(), c.ID))(t)
						if after.Status != c.Status || after.SettledAt != nil || after.StatusReason != "" {
							t.Errorf("refused change left %s (settled %v, reason %q), want %s unchanged", after.Status, after.SettledAt, after.StatusReason, c.Status)
						}
						if evs := d.events(t, apitest.GID(c.ID)); len(evs) != 0 {
							t.Errorf("refused change wrote events %v", kindsOf(evs))
						}
						return
					}
					var got struct{ ChangeComplaintStatus complaintView }
					leader.With(t).MustDo(&got, changeStatus, vars)
					if got.ChangeComplaintStatus.Status != string(to) {
						t.Errorf("status = %s, want %s", got.ChangeComplaintStatus.Status, to)
					}
					settled := to == complaint.Closed || to == complaint.Rejected || to == complaint.NotOurAuthority || to == complaint.Archived
					if (got.ChangeComplaintStatus.SettledAt != nil) != settled {
						t.Errorf("settledAt = %v, want set: %v", got.ChangeComplaintStatus.SettledAt, settled)
					}
					evs := d.events(t, apitest.GID(c.ID))
					if len(evs) != 1 || evs[0].Kind != complaintevent.KindSTATUS_CHANGED || evs[0].Status != string(to) {
						t.Errorf("events = %v, want one STATUS_CHANGED to %s", kindsOf(evs), to)
					}
				})
			}
		}
		// A reason is required for rejecting, postponing, not-our-authority
		// and archiving.
		for _, tc := range []struct{ from, to entcomplaint.Status }{
			{entcomplaint.StatusRECEIVED, entcomplaint.StatusREJECTED},
			{entcomplaint.StatusVERIFIED, entcomplaint.StatusPOSTPONED},
			{entcomplaint.StatusVERIFIED, entcomplaint.StatusNOT_OUR_AUTHORITY},
			{entcomplaint.StatusCLOSED, entcomplaint.StatusARCHIVED},
		} {
			c := d.mustComplaint(t, tc.from)
			leader.MustFail("BAD_USER_INPUT", "reason", changeStatus, map[string]any{"id": apitest.GID(c.ID), "to": string(tc.to)})
			if after := d.stored(t, apitest.GID(c.ID)); after.Status != tc.from || len(d.events(t, apitest.GID(c.ID))) != 0 {
				t.Errorf("%s → %s without a reason changed the complaint to %s", tc.from, tc.to, after.Status)
			}
		}
	})
}

func TestComplaintBadInput(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		public := d.s.Public()
		for _, tc := range []struct {
			name  string
			as    *apitest.Server
			edit  func(map[string]any)
			field string
		}{
			{"short title", public, set("title", " Ops "), "title"},
			{"long title", public, set("title", strings.Repeat("a", 201)), "title"},
			{"blank title", public, set("title", "   "), "title"},
			{"short body", public, set("body", "Lama sekali."), "body"},
			{"long body", public, set("body", strings.Repeat("a", 10_001)), "body"},
			{"long location", public, set("location", strings.Repeat("a", 301)), "location"},
			{"unknown region", public, set("regionID", "987654"), "regionID"},
			{"unknown unit", public, set("unitID", "987654"), "unitID"},
			{"unknown employee", public, set("employeeID", "987654"), "employeeID"},
			{"public walk-in", public, set("channel", "WALK_IN"), "channel"},
			{"bad contact", public, set("reporterContact", "hubungi saya"), "reporterContact"},
			{"short phone", public, set("reporterContact", "0812"), "reporterContact"},
			{"bad e-mail", public, set("reporterContact", "rina@"), "reporterContact"},
			{"anonymous with a name", public, set("privacy", "ANONYMOUS"), "reporterName"},
			{"long name", d.admin(), set("reporterName", strings.Repeat("a", 151)), "reporterName"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.as.With(t).MustFail("BAD_USER_INPUT", tc.field, submitComplaint, map[string]any{"in": complaintInput(tc.edit)})
			})
		}
		if n := apitest.Must(d.s.DB.Client.Complaint.Query().Count(apitest.Sys()))(t); n != 0 {
			t.Errorf("refused submissions stored %d complaints", n)
		}
		if n := apitest.Must(d.s.DB.Client.ComplaintEvent.Query().Count(apitest.Sys()))(t); n != 0 {
			t.Errorf("refused submissions wrote %d events", n)
		}
		// A walk-in report entered by staff, with an e-mail contact.
		r := d.submit(t, d.admin(), complaintInput(set("channel", "WALK_IN"), set("reporterContact", "rina@example.org"), set("employeeID", apitest.GID(d.officer.ID))))
		id := r.Complaint.ID

		leader := d.leader()
		d.admin().MustFail("BAD_USER_INPUT", "unitID", verifyComplaint, map[string]any{"id": id, "unit": "987654"})
		leader.MustFail("FORBIDDEN", "", verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)}) // no unit yet: not the leader's
		leader.MustFail("NOT_FOUND", "", verifyComplaint, map[string]any{"id": "987654", "unit": apitest.GID(d.pkm.ID)})
		d.admin().MustFail("BAD_USER_INPUT", "id", assignComplaint, map[string]any{"id": id, "officer": apitest.GID(d.officer.ID)})
		d.admin().MustFail("BAD_USER_INPUT", "body", respond, map[string]any{"id": id, "kind": "INTERNAL_NOTE", "body": "  "})
		d.admin().MustFail("BAD_USER_INPUT", "body", respond, map[string]any{"id": id, "kind": "PUBLIC_RESPONSE", "body": strings.Repeat("a", 10_001)})
		d.admin().MustFail("BAD_USER_INPUT", "status", changeStatus, map[string]any{"id": id, "to": "VERIFIED"})
		d.admin().MustFail("BAD_USER_INPUT", "reason", changeStatus, map[string]any{"id": id, "to": "REJECTED", "reason": strings.Repeat("a", 1001)})
		if c := d.stored(t, id); c.Status != entcomplaint.StatusRECEIVED {
			t.Errorf("status after refused steps = %s, want RECEIVED", c.Status)
		}
		if got := kindsOf(d.events(t, id)); !slices.Equal(got, []string{"SUBMITTED"}) {
			t.Errorf("events after refused steps = %v, want [SUBMITTED]", got)
		}
	})
}

func TestComplaintRating(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		public := d.s.Public()
		r := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID))))
		id := r.Complaint.ID
		rate := func(key string, rating int) map[string]any {
			return map[string]any{"tid": r.TrackingID, "key": key, "rating": rating}
		}
		public.MustFail("BAD_USER_INPUT", "rating", rateComplaint, rate(r.AccessKey, 5)) // not answered yet
		leader := d.leader()
		leader.MustDo(nil, verifyComplaint, map[string]any{"id": id, "unit": apitest.GID(d.pkm.ID)})
		leader.MustDo(nil, respond, map[string]any{"id": id, "kind": "PUBLIC_RESPONSE", "body": "Terima kasih, sudah kami perbaiki."})

		public.MustFail("FORBIDDEN", "", rateComplaint, rate("", 5))
		public.MustFail("FORBIDDEN", "", rateComplaint, rate(wrongKey(r.AccessKey), 5))
		public.MustFail("FORBIDDEN", "", rateComplaint, map[string]any{"tid": "LPG-0000-0000-0000", "key": r.AccessKey, "rating": 5})
		public.MustFail("BAD_USER_INPUT", "trackingId", rateComplaint, map[string]any{"tid": "LPG-1", "key": r.AccessKey, "rating": 5})
		public.MustFail("BAD_USER_INPUT", "rating", rateComplaint, rate(r.AccessKey, 0))
		public.MustFail("BAD_USER_INPUT", "rating", rateComplaint, rate(r.AccessKey, 6))
		public.MustFail("BAD_USER_INPUT", "comment", rateComplaint, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "rating": 5, "comment": strings.Repeat("a", 1001)})
		if c := d.stored(t, id); c.Rating != nil {
			t.Fatalf("refused ratings stored %d", *c.Rating)
		}
		var got struct {
			RateComplaint struct {
				complaintView
				RatingComment *string
			}
		}
		public.MustDo(&got, rateComplaint, map[string]any{"tid": r.TrackingID, "key": r.AccessKey, "rating": 5, "comment": " Cepat dan jelas "})
		if g := got.RateComplaint; g.Rating == nil || *g.Rating != 5 || g.RatingComment == nil || *g.RatingComment != "Cepat dan jelas" {
			t.Errorf("rated = %+v, want 5 with the comment", g)
		}
		public.MustFail("CONFLICT", "rating", rateComplaint, rate(r.AccessKey, 1))
		if c := d.stored(t, id); c.Rating == nil || *c.Rating != 5 {
			t.Errorf("rating after a second attempt = %v, want 5", c.Rating)
		}
		want := []string{"SUBMITTED", "VERIFIED", "FORWARDED", "RESPONDED", "STATUS_CHANGED", "RATED"}
		if got := kindsOf(d.events(t, id)); !slices.Equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
	})
}

// wib returns the instant at a WIB wall-clock time.
func wib(y int, m time.Month, day, hh, mm int) time.Time {
	return time.Date(y, m, day, hh, mm, 0, 0, complaint.WIB)
}

func TestComplaintDeadlines(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		// Monday 9 March 2026 is a holiday in this calendar.
		complaintdesk.SetCalendar(complaint.NewCalendar(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)))
		t.Cleanup(func() { complaintdesk.SetCalendar(nil) })

		// Received Thursday 5 March, 10:00: Friday, (weekend), (holiday),
		// Tuesday, Wednesday.
		d.setClock(wib(2026, 3, 5, 10, 0))
		r := d.submit(t, d.s.Public(), complaintInput(set("unitID", apitest.GID(d.pkm.ID))))
		for _, tc := range []struct {
			name      string
			got, want time.Time
		}{
			{"verifyDue", r.Complaint.VerifyDue, wib(2026, 3, 11, 10, 0)},
			{"answerDue before forwarding", r.Complaint.AnswerDue, wib(2026, 3, 18, 10, 0)},
			{"settleDue", r.Complaint.SettleDue, wib(2026, 5, 4, 10, 0)},
		} {
			if !tc.got.Equal(tc.want) {
				t.Errorf("%s = %s, want %s", tc.name, tc.got.In(complaint.WIB), tc.want.In(complaint.WIB))
			}
		}
		// Forwarded Friday 6 March, 15:00: (weekend), (holiday), Tuesday to
		// Friday, Monday.
		d.setClock(wib(2026, 3, 6, 15, 0))
		var v struct{ VerifyComplaint complaintView }
		d.leader().MustDo(&v, verifyComplaint, map[string]any{"id": r.Complaint.ID, "unit": apitest.GID(d.pkm.ID)})
		if got, want := v.VerifyComplaint.AnswerDue, wib(2026, 3, 16, 15, 0); !got.Equal(want) {
			t.Errorf("answerDue after forwarding = %s, want %s", got.In(complaint.WIB), want)
		}

		// The default calendar knows Idul Fitri 2026 and its collective leave.
		complaintdesk.SetCalendar(nil)
		d.setClock(wib(2026, 3, 16, 9, 0))
		r = d.submit(t, d.s.Public(), complaintInput())
		if got, want := r.Complaint.VerifyDue, wib(2026, 3, 26, 9, 0); !got.Equal(want) {
			t.Errorf("verifyDue over Lebaran = %s, want %s", got.In(complaint.WIB), want)
		}
	})
}

const overdueList = `query($kind: ComplaintOverdueKind) { overdueComplaints(kind: $kind) { totalCount edges { node { trackingID overdue } } } }`

func TestOverdueComplaints(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		public := d.s.Public()
		// Monday 2 March 2026, 10:00.
		d.setClock(wib(2026, 3, 2, 10, 0))
		waiting := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID))))
		forwarded := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID))))
		secret := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID)), set("privacy", "CONFIDENTIAL")))
		answered := d.submit(t, public, complaintInput(set("unitID", apitest.GID(d.pkm.ID))))
		d.leader().MustDo(nil, verifyComplaint, map[string]any{"id": forwarded.Complaint.ID, "unit": apitest.GID(d.pkm.ID)})
		d.leader().MustDo(nil, verifyComplaint, map[string]any{"id": answered.Complaint.ID, "unit": apitest.GID(d.pkm.ID)})
		d.leader().MustDo(nil, respond, map[string]any{"id": answered.Complaint.ID, "kind": "PUBLIC_RESPONSE", "body": "Sudah dijawab."})

		list := func(as *apitest.Server, kind any) map[string][]string {
			t.Helper()
			var got struct {
				OverdueComplaints struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							TrackingID string `json:"trackingID"`
							Overdue    []string
						}
					}
				}
			}
			as.With(t).MustDo(&got, overdueList, map[string]any{"kind": kind})
			out := map[string][]string{}
			for _, e := range got.OverdueComplaints.Edges {
				out[e.Node.TrackingID] = e.Node.Overdue
			}
			if len(out) != got.OverdueComplaints.TotalCount {
				t.Errorf("totalCount %d, %d edges", got.OverdueComplaints.TotalCount, len(out))
			}
			return out
		}
		ids := func(m map[string][]string) []string {
			var out []string
			for k := range m {
				out = append(out, k)
			}
			slices.Sort(out)
			return out
		}
		sorted := func(xs ...string) []string { slices.Sort(xs); return xs }

		for _, tc := range []struct {
			name   string
			at     time.Time
			kind   any
			as     func() *apitest.Server
			want   []string
			labels map[string][]string
		}{
			{"nothing is due on Thursday morning", wib(2026, 3, 5, 9, 59), nil, d.leader, nil, nil},
			{"verification due Thursday 10:00", wib(2026, 3, 5, 10, 1), "VERIFICATION", d.leader,
				sorted(waiting.TrackingID, secret.TrackingID),
				map[string][]string{waiting.TrackingID: {"VERIFICATION"}}},
			{"the public does not see the confidential one", wib(2026, 3, 5, 10, 1), "VERIFICATION", d.s.Public, sorted(waiting.TrackingID), nil},
			{"no answer overdue before Monday 9 March", wib(2026, 3, 9, 9, 0), "ANSWER", d.leader, nil, nil},
			{"answer due Monday 9 March", wib(2026, 3, 9, 10, 1), "ANSWER", d.leader, sorted(forwarded.TrackingID),
				map[string][]string{forwarded.TrackingID: {"ANSWER"}}},
			{"any deadline", wib(2026, 3, 9, 10, 1), nil, d.leader, sorted(waiting.TrackingID, secret.TrackingID, forwarded.TrackingID), nil},
			{"settlement after 60 days", wib(2026, 5, 2, 10, 1), "SETTLEMENT", d.leader,
				sorted(waiting.TrackingID, secret.TrackingID, forwarded.TrackingID),
				map[string][]string{waiting.TrackingID: {"VERIFICATION", "SETTLEMENT"}, forwarded.TrackingID: {"ANSWER", "SETTLEMENT"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				d.setClock(tc.at)
				got := list(tc.as(), tc.kind)
				if g := ids(got); !slices.Equal(g, tc.want) {
					t.Errorf("overdue = %v, want %v", g, tc.want)
				}
				for tid, want := range tc.labels {
					if !slices.Equal(got[tid], want) {
						t.Errorf("%s overdue = %v, want %v", tid, got[tid], want)
					}
				}
			})
		}
		// A verified complaint is no longer overdue for verification.
		d.setClock(wib(2026, 3, 5, 11, 0))
		d.leader().MustDo(nil, verifyComplaint, map[string]any{"id": waiting.Complaint.ID, "unit": apitest.GID(d.pkm.ID)})
		if got := ids(list(d.leader(), "VERIFICATION")); !slices.Equal(got, []string{secret.TrackingID}) {
			t.Errorf("overdue for verification after verifying = %v, want only %s", got, secret.TrackingID)
		}
	})
}

func TestComplaintSubmitRateLimit(t *testing.T) {
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		d := newHelpDesk(t, dsn)
		complaintdesk.SetSubmitLimiter(complaintdesk.NewSubmitLimiter(5, 5)) // restored by newHelpDesk's cleanup
		public := d.s.Public()
		for i := range 5 {
			d.submit(t, public, complaintInput(set("title", fmt.Sprintf("Keluhan nomor %d", i+1))))
		}
		e := public.MustFail("RATE_LIMITED", "", submitComplaint, map[string]any{"in": complaintInput()})
		if s, ok := e.Extensions["retryAfterSeconds"].(float64); !ok || s < 1 || s > 60 {
			t.Errorf("retryAfterSeconds = %v, want 1…60", e.Extensions["retryAfterSeconds"])
		}
		if n := apitest.Must(d.s.DB.Client.Complaint.Query().Count(apitest.Sys()))(t); n != 5 {
			t.Errorf("complaints stored = %d, want 5", n)
		}
		// Staff entering reports are not limited.
		d.submit(t, d.admin(), complaintInput(set("channel", "SMS")))
		// The bucket refills with the server's clock.
		d.setClock(d.s.Now.Load().Add(15 * time.Second)) // one token (12 s), whatever the set-up took
		d.submit(t, public, complaintInput())
		public.MustFail("RATE_LIMITED", "", submitComplaint, map[string]any{"in": complaintInput()})
	})
}

// wrongKey returns a key that differs from key in its last character.
func wrongKey(key string) string {
	last := byte('x')
	if key[len(key)-1] == last {
		last = 'y'
	}
	return key[:len(key)-1] + string(last)
}
