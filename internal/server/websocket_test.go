package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"

	"simasn/ent/complaint"
	"simasn/internal/apitest"
	"simasn/internal/apperr"
	"simasn/internal/metrics"
	"simasn/internal/server"
	"simasn/internal/testdb"
)

var protocols = []string{apitest.ProtocolTransportWS, apitest.ProtocolGraphQLWS}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; !cond(); i++ {
		if i == 200 {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// sse opens a server-sent event stream for an operation.
func sse(t *testing.T, s *apitest.Server, token, query string) *bufio.Scanner {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("SSE: status %d", resp.StatusCode)
	}
	return bufio.NewScanner(resp.Body)
}

// events reads server-sent events until "complete" or the end, and returns
// them as "event data" lines.
func events(sc *bufio.Scanner) []string {
	var out []string
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data:"):
			out = append(out, event+" "+strings.TrimSpace(strings.TrimPrefix(line, "data:")))
			if event == "complete" {
				return out
			}
		}
	}
	return out
}

// TestMutationsOverStreams: queries and mutations over both websocket
// protocols and server-sent events give one result and complete; a
// mutation commits once, and no panic follows.
func TestMutationsOverStreams(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		token := s.TokenFor(s.Admin)
		const create = `mutation($code: String!) { createRegion(input: {code: $code, name: "Kabupaten Baru", kind: REGENCY}) { code } }`
		for i, protocol := range protocols {
			w, err := s.DialWS(protocol, nil, map[string]any{"authToken": token})
			if err != nil {
				t.Fatal(err)
			}
			code := []string{"18.81", "18.82"}[i]
			w.Subscribe("m", create, map[string]any{"code": code})
			var got struct{ CreateRegion struct{ Code string } }
			w.Next("m", wait, &got)
			if got.CreateRegion.Code != code {
				t.Errorf("%s: created %+v, want %s", protocol, got, code)
			}
			if m, err := w.Read(wait); err != nil || m.Type != "complete" || m.ID != "m" {
				t.Errorf("%s: after the result got %s %s %s %v, want complete", protocol, m.Type, m.ID, m.Payload, err)
			}
			w.Subscribe("q", `{ regions { totalCount } }`, nil)
			var count struct{ Regions struct{ TotalCount int } }
			w.Next("q", wait, &count)
			if count.Regions.TotalCount != i+1 {
				t.Errorf("%s: %d regions, want %d", protocol, count.Regions.TotalCount, i+1)
			}
			if m, err := w.Read(wait); err != nil || m.Type != "complete" || m.ID != "q" {
				t.Errorf("%s: after the query got %s %s %s %v, want complete", protocol, m.Type, m.ID, m.Payload, err)
			}
			// Nothing more for m: a later operation's result is the next
			// message, and anything the server sent for m after its
			// completion would have come before it.
			w.Subscribe("z", `{ regions { totalCount } }`, nil)
			w.Next("z", wait, &count)
		}
		body, _ := json.Marshal(map[string]any{"query": create, "variables": map[string]any{"code": "18.83"}})
		r := post(t, s, token, "text/event-stream", strings.NewReader(string(body)))
		text := string(r.body)
		if !strings.Contains(text, `event: next`) || !strings.Contains(text, `"18.83"`) || !strings.Contains(text, "event: complete") || strings.Contains(text, "errors") {
			t.Errorf("mutation over SSE: %s", text)
		}
		if n := apitest.Must(s.DB.Client.Region.Query().Count(apitest.Sys()))(t); n != 3 {
			t.Errorf("regions = %d, want 3", n)
		}
	})
}

// TestWebsocketByTheSpec checks the refusals of the websocket transport.
func TestWebsocketByTheSpec(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn, func(o *server.Options) {
			o.MaxBodyBytes = 64 << 10
			o.MaxOperationsPerConnection = 3
			o.MaxConnectionsPerAddress = 6
			o.InitTimeout = 300 * time.Millisecond
		})
		for _, protocol := range protocols {
			t.Run(protocol, func(t *testing.T) {
				s := s.With(t)
				// A message over the body limit closes with 1009.
				w, err := s.DialWS(protocol, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				big := `{"id":"1","type":"` + map[bool]string{true: "subscribe", false: "start"}[protocol == apitest.ProtocolTransportWS] +
					`","payload":{"query":"{ regions { totalCount } }","variables":{"x":"` + strings.Repeat("a", 128<<10) + `"}}}`
				_ = w.SendRaw([]byte(big))
				if code, _, _ := w.Closed(wait); code != websocket.CloseMessageTooBig {
					t.Errorf("oversized message: close code %d, want 1009", code)
				}

				// At most three operations at once on one connection.
				w, err = s.DialWS(protocol, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range []string{"a", "b", "c"} {
					w.Subscribe(id, feedSub, nil)
				}
				w.Subscribe("d", feedSub, nil)
				m, err := w.Read(wait)
				if err != nil || m.ID != "d" || m.Type != "error" || !strings.Contains(string(m.Payload), "RATE_LIMITED") {
					t.Errorf("fourth operation: %s %s %s %v, want a RATE_LIMITED error", m.Type, m.ID, m.Payload, err)
				}
				w.Close()

				// A bad token: 4403, so that clients report it instead of
				// reconnecting at once; the legacy protocol says why first.
				w, err = s.OpenWS(protocol, nil)
				if err != nil {
					t.Fatal(err)
				}
				_ = w.Send(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": "forged"}})
				code, _, msgs := w.Closed(wait)
				if code != 4403 {
					t.Errorf("bad token: close code %d, want 4403", code)
				}
				if protocol == apitest.ProtocolGraphQLWS && (len(msgs) != 1 || msgs[0].Type != "connection_error") {
					t.Errorf("bad token on the legacy protocol: messages %+v, want one connection_error", msgs)
				}
				for _, m := range msgs {
					if m.Type == "connection_ack" {
						t.Error("bad token: acknowledged")
					}
				}

				// connection_ack always comes first.
				for i := 0; i < 10; i++ {
					w, err := s.OpenWS(protocol, nil)
					if err != nil {
						t.Fatal(err)
					}
					_ = w.Send(map[string]any{"type": "connection_init"})
					if m, err := w.ReadRaw(wait); err != nil || m.Type != "connection_ack" {
						t.Fatalf("first message %s %v, want connection_ack", m.Type, err)
					}
					w.Close()
				}
			})
		}

		// graphql-transport-ws close codes.
		open := func() *apitest.WS {
			w, err := s.OpenWS(apitest.ProtocolTransportWS, nil)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		for _, tc := range []struct {
			name string
			code int
			send []map[string]any
		}{
			{"operation before init", 4401, []map[string]any{{"id": "1", "type": "subscribe", "payload": map[string]any{"query": "{ regions { totalCount } }"}}}},
			{"second init", 4429, []map[string]any{{"type": "connection_init"}, {"type": "connection_init"}}},
			{"id in use", 4409, []map[string]any{{"type": "connection_init"},
				{"id": "1", "type": "subscribe", "payload": map[string]any{"query": feedSub}},
				{"id": "1", "type": "subscribe", "payload": map[string]any{"query": feedSub}}}},
			{"unknown message", 4400, []map[string]any{{"type": "connection_init"}, {"type": "start", "id": "1"}}},
			{"no init", 4408, nil},
		} {
			w := open()
			for _, m := range tc.send {
				_ = w.Send(m)
			}
			if code, _, _ := w.Closed(wait); code != tc.code {
				t.Errorf("%s: close code %d, want %d", tc.name, code, tc.code)
			}
		}

		// At most six connections from one address; the seventh is 429.
		// (The connections closed above are released as the server sees
		// them close.)
		for i := 0; i < 6; i++ {
			waitFor(t, "a connection", func() bool {
				_, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
				return err == nil
			})
		}
		if _, err := s.OpenWS(apitest.ProtocolTransportWS, nil); err == nil || !strings.Contains(err.Error(), "429") {
			t.Errorf("a seventh connection from one address: %v, want 429", err)
		}
	})
}

// TestShutdownCompletesSubscriptions: shutting down completes every
// subscription and closes websockets with 1012 (service restart), so
// clients reconnect and resume; an event stream completes.
func TestShutdownCompletesSubscriptions(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		var ws []*apitest.WS
		for _, protocol := range protocols {
			w, err := s.DialWS(protocol, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			w.Subscribe("feed", feedSub, nil)
			ws = append(ws, w)
		}
		stream := sse(t, s, "", feedSub)
		waitFor(t, "three subscribers", func() bool { return s.Hub.Subscribers() == 3 })
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := s.Handler.Shutdown(ctx); err != nil {
			t.Fatalf("shutdown: %v", err)
		}
		for i, w := range ws {
			code, _, msgs := w.Closed(wait)
			if code != websocket.CloseServiceRestart {
				t.Errorf("%s: close code %d, want 1012", protocols[i], code)
			}
			if len(msgs) != 1 || msgs[0].Type != "complete" || msgs[0].ID != "feed" {
				t.Errorf("%s: messages before the close %+v, want one complete", protocols[i], msgs)
			}
		}
		if got := events(stream); len(got) != 1 || !strings.HasPrefix(got[0], "complete") {
			t.Errorf("SSE at shutdown: %q, want only complete", got)
		}
		// New streams are refused while the server stops.
		if w, err := s.OpenWS(apitest.ProtocolTransportWS, nil); err == nil {
			if code, _, _ := w.Closed(wait); code != websocket.CloseServiceRestart {
				t.Errorf("a websocket opened while stopping: close code %d, want 1012", code)
			}
		}
	})
}

// TestRevokedSubscriptions: a subscription ended with UNAUTHENTICATED (the
// account disabled, its password changed) gets the error and then the
// websocket closes with 4403; an event stream gets the error and completes.
func TestRevokedSubscriptions(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		dinkes := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		acc := s.MustAccount("kadis", "LEADER", dinkes, s.MustEmployee(dinkes))
		token := s.TokenFor(acc)
		var ws []*apitest.WS
		for _, protocol := range protocols {
			w, err := s.DialWS(protocol, nil, map[string]any{"authToken": token})
			if err != nil {
				t.Fatal(err)
			}
			w.Subscribe("feed", feedSub, nil)
			ws = append(ws, w)
		}
		stream := sse(t, s, token, feedSub)
		other, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		other.Subscribe("feed", feedSub, nil)
		waitFor(t, "four subscribers", func() bool { return s.Hub.Subscribers() == 4 })

		revoked := &apperr.Error{Code: apperr.Unauthenticated, Message: "the account was disabled; sign in again"}
		if n := s.Hub.Revoke(acc.ID, revoked); n != 3 {
			t.Fatalf("revoked %d subscriptions, want 3", n)
		}
		for i, w := range ws {
			code, _, msgs := w.Closed(wait)
			if code != 4403 {
				t.Errorf("%s: close code %d, want 4403", protocols[i], code)
			}
			if len(msgs) != 1 || msgs[0].Type != "error" || !strings.Contains(string(msgs[0].Payload), "UNAUTHENTICATED") {
				t.Errorf("%s: messages %+v, want one UNAUTHENTICATED error", protocols[i], msgs)
			}
		}
		got := events(stream)
		if len(got) != 2 || !strings.Contains(got[0], "UNAUTHENTICATED") || strings.Contains(got[0], `"data"`) || !strings.HasPrefix(got[1], "complete") {
			t.Errorf("SSE revoked: %q, want an UNAUTHENTICATED error, then complete", got)
		}
		// Others go on.
		pkm := s.MustUnit("1.02.P1", dinkes, s.MustRegion("18.72", false))
		cm, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: "PUBLIC", Unit: pkm})
		var ev feedEvent
		other.Next("feed", wait, &ev)
		if ev.ComplaintFeed.Complaint.TrackingID != cm.TrackingID {
			t.Errorf("the public subscriber got %+v", ev.ComplaintFeed)
		}
	})
}

// TestDisabledAccountClosesWebsocket: disabling an account ends its open
// subscription with UNAUTHENTICATED, then the socket closes with 4403, on
// both protocols.
func TestDisabledAccountClosesWebsocket(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		for i, protocol := range protocols {
			acc := s.MustAccount(fmt.Sprintf("hr.%d", i), "HR_OFFICER", u, nil)
			w, err := s.DialWS(protocol, nil, map[string]any{"authToken": s.TokenFor(acc)})
			if err != nil {
				t.Fatal(err)
			}
			before := s.Hub.Subscribers()
			w.Subscribe("feed", feedSub, nil)
			waitFor(t, "the subscription", func() bool { return s.Hub.Subscribers() == before+1 })
			s.MustDo(nil, `mutation($id: ID!) { updateAccount(id: $id, input: {active: false}) { id } }`, map[string]any{"id": apitest.GID(acc.ID)})
			code, _, msgs := w.Closed(wait)
			if code != 4403 {
				t.Errorf("%s: close code %d, want 4403", protocol, code)
			}
			if len(msgs) != 1 || msgs[0].Type != "error" || !strings.Contains(string(msgs[0].Payload), "UNAUTHENTICATED") || strings.Contains(string(msgs[0].Payload), `"data"`) {
				t.Errorf("%s: messages %+v, want one UNAUTHENTICATED error", protocol, msgs)
			}
		}
	})
}

// TestWebsocketGoroutinesReturn: connections and subscriptions leave no
// goroutine behind once closed.
func TestWebsocketGoroutinesReturn(t *testing.T) {
	s := apitest.Start(t, testdb.SQLite(t), func(o *server.Options) { o.MaxConnectionsPerAddress = 100 })
	waitFor(t, "a quiet server", func() bool { return s.Hub.Subscribers() == 0 })
	before := runtime.NumGoroutine()
	var ws []*apitest.WS
	for i := 0; i < 50; i++ {
		w, err := s.DialWS(protocols[i%2], nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.Subscribe("a", feedSub, nil)
		w.Subscribe("b", feedSub, nil)
		ws = append(ws, w)
	}
	waitFor(t, "100 subscribers", func() bool { return s.Hub.Subscribers() == 100 })
	for _, w := range ws {
		w.Close()
	}
	waitFor(t, "the subscriptions to end", func() bool { return s.Hub.Subscribers() == 0 })
	waitFor(t, "the goroutines to return", func() bool { return runtime.NumGoroutine() <= before+5 })
}

// TestFeedEncodedOnce: websocket subscribers with the same operation and
// viewer share one subscription of the hub, on either protocol and with
// their own message ids; another viewer, or other variables, get one of
// their own. Each receives every event under its own id.
func TestFeedEncodedOnce(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		dinkes := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		token := s.TokenFor(s.MustAccount("kadis", "LEADER", dinkes, s.MustEmployee(dinkes)))
		type sub struct {
			w  *apitest.WS
			id string
		}
		var subs []sub
		for i := 0; i < 6; i++ { // six public subscribers: one subscription
			w, err := s.DialWS(protocols[i%2], nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			id := fmt.Sprintf("p%d", i)
			w.Subscribe(id, feedSub, nil)
			subs = append(subs, sub{w, id})
		}
		for i := 0; i < 2; i++ { // two tabs of one leader: a second one
			w, err := s.DialWS(protocols[i], nil, map[string]any{"authToken": token})
			if err != nil {
				t.Fatal(err)
			}
			w.Subscribe("l", feedSub, nil)
			subs = append(subs, sub{w, "l"})
		}
		// Other variables: a third.
		w, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.Subscribe("f", feedSub, map[string]any{"filter": map[string]any{"categories": []string{"HEALTH_SERVICE"}}})
		subs = append(subs, sub{w, "f"})
		s.WaitSubscribers(len(subs))
		st := s.Hub.Stats()
		if st.Subscriptions != 3 || st.Subscribers["websocket"] != 9 {
			t.Errorf("hub: %d subscriptions, %v subscribers; want 3 subscriptions for 9 websocket subscribers", st.Subscriptions, st.Subscribers)
		}
		cm, _ := s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: dinkes})
		for _, x := range subs {
			var ev feedEvent
			x.w.Next(x.id, wait, &ev)
			if ev.ComplaintFeed.Complaint.TrackingID != cm.TrackingID {
				t.Errorf("subscriber %s got %+v, want %s", x.id, ev.ComplaintFeed, cm.TrackingID)
			}
		}
		// One leaves: the others go on, the subscription stays.
		subs[0].w.Close()
		s.WaitSubscribers(len(subs) - 1)
		if st := s.Hub.Stats(); st.Subscriptions != 3 {
			t.Errorf("after one left: %d subscriptions, want 3", st.Subscriptions)
		}
	})
}

// TestWebsocketSlowSubscriber: two websocket subscribers share the public
// feed; one stops reading (a small receive buffer, so that the server's
// socket fills soon). Once more results wait for its connection than the
// queue holds, it alone is ended with SLOW_SUBSCRIBER after the results
// queued before, while the other receives every event; the feed's metrics
// count the subscribers by transport and the one ended.
func TestWebsocketSlowSubscriber(t *testing.T) {
	apitest.Each(t, func(t *testing.T, dialect, dsn string) {
		// The writers send through io_uring where the kernel allows it;
		// the sendmsg path is the fallback, and on SQLite the one tested.
		noRing := dialect != "postgres"
		m := metrics.New()
		// A small send buffer fills after a few dozen results; the
		// connection waits for its client, however slowly the test
		// commits the events that fill its queue.
		s := apitest.Start(t, dsn, func(o *server.Options) {
			o.Metrics = m
			o.WebsocketSendBuffer = 4096
			o.WebsocketWriteTimeout = time.Hour
			o.WebsocketNoIOURing = noRing
		})
		u := s.MustUnit("1.02", nil, s.MustRegion("18.71", false))
		fast, err := s.DialWS(apitest.ProtocolTransportWS, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		fast.Subscribe("f", feedSub, nil)
		slow := dialSmallWindow(t, s.URL)
		s.WaitSubscribers(2)
		body, _ := json.Marshal(map[string]any{"query": feedSub})
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		ctx, stopSSE := context.WithCancel(context.Background())
		defer stopSSE()
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		s.WaitSubscribers(3)
		lines := scrape(t, s.URL)
		for _, want := range []string{`simasn_feed_subscribers 3`, `simasn_feed_subscribers_by_transport{transport="websocket"} 2`,
			`simasn_feed_subscribers_by_transport{transport="sse"} 1`, `simasn_feed_dropped_subscribers_total 0`} {
			if !lines[want] {
				t.Errorf("before: no line %s", want)
			}
		}
		stopSSE()
		s.WaitSubscribers(2)
		// The fast one reads on its own, so that the events are committed
		// as fast as the database takes them until the slow one is ended.
		fastEvents := make(chan feedEvent, 10_000)
		fastErr := make(chan error, 1)
		go func() {
			for {
				msg, err := fast.Read(wait)
				if err != nil {
					fastErr <- err
					return
				}
				var p struct{ Data feedEvent }
				if err := json.Unmarshal(msg.Payload, &p); err != nil || msg.Type != "next" {
					fastErr <- fmt.Errorf("the fast subscriber got %s %s: %v", msg.Type, msg.Payload, err)
					return
				}
				fastEvents <- p.Data
			}
		}()
		var cursors []string
		// catchUp waits until the fast one has every event committed.
		catchUp := func(committed int) {
			t.Helper()
			for len(cursors) < committed {
				select {
				case ev := <-fastEvents:
					cursors = append(cursors, ev.ComplaintFeed.Cursor)
				case err := <-fastErr:
					t.Fatalf("the fast subscriber, after %d of %d events: %v", len(cursors), committed, err)
				}
			}
		}
		// Sixteen events at a time, the fast one catching up in between:
		// the shared subscription never falls behind in the hub, only the
		// slow one's connection does.
		committed := 0
		for ; s.Hub.Stats().SlowEnded == 0; committed++ {
			if committed == 3000 {
				t.Fatalf("%d events to a subscriber that reads none, and it was never ended", committed)
			}
			if committed%16 == 0 {
				catchUp(committed)
			}
			s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: u})
		}
		if st := s.Hub.Stats(); st.Subscribers["websocket"] != 1 {
			t.Errorf("after the slow one was ended: %d websocket subscribers, want 1", st.Subscribers["websocket"])
		}
		if lines := scrape(t, s.URL); !lines[`simasn_feed_dropped_subscribers_total 1`] {
			t.Errorf("after: no line simasn_feed_dropped_subscribers_total 1")
		}
		// The fast one receives every event, and the next.
		s.MustComplaint(apitest.ComplaintFixture{Privacy: complaint.PrivacyPUBLIC, Unit: u})
		committed++
		catchUp(committed)
		// The slow one reads what was queued: the first results in order,
		// then the error, and nothing after it.
		got := 0
		for {
			msg, err := slow.Read(wait)
			if err != nil {
				t.Fatalf("the slow subscriber, after %d results: %v", got, err)
			}
			if msg.Type == "next" {
				var p struct{ Data feedEvent }
				if err := json.Unmarshal(msg.Payload, &p); err != nil {
					t.Fatal(err)
				}
				if got >= len(cursors) || p.Data.ComplaintFeed.Cursor != cursors[got] {
					t.Fatalf("the slow subscriber's result %d has cursor %s, want %v", got, p.Data.ComplaintFeed.Cursor, cursors[min(got, len(cursors)-1)])
				}
				got++
				continue
			}
			if msg.Type != "error" || msg.ID != "s" || !strings.Contains(string(msg.Payload), string(apperr.SlowSubscriber)) {
				t.Fatalf("the slow subscriber got %s %s %s after %d results, want an error SLOW_SUBSCRIBER", msg.Type, msg.ID, msg.Payload, got)
			}
			break
		}
		if got == 0 || got >= len(cursors) {
			t.Errorf("the slow subscriber got %d of %d results before its error, want some, not all", got, len(cursors))
		}
	})
}

// dialSmallWindow opens a graphql-transport-ws connection whose socket
// receives into a small buffer, and subscribes it to the public feed as
// "s".
func dialSmallWindow(t *testing.T, serverURL string) *apitest.WS {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{apitest.ProtocolTransportWS}, HandshakeTimeout: 5 * time.Second,
		NetDialContext: (&net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) { serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, 2048) }); err != nil {
				return err
			}
			return serr
		}}).DialContext}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(serverURL, "http")+"/query", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	w := apitest.WrapWS(t, conn, apitest.ProtocolTransportWS)
	if err := w.Send(map[string]any{"type": "connection_init"}); err != nil {
		t.Fatal(err)
	}
	if msg, err := w.Read(wait); err != nil || msg.Type != "connection_ack" {
		t.Fatalf("connection_init: %s %v", msg.Type, err)
	}
	w.Subscribe("s", feedSub, nil)
	return w
}
