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
	client, server := tcpPair(t)
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

// TestSendRing sends through a writer's io_uring to two connections, one
// whose client reads and one whose client never does, and a descriptor to
// skip: the reading one receives every byte in order, and the other's send
// completes with EAGAIN once its socket is full instead of waiting (else a
// slow client would hold up the writer's whole batch).
func TestSendRing(t *testing.T) {
	r := newSendRing()
	if r == nil {
		t.Skip("io_uring is not available here (the writers use sendmsg)")
	}
	defer r.close()
	var clients, servers []net.Conn
	for range 2 {
		c, s := tcpPair(t)
		clients, servers = append(clients, c), append(servers, s)
	}
	fds := make([]int, 3)
	for i, s := range servers {
		if err := rawConn(s).Control(func(fd uintptr) { fds[i] = int(fd) }); err != nil {
			t.Fatal(err)
		}
	}
	fds[2] = -1
	small := [][]byte{[]byte("one "), nil, []byte("two ")}
	big := [][]byte{bytes.Repeat([]byte{'y'}, 1<<20)}
	var sent int
	for i := 0; ; i++ {
		res := r.sendAll(fds, [][][]byte{small, big, small})
		if res[0] != 8 || res[2] != 0 {
			t.Fatalf("round %d: results %v, want 8 bytes to the reader and 0 for the skipped descriptor", i, res)
		}
		got := make([]byte, 8)
		if _, err := io.ReadFull(clients[0], got); err != nil || string(got) != "one two " {
			t.Fatalf("round %d: the reader read %q, %v", i, got, err)
		}
		if res[1] == -int32(unix.EAGAIN) {
			break
		}
		if res[1] <= 0 {
			t.Fatalf("round %d: the send to the client that does not read: %d, want bytes sent or EAGAIN", i, res[1])
		}
		sent += int(res[1])
		if i > 1000 {
			t.Fatal("a thousand sends of 1 MiB to a client that reads nothing, and no EAGAIN")
		}
	}
	if sent == 0 {
		t.Error("nothing reached the socket of the client that does not read before EAGAIN")
	}
}

// TestSendRingFailure: when io_uring_enter fails as a working ring never
// does (here: its descriptor is not a ring), the sends report EAGAIN —
// their connections then write the same bytes themselves — nothing
// reaches a socket, and the ring is marked broken, so that its writer
// drops it instead of panicking or using it again.
func TestSendRingFailure(t *testing.T) {
	r := newSendRing()
	if r == nil {
		t.Skip("io_uring is not available here (the writers use sendmsg)")
	}
	ringFd := r.Fd
	defer func() { r.Fd = ringFd; r.close() }()
	c, s := tcpPair(t)
	fds := []int{-1, -1}
	if err := rawConn(s).Control(func(fd uintptr) { fds[0] = int(fd) }); err != nil {
		t.Fatal(err)
	}
	r.Fd = -1 // io_uring_enter: EBADF
	res := r.sendAll(fds, [][][]byte{{[]byte("lost? ")}, nil})
	if res[0] != -int32(unix.EAGAIN) || res[1] != 0 {
		t.Fatalf("results %v, want EAGAIN for the send and 0 for the skipped descriptor", res)
	}
	if !r.broken {
		t.Error("the ring is not marked broken after a failed io_uring_enter")
	}
	// Nothing was sent: what the peer reads is only what is written next.
	if _, err := s.Write([]byte("next")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 4)
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "next" {
		t.Fatalf("the peer read %q, %v; want only \"next\"", got, err)
	}
}

// tcpPair returns both ends of a loopback TCP connection, closed when the
// test ends.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if client, err = net.Dial("tcp", ln.Addr().String()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	if server, err = ln.Accept(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return client, server
}
