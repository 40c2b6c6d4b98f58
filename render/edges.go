package render

import (
	"math"
	"strconv"
	"strings"

	"archway/model"
)

const (
	arrowLen   = 9.0
	arrowHalf  = 4.5
	cornerR    = 6.0
	edgeWidth  = 1.6
	labelSize  = 10.5
	labelH     = 18.0
	badgeR     = 8.5
	invokeDash = 6.0
)

// verdictOf returns an edge's verdict, or "" without an analysis.
func (dr *drawer) verdictOf(id string) model.Verdict {
	if r := dr.results[id]; r != nil {
		return r.Verdict
	}
	return ""
}

// verdictColor is the colour an edge is drawn in.
func (dr *drawer) verdictColor(v model.Verdict) rgba {
	switch v {
	case model.Allowed:
		return dr.th.allowed
	case model.Blocked:
		return dr.th.blocked
	case model.Partial:
		return dr.th.partial
	}
	return dr.th.edge
}

// verdictGlyph is the mark drawn in an edge's label.
func verdictGlyph(v model.Verdict) string {
	switch v {
	case model.Allowed:
		return "check"
	case model.Blocked:
		return "cross"
	case model.Partial:
		return "bang"
	}
	return ""
}

// isInvocation reports whether edge e, to node to, invokes a function
// (the Invoke API, a function URL or an event source mapping) rather than
// opening a connection; invocations are drawn dashed.
func isInvocation(e *model.Edge, to *model.Node) bool {
	return to != nil && to.Type == model.TypeLambda && e.Port == 0
}

// checkText is what an edge's label says is checked: the port for
// connections into a VPC or the internet, the actions for API calls.
func checkText(ix *model.Index, e *model.Edge) string {
	var buf [64]byte
	return string(appendCheck(buf[:0], e, ix.Nodes[e.To]))
}

// appendCheck appends checkText to b for edge e to node to (nil if the
// design has none): a drawn edge writes it into its description and takes
// its label's text from there.
func appendCheck(b []byte, e *model.Edge, to *model.Node) []byte {
	if e.Via == "url" {
		return append(b, "function URL"...)
	}
	// the parts joined by " · "
	start, parts := len(b), 0
	network := e.Port != 0
	if to != nil {
		switch to.Type {
		case model.TypeRDSCluster, model.TypeEC2Instance, model.TypeEFSFileSystem, model.TypeInternetHost:
			network = true
		}
	}
	if network {
		p := e.Proto()
		b, parts = append(b, p...), 1
		if p != "all" && p != "icmp" {
			b = strconv.AppendInt(append(b, ' '), int64(e.DestPort(to)), 10)
		}
	}
	acts := e.Actions
	if len(acts) == 0 && !network {
		acts = e.EffectiveActions(to)
	}
	if len(acts) > 0 {
		if parts > 0 {
			b = append(b, " · "...)
		}
		b, parts = append(b, acts[0]...), parts+1
		if len(acts) > 1 {
			b = strconv.AppendInt(append(b, " +"...), int64(len(acts)-1), 10)
		}
	}
	if parts == 0 {
		return append(b[:start], e.Proto()...)
	}
	return b
}

// edgeClasses are an edge group's classes, by invocation + 2·selected:
// constants, so that no edge builds its own.
var edgeClasses = [4]string{"edge", "edge invocation", "edge selected", "edge invocation selected"}

// boolIndex is 1 for true, 0 for false.
func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// roundedPath appends an orthogonal polyline with rounded bends to p.
func roundedPath(p *path, pts []pt) {
	p.moveTo(pts[0].X, pts[0].Y)
	for i := 1; i < len(pts)-1; i++ {
		a, b, c := pts[i-1], pts[i], pts[i+1]
		r := min(cornerR, min(dist(a, b), dist(b, c))/2)
		u := unit(a, b)
		v := unit(b, c)
		p.lineTo(b.X-u.X*r, b.Y-u.Y*r)
		p.quadTo(b.X, b.Y, b.X+v.X*r, b.Y+v.Y*r)
	}
	last := pts[len(pts)-1]
	p.lineTo(last.X, last.Y)
}

func dist(a, b pt) float64 { return math.Abs(a.X-b.X) + math.Abs(a.Y-b.Y) }

func unit(a, b pt) pt {
	d := dist(a, b)
	if d == 0 {
		return pt{}
	}
	return pt{(b.X - a.X) / d, (b.Y - a.Y) / d}
}

// roundedLine draws pts as an orthogonal polyline with rounded bends,
// built in the canvas's scratch path.
func roundedLine(c *canvas, pts []pt, pa paint) {
	p := c.scratchPath()
	roundedPath(p, pts)
	c.path(*p, pa)
}

// arrowHead appends to p the filled triangle whose tip is at tip,
// pointing against dir (dir points out of the target box).
func arrowHead(p *path, tip, dir pt) {
	base := pt{tip.X + dir.X*arrowLen, tip.Y + dir.Y*arrowLen}
	p.moveTo(tip.X, tip.Y)
	p.lineTo(base.X-dir.Y*arrowHalf, base.Y+dir.X*arrowHalf)
	p.lineTo(base.X+dir.Y*arrowHalf, base.Y-dir.X*arrowHalf)
	p.close()
}

// Dash patterns, shared by every item that uses them (never modified).
var (
	dashRoleLink   = []float64{2, 3}
	dashInvocation = []float64{invokeDash, 4}
)

func (dr *drawer) drawRoleLinks() {
	th, c := dr.th, dr.c
	for _, l := range dr.roleLinks {
		pts := l.pts
		if len(pts) < 2 {
			continue
		}
		c.open(&group{Class: "role-link"})
		roundedLine(c, pts, paint{Stroke: th.muted, Width: 1.2, Dash: dashRoleLink})
		c.close()
	}
}

// drawEdges draws every routed edge with its arrowhead, label and
// callouts; the selected edge goes last, over a halo.
func (dr *drawer) drawEdges() {
	sel := -1
	for j, e := range dr.g.ix.Design.Edges {
		// an edge not drawn, or whose id an earlier one has, has no route
		pts := dr.routes[j]
		if pts == nil {
			continue
		}
		if dr.selected == e {
			sel = j
			continue
		}
		dr.drawEdge(e, int32(j), pts, false)
	}
	if sel >= 0 {
		dr.drawEdge(dr.selected, int32(sel), dr.routes[sel], true)
	}
}

// drawEdge draws edge e, the pos-th of the design's, along its route pts.
func (dr *drawer) drawEdge(e *model.Edge, pos int32, pts []pt, selected bool) {
	th, c := dr.th, dr.c
	if len(pts) < 2 {
		return
	}
	v := dr.verdictOf(e.ID)
	col := dr.verdictColor(v)
	to := dr.g.ix.Nodes[e.To] // what is checked and whether it is an invocation
	if dr.selected != nil && !selected {
		col = col.alpha(0.35)
	}
	verdict := string(v)
	if verdict == "" {
		verdict = "unknown"
	}
	// the description, the title and what is checked are built in one
	// buffer and cut from one string
	b := append(append(append(dr.text[:0], e.From...), " → "...), e.To...)
	arrow := len(b)
	b = append(b, ": "...)
	c0 := len(b)
	if v != model.Unchecked {
		b = appendCheck(b, e, to)
	} else {
		b = append(b, "not checked"...)
	}
	c1 := len(b)
	if v != "" {
		b = append(append(b, "; "...), verdict...)
	}
	if r := dr.results[e.ID]; r != nil && r.Network.BlockedAt != nil {
		b = append(append(b, " at "...), *r.Network.BlockedAt...)
	}
	if nums := dr.edgeCallout[e.ID]; len(nums) > 0 && dr.annotate() {
		b = append(append(b, "; findings "...), joinInts(nums)...)
	}
	keep(&dr.text, b)
	desc := string(b)
	check, title := desc[c0:c1], e.Label
	if title == "" {
		title = desc[:arrow]
	}
	// what is checked and the title (unless it is the edge's label) are
	// parts of the description: when it is clean, as it mostly is, so are
	// they, but for a space at either end
	// (a part of a plain description is plain too: cleaning it only takes
	// a space off either end)
	clean, plain := cleanTextPlain(desc)
	titlePlain, checkPlain := plain, plain
	switch {
	case clean != desc:
		check, checkPlain = cleanTextPlain(check)
		title, titlePlain = cleanTextPlain(title)
	case e.Label != "":
		check = cleanPart(check)
		title, titlePlain = cleanTextPlain(title)
	default:
		check, title = cleanPart(check), cleanPart(title)
	}
	invocation := isInvocation(e, to)
	cls := edgeClasses[boolIndex(invocation)+2*boolIndex(selected)]
	g := group{IDKind: idEdge, ID: e.ID, Class: cls, Img: true}
	dr.c.setAttrs(&g, attr{attrVerdict, verdict}, attr{attrFrom, e.From}, attr{attrTo, e.To})
	g.Title, g.Desc, g.TitlePlain, g.DescPlain = title, clean, titlePlain, plain
	c.open(&g)
	// the arrowhead's port: where the route ends, and the way it comes in
	n := len(pts)
	end := port{pts[n-1], dirOf(pts[n-1], pts[n-2])}
	line := append(dr.line[:0], pts...)
	keep(&dr.line, line)
	line[len(line)-1] = pt{end.P.X + end.Dir.X*arrowLen, end.P.Y + end.Dir.Y*arrowLen}
	width := edgeWidth
	if selected {
		width = 2.6
		roundedLine(c, line, paint{Stroke: th.highlightHalo, Width: 11, Round: true})
	}
	var dash []float64
	if invocation {
		dash = dashInvocation
	}
	roundedLine(c, line, paint{Stroke: col, Width: width, Dash: dash})
	p := c.scratchPath()
	arrowHead(p, end.P, end.Dir)
	c.path(*p, paint{Fill: col})
	dr.edgeLabel(e, pos, pts, v, check, checkPlain, col)
	c.close()
}

// edgeLabel places the label pill (verdict mark, what is checked, clean
// and maybe plain, callout numbers) on the route where it covers nothing
// else.
func (dr *drawer) edgeLabel(e *model.Edge, pos int32, pts []pt, v model.Verdict, check string, plain bool, col rgba) {
	th, c := dr.th, dr.c
	text, tw := fitText(check, labelSize, false, 160)
	glyph := verdictGlyph(v)
	markW := 0.0
	if glyph != "" {
		markW = 16
	}
	var nums []int
	if dr.annotate() {
		nums = dr.edgeCallout[e.ID]
		if len(nums) > 3 {
			nums = nums[:3]
		}
	}
	pillW := pillWidth(tw, markW)
	w := pillW + float64(len(nums))*(2*badgeR+3)
	b := dr.placeLabel(pts, w, labelH, pos)
	dr.labels = append(dr.labels, b)
	dr.labelPads = append(dr.labelPads, edgesOf(b.inset(-3)))
	dr.nearIdx.add(b)
	pill := box{b.X, b.Y, pillW, labelH}
	c.rect(pill, labelH/2, paint{Fill: th.labelFill, Stroke: col, Width: 1})
	x := pill.X + 8
	if glyph != "" {
		p := c.scratchPath()
		p.ellipse(x+6, pill.cy(), 7, 7)
		c.path(*p, paint{Fill: col})
		c.iconW(glyph, x, pill.cy()-6, 12, rgba{255, 255, 255, 255}, 1.5)
		x += markW
	}
	c.plainText(x, pill.Y+12.7, labelSize, false, anchorStart, th.text, text, plain)
	bx := pill.right() + 3 + badgeR
	for _, n := range nums {
		dr.badge(bx, pill.cy(), n, dr.calloutColor(n))
		bx += 2*badgeR + 3
	}
}

// pillWidth is the width of an edge label's pill whose text is tw wide.
func pillWidth(tw, markW float64) float64 {
	return 8 + markW + tw + 8
}

// maxLabelWidth is the widest edge label a design can get, with room for
// two callouts; the layout leaves gaps that wide between columns.
func (g *geometry) maxLabelWidth() float64 {
	w := 0.0
	for _, e := range g.ix.Design.Edges {
		_, tw := fitText(cleanText(checkText(g.ix, e)), labelSize, false, 160)
		w = max(w, pillWidth(tw, 16))
	}
	return w + 2*(2*badgeR+3)
}

// placeLabel picks where a label of w×h goes on the route of edge own:
// preferably on the middle of a long horizontal run, clear of cards,
// headers, other labels and other routes; beside the line when the run is
// short; else the least crowded place.
//
// Each place has a score for where it is and a cost for what it covers;
// the place with the least sum wins, the earliest of equal ones in the
// order runs, points along a run and offsets from it are listed. The
// places around one point of a run lie in a small region, the point's
// column of places across a horizontal run or its row beside a vertical
// one: what they could cover is gathered from the spatial indexes once per
// point and each place scored against that short list. Points are taken
// by their places' least score, and the search stops at the first point
// whose places' scores alone exceed the best sum.
func (dr *drawer) placeLabel(pts []pt, w, h float64, own int32) box {
	n := len(pts)
	// the runs, each with the next of its points to take; along one run the
	// points' least scores grow (3 a point), so taking the run whose next
	// point has the least score takes points by least score, runs in order
	// on ties (the order they are listed in)
	runs := dr.labelRuns[:0]
	for i := 1; i < n; i++ {
		a, b := pts[i-1], pts[i]
		l := dist(a, b)
		r := labelPoint{a: a, b: b, horiz: a.Y == b.Y, end: i == 1 || i == n-1, run: i - 1}
		r.short, r.long = r.horiz && l < w+2*arrowLen, min(l, 300)/20
		r.least = r.leastScore()
		runs = append(runs, r)
	}
	keep(&dr.labelRuns, runs)
	best, bestSum, bestOrder := box{}, math.Inf(1), int32(math.MaxInt32)
	near := &dr.labelNear
	for {
		next := -1
		for ri := range runs {
			if runs[ri].k < len(labelAlong) && (next < 0 || runs[ri].least < runs[next].least) {
				next = ri
			}
		}
		if next < 0 || runs[next].least > bestSum {
			break // no point left has a place that can win
		}
		p := runs[next] // this point; the run moves on to its next
		runs[next].k++
		runs[next].least = runs[next].leastScore()
		t := labelAlong[p.k]
		m := pt{p.a.X + (p.b.X-p.a.X)*t, p.a.Y + (p.b.Y-p.a.Y)*t}
		order := int32(p.run*len(labelAlong) + p.k)
		// on the line, then beside it: above and below a horizontal run,
		// right and left of a vertical one
		offsets := [...]pt{{0, 0}, {0, -h/2 - 4}, {0, h/2 + 4}, {0, -1.5*h - 8}, {0, 1.5*h + 8}}
		nOff := len(offsets)
		// the places' union, and a unit more against rounding
		region := box{m.X - w/2 - 1, m.Y - 2*h - 9, w + 2, 4*h + 18}
		if !p.horiz {
			offsets[1], offsets[2], nOff = pt{w/2 + 4, 0}, pt{-w/2 - 4, 0}, 3
			region = box{m.X - w - 5, m.Y - h/2 - 1, 2*w + 10, h + 2}
		}
		gathered := false
		for j := range nOff {
			score, o := p.score(j), order*5+int32(j)
			if score > bestSum || score == bestSum && o > bestOrder {
				if j > 0 {
					break // the later offsets score more and come later
				}
				continue // beside the line may score less than on it
			}
			if !gathered {
				near.gather(dr, region, own)
				gathered = true
			}
			// an earlier place wins a tie
			bound := bestSum
			if o < bestOrder {
				bound = math.Nextafter(bestSum, math.Inf(1))
			}
			off := offsets[j]
			bx := box{m.X + off.X - w/2, m.Y + off.Y - h/2, w, h}
			if s, ok := near.crowding(dr, bx, score, bound); ok {
				best, bestSum, bestOrder = bx, s, o
			}
		}
	}
	if math.IsInf(bestSum, 1) {
		m := pts[n/2]
		return box{m.X - w/2, m.Y - h/2, w, h}
	}
	return best
}

// labelAlong are the points of a run label places are tried around, as
// fractions of the run, in the order tried.
var labelAlong = [...]float64{0.5, 0.3, 0.7, 0.15, 0.85}

// labelPoint is a run a - b of a route and the k-th point along it that
// label places are tried around.
type labelPoint struct {
	a, b       pt
	horiz, end bool    // a horizontal run; the first or last run
	short      bool    // a horizontal run too short for the label and arrowheads
	long       float64 // what the run's length takes off the score
	run, k     int
	least      float64 // the least score of the places around the point
}

// leastScore is the least score of the places around p's point.
func (p *labelPoint) leastScore() float64 {
	if p.short {
		return p.score(1) // on the line costs 60, beside it 30
	}
	return p.score(0)
}

// score is the score of the place at offset j around p: where it is,
// before what it covers.
func (p *labelPoint) score(j int) float64 {
	score := float64(3*p.k+30*j) - p.long
	if !p.horiz {
		score += 25
	} else if p.short && j == 0 {
		score += 60
	}
	if p.end {
		score += 10 // keep clear of the ports
	}
	return score
}

// labelNear is what a label placed near one run of a route could cover:
// the padded boxes of cards and labels (not VPCs' whole boxes) and the
// extents of other edges' routes. Its lists are reused from run to run.
//
// The cards' boxes are gathered first and the rest only when a place
// needs them: a place that covers a card rarely wins, and its crowding
// reaches the bound on the cards alone.
type labelNear struct {
	pads, labels, segs []edges
	// the cells of the region gathered and the edge it is for, for
	// gathering the rest; rest reports whether that is done
	x0, y0, x1, y1 int
	in             edges
	own            int32
	rest           bool
}

// gather fills the cards' list with what meets region (edges included),
// for edge own: what a label inside region could cover, and makes ready
// to gather the rest (gatherRest). Labels may cover a VPC's whole box,
// whose entries end every cell's list in the router's index: the walk of
// a cell stops there. The lists' order is of no consequence to crowding.
func (ln *labelNear) gather(dr *drawer, region box, own int32) {
	r := dr.router
	ix := r.index
	ln.pads, ln.labels, ln.segs = ln.pads[:0], ln.labels[:0], ln.segs[:0]
	ln.in, ln.own, ln.rest = edgesOf(region), own, false
	in := ln.in
	meets := func(o *edges) bool { return o.x0 <= in.x1 && in.x0 <= o.x1 && o.y0 <= in.y1 && in.y0 <= o.y1 }
	x0, y0, x1, y1 := ix.cellRange(region)
	ln.x0, ln.y0, ln.x1, ln.y1 = x0, y0, x1, y1
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for j := ix.head[cy*ix.nx+cx]; j > r.wholeEnts; j = ix.ents[j].next {
				if i := ix.ents[j].box; meets(&r.pads[i]) && ix.firstIn(i, cx, cy, x0, y0) {
					ln.pads = append(ln.pads, r.pads[i])
				}
			}
		}
	}
}

// gatherRest fills the lists of labels and routes for the region gather
// was last called with. Their index shares the router's grid (routeAll
// makes it over the same area), so the cells are the ones gather found.
func (ln *labelNear) gatherRest(dr *drawer) {
	ix, nsegs := dr.nearIdx, int32(len(dr.segs))
	in, own := ln.in, ln.own
	meets := func(o *edges) bool { return o.x0 <= in.x1 && in.x0 <= o.x1 && o.y0 <= in.y1 && in.y0 <= o.y1 }
	x0, y0 := ln.x0, ln.y0
	for cy := y0; cy <= ln.y1; cy++ {
		for cx := x0; cx <= ln.x1; cx++ {
			for j := ix.head[cy*ix.nx+cx]; j != 0; j = ix.ents[j].next {
				i := ix.ents[j].box
				if i >= nsegs {
					if l := &dr.labelPads[i-nsegs]; meets(l) && ix.firstIn(i, cx, cy, x0, y0) {
						ln.labels = append(ln.labels, *l)
					}
				} else if s := &dr.segs[i]; meets(&s.ext) && s.owner != own && ix.firstIn(i, cx, cy, x0, y0) {
					ln.segs = append(ln.segs, s.ext)
				}
			}
		}
	}
	ln.rest = true
}

// crowding adds to score what a label box would cover, and reports
// whether the sum stays below bound. It stops adding once the sum reaches
// bound, as everything it adds is positive; it gathers the labels and
// routes when the cards leave the sum below bound.
func (ln *labelNear) crowding(dr *drawer, bx box, score, bound float64) (float64, bool) {
	c := 0.0
	bx1, by1 := bx.right(), bx.bottom()
	for k := range ln.pads {
		if o := &ln.pads[k]; bx.X < o.x1 && o.x0 < bx1 && bx.Y < o.y1 && o.y0 < by1 {
			if c += 5000; score+c >= bound {
				return 0, false
			}
		}
	}
	if !ln.rest {
		ln.gatherRest(dr)
	}
	for k := range ln.labels {
		if o := &ln.labels[k]; bx.X < o.x1 && o.x0 < bx1 && bx.Y < o.y1 && o.y0 < by1 {
			if c += 3000; score+c >= bound {
				return 0, false
			}
		}
	}
	for k := range ln.segs {
		if e := &ln.segs[k]; e.x0 <= bx1 && bx.X <= e.x1 && e.y0 <= by1 && bx.Y <= e.y1 {
			if c += 250; score+c >= bound {
				return 0, false
			}
		}
	}
	return score + c, score+c < bound
}

// segment is one straight run of a drawn route, for label placement:
// what labels keep off is its extent.
type segment struct {
	owner int32 // the position of the edge it is a run of; -1 for role links
	ext   edges // of the run's segmentBox
}

func segmentBox(a, b pt) box {
	return box{min(a.X, b.X), min(a.Y, b.Y), math.Abs(a.X - b.X), math.Abs(a.Y - b.Y)}
}

// badge draws a numbered callout circle centred at (x, y).
func (dr *drawer) badge(x, y float64, n int, col rgba) {
	p := dr.c.scratchPath()
	p.ellipse(x, y, badgeR, badgeR)
	dr.c.path(*p, paint{Fill: col, Stroke: dr.th.bg, Width: 1.2})
	s := strconv.Itoa(n)
	size := 10.0
	if len(s) > 2 {
		size = 8
	}
	dr.c.text(x, y+size*0.36, size, true, anchorMiddle, rgba{255, 255, 255, 255}, s)
}

// severityColor maps a finding severity to its colour.
func (dr *drawer) severityColor(sev string) rgba {
	switch strings.ToLower(sev) {
	case model.SeverityError:
		return dr.th.errorColor
	case model.SeverityWarning:
		return dr.th.warning
	}
	return dr.th.info
}
