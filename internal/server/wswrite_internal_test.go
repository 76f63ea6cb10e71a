package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// TestWireFrameLengths has gorilla's client read frames built by wireFrame
// and written straight to the socket, at each length encoding (7-bit,
// 16-bit, 64-bit) and its edges.
func TestWireFrameLengths(t *testing.T) {
	t.Parallel()
	sizes := []int{0, 125, 126, 65535, 65536, 70000}
	up := websocket.Upgrader{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		for _, n := range sizes {
			if _, err := ws.NetConn().Write(wireFrame(websocket.TextMessage, bytes.Repeat([]byte{'x'}, n))); err != nil {
				return
			}
		}
		_, _, _ = ws.ReadMessage() // until the client closes
	}))
	defer ts.Close()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, n := range sizes {
		typ, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("frame of %d bytes: %v", n, err)
		}
		if typ != websocket.TextMessage || len(data) != n || bytes.Count(data, []byte{'x'}) != n {
			t.Errorf("frame of %d bytes read as type %d, %d bytes", n, typ, len(data))
		}
	}
}
