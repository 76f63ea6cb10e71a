package auth

import (
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter slows password guessing without handing anyone a way to lock
// the owner of an account out. Three limits judge each sign-in attempt:
//
//  1. Per client address, whatever the username: a token bucket of
//     perMinute attempts a minute. It slows one machine trying many
//     usernames.
//  2. Per (username, client address): PairFreeFailures failures are
//     free; each further one locks the pair out, for 1 s, then 2 s, 4 s …
//     up to MaxLockout. Only the failing client is slowed; a success from
//     the pair clears it.
//  3. Per username, from all addresses together: AccountFreeFailures
//     failures within AccountWindow are free; each further one guards the
//     username — an attempt from an address that has not signed in to the
//     account before waits out a back-off of 1 s, then 2 s, 4 s … up to
//     MaxLockout. The account's known addresses (the last KnownAddresses
//     that signed in successfully, within KnownFor) are not held by it,
//     so a distributed attack is slowed while the owner still signs in
//     from where they usually do.
//
// An address with a clean record of its own is not exempt from the
// username guard: every address of a botnet has a clean record on its
// first try, so the exemption would give each one a free guess. Client
// addresses are compared by IPv4 address and by IPv6 /64 prefix, the block
// one subscriber holds. Each lock-out is logged (Logger) with the username
// and the address, never the password.
type Limiter struct {
	// Logger receives a warning for each lock-out; slog.Default() when nil.
	Logger *slog.Logger

	mu       sync.Mutex
	now      func() time.Time
	perMin   int
	clients  map[string]*rate.Limiter
	pairs    map[pairKey]*backoff
	accounts map[string]*accountState
}

// The limits of a Limiter.
const (
	// PairFreeFailures is how many failures one address may have on one
	// username before its lock-outs begin.
	PairFreeFailures = 3
	// AccountFreeFailures is how many failures a username may have from
	// all addresses together, within AccountWindow, before it is guarded.
	AccountFreeFailures = 20
	// AccountWindow is how long a username's failures count: the count
	// starts again after a quiet window.
	AccountWindow = time.Hour
	// MaxLockout caps every lock-out.
	MaxLockout = 15 * time.Minute
	// KnownAddresses is how many addresses that signed in successfully an
	// account remembers.
	KnownAddresses = 8
	// KnownFor is how long such an address stays known.
	KnownFor = 90 * 24 * time.Hour
)

// maxEntries bounds each of the limiter's tables under a flood of
// addresses or usernames.
const maxEntries = 100_000

type pairKey struct{ username, addr string }

// backoff counts failures and holds the time a lock-out ends.
type backoff struct {
	failures int
	last     time.Time // the last failure
	until    time.Time
}

// fail counts a failure at now, forgetting failures older than window
// (when not zero), and starts a lock-out beyond free failures. It reports
// the lock-out's length, or 0 when there is none.
func (b *backoff) fail(now time.Time, free int, window time.Duration) time.Duration {
	if window > 0 && now.Sub(b.last) > window {
		b.failures = 0
	}
	b.failures++
	b.last = now
	n := b.failures - free
	if n <= 0 {
		return 0
	}
	d := min(time.Second<<min(n-1, 20), MaxLockout)
	b.until = now.Add(d)
	return d
}

// accountState is what the limiter knows of one username.
type accountState struct {
	backoff
	known map[string]time.Time // address → last successful sign-in
}

// NewLimiter allows perMinute login attempts per client address, on the
// clock now (time.Now when nil).
func NewLimiter(perMinute int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, perMin: perMinute, clients: map[string]*rate.Limiter{},
		pairs: map[pairKey]*backoff{}, accounts: map[string]*accountState{}}
}

// Allow reports whether a login from client for username may proceed now,
// and if not, how long to wait. A refused attempt uses up nothing.
func (l *Limiter) Allow(client, username string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, addr := l.now(), addrKey(client)
	if b := l.pairs[pairKey{username, addr}]; b != nil && now.Before(b.until) {
		return false, b.until.Sub(now)
	}
	if a := l.accounts[username]; a != nil && now.Before(a.until) && !a.knows(addr, now) {
		return false, a.until.Sub(now)
	}
	c := l.clients[addr]
	if c == nil {
		if len(l.clients) >= maxEntries {
			l.clients = map[string]*rate.Limiter{}
		}
		c = rate.NewLimiter(rate.Limit(float64(l.perMin)/60), l.perMin)
		l.clients[addr] = c
	}
	r := c.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Minute
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Failure records a failed login from client for username, and logs the
// lock-outs it starts.
func (l *Limiter) Failure(client, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, addr := l.now(), addrKey(client)
	key := pairKey{username, addr}
	p := l.pairs[key]
	if p == nil {
		if len(l.pairs) >= maxEntries {
			l.prunePairs(now)
		}
		p = &backoff{}
		l.pairs[key] = p
	}
	if d := p.fail(now, PairFreeFailures, AccountWindow); d > 0 {
		l.logger().Warn("sign-in locked out for this address",
			"username", username, "client", client, "failures", p.failures, "retry_after", d)
	}
	a := l.account(username, now)
	guarded := now.Before(a.until)
	if d := a.fail(now, AccountFreeFailures, AccountWindow); d > 0 && !guarded {
		l.logger().Warn("sign-in guarded for this username: addresses that never signed in to it must wait",
			"username", username, "client", client, "failures", a.failures, "retry_after", d)
	}
}

// Success records a successful login from client for username: the pair's
// failures are cleared and the address becomes known to the account. The
// username's own count stays: an attack on it goes on whether or not the
// owner signs in meanwhile.
func (l *Limiter) Success(client, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, addr := l.now(), addrKey(client)
	delete(l.pairs, pairKey{username, addr})
	a := l.account(username, now)
	if a.known == nil {
		a.known = map[string]time.Time{}
	}
	a.known[addr] = now
	for len(a.known) > KnownAddresses {
		oldest, at := "", now
		for k, t := range a.known {
			if !t.After(at) {
				oldest, at = k, t
			}
		}
		delete(a.known, oldest)
	}
}

// account returns the state of username, creating it.
func (l *Limiter) account(username string, now time.Time) *accountState {
	a := l.accounts[username]
	if a == nil {
		if len(l.accounts) >= maxEntries {
			l.pruneAccounts(now)
		}
		a = &accountState{}
		l.accounts[username] = a
	}
	return a
}

// knows reports whether addr signed in to the account within KnownFor.
func (a *accountState) knows(addr string, now time.Time) bool {
	t, ok := a.known[addr]
	return ok && now.Sub(t) <= KnownFor
}

// prunePairs drops the pairs without a recent failure, or all of them
// when that is not enough.
func (l *Limiter) prunePairs(now time.Time) {
	for k, b := range l.pairs {
		if now.After(b.until) && now.Sub(b.last) > AccountWindow {
			delete(l.pairs, k)
		}
	}
	if len(l.pairs) >= maxEntries {
		l.pairs = map[pairKey]*backoff{}
	}
}

// pruneAccounts drops the usernames that are neither guarded nor known to
// have signed in, or all of them when that is not enough.
func (l *Limiter) pruneAccounts(now time.Time) {
	for k, a := range l.accounts {
		if now.After(a.until) && len(a.known) == 0 {
			delete(l.accounts, k)
		}
	}
	if len(l.accounts) >= maxEntries {
		l.accounts = map[string]*accountState{}
	}
}

func (l *Limiter) logger() *slog.Logger {
	if l.Logger != nil {
		return l.Logger
	}
	return slog.Default()
}

// addrKey is the key of a client address: the IPv4 address, or the /64
// prefix of an IPv6 one; anything unparsable as it is.
func addrKey(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		return client
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return client
	}
	return p.String()
}
