package render

import (
	"fmt"
	"slices"
	"testing"

	"archway/model"
	"archway/model/gen"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkGeometry asserts what every layout must hold: no two cards, marks
// or sibling containers overlap, everything lies inside the container it
// is drawn in, border cards sit on their VPC's border, and routes keep out
// of cards and container labels.
func checkGeometry(t *testing.T, d *model.Design) {
	t.Helper()
	dr, err := newDrawer(d, nil, Options{})
	require.NoError(t, err)
	dr.draw()
	g := dr.g

	type shape struct {
		name string
		b    box
	}
	var leaves []shape
	for _, n := range g.nodes {
		switch g.kindOf(n.ID) {
		case kindCard, kindBorder:
			b, ok := g.boxOf(n.ID)
			require.True(t, ok, "card %s has a box", n.ID)
			leaves = append(leaves, shape{n.ID, b})
		}
	}
	for _, m := range g.marks {
		leaves = append(leaves, shape{"mark " + m.Node + " in " + m.Subnet, m.B})
	}
	for i := range leaves {
		for j := i + 1; j < len(leaves); j++ {
			assert.False(t, leaves[i].b.overlaps(leaves[j].b), "%s %v overlaps %s %v", leaves[i].name, leaves[i].b, leaves[j].name, leaves[j].b)
		}
	}

	// containers: siblings apart, children inside
	var containers []*model.Node
	for _, n := range g.nodes {
		if g.kindOf(n.ID) == kindContainer {
			containers = append(containers, n)
		}
	}
	for i, a := range containers {
		for _, b := range containers[i+1:] {
			if a.Parent == b.Parent {
				ab, _ := g.boxOf(a.ID)
				bb, _ := g.boxOf(b.ID)
				assert.False(t, ab.overlaps(bb), "containers %s and %s overlap", a.ID, b.ID)
			}
		}
	}
	for _, n := range g.nodes {
		home := g.homeOf(n.ID)
		b, ok := g.boxOf(n.ID)
		if home == "" || !ok {
			continue
		}
		hb, _ := g.boxOf(home)
		switch g.kindOf(n.ID) {
		case kindBorder:
			if n.Type == model.TypeInternetGateway {
				assert.InDelta(t, hb.Y, b.cy(), 0.01, "%s sits on the top border of %s", n.ID, home)
			} else {
				assert.InDelta(t, hb.right(), b.cx(), 0.01, "%s sits on the right border of %s", n.ID, home)
			}
		default:
			assert.True(t, hb.contains(b), "%s %v lies inside %s %v", n.ID, b, home, hb)
		}
	}
	for _, m := range g.marks {
		sb, _ := g.boxOf(m.Subnet)
		assert.True(t, sb.contains(m.B), "mark of %s lies inside %s", m.Node, m.Subnet)
	}
	// outside cards keep out of VPCs
	for _, n := range g.nodes {
		if g.kindOf(n.ID) != kindCard || g.homeOf(n.ID) != "" {
			continue
		}
		for _, v := range containers {
			if v.Type == model.TypeVPC {
				nb, _ := g.boxOf(n.ID)
				vb, _ := g.boxOf(v.ID)
				assert.False(t, nb.overlaps(vb), "%s is outside every VPC but overlaps %s", n.ID, v.ID)
			}
		}
	}

	// routes: no segment through a card other than its ends, nor a label
	for j, e := range g.ix.Design.Edges {
		pts := dr.routes[j]
		if len(pts) < 2 {
			continue
		}
		// the ends' own boxes: the nodes', and the mark the edge leaves from
		ends := []int32{g.key(e.From), g.key(e.To)}
		if _, k, ok := dr.endBox(e.From, e.FromSubnet); ok {
			ends = append(ends, k)
		}
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			assert.True(t, a.X == b.X || a.Y == b.Y, "edge %s is orthogonal", e.ID)
			if i == 1 || i == len(pts)-1 {
				continue // the stubs leave and enter their own boxes
			}
			s := segmentBox(a, b)
			for _, o := range dr.obstacles {
				if o.Whole || slices.Contains(ends, o.Node) {
					continue
				}
				in := o.B.inset(1)
				crosses := s.X < in.right() && in.X < s.right() && s.Y < in.bottom() && in.Y < s.bottom()
				assert.False(t, crosses, "edge %s segment %v→%v crosses obstacle of key %d %v", e.ID, a, b, o.Node, o.B)
			}
		}
	}
}

func TestLayoutOfExamples(t *testing.T) {
	for _, ex := range loadExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			checkGeometry(t, ex.d)
		})
	}
}

func TestLayoutOfGeneratedDesigns(t *testing.T) {
	for _, n := range []int{40, 300} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			checkGeometry(t, genDesign(n))
		})
	}
}

func TestLayoutGivesEveryBoxAPosition(t *testing.T) {
	for _, ex := range loadExamples(t) {
		out := Layout(ex.d)
		require.Len(t, out.Nodes, len(ex.d.Nodes))
		for i, n := range out.Nodes {
			assert.Nil(t, ex.d.Nodes[i].X, "the input is not modified")
			switch n.Type {
			case model.TypeRouteTable, model.TypeSecurityGroup, model.TypeNetworkACL:
				assert.Nil(t, n.X, "%s: chips have no position", n.ID)
			default:
				require.NotNil(t, n.X, "%s %s", ex.name, n.ID)
				require.NotNil(t, n.W)
				assert.Greater(t, *n.W, 0.0)
				assert.Greater(t, *n.H, 0.0)
			}
		}
		// laying out a laid-out design changes nothing
		again := Layout(out)
		for i := range out.Nodes {
			assert.Equal(t, out.Nodes[i], again.Nodes[i], "%s %s", ex.name, out.Nodes[i].ID)
		}
	}
}

func TestLayoutKeepsGivenPositions(t *testing.T) {
	exs := map[string]example{}
	for _, ex := range loadExamples(t) {
		exs[ex.name] = ex
	}
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name    string
		example string
		// edit changes a copy of the laid-out design: the nodes the author
		// moved keep x/y (and w/h), the cleared ones are laid out again
		edit    func(d *model.Design)
		kept    []string
		cleared []string
	}{
		{
			name: "card moved onto another card's place", example: "E05",
			edit: func(d *model.Design) {
				db, app := node(d, "categram-db"), node(d, "categram-app")
				app.X, app.Y = f(*db.X), f(*db.Y) // the author drops app where db was
				db.X, db.Y, db.W, db.H = nil, nil, nil, nil
			},
			kept:    []string{"categram-app", "categram-fn", "sn-private-a"},
			cleared: []string{"categram-db"},
		},
		{
			name: "new node without position", example: "E01",
			edit: func(d *model.Design) {
				d.Nodes = append(d.Nodes, &model.Node{ID: "audit-log", Type: model.TypeCloudWatchLogs})
				d.Edges = append(d.Edges, &model.Edge{ID: "log", From: "categram-fn", To: "audit-log"})
			},
			kept:    []string{"categram-fn", "cats-table", "adoption-queue", "imdb"},
			cleared: []string{"audit-log"},
		},
		{
			name: "subnet moved with its contents", example: "E03",
			edit: func(d *model.Design) {
				s := node(d, "sn-private-b")
				s.Y = f(*s.Y + 400)
				s.H = f(*s.H + 40)
				vpc := node(d, "categram-vpc")
				vpc.X, vpc.Y, vpc.W, vpc.H = nil, nil, nil, nil
			},
			kept:    []string{"sn-private-b", "categram-fn", "sn-private-a"},
			cleared: []string{"categram-vpc"},
		},
		{
			name: "card given outside the automatic layout", example: "E02",
			edit: func(d *model.Design) {
				fn := node(d, "categram-fn")
				fn.X, fn.Y = f(-500), f(900)
				for _, n := range d.Nodes {
					if n.ID != "categram-fn" {
						n.X, n.Y, n.W, n.H = nil, nil, nil, nil
					}
				}
			},
			kept: []string{"categram-fn"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := cloneDesign(Layout(exs[tc.example].d))
			tc.edit(d)
			want := map[string]box{}
			for _, id := range tc.kept {
				n := node(d, id)
				want[id] = box{*n.X, *n.Y, *n.W, *n.H}
			}
			out := Layout(d)
			for _, id := range tc.kept {
				n := node(out, id)
				assert.Equal(t, want[id], box{*n.X, *n.Y, *n.W, *n.H}, "%s keeps its position and size", id)
			}
			for _, id := range tc.cleared {
				assert.NotNil(t, node(out, id).X, "%s is placed", id)
			}
			checkGeometry(t, out)
		})
	}
}

func node(d *model.Design, id string) *model.Node {
	for _, n := range d.Nodes {
		if n.ID == id {
			return n
		}
	}
	panic("no node " + id)
}

// cloneDesign copies the nodes and edges so edits do not reach the original.
func cloneDesign(d *model.Design) *model.Design {
	c := *d
	c.Nodes = make([]*model.Node, len(d.Nodes))
	for i, n := range d.Nodes {
		cp := *n
		c.Nodes[i] = &cp
	}
	c.Edges = append([]*model.Edge(nil), d.Edges...)
	return &c
}

// TestLayoutSurvivesBrokenDesigns draws documents the decoder would
// reject: the renderer must not panic on them.
func TestLayoutSurvivesBrokenDesigns(t *testing.T) {
	tests := []struct {
		name string
		d    *model.Design
	}{
		{"empty", &model.Design{}},
		{"nil node and edge", &model.Design{Nodes: []*model.Node{nil}, Edges: []*model.Edge{nil}}},
		{"dangling parent", &model.Design{Nodes: []*model.Node{{ID: "s", Type: model.TypeSubnet, Parent: "nope"}, {ID: "i", Type: model.TypeEC2Instance, Parent: "s"}}}},
		{"parent cycle", &model.Design{Nodes: []*model.Node{{ID: "a", Type: model.TypeSubnet, Parent: "b"}, {ID: "b", Type: model.TypeSubnet, Parent: "a"}}}},
		{"duplicate ids", &model.Design{Nodes: []*model.Node{{ID: "a", Type: model.TypeLambda}, {ID: "a", Type: model.TypeS3Bucket}}}},
		{"edge to nowhere", &model.Design{Nodes: []*model.Node{{ID: "a", Type: model.TypeLambda}}, Edges: []*model.Edge{{ID: "e", From: "a", To: "zz"}, {ID: "e", From: "a", To: "a"}}}},
		{"huge given size", &model.Design{Nodes: []*model.Node{{ID: "v", Type: model.TypeVPC, W: ptr(1e6)}, {ID: "s", Type: model.TypeSubnet, Parent: "v", X: ptr(-5), Y: ptr(3), W: ptr(2), H: ptr(2)}, {ID: "f", Type: model.TypeLambda, Parent: "s"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SVG(tc.d, nil, Options{Annotations: true})
			require.NoError(t, err)
			_, err = PNG(tc.d, &model.Analysis{}, Options{Scale: 0.5})
			require.NoError(t, err)
			Layout(tc.d)
		})
	}
}

// TestLayoutOfPlacedDesigns lays out designs as the editor saves them
// (every box placed, containers sized, cards at their default size): the
// shortcut for them gives the boxes and marks the full layout gives.
func TestLayoutOfPlacedDesigns(t *testing.T) {
	exs := append(loadExamples(t), example{name: "generated-300", d: genDesign(300)}, example{name: "gen-300", d: gen.Design(300, 1)})
	for _, ex := range exs {
		t.Run(ex.name, func(t *testing.T) {
			placed := Layout(ex.d)
			for i, n := range placed.Nodes {
				if n.Type != model.TypeVPC && n.Type != model.TypeSubnet {
					n.W, n.H = nil, nil
				}
				if n.X != nil && i%3 == 0 { // moved by the author, off the grid
					*n.X += 3.1 + float64(i%7)*0.37
					*n.Y -= 1.3
				}
			}
			full := newGeometry(placed)
			require.True(t, full.allPlaced())
			full.auto()
			full.applyGiven()
			short := layoutDesign(placed)
			assert.Equal(t, full.boxes, short.boxes)
			assert.Equal(t, full.placed, short.placed)
			assert.Equal(t, full.marks, short.marks)
		})
	}
}

func TestUniqueWhere(t *testing.T) {
	ok := func(id string) bool { return id != "bad" }
	tests := []struct {
		name string
		ids  []string
		want []string
		own  bool // the caller's list comes back as it is
	}{
		{"empty", nil, nil, true},
		{"clean", []string{"a", "b"}, []string{"a", "b"}, true},
		{"repeat", []string{"a", "b", "a"}, []string{"a", "b"}, false},
		{"rejected", []string{"bad", "a"}, []string{"a"}, false},
		{"all rejected", []string{"bad", "bad"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := uniqueWhere(tc.ids, ok)
			assert.Equal(t, tc.want, got)
			switch {
			case tc.own && len(got) > 0:
				assert.Same(t, &tc.ids[0], &got[0], "a clean list is the caller's own")
			case !tc.own && len(got) > 0:
				assert.NotSame(t, &tc.ids[0], &got[0], "a cleaned list is a new one")
			}
		})
	}
}

func TestNeighbours(t *testing.T) {
	nodes := func(ids ...string) []*model.Node {
		var out []*model.Node
		for _, id := range ids {
			out = append(out, &model.Node{ID: id, Type: model.TypeLambda})
		}
		return out
	}
	edge := func(from, to string) *model.Edge { return &model.Edge{ID: from + ">" + to, From: from, To: to} }
	tests := []struct {
		name  string
		nodes []*model.Node
		edges []*model.Edge
		want  map[string][]string // by node, its neighbours in the order of the edges
	}{
		{"none", nodes("a", "b"), nil, map[string][]string{}},
		{"both ways, in edge order", nodes("a", "b", "c"),
			[]*model.Edge{edge("a", "b"), edge("c", "a"), edge("b", "a")},
			map[string][]string{"a": {"b", "c", "b"}, "b": {"a", "a"}, "c": {"a"}}},
		{"no loops, nothing that is not a node", nodes("a", "b"),
			[]*model.Edge{edge("a", "a"), edge("a", "zz"), edge("zz", "b"), edge("b", "a")},
			map[string][]string{"a": {"b"}, "b": {"a"}}},
		{"a repeated id is its first node", append(nodes("a", "b"), nodes("a")...),
			[]*model.Edge{edge("b", "a")},
			map[string][]string{"a": {"b"}, "b": {"a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newGeometry(&model.Design{Nodes: tc.nodes, Edges: tc.edges})
			at, adj := g.neighbours()
			require.Len(t, at, len(g.nodes)+1)
			got := map[string][]string{}
			for p, n := range g.nodes {
				for _, q := range adj[at[p]:at[p+1]] {
					got[n.ID] = append(got[n.ID], g.nodes[q].ID)
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func ptr(v float64) *float64 { return &v }
