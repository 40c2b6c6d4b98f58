package render

import (
	"math"
	"testing"

	"archway/model"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// degenerate is a small design whose boxes are all given as xywh (x, y,
// w, h each), with edges between them, to itself and in both directions,
// and stored routes made of pts.
func degenerate(xywh [][4]float64, pts []model.Point) *model.Design {
	ids := []string{"fn", "q", "t", "b", "h"}
	types := []string{model.TypeLambda, model.TypeSQSQueue, model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeInternetHost}
	d := &model.Design{Format: model.FormatV1, Title: "degenerate"}
	for i, v := range xywh {
		x, y, w, h := v[0], v[1], v[2], v[3]
		d.Nodes = append(d.Nodes, &model.Node{ID: ids[i%len(ids)], Type: types[i%len(types)], X: &x, Y: &y, W: &w, H: &h})
	}
	d.Nodes = append(d.Nodes, &model.Node{ID: "role", Type: model.TypeIAMRole})
	d.Nodes[0].Role = "role"
	d.Nodes[0].RoleRoute = pts
	for i := range d.Nodes {
		for j := range d.Nodes {
			d.Edges = append(d.Edges, &model.Edge{ID: d.Nodes[i].ID + "-" + d.Nodes[j].ID, From: d.Nodes[i].ID, To: d.Nodes[j].ID, Route: pts})
		}
	}
	return d
}

// TestDegenerateDesigns draws designs whose boxes coincide, are empty or
// inverted, or lie far out, and stored routes with repeated, diagonal or
// far points: every output is made without a panic, and the SVG is safe.
func TestDegenerateDesigns(t *testing.T) {
	huge := 1e15
	cases := []struct {
		name string
		xywh [][4]float64
		pts  []model.Point
	}{
		{"same place", [][4]float64{{0, 0, 200, 60}, {0, 0, 200, 60}, {0, 0, 200, 60}}, nil},
		{"zero size", [][4]float64{{0, 0, 0, 0}, {10, 10, 0, 0}, {0, 0, 0, 0}}, nil},
		{"negative size", [][4]float64{{100, 100, -50, -20}, {0, 0, 200, 60}, {300, 0, -1, 60}}, nil},
		{"touching", [][4]float64{{0, 0, 100, 60}, {100, 0, 100, 60}, {0, 60, 100, 60}, {100, 60, 100, 60}}, nil},
		{"far apart", [][4]float64{{0, 0, 200, 60}, {1e6, 1e6, 200, 60}, {-1e6, 0, 200, 60}}, nil},
		{"huge", [][4]float64{{huge, huge, 200, 60}, {-huge, 0, 200, 60}, {0, 0, huge, huge}}, nil},
		{"extreme", [][4]float64{{1e17, 0, -1e300, 60}, {1e300, 1e300, 1, 1}, {-1e300, 0, 1e300, 1e300}}, nil},
		{"past int range", [][4]float64{{1.17e21, 0, 2e19, 60}, {0, 1.17e21, 60, 2e19}, {0, 0, 200, 60}}, nil},
		{"negative far", [][4]float64{{0, 0, -1e300, -1e300}, {400, 0, 200, 60}}, nil},
		{"tiny", [][4]float64{{0, 0, 1e-9, 1e-9}, {1e-9, 0, 1e-9, 1e-9}}, nil},
		{"stored routes odd", [][4]float64{{0, 0, 200, 60}, {400, 0, 200, 60}},
			[]model.Point{{200, 30}, {200, 30}, {300, 30}, {300, 30}, {350, 80}, {400, 30}}},
		{"stored route one point", [][4]float64{{0, 0, 200, 60}, {400, 0, 200, 60}}, []model.Point{{200, 30}}},
		{"stored route far", [][4]float64{{0, 0, 200, 60}, {400, 0, 200, 60}}, []model.Point{{200, 30}, {huge, 30}, {huge, -huge}, {400, 30}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := degenerate(tc.xywh, tc.pts)
			var r *model.Design
			require.NotPanics(t, func() { r = Route(d) })
			require.NotNil(t, r)
			for _, dd := range []*model.Design{d, r} {
				for _, o := range []Options{{}, {Annotations: true, Select: "fn-q"}, {Transparent: true, Padding: -1}} {
					var out []byte
					var err error
					require.NotPanics(t, func() { out, err = SVG(dd, nil, o) })
					require.NoError(t, err)
					checkSafe(t, out)
				}
				require.NotPanics(t, func() { _, _, _ = RouteSVG(dd, nil, Options{}) })
			}
			// far-out designs are scaled down to a PNG of the largest size
			// (64 Mpx): once is enough
			require.NotPanics(t, func() { _, _ = PNG(d, nil, Options{Transparent: true}) })
		})
	}
}

// TestNonFiniteDesigns draws boxes and routes at NaN and ±Inf, which the
// decoder rejects but a design built in code may hold: no panic.
func TestNonFiniteDesigns(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, v := range [][4]float64{{nan, 0, 200, 60}, {0, inf, 200, 60}, {0, 0, nan, 60}, {-inf, 0, 200, inf}} {
		d := degenerate([][4]float64{v, {0, 0, 200, 60}, {400, 0, 200, 60}}, []model.Point{{nan, 0}, {inf, 0}})
		assert.NotPanics(t, func() { Route(d) }, "%v", v)
		assert.NotPanics(t, func() { _, _ = SVG(d, nil, Options{}) }, "%v", v)
		assert.NotPanics(t, func() { _, _ = PNG(d, nil, Options{}) }, "%v", v)
	}
}

// TestCellRangeFarOut checks that a box of positive size ends in a cell
// no earlier than the one it starts in, wherever it lies: an inverted
// range corrupted the index a box was filed in.
func TestCellRangeFarOut(t *testing.T) {
	s := newSpatial(box{0, 0, 1000, 1000}, 30)
	for _, b := range []box{
		{0, 0, 10, 10}, {-1e300, -1e300, 1, 1}, {1e300, 1e300, 1, 1}, {1.17e21, 1.17e21, 2e19, 2e19},
		{-1.2e21, -1.2e21, 2e19, 2e19}, {500, 500, 1e300, 1e300}, {math.NaN(), 0, 1, 1},
	} {
		x0, y0, x1, y1 := s.cellRange(b)
		assert.LessOrEqual(t, x0, x1, "%v", b)
		assert.LessOrEqual(t, y0, y1, "%v", b)
		for _, v := range []int{x0, x1} {
			assert.True(t, v >= 0 && v < s.nx, "%v", b)
		}
		for _, v := range []int{y0, y1} {
			assert.True(t, v >= 0 && v < s.ny, "%v", b)
		}
		s.add(b)
	}
	s.add(box{500, 500, -300, -300}) // inverted: filed in no cell
	assert.Equal(t, len(s.first), 8)
}

// FuzzRouteBoxes routes and draws three boxes and a stored route at any
// coordinates and sizes: no panic, and a safe SVG.
func FuzzRouteBoxes(f *testing.F) {
	f.Add(0.0, 0.0, 200.0, 60.0, 400.0, 0.0, 200.0, 60.0, 0.0, 200.0, 30.0, 400.0)
	f.Add(0.0, 0.0, 200.0, 60.0, 0.0, 0.0, 200.0, 60.0, 100.0, 100.0, 0.0, 0.0)
	f.Add(1.17e21, 0.0, 2e19, 60.0, -1e300, 1e300, 1.0, 1.0, 1e15, 1e15, -5.0, 1e-9)
	f.Fuzz(func(t *testing.T, x0, y0, w0, h0, x1, y1, w1, h1, x2, y2, p, q float64) {
		d := degenerate([][4]float64{{x0, y0, w0, h0}, {x1, y1, w1, h1}, {x2, y2, w0, h1}},
			[]model.Point{{x0 + w0, p}, {q, p}, {q, y1 + h1/2}, {x1, y1 + h1/2}})
		var r *model.Design
		require.NotPanics(t, func() { r = Route(d) })
		var out []byte
		var err error
		require.NotPanics(t, func() { out, err = SVG(r, nil, Options{Select: "fn-q"}) })
		require.NoError(t, err)
		checkSafe(t, out)
	})
}
