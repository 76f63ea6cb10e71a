package apperr

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Code classifies an error for clients; it is sent as extensions.code.
type Code string

// The codes of DESIGN §7.
const (
	BadUserInput    Code = "BAD_USER_INPUT"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	Internal        Code = "INTERNAL"
	// SlowSubscriber ends a subscription that fell behind the feed; the
	// client resumes from the cursor of the last event it processed.
	SlowSubscriber Code = "SLOW_SUBSCRIBER"
	// Unavailable answers a request the server cannot serve now: the
	// database is down, restarting or overloaded, or the server is
	// stopping. Error.RetryAfter says when to try again.
	Unavailable Code = "UNAVAILABLE"
	// Timeout answers a request that ran past the server's time limit.
	Timeout Code = "TIMEOUT"
)

// Error is an error with a code, a message fit for a person, and optionally
// the input field it concerns and the underlying cause (never shown).
type Error struct {
	Code    Code
	Field   string // input field in GraphQL spelling, e.g. "nip" or "toUnitID"; may be empty
	Message string
	Err     error
	// RetryAfter tells a RATE_LIMITED or UNAVAILABLE caller when to try
	// again.
	RetryAfter time.Duration
}

// Error returns the message, prefixed with the field when there is one.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Invalid returns a BAD_USER_INPUT error about field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf returns a NOT_FOUND error.
func NotFoundf(format string, args ...any) *Error {
	return &Error{Code: NotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflictf returns a CONFLICT error about field.
func Conflictf(field, format string, args ...any) *Error {
	return &Error{Code: Conflict, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf returns a FORBIDDEN error.
func Forbiddenf(format string, args ...any) *Error {
	return &Error{Code: Forbidden, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CodeOf returns the code of err: the code of the first *Error in its chain,
// or INTERNAL.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// FieldName is the GraphQL spelling of an ent field (column) name, as
// entgql writes it and as Field carries it: unit_id → unitID, birth_date →
// birthDate.
func FieldName(column string) string {
	parts := strings.Split(column, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
			continue
		}
		r := []rune(parts[i])
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		parts[i] = string(r)
	}
	return strings.Join(parts, "")
}
