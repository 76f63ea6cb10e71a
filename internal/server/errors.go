package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/apperr"
	"simasn/internal/store"
)

type internalError struct{ cause any }

func (e *internalError) Error() string { return fmt.Sprintf("panic: %v", e.cause) }

func pageSizeError(arg string, got, max int) error {
	return apperr.Invalid(arg, "page size %d is out of range: ask for 0 to %d items and page with the cursor", got, max)
}

// presentError maps an error to a GraphQL error with extensions.code. Coded
// errors (apperr, or storage errors translated by store.Translate) keep their
// message; anything else is INTERNAL, its message masked and its detail
// logged with the request id. Errors gqlgen raises itself (parse, validation,
// variable coercion) pass through with their own code.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var own *gqlerror.Error
		if errors.As(err, &own) && own.Err == nil {
			// Raised by gqlgen itself: a parse or validation error, or an
			// invalid variable value.
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			if field, ok := variableError(gerr); ok {
				gerr.Extensions["code"] = string(apperr.BadUserInput)
				gerr.Extensions["field"] = field
			}
			if _, ok := gerr.Extensions["code"]; ok {
				return gerr
			}
			if len(gerr.Path) > 0 {
				// Raised while executing, e.g. a non-null field that
				// resolved to null: a fault of ours, not of the request.
				return masked(ctx, logger, err, gerr)
			}
			gerr.Extensions["code"] = string(apperr.BadUserInput)
			return gerr
		}
		if name, ok := argumentError(ctx, gerr); ok {
			gerr.Message = fmt.Sprintf("invalid value for argument %s: %s", name, gerr.Message)
			gerr.Extensions = map[string]any{"code": string(apperr.BadUserInput), "field": name}
			return gerr
		}
		if gerr.Message == "introspection disabled" {
			gerr.Message = "introspection is disabled on this server; an operator can enable it with SIMASN_INTROSPECTION=true"
			gerr.Extensions = map[string]any{"code": string(apperr.Forbidden)}
			return gerr
		}
		coded, ok := apperr.As(store.Translate(err))
		if !ok || coded.Code == apperr.Internal {
			return masked(ctx, logger, err, gerr)
		}
		gerr.Message = coded.Error()
		gerr.Extensions = map[string]any{"code": string(coded.Code)}
		if coded.Field != "" {
			gerr.Extensions["field"] = coded.Field
		}
		if coded.RetryAfter > 0 {
			gerr.Extensions["retryAfterSeconds"] = int(math.Ceil(coded.RetryAfter.Seconds()))
		}
		return gerr
	}
}

// variableError reports whether gqlgen refused a variable's value (its path
// starts with "variable"), and names the innermost input field.
func variableError(e *gqlerror.Error) (string, bool) {
	if len(e.Path) < 2 || e.Path[0] != ast.PathName("variable") {
		return "", false
	}
	for i := len(e.Path) - 1; i >= 1; i-- {
		if name, ok := e.Path[i].(ast.PathName); ok {
			return string(name), true
		}
	}
	return "", true
}

// argumentError reports whether gqlgen could not read one of a field's
// arguments (a malformed cursor, say): such an error's path ends with the
// argument's name, below the field it belongs to.
func argumentError(ctx context.Context, e *gqlerror.Error) (string, bool) {
	if len(e.Path) == 0 {
		return "", false
	}
	name, ok := e.Path[len(e.Path)-1].(ast.PathName)
	if !ok {
		return "", false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil || fc.Field.Alias == string(name) {
		return "", false
	}
	if fc.Field.Definition.Arguments.ForName(string(name)) == nil {
		return "", false
	}
	return string(name), true
}

// masked logs an unexpected error with the request id and answers INTERNAL
// without its detail.
func masked(ctx context.Context, logger *slog.Logger, err error, gerr *gqlerror.Error) *gqlerror.Error {
	logger.ErrorContext(ctx, "internal error", "err", err, "path", gerr.Path.String(), "request_id", RequestID(ctx))
	gerr.Message = "internal error; the request id is " + RequestID(ctx)
	gerr.Extensions = map[string]any{"code": string(apperr.Internal), "requestId": RequestID(ctx)}
	return gerr
}
