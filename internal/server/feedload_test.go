package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"
)

// The feed benchmark's load generator is this test binary run again with
// SIMASN_FEEDLOAD set (see TestMain): a process of its own, so that the
// server's CPU is measured apart from the clients', and so that the
// clients' open files are split over processes (this machine caps a
// process at 20,000).
//
// With SIMASN_FEEDLOAD_RAW set (BenchmarkFeedFloor), the connections are
// plain TCP to the address SIMASN_FEEDLOAD_URL, without a handshake or a
// subscription; everything else is the same.
//
// It opens SIMASN_FEEDLOAD_N websockets (graphql-transport-ws) to
// SIMASN_FEEDLOAD_URL from the local address SIMASN_FEEDLOAD_SRC, each
// subscribed to the complaint feed, prints "subscribed", then answers
// commands on standard input, one a line:
//
//	count  prints how many results have arrived, of them how many of the
//	       measured stream (titles "bench …"), and how many subscriptions
//	       ended
//	reset  forgets the latencies and counts so far
//	stop   prints the report (a loadReport as JSON) and exits
//
// The latency of a result is the time from the commit's start, which the
// benchmark writes into the complaint's title ("bench <unix nanoseconds>"),
// to its arrival.
const feedLoadSub = `subscription { complaintFeed { cursor kind complaint { trackingID title status category } } }`

// loadBucket is the width of a latency histogram bucket.
const loadBucket = 100 * time.Microsecond

// loadReport is what a load process reports when it stops.
type loadReport struct {
	Received int64         `json:"received"`
	Ended    int64         `json:"ended"` // errors, completes and closes seen
	Hist     map[int]int64 `json:"hist"`  // latency bucket → count
}

// loadLoop reads a share of a load process's connections.
type loadLoop struct {
	ep     int
	conns  map[int32]*loadConn // filled before run
	handle func(fd int, data []byte)
	ended  *atomic.Int64
	// poll, when set, is how long the loop sleeps when no connection is
	// ready, instead of blocking in epoll_wait (see pollIdle).
	poll time.Duration
}

// pollIdle is how many empty polls in a row make a polling loop block in
// epoll_wait again (with a 1 ms poll, after 50 ms without data): between
// events it sleeps in the kernel, and the first frame of the next event
// wakes it once.
const pollIdle = 50

// loadConn is one connection of a loop.
type loadConn struct {
	fd      int
	pending []byte // the start of a frame not yet whole
}

func (l *loadLoop) run() {
	runtime.LockOSThread() // rawSleep sleeps this thread
	events := make([]unix.EpollEvent, 256)
	buf := make([]byte, 64<<10)
	empty := pollIdle // blocking until the first frame
	for {
		timeout := -1
		if l.poll > 0 && empty < pollIdle {
			timeout = 0
		}
		var n int
		var err error
		if timeout == 0 {
			n, err = epollPoll(l.ep, events)
		} else {
			n, err = unix.EpollWait(l.ep, events, timeout)
		}
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return
		}
		if n == 0 {
			// Nothing ready: sleep without being a waiter of the epoll
			// set, so that the server's sends meanwhile only queue the
			// sockets as ready and wake no one.
			empty++
			rawSleep(l.poll)
			continue
		}
		empty = 0
		for _, ev := range events[:n] {
			lc := l.conns[ev.Fd]
			if lc == nil {
				continue
			}
			m, err := readNow(lc.fd, buf)
			if err == unix.EAGAIN || err == unix.EINTR {
				continue
			}
			if m <= 0 {
				l.ended.Add(1)
				_ = unix.EpollCtl(l.ep, unix.EPOLL_CTL_DEL, lc.fd, nil)
				delete(l.conns, ev.Fd)
				continue
			}
			data := buf[:m]
			if len(lc.pending) > 0 {
				data = append(lc.pending, data...)
			}
			rest, closed := l.frames(lc.fd, data)
			lc.pending = append([]byte(nil), rest...)
			if closed {
				l.ended.Add(1)
				_ = unix.EpollCtl(l.ep, unix.EPOLL_CTL_DEL, lc.fd, nil)
				delete(l.conns, ev.Fd)
			}
		}
	}
}

// epollPoll is epoll_wait with a zero timeout, and readNow a read of a
// non-blocking socket, both as raw system calls: neither waits, so the
// scheduler need not be told (which would keep the runtime's monitor
// waking every 20 µs while the clients read, as it did in the server's
// writers). The clients' CPU competes with the server's for the same cores.
func epollPoll(ep int, events []unix.EpollEvent) (int, error) {
	n, _, errno := syscall.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(ep), uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// rawSleep sleeps the loop's thread in nanosleep, without the runtime: a
// time.Sleep parks the goroutine, and the timer's expiry on another thread
// then wakes this one through a futex, several context switches a poll.
// The thread keeps its P meanwhile, so the load process runs with one P
// more than it has loops (for the goroutine that answers commands).
func rawSleep(d time.Duration) {
	ts := unix.NsecToTimespec(int64(d))
	_, _, _ = syscall.RawSyscall(unix.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0)
}

func readNow(fd int, buf []byte) (int, error) {
	n, _, errno := syscall.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if errno != 0 {
		return -1, errno
	}
	return int(n), nil
}

// frames handles the whole frames at the start of data (a server's:
// unmasked, unfragmented) and returns what is left; closed when a close
// frame came.
func (l *loadLoop) frames(fd int, data []byte) (rest []byte, closed bool) {
	for len(data) >= 2 {
		op, size, h := data[0]&0x0f, int(data[1]&0x7f), 2
		switch size {
		case 126:
			if len(data) < 4 {
				return data, false
			}
			size, h = int(binary.BigEndian.Uint16(data[2:])), 4
		case 127:
			if len(data) < 10 {
				return data, false
			}
			size, h = int(binary.BigEndian.Uint64(data[2:])), 10
		}
		if len(data) < h+size {
			return data, false
		}
		payload := data[h : h+size]
		data = data[h+size:]
		switch op {
		case websocket.TextMessage:
			l.handle(fd, payload)
		case websocket.PingMessage:
			_, _ = unix.Write(fd, clientFrame(websocket.PongMessage, payload))
		case websocket.CloseMessage:
			return nil, true
		}
	}
	return data, false
}

// clientFrame returns a small websocket frame as a client sends it: masked
// (with a zero key, which leaves the payload as it is).
func clientFrame(opcode int, payload []byte) []byte {
	b := append([]byte{0x80 | byte(opcode), 0x80 | byte(len(payload)), 0, 0, 0, 0}, payload...)
	return b
}

func feedLoad() int {
	n, _ := strconv.Atoi(os.Getenv("SIMASN_FEEDLOAD_N"))
	poll, _ := time.ParseDuration(os.Getenv("SIMASN_FEEDLOAD_POLL"))
	url := os.Getenv("SIMASN_FEEDLOAD_URL")
	var local net.Addr
	if src := os.Getenv("SIMASN_FEEDLOAD_SRC"); src != "" {
		local = &net.TCPAddr{IP: net.ParseIP(src)}
	}
	dialer := websocket.Dialer{
		Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 30 * time.Second,
		ReadBufferSize: 1024, WriteBufferSize: 256,
		NetDialContext: (&net.Dialer{LocalAddr: local}).DialContext,
	}
	const buckets = int(10 * time.Second / loadBucket)
	var (
		hist     [buckets + 1]atomic.Int64
		all      atomic.Int64 // every result
		received atomic.Int64 // results of the measured stream
		ended    atomic.Int64
	)
	marker := []byte(`"title":"bench `)
	// A result: count it, and its latency when it belongs to the measured
	// stream; answer the protocol's ping.
	handle := func(fd int, data []byte) {
		switch {
		case bytes.Contains(data, []byte(`"type":"ping"`)):
			_, _ = unix.Write(fd, clientFrame(websocket.TextMessage, []byte(`{"type":"pong"}`)))
		case bytes.Contains(data, []byte(`"type":"next"`)):
			now := time.Now().UnixNano()
			if i := bytes.Index(data, marker); i >= 0 {
				rest := data[i+len(marker):]
				j := bytes.IndexByte(rest, '"')
				if ts, err := strconv.ParseInt(string(rest[:max(j, 0)]), 10, 64); err == nil {
					hist[min(int(time.Duration(now-ts)/loadBucket), buckets)].Add(1)
					received.Add(1)
				}
			}
			all.Add(1)
		case bytes.Contains(data, []byte(`"type":"error"`)), bytes.Contains(data, []byte(`"type":"complete"`)):
			if ended.Add(1) <= 3 {
				fmt.Fprintf(os.Stderr, "load: a subscription ended: %.300s\n", data)
			}
		}
	}
	// The connections are read by one epoll loop per core, not by a
	// goroutine each: the load process's CPU competes with the server's
	// for the same cores, and a loop reads each ready socket once
	// (level-triggered), without waking a goroutine.
	loops := make([]*loadLoop, max(runtime.GOMAXPROCS(0)-1, 1))
	for i := range loops {
		ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err != nil {
			fmt.Fprintln(os.Stderr, "epoll:", err)
			return 1
		}
		loops[i] = &loadLoop{ep: ep, conns: map[int32]*loadConn{}, handle: handle, ended: &ended, poll: poll}
	}
	var files []*os.File
	var mu sync.Mutex
	var failed atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	raw := os.Getenv("SIMASN_FEEDLOAD_RAW") != ""
	// adopt makes c the loops': from here the socket is read through a
	// copy of its descriptor, the original closed (out of Go's poller).
	adopt := func(c net.Conn) {
		f, err := c.(*net.TCPConn).File()
		c.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, "file:", err)
			failed.Add(1)
			return
		}
		mu.Lock()
		files = append(files, f)
		mu.Unlock()
	}
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if raw {
				// BenchmarkFeedFloor: a plain TCP connection, no handshake.
				c, err := (&net.Dialer{LocalAddr: local, Timeout: time.Minute}).Dial("tcp", url)
				if err != nil {
					fmt.Fprintln(os.Stderr, "dial:", err)
					failed.Add(1)
					return
				}
				adopt(c)
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, _, err := dialer.DialContext(ctx, url, nil)
			if err != nil {
				fmt.Fprintln(os.Stderr, "dial:", err)
				failed.Add(1)
				return
			}
			_ = c.WriteMessage(websocket.TextMessage, []byte(`{"type":"connection_init"}`))
			if _, data, err := c.ReadMessage(); err != nil || !bytes.Contains(data, []byte("connection_ack")) {
				fmt.Fprintln(os.Stderr, "init:", err, string(data))
				failed.Add(1)
				c.Close()
				return
			}
			sub, _ := json.Marshal(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": feedLoadSub}})
			_ = c.WriteMessage(websocket.TextMessage, sub)
			adopt(c.NetConn())
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		fmt.Printf("failed %d\n", failed.Load())
		return 1
	}
	for i, f := range files {
		l := loops[i%len(loops)]
		fd := int(f.Fd()) // which makes it blocking again
		if err := unix.SetNonblock(fd, true); err != nil {
			fmt.Fprintln(os.Stderr, "nonblock:", err)
			return 1
		}
		l.conns[int32(fd)] = &loadConn{fd: fd}
		ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLRDHUP, Fd: int32(fd)}
		if err := unix.EpollCtl(l.ep, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
			fmt.Fprintln(os.Stderr, "epoll_ctl:", err)
			return 1
		}
	}
	for _, l := range loops {
		if os.Getenv("SIMASN_BENCH_FEED_CLIENTS") != "epoll" {
			go l.runURing()
		} else {
			go l.run()
		}
	}
	fmt.Println("subscribed")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "count":
			fmt.Println(all.Load(), received.Load(), ended.Load())
		case "reset":
			for i := range hist {
				hist[i].Store(0)
			}
			received.Store(0)
			fmt.Println("ok")
		case "stop":
			r := loadReport{Received: received.Load(), Ended: ended.Load(), Hist: map[int]int64{}}
			for i := range hist {
				if v := hist[i].Load(); v > 0 {
					r.Hist[i] = v
				}
			}
			b, _ := json.Marshal(r)
			fmt.Println(string(b))
			for _, f := range files {
				f.Close()
			}
			return 0
		}
	}
	return 0
}
