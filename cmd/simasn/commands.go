package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"simasn/internal/attendance"
	"simasn/internal/auth"
	"simasn/internal/complaintdesk"
	"simasn/internal/config"
	"simasn/internal/dates"
	"simasn/internal/feed"
	"simasn/internal/metrics"
	"simasn/internal/seed"
	"simasn/internal/server"
	"simasn/internal/store"
	"simasn/internal/tracing"
	"simasn/internal/web"
	"simasn/internal/webhook"
)

// setup parses the flags of a command over the environment and returns the
// configuration and a logger.
func setup(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet, *config.Config)) (config.Config, *slog.Logger, error) {
	cfg := config.Default()
	if err := cfg.FromEnv(getenv); err != nil {
		return cfg, nil, err
	}
	fs := flag.NewFlagSet("simasn "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	if extra != nil {
		extra(fs, &cfg)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	if fs.NArg() > 0 {
		return cfg, nil, fmt.Errorf("%s: unexpected arguments %v", name, fs.Args())
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, err
	}
	level, _ := cfg.Level()
	hopts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(stderr, hopts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(stderr, hopts)
	}
	return cfg, slog.New(tracing.LogHandler(h)), nil
}

// open connects to the database and applies the pending migrations, as the
// operator tools (seed, account) do.
func open(ctx context.Context, cfg config.Config, logger *slog.Logger, opts ...store.Option) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL, opts...)
	if err != nil {
		return nil, err
	}
	if err := migrateUp(ctx, db, logger); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// migrateUp applies the pending migrations and logs each.
func migrateUp(ctx context.Context, db *store.DB, logger *slog.Logger) error {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if st.UpToDate() {
		logger.Info("schema up to date", "dialect", db.Dialect, "version", st.Version)
		return nil
	}
	logger.Info("migrating the schema", "dialect", db.Dialect, "status", st.Describe())
	start := time.Now()
	applied, err := db.MigrateTo(ctx, 0)
	for _, m := range applied {
		logger.Info("migration applied", "file", m.File)
	}
	if err != nil {
		return err
	}
	if st.Legacy {
		logger.Info("adopted a database created before versioned migrations", "version", st.Latest)
	}
	logger.Info("schema migrated", "dialect", db.Dialect, "version", st.Latest, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// checkSchema refuses a database whose schema does not match this binary,
// unless serve was asked to migrate it.
func checkSchema(ctx context.Context, db *store.DB, cfg config.Config, logger *slog.Logger) error {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	switch {
	case st.UpToDate():
		logger.Info("schema up to date", "dialect", db.Dialect, "version", st.Version)
		return nil
	case st.Dirty || st.Ahead:
		return fmt.Errorf("refusing to serve: %s", st.Describe())
	case cfg.Migrate:
		return migrateUp(ctx, db, logger)
	}
	return refusal(st)
}

// refusal says why serve does not start on a database, and what to run.
func refusal(st store.MigrationStatus) error {
	if st.Dirty || st.Ahead {
		return fmt.Errorf("refusing to serve: %s", st.Describe())
	}
	return fmt.Errorf("refusing to serve: %s.\n"+
		"Apply the migrations with `simasn migrate up` (see the SQL first with `simasn migrate up --dry-run`),\n"+
		"or let serve apply them at start-up with --migrate (SIMASN_MIGRATE=true)", st.Describe())
}

func serveCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, logger, err := setup("serve", args, getenv, stderr, func(fs *flag.FlagSet, c *config.Config) {
		fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (env SIMASN_ADDR)")
		fs.BoolVar(&c.Demo, "demo", false, "load the demo dataset when the database is empty (implies --migrate)")
		fs.BoolVar(&c.Migrate, "migrate", c.Migrate, "apply pending schema migrations at start-up instead of refusing the database (env SIMASN_MIGRATE)")
	})
	if err != nil {
		return err
	}
	if cfg.Demo {
		cfg.Introspection = true
		cfg.Migrate = true
	}
	logger.Info("starting simasn", "config", cfg)
	if !cfg.Migrate {
		// Refuse before opening, so that a mistyped SQLite path is not
		// created empty.
		if st, err := store.Inspect(ctx, cfg.DatabaseURL); err != nil {
			return err
		} else if !st.UpToDate() {
			return refusal(st)
		}
	}
	tp, stopTracing, err := tracing.Setup(ctx, cfg.OTelEndpoint)
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTracing(sctx); err != nil {
			logger.Warn("flushing traces", "err", err)
		}
	}()
	storeOpts := []store.Option{store.WithAnalyticsCache(int64(cfg.AnalyticsCacheMB) << 20)}
	if tp != nil {
		storeOpts = append(storeOpts, store.WithDriver(tracing.Driver(tp)))
		logger.Info("tracing on", "otlp_endpoint", config.Mask(cfg.OTelEndpoint))
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, storeOpts...)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkSchema(ctx, db, cfg, logger); err != nil {
		return err
	}
	if cfg.Demo {
		if err := loadDemo(ctx, db, logger); err != nil {
			return err
		}
	}
	secret := []byte(cfg.TokenSecret)
	if len(secret) == 0 {
		secret = auth.RandomSecret()
		if !cfg.Demo {
			logger.Warn("SIMASN_TOKEN_SECRET is not set: using a random secret. Tokens stop working when this process restarts and are not accepted by other instances. Set SIMASN_TOKEN_SECRET to at least 32 random bytes in production.")
		}
	}
	tokens, err := auth.NewTokens(secret, cfg.TokenTTL, nil)
	if err != nil {
		return err
	}
	limiter := auth.NewLimiter(cfg.LoginPerMinute, nil)
	limiter.Logger = logger // lock-outs are warnings with the username and address
	authn := auth.NewService(db.Client, tokens, limiter, nil)
	if cfg.Demo {
		authn.AllowDemoAccounts()
		logger.Warn("DEMO MODE: the demo accounts, whose passwords are published, may sign in; never run --demo on a real server")
	} else if names, err := authn.DemoAccountNames(ctx); err != nil {
		return err
	} else if len(names) > 0 {
		logger.Warn("this database holds demo accounts with published passwords; without --demo they are refused at sign-in. Delete or deactivate them", "accounts", names)
	}
	cal, err := complaintdesk.CalendarFromEnv(getenv)
	if err != nil {
		return err
	}
	complaintdesk.SetCalendar(cal)
	hub := db.NewHub(feed.Options{Logger: logger, Tracer: tp})
	hubCtx, stopHub := context.WithCancel(context.WithoutCancel(ctx))
	hubDone := make(chan error, 1)
	go func() { hubDone <- hub.Run(hubCtx) }()
	defer func() {
		stopHub()
		if err := <-hubDone; err != nil {
			logger.Error("complaint feed stopped", "err", err)
		}
	}()
	if db.Dialect == dialect.Postgres {
		// Other instances' account changes drop this one's remembered
		// viewers at once (and this one's changes theirs).
		if err := authn.ListenForAccountChanges(ctx, db.URL, logger, nil); err != nil {
			return err
		}
	}
	go autoClose(ctx, db, logger)
	// Webhooks: the complaint log to the registered endpoints.
	hooks := &webhook.Deliverer{Client: db.Client, Logger: logger}
	go func() { _ = hooks.Run(ctx, 2*time.Second) }()
	// Listen before serving, so a taken port fails at once.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	m := metrics.New()
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(cfg.MetricsAddr, m, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	handler := server.New(db, logger, server.Options{
		Metrics:          m,
		Tracer:           tp,
		MetricsElsewhere: cfg.MetricsAddr != "",
		MaxBodyBytes:     cfg.MaxBodyBytes,
		RequestTimeout:   cfg.RequestTimeout,
		Introspection:    cfg.Introspection,
		Auth:             authn,
		Hub:              hub,
		AllowedOrigins:   cfg.AllowedOrigins,
		MinGroupSize:     cfg.MinGroupSize,
		Web:              web.Handler(webConfig(cfg.Demo)),

		MaxOperationsPerConnection: cfg.WSMaxOperations,
		MaxConnectionsPerAddress:   cfg.WSMaxConnectionsPerAddress,
		WebsocketNoIOURing:         !cfg.WSIOURing,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       cfg.RequestTimeout,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// http.Server.Shutdown waits for no hijacked websocket and forever for
	// an event stream: the handler ends them, alongside, completing every
	// subscription and closing each websocket with 1012 (service restart)
	// so clients resume elsewhere by cursor. The feed stops only after.
	streamsDone := make(chan struct{})
	var shutdownCtx context.Context
	srv.RegisterOnShutdown(func() {
		defer close(streamsDone)
		if err := handler.Shutdown(shutdownCtx); err != nil {
			logger.Warn("streams still open at the end of the grace period", "err", err)
		}
	})
	logger.Info("listening", "addr", ln.Addr().String(), "graphql", "http://"+displayAddr(ln.Addr())+"/query", "dashboard", "http://"+displayAddr(ln.Addr())+"/", "graphiql", "http://"+displayAddr(ln.Addr())+"/graphiql")
	fmt.Fprintf(stdout, "SIMASN listening on http://%s/ (dashboard at /, GraphQL at /query, GraphiQL at /graphiql)\n", displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	shutdownCtx = sctx
	err = srv.Shutdown(sctx)
	<-streamsDone
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// serveMetrics serves /metrics on an address of its own until stop.
func serveMetrics(addr string, m *metrics.Metrics, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (SIMASN_METRICS_ADDR): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	go func() { _ = srv.Serve(ln) }()
	logger.Info("metrics", "url", "http://"+displayAddr(ln.Addr())+"/metrics")
	return func() { _ = srv.Close() }, nil
}

// webConfig is what the dashboard learns about the server: in demo mode,
// the demo accounts (whose passwords are published) to sign in with one click.
func webConfig(demo bool) web.Config {
	cfg := web.Config{Demo: demo}
	if demo {
		for _, a := range auth.DemoAccounts {
			cfg.DemoAccounts = append(cfg.DemoAccounts, web.Account{Username: a.Username, Password: a.Password, Role: string(a.Role), Note: a.Note})
		}
	}
	return cfg
}

// autoClose closes, every hour, the answered complaints whose reporters did
// not object within the 10-working-day window, and completes yesterday's
// attendance (attendance.CloseDay).
func autoClose(ctx context.Context, db *store.DB, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := complaintdesk.AutoClose(ctx, db.Client, complaintdesk.Calendar(), time.Now())
			switch {
			case err != nil:
				logger.Error("auto-close complaints", "err", err)
			case n > 0:
				logger.Info("auto-closed answered complaints after the objection window", "closed", n)
			}
			// Yesterday's attendance (WIB): absences without reason and
			// missing check-outs. Idempotent, so every hour is harmless.
			now := time.Now()
			m, err := attendance.CloseDay(ctx, db.Client, complaintdesk.Calendar(), dates.Today(now).AddDate(0, 0, -1), now)
			switch {
			case err != nil:
				logger.Error("close yesterday's attendance", "err", err)
			case m > 0:
				logger.Info("closed yesterday's attendance", "records", m)
			}
		}
	}
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// loadDemo loads the demo data and accounts into an empty database.
func loadDemo(ctx context.Context, db *store.DB, logger *slog.Logger) error {
	empty, err := seed.Empty(ctx, db.Client)
	if err != nil {
		return err
	}
	if !empty {
		logger.Info("demo data not loaded: the database already holds data")
		return nil
	}
	start := time.Now()
	logger.Info("loading the demo data; progress follows")
	progress := &lineLog{logger: logger, msg: "loading the demo data"}
	sum, err := seed.Demo(ctx, db.Client, time.Now(), progress)
	progress.flush()
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	if err := auth.CreateDemoAccounts(ctx, db.Client); err != nil {
		return err
	}
	logger.Info("demo data loaded", "took", time.Since(start).Round(time.Millisecond),
		"regions", sum.Regions, "units", sum.Units, "employees", sum.Employees, "trainings", sum.Trainings,
		"enrollments", sum.Enrollments, "appraisals", sum.Appraisals, "work_logs", sum.WorkLogs)
	return nil
}

// migrateCmd is `simasn migrate status` and `simasn migrate up [--dry-run]`
// (`simasn migrate` alone is up).
func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	sub := "up"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	if sub != "up" && sub != "status" {
		return fmt.Errorf("migrate: unknown subcommand %q: want status or up", sub)
	}
	var dryRun bool
	cfg, logger, err := setup("migrate "+sub, args, getenv, stderr, func(fs *flag.FlagSet, _ *config.Config) {
		if sub == "up" {
			fs.BoolVar(&dryRun, "dry-run", false, "print the SQL of the pending migrations, and write nothing")
		}
	})
	if err != nil {
		return err
	}
	logger.Info("migrate", "config", cfg, "command", sub, "dry_run", dryRun)
	if sub == "status" || dryRun {
		// Inspect writes nothing: it does not even create a missing SQLite file.
		st, err := store.Inspect(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		if dryRun {
			return store.WritePlan(stdout, st)
		}
		fmt.Fprintf(stdout, "%s\n", st.Describe())
		fmt.Fprintf(stdout, "dialect %s, version %d, latest %d\n", st.Dialect, st.Version, st.Latest)
		for _, m := range st.Pending {
			fmt.Fprintf(stdout, "pending %s\n", m.File)
		}
		return nil
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := migrateUp(ctx, db, logger); err != nil {
		return err
	}
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, st.Describe())
	return nil
}

func seedCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var employees int
	cfg, logger, err := setup("seed", args, getenv, stderr, func(fs *flag.FlagSet, _ *config.Config) {
		fs.IntVar(&employees, "employees", 0, "build a scale dataset with this many employees instead of the demo dataset")
	})
	if err != nil {
		return err
	}
	if employees < 0 {
		return fmt.Errorf("--employees must be positive, got %d", employees)
	}
	logger.Info("seed", "config", cfg, "employees", employees)
	db, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	var sum seed.Summary
	if employees > 0 {
		sum, err = seed.Scale(ctx, db.Client, employees, time.Now(), stdout)
	} else {
		empty, eerr := seed.Empty(ctx, db.Client)
		if eerr != nil {
			return eerr
		}
		if !empty {
			return errors.New("the database already holds data; the demo dataset loads only into an empty database")
		}
		sum, err = seed.Demo(ctx, db.Client, time.Now(), stdout)
	}
	if err != nil {
		return err
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded in %s: %d regions, %d units, %d employees, %d career events, %d trainings, %d enrollments, %d appraisals, %d work logs\n",
		time.Since(start).Round(time.Millisecond), sum.Regions, sum.Units, sum.Employees, sum.CareerEvents, sum.Trainings, sum.Enrollments, sum.Appraisals, sum.WorkLogs)
	return nil
}

// lineLog is an io.Writer that logs each line written to it, so that the
// seeder's progress lines reach the structured log as they come.
type lineLog struct {
	logger *slog.Logger
	msg    string
	buf    []byte
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.log(string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
}

// flush logs a last line that did not end with a newline.
func (l *lineLog) flush() {
	if len(l.buf) > 0 {
		l.log(string(l.buf))
		l.buf = nil
	}
}

func (l *lineLog) log(line string) {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "seed:"))
	if line != "" {
		l.logger.Info(l.msg, "progress", line)
	}
}
