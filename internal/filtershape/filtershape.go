// Package filtershape measures where filters — how deeply their input
// objects nest and how many conditions they hold — so that every entry
// point (GraphQL arguments, CSV downloads) refuses the same oversized
// filters before any of them reaches the database: each has…With edge and
// each and/or/not opens a subquery, and thirty of them nested take seconds.
package filtershape

import (
	"sort"
	"strings"

	"simasn/internal/apperr"
)

// The default bounds of one where filter.
const (
	// MaxDepth is how deeply input objects may nest.
	MaxDepth = 6
	// MaxConditions is how many fields may be set in all its objects.
	MaxConditions = 100
)

// Measure returns how deeply the input objects of a decoded filter (JSON
// objects as map[string]any, lists as []any) nest, and how many fields
// they set in all, at any depth.
func Measure(v any) (depth, conditions int) {
	switch v := v.(type) {
	case map[string]any:
		inner := 0
		for _, child := range v {
			d, c := Measure(child)
			inner = max(inner, d)
			conditions += 1 + c
		}
		return 1 + inner, conditions
	case []any:
		for _, child := range v {
			d, c := Measure(child)
			depth = max(depth, d)
			conditions += c
		}
		return depth, conditions
	}
	return 0, 0
}

// Check refuses a filter over the bounds with BAD_USER_INPUT about field
// (what names the query it filters, for the message).
func Check(field, what string, v any, maxDepth, maxConditions int) *apperr.Error {
	depth, conditions := Measure(v)
	switch {
	case depth > maxDepth:
		return apperr.Invalid(field, "the filter of %s nests %d levels deep (has…With, and, or, not); at most %d are allowed", what, depth, maxDepth)
	case conditions > maxConditions:
		return apperr.Invalid(field, "the filter of %s has %d conditions; at most %d are allowed", what, conditions, maxConditions)
	}
	return nil
}

// NUL returns the path, below name, of the first string in a decoded value
// that holds a NUL character, which no text column can store.
func NUL(v any, name string) (string, bool) {
	switch v := v.(type) {
	case string:
		return name, strings.IndexByte(v, 0) >= 0
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := NUL(v[k], name+"."+k); ok {
				return p, true
			}
		}
	case []any:
		for _, child := range v {
			if p, ok := NUL(child, name); ok {
				return p, true
			}
		}
	}
	return "", false
}
