// Package server wires SIMASN's HTTP surface: the GraphQL endpoint (/query)
// with its transports of our own — POST and GET per the GraphQL-over-HTTP
// spec, server-sent events, and websockets with graphql-transport-ws and
// the legacy graphql-ws — the dashboard and GraphiQL (internal/web, at /
// and /graphiql), liveness (/healthz) and readiness (/readyz) probes,
// request ids, structured access logs, body-size limits, timeouts and panic
// recovery, the query limits, and the error presenter that turns the apperr
// vocabulary into extensions.code.
package server
