package stream

import (
	"context"
	"errors"
	"sync"

	"simasn/internal/apperr"
)

type endKey struct{}

// End holds the reason one subscription ended, if any.
type End struct {
	mu  sync.Mutex
	err error
}

// NewContext returns ctx carrying a fresh End for one subscription; the
// transport reads it once the subscription's channel has closed.
func NewContext(ctx context.Context) (context.Context, *End) {
	e := &End{}
	return context.WithValue(ctx, endKey{}, e), e
}

// Fail records err as the reason the subscription of ctx ends (the first
// reason recorded wins) and reports whether a transport will deliver it.
// When it reports false, the caller delivers the error itself.
func Fail(ctx context.Context, err error) bool {
	e, ok := ctx.Value(endKey{}).(*End)
	if !ok || err == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err = err
	}
	return true
}

// Err returns why the subscription ended: the error recorded with Fail, else
// the cause with which ctx (the subscription's context) was cancelled when
// that cause is a coded error, else nil (the subscription simply completed).
func (e *End) Err(ctx context.Context) error {
	e.mu.Lock()
	err := e.err
	e.mu.Unlock()
	if err != nil {
		return err
	}
	if _, ok := apperr.As(context.Cause(ctx)); ok {
		return context.Cause(ctx)
	}
	return nil
}

// Revoked reports whether err ends the whole connection, not only one
// operation: the caller's credentials are no longer good (UNAUTHENTICATED)
// or their access was withdrawn (FORBIDDEN).
func Revoked(err error) bool {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code == apperr.Unauthenticated || e.Code == apperr.Forbidden
}
