package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"simasn/internal/apperr"
	"simasn/internal/store"
)

// The media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// Error responses are capped: at most maxErrors errors, each message cut
// to maxErrorMessage bytes.
const (
	maxErrors       = 20
	maxErrorMessage = 1000
)

// httpTransport serves GraphQL over HTTP (POST with a JSON body, GET with
// the query in the URL) as the GraphQL-over-HTTP specification says:
//
//   - the response is application/graphql-response+json when the client
//     accepts it, else application/json;
//   - a request the server cannot read — a body that is not one JSON
//     object (a batch, an array, is refused), a query that is not a
//     string, variables that are not an object — is 400; a body over the
//     limit is 413; a POST that is not JSON is 415; a mutation over GET
//     is 405;
//   - a document that does not parse or validate, unusable variables and
//     the query limits are request errors: no data entry, status 400 with
//     application/graphql-response+json and 200 with application/json;
//   - an executed operation is 200, except when nothing resolved (data is
//     null) and every error has one code with a status of its own:
//     UNAUTHENTICATED 401, RATE_LIMITED 429, UNAVAILABLE 503, TIMEOUT 504
//     (with Retry-After when the errors say when).
type httpTransport struct{}

var _ graphql.Transport = httpTransport{}

// Supports implements graphql.Transport: GET and POST without an upgrade.
func (httpTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && (r.Method == http.MethodGet || r.Method == http.MethodPost)
}

// Do implements graphql.Transport.
func (httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMedia(r)
	params, fail := readParams(r)
	if fail != nil {
		writeFailure(w, media, fail)
		return
	}
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs == nil && r.Method == http.MethodGet && rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeFailure(w, media, &failure{status: http.StatusMethodNotAllowed,
			message: "GET runs queries only: send a " + string(rc.Operation.Operation) + " with POST"})
		return
	}
	if errs == nil && rc.Operation.Operation == ast.Subscription {
		errs = gqlerror.List{codedError(apperr.Invalid("query", "a subscription needs a stream: open a websocket (graphql-transport-ws) or ask for server-sent events (Accept: text/event-stream)"))}
	}
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		writeResponse(w, media, status, &result{Errors: capErrors(resp.Errors, maxErrors, maxErrorMessage), Extensions: resp.Extensions})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	if resp == nil {
		resp = noResult(ctx)
	}
	resp.Errors = capErrors(resp.Errors, maxErrors, maxErrorMessage)
	data := resp.Data
	if data == nil {
		data = json.RawMessage("null")
	}
	writeResponse(w, media, executedStatus(w, resp), &result{Data: &data, Errors: resp.Errors, Extensions: resp.Extensions})
}

// result is a GraphQL response; Data is absent (not null) when the request
// was refused before execution.
type result struct {
	Errors     gqlerror.List    `json:"errors,omitempty"`
	Data       *json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any   `json:"extensions,omitempty"`
}

// executedStatus is the HTTP status of an executed operation's response,
// setting the headers that go with it.
func executedStatus(w http.ResponseWriter, resp *graphql.Response) int {
	if len(resp.Errors) == 0 || (resp.Data != nil && string(resp.Data) != "null") {
		return http.StatusOK
	}
	codes := codesOf(resp.Errors)
	if len(codes) != 1 {
		return http.StatusOK
	}
	status := http.StatusOK
	switch apperr.Code(codes[0]) {
	case apperr.Unauthenticated:
		w.Header().Set("WWW-Authenticate", `Bearer realm="simasn"`)
		status = http.StatusUnauthorized
	case apperr.RateLimited:
		status = http.StatusTooManyRequests
	case apperr.Unavailable:
		status = http.StatusServiceUnavailable
	case apperr.Timeout:
		status = http.StatusGatewayTimeout
	}
	if s := retryAfter(resp.Errors); s > 0 && status != http.StatusOK {
		w.Header().Set("Retry-After", strconv.Itoa(s))
	}
	return status
}

// responseMedia picks the response's media type from the Accept header:
// application/graphql-response+json when the client accepts it, else
// application/json (also without an Accept header, as the spec asks).
func responseMedia(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			return mediaJSON
		}
	}
	return mediaJSON
}

// failure is a request the transport could not read.
type failure struct {
	status  int
	message string
}

func writeFailure(w http.ResponseWriter, media string, f *failure) {
	code := apperr.BadUserInput
	if f.status == http.StatusServiceUnavailable {
		code = apperr.Unavailable
	}
	writeResponse(w, media, f.status, &result{Errors: gqlerror.List{{Message: f.message, Extensions: map[string]any{"code": string(code)}}}})
}

func writeResponse(w http.ResponseWriter, media string, status int, res *result) {
	if len(res.Errors) == 0 && len(res.Extensions) == 0 && res.Data != nil {
		// The common answer: data only, which the executor wrote as JSON
		// already; json.Marshal would scan and copy it once more.
		w.Header().Set("Content-Type", media+"; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(dataPrefix)
		_, _ = w.Write(*res.Data)
		_, _ = w.Write(dataSuffix)
		return
	}
	b, err := json.Marshal(res)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"the response could not be encoded","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

var dataPrefix, dataSuffix = []byte(`{"data":`), []byte("}")

// readParams reads the GraphQL parameters of a GET or POST request.
func readParams(r *http.Request) (*graphql.RawParams, *failure) {
	start := graphql.Now()
	p := &graphql.RawParams{Headers: r.Header}
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
			if s := q.Get(name); s != "" {
				if err := decodeObject([]byte(s), dst); err != nil {
					return nil, &failure{http.StatusBadRequest, name + ": must be a JSON object"}
				}
			}
		}
	} else {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != mediaJSON {
			return nil, &failure{http.StatusUnsupportedMediaType, "the body must be application/json (form and plain-text posts are refused, so other sites cannot post on a user's behalf)"}
		}
		body, err := io.ReadAll(r.Body)
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return nil, &failure{http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", tooBig.Limit)}
		case err != nil:
			return nil, &failure{http.StatusBadRequest, "the request body could not be read"}
		}
		if f := decodeBody(body, p); f != nil {
			return nil, f
		}
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return nil, &failure{http.StatusBadRequest, "no query: send the GraphQL document as the query parameter"}
	}
	p.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	return p, nil
}

// decodeBody reads a POST body: one JSON object whose query and
// operationName are strings and whose variables and extensions are
// objects (or null).
func decodeBody(body []byte, p *graphql.RawParams) *failure {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		return &failure{http.StatusBadRequest, "batching is not supported: send one operation per request, as a JSON object"}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return &failure{http.StatusBadRequest, "the body is not a JSON object with a query"}
	}
	for name, dst := range map[string]*string{"query": &p.Query, "operationName": &p.OperationName} {
		if v, ok := raw[name]; ok && string(v) != "null" {
			if err := json.Unmarshal(v, dst); err != nil {
				return &failure{http.StatusBadRequest, name + ": must be a string"}
			}
		}
	}
	for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
		if v, ok := raw[name]; ok && string(v) != "null" {
			if err := decodeObject(v, dst); err != nil {
				return &failure{http.StatusBadRequest, name + ": must be a JSON object"}
			}
		}
	}
	return nil
}

// decodeObject decodes a JSON object, keeping numbers exact as gqlgen
// expects (json.Number).
func decodeObject(b []byte, dst *map[string]any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if *dst == nil {
		return errors.New("not an object")
	}
	if dec.More() {
		return errors.New("more than one value")
	}
	return nil
}

// operationContext is the context an operation runs in on a stream
// (websocket, server-sent events): a query or mutation gets the request
// timeout as its deadline; a subscription lives on, its statements each
// bounded by the statement timeout of the connection's context.
func operationContext(ctx context.Context, op *ast.OperationDefinition, timeout time.Duration) (context.Context, context.CancelFunc) {
	if op != nil && op.Operation == ast.Subscription {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, timeout)
}

// noResult is the response of an operation that gave none: gqlgen gives
// none when the request's context ended before execution (the request
// timeout already passed, or the client left), which is TIMEOUT like a
// statement past the deadline; anything else is a fault of ours.
func noResult(ctx context.Context) *graphql.Response {
	if err := ctx.Err(); err != nil {
		if coded, ok := apperr.As(store.Translate(err)); ok && coded.Code != apperr.Internal {
			return &graphql.Response{Errors: gqlerror.List{codedError(coded)}}
		}
		return &graphql.Response{Errors: gqlerror.List{codedError(&apperr.Error{Code: apperr.Timeout,
			Message: "the request was cancelled before it ran; try again", Err: err})}}
	}
	return &graphql.Response{Errors: gqlerror.List{{Message: "the operation gave no result", Extensions: map[string]any{"code": string(apperr.Internal)}}}}
}
