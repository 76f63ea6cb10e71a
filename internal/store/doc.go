// Package store opens SIMASN's database — SQLite (the embedded default,
// through the pure-Go modernc.org/sqlite driver) or PostgreSQL (through
// lib/pq) — applies the schema, and translates storage errors into the
// apperr vocabulary at the edge.
package store
