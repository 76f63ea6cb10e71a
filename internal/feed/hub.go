package feed

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
	"go.opentelemetry.io/otel/trace"

	"simasn/ent"
	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/apperr"
	"simasn/internal/stream"
	"simasn/internal/viewer"
)

// now is the clock of the event log.
var now = time.Now

// Options tunes a Hub. Zero values take the defaults.
type Options struct {
	// Buffer is how many events a subscriber may fall behind before it is
	// ended (default 256).
	Buffer int
	// Tick is the slow catch-up interval, a safety net behind
	// notifications (default 5 s).
	Tick time.Duration
	// Batch is how many events one read of the log fetches (default 500).
	Batch int
	// DSN is the PostgreSQL connection string for the pq.Listener; empty
	// on SQLite.
	DSN string
	// Dialect is dialect.Postgres or dialect.SQLite.
	Dialect string
	// Logger receives the hub's warnings.
	Logger *slog.Logger
	// Local is the wake-up of the client the hub reads through (from
	// Register); nil when the hub relies on NOTIFY and its tick alone.
	Local *Local
	// Tracer, when set, records a span per delivery batch (SpanName);
	// nil costs nothing.
	Tracer trace.TracerProvider
	// Clock is the hub's clock: the seconds of Stats.EventsPerSecond and
	// the start of a delivery batch's span (default time.Now). Tests fix it.
	Clock func() time.Time
}

// Hub fans the complaint event log out to the subscribers of one instance.
type Hub struct {
	client *ent.Client
	opts   Options
	wake   chan struct{}
	ready  chan struct{} // closed once Run reads and listens

	mu     sync.Mutex
	last   int // the last event id read from the log
	subs   map[*Subscription]struct{}
	closed bool

	stats  Stats
	slow   int64         // subscribers transports ended, of subscriptions that have ended
	second [16]perSecond // events published, by second, for EventsPerSecond
}

// perSecond counts the events published in one second.
type perSecond struct {
	unix   int64
	events int64
}

// Stats is a snapshot of a hub: what it did since it started and who reads
// it now, for tests and metrics.
type Stats struct {
	// Reads counts the reads of the log; Events the events published;
	// Delivered the events handed to subscriptions; Dropped the
	// subscriptions the hub ended for falling behind; Reconnects the
	// reconnects of the PostgreSQL listener.
	Reads, Events, Delivered, Dropped, Reconnects int64
	// Head is the id of the last event read from the log.
	Head int
	// Subscriptions counts the hub's own subscriptions; a transport that
	// serves many subscribers from one subscription (see Reader) counts
	// once here.
	Subscriptions int
	// Subscribers counts the subscribers by transport ("websocket",
	// "sse"; "" for subscriptions opened without one).
	Subscribers map[string]int
	// Lag is how many events the slowest reader has yet to receive: the
	// events between the log's head and that reader's position.
	Lag int
	// EventsPerSecond is the rate of published events over the last ten
	// seconds.
	EventsPerSecond float64
	// SlowEnded counts the subscribers ended for falling behind, by the
	// hub (Dropped) and by the transports (Reader.Slow).
	SlowEnded int64
}

// Reader describes who reads a subscription, for Stats; a transport puts it
// in the subscription's context (WithReader). A transport that serves many
// subscribers with the same operation and visibility from one subscription
// (encoding each event once for all of them) counts them in Members.
type Reader struct {
	// Transport names the transport: "websocket", "sse".
	Transport string
	// Members is how many subscribers share the subscription; zero counts
	// as one.
	Members atomic.Int64
	// Slow counts the subscribers the transport ended for falling behind.
	Slow atomic.Int64
	// Lag, when set, returns the most events one of the subscribers has
	// yet to receive from the transport. Called under the hub's lock: it
	// must not call the hub.
	Lag func() int
}

type readerKey struct{}

// WithReader returns ctx carrying r: a subscription opened with it is
// counted as r says.
func WithReader(ctx context.Context, r *Reader) context.Context {
	return context.WithValue(ctx, readerKey{}, r)
}

func (s *Subscription) members() int {
	if s.reader == nil {
		return 1
	}
	if n := int(s.reader.Members.Load()); n > 0 {
		return n
	}
	return 1
}

// NewHub returns a hub reading the log through client. Start it with Run.
func NewHub(client *ent.Client, opts Options) *Hub {
	if opts.Buffer <= 0 {
		opts.Buffer = 256
	}
	if opts.Tick <= 0 {
		opts.Tick = 5 * time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return &Hub{client: client, opts: opts, wake: make(chan struct{}, 1), ready: make(chan struct{}), subs: map[*Subscription]struct{}{}}
}

// Ready is closed once Run has found the end of the log and, on
// PostgreSQL, listens for notifications: an event committed after it is
// delivered.
func (h *Hub) Ready() <-chan struct{} { return h.ready }

// Wake asks the hub to read the log now. It never blocks.
func (h *Hub) Wake() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Stats returns a snapshot of the hub's counters and readers.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.stats
	st.Head = h.last
	st.Subscriptions = len(h.subs)
	st.Subscribers = map[string]int{}
	st.SlowEnded = st.Dropped + h.slow
	for s := range h.subs {
		transport := ""
		if s.reader != nil {
			transport = s.reader.Transport
			st.SlowEnded += s.reader.Slow.Load()
			if s.reader.Lag != nil {
				st.Lag = max(st.Lag, s.reader.Lag())
			}
		}
		st.Subscribers[transport] += s.members()
		st.Lag = max(st.Lag, len(s.ch))
	}
	now := h.opts.Clock().Unix()
	var n int64
	for _, b := range h.second {
		if b.unix < now && b.unix >= now-10 {
			n += b.events
		}
	}
	st.EventsPerSecond = float64(n) / 10
	return st
}

// Subscribers returns how many subscribers are open: a subscription that
// several subscribers share (Reader.Members) counts each of them.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for s := range h.subs {
		n += s.members()
	}
	return n
}

// Run starts at the end of the log and fans out new events until ctx ends;
// then it ends every subscription. On PostgreSQL it listens for
// notifications with one pq.Listener and re-reads the log after every
// reconnect, since notifications may have been missed meanwhile.
func (h *Hub) Run(ctx context.Context) error {
	last, err := h.tail(ctx)
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.last = last
	h.mu.Unlock()
	if h.opts.Local != nil {
		h.opts.Local.add(h)
	}
	defer func() {
		if h.opts.Local != nil {
			h.opts.Local.remove(h)
		}
		h.shutdown()
	}()

	var notify <-chan *pq.Notification
	if h.opts.Dialect == dialect.Postgres && h.opts.DSN != "" {
		l := pq.NewListener(h.opts.DSN, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
			if err != nil {
				h.opts.Logger.Warn("complaint feed listener", "event", ev, "err", err)
			}
		})
		defer l.Close()
		if err := l.Listen(Channel); err != nil {
			return fmt.Errorf("listen on %s: %w", Channel, err)
		}
		notify = l.Notify
	}
	close(h.ready)
	tick := time.NewTicker(h.opts.Tick)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case n := <-notify:
			if n == nil {
				// The listener reconnected: anything may have been missed.
				h.mu.Lock()
				h.stats.Reconnects++
				h.mu.Unlock()
			}
		case <-h.wake:
		case <-tick.C:
		}
		if err := h.catchUp(ctx); err != nil && ctx.Err() == nil {
			h.opts.Logger.Warn("complaint feed: reading the event log failed; retrying on the next wake-up", "err", err)
		}
	}
}

// tail returns the id of the newest event.
func (h *Hub) tail(ctx context.Context) (int, error) {
	ev, err := h.client.ComplaintEvent.Query().Order(ent.Desc(complaintevent.FieldID)).First(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("complaint feed: find the end of the log: %w", err)
	}
	return ev.ID, nil
}

// catchUp reads every event after the last one read, in order, and fans
// each out.
func (h *Hub) catchUp(ctx context.Context) error {
	for {
		h.mu.Lock()
		last := h.last
		h.stats.Reads++
		h.mu.Unlock()
		var readAt time.Time
		if h.opts.Tracer != nil {
			readAt = h.opts.Clock()
		}
		evs, err := h.read(ctx, last, 0)
		if err != nil {
			return err
		}
		span := h.startBatch(ctx, readAt, evs)
		for _, ev := range evs {
			h.publish(ev)
		}
		span.end(h)
		if len(evs) < h.opts.Batch {
			return nil
		}
	}
}

// read returns up to a batch of events with last < id (and id ≤ upto when
// upto > 0), in order, with their complaints.
func (h *Hub) read(ctx context.Context, last, upto int) ([]*Event, error) {
	sys := viewer.System(ctx)
	q := h.client.ComplaintEvent.Query().Where(complaintevent.IDGT(last))
	if upto > 0 {
		q.Where(complaintevent.IDLTE(upto))
	}
	rows, err := q.Order(ent.Asc(complaintevent.FieldID)).Limit(h.opts.Batch).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read the complaint event log after %d: %w", last, err)
	}
	ids := make([]int, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ComplaintID)
	}
	cs, err := h.client.Complaint.Query().Where(complaint.IDIn(ids...)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read complaints of the event log: %w", err)
	}
	byID := make(map[int]*ent.Complaint, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	out := make([]*Event, 0, len(rows))
	for _, r := range rows {
		out = append(out, &Event{row: r, complaint: byID[r.ComplaintID]})
	}
	return out, nil
}

// publish hands one event to every subscriber that may see it. It never
// blocks: a subscriber whose buffer is full is ended.
func (h *Hub) publish(ev *Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ev.Seq() <= h.last {
		return
	}
	h.last = ev.Seq()
	h.stats.Events++
	sec := h.opts.Clock().Unix()
	if b := &h.second[sec%int64(len(h.second))]; b.unix != sec {
		*b = perSecond{unix: sec, events: 1}
	} else {
		b.events++
	}
	for s := range h.subs {
		if !s.wants(ev) {
			continue
		}
		if len(s.ch) >= h.opts.Buffer {
			h.stats.Dropped++
			h.endLocked(s, slowError(h.opts.Buffer))
			continue
		}
		s.ch <- ev
		h.stats.Delivered++
	}
}

// slowError ends a subscriber that fell too far behind (SLOW_SUBSCRIBER).
func slowError(buffer int) error {
	return &apperr.Error{Code: apperr.SlowSubscriber, Message: fmt.Sprintf("subscription ended: the subscriber fell more than %d events behind; subscribe again with after set to the cursor of the last event it processed to receive the rest", buffer)}
}

// ErrClosed ends the subscriptions of a hub that stops (UNAVAILABLE).
var ErrClosed error = &apperr.Error{Code: apperr.Unavailable, Message: "subscription ended: the server is shutting down; subscribe again with after set to the cursor of the last event processed"}

// endLocked ends s with err: the error goes to the subscription's transport
// (stream.Fail) or, without one, out as a last event; then the channel
// closes. The buffer keeps one slot free for it. h.mu is held.
func (h *Hub) endLocked(s *Subscription, err error) {
	if _, ok := h.subs[s]; !ok {
		return
	}
	delete(h.subs, s)
	if s.reader != nil {
		h.slow += s.reader.Slow.Load()
	}
	if err != nil && !stream.Fail(s.ctx, err) {
		s.ch <- &Event{err: err}
	}
	close(s.ch)
	if s.stop != nil {
		s.stop()
	}
}

func (h *Hub) shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		h.endLocked(s, ErrClosed)
	}
}

// Filter narrows a subscription.
type Filter struct {
	// UnitPaths keeps complaints of these units and everything under them.
	UnitPaths []string
	// Categories, Statuses keep complaints with these values.
	Categories, Statuses []string
	// RegionIDs keeps complaints about these regions.
	RegionIDs []int
	// ComplaintID keeps one complaint (a reporter following their own).
	ComplaintID int
}

// Subscription is one subscriber's stream of events.
type Subscription struct {
	ctx    context.Context // the subscriber's, for stream.Fail
	ch     chan *Event
	viewer *viewer.Viewer
	filter Filter
	// reporter is the complaint whose reporter is subscribing (0 if none).
	reporter int
	stop     func() bool
	reader   *Reader // who reads it, for Stats; nil for one direct subscriber
	after    int     // the cursor it resumes after: nothing up to it is sent
}

// Subscribe opens a subscription for viewer v. With after set, it first
// replays the events after that cursor from the log, then goes live: no
// event is missed and none arrives twice. The returned channel closes when
// ctx ends, when the subscriber falls behind (after a last event carrying
// a *SlowError) or when the hub stops.
func (h *Hub) Subscribe(ctx context.Context, v *viewer.Viewer, f Filter, after *string, reporter int) (<-chan *Event, error) {
	from := 0
	if after != nil {
		n, err := ParseCursor(*after)
		if err != nil {
			return nil, err
		}
		from = n
	}
	s := &Subscription{ctx: ctx, ch: make(chan *Event, h.opts.Buffer+1), viewer: v, filter: f, reporter: reporter}
	s.reader, _ = ctx.Value(readerKey{}).(*Reader)
	s.after = from
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	live := h.last
	h.subs[s] = struct{}{}
	// Set under the lock: endLocked, from another goroutine, reads it. The
	// callback itself waits for the lock. A context cancelled with a coded
	// cause (a revoked sign-in) ends the subscription with that error.
	s.stop = context.AfterFunc(ctx, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		var err error
		if _, ok := apperr.As(context.Cause(ctx)); ok {
			err = context.Cause(ctx)
		}
		h.endLocked(s, err)
	})
	h.mu.Unlock()
	if after == nil || from >= live {
		return s.ch, nil
	}
	// Replay (from, live] from the log, then pass on the live events,
	// which all have ids above live.
	out := make(chan *Event, h.opts.Buffer+1)
	go func() {
		defer close(out)
		for from < live {
			evs, err := h.read(ctx, from, live)
			if err != nil {
				end := &apperr.Error{Code: apperr.Unavailable, RetryAfter: 5 * time.Second, Message: "subscription ended: replaying the log failed; subscribe again with after set to the cursor of the last event processed", Err: err}
				if !stream.Fail(ctx, end) {
					out <- &Event{err: end}
				}
				h.opts.Logger.Warn("complaint feed replay", "err", err)
				return
			}
			if len(evs) == 0 {
				break
			}
			for _, ev := range evs {
				from = ev.Seq()
				if !s.wants(ev) {
					continue
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
		for ev := range s.ch {
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// wants reports whether s receives ev: the viewer may see it and the
// filter keeps it.
func (s *Subscription) wants(ev *Event) bool {
	if ev.Seq() <= s.after {
		// The subscriber has it already: its cursor came from an instance
		// whose hub had read further than this one.
		return false
	}
	if s.reporter != 0 {
		return ev.row.ComplaintID == s.reporter && !ev.row.Internal
	}
	return Visible(s.viewer, ev.row) && s.filter.keeps(ev.row)
}

func (f Filter) keeps(r *ent.ComplaintEvent) bool {
	if f.ComplaintID != 0 && r.ComplaintID != f.ComplaintID {
		return false
	}
	if len(f.UnitPaths) > 0 && !anyPrefix(r.UnitPath, f.UnitPaths) {
		return false
	}
	if len(f.Categories) > 0 && !contains(f.Categories, r.Category) {
		return false
	}
	if len(f.Statuses) > 0 && !contains(f.Statuses, r.Status) {
		return false
	}
	if len(f.RegionIDs) > 0 && (r.RegionID == nil || !contains(f.RegionIDs, *r.RegionID)) {
		return false
	}
	return true
}

// Cursor renders an event id as a feed cursor.
func Cursor(seq int) string { return strconv.Itoa(seq) }

// ParseCursor reads a feed cursor.
func ParseCursor(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &CursorError{Cursor: s}
	}
	return n, nil
}

// CursorError is a malformed cursor.
type CursorError struct{ Cursor string }

// Error says what a cursor is.
func (e *CursorError) Error() string {
	return fmt.Sprintf("%q is not a feed cursor; pass the cursor of an event you received", e.Cursor)
}

// Revoke ends every subscription of the account with err — an
// UNAUTHENTICATED or FORBIDDEN apperr when the account was disabled, its
// password or role changed: the transports then send err and close the
// subscriber's websocket with 4403, or end its event stream. It returns how
// many subscribers it ended (each member of a shared subscription counts).
func (h *Hub) Revoke(accountID int, err error) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for s := range h.subs {
		if s.viewer != nil && accountID != 0 && s.viewer.AccountID == accountID {
			n += s.members()
			h.endLocked(s, err)
		}
	}
	return n
}
