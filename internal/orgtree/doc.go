// Package orgtree keeps the organisational-unit tree queryable in one
// indexed lookup. Every unit stores a materialized path of unit codes from
// the root ("/1.02/1.02.01/"); "this unit and everything under it" is a
// prefix match on that path. A hook registered on every client (Register)
// computes the path when a unit is created and rewrites the paths of the
// whole subtree, in the same transaction, when a unit moves.
package orgtree
