// Package txn runs the transaction of a GraphQL mutation with callbacks
// before and after its commit: the audit trail writes itself before the
// commit, the complaint feed is woken after it.
package txn

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync"

	"simasn/ent"
)

type commitKey struct{}

// commitHooks are the callbacks of one transaction.
type commitHooks struct {
	mu     sync.Mutex
	before []func(context.Context, *ent.Client) error
	after  []func()
}

// BeforeCommit registers fn to run with the transaction's client just
// before the transaction of ctx commits; an error aborts the commit. It
// reports false when ctx has no such transaction (see TxOpener).
func BeforeCommit(ctx context.Context, fn func(context.Context, *ent.Client) error) bool {
	h, ok := ctx.Value(commitKey{}).(*commitHooks)
	if !ok {
		return false
	}
	h.mu.Lock()
	h.before = append(h.before, fn)
	h.mu.Unlock()
	return true
}

// AfterCommit registers fn to run once the transaction of ctx has
// committed; it is dropped if the transaction rolls back. Without such a
// transaction in ctx, fn runs at once.
func AfterCommit(ctx context.Context, fn func()) {
	h, ok := ctx.Value(commitKey{}).(*commitHooks)
	if !ok {
		fn()
		return
	}
	h.mu.Lock()
	h.after = append(h.after, fn)
	h.mu.Unlock()
}

// TxOpener opens the transaction of a GraphQL mutation (for
// entgql.Transactioner) with room for BeforeCommit and AfterCommit
// callbacks: the audit trail writes itself before the commit, the
// complaint feed wakes up after it.
type TxOpener struct{ Client *ent.Client }

// OpenTx implements entgql.TxOpener.
func (o TxOpener) OpenTx(ctx context.Context) (context.Context, driver.Tx, error) {
	h := &commitHooks{}
	txCtx, tx, err := o.Client.OpenTx(context.WithValue(ctx, commitKey{}, h))
	if err != nil {
		return nil, nil, err
	}
	return txCtx, &hookedTx{Tx: tx, ctx: txCtx, hooks: h}, nil
}

type hookedTx struct {
	driver.Tx
	ctx   context.Context
	hooks *commitHooks
}

// Commit runs the before-commit callbacks, commits, then runs the
// after-commit callbacks. A failing callback rolls everything back.
func (t *hookedTx) Commit() error {
	t.hooks.mu.Lock()
	before := t.hooks.before
	t.hooks.mu.Unlock()
	c := ent.FromContext(t.ctx)
	for _, fn := range before {
		if err := fn(t.ctx, c); err != nil {
			_ = t.Tx.Rollback()
			return fmt.Errorf("before commit: %w", err)
		}
	}
	if err := t.Tx.Commit(); err != nil {
		return err
	}
	t.hooks.mu.Lock()
	after := t.hooks.after
	t.hooks.mu.Unlock()
	for _, fn := range after {
		fn()
	}
	return nil
}
