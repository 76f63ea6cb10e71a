// Package server wires SIMASN's HTTP surface: the GraphQL endpoint (/query,
// POST and GET), the dashboard and GraphiQL (internal/web, at / and
// /graphiql), liveness (/healthz) and readiness (/readyz) probes, request
// ids, structured access logs, body-size limits, timeouts and panic
// recovery, and the error presenter that turns the apperr vocabulary into
// extensions.code.
package server
