package db

import (
	"context"
	"database/sql"
	"time"

	"archway/model"
)

// Link is a view link as the API names it. Its token is not here: the store
// does not have it.
type Link struct {
	ID      string
	Created time.Time
}

// insertLink makes a link with a fresh token and returns the token.
func insertLink(ctx context.Context, tx *sql.Tx, design int64, access Access, now time.Time) (string, Link, error) {
	tok, h := newToken()
	l := Link{ID: newPublicID(), Created: fromMillis(millis(now))}
	_, err := tx.ExecContext(ctx, `INSERT INTO links (design_id, public_id, kind, token_hash, created_at)
		VALUES (?, ?, ?, ?, ?)`, design, l.ID, string(access), h[:], millis(now))
	if err != nil {
		return "", Link{}, err
	}
	return tok, l, nil
}

// CreateLink adds a view link to the design editToken opens and returns it
// with its token, which is shown only this once. Errors: ErrNotFound.
func (d *DB) CreateLink(ctx context.Context, editToken string) (Link, string, error) {
	var (
		link Link
		tok  string
	)
	err := d.write(ctx, func(tx *sql.Tx) error {
		l, err := resolveEdit(ctx, tx, editToken)
		if err != nil {
			return err
		}
		tok, link, err = insertLink(ctx, tx, l.design, View, d.now())
		return err
	})
	if err != nil {
		return Link{}, "", err
	}
	return link, tok, nil
}

// Links lists the live view links of the design editToken opens, oldest
// first. Errors: ErrNotFound.
func (d *DB) Links(ctx context.Context, editToken string) ([]Link, error) {
	var out []Link
	err := d.read(ctx, func(tx *sql.Tx) error {
		l, err := resolveEdit(ctx, tx, editToken)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT public_id, created_at FROM links
			WHERE design_id = ? AND kind = 'view' AND revoked_at IS NULL ORDER BY id`, l.design)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k Link
			var created int64
			if err := rows.Scan(&k.ID, &created); err != nil {
				return err
			}
			k.Created = fromMillis(created)
			out = append(out, k)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeLink revokes a view link of the design editToken opens; its token
// answers not-found from the moment this returns. The edit link cannot be
// revoked (rotate it instead). Errors: ErrNotFound, also for an id that is
// not a live view link of this design.
func (d *DB) RevokeLink(ctx context.Context, editToken, id string) error {
	return d.write(ctx, func(tx *sql.Tx) error {
		l, err := resolveEdit(ctx, tx, editToken)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE links SET revoked_at = ?
			WHERE design_id = ? AND public_id = ? AND kind = 'view' AND revoked_at IS NULL`,
			millis(d.now()), l.design, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return &model.Error{Kind: model.ErrNotFound, Msg: "link not found"}
		}
		return nil
	})
}

// RotateEdit replaces the edit token of the design editToken opens: the old
// token answers not-found from the moment this returns, and the new one is
// returned (the only time it is shown). View links are untouched.
// Errors: ErrNotFound.
func (d *DB) RotateEdit(ctx context.Context, editToken string) (string, error) {
	var tok string
	err := d.write(ctx, func(tx *sql.Tx) error {
		l, err := resolveEdit(ctx, tx, editToken)
		if err != nil {
			return err
		}
		now := d.now()
		if _, err := tx.ExecContext(ctx, `UPDATE links SET revoked_at = ? WHERE id = ?`, millis(now), l.id); err != nil {
			return err
		}
		tok, _, err = insertLink(ctx, tx, l.design, Edit, now)
		return err
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}
