package auth

import (
	"context"
	"sync"
	"time"

	"simasn/ent"
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
//     cache, so an entry lives at most ttl (by default a second, the
//     bound the revocation watcher gives open subscriptions).
type viewerCache struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.RWMutex
	m   map[int]cachedViewer
	gen uint64 // raised by every invalidation
}

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
	c.m[v.AccountID] = cachedViewer{v: v, expires: c.now().Add(c.ttl)}
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
