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
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"archway/db"
	"archway/examples"
	"archway/web"
)

const serveUsage = `Usage: archway serve [--addr :8080] [--db ./data/archway.db]

Serves the editor and the HTTP API. The database is one SQLite file, created
(with its directory) if missing; a new, empty database gets the public
examples. SIGINT or SIGTERM stops the server after the requests in flight,
saves included, have finished.

Flags (each falls back to an environment variable, then to the default):
  --addr ADDR   listen address (ARCHWAY_ADDR; default :8080)
  --db PATH     database file (ARCHWAY_DB; default ./data/archway.db)

Logs are JSON lines on standard error.
`

// exitFailed is serve's status when the server fails after it has started.
const exitFailed = 1

// shutdownGrace bounds how long a stop waits for requests in flight.
const shutdownGrace = 30 * time.Second

// serveConfig is what "archway serve" runs with.
type serveConfig struct {
	addr string
	db   string
}

// parseServe reads the flags; getenv supplies the ARCHWAY_* fallbacks.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	or := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage) }
	var c serveConfig
	fs.StringVar(&c.addr, "addr", or("ARCHWAY_ADDR", ":8080"), "listen address")
	fs.StringVar(&c.db, "db", or("ARCHWAY_DB", "./data/archway.db"), "database file")
	if err := fs.Parse(args); err != nil {
		return serveConfig{}, err
	}
	if fs.NArg() > 0 {
		return serveConfig{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.db == "" {
		return serveConfig{}, errors.New("--db: empty path")
	}
	return c, nil
}

// runServe implements "archway serve".
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseServe(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, serveUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "archway serve: %v\n\n%s", err, serveUsage)
		return exitProblems
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, stop, cfg, log)
}

// serve runs the server until ctx ends, then stops it gracefully. stop
// restores the default signal handling once the first signal has arrived,
// so a second Ctrl-C ends the process at once.
func serve(ctx context.Context, stop func(), cfg serveConfig, log *slog.Logger) int {
	if err := os.MkdirAll(filepath.Dir(cfg.db), 0o750); err != nil {
		log.Error("creating the database directory", "path", cfg.db, "err", err)
		return exitProblems
	}
	store, err := db.Open(ctx, cfg.db)
	if err != nil {
		log.Error("opening the database", "path", cfg.db, "err", err)
		return exitProblems
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
	}()
	if ms, err := store.Migrations(ctx); err == nil && len(ms) > 0 {
		log.Info("database ready", "path", cfg.db, "schema", ms[len(ms)-1].Name)
	}
	seeded, err := web.Seed(ctx, store, examples.Designs())
	if err != nil {
		log.Error("seeding the examples", "err", err)
		return exitFailed
	}
	if seeded {
		log.Info("new database: seeded the public examples")
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Error("listening", "addr", cfg.addr, "err", err)
		return exitProblems
	}
	srv := &http.Server{
		Handler:           web.New(log, store),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	failed := make(chan error, 1)
	go func() { failed <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-failed:
		log.Error("serving", "err", err)
		return exitFailed
	case <-ctx.Done():
	}
	stop()
	log.Info("stopping: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	// Shutdown stops accepting, then waits for every request in flight; their
	// contexts are not cancelled, so a save that has started commits.
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("stopping", "err", err)
		return exitFailed
	}
	log.Info("stopped")
	return exitOK
}
