// Package ent holds the data model of SIMASN. Everything in it but schema/,
// entc.go and this file is generated: run `go generate ./...` from the
// repository root (ent first, then gqlgen) and commit the result.
package ent

//go:generate go run -mod=mod ./entc.go
//go:generate go -C .. run ./internal/tools/gqlgen
