package analytics

import (
	"context"

	"simasn/ent/predicate"
	"simasn/internal/apperr"
	"simasn/internal/orgtree"
	"simasn/internal/viewer"
)

// authorize lets analysts, admins, HR officers and leaders ask for
// aggregates; employees and the public are refused with FORBIDDEN.
//
// Which records an aggregate counts is decided by the access rules
// (internal/access), because every aggregate is built on the ent query of
// its records: an analyst's counts cover the province, an HR officer's or
// leader's their unit subtree. Records the rules leave open to every
// signed-in viewer because they are not personal — formasi, survey answers,
// public complaints — are limited here to the subtree of a scoped viewer,
// so that a leader's figures are those of their own units throughout.
func authorize(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v.IsAdmin() || v.Role == viewer.Analyst || v.Role.Scoped() {
		return v, nil
	}
	return nil, apperr.Forbiddenf("aggregates are for analysts, leaders, HR officers and admins; sign in with such an account")
}

// scope returns the units a viewer's aggregates are limited to, or nil for
// every unit.
func scope(v *viewer.Viewer) predicate.Unit {
	if v.IsAdmin() || v.Role == viewer.Analyst {
		return nil
	}
	if v.UnitPath == "" {
		return predicate.Unit(none)
	}
	return orgtree.Under(v.UnitPath)
}
