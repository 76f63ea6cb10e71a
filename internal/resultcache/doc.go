// Package resultcache keeps the results of the analytics statements in
// memory, keyed by the change fingerprints of the tables they read, so that
// a dashboard asking the same figures again is answered without running
// the aggregate — and never with a stale answer, across every instance on
// the same database.
//
// The fingerprint of a table grows by one exactly when a transaction that
// wrote it commits; it is written by triggers in the writer's own
// transaction (the migration analytics_change_fingerprint). PostgreSQL:
// a statement-level trigger inserts (table, txid) into change_log, and the
// fingerprint is change_base.n + the table's visible change_log rows.
// SQLite: one writer at a time, so a row-level trigger adds one to
// change_base.n.
//
// A statement is served from the cache only when its context is marked
// (Mark), it runs outside a transaction, it is a SELECT, every table it
// names has the trigger (a table without one, such as a table added later
// without it, makes the statement uncacheable) and it calls no function
// whose answer changes by itself (now(), current_date, random(), …).
package resultcache
