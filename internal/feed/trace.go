package feed

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"simasn/internal/tracing"
)

// SpanName is the name of the span of one delivery batch.
const SpanName = "feed.deliver_batch"

// batchSpan is the span of one delivery batch: the events one read of the
// log returned, fanned out to the subscribers. Without a tracer it is
// nothing (a nil check per batch).
type batchSpan struct {
	span      trace.Span
	delivered int64
	dropped   int64
}

// startBatch begins the span of a batch of evs, read from the log at
// readAt; it reports nothing when tracing is off or the batch is empty
// (the periodic tick reads an empty batch every few seconds).
func (h *Hub) startBatch(ctx context.Context, readAt time.Time, evs []*Event) *batchSpan {
	if h.opts.Tracer == nil || len(evs) == 0 {
		return nil
	}
	_, span := h.opts.Tracer.Tracer(tracing.Name).Start(ctx, SpanName, trace.WithTimestamp(readAt),
		trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(
			attribute.Int("simasn.feed.events", len(evs)),
			attribute.Int("simasn.feed.first_seq", evs[0].Seq()),
			attribute.Int("simasn.feed.last_seq", evs[len(evs)-1].Seq())))
	h.mu.Lock()
	b := &batchSpan{span: span, delivered: h.stats.Delivered, dropped: h.stats.Dropped}
	h.mu.Unlock()
	return b
}

// end ends the span with what the batch did: the events handed to
// subscriptions, the subscriptions ended for falling behind, and the
// subscriptions open after it.
func (b *batchSpan) end(h *Hub) {
	if b == nil {
		return
	}
	h.mu.Lock()
	delivered, dropped, subs := h.stats.Delivered-b.delivered, h.stats.Dropped-b.dropped, len(h.subs)
	h.mu.Unlock()
	b.span.SetAttributes(
		attribute.Int64("simasn.feed.delivered", delivered),
		attribute.Int64("simasn.feed.dropped", dropped),
		attribute.Int("simasn.feed.subscriptions", subs))
	b.span.End()
}
