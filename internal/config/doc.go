// Package config reads SIMASN's configuration from flags and the
// environment (flags win), with defaults that run the whole system on a
// fresh machine, and renders it for the start-up log with secrets masked.
package config
