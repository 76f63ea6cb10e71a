package server_test

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"
)

// BenchmarkFeedFloor measures the floor under BenchmarkFeedFanout on this
// machine: what delivering one event to N subscribers costs when nothing
// but the delivery is done. This process holds N loopback TCP connections,
// accepted from load processes like the real benchmark's (the same
// clients, feedload_test.go, with SIMASN_FEEDLOAD_RAW: no handshake, no
// subscription; the same epoll loops read and time each frame), and for
// each event writes one pre-encoded websocket text frame, of the size and
// shape of a real complaintFeed result, to every connection from two OS
// threads (each owning half the connections), with the cheapest method
// there is: a raw non-blocking send per connection (method=send), or
// IORING_OP_SEND requests submitted in batches through one io_uring per
// thread (method=uring). No database, no hub, no Go netpoller, no queue:
// latency runs from the start of the event's fan-out (where the real
// benchmark starts at the commit) to the client reading the frame's bytes.
//
// SIMASN_BENCH_FEED_SIZES, SIMASN_BENCH_FEED_RATE, SIMASN_BENCH_FEED_SECONDS
// and SIMASN_BENCH_FEED_POLL as for BenchmarkFeedFanout;
// SIMASN_BENCH_FLOOR_METHODS lists the methods (send,uring by default).
// Needs `ulimit -n 20000`.
func BenchmarkFeedFloor(b *testing.B) {
	sizes := []int{1000, 5000, 10000, 19000}
	if s := os.Getenv("SIMASN_BENCH_FEED_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("SIMASN_BENCH_FEED_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	methods := []string{"send", "uring"}
	if s := os.Getenv("SIMASN_BENCH_FLOOR_METHODS"); s != "" {
		methods = strings.Split(s, ",")
	}
	for _, n := range sizes {
		for _, m := range methods {
			b.Run(fmt.Sprintf("subscribers=%d/method=%s", n, m), func(b *testing.B) {
				floor(b, n, m)
			})
		}
	}
}

// floorFrame returns the websocket frame of one event: a graphql-transport-ws
// "next" message shaped like the real complaintFeed result, its title
// carrying the time the fan-out started, as the real benchmark's carries
// the commit's.
func floorFrame(seq int, title string) []byte {
	payload := fmt.Sprintf(`{"id":"1","type":"next","payload":{"data":{"complaintFeed":{"cursor":"%d","kind":"SUBMITTED",`+
		`"complaint":{"trackingID":"LPG-BENCH-%d","title":%q,"status":"RECEIVED","category":"OTHER"}}}}}`,
		100000+seq, time.Now().UnixNano(), title)
	return floorWire(websocket.TextMessage, []byte(payload))
}

// floorWire is a server's frame: complete, unmasked (payloads < 64 KiB).
func floorWire(opcode int, payload []byte) []byte {
	n := len(payload)
	b := []byte{0x80 | byte(opcode)}
	switch {
	case n < 126:
		b = append(b, byte(n))
	default:
		b = append(b, 126, byte(n>>8), byte(n))
	}
	return append(b, payload...)
}

// floorSender is one of the two sending threads, with its connections.
type floorSender struct {
	fds    []int
	method string
	ring   *loadRing
	work   chan []byte
	done   chan struct{}
	again  atomic.Int64 // sends refused: the socket full (none expected)
}

func (s *floorSender) run() {
	runtime.LockOSThread()
	for frame := range s.work {
		if s.method == "uring" {
			s.again.Add(int64(s.ring.sendAll(s.fds, frame)))
		} else {
			p, n := uintptr(unsafe.Pointer(&frame[0])), uintptr(len(frame))
			for _, fd := range s.fds {
				r, _, errno := syscall.RawSyscall6(unix.SYS_SENDTO, uintptr(fd), p, n,
					unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL, 0, 0)
				if errno != 0 || r != n {
					s.again.Add(1)
				}
			}
		}
		s.done <- struct{}{}
	}
}

func floor(b *testing.B, n int, method string) {
	rate, seconds := envInt("SIMASN_BENCH_FEED_RATE", 1), envInt("SIMASN_BENCH_FEED_SECONDS", 30)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	var fds []int
	accepted := make(chan error, 1)
	go func() {
		for len(fds) < n {
			c, err := ln.Accept()
			if err != nil {
				accepted <- err
				return
			}
			f, err := c.(*net.TCPConn).File() // a copy, out of Go's poller
			c.Close()
			if err != nil {
				accepted <- err
				return
			}
			fd := int(f.Fd())
			// f is kept alive (its finalizer would close fd) until the end.
			floorFiles = append(floorFiles, f)
			if err := unix.SetNonblock(fd, true); err != nil {
				accepted <- err
				return
			}
			fds = append(fds, fd)
		}
		accepted <- nil
	}()
	defer func() {
		for _, f := range floorFiles {
			f.Close()
		}
		floorFiles = nil
	}()

	var procs []*loadProc
	defer func() {
		for _, p := range procs {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	}()
	startLoad(b, &procs, n, ln.Addr().String(), "SIMASN_FEEDLOAD_RAW=1")
	if err := <-accepted; err != nil {
		b.Fatal(err)
	}

	senders := make([]*floorSender, 2)
	for i := range senders {
		s := &floorSender{fds: fds[i*len(fds)/2 : (i+1)*len(fds)/2], method: method,
			work: make(chan []byte), done: make(chan struct{})}
		if method == "uring" {
			r, err := newURing(4096)
			if err != nil {
				b.Skipf("io_uring: %v", err)
			}
			defer r.close()
			s.ring = r
		}
		senders[i] = s
		go s.run()
	}
	defer func() {
		for _, s := range senders {
			close(s.work)
		}
	}()
	fanOut := func(frame []byte) {
		for _, s := range senders {
			s.work <- frame
		}
		for _, s := range senders {
			<-s.done
		}
	}
	counts := func() (all, got, ended int64) {
		for _, p := range procs {
			var a, r, e int64
			fmt.Sscan(p.ask(b, "count"), &a, &r, &e)
			all += a
			got += r
			ended += e
		}
		return all, got, ended
	}
	fanOut(floorFrame(0, "warm-up"))
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if all, _, _ := counts(); all >= int64(n) {
			break
		}
		if time.Now().After(deadline) {
			all, _, _ := counts()
			b.Fatalf("%d of %d connections received the warm-up frame", all, n)
		}
	}
	for _, p := range procs {
		p.ask(b, "reset")
	}

	var ru0, ru1 unix.Rusage
	_ = unix.Getrusage(unix.RUSAGE_SELF, &ru0)
	client0, t0 := int64(0), time.Now()
	for _, p := range procs {
		client0 += processCPUTicks(b, p.cmd.Process.Pid)
	}
	events := rate * seconds
	tick := time.NewTicker(time.Second / time.Duration(rate))
	var fanTime time.Duration
	for i := 0; i < events; i++ {
		<-tick.C
		start := time.Now()
		fanOut(floorFrame(i+1, fmt.Sprintf("bench %d", start.UnixNano())))
		fanTime += time.Since(start)
	}
	tick.Stop()
	want := int64(events) * int64(n)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, got, _ := counts(); got >= want {
			break
		}
	}
	wall := time.Since(t0)
	_ = unix.Getrusage(unix.RUSAGE_SELF, &ru1)
	client1 := int64(0)
	for _, p := range procs {
		client1 += processCPUTicks(b, p.cmd.Process.Pid)
	}
	hist := map[int]int64{}
	var got int64
	for _, p := range procs {
		var r loadReport
		if err := json.Unmarshal([]byte(p.ask(b, "stop")), &r); err != nil {
			b.Fatalf("load report: %v", err)
		}
		got += r.Received
		for k, v := range r.Hist {
			hist[k] += v
		}
	}
	var again int64
	for _, s := range senders {
		again += s.again.Load()
	}
	serverCPU := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) * time.Nanosecond
	b.ReportMetric(quantile(hist, 0.50), "p50-ms")
	b.ReportMetric(quantile(hist, 0.99), "p99-ms")
	b.ReportMetric(quantile(hist, 1), "max-ms")
	b.ReportMetric(float64(want-got), "undelivered")
	b.ReportMetric(float64(again), "refused")
	b.ReportMetric(ms(fanTime/time.Duration(events)), "fanout-ms")
	if got > 0 {
		b.ReportMetric(float64(serverCPU.Microseconds())/float64(got), "server-µs/delivery")
		b.ReportMetric(float64(client1-client0)*1e6/clockTicks/float64(got), "client-µs/delivery")
	}
	b.Logf("frame %d bytes; %d events in %s", len(floorFrame(1, fmt.Sprintf("bench %d", time.Now().UnixNano()))), events, wall.Round(time.Millisecond))
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average at the end: %s", strings.Join(strings.Fields(string(la))[:3], " "))
	}
}

// floorFiles keeps the accepted connections' files (whose finalizers would
// close their descriptors) until a run ends.
var floorFiles []*os.File
