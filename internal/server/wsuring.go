package server

import (
	"math"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"simasn/internal/uring"
)

// A writer of the pool writes its batch of connections with one system
// call: a send request per connection submitted through an io_uring of
// its own (sendRing), instead of one sendmsg each. On this kind of VM a
// system call's entry and exit is a large part of a send's cost (the
// floor benchmark, BenchmarkFeedFloor: 5.5 against 9.6 µs of CPU per
// delivery at 19,000 connections). The sends are non-blocking
// (MSG_DONTWAIT, which io_uring honours: a full socket completes the
// request with EAGAIN at once instead of waiting), so they complete while
// they are submitted and a slow client delays no one: what its socket did
// not take goes to c.rest and resume, as with sendmsg. Where io_uring is
// not available (an old kernel, a seccomp profile that refuses it) or
// turned off (Options.WebsocketNoIOURing, SIMASN_WS_IOURING=false), the
// writers send with sendmsg.

// sendRing is an io_uring (internal/uring) that submits up to writeBatch
// sends at once.
type sendRing struct {
	*uring.Ring
	// broken is set when io_uring_enter failed in a way a working ring
	// does not: the ring is not used again (its writer closes it).
	broken bool

	// The message headers and their buffers of the batch being sent:
	// here, not on a goroutine's stack (which may move), while the kernel
	// reads them.
	hdrs [writeBatch]unix.Msghdr
	iovs [writeBatch][maxRingIovecs]unix.Iovec
	res  [writeBatch]int32
}

// maxRingIovecs bounds the frames of one connection sent by the ring in
// one request; a connection with more waiting is written with sendmsg.
const maxRingIovecs = 8

// ringsRefused is set once io_uring could not be set up: the writers
// then use sendmsg.
var ringsRefused atomic.Bool

// newSendRing sets up a ring of writeBatch entries, or returns nil.
func newSendRing() *sendRing {
	if ringsRefused.Load() {
		return nil
	}
	r, err := uring.Setup(writeBatch, 0, 0)
	if err == nil && (r.Entries < writeBatch || r.CQEntries < writeBatch) {
		r.Close()
		err = unix.EINVAL
	}
	if err != nil {
		ringsRefused.Store(true)
		return nil
	}
	return &sendRing{Ring: r}
}

func (r *sendRing) close() { r.Ring.Close() }

// sendAll sends bufs[i] to fds[i] for each i (at most writeBatch), never
// waiting for a socket, with one io_uring_enter, and returns each send's
// result: the bytes sent, or minus an errno (EAGAIN: the socket full).
// fds[i] < 0, or nothing to send, is skipped (its result 0); bufs[i] holds
// at most maxRingIovecs buffers. The descriptors must stay open
// until it returns. Should io_uring_enter fail otherwise than a working
// ring can, the sends it did not take report EAGAIN (nothing of them was
// sent: their connections write it themselves, with sendmsg, once their
// socket is writable) and the ring is marked broken.
func (r *sendRing) sendAll(fds []int, bufs [][][]byte) []int32 {
	tail := atomic.LoadUint32(r.SQTail)
	k := 0
	for i, fd := range fds {
		r.res[i] = 0
		if fd < 0 {
			continue
		}
		iov := r.iovs[i][:0]
		for _, p := range bufs[i] {
			if len(p) > 0 {
				v := unix.Iovec{Base: &p[0]}
				v.SetLen(len(p))
				iov = append(iov, v)
			}
		}
		if len(iov) == 0 {
			continue
		}
		sqe := uring.SQE{Fd: int32(fd), MsgFlags: unix.MSG_DONTWAIT | unix.MSG_NOSIGNAL, UserData: uint64(i)}
		if len(iov) == 1 {
			sqe.Opcode, sqe.Addr, sqe.Len = uring.OpSend, uint64(uintptr(unsafe.Pointer(iov[0].Base))), uint32(iov[0].Len)
		} else {
			h := &r.hdrs[i]
			*h = unix.Msghdr{Iov: &r.iovs[i][0]}
			h.SetIovlen(len(iov))
			sqe.Opcode, sqe.Addr, sqe.Len = uring.OpSendmsg, uint64(uintptr(unsafe.Pointer(h))), 1
		}
		r.Put(tail, sqe)
		r.res[i] = pending
		tail++
		k++
	}
	if k == 0 {
		return r.res[:len(fds)]
	}
	atomic.StoreUint32(r.SQTail, tail)
	// Submit and reap. The sends do not wait (MSG_DONTWAIT fails a full
	// socket's request at once), so every completion is there when
	// io_uring_enter returns; a raw system call, as for sendmsgNow.
	for submitted, seen := 0, 0; seen < k; {
		n, errno := r.Enter(uint32(k-submitted), uint32(k-seen), uring.EnterGetevents)
		if errno != 0 && errno != unix.EINTR && errno != unix.EAGAIN && errno != unix.EBUSY {
			// An enter that fails submitted nothing, and the sends
			// submitted before it completed when they were submitted
			// (they never wait), so every send still pending was never
			// made.
			r.reap()
			for i, v := range r.res[:len(fds)] {
				if v == pending {
					r.res[i] = -int32(unix.EAGAIN)
				}
			}
			r.broken = true
			return r.res[:len(fds)]
		}
		if errno == 0 {
			submitted += n
		}
		seen += r.reap()
	}
	return r.res[:len(fds)]
}

// pending marks, in sendRing.res, a send submitted and not yet completed.
const pending = math.MinInt32

// reap records the results of the completed sends and returns how many
// there were.
func (r *sendRing) reap() int {
	n := 0
	head, ctail := atomic.LoadUint32(r.CQHead), atomic.LoadUint32(r.CQTail)
	for ; head != ctail; head++ {
		i, res, _ := r.CQE(head)
		r.res[i] = res
		n++
	}
	atomic.StoreUint32(r.CQHead, head)
	return n
}
