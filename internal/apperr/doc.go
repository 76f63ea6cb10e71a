// Package apperr is SIMASN's one error vocabulary: a small set of codes that
// every layer returns and that the GraphQL error presenter maps to
// extensions.code. Storage errors are translated into it at the storage edge
// (internal/store); anything without a code is INTERNAL, and its detail is
// logged, never shown.
package apperr
