package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"

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

// codedError is the GraphQL error of a coded error, as the presenter would
// make it, for the places that answer before execution.
func codedError(e *apperr.Error) *gqlerror.Error {
	g := &gqlerror.Error{Message: e.Error()}
	extend(g, e)
	return g
}

// extend sets the extensions of a coded error: its code, the field it
// concerns and when to retry.
func extend(g *gqlerror.Error, e *apperr.Error) {
	g.Extensions = map[string]any{"code": string(e.Code)}
	if e.Field != "" {
		g.Extensions["field"] = e.Field
	}
	if e.RetryAfter > 0 {
		g.Extensions["retryAfterSeconds"] = int(math.Ceil(e.RetryAfter.Seconds()))
	}
}

// suggestion is gqlparser's "did you mean" hint at the end of a validation
// message; it names fields, arguments and enum values of the schema.
var suggestion = regexp.MustCompile(`\s*Did you mean [^?]*\?`)

// presentError maps an error to a GraphQL error with extensions.code. Coded
// errors (apperr, or storage errors translated by store.Translate) keep their
// message; anything else is INTERNAL, its message masked and its detail
// logged with the request id. Errors gqlgen raises itself (parse, validation,
// variable coercion) pass through with their own code; without
// introspection their "did you mean" suggestions are cut, since they would
// reveal the schema piece by piece.
func presentError(logger *slog.Logger, schema *ast.Schema, suggestions bool) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if !suggestions {
			gerr.Message = suggestion.ReplaceAllString(gerr.Message, "")
		}
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
		if bad, ok := argumentError(ctx, schema, gerr, err); ok {
			gerr.Message = bad.Error()
			extend(gerr, bad)
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
		if _, ours := apperr.As(err); !ours && (coded.Code == apperr.Unavailable || coded.Code == apperr.Timeout) {
			logger.WarnContext(ctx, "database unavailable", "err", err, "path", gerr.Path.String(), "request_id", RequestID(ctx))
		}
		gerr.Message = coded.Error()
		extend(gerr, coded)
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
// arguments — a malformed id, cursor or time, at any depth of an input
// object or list — and returns it as BAD_USER_INPUT naming the argument
// (and the input field inside it, e.g. where.birthDateGT). Such an error's
// path continues below the field it belongs to with the argument's name.
// The message says what the value should be, never the Go parser's words.
func argumentError(ctx context.Context, schema *ast.Schema, e *gqlerror.Error, err error) (*apperr.Error, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil {
		return nil, false
	}
	at := fc.Path()
	if len(e.Path) <= len(at) || !samePath(e.Path[:len(at)], at) {
		return nil, false
	}
	rest := e.Path[len(at):]
	name, ok := rest[0].(ast.PathName)
	if !ok {
		return nil, false
	}
	arg := fc.Field.Definition.Arguments.ForName(string(name))
	if arg == nil {
		return nil, false
	}
	typ, field, shown := arg.Type, string(name), string(name)
	for _, el := range rest[1:] {
		switch el := el.(type) {
		case ast.PathName:
			field += "." + string(el)
			shown += "." + string(el)
			if def := schema.Types[typ.Name()]; def != nil {
				if f := def.Fields.ForName(string(el)); f != nil {
					typ = f.Type
				}
			}
		case ast.PathIndex:
			shown += fmt.Sprintf("[%d]", int(el))
			if typ.Elem != nil {
				typ = typ.Elem
			}
		}
	}
	if coded, ok := apperr.As(err); ok && coded.Code != apperr.Internal {
		// A refusal of our own (the field policy, a validator) knows best
		// what it concerns; it only gets the argument when it names nothing.
		if coded.Field == "" {
			return &apperr.Error{Code: coded.Code, Field: field, Message: coded.Message, RetryAfter: coded.RetryAfter, Err: err}, true
		}
		return coded, true
	}
	msg := expected(typ.Name())
	if shown != field {
		msg = shown + " is " + msg
	}
	return &apperr.Error{Code: apperr.BadUserInput, Field: field, Err: err, Message: msg}, true
}

// expected says what a value of a scalar type looks like.
func expected(typ string) string {
	switch typ {
	case "ID":
		return "not an id of this API; use the id field of an object it returned"
	case "Cursor":
		return "not a cursor of this API; pass the startCursor or endCursor of a page it returned"
	case "Time":
		return "not a time; write it in RFC 3339, e.g. 2026-01-31T08:00:00+07:00 (a calendar date as 2026-01-31T00:00:00Z)"
	case "Int":
		return "not a 32-bit integer"
	case "Float":
		return "not a number"
	case "Map":
		return "not an object"
	}
	return "not a valid " + typ
}

func samePath(a, b ast.Path) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// masked logs an unexpected error with the request id and answers INTERNAL
// without its detail.
func masked(ctx context.Context, logger *slog.Logger, err error, gerr *gqlerror.Error) *gqlerror.Error {
	logger.ErrorContext(ctx, "internal error", "err", err, "path", gerr.Path.String(), "request_id", RequestID(ctx))
	gerr.Message = "internal error; the request id is " + RequestID(ctx)
	gerr.Extensions = map[string]any{"code": string(apperr.Internal), "requestId": RequestID(ctx)}
	return gerr
}

// encodeResult caps a streamed result's errors (capErrors) and encodes it
// as the payload of a next (or legacy data) message.
func encodeResult(resp *graphql.Response) ([]byte, error) {
	resp.Errors = capErrors(resp.Errors, maxErrors, maxErrorMessage)
	return json.Marshal(resp)
}

// capErrors keeps a response's errors readable and small: at most max of
// them (the rest summed up in a last one), each message cut to maxMessage
// bytes. A document with 20,000 unused variables gets a short answer, not
// 20,000 errors.
func capErrors(errs gqlerror.List, max, maxMessage int) gqlerror.List {
	for _, e := range errs {
		if len(e.Message) > maxMessage {
			cut := maxMessage
			for cut > 0 && !utf8Start(e.Message[cut]) {
				cut--
			}
			e.Message = e.Message[:cut] + "…"
		}
	}
	if len(errs) <= max {
		return errs
	}
	more := len(errs) - max
	out := append(gqlerror.List{}, errs[:max]...)
	code := "BAD_USER_INPUT"
	if c, ok := errs[max].Extensions["code"].(string); ok {
		code = c
	}
	return append(out, &gqlerror.Error{
		Message:    fmt.Sprintf("%d more errors like these were left out", more),
		Extensions: map[string]any{"code": code},
	})
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// codesOf returns the distinct codes of errs.
func codesOf(errs gqlerror.List) []string {
	var codes []string
	for _, e := range errs {
		c, _ := e.Extensions["code"].(string)
		if !contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return codes
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// retryAfter returns the largest retryAfterSeconds of errs, or 0.
func retryAfter(errs gqlerror.List) int {
	n := 0
	for _, e := range errs {
		if s, ok := e.Extensions["retryAfterSeconds"].(int); ok {
			n = max(n, s)
		}
	}
	return n
}
