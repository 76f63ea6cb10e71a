package server

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Websocket writes go through a queue per connection, emptied by a small
// pool of writers: no goroutine per connection waits to write, a
// subscriber's frames keep their order, and an event that many subscribers
// share is framed once (websocket.PreparedMessage) and written to each.
const (
	// maxQueuedEvents bounds the subscription results waiting to be
	// written to one connection; a subscriber that lets more pile up is
	// ended (SLOW_SUBSCRIBER) and resumes by cursor.
	maxQueuedEvents = 256
	// maxQueued bounds everything waiting for one connection (results,
	// answers to its own messages, keep-alives): a client that sends
	// without reading is disconnected.
	maxQueued = 2 * maxQueuedEvents
)

// frame is one message waiting to be written.
type frame struct {
	shared *websocket.PreparedMessage // a result several subscribers share
	data   []byte                     // else a message of this connection's own
	event  bool                       // a subscription result, counted against maxQueuedEvents
	close  int                        // a close frame with this code, data its reason
}

// writePool writes the queued frames of websocket connections. Writers are
// started when connections have frames waiting, up to max, and return when
// none has: an idle server holds none. Connections are handed over in
// batches, so that a result for thousands of subscribers costs the
// writers a few dozen turns of the pool's lock, not one each.
type writePool struct {
	max int

	mu      sync.Mutex
	ready   [][]*wsConn // batches of connections with frames waiting, oldest first
	head    int
	running int
}

// writeBatch is how many connections a writer takes at once.
const writeBatch = 64

// schedule hands connections whose queues were empty to the writers.
func (p *writePool) schedule(cs ...*wsConn) {
	if len(cs) == 0 {
		return
	}
	p.mu.Lock()
	for len(cs) > 0 {
		n := min(len(cs), writeBatch)
		p.ready = append(p.ready, cs[:n:n])
		cs = cs[n:]
	}
	start := min(len(p.ready)-p.head, p.max) - p.running
	p.running += max(start, 0)
	p.mu.Unlock()
	for ; start > 0; start-- {
		go p.work()
	}
}

func (p *writePool) work() {
	for {
		p.mu.Lock()
		if p.head == len(p.ready) {
			p.ready, p.head = p.ready[:0], 0
			p.running--
			p.mu.Unlock()
			return
		}
		batch := p.ready[p.head]
		p.ready[p.head] = nil
		p.head++
		p.mu.Unlock()
		for _, c := range batch {
			c.flush()
		}
	}
}

// push queues f; it reports whether f was queued (false when the
// connection is closing, or f is an event and the connection already has
// maxQueuedEvents waiting: full) and whether the connection must be
// scheduled.
func (c *wsConn) push(f frame) (queued, full, wake bool) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.closed {
		return false, false, false
	}
	if f.event && c.events >= maxQueuedEvents || len(c.queue) >= maxQueued {
		return false, true, false
	}
	c.queue = append(c.queue, f)
	if f.event {
		c.events++
	}
	if f.close != 0 {
		c.closed = true
	}
	wake = !c.scheduled
	c.scheduled = true
	return true, false, wake
}

// enqueue queues f and schedules the connection; a client whose queue
// overflows with messages of its own is disconnected.
func (c *wsConn) enqueue(f frame) {
	queued, full, wake := c.push(f)
	if full && !f.event {
		c.qmu.Lock()
		c.closed = true
		c.qmu.Unlock()
		_ = c.ws.Close()
		return
	}
	if queued && wake {
		c.t.writers.schedule(c)
	}
}

// pending returns how many subscription results wait for the connection.
func (c *wsConn) pending() int {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	return c.events
}

// flush writes what the connection has queued, until its queue is empty.
// One writer at a time flushes a connection (scheduled).
func (c *wsConn) flush() {
	for {
		c.qmu.Lock()
		batch := c.queue
		c.queue = nil
		if len(batch) == 0 {
			c.scheduled = false
			c.qmu.Unlock()
			return
		}
		for _, f := range batch {
			if f.event {
				c.events--
			}
		}
		c.qmu.Unlock()
		if !c.write(batch) {
			c.qmu.Lock()
			c.closed, c.queue, c.events, c.scheduled = true, nil, 0, false
			c.qmu.Unlock()
			return
		}
	}
}

// write writes frames; it reports false once the connection can take no
// more (an error, or a close frame sent).
func (c *wsConn) write(batch []frame) bool {
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	for _, f := range batch {
		var err error
		switch {
		case f.close != 0:
			_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(f.close, string(f.data)), time.Now().Add(time.Second))
			// Give the client a moment to answer with its own close frame
			// before the reading loop gives up.
			_ = c.ws.SetReadDeadline(time.Now().Add(closeHandshakeExpiry))
			return false
		case f.shared != nil:
			err = c.ws.WritePreparedMessage(f.shared)
		default:
			err = c.ws.WriteMessage(websocket.TextMessage, f.data)
		}
		if err != nil {
			// A client that does not read is dropped.
			_ = c.ws.Close()
			return false
		}
	}
	return true
}
