package render

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"archway/model"
	"archway/model/gen"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// routed lays d out and routes it as a render does, without the labels.
func routed(t *testing.T, d *model.Design) *drawer {
	t.Helper()
	dr, err := newDrawer(d, nil, Options{})
	require.NoError(t, err)
	dr.drawShapes()
	dr.routeAll()
	return dr
}

// routeDesigns are the examples and two generated designs, each with its
// analysis (nil for the generated ones). The router cannot clear some
// arrows of the second (routes between VPCs through crowded ones).
func routeDesigns(t *testing.T) []example {
	t.Helper()
	return append(loadExamples(t), example{name: "generated-300", d: genDesign(300)},
		example{name: "gen-300", d: gen.Design(300, 1)})
}

// TestRouteStoresWhatIsDrawn checks Route on every example: every drawn
// edge gets a route, routing again changes no byte, the input is not
// changed, and drawing the result keeps every stored route and draws the
// same picture as drawing the positions alone.
func TestRouteStoresWhatIsDrawn(t *testing.T) {
	for _, ex := range routeDesigns(t) {
		t.Run(ex.name, func(t *testing.T) {
			before := model.Encode(ex.d)
			rd := Route(ex.d)
			assert.Equal(t, string(before), string(model.Encode(ex.d)), "Route does not change its input")
			assert.Equal(t, string(model.Encode(rd)), string(model.Encode(Route(rd))), "routing a routed design changes nothing")

			dr := routed(t, rd)
			drawn, kept := 0, 0
			for j, e := range dr.g.ix.Design.Edges {
				if dr.kept[j] {
					kept++
				}
				if dr.g.ix.Edges[e.ID] != e {
					assert.Nil(t, dr.routes[j], "edge %s repeats an id and is not drawn", e.ID)
					continue
				}
				pts := dr.routes[j]
				if pts == nil {
					assert.Empty(t, e.Route, "edge %s is not drawn and gets no route", e.ID)
					continue
				}
				drawn++
				assert.True(t, dr.kept[j], "edge %s is drawn along its stored route", e.ID)
				require.Len(t, pts, len(e.Route), "edge %s", e.ID)
				for i, p := range e.Route {
					assert.Equal(t, pt{p[0], p[1]}, pts[i], "edge %s point %d", e.ID, i)
				}
			}
			assert.Equal(t, drawn, kept, "only drawn edges are kept")
			if ex.name == "gen-300" {
				assert.Contains(t, slices.Collect(maps.Values(fitsOf(t, rd))), fitsBlocked, "some stored routes run through something")
			}
			for _, l := range dr.roleLinks {
				fn := dr.g.ix.Nodes[l.fn]
				assert.True(t, l.kept, "the role link of %s is drawn along its stored route", l.fn)
				require.Len(t, l.pts, len(fn.RoleRoute), "role link of %s", l.fn)
				for i, p := range fn.RoleRoute {
					assert.Equal(t, pt{p[0], p[1]}, l.pts[i], "role link of %s point %d", l.fn, i)
				}
			}
			assert.Len(t, dr.roleLinks, len(dr.g.fnRole), "every function's role is drawn beside it")

			laid, err := SVG(Layout(ex.d), ex.a, Options{})
			require.NoError(t, err)
			stored, err := SVG(rd, ex.a, Options{})
			require.NoError(t, err)
			assert.Equal(t, string(laid), string(stored), "a stored route draws as the route it stores")
		})
	}
}

// TestRouteAfterMove moves one node of a routed design (a service, a
// function's role) and routes again: only its edges and role links and the
// edges and role links now running through it change.
func TestRouteAfterMove(t *testing.T) {
	rd := Route(genDesign(300))
	for _, moved := range []string{"vpc0-svc-1", "vpc0-fn-1-role"} {
		t.Run(moved, func(t *testing.T) { routeAfterMove(t, rd, moved) })
	}
}

func routeAfterMove(t *testing.T, rd *model.Design, moved string) {
	i := slices.IndexFunc(rd.Nodes, func(n *model.Node) bool { return n.ID == moved })
	require.GreaterOrEqual(t, i, 0)
	n := rd.Nodes[i]
	touches := func(e *model.Edge) bool { return e.From == moved || e.To == moved }
	touchesRole := func(fn *model.Node) bool { return fn.ID == moved || fn.Role == moved }

	// the longest segment of an edge not touching the node, outside every
	// VPC: the node is put on it
	var victim *model.Edge
	var on pt
	longest := 0.0
	dr := routed(t, rd)
	for _, e := range rd.Edges {
		if touches(e) {
			continue
		}
		for j := 1; j < len(e.Route); j++ {
			a, b := pt{e.Route[j-1][0], e.Route[j-1][1]}, pt{e.Route[j][0], e.Route[j][1]}
			mid := pt{(a.X + b.X) / 2, (a.Y + b.Y) / 2}
			outside := true
			for i, v := range dr.g.nodes {
				if v.Type == model.TypeVPC && dr.g.boxes[i].inset(-40).overlaps(box{mid.X - *n.W/2, mid.Y - *n.H/2, *n.W, *n.H}) {
					outside = false
				}
			}
			if l := dist(a, b); outside && l > longest && j > 1 && j < len(e.Route)-1 {
				victim, on, longest = e, mid, l
			}
		}
	}
	require.NotNil(t, victim, "some edge runs outside the VPCs")

	far := 0.0
	for i, b := range dr.g.boxes {
		if dr.g.placed[i] {
			far = max(far, b.right())
		}
	}
	for _, tt := range []struct {
		name string
		x, y float64
	}{
		{"into free space", far + 200, *n.Y},
		{"onto another edge's route", math.Round(on.X - *n.W/2), math.Round(on.Y - *n.H/2)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			md := *rd
			md.Nodes = slices.Clone(rd.Nodes)
			c := *n
			c.X, c.Y = &tt.x, &tt.y
			md.Nodes[i] = &c
			again := Route(&md)
			nb := box{tt.x, tt.y, *n.W, *n.H}
			crossing := func(route []model.Point) bool {
				for j := 1; j < len(route); j++ {
					s := segmentBox(pt{route[j-1][0], route[j-1][1]}, pt{route[j][0], route[j][1]})
					z := nb.inset(-clearance)
					if s.X <= z.right() && z.X <= s.right() && s.Y <= z.bottom() && z.Y <= s.bottom() {
						return true
					}
				}
				return false
			}
			changed := 0
			for k, e := range rd.Edges {
				got := again.Edges[k]
				switch {
				case touches(e):
					ends := routed(t, again)
					b, _ := ends.g.boxOf(moved)
					p := got.Route[len(got.Route)-1]
					if e.From == moved {
						p = got.Route[0]
					}
					assert.True(t, p[0] >= b.X-fitSlack && p[0] <= b.right()+fitSlack && p[1] >= b.Y-fitSlack && p[1] <= b.bottom()+fitSlack,
						"edge %s ends at the moved box %v, not %v", e.ID, b, p)
				case crossing(e.Route):
					assert.False(t, crossing(got.Route), "edge %s no longer runs through the moved node", e.ID)
					changed++
				default:
					assert.Equal(t, e.Route, got.Route, "edge %s neither touches nor crosses the moved node", e.ID)
				}
			}
			roleChanged := 0
			for k, fn := range rd.Nodes {
				got := again.Nodes[k]
				if fn.Type != model.TypeLambda {
					continue
				}
				require.NotEmpty(t, fn.RoleRoute, "%s has a role link", fn.ID)
				switch {
				case touchesRole(fn):
					ends := routed(t, again)
					b, _ := ends.g.boxOf(moved)
					p := got.RoleRoute[0] // from the role
					if fn.ID == moved {
						p = got.RoleRoute[len(got.RoleRoute)-1]
					}
					assert.True(t, p[0] >= b.X-fitSlack && p[0] <= b.right()+fitSlack && p[1] >= b.Y-fitSlack && p[1] <= b.bottom()+fitSlack,
						"the role link of %s ends at the moved box %v, not %v", fn.ID, b, p)
					roleChanged++
				case crossing(fn.RoleRoute):
					assert.False(t, crossing(got.RoleRoute), "the role link of %s no longer runs through the moved node", fn.ID)
				default:
					assert.Equal(t, fn.RoleRoute, got.RoleRoute, "the role link of %s neither touches nor crosses the moved node", fn.ID)
				}
			}
			if n.Type == model.TypeIAMRole {
				assert.Positive(t, roleChanged, "the moved role's link was routed again")
			}
			if tt.name == "onto another edge's route" {
				assert.Positive(t, changed, "%s ran through the node's new place", victim.ID)
				assert.NotEqual(t, victim.Route, again.Edges[slices.Index(rd.Edges, victim)].Route)
			}
		})
	}
}

// TestRouteKeepsOnlyWhatFits stores hand-changed routes for one edge of a
// routed example: those that still fit are drawn as given, the others are
// routed again.
func TestRouteKeepsOnlyWhatFits(t *testing.T) {
	var d *model.Design
	for _, ex := range loadExamples(t) {
		if ex.name == "all-types" {
			d = ex.d
		}
	}
	require.NotNil(t, d)
	rd := Route(d)
	k := slices.IndexFunc(rd.Edges, func(e *model.Edge) bool { return len(e.Route) >= 4 })
	require.GreaterOrEqual(t, k, 0, "an edge with a bend")
	orig := rd.Edges[k].Route
	n := len(orig)
	change := func(f func(r []model.Point) []model.Point) []model.Point { return f(slices.Clone(orig)) }
	mid := func(a, b model.Point) model.Point { return model.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2} }
	tests := []struct {
		name  string
		route []model.Point
		kept  bool
	}{
		{"as routed", orig, true},
		{"an extra point on a straight run", change(func(r []model.Point) []model.Point {
			return slices.Insert(r, 2, mid(r[1], r[2]))
		}), true},
		{"first point inside the source", change(func(r []model.Point) []model.Point {
			out := dirOf(pt{r[0][0], r[0][1]}, pt{r[1][0], r[1][1]})
			r[0] = model.Point{r[0][0] - out.X*5, r[0][1] - out.Y*5}
			return r
		}), false},
		{"last point short of the target", change(func(r []model.Point) []model.Point {
			r[n-1] = mid(r[n-2], r[n-1])
			return r
		}), false},
		{"a diagonal segment", change(func(r []model.Point) []model.Point {
			r[1][0] += 3
			r[1][1] += 3
			return r
		}), false},
		{"a repeated point", change(func(r []model.Point) []model.Point { return slices.Insert(r, 1, r[1]) }), false},
		{"backwards", change(func(r []model.Point) []model.Point { slices.Reverse(r); return r }), false},
		{"one point", orig[:1], false},
		{"not a number", change(func(r []model.Point) []model.Point { r[1][0] = math.NaN(); return r }), false},
		{"last run shorter than the arrowhead", change(func(r []model.Point) []model.Point {
			// move the last bend to arrowLen-1 from the target, along its side
			p, q := pt{r[n-1][0], r[n-1][1]}, pt{r[n-2][0], r[n-2][1]}
			u := dirOf(p, q)
			r[n-2] = model.Point{p.X + u.X*(arrowLen-1), p.Y + u.Y*(arrowLen-1)}
			if u.X != 0 {
				r[n-3][0] = r[n-2][0]
			} else {
				r[n-3][1] = r[n-2][1]
			}
			return r
		}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sd := *rd
			sd.Edges = slices.Clone(rd.Edges)
			e := *rd.Edges[k]
			e.Route = tt.route
			sd.Edges[k] = &e
			got := Route(&sd).Edges[k].Route
			if tt.kept {
				assert.Equal(t, tt.route, got, "kept as given")
				assert.True(t, routed(t, &sd).kept[k])
			} else {
				assert.Equal(t, orig, got, "routed again, to where the router puts it")
				assert.False(t, routed(t, &sd).kept[k])
			}
		})
	}
}

// TestRouteLeavesUndrawnEdges: an edge that is not drawn keeps its route,
// whatever it is; a drawn edge with the same id is routed.
func TestRouteLeavesUndrawnEdges(t *testing.T) {
	d := &model.Design{Format: model.FormatV1, Nodes: []*model.Node{
		{ID: "a", Type: model.TypeLambda}, {ID: "b", Type: model.TypeSQSQueue},
	}, Edges: []*model.Edge{
		{ID: "e", From: "a", To: "b"},
		{ID: "e", From: "b", To: "a", Route: []model.Point{{1, 2}, {3, 4}}},
		{ID: "f", From: "a", To: "nowhere", Route: []model.Point{{5, 6}}},
	}}
	rd := Route(d)
	assert.GreaterOrEqual(t, len(rd.Edges[0].Route), 2)
	assert.Equal(t, []model.Point{{1, 2}, {3, 4}}, rd.Edges[1].Route)
	assert.Equal(t, []model.Point{{5, 6}}, rd.Edges[2].Route)
	assert.Nil(t, d.Edges[0].Route, "the input is not changed")
}

// TestRouteRoleLinks: a function drawn with its role gets the role link's
// route; one that no longer fits is routed again; a function without a
// drawn role keeps whatever it had.
func TestRouteRoleLinks(t *testing.T) {
	stale := []model.Point{{1, 2}, {3, 4}}
	d := &model.Design{Format: model.FormatV1, Nodes: []*model.Node{
		{ID: "f", Type: model.TypeLambda, Role: "r"}, {ID: "r", Type: model.TypeIAMRole},
		{ID: "g", Type: model.TypeLambda, Role: "nowhere", RoleRoute: stale},
	}}
	rd := Route(d)
	want := rd.Nodes[0].RoleRoute
	require.GreaterOrEqual(t, len(want), 2)
	assert.Nil(t, d.Nodes[0].RoleRoute, "the input is not changed")
	assert.Equal(t, stale, rd.Nodes[2].RoleRoute)

	backwards := slices.Clone(want)
	slices.Reverse(backwards)
	for _, tt := range []struct {
		name  string
		route []model.Point
	}{
		{"none", nil},
		{"stale", stale},
		{"backwards", backwards},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sd := *rd
			sd.Nodes = slices.Clone(rd.Nodes)
			f := *rd.Nodes[0]
			f.RoleRoute = tt.route
			sd.Nodes[0] = &f
			assert.Equal(t, want, Route(&sd).Nodes[0].RoleRoute)
		})
	}
}

// fitsOf tells how each drawn edge's stored route fits the drawing of d.
func fitsOf(t *testing.T, d *model.Design) map[string]fitness {
	t.Helper()
	dr := routed(t, d)
	out := map[string]fitness{}
	for _, e := range d.Edges {
		sb, sk, ok1 := dr.endBox(e.From, e.FromSubnet)
		tb, tk, ok2 := dr.endBox(e.To, "")
		if !ok1 || !ok2 || dr.g.ix.Edges[e.ID] != e {
			continue
		}
		pts := make([]pt, len(e.Route))
		for i, p := range e.Route {
			pts[i] = pt{p[0], p[1]}
		}
		out[e.ID] = dr.router.fits(pts, sb, tb, endKeys{sk, tk, dr.endVPC(sk), dr.endVPC(tk)})
	}
	return out
}

// TestRouteAfterMoveKeepsFallbacks routes a design in which the router
// cannot clear one arrow (f: a card stands just before its source's port,
// where the route's stub would end, so no route is clear and none is
// searched for) and moves nodes around it. A stored route running through
// something is kept while none of the router's cheap shapes is clear, and
// replaced by the cheapest clear one when a move opens one; other routes
// change only as a move changes any route.
func TestRouteAfterMoveKeepsFallbacks(t *testing.T) {
	at := func(v float64) *float64 { return &v }
	d := &model.Design{Format: model.FormatV1, Nodes: []*model.Node{
		{ID: "a", Type: model.TypeSNSTopic, X: at(0), Y: at(0)},
		{ID: "t", Type: model.TypeSQSQueue, X: at(800), Y: at(0)},
		{ID: "c", Type: model.TypeS3Bucket, X: at(190), Y: at(-10)}, // in front of a's right side
		{ID: "d", Type: model.TypeDynamoDBTable, X: at(0), Y: at(400)},
	}, Edges: []*model.Edge{{ID: "f", From: "a", To: "t"}, {ID: "g", From: "d", To: "t"}}}
	rd := Route(d)
	require.Equal(t, fitsBlocked, fitsOf(t, rd)["f"], "f runs through c: the router could not clear it")
	require.Equal(t, fitsClear, fitsOf(t, rd)["g"])
	f, g := rd.Edges[0].Route, rd.Edges[1].Route
	assert.Equal(t, string(model.Encode(rd)), string(model.Encode(Route(rd))), "the fallback is kept as it is")

	tests := []struct {
		name     string
		node     string
		x, y     float64
		fKept    bool // f stays as it is
		fClear   bool // f runs through nothing afterwards
		gChanged bool
	}{
		{"a node lands on the fallback", "d", 450, 0, true, false, true},
		{"the blocker moves onto the fallback's far part", "c", 450, -10, false, true, false},
		{"the blocker moves away", "c", 190, -300, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := *rd
			md.Nodes = slices.Clone(rd.Nodes)
			k := slices.IndexFunc(md.Nodes, func(n *model.Node) bool { return n.ID == tt.node })
			c := *md.Nodes[k]
			c.X, c.Y = at(tt.x), at(tt.y)
			md.Nodes[k] = &c
			again := Route(&md)

			assert.Equal(t, tt.fKept, slices.Equal(f, again.Edges[0].Route), "f kept: %v", again.Edges[0].Route)
			wantFit := fitsBlocked
			if tt.fClear {
				wantFit = fitsClear
			}
			assert.Equal(t, wantFit, fitsOf(t, again)["f"])
			assert.Equal(t, tt.gChanged, !slices.Equal(g, again.Edges[1].Route), "g changed: %v", again.Edges[1].Route)
			assert.Equal(t, fitsClear, fitsOf(t, again)["g"])

			assert.Equal(t, string(model.Encode(again)), string(model.Encode(Route(again))), "routing again changes nothing")
			laid, err := SVG(Layout(&md), nil, Options{})
			require.NoError(t, err)
			stored, err := SVG(again, nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, string(laid), string(stored), "the stored routes draw as the routes drawn")
		})
	}
}

// TestRouteSVG: the one-pass entry point returns Route's design and the
// drawing of that design, with and without verdicts, selection, callouts
// and theme, and fails as SVG does.
func TestRouteSVG(t *testing.T) {
	for _, ex := range routeDesigns(t) {
		opts := []Options{{}, {ID: "cv"}, {Theme: "dark", Standalone: true}}
		if len(ex.d.Edges) > 0 {
			opts = append(opts, Options{Select: ex.d.Edges[0].ID})
		}
		if ex.a != nil {
			opts = append(opts, Options{Annotations: true})
		}
		for _, o := range opts {
			t.Run(fmt.Sprintf("%s %+v", ex.name, o), func(t *testing.T) {
				r, svg, err := RouteSVG(ex.d, ex.a, o)
				require.NoError(t, err)
				assert.Equal(t, string(model.Encode(Route(ex.d))), string(model.Encode(r)), "the design is Route's")
				want, err := SVG(r, ex.a, o)
				require.NoError(t, err)
				assert.Equal(t, string(want), string(svg), "the drawing is the routed design's")
			})
		}
	}
	d := genDesign(30)
	for _, o := range []Options{{Theme: "sepia"}, {Scale: -1}, {Select: "nowhere"}} {
		r, svg, err := RouteSVG(d, nil, o)
		assert.Error(t, err, "%+v", o)
		assert.Nil(t, r)
		assert.Nil(t, svg)
	}
}

// TestSpatialQuery checks that a query reports every box that meets the
// area asked about, each once, including boxes beyond the index's area
// (filed in its border cells).
func TestSpatialQuery(t *testing.T) {
	area := box{0, 0, 1000, 600}
	boxes := []box{
		{10, 10, 20, 20},     // one cell
		{100, 100, 500, 10},  // a long row of cells
		{300, 0, 2, 590},     // a long column
		{-400, -400, 50, 50}, // beyond the area, top left
		{900, 500, 900, 900}, // running past the bottom right
		{127.5, 127.5, 1, 1}, // on a cell corner
		{0, 0, 1000, 600},    // everything
		{640, 250, 0, 0},     // a point
	}
	s := newSpatial(area, 4)
	for i, b := range boxes {
		require.Equal(t, i, s.add(b))
	}
	for _, q := range []box{{0, 0, 5, 5}, {120, 120, 20, 20}, {290, 300, 30, 30}, {-1000, -1000, 10, 10}, {950, 550, 5000, 5000}, {-10, -10, 2000, 2000}, {640, 250, 0, 0}} {
		got := s.query(q, nil)
		seen := map[int]bool{}
		for _, i := range got {
			assert.False(t, seen[i], "box %d reported once for %v", i, q)
			seen[i] = true
		}
		for i, b := range boxes {
			if b.X <= q.right() && q.X <= b.right() && b.Y <= q.bottom() && q.Y <= b.bottom() {
				assert.True(t, seen[i], "box %d %v meets %v", i, b, q)
			}
		}
	}
}

// TestRouterFilesWholeBoxesFirst checks that the entries of VPCs' whole
// boxes come first in the router's index, so that they end every cell's
// list, and that queries and hit tests still find them.
func TestRouterFilesWholeBoxesFirst(t *testing.T) {
	for _, ex := range routeDesigns(t) {
		t.Run(ex.name, func(t *testing.T) {
			r := routed(t, ex.d).router
			for j := 1; j < len(r.index.ents); j++ {
				i := r.index.ents[j].box
				assert.Equal(t, j <= int(r.wholeEnts), r.keys[i].whole, "entry %d of obstacle %d", j, i)
			}
			for i, o := range r.obs {
				if !o.Whole {
					continue
				}
				assert.Contains(t, r.near(o.B, nil), i, "a query over VPC box %d finds it", i)
				// a line across the box, between ends outside every VPC
				a, b := pt{o.B.X - 50, o.B.cy()}, pt{o.B.right() + 50, o.B.cy()}
				assert.Positive(t, r.hits(a, b, endKeys{}, false, 0, 0, math.Inf(1)), "a line across VPC box %d hits it", i)
			}
		})
	}
}

// TestLabelNearGathers checks what a label's place is scored against: for
// regions around every drawn route, the cards' boxes, labels and other
// routes' runs gathered are exactly those a scan of all of them finds
// meeting the region in a cell they are filed in.
func TestLabelNearGathers(t *testing.T) {
	n := 0 // regions checked, over all designs (some draw no arrows)
	for _, ex := range routeDesigns(t) {
		t.Run(ex.name, func(t *testing.T) {
			dr, err := newDrawer(ex.d, nil, Options{})
			require.NoError(t, err)
			dr.draw()
			r := dr.router
			// item (filed as f) counts when it meets in and f's cells meet
			// in's cells
			counts := func(in box, item edges, f box) bool {
				x0, y0, x1, y1 := r.index.cellRange(in)
				fx0, fy0, fx1, fy1 := r.index.cellRange(f)
				e := edgesOf(in)
				return item.x0 <= e.x1 && e.x0 <= item.x1 && item.y0 <= e.y1 && e.y0 <= item.y1 &&
					fx0 <= x1 && x0 <= fx1 && fy0 <= y1 && y0 <= fy1
			}
			sorted := func(v []edges) []edges {
				return slices.SortedFunc(slices.Values(v), func(a, b edges) int {
					return cmpEdges(a, b)
				})
			}
			for j := range dr.g.ix.Design.Edges {
				pts := dr.routes[j]
				if pts == nil {
					continue
				}
				own := int32(j)
				for k := 1; k < len(pts); k++ {
					m := pt{(pts[k-1].X + pts[k].X) / 2, (pts[k-1].Y + pts[k].Y) / 2}
					in := box{m.X - 60, m.Y - 45, 120, 90}
					var pads, labels, segs []edges
					for i, o := range r.obs {
						if !o.Whole && counts(in, r.pads[i], o.B) {
							pads = append(pads, r.pads[i])
						}
					}
					for i, l := range dr.labels {
						if counts(in, dr.labelPads[i], l) {
							labels = append(labels, dr.labelPads[i])
						}
					}
					for _, s := range dr.segs {
						f := box{s.ext.x0, s.ext.y0, s.ext.x1 - s.ext.x0, s.ext.y1 - s.ext.y0}
						if s.owner != own && counts(in, s.ext, f) {
							segs = append(segs, s.ext)
						}
					}
					ln := &dr.labelNear
					ln.gather(dr, in, own)
					ln.gatherRest(dr)
					assert.Equal(t, sorted(pads), sorted(ln.pads), "cards near %v", in)
					assert.Equal(t, sorted(labels), sorted(ln.labels), "labels near %v", in)
					assert.Equal(t, sorted(segs), sorted(ln.segs), "routes near %v", in)
					n++
				}
			}
		})
	}
	assert.Greater(t, n, 1000)
}

// cmpEdges orders boxes' edges, for comparing lists as sets.
func cmpEdges(a, b edges) int {
	for _, d := range [...]float64{a.x0 - b.x0, a.y0 - b.y0, a.x1 - b.x1, a.y1 - b.y1} {
		if d != 0 {
			return int(math.Copysign(1, d))
		}
	}
	return 0
}
