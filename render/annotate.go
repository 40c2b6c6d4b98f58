package render

import (
	"slices"
	"strconv"

	"archway/model"
)

const legendW = 360.0

// numberFindings gives each finding a callout number, in the analysis's
// order, and adds a numbered entry for every failing edge no finding
// names.
func (dr *drawer) numberFindings() {
	if dr.a == nil {
		return
	}
	add := func(m map[string][]int, id string, n int) {
		if !slices.Contains(m[id], n) {
			m[id] = append(m[id], n)
		}
	}
	for i, f := range dr.a.Findings {
		n := i + 1
		dr.legend = append(dr.legend, legendEntry{N: n, Severity: f.Severity, Code: f.Code, Message: f.Message, Fix: f.Fix})
		for _, id := range f.Nodes {
			add(dr.nodeCallout, id, n)
		}
		for _, id := range f.Edges {
			add(dr.edgeCallout, id, n)
		}
	}
	for _, e := range dr.g.ix.Design.Edges {
		v := dr.verdictOf(e.ID)
		if (v != model.Blocked && v != model.Partial) || len(dr.edgeCallout[e.ID]) > 0 || dr.g.ix.Edges[e.ID] != e {
			continue
		}
		n := len(dr.legend) + 1
		msg := e.From + " → " + e.To + " is " + string(v)
		r := dr.results[e.ID]
		if r.Network.BlockedAt != nil {
			msg += " at " + *r.Network.BlockedAt
		}
		if d := r.Permission.Decision; d != nil && *d != model.DecisionAllowed {
			msg += " (" + string(*d) + ")"
		}
		dr.legend = append(dr.legend, legendEntry{N: n, Severity: model.SeverityError, Code: "arrow " + e.ID, Message: msg})
		add(dr.edgeCallout, e.ID, n)
	}
}

// calloutColor is the colour of callout n: its severity's.
func (dr *drawer) calloutColor(n int) rgba {
	if n >= 1 && n <= len(dr.legend) {
		return dr.severityColor(dr.legend[n-1].Severity)
	}
	return dr.th.info
}

// calloutAnchor is where a node's callout badges start and which way
// they run (+1 right, -1 left).
type calloutAnchor struct {
	X, Y, Dir float64
}

// drawNodeCallouts puts numbered badges on every drawn node a finding
// names: on a card's top-right corner, after a container's label, left of
// a chip.
func (dr *drawer) drawNodeCallouts() {
	c := dr.c
	for _, n := range dr.g.nodes {
		nums := dr.nodeCallout[n.ID]
		at, ok := dr.calloutAt[n.ID]
		if len(nums) == 0 || !ok {
			continue
		}
		cg := group{Class: "callout"}
		dr.c.setAttrs(&cg, attr{attrNodeID, n.ID})
		c.open(&cg)
		// at most four numbers; the rest are counted (all are in the desc)
		more := 0
		if len(nums) > maxCallouts {
			nums, more = nums[:maxCallouts], len(nums)-maxCallouts
		}
		x := at.X
		if more > 0 && at.Dir < 0 {
			x -= dr.moreBadge(x, at.Y, more, at.Dir) + 3
		}
		for i := range nums {
			k := i
			if at.Dir < 0 {
				k = len(nums) - 1 - i // read left to right
			}
			dr.badge(x, at.Y, nums[k], dr.calloutColor(nums[k]))
			x += at.Dir * (2*badgeR + 3)
		}
		if more > 0 && at.Dir > 0 {
			dr.moreBadge(x, at.Y, more, at.Dir)
		}
		c.close()
	}
}

// maxCallouts is how many numbered badges a node shows.
const maxCallouts = 4

// moreBadge draws "+n" in a pill that starts (dir > 0) or ends (dir < 0)
// a badge's radius from x, and returns its width.
func (dr *drawer) moreBadge(x, y float64, n int, dir float64) float64 {
	s := "+" + strconv.Itoa(n)
	w := textWidth(s, 10, true) + 10
	left := x - badgeR
	if dir < 0 {
		left = x + badgeR - w
	}
	dr.c.rect(box{left, y - badgeR, w, 2 * badgeR}, badgeR, paint{Fill: dr.th.muted, Stroke: dr.th.bg, Width: 1.2})
	dr.c.text(left+w/2, y+3.6, 10, true, anchorMiddle, rgba{255, 255, 255, 255}, s)
	return w
}

// hop is one node on the selected edge's path.
type hop struct {
	node, check, result, detail string
}

// selectionHops lists the hops of the selected edge's path (network path,
// then the path from each subnet), each node once, and the nodes that
// block it.
func (dr *drawer) selectionHops() ([]hop, []string) {
	r := dr.results[dr.selected.ID]
	if r == nil {
		return nil, nil
	}
	var hops []hop
	seen := map[string]bool{}
	addHops := func(hs []model.Hop) {
		for _, h := range hs {
			if seen[h.Node] {
				continue
			}
			seen[h.Node] = true
			hops = append(hops, hop{h.Node, h.Check, h.Result, h.Detail})
		}
	}
	addHops(r.Network.Path)
	for _, s := range r.Network.Subnets {
		addHops(s.Path)
	}
	var blockers []string
	addB := func(id string) {
		if id != "" && !slices.Contains(blockers, id) {
			blockers = append(blockers, id)
		}
	}
	if r.Network.BlockedAt != nil {
		addB(*r.Network.BlockedAt)
	}
	for _, s := range r.Network.Subnets {
		if s.BlockedAt != nil {
			addB(*s.BlockedAt)
		}
	}
	if d := r.Permission.Decision; d != nil && *d != model.DecisionAllowed {
		denied := false
		for _, st := range r.Permission.Statements {
			if st.Effect == "Deny" {
				addB(st.Node)
				denied = true
			}
		}
		if !denied {
			// nothing allows it: the caller's policies are where it fails
			if role, ok := dr.g.fnRole[dr.selected.From]; ok {
				addB(role)
			} else {
				addB(dr.selected.From)
			}
		}
	}
	return hops, blockers
}

// drawSelection outlines every hop of the selected edge's path, numbered,
// and the blocking nodes in red.
func (dr *drawer) drawSelection() {
	th, c := dr.th, dr.c
	hops, blockers := dr.selectionHops()
	sg := group{Class: "selection"}
	dr.c.setAttrs(&sg, attr{attrEdgeID, dr.selected.ID})
	c.open(&sg)
	ends := []box{}
	for _, id := range []string{dr.selected.From, dr.selected.To} {
		if b, ok := dr.g.boxOf(id); ok {
			ends = append(ends, b)
		}
	}
	for i, h := range hops {
		shapes := dr.shapesOf(h.node)
		// a security group's chips on the arrow's own cards, when it has any
		var onEnds []box
		for _, b := range shapes {
			for _, e := range ends {
				if e.contains(b) {
					onEnds = append(onEnds, b)
				}
			}
		}
		if len(onEnds) > 0 {
			shapes = onEnds
		}
		for _, b := range shapes {
			c.rect(b.inset(-3), 9, paint{Stroke: th.highlight, Width: 2.2})
			dr.badge(b.X-1, b.Y-1, i+1, th.highlight)
		}
	}
	for _, id := range blockers {
		for _, b := range dr.shapesOf(id) {
			c.rect(b.inset(-6), 11, paint{Stroke: th.blocked, Width: 2.6, Dash: []float64{6, 3}})
		}
	}
	c.close()
}

// shapesOf returns every box drawn for a node: its card or container, or
// each of its chips.
func (dr *drawer) shapesOf(id string) []box {
	if l := dr.chipLooks[id]; l != nil && len(l.boxes) > 0 {
		if _, isCard := dr.g.boxOf(id); !isCard {
			return l.boxes
		}
	}
	if b, ok := dr.shapes[id]; ok {
		return []box{b}
	}
	return nil
}

// drawLegend draws the verdict key, the numbered findings and the selected
// edge's hops in a panel whose top-left corner is (x, y); it returns the
// panel's box, or an empty box when there is nothing to show.
func (dr *drawer) drawLegend(x, y float64) box {
	if !dr.annotate() && dr.selected == nil {
		return box{}
	}
	th, c := dr.th, dr.c
	c.open(&group{Class: "legend"})
	bg := c.rectItem(paint{Fill: th.legendFill, Stroke: th.legendStroke, Width: 1}, 8)
	inner := legendW - 32
	cy := y + 24
	heading := func(s string) {
		c.text(x+16, cy, 13, true, anchorStart, th.text, s)
		cy += 20
	}
	lines := func(s string, size float64, col rgba, indent float64, max int) {
		for _, l := range wrap(nil, cleanText(s), size, false, inner-indent, max) {
			c.text(x+16+indent, cy, size, false, anchorStart, col, l)
			cy += size + 4
		}
	}
	// key
	kx := x + 16
	for _, k := range []struct {
		v    model.Verdict
		text string
	}{{model.Allowed, "allowed"}, {model.Blocked, "blocked"}, {model.Partial, "partial"}} {
		col := dr.verdictColor(k.v)
		var p path
		p.ellipse(kx+7, cy-4, 7, 7)
		c.path(p, paint{Fill: col})
		c.iconW(verdictGlyph(k.v), kx+1, cy-10, 12, rgba{255, 255, 255, 255}, 1.5)
		c.text(kx+18, cy, 11, false, anchorStart, th.text, k.text)
		kx += 26 + textWidth(k.text, 11, false) + 14
	}
	var dash path
	dash.moveTo(kx, cy-4)
	dash.lineTo(kx+26, cy-4)
	c.path(dash, paint{Stroke: th.edge, Width: edgeWidth, Dash: dashInvocation})
	c.text(kx+32, cy, 11, false, anchorStart, th.text, "invocation")
	cy += 26

	if dr.annotate() {
		if len(dr.legend) == 0 {
			heading("No findings")
			lines("Every arrow is allowed and nothing needs attention.", 11, th.muted, 0, 2)
		} else {
			heading("Findings")
		}
		for _, e := range dr.legend {
			dr.badge(x+16+badgeR, cy-4, e.N, dr.calloutColor(e.N))
			code := ellipsize(cleanText(e.Code), 11.5, true, inner-2*badgeR-70)
			c.text(x+16+2*badgeR+8, cy, 11.5, true, anchorStart, th.text, code)
			c.text(x+16+2*badgeR+8+textWidth(code, 11.5, true)+6, cy, 10.5, false, anchorStart, dr.severityColor(e.Severity), cleanText(e.Severity))
			cy += 16
			lines(e.Message, 11, th.text, 2*badgeR+8, 8)
			if e.Fix != "" {
				lines("Fix: "+e.Fix, 11, th.muted, 2*badgeR+8, 8)
			}
			cy += 8
		}
	}
	if dr.selected != nil {
		cy += 4
		label := dr.selected.Label
		if label == "" {
			label = dr.selected.ID
		}
		heading("Selected: " + ellipsize(cleanText(label), 13, true, inner-80))
		v := dr.verdictOf(dr.selected.ID)
		if v != "" {
			lines(dr.selected.From+" → "+dr.selected.To+": "+string(v), 11, dr.verdictColor(v), 0, 2)
		}
		hops, blockers := dr.selectionHops()
		for i, h := range hops {
			dr.badge(x+16+badgeR, cy-4, i+1, th.highlight)
			res := h.result
			col := th.allowed
			if res == model.HopDeny {
				col = th.blocked
			}
			name := ellipsize(cleanText(h.node), 11, true, inner-2*badgeR-60)
			c.text(x+16+2*badgeR+8, cy, 11, true, anchorStart, th.text, name)
			c.text(x+16+2*badgeR+8+textWidth(name, 11, true)+6, cy, 10.5, false, anchorStart, col, cleanText(res))
			cy += 15
			lines(h.check+": "+h.detail, 10.5, th.muted, 2*badgeR+8, 2)
			cy += 3
		}
		if len(blockers) > 0 {
			s := "Blocked by "
			for i, b := range blockers {
				if i > 0 {
					s += ", "
				}
				s += b
			}
			lines(s, 11, th.blocked, 0, 3)
		}
		if len(hops) == 0 && v == "" {
			lines("No analysis for this arrow.", 11, th.muted, 0, 1)
		}
	}
	c.close()
	bg.B = box{x, y, legendW, cy - y + 6}
	return bg.B
}
