package web

import (
	"bytes"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
	"archway/render"
)

// sceneNode and sceneEdge are what the browser knows of the drawing besides
// its pixels: boxes for hit tests, drops and the selection outline, and
// each arrow's path for highlights.
type sceneNode struct {
	ID        string  `json:"id"`
	Type      string  `json:"type"`
	Parent    string  `json:"parent,omitempty"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
	W         float64 `json:"w"`
	H         float64 `json:"h"`
	Container bool    `json:"container,omitempty"`
	Endpoint  bool    `json:"endpoint,omitempty"`
}

type sceneEdge struct {
	ID        string   `json:"id"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Verdict   string   `json:"verdict"`
	Path      []string `json:"path,omitempty"`
	BlockedAt []string `json:"blockedAt,omitempty"`
}

type sceneData struct {
	Nodes     []sceneNode `json:"nodes"`
	Edges     []sceneEdge `json:"edges"`
	Highlight string      `json:"highlight,omitempty"`
}

// drawCanvas draws the design for the editor: no legend (the findings panel
// takes its place), fonts from the page, and select's path highlighted when
// it names an arrow. boxes, when not nil, are d's layout boxes; st, when
// not nil, times its steps.
func drawCanvas(d *model.Design, an *model.Analysis, sel []string, boxes map[string]box, st *stepTimes) (canvasView, error) {
	cv, err := drawSVG(d, an, sel, st)
	if err != nil {
		return canvasView{}, err
	}
	return cv, cv.addScene(d, an, boxes, st)
}

// drawSVG is the drawing of drawCanvas without its scene.
func drawSVG(d *model.Design, an *model.Analysis, sel []string, st *stepTimes) (canvasView, error) {
	hl := highlightOf(d, sel)
	svg, err := render.SVG(d, usable(an), canvasOptions(hl))
	if err != nil {
		return canvasView{}, err
	}
	st.done("draw")
	return canvasOf(d, svg, hl, st), nil
}

// highlightOf is the arrow a selection highlights: the selected one, if
// one is selected alone.
func highlightOf(d *model.Design, sel []string) string {
	if len(sel) == 1 && slices.ContainsFunc(d.Edges, func(e *model.Edge) bool { return e.ID == sel[0] }) {
		return sel[0]
	}
	return ""
}

// canvasOptions are the renderer's options for the canvas.
func canvasOptions(hl string) render.Options { return render.Options{Select: hl, ID: "cv"} }

// canvasOf is the canvas of d drawn as svg, with the arrow hl highlighted.
func canvasOf(d *model.Design, svg []byte, hl string, st *stepTimes) canvasView {
	// The page's tests and scripts find the drawing by this hook.
	svg = bytes.Replace(svg, []byte("<svg "), []byte(`<svg data-testid="canvas" `), 1)
	cv := canvasView{SVG: svg, Empty: len(d.Nodes) == 0, highlight: hl}
	cv.split, _ = splitSVG(svg)
	st.done("split")
	return cv
}

// usable is an analysis the drawing can show: none for a design with
// problems.
func usable(an *model.Analysis) *model.Analysis {
	if an != nil && len(an.Problems) == 0 {
		return an
	}
	return nil
}

// addScene adds the scene of d, drawn as cv: boxes (layoutBoxes when nil)
// for hit tests, and each arrow's ends, verdict and path.
func (cv *canvasView) addScene(d *model.Design, an *model.Analysis, boxes map[string]box, st *stepTimes) error {
	scene := sceneData{Nodes: []sceneNode{}, Edges: []sceneEdge{}, Highlight: cv.highlight}
	if boxes == nil {
		boxes = layoutBoxes(d)
	}
	for _, n := range d.Nodes {
		b, ok := boxes[n.ID]
		if !ok {
			continue
		}
		scene.Nodes = append(scene.Nodes, sceneNode{ID: n.ID, Type: n.Type, Parent: n.Parent,
			X: b.X, Y: b.Y, W: b.W, H: b.H, Container: isContainer(n.Type), Endpoint: isEndpoint(n.Type)})
	}
	results := map[string]*model.EdgeResult{}
	if a := usable(an); a != nil {
		for i := range a.Edges {
			results[a.Edges[i].ID] = &a.Edges[i]
		}
	}
	for _, e := range d.Edges {
		se := sceneEdge{ID: e.ID, From: e.From, To: e.To, Verdict: "unknown"}
		if r := results[e.ID]; r != nil {
			se.Verdict = string(r.Verdict)
			se.Path, se.BlockedAt = pathNodes(r)
		}
		scene.Edges = append(scene.Edges, se)
	}
	sc, err := splitScene(scene)
	if err != nil {
		return err
	}
	cv.scene = sc
	st.done("scene")
	return nil
}

// drawn is a drawing made beside other work, without its scene, and the
// times of its steps.
type drawn struct {
	cv  canvasView
	st  *stepTimes
	err error
}

// drawAsync draws the design for the editor in a goroutine of its own (see
// drawSVG); the channel holds the result.
func drawAsync(d *model.Design, an *model.Analysis, sel []string) <-chan drawn {
	out := make(chan drawn, 1)
	go func() {
		r := drawn{st: &stepTimes{last: time.Now()}}
		defer func() { out <- r }()
		defer recovered(&r.err)
		r.cv, r.err = drawSVG(d, an, sel, r.st)
	}()
	return out
}

// pathNodes lists the nodes an arrow's packets pass, and where they stop.
func pathNodes(r *model.EdgeResult) (path, blocked []string) {
	seen := map[string]bool{}
	addHops := func(hops []model.Hop) {
		for _, h := range hops {
			if h.Node != "" && !seen[h.Node] {
				seen[h.Node] = true
				path = append(path, h.Node)
			}
		}
	}
	addHops(r.Network.Path)
	for _, s := range r.Network.Subnets {
		addHops(s.Path)
		if s.BlockedAt != nil && !slices.Contains(blocked, *s.BlockedAt) {
			blocked = append(blocked, *s.BlockedAt)
		}
	}
	if r.Network.BlockedAt != nil && !slices.Contains(blocked, *r.Network.BlockedAt) {
		blocked = append(blocked, *r.Network.BlockedAt)
	}
	return path, blocked
}

// canvas answers the drawing alone, with an arrow's path highlighted: what
// clicking a finding or an arrow shows. View links may ask for it too.
func (u *ui) canvas(want db.Access) echo.HandlerFunc {
	return func(c echo.Context) error {
		l, err := u.load(c.Request().Context(), token(c), want)
		if err != nil {
			return err
		}
		cv, err := drawCanvas(l.design, l.analysis, []string{c.QueryParam("select")}, l.boxes, nil)
		if err != nil {
			return err
		}
		a, ok := u.canvasChange(cv, shownBy(c))
		if !ok {
			return c.NoContent(http.StatusNoContent)
		}
		return writeHTML(c, http.StatusOK, canvasUpdate(a))
	}
}
