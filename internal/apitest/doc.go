// Package apitest runs SIMASN end to end for tests: a real database from
// internal/testdb with the real migrations, the real HTTP handler from
// internal/server on a loopback listener, and a small GraphQL client that
// reports errors with their extensions.code.
package apitest
