package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed static
var static embed.FS

// Account is a demo account offered on the sign-in page as a one-click
// button. Only demo mode has them, and their passwords are public.
type Account struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Role     string `json:"role"`
	Note     string `json:"note,omitempty"`
}

// Config is what the page needs to know about the server it came from.
type Config struct {
	// Demo tells the page that the server runs with the demo data, so it
	// offers DemoAccounts as one-click sign-ins and says so.
	Demo bool
	// DemoAccounts are the demo accounts; ignored unless Demo is set.
	DemoAccounts []Account
}

// The Content-Security-Policy of the dashboard: nothing from anywhere but
// the server, no inline script or style, no plugins, no framing. 'self'
// covers the websocket of the same origin.
const dashboardCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// GraphiQL's editor sets style elements at run time (CodeMirror, emotion):
// the page allows inline styles, never inline or foreign scripts.
const graphiqlCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// asset is one embedded file, ready to serve.
type asset struct {
	name        string // path under static/
	body        []byte
	contentType string
	etag        string
	immutable   bool // versioned path: cache for a year

	gzipOnce sync.Once
	gzipped  []byte // nil when compressing does not pay
}

// Paths are the URL patterns (net/http.ServeMux syntax, without the method)
// that Handler answers for GET and HEAD.
var Paths = []string{"/{$}", "/graphiql", "/config.json", "/static/", "/favicon.ico"}

// Handler serves the dashboard at / and its files under /static/, GraphiQL
// at /graphiql, and the page's configuration at /config.json: mount it on
// Paths. Anything else answers 404.
func Handler(cfg Config) http.Handler {
	assets, err := loaded()
	if err != nil {
		// The files are compiled in: failing here is a build defect.
		panic(err)
	}
	conf := struct {
		Demo         bool      `json:"demo"`
		DemoAccounts []Account `json:"demoAccounts"`
	}{Demo: cfg.Demo, DemoAccounts: []Account{}}
	if cfg.Demo && cfg.DemoAccounts != nil {
		conf.DemoAccounts = cfg.DemoAccounts
	}
	confJSON, _ := json.Marshal(conf)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, assets["index.html"], dashboardCSP)
	})
	mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, assets["graphiql.html"], graphiqlCSP)
	})
	mux.HandleFunc("GET /config.json", func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header(), dashboardCSP)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(confJSON)
	})
	mux.HandleFunc("GET /static/{file...}", func(w http.ResponseWriter, r *http.Request) {
		a := assets[r.PathValue("file")]
		if a == nil || a.name == "index.html" || a.name == "graphiql.html" {
			notFound(w)
			return
		}
		csp := dashboardCSP
		if strings.HasPrefix(a.name, "vendor/") {
			csp = graphiqlCSP
		}
		serve(w, r, a, csp)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, assets["icon.svg"], dashboardCSP)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFound(w) })
	return mux
}

func notFound(w http.ResponseWriter) {
	securityHeaders(w.Header(), dashboardCSP)
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// loaded returns the embedded files, read once per process: they never
// change, and a test binary builds a handler for each of its hundreds of
// test servers (reading and hashing the files each time cost the server
// tests about 2 CPU-seconds). The assets are never written after load,
// but for their gzipped form, which each computes once under its own
// sync.Once.
var loaded = sync.OnceValues(load)

// load reads the embedded files.
func load() (map[string]*asset, error) {
	assets := map[string]*asset{}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		assets[name] = &asset{
			name:        name,
			body:        body,
			contentType: contentType(name),
			etag:        `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
			immutable:   strings.HasPrefix(name, "vendor/"),
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read embedded files: %w", err)
	}
	for _, must := range []string{"index.html", "graphiql.html", "icon.svg"} {
		if assets[must] == nil {
			return nil, fmt.Errorf("web: embedded file %s is missing", must)
		}
	}
	return assets, nil
}

// contentType names the type of a file by its extension; the set is ours,
// not the operating system's MIME tables, so it is the same everywhere.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".json":
		return "application/json"
	default: // LICENSE, README.md
		return "text/plain; charset=utf-8"
	}
}

// compressible reports whether gzip helps a content type.
func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || ct == "image/svg+xml" || ct == "application/json"
}

// gz returns the gzipped body, computed once on first use, or nil when the
// file does not compress.
func (a *asset) gz() []byte {
	a.gzipOnce.Do(func() {
		if !compressible(a.contentType) || len(a.body) < 512 {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(a.body)
		_ = zw.Close()
		if buf.Len() < len(a.body) {
			a.gzipped = buf.Bytes()
		}
	})
	return a.gzipped
}

func securityHeaders(h http.Header, csp string) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// serve writes an asset: 304 when the client's copy is current, gzip when
// the client accepts it.
func serve(w http.ResponseWriter, r *http.Request, a *asset, csp string) {
	h := w.Header()
	securityHeaders(h, csp)
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Vary", "Accept-Encoding")
	if a.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// The dashboard's own files keep their names across releases:
		// the browser revalidates them, which costs a 304 when unchanged.
		h.Set("Cache-Control", "no-cache")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if gz := a.gz(); gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
