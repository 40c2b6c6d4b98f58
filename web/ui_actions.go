package web

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
	"archway/model/analyze"
	"archway/render"
)

// layoutBoxes is where the renderer draws every boxed node of d.
func layoutBoxes(d *model.Design) map[string]box { return boxesOf(render.Layout(d)) }

// boxesOf reads the boxes of a laid-out design.
func boxesOf(laid *model.Design) map[string]box {
	out := make(map[string]box, len(laid.Nodes))
	for _, n := range laid.Nodes {
		if n != nil && n.X != nil && n.Y != nil && n.W != nil && n.H != nil {
			out[n.ID] = box{*n.X, *n.Y, *n.W, *n.H}
		}
	}
	return out
}

// edited is a design as an action leaves it, ready to save.
type edited struct {
	design *model.Design
	// boxes are its layout boxes (layoutBoxes), known from routing it.
	boxes map[string]box
	// sem is its semanticKey when known because the action only moved or
	// resized nodes of a design with that key: positions mean nothing to
	// the checks and engines, so an analysis of the same design anywhere
	// else holds.
	sem string
	// drawing, when not nil, is its drawing, started already.
	drawing <-chan drawn
}

// withRoutes is d as the editor saves it: every arrow's route stored (see
// render.Route), so a later move re-routes only the arrows it touches. The
// editor pinned the nodes already; a card keeps the size the renderer gives
// it unless someone resized it (a chip added later makes it grow).
func withRoutes(d *model.Design, sem string) edited { return savedAs(d, render.Route(d), sem) }

// routedAndDrawn is withRoutes and the drawing of the result (drawAsync)
// from one pass of the renderer, which lays the design out and routes its
// arrows once for both; the drawing is split beside the caller's work.
func routedAndDrawn(d *model.Design, an *model.Analysis, sel []string, sem string) (edited, error) {
	hl := highlightOf(d, sel)
	r, svg, err := render.RouteSVG(d, usable(an), canvasOptions(hl))
	if err != nil {
		return edited{}, err
	}
	e := savedAs(d, r, sem)
	out := make(chan drawn, 1)
	go func() {
		r := drawn{st: &stepTimes{last: time.Now()}}
		defer func() { out <- r }()
		defer recovered(&r.err)
		r.cv = canvasOf(d, svg, hl, r.st)
	}()
	e.drawing = out
	return e, nil
}

// savedAs is d as the editor saves it, given r, its routed form.
func savedAs(d, r *model.Design, sem string) edited {
	// Route lays the design out as Layout does: its boxes are the layout's.
	boxes := boxesOf(r)
	for i, n := range r.Nodes {
		if i < len(d.Nodes) && d.Nodes[i].ID == n.ID && d.Nodes[i].W == nil && d.Nodes[i].H == nil {
			n.W, n.H = nil, nil
		}
	}
	return edited{design: r, boxes: boxes, sem: sem}
}

// ops applies canvas actions (add, move, resize, delete, connect, paste,
// duplicate, title) as one new revision.
func (u *ui) ops(c echo.Context) error {
	ctx := c.Request().Context()
	tok := token(c)
	var ops []editOp
	if err := json.Unmarshal([]byte(c.FormValue("ops")), &ops); err != nil || len(ops) == 0 {
		return problem(http.StatusBadRequest, "ops", "ops must be a JSON array of actions")
	}
	st := steps(c)
	// Moving and resizing change only nodes' positions and sizes: they
	// start from the shared decoded revision, with nodes of their own.
	geometry := geometryOnly(ops)
	l, err := u.readDoc(ctx, tok, db.Edit, st, geometry)
	if err != nil {
		return err
	}
	b := base(c)
	if b != l.snap.Current {
		return u.stale(c, &model.Error{Kind: model.ErrConflict, Msg: "stale"})
	}
	d := l.design
	var boxes map[string]box
	if geometry {
		d = movable(d)
		boxes = maps.Clone(l.boxes) // nil when the cache has none
	}
	if boxes == nil {
		boxes = layoutBoxes(d)
	}
	ed := newEditor(d, boxes)
	st.done("layout")
	for _, op := range ops {
		if err := ed.apply(op); err != nil {
			var me *model.Error
			if errors.As(err, &me) {
				return u.refuse(c, tok, http.StatusUnprocessableEntity, me.Msg, selection(c))
			}
			return err
		}
	}
	ed.fit()
	sel := ed.selected
	if sel == nil {
		sel = knownIDs(d, selection(c))
	}
	st.done("apply")
	sem := ""
	if geometry {
		// The revision's key, when the cache has it, is the moved design's.
		if sem = l.sem; sem == "" {
			sem = semanticKey(d)
		}
	}
	st.done("analysis")
	// With the analysis known, the routes and the drawing come from one
	// pass of the renderer; otherwise the routed design is checked first
	// and drawn beside the save (commit).
	var e edited
	if known, ok := u.known.get(sem); ok {
		if e, err = routedAndDrawn(d, known.analysis, sel, sem); err != nil {
			return err
		}
		st.done("route-draw")
	} else {
		e = withRoutes(d, sem)
		st.done("route")
	}
	return u.commit(c, tok, b, e, sel)
}

// geometryOnly reports whether actions only move or resize nodes, without
// putting any into another container.
func geometryOnly(ops []editOp) bool {
	for _, op := range ops {
		if !(op.Op == "move" && op.Parent == nil || op.Op == "resize") {
			return false
		}
	}
	return true
}

// fix applies a finding's machine-readable fix as one new revision. The
// finding is named by its position and code in the analysis of the base
// revision, which the base check makes the one the page showed.
func (u *ui) fix(c echo.Context) error {
	ctx := c.Request().Context()
	tok := token(c)
	l, err := u.load(ctx, tok, db.Edit)
	if err != nil {
		return err
	}
	b := base(c)
	if b != l.snap.Current {
		return u.stale(c, &model.Error{Kind: model.ErrConflict, Msg: "stale"})
	}
	i, err := strconv.Atoi(c.FormValue("finding"))
	if err != nil || i < 0 || i >= len(l.analysis.Findings) || l.analysis.Findings[i].Code != c.FormValue("code") {
		return u.refuse(c, tok, http.StatusUnprocessableEntity, "That finding is no longer reported.", selection(c))
	}
	f := l.analysis.Findings[i]
	if len(f.Ops) == 0 {
		return u.refuse(c, tok, http.StatusUnprocessableEntity, "This fix needs a person's judgement: "+f.Fix, selection(c))
	}
	d, problems := model.Apply(l.design, f.Ops)
	if len(problems) > 0 {
		return u.refuse(c, tok, http.StatusUnprocessableEntity, "The fix could not be applied: "+describeProblem(l.design, problems[0]), selection(c))
	}
	// Nodes the fix added need a place on the canvas; the layout gives them
	// one next to what they belong to.
	ed := newEditor(d, layoutBoxes(d))
	ed.fit()
	sel := append(append([]string{}, f.Edges...), f.Nodes...)
	if len(f.Edges) > 0 {
		sel = f.Edges[:1]
	}
	return u.commit(c, tok, b, withRoutes(d, ""), knownIDs(d, sel))
}

// clip answers the selected nodes with everything drawn in them and the
// arrows between them, for the clipboard.
func (u *ui) clip(c echo.Context) error {
	l, err := u.load(c.Request().Context(), token(c), db.Edit)
	if err != nil {
		return err
	}
	ed := newEditor(clone(l.design), layoutBoxes(l.design))
	nodes, edges := ed.copyOf(selection(c))
	if nodes == nil {
		nodes = []json.RawMessage{}
	}
	if edges == nil {
		edges = []json.RawMessage{}
	}
	return c.JSON(http.StatusOK, map[string]any{"nodes": nodes, "edges": edges})
}

// importDesign replaces the design with an uploaded document, as one new
// revision; a document with problems is refused with all of them.
func (u *ui) importDesign(c echo.Context) error {
	tok := token(c)
	fh, err := c.FormFile("file")
	if err != nil {
		return u.importRefused(c, "Choose a design file to import.", nil)
	}
	if fh.Size > maxBody {
		return u.importRefused(c, "The file is larger than the limit of 2 MiB.", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBody+1))
	if err != nil {
		return err
	}
	if err := checkJSON(data); err != nil {
		return u.importRefused(c, "The file is not JSON.", []string{err.Error()})
	}
	d, an := analyze.Validate(data)
	if len(an.Problems) > 0 {
		lines := make([]string, len(an.Problems))
		for i, p := range an.Problems {
			lines[i] = p.String()
		}
		return u.importRefused(c, "The file is not a valid archway/v1 design; nothing was changed.", lines)
	}
	c.Response().Header().Set("X-Archway-Imported", "1")
	return u.commit(c, tok, base(c), edited{design: d}, nil)
}

func (u *ui) importRefused(c echo.Context, msg string, problems []string) error {
	return writeHTML(c, http.StatusUnprocessableEntity, importResult(msg, problems, true))
}

// share answers the share dialog's list of view links.
func (u *ui) share(c echo.Context) error { return u.shareList(c, token(c), "", "") }

// createLink adds a view link and shows its token, this once.
func (u *ui) createLink(c echo.Context) error {
	tok := token(c)
	l, secret, err := u.links.CreateLink(c.Request().Context(), tok)
	if err != nil {
		return err
	}
	return u.shareList(c, tok, l.ID, secret)
}

// revokeLink revokes a view link.
func (u *ui) revokeLink(c echo.Context) error {
	tok := token(c)
	if err := u.links.RevokeLink(c.Request().Context(), tok, c.FormValue("id")); err != nil {
		return err
	}
	events{}.toast("info", "The view link was revoked.").send(c)
	return u.shareList(c, tok, "", "")
}

// rotate replaces the edit link; the page moves to the new one.
func (u *ui) rotate(c echo.Context) error {
	fresh, err := u.links.RotateEdit(c.Request().Context(), token(c))
	if err != nil {
		return err
	}
	return u.shareList(c, fresh, "", "")
}

// shareList renders the view links; newID's token is shown when given.
// A token other than the request's means the edit link was rotated.
func (u *ui) shareList(c echo.Context, tok, newID, secret string) error {
	ls, err := u.links.Links(c.Request().Context(), tok)
	if err != nil {
		return err
	}
	s := shareView{UI: "/e/" + tok + "/ui"}
	if tok != token(c) {
		s.Rotated = editPath(tok)
	}
	for _, l := range ls {
		v := linkView{ID: l.ID, Created: l.Created.Format("2006-01-02 15:04 UTC")}
		if l.ID == newID {
			v.Token = secret
		}
		s.Links = append(s.Links, v)
	}
	return writeHTML(c, http.StatusOK, shareLinks(s, true))
}
