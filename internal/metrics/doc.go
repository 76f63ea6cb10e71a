// Package metrics exposes SIMASN's operational figures in the Prometheus
// text format (github.com/prometheus/client_golang) at /metrics: GraphQL
// operations by name, type and outcome code with their durations, HTTP
// requests by route and status, the database pool (sql.DBStats), sign-in
// failures and rate-limit refusals, and the complaint feed (subscribers,
// lag, deliveries and drops) through the small FeedStats interface.
package metrics
