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
// log and fans out is one span, saying which events it carried, how many it
// handed to subscriptions and how many subscriptions there were; three
// events to two subscribers make spans that cover the three events in
// order, one batch after another, and add up to 6 deliveries. Empty reads
// (the tick) make none.
func TestDeliveryBatchSpans(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		exported := make(spans, 16)
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exported))
		t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		db := open(t, dsn)
		h := db.NewHub(feed.Options{Tracer: tp, Tick: 50 * time.Millisecond})
		run(t, h)
		var subs []<-chan *feed.Event
		for range 2 {
			sub, err := h.Subscribe(context.Background(), admin, feed.Filter{}, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			subs = append(subs, sub)
		}
		for range 3 {
			write(t, db)
		}
		ids := mustCollect(t, subs[0], 3)
		mustCollect(t, subs[1], 3)

		events, delivered := 0, 0
		timeout := time.After(20 * time.Second)
		for events < 3 {
			select {
			case s := <-exported:
				if s.Name != feed.SpanName {
					t.Fatalf("span %q, want only %q", s.Name, feed.SpanName)
				}
				a := attrs(s.Attributes)
				n := int(a["simasn.feed.events"])
				if n < 1 || events+n > 3 || int(a["simasn.feed.first_seq"]) != ids[events] || int(a["simasn.feed.last_seq"]) != ids[events+n-1] ||
					a["simasn.feed.subscriptions"] != 2 || a["simasn.feed.dropped"] != 0 {
					t.Fatalf("batch span %v after %d events, want the next of the events %v, for 2 subscriptions, nothing dropped", a, events, ids)
				}
				events += n
				delivered += int(a["simasn.feed.delivered"])
			case <-timeout:
				t.Fatalf("spans for %d of 3 events", events)
			}
		}
		if delivered != 6 {
			t.Errorf("spans carried %d deliveries, want 6 (3 events, 2 subscribers)", delivered)
		}
	})
}

func attrs(kvs []attribute.KeyValue) map[string]int64 {
	m := map[string]int64{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInt64()
	}
	return m
}
