package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"simasn/ent"
	"simasn/internal/access"
	"simasn/internal/analytics"
	"simasn/internal/apperr"
	"simasn/internal/nip"
	"simasn/internal/privacy"
	"simasn/internal/request"
	"simasn/internal/store"
	"simasn/internal/viewer"
)

// Handler serves the CSV downloads at GET /export/{name}.csv, as the
// viewer that the server's authentication put in the request context
// (internal/viewer). Every download runs the same function as its GraphQL
// query, so the same access rules apply: aggregates are for analysts,
// leaders, HR officers and admins (403 otherwise), lists hold what the
// viewer may see, and no list carries personal data (contacts, birth
// data, a complaint's reporter; appraisal details only for admins and HR
// officers). now is the clock (time.Now when nil); logger records errors
// (slog.Default when nil).
//
// Parameters are those of the GraphQL query, in the query string:
// where (and filter, ages) as JSON written as in GraphQL variables,
// groupBy and measures as comma-separated enum values, year, years,
// unitLevel and competencyID as numbers, bom=false to leave out the UTF-8
// byte-order mark that spreadsheet programs need to read UTF-8. A bad
// parameter is a 400 with a message saying what is wrong.
func Handler(c *ent.Client, now func() time.Time, logger *slog.Logger) http.Handler {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.Default()
	}
	h := &handler{c: c, now: now, logger: logger, downloads: downloads()}
	return h
}

type handler struct {
	c         *ent.Client
	now       func() time.Time
	logger    *slog.Logger
	downloads map[string]download
}

// download is one CSV download: the parameters it takes (besides bom) and
// how it writes its sheet.
type download struct {
	params []string
	write  func(ctx context.Context, c *ent.Client, p params, s *sheet) error
}

// Names lists the downloads, sorted.
func Names() []string {
	var names []string
	for n := range downloads() {
		names = append(names, n+".csv")
	}
	sort.Strings(names)
	return names
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "downloads are read with GET", http.StatusMethodNotAllowed)
		return
	}
	file := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	name, ok := strings.CutSuffix(file, ".csv")
	d, known := h.downloads[name]
	if !ok || !known || !strings.HasPrefix(r.URL.Path, "/export/") {
		http.Error(w, fmt.Sprintf("no download %q; there are: %s", file, strings.Join(Names(), ", ")), http.StatusNotFound)
		return
	}
	q := r.URL.Query()
	for k := range q {
		if k != "bom" && !slices.Contains(d.params, k) {
			h.fail(w, r, apperr.Invalid(k, "%s.csv takes no parameter %q; it takes: %s", name, k, strings.Join(append(slices.Clone(d.params), "bom"), ", ")))
			return
		}
	}
	s := &sheet{w: w, file: fmt.Sprintf("%s-%s.csv", name, h.now().Format("20060102")), bom: q.Get("bom") != "false",
		maskNIPs: access.ReachOf(viewer.FromContext(r.Context()), privacy.Personal) != access.Everywhere}
	err := d.write(r.Context(), h.c, params{ctx: r.Context(), q: q, now: h.now()}, s)
	if err == nil {
		err = s.finish()
	}
	if err == nil {
		return
	}
	if !s.started {
		h.fail(w, r, err)
		return
	}
	// The header and some rows are out: end the response abruptly, so the
	// client sees a failed download rather than a silently short file.
	h.logger.ErrorContext(r.Context(), "export failed mid-stream", "download", name, "err", err, "request_id", request.ID(r.Context()))
	panic(http.ErrAbortHandler)
}

// fail answers err with the HTTP status of its code and a plain-text
// message; internal errors are masked and logged.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	coded, ok := apperr.As(store.Translate(err))
	status := http.StatusInternalServerError
	msg := "internal error; the request id is " + request.ID(r.Context())
	if ok && coded.Code != apperr.Internal {
		msg = coded.Error()
		switch coded.Code {
		case apperr.BadUserInput:
			status = http.StatusBadRequest
		case apperr.Unauthenticated:
			status = http.StatusUnauthorized
		case apperr.Forbidden:
			status = http.StatusForbidden
		case apperr.NotFound:
			status = http.StatusNotFound
		case apperr.Conflict:
			status = http.StatusConflict
		case apperr.RateLimited:
			status = http.StatusTooManyRequests
		}
	}
	if status == http.StatusInternalServerError {
		h.logger.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "err", err, "request_id", request.ID(r.Context()))
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = fmt.Fprintln(w, msg)
}

// sheet writes one CSV download. Nothing is sent before the first row (or
// the end), so an error found while preparing it still gets its status.
type sheet struct {
	w       http.ResponseWriter
	file    string
	bom     bool
	header  []string
	csv     *csv.Writer
	started bool
	// maskNIPs masks the NIP columns ("nip", "…_nip") for a viewer who
	// does not read the personal data of everyone a download lists: a NIP
	// encodes its holder's birth date and gender (nip.Mask).
	maskNIPs bool
	rows     int
}

// columns sets the header row.
func (s *sheet) columns(names ...string) { s.header = names }

func (s *sheet) start() error {
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
	return s.csv.Write(s.header)
}

// row writes one row, flushing every thousand so a long list streams.
func (s *sheet) row(values ...string) error {
	if err := s.start(); err != nil {
		return err
	}
	for i, v := range values {
		if s.maskNIPs && i < len(s.header) && v != "" && (s.header[i] == "nip" || strings.HasSuffix(s.header[i], "_nip")) {
			v = nip.Mask(v)
		}
		values[i] = defuse(v)
	}
	if err := s.csv.Write(values); err != nil {
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

func (s *sheet) finish() error {
	if err := s.start(); err != nil {
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

// params are a download's query-string parameters.
type params struct {
	ctx context.Context
	q   url.Values
	now time.Time
}

func (p params) has(name string) bool { return p.q.Get(name) != "" }

// input decodes the JSON parameter name into dst, if given.
func (p params) input(name string, dst any) error {
	raw := p.q.Get(name)
	if raw == "" {
		return nil
	}
	if err := decodeInput(raw, name, dst); err != nil {
		return apperr.Invalid(name, "%v", err)
	}
	return access.Confine(p.ctx, name, dst)
}

// intp reads an integer parameter; nil when absent.
func (p params) intp(name string) (*int, error) {
	raw := p.q.Get(name)
	if raw == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return nil, apperr.Invalid(name, "%q is not a whole number", raw)
	}
	return &n, nil
}

// year reads the required year parameter.
func (p params) year() (int, error) {
	y, err := p.intp("year")
	if err != nil {
		return 0, err
	}
	if y == nil {
		return 0, apperr.Invalid("year", "give the year, e.g. year=%d", p.now.Year())
	}
	return *y, nil
}

// list reads a comma-separated list; nil when absent.
func (p params) list(name string) []string {
	raw := p.q.Get(name)
	if raw == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// groupBy reads the groupBy parameter; nil when absent (the query's
// default).
func (p params) groupBy() ([]analytics.Dimension, error) {
	names := p.list("groupBy")
	if names == nil {
		return nil, nil
	}
	dims := []analytics.Dimension{}
	for _, n := range names {
		d := analytics.Dimension(strings.ToUpper(n))
		if !d.Valid() {
			return nil, apperr.Invalid("groupBy", "%q is not a dimension; the dimensions are %s", n, dimensionNames())
		}
		dims = append(dims, d)
	}
	return dims, nil
}

func dimensionNames() string {
	var names []string
	for _, d := range analytics.Dimensions() {
		names = append(names, string(d))
	}
	return strings.Join(names, ", ")
}

// measures reads the measures parameter; nil when absent (the defaults).
// Measures that do not fit the records are refused by the aggregate.
func (p params) measures() []analytics.Measure {
	names := p.list("measures")
	if names == nil {
		return nil
	}
	ms := []analytics.Measure{}
	for _, n := range names {
		ms = append(ms, analytics.Measure(strings.ToUpper(n)))
	}
	return ms
}

// spec reads groupBy, unitLevel and measures.
func (p params) spec() (analytics.Spec, error) {
	g, err := p.groupBy()
	if err != nil {
		return analytics.Spec{}, err
	}
	l, err := p.intp("unitLevel")
	if err != nil {
		return analytics.Spec{}, err
	}
	return analytics.Spec{GroupBy: g, UnitLevel: l, Measures: p.measures()}, nil
}
