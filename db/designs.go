package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"archway/model"
)

// Access is what a token allows.
type Access string

// The two kinds of share link.
const (
	View Access = "view"
	Edit Access = "edit"
)

// Content is a document to store: its canonical bytes and the counts of its
// analysis, which the revision list shows without analysing every revision.
type Content struct {
	Data     []byte
	Errors   int
	Warnings int
}

func (c Content) check() error {
	if len(c.Data) == 0 {
		return &model.Error{Kind: model.ErrInvalid, Msg: "empty document"}
	}
	if c.Errors < 0 || c.Warnings < 0 {
		return &model.Error{Kind: model.ErrInvalid, Msg: "negative finding count"}
	}
	return nil
}

// Revision describes one stored revision of a design.
type Revision struct {
	Number     int
	Created    time.Time
	Size       int // bytes of the stored document
	Errors     int
	Warnings   int
	RevertedTo int // for a revision made by a revert, the revision it copied; else 0
}

// Snapshot is one revision of a design as the holder of a token sees it.
type Snapshot struct {
	Access   Access
	Current  int // the design's current revision
	Revision Revision
	Data     []byte
}

// Created holds the tokens of a new design. They exist only here: the store
// keeps their hashes, so a lost token cannot be shown again.
type Created struct {
	Edit     string
	View     string
	ViewLink Link
	Revision Revision
}

// linkRow is a resolved token.
type linkRow struct {
	id     int64
	design int64
	access Access
}

// resolve finds the live link a token names. Every failure is ErrDesignNotFound.
func resolve(ctx context.Context, tx *sql.Tx, token string) (linkRow, error) {
	if !ValidToken(token) {
		return linkRow{}, ErrDesignNotFound
	}
	h := hashToken(token)
	var l linkRow
	var stored []byte
	err := tx.QueryRowContext(ctx,
		`SELECT id, design_id, kind, token_hash FROM links WHERE token_hash = ? AND revoked_at IS NULL`,
		h[:]).Scan(&l.id, &l.design, &l.access, &stored)
	if err != nil {
		return linkRow{}, err
	}
	if !sameHash(stored, h) {
		return linkRow{}, ErrDesignNotFound
	}
	return l, nil
}

// resolveEdit is resolve for mutating calls: a view token answers ErrDesignNotFound,
// exactly like a token that does not exist.
func resolveEdit(ctx context.Context, tx *sql.Tx, token string) (linkRow, error) {
	l, err := resolve(ctx, tx, token)
	if err != nil {
		return linkRow{}, err
	}
	if l.access != Edit {
		return linkRow{}, ErrDesignNotFound
	}
	return l, nil
}

// Create stores a new design with c as revision 1, one edit link and one view
// link. Errors: ErrInvalid for empty content.
func (d *DB) Create(ctx context.Context, c Content) (Created, error) {
	if err := c.check(); err != nil {
		return Created{}, err
	}
	var out Created
	err := d.write(ctx, func(tx *sql.Tx) error {
		now := d.now()
		id, err := insertDesign(ctx, tx, now, "", "")
		if err != nil {
			return err
		}
		if out.Revision, err = insertRevision(ctx, tx, id, 1, now, c, 0); err != nil {
			return err
		}
		if out.Edit, _, err = insertLink(ctx, tx, id, Edit, now); err != nil {
			return err
		}
		out.View, out.ViewLink, err = insertLink(ctx, tx, id, View, now)
		return err
	})
	if err != nil {
		return Created{}, err
	}
	return out, nil
}

// Design returns revision number of the design token opens, or the current
// revision when number is 0. Errors: ErrNotFound for a token that opens
// nothing and for a revision that does not exist.
func (d *DB) Design(ctx context.Context, token string, number int) (Snapshot, error) {
	var s Snapshot
	err := d.read(ctx, func(tx *sql.Tx) error {
		l, err := resolve(ctx, tx, token)
		if err != nil {
			return err
		}
		s, err = snapshot(ctx, tx, l.design, number)
		s.Access = l.access
		return err
	})
	if err != nil {
		return Snapshot{}, err
	}
	return s, nil
}

// Current returns what token allows and the design's current revision,
// without reading any document: a cheap check before expensive work. The
// answer can be stale by the time the caller acts on it; Save checks again.
// Errors: ErrNotFound.
func (d *DB) Current(ctx context.Context, token string) (Access, int, error) {
	var (
		access  Access
		current int
	)
	err := d.read(ctx, func(tx *sql.Tx) error {
		l, err := resolve(ctx, tx, token)
		if err != nil {
			return err
		}
		access = l.access
		current, err = currentRevision(ctx, tx, l.design, 0)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	return access, current, nil
}

// snapshot reads one revision of a design (the current one for number 0).
func snapshot(ctx context.Context, tx *sql.Tx, design int64, number int) (Snapshot, error) {
	var s Snapshot
	var err error
	if s.Current, err = currentRevision(ctx, tx, design, 0); err != nil {
		return Snapshot{}, err
	}
	if number == 0 {
		number = s.Current
	}
	var reverted sql.NullInt64
	var created int64
	err = tx.QueryRowContext(ctx, `SELECT number, created_at, size, errors, warnings, reverted_to, document
		FROM revisions WHERE design_id = ? AND number = ?`, design, number).
		Scan(&s.Revision.Number, &created, &s.Revision.Size, &s.Revision.Errors, &s.Revision.Warnings, &reverted, &s.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return Snapshot{}, noRevision(number)
	}
	if err != nil {
		return Snapshot{}, err
	}
	s.Revision.Created = fromMillis(created)
	s.Revision.RevertedTo = int(reverted.Int64)
	return s, nil
}

func noRevision(n int) error {
	return &model.Error{Kind: model.ErrNotFound, Msg: fmt.Sprintf("revision %d not found", n)}
}

// Revisions lists the revisions of the design token opens, newest first,
// without their documents. Errors: ErrNotFound.
func (d *DB) Revisions(ctx context.Context, token string) ([]Revision, error) {
	var out []Revision
	err := d.read(ctx, func(tx *sql.Tx) error {
		l, err := resolve(ctx, tx, token)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT number, created_at, size, errors, warnings, reverted_to
			FROM revisions WHERE design_id = ? ORDER BY number DESC`, l.design)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Revision
			var created int64
			var reverted sql.NullInt64
			if err := rows.Scan(&r.Number, &created, &r.Size, &r.Errors, &r.Warnings, &reverted); err != nil {
				return err
			}
			r.Created = fromMillis(created)
			r.RevertedTo = int(reverted.Int64)
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Save stores c as the next revision of the design editToken opens, provided
// base is its current revision. A stale base is refused, never merged.
// Errors: ErrNotFound (no such edit token; view tokens included), ErrConflict
// (base is not the current revision), ErrInvalid (empty content, base < 1).
func (d *DB) Save(ctx context.Context, editToken string, base int, c Content) (Revision, error) {
	if err := c.check(); err != nil {
		return Revision{}, err
	}
	if base < 1 {
		return Revision{}, &model.Error{Kind: model.ErrInvalid, Msg: "a save must name the revision it is based on"}
	}
	var out Revision
	err := d.write(ctx, func(tx *sql.Tx) error {
		l, err := resolveEdit(ctx, tx, editToken)
		if err != nil {
			return err
		}
		current, err := currentRevision(ctx, tx, l.design, base)
		if err != nil {
			return err
		}
		out, err = appendRevision(ctx, tx, l.design, current+1, d.now(), c, 0)
		return err
	})
	if err != nil {
		return Revision{}, err
	}
	return out, nil
}

// Revert makes a new revision whose document equals revision number. When
// base is not 0 it must be the current revision, as for Save. Errors:
// ErrNotFound (token, or no such revision), ErrConflict (stale base).
func (d *DB) Revert(ctx context.Context, editToken string, base, number int) (Revision, error) {
	if number < 1 {
		return Revision{}, noRevision(number) // snapshot would read 0 as "current"
	}
	var out Revision
	err := d.write(ctx, func(tx *sql.Tx) error {
		l, err := resolveEdit(ctx, tx, editToken)
		if err != nil {
			return err
		}
		current, err := currentRevision(ctx, tx, l.design, base)
		if err != nil {
			return err
		}
		old, err := snapshot(ctx, tx, l.design, number)
		if err != nil {
			return err
		}
		c := Content{Data: old.Data, Errors: old.Revision.Errors, Warnings: old.Revision.Warnings}
		out, err = appendRevision(ctx, tx, l.design, current+1, d.now(), c, number)
		return err
	})
	if err != nil {
		return Revision{}, err
	}
	return out, nil
}

// currentRevision reads a design's current revision and checks base against
// it (base 0 skips the check).
func currentRevision(ctx context.Context, tx *sql.Tx, design int64, base int) (int, error) {
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT current FROM designs WHERE id = ?`, design).Scan(&current); err != nil {
		return 0, err
	}
	if base != 0 && base != current {
		return 0, Stale(base, current)
	}
	return current, nil
}

// Stale is the ErrConflict a save based on revision base gets when the design
// is at revision current. Callers that check early answer it too.
func Stale(base, current int) error {
	return &model.Error{Kind: model.ErrConflict,
		Msg: fmt.Sprintf("revision %d is not the current revision: the design is at revision %d", base, current)}
}

// appendRevision inserts revision number and makes it current.
func appendRevision(ctx context.Context, tx *sql.Tx, design int64, number int, now time.Time, c Content, revertedTo int) (Revision, error) {
	r, err := insertRevision(ctx, tx, design, number, now, c, revertedTo)
	if err != nil {
		return Revision{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE designs SET current = ? WHERE id = ?`, number, design); err != nil {
		return Revision{}, err
	}
	return r, nil
}

func insertDesign(ctx context.Context, tx *sql.Tx, now time.Time, example, title string) (int64, error) {
	var ex sql.NullString
	if example != "" {
		ex = sql.NullString{String: example, Valid: true}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO designs (created_at, current, example, title) VALUES (?, 1, ?, ?)`,
		millis(now), ex, title)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func insertRevision(ctx context.Context, tx *sql.Tx, design int64, number int, now time.Time, c Content, revertedTo int) (Revision, error) {
	var reverted sql.NullInt64
	if revertedTo != 0 {
		reverted = sql.NullInt64{Int64: int64(revertedTo), Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO revisions
		(design_id, number, created_at, document, size, errors, warnings, reverted_to)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		design, number, millis(now), c.Data, len(c.Data), c.Errors, c.Warnings, reverted)
	if err != nil {
		return Revision{}, err
	}
	return Revision{
		Number: number, Created: fromMillis(millis(now)), Size: len(c.Data),
		Errors: c.Errors, Warnings: c.Warnings, RevertedTo: revertedTo,
	}, nil
}
