package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"archway/examples"
	"archway/model"
	"archway/model/analyze"
	"archway/model/gen"
)

// pageTree is the tree of the drawing in a page.
func pageTree(t *testing.T, body []byte) string {
	t.Helper()
	return attr(parseHTML(t, body).all("id", "canvas-layer")[0], "data-tree")
}

// items lists a split drawing's items by key.
func (s splitDrawing) items() map[string][]byte {
	m := map[string][]byte{}
	var kb [keyChars]byte
	for _, it := range s.order {
		m[string(encodeKey(&kb, it.key))] = s.itemBytes(it, nil)
	}
	return m
}

// assemble writes a split drawing back from its tree and items.
func assemble(t *testing.T, s splitDrawing) []byte {
	t.Helper()
	toks := strings.Fields(s.Tree)
	items := s.items()
	var out bytes.Buffer
	i := 0
	var node func()
	node = func() {
		b, ok := items[toks[i]]
		require.True(t, ok, "key %s has an item", toks[i])
		i++
		if i < len(toks) && toks[i] == "(" {
			i++
			end := bytes.LastIndex(b, []byte("</"))
			out.Write(b[:end])
			for toks[i] != ")" {
				node()
			}
			i++
			out.Write(b[end:])
			return
		}
		out.Write(b)
	}
	node()
	require.Equal(t, len(toks), i, "the tree ends with its root")
	return out.Bytes()
}

var betweenTags = regexp.MustCompile(`>\s+<`)

// TestSplitSVGReassembles: the items of every example's drawing, put back
// together by the tree, are the drawing (white space between elements
// aside), and every node and arrow is an item or a shell of its own.
func TestSplitSVGReassembles(t *testing.T) {
	names, err := fs.Glob(examples.Designs(), "*.json")
	require.NoError(t, err)
	names = append(names, "big100")
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(examples.Designs(), name)
			if name == "big100" {
				data, err = os.ReadFile("testdata/big100.json")
			}
			require.NoError(t, err)
			d, an := analyze.Validate(data)
			cv, err := drawCanvas(d, an, nil, nil, nil)
			require.NoError(t, err)
			s := cv.split
			require.NotEmpty(t, s.ID, "the drawing splits")
			assert.True(t, bytes.Equal(betweenTags.ReplaceAll(bytes.TrimSpace(cv.SVG), []byte("><")), betweenTags.ReplaceAll(assemble(t, s), []byte("><"))),
				"the items put together are the drawing")
			items := s.items()
			assert.Len(t, s.order, len(items))
			keyed := 0
			for _, b := range items {
				tag := b[:bytes.IndexByte(b, '>')]
				if bytes.Contains(tag, []byte(" data-node-id=")) || bytes.Contains(tag, []byte(" data-edge-id=")) {
					keyed++
				}
			}
			assert.Equal(t, bytes.Count(cv.SVG, []byte(" data-node-id="))+bytes.Count(cv.SVG, []byte(" data-edge-id=")), keyed,
				"every node and arrow starts an item")
		})
	}
}

// TestSplitSVGRefuses: markup the splitter does not understand is sent
// whole.
func TestSplitSVGRefuses(t *testing.T) {
	tests := []struct{ name, svg string }{
		{"empty", ""},
		{"unclosed", `<svg><g data-node-id="a">`},
		{"mismatched", `<svg><g data-node-id="a"></text></svg>`},
		{"comment", `<svg><!-- x --><g data-node-id="a"/></svg>`},
		{"text in the root", `<svg>hello<g data-node-id="a"/></svg>`},
		{"two roots", `<svg></svg><svg></svg>`},
		{"unterminated tag", `<svg><g class="a>`},
	}
	for _, tt := range tests {
		_, ok := splitSVG([]byte(tt.svg))
		assert.False(t, ok, tt.name)
	}
	s, ok := splitSVG([]byte(`<svg><g data-node-id="a"><text>x</text><g data-edge-id="b"/></g><g data-node-id="c">y</g></svg>`))
	require.True(t, ok)
	assert.Len(t, strings.Fields(s.Tree), 9, "svg ( a ( text b ) c ): a holds an arrow, so it is a shell; c is a leaf")
}

// FuzzSplitSVG: splitting never panics, and what splits reassembles.
func FuzzSplitSVG(f *testing.F) {
	f.Add([]byte(`<svg><g data-node-id="a"><text>x</text><g data-edge-id="b"/></g></svg>`))
	f.Add([]byte(`<svg a="1"><g class="x"><g data-node-id="a">t</g></g>` + "\n" + `</svg>`))
	f.Add([]byte(`<svg><g data-node-id=">"/></svg>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, ok := splitSVG(b)
		if !ok {
			return
		}
		assert.Equal(t, string(betweenTags.ReplaceAll(bytes.TrimSpace(b), []byte("><"))),
			string(betweenTags.ReplaceAll(assemble(t, s), []byte("><"))))
	})
}

// pageState reads what an editor page shows, as its script reports it.
func pageState(t *testing.T, body []byte) url.Values {
	t.Helper()
	doc := parseHTML(t, body)
	layer := doc.all("id", "canvas-layer")
	require.Len(t, layer, 1)
	var sc scenePatch
	require.NoError(t, json.Unmarshal([]byte(attr(layer[0], "data-scene")), &sc))
	v := url.Values{"have-canvas": {attr(layer[0], "data-drawn")}, "have-scene": {sc.ID}}
	for _, p := range []string{"findings", "props"} {
		if n := doc.all("id", p); len(n) == 1 {
			v.Set("have-"+p, attr(n[0], "data-h"))
		}
	}
	return v
}

// answerParts names the regions an answer holds.
func answerParts(t *testing.T, body []byte) map[string]*html.Node {
	t.Helper()
	out := map[string]*html.Node{}
	for _, n := range parseHTML(t, body).all("hx-swap-oob", "") {
		out[attr(n, "id")] = n
	}
	return out
}

// TestAnswersSendWhatChanged: after the page load, a move answers with the
// moved card and the arrows that changed, the new scene and no findings;
// an answer to a page whose drawing the server does not know is the whole
// drawing; asking again for what the page shows answers nothing.
func TestAnswersSendWhatChanged(t *testing.T) {
	fx := newFixture(t)
	doc, err := os.ReadFile("testdata/big100.json")
	require.NoError(t, err)
	c := fx.create(doc)
	tok := strings.TrimPrefix(c.Edit, "/e/")
	d, _ := analyze.Validate(doc)
	fns := functionIDs(d)
	fn := fns[0]
	// The first edit pins every node where the layout put it.
	r := fx.ops(tok, 1, editOp{Op: "move", IDs: []string{fns[len(fns)-1]}, DX: 40})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	d, _ = fx.current(tok)
	for _, n := range d.Nodes {
		if n.X != nil {
			assert.NotNil(t, n.Y, n.ID)
		}
	}
	page := fx.do(http.MethodGet, c.Edit, nil)
	require.Equal(t, http.StatusOK, page.status)
	have := pageState(t, page.body)
	require.NotEmpty(t, have.Get("have-canvas"))

	// The page shows fn's properties.
	props := fx.do(http.MethodGet, "/e/"+tok+"/ui/props?sel="+fn, nil)
	require.Equal(t, http.StatusOK, props.status)
	panel := parseHTML(t, props.body)
	have.Set("have-props", attr(panel.all("id", "props")[0], "data-h"))
	have.Set("have-position", attr(panel.all("id", "props-position")[0], "data-h"))

	v := url.Values{"base": {"2"}, "ops": {`[{"op":"move","ids":["` + fn + `"],"dx":40,"dy":20}]`}, "sel": {fn}}
	for k, x := range have {
		v[k] = x
	}
	r = fx.form("/e/"+tok+"/ui/ops", v)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	parts := answerParts(t, r.body)
	require.Contains(t, parts, "canvas-layer")
	assert.NotContains(t, parts, "findings", "a move changes no finding")
	assert.NotContains(t, parts, "props", "nor any property but the position")
	assert.Contains(t, parts, "props-position")
	assert.Contains(t, parts, "docstate")
	cl := parts["canvas-layer"]
	assert.Equal(t, have.Get("have-canvas"), attr(cl, "data-patch"), "a patch of what the page shows")
	var sc scenePatch
	require.NoError(t, json.Unmarshal([]byte(attr(cl, "data-scene")), &sc), "the boxes changed")
	assert.Equal(t, have.Get("have-scene"), sc.Base)
	var before scenePatch
	require.NoError(t, json.Unmarshal([]byte(attr(parseHTML(t, page.body).all("id", "canvas-layer")[0], "data-scene")), &before))
	require.NotEmpty(t, sc.Delta, "the key lists as a delta")
	keys, ok := applyDelta(before.Nodes+" | "+before.Edges, sc.Delta)
	require.True(t, ok, sc.Delta)
	nodes, edges, _ := strings.Cut(keys, "|")
	assert.Len(t, strings.Fields(nodes), len(strings.Fields(before.Nodes)), "the same nodes")
	assert.Len(t, strings.Fields(edges), len(strings.Fields(before.Edges)), "the same arrows")
	assert.Less(t, len(sc.Delta), len(keys)/4, "the delta is a fraction of the key lists")
	assert.Less(t, len(attr(cl, "data-tree"))*4, len(pageTree(t, page.body)), "the tree's delta is a fraction of the tree")
	assert.NotEmpty(t, sc.New)
	for _, e := range sc.New {
		var entry struct{ ID, From, To string }
		require.NoError(t, json.Unmarshal(e, &entry))
		assert.True(t, entry.ID == fn || entry.From == fn || entry.To == fn, "only what touches %s changed, not %s", fn, entry.ID)
	}
	patch := text(cl) // the items' text: labels of what was sent
	var sent []string
	for _, n := range parseHTML(t, r.body).all("data-node-id", "") {
		// A card's chips (its security groups) are drawn beside it.
		if cls := attr(n, "class"); !strings.Contains(cls, "container") && !strings.Contains(cls, "chip") {
			sent = append(sent, attr(n, "data-node-id"))
		}
	}
	assert.Equal(t, []string{fn}, sent, "only the moved card is sent (with its chips): %s", patch)
	full, _ := drawCanvas(d, nil, nil, nil, nil)
	assert.Less(t, len(r.body)*4, len(full.SVG), "the answer is a fraction of the drawing")

	// A page showing a drawing the server never sent gets all of it.
	v.Set("base", "3")
	v.Set("have-canvas", "unknown")
	v.Set("ops", `[{"op":"move","ids":["`+fn+`"],"dx":-40,"dy":-20}]`)
	r = fx.form("/e/"+tok+"/ui/ops", v)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	cl = answerParts(t, r.body)["canvas-layer"]
	require.NotNil(t, cl)
	assert.Empty(t, attr(cl, "data-patch"))
	assert.Len(t, parseHTML(t, r.body).testid("canvas"), 1, "the whole drawing")

	// Asking for the drawing the page shows answers nothing.
	page = fx.do(http.MethodGet, c.Edit, nil)
	have = pageState(t, page.body)
	q := url.Values{"have-canvas": have["have-canvas"], "have-scene": have["have-scene"]}
	g := fx.do(http.MethodGet, "/e/"+tok+"/ui/canvas?"+q.Encode(), nil)
	assert.Equal(t, http.StatusNoContent, g.status, "%s", g.body)
}

// crosses reports whether the polyline pts passes through the box b.
func crosses(pts []model.Point, b box) bool {
	for i := 1; i < len(pts); i++ {
		x0, y0, x1, y1 := pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1]
		// Liang–Barsky clipping of the segment against the box.
		t0, t1 := 0.0, 1.0
		dx, dy := x1-x0, y1-y0
		ok := true
		for _, pq := range [][2]float64{{-dx, x0 - b.X}, {dx, b.X + b.W - x0}, {-dy, y0 - b.Y}, {dy, b.Y + b.H - y0}} {
			p, q := pq[0], pq[1]
			if p == 0 {
				if q < 0 {
					ok = false
				}
				continue
			}
			r := q / p
			if p < 0 {
				t0 = max(t0, r)
			} else {
				t1 = min(t1, r)
			}
		}
		if ok && t0 <= t1 {
			return true
		}
	}
	return false
}

// TestEditsStoreTheDrawing: the first edit pins every node and stores
// every drawn arrow's route; a later move changes only the routes of the
// moved node's arrows and of arrows that now run through it, and keeps the
// analysis.
func TestEditsStoreTheDrawing(t *testing.T) {
	fx := newFixture(t)
	doc, err := os.ReadFile("testdata/big100.json")
	require.NoError(t, err)
	tok := strings.TrimPrefix(fx.create(doc).Edit, "/e/")
	d0, _ := analyze.Validate(doc)
	fns := functionIDs(d0)
	r := fx.ops(tok, 1, editOp{Op: "move", IDs: []string{fns[len(fns)-1]}, DX: 40})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	d1, _ := fx.current(tok)
	boxes := layoutBoxes(d1)
	for _, n := range d1.Nodes {
		if _, drawn := boxes[n.ID]; drawn {
			assert.True(t, n.X != nil && n.Y != nil, "%s is pinned", n.ID)
		}
	}
	for _, e := range d1.Edges {
		assert.GreaterOrEqual(t, len(e.Route), 2, "%s has a stored route", e.ID)
	}
	assert.Equal(t, semanticKey(d0), semanticKey(d1), "positions and routes are not what the engines see")

	fn := fns[0]
	r = fx.ops(tok, 2, editOp{Op: "move", IDs: []string{fn}, DX: 60, DY: 30})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	d2, _ := fx.current(tok)
	moved := layoutBoxes(d2)[fn]
	old := map[string][]model.Point{}
	for _, e := range d1.Edges {
		old[e.ID] = e.Route
	}
	changed := 0
	for _, e := range d2.Edges {
		if slices.Equal(old[e.ID], e.Route) {
			continue
		}
		changed++
		assert.True(t, e.From == fn || e.To == fn || crosses(e.Route, moved) || crosses(old[e.ID], moved),
			"%s was routed again though it neither touches %s nor runs through it", e.ID, fn)
	}
	assert.Positive(t, changed, "the moved node's arrows were routed again")
	assert.Less(t, changed, len(d2.Edges)/2, "most routes were kept")
}

// routingDocs are the designs the routing tests run on: big100.json, whose
// arrows cross subnets and groups, and a generated one.
func routingDocs(t *testing.T) []namedDoc {
	return []namedDoc{{"100 resources", bigDesign(t)}, {"generated", model.Encode(gen.Design(300, 1))}}
}

// namedDoc is a design document a table-driven test runs on.
type namedDoc struct {
	name string
	doc  []byte
}

// functionIDs returns the ids of d's functions, in order: the nodes the
// tests move.
func functionIDs(d *model.Design) []string {
	var fns []string
	for _, n := range d.Nodes {
		if n.Type == model.TypeLambda {
			fns = append(fns, n.ID)
		}
	}
	return fns
}

// TestCardsKeepTheirFreeSize: storing the drawing pins positions and
// routes but leaves a card's size to the renderer, unless it was resized;
// the boxes known from routing are the layout's.
func TestCardsKeepTheirFreeSize(t *testing.T) {
	for _, tt := range routingDocs(t) {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := analyze.Validate(tt.doc)
			newEditor(d, layoutBoxes(d))
			e := withRoutes(d, "")
			r := e.design
			require.Len(t, r.Nodes, len(d.Nodes))
			for i, n := range r.Nodes {
				assert.Equal(t, d.Nodes[i].W == nil, n.W == nil, "%s: width set only as before", n.ID)
				assert.Equal(t, d.Nodes[i].X == nil, n.X == nil, "%s: positioned as before", n.ID)
			}
			assert.Equal(t, layoutBoxes(d), layoutBoxes(r), "the same drawing")
			assert.Equal(t, layoutBoxes(r), e.boxes, "the boxes known from routing are the layout's")
		})
	}
}

// TestRoutedAndDrawn: routing and drawing in one pass saves what
// withRoutes saves and draws what drawing the saved design draws, with and
// without an arrow highlighted.
func TestRoutedAndDrawn(t *testing.T) {
	for _, tt := range routingDocs(t) {
		d, an := analyze.Validate(tt.doc)
		require.NotNil(t, an)
		newEditor(d, layoutBoxes(d))
		for _, sel := range [][]string{nil, {d.Edges[0].ID}} {
			t.Run(fmt.Sprint(tt.name, sel), func(t *testing.T) {
				e, err := routedAndDrawn(d, an, sel, "sem")
				require.NoError(t, err)
				w := withRoutes(d, "sem")
				assert.Equal(t, string(model.Encode(w.design)), string(model.Encode(e.design)), "the saved design")
				assert.Equal(t, w.boxes, e.boxes)
				assert.Equal(t, "sem", e.sem)
				require.NotNil(t, e.drawing)
				got := <-e.drawing
				require.NoError(t, got.err)
				want, err := drawSVG(w.design, an, sel, nil)
				require.NoError(t, err)
				assert.Equal(t, string(want.SVG), string(got.cv.SVG), "the drawing of the saved design")
				assert.Equal(t, want, got.cv)
			})
		}
	}
}

// BenchmarkSplitSVG splits the 5,000-shape design's drawing into items.
func BenchmarkSplitSVG(b *testing.B) {
	d, an := analyze.Validate(model.Encode(gen.Design(3334, 1)))
	cv, err := drawCanvas(d, an, nil, nil, nil)
	require.NoError(b, err)
	b.SetBytes(int64(len(cv.SVG)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := splitSVG(cv.SVG); !ok {
			b.Fatal("not split")
		}
	}
}

// canvasSVG returns the whole drawing in an answer.
func canvasSVG(t *testing.T, body []byte) string {
	t.Helper()
	i := bytes.Index(body, []byte(`<svg data-testid="canvas"`))
	require.GreaterOrEqual(t, i, 0, "the answer holds the whole drawing")
	j := bytes.Index(body[i:], []byte("</svg>"))
	require.Positive(t, j)
	return string(body[i : i+j])
}

// TestMoveDrawsTheSavedDesign: a move's drawing, started before the routes
// are stored, is the drawing of the revision it saved.
func TestMoveDrawsTheSavedDesign(t *testing.T) {
	for _, tt := range routingDocs(t) {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t)
			tok := strings.TrimPrefix(fx.create(tt.doc).Edit, "/e/")
			d, _ := analyze.Validate(tt.doc)
			fns := functionIDs(d)
			require.NotEmpty(t, fns)
			for i, op := range []editOp{
				{Op: "move", IDs: fns[:1], DX: 40, DY: 20},
				{Op: "move", IDs: fns[len(fns)-1:], DX: -60, DY: 90},
				{Op: "move", IDs: fns[:1], DX: 300, DY: -10},
			} {
				r := fx.ops(tok, i+1, op)
				require.Equal(t, http.StatusOK, r.status, "%s", r.body)
				saved := fx.do(http.MethodGet, "/e/"+tok+"/ui/canvas", nil)
				require.Equal(t, http.StatusOK, saved.status)
				assert.Equal(t, canvasSVG(t, saved.body), canvasSVG(t, r.body), "move %d", i+1)
			}
		})
	}
}
