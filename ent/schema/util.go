package schema

import (
	"reflect"

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
