package render

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// Edges are routed orthogonally between ports on the sides of their end
// boxes. The router first tries a handful of one- and two-bend shapes
// through the gaps between obstacles; only when all of them collide does it
// search a sparse grid built from the obstacles' edges (the orthogonal
// visibility graph), which gives the fewest bends around anything.

// Sides of a box, as outward unit directions.
var (
	sideRight = pt{1, 0}
	sideLeft  = pt{-1, 0}
	sideDown  = pt{0, 1}
	sideUp    = pt{0, -1}
)

const (
	stub          = 14.0 // straight run out of a port before the first bend
	clearance     = 8.0  // kept between routes and cards
	bendCost      = 40.0
	hitCost       = 100000.0
	overlapCost   = 400.0
	crossCost     = 30.0
	gridCell      = 128.0
	portSpacing   = 14.0
	maxSearchCell = 60000 // grid points the fallback search may visit
	maxChannels   = 64    // channels tried each way before searching
	quickChannels = 16    // the same for a quick route
	maxExtra      = 4     // candidates scored after the first clear one
	maxExpansions = 3000  // states one search may expand before giving up
)

// port is where a route leaves or enters a box.
type port struct {
	P   pt
	Dir pt // outward from the box
}

// stubEnd is where the straight run out of p ends, the first bend.
func (p port) stubEnd() pt { return pt{p.P.X + p.Dir.X*stub, p.P.Y + p.Dir.Y*stub} }

// obstacle is a rectangle routes keep out of.
type obstacle struct {
	B    box
	Node int32 // the key of the node or mark it belongs to, 0 for labels
	VPC  int32 // the key of the VPC it is drawn in, 0 for none
	// Whole marks a VPC's own box: routes between nodes outside that VPC
	// go around it, and then its contents need not be looked at.
	Whole bool
}

// zone is the area routes keep out of: cards with room to spare, labels
// just their text.
func (o obstacle) zone() box {
	if o.Node == 0 {
		return o.B.inset(-2)
	}
	return o.B.inset(-clearance + 1)
}

// spatial indexes boxes by the cells of a grid over a fixed area; boxes
// beyond the area are filed in its border cells, so queries stay correct.
//
// A cell's boxes are a list threaded through one slice of entries, the
// last added first: the grid holds a number a cell and no pointers, so a
// large area costs little memory and nothing to the garbage collector, and
// filing a box allocates only when the entries grow. What reads a query
// counts, sums exact multiples or sorts what it finds, so the order in a
// cell is of no consequence (only whether a sum reaches a bound).
type spatial struct {
	x0, y0 float64
	nx, ny int
	head   []int32      // per cell, its latest entry; 0 for none
	ents   []spatialEnt // entry 0 is unused, so 0 can mean none
	first  []cellPos    // per box, the first cell it is filed in
}

// spatialEnt is a box filed in a cell, and the cell's next entry (0 for
// none).
type spatialEnt struct{ box, next int32 }

// cellPos is a cell of a spatial grid.
type cellPos struct{ x, y int32 }

// newSpatial makes an index over area with room for about n entries, of
// about n/3 boxes (a box is filed in a few cells).
func newSpatial(area box, n int) *spatial { return newSpatialFor(area, n/3, n) }

// newSpatialFor makes an index over area with room for boxes boxes filed
// in n entries in all.
func newSpatialFor(area box, boxes, n int) *spatial {
	// counted as floats and capped first: the cells of an area of far-out
	// coordinates (which documents may give) overflow an int multiplied
	cells := func(v float64) int {
		c := math.Ceil(v/gridCell) + 1
		if !(c >= 1) { // NaN, or an empty or inverted area
			return 1
		}
		return int(min(c, 1<<20))
	}
	nx, ny := cells(area.W), cells(area.H)
	if nx*ny > 1<<20 { // absurd areas get coarser cells rather than memory
		nx, ny = min(nx, 1024), min(ny, 1024)
	}
	return &spatial{x0: area.X, y0: area.Y, nx: nx, ny: ny,
		head: make([]int32, nx*ny), ents: make([]spatialEnt, 1, 1+n), first: make([]cellPos, 0, boxes)}
}

// cellRange returns the cells b covers, clamped to the grid.
func (s *spatial) cellRange(b box) (int, int, int, int) {
	// truncating is flooring for v >= o, and what lies before the grid
	// goes to its first cell either way; clamped before it is converted,
	// as a float beyond an int's range converts to any int (a box far out
	// would end in a cell before the one it starts in)
	c := func(v, o float64, n int) int {
		f := (v - o) / gridCell
		if !(f > 0) { // NaN too
			return 0
		}
		return int(min(f, float64(n-1)))
	}
	return c(b.X, s.x0, s.nx), c(b.Y, s.y0, s.ny), c(b.right(), s.x0, s.nx), c(b.bottom(), s.y0, s.ny)
}

// add indexes b and returns its number (0, 1, ...).
func (s *spatial) add(b box) int {
	n := len(s.first)
	s.first = append(s.first, cellPos{})
	s.file(int32(n), b)
	return n
}

// file files box number n, b, in its cells; first must have room for n.
func (s *spatial) file(n int32, b box) {
	x0, y0, x1, y1 := s.cellRange(b)
	// the entries grow once a box; with room, only their length is stored
	// (storing the slice would cost a write barrier while the collector
	// runs)
	// (none for an inverted box, whose cells end before they start)
	e, k := len(s.ents), max(x1-x0+1, 0)*max(y1-y0+1, 0)
	if cap(s.ents)-e < k {
		s.ents = slices.Grow(s.ents, k)
	}
	s.ents = s.ents[:e+k]
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			k := cy*s.nx + cx
			s.ents[e] = spatialEnt{box: n, next: s.head[k]}
			s.head[k] = int32(e)
			e++
		}
	}
	s.first[n] = cellPos{int32(x0), int32(y0)}
}

// firstIn reports whether cell (cx, cy), in a query over cells from (x0,
// y0), is the first cell the query visits that holds box i: queries visit
// cells row by row, so that is the top-left cell of the two ranges'
// intersection. Reporting a box only there reports it once without
// remembering what was seen.
func (s *spatial) firstIn(i int32, cx, cy, x0, y0 int) bool {
	f := s.first[i]
	return max(int(f.x), x0) == cx && max(int(f.y), y0) == cy
}

// query returns the numbers of boxes whose cells meet b, each once, in
// the order of the cells, row by row (which is deterministic).
func (s *spatial) query(b box, buf []int) []int {
	buf = buf[:0]
	x0, y0, x1, y1 := s.cellRange(b)
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for j := s.head[cy*s.nx+cx]; j != 0; j = s.ents[j].next {
				if i := s.ents[j].box; s.firstIn(i, cx, cy, x0, y0) {
					buf = append(buf, int(i))
				}
			}
		}
	}
	return buf
}

// router holds the obstacles of a scene in a spatial hash, and the routes
// made so far so later routes avoid running on top of them.
type router struct {
	obs   []obstacle
	index *spatial
	// the entries of VPCs' whole boxes are filed first, so entries up to
	// wholeEnts are theirs and come last in every cell: what wants no
	// whole box (labels looking for room) stops there, rather than meet
	// them in cell after cell
	wholeEnts int32
	// per obstacle, what the hit tests read, computed once: its zone's
	// edges and its node and VPC as small numbers
	zones []edges
	pads  []edges // the boxes grown by 2, where edge labels keep off
	keys  []obstacleKey
	segs  []routedSeg // segments of the routes made so far
	segIx *spatial    // of segs, built when routing first needs it (segIndex)
	area  box

	scratch   routeScratch
	searchBuf searchScratch
}

// searchScratch are the fallback search's tables, reused from one search
// to the next.
type searchScratch struct {
	blocked []bool
	dist    []float64
	inter   []float64
	prev    []searchState
	queue   searchQueue
}

// routeScratch are buffers one route uses and the next reuses.
type routeScratch struct {
	cands  []routeCand
	order  []int32
	xs, ys []float64
	near   []float64
	buf    []int
	lines  [4]hitLine // the rows and columns of a1 and b1
	// the lines' marks, one each time one is reset (see gatherSegs)
	lineGen int32
}

// routeCand is a candidate route: straight, one bend or two.
type routeCand struct {
	raw  [6]pt // with both stubs
	n    int
	base float64 // length and bends: a lower bound of the cost
}

// edges are a box's sides, computed as box.right and box.bottom do.
type edges struct{ x0, y0, x1, y1 float64 }

func edgesOf(b box) edges { return edges{b.X, b.Y, b.right(), b.bottom()} }

// obstacleKey is an obstacle's Node, VPC and Whole, which the hit tests
// read, kept apart from its box.
type obstacleKey struct {
	node, vpc int32
	whole     bool
}

// endKeys are the two ends of a route: the keys of their nodes (or marks)
// and of the VPCs they are drawn in.
type endKeys struct{ n0, n1, v0, v1 int32 }

// skips reports whether an obstacle does not constrain a route between
// the ends: their own boxes, the VPCs the route starts or ends in, and the
// insides of other VPCs (their whole box stands for them).
func (e endKeys) skips(k obstacleKey) bool {
	if k.node != 0 && (k.node == e.n0 || k.node == e.n1) {
		return true
	}
	in := k.vpc != 0 && (k.vpc == e.v0 || k.vpc == e.v1)
	if k.whole {
		return in
	}
	return k.vpc != 0 && !in
}

// routedSeg is a segment of a route made so far; routes of one group (the
// links of one role) may share a trunk without penalty. The extents are
// kept for relation.
type routedSeg struct {
	a, b   pt
	group  int32
	vert   bool // a.X == b.X
	lx, hx float64
	ly, hy float64
}

// newRouter indexes the obstacles of a scene whose routes stay in area.
func newRouter(obs []obstacle, area box) *router {
	r := &router{obs: obs, area: area, index: newSpatialFor(area, len(obs), 5*len(obs))}
	r.zones = make([]edges, len(obs))
	r.pads = make([]edges, len(obs))
	r.keys = make([]obstacleKey, len(obs))
	r.index.first = r.index.first[:len(obs)]
	for i, o := range obs {
		if o.Whole {
			r.index.file(int32(i), o.B)
		}
	}
	r.wholeEnts = int32(len(r.index.ents) - 1)
	for i, o := range obs {
		if !o.Whole {
			r.index.file(int32(i), o.B)
		}
		r.zones[i] = edgesOf(o.zone())
		r.pads[i] = edgesOf(o.B.inset(-2))
		r.keys[i] = obstacleKey{o.Node, o.VPC, o.Whole}
	}
	return r
}

// near returns the indices of obstacles whose cells meet b.
func (r *router) near(b box, buf []int) []int { return r.index.query(b, buf) }

// hits counts obstacles the segment a–b passes through, except those the
// route's ends skip and, for the stubs (nodesOnly), those that are not
// nodes' boxes. It stops counting once c+hitCost·count reaches bound: the
// route scored then costs more than the best so far whatever the rest.
// Zones count as slack smaller on every side (0 when routing).
func (r *router) hits(a, b pt, e endKeys, nodesOnly bool, slack, c, bound float64) int {
	s := segmentBox(a, b)
	sr, sb := s.right(), s.bottom()
	ix := r.index
	x0, y0, x1, y1 := ix.cellRange(s)
	n := 0
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for j := ix.head[cy*ix.nx+cx]; j != 0; j = ix.ents[j].next {
				i := ix.ents[j].box
				// most boxes are missed: that is tested first, and which
				// ones count only for those hit
				o := r.zones[i]
				o.x0, o.y0, o.x1, o.y1 = o.x0+slack, o.y0+slack, o.x1-slack, o.y1-slack
				// a segment of no width has sr == s.X (of no height, sb ==
				// s.Y): the one test covers it passing strictly inside
				if !(s.X < o.x1 && o.x0 < sr && s.Y < o.y1 && o.y0 < sb) {
					continue
				}
				if k := r.keys[i]; e.skips(k) || (nodesOnly && k.node == 0) || !ix.firstIn(i, cx, cy, x0, y0) {
					continue
				}
				if n++; c+hitCost*float64(n) >= bound {
					return n
				}
			}
		}
	}
	return n
}

// wall adds a container border: routes may cross it but not run along it.
func (r *router) wall(b box) {
	r.add([]pt{{b.X, b.Y}, {b.right(), b.Y}, {b.right(), b.bottom()}, {b.X, b.bottom()}, {b.X, b.Y}}, wallGroup)
}

// wallGroup is the route group of container borders.
const wallGroup = 0

// add records a route so later ones keep off it.
func (r *router) add(pts []pt, group int32) {
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		r.segs = append(r.segs, routedSeg{a: a, b: b, group: group, vert: a.X == b.X,
			lx: min(a.X, b.X), hx: max(a.X, b.X), ly: min(a.Y, b.Y), hy: max(a.Y, b.Y)})
	}
}

// segIndex returns the index of the segments recorded so far, which only
// routing reads: it is built when first asked for and then brought up to
// date, in the order the segments were recorded.
func (r *router) segIndex() *spatial {
	if r.segIx == nil {
		r.segIx = newSpatial(r.area, 4*cap(r.segs))
	}
	for n := len(r.segIx.first); n < len(r.segs); n++ {
		s := &r.segs[n]
		r.segIx.add(segmentBox(s.a, s.b).inset(-4))
	}
	return r.segIx
}

// interference is the cost of running along or across earlier routes of
// other groups. Like hits it stops adding once base plus the cost reaches
// bound.
func (r *router) interference(a, b pt, group int32, base, bound float64) float64 {
	c := 0.0
	q := routedSeg{a: a, b: b, vert: a.X == b.X, lx: min(a.X, b.X), hx: max(a.X, b.X), ly: min(a.Y, b.Y), hy: max(a.Y, b.Y)}
	ix := r.segIndex()
	x0, y0, x1, y1 := ix.cellRange(segmentBox(a, b).inset(-4))
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for j := ix.head[cy*ix.nx+cx]; j != 0; j = ix.ents[j].next {
				i := ix.ents[j].box
				s := &r.segs[i]
				if s.group == group || !ix.firstIn(i, cx, cy, x0, y0) {
					continue
				}
				switch relation(&q, s) {
				case relOverlap:
					c += overlapCost
				case relCross:
					c += crossCost
				default:
					continue
				}
				if base+c >= bound {
					return c
				}
			}
		}
	}
	return c
}

// stubBlocked reports whether a route leaving the middle of b's side
// would run straight into a label (a container's or the frame's).
func (r *router) stubBlocked(b box, side pt) bool {
	var s box
	const d = stub + clearance
	switch side {
	case sideUp:
		s = box{b.cx() - 1, b.Y - d, 2, d}
	case sideDown:
		s = box{b.cx() - 1, b.bottom(), 2, d}
	case sideLeft:
		s = box{b.X - d, b.cy() - 1, d, 2}
	default:
		s = box{b.right(), b.cy() - 1, d, 2}
	}
	r.scratch.buf = r.near(s, r.scratch.buf)
	for _, i := range r.scratch.buf {
		if r.keys[i].node == 0 && s.overlaps(r.obs[i].B) {
			return true
		}
	}
	return false
}

// route finds a path from port a to port b, avoiding obstacles except the
// ones for the nodes in ends; group names routes that may share segments.
//
// The route is rounded to 1/100 unit, as Layout rounds positions, before
// it is recorded: a route stored in the document is then exactly the route
// drawn, and later routes see the same one whether it was stored or not.
//
// A quick route (a role link, drawn on every render) takes the cheapest
// straight or one-bend shape when it passes no obstacle and runs along no
// other route (crossing them, container borders included, is allowed),
// without building the channel candidates; otherwise it tries the nearest
// quickChannels channels each way, not maxChannels.
func (r *router) route(a, b port, e endKeys, g int32, quick bool) []pt {
	best, clear := r.candidates(a, b, e, g, quick, math.Inf(1))
	if !clear {
		a1, b1 := a.stubEnd(), b.stubEnd()
		if !r.inside(a1, e) && !r.inside(b1, e) {
			if p := r.search(a, b, a1, b1, e, g); p != nil {
				best = p
			}
		}
	}
	return r.record(best, g)
}

// reroute is route without the search: it routes a link whose stored route
// runs through something and returns the route, recorded, when one of the
// cheap shapes is clear. Otherwise it returns nil and records nothing: the
// router would have to search, and a stored route that runs through
// something is, unless something moved onto it, one the search could not
// clear either, so the caller keeps it.
func (r *router) reroute(a, b port, e endKeys, g int32, quick bool) []pt {
	// every shape has both stubs: one through a node clears none
	a1, b1 := a.stubEnd(), b.stubEnd()
	if r.hits(a.P, a1, e, true, 0, 0, 1) > 0 || r.hits(b1, b.P, e, true, 0, 0, 1) > 0 {
		return nil
	}
	// only a clear shape is wanted: any other is dropped at its first hit
	best, clear := r.candidates(a, b, e, g, quick, hitCost)
	if !clear {
		return nil
	}
	return r.record(best, g)
}

// candidates scores the cheap shapes from port a to port b (straight, one
// bend, two bends through channels) and returns the best, simplified into
// a new slice, and whether it is clear: a quick route's cheapest shape
// passing no obstacle, or a shape costing less than one hit. Shapes
// costing bound or more are not taken: with bound hitCost only a clear
// shape is, which is the shape an infinite bound gives when one is clear.
// It records nothing.
func (r *router) candidates(a, b port, e endKeys, g int32, quick bool, bound float64) ([]pt, bool) {
	a1, b1 := a.stubEnd(), b.stubEnd()
	// candidates: straight or one bend, then two bends through a vertical
	// or horizontal channel beside an obstacle; kept in fixed arrays in
	// buffers the router reuses, as a large diagram makes tens of
	// thousands of them
	sc := &r.scratch
	cands := sc.cands[:0]
	// add adds a candidate through m0 and m1 (nm of them), scored by
	// candidateBase
	add := func(m0, m1 pt, nm int) {
		cands = append(cands, routeCand{})
		c := &cands[len(cands)-1]
		c.raw[0], c.raw[1] = a.P, a1
		c.raw[2], c.raw[3] = m0, m1
		c.n = 2 + nm
		c.raw[c.n], c.raw[c.n+1] = b1, b.P
		c.n += 2
		var ok bool
		if c.base, ok = candidateBase(c.raw[:c.n], a, b); !ok {
			cands = cands[:len(cands)-1]
		}
	}
	// addThrough adds the candidate through a channel, m0 to m1, scored
	// by ch: most are, and they are kept only when valid
	addThrough := func(m0, m1 pt, ch *twoBends) {
		if base, ok := ch.base(m0, m1); ok {
			cands = append(cands, routeCand{raw: [6]pt{a.P, a1, m0, m1, b1, b.P}, n: 6, base: base})
		}
	}
	add(pt{}, pt{}, 0)
	add(pt{b1.X, a1.Y}, pt{}, 1)
	add(pt{a1.X, b1.Y}, pt{}, 1)
	stubs := stubCosts{e: e, group: g}
	if quick && len(cands) > 0 {
		c := &cands[0]
		for i := range cands {
			if cands[i].base < c.base {
				c = &cands[i]
			}
		}
		if r.cost(c.raw[:c.n], c.base, &stubs, c.base+overlapCost) < c.base+overlapCost {
			sc.cands = cands
			return simplify(c.raw[:c.n]), true
		}
	}
	span := segmentBox(a1, b1)
	xs := append(sc.xs[:0], (a1.X+b1.X)/2)
	ys := append(sc.ys[:0], (a1.Y+b1.Y)/2)
	sc.buf = r.near(span.inset(-gridCell), sc.buf)
	for _, i := range sc.buf {
		if e.skips(r.keys[i]) {
			continue
		}
		o := r.obs[i].B
		xs = append(xs, o.X-clearance-6, o.right()+clearance+6)
		ys = append(ys, o.Y-clearance-6, o.bottom()+clearance+6)
	}
	channels := maxChannels
	if quick {
		channels = quickChannels
	}
	ch := newTwoBends(a, b, true)
	sc.near = nearest(sc.near[:0], xs, (a1.X+b1.X)/2, channels)
	for _, x := range sc.near {
		addThrough(pt{x, a1.Y}, pt{x, b1.Y}, &ch)
	}
	ch = newTwoBends(a, b, false)
	sc.near = nearest(sc.near[:0], ys, (a1.Y+b1.Y)/2, channels)
	for _, y := range sc.near {
		addThrough(pt{a1.X, y}, pt{b1.X, y}, &ch)
	}
	sc.lines[0].reset(r, a1.Y, false)
	sc.lines[1].reset(r, b1.Y, false)
	sc.lines[2].reset(r, a1.X, true)
	sc.lines[3].reset(r, b1.X, true)
	stubs.lines = &sc.lines
	sc.cands, sc.xs, sc.ys = cands, xs, ys
	// cheapest shapes first: once one is free of obstacles and other
	// routes, nothing after it can cost less
	order := sc.order[:0]
	for i := range cands {
		order = append(order, int32(i))
	}
	sc.order = order
	slices.SortFunc(order, func(p, q int32) int {
		if c := cmp.Compare(cands[p].base, cands[q].base); c != 0 {
			return c
		}
		return cmp.Compare(p, q)
	})
	var best []pt
	bestCost := bound
	extra := 0
	for _, k := range order {
		c := &cands[k]
		if c.base >= bestCost || extra > maxExtra {
			break
		}
		if bestCost < hitCost {
			extra++ // a clear route exists; look a little further for a better one
		}
		if cost := r.cost(c.raw[:c.n], c.base, &stubs, bestCost); cost < bestCost {
			best, bestCost = c.raw[:c.n], cost
		}
	}
	if best != nil {
		best = simplify(best)
	}
	return best, bestCost < hitCost
}

// record rounds a route in place and adds it to the routes made so far.
func (r *router) record(pts []pt, group int32) []pt {
	for i, p := range pts {
		pts[i] = pt{round2(p.X), round2(p.Y)}
	}
	r.add(pts, group)
	return pts
}

// fitSlack is how far a stored route may be from where a router would
// have put it: routes are stored rounded to 1/100 unit.
const fitSlack = 0.01

// fitness is how a stored route fits the drawing.
type fitness int

const (
	fitsNot     fitness = iota // its ends or its shape do not fit
	fitsBlocked                // they do, but it passes through an obstacle
	fitsClear                  // it fits
)

// fits tells whether a stored route, given from its source's border to its
// target's, still fits the drawing. Its ends and shape fit when it starts
// on src's border and ends on dst's, leaving and entering straight out of
// the side it is on, every segment is horizontal or vertical and the last
// is long enough for the arrowhead. It is clear when, moreover, no segment
// passes through an obstacle other than its ends' own: the test the
// router's candidates pass, with the first and last stub's length tested
// as the router tests its stubs (only other nodes' boxes count).
func (r *router) fits(pts []pt, src, dst box, e endKeys) fitness {
	n := len(pts)
	if n < 2 || !onSide(pts[0], dirOf(pts[0], pts[1]), src) || !onSide(pts[n-1], dirOf(pts[n-1], pts[n-2]), dst) ||
		dist(pts[n-2], pts[n-1]) < arrowLen {
		return fitsNot
	}
	for i := 1; i < n; i++ {
		a, b := pts[i-1], pts[i]
		if a == b || a.X != b.X && a.Y != b.Y || math.IsNaN(a.X+a.Y+b.X+b.Y) || math.IsInf(a.X+a.Y+b.X+b.Y, 0) {
			return fitsNot
		}
	}
	for i := 1; i < n; i++ {
		a, b := pts[i-1], pts[i]
		// what the whole run passes through includes what its stubs and
		// the rest do: a clear run is tested once, not in up to three parts
		if r.hits(a, b, e, false, fitSlack, 0, 1) == 0 {
			continue
		}
		if i > 1 && i < n-1 {
			return fitsBlocked // the test below, which had the whole run
		}
		// the stubs: the first stub units out of each box
		if i == 1 {
			a1 := along(a, b, stub)
			if r.hits(a, a1, e, true, fitSlack, 0, 1) > 0 {
				return fitsBlocked
			}
			a = a1
		}
		if i == n-1 {
			b1 := along(b, a, stub)
			if r.hits(b1, b, e, true, fitSlack, 0, 1) > 0 {
				return fitsBlocked
			}
			b = b1
		}
		if dist(a, b) > 0 && dirOf(a, b) == dirOf(pts[i-1], pts[i]) &&
			r.hits(a, b, e, false, fitSlack, 0, 1) > 0 {
			return fitsBlocked
		}
	}
	return fitsClear
}

// dirOf is the unit direction from a to b, which differ in one coordinate.
func dirOf(a, b pt) pt { return pt{sign(b.X - a.X), sign(b.Y - a.Y)} }

// along is the point d units from a towards b, or b if that is nearer.
func along(a, b pt, d float64) pt {
	if dist(a, b) <= d {
		return b
	}
	u := dirOf(a, b)
	return pt{a.X + u.X*d, a.Y + u.Y*d}
}

// onSide reports whether p lies on the side of b whose outward direction
// is out, within fitSlack.
func onSide(p, out pt, b box) bool {
	near := func(v, w float64) bool { return math.Abs(v-w) <= fitSlack }
	within := func(v, lo, hi float64) bool { return v >= lo-fitSlack && v <= hi+fitSlack }
	switch out {
	case sideRight:
		return near(p.X, b.right()) && within(p.Y, b.Y, b.bottom())
	case sideLeft:
		return near(p.X, b.X) && within(p.Y, b.Y, b.bottom())
	case sideDown:
		return near(p.Y, b.bottom()) && within(p.X, b.X, b.right())
	case sideUp:
		return near(p.Y, b.Y) && within(p.X, b.X, b.right())
	}
	return false
}

// inside reports whether p lies in an obstacle's clearance zone, from
// where no search can start or end.
func (r *router) inside(p pt, e endKeys) bool {
	for _, i := range r.near(box{p.X, p.Y, 0, 0}, nil) {
		o := r.zones[i]
		if !e.skips(r.keys[i]) && p.X > o.x0 && p.X < o.x1 && p.Y > o.y0 && p.Y < o.y1 {
			return true
		}
	}
	return false
}

// nearest appends to out up to n distinct values of v closest to m,
// closest first (ties by value). It sorts v by value and walks out from m: the
// distances, computed as |v-m|, only grow on each side.
//
// A route has a few dozen values each way, which sort faster as the two
// sides of m apart, each by insertion (see sortFew): v sorted whole is
// the values below m (cmp.Less) sorted, then the others sorted.
func nearest(out, v []float64, m float64, n int) []float64 {
	if slices.ContainsFunc(v, math.IsNaN) || math.IsNaN(m) {
		// NaNs sort first, in an order only slices.Sort gives
		slices.Sort(v)
	} else {
		k := 0
		for i, x := range v {
			if x < m {
				v[i], v[k] = v[k], x
				k++
			}
		}
		sortFew(v[:k])
		sortFew(v[k:])
	}
	return closest(out, v, m, n)
}

// closest is nearest's walk over v once sorted: it appends up to n
// distinct values closest to m, closest first (ties by value).
func closest(out, v []float64, m float64, n int) []float64 {
	v = slices.Compact(v)
	d := func(i int) float64 { return math.Abs(v[i] - m) }
	hi, _ := slices.BinarySearch(v, m) // first value >= m
	lo := hi - 1
	for len(out) < n && (lo >= 0 || hi < len(v)) {
		if hi < len(v) && (lo < 0 || d(hi) < d(lo)) {
			out = append(out, v[hi])
			hi++
			continue
		}
		// values below m at the same (rounded) distance go smallest first
		k := lo
		for k > 0 && d(k-1) == d(lo) {
			k--
		}
		for i := k; i <= lo && len(out) < n; i++ {
			out = append(out, v[i])
		}
		lo = k - 1
	}
	return out
}

// sortFew sorts v, of no NaNs, by insertion when it is short: a few dozen
// values, or values sorted but for a few, sort in fewer steps so than by
// slices.Sort. Equal values are the same bits but for zeros' signs, and
// the router makes no negative zero, so the result is slices.Sort's.
func sortFew(v []float64) {
	if len(v) > 64 {
		slices.Sort(v)
		return
	}
	for i := 1; i < len(v); i++ {
		x, j := v[i], i
		for ; j > 0 && x < v[j-1]; j-- {
			v[j] = v[j-1]
		}
		v[j] = x
	}
}

// stubCosts remembers, for one route, the cost of its two stubs, which
// every candidate shares.
type stubCosts struct {
	e       endKeys
	group   int32
	lines   *[4]hitLine // the rows and columns of the stubs' ends, nil for none
	hit     [2]float64
	inter   [2]float64
	hitOK   [2]bool
	interOK [2]bool
}

// cost scores a route given with its two stubs as the first and last
// segments: base (length and bends), obstacles hit, and running along or
// across earlier routes.
//
// Costs are added cheapest first and the scoring stops as soon as it
// reaches bound, the best cost so far.
func (r *router) cost(pts []pt, base float64, sc *stubCosts, bound float64) float64 {
	c := base
	last := len(pts) - 1
	// which stub a segment is: 0 for the first, 1 for the last, -1 for none
	stubOf := func(i int) int {
		switch i {
		case 1:
			return 0
		case last:
			return 1
		}
		return -1
	}
	// the line each segment between the stubs runs on, if any, found in
	// the first pass for both (cost's candidates have up to 6 points)
	var on [6]*hitLine
	for i := 1; i < len(pts) && c < bound; i++ {
		a, b := pts[i-1], pts[i]
		if a == b {
			continue
		}
		if k := stubOf(i); k < 0 {
			l := sc.lineOf(a, b)
			if i < len(on) {
				on[i] = l
			}
			c += hitCost * float64(r.middleHits(l, a, b, sc.e, c, bound))
		} else {
			// the stubs: only other nodes' boxes count; every candidate
			// has them, so they are counted in full, once
			if !sc.hitOK[k] {
				sc.hit[k], sc.hitOK[k] = hitCost*float64(r.hits(a, b, sc.e, true, 0, 0, math.Inf(1))), true
			}
			c += sc.hit[k]
		}
	}
	for i := 1; i < len(pts) && c < bound; i++ {
		a, b := pts[i-1], pts[i]
		if a == b {
			continue
		}
		if k := stubOf(i); k < 0 {
			// the first pass, which went through every segment to get
			// here, found the line
			var l *hitLine
			if i < len(on) {
				l = on[i]
			} else {
				l = sc.lineOf(a, b)
			}
			c += r.middleInterference(l, a, b, sc.group, c, bound)
		} else {
			if !sc.interOK[k] {
				sc.inter[k], sc.interOK[k] = r.interference(a, b, sc.group, 0, math.Inf(1)), true
			}
			c += sc.inter[k]
		}
	}
	return c
}

// lineOf returns the line of the route's that the segment a–b runs on,
// or nil.
func (sc *stubCosts) lineOf(a, b pt) *hitLine {
	if sc.lines != nil {
		for k := range sc.lines {
			if l := &sc.lines[k]; l.vert && a.X == l.v && b.X == l.v || !l.vert && a.Y == l.v && b.Y == l.v {
				return l
			}
		}
	}
	return nil
}

// middleHits is r.hits(a, b, e, false, 0, c, bound) for a segment between
// a route's stubs on line l, or on none (nil). Most of them run along the
// row or column of a stub's end (the first and last segment of every
// two-bend candidate): those are counted from the line's obstacles.
func (r *router) middleHits(l *hitLine, a, b pt, e endKeys, c, bound float64) int {
	if l != nil {
		return r.lineHits(l, a, b, e, c, bound)
	}
	return r.hits(a, b, e, false, 0, c, bound)
}

// hitLine is a row (or column) a route's candidates run along, and the
// obstacles filed in the cells of it that segments on it have reached
// that such a segment can hit: those the route does not skip whose zones
// the line crosses strictly. They are few where the cells hold many
// boxes; counting them by the tests hits makes, each once by the same
// firstIn, gives hits' number.
type hitLine struct {
	v      float64 // the row's Y or the column's X
	vert   bool
	cell   int       // the row's (column's) cell
	lo, hi int       // the cells along it gathered so far, none if lo > hi
	ents   []lineEnt // their entries
	// the same for interference, in the segments' index: of the earlier
	// routes' segments of other groups filed in the cells gathered, the
	// positions along the line of those across it, sorted, and those
	// along it within relation's reach
	gen          int32 // the line's mark in seen, since it was reset
	segLo, segHi int
	across       []float64
	along        []int32
	// per routed segment, the mark of the line when it last gathered it:
	// each line has its own, as the lines gather their cells in turns and
	// a segment one line gathered may be met again by another, then by
	// the first in cells it gathers later
	seen []int32
}

// lineEnt is an obstacle filed in cell at of a line, and its zone's
// extent along the line.
type lineEnt struct {
	i      int32
	at     int32
	lo, hi float64
}

// reset makes l the row at Y v or the column at X v (vert), with no cells
// gathered.
func (l *hitLine) reset(r *router, v float64, vert bool) {
	x0, y0, _, _ := r.index.cellRange(box{v, v, 0, 0})
	l.v, l.vert, l.cell, l.lo, l.hi, l.ents = v, vert, y0, 0, -1, l.ents[:0]
	r.scratch.lineGen++
	l.gen, l.segLo, l.segHi, l.across, l.along = r.scratch.lineGen, 0, -1, l.across[:0], l.along[:0]
	if vert {
		l.cell = x0
	}
}

// lineHits is r.hits(a, b, e, false, 0, c, bound) for a segment a–b on l.
func (r *router) lineHits(l *hitLine, a, b pt, e endKeys, c, bound float64) int {
	ix := r.index
	s := segmentBox(a, b)
	x0, y0, x1, y1 := ix.cellRange(s)
	// the cells along the line and the extent along it
	lo, hi, v0, v1 := x0, x1, s.X, s.right()
	if l.vert {
		lo, hi, v0, v1 = y0, y1, s.Y, s.bottom()
	}
	switch {
	case l.lo > l.hi:
		r.gather(l, lo, hi, e)
		l.lo, l.hi = lo, hi
	case lo < l.lo || hi > l.hi:
		if lo < l.lo {
			r.gather(l, lo, l.lo-1, e)
			l.lo = lo
		}
		if hi > l.hi {
			r.gather(l, l.hi+1, hi, e)
			l.hi = hi
		}
	}
	n := 0
	for _, en := range l.ents {
		at := int(en.at)
		if at < lo || at > hi || !(v0 < en.hi && en.lo < v1) {
			continue
		}
		cx, cy := at, l.cell
		if l.vert {
			cx, cy = l.cell, at
		}
		if !ix.firstIn(en.i, cx, cy, x0, y0) {
			continue
		}
		if n++; c+hitCost*float64(n) >= bound {
			break
		}
	}
	return n
}

// gather adds to l the obstacles of its cells lo to hi.
func (r *router) gather(l *hitLine, lo, hi int, e endKeys) {
	ix := r.index
	for at := lo; at <= hi; at++ {
		k := l.cell*ix.nx + at
		if l.vert {
			k = at*ix.nx + l.cell
		}
		for j := ix.head[k]; j != 0; j = ix.ents[j].next {
			i := ix.ents[j].box
			if e.skips(r.keys[i]) {
				continue
			}
			o := r.zones[i]
			if l.vert {
				if l.v < o.x1 && o.x0 < l.v {
					l.ents = append(l.ents, lineEnt{i, int32(at), o.y0, o.y1})
				}
			} else if l.v < o.y1 && o.y0 < l.v {
				l.ents = append(l.ents, lineEnt{i, int32(at), o.x0, o.x1})
			}
		}
	}
}

// middleInterference is r.interference(a, b, group, base, bound) for a
// segment between a route's stubs on line l or none (nil), counted, like
// middleHits, from the line's segments when it runs on one.
func (r *router) middleInterference(l *hitLine, a, b pt, group int32, base, bound float64) float64 {
	if l != nil {
		return r.lineInterference(l, a, b, group, base, bound)
	}
	return r.interference(a, b, group, base, bound)
}

// lineInterference is r.interference(a, b, group, base, bound) for a
// segment a–b on l, group being the route's. A segment it runs along or
// crosses is one whose box, grown by 4 as the index files it, meets a–b's
// grown by 4 over 4 units or more: it is filed in one of the cells
// interference looks at, so which cells hold it does not matter, and a
// line's segments are counted without them: those across by their
// positions, those along by relation. The costs are whole numbers, so the
// sum is interference's; where interference stops early, the sum makes
// the route's cost reach bound all the same. Far from the origin, where
// 4 units are lost in rounding, or at a NaN, it leaves the segment to
// interference.
func (r *router) lineInterference(l *hitLine, a, b pt, group int32, base, bound float64) float64 {
	const far = 1e9
	if !(max(math.Abs(a.X), math.Abs(a.Y), math.Abs(b.X), math.Abs(b.Y)) <= far) {
		return r.interference(a, b, group, base, bound)
	}
	ix := r.segIndex()
	x0, y0, x1, y1 := ix.cellRange(segmentBox(a, b).inset(-4))
	// the cells along the line; those across it are the same for every
	// segment on it
	lo, hi, across0, across1, p0, p1 := x0, x1, y0, y1, min(a.X, b.X), max(a.X, b.X)
	if l.vert {
		lo, hi, across0, across1, p0, p1 = y0, y1, x0, x1, min(a.Y, b.Y), max(a.Y, b.Y)
	}
	grown := false
	if l.segLo > l.segHi {
		r.gatherSegs(l, ix, lo, hi, across0, across1, group)
		l.segLo, l.segHi, grown = lo, hi, true
	}
	if lo < l.segLo {
		r.gatherSegs(l, ix, lo, l.segLo-1, across0, across1, group)
		l.segLo, grown = lo, true
	}
	if hi > l.segHi {
		r.gatherSegs(l, ix, l.segHi+1, hi, across0, across1, group)
		l.segHi, grown = hi, true
	}
	if grown {
		// sorted but for what was gathered last, which mostly lies
		// beyond the rest
		sortFew(l.across)
	}
	// those across strictly inside (p0, p1)
	i0, _ := slices.BinarySearch(l.across, p0)
	for i0 < len(l.across) && l.across[i0] == p0 {
		i0++
	}
	i1, _ := slices.BinarySearch(l.across, p1)
	c := crossCost * float64(max(i1-i0, 0))
	q := routedSeg{a: a, b: b, vert: l.vert, lx: min(a.X, b.X), hx: max(a.X, b.X), ly: min(a.Y, b.Y), hy: max(a.Y, b.Y)}
	for _, i := range l.along {
		if relation(&q, &r.segs[i]) == relOverlap {
			c += overlapCost
		}
	}
	return c
}

// gatherSegs adds to l the segments filed in its cells lo to hi along it,
// across0 to across1 across it, that are not of group and that a segment
// on the line can cross (it passes strictly between their ends, at no
// NaN, which relation never counts) or run along (within relation's 4
// units), each once.
func (r *router) gatherSegs(l *hitLine, ix *spatial, lo, hi, across0, across1 int, group int32) {
	const near = 4.0 // relation's
	seen := l.seen
	if len(seen) < len(r.segs) {
		seen = append(seen, make([]int32, len(r.segs)-len(seen))...)
		l.seen = seen
	}
	for at := lo; at <= hi; at++ {
		for ac := across0; ac <= across1; ac++ {
			k := ac*ix.nx + at
			if l.vert {
				k = at*ix.nx + ac
			}
			for j := ix.head[k]; j != 0; j = ix.ents[j].next {
				// a segment is filed in several cells: seen first
				i := ix.ents[j].box
				if seen[i] == l.gen {
					continue
				}
				seen[i] = l.gen
				s := &r.segs[i]
				if s.group == group {
					continue
				}
				switch {
				case s.vert == l.vert && !l.vert && math.Abs(l.v-s.a.Y) < near,
					s.vert == l.vert && l.vert && math.Abs(l.v-s.a.X) < near:
					l.along = append(l.along, i)
				case !l.vert && s.vert && l.v > s.ly && l.v < s.hy && s.a.X == s.a.X:
					l.across = append(l.across, s.a.X)
				case l.vert && !s.vert && l.v > s.lx && l.v < s.hx && s.a.Y == s.a.Y:
					l.across = append(l.across, s.a.Y)
				}
			}
		}
	}
}

const (
	relNone = iota
	relOverlap
	relCross
)

// relation tells whether two axis-parallel segments run on top of each
// other, cross, or neither.
func relation(p, s *routedSeg) int {
	const near = 4.0
	switch {
	case p.vert && s.vert:
		if math.Abs(p.a.X-s.a.X) < near && min(p.hy, s.hy)-max(p.ly, s.ly) > near {
			return relOverlap
		}
	case !p.vert && !s.vert:
		if math.Abs(p.a.Y-s.a.Y) < near && min(p.hx, s.hx)-max(p.lx, s.lx) > near {
			return relOverlap
		}
	case p.vert:
		if s.a.Y > p.ly && s.a.Y < p.hy && p.a.X > s.lx && p.a.X < s.hx {
			return relCross
		}
	default:
		if p.a.Y > s.ly && p.a.Y < s.hy && s.a.X > p.lx && s.a.X < p.hx {
			return relCross
		}
	}
	return relNone
}

// simplify drops repeated points and points in the middle of straight
// runs, into a new slice.
func simplify(pts []pt) []pt { return simplifyInto(nil, pts) }

// simplifyInto is simplify appending to out.
func simplifyInto(out, pts []pt) []pt {
	for _, p := range pts {
		if n := len(out); n > 0 && math.Abs(out[n-1].X-p.X) < 1e-9 && math.Abs(out[n-1].Y-p.Y) < 1e-9 {
			continue
		}
		if n := len(out); n >= 2 {
			a, b := out[n-2], out[n-1]
			if (a.X == b.X && b.X == p.X) || (a.Y == b.Y && b.Y == p.Y) {
				out[n-1] = p
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// candidateBase simplifies a candidate's points and returns its length
// plus its bends' cost, or false when the simplified path is not
// orthogonal or backtracks, or when its first or last run is shorter than
// a stub (a channel just behind the port, which simplifying folds into the
// stub, would leave no room for the arrowhead): all in one pass.
//
// It is simplifyInto on a fixed array, then checkBase, as every route
// makes a hundred candidates or so.
func candidateBase(raw []pt, a, b port) (float64, bool) {
	var pts [6]pt
	n := 0
	for _, p := range raw {
		if n > 0 {
			q := &pts[n-1]
			if math.Abs(q.X-p.X) < 1e-9 && math.Abs(q.Y-p.Y) < 1e-9 {
				continue
			}
			if o := pts[max(n-2, 0)]; n >= 2 && (o.X == q.X && q.X == p.X || o.Y == q.Y && q.Y == p.Y) {
				*q = p
				continue
			}
		}
		pts[n] = p
		n++
	}
	return checkBase(pts[:n], a, b)
}

// checkBase is candidateBase's checks and sum over the simplified points:
// a segment's direction and length come from the one coordinate it
// changes.
func checkBase(pts []pt, a, b port) (float64, bool) {
	n := len(pts)
	if n < 2 {
		return 0, false
	}
	base := float64(n-2) * bendCost
	var d pt
	for i := 1; i < n; i++ {
		p, q := pts[i-1], pts[i]
		// dist(p, q) is the one coordinate's difference plus 0
		var nd pt
		var l float64
		switch {
		case p.Y == q.Y:
			nd, l = pt{sign(q.X - p.X), 0}, math.Abs(q.X-p.X)
		case p.X == q.X:
			nd, l = pt{0, sign(q.Y - p.Y)}, math.Abs(q.Y-p.Y)
		default:
			return 0, false
		}
		if i == 1 && nd != a.Dir || i > 1 && d.X == -nd.X && d.Y == -nd.Y || (i == 1 || i == n-1) && l < stub-1e-9 {
			return 0, false
		}
		d = nd
		base += l
	}
	// the last segment runs into b against b.Dir
	if d.X != -b.Dir.X || d.Y != -b.Dir.Y {
		return 0, false
	}
	return base, true
}

// twoBends scores a route's candidates through channels one way, which
// differ only in the channel: a.P, a1, m0, m1, b1, b.P with m0 on a1's
// row (vert) or column and m1 on b1's. Where the ends are apart as below,
// simplifying such a candidate keeps every point, except that a stub
// running along m0's row (column) takes m0 as its end, and one running
// along m1's, b.P as m1's next. Its segments then turn at every point, so
// none backtracks, and only the first and last are checked; base sums
// their lengths as checkBase does, in order, the ones every candidate has
// worked out once, and leaves the rest to candidateBase.
type twoBends struct {
	a, b   port
	a1, b1 pt
	vert   bool // the channels are vertical: m0 is (x, a1.Y), m1 (x, b1.Y)
	ok     bool // the stubs, the stubs' ends and m0 and m1 are apart
	mergeA bool // a's stub runs along m0's row (column)
	mergeB bool // b's along m1's
	// along the rows (columns) m0 and m1 are on: a.P's, a1's, b1's and
	// b.P's coordinate, and the ports' directions
	pa, a1a, b1a, qa float64
	dirA, dirB       float64
	// the lengths of the segments every candidate has: a's stub unless
	// merged, m0 to m1, b's stub unless merged; whether those stubs pass
	// the checks; the bends' cost
	la, lm, lb float64
	stubsOK    bool
	bends      float64
}

// newTwoBends prepares the candidates from port a to port b through
// vertical channels (vert) or horizontal ones.
func newTwoBends(a, b port, vert bool) twoBends {
	a1, b1 := a.stubEnd(), b.stubEnd()
	apart := func(p, q pt) bool { return !(math.Abs(p.X-q.X) < 1e-9 && math.Abs(p.Y-q.Y) < 1e-9) }
	finite := func(p pt) bool { return p.X-p.X == 0 && p.Y-p.Y == 0 }
	side := func(d pt) bool { return d == sideRight || d == sideLeft || d == sideDown || d == sideUp }
	t := twoBends{a: a, b: b, a1: a1, b1: b1, vert: vert,
		ok: side(a.Dir) && side(b.Dir) && finite(a.P) && finite(b.P) && finite(a1) && finite(b1) &&
			apart(a.P, a1) && apart(b.P, b1)}
	// across: the coordinate the channels run in
	p, q, a1c, b1c, dirAc, dirBc := a.P.Y, b.P.Y, a1.Y, b1.Y, a.Dir.Y, b.Dir.Y
	t.pa, t.a1a, t.b1a, t.qa, t.dirA, t.dirB = a.P.X, a1.X, b1.X, b.P.X, a.Dir.X, b.Dir.X
	if !vert {
		p, q, a1c, b1c, dirAc, dirBc = a.P.X, b.P.X, a1.X, b1.X, a.Dir.X, b.Dir.X
		t.pa, t.a1a, t.b1a, t.qa, t.dirA, t.dirB = a.P.Y, a1.Y, b1.Y, b.P.Y, a.Dir.Y, b.Dir.Y
	}
	t.mergeA, t.mergeB = dirAc == 0, dirBc == 0
	t.la, t.lm, t.lb = math.Abs(a1c-p), math.Abs(b1c-a1c), math.Abs(q-b1c)
	// m0 and m1 are apart, and every segment has a direction
	t.ok = t.ok && t.lm > 1e-9 && (t.mergeA || t.la > 1e-9) && (t.mergeB || t.lb > 1e-9)
	t.stubsOK = (t.mergeA || sign(a1c-p) == dirAc && t.la >= stub-1e-9) &&
		(t.mergeB || sign(q-b1c) == -dirBc && t.lb >= stub-1e-9)
	n := 6
	if t.mergeA {
		n--
	}
	if t.mergeB {
		n--
	}
	t.bends = float64(n-2) * bendCost
	return t
}

// base is candidateBase of the candidate through m0 and m1.
func (t *twoBends) base(m0, m1 pt) (float64, bool) {
	v := m0.X // the channel
	if !t.vert {
		v = m0.Y
	}
	// the segments to and from the channel, and the ones that decide
	// merging: m0 is apart from a1 and b1 from m1, and the segment from
	// m0 to m1 does not line up with a's stub merged into it; every
	// segment has a direction
	d0, d1 := v-t.pa, v-t.a1a
	if !t.mergeA {
		d0 = d1
	}
	d2, d3 := t.qa-v, t.b1a-v
	if !t.mergeB {
		d2 = d3
	}
	if !t.ok || v-v != 0 || math.Abs(d1) < 1e-9 || math.Abs(d3) < 1e-9 ||
		!(math.Abs(d0) > 1e-9) || !(math.Abs(d2) > 1e-9) {
		raw := [6]pt{t.a.P, t.a1, m0, m1, t.b1, t.b.P}
		return candidateBase(raw[:], t.a, t.b)
	}
	if !t.stubsOK {
		return 0, false
	}
	base := t.bends
	if l := math.Abs(d0); t.mergeA {
		if sign(d0) != t.dirA || l < stub-1e-9 {
			return 0, false
		}
		base += l
	} else {
		base += t.la
		base += l
	}
	base += t.lm
	if l := math.Abs(d2); t.mergeB {
		if sign(d2) != -t.dirB || l < stub-1e-9 {
			return 0, false
		}
		base += l
	} else {
		base += l
		base += t.lb
	}
	return base, true
}

func sign(v float64) float64 {
	switch {
	case v > 1e-9:
		return 1
	case v < -1e-9:
		return -1
	}
	return 0
}

// search finds the cheapest orthogonal path (length, bends, running along
// earlier routes) from a1 to b1 with A* over a grid whose lines are the
// edges of the obstacles' zones and channels beside them, inside a window
// around the two points that grows when nothing is found. It returns nil
// when there is no path.
func (r *router) search(a, b port, a1, b1 pt, e endKeys, group int32) []pt {
	buf := make([]int, 0, 64)
	win := segmentBox(a1, b1)
	for grow := 0; grow < 3; grow++ {
		win = win.inset(-2 * gridCell)
		var zones []box
		xs := []float64{a1.X, b1.X, win.X, win.right()}
		ys := []float64{a1.Y, b1.Y, win.Y, win.bottom()}
		for _, i := range r.near(win, buf) {
			if e.skips(r.keys[i]) {
				continue
			}
			z := r.obs[i].zone()
			zones = append(zones, z)
			xs = append(xs, z.X, z.right(), z.X-6, z.right()+6)
			ys = append(ys, z.Y, z.bottom(), z.Y-6, z.bottom()+6)
		}
		xs = sortedIn(xs, win.X, win.right())
		ys = sortedIn(ys, win.Y, win.bottom())
		if len(xs)*len(ys) > maxSearchCell {
			return nil
		}
		if p := r.astar(xs, ys, zones, a, b, a1, b1, group); p != nil {
			return p
		}
	}
	return nil
}

// sortedIn sorts v, drops duplicates and values outside [lo, hi].
func sortedIn(v []float64, lo, hi float64) []float64 {
	slices.Sort(v)
	v = slices.Compact(v)
	out := v[:0]
	for _, x := range v {
		if x >= lo && x <= hi {
			out = append(out, x)
		}
	}
	return out
}

type searchState struct {
	i, j, d int // grid point and the direction it was entered in (0..3)
}

// searchItem is a state in the queue: its estimate, its cost so far and
// its state packed as a tie-breaker (see tieOf).
type searchItem struct {
	est  float64 // cost so far plus the estimate to the goal
	cost float64 // so far
	tie  int64
}

// tieOf packs a state so that comparing the numbers compares (i, j, d) in
// that order; the goal's -1 comes first. Grids have fewer than 2^20 lines.
func tieOf(s searchState) int64 { return int64(s.i+1)<<40 | int64(s.j+1)<<20 | int64(s.d) }

func (it searchItem) state() searchState {
	return searchState{int(it.tie>>40) - 1, int(it.tie>>20&(1<<20-1)) - 1, int(it.tie & (1<<20 - 1))}
}

// less orders items by estimate, ties broken by position so the search is
// deterministic. The order is total, so items come out in the same
// sequence from any correct priority queue.
func (a searchItem) less(b searchItem) bool {
	return a.est < b.est || a.est == b.est && a.tie < b.tie
}

// searchQueue is a 4-ary min-heap of search items.
type searchQueue []searchItem

func (q *searchQueue) push(it searchItem) {
	h := append(*q, it)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 4
		if !h[i].less(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	*q = h
}

func (q *searchQueue) pop() searchItem {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for k := c + 1; k < c+4 && k < n; k++ {
			if h[k].less(h[m]) {
				m = k
			}
		}
		if !h[m].less(h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}

var searchDirs = [4]pt{sideRight, sideDown, sideLeft, sideUp}

// astar searches the grid xs × ys. Because every zone edge is a grid line,
// a step between neighbouring grid points is either wholly inside a zone
// or wholly outside, so testing its midpoint is exact; the tests come from
// a table of grid points and midpoints filled once per search.
func (r *router) astar(xs, ys []float64, zones []box, a, b port, a1, b1 pt, group int32) []pt {
	si, sj := slices.Index(xs, a1.X), slices.Index(ys, a1.Y)
	ti, tj := slices.Index(xs, b1.X), slices.Index(ys, b1.Y)
	if si < 0 || sj < 0 || ti < 0 || tj < 0 {
		return nil
	}
	nx, ny := len(xs), len(ys)
	// blocked[(2j)*(2nx-1) + 2i] for points, odd indices for midpoints
	w2, h2 := 2*nx-1, 2*ny-1
	blocked := slices.Grow(r.searchBuf.blocked[:0], w2*h2)[:w2*h2]
	clear(blocked)
	r.searchBuf.blocked = blocked
	for _, z := range zones {
		i0, i1 := span(xs, z.X, z.right())
		j0, j1 := span(ys, z.Y, z.bottom())
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				blocked[j*w2+i] = true
			}
		}
	}
	dirOf := func(p pt) int {
		for k, d := range searchDirs {
			if d == p {
				return k
			}
		}
		return 0
	}
	start := searchState{si, sj, dirOf(a.Dir)}
	// from b1 the route turns into the port, against b.Dir
	wantDir := dirOf(pt{-b.Dir.X, -b.Dir.Y})
	idx := func(s searchState) int {
		if s.i < 0 {
			return nx*ny*4 + s.d
		}
		return (s.j*nx+s.i)*4 + s.d
	}
	sc := &r.searchBuf
	dist := slices.Grow(sc.dist[:0], nx*ny*4+4)[:nx*ny*4+4]
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	prev := slices.Grow(sc.prev[:0], len(dist))[:len(dist)]
	sc.dist, sc.prev = dist, prev
	h := func(i, j int) float64 { return math.Abs(xs[i]-b1.X) + math.Abs(ys[j]-b1.Y) }
	dist[idx(start)] = 0
	q := &sc.queue
	*q = append((*q)[:0], searchItem{est: h(si, sj), tie: tieOf(start)})
	// the crossings of each step between neighbouring points, computed
	// once: a step is taken from several states, both ways, and costs the
	// same both ways; by its upper or left point, horizontal or vertical
	inter := slices.Grow(sc.inter[:0], nx*ny*2)[:nx*ny*2]
	for i := range inter {
		inter[i] = -1
	}
	sc.inter = inter
	for n := 0; len(*q) > 0 && n < maxExpansions; n++ {
		it := q.pop()
		s := it.state()
		if it.cost > dist[idx(s)] {
			continue
		}
		if s.i < 0 {
			// the goal: rebuild the path from the grid point it came from
			pts := []pt{b.P, b1}
			for cur := prev[idx(s)]; cur != start; cur = prev[idx(cur)] {
				pts = append(pts, pt{xs[cur.i], ys[cur.j]})
			}
			pts = append(pts, a1, a.P)
			slices.Reverse(pts)
			return simplify(pts)
		}
		if s.i == ti && s.j == tj {
			c := it.cost
			if s.d != wantDir {
				c += bendCost
			}
			goal := searchState{-1, -1, s.d}
			if c < dist[idx(goal)] {
				dist[idx(goal)] = c
				prev[idx(goal)] = s
				q.push(searchItem{est: c, cost: c, tie: tieOf(goal)})
			}
			continue
		}
		for k, d := range searchDirs {
			if (k+2)%4 == s.d {
				continue // no U-turns
			}
			ni, nj := s.i+int(d.X), s.j+int(d.Y)
			if ni < 0 || nj < 0 || ni >= nx || nj >= ny {
				continue
			}
			if blocked[(s.j+nj)*w2+s.i+ni] || blocked[2*nj*w2+2*ni] {
				continue
			}
			p, q2 := pt{xs[s.i], ys[s.j]}, pt{xs[ni], ys[nj]}
			c := it.cost + math.Abs(p.X-q2.X) + math.Abs(p.Y-q2.Y)
			if k != s.d {
				c += bendCost
			}
			ns := searchState{ni, nj, k}
			if c >= dist[idx(ns)] {
				continue
			}
			e := 2 * (min(nj, s.j)*nx + min(ni, s.i))
			if d.Y != 0 {
				e++
			}
			if inter[e] < 0 {
				inter[e] = r.interference(p, q2, group, 0, math.Inf(1))
			}
			c += inter[e]
			if c < dist[idx(ns)] {
				dist[idx(ns)] = c
				prev[idx(ns)] = s
				q.push(searchItem{est: c + h(ni, nj), cost: c, tie: tieOf(ns)})
			}
		}
	}
	return nil
}

// span returns the range of doubled grid indices (point i is 2i, the
// midpoint of lines i and i+1 is 2i+1) strictly inside (lo, hi) on the
// sorted lines v. lo and hi are lines unless they lie outside the window.
func span(v []float64, lo, hi float64) (int, int) {
	i0 := sort.SearchFloat64s(v, lo) // first line >= lo
	i1 := sort.SearchFloat64s(v, hi) // first line >= hi
	a := 2 * i0
	if i0 < len(v) && v[i0] == lo {
		a++
	}
	b := 2*i1 - 2
	if i1 < len(v) && v[i1] == hi {
		b++
	}
	return a, min(b, 2*len(v)-2)
}
