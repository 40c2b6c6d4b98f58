package render

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// drawer turns a laid-out design and its analysis into a scene.
type drawer struct {
	g       *geometry
	a       *model.Analysis
	o       Options
	th      *theme
	c       *canvas
	results map[string]*model.EdgeResult

	chipLooks map[string]*chipLook // chip node -> its look and where it is drawn
	subs      map[subKey]subtitle  // cards' second lines, shared by many cards
	shapes    map[string]box       // node -> the box that stands for it, with a selection
	obstacles []obstacle
	labels    []box   // label boxes placed so far
	labelPads []edges // the label boxes grown by 3, as crowding tests them
	segs      []segment
	// nearIdx indexes what labels keep off besides cards: the routes'
	// segments, numbered as in segs, then the labels, numbered after them
	// (all routes are made before the first label is placed)
	nearIdx   *spatial
	labelNear labelNear    // placeLabel's lists
	labelRuns []labelPoint // placeLabel's runs
	text      []byte       // describe's and drawEdge's buffer
	line      []pt         // drawEdge's buffer
	router    *router
	calloutAt map[string]calloutAnchor // with callouts
	// by the edge's position in the design's edges: its route, nil if it
	// is not drawn, and whether that is its stored route
	routes    [][]pt
	kept      []bool
	routeBox  box // what the routes span, for the picture's bounds
	roleLinks []roleLink
	walls     []box // container borders

	nodeCallout map[string][]int // node id -> callout numbers
	edgeCallout map[string][]int // edge id -> callout numbers
	legend      []legendEntry
	selected    *model.Edge
}

// legendEntry is one numbered line of the findings legend.
type legendEntry struct {
	N        int
	Severity string
	Code     string
	Message  string
	Fix      string
}

// build draws d as a scene.
func build(d *model.Design, a *model.Analysis, o Options) (*scene, error) {
	dr, err := newDrawer(d, a, o)
	if err != nil {
		return nil, err
	}
	dr.draw()
	return dr.c.s, nil
}

// newDrawer lays d out and prepares to draw it.
func newDrawer(d *model.Design, a *model.Analysis, o Options) (*drawer, error) {
	if d == nil {
		return nil, errNoDesign
	}
	th, err := themeOf(o)
	if err != nil {
		return nil, err
	}
	return drawerFor(layoutDesign(d), d, a, th, o)
}

// drawerFor prepares to draw d, laid out as g, with theme th.
func drawerFor(g *geometry, d *model.Design, a *model.Analysis, th *theme, o Options) (*drawer, error) {
	nn, ne := len(g.nodes), len(g.ix.Design.Edges)
	// what keeps routes off: a card each, a VPC's header and box, a
	// subnet's header, chips and AZ frame, a mark each, the frame
	obs := len(g.marks) + 1
	for i, n := range g.nodes {
		switch k := g.kinds[i]; {
		case k == kindCard || k == kindBorder:
			obs++
		case k == kindContainer && n.Type == model.TypeSubnet:
			obs += 4
		case k == kindContainer:
			obs += 2
		}
	}
	dr := &drawer{
		g:           g,
		a:           a,
		o:           o,
		th:          th,
		c:           newCanvas(namespace(d, o)),
		results:     map[string]*model.EdgeResult{},
		subs:        map[subKey]subtitle{},
		chipLooks:   make(map[string]*chipLook, nn/8),
		shapes:      map[string]box{},
		obstacles:   make([]obstacle, 0, obs),
		routes:      make([][]pt, ne),
		kept:        make([]bool, ne),
		nodeCallout: map[string][]int{},
		calloutAt:   map[string]calloutAnchor{},
		edgeCallout: map[string][]int{},
	}
	// a node or an edge is drawn in about ten elements (a group and its
	// end, shapes, texts, an icon): the list of them is allocated once
	dr.c.s.kinds = make([]byte, 0, 10*(nn+ne))
	if o.Select != "" {
		dr.selected = g.ix.Edges[o.Select]
		if dr.selected == nil {
			return nil, fmt.Errorf("render: no edge %q to select", o.Select)
		}
	}
	// what only a selection or callouts read is recorded only for them
	if dr.selected != nil {
		dr.shapes = make(map[string]box, nn)
	}
	if dr.annotate() {
		dr.calloutAt = make(map[string]calloutAnchor, nn)
	}
	if a != nil {
		dr.results = make(map[string]*model.EdgeResult, len(a.Edges))
		for i := range a.Edges {
			r := &a.Edges[i]
			if _, dup := dr.results[r.ID]; !dup {
				dr.results[r.ID] = r
			}
		}
	}
	return dr, nil
}

// errNoDesign is the error of drawing a nil design.
var errNoDesign = errors.New("render: no design")

// themeOf is the theme o names.
func themeOf(o Options) (*theme, error) {
	switch o.Theme {
	case "", "light":
		return &lightTheme, nil
	case "dark":
		return &darkTheme, nil
	}
	return nil, fmt.Errorf("render: unknown theme %q; use light or dark", o.Theme)
}

// namespace is the prefix of every element id: the caller's, or one
// derived from the design so two diagrams on a page do not collide.
func namespace(d *model.Design, o Options) string {
	if o.ID != "" {
		var b []byte
		for i := 0; i < len(o.ID) && len(b) < 40; i++ {
			c := o.ID[i]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
				b = append(b, c)
			}
		}
		if len(b) > 0 && (b[0] < '0' || b[0] > '9') && b[0] != '-' {
			return string(b)
		}
	}
	// 32-bit FNV-1a of the title and the ids, written out: through
	// hash.Hash each id would be copied to a byte slice
	const prime = 16777619
	h := uint32(2166136261)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint32(s[i])) * prime
		}
	}
	add(d.Title)
	for _, n := range d.Nodes {
		if n != nil {
			h *= prime // the separator 0
			add(n.ID)
		}
	}
	for _, e := range d.Edges {
		if e != nil {
			h = (h ^ 1) * prime
			add(e.ID)
		}
	}
	return "aw" + strconv.FormatUint(uint64(h), 36)
}

// draw builds the scene in layers: frame and containers, cards, chips and
// marks, edges with labels, callouts, the selection, then title and legend.
func (dr *drawer) draw() {
	g, c := dr.g, dr.c
	dr.numberFindings()

	content := box{}
	for i := range g.nodes {
		if g.placed[i] {
			content = content.union(g.boxes[i])
		}
	}
	frame, hasFrame := dr.drawShapes()
	if hasFrame {
		content = content.union(frame)
	}
	for _, m := range g.marks {
		content = content.union(m.B)
	}
	dr.routeAll()
	dr.drawRoleLinks()
	dr.drawEdges()
	if dr.annotate() {
		dr.drawNodeCallouts()
	}
	if dr.selected != nil {
		dr.drawSelection()
	}
	for _, l := range dr.labels {
		content = content.union(l)
	}
	if dr.routeBox != (box{}) {
		content = content.union(dr.routeBox)
	}
	if content.W == 0 && content.H == 0 {
		content = box{0, 0, 320, 120}
	}

	// title above the content, legend beside it
	title := cleanText(g.ix.Design.Title)
	summary := dr.summary()
	top := content.Y
	if title != "" {
		top -= 48
		c.text(content.X, top+20, 17, true, anchorStart, dr.th.text, ellipsize(title, 17, true, max(content.W+40+legendW, 600)))
		c.text(content.X, top+38, 11.5, false, anchorStart, dr.th.muted, summary)
	} else {
		top -= 26
		c.text(content.X, top+14, 11.5, false, anchorStart, dr.th.muted, summary)
	}
	all := content.union(box{content.X, top, max(textWidth(title, 17, true), 10), 40})
	if lg := dr.drawLegend(content.right()+40, content.Y); lg.W > 0 {
		all = all.union(lg)
	}
	pad := dr.o.Padding
	switch {
	case pad == 0:
		pad = 24
	case pad < 0:
		pad = 0
	}
	s := c.s
	s.X, s.Y = math.Floor(all.X-pad), math.Floor(all.Y-pad)
	s.W, s.H = math.Ceil(all.right()+pad-s.X), math.Ceil(all.bottom()+pad-s.Y)
	if !dr.o.Transparent {
		s.Background = dr.th.bg
	}
	s.Standalone = dr.o.Standalone
	s.Title = title
	if s.Title == "" {
		s.Title = "Architecture diagram"
	}
	s.Desc = summary
}

// drawShapes draws the cloud frame, containers, cards and marks, which
// routes keep out of, and returns the frame.
func (dr *drawer) drawShapes() (box, bool) {
	frame, hasFrame := dr.frameBox()
	if hasFrame {
		dr.drawFrame(frame)
	}
	dr.drawContainers()
	dr.drawCards()
	dr.drawMarks()
	return frame, hasFrame
}

// setShape records the box that stands for a node, which only a selection
// reads (the hops it outlines).
func (dr *drawer) setShape(id string, b box) {
	if dr.selected != nil {
		dr.shapes[id] = b
	}
}

// annotate reports whether callouts and the legend are drawn.
func (dr *drawer) annotate() bool { return dr.o.Annotations && dr.a != nil }

// summary is one line about the verdicts and findings.
func (dr *drawer) summary() string {
	g := dr.g
	parts := []string{plural(len(g.nodes), "node"), plural(len(g.ix.Design.Edges), "arrow")}
	if dr.a != nil {
		counts := map[model.Verdict]int{}
		for _, e := range g.ix.Design.Edges {
			if r := dr.results[e.ID]; r != nil {
				counts[r.Verdict]++
			}
		}
		for _, v := range []model.Verdict{model.Allowed, model.Blocked, model.Partial, model.Unchecked} {
			if counts[v] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
			}
		}
		sev := map[string]int{}
		for _, f := range dr.a.Findings {
			sev[f.Severity]++
		}
		var fs []string
		for _, s := range []string{model.SeverityError, model.SeverityWarning, model.SeverityInfo} {
			if sev[s] > 0 {
				fs = append(fs, plural(sev[s], s))
			}
		}
		if len(fs) == 0 {
			fs = []string{"no findings"}
		}
		parts = append(parts, strings.Join(fs, ", "))
	}
	return strings.Join(parts, " · ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// frameBox is the AWS cloud frame around everything but callers outside
// AWS (external accounts, internet hosts).
func (dr *drawer) frameBox() (box, bool) {
	g := dr.g
	u := box{}
	for i, n := range g.nodes {
		k := g.kinds[i]
		if g.homes[i] != "" || n.Type == model.TypeInternetHost || n.Type == model.TypeExternalAccount {
			continue
		}
		if k == kindCard || k == kindBorder || (k == kindContainer && n.Type == model.TypeVPC) {
			u = u.union(g.boxes[i])
		}
	}
	if u.W == 0 && u.H == 0 {
		return box{}, false
	}
	f := box{u.X - framePad, u.Y - framePad - frameHead + 8, u.W + 2*framePad, u.H + 2*framePad + frameHead - 8}
	f.W = max(f.W, 50+textWidth(dr.frameLabel(), 12, true))
	return f, true
}

// frameLabel is the cloud frame's header text.
func (dr *drawer) frameLabel() string {
	d := dr.g.ix.Design
	return "AWS Cloud · " + cleanText(d.RegionName()) + " · account " + cleanText(d.AccountID())
}

func (dr *drawer) drawFrame(f box) {
	th, c := dr.th, dr.c
	c.open(&group{Class: "frame"})
	c.rect(f, 4, paint{Stroke: th.cloud, Width: 1.2})
	dr.walls = append(dr.walls, f)
	c.rect(box{f.X, f.Y, 26, 26}, 0, paint{Fill: th.cloud})
	c.icon("region", f.X+4, f.Y+4, 18, th.bg)
	label := dr.frameLabel()
	c.text(f.X+34, f.Y+17.5, 12, true, anchorStart, th.text, label)
	c.close()
	dr.obstacles = append(dr.obstacles, obstacle{B: box{f.X, f.Y, 40 + textWidth(label, 12, true), 26}})
}

// dashAZ is the dash pattern of AZ frames (never modified).
var dashAZ = []float64{6, 4}

// drawContainers draws VPCs, their AZ frames and subnets, with header
// chips.
func (dr *drawer) drawContainers() {
	g, th, c := dr.g, dr.th, dr.c
	loose := g.loose()
	for i, vpc := range g.nodes {
		if vpc.Type != model.TypeVPC {
			continue
		}
		vk := int32(i) + 1 // its key
		b := g.boxes[i]
		dr.setShape(vpc.ID, b)
		vg := dr.nodeGroup(vpc, "container vpc")
		c.open(&vg)
		c.rect(b, 0, paint{Stroke: th.vpc, Width: 1.6})
		dr.walls = append(dr.walls, b)
		c.rect(box{b.X, b.Y, 28, 28}, 0, paint{Fill: th.vpc})
		c.icon("vpc", b.X+4, b.Y+4, 20, rgba{255, 255, 255, 255})
		title, tw := fitText(vpcTitle(vpc), 13, true, max(b.W-160, 80))
		c.text(b.X+36, b.Y+19, 13, true, anchorStart, th.text, title)
		x := b.X + 36 + tw + 8
		cidr := cleanText(vpc.CIDR)
		c.text(x, b.Y+19, 11, false, anchorStart, th.muted, cidr)
		x += textWidth(cidr, 11, false) + 12
		if nums := dr.nodeCallout[vpc.ID]; len(nums) > 0 && dr.annotate() {
			dr.calloutAt[vpc.ID] = calloutAnchor{x + badgeR, b.Y + 15, 1}
			x += float64(len(nums))*(2*badgeR+3) + 6
		}
		for _, id := range loose[vpc.ID] {
			l := dr.chipOf(id)
			if x+l.w > b.right()-8 {
				break
			}
			x += dr.chip(l, x, b.Y+7) + 6
		}
		c.close()
		dr.obstacles = append(dr.obstacles, obstacle{B: box{b.X, b.Y, x - b.X, 30}, VPC: vk},
			obstacle{B: b, VPC: vk, Whole: true})

		// AZ frames around the subnets of each AZ
		subnets := g.subnetsIn(vpc.ID)
		var azs []string
		azBox := map[string]box{}
		for _, s := range subnets {
			sb, _ := g.boxOf(s.ID)
			if _, ok := azBox[s.AZ]; !ok {
				azs = append(azs, s.AZ)
			}
			azBox[s.AZ] = azBox[s.AZ].union(sb)
		}
		for _, az := range azs {
			u := azBox[az]
			f := box{u.X - azPad, u.Y - azPad - azHead, u.W + 2*azPad, u.H + 2*azPad + azHead}
			label := cleanText(az)
			if label == "" {
				label = "Availability Zone not set"
			}
			ag := group{Class: "az"}
			dr.c.setAttrs(&ag, attr{attrAZ, label})
			c.open(&ag)
			c.rect(f, 6, paint{Stroke: th.az, Width: 1.2, Dash: dashAZ})
			dr.walls = append(dr.walls, f)
			c.text(f.X+12, f.Y+18, 11.5, true, anchorStart, th.az, label)
			c.close()
			dr.obstacles = append(dr.obstacles, obstacle{B: box{f.X, f.Y, 24 + textWidth(label, 11.5, true), 24}, VPC: vk})
		}
		for _, s := range subnets {
			dr.drawSubnet(s, vk)
		}
	}
}

// drawSubnet draws subnet s of the VPC whose key is vk.
func (dr *drawer) drawSubnet(s *model.Node, vk int32) {
	g, th, c := dr.g, dr.th, dr.c
	b, _ := g.boxOf(s.ID)
	dr.setShape(s.ID, b)
	stroke, fill, kind := th.private, th.privateFill, "Private subnet"
	tier := g.tierOf(s.ID)
	switch tier {
	case tierPublic:
		stroke, fill, kind = th.public, th.publicFill, "Public subnet"
	case tierIsolated:
		kind = "Isolated subnet"
	}
	cls := "container subnet private"
	if tier == tierPublic {
		cls = "container subnet public"
	}
	sg := dr.nodeGroup(s, cls)
	c.open(&sg)
	c.rect(b, 0, paint{Fill: fill, Stroke: stroke, Width: 1.2})
	dr.walls = append(dr.walls, b)
	c.rect(box{b.X, b.Y, 24, 24}, 0, paint{Fill: stroke})
	c.icon("subnet", b.X+4, b.Y+4, 16, rgba{255, 255, 255, 255})
	right := b.right() - 8
	var rtW, aclW float64
	var rtChip, aclChip *chipLook
	rt, acl := g.ix.RouteTableOf(s), g.ix.NetworkACLOf(s)
	if rt != nil {
		rtChip = dr.chipOf(rt.ID)
		rtW = rtChip.w
	}
	if acl != nil {
		aclChip = dr.chipOf(acl.ID)
		aclW = aclChip.w
	}
	label, lw := fitText(sg.Title, 12, true, max(b.W-40-rtW-12, 40)) // the cleaned label
	c.plainText(b.X+32, b.Y+17, 12, true, anchorStart, th.text, label, sg.TitlePlain)
	if dr.annotate() {
		dr.calloutAt[s.ID] = calloutAnchor{b.X + 32 + lw + 6 + badgeR, b.Y + 13, 1}
	}
	line2, plain2 := kind, true // a constant
	if s.CIDR != "" {
		cidr, plain := cleanTextPlain(s.CIDR)
		line2, plain2 = line2+" · "+cidr, plain
	}
	line2, l2w := fitText(line2, 10.5, false, max(b.W-40-aclW-12, 40))
	c.plainText(b.X+32, b.Y+33, 10.5, false, anchorStart, th.muted, line2, plain2)
	// the label and each chip keep routes off separately, so a route can
	// enter the subnet between them
	dr.obstacles = append(dr.obstacles, obstacle{B: box{b.X, b.Y, 40 + max(lw, l2w), 40}, VPC: vk})
	if rt != nil {
		x := right - rtW
		dr.chip(rtChip, x, b.Y+5)
		dr.obstacles = append(dr.obstacles, obstacle{B: box{x, b.Y + 5, rtW, 16}, Node: g.key(rt.ID), VPC: vk})
	}
	if acl != nil {
		x := right - aclW
		dr.chip(aclChip, x, b.Y+23)
		dr.obstacles = append(dr.obstacles, obstacle{B: box{x, b.Y + 23, aclW, 16}, Node: g.key(acl.ID), VPC: vk})
	}
	c.close()
}

// loose lists, by VPC, the route tables, security groups and network ACLs
// that nothing drawn uses; they are shown in the VPC's header.
func (g *geometry) loose() map[string][]string {
	used := make([]bool, len(g.nodes)) // by position
	for i, n := range g.nodes {
		if n.Type == model.TypeSubnet && g.kinds[i] == kindContainer {
			if rt := g.ix.RouteTableOf(n); rt != nil {
				used[g.ix.Pos[rt.ID]] = true
			}
			if acl := g.ix.NetworkACLOf(n); acl != nil {
				used[g.ix.Pos[acl.ID]] = true
			}
		}
	}
	for _, sgs := range g.chips { // only cards have chips
		for _, sg := range sgs {
			used[g.ix.Pos[sg]] = true
		}
	}
	out := map[string][]string{}
	for i, n := range g.nodes {
		if g.kinds[i] == kindChip && !used[i] {
			if v := g.ix.VPCOf(n); v != nil {
				out[v.ID] = append(out[v.ID], n.ID)
			}
		}
	}
	return out
}

// chipWidth is the width of a chip for a node labelled label.
func chipWidth(label string) float64 { return chipTextWidth(chipText(cleanText(label))) }

// chipText is what a chip shows of its node's cleaned label.
func chipText(label string) string { return ellipsize(label, 10, false, 120) }

// chipTextWidth is the width of a chip that shows text.
func chipTextWidth(text string) float64 { return 22 + textWidth(text, 10, false) + 8 }

// chipLook is what every chip of one node shares: worked out once, as a
// security group may have a chip on hundreds of cards.
type chipLook struct {
	n           *model.Node
	label       string
	w           float64
	title, desc string
	plain       [2]bool // title and desc are plain (cleanTextPlain)
	class       string
	num         int // the glyph's number
	col         rgba
	stroke      rgba // its outline: col, lighter
	// where its chips are drawn: arrows attach to the first; all of them
	// are kept only for a selection, which outlines them
	boxes []box
}

// chipOf returns the look of id's chips.
func (dr *drawer) chipOf(id string) *chipLook {
	if l, ok := dr.chipLooks[id]; ok {
		return l
	}
	n := dr.g.ix.Nodes[id]
	title, titlePlain := cleanTextPlain(n.DisplayLabel())
	desc, descPlain := cleanTextPlain(dr.describe(n))
	look := lookOf(n.Type)
	label := chipText(title)
	l := &chipLook{
		n:      n,
		label:  label,
		w:      chipTextWidth(label),
		title:  title,
		desc:   desc,
		plain:  [2]bool{titlePlain, descPlain},
		class:  look.chip,
		num:    look.num,
		col:    look.col,
		stroke: look.col.alpha(0.7),
	}
	dr.chipLooks[id] = l
	return l
}

// chip draws a compact labelled chip for a route table, security group or
// network ACL, whose look is l, at (x, y) and returns its width.
func (dr *drawer) chip(l *chipLook, x, y float64) float64 {
	id := l.n.ID
	th, c := dr.th, dr.c
	b := box{x, y, l.w, 16}
	// no id: a chip may appear several times, and ids stay unique
	grp := group{Class: l.class, Img: true, Title: l.title, Desc: l.desc, TitlePlain: l.plain[0], DescPlain: l.plain[1]}
	dr.c.setAttrs(&grp, attr{attrNodeID, l.n.ID}, attr{attrType, l.n.Type})
	c.open(&grp)
	c.rect(b, 8, paint{Fill: th.chipFill, Stroke: l.stroke, Width: 1})
	c.iconN(l.num, x+4, y+2, 12, l.col, 1)
	c.plainText(x+20, y+11.5, 10, false, anchorStart, th.chipText, l.label, l.plain[0])
	c.close()
	if len(l.boxes) == 0 || dr.selected != nil {
		l.boxes = append(l.boxes, b)
	}
	// the first of a node's chips stands for it
	// (the maps are only looked in when they are kept)
	if dr.selected != nil {
		if _, ok := dr.shapes[id]; !ok {
			dr.setShape(id, b)
		}
	}
	if dr.annotate() {
		if _, ok := dr.calloutAt[id]; !ok {
			dr.calloutAt[id] = calloutAnchor{b.X - badgeR - 2, b.cy(), -1}
		}
	}
	return l.w
}

// drawCards draws every resource card and border card.
func (dr *drawer) drawCards() {
	g := dr.g
	for i, n := range g.nodes {
		k := g.kinds[i]
		if k != kindCard && k != kindBorder {
			continue
		}
		if !g.placed[i] {
			continue
		}
		b := g.boxes[i]
		dr.setShape(n.ID, b)
		if dr.annotate() {
			dr.calloutAt[n.ID] = calloutAnchor{b.right() - 2, b.Y, -1}
		}
		vpc := g.vpcs[i]
		if k == kindBorder {
			vpc = 0 // half outside its VPC: in every route's way
		}
		dr.obstacles = append(dr.obstacles, obstacle{B: b, Node: int32(i) + 1, VPC: vpc})
		dr.card(n, i, b, k == kindBorder)
	}
}

// subtitleParts is the second line of a card, what the resource is, in two
// parts: a constant and what the node says, so that a description can
// append them and a card look its line up without joining them first.
func subtitleParts(n *model.Node) (string, string) {
	switch n.Type {
	case model.TypeLambda:
		return "Lambda · ", n.RuntimeName()
	case model.TypeIAMRole:
		return "IAM role", ""
	case model.TypeIAMUser:
		return "IAM user", ""
	case model.TypeDynamoDBTable:
		return "DynamoDB table", ""
	case model.TypeS3Bucket:
		return "S3 bucket", ""
	case model.TypeSQSQueue:
		return "SQS queue", ""
	case model.TypeSNSTopic:
		return "SNS topic", ""
	case model.TypeRDSCluster:
		return "RDS · ", n.DBEngine()
	case model.TypeEC2Instance:
		return "EC2 instance", ""
	case model.TypeEFSFileSystem:
		return "EFS file system", ""
	case model.TypeCloudWatchLogs:
		return "Log group ", n.ResourceName()
	case model.TypeCloudWatchMetric:
		return "CloudWatch metrics", ""
	case model.TypeXRay:
		return "X-Ray", ""
	case model.TypeInternetHost:
		if n.Host != "" {
			return "Internet · ", n.Host
		}
		return "Internet host", ""
	case model.TypeExternalAccount:
		if n.Account != "" {
			return "Account ", n.Account
		}
		return "Another account", ""
	case model.TypeInternetGateway:
		if !n.IsAttached() {
			return "Internet gateway · detached", ""
		}
		return "Internet gateway", ""
	case model.TypeNATGateway:
		return "NAT gateway · ", n.NATConnectivity()
	case model.TypeVPCEndpoint:
		return n.Service + " " + n.EndpointKind(), " endpoint"
	case model.TypeGeneric:
		if n.ResourceType != "" {
			return n.ResourceType, ""
		}
	}
	return n.Type, ""
}

// card draws n, nodes[i], in b.
func (dr *drawer) card(n *model.Node, i int, b box, border bool) {
	th, c := dr.th, dr.c
	look := lookOf(n.Type)
	grp := dr.nodeGroup(n, look.node)
	c.open(&grp)
	col := look.col
	c.rect(b, 8, paint{Fill: th.cardFill, Stroke: th.cardStroke, Width: 1})
	tile := 40.0
	if border || b.H < 52 {
		tile = min(32, b.H-12)
	}
	tile = max(tile, 12)
	ty := b.Y + 8
	if border || b.H < 52 {
		ty = b.Y + (b.H-tile)/2
	}
	c.rect(box{b.X + 8, ty, tile, tile}, 6, paint{Fill: col})
	gs := math.Round(tile * 0.6)
	c.iconN(look.num, b.X+8+(tile-gs)/2, ty+(tile-gs)/2, gs, rgba{255, 255, 255, 255}, 1)
	tx := b.X + 8 + tile + 9
	tw := max(b.right()-8-tx, 10)
	lines := 1
	if !border && b.H >= cardH {
		lines = 2
	}
	var lineBuf [2]string
	label := wrap(lineBuf[:0], grp.Title, 12.5, true, tw, lines) // the cleaned label
	sub := dr.subtitleIn(n, tw)
	mid := ty + tile/2
	y := mid - 2 - 7*float64(len(label)-1)
	for _, l := range label {
		c.plainText(tx, y, 12.5, true, anchorStart, th.text, l, grp.TitlePlain)
		y += 14
	}
	c.plainText(tx, y, 10.5, false, anchorStart, th.muted, sub.s, sub.plain)
	c.close()
	// security-group chips along the bottom
	x, y := b.X+8, b.bottom()-chipRowH-2
	chips := dr.g.chips[i]
	for j, sg := range chips {
		l := dr.chipOf(sg)
		if x+l.w > b.right()-8 {
			if j > 0 {
				rest := len(chips) - j
				c.text(x, y+12, 10, true, anchorStart, th.muted, "+"+strconv.Itoa(rest))
			}
			break
		}
		x += dr.chip(l, x, y) + 4
	}
}

// fitText is ellipsize(s, size, bold, max) and its width, measuring s
// once when it fits, as it mostly does.
func fitText(s string, size float64, bold bool, max float64) (string, float64) {
	if w := textWidth(s, size, bold); w <= max {
		return s, w
	}
	s = ellipsize(s, size, bold, max)
	return s, textWidth(s, size, bold)
}

// subKey is a card's second line before it is cleaned and shortened: its
// two parts and the width it is shortened to.
type subKey struct {
	a, b string
	w    float64
}

// subtitle is a card's second line and whether it is plain.
type subtitle struct {
	s     string
	plain bool
}

// subtitleIn is n's subtitle, cleaned and shortened to w px: worked out
// once per text and width, as most cards share theirs with many others.
func (dr *drawer) subtitleIn(n *model.Node, w float64) subtitle {
	a, b := subtitleParts(n)
	k := subKey{a, b, w}
	if s, ok := dr.subs[k]; ok {
		return s
	}
	s, plain := cleanTextPlain(a + b)
	sub := subtitle{ellipsize(s, 10.5, false, w), plain}
	dr.subs[k] = sub
	return sub
}

// nodeGroup is the addressable group for a node: id, data-node-id,
// role, title (the full label) and desc.
func (dr *drawer) nodeGroup(n *model.Node, class string) group {
	g := group{IDKind: idNode, ID: n.ID, Class: class, Img: true}
	dr.c.setAttrs(&g, attr{attrType, n.Type})
	g.Title, g.TitlePlain = cleanTextPlain(n.DisplayLabel())
	g.Desc, g.DescPlain = cleanTextPlain(dr.describe(n))
	return g
}

// describe is a sentence about a node for its <desc>.
func (dr *drawer) describe(n *model.Node) string {
	g := dr.g
	// built in a buffer the drawer reuses: one string a node
	b := dr.text[:0]
	switch n.Type {
	case model.TypeRouteTable:
		b = append(append(append(b, "Route table "...), n.ID...), ": local"...)
		for _, r := range n.Routes {
			b = append(append(append(append(b, "; "...), r.Destination...), " → "...), r.Target...)
		}
	case model.TypeSecurityGroup:
		b = append(append(b, "Security group "...), n.ID...)
		b = append(append(b, "; inbound: "...), sgRules(n.Ingress, true)...)
		b = append(append(b, "; outbound: "...), sgRules(n.EgressRules(), false)...)
	case model.TypeNetworkACL:
		b = append(append(b, "Network ACL "...), n.ID...)
		b = append(append(append(append(b, "; inbound: "...), aclRules(n.Inbound)...), "; outbound: "...), aclRules(n.Outbound)...)
	default:
		sa, sb := subtitleParts(n)
		b = append(append(append(append(b, sa...), sb...), ' '), n.ID...)
	}
	switch n.Type {
	case model.TypeSubnet:
		if n.AZ != "" {
			b = append(append(b, " in "...), n.AZ...)
		}
		if rt := g.ix.RouteTableOf(n); rt != nil {
			b = append(append(b, "; route table "...), rt.ID...)
		}
	case model.TypeLambda:
		if subs := g.subnetsOf(n); len(subs) > 0 {
			b = append(b, "; subnets "...)
			for i, sn := range subs {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = append(b, sn...)
			}
		}
		if n.Role != "" {
			b = append(append(b, "; role "...), n.Role...)
		}
	}
	if nums := dr.nodeCallout[n.ID]; len(nums) > 0 {
		b = append(append(b, "; findings "...), joinInts(nums)...)
	}
	keep(&dr.text, b)
	return string(b)
}

func sgRules(rules []model.SGRule, ingress bool) string {
	if len(rules) == 0 {
		return "none"
	}
	var parts []string
	for _, r := range rules {
		peer := r.To
		if ingress {
			peer = r.From
		}
		p := r.Proto()
		if p != "all" {
			p += " " + r.PortRange().String()
		}
		parts = append(parts, p+" "+peer)
	}
	return strings.Join(parts, ", ")
}

func aclRules(rules []model.ACLRule) string {
	if len(rules) == 0 {
		return "deny all"
	}
	var parts []string
	for _, r := range rules {
		p := r.Proto()
		if p != "all" {
			p += " " + r.PortRange().String()
		}
		parts = append(parts, fmt.Sprintf("%d %s %s %s", r.Rule, r.Action, p, r.CIDR))
	}
	return strings.Join(parts, ", ")
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func (dr *drawer) drawMarks() {
	g, th, c := dr.g, dr.th, dr.c
	for i, m := range g.marks {
		n := g.ix.Nodes[m.Node]
		look := lookOf(n.Type)
		col := look.col
		grp := group{Class: "mark", Img: true}
		dr.c.setAttrs(&grp, attr{attrNodeID, n.ID}, attr{attrSubnet, m.Subnet})
		// the title and the description in one buffer, cut from one string;
		// the title is the cleaned name and a constant, so clean itself
		// unless the name is empty
		name, namePlain := cleanTextPlain(n.DisplayLabel())
		suffix := markSuffix(n)
		text := suffix[len(markSep):] // what the mark says it stands for
		b := append(append(append(dr.text[:0], name...), ' '), text...)
		t := len(b)
		sa, sb := subtitleParts(n)
		b = append(append(append(append(b, sa...), sb...), ' '), n.ID...)
		b = append(append(append(append(b, ": "...), text...), " in "...), m.Subnet...)
		keep(&dr.text, b)
		s := string(b)
		// the suffix's text is a constant without escapes
		grp.Title, grp.TitlePlain = s[:t], namePlain
		grp.Desc, grp.DescPlain = cleanTextPlain(s[t:])
		if name == "" {
			grp.Title, grp.TitlePlain = cleanTextPlain(grp.Title)
		}
		c.open(&grp)
		c.rect(m.B, 6, paint{Fill: th.cardFill, Stroke: col, Width: 1, Dash: dashMark})
		c.rect(box{m.B.X + 4, m.B.Y + 4, 18, 18}, 4, paint{Fill: col})
		c.iconN(look.num, m.B.X+6, m.B.Y+6, 14, rgba{255, 255, 255, 255}, 1)
		label, lw := fitText(name, 10.5, true, m.B.W-34-textWidth(suffix, 10.5, false))
		c.plainText(m.B.X+28, m.B.Y+17, 10.5, true, anchorStart, th.text, label, namePlain)
		c.plainText(m.B.X+28+lw, m.B.Y+17, 10.5, false, anchorStart, th.muted, suffix, true) // a constant
		c.close()
		dr.obstacles = append(dr.obstacles, obstacle{B: m.B, Node: g.markKey(i), VPC: g.vpcOf(m.Subnet)})
	}
}

// markSep opens a mark's label suffix.
const markSep = " · "

// markSuffix is markSep and what a mark says about the resource it stands
// for, as constants so nothing is built; the mark's title and description
// take that text from it.
func markSuffix(n *model.Node) string {
	switch n.Type {
	case model.TypeEFSFileSystem:
		return markSep + "mount target"
	case model.TypeRDSCluster:
		return markSep + "subnet group"
	}
	return markSep + "ENI"
}

// dashMark is the dash pattern of marks' outlines (never modified).
var dashMark = []float64{4, 3}

// endVPC is the key of the VPC an end of a link (a node, chip or mark,
// by key) is drawn in, or 0.
func (dr *drawer) endVPC(key int32) int32 {
	g := dr.g
	i := int(key) - 1
	if i >= len(g.nodes) {
		return g.vpcOf(g.marks[i-len(g.nodes)].Subnet)
	}
	if g.kinds[i] == kindChip {
		if v := g.ix.VPCOf(g.nodes[i]); v != nil {
			return g.key(v.ID)
		}
		return 0
	}
	return g.vpcs[i]
}

// endBox is the box an edge end attaches to and the key of its obstacle.
func (dr *drawer) endBox(id, subnet string) (box, int32, bool) {
	if subnet != "" {
		for i, m := range dr.g.marks {
			if m.Node == id && m.Subnet == subnet {
				return m.B, dr.g.markKey(i), true
			}
		}
	}
	if i, ok := dr.g.ix.Pos[id]; ok && dr.g.placed[i] {
		return dr.g.boxes[i], int32(i) + 1, true
	}
	if l := dr.chipLooks[id]; l != nil && len(l.boxes) > 0 {
		return l.boxes[0], dr.g.key(id), true
	}
	return box{}, 0, false
}

// edgeSides picks the sides of two boxes an edge leaves and enters by.
func edgeSides(s, t box) (pt, pt) {
	gapX := max(t.X-s.right(), s.X-t.right())
	gapY := max(t.Y-s.bottom(), s.Y-t.bottom())
	switch {
	case gapX > 0 && (gapY <= 0 || gapX*1.5 >= gapY):
		if t.cx() >= s.cx() {
			return sideRight, sideLeft
		}
		return sideLeft, sideRight
	case gapY > 0:
		if t.cy() >= s.cy() {
			return sideDown, sideUp
		}
		return sideUp, sideDown
	}
	return sideRight, sideRight
}

// link is something routed between two boxes: an edge, or the dotted
// line from a function to its execution role. It holds no pointers, so
// making the list of them costs no write barriers while the collector
// runs, nor scanning.
type link struct {
	edge     int32 // the edge's position in the design's edges
	role     bool
	src, dst box
	sk, dk   int32 // obstacle keys of the two ends; a role link's dk is its function's
}

// stored is l's stored route, if any: its edge's, or its function's
// roleRoute.
func (dr *drawer) stored(l *link) []model.Point {
	if l.role {
		return dr.g.nodes[l.dk-1].RoleRoute
	}
	return dr.g.ix.Design.Edges[l.edge].Route
}

// roleLink is a drawn role link: the function it ends at and its route.
type roleLink struct {
	fn   string
	pts  []pt
	kept bool // drawn along the function's stored roleRoute
}

// routeAll routes edges in document order, then role links. A link whose
// stored route still fits is drawn along it instead. A stored route whose
// ends and shape fit but which passes through something is replaced only
// by a clear route of the router's cheap shapes (straight, one bend, two
// through a channel), never searched for: the router stores such a route
// when its search found nothing clear, and searching again on every
// render would fail again, at the search's full cost.
//
// Stored routes are kept and the rest routed in one pass in document
// order, so each link is routed around exactly the routes before it,
// whether those were kept or routed. That makes storing the routes
// idempotent: the second time, each route that did not fit is routed
// again from the same state, to the same place.
//
// What only routing needs (ports spread over the sides of boxes, the
// index of earlier routes) is built when the first link needs routing:
// a design whose stored routes all fit builds none of it.
func (dr *drawer) routeAll() {
	edges := dr.g.ix.Design.Edges
	links := make([]link, 0, len(edges)+len(dr.g.fnRole))
	// an edge whose id an earlier one has is not routed; the index has an
	// entry per id, so as many entries as edges means there is none
	var seen map[string]bool
	if len(dr.g.ix.Edges) < len(edges) {
		seen = make(map[string]bool, len(edges))
	}
	for j, e := range edges {
		if seen != nil {
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
		}
		sb, sk, ok1 := dr.endBox(e.From, e.FromSubnet)
		tb, tk, ok2 := dr.endBox(e.To, "")
		if !ok1 || !ok2 || sk == tk {
			continue
		}
		links = append(links, link{edge: int32(j), src: sb, dst: tb, sk: sk, dk: tk})
	}
	for i, n := range dr.g.nodes {
		// only functions have roles drawn beside them: the others are not
		// looked up (the nodes' ids are unique)
		if n.Type != model.TypeLambda {
			continue
		}
		r, ok := dr.g.fnRole[n.ID]
		if !ok {
			continue
		}
		fb, ok1 := dr.g.boxes[i], dr.g.placed[i]
		rb, ok2 := dr.g.boxOf(r)
		if ok1 && ok2 {
			links = append(links, link{role: true, src: rb, dst: fb, sk: dr.g.key(r), dk: int32(i) + 1})
		}
	}

	area := box{}
	for _, o := range dr.obstacles {
		area = area.union(o.B)
	}
	area = area.inset(-4 * gridCell)
	r := newRouter(dr.obstacles, area)
	nsegs, npts, roles := 0, 0, 0
	for i := range links {
		l := &links[i]
		// a stored route's segments, or room for a routed one's
		n := len(dr.stored(l))
		nsegs += max(n-1, 0)
		if n < 2 {
			nsegs += 5
		}
		npts += n
		if l.role {
			roles++
		}
	}
	// a label or segment is filed in a few cells
	dr.nearIdx = newSpatial(area, 3*(nsegs+len(links)))
	dr.segs = slices.Grow(dr.segs, nsegs)
	// a label an edge
	dr.labels = slices.Grow(dr.labels, len(links)-roles)
	dr.labelPads = slices.Grow(dr.labelPads, len(links)-roles)
	// the kept routes' points, in one block
	keptPts := make([]pt, 0, npts)
	dr.roleLinks = make([]roleLink, 0, roles)
	// the router learns the walls and the routes so far when the first
	// link needs routing; until then the kept routes wait here, as their
	// points in keptPts (which is never moved nor cut below them)
	type keptRoute struct{ at, end, group int32 }
	waiting := make([]keptRoute, 0, len(links))
	routing := false
	// route groups: each edge its own, the links of one role one; walls
	// are group 0
	roleGroup := make(map[int32]int32, roles)
	var ports [][2]port
	for i, l := range links {
		group := int32(i + 1)
		if l.role {
			if g, ok := roleGroup[l.sk]; ok {
				group = g
			} else {
				roleGroup[l.sk] = group
			}
		}
		ends := endKeys{l.sk, l.dk, dr.endVPC(l.sk), dr.endVPC(l.dk)}
		var pts []pt
		kept := false
		fit := fitsNot
		if stored := dr.stored(&l); len(stored) > 0 {
			k := len(keptPts)
			for _, p := range stored {
				keptPts = append(keptPts, pt{p[0], p[1]})
			}
			pts = keptPts[k:len(keptPts):len(keptPts)]
			fit = r.fits(pts, l.src, l.dst, ends)
			kept = fit == fitsClear
			switch {
			case fit == fitsNot:
				keptPts, pts = keptPts[:k], nil
			case fit == fitsBlocked:
				// decided below, by the router
			case routing:
				r.add(pts, group)
			default:
				waiting = append(waiting, keptRoute{int32(k), int32(len(keptPts)), group})
			}
		}
		if pts == nil || fit == fitsBlocked {
			if !routing {
				// room for every segment the routes will have, so the
				// list does not grow step by step
				r.segs = slices.Grow(r.segs, 4*len(dr.walls)+nsegs)
				for _, w := range dr.walls {
					r.wall(w)
				}
				for _, k := range waiting {
					r.add(keptPts[k.at:k.end], k.group)
				}
				ports = dr.spreadPorts(links, r)
				routing = true
			}
			if fit != fitsBlocked {
				pts = r.route(ports[i][0], ports[i][1], ends, group, l.role)
			} else if p := r.reroute(ports[i][0], ports[i][1], ends, group, l.role); p != nil {
				pts = p
			} else {
				// no cheap shape is clear: the stored route stays, as
				// the router would most likely not clear it either
				r.add(pts, group)
				kept = true
			}
		}
		owner := l.edge
		if l.role {
			dr.roleLinks = append(dr.roleLinks, roleLink{fn: dr.g.nodes[l.dk-1].ID, pts: pts, kept: kept})
			owner = -1
		} else {
			dr.kept[l.edge] = kept
			if len(pts) >= 2 {
				dr.routes[l.edge] = pts
				for _, p := range pts {
					dr.routeBox = dr.routeBox.union(box{p.X, p.Y, 0.01, 0.01})
				}
			}
		}
		for j := 1; j < len(pts); j++ {
			sb := segmentBox(pts[j-1], pts[j])
			dr.segs = append(dr.segs, segment{owner, edgesOf(sb)})
			dr.nearIdx.add(sb)
		}
	}
	dr.router = r
}

// spreadPorts chooses the ports of every link as if each were routed:
// the sides of the boxes it leaves and enters by, and its place along
// each side among the links that share it, sorted by where their other
// ends are so arrows on one side do not cross.
func (dr *drawer) spreadPorts(links []link, r *router) [][2]port {
	type end struct {
		link  int
		isSrc bool
		b     box
		key   int32
		side  pt
		other pt // centre of the other end, to order ports along the side
	}
	ends := make([]end, 0, 2*len(links))
	for i, l := range links {
		ss, ts := edgeSides(l.src, l.dst)
		if ss.Y != 0 && (r.stubBlocked(l.src, ss) || r.stubBlocked(l.dst, ts)) {
			// a container label sits right above or below: come in from the side
			ss, ts = sideRight, sideLeft
			switch {
			case l.dst.X > l.src.right():
			case l.dst.right() < l.src.X:
				ss, ts = sideLeft, sideRight
			default:
				ts = sideRight
			}
		}
		ends = append(ends,
			end{i, true, l.src, l.sk, ss, pt{l.dst.cx(), l.dst.cy()}},
			end{i, false, l.dst, l.dk, ts, pt{l.src.cx(), l.src.cy()}})
	}
	type sideKey struct {
		key  int32
		side pt
	}
	bySide := map[sideKey][]int{}
	var sides []sideKey
	for i, en := range ends {
		k := sideKey{en.key, en.side}
		if _, ok := bySide[k]; !ok {
			sides = append(sides, k)
		}
		bySide[k] = append(bySide[k], i)
	}
	ports := make([][2]port, len(links))
	for _, sk := range sides {
		idx := bySide[sk]
		slices.SortStableFunc(idx, func(a, b int) int {
			ea, eb := ends[a], ends[b]
			if sk.side.X != 0 {
				return cmp.Compare(ea.other.Y, eb.other.Y)
			}
			return cmp.Compare(ea.other.X, eb.other.X)
		})
		b := ends[idx[0]].b
		n := float64(len(idx))
		for i, ei := range idx {
			var p pt
			switch sk.side {
			case sideRight, sideLeft:
				span := max(0, min(b.H-16, (n-1)*portSpacing))
				y := b.cy() - span/2 + span*float64(i)/max(n-1, 1)
				x := b.X
				if sk.side == sideRight {
					x = b.right()
				}
				p = pt{x, math.Round(y)}
			default:
				span := max(0, min(b.W-24, (n-1)*portSpacing*1.5))
				x := b.cx() - span/2 + span*float64(i)/max(n-1, 1)
				y := b.Y
				if sk.side == sideDown {
					y = b.bottom()
				}
				p = pt{math.Round(x), y}
			}
			k := 1
			if ends[ei].isSrc {
				k = 0
			}
			ports[ends[ei].link][k] = port{P: p, Dir: sk.side}
		}
	}
	return ports
}
