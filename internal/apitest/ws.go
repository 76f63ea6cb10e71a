package apitest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The websocket sub-protocols of GraphQL.
const (
	ProtocolTransportWS = "graphql-transport-ws" // the current one
	ProtocolGraphQLWS   = "graphql-ws"           // the legacy subscriptions-transport-ws
)

// WS is a GraphQL websocket client for tests.
type WS struct {
	tb       testing.TB
	conn     *websocket.Conn
	protocol string
}

// Message is one message from the server.
type Message struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
}

// OpenWS opens a websocket to the server with the given protocol ("" for
// none) and sends nothing.
func (s *Server) OpenWS(protocol string, header http.Header) (*WS, error) {
	s.tb.Helper()
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/query"
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	if protocol != "" {
		d.Subprotocols = []string{protocol}
	}
	conn, resp, err := d.Dial(url, header)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial: %w (status %d)", err, resp.StatusCode)
		}
		return nil, fmt.Errorf("dial: %w", err)
	}
	s.tb.Cleanup(func() { conn.Close() })
	return &WS{tb: s.tb, conn: conn, protocol: protocol}, nil
}

// WrapWS makes a GraphQL websocket client of a connection a test opened
// itself (e.g. with socket options of its own) with the given protocol.
func WrapWS(tb testing.TB, conn *websocket.Conn, protocol string) *WS {
	return &WS{tb: tb, conn: conn, protocol: protocol}
}

// DialWS opens a websocket to the server with the given protocol, sends
// connection_init with payload (may be nil) and waits for the ack.
func (s *Server) DialWS(protocol string, header http.Header, payload map[string]any) (*WS, error) {
	s.tb.Helper()
	w, err := s.OpenWS(protocol, header)
	if err != nil {
		return nil, err
	}
	if err := w.conn.WriteJSON(map[string]any{"type": "connection_init", "payload": payload}); err != nil {
		return nil, err
	}
	for {
		m, err := w.Read(5 * time.Second)
		if err != nil {
			return nil, err
		}
		switch m.Type {
		case "connection_ack":
			return w, nil
		case "ka", "ping":
			continue
		default:
			return nil, fmt.Errorf("connection refused: %s %s", m.Type, m.Payload)
		}
	}
}

// Send writes one message as JSON.
func (w *WS) Send(v any) error { return w.conn.WriteJSON(v) }

// SendRaw writes one text message as it is.
func (w *WS) SendRaw(b []byte) error { return w.conn.WriteMessage(websocket.TextMessage, b) }

// ReadRaw returns the next message as the server sent it, keep-alives
// included, within timeout.
func (w *WS) ReadRaw(timeout time.Duration) (Message, error) {
	_ = w.conn.SetReadDeadline(time.Now().Add(timeout))
	var m Message
	err := w.conn.ReadJSON(&m)
	return m, err
}

// Closed reads until the server closes the connection, within timeout, and
// returns the close code (0 if it did not close cleanly) with the messages
// received before.
func (w *WS) Closed(timeout time.Duration) (code int, reason string, msgs []Message) {
	deadline := time.Now().Add(timeout)
	for {
		_ = w.conn.SetReadDeadline(deadline)
		var m Message
		err := w.conn.ReadJSON(&m)
		var ce *websocket.CloseError
		switch {
		case errors.As(err, &ce):
			return ce.Code, ce.Text, msgs
		case err != nil:
			return 0, err.Error(), msgs
		}
		if m.Type == "ping" {
			_ = w.conn.WriteJSON(map[string]any{"type": "pong"})
			continue
		}
		if m.Type != "ka" && m.Type != "pong" {
			msgs = append(msgs, m)
		}
	}
}

// Subscribe starts an operation with the given id.
func (w *WS) Subscribe(id, query string, vars map[string]any) {
	w.tb.Helper()
	typ := "subscribe"
	if w.protocol == ProtocolGraphQLWS {
		typ = "start"
	}
	if err := w.conn.WriteJSON(map[string]any{"id": id, "type": typ, "payload": map[string]any{"query": query, "variables": vars}}); err != nil {
		w.tb.Fatalf("subscribe: %v", err)
	}
}

// Stop ends the operation with the given id.
func (w *WS) Stop(id string) {
	w.tb.Helper()
	typ := "complete"
	if w.protocol == ProtocolGraphQLWS {
		typ = "stop"
	}
	if err := w.conn.WriteJSON(map[string]any{"id": id, "type": typ}); err != nil {
		w.tb.Fatalf("stop: %v", err)
	}
}

// Read returns the next message, answering pings, within timeout.
func (w *WS) Read(timeout time.Duration) (Message, error) {
	deadline := time.Now().Add(timeout)
	for {
		_ = w.conn.SetReadDeadline(deadline)
		var m Message
		if err := w.conn.ReadJSON(&m); err != nil {
			return m, err
		}
		switch m.Type {
		case "ping":
			_ = w.conn.WriteJSON(map[string]any{"type": "pong"})
			continue
		case "ka", "pong":
			continue
		}
		return m, nil
	}
}

// Next returns the data payload of the next result message for id; it
// fails the test on a timeout, an error message or a completion.
func (w *WS) Next(id string, timeout time.Duration, v any) {
	w.tb.Helper()
	m, err := w.Read(timeout)
	if err != nil {
		w.tb.Fatalf("waiting for a result of %s: %v", id, err)
	}
	if m.ID != id || (m.Type != "next" && m.Type != "data") {
		w.tb.Fatalf("got %s %s %s, want a result of %s", m.Type, m.ID, m.Payload, id)
	}
	var p struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		w.tb.Fatal(err)
	}
	if len(p.Errors) > 0 {
		w.tb.Fatalf("result of %s has errors: %+v", id, p.Errors)
	}
	if err := json.Unmarshal(p.Data, v); err != nil {
		w.tb.Fatal(err)
	}
}

// WaitSubscribers waits until the instance's complaint feed counts n
// subscribers, so that a test writes only once its subscriptions are live;
// it fails the test after 10 s. Call it from the test's goroutine.
func (s *Server) WaitSubscribers(n int) {
	s.tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.Hub.Subscribers() != n {
		if time.Now().After(deadline) {
			s.tb.Fatalf("the complaint feed has %d subscribers after 10 s, want %d", s.Hub.Subscribers(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Close closes the connection.
func (w *WS) Close() { w.conn.Close() }
