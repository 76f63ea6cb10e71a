package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"

	"simasn/ent"
	"simasn/internal/apperr"
)

// Translate maps storage errors to the apperr vocabulary: a missing row is
// NOT_FOUND, a unique violation CONFLICT, a foreign-key violation or a field
// validator's refusal BAD_USER_INPUT, a database that cannot be reached or
// is shutting down UNAVAILABLE (with RetryAfter), a passed deadline TIMEOUT.
// Errors that already carry a code, and errors it does not recognise, are
// returned unchanged.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return &apperr.Error{Code: apperr.NotFound, Message: "the requested record does not exist", Err: err}
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		msg := ve.Unwrap().Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 && strings.HasPrefix(msg, "ent:") {
			msg = msg[i+2:]
		}
		return &apperr.Error{Code: apperr.BadUserInput, Field: apperr.FieldName(ve.Name), Message: msg, Err: err}
	}
	var ce *ent.ConstraintError
	if errors.As(err, &ce) || isConstraint(err) {
		return constraint(err)
	}
	if e, ok := unavailable(err); ok {
		return e
	}
	if strings.Contains(err.Error(), "could not resolve table for id") || strings.Contains(err.Error(), "entgql: could not resolve") {
		return &apperr.Error{Code: apperr.NotFound, Message: "no object has this id", Err: err}
	}
	return err
}

func isConstraint(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "23505" || pe.Code == "23503"
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "FOREIGN KEY constraint failed")
}

var (
	sqliteUnique = regexp.MustCompile(`UNIQUE constraint failed: ([a-z_]+)\.([a-z_]+)`)
	pqKey        = regexp.MustCompile(`Key \(([a-z_, ]+)\)=`)
)

func constraint(err error) error {
	var pe *pq.Error
	if errors.As(err, &pe) {
		field := ""
		if m := pqKey.FindStringSubmatch(pe.Detail); m != nil {
			field = apperr.FieldName(strings.Split(m[1], ", ")[0])
		}
		if pe.Code == "23505" {
			return &apperr.Error{Code: apperr.Conflict, Field: field, Message: "a record with this value already exists", Err: err}
		}
		return &apperr.Error{Code: apperr.BadUserInput, Field: field, Message: "refers to a record that does not exist", Err: err}
	}
	s := err.Error()
	if m := sqliteUnique.FindStringSubmatch(s); m != nil {
		return &apperr.Error{Code: apperr.Conflict, Field: apperr.FieldName(m[2]), Message: "a record with this value already exists", Err: err}
	}
	if strings.Contains(s, "FOREIGN KEY constraint failed") {
		return &apperr.Error{Code: apperr.BadUserInput, Message: "the input refers to a record that does not exist", Err: err}
	}
	return &apperr.Error{Code: apperr.Conflict, Message: "the change conflicts with existing data", Err: err}
}

// RetryAfter is how long an UNAVAILABLE answer asks a client to wait
// before it tries again: about what a PostgreSQL restart or fail-over takes.
const RetryAfter = 5 * time.Second

// unavailable reports whether err means the database cannot serve now — a
// refused or dropped connection, a server that is starting or shutting
// down, too many connections, a serialization failure or a busy SQLite
// file — and returns it as UNAVAILABLE with a retry hint, or a passed
// deadline as TIMEOUT. The driver's text never reaches the client.
func unavailable(err error) (*apperr.Error, bool) {
	if errors.Is(err, context.DeadlineExceeded) {
		return &apperr.Error{Code: apperr.Timeout, Message: "the request ran out of time before the database answered; ask for less (smaller pages, narrower filters) or try again later", Err: err}, true
	}
	down := &apperr.Error{Code: apperr.Unavailable, Message: "the database is unavailable; try again shortly", RetryAfter: RetryAfter, Err: err}
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch {
		case pe.Code.Class() == "08", // connection exception
			pe.Code.Class() == "53",                                    // insufficient resources: too many connections, out of memory, disk full
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // admin or crash shutdown, cannot connect now
			pe.Code == "40001", pe.Code == "40P01": // serialization failure, deadlock: retrying succeeds
			return down, true
		case pe.Code == "57014": // query_canceled: the request's deadline or the client's departure
			return &apperr.Error{Code: apperr.Timeout, Message: "the request was cancelled before the database answered; ask for less (smaller pages, narrower filters) or try again later", Err: err}, true
		}
		return nil, false
	}
	var ne net.Error
	var se syscall.Errno
	switch {
	case errors.Is(err, context.Canceled),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &ne),
		errors.As(err, &se) && (se == syscall.ECONNREFUSED || se == syscall.ECONNRESET || se == syscall.EPIPE):
		return down, true
	}
	s := err.Error()
	for _, text := range []string{
		"sql: database is closed",
		"database is locked", "SQLITE_BUSY", // SQLite: another writer held the file past the busy timeout
		"connection refused", "connection reset by peer", "broken pipe",
	} {
		if strings.Contains(s, text) {
			return down, true
		}
	}
	return nil, false
}
