package server

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/feed"
	"simasn/internal/stream"
)

// sseTransport serves an operation as server-sent events (POST with
// Accept: text/event-stream, the "distinct connections" mode of
// graphql-sse): each result is an event "next", the end an event
// "complete". A request it cannot read or a document that does not
// validate is answered at once with a JSON error response (400, 413, 415).
// A query or mutation runs within the request timeout; a subscription runs
// until the client leaves, the server stops (the stream completes) or it
// ends with an error — then the error goes out as a last "next" event
// holding only errors, before "complete".
type sseTransport struct {
	timeout   time.Duration
	keepAlive time.Duration
	streams   *streams
}

var _ graphql.Transport = sseTransport{}

// Supports implements graphql.Transport.
func (sseTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return false
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == mediaJSON
}

// Do implements graphql.Transport.
func (t sseTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	params, fail := readParams(r)
	if fail != nil {
		writeFailure(w, mediaJSON, fail)
		return
	}
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		writeResponse(w, mediaJSON, http.StatusBadRequest, &result{Errors: capErrors(resp.Errors, maxErrors, maxErrorMessage)})
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeFailure(w, mediaJSON, &failure{http.StatusInternalServerError, "this connection cannot stream events"})
		return
	}
	ctx, cancel := operationContext(ctx, rc.Operation, t.timeout)
	defer cancel()
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	ctx, end := stream.NewContext(ctx)
	ctx = feed.WithReader(ctx, &feed.Reader{Transport: "sse"})
	key := new(int)
	// Shutting down completes a subscription; a query or mutation answers.
	shutdown := func() {}
	if rc.Operation.Operation == ast.Subscription {
		shutdown = func() { stop(errShutdown) }
	}
	if !t.streams.add(key, shutdown) {
		writeFailure(w, mediaJSON, &failure{http.StatusServiceUnavailable, "the server is shutting down; try again shortly"})
		return
	}
	defer t.streams.remove(key)

	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var mu sync.Mutex
	finished := false // no write after the complete event
	send := func(event string, data []byte) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data)
		flusher.Flush()
		finished = event == "complete"
	}
	mu.Lock()
	fmt.Fprint(w, ":\n\n")
	flusher.Flush()
	mu.Unlock()
	var ping *time.Timer
	if t.keepAlive > 0 {
		ping = time.AfterFunc(t.keepAlive, func() {
			mu.Lock()
			defer mu.Unlock()
			if finished {
				return
			}
			fmt.Fprint(w, ":\n\n")
			flusher.Flush()
			ping.Reset(t.keepAlive)
		})
		defer ping.Stop()
	}

	responses, rctx := exec.DispatchOperation(ctx, rc)
	for {
		resp := responses(rctx)
		if resp == nil {
			break
		}
		b, err := encodeResult(resp)
		if err != nil {
			break
		}
		send("next", b)
		if rc.Operation.Operation != ast.Subscription {
			break
		}
	}
	if err := end.Err(ctx); err != nil {
		last := exec.DispatchError(graphql.WithOperationContext(ctx, rc), gqlerror.List{{Message: err.Error(), Err: err}})
		b, _ := json.Marshal(&result{Errors: last.Errors})
		send("next", b)
	}
	send("complete", nil)
}
