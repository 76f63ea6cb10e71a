package server

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"simasn/ent"
	"simasn/internal/access"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	"simasn/internal/auth"
	"simasn/internal/request"
	"simasn/internal/store"
	"simasn/internal/viewer"
)

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string { return request.ID(ctx) }

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequestID gives every request an id: the caller's X-Request-ID when it
// is sane, else a fresh random one. It is echoed in the response header.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !validRequestID.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		ctx := request.WithID(r.Context(), id)
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		next.ServeHTTP(w, r.WithContext(request.WithClientAddr(ctx, host)))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

// WriteHeader records the status.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write records the bytes written.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush passes on flushes (server-sent events).
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack hands the connection to a websocket upgrade.
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("the response writer %T cannot be hijacked", s.ResponseWriter)
	}
	if s.status == 0 {
		s.status = http.StatusSwitchingProtocols
	}
	return h.Hijack()
}

// accessLog writes one structured line per request.
func accessLog(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			level = slog.LevelDebug
		}
		logger.Log(r.Context(), level, "request",
			"method", r.Method,
			"path", r.URL.Path,
			"status", rec.status,
			"bytes", rec.bytes,
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
			"remote", r.RemoteAddr,
			"request_id", RequestID(r.Context()),
		)
	})
}

// recoverPanics turns a panic outside the GraphQL executor into a 500 and a
// log line, instead of a dropped connection.
func recoverPanics(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger.ErrorContext(r.Context(), "panic", "panic", v, "request_id", RequestID(r.Context()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody caps the request body: a declared length over the limit is
// refused at once with 413, and a body that grows past it (chunked) makes
// the transport answer 413 when it reads it.
func limitBody(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeFailure(w, mediaJSON, &failure{http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", max)})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// streaming reports whether r opens a long-lived stream: a websocket
// upgrade or server-sent events.
func streaming(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") ||
		(r.Method == http.MethodPost && strings.Contains(r.Header.Get("Accept"), "text/event-stream"))
}

// timeout bounds the work on one request through its context, so database
// calls are cancelled when it runs out. Streams (websockets, server-sent
// events) live until the client leaves, and the server's write deadline is
// lifted for them; their queries and mutations get the same deadline from
// the transport, and every database statement they run, a subscription's
// included, is bounded by it (store.WithStatementTimeout).
func timeout(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if streaming(r) {
			rc := http.NewResponseController(w)
			_ = rc.SetWriteDeadline(time.Time{})
			_ = rc.SetReadDeadline(time.Time{})
			next.ServeHTTP(w, r.WithContext(store.WithStatementTimeout(r.Context(), d)))
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticate puts the caller's viewer in the context: the public (or the
// anonymous viewer, when one is set) without an Authorization header, the
// account of a valid bearer token, and a 401 UNAUTHENTICATED answer for a
// token that is malformed, tampered, expired or of a deactivated account.
func authenticate(next http.Handler, authn auth.Authenticator, anonymous *viewer.Viewer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if h != "" && (!ok || token == "") {
			unauthenticated(w, "the Authorization header must be \"Bearer <token>\"")
			return
		}
		ctx, err := withViewer(r.Context(), authn, anonymous, token)
		if err != nil {
			unauthenticated(w, err.Error())
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withViewer puts the viewer of a bearer token in ctx: the public (or the
// anonymous viewer, when one is set) without a token, the token's account
// with a valid one, and auth.ErrBadToken for any other. The HTTP and the
// websocket transports both sign callers in through it.
func withViewer(ctx context.Context, authn auth.Authenticator, anonymous *viewer.Viewer, token string) (context.Context, error) {
	if token == "" {
		if anonymous != nil {
			ctx = viewer.NewContext(ctx, anonymous)
		}
		return ctx, nil
	}
	v, err := authn.Authenticate(ctx, strings.TrimSpace(token))
	if err != nil {
		return nil, auth.ErrBadToken
	}
	return viewer.NewContext(ctx, v), nil
}

func unauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="simasn"`)
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": string(apperr.Unauthenticated)}}},
	})
}

// withPersonal gives each request its own access.Personal, which remembers
// the lookups it makes.
func withPersonal(next http.Handler, c *ent.Client, minGroupSize int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := access.NewContext(r.Context(), c)
		if minGroupSize > 0 {
			ctx = analytics.WithMinGroupSize(ctx, minGroupSize)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
