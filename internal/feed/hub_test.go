package feed_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/region"
	"simasn/ent/unit"
	"simasn/internal/apperr"
	"simasn/internal/feed"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// The hubs of these tests read the log only when they are told to: their
// tick is an hour, and they are made with feed.NewHub, without the local
// after-commit signal (and, but in TestReconnectCatchesUp, without a
// PostgreSQL listener), so the test wakes them with Wake once an event is
// committed. What a subscriber receives then comes from that read, the
// replay or NOTIFY alone.

// quietHub returns a hub of db that reads only when woken.
func quietHub(db *store.DB, opts feed.Options) *feed.Hub {
	opts.Dialect = db.Dialect
	opts.Tick = time.Hour
	return feed.NewHub(db.Client, opts)
}

// logs is a slog handler that keeps the records a hub logs and signals
// each message on got.
type logs struct {
	mu      sync.Mutex
	records []slog.Record
	got     chan string
}

func newLogs() *logs { return &logs{got: make(chan string, 256)} }

func (l *logs) Enabled(context.Context, slog.Level) bool { return true }
func (l *logs) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logs) WithGroup(string) slog.Handler            { return l }
func (l *logs) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.records = append(l.records, r.Clone())
	l.mu.Unlock()
	select {
	case l.got <- r.Message:
	default:
	}
	return nil
}

// messages returns the messages logged so far, each with its "err"
// attribute ("" when there is none or it is nil).
func (l *logs) messages() (msgs, errs []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.records {
		msgs = append(msgs, r.Message)
		e := ""
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "err" {
				if err, ok := a.Value.Any().(error); ok && err != nil {
					e = err.Error()
				}
			}
			return true
		})
		errs = append(errs, e)
	}
	return msgs, errs
}

// waitFor waits until the hub logs a message starting with prefix.
func (l *logs) waitFor(t *testing.T, prefix string) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case m := <-l.got:
			if strings.HasPrefix(m, prefix) {
				return
			}
		case <-timeout:
			msgs, _ := l.messages()
			t.Fatalf("the hub did not log %q within 20 s (logged %q)", prefix, msgs)
		}
	}
}

// start runs h until the returned stop is called; stop returns what Run
// returned.
func start(t *testing.T, h *feed.Hub) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Run(ctx) }()
	select {
	case <-h.Ready():
	case err := <-done:
		cancel()
		t.Fatalf("the hub stopped before it was ready: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("the hub was not ready within 20 s")
	}
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("the hub did not stop within 10 s of its context ending")
		}
	}
}

// TestCatchUpInBatches: one wake-up reads the log in batches until a
// batch comes back short: four events with batches of 2 take three reads
// (2, 2 and an empty one); a fifth event woken for takes a fourth.
func TestCatchUpInBatches(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	h := quietHub(db, feed.Options{Batch: 2})
	run(t, h)
	sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		write(t, db)
	}
	h.Wake()
	got := mustCollect(t, sub, 4)
	write(t, db)
	h.Wake()
	got = append(got, mustCollect(t, sub, 1)...)
	ids := eventIDs(t, db)
	if !slices.Equal(got, ids) {
		t.Errorf("delivered %v, want %v", got, ids)
	}
	// The fifth event is published during the fourth read, which is the
	// last: the hub reads nothing more until it is woken.
	if st := h.Stats(); st.Reads != 4 || st.Events != 5 || st.Delivered != 5 || st.Head != ids[4] {
		t.Errorf("%d reads, %d events, %d delivered, head %d; want 4, 5, 5, %d", st.Reads, st.Events, st.Delivered, st.Head, ids[4])
	}
}

// after returns the ids in ids greater than cursor.
func after(ids []int, cursor int) []int {
	var out []int
	for _, id := range ids {
		if id > cursor {
			out = append(out, id)
		}
	}
	return out
}

// TestReplay: a subscriber resuming from a cursor receives the events of
// the log after it — read in batches of 2, across the ids that rolled-back
// writers took (PostgreSQL sequences do not give them back) — then the
// live ones, each once; one without a cursor receives only the live ones.
func TestReplay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		db := open(t, dsn)
		h := quietHub(db, feed.Options{Batch: 2, Buffer: 8})
		run(t, h)
		ctx := context.Background()
		live, err := h.Subscribe(ctx, admin, feed.Filter{}, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if i == 1 || i == 3 {
				tx, _, err := begin(db)
				if err != nil {
					t.Fatal(err)
				}
				if err := tx.Rollback(); err != nil {
					t.Fatal(err)
				}
			}
			write(t, db)
		}
		h.Wake()
		ids := eventIDs(t, db)
		if got := mustCollect(t, live, 4); !slices.Equal(got, ids) {
			t.Fatalf("live subscriber received %v, want %v", got, ids)
		}
		// The hub's head is ids[3]. Cursors: before the log, inside it, in
		// the gap a rolled-back writer left after ids[0] (on SQLite the id
		// is ids[1] itself), and the head.
		cursors := []int{0, ids[1], ids[0] + 1, ids[3]}
		subs := make([]<-chan *feed.Event, len(cursors))
		for i, c := range cursors {
			cur := feed.Cursor(c)
			if subs[i], err = h.Subscribe(ctx, admin, feed.Filter{}, &cur, 0); err != nil {
				t.Fatal(err)
			}
			if cap(subs[i]) != 9 {
				t.Errorf("after %d: room for %d events, want 9 (the buffer of 8 and the reason it ends)", c, cap(subs[i]))
			}
		}
		fresh, err := h.Subscribe(ctx, admin, feed.Filter{}, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		write(t, db)
		h.Wake()
		ids = eventIDs(t, db)
		for i, c := range cursors {
			want := after(ids, c)
			if got := mustCollect(t, subs[i], len(want)); !slices.Equal(got, want) {
				t.Errorf("after %d: received %v, want %v", c, got, want)
			}
		}
		if got := mustCollect(t, fresh, 1); got[0] != ids[4] {
			t.Errorf("a subscriber without a cursor received %d first, want the live event %d", got[0], ids[4])
		}
	})
}

// TestReadFailures: when the log cannot be read, a replaying subscriber is
// ended with UNAVAILABLE and a time to retry after; the hub logs the
// failed catch-up and reads again on its next wake-up. Successful reads
// log nothing.
func TestReadFailures(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	lg := newLogs()
	h := quietHub(db, feed.Options{Logger: slog.New(lg)})
	run(t, h)
	sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	write(t, db)
	h.Wake()
	mustCollect(t, sub, 1)
	write(t, db)
	h.Wake()
	mustCollect(t, sub, 1)
	// The first read's outcome is logged, if at all, before the second.
	if msgs, _ := lg.messages(); len(msgs) != 0 {
		t.Fatalf("successful reads logged %q", msgs)
	}
	write(t, db) // the hub learns of it once the log is back
	if _, err := db.SQL.Exec(`ALTER TABLE complaint_events RENAME TO complaint_events_away`); err != nil {
		t.Fatal(err)
	}
	zero := "0"
	replay, err := h.Subscribe(context.Background(), admin, feed.Filter{}, &zero, 0)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case ev, ok := <-replay:
		e, coded := apperr.As(ev.Err())
		if !ok || !coded || e.Code != apperr.Unavailable || e.RetryAfter != 5*time.Second {
			t.Errorf("replay from a log that cannot be read: %v (open %v), want UNAVAILABLE, retry after 5s", ev.Err(), ok)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the replaying subscriber was not ended within 20 s")
	}
	if _, open := <-replay; open {
		t.Error("the replaying subscriber's channel stayed open")
	}
	lg.waitFor(t, "complaint feed replay")
	h.Wake()
	lg.waitFor(t, "complaint feed: reading the event log failed")
	if _, err := db.SQL.Exec(`ALTER TABLE complaint_events_away RENAME TO complaint_events`); err != nil {
		t.Fatal(err)
	}
	h.Wake()
	ids := eventIDs(t, db)
	if got := mustCollect(t, sub, 1); got[0] != ids[2] {
		t.Errorf("after the log came back the subscriber received %d, want %d", got[0], ids[2])
	}
	if msgs, _ := lg.messages(); len(msgs) != 2 {
		t.Errorf("logged %q, want the failed replay and the failed catch-up", msgs)
	}
}

// TestRunWithoutLog: a hub whose database has no event log fails to start,
// saying so, and is never ready.
func TestRunWithoutLog(t *testing.T) {
	db, err := store.Open(context.Background(), testdb.SQLite(t)) // not migrated
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := quietHub(db, feed.Options{})
	if err := h.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "find the end of the log") {
		t.Errorf("Run on a database without the log: %v, want an error finding the end of the log", err)
	}
	select {
	case <-h.Ready():
		t.Error("a hub that did not start is ready")
	default:
	}
}

// TestLocalReleased: a hub joins the local after-commit signal it is given
// while it runs and leaves it when it stops.
func TestLocalReleased(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	local := &feed.Local{}
	h := quietHub(db, feed.Options{Local: local})
	stop := start(t, h)
	if n := feed.LocalHubs(local); n != 1 {
		t.Errorf("a running hub: the signal wakes %d hubs, want 1", n)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := feed.LocalHubs(local); n != 0 {
		t.Errorf("a stopped hub: the signal wakes %d hubs, want 0", n)
	}
}

// silent returns an ent client of dsn without the outbox hook: what it
// writes is never notified.
func silent(t *testing.T, dsn string) *ent.Client {
	t.Helper()
	sqldb, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	c := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.Postgres, sqldb)))
	t.Cleanup(func() { c.Close() })
	return c
}

// TestReconnectCatchesUp: events written without a notification, while the
// hub listens, reach the subscriber only because the listener's
// connection is killed (pg_terminate_backend): on the reconnect the hub
// reads what it may have missed. Notified events arrive without counting a
// reconnect; every event arrives once, in order; the disconnects are logged
// with their errors.
func TestReconnectCatchesUp(t *testing.T) {
	dsn := testdb.Postgres(t)
	db := open(t, dsn)
	writer := open(t, dsn)
	quiet := silent(t, dsn)
	lg := newLogs()
	h := db.NewHub(feed.Options{Tick: time.Hour, Logger: slog.New(lg)})
	run(t, h)
	sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	write(t, writer) // notified
	got := mustCollect(t, sub, 1)
	if n := h.Stats().Reconnects; n != 0 {
		t.Errorf("%d reconnects after a notified event, want 0", n)
	}
	for k := 1; k <= 2; k++ {
		writeWith(t, quiet) // not notified
		kill(t, writer)
		got = append(got, mustCollect(t, sub, 1)...)
		if n := h.Stats().Reconnects; n != int64(k) {
			t.Errorf("%d reconnects after %d kills, want %d", n, k, k)
		}
		write(t, writer)
		got = append(got, mustCollect(t, sub, 1)...)
	}
	if ids := eventIDs(t, db); !slices.Equal(got, ids) {
		t.Errorf("delivered %v, want %v", got, ids)
	}
	msgs, errs := lg.messages()
	disconnects := 0
	for i, m := range msgs {
		if m == "complaint feed listener" {
			disconnects++
			if errs[i] == "" {
				t.Errorf("listener event %d logged without an error", i)
			}
		}
	}
	if disconnects < 2 {
		t.Errorf("logged %q, want the listener's two disconnects", msgs)
	}
}

// TestFeedFilter: Feed turns unit ids into unit paths (an event of a unit
// outside them is not delivered, Record having stamped each event with its
// unit's path) and rejects units that do not exist and malformed cursors
// as bad input.
func TestFeedFilter(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	ctx := viewer.System(context.Background())
	rg, err := db.Client.Region.Create().SetCode("18.71").SetName("Kota Bandar Lampung").SetKind(region.KindCITY).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var units []*ent.Unit
	for _, code := range []string{"1.02", "1.03"} {
		u, err := db.Client.Unit.Create().SetCode(code).SetName("Dinas " + code).SetKind(unit.KindAGENCY).SetRegionID(rg.ID).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, u)
	}
	h := quietHub(db, feed.Options{})
	run(t, h)
	sub, err := h.Feed(viewer.NewContext(context.Background(), admin), nil, feed.FeedFilter{UnitIDs: []int{units[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	var recorded []*ent.ComplaintEvent
	for _, u := range units {
		now := time.Now()
		cm, err := db.Client.Complaint.Create().
			SetTrackingID("LPG-UNIT-" + u.Code).SetAccessKeyHash("x").SetUnitID(u.ID).
			SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryOTHER).SetChannel(complaint.ChannelWEB).
			SetPrivacy(complaint.PrivacyPUBLIC).SetTitle("Jalan rusak").SetBody("Jalan desa rusak berat sejak musim hujan.").
			SetReceivedAt(now).SetVerifyDue(now).SetAnswerDue(now).SetSettleDue(now).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := feed.Record(ctx, db.Client, cm, "SUBMITTED", false)
		if err != nil {
			t.Fatal(err)
		}
		recorded = append(recorded, ev)
	}
	if recorded[0].UnitPath != "/1.02/" || recorded[1].UnitPath != "/1.03/" {
		t.Errorf("recorded unit paths %q, %q; want /1.02/, /1.03/", recorded[0].UnitPath, recorded[1].UnitPath)
	}
	h.Wake()
	if got := mustCollect(t, sub, 1); got[0] != recorded[1].ID {
		t.Errorf("the feed of unit 1.03 received event %d, want %d (1.02's is %d)", got[0], recorded[1].ID, recorded[0].ID)
	}
	vctx := viewer.NewContext(context.Background(), admin)
	if _, err := h.Feed(vctx, nil, feed.FeedFilter{UnitIDs: []int{units[0].ID, units[1].ID + 100}}); !isInvalid(err, "filter.unitIDs") {
		t.Errorf("a unit that does not exist: %v, want BAD_USER_INPUT on filter.unitIDs", err)
	}
	bad := "-1"
	if _, err := h.Feed(vctx, &bad, feed.FeedFilter{}); !isInvalid(err, "after") {
		t.Errorf("a malformed cursor: %v, want BAD_USER_INPUT on after", err)
	}
	good := feed.Cursor(recorded[0].ID)
	if _, err := h.Feed(vctx, &good, feed.FeedFilter{}); err != nil {
		t.Errorf("a good cursor: %v", err)
	}
}

func isInvalid(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.BadUserInput && e.Field == field
}
