package auth

import (
	"context"
	"sync"
	"time"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/internal/viewer"
)

// Revoked returns a channel that is closed once the viewer's sign-in is
// revoked — the account disabled or deleted, or its token version raised
// by a change of password, role or scope — so that long-lived work done
// for it, an open subscription, ends within about a second. The channel is
// never closed for the public or when ctx ends first; the watch ends with
// ctx.
//
// One watcher per Service checks every watched account in one query a
// second, however many subscriptions are open, and on every instance
// alike, since it reads the database.
func (s *Service) Revoked(ctx context.Context, v *viewer.Viewer) <-chan struct{} {
	if v.AccountID == 0 || v.IsSystem() {
		return nil
	}
	done := make(chan struct{})
	s.watch.add(ctx, v.AccountID, v.TokenVersion, func() { close(done) })
	return done
}

// OnRevoked calls fn, once, when the viewer's sign-in is revoked (see
// Revoked), from the watcher's goroutine: a subscription ends itself with
// no goroutine of its own waiting for it. It never calls fn for the public
// or once ctx has ended, and reports whether it watches at all.
func (s *Service) OnRevoked(ctx context.Context, v *viewer.Viewer, fn func()) bool {
	if v.AccountID == 0 || v.IsSystem() {
		return false
	}
	s.watch.add(ctx, v.AccountID, v.TokenVersion, fn)
	return true
}

// watcher polls the watched accounts.
type watcher struct {
	client *ent.Client
	every  time.Duration
	mu     sync.Mutex
	subs   map[int]map[*watch]struct{} // account id → watches
	run    bool
}

type watch struct {
	version int
	revoked func()
}

func newWatcher(c *ent.Client, every time.Duration) *watcher {
	return &watcher{client: c, every: every, subs: map[int]map[*watch]struct{}{}}
}

func (w *watcher) add(ctx context.Context, accountID, version int, revoked func()) {
	x := &watch{version: version, revoked: revoked}
	w.mu.Lock()
	if w.subs[accountID] == nil {
		w.subs[accountID] = map[*watch]struct{}{}
	}
	w.subs[accountID][x] = struct{}{}
	if !w.run {
		w.run = true
		go w.loop()
	}
	w.mu.Unlock()
	// No goroutine per watch: the watch leaves when ctx ends, or when
	// check closes it.
	context.AfterFunc(ctx, func() {
		w.mu.Lock()
		delete(w.subs[accountID], x)
		if len(w.subs[accountID]) == 0 {
			delete(w.subs, accountID)
		}
		w.mu.Unlock()
	})
}

// loop checks the watched accounts every tick while there are any, and
// stops when none is left.
func (w *watcher) loop() {
	t := time.NewTicker(w.every)
	defer t.Stop()
	for range t.C {
		w.mu.Lock()
		ids := make([]int, 0, len(w.subs))
		for id := range w.subs {
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			w.run = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		w.check(ids)
	}
}

func (w *watcher) check(ids []int) {
	ctx, cancel := context.WithTimeout(viewer.System(context.Background()), 5*time.Second)
	defer cancel()
	accs, err := w.client.Account.Query().Where(account.IDIn(ids...)).
		Select(account.FieldActive, account.FieldTokenVersion).All(ctx)
	if err != nil {
		return // the database is away: try again at the next tick
	}
	current := make(map[int]*ent.Account, len(accs))
	for _, a := range accs {
		current[a.ID] = a
	}
	var revoked []*watch
	w.mu.Lock()
	for _, id := range ids {
		a := current[id]
		for x := range w.subs[id] {
			if a == nil || !a.Active || a.TokenVersion != x.version {
				revoked = append(revoked, x)
				delete(w.subs[id], x)
			}
		}
		if len(w.subs[id]) == 0 {
			delete(w.subs, id)
		}
	}
	w.mu.Unlock()
	// Outside the lock: a callback may end a subscription, whose context
	// then leaves the watch.
	for _, x := range revoked {
		x.revoked()
	}
}
