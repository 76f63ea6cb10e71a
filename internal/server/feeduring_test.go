package server_test

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// uring is a minimal io_uring on raw system calls (no io_uring library is
// served by the module proxy): BenchmarkFeedFloor's batched sends, and the
// load processes' multishot receives (the default; see
// loadLoop.runURing).
type uring struct {
	fd                      int
	sqRing, cqRing, sqesMem []byte
	sqHead, sqTail, sqMask  *uint32
	sqArray                 unsafe.Pointer
	cqHead, cqTail, cqMask  *uint32
	cqes                    unsafe.Pointer
	sqes                    unsafe.Pointer
	entries                 uint32

	// A ring of provided buffers (group 0), for multishot receives.
	bufRing, bufMem []byte
	bufSize         int
	bufMask         uint32
	bufTail         uint32
}

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
	ioringOpSend        = 26
	ioringOpRecv        = 27
	ioringSetupCqsize   = 1 << 3
	ioringSetupSingle   = 1 << 12 // IORING_SETUP_SINGLE_ISSUER
	ioringSetupDeferTR  = 1 << 13 // IORING_SETUP_DEFER_TASKRUN
	ioringRecvMultishot = 1 << 1
	iosqeBufferSelect   = 1 << 5
	ioringCqeFBuffer    = 1
	ioringCqeFMore      = 2
	ioringRegisterPbuf  = 22
	ioringEnterGetevent = 1
	ioringOffSqRing     = 0
	ioringOffCqRing     = 0x8000000
	ioringOffSqes       = 0x10000000
)

func newURing(entries uint32) (*uring, error) { return newURingFlags(entries, 0, 0) }

// newURingFlags sets a ring up with these IORING_SETUP_ flags and, when
// cqEntries > 0, that many completion entries.
func newURingFlags(entries, flags, cqEntries uint32) (*uring, error) {
	var p ioUringParams
	p.flags = flags
	if cqEntries > 0 {
		p.flags |= ioringSetupCqsize
		p.cqEntries = cqEntries
	}
	fd, _, errno := syscall.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(&p)), 0)
	if errno != 0 {
		return nil, errno
	}
	r := &uring{fd: int(fd), entries: p.sqEntries}
	var err error
	sqSize := int(p.sqOff.array + p.sqEntries*4)
	cqSize := int(p.cqOff.cqes + p.cqEntries*16)
	if r.sqRing, err = unix.Mmap(r.fd, ioringOffSqRing, sqSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		return nil, err
	}
	if r.cqRing, err = unix.Mmap(r.fd, ioringOffCqRing, cqSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		return nil, err
	}
	if r.sqesMem, err = unix.Mmap(r.fd, ioringOffSqes, int(p.sqEntries)*64, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		return nil, err
	}
	sq, cq := unsafe.Pointer(&r.sqRing[0]), unsafe.Pointer(&r.cqRing[0])
	r.sqHead, r.sqTail = (*uint32)(unsafe.Add(sq, p.sqOff.head)), (*uint32)(unsafe.Add(sq, p.sqOff.tail))
	r.sqMask, r.sqArray = (*uint32)(unsafe.Add(sq, p.sqOff.ringMask)), unsafe.Add(sq, p.sqOff.array)
	r.cqHead, r.cqTail = (*uint32)(unsafe.Add(cq, p.cqOff.head)), (*uint32)(unsafe.Add(cq, p.cqOff.tail))
	r.cqMask, r.cqes = (*uint32)(unsafe.Add(cq, p.cqOff.ringMask)), unsafe.Add(cq, p.cqOff.cqes)
	r.sqes = unsafe.Pointer(&r.sqesMem[0])
	return r, nil
}

func (r *uring) close() {
	if r.bufRing != nil {
		_ = unix.Munmap(r.bufRing)
		_ = unix.Munmap(r.bufMem)
	}
	_ = unix.Munmap(r.sqesMem)
	_ = unix.Munmap(r.cqRing)
	_ = unix.Munmap(r.sqRing)
	_ = unix.Close(r.fd)
}

// sendAll sends frame to every fd, in batches of the ring's size, one
// io_uring_enter a batch, and returns how many sends did not send it whole.
func (r *uring) sendAll(fds []int, frame []byte) (failed int) {
	addr, n := uint64(uintptr(unsafe.Pointer(&frame[0]))), uint32(len(frame))
	for len(fds) > 0 {
		batch := fds[:min(len(fds), int(r.entries))]
		fds = fds[len(batch):]
		tail := atomic.LoadUint32(r.sqTail)
		mask := *r.sqMask
		for _, fd := range batch {
			i := tail & mask
			sqe := (*ioUringSqe)(unsafe.Add(r.sqes, uintptr(i)*64))
			*sqe = ioUringSqe{opcode: ioringOpSend, fd: int32(fd), addr: addr, len: n,
				msgFlags: unix.MSG_DONTWAIT | unix.MSG_NOSIGNAL}
			*(*uint32)(unsafe.Add(r.sqArray, uintptr(i)*4)) = i
			tail++
		}
		atomic.StoreUint32(r.sqTail, tail)
		k := uintptr(len(batch))
		for submitted := uintptr(0); submitted < k; {
			m, _, errno := syscall.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), k-submitted, k-submitted, ioringEnterGetevent, 0, 0)
			if errno == unix.EINTR {
				continue
			}
			if errno != 0 {
				panic(fmt.Sprintf("io_uring_enter: %v", errno))
			}
			submitted += m
		}
		// Reap the completions (the sends completed inline: non-blocking).
		for seen := 0; seen < len(batch); {
			head, ctail := atomic.LoadUint32(r.cqHead), atomic.LoadUint32(r.cqTail)
			if head == ctail {
				_, _, errno := syscall.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), 0, 1, ioringEnterGetevent, 0, 0)
				if errno != 0 && errno != unix.EINTR {
					panic(fmt.Sprintf("io_uring_enter: %v", errno))
				}
				continue
			}
			for ; head != ctail; head++ {
				res := *(*int32)(unsafe.Add(r.cqes, uintptr(head&*r.cqMask)*16+8))
				if res != int32(n) {
					failed++
				}
				seen++
			}
			atomic.StoreUint32(r.cqHead, head)
		}
	}
	return failed
}

// provideBuffers registers a ring of n provided buffers of size bytes each
// as buffer group 0 (IORING_REGISTER_PBUF_RING), all given to the kernel.
func (r *uring) provideBuffers(n, size int) error {
	var err error
	if r.bufRing, err = unix.Mmap(-1, 0, n*16, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE|unix.MAP_POPULATE); err != nil {
		return err
	}
	if r.bufMem, err = unix.Mmap(-1, 0, n*size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE|unix.MAP_POPULATE); err != nil {
		return err
	}
	r.bufSize, r.bufMask = size, uint32(n-1)
	reg := struct {
		ringAddr    uint64
		ringEntries uint32
		bgid, flags uint16
		resv        [3]uint64
	}{ringAddr: uint64(uintptr(unsafe.Pointer(&r.bufRing[0]))), ringEntries: uint32(n)}
	if _, _, errno := syscall.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), ioringRegisterPbuf, uintptr(unsafe.Pointer(&reg)), 1, 0, 0); errno != 0 {
		return errno
	}
	for bid := 0; bid < n; bid++ {
		r.putBuffer(uint16(bid))
	}
	r.publishBuffers()
	return nil
}

// putBuffer gives buffer bid back to the kernel (seen after publishBuffers).
func (r *uring) putBuffer(bid uint16) {
	e := unsafe.Pointer(&r.bufRing[(r.bufTail&r.bufMask)*16])
	*(*uint64)(e) = uint64(uintptr(unsafe.Pointer(&r.bufMem[int(bid)*r.bufSize])))
	*(*uint32)(unsafe.Add(e, 8)) = uint32(r.bufSize)
	*(*uint16)(unsafe.Add(e, 12)) = bid
	r.bufTail++
}

// publishBuffers stores the ring's tail (the reserved field of entry 0,
// written with the buffer id beside it in one atomic store).
func (r *uring) publishBuffers() {
	w := (*uint32)(unsafe.Pointer(&r.bufRing[12]))
	bid0 := atomic.LoadUint32(w) & 0xffff
	atomic.StoreUint32(w, (r.bufTail&0xffff)<<16|bid0)
}

// buffer returns provided buffer bid.
func (r *uring) buffer(bid uint16) []byte {
	return r.bufMem[int(bid)*r.bufSize : int(bid+1)*r.bufSize]
}

// queueRecv queues (without submitting) a multishot receive on fd into
// the provided buffers; false when the submission queue is full.
func (r *uring) queueRecv(fd int) bool {
	head, tail := atomic.LoadUint32(r.sqHead), atomic.LoadUint32(r.sqTail)
	if tail-head >= r.entries {
		return false
	}
	i := tail & *r.sqMask
	sqe := (*ioUringSqe)(unsafe.Add(r.sqes, uintptr(i)*64))
	*sqe = ioUringSqe{opcode: ioringOpRecv, flags: iosqeBufferSelect, ioprio: ioringRecvMultishot,
		fd: int32(fd), userData: uint64(fd)}
	*(*uint32)(unsafe.Add(r.sqArray, uintptr(i)*4)) = i
	atomic.StoreUint32(r.sqTail, tail+1)
	return true
}

// enter submits what is queued and runs the ring's deferred work (the
// receives), waiting for one completion when wait is set.
func (r *uring) enter(wait bool) error {
	toSubmit := uintptr(atomic.LoadUint32(r.sqTail) - atomic.LoadUint32(r.sqHead))
	var errno syscall.Errno
	if wait {
		_, _, errno = syscall.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), toSubmit, 1, ioringEnterGetevent, 0, 0)
	} else {
		_, _, errno = syscall.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), toSubmit, 0, ioringEnterGetevent, 0, 0)
	}
	if errno != 0 && errno != unix.EINTR && errno != unix.EAGAIN && errno != unix.EBUSY {
		return errno
	}
	return nil
}

// runURing reads the loop's connections through an io_uring of its own
// instead of epoll and read: one multishot receive per connection, into
// provided buffers, so that a delivery costs no system call of the
// client's; the receives run (DEFER_TASKRUN) when the loop enters the
// ring, after which the loop reads the data from the completion queue
// and times each frame. It waits as run does: while data flows it polls
// (enters the ring without waiting, sleeps l.poll when nothing came),
// after pollIdle empty polls it blocks in io_uring_enter until the next.
func (l *loadLoop) runURing() {
	runtime.LockOSThread() // DEFER_TASKRUN: one thread submits and reaps
	r, err := newURingFlags(4096, ioringSetupSingle|ioringSetupDeferTR, 32768)
	if err == nil {
		err = r.provideBuffers(16384, 1024)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "io_uring:", err)
		os.Exit(1)
	}
	var rearm []int
	for fd := range l.conns {
		rearm = append(rearm, int(fd))
	}
	empty := pollIdle
	for {
		for len(rearm) > 0 && r.queueRecv(rearm[len(rearm)-1]) {
			rearm = rearm[:len(rearm)-1]
		}
		wait := l.poll == 0 || empty >= pollIdle
		if err := r.enter(wait && len(rearm) == 0); err != nil {
			fmt.Fprintln(os.Stderr, "io_uring_enter:", err)
			os.Exit(1)
		}
		head, tail := atomic.LoadUint32(r.cqHead), atomic.LoadUint32(r.cqTail)
		if head == tail {
			if !wait {
				empty++
				rawSleep(l.poll)
			}
			continue
		}
		empty = 0
		mask := *r.cqMask
		for ; head != tail; head++ {
			cqe := unsafe.Add(r.cqes, uintptr(head&mask)*16)
			fd := int(*(*uint64)(cqe))
			res := *(*int32)(unsafe.Add(cqe, 8))
			flags := *(*uint32)(unsafe.Add(cqe, 12))
			lc := l.conns[int32(fd)]
			if res > 0 && flags&ioringCqeFBuffer != 0 && lc != nil {
				bid := uint16(flags >> 16)
				data := r.buffer(bid)[:res]
				if len(lc.pending) > 0 {
					data = append(lc.pending, data...)
				}
				rest, closed := l.frames(fd, data)
				lc.pending = append(lc.pending[:0:0], rest...)
				r.putBuffer(bid)
				if closed {
					l.ended.Add(1)
					delete(l.conns, int32(fd))
					continue
				}
			} else if flags&ioringCqeFBuffer != 0 {
				r.putBuffer(uint16(flags >> 16))
			}
			switch {
			case lc == nil:
			case res == 0 || (res < 0 && res != -int32(unix.ENOBUFS)):
				if l.ended.Add(1) <= 3 { // closed, or an error
					fmt.Fprintf(os.Stderr, "load: a connection ended: receive %d\n", res)
				}
				delete(l.conns, int32(fd))
			case flags&ioringCqeFMore == 0:
				rearm = append(rearm, fd) // the multishot receive ended (no buffer left)
			}
		}
		atomic.StoreUint32(r.cqHead, head)
		r.publishBuffers()
	}
}
