package render

import (
	"cmp"
	"container/heap"
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
	maxExtra      = 4     // candidates scored after the first clear one
	maxExpansions = 20000 // states one search may expand before giving up
)

// port is where a route leaves or enters a box.
type port struct {
	P   pt
	Dir pt // outward from the box
}

// obstacle is a rectangle routes keep out of.
type obstacle struct {
	B    box
	Node string // the node it belongs to, "" for labels
	VPC  string // the VPC it is drawn in
	// Whole marks a VPC's own box: routes between nodes outside that VPC
	// go around it, and then its contents need not be looked at.
	Whole bool
}

// routeEnds are the two ends of a route: their obstacle keys and VPCs.
type routeEnds struct {
	nodes [2]string
	vpcs  [2]string
}

// skips reports whether obstacle o does not constrain a route between
// ends: its own end boxes, the VPCs it starts or ends in, and the insides
// of other VPCs (their whole box stands for them).
func (e routeEnds) skips(o obstacle) bool {
	if o.Node != "" && (o.Node == e.nodes[0] || o.Node == e.nodes[1]) {
		return true
	}
	in := o.VPC != "" && (o.VPC == e.vpcs[0] || o.VPC == e.vpcs[1])
	if o.Whole {
		return in
	}
	return o.VPC != "" && !in
}

// zone is the area routes keep out of: cards with room to spare, labels
// just their text.
func (o obstacle) zone() box {
	if o.Node == "" {
		return o.B.inset(-2)
	}
	return o.B.inset(-clearance + 1)
}

// spatial indexes boxes by the cells of a grid over a fixed area; boxes
// beyond the area are filed in its border cells, so queries stay correct.
type spatial struct {
	x0, y0 float64
	nx, ny int
	cells  [][]int
	n      int
	seen   []uint32 // query stamp per box, to drop duplicates
	stamp  uint32
}

func newSpatial(area box) *spatial {
	nx := max(1, int(math.Ceil(area.W/gridCell))+1)
	ny := max(1, int(math.Ceil(area.H/gridCell))+1)
	if nx*ny > 1<<20 { // absurd areas get coarser cells rather than memory
		nx, ny = min(nx, 1024), min(ny, 1024)
	}
	return &spatial{x0: area.X, y0: area.Y, nx: nx, ny: ny, cells: make([][]int, nx*ny)}
}

// cellRange returns the cells b covers, clamped to the grid.
func (s *spatial) cellRange(b box) (int, int, int, int) {
	c := func(v, o float64, n int) int {
		i := int(math.Floor((v - o) / gridCell))
		return min(max(i, 0), n-1)
	}
	return c(b.X, s.x0, s.nx), c(b.Y, s.y0, s.ny), c(b.right(), s.x0, s.nx), c(b.bottom(), s.y0, s.ny)
}

// add indexes b and returns its number (0, 1, ...).
func (s *spatial) add(b box) int {
	x0, y0, x1, y1 := s.cellRange(b)
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			k := cy*s.nx + cx
			s.cells[k] = append(s.cells[k], s.n)
		}
	}
	s.n++
	return s.n - 1
}

// query returns the numbers of boxes whose cells meet b, each once, in
// the order of the cells (which is deterministic).
func (s *spatial) query(b box, buf []int) []int {
	buf = buf[:0]
	if len(s.seen) < s.n {
		s.seen = append(s.seen, make([]uint32, s.n-len(s.seen))...)
	}
	s.stamp++
	x0, y0, x1, y1 := s.cellRange(b)
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for _, i := range s.cells[cy*s.nx+cx] {
				if s.seen[i] != s.stamp {
					s.seen[i] = s.stamp
					buf = append(buf, i)
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
	segs  []routedSeg // segments of the routes made so far
	segIx *spatial
}

// routedSeg is a segment of a route made so far; routes of one group (the
// links of one role) may share a trunk without penalty.
type routedSeg struct {
	a, b  pt
	group string
}

// newRouter indexes the obstacles of a scene whose routes stay in area.
func newRouter(obs []obstacle, area box) *router {
	r := &router{obs: obs, index: newSpatial(area), segIx: newSpatial(area)}
	for _, o := range obs {
		r.index.add(o.B)
	}
	return r
}

// near returns the indices of obstacles whose cells meet b.
func (r *router) near(b box, buf []int) []int { return r.index.query(b, buf) }

// hits counts obstacles the segment a–b passes through, ignoring those
// that contain either end of the whole route (the route's own end boxes).
func (r *router) hits(a, b pt, skip func(int) bool, buf []int) int {
	s := box{math.Min(a.X, b.X), math.Min(a.Y, b.Y), math.Abs(a.X - b.X), math.Abs(a.Y - b.Y)}
	n := 0
	for _, i := range r.near(s, buf) {
		if skip(i) {
			continue
		}
		o := r.obs[i].zone()
		if s.X < o.right() && o.X < s.right() && s.Y < o.bottom() && o.Y < s.bottom() {
			n++
		} else if s.W == 0 && s.X > o.X && s.X < o.right() && s.Y < o.bottom() && o.Y < s.bottom() {
			n++
		} else if s.H == 0 && s.Y > o.Y && s.Y < o.bottom() && s.X < o.right() && o.X < s.right() {
			n++
		}
	}
	return n
}

// wall adds a container border: routes may cross it but not run along it.
func (r *router) wall(b box) {
	r.add([]pt{{b.X, b.Y}, {b.right(), b.Y}, {b.right(), b.bottom()}, {b.X, b.bottom()}, {b.X, b.Y}}, "\x00wall")
}

// add records a route so later ones keep off it.
func (r *router) add(pts []pt, group string) {
	for i := 1; i < len(pts); i++ {
		r.segs = append(r.segs, routedSeg{pts[i-1], pts[i], group})
		r.segIx.add(segmentBox(pts[i-1], pts[i]).inset(-4))
	}
}

// interference is the cost of running along or across earlier routes of
// other groups.
func (r *router) interference(a, b pt, group string, buf []int) float64 {
	c := 0.0
	for _, i := range r.segIx.query(segmentBox(a, b).inset(-4), buf) {
		s := r.segs[i]
		if s.group == group {
			continue
		}
		switch relation(a, b, s.a, s.b) {
		case relOverlap:
			c += overlapCost
		case relCross:
			c += crossCost
		}
	}
	return c
}

// stubBlocked reports whether a route leaving the middle of b's side
// would run straight into an obstacle.
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
	for _, i := range r.near(s, nil) {
		if s.overlaps(r.obs[i].B) {
			return true
		}
	}
	return false
}

// route finds a path from port a to port b, avoiding obstacles except the
// ones for the nodes in ends; group names routes that may share segments.
func (r *router) route(a, b port, ends routeEnds, group string) []pt {
	skip := func(i int) bool { return ends.skips(r.obs[i]) }
	a1 := pt{a.P.X + a.Dir.X*stub, a.P.Y + a.Dir.Y*stub}
	b1 := pt{b.P.X + b.Dir.X*stub, b.P.Y + b.Dir.Y*stub}
	buf := make([]int, 0, 32)

	// candidates: straight or one bend, then two bends through a vertical
	// or horizontal channel beside an obstacle; kept in fixed arrays, as a
	// large diagram makes tens of thousands of them
	type cand struct {
		raw  [6]pt // with both stubs
		n    int
		base float64 // length and bends: a lower bound of the cost
	}
	cands := make([]cand, 0, 2*maxChannels+3)
	add := func(mids ...pt) {
		var c cand
		c.raw[0], c.raw[1] = a.P, a1
		c.n = 2 + copy(c.raw[2:4], mids)
		c.raw[c.n], c.raw[c.n+1] = b1, b.P
		c.n += 2
		var buf [6]pt
		pts := simplifyInto(buf[:0], c.raw[:c.n])
		if !orthogonal(pts) || backtracks(pts, a, b) {
			return
		}
		c.base = float64(len(pts)-2) * bendCost
		for i := 1; i < len(pts); i++ {
			c.base += dist(pts[i-1], pts[i])
		}
		cands = append(cands, c)
	}
	add()
	add(pt{b1.X, a1.Y})
	add(pt{a1.X, b1.Y})
	span := box{math.Min(a1.X, b1.X), math.Min(a1.Y, b1.Y), math.Abs(a1.X - b1.X), math.Abs(a1.Y - b1.Y)}
	xs := []float64{(a1.X + b1.X) / 2}
	ys := []float64{(a1.Y + b1.Y) / 2}
	for _, i := range r.near(span.inset(-gridCell), buf) {
		if skip(i) {
			continue
		}
		o := r.obs[i].B
		xs = append(xs, o.X-clearance-6, o.right()+clearance+6)
		ys = append(ys, o.Y-clearance-6, o.bottom()+clearance+6)
	}
	for _, x := range nearest(xs, (a1.X+b1.X)/2, maxChannels) {
		add(pt{x, a1.Y}, pt{x, b1.Y})
	}
	for _, y := range nearest(ys, (a1.Y+b1.Y)/2, maxChannels) {
		add(pt{a1.X, y}, pt{b1.X, y})
	}
	// cheapest shapes first: once one is free of obstacles and other
	// routes, nothing after it can cost less
	slices.SortStableFunc(cands, func(p, q cand) int { return cmp.Compare(p.base, q.base) })
	var best []pt
	bestCost := math.Inf(1)
	extra := 0
	for i := range cands {
		c := &cands[i]
		if c.base >= bestCost || extra > maxExtra {
			break
		}
		if bestCost < hitCost {
			extra++ // a clear route exists; look a little further for a better one
		}
		if cost := r.cost(c.raw[:c.n], c.base, skip, buf, group, bestCost); cost < bestCost {
			best, bestCost = simplify(c.raw[:c.n]), cost
		}
	}
	if bestCost >= hitCost && !r.inside(a1, skip) && !r.inside(b1, skip) {
		if p := r.search(a, b, a1, b1, skip, group); p != nil {
			best = p
		}
	}
	r.add(best, group)
	return best
}

// inside reports whether p lies in an obstacle's clearance zone, from
// where no search can start or end.
func (r *router) inside(p pt, skip func(int) bool) bool {
	for _, i := range r.near(box{p.X, p.Y, 0, 0}, nil) {
		o := r.obs[i].zone()
		if !skip(i) && p.X > o.X && p.X < o.right() && p.Y > o.Y && p.Y < o.bottom() {
			return true
		}
	}
	return false
}

// nearest returns up to n distinct values of v closest to m, closest
// first (ties by value).
func nearest(v []float64, m float64, n int) []float64 {
	slices.SortFunc(v, func(a, b float64) int {
		da, db := math.Abs(a-m), math.Abs(b-m)
		if da != db {
			return cmp.Compare(da, db)
		}
		return cmp.Compare(a, b)
	})
	v = slices.Compact(v)
	return v[:min(n, len(v))]
}

// cost scores a route given with its two stubs as the first and last
// segments: base (length and bends), obstacles hit, and running along or
// across earlier routes.
//
// Costs are added cheapest first and the scoring stops as soon as it
// reaches bound, the best cost so far.
func (r *router) cost(pts []pt, base float64, skip func(int) bool, buf []int, group string, bound float64) float64 {
	c := base
	stubSkip := func(j int) bool { return skip(j) || r.obs[j].Node == "" }
	for i := 1; i < len(pts) && c < bound; i++ {
		a, b := pts[i-1], pts[i]
		if a == b {
			continue
		}
		if i > 1 && i < len(pts)-1 {
			c += hitCost * float64(r.hits(a, b, skip, buf))
		} else {
			// the stubs: only other nodes' boxes count
			c += hitCost * float64(r.hits(a, b, stubSkip, buf))
		}
	}
	for i := 1; i < len(pts) && c < bound; i++ {
		if pts[i-1] != pts[i] {
			c += r.interference(pts[i-1], pts[i], group, buf)
		}
	}
	return c
}

const (
	relNone = iota
	relOverlap
	relCross
)

// relation tells whether two axis-parallel segments run on top of each
// other, cross, or neither.
func relation(a, b, c, d pt) int {
	const near = 4.0
	av, cv := a.X == b.X, c.X == d.X
	lo := func(p, q float64) float64 { return math.Min(p, q) }
	hi := func(p, q float64) float64 { return math.Max(p, q) }
	switch {
	case av && cv:
		if math.Abs(a.X-c.X) < near && math.Min(hi(a.Y, b.Y), hi(c.Y, d.Y))-math.Max(lo(a.Y, b.Y), lo(c.Y, d.Y)) > near {
			return relOverlap
		}
	case !av && !cv:
		if math.Abs(a.Y-c.Y) < near && math.Min(hi(a.X, b.X), hi(c.X, d.X))-math.Max(lo(a.X, b.X), lo(c.X, d.X)) > near {
			return relOverlap
		}
	case av:
		if c.Y > lo(a.Y, b.Y) && c.Y < hi(a.Y, b.Y) && a.X > lo(c.X, d.X) && a.X < hi(c.X, d.X) {
			return relCross
		}
	default:
		if a.Y > lo(c.Y, d.Y) && a.Y < hi(c.Y, d.Y) && c.X > lo(a.X, b.X) && c.X < hi(a.X, b.X) {
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

func orthogonal(pts []pt) bool {
	for i := 1; i < len(pts); i++ {
		if pts[i-1].X != pts[i].X && pts[i-1].Y != pts[i].Y {
			return false
		}
	}
	return len(pts) >= 2
}

// backtracks reports routes that leave a port backwards or turn back on
// themselves.
func backtracks(pts []pt, a, b port) bool {
	dir := func(p, q pt) pt { return pt{sign(q.X - p.X), sign(q.Y - p.Y)} }
	if d := dir(pts[0], pts[1]); d != a.Dir {
		return true
	}
	n := len(pts)
	if d := dir(pts[n-1], pts[n-2]); d != b.Dir {
		return true
	}
	for i := 2; i < n; i++ {
		d0, d1 := dir(pts[i-2], pts[i-1]), dir(pts[i-1], pts[i])
		if d0.X == -d1.X && d0.Y == -d1.Y {
			return true
		}
	}
	return false
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
func (r *router) search(a, b port, a1, b1 pt, skip func(int) bool, group string) []pt {
	buf := make([]int, 0, 64)
	win := box{math.Min(a1.X, b1.X), math.Min(a1.Y, b1.Y), math.Abs(a1.X - b1.X), math.Abs(a1.Y - b1.Y)}
	for grow := 0; grow < 3; grow++ {
		win = win.inset(-2 * gridCell)
		var zones []box
		xs := []float64{a1.X, b1.X, win.X, win.right()}
		ys := []float64{a1.Y, b1.Y, win.Y, win.bottom()}
		for _, i := range r.near(win, buf) {
			if skip(i) {
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
		if p := r.astar(xs, ys, zones, a, b, a1, b1, group, buf); p != nil {
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

type searchItem struct {
	s    searchState
	cost float64 // so far
	est  float64 // cost so far plus the estimate to the goal
}

type searchQueue []searchItem

func (q searchQueue) Len() int { return len(q) }
func (q searchQueue) Less(i, j int) bool {
	if q[i].est != q[j].est {
		return q[i].est < q[j].est
	}
	// ties broken by position so the search is deterministic
	a, b := q[i].s, q[j].s
	if a.i != b.i {
		return a.i < b.i
	}
	if a.j != b.j {
		return a.j < b.j
	}
	return a.d < b.d
}
func (q searchQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *searchQueue) Push(x any)   { *q = append(*q, x.(searchItem)) }
func (q *searchQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

var searchDirs = [4]pt{sideRight, sideDown, sideLeft, sideUp}

// astar searches the grid xs × ys. Because every zone edge is a grid line,
// a step between neighbouring grid points is either wholly inside a zone
// or wholly outside, so testing its midpoint is exact; the tests come from
// a table of grid points and midpoints filled once per search.
func (r *router) astar(xs, ys []float64, zones []box, a, b port, a1, b1 pt, group string, buf []int) []pt {
	si, sj := slices.Index(xs, a1.X), slices.Index(ys, a1.Y)
	ti, tj := slices.Index(xs, b1.X), slices.Index(ys, b1.Y)
	if si < 0 || sj < 0 || ti < 0 || tj < 0 {
		return nil
	}
	nx, ny := len(xs), len(ys)
	// blocked[(2j)*(2nx-1) + 2i] for points, odd indices for midpoints
	w2, h2 := 2*nx-1, 2*ny-1
	blocked := make([]bool, w2*h2)
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
	dist := make([]float64, nx*ny*4+4)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	prev := make([]searchState, len(dist))
	h := func(i, j int) float64 { return math.Abs(xs[i]-b1.X) + math.Abs(ys[j]-b1.Y) }
	dist[idx(start)] = 0
	q := &searchQueue{{s: start, est: h(si, sj)}}
	for n := 0; q.Len() > 0 && n < maxExpansions; n++ {
		it := heap.Pop(q).(searchItem)
		s := it.s
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
				heap.Push(q, searchItem{s: goal, cost: c, est: c})
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
			c += r.interference(p, q2, group, buf)
			if c < dist[idx(ns)] {
				dist[idx(ns)] = c
				prev[idx(ns)] = s
				heap.Push(q, searchItem{s: ns, cost: c, est: c + h(ni, nj)})
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
