// Package viewer describes who is asking: the account behind a request,
// its role and its scope, carried in the request context. The access rules
// (internal/access), the audit trail and the workflows all read it from
// there, so the API, the feed and the analytics judge a caller alike.
//
// A context without a viewer is the public (anonymous) caller. System is the
// server's own work — start-up seeding, the inner steps of a workflow whose
// outer step was already authorised — and passes every rule.
package viewer
