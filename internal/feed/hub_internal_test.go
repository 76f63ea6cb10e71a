package feed

import (
	"context"
	"errors"
	"testing"
	"time"

	"simasn/ent"
	"simasn/ent/complaintevent"
	"simasn/internal/viewer"
)

// In-memory tests of the hub's bookkeeping (no database, no Run): events
// are handed to publish directly, as catchUp does after a read of the log,
// on a fixed clock. The expected figures are counted by hand in the
// comments.

// seq is a public event of complaint 1 with the given id.
func seq(id int) *Event {
	return &Event{row: &ent.ComplaintEvent{ID: id, ComplaintID: 1, Privacy: "PUBLIC", Status: "RECEIVED", Category: "OTHER"}}
}

var testAdmin = &viewer.Viewer{Role: viewer.Admin}

// subscribe opens a live subscription (no cursor) and fails the test on
// an error.
func subscribe(t *testing.T, h *Hub, ctx context.Context, v *viewer.Viewer) <-chan *Event {
	t.Helper()
	ch, err := h.Subscribe(ctx, v, Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// subOf returns the subscription whose channel is ch.
func subOf(t *testing.T, h *Hub, ch <-chan *Event) *Subscription {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if (<-chan *Event)(s.ch) == ch {
			return s
		}
	}
	t.Fatal("no open subscription has that channel")
	return nil
}

// drain takes the n events waiting in ch and fails unless they are there.
func drain(t *testing.T, ch <-chan *Event, n int) {
	t.Helper()
	for i := range n {
		select {
		case ev, ok := <-ch:
			if !ok || ev.Err() != nil {
				t.Fatalf("event %d of %d: channel closed or ended (%v)", i+1, n, ev)
			}
		default:
			t.Fatalf("%d events waiting, want %d", i, n)
		}
	}
}

func TestOptionDefaults(t *testing.T) {
	h := NewHub(nil, Options{})
	if h.opts.Buffer != 256 || h.opts.Tick != 5*time.Second || h.opts.Batch != 500 || h.opts.Logger == nil || h.opts.Clock == nil {
		t.Errorf("defaults: buffer %d, tick %v, batch %d, logger %v, clock set %v; want 256, 5s, 500, a logger, a clock",
			h.opts.Buffer, h.opts.Tick, h.opts.Batch, h.opts.Logger, h.opts.Clock != nil)
	}
	fixed := time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
	h = NewHub(nil, Options{Buffer: 3, Tick: time.Hour, Batch: 7, Clock: func() time.Time { return fixed }})
	if h.opts.Buffer != 3 || h.opts.Tick != time.Hour || h.opts.Batch != 7 || !h.opts.Clock().Equal(fixed) {
		t.Errorf("given: buffer %d, tick %v, batch %d, clock %v; want 3, 1h0m0s, 7, %v", h.opts.Buffer, h.opts.Tick, h.opts.Batch, h.opts.Clock(), fixed)
	}
}

// TestEventsPerSecond: the rate is the events published in the ten whole
// seconds before the current one, divided by ten.
func TestEventsPerSecond(t *testing.T) {
	const T = 1_800_000_000 // a Unix second
	var at int64
	h := NewHub(nil, Options{Clock: func() time.Time { return time.Unix(at, 500_000_000) }})
	for _, p := range []struct{ sec int64 }{
		{T - 11}, // event 1: before the window
		{T - 10}, // events 2 and 3: the window's first second
		{T - 10},
		{T - 1}, // event 4: its last second
		{T},     // event 5: the current second, not yet whole
	} {
		at = p.sec
		h.publish(seq(h.last + 1))
	}
	at = T
	st := h.Stats()
	// Events 2, 3 and 4 in [T-10, T-1]: 3 / 10.
	if st.Events != 5 || st.EventsPerSecond != 0.3 || st.Head != 5 {
		t.Errorf("at T: %d events, %v per second, head %d; want 5, 0.3, 5", st.Events, st.EventsPerSecond, st.Head)
	}
	at = T + 9
	// [T-1, T+8]: events 4 and 5.
	if got := h.Stats().EventsPerSecond; got != 0.2 {
		t.Errorf("at T+9: %v per second, want 0.2", got)
	}
	// T+5 falls in the slot of T-11 (16 slots): the slot starts again at
	// one event instead of adding to event 1's.
	at = T + 5
	h.publish(seq(6))
	at = T + 6
	// [T-4, T+5]: events 4, 5 and 6.
	if got := h.Stats().EventsPerSecond; got != 0.3 {
		t.Errorf("at T+6: %v per second, want 0.3", got)
	}
}

// TestPublishOnce: an event at or below the hub's head (read already) is
// not delivered again.
func TestPublishOnce(t *testing.T) {
	h := NewHub(nil, Options{})
	ch := subscribe(t, h, context.Background(), testAdmin)
	if cap(ch) != 257 {
		t.Fatalf("room for %d events, want 257: the default buffer of 256 and the reason it ends", cap(ch))
	}
	h.publish(seq(4))
	h.publish(seq(4))
	h.publish(seq(3))
	h.publish(seq(5))
	var got []int
	for len(ch) > 0 {
		got = append(got, (<-ch).Seq())
	}
	if len(got) != 2 || got[0] != 4 || got[1] != 5 {
		t.Errorf("delivered %v, want [4 5]", got)
	}
	if st := h.Stats(); st.Events != 2 || st.Delivered != 2 || st.Head != 5 {
		t.Errorf("%d events, %d delivered, head %d; want 2, 2, 5", st.Events, st.Delivered, st.Head)
	}
}

// TestStats checks every figure of a snapshot against a scene counted by
// hand: buffer 2; a: direct; b: a websocket subscription shared by 3, one
// of them ended slow by the transport, its slowest 7 behind; c: an SSE
// subscription (members 0 counts as 1); d: a websocket subscription of 2,
// 2 of them ended slow, revoked; e: direct, never reads.
func TestStats(t *testing.T) {
	h := NewHub(nil, Options{Buffer: 2})
	ctx := context.Background()
	a := subscribe(t, h, ctx, testAdmin)
	rb := &Reader{Transport: "websocket", Lag: func() int { return 7 }}
	rb.Members.Store(3)
	rb.Slow.Store(1)
	b := subscribe(t, h, WithReader(ctx, rb), testAdmin)
	c := subscribe(t, h, WithReader(ctx, &Reader{Transport: "sse"}), testAdmin)
	rd := &Reader{Transport: "websocket"}
	rd.Members.Store(2)
	rd.Slow.Store(2)
	subscribe(t, h, WithReader(ctx, rd), &viewer.Viewer{Role: viewer.Leader, AccountID: 9})
	e := subscribe(t, h, ctx, testAdmin)
	if got := h.Subscribers(); got != 1+3+1+2+1 {
		t.Fatalf("%d subscribers, want 8", got)
	}
	if n := h.Revoke(9, errors.New("revoked")); n != 2 {
		t.Fatalf("Revoke ended %d subscribers, want 2", n)
	}
	h.publish(seq(1)) // a, b, c, e hold 1: delivered 4
	drain(t, a, 1)
	drain(t, b, 1)
	drain(t, c, 1)
	h.publish(seq(2)) // a, b, c 1, e 2: delivered 8
	drain(t, a, 1)
	drain(t, b, 1)
	h.publish(seq(3)) // a, b 1, c 2: delivered 11; e is full: dropped
	st := h.Stats()
	want := Stats{Reads: 0, Events: 3, Delivered: 11, Dropped: 1, Head: 3, Subscriptions: 3,
		Subscribers: map[string]int{"": 1, "websocket": 3, "sse": 1},
		Lag:         7,         // b's reader; c's channel holds 2
		SlowEnded:   1 + 2 + 1} // e (by the hub), d's 2 (ended), b's 1 (open)
	if st.Reads != want.Reads || st.Events != want.Events || st.Delivered != want.Delivered || st.Dropped != want.Dropped ||
		st.Reconnects != 0 || st.Head != want.Head || st.Subscriptions != want.Subscriptions || st.Lag != want.Lag ||
		st.SlowEnded != want.SlowEnded || len(st.Subscribers) != len(want.Subscribers) ||
		st.Subscribers[""] != 1 || st.Subscribers["websocket"] != 3 || st.Subscribers["sse"] != 1 {
		t.Errorf("stats\n got %+v\nwant %+v", st, want)
	}
	// e got its 2 events, then the reason, then the end.
	drain(t, e, 2)
	ended(t, "e", e, nil)
}

// ended checks that ch holds the reason a subscription ended (want, or any
// error when want is nil) and is closed. Publishing and revoking are
// synchronous: nothing is waited for.
func ended(t *testing.T, name string, ch <-chan *Event, want error) {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok || ev.Err() == nil || (want != nil && ev.Err() != want) {
			t.Errorf("%s: last event %v (open %v), want the reason it ended (%v)", name, ev, ok, want)
			return
		}
	default:
		t.Errorf("%s: no reason waiting: the subscription was not ended", name)
		return
	}
	select {
	case _, open := <-ch:
		if open {
			t.Errorf("%s: an event after the reason", name)
		}
	default:
		t.Errorf("%s: the channel is open after the reason", name)
	}
}

// TestRevoke: the subscriptions of one account end with the given error;
// the others, anonymous ones and those of no viewer, stay; account 0 (no
// account) revokes nothing. Ending a subscription releases its context
// callback.
func TestRevoke(t *testing.T) {
	h := NewHub(nil, Options{})
	ctx := context.Background()
	seven := &viewer.Viewer{Role: viewer.HROfficer, AccountID: 7}
	x := subscribe(t, h, ctx, seven)
	r := &Reader{Transport: "websocket"}
	r.Members.Store(3)
	y := subscribe(t, h, WithReader(ctx, r), seven)
	subscribe(t, h, ctx, &viewer.Viewer{Role: viewer.HROfficer, AccountID: 8})
	subscribe(t, h, ctx, &viewer.Viewer{Role: viewer.Public})
	if _, err := h.Subscribe(ctx, nil, Filter{}, nil, 1); err != nil { // a reporter following complaint 1
		t.Fatal(err)
	}
	sx := subOf(t, h, x)
	revoked := errors.New("the account was disabled")
	if n := h.Revoke(0, revoked); n != 0 {
		t.Errorf("Revoke(0) ended %d subscribers, want 0", n)
	}
	if n := h.Revoke(7, revoked); n != 4 {
		t.Errorf("Revoke(7) ended %d subscribers, want 4 (one direct, one shared by 3)", n)
	}
	ended(t, "the direct subscription of account 7", x, revoked)
	ended(t, "the shared subscription of account 7", y, revoked)
	if got := h.Subscribers(); got != 3 {
		t.Errorf("%d subscribers left, want 3 (account 8, the public one, the reporter)", got)
	}
	if sx.stop() {
		t.Error("the revoked subscription's context callback was still registered: the hub did not release it")
	}
}

// TestSubscribeAtTheHead: a subscriber whose cursor is at or past the
// hub's head has nothing to replay: it reads the live channel itself (no
// replay goroutine, no second buffer), with room for the buffer and the
// reason it ends.
func TestSubscribeAtTheHead(t *testing.T) {
	h := NewHub(nil, Options{Buffer: 5})
	h.publish(seq(10))
	for _, cursor := range []string{"10", "12"} {
		ch, err := h.Subscribe(context.Background(), testAdmin, Filter{}, &cursor, 0)
		if err != nil {
			t.Fatal(err)
		}
		s := subOf(t, h, ch)
		if s.after != mustAtoi(t, cursor) || cap(ch) != 6 {
			t.Errorf("cursor %s: resumes after %d with room for %d, want %s and 6", cursor, s.after, cap(ch), cursor)
		}
	}
	bad := "x1"
	if _, err := h.Subscribe(context.Background(), testAdmin, Filter{}, &bad, 0); err == nil {
		t.Error("a malformed cursor was accepted")
	}
	h.shutdown()
	if _, err := h.Subscribe(context.Background(), testAdmin, Filter{}, nil, 0); err != ErrClosed {
		t.Errorf("subscribing to a stopped hub: %v, want ErrClosed", err)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := ParseCursor(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEventAccessors(t *testing.T) {
	at := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	cm := &ent.Complaint{ID: 3}
	ev := &Event{row: &ent.ComplaintEvent{ID: 42, Kind: complaintevent.KindSUBMITTED, OccurredAt: at}, complaint: cm}
	c, err := ev.Complaint()
	cur, cerr := ev.Cursor()
	if c != cm || err != nil || cur != "42" || cerr != nil || ev.Kind() != complaintevent.KindSUBMITTED || !ev.OccurredAt().Equal(at) || ev.Err() != nil {
		t.Errorf("event: complaint %v (%v), cursor %q (%v), kind %q, at %v, err %v; want complaint 3, \"42\", SUBMITTED, %v, no error",
			c, err, cur, cerr, ev.Kind(), ev.OccurredAt(), ev.Err(), at)
	}
	reason := errors.New("ended")
	end := Ended(reason)
	c, err = end.Complaint()
	cur, cerr = end.Cursor()
	if c != nil || err != reason || cur != "" || cerr != reason || end.Kind() != "" || !end.OccurredAt().IsZero() || end.Err() != reason {
		t.Errorf("ended: complaint %v (%v), cursor %q (%v), kind %q, at %v, err %v; want nothing but the reason",
			c, err, cur, cerr, end.Kind(), end.OccurredAt(), end.Err())
	}
}
