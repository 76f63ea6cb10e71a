package complaintdesk_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"simasn/ent"
	entcomplaint "simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/ent/complaintresponse"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/apitest"
	"simasn/internal/apperr"
	"simasn/internal/complaint"
	"simasn/internal/complaintdesk"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// sys is the context of the tests: the system, which passes every rule.
func sys() context.Context { return viewer.System(context.Background()) }

// open returns a migrated database for the DSN with one unit, closed when
// the test ends.
func open(t *testing.T, dsn string) (*ent.Client, *ent.Unit) {
	t.Helper()
	db, err := store.Open(sys(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(sys()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	r := apitest.Must(db.Client.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).Save(sys()))(t)
	u := apitest.Must(db.Client.Unit.Create().SetCode("1.02").SetName("Dinas Kesehatan").SetKind(unit.KindAGENCY).SetRegionID(r.ID).Save(sys()))(t)
	return db.Client, u
}

// wib returns the instant at a WIB wall-clock time.
func wib(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, complaint.WIB)
}

var input = complaintdesk.SubmitInput{
	Class:   entcomplaint.ClassCOMPLAINT,
	Privacy: entcomplaint.PrivacyPUBLIC,
	Title:   "Obat kosong di apotek puskesmas",
	Body:    "Sudah tiga kali datang, obat hipertensi selalu kosong.",
}

// calendar is a calendar without holidays, so the tests count weekends only.
var calendar = complaint.NewCalendar()

func TestOverdueRulesAgree(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		c, u := open(t, dsn)
		received := wib(2026, 3, 2, 10, 0) // a Monday
		forwarded := wib(2026, 3, 4, 9, 0)
		answered := wib(2026, 3, 10, 9, 0)
		settled := wib(2026, 3, 20, 9, 0)
		type shape struct {
			status                       complaint.Status
			forwarded, answered, settled *time.Time
		}
		var shapes []shape
		for _, st := range complaint.Statuses() {
			for _, f := range []*time.Time{nil, &forwarded} {
				for _, a := range []*time.Time{nil, &answered} {
					for _, s := range []*time.Time{nil, &settled} {
						shapes = append(shapes, shape{st, f, a, s})
					}
				}
			}
		}
		byID := map[int]shape{}
		for i, sh := range shapes {
			d := complaint.DeadlinesFor(calendar, received, sh.forwarded, sh.answered)
			cm := apitest.Must(c.Complaint.Create().
				SetTrackingID(fmt.Sprintf("LPG-TEST-%04d-0000", i)).SetAccessKeyHash("x").
				SetClass(entcomplaint.ClassCOMPLAINT).SetCategory(entcomplaint.CategoryOTHER).
				SetChannel(entcomplaint.ChannelWEB).SetPrivacy(entcomplaint.PrivacyPUBLIC).
				SetTitle("Judul").SetBody("Isi pengaduan").SetUnitID(u.ID).
				SetStatus(entcomplaint.Status(sh.status)).SetReceivedAt(received).
				SetNillableForwardedAt(sh.forwarded).SetNillableAnsweredAt(sh.answered).SetNillableSettledAt(sh.settled).
				SetVerifyDue(d.Verify).SetAnswerDue(d.Answer).SetSettleDue(d.Settle).Save(sys()))(t)
			byID[cm.ID] = sh
		}
		all := apitest.Must(c.Complaint.Query().All(sys()))(t)
		for _, now := range []time.Time{
			wib(2026, 3, 5, 9, 0), wib(2026, 3, 5, 10, 1), wib(2026, 3, 11, 9, 1),
			wib(2026, 3, 12, 10, 1), wib(2026, 5, 1, 10, 1), wib(2026, 6, 1, 0, 0),
		} {
			for _, kind := range append([]complaint.Overdue{""}, complaint.Overdues()...) {
				var k *complaint.Overdue
				if kind != "" {
					k = &kind
				}
				got := apitest.Must(c.Complaint.Query().Where(complaintdesk.OverdueWhere(k, now)).IDs(sys()))(t)
				slices.Sort(got)
				var want []int
				for _, cm := range all {
					sh := byID[cm.ID]
					rule := complaint.OverdueAt(calendar, sh.status, received, sh.forwarded, sh.answered, sh.settled, now)
					if of := complaintdesk.OverdueOf(cm, now); !slices.Equal(of, rule) {
						t.Errorf("%+v at %s: OverdueOf = %v, OverdueAt = %v", sh, now, of, rule)
					}
					if (k == nil && len(rule) > 0) || (k != nil && slices.Contains(rule, *k)) {
						want = append(want, cm.ID)
					}
				}
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("OverdueWhere(%q) at %s matched %d complaints, want %d", kind, now, len(got), len(want))
				}
			}
		}
	})
}

func TestAutoClose(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		c, u := open(t, dsn)
		ctx := sys()
		t0 := wib(2026, 3, 2, 10, 0) // a Monday
		r, err := complaintdesk.Submit(ctx, c, calendar, nil, t0, input)
		if err != nil {
			t.Fatal(err)
		}
		id := r.Complaint.ID
		if _, err := complaintdesk.Verify(ctx, c, calendar, t0, id, u.ID, nil); err != nil {
			t.Fatal(err)
		}
		answered := wib(2026, 3, 3, 10, 0)
		if _, err := complaintdesk.Respond(ctx, c, answered, id, complaintresponse.KindPUBLIC_RESPONSE, "Stok obat sudah dipenuhi."); err != nil {
			t.Fatal(err)
		}
		// Another answered complaint, reopened and answered again later.
		r2, _ := complaintdesk.Submit(ctx, c, calendar, nil, t0, input)
		complaintdesk.Verify(ctx, c, calendar, t0, r2.Complaint.ID, u.ID, nil)
		complaintdesk.Respond(ctx, c, answered, r2.Complaint.ID, complaintresponse.KindPUBLIC_RESPONSE, "Sudah.")
		if _, err := complaintdesk.Object(context.Background(), c, calendar, wib(2026, 3, 5, 10, 0), r2.TrackingID, r2.AccessKey, "Obat masih kosong hari ini."); err != nil {
			t.Fatal(err)
		}
		complaintdesk.Respond(ctx, c, wib(2026, 3, 9, 10, 0), r2.Complaint.ID, complaintresponse.KindPUBLIC_RESPONSE, "Sekarang sudah ada.")

		// Ten working days after Tuesday 3 March 10:00 is Tuesday 17 March 10:00.
		for _, tc := range []struct {
			at   time.Time
			want int
		}{
			{wib(2026, 3, 17, 10, 0), 0},
			{wib(2026, 3, 17, 10, 1), 1},
			{wib(2026, 3, 18, 10, 0), 0}, // already closed
			{wib(2026, 3, 23, 10, 1), 1}, // the second, ten working days after 9 March
		} {
			n, err := complaintdesk.AutoClose(context.Background(), c, calendar, tc.at)
			if err != nil || n != tc.want {
				t.Errorf("AutoClose at %s = %d, %v; want %d", tc.at, n, err, tc.want)
			}
		}
		for _, cid := range []int{id, r2.Complaint.ID} {
			cm := apitest.Must(c.Complaint.Get(ctx, cid))(t)
			if cm.Status != entcomplaint.StatusCLOSED || cm.SettledAt == nil || !strings.Contains(cm.StatusReason, "no objection") {
				t.Errorf("complaint %d: %s, settled %v, reason %q; want CLOSED, settled, with the reason", cid, cm.Status, cm.SettledAt, cm.StatusReason)
			}
			evs := apitest.Must(c.ComplaintEvent.Query().Where(complaintevent.ComplaintID(cid)).Order(ent.Desc(complaintevent.FieldID)).All(ctx))(t)
			if evs[0].Kind != complaintevent.KindSTATUS_CHANGED || evs[0].Status != "CLOSED" {
				t.Errorf("complaint %d: last event %s %s, want STATUS_CHANGED to CLOSED", cid, evs[0].Kind, evs[0].Status)
			}
		}
	})
}

func TestSubmitLimiter(t *testing.T) {
	l := complaintdesk.NewSubmitLimiter(5, 5)
	t0 := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	for i := range 5 {
		if ok, _ := l.Allow("10.0.0.1", t0); !ok {
			t.Fatalf("submission %d refused, want the burst of 5 allowed", i+1)
		}
	}
	ok, wait := l.Allow("10.0.0.1", t0)
	if ok || wait != 12*time.Second {
		t.Errorf("sixth submission = %v, wait %s; want refused, wait 12s", ok, wait)
	}
	if ok, _ := l.Allow("10.0.0.2", t0); !ok {
		t.Error("another address was refused")
	}
	if ok, _ := l.Allow("10.0.0.1", t0.Add(12*time.Second)); !ok {
		t.Error("refused after 12 s, want one more allowed")
	}
	if ok, _ := l.Allow("10.0.0.1", t0.Add(12*time.Second)); ok {
		t.Error("allowed twice after 12 s, want one")
	}
}

func TestSubmitRateLimitedForThePublic(t *testing.T) {
	c, _ := open(t, testdb.SQLite(t))
	l := complaintdesk.NewSubmitLimiter(1, 1)
	now := wib(2026, 3, 2, 10, 0)
	if _, err := complaintdesk.Submit(context.Background(), c, calendar, l, now, input); err != nil {
		t.Fatalf("first public submission: %v", err)
	}
	_, err := complaintdesk.Submit(context.Background(), c, calendar, l, now, input)
	if e, ok := apperr.As(err); !ok || e.Code != apperr.RateLimited || e.RetryAfter < 59*time.Second || e.RetryAfter > time.Minute {
		t.Errorf("second public submission: %v, want RATE_LIMITED retrying after about a minute", err)
	}
	if _, err := complaintdesk.Submit(sys(), c, calendar, l, now, input); err != nil {
		t.Errorf("the system's submission: %v, want no limit", err)
	}
}

func TestCalendarFromEnv(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == complaintdesk.HolidaysEnv {
				return v
			}
			return ""
		}
	}
	cal, err := complaintdesk.CalendarFromEnv(env(""))
	if err != nil || cal != complaintdesk.DefaultCalendar() {
		t.Errorf("CalendarFromEnv(unset) = %p, %v; want the default calendar", cal, err)
	}
	// A fixed clock: the built-in holidays of 2027 are kept beside the
	// extra one, whatever year the test runs in.
	defer complaintdesk.SetNow(time.Date(2026, 11, 20, 10, 0, 0, 0, complaint.WIB))()
	extra := time.Date(2026, time.November, 24, 0, 0, 0, 0, complaint.WIB) // a Tuesday
	cal, err = complaintdesk.CalendarFromEnv(env("  " + extra.Format(time.DateOnly) + ",\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkingDay(extra) {
		t.Errorf("%s is a working day, want the extra holiday", extra.Format(time.DateOnly))
	}
	if !cal.IsWorkingDay(extra.AddDate(0, 0, 1)) {
		t.Errorf("%s is not a working day, want one", extra.AddDate(0, 0, 1).Format(time.DateOnly))
	}
	if newYear := time.Date(2027, 1, 1, 9, 0, 0, 0, complaint.WIB); cal.IsWorkingDay(newYear) {
		t.Errorf("New Year's Day 2027 is a working day, want the built-in holidays kept")
	}
	_, err = complaintdesk.CalendarFromEnv(env("2026-01-01, 2026-02-30"))
	if err == nil || !strings.Contains(err.Error(), "SIMASN_HOLIDAYS") || !strings.Contains(err.Error(), "2026-02-30") {
		t.Errorf("CalendarFromEnv(bad) error = %v, want one naming SIMASN_HOLIDAYS and the bad entry", err)
	}
}

func TestByTrackingIDAndRate(t *testing.T) {
	c, u := open(t, testdb.SQLite(t))
	ctx := sys()
	now := wib(2026, 3, 2, 10, 0)
	conf := input
	conf.Privacy = entcomplaint.PrivacyCONFIDENTIAL
	conf.ReporterName = new(string)
	*conf.ReporterName = "Budi"
	r, err := complaintdesk.Submit(context.Background(), c, calendar, nil, now, conf)
	if err != nil {
		t.Fatal(err)
	}
	public := context.Background()
	for _, tc := range []struct {
		name string
		key  *string
		want bool
	}{
		{"no key", nil, false},
		{"empty key", new(string), false},
		{"wrong key", &r.TrackingID, false},
		{"the key", &r.AccessKey, true},
	} {
		got, err := complaintdesk.ByTrackingID(public, c, strings.ToLower(r.TrackingID), tc.key)
		if err != nil || (got != nil) != tc.want {
			t.Errorf("%s: ByTrackingID = %v, %v; want found: %v", tc.name, got, err, tc.want)
		}
	}
	// Rating: the system writes it once the key matches.
	complaintdesk.Verify(ctx, c, calendar, now, r.Complaint.ID, u.ID, nil)
	complaintdesk.Respond(ctx, c, now, r.Complaint.ID, complaintresponse.KindPUBLIC_RESPONSE, "Sudah ditangani.")
	cm, err := complaintdesk.Rate(public, c, now, r.TrackingID, r.AccessKey, 3, nil)
	if err != nil || cm.Rating == nil || *cm.Rating != 3 || cm.RatedAt == nil {
		t.Fatalf("Rate = %+v, %v; want rating 3", cm, err)
	}
	if _, err := complaintdesk.Rate(public, c, now, r.TrackingID, r.AccessKey, 4, nil); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second rating: %v, want CONFLICT", err)
	}
}
