package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/feed"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// BenchmarkFeedFanout measures the complaint feed on one instance: the real
// simasn binary, limited to two cores (GOMAXPROCS=2), serves N websocket
// subscribers (graphql-transport-ws) on PostgreSQL, held by load processes
// of their own (this test binary run again, see feedload_test.go; at most
// 9,500 connections each). A steady stream of public complaints is
// committed from another connection (SIMASN_BENCH_FEED_RATE a second, 1 by
// default, for SIMASN_BENCH_FEED_SECONDS, 30 by default). It reports the
// latency from the commit's start to each delivery (p50, p99, max over all
// deliveries), the deliveries not arrived 30 s after the stream (undelivered)
// and the subscriptions ended (ended: a SLOW_SUBSCRIBER; nothing may be),
// the server's resident memory per idle subscriber, and the CPU of the
// server and of the load processes during the stream, in percent of one
// core and in microseconds per delivery (with the server's and the
// clients' context switches per delivery: figures a loaded machine changes
// less than latency). SIMASN_BENCH_FEED_SIZES lists the N to measure (default
// 1000,5000,10000,19000: the server and each process may hold 20,000 open
// files on this machine).
func BenchmarkFeedFanout(b *testing.B) {
	dsn := testdb.Postgres(b)
	// SIMASN_BENCH_FEED_BIN names a server binary built beforehand (kept,
	// so that a profiler can read its symbols); else one is built.
	bin := os.Getenv("SIMASN_BENCH_FEED_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "simasn")
		if out, err := exec.Command("go", "build", "-o", bin, "simasn/cmd/simasn").CombinedOutput(); err != nil {
			b.Fatalf("build: %v\n%s", err, out)
		}
	}
	writer, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer writer.Close()
	if err := writer.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
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
	for _, n := range sizes {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			fanout(b, bin, dsn, writer, n)
		})
	}
}

// loadProc is one load process.
type loadProc struct {
	cmd *exec.Cmd
	in  io.Writer
	out *bufio.Reader
}

// startLoad starts the load processes (the test binary again) that hold n
// connections to url, at most 9,500 each, each from a source address of
// its own (28,000 ephemeral ports each), with env added to theirs, and
// waits until every one has subscribed. Each process is added to *procs as
// it starts, so that the caller's deferred clean-up ends it whatever
// happens.
func startLoad(b *testing.B, procs *[]*loadProc, n int, url string, env ...string) {
	b.Helper()
	const perProc = 9500
	for i := 0; i*perProc < n; i++ {
		p := exec.Command(os.Args[0])
		p.Env = append(append(os.Environ(), env...), "SIMASN_FEEDLOAD=1", "GOMAXPROCS=3",
			"SIMASN_FEEDLOAD_N="+strconv.Itoa(min(perProc, n-i*perProc)),
			"SIMASN_FEEDLOAD_URL="+url, "SIMASN_FEEDLOAD_POLL="+clientPoll().String(),
			fmt.Sprintf("SIMASN_FEEDLOAD_SRC=127.0.0.%d", 2+i))
		p.Stderr = os.Stderr
		in, _ := p.StdinPipe()
		out, _ := p.StdoutPipe()
		if err := p.Start(); err != nil {
			b.Fatal(err)
		}
		*procs = append(*procs, &loadProc{cmd: p, in: in, out: bufio.NewReader(out)})
	}
	for _, p := range *procs {
		if line, err := p.out.ReadString('\n'); err != nil || strings.TrimSpace(line) != "subscribed" {
			b.Fatalf("load process: %q %v", line, err)
		}
	}
}

func (p *loadProc) ask(b *testing.B, command string) string {
	if _, err := fmt.Fprintln(p.in, command); err != nil {
		b.Fatalf("load process: %v", err)
	}
	line, err := p.out.ReadString('\n')
	if err != nil {
		b.Fatalf("load process: %v", err)
	}
	return strings.TrimSpace(line)
}

// The load processes read with io_uring (loadLoop.runURing: a multishot
// receive per connection, no system call per delivery) unless
// SIMASN_BENCH_FEED_CLIENTS=epoll (loadLoop.run: epoll_wait and a read per
// ready socket), which they read from the environment they inherit.

// clientPoll is how the load processes wait for data: 0 blocks in
// epoll_wait (woken by each frame that arrives at an idle client); else,
// while events stream, they drain what is ready and then sleep this long
// (SIMASN_BENCH_FEED_POLL, 1ms by default; 0 to block), which adds at most
// about that much to each measured latency. See feedload_test.go.
func clientPoll() time.Duration {
	s := os.Getenv("SIMASN_BENCH_FEED_POLL")
	if s == "" {
		return time.Millisecond
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Millisecond
	}
	return d
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func fanout(b *testing.B, bin, dsn string, writer *store.DB, n int) {
	rate, seconds := envInt("SIMASN_BENCH_FEED_RATE", 1), envInt("SIMASN_BENCH_FEED_SECONDS", 30)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--database-url", dsn, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "SIMASN_TOKEN_SECRET=bench-secret-bench-secret-bench-secret",
		"GOMAXPROCS=2", "SIMASN_WS_MAX_CONNECTIONS_PER_ADDRESS=100000")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	// The server goes first, so that its side of the connections, not the
	// clients', waits in TIME_WAIT.
	var procs []*loadProc
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		for _, p := range procs {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	}()
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		b.Fatalf("server did not start: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	time.Sleep(time.Second) // let the server settle before its memory is taken
	before := rss(b, cmd.Process.Pid)

	startLoad(b, &procs, n, "ws://"+addr+"/query")
	// counts returns the results that arrived, those of the measured
	// stream, and the subscriptions that ended.
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
	// Every subscription is registered once a complaint reaches all of
	// them; until then, each second, another.
	for deadline := time.Now().Add(time.Minute); ; {
		commitComplaint(b, writer, "warm-up")
		time.Sleep(time.Second)
		if all, _, _ := counts(); all >= int64(n) {
			break
		}
		if time.Now().After(deadline) {
			all, _, ended := counts()
			b.Fatalf("after a minute, %d of %d subscribers receive the feed (%d ended)", all, n, ended)
		}
	}
	time.Sleep(2 * time.Second)
	idle := rss(b, cmd.Process.Pid)
	perSub := float64(idle-before) / float64(n) / 1024
	for _, p := range procs {
		p.ask(b, "reset")
	}

	stopPerf := perfServer(b, cmd.Process.Pid, n)
	cpu0, client0, t0 := processCPUTicks(b, cmd.Process.Pid), int64(0), time.Now()
	ctx0, clientCtx0 := contextSwitches(b, cmd.Process.Pid), int64(0)
	for _, p := range procs {
		client0 += processCPUTicks(b, p.cmd.Process.Pid)
		clientCtx0 += contextSwitches(b, p.cmd.Process.Pid)
	}
	events := rate * seconds
	tick := time.NewTicker(time.Second / time.Duration(rate))
	for i := 0; i < events; i++ {
		<-tick.C
		commitComplaint(b, writer, fmt.Sprintf("bench %d", time.Now().UnixNano()))
	}
	tick.Stop()
	want := int64(events) * int64(n)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, got, _ := counts(); got >= want {
			break
		}
	}
	wall := time.Since(t0)
	cpu1, client1 := processCPUTicks(b, cmd.Process.Pid), int64(0)
	ctx1, clientCtx1 := contextSwitches(b, cmd.Process.Pid), int64(0)
	for _, p := range procs {
		client1 += processCPUTicks(b, p.cmd.Process.Pid)
		clientCtx1 += contextSwitches(b, p.cmd.Process.Pid)
	}
	stopPerf()
	hist := map[int]int64{}
	var got, ended int64
	for _, p := range procs {
		var r loadReport
		if err := json.Unmarshal([]byte(p.ask(b, "stop")), &r); err != nil {
			b.Fatalf("load report: %v", err)
		}
		got += r.Received
		ended += r.Ended
		for k, v := range r.Hist {
			hist[k] += v
		}
	}
	b.ReportMetric(quantile(hist, 0.50), "p50-ms")
	b.ReportMetric(quantile(hist, 0.99), "p99-ms")
	b.ReportMetric(quantile(hist, 1), "max-ms")
	b.ReportMetric(float64(want-got), "undelivered")
	b.ReportMetric(float64(ended), "ended")
	b.ReportMetric(perSub, "KiB/idle-sub")
	tps := float64(clockTicks) * wall.Seconds() / 100 // ticks per percent of a core
	b.ReportMetric(float64(cpu1-cpu0)/tps, "server-cpu-%")
	b.ReportMetric(float64(client1-client0)/tps, "client-cpu-%")
	b.ReportMetric(float64(events)/wall.Seconds(), "events/s")
	// CPU per delivery: what the load on the machine does not change much.
	if got > 0 {
		b.ReportMetric(float64(cpu1-cpu0)*1e6/clockTicks/float64(got), "server-µs/delivery")
		b.ReportMetric(float64(client1-client0)*1e6/clockTicks/float64(got), "client-µs/delivery")
		b.ReportMetric(float64(ctx1-ctx0)/float64(got), "server-switches/delivery")
		b.ReportMetric(float64(clientCtx1-clientCtx0)/float64(got), "client-switches/delivery")
	}
	if p := clientPoll(); p > 0 {
		b.Logf("clients poll every %s while events stream", p)
	} else {
		b.Logf("clients block in epoll_wait")
	}
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average at the end: %s", strings.Join(strings.Fields(string(la))[:3], " "))
	}
}

// perfServer, when SIMASN_BENCH_FEED_PERF names a file prefix, records
// the server with `perf record -g` during the stream, into
// <prefix>-<subscribers>.data (read it with perf report -i), and returns
// what stops the recording; else it does nothing.
func perfServer(b *testing.B, pid, n int) (stop func()) {
	prefix := os.Getenv("SIMASN_BENCH_FEED_PERF")
	if prefix == "" {
		return func() {}
	}
	out := fmt.Sprintf("%s-%d.data", prefix, n)
	perf := exec.Command("perf", "record", "-g", "-q", "-o", out, "-p", strconv.Itoa(pid))
	perf.Stderr = os.Stderr
	if err := perf.Start(); err != nil {
		b.Logf("perf: %v", err)
		return func() {}
	}
	return func() {
		_ = perf.Process.Signal(os.Interrupt)
		_ = perf.Wait()
		b.Logf("server profile: perf report -i %s", out)
	}
}

// quantile returns the q-quantile of a latency histogram in milliseconds
// (the upper edge of its bucket).
func quantile(hist map[int]int64, q float64) float64 {
	var total int64
	keys := make([]int, 0, len(hist))
	for k, v := range hist {
		total += v
		keys = append(keys, k)
	}
	sort.Ints(keys)
	rank := int64(q * float64(total))
	var seen int64
	for _, k := range keys {
		seen += hist[k]
		if seen >= rank && seen > 0 {
			return ms(time.Duration(k+1) * loadBucket)
		}
	}
	return 0
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times.
const clockTicks = 100

// processCPUTicks returns a process's user and system CPU time in clock ticks.
func processCPUTicks(b *testing.B, pid int) int64 {
	f, err := procStatFields(pid)
	if err != nil {
		b.Fatal(err)
	}
	return cpuTicks(f)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// commitComplaint commits one public complaint with this title and its
// event; the measured stream's titles hold the time the commit started,
// for the load processes.
func commitComplaint(b *testing.B, db *store.DB, title string) {
	ctx := viewer.System(context.Background())
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	cm, err := tx.Client().Complaint.Create().
		SetTrackingID(fmt.Sprintf("LPG-BENCH-%d", now.UnixNano())).SetAccessKeyHash("x").
		SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryOTHER).SetChannel(complaint.ChannelWEB).
		SetPrivacy(complaint.PrivacyPUBLIC).SetTitle(title).SetBody("Lampu jalan di depan pasar padam sejak seminggu.").
		SetReceivedAt(now).SetVerifyDue(now).SetAnswerDue(now).SetSettleDue(now).Save(ctx)
	if err == nil {
		_, err = feed.Record(ctx, tx.Client(), cm, complaintevent.KindSUBMITTED, false)
	}
	if err != nil {
		_ = tx.Rollback()
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// contextSwitches returns the voluntary and involuntary context switches
// of a process's threads so far.
func contextSwitches(b *testing.B, pid int) int64 {
	dirs, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, d := range dirs {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, d.Name()))
		if err != nil {
			continue // a thread that ended
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) == 2 && strings.HasSuffix(f[0], "ctxt_switches:") {
				v, _ := strconv.ParseInt(f[1], 10, 64)
				n += v
			}
		}
	}
	return n
}

// rss returns a process's resident set size in bytes.
func rss(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
