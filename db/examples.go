package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"

	"archway/model"
)

// Example is a public example design for Seed.
type Example struct {
	Slug    string // a name for URLs: lower-case letters, digits, '-' and '_'
	Title   string
	Content Content
}

// ExampleInfo describes a stored example.
type ExampleInfo struct {
	Slug     string
	Title    string
	Revision Revision
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Seed stores the examples, each as a design with one revision and no links,
// if and only if the database holds no design at all: a new installation
// shows something at once, and an existing one is never touched. The check and
// the inserts are one transaction, so two servers starting on one new file
// seed once. It reports whether it seeded. Errors: ErrInvalid for a bad slug
// or empty content, ErrConflict for a slug given twice.
func (d *DB) Seed(ctx context.Context, examples []Example) (bool, error) {
	for _, e := range examples {
		if !slugRE.MatchString(e.Slug) {
			return false, &model.Error{Kind: model.ErrInvalid, Msg: fmt.Sprintf("example %q: invalid slug", e.Slug)}
		}
		if err := e.Content.check(); err != nil {
			return false, err
		}
	}
	seeded := false
	err := d.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM designs`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		now := d.now()
		for _, e := range examples {
			id, err := insertDesign(ctx, tx, now, e.Slug, e.Title)
			if err != nil {
				return err
			}
			if _, err := insertRevision(ctx, tx, id, 1, now, e.Content, 0); err != nil {
				return err
			}
		}
		seeded = len(examples) > 0
		return nil
	})
	return seeded, err
}

// Examples lists the public examples by slug.
func (d *DB) Examples(ctx context.Context) ([]ExampleInfo, error) {
	var out []ExampleInfo
	err := d.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.example, d.title, r.number, r.created_at, r.size, r.errors, r.warnings
			FROM designs d JOIN revisions r ON r.design_id = d.id AND r.number = d.current
			WHERE d.example IS NOT NULL ORDER BY d.example`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e ExampleInfo
			var created int64
			if err := rows.Scan(&e.Slug, &e.Title, &e.Revision.Number, &created,
				&e.Revision.Size, &e.Revision.Errors, &e.Revision.Warnings); err != nil {
				return err
			}
			e.Revision.Created = fromMillis(created)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Example returns the current revision of a public example; examples are
// read-only, so the access is always View. Errors: ErrNotFound.
func (d *DB) Example(ctx context.Context, slug string) (Snapshot, error) {
	var s Snapshot
	err := d.read(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM designs WHERE example = ?`, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return &model.Error{Kind: model.ErrNotFound, Msg: "example not found"}
		}
		if err != nil {
			return err
		}
		s, err = snapshot(ctx, tx, id, 0)
		s.Access = View
		return err
	})
	if err != nil {
		return Snapshot{}, err
	}
	return s, nil
}
