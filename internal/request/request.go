// Package request carries facts about the HTTP request being served in its
// context — its id and the client's address — so logs, error messages, the
// audit trail and the login limits can use them without depending on the
// HTTP layer.
package request

import "context"

type (
	idKey     struct{}
	clientKey struct{}
)

// WithID returns ctx carrying the request id.
func WithID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idKey{}, id)
}

// ID returns the request id of ctx, or "".
func ID(ctx context.Context) string {
	id, _ := ctx.Value(idKey{}).(string)
	return id
}

// WithClientAddr returns ctx carrying the client's address (IP, no port).
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// ClientAddr returns the client's address of ctx, or "".
func ClientAddr(ctx context.Context) string {
	a, _ := ctx.Value(clientKey{}).(string)
	return a
}
