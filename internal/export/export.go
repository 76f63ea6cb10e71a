package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"simasn/internal/request"
	"simasn/internal/viewer"
)

// MediaCSV is the media type that asks /query for CSV.
const MediaCSV = "text/csv"

// Exporter turns GraphQL answers into CSV. It runs every operation through
// the GraphQL handler it wraps, as the viewer of the request, so the
// access rules, limits and error codes are those of the API itself.
type Exporter struct {
	gql    http.Handler
	schema *ast.Schema
	now    func() time.Time
	logger *slog.Logger
}

// New returns an Exporter running operations through gql, the GraphQL
// handler of schema (POST with a JSON body, answering JSON). now is the
// clock of the file names (time.Now when nil); logger records failures
// (slog.Default when nil).
func New(gql http.Handler, schema *ast.Schema, now func() time.Time, logger *slog.Logger) *Exporter {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &Exporter{gql: gql, schema: schema, now: now, logger: logger}
}

// WantsCSV reports whether r asks for CSV: an Accept header naming
// text/csv before any JSON type, or format=csv in the URL (for links,
// which cannot set headers).
func WantsCSV(r *http.Request) bool {
	if r.URL.Query().Get("format") == "csv" {
		return true
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case MediaCSV:
			return true
		case "application/json", "application/graphql-response+json":
			return false
		}
	}
	return false
}

// Query wraps next, the /query handler: a request that asks for CSV
// (WantsCSV) is answered by the Exporter, any other by next.
//
// The operation comes as GraphQL over HTTP sends it: a POST with a JSON
// body {query, operationName, variables}, or a GET with them in the URL
// (variables as JSON). Only queries are exported. bom=false in the URL
// leaves out the UTF-8 byte-order mark.
func (e *Exporter) Query(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !WantsCSV(r) {
			next.ServeHTTP(w, r)
			return
		}
		j, err := readJob(r)
		if err != nil {
			e.fail(w, r, err)
			return
		}
		name := "query"
		if j.operationName != "" {
			name = j.operationName
		}
		j.file = fmt.Sprintf("%s-%s.csv", name, e.now().Format("20060102"))
		j.bom = r.URL.Query().Get("bom") != "false"
		e.export(w, r, j)
	})
}

// job is one export: an operation and how to write its sheet.
type job struct {
	query         string
	operationName string
	variables     map[string]any
	file          string
	bom           bool
	// columns, when set, picks and names the columns (stored queries);
	// else every column of the selection is written.
	columns []storedColumn
}

// storedColumn is a column of a stored query: its header cell and the
// dotted JSON path from the row to the value (a number picks a list
// element: key.0.value).
type storedColumn struct{ name, path string }

// failure is a refusal with an HTTP status and a message for the client.
type failure struct {
	status int
	msg    string
}

func (f *failure) Error() string { return f.msg }

func badRequest(format string, args ...any) error {
	return &failure{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func readJob(r *http.Request) (*job, error) {
	j := &job{}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		q := r.URL.Query()
		j.query, j.operationName = q.Get("query"), q.Get("operationName")
		if raw := q.Get("variables"); raw != "" {
			if err := decodeJSON([]byte(raw), &j.variables); err != nil {
				return nil, badRequest("variables must be a JSON object: %v", err)
			}
		}
	case http.MethodPost:
		var body struct {
			Query         string         `json:"query"`
			OperationName string         `json:"operationName"`
			Variables     map[string]any `json:"variables"`
		}
		raw := new(bytes.Buffer)
		if _, err := raw.ReadFrom(r.Body); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return nil, &failure{http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", tooLarge.Limit)}
			}
			return nil, badRequest("reading the request body: %v", err)
		}
		if err := decodeJSON(raw.Bytes(), &body); err != nil {
			return nil, badRequest("the body must be a JSON object {query, operationName, variables}: %v", err)
		}
		j.query, j.operationName, j.variables = body.Query, body.OperationName, body.Variables
	default:
		return nil, &failure{http.StatusMethodNotAllowed, "CSV exports are read with GET or POST"}
	}
	if strings.TrimSpace(j.query) == "" {
		return nil, badRequest("give the query to export (query)")
	}
	return j, nil
}

func decodeJSON(raw []byte, dst any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(dst)
}

// export runs j page by page and writes its sheet. Nothing is sent before
// the first page answered, so an error there gets its own status and
// message; a failure on a later page aborts the response, so the client
// sees a failed download rather than a silently short file.
func (e *Exporter) export(w http.ResponseWriter, r *http.Request, j *job) {
	doc, errs := gqlparser.LoadQuery(e.schema, j.query)
	var op *ast.OperationDefinition
	if errs == nil {
		op = doc.Operations.ForName(j.operationName)
		if op != nil && op.Operation != ast.Query {
			e.fail(w, r, badRequest("CSV exports run queries only, not a %s", op.Operation))
			return
		}
	}
	if j.variables == nil {
		j.variables = map[string]any{}
	}
	page, err := e.run(r.Context(), j)
	if err != nil {
		e.fail(w, r, err)
		return
	}
	if op == nil {
		// The API accepted what the parser here did not: nothing to shape.
		e.fail(w, r, errors.New("export: the document does not validate here: "+errs.Error()))
		return
	}
	s := shapeOf(e.schema, op)
	cols := e.columns(s, j, viewer.FromContext(r.Context()))
	sw := &sheet{w: w, file: j.file, bom: j.bom}
	offset := s.offsetStart
	if v, ok := j.variables["offset"]; ok {
		offset, _ = toInt(v)
	}
	for {
		rows := s.rowsOf(page)
		for _, row := range rows {
			cells := make([]string, len(cols))
			for i, c := range cols {
				cells[i] = cell(values(row, c.path))
			}
			if err := sw.row(cols, cells); err != nil {
				e.abort(r, err)
			}
		}
		next, more := s.next(page, len(rows), &offset)
		if !more {
			break
		}
		for k, v := range next {
			j.variables[k] = v
		}
		if page, err = e.run(r.Context(), j); err != nil {
			if !sw.started {
				e.fail(w, r, err)
				return
			}
			e.abort(r, err)
		}
	}
	if err := sw.finish(cols); err != nil {
		e.abort(r, err)
	}
}

// abort ends a response whose header is out.
func (e *Exporter) abort(r *http.Request, err error) {
	e.logger.ErrorContext(r.Context(), "export failed mid-stream", "path", r.URL.Path, "err", err, "request_id", request.ID(r.Context()))
	panic(http.ErrAbortHandler)
}

// columns are the sheet's columns for the viewer: the stored query's, or
// every column of the selection, less those the viewer never reads.
func (e *Exporter) columns(s *shape, j *job, v *viewer.Viewer) []column {
	byName := map[string]column{}
	for _, c := range s.columns {
		byName[c.name] = c
	}
	var cols []column
	if j.columns == nil {
		for _, c := range s.columns {
			if c.readable(v) {
				cols = append(cols, c)
			}
		}
		return cols
	}
	for _, sc := range j.columns {
		path := strings.Split(sc.path, ".")
		if c, ok := byName[normal(path)]; ok && !c.readable(v) {
			continue
		}
		cols = append(cols, column{name: sc.name, path: path})
	}
	return cols
}

// normal is the generic column name of a JSON path: list indexes and a
// connection's edges and node left out.
func normal(path []string) string {
	var keep []string
	for _, p := range path {
		if _, err := strconv.Atoi(p); err == nil || p == "edges" || p == "node" {
			continue
		}
		keep = append(keep, p)
	}
	return strings.Join(keep, ".")
}

// rowsOf returns the rows of one answer.
func (s *shape) rowsOf(data map[string]any) []any {
	if s.single {
		return []any{data}
	}
	list, _ := lookup(data, s.rows).([]any)
	if s.node == "" {
		return list
	}
	rows := make([]any, 0, len(list))
	for _, edge := range list {
		if m, ok := edge.(map[string]any); ok {
			rows = append(rows, m[s.node])
		}
	}
	return rows
}

// next returns the variables of the next page, if the operation pages
// and there is one: by cursor when it declares $after and selects
// pageInfo { hasNextPage endCursor }, by offset when it declares $offset
// and selects totalCount.
func (s *shape) next(data map[string]any, n int, offset *int) (map[string]any, bool) {
	if s.single {
		return nil, false
	}
	container := lookup(data, s.container)
	if s.hasAfter && s.hasNext != nil && s.endCursor != nil {
		if more, _ := lookup(container, s.hasNext).(bool); more {
			cursor := lookup(container, s.endCursor)
			return map[string]any{"after": cursor}, cursor != nil
		}
		return nil, false
	}
	if s.hasOffset && s.totalCount != nil && n > 0 {
		total, ok := toInt(lookup(container, s.totalCount))
		*offset += n
		if ok && *offset < total {
			return map[string]any{"offset": *offset}, true
		}
	}
	return nil, false
}

func lookup(v any, path []string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := strconv.Atoi(n.String())
		return i, err == nil
	case int:
		return n, true
	case float64:
		return int(n), true
	}
	return 0, false
}

// values are the leaves at path below v, lists fanned out.
func values(v any, path []string) []any {
	if v == nil {
		return nil
	}
	if list, ok := v.([]any); ok {
		if len(path) > 0 {
			if i, err := strconv.Atoi(path[0]); err == nil {
				if i < 0 || i >= len(list) {
					return nil
				}
				return values(list[i], path[1:])
			}
		}
		var out []any
		for _, x := range list {
			out = append(out, values(x, path)...)
		}
		return out
	}
	if len(path) == 0 {
		return []any{v}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	return values(m[path[0]], path[1:])
}

// cell writes values as one cell: several are joined by "; ".
func cell(vs []any) string {
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		switch x := v.(type) {
		case string:
			parts = append(parts, x)
		case json.Number:
			parts = append(parts, x.String())
		case bool:
			parts = append(parts, strconv.FormatBool(x))
		default:
			b, _ := json.Marshal(x)
			parts = append(parts, string(b))
		}
	}
	return strings.Join(parts, "; ")
}

// run executes one page of j through the GraphQL handler and returns its
// data, or the failure its errors say.
func (e *Exporter) run(ctx context.Context, j *job) (map[string]any, error) {
	body, err := json.Marshal(map[string]any{"query": j.query, "operationName": j.operationName, "variables": j.variables})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/query", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	rec := &buffer{header: http.Header{}}
	e.gql.ServeHTTP(rec, req)
	var resp struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Path       []any          `json:"path"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := decodeJSON(rec.body.Bytes(), &resp); err != nil {
		return nil, fmt.Errorf("export: the API answered %d, not JSON: %w", rec.status, err)
	}
	if len(resp.Errors) > 0 {
		first := resp.Errors[0]
		code, _ := first.Extensions["code"].(string)
		msg := first.Message
		if where := errorPath(first.Path); where != "" && !strings.Contains(msg, where) {
			msg = where + ": " + msg
		}
		if n := len(resp.Errors); n > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", n-1)
		}
		return nil, &failure{statusOf(code), code + ": " + msg}
	}
	if rec.status != 0 && rec.status != http.StatusOK {
		return nil, fmt.Errorf("export: the API answered %d", rec.status)
	}
	if resp.Data == nil {
		resp.Data = map[string]any{}
	}
	return resp.Data, nil
}

// errorPath spells an error's path (variable.where.colour) as the input
// or field it names (where.colour).
func errorPath(path []any) string {
	var parts []string
	for i, p := range path {
		if i == 0 && p == "variable" {
			continue
		}
		parts = append(parts, fmt.Sprint(p))
	}
	return strings.Join(parts, ".")
}

// statusOf is the HTTP status of an error code (internal/apperr and
// gqlgen's request errors).
func statusOf(code string) int {
	switch code {
	case "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "PERSISTED_QUERY_NOT_FOUND":
		return http.StatusBadRequest
	case "UNAUTHENTICATED":
		return http.StatusUnauthorized
	case "FORBIDDEN":
		return http.StatusForbidden
	case "NOT_FOUND":
		return http.StatusNotFound
	case "CONFLICT":
		return http.StatusConflict
	case "RATE_LIMITED":
		return http.StatusTooManyRequests
	case "UNAVAILABLE":
		return http.StatusServiceUnavailable
	case "TIMEOUT":
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// buffer is a ResponseWriter that keeps the answer in memory.
type buffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *buffer) Header() http.Header { return b.header }
func (b *buffer) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *buffer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// fail answers err with its status and a plain-text message; other errors
// are 500 with the request id, their detail logged.
func (e *Exporter) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "internal error; the request id is "+request.ID(r.Context())
	var f *failure
	if errors.As(err, &f) && f.status != http.StatusInternalServerError {
		status, msg = f.status, f.msg
	} else {
		e.logger.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "err", err, "request_id", request.ID(r.Context()))
	}
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", "GET, HEAD, POST")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = fmt.Fprintln(w, msg)
}

// sheet writes one CSV answer.
type sheet struct {
	w       http.ResponseWriter
	file    string
	bom     bool
	csv     *csv.Writer
	started bool
	rows    int
}

func (s *sheet) start(cols []column) error {
	if s.started {
		return nil
	}
	s.started = true
	h := s.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+s.file+`"`)
	h.Set("Cache-Control", "no-store") // HR data: keep it out of shared caches
	h.Set("X-Content-Type-Options", "nosniff")
	s.w.WriteHeader(http.StatusOK)
	if s.bom {
		if _, err := s.w.Write([]byte("\ufeff")); err != nil {
			return err
		}
	}
	s.csv = csv.NewWriter(s.w)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.name
	}
	return s.csv.Write(header)
}

// row writes one row, flushing every thousand so a long list streams.
func (s *sheet) row(cols []column, cells []string) error {
	if err := s.start(cols); err != nil {
		return err
	}
	for i, v := range cells {
		cells[i] = defuse(v)
	}
	if err := s.csv.Write(cells); err != nil {
		return err
	}
	if s.rows++; s.rows%1000 == 0 {
		s.csv.Flush()
		if f, ok := s.w.(http.Flusher); ok {
			f.Flush()
		}
	}
	return s.csv.Error()
}

func (s *sheet) finish(cols []column) error {
	if err := s.start(cols); err != nil {
		return err
	}
	s.csv.Flush()
	return s.csv.Error()
}

// defuse keeps a spreadsheet from reading text as a formula (CSV
// injection): a value starting with =, +, - or @ that is not a number gets
// a leading apostrophe.
func defuse(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}
