package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/apperr"
	"simasn/internal/feed"
	"simasn/internal/stream"
	"simasn/internal/viewer"
)

// fanout runs each distinct websocket subscription once: subscribers whose
// operation (document, operation name, variables) and viewer are the same
// join one group, whose single execution resolves and encodes every event
// once; the encoded result is framed once per message id and protocol and
// queued to each member's connection. The cost of an event grows with the
// number of distinct operations, not of subscribers, and a subscriber costs
// no goroutine.
//
// The viewer stands for the visibility class: two subscribers share a
// group only when every field of their viewers (account, role, scope, token
// version) is equal, so a shared result is one that each of them would have
// received alone. A group whose root field is given an after cursor replays
// the log first; it takes new members only until it has sent its first
// result (a later member would miss the replay). Other groups take members
// for as long as they run: a member receives the events published after it
// joined, as a subscription of its own would.
type fanout struct {
	writers *writePool
	logger  *slog.Logger

	mu     sync.Mutex
	groups map[string]*group
}

// group is one running subscription and the subscribers it serves.
type group struct {
	f      *fanout
	key    string
	exec   graphql.GraphExecutor
	rc     *graphql.OperationContext
	ctx    context.Context
	cancel context.CancelFunc
	end    *stream.End
	replay bool
	reader *feed.Reader

	mu      sync.Mutex
	members map[*member]struct{}
	emitted bool // a result went out
	ended   bool // no new members
}

// member is one subscriber of a group: an operation on a connection.
type member struct {
	c    *wsConn
	id   string
	op   *wsOp
	done context.CancelCauseFunc // the operation's own context
}

// groupKey is what subscribers must share to share a group.
func groupKey(rc *graphql.OperationContext, params *graphql.RawParams, v *viewer.Viewer) (string, error) {
	vars, err := json.Marshal(params.Variables) // map keys come out sorted
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%q|%s|%d|%q|%d|%d|%t\x00", v.AccountID, v.Username, v.Role, v.UnitID, v.UnitPath, v.EmployeeID, v.TokenVersion, v.IsSystem())
	b.WriteString(rc.OperationName)
	b.WriteByte(0)
	b.Write(vars)
	b.WriteByte(0)
	b.WriteString(rc.RawQuery)
	return b.String(), nil
}

// replays reports whether the operation's root field is given an after
// cursor.
func replays(rc *graphql.OperationContext) bool {
	for _, sel := range rc.Operation.SelectionSet {
		if f, ok := sel.(*ast.Field); ok {
			if v, ok := f.ArgumentMap(rc.Variables)["after"]; ok && v != nil {
				return true
			}
		}
	}
	return false
}

// join makes operation id of c a member of the group of its operation,
// starting the group when there is none to join. It reports false when the
// operation was stopped meanwhile (the caller ends it as usual); once it
// reports true, the member is ended by the group and the connection's wait
// group is released then.
func (f *fanout) join(c *wsConn, id string, op *wsOp, ctx context.Context, rc *graphql.OperationContext, params *graphql.RawParams) bool {
	v := viewer.FromContext(ctx)
	key, err := groupKey(rc, params, v)
	if err != nil {
		return false
	}
	m := &member{c: c, id: id, op: op}
	c.mu.Lock()
	if ctx.Err() != nil || op.stopped {
		c.mu.Unlock()
		return false
	}
	m.done = op.cancel
	c.mu.Unlock()

	f.mu.Lock()
	g := f.groups[key]
	if g != nil {
		g.mu.Lock()
		ok := !g.ended && !(g.replay && g.emitted)
		if ok {
			g.add(m)
		}
		g.mu.Unlock()
		if ok {
			f.mu.Unlock()
			c.setLeave(ctx, op, m, g)
			return true
		}
	}
	// A group of its own, living apart from the connection that started it.
	gctx, end := stream.NewContext(context.WithoutCancel(ctx))
	g = &group{f: f, key: key, exec: c.exec, rc: rc, end: end, replay: replays(rc),
		reader: &feed.Reader{Transport: "websocket"}, members: map[*member]struct{}{}}
	g.reader.Lag = g.lag
	gctx = feed.WithReader(gctx, g.reader)
	g.ctx, g.cancel = context.WithCancel(gctx)
	g.add(m)
	f.groups[key] = g
	f.mu.Unlock()
	c.setLeave(ctx, op, m, g)
	go g.run()
	return true
}

// setLeave makes cancelling the operation (the client's complete, shutdown,
// the connection's end) take the member out of its group. ctx is the
// operation's context: cancelled before, it is left at once.
func (c *wsConn) setLeave(ctx context.Context, op *wsOp, m *member, g *group) {
	c.mu.Lock()
	op.subscription = true
	op.cancel = func(cause error) { g.leave(m, cause) }
	stopped := op.stopped || c.done
	c.mu.Unlock()
	switch {
	case ctx.Err() != nil:
		g.leave(m, context.Cause(ctx))
	case stopped:
		g.leave(m, context.Canceled)
	}
}

// add adds m; g.mu is held.
func (g *group) add(m *member) {
	g.members[m] = struct{}{}
	g.reader.Members.Add(1)
}

// lag returns the most results one member has waiting.
func (g *group) lag() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for m := range g.members {
		n = max(n, m.c.pending())
	}
	return n
}

// leave takes m out of the group and ends it: a shutdown completes it, a
// coded cause sends that error, anything else (the client completed it, the
// connection ended) sends nothing. The last member out stops the group.
func (g *group) leave(m *member, cause error) {
	g.mu.Lock()
	_, ok := g.members[m]
	if ok {
		delete(g.members, m)
		g.reader.Members.Add(-1)
	}
	last := ok && len(g.members) == 0 && !g.ended
	if last {
		g.ended = true
	}
	g.mu.Unlock()
	if !ok {
		return
	}
	if last {
		g.forget()
		g.cancel()
	}
	var err error
	if _, coded := apperr.As(cause); coded {
		err = cause
	}
	g.finish(m, err, cause == errShutdown || err != nil)
}

// forget removes the group from the registry, unless another took its key.
func (g *group) forget() {
	g.f.mu.Lock()
	if g.f.groups[g.key] == g {
		delete(g.f.groups, g.key)
	}
	g.f.mu.Unlock()
}

// run executes the operation once and hands each result to every member.
func (g *group) run() {
	defer g.cancel()
	defer func() {
		if v := recover(); v != nil {
			g.f.logger.ErrorContext(g.ctx, "panic in websocket subscription", "panic", v, "request_id", RequestID(g.ctx))
			g.members0(&apperr.Error{Code: apperr.Internal, Message: "internal error; the request id is " + RequestID(g.ctx)})
		}
	}()
	responses, rctx := g.exec.DispatchOperation(g.ctx, g.rc)
	for {
		resp := responses(rctx)
		if resp == nil {
			break
		}
		b, err := encodeResult(resp)
		if err != nil {
			break
		}
		g.broadcast(b)
	}
	g.members0(g.end.Err(g.ctx))
}

// members0 ends the group: no new members, and every member ends with err
// (or completes when err is nil).
func (g *group) members0(err error) {
	g.forget()
	g.mu.Lock()
	g.ended = true
	ms := make([]*member, 0, len(g.members))
	for m := range g.members {
		ms = append(ms, m)
	}
	clear(g.members)
	g.reader.Members.Store(0)
	g.mu.Unlock()
	for _, m := range ms {
		g.finish(m, err, true)
	}
}

// frameKey is what a shared frame depends on besides the result.
type frameKey struct {
	legacy bool
	id     string
}

// broadcast queues one encoded result to every member, framed once per
// message id and protocol. A member whose connection already has
// maxQueuedEvents results waiting is ended (SLOW_SUBSCRIBER).
func (g *group) broadcast(payload []byte) {
	frames := map[frameKey][]byte{}
	var wake []*wsConn
	var slow []*member
	var lastKey frameKey // members mostly share one key: no map lookup for them
	var lastWire []byte
	g.mu.Lock()
	g.emitted = true
	for m := range g.members {
		k := frameKey{m.c.legacy, m.id}
		wire := lastWire
		if wire == nil || k != lastKey {
			wire = frames[k]
		}
		if wire == nil {
			typ := "next"
			if k.legacy {
				typ = "data"
			}
			b, err := json.Marshal(&message{ID: k.id, Type: typ, Payload: payload})
			if err != nil {
				continue
			}
			wire = wireFrame(websocket.TextMessage, b)
			frames[k] = wire
		}
		lastKey, lastWire = k, wire
		queued, full, w := m.c.push(frame{wire: wire, event: true})
		switch {
		case full:
			slow = append(slow, m)
		case queued && w:
			wake = append(wake, m.c)
		}
	}
	for _, m := range slow {
		delete(g.members, m)
		g.reader.Members.Add(-1)
		g.reader.Slow.Add(1)
	}
	last := len(slow) > 0 && len(g.members) == 0 && !g.ended
	if last {
		g.ended = true
	}
	g.mu.Unlock()
	g.f.writers.schedule(wake...)
	if len(slow) == 0 {
		return
	}
	if last {
		g.forget()
		g.cancel()
	}
	err := &apperr.Error{Code: apperr.SlowSubscriber, Message: "subscription ended: more than " + strconv.Itoa(maxQueuedEvents) +
		" results were waiting to be written to this connection; subscribe again with after set to the cursor of the last event processed to receive the rest"}
	for _, m := range slow {
		g.finish(m, err, true)
	}
}

// finish ends a member taken out of the group: unless the client completed
// it or the connection ended, it sends err (closing the socket with 4403
// when err revokes the viewer's access) or, with report set and no error,
// complete. It releases the connection's wait group.
func (g *group) finish(m *member, err error, report bool) {
	c := m.c
	c.mu.Lock()
	if c.ops[m.id] == m.op {
		delete(c.ops, m.id)
	}
	quiet := m.op.stopped || c.done
	c.mu.Unlock()
	m.done(nil)
	defer c.wg.Done()
	switch {
	case quiet || !report:
	case err != nil:
		resp := g.exec.DispatchError(graphql.WithOperationContext(g.ctx, g.rc), gqlerror.List{{Message: err.Error(), Err: err, Path: rootPath(g.rc)}})
		c.sendErrors(m.id, resp.Errors)
		if stream.Revoked(err) {
			c.closeWith(closeForbidden, reason("Forbidden: "+apperrMessage(err)))
		}
	default:
		c.send(&message{ID: m.id, Type: "complete"})
	}
}
