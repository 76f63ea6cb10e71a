// Package tracing records OpenTelemetry spans: one per HTTP request, per
// GraphQL operation, per event a subscription delivers, and per SQL
// statement (a wrapper of the ent driver), each carrying the request id
// (simasn.request_id). Setup exports them by OTLP/HTTP when an endpoint is
// configured (SIMASN_OTEL_ENDPOINT); without one nothing is wrapped and
// tracing costs nothing. LogHandler puts the request id and the trace id
// on every log line written with a request's context.
package tracing
