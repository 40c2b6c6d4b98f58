package render

import (
	"cmp"
	"math"
	"slices"

	"archway/model"
)

// Geometry of the automatic layout, in diagram units.
const (
	cardW     = 180.0 // resource card
	cardH     = 56.0
	chipRowH  = 20.0 // extra card height for its security-group chips
	borderW   = 156.0
	borderH   = 48.0 // gateways and gateway endpoints on a VPC border
	markW     = 180.0
	markH     = 26.0 // ENI / mount-target / subnet-group marks
	itemGap   = 44.0 // between cards in a subnet: room for an edge and its label
	subPad    = 14.0
	subHead   = 60.0 // header, then room for an arrow to turn into a card
	subMinW   = 232.0
	subGap    = 18.0 // between subnets of one cell
	azPad     = 14.0
	azHead    = 28.0
	azGap     = 26.0
	rowGap    = 22.0 // between subnet tiers
	vpcPad    = 22.0
	vpcHead   = 50.0
	vpcGap    = 64.0  // between VPCs
	colGap    = 130.0 // between zones: room for edges and their labels
	cardVGap  = 34.0  // between cards of a column outside VPCs
	framePad  = 26.0
	frameHead = 40.0
	roleGap   = 22.0 // between a function and its role below it
)

// tiers of subnets, in drawing order.
const (
	tierPublic = iota
	tierPrivate
	tierIsolated
)

// nodeKind says how a node is drawn.
type nodeKind uint8

const (
	kindNone      nodeKind = iota // not drawn (unknown parent, duplicate id)
	kindCard                      // a resource card
	kindBorder                    // a card on a VPC border: IGW, gateway endpoint
	kindContainer                 // vpc or subnet
	kindChip                      // route table, security group, network ACL
)

// mark is a small tag drawn in a subnet for a resource drawn elsewhere:
// the ENIs of a function or interface endpoint, an EFS mount target, an
// RDS subnet-group member.
type mark struct {
	Node   string
	Subnet string
	B      box
}

// geometry is where everything of a design is drawn.
type geometry struct {
	ix    *model.Index
	nodes []*model.Node // drawable nodes, document order, unique ids
	// how nodes[i] is drawn, where (the subnet or VPC it is drawn in, ""
	// outside) and in which VPC (its key, 0 outside any): by position, as
	// the passes over the nodes read them; by id through ix.Pos (kindOf,
	// homeOf, vpcOf)
	kinds []nodeKind
	homes []string
	vpcs  []int32
	// where cards, border cards and containers are: boxes[i] is nodes[i]'s
	// where placed[i] (by id through ix.Pos: boxOf, setBox)
	boxes  []box
	placed []bool
	marks  []mark
	tiers  []uint8           // a subnet's tier, by position
	chips  [][]string        // by position: a card's security-group chips
	fnRole map[string]string // function id -> role id drawn beside it
	given  map[string]bool   // nodes whose x and y the author set, when not all are
	// asGiven: every box is where and as large as the document says
	asGiven bool

	// what each container holds, in document order: the positions of
	// every node homed in nodes[c] are homedAll[homedOff[c]:homedOff[c+1]]
	// and the cards among them cardsAll[cardsOff[c]:cardsOff[c+1]] (homed
	// and cardsIn; by id homedIn and cardsOf)
	homedOff, cardsOff []int32
	homedAll           []int
	cardsAll           []*model.Node
	marksIn            map[string][]string // subnet -> nodes marked in it
}

// Layout returns a copy of d in which every node that is drawn as a box
// (containers, resource cards, gateways) has x, y, w and h. Positions the
// document gives are kept; the rest are filled in automatically (see the
// package documentation). Route tables, security groups and network ACLs
// are drawn as chips attached to what uses them and get no position. d is
// not modified.
func Layout(d *model.Design) *model.Design { return layoutDesign(d).laidOut(d) }

// laidOut is Layout(d) from g, d's geometry.
func (g *geometry) laidOut(d *model.Design) *model.Design {
	out := *d
	out.Nodes = make([]*model.Node, len(d.Nodes))
	// the copies and their coordinates in one array each, not one
	// allocation a copy and four a box
	copies, xywh := make([]model.Node, len(d.Nodes)), make([]float64, 0, 4*len(d.Nodes))
	for i, n := range d.Nodes {
		if n == nil {
			continue
		}
		c := &copies[i]
		*c = *n
		if j, ok := g.ix.Pos[n.ID]; ok && g.placed[j] && g.nodes[j] == n {
			b := g.boxes[j]
			k := len(xywh)
			xywh = append(xywh, round2(b.X), round2(b.Y), round2(b.W), round2(b.H))
			c.X, c.Y, c.W, c.H = &xywh[k], &xywh[k+1], &xywh[k+2], &xywh[k+3]
		}
		out.Nodes[i] = c
	}
	return &out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// layoutRouted returns Layout(d) and the geometry newDrawer would make of
// it, for Route. When d's boxes are all given and at the copy's precision,
// as in a design the editor saved, the copy is d with the same boxes: d's
// geometry serves for both, and the layout is not made twice. The
// geometry then holds d's nodes, not the copy's.
func layoutRouted(d *model.Design) (*model.Design, *geometry) {
	g := layoutDesign(d)
	out := g.laidOut(d)
	if !g.asGiven || g.ix.Design != d { // d has nil or repeated nodes
		return out, layoutDesign(out)
	}
	for i, b := range g.boxes {
		if g.placed[i] && (round2(b.X) != b.X || round2(b.Y) != b.Y || round2(b.W) != b.W || round2(b.H) != b.H) {
			return out, layoutDesign(out)
		}
	}
	return out, g
}

// newGeometry indexes the nodes of d that are drawn and classifies them,
// positioning none.
func newGeometry(d *model.Design) *geometry {
	// maps sized for the design: a large one otherwise spends much of its
	// time growing them
	n := len(d.Nodes)
	g := &geometry{
		fnRole: make(map[string]string, n/8),
		given:  map[string]bool{},
	}
	// the design as it is when it has no nil nodes or edges (the common
	// case), else a copy without them
	clean := d
	if slices.Contains(d.Nodes, nil) || slices.Contains(d.Edges, nil) {
		clean = &model.Design{Title: d.Title, Account: d.Account, Region: d.Region,
			Nodes: make([]*model.Node, 0, n), Edges: make([]*model.Edge, 0, len(d.Edges))}
		for _, n := range d.Nodes {
			if n != nil {
				clean.Nodes = append(clean.Nodes, n)
			}
		}
		for _, e := range d.Edges {
			if e != nil {
				clean.Edges = append(clean.Edges, e)
			}
		}
	}
	// the index keeps the first node of an id; a design that repeats one
	// (rare: it is a finding) is indexed again without the repeats, so the
	// common case builds no set of ids besides the index. Drawing never
	// walks the tree: the index has no lists of children.
	g.ix = model.NewLookup(clean)
	if len(g.ix.Nodes) < len(clean.Nodes) {
		nodes, seen := make([]*model.Node, 0, len(clean.Nodes)), make(map[string]bool, n)
		for _, n := range clean.Nodes {
			if !seen[n.ID] {
				seen[n.ID] = true
				nodes = append(nodes, n)
			}
		}
		c := *clean
		c.Nodes = nodes
		clean = &c
		g.ix = model.NewLookup(clean)
	}
	g.nodes = clean.Nodes
	g.boxes, g.placed = make([]box, len(g.nodes)), make([]bool, len(g.nodes))
	g.classify()
	return g
}

// layoutDesign classifies the nodes of d and positions them.
func layoutDesign(d *model.Design) *geometry {
	g := newGeometry(d)
	if g.allPositioned() {
		g.asGiven = true
		for i, n := range g.nodes {
			if k := g.kinds[i]; k == kindCard || k == kindBorder || k == kindContainer {
				g.setBoxAt(i, box{*n.X, *n.Y, *n.W, *n.H})
			}
		}
		g.placeMarks()
		return g
	}
	if g.allPlaced() {
		// as the editor saves a design: what the automatic layout would
		// give is overridden everywhere but in the cards' sizes, which are
		// their default sizes, so it is not made
		for i, n := range g.nodes {
			if k := g.kinds[i]; k == kindCard || k == kindBorder || k == kindContainer {
				w, h := g.cardSizeAt(i)
				if n.W != nil {
					w = *n.W
				}
				if n.H != nil {
					h = *n.H
				}
				g.setBoxAt(i, box{*n.X, *n.Y, w, h})
			}
		}
		g.placeMarks()
		g.growContainers()
		return g
	}
	g.auto()
	g.applyGiven()
	return g
}

// classify decides how and where each node is drawn.
func (g *geometry) classify() {
	ix := g.ix
	isType := func(id, t string) bool { n := ix.Nodes[id]; return n != nil && n.Type == t }
	// the position of a node of type t with id, or -1: ids are unique
	// in nodes, so nodes[ix.Pos[id]] is ix.Nodes[id]
	posOfType := func(id, t string) int {
		if j, ok := ix.Pos[id]; ok && g.nodes[j].Type == t {
			return j
		}
		return -1
	}
	nn := len(g.nodes)
	g.kinds, g.homes = make([]nodeKind, nn), make([]string, nn)
	homes := g.homes
	// where each node is drawn, by position as well: 1 + the home's
	// position, 0 outside. Homes only change here.
	homeAt := make([]int32, nn)
	// the containers first: which subnets are drawn is then read by
	// position (subnetAt) rather than looked up through their VPCs
	for i, n := range g.nodes {
		switch n.Type {
		case model.TypeVPC:
			g.kinds[i] = kindContainer
		case model.TypeSubnet:
			if j := posOfType(n.Parent, model.TypeVPC); j >= 0 {
				g.kinds[i], homes[i], homeAt[i] = kindContainer, n.Parent, int32(j)+1
			}
		}
	}
	for i, n := range g.nodes {
		k, h := kindNone, -1
		switch n.Type {
		case model.TypeVPC, model.TypeSubnet:
			continue
		case model.TypeRouteTable, model.TypeSecurityGroup, model.TypeNetworkACL:
			k = kindChip
		case model.TypeInternetGateway:
			k = kindCard
			if j := posOfType(n.Parent, model.TypeVPC); j >= 0 {
				k, h = kindBorder, j
			}
		case model.TypeVPCEndpoint:
			if vpc := ix.VPCOf(n); vpc != nil && n.EndpointKind() == "gateway" {
				k, h = kindBorder, ix.Pos[vpc.ID]
			} else {
				k, h = kindCard, g.cardHome(n)
			}
		default:
			k, h = kindCard, g.cardHome(n)
		}
		g.kinds[i] = k
		if h >= 0 {
			homes[i], homeAt[i] = g.nodes[h].ID, int32(h)+1
		}
	}
	// The containers' contents are laid out in one array per kind, sized
	// by counting first: counted into off[c+1], summed into starts, filled
	// moving each start to its end, which is the next container's start.
	g.homedOff, g.cardsOff = make([]int32, nn+1), make([]int32, nn+1)
	for i := range g.nodes {
		if h := homeAt[i]; h != 0 {
			j := h - 1
			g.homedOff[j+1]++
			if g.kinds[i] == kindCard {
				g.cardsOff[j+1]++
			}
		}
	}
	g.vpcs = make([]int32, nn)
	for i, nd := range g.nodes {
		g.vpcs[i] = g.vpcAt(homeAt, i, nd)
	}
	for c := range nn {
		g.homedOff[c+1] += g.homedOff[c]
		g.cardsOff[c+1] += g.cardsOff[c]
	}
	g.homedAll, g.cardsAll = make([]int, g.homedOff[nn]), make([]*model.Node, g.cardsOff[nn])
	for i, nd := range g.nodes {
		if h := homeAt[i]; h != 0 {
			g.homedAll[g.homedOff[h-1]] = i
			g.homedOff[h-1]++
			if g.kinds[i] == kindCard {
				g.cardsAll[g.cardsOff[h-1]] = nd
				g.cardsOff[h-1]++
			}
		}
	}
	copy(g.homedOff[1:], g.homedOff[:nn])
	copy(g.cardsOff[1:], g.cardsOff[:nn])
	g.homedOff[0], g.cardsOff[0] = 0, 0
	g.marksIn = make(map[string][]string, nn/8)
	for i, nd := range g.nodes {
		if g.kinds[i] != kindCard {
			continue
		}
		for _, s := range g.subnetsOf(nd) {
			if s != homes[i] {
				g.marksIn[s] = append(g.marksIn[s], nd.ID)
			}
		}
	}
	// subnet tiers: public routes to an internet gateway, private to a NAT
	// gateway, isolated has neither
	g.tiers = make([]uint8, nn)
	for i, n := range g.nodes {
		if g.kinds[i] != kindContainer || n.Type != model.TypeSubnet {
			continue
		}
		t := uint8(tierIsolated)
		if rt := ix.RouteTableOf(n); rt != nil {
			for _, r := range rt.Routes {
				switch tn := ix.Nodes[r.Target]; {
				case tn == nil:
				case tn.Type == model.TypeInternetGateway:
					t = tierPublic
				case tn.Type == model.TypeNATGateway && t != tierPublic:
					t = tierPrivate
				}
			}
		}
		g.tiers[i] = t
	}
	// chips on cards and roles beside functions
	g.chips = make([][]string, len(g.nodes))
	for i, n := range g.nodes {
		if g.kinds[i] != kindCard {
			continue
		}
		var sgs []string
		switch n.Type {
		case model.TypeLambda:
			if n.VPC != nil {
				sgs = n.VPC.SecurityGroups
			}
			if isType(n.Role, model.TypeIAMRole) {
				g.fnRole[n.ID] = n.Role
			}
		case model.TypeEFSFileSystem:
			for _, mt := range n.MountTargets {
				sgs = append(sgs, mt.SecurityGroups...)
			}
		default:
			sgs = n.SecurityGroups
		}
		keep := uniqueWhere(sgs, func(s string) bool { return isType(s, model.TypeSecurityGroup) })
		if len(keep) > 0 {
			g.chips[i] = keep
		}
	}
}

// cardHome is the position of the subnet or VPC a card is drawn in, or -1
// for outside. classify calls it once the containers are classified.
func (g *geometry) cardHome(n *model.Node) int {
	j, ok := g.ix.Pos[n.Parent]
	if ok && g.subnetAt(j) {
		return j
	}
	for _, s := range g.subnetsOf(n) {
		return g.ix.Pos[s]
	}
	if ok && g.nodes[j].Type == model.TypeVPC {
		return j
	}
	return -1
}

// subnetOK reports whether id is a subnet drawn in a VPC.
func (g *geometry) subnetOK(id string) bool {
	i, ok := g.ix.Pos[id]
	return ok && g.subnetAt(i)
}

// subnetAt reports whether nodes[i] is a subnet drawn in a VPC, which
// classify has made a container.
func (g *geometry) subnetAt(i int) bool {
	return g.kinds[i] == kindContainer && g.nodes[i].Type == model.TypeSubnet
}

// subnetsOf lists the subnets a resource has a network interface in, in
// the order the document gives them, without duplicates. The list may be
// the document's own: it is not to be changed.
func (g *geometry) subnetsOf(n *model.Node) []string {
	var ids []string
	switch n.Type {
	case model.TypeLambda:
		if n.VPC != nil {
			ids = n.VPC.Subnets
		}
	case model.TypeRDSCluster, model.TypeVPCEndpoint:
		ids = n.Subnets
	case model.TypeEFSFileSystem:
		for _, mt := range n.MountTargets {
			ids = append(ids, mt.Subnet)
		}
	}
	return uniqueWhere(ids, g.subnetOK)
}

// uniqueWhere is ids without those ok rejects and without repeats, in
// order. Most lists are already that: such a list is returned as it is,
// so the result may be the caller's own and is only to be read.
func uniqueWhere(ids []string, ok func(string) bool) []string {
	for i, id := range ids {
		if !ok(id) || slices.Contains(ids[:i], id) {
			var out []string
			for _, id := range ids {
				if ok(id) && !slices.Contains(out, id) {
					out = append(out, id)
				}
			}
			return out
		}
	}
	return ids
}

// allPositioned reports whether every box-drawn node has x, y, w and h.
func (g *geometry) allPositioned() bool {
	for i, n := range g.nodes {
		if k := g.kinds[i]; k == kindCard || k == kindBorder || k == kindContainer {
			if n.X == nil || n.Y == nil || n.W == nil || n.H == nil {
				return false
			}
		}
	}
	return true
}

// allPlaced reports whether every box-drawn node has x and y and every
// container w and h: applyGiven would then keep nothing of the automatic
// layout but the cards' default sizes.
func (g *geometry) allPlaced() bool {
	for i, n := range g.nodes {
		switch g.kinds[i] {
		case kindContainer:
			if n.W == nil || n.H == nil {
				return false
			}
			fallthrough
		case kindCard, kindBorder:
			if n.X == nil || n.Y == nil {
				return false
			}
		}
	}
	return true
}

// cardSize is the default size of a card.
func (g *geometry) cardSize(n *model.Node) (float64, float64) {
	if i, ok := g.ix.Pos[n.ID]; ok {
		return g.cardSizeAt(i)
	}
	return cardW, cardH
}

// cardSizeAt is the default size of the card of nodes[i].
func (g *geometry) cardSizeAt(i int) (float64, float64) {
	if g.kinds[i] == kindBorder {
		return borderW, borderH
	}
	if len(g.chips[i]) > 0 {
		return cardW, cardH + chipRowH
	}
	return cardW, cardH
}

// subnetsIn returns the subnets drawn in a VPC, in document order: those
// homed in it (a subnet drawn in a VPC is homed in its parent).
func (g *geometry) subnetsIn(vpcID string) []*model.Node {
	var subnets []*model.Node
	for _, i := range g.homedIn(vpcID) {
		if n := g.nodes[i]; n.Type == model.TypeSubnet && g.kinds[i] == kindContainer {
			subnets = append(subnets, n)
		}
	}
	return subnets
}

// contents returns the cards homed in a subnet or VPC and the marks
// belonging in a subnet, in document order.
func (g *geometry) contents(container string) (cards []*model.Node, marks []string) {
	return g.cardsOf(container), g.marksIn[container]
}

// placed is one item of a packed block.
type placed struct {
	id string
	b  box
}

// packed is a block of items laid out relative to (0, 0), in order.
type packed struct {
	W, H  float64
	cards []placed
	marks []placed // by the node they stand for
}

// pack lays cards then marks out in rows of perRow.
func (g *geometry) pack(cards []*model.Node, marks []string, minW float64) packed {
	var p packed
	type cell struct {
		id     string
		isMark bool
		w, h   float64
	}
	var cells []cell
	for _, c := range cards {
		w, h := g.cardSize(c)
		cells = append(cells, cell{c.ID, false, w, h})
	}
	for _, m := range marks {
		cells = append(cells, cell{m, true, markW, markH})
	}
	n := len(cells)
	perRow := 1
	switch {
	case n > 8:
		perRow = int(math.Ceil(math.Sqrt(float64(n))))
	case n > 3:
		perRow = 2
	}
	y := 0.0
	for i := 0; i < n; i += perRow {
		row := cells[i:min(i+perRow, n)]
		h := 0.0
		x := 0.0
		for _, c := range row {
			b := box{x, y, c.w, c.h}
			if c.isMark {
				p.marks = append(p.marks, placed{c.id, b})
			} else {
				p.cards = append(p.cards, placed{c.id, b})
			}
			x += c.w + itemGap
			h = max(h, c.h)
			p.W = max(p.W, x-itemGap)
		}
		y += h + itemGap
	}
	if n > 0 {
		p.H = y - itemGap
	}
	p.W = max(p.W, minW)
	return p
}

// place copies the boxes of p, moved by (dx, dy), into g; its marks go in subnet.
func (g *geometry) place(p packed, dx, dy float64, subnet string) {
	for _, c := range p.cards {
		g.setBox(c.id, box{c.b.X + dx, c.b.Y + dy, c.b.W, c.b.H})
	}
	for _, m := range p.marks {
		g.marks = append(g.marks, mark{Node: m.id, Subnet: subnet, B: box{m.b.X + dx, m.b.Y + dy, m.b.W, m.b.H}})
	}
}

// vpcBlock is a VPC laid out relative to its own top-left corner.
type vpcBlock struct {
	W, H     float64
	subnets  map[string]box
	inner    map[string]packed // subnet contents, relative to the subnet
	level    packed            // VPC-level cards, relative to the VPC
	levelAt  pt
	borders  map[string]box // relative to the VPC
	vpcID    string
	contentX float64
}

// layoutVPC arranges a VPC: AZ columns of subnets in tiers, VPC-level
// resources below them, the internet gateway on the top border and gateway
// endpoints on the right border. loose are the chips of its header.
func (g *geometry) layoutVPC(vpc *model.Node, loose []string) vpcBlock {
	blk := vpcBlock{subnets: map[string]box{}, inner: map[string]packed{}, borders: map[string]box{}, vpcID: vpc.ID}
	subnets := g.subnetsIn(vpc.ID)
	var azs []string
	for _, s := range subnets {
		if !slices.Contains(azs, s.AZ) {
			azs = append(azs, s.AZ)
		}
	}
	slices.SortFunc(azs, func(a, b string) int {
		// subnets without an AZ go last
		return cmp.Or(cmp.Compare(boolf(a == ""), boolf(b == "")), cmp.Compare(a, b))
	})
	var tiers []int
	for _, s := range subnets {
		if !slices.Contains(tiers, g.tierOf(s.ID)) {
			tiers = append(tiers, g.tierOf(s.ID))
		}
	}
	slices.Sort(tiers)

	// contents of each subnet and the size each needs
	type cellKey struct {
		az   string
		tier int
	}
	cells := map[cellKey][]*model.Node{}
	for _, s := range subnets {
		cards, marks := g.contents(s.ID)
		blk.inner[s.ID] = g.pack(cards, marks, subMinW-2*subPad)
		k := cellKey{s.AZ, g.tierOf(s.ID)}
		cells[k] = append(cells[k], s)
	}
	colW := make([]float64, len(azs))
	rowH := make([]float64, len(tiers))
	for ci, az := range azs {
		for ri, t := range tiers {
			h := 0.0
			for i, s := range cells[cellKey{az, t}] {
				in := blk.inner[s.ID]
				colW[ci] = max(colW[ci], in.W+2*subPad, g.subnetHeaderWidth(s))
				if i > 0 {
					h += subGap
				}
				h += subHead + in.H + subPad + min(in.H, subPad)
			}
			rowH[ri] = max(rowH[ri], h)
		}
	}
	// the internet gateway's label must not run into the VPC's own header
	x0 := vpcPad + azPad
	y := vpcHead + azHead + azPad
	gridTop := y - azHead - azPad
	for ri, t := range tiers {
		x := x0
		for ci, az := range azs {
			sy := y
			list := cells[cellKey{az, t}]
			for i, s := range list {
				in := blk.inner[s.ID]
				h := subHead + in.H + subPad + min(in.H, subPad)
				if i == len(list)-1 {
					h = y + rowH[ri] - sy // the last subnet fills the cell
				}
				blk.subnets[s.ID] = box{x, sy, colW[ci], h}
				sy += h + subGap
			}
			x += colW[ci] + 2*azPad + azGap
		}
		y += rowH[ri] + rowGap
	}
	gridW := 0.0
	for _, w := range colW {
		gridW += w + 2*azPad + azGap
	}
	gridW = max(0, gridW-azGap)
	gridBottom := gridTop
	if len(subnets) > 0 {
		gridBottom = y - rowGap + azPad
	}

	// VPC-level cards (no subnet) in a row below the grid
	level := g.cardsOf(vpc.ID)
	blk.level = g.pack(level, nil, 0)
	if len(level) > 3 {
		// spread VPC-level cards in a row rather than a block
		blk.level = packed{}
		x := 0.0
		for _, n := range level {
			w, h := g.cardSize(n)
			blk.level.cards = append(blk.level.cards, placed{n.ID, box{x, 0, w, h}})
			x += w + itemGap
			blk.level.W = x - itemGap
			blk.level.H = max(blk.level.H, h)
		}
	}
	levelY := gridBottom + azGap
	if len(subnets) == 0 {
		levelY = vpcHead
	}
	blk.levelAt = pt{vpcPad, levelY}
	contentW := max(gridW, blk.level.W, textWidth(vpcTitle(vpc), 13, true)+textWidth(vpc.CIDR, 11, false)+80)
	contentH := gridBottom
	if len(level) > 0 {
		contentH = levelY + blk.level.H
	}

	// gateway endpoints straddle the right border; leave them room
	rightPad := vpcPad
	var eps, igws []*model.Node
	for _, i := range g.homedIn(vpc.ID) {
		if n := g.nodes[i]; g.kinds[i] == kindBorder {
			if n.Type == model.TypeInternetGateway {
				igws = append(igws, n)
			} else {
				eps = append(eps, n)
			}
		}
	}
	if len(eps) > 0 {
		rightPad = borderW/2 + 24
	}
	blk.W = vpcPad + contentW + rightPad
	blk.H = contentH + vpcPad
	if len(eps) > 0 {
		need := vpcHead + 24 + float64(len(eps))*(borderH+cardVGap) - cardVGap + vpcPad
		blk.H = max(blk.H, need)
	}
	for i, n := range eps {
		blk.borders[n.ID] = box{blk.W - borderW/2, vpcHead + 24 + float64(i)*(borderH+cardVGap), borderW, borderH}
	}
	// gateways on the top border, right of the VPC's header text
	headerEnd := vpcPad + 36 + textWidth(vpcTitle(vpc), 13, true) + 8 + textWidth(cleanText(vpc.CIDR), 11, false) + 24
	for _, id := range loose {
		headerEnd += chipWidth(g.ix.Nodes[id].DisplayLabel()) + 6
	}
	x := max(headerEnd, blk.W/2-float64(len(igws))*(borderW+itemGap)/2)
	if x+float64(len(igws))*(borderW+itemGap) > blk.W {
		blk.W = x + float64(len(igws))*(borderW+itemGap) + vpcPad
	}
	for _, n := range igws {
		blk.borders[n.ID] = box{x, -borderH / 2, borderW, borderH}
		x += borderW + itemGap
	}
	blk.contentX = vpcPad
	return blk
}

// subnetHeaderWidth is the width a subnet's header needs: icon, label and
// route-table chip.
func (g *geometry) subnetHeaderWidth(s *model.Node) float64 {
	w := subPad + 26 + textWidth(ellipsize(cleanText(s.DisplayLabel()), 12, true, 200), 12, true) + 16
	if rt := g.ix.RouteTableOf(s); rt != nil {
		w += chipWidth(rt.DisplayLabel()) + 8
	}
	return w + subPad
}

// vpcTitle is the header text of a VPC.
func vpcTitle(vpc *model.Node) string { return cleanText(vpc.DisplayLabel()) }

// placeVPC copies a laid-out VPC into g at (x, y).
func (g *geometry) placeVPC(blk vpcBlock, x, y float64) {
	g.setBox(blk.vpcID, box{x, y, blk.W, blk.H})
	// its subnets are homed in it: the rest of the nodes need no look
	for _, i := range g.homedIn(blk.vpcID) {
		id := g.nodes[i].ID
		b, ok := blk.subnets[id]
		if !ok {
			continue
		}
		g.setBoxAt(i, box{x + b.X, y + b.Y, b.W, b.H})
		in := blk.inner[id]
		// centre the subnet's contents horizontally
		off := (b.W - in.W) / 2
		g.place(in, x+b.X+off, y+b.Y+subHead, id)
	}
	g.place(blk.level, x+blk.levelAt.X, y+blk.levelAt.Y, blk.vpcID)
	for id, b := range blk.borders {
		g.setBox(id, box{x + b.X, y + b.Y, b.W, b.H})
	}
}

// alignMarks moves each mark level with the card it stands for when that
// card is beside it (another AZ, same row) and the place is free, so a
// function and its ENIs read as one row.
func (g *geometry) alignMarks() {
	// a second pass lets a mark take a place another mark has just left
	for range 2 {
		g.alignMarksOnce()
	}
}

func (g *geometry) alignMarksOnce() {
	bySubnet := map[string][]int{}
	for i, m := range g.marks {
		bySubnet[m.Subnet] = append(bySubnet[m.Subnet], i)
	}
	for i := range g.marks {
		m := &g.marks[i]
		card, ok := g.boxOf(m.Node)
		if !ok {
			continue
		}
		area, _ := g.inside(m.Subnet)
		want := box{m.B.X, card.cy() - m.B.H/2, m.B.W, m.B.H}
		if want.Y < area.Y || want.bottom() > area.bottom() || want.Y == m.B.Y {
			continue
		}
		free := true
		for _, n := range g.cardsOf(m.Subnet) {
			if b, _ := g.boxOf(n.ID); want.inset(-8).overlaps(b) {
				free = false
			}
		}
		for _, j := range bySubnet[m.Subnet] {
			if j != i && want.inset(-8).overlaps(g.marks[j].B) {
				free = false
			}
		}
		if free {
			m.B = want
		}
	}
}

// zones of nodes outside every VPC, left to right.
const (
	zoneCallers  = iota // external accounts, users, internet hosts that only call
	zoneSources         // services that only trigger functions
	zoneFunction        // functions without VPC, with their roles
	zoneTargets         // services called
	zoneInternet        // internet hosts called
)

// auto lays the whole design out.
func (g *geometry) auto() {
	ix := g.ix
	// gaps between columns fit the widest edge label beside its arrowheads
	gap := max(colGap, g.maxLabelWidth()+2*arrowLen+40)
	in, out := map[string]int{}, map[string]int{}
	for _, e := range ix.Design.Edges {
		out[e.From]++
		in[e.To]++
	}
	zone := map[string]int{}
	var zones [5][]*model.Node
	vpcRoles := map[string]bool{} // roles of VPC functions
	for i, n := range g.nodes {
		if g.kinds[i] == kindCard && n.Type == model.TypeLambda && g.homes[i] != "" {
			if r, ok := g.fnRole[n.ID]; ok {
				vpcRoles[r] = true
			}
		}
	}
	roleUsed := map[string]bool{}
	for _, r := range g.fnRole {
		roleUsed[r] = true
	}
	for i, n := range g.nodes {
		if g.kinds[i] != kindCard || g.homes[i] != "" {
			continue
		}
		z := zoneTargets
		switch n.Type {
		case model.TypeExternalAccount, model.TypeIAMUser:
			z = zoneCallers
		case model.TypeInternetHost:
			z = zoneInternet
			if in[n.ID] == 0 && out[n.ID] > 0 {
				z = zoneCallers
			}
		case model.TypeLambda:
			z = zoneFunction
		case model.TypeIAMRole:
			if roleUsed[n.ID] {
				continue // placed beside its function
			}
			z = zoneFunction
		case model.TypeSNSTopic, model.TypeS3Bucket, model.TypeSQSQueue:
			if in[n.ID] == 0 && out[n.ID] > 0 {
				z = zoneSources
			}
		}
		zone[n.ID] = z
		zones[z] = append(zones[z], n)
	}

	// the middle: functions (with roles) and VPCs, both from the top
	top := frameHead + framePad
	var blocks []vpcBlock
	hasIGW := map[string]bool{}
	loose := g.loose() // every VPC's header chips, found in one pass
	for i, n := range g.nodes {
		if n.Type == model.TypeVPC {
			blocks = append(blocks, g.layoutVPC(n, loose[n.ID]))
		}
		if g.kinds[i] == kindBorder && n.Type == model.TypeInternetGateway {
			hasIGW[g.homes[i]] = true
		}
	}
	colX := map[int]float64{}
	var widths [5]float64
	for z := range zones {
		for _, n := range zones[z] {
			w, _ := g.cardSize(n)
			widths[z] = max(widths[z], w)
		}
	}
	// callers sit left of the cloud frame, internet hosts right of it
	x := 0.0
	if len(zones[zoneCallers]) > 0 {
		x = widths[zoneCallers] + gap
	}
	x += framePad
	if len(zones[zoneSources]) > 0 {
		colX[zoneSources] = x
		x += widths[zoneSources] + gap
	}
	// functions, each with its role right below it, so arrows reach the
	// function from both sides; when functions are all there is, the
	// units stand in rows instead of one tall column
	if len(zones[zoneFunction]) > 0 {
		perRow := 1
		if len(blocks) == 0 && len(zones[zoneSources])+len(zones[zoneTargets])+len(zones[zoneCallers])+len(zones[zoneInternet]) == 0 {
			perRow = min(4, len(zones[zoneFunction]))
		}
		y, rowH, col := top, 0.0, 0
		placedRole := map[string]bool{}
		for _, n := range zones[zoneFunction] {
			ux := x + float64(col)*(widths[zoneFunction]+gap/2)
			w, h := g.cardSize(n)
			g.setBox(n.ID, box{ux, y, w, h})
			uh := h
			if r, ok := g.fnRole[n.ID]; ok && !placedRole[r] {
				if rn := ix.Nodes[r]; rn != nil && g.homeOf(r) == "" && !vpcRoles[r] {
					rw, rh := g.cardSize(rn)
					g.setBox(r, box{ux, y + h + roleGap, rw, rh})
					placedRole[r] = true
					uh += roleGap + rh + 10
				}
			}
			rowH = max(rowH, uh)
			if col++; col == perRow {
				y += rowH + cardVGap
				col, rowH = 0, 0
			}
		}
		x += float64(perRow)*(widths[zoneFunction]+gap/2) - gap/2 + gap
	}
	// roles of VPC functions: a column left of the VPCs
	var vpcRoleList []*model.Node
	for i, n := range g.nodes {
		if vpcRoles[n.ID] && g.kinds[i] == kindCard && g.homes[i] == "" {
			if !g.placed[i] {
				vpcRoleList = append(vpcRoleList, n)
			}
		}
	}
	roleColX := x
	if len(vpcRoleList) > 0 {
		x += cardW + gap
	}
	// VPCs stack in one column, so arrows between a VPC and the columns
	// either side never have to find a way around another VPC
	vy := top
	vpcRight := x
	for _, blk := range blocks {
		if hasIGW[blk.vpcID] {
			vy += borderH/2 + 8
		}
		g.placeVPC(blk, x, vy)
		vy += blk.H + vpcGap
		vpcRight = max(vpcRight, x+blk.W+borderW/2*boolf(hasEndpoints(blk)))
	}
	if len(blocks) > 0 {
		x = vpcRight + gap
	}
	g.alignMarks()
	// VPC roles level with the first function that uses them: the top of
	// the first placed node of each role ("" for none), found in one pass
	// (nothing is placed between it and the roles' heights)
	if len(vpcRoleList) > 0 {
		firstY := make(map[string]float64, len(vpcRoleList)+1)
		for i, f := range g.nodes {
			r := g.fnRole[f.ID]
			if _, done := firstY[r]; !done && g.placed[i] {
				firstY[r] = g.boxes[i].Y
			}
		}
		g.stackNear(vpcRoleList, roleColX, top, func(n *model.Node) float64 {
			if y, ok := firstY[n.ID]; ok {
				return y
			}
			return top
		}, nil)
	}

	// services and internet hosts: columns placed near their neighbours
	at, adj := g.neighbours()
	neighbourY := func(n *model.Node) float64 {
		sum, cnt := 0.0, 0.0
		p := ix.Pos[n.ID]
		for _, q := range adj[at[p]:at[p+1]] {
			if g.placed[q] {
				sum += g.boxes[q].cy()
				cnt++
			}
		}
		if cnt == 0 {
			return math.Inf(1) // unconnected: after the others
		}
		return sum / cnt
	}
	if len(zones[zoneTargets]) > 0 {
		g.stackNear(zones[zoneTargets], x, top, neighbourY, nil)
		colX[zoneTargets] = x
		x += widths[zoneTargets] + gap
	}
	if len(zones[zoneSources]) > 0 {
		g.stackNear(zones[zoneSources], colX[zoneSources], top, neighbourY, nil)
	}
	frameRight := x - gap + framePad
	// outside the cloud frame, avoiding the rows of the neighbouring column
	// so straight arrows can pass
	if len(zones[zoneInternet]) > 0 {
		g.stackNear(zones[zoneInternet], frameRight+gap, top, neighbourY, g.column(zones[zoneTargets]))
	}
	if len(zones[zoneCallers]) > 0 {
		// keep level rows free of what stands between callers and functions
		between := g.column(zones[zoneSources])
		for _, n := range zones[zoneFunction] {
			if r, ok := g.fnRole[n.ID]; ok {
				if b, ok := g.boxOf(r); ok {
					between = append(between, b)
				}
			}
		}
		g.stackNear(zones[zoneCallers], 0, top, neighbourY, between)
	}
}

// neighbours lists each node's neighbours once, by position, in the order
// of the edges (the order neighbourY sums their heights in), without edges
// from a node to itself or to what is not a node: counted, then filled
// into one block, node p's at adj[at[p]:at[p+1]].
func (g *geometry) neighbours() (at, adj []int32) {
	ix := g.ix
	nn := len(g.nodes)
	at = make([]int32, nn+2)
	pairs := make([][2]int32, 0, len(ix.Design.Edges))
	for _, e := range ix.Design.Edges {
		a, ok1 := ix.Pos[e.From]
		b, ok2 := ix.Pos[e.To]
		if ok1 && ok2 && a != b {
			pairs = append(pairs, [2]int32{int32(a), int32(b)})
			at[a+2]++
			at[b+2]++
		}
	}
	for p := 2; p < len(at); p++ {
		at[p] += at[p-1]
	}
	// at[p+1] is where node p's next neighbour goes; once all are in, it
	// is where node p+1's start
	adj = make([]int32, at[nn+1])
	for _, pr := range pairs {
		a, b := pr[0], pr[1]
		adj[at[a+1]], adj[at[b+1]] = b, a
		at[a+1]++
		at[b+1]++
	}
	return at[:nn+1], adj
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func hasEndpoints(blk vpcBlock) bool {
	for _, b := range blk.borders {
		if b.Y > 0 {
			return true
		}
	}
	return false
}

// column returns the boxes of nodes already placed.
func (g *geometry) column(nodes []*model.Node) []box {
	var out []box
	for _, n := range nodes {
		if b, ok := g.boxOf(n.ID); ok {
			out = append(out, b)
		}
	}
	return out
}

// stackNear places nodes in a column at x, each as close as possible to the
// height want returns for it, in order of that height, without overlapping
// each other or (vertically) the boxes in avoid.
func (g *geometry) stackNear(nodes []*model.Node, x, top float64, want func(*model.Node) float64, avoid []box) {
	type item struct {
		n    *model.Node
		want float64
		w, h float64
	}
	items := make([]item, 0, len(nodes))
	for _, n := range nodes {
		w, h := g.cardSize(n)
		items = append(items, item{n, want(n), w, h})
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.want, b.want) })
	y := top
	for _, it := range items {
		target := y
		if !math.IsInf(it.want, 1) {
			target = max(y, it.want-it.h/2)
		}
		for _, a := range avoid {
			if target < a.bottom()+cardVGap/2 && a.Y-cardVGap/2 < target+it.h {
				target = a.bottom() + cardVGap/2
			}
		}
		g.setBox(it.n.ID, box{x, target, it.w, it.h})
		y = target + it.h + cardVGap
	}
}

// applyGiven overlays the positions the document gives on the automatic
// layout and moves automatically placed cards that now collide.
func (g *geometry) applyGiven() {
	has := func(n *model.Node) bool { return n.X != nil && n.Y != nil }
	// containers first, top-down, carrying their contents along
	for _, pass := range []string{model.TypeVPC, model.TypeSubnet} {
		for i, n := range g.nodes {
			if n.Type != pass || g.kinds[i] != kindContainer {
				continue
			}
			b := g.boxes[i]
			if has(n) {
				g.shiftTree(i, *n.X-b.X, *n.Y-b.Y)
				g.given[n.ID] = true
			}
			b = g.boxes[i]
			if n.W != nil {
				b.W = *n.W
			}
			if n.H != nil {
				b.H = *n.H
			}
			g.setBoxAt(i, b)
		}
	}
	for i, n := range g.nodes {
		k := g.kinds[i]
		if k != kindCard && k != kindBorder {
			continue
		}
		b := g.boxes[i]
		if has(n) {
			b.X, b.Y = *n.X, *n.Y
			g.given[n.ID] = true
		}
		if n.W != nil {
			b.W = *n.W
		}
		if n.H != nil {
			b.H = *n.H
		}
		g.setBoxAt(i, b)
	}
	if len(g.given) == 0 {
		return
	}
	g.settle()
	g.placeMarks()
	g.growContainers()
}

// shiftTree moves a container, nodes[c], and everything drawn in it that
// the author did not place.
func (g *geometry) shiftTree(c int, dx, dy float64) {
	if dx == 0 && dy == 0 {
		return
	}
	b := g.boxes[c]
	g.setBoxAt(c, box{b.X + dx, b.Y + dy, b.W, b.H})
	for _, i := range g.homed(c) {
		if n := g.nodes[i]; !g.given[n.ID] {
			if g.kinds[i] == kindContainer {
				g.shiftTree(i, dx, dy)
			} else if g.placed[i] {
				b := g.boxes[i]
				g.boxes[i] = box{b.X + dx, b.Y + dy, b.W, b.H}
			}
		}
	}
}

// settle moves every automatically placed card that overlaps another card
// or leaves its container: it slides down its container until it fits,
// then tries the next column, and finally goes below everything.
func (g *geometry) settle() {
	var placed []box
	for i, n := range g.nodes {
		k := g.kinds[i]
		if (k == kindCard || k == kindBorder) && g.given[n.ID] {
			placed = append(placed, g.boxes[i])
		}
	}
	// top-level containers the author placed are obstacles for top-level cards
	for i, n := range g.nodes {
		k := g.kinds[i]
		if (k != kindCard && k != kindBorder) || g.given[n.ID] {
			continue
		}
		b := g.boxes[i]
		area, inside := g.innerArea(n.ID)
		obstacles := placed
		if !inside {
			obstacles = append(slices.Clone(placed), g.topContainers()...)
		}
		free := func(c box) bool {
			// inside its container, but it may run past the bottom (the
			// container grows), and a card wider than the container only
			// needs to start at its left edge
			if inside && k != kindBorder {
				if c.Y < area.Y || c.X < area.X || (c.right() > area.right() && c.W <= area.W) {
					return false
				}
			}
			for _, o := range obstacles {
				if c.inset(-6).overlaps(o) {
					return false
				}
			}
			return true
		}
		if !free(b) {
			b = g.findFree(b, area, inside, free)
		}
		g.setBoxAt(i, b)
		placed = append(placed, b)
	}
}

// findFree slides b down, then across, until free accepts it.
func (g *geometry) findFree(b box, area box, inside bool, free func(box) bool) box {
	const step = 8.0
	xs := []float64{b.X}
	if inside {
		for x := area.X; x+b.W <= area.right()+1e-9; x += b.W + itemGap {
			if x != b.X {
				xs = append(xs, x)
			}
		}
	}
	for _, x := range xs {
		c := box{x, b.Y, b.W, b.H}
		if inside {
			c.Y = max(c.Y, area.Y)
		}
		limit := c.Y + 4000
		if inside {
			limit = area.bottom() - b.H
		}
		for ; c.Y <= limit; c.Y += step {
			if free(c) {
				return c
			}
		}
	}
	// below everything in the area; free accepts some place below every
	// obstacle, and the bound only guards against a bad free function
	c := box{xs[0], max(b.Y, area.Y), b.W, b.H}
	for i := 0; i < 1<<16 && !free(c); i++ {
		c.Y += step
	}
	return c
}

// Obstacles and the ends of routes name nodes, marks and VPCs by key, a
// number, rather than by id, so that the router compares numbers: a
// node's key is 1 + its position in nodes, a mark's 1 + len(nodes) + its
// index in marks, and 0 is none.

// key is the key of node id, or 0 if the design has none.
func (g *geometry) key(id string) int32 {
	if i, ok := g.ix.Pos[id]; ok {
		return int32(i) + 1
	}
	return 0
}

// markKey is the key of the i-th mark.
func (g *geometry) markKey(i int) int32 { return int32(len(g.nodes)+i) + 1 }

// boxOf is where node id is drawn, if it is drawn as a box and placed.
func (g *geometry) boxOf(id string) (box, bool) {
	if i, ok := g.ix.Pos[id]; ok && g.placed[i] {
		return g.boxes[i], true
	}
	return box{}, false
}

// setBox places node id, which the design has.
func (g *geometry) setBox(id string, b box) { g.setBoxAt(g.ix.Pos[id], b) }

// setBoxAt places nodes[i].
func (g *geometry) setBoxAt(i int, b box) { g.boxes[i], g.placed[i] = b, true }

// vpcOf is the key of the VPC a node is drawn in (a VPC is in itself), or
// 0.
func (g *geometry) vpcOf(id string) int32 {
	if i, ok := g.ix.Pos[id]; ok {
		return g.vpcs[i]
	}
	return 0
}

// kindOf is how the node id is drawn; kindNone for an id the design lacks.
func (g *geometry) kindOf(id string) nodeKind {
	if i, ok := g.ix.Pos[id]; ok {
		return g.kinds[i]
	}
	return kindNone
}

// homeOf is the subnet or VPC the node id is drawn in, "" outside.
func (g *geometry) homeOf(id string) string {
	if i, ok := g.ix.Pos[id]; ok {
		return g.homes[i]
	}
	return ""
}

// vpcAt works out vpcOf for nodes[i], nd, from the positions of the homes
// classify gave (1 + the position, 0 outside): a VPC is in itself, and a
// node is in its home's VPC, which is its home or its home's home.
func (g *geometry) vpcAt(homeAt []int32, i int, nd *model.Node) int32 {
	if nd.Type == model.TypeVPC {
		return int32(i) + 1
	}
	for h, k := homeAt[i], 0; h != 0 && k < 2; h, k = homeAt[h-1], k+1 {
		if g.nodes[h-1].Type == model.TypeVPC {
			return h
		}
	}
	return 0
}

// homed lists the positions of the nodes homed in nodes[c].
func (g *geometry) homed(c int) []int { return g.homedAll[g.homedOff[c]:g.homedOff[c+1]] }

// cardsIn lists the cards homed in nodes[c].
func (g *geometry) cardsIn(c int) []*model.Node {
	return g.cardsAll[g.cardsOff[c]:g.cardsOff[c+1]]
}

// homedIn lists the positions of the nodes homed in container id.
func (g *geometry) homedIn(id string) []int {
	if i, ok := g.ix.Pos[id]; ok {
		return g.homed(i)
	}
	return nil
}

// cardsOf lists the cards homed in container id.
func (g *geometry) cardsOf(id string) []*model.Node {
	if i, ok := g.ix.Pos[id]; ok {
		return g.cardsIn(i)
	}
	return nil
}

// tierOf is the tier of subnet id.
func (g *geometry) tierOf(id string) int {
	if i, ok := g.ix.Pos[id]; ok {
		return int(g.tiers[i])
	}
	return 0
}

// innerArea is the area a card may occupy: its subnet's or VPC's inside.
func (g *geometry) innerArea(id string) (box, bool) { return g.inside(g.homeOf(id)) }

// inside is the area inside a subnet or VPC, below its header.
func (g *geometry) inside(h string) (box, bool) {
	if h == "" {
		return box{}, false
	}
	i, ok := g.ix.Pos[h]
	if !ok || !g.placed[i] {
		return box{}, false
	}
	c := g.boxes[i]
	if g.nodes[i].Type == model.TypeSubnet {
		return box{c.X + subPad, c.Y + subHead, c.W - 2*subPad, c.H - subHead - subPad}, true
	}
	return box{c.X + vpcPad, c.Y + vpcHead, c.W - 2*vpcPad, c.H - vpcHead - vpcPad}, true
}

// topContainers returns the VPC boxes.
func (g *geometry) topContainers() []box {
	var out []box
	for i, n := range g.nodes {
		if n.Type == model.TypeVPC {
			out = append(out, g.boxes[i])
		}
	}
	return out
}

// placeMarks puts the marks of multi-subnet resources into free places of
// their subnets (used when the author positioned the cards).
func (g *geometry) placeMarks() {
	g.marks = g.marks[:0]
	var obstacles []box // reused from subnet to subnet
	for i, s := range g.nodes {
		if s.Type != model.TypeSubnet || g.kinds[i] != kindContainer {
			continue
		}
		marks := g.marksIn[s.ID]
		if len(marks) == 0 {
			continue
		}
		area, _ := g.inside(s.ID)
		// the cards in the subnet, and the cards and border cards in its
		// VPC (its home), that come near
		obstacles = obstacles[:0]
		near := area.inset(-itemGap)
		for _, c := range [...]int{i, int(g.vpcs[i]) - 1} {
			for _, j := range g.homed(c) {
				if k := g.kinds[j]; (k == kindCard || k == kindBorder) && g.placed[j] && g.boxes[j].overlaps(near) {
					obstacles = append(obstacles, g.boxes[j])
				}
			}
		}
		for _, id := range marks {
			b := box{area.X, area.Y, markW, markH}
			// the search moves down in small steps: the obstacle that blocked
			// the last place most often blocks the next, so it is tried first
			last := 0
			// and a place below one an obstacle blocked, at its x, is
			// blocked by it while the place grown starts above the
			// obstacle's bottom (moving down only adds to the overlap): it
			// is refused without a test (x is the place's, y0 its top,
			// till the obstacle's bottom)
			skip := struct{ x, y0, till float64 }{math.NaN(), 0, 0}
			free := func(c box) bool {
				if c.X == skip.x && c.Y >= skip.y0 && c.Y+-8 < skip.till {
					return false
				}
				if c.X < area.X || c.right() > area.right()+1e-9 || c.Y < area.Y {
					return false
				}
				grown := c.inset(-8)
				if last < len(obstacles) && grown.overlaps(obstacles[last]) {
					skip.x, skip.y0, skip.till = c.X, c.Y, obstacles[last].bottom()
					return false
				}
				for i, o := range obstacles {
					if grown.overlaps(o) {
						last = i
						skip.x, skip.y0, skip.till = c.X, c.Y, o.bottom()
						return false
					}
				}
				return true
			}
			if b.W > area.W {
				b.W = max(area.W, 60)
				b.X = area.X
			}
			b = g.findFree(b, area, true, free)
			g.marks = append(g.marks, mark{Node: id, Subnet: s.ID, B: b})
			obstacles = append(obstacles, b)
		}
	}
}

// padded is b grown by pads: left, top, right and bottom.
func padded(b box, pads [4]float64) box {
	return box{b.X - pads[0], b.Y - pads[1], b.W + pads[0] + pads[2], b.H + pads[1] + pads[3]}
}

// growContainers enlarges subnets, then VPCs, to hold what is drawn in
// them; a size the author gave is the minimum.
func (g *geometry) growContainers() {
	// each subnet's marks, in order; the contents are taken in document
	// order (g.homed) and the marks in theirs, as the unions round
	marks := make(map[string][]box, len(g.marks))
	for _, m := range g.marks {
		marks[m.Subnet] = append(marks[m.Subnet], m.B)
	}
	grow := func(c int, pads [4]float64) {
		id := g.nodes[c].ID
		u := g.boxes[c]
		for _, i := range g.homed(c) {
			if k := g.kinds[i]; k == kindBorder || k == kindChip || k == kindNone || !g.placed[i] {
				continue
			}
			b := g.boxes[i]
			u = u.union(padded(b, pads))
		}
		for _, b := range marks[id] {
			u = u.union(padded(b, pads))
		}
		g.setBoxAt(c, u)
	}
	for i, n := range g.nodes {
		if n.Type == model.TypeSubnet && g.kinds[i] == kindContainer {
			grow(i, [4]float64{subPad, subHead, subPad, subPad})
		}
	}
	for i, n := range g.nodes {
		if n.Type == model.TypeVPC {
			grow(i, [4]float64{vpcPad + azPad, vpcHead + azHead + azPad, vpcPad + azPad, vpcPad + azPad})
		}
	}
}
