package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
	"archway/static"
)

// ui serves the HTML side: the pages and the editor's htmx actions. It
// shares the App's store and cache and adds the embedded assets.
type ui struct {
	*App
	assets *static.Assets
	// drawn holds the trees of the drawings sent to pages by drawing id,
	// so that the next answer to a page sends only what it lacks.
	drawn *lru[string]
	// known holds analyses and their findings panels by semanticKey, so
	// that moving nodes around need not analyse the design again, nor build
	// its findings panel.
	known *lru[*knownAnalysis]
	// docs holds decoded revisions by content hash, shared between
	// requests and never modified: the editor saved them, or a page read.
	docs *lru[decodedDoc]
}

// knownAnalysis is the analysis of a design that passed the checks and
// its findings panel, which moving nodes changes neither of.
type knownAnalysis struct {
	analysis *model.Analysis
	findings findingsView
}

// decodedDoc is a decoded revision, the length of its JSON and, when
// known, its semanticKey and layout boxes.
type decodedDoc struct {
	design *model.Design
	size   int
	sem    string
	boxes  map[string]box
}

// drawnBytes bounds the trees kept: a 5,000-shape drawing's is about
// 100 KB, a 100-resource one's 4 KB. knownBytes bounds the analyses: a
// 5,000-shape design's weighs about 12 MB by analysedSize's estimate.
const (
	drawnBytes = 16 << 20
	knownBytes = 64 << 20
)

func newUI(a *App) *ui {
	return &ui{App: a, assets: static.New(),
		drawn: newLRU(drawnBytes, func(t string) int { return len(t) + 64 }),
		// The findings panel shares the analysis's strings.
		known: newLRU(knownBytes, func(k *knownAnalysis) int { return 4*jsonSize(k.analysis) + 64*len(k.findings.Items) }),
		// A decoded design weighs a few times its JSON.
		docs: newLRU(knownBytes, func(d decodedDoc) int { return 4 * d.size })}
}

// meta is the frame of a page.
func (u *ui) meta(title, class string) pageMeta {
	return pageMeta{Title: title, Asset: u.assets.URL, Class: class}
}

// writeHTML renders components into a buffer first, so a failing component
// never sends half a page, then writes them with status.
func writeHTML(c echo.Context, status int, parts ...templ.Component) error {
	return writeTimed(c, nil, status, parts...)
}

// writeTimed is writeHTML that notes the rendering in st and sends st's
// steps.
func writeTimed(c echo.Context, st *stepTimes, status int, parts ...templ.Component) error {
	var buf bytes.Buffer
	for _, p := range parts {
		if err := p.Render(c.Request().Context(), &buf); err != nil {
			return err
		}
	}
	if st != nil {
		st.done("html")
		st.send(c)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// loaded is one revision of a design, decoded and analysed.
type loaded struct {
	snap db.Snapshot
	// hash is the snapshot's contentHash, when readDoc made it.
	hash     string
	design   *model.Design
	analysis *model.Analysis
	// canvas is the drawing, when it was made already.
	canvas *canvasView
	// sem is the design's semanticKey and boxes its layout boxes, when
	// they are known already; both are shared.
	sem   string
	boxes map[string]box
	// findings is the analysis's findings panel, when it was built already.
	findings *findingsView
}

// load reads the current revision of the design token opens, which must be
// a token of kind want (an edit page never opens with a view token, nor the
// reverse: both answer 404, as for a token that does not exist).
//
// The design may be shared with other requests: callers only read it.
func (u *ui) load(ctx context.Context, token string, want db.Access) (*loaded, error) {
	l, err := u.readDoc(ctx, token, want, nil, true)
	if err != nil {
		return nil, err
	}
	v, err := u.analyseStored(ctx, l.snap.Data, l.hash, l.design)
	if err != nil {
		return nil, err
	}
	l.analysis = v.analysis
	return l, nil
}

// read is load without the analysis, for actions that change the design
// and analyse the result anyway: the design is the caller's alone. st, when
// not nil, times its steps.
func (u *ui) read(ctx context.Context, token string, want db.Access, st *stepTimes) (*loaded, error) {
	return u.readDoc(ctx, token, want, st, false)
}

// readDoc is read; with shared, the design may come from the cache of
// decoded revisions and the caller must not modify it.
func (u *ui) readDoc(ctx context.Context, token string, want db.Access, st *stepTimes, shared bool) (*loaded, error) {
	s, err := u.designs.Design(ctx, token, 0)
	if err != nil {
		return nil, err
	}
	st.done("store-read")
	if s.Access != want {
		return nil, echo.ErrNotFound
	}
	h := contentHash(s.Data)
	key := "decoded:" + h
	if dd, ok := u.docs.get(key); ok && shared {
		st.done("decoded-cached")
		return &loaded{snap: s, hash: h, design: dd.design, sem: dd.sem, boxes: dd.boxes}, nil
	}
	// A stored document passed every check when it was saved and is in
	// canonical form, so plain decoding gives what the strict decoder would,
	// at a fraction of its cost.
	d := &model.Design{}
	if err := json.Unmarshal(s.Data, d); err != nil {
		return nil, fmt.Errorf("reading a stored revision: %w", err)
	}
	if shared {
		u.docs.put(key, decodedDoc{design: d, size: len(s.Data)})
	}
	st.done("decode")
	return &loaded{snap: s, hash: h, design: d}, nil
}

// movable copies a shared design for actions that only move or resize
// nodes: every node is the copy's own, so the editor may replace its
// position and size; everything else stays shared and must not change.
func movable(d *model.Design) *model.Design {
	c := *d
	c.Nodes = make([]*model.Node, len(d.Nodes))
	for i, n := range d.Nodes {
		m := *n
		c.Nodes[i] = &m
	}
	return &c
}

// token is the token of an editor action's URL.
func token(c echo.Context) string { return c.Param("file") }

// base reads the revision an action is based on.
func base(c echo.Context) int {
	n, _ := strconv.Atoi(c.FormValue("base"))
	return n
}

// selection reads the ids the page has selected.
func selection(c echo.Context) []string { return strings.Fields(c.FormValue("sel")) }

// events are the client events an answer triggers after the page settled.
type events map[string]any

func (ev events) toast(kind, text string) events {
	ev["archway:toast"] = map[string]string{"kind": kind, "text": text}
	return ev
}

func (ev events) sel(ids []string) events {
	if ids == nil {
		ids = []string{}
	}
	ev["archway:select"] = map[string]any{"ids": ids}
	return ev
}

// send sets the trigger header.
func (ev events) send(c echo.Context) {
	if len(ev) == 0 {
		return
	}
	b, _ := json.Marshal(ev)
	c.Response().Header().Set("HX-Trigger-After-Settle", string(b))
}

// workspaceOf builds the page state for a loaded revision.
func (u *ui) workspaceOf(ctx context.Context, tok string, l *loaded, editable bool, sel []string, form *propsView) (workspace, error) {
	w := workspace{
		Editable: editable,
		Base:     "/v/" + tok,
		Title:    l.design.Title,
		Revision: l.snap.Revision.Number,
	}
	if editable {
		w.Base = "/e/" + tok
		revs, err := u.designs.Revisions(ctx, tok)
		if err != nil {
			return workspace{}, err
		}
		w.Undo, w.Redo = undoRedo(revs)
	}
	if l.canvas != nil {
		w.Canvas = *l.canvas
	} else {
		var err error
		if w.Canvas, err = drawCanvas(l.design, l.analysis, sel, l.boxes, nil); err != nil {
			return workspace{}, err
		}
	}
	if l.findings != nil {
		w.Findings = *l.findings
	} else {
		w.Findings = findingsOf(l.analysis)
	}
	if form != nil {
		w.Props = *form
	} else {
		w.Props = propsFor(w.UI(), l.design, l.analysis, sel)
	}
	return w, nil
}

// findingsOf turns an analysis into the findings panel.
func findingsOf(an *model.Analysis) findingsView {
	var f findingsView
	f.Problems = an.Problems
	for i, x := range an.Findings {
		f.Items = append(f.Items, findingView{Index: i, Severity: x.Severity, Code: x.Code, Message: x.Message,
			Fix: x.Fix, Nodes: x.Nodes, Edges: x.Edges, CanApply: len(x.Ops) > 0})
		switch x.Severity {
		case model.SeverityError:
			f.Errors++
		case model.SeverityWarning:
			f.Warnings++
		default:
			f.Infos++
		}
	}
	for _, e := range an.Edges {
		switch e.Verdict {
		case model.Allowed:
			f.Allowed++
		case model.Blocked:
			f.Blocked++
		default:
			f.Others++
		}
	}
	f.hash = viewHash(f)
	return f
}

// editorPage serves /e/TOKEN and /v/TOKEN; a name with an extension is an
// export and goes to next.
func (u *ui) page(want db.Access, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok := c.Param("file")
		if strings.Contains(tok, ".") {
			return next(c)
		}
		ctx := c.Request().Context()
		l, err := u.load(ctx, tok, want)
		if err != nil {
			return err
		}
		w, err := u.workspaceOf(ctx, tok, l, want == db.Edit, nil, nil)
		if err != nil {
			return err
		}
		if want == db.Edit {
			// A revision the editor saved has its semanticKey already.
			u.rememberAnalysis(l.design, l.sem, l.analysis, w.Findings)
		}
		u.sent(w.Canvas)
		class := "editor"
		if want == db.View {
			class = "viewer"
		}
		return writeHTML(c, http.StatusOK, editorPage(u.meta(l.design.Title, class), w))
	}
}

// commit saves d as the revision after base and answers with the new state
// of the page. A document with problems is refused with the checker's first
// message (422) and the current state, so whatever the browser showed
// while it waited snaps back; a stale base is refused (409) and the page
// offers to reload.
//
// When e.sem names a known analysis, the design is not analysed again.
func (u *ui) commit(c echo.Context, tok string, base int, e edited, sel []string) error {
	ctx := c.Request().Context()
	st := steps(c)
	d, sem := e.design, e.sem
	// Draw while the document is encoded and the revision written: the
	// drawing needs only the design and its analysis, and it is most of an
	// action's time. An action may have started it already.
	drawing := e.drawing
	var doc checked
	var findings findingsView
	if known, ok := u.known.get(sem); ok {
		if drawing == nil {
			drawing = drawAsync(d, known.analysis, sel)
		}
		errs, warns := counts(known.analysis)
		doc = checked{design: d, analysis: known.analysis, content: db.Content{Data: model.Encode(d), Errors: errs, Warnings: warns}}
		findings = known.findings
		st.done("encode")
	} else {
		var err error
		doc, err = checkDocument(model.Encode(d))
		var he *httpError
		if errors.As(err, &he) && he.status == http.StatusUnprocessableEntity {
			msg := he.msg
			if len(he.problems) > 0 {
				msg = describeProblem(d, he.problems[0])
			}
			return u.refuse(c, tok, http.StatusUnprocessableEntity, msg, sel)
		}
		if err != nil {
			return err
		}
		drawing = drawAsync(doc.design, doc.analysis, sel)
		findings = findingsOf(doc.analysis)
		sem = u.rememberAnalysis(doc.design, "", doc.analysis, findings)
		st.done("check")
	}
	rev, err := u.designs.Save(ctx, tok, base, doc.content)
	if errors.Is(err, model.ErrConflict) {
		return u.stale(c, err)
	}
	if err != nil {
		return err
	}
	st.done("store-save")
	// The next action on this design starts from what was saved.
	u.docs.put(docKey("decoded", doc.content.Data), decodedDoc{doc.design, len(doc.content.Data), sem, e.boxes})
	dr := <-drawing
	if dr.err != nil {
		return dr.err
	}
	st.done("wait-for-drawing")
	st.merge("", dr.st)
	if err := dr.cv.addScene(doc.design, doc.analysis, e.boxes, st); err != nil {
		return err
	}
	l := &loaded{snap: db.Snapshot{Access: db.Edit, Current: rev.Number, Revision: rev, Data: doc.content.Data},
		design: doc.design, analysis: doc.analysis, canvas: &dr.cv, boxes: e.boxes, findings: &findings}
	w, err := u.workspaceOf(ctx, tok, l, true, sel, nil)
	if err != nil {
		return err
	}
	st.done("panels")
	parts := u.updateParts(w, shownBy(c))
	st.done("diff")
	events{}.sel(sel).send(c)
	return writeTimed(c, st, http.StatusOK, parts...)
}

// refuse answers an action that was not saved with the current state and
// a message.
func (u *ui) refuse(c echo.Context, tok string, status int, msg string, sel []string) error {
	ctx := c.Request().Context()
	l, err := u.load(ctx, tok, db.Edit)
	if err != nil {
		return err
	}
	w, err := u.workspaceOf(ctx, tok, l, true, sel, nil)
	if err != nil {
		return err
	}
	events{}.toast("error", msg).send(c)
	parts := []templ.Component{docState(w, true)}
	if a, ok := u.canvasChange(w.Canvas, shownBy(c)); ok {
		parts = append([]templ.Component{canvasUpdate(a)}, parts...)
	}
	return writeHTML(c, status, parts...)
}

// stale answers a save based on an old revision: nothing is swapped, and the
// page offers to reload.
func (u *ui) stale(c echo.Context, err error) error {
	ev := events{"archway:stale": map[string]string{"text": "This design was changed in another tab or by someone else. " +
		"Your last change was not saved. Reload to see the current version."}}
	ev.send(c)
	var me *model.Error
	msg := err.Error()
	if errors.As(err, &me) {
		msg = me.Msg
	}
	c.Response().Header().Set("X-Archway-Stale", "1")
	return c.String(http.StatusConflict, msg)
}

// describeProblem words a problem for a toast: the node or arrow it is
// about by id rather than by position ("subnet-2 (cidr): ...").
func describeProblem(d *model.Design, p model.Problem) string {
	path := p.Path
	if list, i, rest, ok := splitPath(path); ok {
		name := ""
		switch {
		case list == "nodes" && i < len(d.Nodes):
			name = d.Nodes[i].ID
		case list == "edges" && i < len(d.Edges):
			name = "arrow " + d.Edges[i].ID
		}
		if name != "" && rest != "" {
			name += " (" + rest + ")"
		}
		if name != "" {
			path = name
		}
	}
	if path == "" {
		return p.Message
	}
	return path + ": " + p.Message
}

// splitPath splits "nodes[3].cidr" into "nodes", 3 and "cidr".
func splitPath(path string) (list string, i int, rest string, ok bool) {
	open, end := strings.IndexByte(path, '['), strings.IndexByte(path, ']')
	if open < 0 || end < open {
		return "", 0, "", false
	}
	i, err := strconv.Atoi(path[open+1 : end])
	if err != nil {
		return "", 0, "", false
	}
	return path[:open], i, strings.TrimPrefix(path[end+1:], "."), true
}

// clone copies a design through its canonical encoding.
func clone(d *model.Design) *model.Design {
	out, _ := model.Decode(model.Encode(d))
	if out == nil {
		return &model.Design{Format: model.FormatV1}
	}
	return out
}

// knownIDs keeps the ids that name a node or an edge of d.
func knownIDs(d *model.Design, ids []string) []string {
	ix := model.NewIndex(d)
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return ix.Node(id) == nil && ix.Edges[id] == nil })
}

// semanticKey names what the checks and engines see of a design: all of it
// but the positions and sizes of its nodes and the routes of its arrows and
// role links, which only the drawing uses.
func semanticKey(d *model.Design) string {
	c := *d
	c.Nodes = make([]*model.Node, len(d.Nodes))
	for i, n := range d.Nodes {
		m := *n
		m.X, m.Y, m.W, m.H, m.RoleRoute = nil, nil, nil, nil, nil
		c.Nodes[i] = &m
	}
	c.Edges = make([]*model.Edge, len(d.Edges))
	for i, e := range d.Edges {
		f := *e
		f.Route = nil
		c.Edges[i] = &f
	}
	return docKey("editor-analysis", model.Encode(&c))
}

// rememberAnalysis keeps the analysis of a design that passed the checks
// and its findings panel f, so that moving its nodes around need not
// analyse it again, and returns the design's semanticKey ("" for a design
// with problems). sem is that key when the caller knows it, else "".
func (u *ui) rememberAnalysis(d *model.Design, sem string, an *model.Analysis, f findingsView) string {
	if an == nil || len(an.Problems) > 0 {
		return ""
	}
	if sem == "" {
		sem = semanticKey(d)
	}
	u.known.put(sem, &knownAnalysis{analysis: an, findings: f})
	return sem
}
