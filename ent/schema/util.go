package schema

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"time"

	"entgo.io/ent"

	"simasn/internal/apperr"
	"simasn/internal/dates"
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

// dateField is a date field with its GraphQL spelling and its bound.
type dateField struct {
	name, input string
	bound       dates.Bound
}

// dateBounds refuses a write that sets one of fields to a day outside its
// bound (internal/dates), measured against the clock of the context, with
// BAD_USER_INPUT naming the field. It judges every write, whoever makes it.
func dateBounds(fields ...dateField) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			now := dates.Now(ctx)
			for _, f := range fields {
				v, ok := m.Field(f.name)
				if !ok {
					continue
				}
				if t, ok := v.(time.Time); ok {
					if err := f.bound.Check(t, now); err != nil {
						return nil, invalid(f.input, err)
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}
