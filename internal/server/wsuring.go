package server

import (
	"math"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
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

// sendRing is a minimal io_uring (raw system calls; no io_uring library is
// served to this project) that submits up to writeBatch sends at once.
type sendRing struct {
	fd                      int
	sqRing, cqRing, sqesMem []byte
	sqHead, sqTail, sqMask  *uint32
	sqArray                 unsafe.Pointer
	cqHead, cqTail, cqMask  *uint32
	cqes                    unsafe.Pointer
	sqes                    unsafe.Pointer
	entries                 uint32
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

// ioUringParams is struct io_uring_params.
type ioUringParams struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFd uint32
	resv                                                                   [3]uint32
	sqOff                                                                  struct {
		head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
		userAddr                                                        uint64
	}
	cqOff struct {
		head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
		userAddr                                                        uint64
	}
}

// ioUringSqe is struct io_uring_sqe (64 bytes).
type ioUringSqe struct {
	opcode, flags uint8
	ioprio        uint16
	fd            int32
	off, addr     uint64
	len, msgFlags uint32
	userData      uint64
	bufIndex      uint16
	personality   uint16
	spliceFdIn    int32
	addr3, pad    uint64
}

const (
	ioringOpSendmsg     = 9
	ioringOpSend        = 26
	ioringEnterGetevent = 1
	ioringOffSqRing     = 0
	ioringOffCqRing     = 0x8000000
	ioringOffSqes       = 0x10000000
)

// ringsRefused is set once io_uring could not be set up: the writers
// then use sendmsg.
var ringsRefused atomic.Bool

// newSendRing sets up a ring of writeBatch entries, or returns nil.
func newSendRing() *sendRing {
	if ringsRefused.Load() {
		return nil
	}
	var p ioUringParams
	fd, _, errno := syscall.Syscall(unix.SYS_IO_URING_SETUP, writeBatch, uintptr(unsafe.Pointer(&p)), 0)
	if errno != 0 {
		ringsRefused.Store(true)
		return nil
	}
	r := &sendRing{fd: int(fd), entries: p.sqEntries}
	var err error
	prot, flags := unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE
	if r.sqRing, err = unix.Mmap(r.fd, ioringOffSqRing, int(p.sqOff.array+p.sqEntries*4), prot, flags); err == nil {
		if r.cqRing, err = unix.Mmap(r.fd, ioringOffCqRing, int(p.cqOff.cqes+p.cqEntries*16), prot, flags); err == nil {
			r.sqesMem, err = unix.Mmap(r.fd, ioringOffSqes, int(p.sqEntries)*64, prot, flags)
		}
	}
	if err != nil || p.sqEntries < writeBatch || p.cqEntries < writeBatch {
		r.close()
		ringsRefused.Store(true)
		return nil
	}
	sq, cq := unsafe.Pointer(&r.sqRing[0]), unsafe.Pointer(&r.cqRing[0])
	r.sqHead, r.sqTail = (*uint32)(unsafe.Add(sq, p.sqOff.head)), (*uint32)(unsafe.Add(sq, p.sqOff.tail))
	r.sqMask, r.sqArray = (*uint32)(unsafe.Add(sq, p.sqOff.ringMask)), unsafe.Add(sq, p.sqOff.array)
	r.cqHead, r.cqTail = (*uint32)(unsafe.Add(cq, p.cqOff.head)), (*uint32)(unsafe.Add(cq, p.cqOff.tail))
	r.cqMask, r.cqes = (*uint32)(unsafe.Add(cq, p.cqOff.ringMask)), unsafe.Add(cq, p.cqOff.cqes)
	r.sqes = unsafe.Pointer(&r.sqesMem[0])
	return r
}

func (r *sendRing) close() {
	for _, m := range [][]byte{r.sqesMem, r.cqRing, r.sqRing} {
		if m != nil {
			_ = unix.Munmap(m)
		}
	}
	_ = unix.Close(r.fd)
}

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
	tail := atomic.LoadUint32(r.sqTail)
	mask := *r.sqMask
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
		idx := tail & mask
		sqe := (*ioUringSqe)(unsafe.Add(r.sqes, uintptr(idx)*64))
		*sqe = ioUringSqe{fd: int32(fd), msgFlags: unix.MSG_DONTWAIT | unix.MSG_NOSIGNAL, userData: uint64(i)}
		if len(iov) == 1 {
			sqe.opcode, sqe.addr, sqe.len = ioringOpSend, uint64(uintptr(unsafe.Pointer(iov[0].Base))), uint32(iov[0].Len)
		} else {
			h := &r.hdrs[i]
			*h = unix.Msghdr{Iov: &r.iovs[i][0]}
			h.SetIovlen(len(iov))
			sqe.opcode, sqe.addr, sqe.len = ioringOpSendmsg, uint64(uintptr(unsafe.Pointer(h))), 1
		}
		*(*uint32)(unsafe.Add(r.sqArray, uintptr(idx)*4)) = idx
		r.res[i] = pending
		tail++
		k++
	}
	if k == 0 {
		return r.res[:len(fds)]
	}
	atomic.StoreUint32(r.sqTail, tail)
	// Submit and reap. The sends do not wait (MSG_DONTWAIT fails a full
	// socket's request at once), so every completion is there when
	// io_uring_enter returns; a raw system call, as for sendmsgNow.
	for submitted, seen := 0, 0; seen < k; {
		toSubmit := uintptr(k - submitted)
		n, _, errno := syscall.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), toSubmit, uintptr(k-seen), ioringEnterGetevent, 0, 0)
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
			submitted += int(n)
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
	head, ctail := atomic.LoadUint32(r.cqHead), atomic.LoadUint32(r.cqTail)
	for ; head != ctail; head++ {
		cqe := unsafe.Add(r.cqes, uintptr(head&*r.cqMask)*16)
		r.res[*(*uint64)(cqe)] = *(*int32)(unsafe.Add(cqe, 8))
		n++
	}
	atomic.StoreUint32(r.cqHead, head)
	return n
}
