package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"simasn/internal/web"
)

func get(t *testing.T, h http.Handler, path string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	mux := http.NewServeMux()
	for _, p := range web.Paths {
		mux.Handle("GET "+p, h)
	}
	mux.ServeHTTP(rec, req)
	return rec.Result()
}

func TestFiles(t *testing.T) {
	h := web.Handler(web.Config{})
	cases := []struct {
		path, contentType, cache string
		status                   int
	}{
		{"/", "text/html; charset=utf-8", "no-cache", 200},
		{"/graphiql", "text/html; charset=utf-8", "no-cache", 200},
		{"/static/app.css", "text/css; charset=utf-8", "no-cache", 200},
		{"/static/js/main.js", "text/javascript; charset=utf-8", "no-cache", 200},
		{"/static/icon.svg", "image/svg+xml", "no-cache", 200},
		{"/favicon.ico", "image/svg+xml", "no-cache", 200},
		{"/static/vendor/graphiql-3.8.3/graphiql.min.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/static/vendor/react-18.3.1/LICENSE", "text/plain; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/static/nothing.js", "", "", 404},
		{"/static/index.html", "", "", 404},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			resp := get(t, h, c.path, nil)
			if resp.StatusCode != c.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, c.status)
			}
			if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") || strings.Contains(got, "unsafe-eval") {
				t.Errorf("Content-Security-Policy = %q, want self only, no eval", got)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			if c.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != c.contentType {
				t.Errorf("Content-Type = %q, want %q", got, c.contentType)
			}
			if got := resp.Header.Get("Cache-Control"); got != c.cache {
				t.Errorf("Cache-Control = %q, want %q", got, c.cache)
			}
			if resp.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
		})
	}
}

func TestDashboardCSPIsStrict(t *testing.T) {
	resp := get(t, web.Handler(web.Config{}), "/", nil)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self';", "style-src 'self';", "connect-src 'self';", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy %q allows inline code on the dashboard", csp)
	}
}

func TestGzipAndRevalidation(t *testing.T) {
	h := web.Handler(web.Config{})
	plain := get(t, h, "/static/js/ui.js", nil)
	body, _ := io.ReadAll(plain.Body)
	if plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("Content-Encoding = %q without Accept-Encoding", plain.Header.Get("Content-Encoding"))
	}
	zipped := get(t, h, "/static/js/ui.js", map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if got := zipped.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", got)
	}
	if got := zipped.Header.Get("Vary"); got != "Accept-Encoding" {
		t.Errorf("Vary = %q, want Accept-Encoding", got)
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, body) {
		t.Error("gzipped body differs from the plain one")
	}
	if refused := get(t, h, "/static/js/ui.js", map[string]string{"Accept-Encoding": "gzip;q=0"}); refused.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent although the client refused it (q=0)")
	}
	again := get(t, h, "/static/js/ui.js", map[string]string{"If-None-Match": plain.Header.Get("ETag")})
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation status = %d, want 304", again.StatusCode)
	}
}

func TestConfig(t *testing.T) {
	accounts := []web.Account{{Username: "analis", Password: "demo-analyst-2026", Role: "ANALYST"}}
	for _, c := range []struct {
		name     string
		cfg      web.Config
		demo     bool
		accounts int
	}{
		{"production", web.Config{DemoAccounts: accounts}, false, 0},
		{"demo", web.Config{Demo: true, DemoAccounts: accounts}, true, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := get(t, web.Handler(c.cfg), "/config.json", nil)
			if got := resp.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			var got struct {
				Demo         bool          `json:"demo"`
				DemoAccounts []web.Account `json:"demoAccounts"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if got.Demo != c.demo || len(got.DemoAccounts) != c.accounts {
				t.Errorf("config = %+v, want demo %v with %d accounts", got, c.demo, c.accounts)
			}
		})
	}
}

// The pages load nothing from elsewhere: every src and href in the HTML
// and every import in the modules is a path on this server.
func TestNoOutsideReferences(t *testing.T) {
	h := web.Handler(web.Config{})
	outside := regexp.MustCompile(`(?i)(src|href)=["']?(https?:)?//|@import\s+url\(\s*["']?(https?:)?//|from\s+["']https?://|import\(["']https?://`)
	for _, path := range []string{"/", "/graphiql", "/static/app.css", "/static/js/main.js", "/static/js/api.js", "/static/js/ui.js",
		"/static/js/citizen.js", "/static/js/complaints.js", "/static/js/overview.js", "/static/js/hr.js", "/static/js/analytics.js",
		"/static/js/chart.js", "/static/js/i18n.js", "/static/js/signin.js", "/static/graphiql.js"} {
		body, _ := io.ReadAll(get(t, h, path, nil).Body)
		if m := outside.Find(body); m != nil {
			t.Errorf("%s refers outside the server: %s", path, m)
		}
	}
}
