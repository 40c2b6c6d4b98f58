package render

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The router's search code is written for speed; these tests hold it to
// the plain versions it replaced, which are kept here as the reference,
// on random inputs full of the coincidences (equal coordinates, values
// within rounding of each other, ties in distance) that tie-breaking and
// simplifying turn on.

// candidateBaseRef is candidateBase as plainly written: simplify, then
// check and measure each segment.
func candidateBaseRef(raw []pt, a, b port) (float64, bool) {
	pts := simplifyInto(nil, raw)
	n := len(pts)
	if n < 2 {
		return 0, false
	}
	base := float64(n-2) * bendCost
	var prev pt
	for i := 1; i < n; i++ {
		p, q := pts[i-1], pts[i]
		if p.X != q.X && p.Y != q.Y {
			return 0, false
		}
		d := pt{sign(q.X - p.X), sign(q.Y - p.Y)}
		if i == 1 && d != a.Dir || i > 1 && prev.X == -d.X && prev.Y == -d.Y || (i == 1 || i == n-1) && dist(p, q) < stub-1e-9 {
			return 0, false
		}
		prev = d
		base += dist(p, q)
	}
	if (pt{sign(pts[n-2].X - pts[n-1].X), sign(pts[n-2].Y - pts[n-1].Y)}) != b.Dir {
		return 0, false
	}
	return base, true
}

// coord is a random coordinate on a coarse lattice, so that values
// coincide often, sometimes moved by less than simplify's tolerance or by
// about it, and now and then a fraction that does not add up exactly.
func coord(r *rand.Rand) float64 {
	v := float64(r.IntN(8)) * 7
	switch r.IntN(8) {
	case 0:
		v += 1e-10
	case 1:
		v -= 1e-9
	case 2:
		v += 0.1
	case 3:
		v += 0.3
	}
	return v
}

// randomPort is a port on the lattice facing a random side.
func randomPort(r *rand.Rand) port {
	sides := []pt{sideRight, sideLeft, sideDown, sideUp}
	return port{P: pt{coord(r), coord(r)}, Dir: sides[r.IntN(4)]}
}

// randomCandidate is a candidate's points as candidates makes them, with
// zero, one or two middle points, some taken from the stubs' ends so that
// points repeat and runs line up.
func randomCandidate(r *rand.Rand, a, b port) []pt {
	a1, b1 := a.stubEnd(), b.stubEnd()
	raw := []pt{a.P, a1}
	c := func() float64 {
		switch r.IntN(4) {
		case 0:
			return []float64{a1.X, a1.Y, b1.X, b1.Y}[r.IntN(4)]
		}
		return coord(r)
	}
	switch r.IntN(4) {
	case 0:
	case 1:
		raw = append(raw, pt{b1.X, a1.Y})
	case 2:
		x := c()
		raw = append(raw, pt{x, a1.Y}, pt{x, b1.Y})
	default:
		raw = append(raw, pt{c(), c()}, pt{c(), c()})
	}
	return append(raw, b1, b.P)
}

func TestCandidateBaseMatchesPlain(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	valid := 0
	for range 50000 {
		a, b := randomPort(r), randomPort(r)
		raw := randomCandidate(r, a, b)
		want, wantOK := candidateBaseRef(raw, a, b)
		got, ok := candidateBase(raw, a, b)
		if !assert.Equal(t, wantOK, ok, "%v %v %v", raw, a, b) || !assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "%v %v %v", raw, a, b) {
			return
		}
		if ok {
			valid++
		}
	}
	assert.Greater(t, valid, 2500, "the inputs must make valid candidates too")
}

// TestLineHitsMatchesHits checks that counting a segment's hits from its
// line's gathered obstacles gives hits' number, for segments along rows
// and columns of the example designs' routers at obstacles' edges and
// elsewhere, reaching out both ways from where earlier segments on the
// line gathered, between the ends of random obstacles, under bounds that
// stop the count early or not at all.
func TestLineHitsMatchesHits(t *testing.T) {
	r0 := rand.New(rand.NewPCG(3, 4))
	for _, ex := range routeDesigns(t) {
		t.Run(ex.name, func(t *testing.T) {
			r := routed(t, ex.d).router
			if !assert.NotEmpty(t, r.obs) {
				return
			}
			area := r.area
			at := func(lo, span float64) float64 { return lo + math.Round(r0.Float64()*span) }
			counted := 0
			var l hitLine
			for range 300 {
				o1, o2 := r.obs[r0.IntN(len(r.obs))], r.obs[r0.IntN(len(r.obs))]
				e := endKeys{o1.Node, o2.Node, o1.VPC, o2.VPC}
				z := r.zones[r0.IntN(len(r.zones))]
				vert := r0.IntN(2) == 0
				v := []float64{z.x0, z.x1, z.y0, z.y1, z.y0 + 3, at(area.Y, area.H)}[r0.IntN(6)]
				lo, span := area.X, area.W
				if vert {
					v = []float64{z.y0, z.y1, z.x0, z.x1, z.x0 + 3, at(area.X, area.W)}[r0.IntN(6)]
					lo, span = area.Y, area.H
				}
				l.reset(r, v, vert)
				for range 6 {
					u, w := at(lo, span), at(lo, span)
					if r0.IntN(2) == 0 {
						w = u + at(0, 600) // short ones too
					}
					a, b := pt{u, v}, pt{w, v}
					if vert {
						a, b = pt{v, u}, pt{v, w}
					}
					c := at(0, 1000)
					bound := []float64{math.Inf(1), c + hitCost, c + 2.5*hitCost, c}[r0.IntN(4)]
					want := r.hits(a, b, e, false, 0, c, bound)
					if !assert.Equal(t, want, r.lineHits(&l, a, b, e, c, bound), "%v %v %+v", a, b, e) {
						return
					}
					counted += want
				}
			}
			assert.Positive(t, counted, "some segments must hit something")
		})
	}
}

// TestTwoBendsMatchesCandidateBase checks the candidates through channels
// against candidateBase, for channels on the stubs' ends' lines, the
// ports' and elsewhere, and ports whose ends line up.
func TestTwoBendsMatchesCandidateBase(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	valid, quick := 0, 0
	for range 50000 {
		a, b := randomPort(r), randomPort(r)
		if r.IntN(50) == 0 {
			b.Dir = pt{} // not a side: left to candidateBase
		}
		a1, b1 := a.stubEnd(), b.stubEnd()
		vert := r.IntN(2) == 0
		ch := newTwoBends(a, b, vert)
		// on the stubs' ends' and the ports' lines, or a stub's length
		// or more behind or beyond them
		off := float64(r.IntN(9)-4) * 7
		v := []float64{a1.X, b1.X, a.P.X + off, b.P.X + off, a1.X + 1e-10, coord(r), coord(r)}[r.IntN(7)]
		m0, m1 := pt{v, a1.Y}, pt{v, b1.Y}
		if !vert {
			v = []float64{a1.Y, b1.Y, a.P.Y + off, b.P.Y + off, a1.Y - 1e-10, coord(r), coord(r)}[r.IntN(7)]
			m0, m1 = pt{a1.X, v}, pt{b1.X, v}
		}
		raw := []pt{a.P, a1, m0, m1, b1, b.P}
		want, wantOK := candidateBase(raw, a, b)
		got, ok := ch.base(m0, m1)
		if !assert.Equal(t, wantOK, ok, "%v %v %v", raw, a, b) || !assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "%v %v %v", raw, a, b) {
			return
		}
		if ok {
			valid++
		}
		if ch.ok {
			quick++
		}
	}
	assert.Greater(t, valid, 2500, "the inputs must make valid candidates too")
	assert.Greater(t, quick, 25000, "most must take the short way")
}

// nearestRef is nearest as it was first written: one sort of all values,
// then the same walk.
func nearestRef(out, v []float64, m float64, n int) []float64 {
	slices.Sort(v)
	return closest(out, v, m, n)
}

// TestNearestMatchesFullSort checks nearest against nearestRef on values
// with many repeats and ties in distance (m on a value, or halfway between
// two), fewer and more of them than insertion sorts, and a few NaNs.
func TestNearestMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		v := make([]float64, r.IntN(130))
		for i := range v {
			v[i] = float64(r.IntN(40))*3.5 + []float64{0, 0, 0, 0.1, 1e-9}[r.IntN(5)]
			if r.IntN(500) == 0 {
				v[i] = math.NaN()
			}
		}
		m := float64(r.IntN(80)) * 1.75
		if r.IntN(100) == 0 {
			m = math.NaN()
		}
		n := 1 + r.IntN(80)
		want := nearestRef(nil, slices.Clone(v), m, n)
		got := nearest([]float64{}, slices.Clone(v), m, n)
		bits := func(v []float64) []uint64 {
			out := make([]uint64, len(v))
			for i, x := range v {
				out[i] = math.Float64bits(x)
			}
			return out
		}
		if !assert.Equal(t, bits(want), bits(got), "%v %v %d", v, m, n) {
			return
		}
	}
}

// TestLineInterferenceMatchesInterference checks that counting a
// segment's interference from its line's gathered segments gives
// interference's sum, or, where interference stops at bound, a sum that
// reaches bound too: for segments along rows and columns of the example
// designs' routers after routing, at routed segments' positions and
// elsewhere, reaching out both ways from where earlier segments on the
// line gathered.
func TestLineInterferenceMatchesInterference(t *testing.T) {
	r0 := rand.New(rand.NewPCG(9, 10))
	for _, ex := range routeDesigns(t) {
		t.Run(ex.name, func(t *testing.T) {
			r := routed(t, ex.d).router
			if len(r.segs) == 0 {
				return
			}
			area := r.area
			at := func(lo, span float64) float64 { return lo + math.Round(r0.Float64()*span) }
			summed := 0.0
			var l hitLine
			for range 300 {
				s := r.segs[r0.IntN(len(r.segs))]
				group := r.segs[r0.IntN(len(r.segs))].group
				vert := r0.IntN(2) == 0
				v := []float64{s.a.Y, s.a.Y + 3, s.b.Y, s.ly + 1, at(area.Y, area.H)}[r0.IntN(5)]
				lo, span := area.X, area.W
				if vert {
					v = []float64{s.a.X, s.a.X - 3, s.b.X, s.lx + 1, at(area.X, area.W)}[r0.IntN(5)]
					lo, span = area.Y, area.H
				}
				l.reset(r, v, vert)
				anchor := at(lo, span) // a line's segments share an end, the stub's
				for range 6 {
					w := at(lo, span)
					if r0.IntN(2) == 0 {
						w = anchor + at(-300, 600) // short ones too
					}
					a, b := pt{anchor, v}, pt{w, v}
					if vert {
						a, b = pt{v, anchor}, pt{v, w}
					}
					if a == b {
						continue
					}
					base := at(0, 1000)
					bound := []float64{math.Inf(1), base + 400, base + 60, base + 1000}[r0.IntN(4)]
					want := r.interference(a, b, group, base, bound)
					got := r.lineInterference(&l, a, b, group, base, bound)
					if base+want < bound {
						if !assert.Equal(t, want, got, "%v %v group %d", a, b, group) {
							return
						}
					} else if !assert.GreaterOrEqual(t, base+got, bound, "%v %v group %d", a, b, group) {
						return
					}
					summed += want
				}
			}
			assert.Positive(t, summed, "some segments must run along or across routes")
		})
	}
}

// TestLinesGatherInTurns holds lineInterference to interference when two
// lines gather the same routed segments in turns, as a route's candidates
// do with the rows (columns) of its stubs' ends: a row or column a few
// units from another gathers the segments along both, and each line
// reaches further out after the other has gathered.
func TestLinesGatherInTurns(t *testing.T) {
	r0 := rand.New(rand.NewPCG(11, 12))
	for _, ex := range routeDesigns(t) {
		t.Run(ex.name, func(t *testing.T) {
			r := routed(t, ex.d).router
			if len(r.segs) == 0 {
				return
			}
			overlaps := 0
			var lines [2]hitLine
			for range 200 {
				s := r.segs[r0.IntN(len(r.segs))]
				group := s.group + 1 // not the segment's own
				vert := s.vert
				v, lo, hi := s.a.Y, s.lx, s.hx
				if vert {
					v, lo, hi = s.a.X, s.ly, s.hy
				}
				vs := [2]float64{v, v + float64(r0.IntN(4))}
				var anchors [2]float64
				for k := range lines {
					lines[k].reset(r, vs[k], vert)
					anchors[k] = lo + math.Round(r0.Float64()*(hi-lo))
				}
				for range 8 {
					k := r0.IntN(2)
					// out from the anchor, a little or far
					w := anchors[k] + float64(r0.IntN(2*gridCell)-gridCell)
					if r0.IntN(2) == 0 {
						w = anchors[k] + float64(r0.IntN(8*gridCell)-4*gridCell)
					}
					a, b := pt{anchors[k], vs[k]}, pt{w, vs[k]}
					if vert {
						a, b = pt{vs[k], anchors[k]}, pt{vs[k], w}
					}
					if a == b {
						continue
					}
					want := r.interference(a, b, group, 0, math.Inf(1))
					if !assert.Equal(t, want, r.lineInterference(&lines[k], a, b, group, 0, math.Inf(1)), "%v %v group %d", a, b, group) {
						return
					}
					if want >= overlapCost {
						overlaps++
					}
				}
			}
			assert.Positive(t, overlaps, "segments must run along routes")
		})
	}
}
