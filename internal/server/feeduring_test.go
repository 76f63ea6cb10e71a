package server_test

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"simasn/internal/uring"
)

// loadRing is an io_uring (internal/uring) of BenchmarkFeedFloor's
// batched sends, and of the load processes' multishot receives (the
// default; see loadLoop.runURing).
type loadRing struct {
	*uring.Ring

	// A ring of provided buffers (group 0), for multishot receives.
	bufRing, bufMem []byte
	bufSize         int
	bufMask         uint32
	bufTail         uint32
}

func newURing(entries uint32) (*loadRing, error) { return newURingFlags(entries, 0, 0) }

// newURingFlags sets a ring up with these IORING_SETUP_ flags and, when
// cqEntries > 0, that many completion entries.
func newURingFlags(entries, flags, cqEntries uint32) (*loadRing, error) {
	r, err := uring.Setup(entries, flags, cqEntries)
	if err != nil {
		return nil, err
	}
	return &loadRing{Ring: r}, nil
}

func (r *loadRing) close() {
	if r.bufRing != nil {
		_ = unix.Munmap(r.bufRing)
		_ = unix.Munmap(r.bufMem)
	}
	r.Ring.Close()
}

// sendAll sends frame to every fd, in batches of the ring's size, one
// io_uring_enter a batch, and returns how many sends did not send it whole.
func (r *loadRing) sendAll(fds []int, frame []byte) (failed int) {
	addr, n := uint64(uintptr(unsafe.Pointer(&frame[0]))), uint32(len(frame))
	for len(fds) > 0 {
		batch := fds[:min(len(fds), int(r.Entries))]
		fds = fds[len(batch):]
		tail := atomic.LoadUint32(r.SQTail)
		for _, fd := range batch {
			r.Put(tail, uring.SQE{Opcode: uring.OpSend, Fd: int32(fd), Addr: addr, Len: n,
				MsgFlags: unix.MSG_DONTWAIT | unix.MSG_NOSIGNAL})
			tail++
		}
		atomic.StoreUint32(r.SQTail, tail)
		k := uint32(len(batch))
		for submitted := uint32(0); submitted < k; {
			m, errno := r.Enter(k-submitted, k-submitted, uring.EnterGetevents)
			if errno == unix.EINTR {
				continue
			}
			if errno != 0 {
				panic(fmt.Sprintf("io_uring_enter: %v", errno))
			}
			submitted += uint32(m)
		}
		// Reap the completions (the sends completed inline: non-blocking).
		for seen := 0; seen < len(batch); {
			head, ctail := atomic.LoadUint32(r.CQHead), atomic.LoadUint32(r.CQTail)
			if head == ctail {
				if _, errno := r.Enter(0, 1, uring.EnterGetevents); errno != 0 && errno != unix.EINTR {
					panic(fmt.Sprintf("io_uring_enter: %v", errno))
				}
				continue
			}
			for ; head != ctail; head++ {
				if _, res, _ := r.CQE(head); res != int32(n) {
					failed++
				}
				seen++
			}
			atomic.StoreUint32(r.CQHead, head)
		}
	}
	return failed
}

// provideBuffers registers a ring of n provided buffers of size bytes each
// as buffer group 0 (IORING_REGISTER_PBUF_RING), all given to the kernel.
func (r *loadRing) provideBuffers(n, size int) error {
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
	if _, _, errno := syscall.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.Fd), uring.RegisterPbufRing, uintptr(unsafe.Pointer(&reg)), 1, 0, 0); errno != 0 {
		return errno
	}
	for bid := 0; bid < n; bid++ {
		r.putBuffer(uint16(bid))
	}
	r.publishBuffers()
	return nil
}

// putBuffer gives buffer bid back to the kernel (seen after publishBuffers).
func (r *loadRing) putBuffer(bid uint16) {
	e := unsafe.Pointer(&r.bufRing[(r.bufTail&r.bufMask)*16])
	*(*uint64)(e) = uint64(uintptr(unsafe.Pointer(&r.bufMem[int(bid)*r.bufSize])))
	*(*uint32)(unsafe.Add(e, 8)) = uint32(r.bufSize)
	*(*uint16)(unsafe.Add(e, 12)) = bid
	r.bufTail++
}

// publishBuffers stores the ring's tail (the reserved field of entry 0,
// written with the buffer id beside it in one atomic store).
func (r *loadRing) publishBuffers() {
	w := (*uint32)(unsafe.Pointer(&r.bufRing[12]))
	bid0 := atomic.LoadUint32(w) & 0xffff
	atomic.StoreUint32(w, (r.bufTail&0xffff)<<16|bid0)
}

// buffer returns provided buffer bid.
func (r *loadRing) buffer(bid uint16) []byte {
	return r.bufMem[int(bid)*r.bufSize : int(bid+1)*r.bufSize]
}

// queueRecv queues (without submitting) a multishot receive on fd into
// the provided buffers; false when the submission queue is full.
func (r *loadRing) queueRecv(fd int) bool {
	head, tail := atomic.LoadUint32(r.SQHead), atomic.LoadUint32(r.SQTail)
	if tail-head >= r.Entries {
		return false
	}
	r.Put(tail, uring.SQE{Opcode: uring.OpRecv, Flags: uring.SqeBufferSelect, Ioprio: uring.RecvMultishot,
		Fd: int32(fd), UserData: uint64(fd)})
	atomic.StoreUint32(r.SQTail, tail+1)
	return true
}

// enter submits what is queued and runs the ring's deferred work (the
// receives), waiting for one completion when wait is set.
func (r *loadRing) enter(wait bool) error {
	var errno syscall.Errno
	if wait {
		_, errno = r.EnterBlocking(r.Pending(), 1, uring.EnterGetevents)
	} else {
		_, errno = r.Enter(r.Pending(), 0, uring.EnterGetevents)
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
	r, err := newURingFlags(4096, uring.SetupSingleIssuer|uring.SetupDeferTaskrun, 32768)
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
		head, tail := atomic.LoadUint32(r.CQHead), atomic.LoadUint32(r.CQTail)
		if head == tail {
			if !wait {
				empty++
				rawSleep(l.poll)
			}
			continue
		}
		empty = 0
		for ; head != tail; head++ {
			ud, res, flags := r.CQE(head)
			fd := int(ud)
			lc := l.conns[int32(fd)]
			if res > 0 && flags&uring.CqeFBuffer != 0 && lc != nil {
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
			} else if flags&uring.CqeFBuffer != 0 {
				r.putBuffer(uint16(flags >> 16))
			}
			switch {
			case lc == nil:
			case res == 0 || (res < 0 && res != -int32(unix.ENOBUFS)):
				if l.ended.Add(1) <= 3 { // closed, or an error
					fmt.Fprintf(os.Stderr, "load: a connection ended: receive %d\n", res)
				}
				delete(l.conns, int32(fd))
			case flags&uring.CqeFMore == 0:
				rearm = append(rearm, fd) // the multishot receive ended (no buffer left)
			}
		}
		atomic.StoreUint32(r.CQHead, head)
		r.publishBuffers()
	}
}
