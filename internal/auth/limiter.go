package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter slows down password guessing. Each client address has a token
// bucket of login attempts; each username gets an exponentially growing
// lock-out after repeated failures (1 s after the third, doubling up to
// 15 minutes), cleared by a successful login.
type Limiter struct {
	mu       sync.Mutex
	now      func() time.Time
	clients  map[string]*rate.Limiter
	accounts map[string]*backoff
	perMin   int
}

type backoff struct {
	failures int
	until    time.Time
}

// NewLimiter allows perMinute login attempts per client address.
func NewLimiter(perMinute int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, clients: map[string]*rate.Limiter{}, accounts: map[string]*backoff{}, perMin: perMinute}
}

// freeFailures is how many failures a username may have before lock-outs begin.
const freeFailures = 2

// maxLockout caps a username's lock-out.
const maxLockout = 15 * time.Minute

// Allow reports whether a login from client for username may proceed now,
// and if not, how long to wait.
func (l *Limiter) Allow(client, username string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if b := l.accounts[username]; b != nil && now.Before(b.until) {
		return false, b.until.Sub(now)
	}
	c := l.clients[client]
	if c == nil {
		if len(l.clients) > 100_000 {
			l.clients = map[string]*rate.Limiter{} // bound memory under a flood of addresses
		}
		c = rate.NewLimiter(rate.Limit(float64(l.perMin)/60), l.perMin)
		l.clients[client] = c
	}
	r := c.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Failure records a failed login for username.
func (l *Limiter) Failure(username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.accounts[username]
	if b == nil {
		if len(l.accounts) > 100_000 {
			l.accounts = map[string]*backoff{}
		}
		b = &backoff{}
		l.accounts[username] = b
	}
	b.failures++
	if n := b.failures - freeFailures; n > 0 {
		d := time.Second << min(n-1, 20)
		b.until = l.now().Add(min(d, maxLockout))
	}
}

// Success clears the failures of username.
func (l *Limiter) Success(username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.accounts, username)
}
