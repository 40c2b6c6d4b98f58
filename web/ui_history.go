package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
)

// undoRedo replays a design's revisions as an editor's undo history and
// returns the revisions Undo and Redo go to (0: none). Undo and redo are
// reverts, so the history never loses a revision: a revert to the revision
// on top of the undo stack was an undo, one to the top of the redo stack a
// redo, and any other save (a revert from the revision list included) is a
// new change that clears the redo stack. The answer depends only on the
// stored revisions, so it survives reloads and is the same in every tab.
func undoRedo(revs []db.Revision) (undo, redo int) {
	asc := slices.Clone(revs)
	slices.SortFunc(asc, func(a, b db.Revision) int { return a.Number - b.Number })
	var undos, redos []int
	cur := 0
	for _, r := range asc {
		k := r.RevertedTo
		switch {
		case cur == 0:
			cur = r.Number
		case k != 0 && len(undos) > 0 && undos[len(undos)-1] == k:
			undos = undos[:len(undos)-1]
			redos = append(redos, cur)
			cur = k
		case k != 0 && len(redos) > 0 && redos[len(redos)-1] == k:
			redos = redos[:len(redos)-1]
			undos = append(undos, cur)
			cur = k
		default:
			undos = append(undos, cur)
			redos = redos[:0]
			cur = r.Number
		}
	}
	if len(undos) > 0 {
		undo = undos[len(undos)-1]
	}
	if len(redos) > 0 {
		redo = redos[len(redos)-1]
	}
	return undo, redo
}

// undo goes back one change, as a new revision.
func (u *ui) undo(c echo.Context) error { return u.step(c, true) }

// redo goes forward again, as a new revision.
func (u *ui) redo(c echo.Context) error { return u.step(c, false) }

func (u *ui) step(c echo.Context, back bool) error {
	ctx := c.Request().Context()
	tok := token(c)
	revs, err := u.designs.Revisions(ctx, tok)
	if err != nil {
		return err
	}
	target, fwd := undoRedo(revs)
	if !back {
		target = fwd
	}
	if target == 0 {
		return u.refuse(c, tok, http.StatusUnprocessableEntity, map[bool]string{true: "Nothing to undo.", false: "Nothing to redo."}[back], selection(c))
	}
	return u.revertTo(c, tok, base(c), target)
}

// revert makes a new revision equal to an older one, from the revision list.
func (u *ui) revert(c echo.Context) error {
	n, err := strconv.Atoi(c.FormValue("revision"))
	if err != nil || n < 1 {
		return problem(http.StatusBadRequest, "revision", "a revision number is required")
	}
	return u.revertTo(c, token(c), base(c), n)
}

func (u *ui) revertTo(c echo.Context, tok string, base, n int) error {
	ctx := c.Request().Context()
	if _, err := u.designs.Revert(ctx, tok, base, n); err != nil {
		if isConflict(err) {
			return u.stale(c, err)
		}
		return err
	}
	l, err := u.load(ctx, tok, db.Edit)
	if err != nil {
		return err
	}
	sel := knownIDs(l.design, selection(c))
	w, err := u.workspaceOf(ctx, tok, l, true, sel, nil)
	if err != nil {
		return err
	}
	events{}.sel(sel).send(c)
	parts := u.updateParts(w, shownBy(c))
	if c.FormValue("revision") != "" {
		list, err := u.revisionList(c, tok, w.Base)
		if err != nil {
			return err
		}
		parts = append(parts, list)
	}
	return writeHTML(c, http.StatusOK, parts...)
}

// revisions answers the body of the history dialog.
func (u *ui) revisions(c echo.Context) error {
	tok := token(c)
	list, err := u.revisionList(c, tok, "/e/"+tok)
	if err != nil {
		return err
	}
	return writeHTML(c, http.StatusOK, list)
}

func (u *ui) revisionList(c echo.Context, tok, base string) (templ.Component, error) {
	revs, err := u.designs.Revisions(c.Request().Context(), tok)
	if err != nil {
		return nil, err
	}
	out := make([]revisionView, len(revs))
	for i, r := range revs {
		out[i] = revisionView{Number: r.Number, Created: r.Created.Format("2006-01-02 15:04:05 UTC"), Size: r.Size,
			Errors: r.Errors, Warnings: r.Warnings, RevertedTo: r.RevertedTo, Current: i == 0}
	}
	return revisionList(base+"/ui", base, out, true), nil
}

func isConflict(err error) bool { return errors.Is(err, model.ErrConflict) }
