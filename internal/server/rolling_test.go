package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"simasn/ent/complaint"
	"simasn/ent/complaintevent"
	"simasn/internal/apitest"
	"simasn/internal/testdb"
)

// TestFeedRollingRestart: two instances on one PostgreSQL database serve
// one address (a TCP proxy that spreads connections over them, as a load
// balancer does). While complaints are written, each instance in turn is
// replaced: a new one joins the address, then the old one shuts down, so
// that its subscribers get 1012 and reconnect — to the other instance or to
// the new one — resuming with the cursor of the last event they received.
// Every subscriber receives every event written after it first subscribed,
// in log order, none twice.
func TestFeedRollingRestart(t *testing.T) {
	t.Parallel()
	dsn := testdb.Postgres(t)
	a, b := apitest.Start(t, dsn), apitest.Start(t, dsn)
	pkm := a.MustUnit("1.02", nil, a.MustRegion("18.71", false))
	px := newProxy(t, a.URL, b.URL)
	start := cursorNow(t, a)

	const clients = 6
	subs := make([]*resumer, clients)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range subs {
		subs[i] = &resumer{url: "ws://" + px.addr() + "/query", protocol: protocols[i%2], cursor: start}
		wg.Add(1)
		go func() { defer wg.Done(); subs[i].run(stop) }()
	}
	defer func() { close(stop); wg.Wait() }()

	// A steady stream of complaints, through either instance's database
	// connection, until the restarts are over.
	writes := make(chan error, 1)
	doneWriting := make(chan struct{})
	go func() {
		defer close(writes)
		for i := 0; ; i++ {
			select {
			case <-doneWriting:
				return
			default:
			}
			via := a
			if i%2 == 1 {
				via = b
			}
			if _, _, err := via.Complaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: pkm}); err != nil {
				writes <- err
				return
			}
		}
	}()
	// each waits until every subscriber has received n more events.
	each := func(what string, n int) {
		t.Helper()
		base := make([]int, clients)
		for i, s := range subs {
			base[i] = s.count()
		}
		waitLong(t, what, func() bool {
			for i, s := range subs {
				if s.count() < base[i]+n {
					return false
				}
			}
			return true
		})
	}
	each("events before the restarts", 5)
	for i, old := range []*apitest.Server{a, b} {
		fresh := apitest.Start(t, dsn)
		px.replace(old.URL, fresh.URL)
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		if err := old.Handler.Shutdown(ctx); err != nil {
			t.Fatalf("shutting down instance %d: %v", i, err)
		}
		cancel()
		each(fmt.Sprintf("events after restarting instance %d", i), 5)
	}
	close(doneWriting)
	if err := <-writes; err != nil {
		t.Fatalf("a writer: %v", err)
	}

	var want []int
	after := seq(t, start)
	for _, id := range apitest.Must(a.DB.Client.ComplaintEvent.Query().Where(complaintevent.IDGT(after)).Order(complaintevent.ByID()).IDs(apitest.Sys()))(t) {
		want = append(want, id)
	}
	waitLong(t, "every subscriber to reach the last event", func() bool {
		for _, s := range subs {
			if s.count() < len(want) {
				return false
			}
		}
		return true
	})
	for i, s := range subs {
		got, resumed := s.result()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("subscriber %d (%s) received %d events, want the %d written; %s", i, s.protocol, len(got), len(want), s.diff(want))
		}
		if resumed == 0 {
			t.Errorf("subscriber %d never had to resume: the restarts did not reach it", i)
		}
	}
}

// waitLong polls cond until it holds, failing the test after 30 s.
func waitLong(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(25 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// resumer is a feed subscriber that reconnects whenever its websocket
// closes and resumes after the last event it received.
type resumer struct {
	url, protocol string

	mu      sync.Mutex
	cursor  string
	seqs    []int
	trace   []string // each event with the session that received it
	resumed int
	err     error
}

func (r *resumer) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seqs)
}

func (r *resumer) result() ([]int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.seqs...), r.resumed
}

func (r *resumer) run(stop <-chan struct{}) {
	for first := true; ; first = false {
		select {
		case <-stop:
			return
		default:
		}
		if !first {
			r.mu.Lock()
			r.resumed++
			r.mu.Unlock()
		}
		if err := r.session(stop); err != nil {
			// The instance went away mid-handshake: try again shortly.
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}

// diff describes where the events received depart from want.
func (r *resumer) diff(want []int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.seqs {
		if i >= len(want) || r.seqs[i] != want[i] {
			return fmt.Sprintf("from the %dth on: received %v", i, r.trace[max(i-3, 0):min(i+3, len(r.trace))])
		}
	}
	return "received them all, and more"
}

// session subscribes once and reads until the connection ends.
func (r *resumer) session(stop <-chan struct{}) error {
	d := websocket.Dialer{Subprotocols: []string{r.protocol}, HandshakeTimeout: 5 * time.Second}
	c, _, err := d.Dial(r.url, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	go func() {
		select {
		case <-stop:
		case <-time.After(time.Minute):
		}
		c.Close()
	}()
	r.mu.Lock()
	cursor := r.cursor
	r.mu.Unlock()
	typ := "subscribe"
	if r.protocol == apitest.ProtocolGraphQLWS {
		typ = "start"
	}
	if err := c.WriteJSON(map[string]any{"type": "connection_init"}); err != nil {
		return err
	}
	if err := c.WriteJSON(map[string]any{"id": "r", "type": typ, "payload": map[string]any{"query": feedSub, "variables": map[string]any{"after": cursor}}}); err != nil {
		return err
	}
	for {
		var m apitest.Message
		if err := c.ReadJSON(&m); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "closed") {
				return nil
			}
			return err
		}
		switch m.Type {
		case "ping":
			_ = c.WriteJSON(map[string]any{"type": "pong"})
		case "next", "data":
			var res struct {
				Data feedEvent
			}
			if err := json.Unmarshal(m.Payload, &res); err != nil || res.Data.ComplaintFeed.Cursor == "" {
				return fmt.Errorf("unexpected result %s", m.Payload)
			}
			var n int
			fmt.Sscan(res.Data.ComplaintFeed.Cursor, &n)
			r.mu.Lock()
			r.cursor = res.Data.ComplaintFeed.Cursor
			r.seqs = append(r.seqs, n)
			r.trace = append(r.trace, fmt.Sprintf("%d@session%d(after %s)", n, r.resumed, cursor))
			r.mu.Unlock()
		case "error", "complete", "connection_error":
			return nil
		}
	}
}

// balancer is one address in front of several instances: each connection
// goes to the next backend in turn.
type balancer struct {
	ln net.Listener

	mu       sync.Mutex
	backends []string // host:port
	next     int
}

func newProxy(t *testing.T, urls ...string) *balancer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &balancer{ln: ln}
	for _, u := range urls {
		p.backends = append(p.backends, strings.TrimPrefix(u, "http://"))
	}
	var conns sync.WaitGroup
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() { defer conns.Done(); p.serve(c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return p
}

func (p *balancer) addr() string { return p.ln.Addr().String() }

// replace takes old out of the rotation and puts fresh in its place.
func (p *balancer) replace(old, fresh string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, b := range p.backends {
		if b == strings.TrimPrefix(old, "http://") {
			p.backends[i] = strings.TrimPrefix(fresh, "http://")
		}
	}
}

func (p *balancer) serve(c net.Conn) {
	defer c.Close()
	p.mu.Lock()
	backend := p.backends[p.next%len(p.backends)]
	p.next++
	p.mu.Unlock()
	up, err := net.Dial("tcp", backend)
	if err != nil {
		return
	}
	defer up.Close()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
	<-done
}
