package server

import (
	"encoding/binary"
	"net"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"
)

// Websocket writes go through a queue per connection, emptied by a small
// pool of writers: no goroutine per connection waits to write, a
// subscriber's frames keep their order, and an event that many subscribers
// share is framed once (wireFrame) and the same bytes written to each. The
// writers write to the socket directly, not through gorilla's writer: a
// server's frames are not masked, so a frame's bytes are the same on every
// connection, and everything queued for one connection goes out in one
// system call.
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
	wire  []byte // a complete websocket frame several subscribers share, written as it is
	data  []byte // else a message of this connection's own (the payload)
	op    int    // its opcode when it is a control frame (ping, pong); else a text message
	event bool   // a subscription result, counted against maxQueuedEvents
	close int    // a close frame with this code, data its reason
}

// wireFrame returns a complete, unfragmented websocket frame as a server
// sends it (unmasked): the header and the payload. A result many
// subscribers share is framed once and the same bytes written to each
// connection.
func wireFrame(opcode int, payload []byte) []byte {
	n := len(payload)
	b := make([]byte, 0, n+10)
	b = append(b, 0x80|byte(opcode)) // FIN
	switch {
	case n < 126:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126, byte(n>>8), byte(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, payload...)
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
	rings   []*sendRing // of the writers that returned (wsuring.go)
	noRing  bool        // Options.WebsocketNoIOURing: sendmsg only
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
	p.mu.Lock()
	var ring *sendRing
	if n := len(p.rings); n > 0 {
		ring, p.rings = p.rings[n-1], p.rings[:n-1]
	}
	p.mu.Unlock()
	if ring == nil && !p.noRing {
		ring = newSendRing() // nil where io_uring is not to be had
	}
	var w ringBatch
	for {
		p.mu.Lock()
		if p.head == len(p.ready) {
			p.ready, p.head = p.ready[:0], 0
			p.running--
			if ring != nil {
				p.rings = append(p.rings, ring)
			}
			p.mu.Unlock()
			return
		}
		batch := p.ready[p.head]
		p.ready[p.head] = nil
		p.head++
		p.mu.Unlock()
		if ring != nil {
			w.flush(ring, batch)
			if ring.broken {
				ring.close() // its writer goes on with sendmsg
				ring = nil
			}
			continue
		}
		for _, c := range batch {
			c.flush(false)
		}
	}
}

// ringBatch is a writer's batch of connections written through its ring:
// each connection's queue taken and framed, its write lock held, its
// descriptor pinned (Control) while the ring sends.
type ringBatch struct {
	conns   []*wsConn
	closing []bool
	fds     []int
	bufs    [][][]byte
	ctlErr  []error
	ring    *sendRing
	res     []int32
}

// flush writes what the connections of batch have queued: everything
// waiting for those that can go by the ring in one io_uring_enter, then
// (like flush for one connection) whatever came meanwhile. A connection
// the ring cannot take (not a plain socket, a rest left for resume, many
// frames waiting) is flushed on its own.
func (w *ringBatch) flush(ring *sendRing, batch []*wsConn) {
	w.conns, w.closing, w.bufs = w.conns[:0], w.closing[:0], w.bufs[:0]
	for _, c := range batch {
		q := c.takeQueue()
		if q == nil {
			continue
		}
		c.wmu.Lock()
		if c.wclosed || c.raw == nil || len(c.rest) > 0 || len(q) > maxRingIovecs {
			c.wmu.Unlock()
			c.wroteAlone(c.write(q, false))
			continue
		}
		bufs, closing := c.frameBufs(q)
		w.conns, w.closing, w.bufs = append(w.conns, c), append(w.closing, closing), append(w.bufs, bufs)
	}
	if len(w.conns) == 0 {
		return
	}
	w.ring = ring
	w.fds, w.ctlErr = w.fds[:0], w.ctlErr[:0]
	w.pin(0)
	for i, c := range w.conns {
		var st writeState
		res := w.res[i]
		switch {
		case w.ctlErr[i] != nil:
			st = c.wrote(w.closing[i], w.ctlErr[i])
		case res == -int32(unix.EAGAIN) || res == -int32(unix.EINTR):
			c.rest, c.restClosing = w.bufs[i], w.closing[i]
			st = writeBlocked
		case res < 0:
			st = c.wrote(w.closing[i], syscall.Errno(-res))
		default:
			if rest := advance(w.bufs[i], int(res)); len(rest) > 0 {
				c.rest, c.restClosing = rest, w.closing[i]
				st = writeBlocked
			} else {
				st = c.wrote(w.closing[i], nil)
			}
		}
		c.wmu.Unlock()
		c.wroteAlone(st)
		w.conns[i], w.bufs[i] = nil, nil
	}
}

// wroteAlone goes on, as flush does, after a pool writer's write of what
// was queued: resume waits for a full socket, an ended connection forgets
// its queue, else what was queued meanwhile is written.
func (c *wsConn) wroteAlone(st writeState) {
	switch st {
	case writeBlocked:
		go c.resume()
	case writeEnded:
		c.ended()
	default:
		c.flush(false)
	}
}

// pin holds the descriptors of w.conns[i:] open (RawConn.Control, nested:
// a connection closed meanwhile cannot have its descriptor reused for
// another before the ring has sent) and sends once all are held.
func (w *ringBatch) pin(i int) {
	if i == len(w.conns) {
		w.res = w.ring.sendAll(w.fds, w.bufs)
		return
	}
	w.fds, w.ctlErr = append(w.fds, -1), append(w.ctlErr, nil)
	err := w.conns[i].raw.Control(func(fd uintptr) {
		w.fds[i] = int(fd)
		w.pin(i + 1)
	})
	if err != nil {
		w.ctlErr[i] = err
		w.pin(i + 1)
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
// One goroutine at a time flushes a connection (scheduled). A writer of
// the pool (wait false) never waits for a socket: when a connection's
// socket is full, a goroutine of the connection's own finishes that write
// and the rest of its queue (resume), so that a client that reads slowly
// delays no other connection of the writer's batch.
func (c *wsConn) flush(wait bool) {
	for {
		batch := c.takeQueue()
		if batch == nil {
			return
		}
		switch c.write(batch, wait) {
		case writeBlocked:
			go c.resume()
			return
		case writeEnded:
			c.ended()
			return
		}
	}
}

// ended forgets the queue of a connection that can take no more.
func (c *wsConn) ended() {
	c.qmu.Lock()
	c.closed, c.queue, c.events, c.scheduled = true, nil, 0, false
	c.qmu.Unlock()
}

// resume finishes the write a writer of the pool left when the socket was
// full (c.rest), waiting for the client, then writes the rest of the
// queue.
func (c *wsConn) resume() {
	c.wmu.Lock()
	st := c.writeRest()
	c.wmu.Unlock()
	if st == writeEnded {
		c.ended()
		return
	}
	c.flush(true)
}

// writeRest writes what a writer of the pool left in c.rest, waiting for
// the client. c.wmu is held.
func (c *wsConn) writeRest() writeState {
	rest, closing := c.rest, c.restClosing
	c.rest, c.restClosing = nil, false
	return c.wrote(closing, c.waitWrite(rest))
}

// writeState is what became of a write.
type writeState int

const (
	writeDone    writeState = iota // written
	writeBlocked                   // the socket took part of it: the rest is in c.rest
	writeEnded                     // the connection can take no more (an error, or a close frame sent)
)

// write writes frames; everything in the batch goes out in one system
// call when the socket can take it (sendmsg). When it cannot, write waits
// for the client (at most WebsocketWriteTimeout), unless wait is false: then it
// leaves the rest in c.rest (writeBlocked) for resume.
func (c *wsConn) write(batch []frame, wait bool) writeState {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.wclosed {
		return writeEnded
	}
	if len(c.rest) > 0 {
		// What a writer left for resume goes first (writeNow came
		// between): frames never interleave.
		if c.writeRest() == writeEnded {
			return writeEnded
		}
	}
	bufs, closing := c.frameBufs(batch)
	rest, err := c.sendNowAll(bufs)
	if err == nil && len(rest) > 0 {
		if !wait {
			c.rest, c.restClosing = rest, closing
			return writeBlocked
		}
		err = c.waitWrite(rest)
	}
	return c.wrote(closing, err)
}

// frameBufs returns the frames of batch as the bytes to write (in c.bufs),
// up to a close frame, and whether there is one. c.wmu is held.
func (c *wsConn) frameBufs(batch []frame) (bufs [][]byte, closing bool) {
	bufs = c.bufs[:0]
	for _, f := range batch {
		switch {
		case f.close != 0:
			bufs = append(bufs, wireFrame(websocket.CloseMessage, websocket.FormatCloseMessage(f.close, string(f.data))))
			closing = true
		case f.wire != nil:
			bufs = append(bufs, f.wire)
		case f.op != 0:
			bufs = append(bufs, wireFrame(f.op, f.data))
		default:
			bufs = append(bufs, wireFrame(websocket.TextMessage, f.data))
		}
		if closing {
			break
		}
	}
	c.bufs = bufs
	return bufs, closing
}

// wrote ends a write: it lets go of the frames and closes the connection
// after a close frame or an error. c.wmu is held.
func (c *wsConn) wrote(closing bool, err error) writeState {
	clear(c.bufs)
	c.bufs = c.bufs[:0]
	if closing {
		c.wclosed = true
		// Give the client a moment to answer with its own close frame
		// before the reading loop gives up.
		_ = c.ws.SetReadDeadline(time.Now().Add(closeHandshakeExpiry))
		return writeEnded
	}
	if err != nil {
		// A client that does not read is dropped.
		_ = c.ws.Close()
		return writeEnded
	}
	return writeDone
}

// writeNow writes one frame at once, after whatever a writer is writing:
// the echo of the client's close frame, and the close of a connection
// that was never initialised. c.wmu must not be held.
func (c *wsConn) writeNow(f frame) {
	c.write([]frame{f}, true)
}

// sendNowAll writes bufs to the socket without waiting and returns what
// the socket could not take. With the socket's file descriptor at hand
// (TCP) it writes with sendmsg on the non-blocking socket: the common case,
// a subscriber that keeps reading, costs one system call and no timer;
// else (not a plain socket) it writes nothing and returns bufs. c.wmu is
// held.
func (c *wsConn) sendNowAll(bufs [][]byte) (rest [][]byte, err error) {
	if c.raw == nil {
		return bufs, nil
	}
	c.iov = bufs
	for len(c.iov) > 0 {
		c.rawN, c.rawErr = 0, nil
		// Control, not Write: no deadline to check and no lock of the
		// descriptor's to take, since c.wmu orders every write.
		if err := c.raw.Control(c.rawWrite); err != nil {
			c.iov = nil
			return nil, err
		}
		if c.rawErr == unix.EINTR {
			continue
		}
		if c.rawErr == unix.EAGAIN {
			break
		}
		if c.rawErr != nil {
			c.iov = nil
			return nil, c.rawErr
		}
		c.iov = advance(c.iov, c.rawN)
	}
	rest, c.iov = c.iov, nil
	return rest, nil
}

// waitWrite writes bufs, waiting for the client at most WebsocketWriteTimeout, with
// a write deadline that it clears afterwards (nothing else sets one: every
// write goes through here). c.wmu is held.
func (c *wsConn) waitWrite(bufs [][]byte) error {
	if len(bufs) == 0 {
		return nil
	}
	_ = c.conn.SetWriteDeadline(time.Now().Add(c.t.writeWait))
	nb := net.Buffers(bufs)
	_, err := nb.WriteTo(c.conn)
	_ = c.conn.SetWriteDeadline(time.Time{})
	return err
}

// sendNow is called with the socket's descriptor: one sendmsg of c.iov,
// never waiting (the result in c.rawN, c.rawErr).
func (c *wsConn) sendNow(fd uintptr) {
	c.rawN, c.rawErr = sendmsgNow(int(fd), c.iov)
}

// sendmsgNow writes bufs to the socket fd with one sendmsg(2) that never
// waits (MSG_DONTWAIT), made as a raw system call: the scheduler is not
// told the goroutine entered a system call. Such a send returns as soon as
// the kernel has queued (over loopback: delivered) the bytes, but that can
// take longer than the 20 µs after which the runtime's monitor (sysmon)
// would hand the writer's processor to another thread; with a plain
// syscall, a fan-out of thousands of sends kept sysmon waking every 20 µs
// and its hand-offs switching threads (≈ 6 % of the server's CPU in a
// profile). sendmsg, not writev: the socket call skips the file layer's
// bookkeeping.
func sendmsgNow(fd int, bufs [][]byte) (int, error) {
	var small [8]unix.Iovec
	iov := small[:0]
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		v := unix.Iovec{Base: &b[0]}
		v.SetLen(len(b))
		iov = append(iov, v)
	}
	if len(iov) == 0 {
		return 0, nil
	}
	var h unix.Msghdr
	h.Iov = &iov[0]
	h.SetIovlen(len(iov))
	n, _, errno := syscall.RawSyscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(unsafe.Pointer(&h)), unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL)
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// advance drops the first n bytes of bufs (the slices, not their bytes,
// which others may share).
func advance(bufs [][]byte, n int) [][]byte {
	for len(bufs) > 0 && n >= len(bufs[0]) {
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	if len(bufs) > 0 {
		bufs[0] = bufs[0][n:]
	}
	return bufs
}

// rawConn returns the socket's file descriptor access for writing without
// waiting, or nil (a connection that is not a plain socket, e.g. TLS).
func rawConn(conn net.Conn) syscall.RawConn {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}

// takeQueue takes the frames queued for c, nil when there are none; then c
// is no longer scheduled, so the next frame queued schedules it again.
func (c *wsConn) takeQueue() []frame {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	q := c.queue
	c.queue = nil
	if len(q) == 0 {
		c.scheduled = false
		return nil
	}
	for _, f := range q {
		if f.event {
			c.events--
		}
	}
	return q
}
