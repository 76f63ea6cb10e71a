package server_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/feed"
	"simasn/internal/store"
	"simasn/internal/testdb"
	"simasn/internal/viewer"
)

// BenchmarkFeedFanout measures the complaint feed on one instance: the real
// simasn binary serves N websocket subscribers (graphql-transport-ws) on
// PostgreSQL; each op commits one public complaint from another process's
// connection and waits until every subscriber has it. It reports the
// latency from commit to delivery (p50, p99 over all deliveries) and the
// server's resident memory per idle subscriber.
func BenchmarkFeedFanout(b *testing.B) {
	dsn := testdb.Postgres(b)
	bin := filepath.Join(b.TempDir(), "simasn")
	if out, err := exec.Command("go", "build", "-o", bin, "simasn/cmd/simasn").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	writer, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer writer.Close()
	if err := writer.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 5000, 10000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			fanout(b, bin, dsn, writer, n)
		})
	}
}

func fanout(b *testing.B, bin, dsn string, writer *store.DB, n int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--database-url", dsn, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "SIMASN_TOKEN_SECRET=bench-secret-bench-secret-bench-secret")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		b.Fatalf("server did not start: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	before := rss(b, cmd.Process.Pid)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		sentAt    atomic.Pointer[time.Time]
		received  atomic.Int64
	)
	conns := make([]*websocket.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	dialer := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 10 * time.Second}
	var ready sync.WaitGroup
	for i := 0; i < n; i++ {
		c, _, err := dialer.Dial("ws://"+addr+"/query", nil)
		if err != nil {
			b.Fatalf("dial %d: %v", i, err)
		}
		conns = append(conns, c)
		_ = c.WriteJSON(map[string]any{"type": "connection_init"})
		var ack map[string]any
		if err := c.ReadJSON(&ack); err != nil {
			b.Fatalf("init %d: %v", i, err)
		}
		_ = c.WriteJSON(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
			"query": `subscription { complaintFeed { cursor kind complaint { trackingID title status } } }`}})
		ready.Add(1)
		go func() {
			var once sync.Once
			for {
				_, data, err := c.ReadMessage()
				if err != nil {
					once.Do(ready.Done)
					return
				}
				// Look at the message type without decoding the whole
				// message: the clients share the server's two cores.
				switch {
				case bytes.Contains(data, []byte(`"type":"ping"`)):
					_ = c.WriteJSON(map[string]any{"type": "pong"})
				case bytes.Contains(data, []byte(`"type":"next"`)):
					if t := sentAt.Load(); t != nil {
						d := time.Since(*t)
						mu.Lock()
						latencies = append(latencies, d)
						mu.Unlock()
					}
					received.Add(1)
				}
			}
		}()
	}
	time.Sleep(time.Second) // let the subscriptions register
	idle := rss(b, cmd.Process.Pid)
	perSub := float64(idle-before) / float64(n) / 1024

	b.ResetTimer()
	for b.Loop() {
		want := received.Load() + int64(n)
		t0 := time.Now()
		sentAt.Store(&t0)
		commitComplaint(b, writer)
		deadline := time.Now().Add(30 * time.Second)
		for received.Load() < want {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d deliveries after 30s", received.Load()-want+int64(n), n)
			}
			time.Sleep(200 * time.Microsecond)
		}
	}
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	if len(latencies) > 0 {
		b.ReportMetric(ms(latencies[len(latencies)*50/100]), "p50-ms")
		b.ReportMetric(ms(latencies[len(latencies)*99/100]), "p99-ms")
	}
	b.ReportMetric(perSub, "KiB/idle-sub")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// commitComplaint commits one public complaint and its event.
func commitComplaint(b *testing.B, db *store.DB) {
	ctx := viewer.System(context.Background())
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	cm, err := tx.Client().Complaint.Create().
		SetTrackingID(fmt.Sprintf("LPG-BENCH-%d", now.UnixNano())).SetAccessKeyHash("x").
		SetClass(complaint.ClassCOMPLAINT).SetCategory(complaint.CategoryOTHER).SetChannel(complaint.ChannelWEB).
		SetPrivacy(complaint.PrivacyPUBLIC).SetTitle("Lampu jalan padam").SetBody("Lampu jalan di depan pasar padam sejak seminggu.").
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
