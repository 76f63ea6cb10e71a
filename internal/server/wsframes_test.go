package server_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"simasn/internal/apitest"
)

// TestWebsocketWireFrames checks the frames the server writes itself (not
// through gorilla's writer) as a stock client reads them: a ping is
// answered with a pong carrying its payload, before the answer to a later
// message; a result longer than 125 bytes (a 16-bit length) arrives whole;
// a close frame from the client is echoed with its code.
func TestWebsocketWireFrames(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		for _, protocol := range protocols {
			t.Run(protocol, func(t *testing.T) {
				d := websocket.Dialer{HandshakeTimeout: wait, Subprotocols: []string{protocol}}
				conn, _, err := d.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"/query", nil)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				_ = conn.SetReadDeadline(time.Now().Add(wait))
				read := func() map[string]any {
					t.Helper()
					_, data, err := conn.ReadMessage()
					if err != nil {
						t.Fatal(err)
					}
					var m map[string]any
					if err := json.Unmarshal(data, &m); err != nil {
						t.Fatalf("%s: %v", data, err)
					}
					return m
				}
				if err := conn.WriteJSON(map[string]any{"type": "connection_init"}); err != nil {
					t.Fatal(err)
				}
				if m := read(); m["type"] != "connection_ack" {
					t.Fatalf("first message %v, want connection_ack", m)
				}

				var pong string
				conn.SetPongHandler(func(data string) error { pong = data; return nil })
				if err := conn.WriteControl(websocket.PingMessage, []byte("hello"), time.Now().Add(wait)); err != nil {
					t.Fatal(err)
				}
				start := map[bool]string{true: "subscribe", false: "start"}[protocol == apitest.ProtocolTransportWS]
				var aliases []string
				for i := range 12 {
					aliases = append(aliases, fmt.Sprintf("typeNameNumber%02d: __typename", i))
				}
				query := "{ " + strings.Join(aliases, " ") + " }"
				if err := conn.WriteJSON(map[string]any{"id": "q", "type": start, "payload": map[string]any{"query": query}}); err != nil {
					t.Fatal(err)
				}
				var data []byte
				for !bytes.Contains(data, []byte(`"id":"q"`)) { // the legacy protocol's ka may come first
					if _, data, err = conn.ReadMessage(); err != nil {
						t.Fatal(err)
					}
				}
				if pong != "hello" {
					t.Errorf("pong %q before the result, want %q", pong, "hello")
				}
				if len(data) <= 125 {
					t.Fatalf("result of %d bytes, want more than 125 (a 16-bit length): %s", len(data), data)
				}
				var m struct {
					Type    string
					Payload struct{ Data map[string]string }
				}
				if err := json.Unmarshal(data, &m); err != nil || m.Type == "error" || len(m.Payload.Data) != 12 || m.Payload.Data["typeNameNumber11"] != "Query" {
					t.Fatalf("result %s (%v), want 12 fields, each Query", data, err)
				}

				if err := conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "bye"), time.Now().Add(wait)); err != nil {
					t.Fatal(err)
				}
				for {
					_, _, err := conn.ReadMessage()
					var ce *websocket.CloseError
					if errors.As(err, &ce) {
						if ce.Code != 4000 {
							t.Errorf("close echoed with %d, want 4000", ce.Code)
						}
						break
					}
					if err != nil {
						t.Fatalf("after the close frame: %v, want the server's close frame", err)
					}
				}
			})
		}
	})
}
