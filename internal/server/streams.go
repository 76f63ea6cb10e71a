package server

import (
	"context"
	"errors"
	"sync"
)

// errShutdown cancels the subscriptions of a server that stops. It carries
// no code: the transports complete such a subscription cleanly instead of
// reporting an error, and close a websocket with 1012 (service restart).
var errShutdown = errors.New("the server is shutting down")

// streams keeps the open websockets and event streams of one handler, so
// that shutting down can end each of them cleanly.
type streams struct {
	mu       sync.Mutex
	stopping bool
	open     map[any]func() // each stream's shutdown
	empty    chan struct{}  // closed when stopping and nothing is open
}

func newStreams() *streams {
	return &streams{open: map[any]func(){}, empty: make(chan struct{})}
}

// add registers a stream with the function that shuts it down; it reports
// false when the server is already stopping.
func (s *streams) add(key any, shutdown func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.open[key] = shutdown
	return true
}

// remove forgets a stream that ended.
func (s *streams) remove(key any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.open, key)
	if s.stopping && len(s.open) == 0 {
		select {
		case <-s.empty:
		default:
			close(s.empty)
		}
	}
}

// shutdown refuses new streams, shuts down the open ones and waits until
// they have ended or ctx is done.
func (s *streams) shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	fns := make([]func(), 0, len(s.open))
	for _, fn := range s.open {
		fns = append(fns, fn)
	}
	if len(s.open) == 0 {
		select {
		case <-s.empty:
		default:
			close(s.empty)
		}
	}
	s.mu.Unlock()
	for _, fn := range fns {
		go fn()
	}
	select {
	case <-s.empty:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Count returns how many streams are open.
func (s *streams) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.open)
}
