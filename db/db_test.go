package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// openTest opens a store on a real file in a fresh temporary directory.
func openTest(t testing.TB) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "archway.db"))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, d.Close()) })
	return d
}

// doc returns distinct document bytes for revision-like content i.
func doc(i int) Content {
	return Content{
		Data:     fmt.Appendf(nil, `{"format":"archway/v1","title":"design %d","nodes":[]}`, i),
		Errors:   i % 3,
		Warnings: i % 5,
	}
}

// pragma reads one pragma on one connection of a pool.
func pragma(t *testing.T, pool *sql.DB, name string) string {
	t.Helper()
	conn, err := pool.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	var v string
	require.NoError(t, conn.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v))
	return v
}

func TestOpenPragmas(t *testing.T) {
	d := openTest(t)
	for _, pool := range []struct {
		name string
		db   *sql.DB
	}{{"writer", d.w}, {"reader", d.r}} {
		t.Run(pool.name, func(t *testing.T) {
			assert.Equal(t, "wal", pragma(t, pool.db, "journal_mode"))
			assert.Equal(t, "1", pragma(t, pool.db, "foreign_keys"))
			assert.Equal(t, "5000", pragma(t, pool.db, "busy_timeout"))
			assert.Equal(t, "2", pragma(t, pool.db, "synchronous"), "FULL")
		})
	}
	assert.Equal(t, "1", pragma(t, d.r, "query_only"))
	assert.Equal(t, "0", pragma(t, d.w, "query_only"))
	assert.NoError(t, d.Ping(context.Background()))
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%d")
	require.NoError(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "x.db")
	d, err := Open(context.Background(), path)
	require.NoError(t, err)
	_, err = d.Create(context.Background(), doc(1))
	require.NoError(t, err)
	require.NoError(t, d.Close())
	_, err = os.Stat(path)
	assert.NoError(t, err, "the file must be created at the path given, not at a truncated one")
}

func TestOpenEmptyPath(t *testing.T) {
	_, err := Open(context.Background(), "")
	assert.ErrorIs(t, err, model.ErrInvalid)
}

func TestOpenForeignKeysEnforced(t *testing.T) {
	d := openTest(t)
	_, err := d.w.Exec(`INSERT INTO revisions (design_id, number, created_at, document, size, errors, warnings)
		VALUES (999, 1, 0, x'00', 1, 0, 0)`)
	require.Error(t, err)
	assert.ErrorIs(t, translate(err), model.ErrNotFound)
}

func TestMigrationsRecordedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archway.db")
	for range 2 {
		d, err := Open(context.Background(), path)
		require.NoError(t, err)
		got, err := d.Migrations(context.Background())
		require.NoError(t, err)
		want, err := loadMigrations(migrations)
		require.NoError(t, err)
		require.Len(t, got, len(want))
		for i, m := range want {
			assert.Equal(t, AppliedMigration{Version: m.version, Name: m.name}, got[i])
		}
		require.NoError(t, d.Close())
	}
}

func TestMigrationFailureRollsBack(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	ms := []migration{
		{version: 900, name: "0900_good.sql", sql: "CREATE TABLE good (a INTEGER)"},
		{version: 901, name: "0901_bad.sql", sql: "CREATE TABLE half (a INTEGER); INSERT INTO nosuch VALUES (1)"},
		{version: 902, name: "0902_after.sql", sql: "CREATE TABLE after (a INTEGER)"},
	}
	err := d.applyMigrations(ctx, ms)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "0901_bad.sql")

	tables := func() map[string]bool {
		rows, err := d.r.Query(`SELECT name FROM sqlite_schema WHERE type = 'table'`)
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]bool{}
		for rows.Next() {
			var n string
			require.NoError(t, rows.Scan(&n))
			out[n] = true
		}
		return out
	}()
	assert.True(t, tables["good"])
	assert.False(t, tables["half"], "a failed migration leaves none of its changes")
	assert.False(t, tables["after"], "later migrations do not run")

	applied, err := d.Migrations(ctx)
	require.NoError(t, err)
	names := []string{}
	for _, m := range applied {
		names = append(names, m.Name)
	}
	assert.Contains(t, names, "0900_good.sql")
	assert.NotContains(t, names, "0901_bad.sql")
}

func TestLoadMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr string
	}{
		{
			name: "ordered by number, not by name",
			files: fstest.MapFS{
				"migrations/10_c.sql": {Data: []byte("c")},
				"migrations/2_b.sql":  {Data: []byte("b")},
				"migrations/1_a.sql":  {Data: []byte("a")},
			},
			want: []int{1, 2, 10},
		},
		{
			name:    "no number",
			files:   fstest.MapFS{"migrations/init.sql": {Data: []byte("x")}},
			wantErr: "must start with a positive number",
		},
		{
			name: "duplicate number",
			files: fstest.MapFS{
				"migrations/0001_a.sql": {Data: []byte("a")},
				"migrations/1_b.sql":    {Data: []byte("b")},
			},
			wantErr: "share version 1",
		},
		{
			name:    "zero",
			files:   fstest.MapFS{"migrations/0000_a.sql": {Data: []byte("a")}},
			wantErr: "must start with a positive number",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := loadMigrations(tt.files)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			var got []int
			for _, m := range ms {
				got = append(got, m.version)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTranslate(t *testing.T) {
	d := openTest(t)
	_, err := d.w.Exec(`INSERT INTO designs (created_at, current, example) VALUES (0, 1, 'x'), (0, 1, 'x')`)
	require.Error(t, err)
	unique := err
	userErr := &model.Error{Kind: model.ErrInvalid, Msg: "bad"}
	io := errors.New("disk I/O error")

	tests := []struct {
		name string
		in   error
		kind error // nil: must not be any model kind
		same bool  // returned unchanged
	}{
		{name: "no rows", in: sql.ErrNoRows, kind: model.ErrNotFound},
		{name: "wrapped no rows", in: fmt.Errorf("x: %w", sql.ErrNoRows), kind: model.ErrNotFound},
		{name: "unique constraint", in: unique, kind: model.ErrConflict},
		{name: "model error passes", in: userErr, kind: model.ErrInvalid, same: true},
		{name: "cancelled passes", in: context.Canceled, same: true},
		{name: "other stays internal", in: io},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := translate(tt.in)
			require.Error(t, got)
			if tt.same {
				assert.Same(t, tt.in, got)
			}
			if tt.kind != nil {
				assert.ErrorIs(t, got, tt.kind)
				return
			}
			for _, k := range []error{model.ErrNotFound, model.ErrInvalid, model.ErrConflict} {
				assert.NotErrorIs(t, got, k)
			}
		})
	}
	assert.NoError(t, translate(nil))
}

func TestCancelledContext(t *testing.T) {
	d := openTest(t)
	c, err := d.Create(context.Background(), doc(1))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = d.Save(ctx, c.Edit, 1, doc(2))
	assert.ErrorIs(t, err, context.Canceled)
	_, err = d.Design(ctx, c.Edit, 0)
	assert.ErrorIs(t, err, context.Canceled)
	s, err := d.Design(context.Background(), c.Edit, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Current, "a cancelled save stores nothing")
}
