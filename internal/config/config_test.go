package config

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	c := Default()
	err := c.FromEnv(env(map[string]string{
		"SIMASN_DATABASE_URL":    "postgres://simasn:s3cret@db:5432/simasn",
		"SIMASN_ADDR":            ":9090",
		"SIMASN_REQUEST_TIMEOUT": "5s",
		"SIMASN_TOKEN_SECRET":    "0123456789abcdef0123456789abcdef-very-secret",
		"SIMASN_METRICS_ADDR":    "127.0.0.1:9091",
		"SIMASN_OTEL_ENDPOINT":   "http://collector:4318",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Addr, ":9090"; got != want {
		t.Errorf("Addr = %q, want %q", got, want)
	}
	if c.MetricsAddr != "127.0.0.1:9091" || c.OTelEndpoint != "http://collector:4318" {
		t.Errorf("MetricsAddr, OTelEndpoint = %q, %q", c.MetricsAddr, c.OTelEndpoint)
	}
	if got, want := c.RequestTimeout, 5*time.Second; got != want {
		t.Errorf("RequestTimeout = %v, want %v", got, want)
	}
	if got := c.LogValue().String(); strings.Contains(got, "s3cret") || strings.Contains(got, "very-secret") {
		t.Errorf("LogValue leaks the password: %s", got)
	}
}

func TestDefaults(t *testing.T) {
	c := Default()
	if err := c.FromEnv(env(nil)); err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "simasn.db" || c.Addr != ":8080" {
		t.Errorf("defaults = %q %q, want simasn.db :8080", c.DatabaseURL, c.Addr)
	}
}

func TestBadEnv(t *testing.T) {
	for name, e := range map[string]map[string]string{
		"duration":      {"SIMASN_REQUEST_TIMEOUT": "soon"},
		"level":         {"SIMASN_LOG_LEVEL": "loud"},
		"format":        {"SIMASN_LOG_FORMAT": "xml"},
		"body limit":    {"SIMASN_MAX_BODY_BYTES": "12"},
		"short secret":  {"SIMASN_TOKEN_SECRET": "short"},
		"introspection": {"SIMASN_INTROSPECTION": "maybe"},
		"any origin":    {"SIMASN_ALLOWED_ORIGINS": "*"},
		"bad origin":    {"SIMASN_ALLOWED_ORIGINS": "example.com"},
		"otel grpc":     {"SIMASN_OTEL_ENDPOINT": "collector:4317"},
	} {
		t.Run(name, func(t *testing.T) {
			c := Default()
			if err := c.FromEnv(env(e)); err == nil {
				t.Errorf("FromEnv(%v) = nil, want an error", e)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, notWant string }{
		{"postgres://u:pw1@h/db", "pw1"},
		{"postgres://h/db?password=pw2", "pw2"},
		{"host=h password=pw3 dbname=x", "pw3"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); strings.Contains(got, tt.notWant) {
			t.Errorf("Mask(%q) = %q, still holds the password", tt.in, got)
		}
	}
}

// TestSettingsListEveryVariable: every SIMASN_ variable this package reads
// is in Settings (and so in `simasn --help`), with a default.
func TestSettingsListEveryVariable(t *testing.T) {
	src, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, s := range Settings() {
		if s.Default == "" || s.Usage == "" {
			t.Errorf("setting %s %s has no default or no usage", s.Flag, s.Env)
		}
		listed[s.Env] = true
	}
	read := regexp.MustCompile(`"(SIMASN_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(read) < 10 {
		t.Fatalf("found only %d SIMASN_ variables in config.go", len(read))
	}
	for _, m := range read {
		if !listed[m[1]] {
			t.Errorf("%s is read by config.go but missing from Settings", m[1])
		}
	}
}
