// Package personnel holds the HR workflows on employees: registering them,
// changing their record, and the career events — transfer (mutasi), rank
// promotion, position change, status change — each of which updates the
// employee and appends to the career history in the caller's transaction.
//
// Functions take the ent client to write with; GraphQL mutations pass the
// transactional client that entgql.Transactioner put in the context, so a
// failure anywhere leaves the database unchanged.
package personnel
