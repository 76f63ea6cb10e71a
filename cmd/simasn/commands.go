package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"simasn/internal/attendance"
	"simasn/internal/auth"
	"simasn/internal/complaintdesk"
	"simasn/internal/config"
	"simasn/internal/dates"
	"simasn/internal/feed"
	"simasn/internal/seed"
	"simasn/internal/server"
	"simasn/internal/store"
	"simasn/internal/web"
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
	return cfg, slog.New(h), nil
}

// open connects to the database and applies the schema.
func open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	logger.Info("schema applied", "dialect", db.Dialect, "took", time.Since(start).Round(time.Millisecond))
	return db, nil
}

func serveCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, logger, err := setup("serve", args, getenv, stderr, func(fs *flag.FlagSet, c *config.Config) {
		fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (env SIMASN_ADDR)")
		fs.BoolVar(&c.Demo, "demo", false, "load the demo dataset when the database is empty")
	})
	if err != nil {
		return err
	}
	if cfg.Demo {
		cfg.Introspection = true
	}
	logger.Info("starting simasn", "config", cfg)
	db, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
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
	hub := db.NewHub(feed.Options{Logger: logger})
	hubCtx, stopHub := context.WithCancel(context.WithoutCancel(ctx))
	hubDone := make(chan error, 1)
	go func() { hubDone <- hub.Run(hubCtx) }()
	defer func() {
		stopHub()
		if err := <-hubDone; err != nil {
			logger.Error("complaint feed stopped", "err", err)
		}
	}()
	go autoClose(ctx, db, logger)
	// Listen before serving, so a taken port fails at once.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	handler := server.New(db, logger, server.Options{
		MaxBodyBytes:   cfg.MaxBodyBytes,
		RequestTimeout: cfg.RequestTimeout,
		Introspection:  cfg.Introspection,
		Auth:           authn,
		Hub:            hub,
		AllowedOrigins: cfg.AllowedOrigins,
		MinGroupSize:   cfg.MinGroupSize,
		Web:            web.Handler(webConfig(cfg.Demo)),

		MaxOperationsPerConnection: cfg.WSMaxOperations,
		MaxConnectionsPerAddress:   cfg.WSMaxConnectionsPerAddress,
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
	logger.Info("loading the demo data")
	sum, err := seed.Demo(ctx, db.Client, time.Now(), io.Discard)
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

func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var dryRun bool
	cfg, logger, err := setup("migrate", args, getenv, stderr, func(fs *flag.FlagSet, _ *config.Config) {
		fs.BoolVar(&dryRun, "dry-run", false, "print the SQL the migration would run, and change nothing")
	})
	if err != nil {
		return err
	}
	logger.Info("migrate", "config", cfg, "dry_run", dryRun)
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if dryRun {
		return db.WriteMigration(ctx, stdout)
	}
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "schema is up to date")
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
