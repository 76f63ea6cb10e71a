// Package migrations embeds the versioned migrations of SIMASN, one
// directory per dialect (sqlite, postgres), in the golang-migrate format:
// <version>_<name>.up.sql and .down.sql, with Atlas's atlas.sum over them.
// The files are generated from the ent schema by ent/migrate/main.go
// (`make migration NAME=…`) and applied by `simasn migrate up`
// (internal/store); never edit a committed file, add a new one.
package migrations

import "embed"

// FS holds the sqlite/ and postgres/ migration directories.
//
//go:embed sqlite postgres
var FS embed.FS
