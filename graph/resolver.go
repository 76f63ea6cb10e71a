// Package graph adapts GraphQL to SIMASN: the gqlgen-generated executable
// schema, the thin resolvers that call the workflows in internal/, and the
// error presenter that maps the apperr vocabulary to extensions.code.
package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"simasn/ent"
	"simasn/graph/model"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	"simasn/internal/attendance"
	"simasn/internal/auth"
	"simasn/internal/feed"
	"simasn/internal/viewer"
)

// Resolver is the dependency root of the GraphQL resolvers.
type Resolver struct {
	client  *ent.Client
	auth    *auth.Service
	hub     *feed.Hub
	surveys *analytics.SurveyDesk
	now     func() time.Time
}

// NewResolver returns a resolver reading and writing through client and
// signing callers in through authn. now is the clock (time.Now when nil).
func NewResolver(client *ent.Client, authn *auth.Service, hub *feed.Hub, now func() time.Time) *Resolver {
	if now == nil {
		now = time.Now
	}
	return &Resolver{client: client, auth: authn, hub: hub, now: now,
		surveys: analytics.NewSurveyDesk(analytics.DefaultSurveyEvery, analytics.DefaultSurveyBurst)}
}

// feedFilter converts the GraphQL filter of the complaint feed.
func feedFilter(f *model.ComplaintFeedFilter) feed.FeedFilter {
	if f == nil {
		return feed.FeedFilter{}
	}
	out := feed.FeedFilter{UnitIDs: f.UnitIDs, RegionIDs: f.RegionIDs}
	for _, c := range f.Categories {
		out.Categories = append(out.Categories, string(c))
	}
	for _, s := range f.Statuses {
		out.Statuses = append(out.Statuses, string(s))
	}
	return out
}

// me returns the signed-in account, or nil for the public.
func (r *Resolver) me(ctx context.Context) (*ent.Account, error) {
	v := viewer.FromContext(ctx)
	if v.AccountID == 0 {
		return nil, nil
	}
	return r.client.Account.Get(ctx, v.AccountID)
}

// db returns the client to use: the transactional one that
// entgql.Transactioner put in the context for a mutation, else the root.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}

// errRevoked ends the subscriptions of a viewer whose sign-in was revoked.
var errRevoked = &apperr.Error{Code: apperr.Unauthenticated,
	Message: "subscription ended: your sign-in was revoked (the account was disabled, or its password, role or scope changed); sign in again"}

// untilRevoked ends a subscription when the viewer's sign-in is revoked
// (auth.Service.OnRevoked): cancel cancels the subscription's context with
// errRevoked, and the feed ends the subscription with that error — through
// its transport (which sends it and closes with 4403, see package stream),
// else as its last event. No goroutine waits for it.
func (r *Resolver) untilRevoked(ctx context.Context, cancel context.CancelCauseFunc) {
	r.auth.OnRevoked(ctx, viewer.FromContext(ctx), func() { cancel(errRevoked) })
}

// measuresAsked is an aggregate's measures argument — or no measure at all
// when the caller left the measures to the defaults and does not read the
// values: the count alone is one pass over the records, without the sorts
// that medians and percentiles need.
func measuresAsked(ctx context.Context, ms []analytics.Measure) []analytics.Measure {
	if ms != nil {
		return ms
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == "values" {
			return nil
		}
	}
	return []analytics.Measure{}
}

// planTimes returns the reason a day is not worked, or the scheduled start
// and end of a working day.
func planTimes(p attendance.Plan) (reason *string, start, end *time.Time) {
	if !p.Working {
		r := p.Reason
		return &r, nil, nil
	}
	s, e := p.Start(), p.End()
	return nil, &s, &e
}
