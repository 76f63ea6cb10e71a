package schema

import (
	"errors"
	"reflect"
	"regexp"

	"entgo.io/ent"

	"simasn/internal/apperr"
)

// isNil reports whether an ent value is nil or a nil pointer, as OldField
// returns for an empty nillable field.
func isNil(v ent.Value) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// invalid reports bad input on a field (GraphQL spelling) with the rule's
// own message, so the client learns which field is wrong and why.
func invalid(field string, err error) error {
	return &apperr.Error{Code: apperr.BadUserInput, Field: field, Message: err.Error(), Err: err}
}

// pattern returns a field validator that accepts values matching re and
// otherwise says, in words, what a valid value looks like.
func pattern(re *regexp.Regexp, want string) func(string) error {
	return func(v string) error {
		if !re.MatchString(v) {
			return errors.New(want)
		}
		return nil
	}
}
