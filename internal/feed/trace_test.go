package feed_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"simasn/internal/feed"
	"simasn/internal/testdb"
)

// spans is a span exporter that hands each exported span to the test.
type spans chan tracetest.SpanStub

func (s spans) ExportSpans(_ context.Context, ss []sdktrace.ReadOnlySpan) error {
	for _, stub := range tracetest.SpanStubsFromReadOnlySpans(ss) {
		s <- stub
	}
	return nil
}

func (spans) Shutdown(context.Context) error { return nil }

// TestDeliveryBatchSpans: with a tracer, every batch the hub reads from the
// log and fans out is one span, starting when the read began (the hub's
// clock), saying which events it carried, how many it handed to
// subscriptions, how many subscriptions it ended for falling behind and how
// many were open after it. Buffer 2; a fast subscriber reads everything, a
// slow one nothing:
//
//	batch 1: events 1–2, both to both subscribers: 4 delivered, 2 subscriptions
//	batch 2: event 3 to the fast one; the slow one is full: 1 delivered, 1 dropped, 1 subscription
//	(an empty read: no span)
//	batch 3: event 4: 1 delivered, 0 dropped, 1 subscription
func TestDeliveryBatchSpans(t *testing.T) {
	exported := make(spans, 16)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exported))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	db := open(t, testdb.SQLite(t))
	readAt := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	h := quietHub(db, feed.Options{Tracer: tp, Buffer: 2, Clock: func() time.Time { return readAt }})
	run(t, h)
	fast, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0); err != nil {
		t.Fatal(err)
	}
	batch := func(events int) {
		t.Helper()
		for range events {
			write(t, db)
		}
		h.Wake()
		mustCollect(t, fast, events)
	}
	next := func() map[string]int64 {
		t.Helper()
		select {
		case s := <-exported:
			if s.Name != feed.SpanName || !s.StartTime.Equal(readAt) {
				t.Errorf("span %q starting %v, want %q starting %v", s.Name, s.StartTime, feed.SpanName, readAt)
			}
			return attrs(s.Attributes)
		case <-time.After(20 * time.Second):
			t.Fatal("no span within 20 s")
			return nil
		}
	}
	batch(2)
	b1 := next()
	batch(1)
	b2 := next()
	h.Wake() // nothing to read
	batch(1)
	b3 := next()
	ids := eventIDs(t, db)
	for i, tc := range []struct {
		got                                           map[string]int64
		events, first, last, delivered, dropped, subs int
	}{
		{b1, 2, ids[0], ids[1], 4, 0, 2},
		{b2, 1, ids[2], ids[2], 1, 1, 1},
		{b3, 1, ids[3], ids[3], 1, 0, 1},
	} {
		want := map[string]int64{"simasn.feed.events": int64(tc.events), "simasn.feed.first_seq": int64(tc.first), "simasn.feed.last_seq": int64(tc.last),
			"simasn.feed.delivered": int64(tc.delivered), "simasn.feed.dropped": int64(tc.dropped), "simasn.feed.subscriptions": int64(tc.subs)}
		if len(tc.got) != len(want) {
			t.Errorf("batch %d: attributes %v, want %v", i+1, tc.got, want)
			continue
		}
		for k, v := range want {
			if tc.got[k] != v {
				t.Errorf("batch %d: attributes %v, want %v", i+1, tc.got, want)
				break
			}
		}
	}
	select {
	case s := <-exported:
		t.Errorf("a span %v after the third batch", attrs(s.Attributes))
	default:
	}
}

func attrs(kvs []attribute.KeyValue) map[string]int64 {
	m := map[string]int64{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInt64()
	}
	return m
}
