package store

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/lib/pq"

	"simasn/ent"
	"simasn/internal/apperr"
)

// Translate maps storage errors to the apperr vocabulary: a missing row is
// NOT_FOUND, a unique violation CONFLICT, a foreign-key violation or a field
// validator's refusal BAD_USER_INPUT. Errors that already carry a code, and
// errors it does not recognise, are returned unchanged.
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
		return &apperr.Error{Code: apperr.BadUserInput, Field: camel(ve.Name), Message: msg, Err: err}
	}
	var ce *ent.ConstraintError
	if errors.As(err, &ce) || isConstraint(err) {
		return constraint(err)
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
			field = camel(strings.Split(m[1], ", ")[0])
		}
		if pe.Code == "23505" {
			return &apperr.Error{Code: apperr.Conflict, Field: field, Message: "a record with this value already exists", Err: err}
		}
		return &apperr.Error{Code: apperr.BadUserInput, Field: field, Message: "refers to a record that does not exist", Err: err}
	}
	s := err.Error()
	if m := sqliteUnique.FindStringSubmatch(s); m != nil {
		return &apperr.Error{Code: apperr.Conflict, Field: camel(m[2]), Message: "a record with this value already exists", Err: err}
	}
	if strings.Contains(s, "FOREIGN KEY constraint failed") {
		return &apperr.Error{Code: apperr.BadUserInput, Message: "the input refers to a record that does not exist", Err: err}
	}
	return &apperr.Error{Code: apperr.Conflict, Message: "the change conflicts with existing data", Err: err}
}

// camel turns a column name into its GraphQL spelling: unit_id → unitID,
// birth_date → birthDate.
func camel(s string) string {
	parts := strings.Split(s, "_")
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
