package feed_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/apperr"
	"simasn/internal/feed"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/txn"
	"simasn/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// open opens and migrates a database.
func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// run starts a hub and stops it when the test ends.
func run(t *testing.T, h *feed.Hub) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = h.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select { // a hub blocked on a subscriber would hang the test binary
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the hub did not stop within 10 s of its context ending: is it blocked on a subscriber?")
		}
	})
	select { // let it find the end of the log and listen
	case <-h.Ready():
	case <-done:
		t.Fatal("the hub stopped before it was ready")
	}
}

var serial int

// write adds a public complaint and its SUBMITTED event in one transaction
// of a plain ent client (no commit hooks: readers learn of it through
// NOTIFY or their tick).
func write(t *testing.T, db *store.DB) {
	t.Helper()
	writeWith(t, db.Client)
}

// writeWith writes as write does, through the ent client c.
func writeWith(t *testing.T, c *ent.Client) {
	t.Helper()
	ctx := viewer.System(context.Background())
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Error(err)
		return
	}
	serial++
	now := time.Now()
	cm, err := tx.Client().Complaint.Create().
		SetTrackingID("LPG-TEST-" + time.Now().Format("150405.000000000")).SetAccessKeyHash("x").
		SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryOTHER).SetChannel(complaint.ChannelWEB).
		SetPrivacy(complaint.PrivacyPUBLIC).SetTitle("Jalan rusak").SetBody("Jalan desa rusak berat sejak musim hujan.").
		SetReceivedAt(now).SetVerifyDue(now).SetAnswerDue(now).SetSettleDue(now).Save(ctx)
	if err == nil {
		_, err = feed.Record(ctx, tx.Client(), cm, complaintevent.KindSUBMITTED, false)
	}
	if err != nil {
		_ = tx.Rollback()
		t.Error(err)
		return
	}
	if err := tx.Commit(); err != nil {
		t.Error(err)
	}
}

// begin opens a transaction of db that has written a public complaint and
// its SUBMITTED event, and returns it open, with the event's id.
func begin(db *store.DB) (*ent.Tx, int, error) {
	ctx := viewer.System(context.Background())
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		return nil, 0, err
	}
	now := time.Now()
	cm, err := tx.Client().Complaint.Create().
		SetTrackingID("LPG-ORDER-" + time.Now().Format("150405.000000000")).SetAccessKeyHash("x").
		SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryOTHER).SetChannel(complaint.ChannelWEB).
		SetPrivacy(complaint.PrivacyPUBLIC).SetTitle("Jalan rusak").SetBody("Jalan desa rusak berat sejak musim hujan.").
		SetReceivedAt(now).SetVerifyDue(now).SetAnswerDue(now).SetSettleDue(now).Save(ctx)
	if err != nil {
		_ = tx.Rollback()
		return nil, 0, err
	}
	ev, err := feed.Record(ctx, tx.Client(), cm, complaintevent.KindSUBMITTED, false)
	if err != nil {
		_ = tx.Rollback()
		return nil, 0, err
	}
	return tx, ev.ID, nil
}

// TestCommitOrder forces the interleaving that loses an event when
// sequence order and commit order disagree: writer A has written its
// event and holds its transaction open while writer B writes and tries to
// commit. Without the ordering lock B takes the next id and commits first,
// the hub delivers it and moves its cursor past A's id, and A's event,
// committed after, is never delivered. With the lock B waits for A. The
// test waits on events (B done, or B seen waiting on the lock), never on a
// sleep, so it takes the same path every run.
func TestCommitOrder(t *testing.T) {
	dsn := testdb.Postgres(t)
	db := open(t, dsn)
	h := db.NewHub(feed.Options{Tick: time.Hour}) // only NOTIFY wakes it
	run(t, h)
	sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	a, aID, err := begin(db)
	if err != nil {
		t.Fatalf("writer A: %v", err)
	}
	defer a.Rollback()
	bDone := make(chan error, 1)
	go func() {
		b, _, err := begin(db)
		if err == nil {
			err = b.Commit()
		}
		bDone <- err
	}()
	// Wait until B has committed (it did not wait for A) or is waiting on
	// the ordering lock.
	var bCommitted bool
	deadline := time.After(20 * time.Second)
	for waiting := false; !waiting && !bCommitted; {
		select {
		case err := <-bDone:
			if err != nil {
				t.Fatalf("writer B: %v", err)
			}
			bCommitted = true
		case <-deadline:
			t.Fatal("writer B neither committed nor waited on the ordering lock within 20 s")
		case <-time.After(10 * time.Millisecond):
			if err := db.SQL.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
		}
	}
	if bCommitted {
		// B's event is out: let the hub deliver it before A commits, as a
		// hub reading at that moment would.
		if _, err := collect(sub, 1); err != nil {
			t.Fatalf("B's event: %v", err)
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatalf("writer A commit: %v", err)
	}
	if !bCommitted {
		if err := <-bDone; err != nil {
			t.Fatalf("writer B: %v", err)
		}
	}
	ids := eventIDs(t, db)
	if len(ids) != 2 || ids[0] != aID {
		t.Fatalf("events in the log %v, want A's %d first and B's", ids, aID)
	}
	if bCommitted {
		t.Fatalf("writer B committed event %d before writer A's %d: event ids are not in commit order, and a reader past %d skips %d", ids[1], aID, ids[1], aID)
	}
	if got := mustCollect(t, sub, 2); got[0] != ids[0] || got[1] != ids[1] {
		t.Errorf("delivered %v, want %v", got, ids)
	}
}

// TestLocalWake: on SQLite (no NOTIFY) an event committed through the
// server's transactions reaches a subscriber by the local after-commit
// signal alone — the hub's tick is an hour.
func TestLocalWake(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	h := db.NewHub(feed.Options{Tick: time.Hour})
	run(t, h)
	sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		ctx, tx, err := txn.TxOpener{Client: db.Client}.OpenTx(viewer.System(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		c := ent.FromContext(ctx)
		cm, err := c.Complaint.Create().
			SetTrackingID(fmt.Sprintf("LPG-WAKE-%d", i)).SetAccessKeyHash("x").
			SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryOTHER).SetChannel(complaint.ChannelWEB).
			SetPrivacy(complaint.PrivacyPUBLIC).SetTitle("Jalan rusak").SetBody("Jalan desa rusak berat sejak musim hujan.").
			SetReceivedAt(now).SetVerifyDue(now).SetAnswerDue(now).SetSettleDue(now).Save(ctx)
		if err == nil {
			_, err = feed.Record(ctx, c, cm, complaintevent.KindSUBMITTED, false)
		}
		if err != nil {
			_ = tx.Rollback()
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		mustCollect(t, sub, 1)
	}
}

// collect reads n events from ch; it fails on a gap, a repeat or a
// timeout. Safe to call from any goroutine.
func collect(ch <-chan *feed.Event, n int) ([]int, error) {
	var got []int
	timeout := time.After(20 * time.Second)
	for len(got) < n {
		select {
		case ev, ok := <-ch:
			if !ok {
				return got, fmt.Errorf("channel closed after %d of %d events", len(got), n)
			}
			if err := ev.Err(); err != nil {
				return got, fmt.Errorf("subscription ended after %d of %d events: %w", len(got), n, err)
			}
			if len(got) > 0 && ev.Seq() <= got[len(got)-1] {
				return got, fmt.Errorf("event %d after %d", ev.Seq(), got[len(got)-1])
			}
			got = append(got, ev.Seq())
		case <-timeout:
			return got, fmt.Errorf("got %d of %d events", len(got), n)
		}
	}
	return got, nil
}

func mustCollect(t *testing.T, ch <-chan *feed.Event, n int) []int {
	t.Helper()
	got, err := collect(ch, n)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// eventIDs returns the ids of the events in db's log, in order.
func eventIDs(t *testing.T, db *store.DB) []int {
	t.Helper()
	ids, err := db.Client.ComplaintEvent.Query().Order(ent.Asc(complaintevent.FieldID)).IDs(viewer.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// eventually waits until cond holds, checking it every 10 ms, and fails
// the test with what it waited for after 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out after 10 s waiting for %s", what)
		}
	}
}

var admin = &viewer.Viewer{Role: viewer.Admin, Username: "test"}

func TestSlowSubscriberIsEndedWithoutDelayingOthers(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	h := db.NewHub(feed.Options{Buffer: 4, Tick: 50 * time.Millisecond})
	run(t, h)
	ctx := context.Background()
	slow, err := h.Subscribe(ctx, admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := h.Subscribe(ctx, admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A stream the fast one keeps up with: each event is written once the
	// fast subscriber has received the one before. A hub that blocked on
	// the slow subscriber's full buffer would starve the fast one, which
	// then times out here.
	const n = 12
	for i := 0; i < n; i++ {
		write(t, db)
		if _, err := collect(fast, 1); err != nil {
			t.Fatalf("the fast subscriber, event %d of %d: %v", i+1, n, err)
		}
	}
	// The slow one holds at most its buffer, then the reason, then the end.
	var delivered int
	var reason error
	timeout := time.After(20 * time.Second)
	for ended := false; !ended; {
		select {
		case ev, ok := <-slow:
			switch {
			case !ok:
				ended = true
			case ev.Err() != nil:
				reason = ev.Err()
			default:
				delivered++
			}
		case <-timeout:
			t.Fatalf("the slow subscriber was not ended within 20 s (%d events delivered)", delivered)
		}
	}
	if delivered > 4 {
		t.Errorf("the slow subscriber got %d events, more than its buffer of 4", delivered)
	}
	if apperr.CodeOf(reason) != apperr.SlowSubscriber {
		t.Errorf("the slow subscriber ended with %v, want SLOW_SUBSCRIBER", reason)
	}
}

func TestSubscriptionsDoNotLeak(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	h := db.NewHub(feed.Options{Tick: 50 * time.Millisecond})
	run(t, h)
	write(t, db)
	write(t, db)
	// Let the hub read both events (it is idle after) before the baseline
	// is taken: a subscription that replays them from the start (without a
	// cursor it would miss those the hub read before it came), then goes.
	first := "0"
	ctx, cancel := context.WithCancel(context.Background())
	warm, err := h.Subscribe(ctx, admin, feed.Filter{}, &first, 0)
	if err != nil {
		t.Fatal(err)
	}
	h.Wake()
	mustCollect(t, warm, 2)
	cancel()
	eventually(t, "the warm-up subscription to end", func() bool { return h.Subscribers() == 0 })
	baseline := runtime.NumGoroutine()
	for round := 0; round < 10; round++ {
		var cancels []context.CancelFunc
		for i := 0; i < 100; i++ {
			ctx, cancel := context.WithCancel(context.Background())
			cancels = append(cancels, cancel)
			var after *string
			if i%2 == 0 {
				after = &first // replaying subscriptions run a goroutine
			}
			if _, err := h.Subscribe(ctx, admin, feed.Filter{}, after, 0); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range cancels {
			c()
		}
	}
	eventually(t, fmt.Sprintf("the goroutines to return to the baseline of %d after 1000 subscriptions came and went", baseline),
		func() bool { return runtime.NumGoroutine() <= baseline })
	if n := h.Subscribers(); n != 0 {
		t.Errorf("%d subscribers still registered", n)
	}
}

// TestTwoInstances: an event written through one instance reaches a
// subscriber of another instance on the same PostgreSQL database, through
// NOTIFY (their ticks are an hour).
func TestTwoInstances(t *testing.T) {
	dsn := testdb.Postgres(t)
	a, b := open(t, dsn), open(t, dsn)
	ha := a.NewHub(feed.Options{Tick: time.Hour})
	hb := b.NewHub(feed.Options{Tick: time.Hour})
	run(t, ha)
	run(t, hb)
	sub, err := hb.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		write(t, a)
	}
	mustCollect(t, sub, 3)
}

// kill terminates every backend that is listening.
func kill(t *testing.T, db *store.DB) {
	t.Helper()
	_, err := db.SQL.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE pid <> pg_backend_pid() AND datname = current_database() AND query ILIKE 'listen%'`)
	if err != nil {
		t.Error(err)
	}
}

// TestResumeAheadOfTheHub: a subscriber resumes with a cursor from another
// instance whose hub has read further than this one. When this hub catches
// up, the subscriber receives only the events after its cursor, none it
// already has.
func TestResumeAheadOfTheHub(t *testing.T) {
	db := open(t, testdb.SQLite(t))
	h := db.NewHub(feed.Options{Tick: time.Hour}) // it reads when woken
	run(t, h)
	for range 3 {
		write(t, db) // no commit hook: this hub does not know of them yet
	}
	ids := eventIDs(t, db)
	cursor := feed.Cursor(ids[1])
	sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, &cursor, 0)
	if err != nil {
		t.Fatal(err)
	}
	h.Wake()
	if got := mustCollect(t, sub, 1); got[0] != ids[2] {
		t.Errorf("resumed after %d, received %d first, want %d", ids[1], got[0], ids[2])
	}
}
