// Package graph adapts GraphQL to SIMASN: the gqlgen-generated executable
// schema, the thin resolvers that call the workflows in internal/, and the
// error presenter that maps the apperr vocabulary to extensions.code.
package graph

import (
	"context"
	"time"

	"simasn/ent"
)

// Resolver is the dependency root of the GraphQL resolvers.
type Resolver struct {
	client *ent.Client
	now    func() time.Time
}

// NewResolver returns a resolver reading and writing through client. now
// is the clock (time.Now when nil).
func NewResolver(client *ent.Client, now func() time.Time) *Resolver {
	if now == nil {
		now = time.Now
	}
	return &Resolver{client: client, now: now}
}

// db returns the client to use: the transactional one that
// entgql.Transactioner put in the context for a mutation, else the root.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}
