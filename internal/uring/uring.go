// Package uring is a minimal io_uring on raw system calls — no io_uring
// library is served to this project. It sets a ring up and gives access to
// its submission and completion queues; what is submitted (sends by the
// websocket writers, receives by the feed benchmark's load clients) is up
// to the caller.
package uring

import (
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Opcodes, flags and offsets of the kernel's io_uring ABI used here.
const (
	OpSendmsg = 9  // IORING_OP_SENDMSG
	OpSend    = 26 // IORING_OP_SEND
	OpRecv    = 27 // IORING_OP_RECV

	SetupCqsize       = 1 << 3  // IORING_SETUP_CQSIZE
	SetupSingleIssuer = 1 << 12 // IORING_SETUP_SINGLE_ISSUER
	SetupDeferTaskrun = 1 << 13 // IORING_SETUP_DEFER_TASKRUN
	RecvMultishot     = 1 << 1  // IORING_RECV_MULTISHOT (in SQE.Ioprio)
	SqeBufferSelect   = 1 << 5  // IOSQE_BUFFER_SELECT
	CqeFBuffer        = 1       // IORING_CQE_F_BUFFER
	CqeFMore          = 2       // IORING_CQE_F_MORE
	RegisterPbufRing  = 22      // IORING_REGISTER_PBUF_RING
	EnterGetevents    = 1       // IORING_ENTER_GETEVENTS
	offSqRing         = 0
	offCqRing         = 0x8000000
	offSqes           = 0x10000000
	sqeSize, cqeSize  = 64, 16
	sqArrayEntrySize  = 4
	ringMapFlags      = unix.MAP_SHARED | unix.MAP_POPULATE
)

// SQE is struct io_uring_sqe (64 bytes).
type SQE struct {
	Opcode, Flags uint8
	Ioprio        uint16
	Fd            int32
	Off, Addr     uint64
	Len, MsgFlags uint32
	UserData      uint64
	BufIndex      uint16
	Personality   uint16
	SpliceFdIn    int32
	Addr3, Pad    uint64
}

// params is struct io_uring_params.
type params struct {
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

// Ring is a set-up io_uring: its descriptor, its queues' sizes, and the
// shared head, tail and mask words of both queues (read and written with
// sync/atomic where the kernel writes them).
type Ring struct {
	Fd                  int
	Entries, CQEntries  uint32
	SQHead, SQTail      *uint32
	SQMask              *uint32
	CQHead, CQTail      *uint32
	CQMask              *uint32
	sqRing, cqRing, mem []byte
	sqArray, cqes, sqes unsafe.Pointer
}

// Setup sets a ring of entries submission entries up with these
// IORING_SETUP_ flags and, when cqEntries > 0, that many completion
// entries.
func Setup(entries, flags, cqEntries uint32) (*Ring, error) {
	var p params
	p.flags = flags
	if cqEntries > 0 {
		p.flags |= SetupCqsize
		p.cqEntries = cqEntries
	}
	fd, _, errno := syscall.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(&p)), 0)
	if errno != 0 {
		return nil, errno
	}
	r := &Ring{Fd: int(fd), Entries: p.sqEntries, CQEntries: p.cqEntries}
	var err error
	prot := unix.PROT_READ | unix.PROT_WRITE
	if r.sqRing, err = unix.Mmap(r.Fd, offSqRing, int(p.sqOff.array+p.sqEntries*sqArrayEntrySize), prot, ringMapFlags); err == nil {
		if r.cqRing, err = unix.Mmap(r.Fd, offCqRing, int(p.cqOff.cqes+p.cqEntries*cqeSize), prot, ringMapFlags); err == nil {
			r.mem, err = unix.Mmap(r.Fd, offSqes, int(p.sqEntries)*sqeSize, prot, ringMapFlags)
		}
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	sq, cq := unsafe.Pointer(&r.sqRing[0]), unsafe.Pointer(&r.cqRing[0])
	r.SQHead, r.SQTail = (*uint32)(unsafe.Add(sq, p.sqOff.head)), (*uint32)(unsafe.Add(sq, p.sqOff.tail))
	r.SQMask, r.sqArray = (*uint32)(unsafe.Add(sq, p.sqOff.ringMask)), unsafe.Add(sq, p.sqOff.array)
	r.CQHead, r.CQTail = (*uint32)(unsafe.Add(cq, p.cqOff.head)), (*uint32)(unsafe.Add(cq, p.cqOff.tail))
	r.CQMask, r.cqes = (*uint32)(unsafe.Add(cq, p.cqOff.ringMask)), unsafe.Add(cq, p.cqOff.cqes)
	r.sqes = unsafe.Pointer(&r.mem[0])
	return r, nil
}

// Close unmaps the ring's queues and closes its descriptor.
func (r *Ring) Close() {
	for _, m := range [][]byte{r.mem, r.cqRing, r.sqRing} {
		if m != nil {
			_ = unix.Munmap(m)
		}
	}
	_ = unix.Close(r.Fd)
}

// Put writes e as the submission entry at tail (the caller's own tail,
// published later by storing it in SQTail).
func (r *Ring) Put(tail uint32, e SQE) {
	idx := tail & *r.SQMask
	*(*SQE)(unsafe.Add(r.sqes, uintptr(idx)*sqeSize)) = e
	*(*uint32)(unsafe.Add(r.sqArray, uintptr(idx)*sqArrayEntrySize)) = idx
}

// CQE returns the completion entry at head: its user data, result and
// flags.
func (r *Ring) CQE(head uint32) (userData uint64, res int32, flags uint32) {
	cqe := unsafe.Add(r.cqes, uintptr(head&*r.CQMask)*cqeSize)
	return *(*uint64)(cqe), *(*int32)(unsafe.Add(cqe, 8)), *(*uint32)(unsafe.Add(cqe, 12))
}

// Enter is io_uring_enter(toSubmit, minComplete, flags) as a raw system
// call (the scheduler does not see it: use it when it does not block).
func (r *Ring) Enter(toSubmit, minComplete, flags uint32) (int, syscall.Errno) {
	n, _, errno := syscall.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.Fd), uintptr(toSubmit), uintptr(minComplete), uintptr(flags), 0, 0)
	return int(n), errno
}

// EnterBlocking is io_uring_enter as a system call the scheduler sees, for
// a call that may wait.
func (r *Ring) EnterBlocking(toSubmit, minComplete, flags uint32) (int, syscall.Errno) {
	n, _, errno := syscall.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.Fd), uintptr(toSubmit), uintptr(minComplete), uintptr(flags), 0, 0)
	return int(n), errno
}

// Pending is how many submission entries are queued and not yet taken by
// the kernel.
func (r *Ring) Pending() uint32 {
	return atomic.LoadUint32(r.SQTail) - atomic.LoadUint32(r.SQHead)
}
