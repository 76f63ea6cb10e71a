package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/sys/unix"

	"simasn/internal/apperr"
	"simasn/internal/auth"
	"simasn/internal/feed"
	"simasn/internal/request"
	"simasn/internal/stream"
	"simasn/internal/viewer"
)

// originAllowed is the websocket upgrade's origin check: no Origin header
// (a non-browser client), the server's own origin, or a listed origin.
// Never "allow all": a page elsewhere must not ride on a user's session.
func originAllowed(allowed []string) func(*http.Request) bool {
	set := map[string]bool{}
	for _, o := range allowed {
		set[strings.TrimRight(strings.ToLower(o), "/")] = true
	}
	return func(r *http.Request) bool {
		origin := r.Header.Get("Origin")
		if origin == "" {
			return true
		}
		u, err := url.Parse(origin)
		if err != nil {
			return false
		}
		if strings.EqualFold(u.Host, r.Host) {
			return true
		}
		return set[strings.ToLower(u.Scheme+"://"+u.Host)]
	}
}

// websocketAuth reads the access token from the connection_init payload
// (authToken, or Authorization: "Bearer …"). Without one the connection is
// the public's (or the demo's anonymous viewer); a bad one is refused.
func websocketAuth(authn auth.Authenticator, anonymous *viewer.Viewer) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		token := p.GetString("authToken")
		if token == "" {
			token, _ = strings.CutPrefix(p.Authorization(), "Bearer ")
		}
		ctx, err := withViewer(ctx, authn, anonymous, token)
		return ctx, nil, err
	}
}

// The websocket sub-protocols: graphql-transport-ws (the graphql-ws
// library) and the legacy graphql-ws (subscriptions-transport-ws), which is
// also what a client that names no sub-protocol gets.
const (
	protocolTransportWS = "graphql-transport-ws"
	protocolLegacy      = "graphql-ws"
)

// Close codes of graphql-transport-ws, and of RFC 6455 for the rest.
const (
	closeBadRequest      = 4400
	closeUnauthorized    = 4401
	closeForbidden       = 4403
	closeInitTimeout     = 4408
	closeDuplicateID     = 4409
	closeTooManyInits    = 4429
	closeServiceRestart  = websocket.CloseServiceRestart // 1012
	closeNormal          = websocket.CloseNormalClosure
	closeHandshakeExpiry = 2 * time.Second // how long a closing socket waits for the client's close frame
	writeTimeout         = 10 * time.Second
)

// wsTransport serves GraphQL over websocket with both sub-protocols. It is
// ours rather than gqlgen's so that it can keep the protocols' promises:
//
//   - a message larger than the body limit closes the socket (1009);
//   - at most maxOps operations run at once on one connection, and at most
//     maxPerAddr connections are open from one client address (429);
//   - connection_init must come first, within initTimeout (else 4408),
//     once (else 4429), with a good token or none (else 4403, after a
//     connection_error on the legacy protocol); connection_ack always
//     precedes any keep-alive;
//   - an operation before the ack closes with 4401, a reused id with 4409,
//     a message that is not one of the protocol's with 4400;
//   - queries and mutations run within the request timeout and answer
//     with one result, then complete;
//   - a subscription that ends with an error (stream.Fail, or a coded
//     cause) gets an error message; UNAUTHENTICATED or FORBIDDEN then
//     closes the socket with 4403 (see package stream);
//   - on shutdown every subscription completes and the socket closes with
//     1012 (service restart), so clients reconnect and resume by cursor.
//
// Each connection costs one reading goroutine, plus one per running query
// or mutation; a subscription joins a group that serves every subscriber of
// the same operation and viewer (fanout), and costs no goroutine. Writes go
// through a bounded queue per connection, emptied by a pool of writers
// (writePool); keep-alives run on a timer.
type wsTransport struct {
	upgrader    websocket.Upgrader
	init        transport.WebsocketInitFunc
	initTimeout time.Duration
	keepAlive   time.Duration
	maxMessage  int64
	maxOps      int
	maxPerAddr  int
	sendBuffer  int           // SO_SNDBUF of each websocket; 0 leaves it to the kernel
	writeWait   time.Duration // how long a write waits for a client that does not read
	timeout     time.Duration
	streams     *streams
	logger      *slog.Logger
	writers     *writePool
	fanout      *fanout
	// limited counts a refusal for a limit (metrics); nil counts nothing.
	limited func(what string)

	mu     sync.Mutex
	byAddr map[string]int
}

var _ graphql.Transport = (*wsTransport)(nil)

// Supports implements graphql.Transport.
func (t *wsTransport) Supports(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// refused counts a refusal for the limit what.
func (t *wsTransport) refused(what string) {
	if t.limited != nil {
		t.limited(what)
	}
}

// acquire counts a new connection from addr, unless addr has too many.
func (t *wsTransport) acquire(addr string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byAddr[addr] >= t.maxPerAddr {
		return false
	}
	t.byAddr[addr]++
	return true
}

func (t *wsTransport) release(addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byAddr[addr]--; t.byAddr[addr] <= 0 {
		delete(t.byAddr, addr)
	}
}

// Do implements graphql.Transport: it upgrades the request and hands the
// connection to a goroutine of its own, then returns. An idle subscriber
// then holds a goroutine with a shallow stack and a small read buffer, not
// the HTTP server's connection goroutine, its buffers and its request.
func (t *wsTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	addr := request.ClientAddr(r.Context())
	if !t.acquire(addr) {
		t.refused("websocket_connections")
		w.Header().Set("Retry-After", "60")
		writeResponse(w, mediaJSON, http.StatusTooManyRequests, &result{Errors: gqlerror.List{{
			Message:    fmt.Sprintf("too many websockets: this address already has %d open; close some first", t.maxPerAddr),
			Extensions: map[string]any{"code": string(apperr.RateLimited)},
		}}})
		return
	}
	ws, err := t.upgrader.Upgrade(w, r, nil)
	if err != nil {
		t.release(addr)
		return // the upgrader has answered (400, 403 for a foreign origin)
	}
	// The request's context ends when Do returns; the connection's lives
	// on with the request's values (request id, statement timeout).
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(r.Context()))
	c := &wsConn{
		t: t, ws: ws, exec: exec, headers: r.Header, reqCtx: ctx, ctx: ctx,
		legacy: ws.Subprotocol() != protocolTransportWS,
		ops:    map[string]*wsOp{},
		conn:   ws.NetConn(),
	}
	if c.raw = rawConn(c.conn); c.raw != nil {
		c.rawWrite = c.sendNow
		if t.sendBuffer > 0 {
			_ = c.raw.Control(func(fd uintptr) {
				_ = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUF, t.sendBuffer)
			})
		}
	}
	go func() {
		defer t.release(addr)
		defer cancel(nil)
		defer func() {
			if v := recover(); v != nil {
				t.logger.ErrorContext(ctx, "panic in websocket connection", "panic", v, "request_id", RequestID(ctx))
				_ = ws.Close()
			}
		}()
		if !t.streams.add(c, c.shutdown) {
			c.closeWith(closeServiceRestart, "service restart")
			c.drain()
			return
		}
		defer t.streams.remove(c)
		c.serve()
	}()
}

// wsConn is one websocket connection.
type wsConn struct {
	t       *wsTransport
	ws      *websocket.Conn
	exec    graphql.GraphExecutor
	headers http.Header
	legacy  bool
	reqCtx  context.Context // the request's, for the init function

	// Writing (wswrite.go): every frame is written by c.write, straight
	// to the socket; gorilla's Conn only reads.
	conn        net.Conn
	raw         syscall.RawConn // the socket's descriptor, for writes that never wait; nil if not a plain socket
	rawWrite    func(uintptr)
	wmu         sync.Mutex // one write at a time; guards what follows
	bufs        [][]byte
	iov         [][]byte
	rawN        int
	rawErr      error
	rest        [][]byte // what a writer of the pool left for resume, the socket being full
	restClosing bool     // and whether it ends with a close frame
	wclosed     bool     // a close frame was written: nothing more is

	qmu       sync.Mutex // guards the write queue (wswrite.go)
	queue     []frame
	events    int  // subscription results in queue
	scheduled bool // a writer has the connection, or will
	closed    bool // a close frame was queued, or writing failed: nothing more is queued

	mu       sync.Mutex
	ctx      context.Context // the connection's, with the viewer once acked
	acked    bool
	inited   bool
	stopping bool // shutting down or revoked: no new operations
	done     bool // the connection has ended: no more keep-alives
	ops      map[string]*wsOp
	wg       sync.WaitGroup // running operations
	ticker   *time.Timer
}

// wsOp is one running operation.
type wsOp struct {
	cancel       context.CancelCauseFunc
	subscription bool
	stopped      bool // the client completed it: send nothing more
}

// message is a message of either protocol.
type message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// serve reads messages until the connection closes, then ends every
// operation and waits for them.
func (c *wsConn) serve() {
	defer func() {
		c.mu.Lock()
		c.done, c.stopping = true, true
		cancels := make([]context.CancelCauseFunc, 0, len(c.ops))
		for _, op := range c.ops {
			cancels = append(cancels, op.cancel)
		}
		if c.ticker != nil {
			c.ticker.Stop()
		}
		c.mu.Unlock()
		// Outside the lock: leaving a shared subscription takes it.
		for _, cancel := range cancels {
			cancel(context.Canceled)
		}
		c.wg.Wait()
		c.qmu.Lock()
		c.closed = true
		c.qmu.Unlock()
		c.ws.Close()
	}()
	c.ws.SetReadLimit(c.t.maxMessage)
	_ = c.ws.SetReadDeadline(time.Now().Add(c.t.initTimeout))
	c.ws.SetPongHandler(func(string) error { c.alive(); return nil })
	// gorilla's own handlers would answer through its writer; every write
	// goes through ours (wswrite.go).
	c.ws.SetPingHandler(func(data string) error {
		c.enqueue(frame{op: websocket.PongMessage, data: []byte(data)})
		return nil
	})
	c.ws.SetCloseHandler(func(code int, _ string) error {
		c.qmu.Lock()
		closed := c.closed
		c.closed = true
		c.qmu.Unlock()
		if !closed {
			c.writeNow(frame{close: code}) // 1005 (no status) is echoed as an empty close frame
		}
		return nil
	})
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var ne net.Error
			c.mu.Lock()
			inited := c.inited
			c.mu.Unlock()
			if errors.As(err, &ne) && ne.Timeout() && !inited {
				// Written at once, not queued: the connection ends here.
				c.qmu.Lock()
				closed := c.closed
				c.closed = true
				c.qmu.Unlock()
				if !closed {
					c.writeNow(frame{close: closeInitTimeout, data: []byte("Connection initialisation timeout")})
				}
			}
			return
		}
		if c.isClosed() {
			continue // waiting for the client's close frame
		}
		c.alive()
		// Handled on a goroutine of its own, waited for: decoding and
		// signing in grow a stack, and the reading goroutine, which
		// lives as long as the connection, keeps a shallow one.
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() {
				if v := recover(); v != nil {
					c.t.logger.ErrorContext(c.reqCtx, "panic in websocket message", "panic", v, "request_id", RequestID(c.reqCtx))
					_ = c.ws.Close()
				}
			}()
			var m message
			if err := json.Unmarshal(data, &m); err != nil || m.Type == "" {
				c.closeWith(closeBadRequest, "Invalid message received: not a JSON message with a type")
				return
			}
			c.handle(&m)
		}()
		<-done
	}
}

// revoked closes the connection when its context was cancelled with an
// UNAUTHENTICATED or FORBIDDEN cause (the viewer's access was withdrawn).
func (c *wsConn) revoked() {
	c.mu.Lock()
	ctx := c.ctx
	err := context.Cause(ctx)
	if stream.Revoked(err) {
		c.stopping = true
	}
	c.mu.Unlock()
	if stream.Revoked(err) {
		c.wg.Wait() // the operations send their errors first
		c.closeWith(closeForbidden, reason("Forbidden: "+err.Error()))
	}
}

// alive pushes the read deadline on: the client answered or spoke.
func (c *wsConn) alive() {
	c.mu.Lock()
	inited := c.inited
	c.mu.Unlock()
	switch {
	case !inited, c.isClosed():
	case c.t.keepAlive > 0:
		_ = c.ws.SetReadDeadline(time.Now().Add(3 * c.t.keepAlive))
	default:
		_ = c.ws.SetReadDeadline(time.Time{})
	}
}

func (c *wsConn) handle(m *message) {
	switch m.Type {
	case "connection_init":
		c.connectionInit(m)
	case "ping":
		if !c.legacy {
			c.send(&message{Type: "pong", Payload: m.Payload})
		}
	case "pong":
	case "subscribe", "start":
		if (m.Type == "start") != c.legacy {
			c.closeWith(closeBadRequest, "Invalid message received: unknown type "+reason(m.Type))
			return
		}
		c.start(m)
	case "complete", "stop":
		c.mu.Lock()
		op := c.ops[m.ID]
		if op != nil {
			op.stopped = true
		}
		c.mu.Unlock()
		if op != nil {
			op.cancel(context.Canceled)
		}
	case "connection_terminate":
		c.closeWith(closeNormal, "terminated")
	default:
		c.closeWith(closeBadRequest, "Invalid message received: unknown type "+reason(m.Type))
	}
}

func (c *wsConn) connectionInit(m *message) {
	c.mu.Lock()
	again := c.inited
	c.inited = true
	c.mu.Unlock()
	if again {
		c.closeWith(closeTooManyInits, "Too many initialisation requests")
		return
	}
	payload := transport.InitPayload{}
	if len(m.Payload) > 0 && string(m.Payload) != "null" {
		if err := json.Unmarshal(m.Payload, &payload); err != nil {
			c.closeWith(closeBadRequest, "Invalid message received: the connection_init payload must be an object")
			return
		}
	}
	ctx := c.reqCtx
	if c.t.init != nil {
		var err error
		if ctx, _, err = c.t.init(c.reqCtx, payload); err != nil {
			if c.legacy {
				b, _ := json.Marshal(map[string]any{"message": err.Error(), "extensions": map[string]any{"code": string(apperr.Unauthenticated)}})
				c.send(&message{Type: "connection_error", Payload: b})
			}
			c.closeWith(closeForbidden, reason("Forbidden: "+err.Error()))
			return
		}
	}
	c.mu.Lock()
	c.ctx, c.acked = ctx, true
	c.mu.Unlock()
	c.send(&message{Type: "connection_ack"})
	if c.legacy {
		c.send(&message{Type: "ka"})
	}
	c.alive()
	if c.t.keepAlive > 0 {
		c.mu.Lock()
		c.ticker = time.AfterFunc(c.t.keepAlive, c.keepAliveTick)
		c.mu.Unlock()
	}
	// The connection ends when the context the init function returned is
	// cancelled with a revoking cause.
	context.AfterFunc(ctx, c.revoked)
}

// keepAliveTick sends the protocol's keep-alive (ping or ka) and a
// websocket ping frame, whose pong keeps the read deadline moving.
func (c *wsConn) keepAliveTick() {
	if c.isClosed() {
		return
	}
	if c.legacy {
		c.send(&message{Type: "ka"})
	} else {
		c.send(&message{Type: "ping"})
	}
	c.enqueue(frame{op: websocket.PingMessage})
	c.mu.Lock()
	if c.ticker != nil && !c.done {
		c.ticker.Reset(c.t.keepAlive)
	}
	c.mu.Unlock()
}

// start begins an operation.
func (c *wsConn) start(m *message) {
	c.mu.Lock()
	acked, stopping, ctx := c.acked, c.stopping, c.ctx
	_, dup := c.ops[m.ID]
	running := len(c.ops)
	c.mu.Unlock()
	switch {
	case !acked:
		c.closeWith(closeUnauthorized, "Unauthorized")
		return
	case m.ID == "":
		c.closeWith(closeBadRequest, "Invalid message received: an operation needs an id")
		return
	case dup && !c.legacy:
		c.closeWith(closeDuplicateID, reason("Subscriber for "+m.ID+" already exists"))
		return
	case dup:
		c.sendErrors(m.ID, gqlerror.List{codedError(apperr.Invalid("id", "an operation with id %q is already running", m.ID))})
		return
	case stopping:
		c.sendErrors(m.ID, gqlerror.List{{Message: "this connection is closing (the server is shutting down, or its access was withdrawn): open a new one", Extensions: map[string]any{"code": string(apperr.Unavailable)}}})
		return
	case running >= c.t.maxOps:
		c.t.refused("websocket_operations")
		c.sendErrors(m.ID, gqlerror.List{{
			Message:    fmt.Sprintf("this connection already runs %d operations, the most it may: complete one first or open another connection", c.t.maxOps),
			Extensions: map[string]any{"code": string(apperr.RateLimited)},
		}})
		return
	}
	var params graphql.RawParams
	if err := decodeNumbers(m.Payload, &params); err != nil || params.Query == "" && params.Extensions["persistedQuery"] == nil {
		c.closeWith(closeBadRequest, "Invalid message received: the payload must hold a query")
		return
	}
	params.Headers = c.headers
	opCtx, cancel := context.WithCancelCause(ctx)
	op := &wsOp{cancel: cancel}
	// Registering and counting the operation happen under the lock that
	// shutdown and revocation take before they wait for the operations.
	c.mu.Lock()
	if c.stopping {
		c.mu.Unlock()
		cancel(nil)
		c.sendErrors(m.ID, gqlerror.List{{Message: "this connection is closing (the server is shutting down, or its access was withdrawn): open a new one", Extensions: map[string]any{"code": string(apperr.Unavailable)}}})
		return
	}
	c.ops[m.ID] = op
	c.wg.Add(1)
	c.mu.Unlock()
	go c.run(opCtx, m.ID, op, &params)
}

// run executes one operation and sends its results and its end.
func (c *wsConn) run(ctx context.Context, id string, op *wsOp, params *graphql.RawParams) {
	joined := false
	opCancel := op.cancel
	defer func() {
		if !joined {
			opCancel(nil)
			c.wg.Done()
		}
	}()
	final := func() (stopped bool) {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.ops, id)
		return op.stopped
	}
	defer func() {
		if v := recover(); v != nil {
			c.t.logger.ErrorContext(ctx, "panic in websocket operation", "panic", v, "request_id", RequestID(ctx))
			final()
			c.sendErrors(id, gqlerror.List{{Message: "internal error; the request id is " + RequestID(ctx), Extensions: map[string]any{"code": string(apperr.Internal)}}})
		}
	}()
	ctx = graphql.StartOperationTrace(ctx)
	rc, errs := c.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := c.exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		if !final() {
			c.sendErrors(id, resp.Errors)
		}
		return
	}
	sub := rc.Operation.Operation == ast.Subscription
	c.mu.Lock()
	op.subscription = sub
	stopping := c.stopping
	c.mu.Unlock()
	if sub && stopping {
		op.cancel(errShutdown)
	}
	if sub && c.t.fanout.join(c, id, op, ctx, rc, params) {
		joined = true // the group ends the operation
		return
	}
	ctx, cancel := operationContext(ctx, rc.Operation, c.t.timeout)
	defer cancel()
	ctx, end := stream.NewContext(ctx)
	if sub {
		ctx = feed.WithReader(ctx, &feed.Reader{Transport: "websocket"})
	}
	responses, rctx := c.exec.DispatchOperation(ctx, rc)
	for {
		resp := responses(rctx)
		if resp == nil {
			break
		}
		b, err := encodeResult(resp)
		if err != nil {
			break
		}
		c.mu.Lock()
		stopped := op.stopped
		c.mu.Unlock()
		if stopped {
			break
		}
		if c.legacy {
			c.send(&message{ID: id, Type: "data", Payload: b})
		} else {
			c.send(&message{ID: id, Type: "next", Payload: b})
		}
		if !sub {
			break
		}
	}
	if final() {
		return
	}
	if err := end.Err(ctx); err != nil {
		resp := c.exec.DispatchError(graphql.WithOperationContext(ctx, rc), gqlerror.List{{Message: err.Error(), Err: err, Path: rootPath(rc)}})
		c.sendErrors(id, resp.Errors)
		if stream.Revoked(err) {
			go c.closeWith(closeForbidden, reason("Forbidden: "+apperrMessage(err)))
		}
		return
	}
	c.send(&message{ID: id, Type: "complete"})
}

// rootPath is the path of an operation's first root field, where the error
// that ends a subscription belongs.
func rootPath(rc *graphql.OperationContext) ast.Path {
	for _, sel := range rc.Operation.SelectionSet {
		if f, ok := sel.(*ast.Field); ok {
			name := f.Alias
			if name == "" {
				name = f.Name
			}
			return ast.Path{ast.PathName(name)}
		}
	}
	return nil
}

func apperrMessage(err error) string {
	if e, ok := apperr.As(err); ok {
		return e.Message
	}
	return err.Error()
}

// shutdown completes every subscription, waits for the running queries and
// mutations, then closes with 1012 (service restart).
func (c *wsConn) shutdown() {
	c.mu.Lock()
	c.stopping = true
	var cancels []context.CancelCauseFunc
	for _, op := range c.ops {
		if op.subscription {
			cancels = append(cancels, op.cancel)
		}
	}
	c.mu.Unlock()
	for _, cancel := range cancels {
		cancel(errShutdown)
	}
	c.wg.Wait()
	c.closeWith(closeServiceRestart, "service restart")
}

func (c *wsConn) sendErrors(id string, errs gqlerror.List) {
	b, err := json.Marshal(capErrors(errs, maxErrors, maxErrorMessage))
	if err != nil {
		return
	}
	c.send(&message{ID: id, Type: "error", Payload: b})
}

// send queues one message, unless the connection is closing.
func (c *wsConn) send(m *message) {
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	c.enqueue(frame{data: b})
}

func (c *wsConn) isClosed() bool {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	return c.closed
}

// closeWith queues a close frame after what is already queued; nothing is
// queued after it. Once it is written, the client has a moment to answer
// with its own before the reading loop gives up.
func (c *wsConn) closeWith(code int, why string) {
	c.enqueue(frame{close: code, data: []byte(why)})
}

// drain reads until the client closes or the close handshake expires.
func (c *wsConn) drain() {
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			c.ws.Close()
			return
		}
	}
}

// reason fits a close reason into the 123 bytes a close frame allows.
func reason(s string) string {
	if len(s) <= 120 {
		return s
	}
	cut := 120
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut]
}

// decodeNumbers decodes JSON keeping numbers exact (json.Number).
func decodeNumbers(b []byte, dst any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	return dec.Decode(dst)
}
