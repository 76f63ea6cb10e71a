package server

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"
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

// TestSendmsgNow writes several buffers, an empty one among them, with one
// raw sendmsg on a connected TCP socket and reads them back in order; and
// once the peer stops reading and the socket's buffer fills, it answers
// EAGAIN instead of waiting.
func TestSendmsgNow(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	raw := rawConn(server)
	if raw == nil {
		t.Fatal("no raw connection for a TCP socket")
	}
	send := func(bufs [][]byte) (n int, err error) {
		if cerr := raw.Control(func(fd uintptr) { n, err = sendmsgNow(int(fd), bufs) }); cerr != nil {
			t.Fatal(cerr)
		}
		return n, err
	}
	bufs := [][]byte{[]byte("one "), nil, []byte("two "), bytes.Repeat([]byte{'x'}, 1000)}
	want := bytes.Join(bufs, nil)
	n, err := send(bufs)
	if err != nil || n != len(want) {
		t.Fatalf("sendmsgNow: %d, %v; want %d bytes", n, err, len(want))
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(client, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("read %q, want %q", got[:12], want[:12])
	}
	if n, err := send(nil); n != 0 || err != nil {
		t.Errorf("nothing to send: %d, %v; want 0, nil", n, err)
	}
	// The client reads no more: the sends fill both sockets' buffers
	// and then meet EAGAIN at once.
	block := [][]byte{bytes.Repeat([]byte{'y'}, 1<<20)}
	for i := 0; ; i++ {
		_, err := send(block)
		if err == unix.EAGAIN {
			break
		}
		if err != nil {
			t.Fatalf("send %d: %v, want EAGAIN eventually", i, err)
		}
		if i > 1000 {
			t.Fatal("a thousand sends of 1 MiB to a client that reads nothing, and no EAGAIN")
		}
	}
}
