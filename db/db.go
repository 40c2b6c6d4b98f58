// Package db stores Archway designs in one SQLite file: every save as a new
// revision that is never overwritten, and share links as capabilities whose
// tokens are kept only as SHA-256 hashes.
//
// The store works on canonical document bytes and the counts of their analysis,
// so it depends on nothing in model but its error kinds. Every error a caller
// should tell apart wraps model.ErrNotFound, model.ErrInvalid or model.ErrConflict.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"archway/model"
)

// DB is the store. It is safe for concurrent use.
//
// Writes go through a pool of exactly one connection: database/sql queues
// writers in Go, so concurrent saves wait their turn instead of spinning in
// SQLite's busy handler and failing with "database is locked" under load.
// Reads use a separate pool; in WAL mode they never wait for the writer.
type DB struct {
	w   *sql.DB
	r   *sql.DB
	now func() time.Time
}

// Open opens (creating if needed) the database file at path and applies any
// migrations it has not seen yet.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, &model.Error{Kind: model.ErrInvalid, Msg: "db: empty database path"}
	}
	w, err := sql.Open("sqlite3", dsn(path, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)

	r, err := sql.Open("sqlite3", dsn(path, "_query_only=on"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)

	d := &DB{w: w, r: r, now: time.Now}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// dsn builds the connection string. The pragmas are in the DSN so that every
// connection a pool opens gets them, not only the first.
//
// synchronous=FULL makes SQLite sync the WAL on every commit, so a save that
// was acknowledged survives a power loss too, not only a crash of the process
// (which NORMAL already survives). It costs about 0.2 ms per save on the
// project's machine; docs/performance.md has the numbers.
//
// _stmt_cache_size keeps each connection's prepared statements: the store
// runs a handful of fixed queries, and preparing one again for every call
// took about a quarter of a save's time in the driver.
func dsn(path, extra string) string {
	return "file:" + escapePath(path) +
		"?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_synchronous=FULL&_stmt_cache_size=64&" + extra
}

// escapePath keeps characters that mean something in a URI out of the path.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Close closes both pools. In-flight calls finish first.
func (d *DB) Close() error {
	return errors.Join(d.r.Close(), d.w.Close())
}

// Ping checks that the database answers a query; used by liveness checks.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return translate(d.r.QueryRowContext(ctx, "SELECT 1").Scan(&one))
}

// ErrDesignNotFound is the one answer for every token that does not open a
// design: a wrong, revoked or rotated token and a view token on a mutating
// call all look the same, so nothing reveals that a design exists. Callers
// that refuse a token for reasons of their own answer it too.
var ErrDesignNotFound error = &model.Error{Kind: model.ErrNotFound, Msg: "design not found"}

// translate turns driver errors into the domain's error kinds. It is called
// once, where an error leaves the package (write, read, Ping). Errors that a
// caller cannot cause (I/O, corruption, a busy database) stay internal and are
// wrapped so that logs keep the driver's message.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrDesignNotFound
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return &model.Error{Kind: model.ErrConflict, Msg: "already exists"}
		case sqlite3.ErrConstraintForeignKey:
			return ErrDesignNotFound
		}
	}
	return fmt.Errorf("db: %w", err)
}

// write runs fn in an immediate transaction on the writer connection.
func (d *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return translate(err)
	}
	return translate(tx.Commit())
}

// read runs fn in a read transaction, so that several queries see one snapshot.
func (d *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.r.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback() // read-only: nothing to undo, so its error does not matter
	return translate(fn(tx))
}

// millis is how times are stored.
func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
