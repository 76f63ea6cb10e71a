package config

import (
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the effective configuration of one simasn command.
type Config struct {
	// DatabaseURL selects the database: a postgres:// URL, or a SQLite file
	// path (SIMASN_DATABASE_URL; default simasn.db in the working directory).
	DatabaseURL string
	// Addr is the listen address (SIMASN_ADDR; default :8080).
	Addr string
	// LogLevel is debug, info, warn or error (SIMASN_LOG_LEVEL; default info).
	LogLevel string
	// LogFormat is text or json (SIMASN_LOG_FORMAT; default text).
	LogFormat string
	// Demo loads the demo dataset into an empty database at start-up
	// (--demo; implies Migrate and Introspection).
	Demo bool
	// Migrate lets serve apply pending schema migrations at start-up
	// (SIMASN_MIGRATE or --migrate; default off: serve refuses a database
	// with pending migrations and names them).
	Migrate bool
	// RequestTimeout bounds one request (SIMASN_REQUEST_TIMEOUT; default 30s).
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the graceful shutdown (SIMASN_SHUTDOWN_TIMEOUT; default 15s).
	ShutdownTimeout time.Duration
	// MaxBodyBytes caps a request body (SIMASN_MAX_BODY_BYTES; default 1 MiB).
	MaxBodyBytes int64
	// TokenSecret signs access tokens (SIMASN_TOKEN_SECRET, at least 32
	// bytes). When empty the server makes a random one: tokens then die
	// with the process and cannot be shared between instances.
	TokenSecret string
	// TokenTTL is the lifetime of an access token (SIMASN_TOKEN_TTL; default 8h).
	TokenTTL time.Duration
	// Introspection enables GraphQL introspection and field suggestions
	// (SIMASN_INTROSPECTION; default off, on with --demo).
	Introspection bool
	// AllowedOrigins are the browser origins allowed to open websockets
	// besides the server's own (SIMASN_ALLOWED_ORIGINS, comma-separated,
	// e.g. https://dashboard.lampungprov.go.id). Never "*".
	AllowedOrigins []string
	// LoginPerMinute is how many sign-in attempts one client address may
	// make per minute (SIMASN_LOGIN_PER_MINUTE; default 10).
	LoginPerMinute int
	// WSMaxOperations caps the operations running at once on one websocket
	// (SIMASN_WS_MAX_OPERATIONS; default 100).
	WSMaxOperations int
	// WSMaxConnectionsPerAddress caps the websockets open at once from one
	// client address (SIMASN_WS_MAX_CONNECTIONS_PER_ADDRESS; default 200).
	WSMaxConnectionsPerAddress int
	// WSIOURing lets the websocket writers send a batch of connections
	// with one io_uring submission (SIMASN_WS_IOURING; default true;
	// where the kernel refuses io_uring they send with sendmsg anyway).
	WSIOURing bool
	// MinGroupSize is k of the aggregates' disclosure control: the
	// smallest group shown to viewers who may not read its members'
	// personal data (SIMASN_MIN_GROUP_SIZE; default 5).
	MinGroupSize int
	// AnalyticsCacheMB bounds the memory, in MiB, of the analytics result
	// cache (internal/resultcache; SIMASN_ANALYTICS_CACHE_MB; default 32;
	// 0 turns it off).
	AnalyticsCacheMB int
	// MetricsAddr, when set, serves /metrics on an address of its own
	// (e.g. 127.0.0.1:9090) instead of the main one (SIMASN_METRICS_ADDR;
	// default: on the main address).
	MetricsAddr string
	// OTelEndpoint is the OTLP/HTTP endpoint traces are exported to, e.g.
	// http://collector:4318 (SIMASN_OTEL_ENDPOINT; default: tracing off).
	OTelEndpoint string
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DatabaseURL:     "simasn.db",
		Addr:            ":8080",
		LogLevel:        "info",
		LogFormat:       "text",
		RequestTimeout:  30 * time.Second,
		ShutdownTimeout: 15 * time.Second,
		MaxBodyBytes:    1 << 20,
		TokenTTL:        8 * time.Hour,
		LoginPerMinute:  10,
		MinGroupSize:    5,

		AnalyticsCacheMB: 32,

		WSMaxOperations:            100,
		WSMaxConnectionsPerAddress: 200,
		WSIOURing:                  true,
	}
}

// FromEnv applies the SIMASN_* environment variables to c.
func (c *Config) FromEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("SIMASN_DATABASE_URL", &c.DatabaseURL)
	str("SIMASN_ADDR", &c.Addr)
	str("SIMASN_LOG_LEVEL", &c.LogLevel)
	str("SIMASN_LOG_FORMAT", &c.LogFormat)
	str("SIMASN_TOKEN_SECRET", &c.TokenSecret)
	str("SIMASN_METRICS_ADDR", &c.MetricsAddr)
	str("SIMASN_OTEL_ENDPOINT", &c.OTelEndpoint)
	if c.OTelEndpoint != "" {
		if u, err := url.Parse(c.OTelEndpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("SIMASN_OTEL_ENDPOINT=%q: want an OTLP/HTTP URL such as http://localhost:4318", c.OTelEndpoint)
		}
	}
	if v := getenv("SIMASN_ALLOWED_ORIGINS"); v != "" {
		for _, o := range strings.Split(v, ",") {
			o = strings.TrimSpace(o)
			if o == "*" {
				return fmt.Errorf("SIMASN_ALLOWED_ORIGINS: \"*\" is not allowed; list the origins, e.g. https://dashboard.example.go.id")
			}
			if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
				return fmt.Errorf("SIMASN_ALLOWED_ORIGINS: %q is not an origin (scheme://host[:port])", o)
			}
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	for name, dst := range map[string]*bool{
		"SIMASN_INTROSPECTION": &c.Introspection,
		"SIMASN_MIGRATE":       &c.Migrate,
		"SIMASN_WS_IOURING":    &c.WSIOURing,
	} {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q: want true or false", name, v)
			}
			*dst = b
		}
	}
	if v := getenv("SIMASN_MIN_GROUP_SIZE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 {
			return fmt.Errorf("SIMASN_MIN_GROUP_SIZE=%q: want a whole number of at least 2", v)
		}
		c.MinGroupSize = n
	}
	if v := getenv("SIMASN_ANALYTICS_CACHE_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("SIMASN_ANALYTICS_CACHE_MB=%q: want a whole number of MiB, 0 to turn the cache off", v)
		}
		c.AnalyticsCacheMB = n
	}
	for name, dst := range map[string]*int{
		"SIMASN_LOGIN_PER_MINUTE":               &c.LoginPerMinute,
		"SIMASN_WS_MAX_OPERATIONS":              &c.WSMaxOperations,
		"SIMASN_WS_MAX_CONNECTIONS_PER_ADDRESS": &c.WSMaxConnectionsPerAddress,
	} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("%s=%q: want a positive number", name, v)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Duration{
		"SIMASN_REQUEST_TIMEOUT":  &c.RequestTimeout,
		"SIMASN_SHUTDOWN_TIMEOUT": &c.ShutdownTimeout,
		"SIMASN_TOKEN_TTL":        &c.TokenTTL,
	} {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%s=%q: want a positive duration such as 30s", name, v)
			}
			*dst = d
		}
	}
	if v := getenv("SIMASN_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return fmt.Errorf("SIMASN_MAX_BODY_BYTES=%q: want a number of bytes, at least 1024", v)
		}
		c.MaxBodyBytes = n
	}
	return c.validate()
}

// Register adds the flags shared by every command to fs.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "database: postgres://… or a SQLite file path (env SIMASN_DATABASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error (env SIMASN_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env SIMASN_LOG_FORMAT)")
}

func (c *Config) validate() error {
	if _, err := c.Level(); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format %q: want text or json", c.LogFormat)
	}
	if strings.TrimSpace(c.DatabaseURL) == "" {
		return fmt.Errorf("the database URL is empty")
	}
	if c.TokenSecret != "" && len(c.TokenSecret) < 32 {
		return fmt.Errorf("SIMASN_TOKEN_SECRET has %d bytes; use at least 32 random bytes", len(c.TokenSecret))
	}
	return nil
}

// Validate checks the configuration after flags were parsed.
func (c *Config) Validate() error { return c.validate() }

// Level returns the slog level named by LogLevel.
func (c *Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// MaskedDatabaseURL is the database URL with any password replaced by xxxxx.
func (c *Config) MaskedDatabaseURL() string {
	return Mask(c.DatabaseURL)
}

// Mask hides the password of a URL (user:password@host) and of a
// password=… query or key-value parameter.
func Mask(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" {
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	fields := strings.Fields(raw)
	for i, f := range fields {
		if strings.HasPrefix(strings.ToLower(f), "password=") {
			fields[i] = "password=xxxxx"
		}
	}
	return strings.Join(fields, " ")
}

// LogValue renders the configuration for the start-up log, secrets masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", c.MaskedDatabaseURL()),
		slog.String("addr", c.Addr),
		slog.String("log_level", c.LogLevel),
		slog.String("log_format", c.LogFormat),
		slog.Bool("demo", c.Demo),
		slog.Bool("migrate", c.Migrate),
		slog.Duration("request_timeout", c.RequestTimeout),
		slog.Duration("shutdown_timeout", c.ShutdownTimeout),
		slog.Int64("max_body_bytes", c.MaxBodyBytes),
		slog.String("token_secret", secretState(c.TokenSecret)),
		slog.Duration("token_ttl", c.TokenTTL),
		slog.Bool("introspection", c.Introspection),
		slog.Int("min_group_size", c.MinGroupSize),
		slog.Int("analytics_cache_mb", c.AnalyticsCacheMB),
		slog.Int("login_per_minute", c.LoginPerMinute),
		slog.Any("allowed_origins", c.AllowedOrigins),
		slog.Int("ws_max_operations", c.WSMaxOperations),
		slog.Int("ws_max_connections_per_address", c.WSMaxConnectionsPerAddress),
		slog.Bool("ws_io_uring", c.WSIOURing),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.String("otel_endpoint", Mask(c.OTelEndpoint)),
	)
}

func secretState(s string) string {
	if s == "" {
		return "unset (random per process)"
	}
	return "set (xxxxx)"
}

// Setting describes one setting for `simasn --help`: its environment
// variable, its flag (if any), its default and what it does.
type Setting struct {
	// Env is the environment variable, e.g. SIMASN_ADDR.
	Env string
	// Flag is the command-line flag, e.g. --addr, or "".
	Flag string
	// Default is the value used when neither is given.
	Default string
	// Usage says what the setting does, and for which commands.
	Usage string
}

// Settings lists every setting of simasn with its default, in the order
// `simasn --help` shows them. A setting added to Config belongs here too
// (TestSettingsListEveryVariable checks that every SIMASN_ variable this
// package reads is listed).
func Settings() []Setting {
	d := Default()
	return []Setting{
		{"SIMASN_DATABASE_URL", "--database-url", d.DatabaseURL, "database: postgres://user:pass@host/db?sslmode=… selects PostgreSQL; anything else is a SQLite file path"},
		{"SIMASN_ADDR", "--addr", d.Addr, "listen address (serve)"},
		{"SIMASN_MIGRATE", "--migrate", strconv.FormatBool(d.Migrate), "serve applies pending schema migrations at start-up instead of refusing the database (on with --demo)"},
		{"", "--demo", "false", "serve loads the demo dataset into an empty database; demo accounts may sign in (never on a real server)"},
		{"SIMASN_LOG_LEVEL", "--log-level", d.LogLevel, "log level: debug, info, warn, error"},
		{"SIMASN_LOG_FORMAT", "--log-format", d.LogFormat, "log format: text or json"},
		{"SIMASN_REQUEST_TIMEOUT", "", d.RequestTimeout.String(), "bound on one request, on every transport"},
		{"SIMASN_SHUTDOWN_TIMEOUT", "", d.ShutdownTimeout.String(), "grace period for in-flight requests on SIGINT/SIGTERM"},
		{"SIMASN_MAX_BODY_BYTES", "", strconv.FormatInt(d.MaxBodyBytes, 10), "largest request body and websocket message, in bytes"},
		{"SIMASN_TOKEN_SECRET", "", "random per process", "secret that signs access tokens, at least 32 bytes; share it between instances"},
		{"SIMASN_TOKEN_TTL", "", d.TokenTTL.String(), "lifetime of an access token"},
		{"SIMASN_INTROSPECTION", "", "false (true with --demo)", "GraphQL introspection and field suggestions"},
		{"SIMASN_ALLOWED_ORIGINS", "", "none", "browser origins allowed to open websockets besides the server's own, comma-separated"},
		{"SIMASN_LOGIN_PER_MINUTE", "", strconv.Itoa(d.LoginPerMinute), "sign-in attempts per client address per minute"},
		{"SIMASN_WS_MAX_OPERATIONS", "", strconv.Itoa(d.WSMaxOperations), "operations running at once on one websocket"},
		{"SIMASN_WS_MAX_CONNECTIONS_PER_ADDRESS", "", strconv.Itoa(d.WSMaxConnectionsPerAddress), "websockets open at once from one client address"},
		{"SIMASN_WS_IOURING", "", strconv.FormatBool(d.WSIOURing), "send websocket frames to many connections with one io_uring submission (false: one sendmsg each)"},
		{"SIMASN_MIN_GROUP_SIZE", "", strconv.Itoa(d.MinGroupSize), "k of the aggregates' disclosure control: smaller groups are suppressed"},
		{"SIMASN_ANALYTICS_CACHE_MB", "", strconv.Itoa(d.AnalyticsCacheMB), "memory of the analytics result cache, in MiB (answers are never stale: kept per change fingerprint); 0 turns it off"},
		{"SIMASN_METRICS_ADDR", "", "the main address", "serve /metrics (Prometheus) on this address only, e.g. 127.0.0.1:9090"},
		{"SIMASN_OTEL_ENDPOINT", "", "tracing off", "OTLP/HTTP collector for OpenTelemetry traces, e.g. http://localhost:4318"},
		{"SIMASN_HOLIDAYS", "", "national holidays built in", "extra non-working days for complaint deadlines, e.g. 2026-08-18,2026-12-31"},
		{"SIMASN_ACCOUNT_PASSWORD", "--password-stdin", "generated and printed once", "password of the account that `simasn account create` makes"},
	}
}
