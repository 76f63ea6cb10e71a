package complaintdesk

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"simasn/internal/apperr"
	"simasn/internal/request"
)

// Default limit on public submissions per client address.
const (
	// DefaultSubmitsPerMinute is the steady rate of public submissions a
	// client address may make.
	DefaultSubmitsPerMinute = 5
	// DefaultSubmitBurst is how many a client address may make at once.
	DefaultSubmitBurst = 5
)

// maxClients bounds the limiter's memory under a flood of addresses.
const maxClients = 100_000

// SubmitLimiter limits public submissions per client address with a token
// bucket each. It reads time from the caller, so a test clock moves it. It
// is safe for concurrent use.
type SubmitLimiter struct {
	mu        sync.Mutex
	perMinute int
	burst     int
	clients   map[string]*rate.Limiter
}

// NewSubmitLimiter allows perMinute submissions a minute per client
// address, burst of them at once.
func NewSubmitLimiter(perMinute, burst int) *SubmitLimiter {
	return &SubmitLimiter{perMinute: perMinute, burst: burst, clients: map[string]*rate.Limiter{}}
}

// Allow reports whether client may submit at now, and if not, how long to
// wait. A refused attempt uses up nothing.
func (l *SubmitLimiter) Allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[client]
	if b == nil {
		if len(l.clients) >= maxClients {
			l.clients = map[string]*rate.Limiter{}
		}
		b = rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.burst)
		l.clients[client] = b
	}
	r := b.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Minute
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

var limiter atomic.Pointer[SubmitLimiter]

func init() { limiter.Store(NewSubmitLimiter(DefaultSubmitsPerMinute, DefaultSubmitBurst)) }

// SubmitLimit returns the limiter of public submissions the API uses: by
// default DefaultSubmitsPerMinute a minute, DefaultSubmitBurst at once,
// per client address; nil when the limit was lifted (SetSubmitLimiter).
func SubmitLimit() *SubmitLimiter { return limiter.Load() }

// SetSubmitLimiter sets the limiter SubmitLimit returns and returns the
// one it replaces; nil lifts the limit.
func SetSubmitLimiter(l *SubmitLimiter) (previous *SubmitLimiter) { return limiter.Swap(l) }

// check returns RATE_LIMITED, with when to retry, when the client of ctx
// has used up its submissions; a nil limiter allows everything.
func (l *SubmitLimiter) check(ctx context.Context, now time.Time) error {
	if l == nil {
		return nil
	}
	if ok, wait := l.Allow(request.ClientAddr(ctx), now); !ok {
		return &apperr.Error{
			Code:       apperr.RateLimited,
			Message:    fmt.Sprintf("too many complaints from your address; try again in %d seconds", int(math.Ceil(wait.Seconds()))),
			RetryAfter: wait,
		}
	}
	return nil
}
