package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The feed benchmark's load generator is this test binary run again with
// SIMASN_FEEDLOAD set (see TestMain): a process of its own, so that the
// server's CPU is measured apart from the clients', and so that the
// clients' open files are split over processes (this machine caps a
// process at 20,000).
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

// readAll appends what r holds to buf.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func feedLoad() int {
	n, _ := strconv.Atoi(os.Getenv("SIMASN_FEEDLOAD_N"))
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
	// Each connection reads into a buffer of its own, reused: the load
	// process's CPU competes with the server's for the same cores.
	read := func(c *websocket.Conn) {
		buf := make([]byte, 0, 512)
		for {
			_, r, err := c.NextReader()
			if err == nil {
				buf, err = readAll(r, buf[:0])
			}
			if err != nil {
				ended.Add(1)
				return
			}
			data := buf
			switch {
			case bytes.Contains(data, []byte(`"type":"ping"`)):
				_ = c.WriteMessage(websocket.TextMessage, []byte(`{"type":"pong"}`))
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
				ended.Add(1)
			}
		}
	}
	var conns []*websocket.Conn
	var mu sync.Mutex
	var failed atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
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
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go read(c)
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		fmt.Printf("failed %d\n", failed.Load())
		return 1
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
			for _, c := range conns {
				c.Close()
			}
			return 0
		}
	}
	return 0
}
