package auth

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/hook"
	"simasn/internal/viewer"
)

// viewerCache remembers the viewer of each signed-in account, so that a
// request does not cost a query to sign in. An entry holds the viewer at
// the token version it was read at; a token of another version reads the
// account afresh.
//
// Entries go stale in three ways, each handled:
//   - the account changes (disabled, password, role, scope, link): the
//     Account hook drops the entry when the change is made and again when
//     its transaction commits, so no read racing the commit can keep the
//     old state;
//   - a unit moves, which rewrites the path of the scope of every account
//     under it: the Unit hook empties the cache the same way;
//   - another instance makes the change: its hooks cannot reach this
//     cache. On PostgreSQL every instance listens on ViewerChannel (see
//     Service.ListenForAccountChanges) and the hooks notify it in the
//     changing transaction, so the other instances drop the entries when
//     it commits; while an instance listens, its entries live listeningTTL.
//     Without a listener (SQLite, or the listener's connection lost) an
//     entry lives at most ttl (a second, the bound the revocation watcher
//     gives open subscriptions).
type viewerCache struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.RWMutex
	m   map[int]cachedViewer
	gen uint64 // raised by every invalidation

	// notify makes the hooks send ViewerChannel notifications (PostgreSQL);
	// listening is set while this instance receives them.
	notify    atomic.Bool
	listening atomic.Bool
}

// listeningTTL is how long an entry lives while the instance receives the
// other instances' notifications: they, not the expiry, keep it fresh.
const listeningTTL = 5 * time.Minute

type cachedViewer struct {
	v       *viewer.Viewer
	expires time.Time
}

// maxCachedViewers bounds the cache; when full it starts again empty.
const maxCachedViewers = 10_000

// newViewerCache returns a cache whose entries live ttl of real time (not
// the service's clock, which tests may stop).
func newViewerCache(ttl time.Duration) *viewerCache {
	return &viewerCache{ttl: ttl, now: time.Now, m: map[int]cachedViewer{}}
}

// get returns the cached viewer of the account at the token version, and
// the generation to pass to put when there is none.
func (c *viewerCache) get(id, version int) (*viewer.Viewer, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.m[id]
	if ok && e.v.TokenVersion == version && c.now().Before(e.expires) {
		return e.v, c.gen
	}
	return nil, c.gen
}

// put caches v unless an invalidation happened since gen was read: the
// account may have been read before the change that invalidated it.
func (c *viewerCache) put(v *viewer.Viewer, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.m) >= maxCachedViewers {
		c.m = map[int]cachedViewer{}
	}
	ttl := c.ttl
	if c.listening.Load() {
		ttl = listeningTTL
	}
	c.m[v.AccountID] = cachedViewer{v: v, expires: c.now().Add(ttl)}
}

// drop forgets the accounts with the given ids, or every account when
// ids is empty.
func (c *viewerCache) drop(ids ...int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if len(ids) == 0 {
		clear(c.m)
		return
	}
	for _, id := range ids {
		delete(c.m, id)
	}
}

// hooks installs on client the hooks that drop the entries a mutation
// makes stale, when it runs and when its transaction commits.
func (c *viewerCache) hooks(client *ent.Client) {
	client.Account.Use(func(next ent.Mutator) ent.Mutator {
		return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
			var ids []int
			if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
				if id, ok := m.ID(); ok {
					ids = []int{id}
				}
			}
			if m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m) // a new account has no cached viewer
			}
			c.drop(ids...) // an update or delete of many: all
			v, err := next.Mutate(ctx, m)
			if err == nil && !onlySignInTime(m) {
				if err := c.notifyOthers(ctx, m.Client(), ids); err != nil {
					return nil, err
				}
			}
			c.onCommit(m.Tx, ids)
			return v, err
		})
	})
	client.Unit.Use(func(next ent.Mutator) ent.Mutator {
		return hook.UnitFunc(func(ctx context.Context, m *ent.UnitMutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			c.drop()
			v, err := next.Mutate(ctx, m)
			if err == nil {
				if err := c.notifyOthers(ctx, m.Client(), nil); err != nil {
					return nil, err
				}
			}
			c.onCommit(m.Tx, nil)
			return v, err
		})
	})
}

// onCommit drops ids again when the mutation's transaction commits.
func (c *viewerCache) onCommit(tx func() (*ent.Tx, error), ids []int) {
	t, err := tx()
	if err != nil { // not in a transaction: the change is committed now
		c.drop(ids...)
		return
	}
	t.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			c.drop(ids...)
			return err
		})
	})
}

// onlySignInTime reports whether m changes nothing but the time of the
// last sign-in, which no viewer holds (every login writes it).
func onlySignInTime(m *ent.AccountMutation) bool {
	fields := m.Fields()
	return len(fields) == 1 && fields[0] == account.FieldLastLoginAt && len(m.ClearedFields()) == 0
}

// notifyOthers tells the other instances, through ViewerChannel, to drop
// the viewers of ids (all when ids is empty). c is the mutation's client:
// inside a transaction the notification is delivered when it commits, and
// not at all when it rolls back.
func (c *viewerCache) notifyOthers(ctx context.Context, client *ent.Client, ids []int) error {
	if !c.notify.Load() {
		return nil
	}
	if _, err := client.ExecContext(ctx, "SELECT pg_notify($1, $2)", ViewerChannel, viewerPayload(ids)); err != nil {
		return fmt.Errorf("notify the other instances of an account change: %w", err)
	}
	return nil
}

// viewerPayload is the notification of a change of the accounts ids: their
// ids separated by commas, or "*" for every account.
func viewerPayload(ids []int) string {
	if len(ids) == 0 {
		return "*"
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ",")
}

// dropPayload drops the viewers a notification names; anything it cannot
// read drops every viewer.
func (c *viewerCache) dropPayload(payload string) {
	if payload == "*" || payload == "" {
		c.drop()
		return
	}
	parts := strings.Split(payload, ",")
	ids := make([]int, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.Atoi(p)
		if err != nil {
			c.drop()
			return
		}
		ids = append(ids, id)
	}
	c.drop(ids...)
}
