package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// This file holds the editor's changes to a design: pure functions over
// model.Design that the canvas actions (ui_ops.go) call. They never check
// the result: the caller decodes the changed document again and refuses to
// save anything with problems, so a change that would break the document
// is reported with the checker's own message.

// editOp is one canvas action as the browser sends it.
type editOp struct {
	Op     string            `json:"op"`
	Type   string            `json:"type,omitempty"`   // add
	ID     string            `json:"id,omitempty"`     // resize
	IDs    []string          `json:"ids,omitempty"`    // move, delete, duplicate
	X      float64           `json:"x,omitempty"`      // add, resize
	Y      float64           `json:"y,omitempty"`      // add, resize
	W      float64           `json:"w,omitempty"`      // resize
	H      float64           `json:"h,omitempty"`      // resize
	DX     float64           `json:"dx,omitempty"`     // move, paste
	DY     float64           `json:"dy,omitempty"`     // move, paste
	Parent *string           `json:"parent,omitempty"` // add, move: the container dropped into; "" for none
	From   string            `json:"from,omitempty"`   // connect
	To     string            `json:"to,omitempty"`     // connect
	Value  string            `json:"value,omitempty"`  // title
	Nodes  []json.RawMessage `json:"nodes,omitempty"`  // paste
	Edges  []json.RawMessage `json:"edges,omitempty"`  // paste
}

// box is a node's rectangle in diagram units.
type box struct{ X, Y, W, H float64 }

// Sizes of new nodes, and the room a container keeps around its children
// (its label sits in the top band).
const (
	nodeW, nodeH     = 180.0, 56.0
	subnetW, subnetH = 300.0, 200.0
	vpcW, vpcH       = 720.0, 440.0
	padSide, padTop  = 20.0, 44.0
	gridStep         = 10.0
)

// isContainer reports whether nodes of type t hold other nodes.
func isContainer(t string) bool { return t == model.TypeVPC || t == model.TypeSubnet }

// defaultSize is the size of a new node of type t.
func defaultSize(t string) (w, h float64) {
	switch t {
	case model.TypeVPC:
		return vpcW, vpcH
	case model.TypeSubnet:
		return subnetW, subnetH
	}
	return nodeW, nodeH
}

// idBase is the stem of generated ids, short and readable on the canvas.
var idBase = map[string]string{
	model.TypeVPC: "vpc", model.TypeSubnet: "subnet", model.TypeRouteTable: "rt",
	model.TypeInternetGateway: "igw", model.TypeNATGateway: "nat", model.TypeVPCEndpoint: "vpce",
	model.TypeSecurityGroup: "sg", model.TypeNetworkACL: "nacl", model.TypeLambda: "fn",
	model.TypeIAMRole: "role", model.TypeIAMUser: "user", model.TypeDynamoDBTable: "table",
	model.TypeS3Bucket: "bucket", model.TypeSQSQueue: "queue", model.TypeSNSTopic: "topic",
	model.TypeRDSCluster: "db", model.TypeEC2Instance: "instance", model.TypeEFSFileSystem: "efs",
	model.TypeCloudWatchLogs: "logs", model.TypeCloudWatchMetric: "metrics", model.TypeXRay: "xray",
	model.TypeInternetHost: "internet", model.TypeExternalAccount: "account", model.TypeGeneric: "resource",
}

// editor applies canvas actions to one design. Its fields are rebuilt after
// every structural change so lookups stay cheap on large designs.
type editor struct {
	d     *model.Design
	ix    *model.Index
	boxes map[string]box
	// selected are the nodes or edges an action created, for the browser
	// to select afterwards.
	selected []string
}

// userError is a refusal the browser shows as it is.
func editError(format string, args ...any) error {
	return &model.Error{Kind: model.ErrInvalid, Msg: fmt.Sprintf(format, args...)}
}

// newEditor prepares d for editing: every node the layout drew as a box
// gets an explicit position (from boxes, which the layout computed), and
// containers their size too, so that moving one node never lets the
// automatic layout move the others. Cards keep the size the renderer gives
// them (it knows their chips) unless someone resized them.
func newEditor(d *model.Design, boxes map[string]box) *editor {
	e := &editor{d: d, boxes: boxes}
	for _, n := range d.Nodes {
		b, ok := boxes[n.ID]
		if ok && (n.X == nil || n.Y == nil || isContainer(n.Type) && (n.W == nil || n.H == nil)) {
			e.place(n, b)
		}
	}
	e.reindex()
	return e
}

func (e *editor) reindex() { e.ix = model.NewIndex(e.d) }

func fptr(f float64) *float64 { return &f }

// place puts a node's corner at b, rounded to whole units, and sets its size
// too for a container or a card that has an explicit size.
func (e *editor) place(n *model.Node, b box) {
	b = box{math.Round(b.X), math.Round(b.Y), math.Round(max(b.W, gridStep)), math.Round(max(b.H, gridStep))}
	n.X, n.Y = fptr(b.X), fptr(b.Y)
	if isContainer(n.Type) || n.W != nil || n.H != nil {
		n.W, n.H = fptr(b.W), fptr(b.H)
	}
	e.boxes[n.ID] = b
}

// resizeTo sets a node's rectangle, size included.
func (e *editor) resizeTo(n *model.Node, b box) {
	n.W, n.H = fptr(0), fptr(0)
	e.place(n, b)
}

// drawnAsBox reports whether a node has a rectangle of its own: chips
// (route tables, security groups, network ACLs) are drawn on what uses them
// and have none, nor a position to move.
func (e *editor) drawnAsBox(n *model.Node) bool {
	_, ok := e.boxes[n.ID]
	return ok || n.X != nil && n.Y != nil
}

// boxOf returns a node's rectangle: what the document says, completed by
// the layout's box or the default size.
func (e *editor) boxOf(n *model.Node) box {
	b, ok := e.boxes[n.ID]
	if !ok {
		b.W, b.H = defaultSize(n.Type)
	}
	for _, f := range []struct {
		dst *float64
		src *float64
	}{{&b.X, n.X}, {&b.Y, n.Y}, {&b.W, n.W}, {&b.H, n.H}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	return b
}

// apply runs one action.
func (e *editor) apply(op editOp) error {
	switch op.Op {
	case "add":
		return e.add(op)
	case "move":
		return e.move(op)
	case "resize":
		return e.resize(op)
	case "delete":
		return e.remove(op.IDs)
	case "connect":
		return e.connect(op.From, op.To)
	case "duplicate":
		nodes, edges := e.copyOf(op.IDs)
		return e.paste(nodes, edges, 4*gridStep, 4*gridStep)
	case "paste":
		return e.paste(op.Nodes, op.Edges, op.DX, op.DY)
	case "title":
		e.d.Title = strings.TrimSpace(op.Value)
		return nil
	}
	return editError("unknown action %q", op.Op)
}

// freshID returns base-N for the smallest N ≥ 1 no node or edge uses.
func (e *editor) freshID(base string) string {
	base = cleanID(base)
	for i := 1; ; i++ {
		id := base + "-" + strconv.Itoa(i)
		if e.ix.Node(id) == nil && e.ix.Edges[id] == nil {
			return id
		}
	}
}

var notIDChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// cleanID turns any text into a valid id stem.
func cleanID(s string) string {
	s = strings.Trim(notIDChars.ReplaceAllString(s, "-"), "-._")
	if s == "" {
		s = "node"
	}
	if len(s) > model.MaxIDLength-6 {
		s = s[:model.MaxIDLength-6]
	}
	return s
}

// container returns the node id names if it is a VPC or subnet.
func (e *editor) container(id string) *model.Node {
	if n := e.ix.Node(id); n != nil && isContainer(n.Type) {
		return n
	}
	return nil
}

// vpcOf returns the VPC a container is or belongs to.
func (e *editor) vpcOf(c *model.Node) *model.Node {
	if c == nil {
		return nil
	}
	if c.Type == model.TypeVPC {
		return c
	}
	return e.ix.NodeOfType(c.Parent, model.TypeVPC)
}

// insert adds a node at b and indexes it.
func (e *editor) insert(n *model.Node, b box) {
	e.d.Nodes = append(e.d.Nodes, n)
	e.reindex()
	e.place(n, b)
}

// insertUnplaced adds a node without a position: the layout places it
// where nothing else is (a role beside its function) or draws it as a chip
// (route tables, security groups, network ACLs).
func (e *editor) insertUnplaced(n *model.Node) {
	e.d.Nodes = append(e.d.Nodes, n)
	e.reindex()
}

// add creates a node of a palette type where it was dropped, with what the
// AWS console would create along with it: a VPC comes with its main route
// table and default security group; a function with an execution role and,
// dropped into a subnet, the VPC configuration for that subnet.
func (e *editor) add(op editOp) error {
	base, ok := idBase[op.Type]
	if !ok {
		return editError("unknown node type %q", op.Type)
	}
	var into *model.Node
	if op.Parent != nil && *op.Parent != "" {
		if into = e.container(*op.Parent); into == nil {
			return editError("%q is not a VPC or subnet of this design", *op.Parent)
		}
	}
	w, h := defaultSize(op.Type)
	b := snapBox(box{op.X - w/2, op.Y - h/2, w, h})
	n := &model.Node{ID: e.freshID(base), Type: op.Type}
	vpc := e.vpcOf(into)
	switch op.Type {
	case model.TypeVPC:
		if into != nil {
			return editError("a VPC is a top-level container: drop it on the empty canvas")
		}
		n.CIDR = e.freeVPCBlock()
	case model.TypeSubnet:
		if vpc == nil {
			return editError("a subnet lives in a VPC: drop it into one")
		}
		n.Parent = vpc.ID
		cidr, ok := e.freeSubnetBlock(vpc)
		if !ok {
			return editError("%s has no free /24 block left for another subnet", vpc.ID)
		}
		n.CIDR = cidr
		n.AZ = e.d.RegionName() + string(rune('a'+len(e.subnetsOf(vpc))%3))
	case model.TypeInternetGateway, model.TypeRouteTable, model.TypeSecurityGroup, model.TypeNetworkACL:
		if vpc == nil {
			return editError("a %s belongs to a VPC: drop it into one", op.Type)
		}
		n.Parent = vpc.ID
		if op.Type != model.TypeInternetGateway {
			// Drawn as a chip on what uses it: the layout places it.
			e.insertUnplaced(n)
			e.selected = append(e.selected, n.ID)
			return nil
		}
	case model.TypeVPCEndpoint:
		if vpc == nil {
			return editError("a VPC endpoint belongs to a VPC: drop it into one")
		}
		n.Parent = vpc.ID
		n.Service = "s3"
		if rt := e.ix.MainRouteTable[vpc.ID]; rt != nil {
			n.RouteTables = []string{rt.ID}
		}
	case model.TypeNATGateway, model.TypeEC2Instance:
		if into == nil || into.Type != model.TypeSubnet {
			return editError("a %s sits in a subnet: drop it into one", op.Type)
		}
		n.Parent = into.ID
		if op.Type == model.TypeEC2Instance {
			n.SecurityGroups = e.defaultSGs(vpc)
		}
	case model.TypeLambda:
		role := &model.Node{ID: e.freshID(n.ID + "-role"), Type: model.TypeIAMRole,
			ManagedPolicies: []string{"AWSLambdaBasicExecutionRole"}}
		n.Role = role.ID
		e.insert(n, b)
		e.insertUnplaced(role)
		e.selected = append(e.selected, n.ID)
		if into != nil {
			n.Parent = into.ID
			return e.enterContainer(n, into)
		}
		return nil
	case model.TypeRDSCluster:
		if into != nil && into.Type == model.TypeSubnet {
			n.Subnets = []string{into.ID}
			n.SecurityGroups = e.defaultSGs(vpc)
		}
		if into != nil {
			n.Parent = into.ID
		}
	case model.TypeEFSFileSystem:
		if into != nil && into.Type == model.TypeSubnet {
			n.MountTargets = []model.MountTarget{{Subnet: into.ID, SecurityGroups: e.defaultSGs(vpc)}}
		}
		if into != nil {
			n.Parent = into.ID
		}
	case model.TypeExternalAccount:
		n.Account = "444455556666"
	case model.TypeInternetHost:
		n.Host = "example.com"
	default:
		if into != nil {
			n.Parent = into.ID
		}
	}
	e.insert(n, b)
	e.selected = append(e.selected, n.ID)
	if op.Type == model.TypeVPC {
		e.vpcDefaults(n)
	}
	return nil
}

// vpcDefaults adds what AWS creates with every VPC: the main route table
// (local route only) and the default security group (all traffic from
// itself in, all traffic out). The default network ACL allows everything,
// which is what a subnet without networkAcl already means.
func (e *editor) vpcDefaults(vpc *model.Node) {
	rt := &model.Node{ID: e.freshID(vpc.ID + "-main-rt"), Type: model.TypeRouteTable, Parent: vpc.ID, Main: true, Label: "main route table"}
	e.insertUnplaced(rt)
	sg := &model.Node{ID: e.freshID(vpc.ID + "-default-sg"), Type: model.TypeSecurityGroup, Parent: vpc.ID, Label: "default"}
	sg.Ingress = []model.SGRule{{Protocol: "all", From: sg.ID}}
	e.insertUnplaced(sg)
}

// defaultSGs picks the security group the console would preselect in a VPC:
// its default group (labelled "default"), else its first; creating the
// default group when the VPC has none.
func (e *editor) defaultSGs(vpc *model.Node) []string {
	if vpc == nil {
		return nil
	}
	var first *model.Node
	for _, n := range e.d.Nodes {
		if n.Type != model.TypeSecurityGroup || e.vpcOf(e.ix.Node(n.Parent)) != vpc {
			continue
		}
		if n.Label == "default" || n.Name == "default" {
			return []string{n.ID}
		}
		if first == nil {
			first = n
		}
	}
	if first != nil {
		return []string{first.ID}
	}
	sg := &model.Node{ID: e.freshID(vpc.ID + "-default-sg"), Type: model.TypeSecurityGroup, Parent: vpc.ID, Label: "default"}
	sg.Ingress = []model.SGRule{{Protocol: "all", From: sg.ID}}
	e.insertUnplaced(sg)
	return []string{sg.ID}
}

// subnetsOf lists a VPC's subnets.
func (e *editor) subnetsOf(vpc *model.Node) []*model.Node {
	var out []*model.Node
	for _, n := range e.ix.Children[vpc.ID] {
		if n.Type == model.TypeSubnet {
			out = append(out, n)
		}
	}
	return out
}

// freeVPCBlock returns the first 10.N.0.0/16 no VPC of the design uses.
func (e *editor) freeVPCBlock() string {
	used := map[string]bool{}
	for _, n := range e.d.Nodes {
		if n.Type == model.TypeVPC {
			used[n.CIDR] = true
		}
	}
	for i := 0; i < 256; i++ {
		if c := fmt.Sprintf("10.%d.0.0/16", i); !used[c] {
			return c
		}
	}
	return "10.0.0.0/16"
}

// freeSubnetBlock returns the first /24 (or the VPC's own size, if smaller)
// inside the VPC's block that overlaps none of its subnets.
func (e *editor) freeSubnetBlock(vpc *model.Node) (string, bool) {
	vp, err := netip.ParsePrefix(vpc.CIDR)
	if err != nil || !vp.Addr().Is4() {
		return "", false
	}
	bits := max(24, vp.Bits())
	var taken []netip.Prefix
	for _, s := range e.subnetsOf(vpc) {
		if p, err := netip.ParsePrefix(s.CIDR); err == nil {
			taken = append(taken, p)
		}
	}
	a := vp.Masked().Addr().As4()
	start := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	step := uint32(1) << (32 - bits)
	for i := uint32(0); i < 1<<(bits-vp.Bits()); i++ {
		v := start + i*step
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits)
		if !slices.ContainsFunc(taken, p.Overlaps) {
			return p.String(), true
		}
	}
	return "", false
}

// move shifts nodes by (dx, dy), their descendants with them, and, when the
// drop named a container, puts them in it.
func (e *editor) move(op editOp) error {
	moving := e.withDescendants(op.IDs)
	for id := range moving {
		if n := e.ix.Node(id); e.drawnAsBox(n) {
			b := e.boxOf(n)
			e.place(n, box{b.X + op.DX, b.Y + op.DY, b.W, b.H})
		}
	}
	if op.Parent == nil {
		return nil
	}
	var into *model.Node
	if *op.Parent != "" {
		if into = e.container(*op.Parent); into == nil {
			return editError("%q is not a VPC or subnet of this design", *op.Parent)
		}
		if moving[into.ID] {
			return editError("a container cannot be dropped into itself")
		}
	}
	for _, id := range op.IDs {
		n := e.ix.Node(id)
		if n == nil || moving[n.Parent] && !slices.Contains(op.IDs, n.Parent) {
			continue
		}
		if slices.Contains(op.IDs, n.Parent) {
			continue // moves with its selected container
		}
		if err := e.reparent(n, into); err != nil {
			return err
		}
	}
	return nil
}

// reparent puts n into the container into (nil: the top level).
func (e *editor) reparent(n *model.Node, into *model.Node) error {
	if into == nil {
		n.Parent = ""
		return nil
	}
	if into.ID == n.Parent {
		return nil
	}
	switch n.Type {
	case model.TypeVPC:
		return editError("a VPC is a top-level container and cannot be put in %s", into.ID)
	case model.TypeSubnet, model.TypeInternetGateway:
		if v := e.vpcOf(into); v != nil {
			n.Parent = v.ID
		}
		return nil
	case model.TypeLambda:
		n.Parent = into.ID
		return e.enterContainer(n, into)
	}
	n.Parent = into.ID
	return nil
}

// enterContainer attaches a function dropped into a subnet to that subnet:
// the subnet joins its VPC configuration (or replaces it, when the function
// was attached to another VPC), with the VPC's default security group, and
// its role gets the network-interface permissions Lambda needs in a VPC.
func (e *editor) enterContainer(fn *model.Node, into *model.Node) error {
	if into.Type != model.TypeSubnet {
		return nil
	}
	vpc := e.vpcOf(into)
	switch {
	case fn.VPC == nil || len(fn.VPC.Subnets) == 0:
		fn.VPC = &model.VPCConfig{Subnets: []string{into.ID}, SecurityGroups: e.defaultSGs(vpc)}
	case e.vpcOf(e.ix.Node(e.ix.Node(fn.VPC.Subnets[0]).Parent)) != vpc:
		fn.VPC = &model.VPCConfig{Subnets: []string{into.ID}, SecurityGroups: e.defaultSGs(vpc)}
	case !slices.Contains(fn.VPC.Subnets, into.ID):
		fn.VPC.Subnets = append(fn.VPC.Subnets, into.ID)
	}
	if role := e.ix.NodeOfType(fn.Role, model.TypeIAMRole); role != nil &&
		!slices.Contains(role.ManagedPolicies, "AWSLambdaVPCAccessExecutionRole") {
		role.ManagedPolicies = append(role.ManagedPolicies, "AWSLambdaVPCAccessExecutionRole")
	}
	return nil
}

// withDescendants returns ids and every node drawn inside them.
func (e *editor) withDescendants(ids []string) map[string]bool {
	out := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if out[id] || e.ix.Node(id) == nil {
			return
		}
		out[id] = true
		for _, c := range e.ix.Children[id] {
			walk(c.ID)
		}
	}
	for _, id := range ids {
		walk(id)
	}
	return out
}

// resize sets a node's rectangle.
func (e *editor) resize(op editOp) error {
	n := e.ix.Node(op.ID)
	if n == nil {
		return editError("%q is not a node of this design", op.ID)
	}
	e.resizeTo(n, box{op.X, op.Y, max(op.W, 4*gridStep), max(op.H, 4*gridStep)})
	return nil
}

// remove deletes nodes and edges. A container goes with everything drawn in
// it; arrows into deleted nodes go too, and every reference to them is
// dropped (a route to a deleted gateway, a rule naming a deleted group).
func (e *editor) remove(ids []string) error {
	gone := e.withDescendants(ids)
	edgeGone := map[string]bool{}
	for _, id := range ids {
		if e.ix.Edges[id] != nil {
			edgeGone[id] = true
		}
	}
	if len(gone) == 0 && len(edgeGone) == 0 {
		return editError("nothing to delete")
	}
	e.d.Nodes = slices.DeleteFunc(e.d.Nodes, func(n *model.Node) bool { return gone[n.ID] })
	e.d.Edges = slices.DeleteFunc(e.d.Edges, func(ed *model.Edge) bool {
		if gone[ed.From] || gone[ed.To] || edgeGone[ed.ID] {
			edgeGone[ed.ID] = true
			return true
		}
		return false
	})
	for _, n := range e.d.Nodes {
		scrub(n, gone)
		if n.Type == model.TypeIAMRole {
			for id := range edgeGone {
				n.Policies = withoutPolicy(n.Policies, grantName(id))
			}
		}
	}
	for _, ed := range e.d.Edges {
		if gone[ed.FromSubnet] {
			ed.FromSubnet = ""
		}
	}
	e.reindex()
	return nil
}

// eachRef calls fn with every field of n that names another node.
func eachRef(n *model.Node, fn func(*string)) {
	fn(&n.Parent)
	fn(&n.RouteTable)
	fn(&n.NetworkACL)
	fn(&n.Role)
	for i := range n.Routes {
		fn(&n.Routes[i].Target)
	}
	for _, list := range [][]string{n.RouteTables, n.Subnets, n.SecurityGroups} {
		for i := range list {
			fn(&list[i])
		}
	}
	isRef := func(s string) bool { return s != "" && !strings.Contains(s, "/") && !strings.HasPrefix(s, "pl:") }
	for i := range n.Ingress {
		if isRef(n.Ingress[i].From) {
			fn(&n.Ingress[i].From)
		}
	}
	if n.Egress != nil {
		for i := range *n.Egress {
			if isRef((*n.Egress)[i].To) {
				fn(&(*n.Egress)[i].To)
			}
		}
	}
	if n.VPC != nil {
		for i := range n.VPC.Subnets {
			fn(&n.VPC.Subnets[i])
		}
		for i := range n.VPC.SecurityGroups {
			fn(&n.VPC.SecurityGroups[i])
		}
	}
	for i := range n.MountTargets {
		fn(&n.MountTargets[i].Subnet)
		for j := range n.MountTargets[i].SecurityGroups {
			fn(&n.MountTargets[i].SecurityGroups[j])
		}
	}
}

// scrub drops n's references to the nodes in gone.
func scrub(n *model.Node, gone map[string]bool) {
	eachRef(n, func(p *string) {
		if gone[*p] {
			*p = ""
		}
	})
	empty := func(s string) bool { return s == "" }
	n.RouteTables = slices.DeleteFunc(n.RouteTables, empty)
	n.Subnets = slices.DeleteFunc(n.Subnets, empty)
	n.SecurityGroups = slices.DeleteFunc(n.SecurityGroups, empty)
	n.Routes = slices.DeleteFunc(n.Routes, func(r model.Route) bool { return r.Target == "" })
	n.Ingress = slices.DeleteFunc(n.Ingress, func(r model.SGRule) bool { return r.From == "" })
	if n.Egress != nil {
		kept := slices.DeleteFunc(*n.Egress, func(r model.SGRule) bool { return r.To == "" })
		n.Egress = &kept
	}
	n.MountTargets = slices.DeleteFunc(n.MountTargets, func(m model.MountTarget) bool { return m.Subnet == "" })
	for i := range n.MountTargets {
		n.MountTargets[i].SecurityGroups = slices.DeleteFunc(n.MountTargets[i].SecurityGroups, empty)
	}
	if n.VPC != nil {
		n.VPC.Subnets = slices.DeleteFunc(n.VPC.Subnets, empty)
		n.VPC.SecurityGroups = slices.DeleteFunc(n.VPC.SecurityGroups, empty)
		if len(n.VPC.Subnets) == 0 {
			n.VPC = nil
		}
	}
}

// rename changes a node's id and every reference to it.
func rename(d *model.Design, from, to string) {
	for _, n := range d.Nodes {
		if n.ID == from {
			n.ID = to
		}
		eachRef(n, func(p *string) {
			if *p == from {
				*p = to
			}
		})
	}
	for _, ed := range d.Edges {
		for _, p := range []*string{&ed.From, &ed.To, &ed.FromSubnet} {
			if *p == from {
				*p = to
			}
		}
	}
}

// callers are the node types whose arrows are calls made with their own
// identity, so a new arrow names the target's default actions.
var callers = []string{model.TypeLambda, model.TypeIAMRole, model.TypeIAMUser}

// connect draws an arrow with the defaults for the pair: the target's
// default actions for a caller with an identity, the target's port for a
// network connection. A function's arrow also grants its execution role the
// arrow's actions on the target, as SAM connectors do: drawing the arrow
// states the intent, and the checks then show what else stands in the way.
func (e *editor) connect(from, to string) error {
	a, b := e.ix.Node(from), e.ix.Node(to)
	if a == nil || b == nil {
		return editError("an arrow needs two nodes of this design")
	}
	if from == to {
		return editError("an arrow needs two different nodes")
	}
	for _, ed := range e.d.Edges {
		if ed.From == from && ed.To == to {
			e.selected = append(e.selected, ed.ID)
			return editError("%s already has an arrow to %s", from, to)
		}
	}
	ed := &model.Edge{ID: e.freshID(from + "-" + to), From: from, To: to}
	if slices.Contains(callers, a.Type) && b.Type != model.TypeLambda || a.Type == model.TypeLambda {
		ed.Actions = model.DefaultActions(b.Type)
	}
	switch b.Type {
	case model.TypeRDSCluster, model.TypeEFSFileSystem, model.TypeEC2Instance, model.TypeInternetHost:
		ed.Port = ed.DestPort(b)
	}
	e.d.Edges = append(e.d.Edges, ed)
	e.reindex()
	e.selected = append(e.selected, ed.ID)
	if a.Type == model.TypeLambda && len(ed.Actions) > 0 {
		if role := e.ix.NodeOfType(a.Role, model.TypeIAMRole); role != nil {
			if res := e.grantResources(b); len(res) > 0 {
				role.Policies = withPolicy(role.Policies, grantName(ed.ID), grant(ed.Actions, res))
			}
		}
	}
	return nil
}

// grantName names the inline policy an arrow added to a role.
func grantName(edgeID string) string { return "archway-" + edgeID }

// grantResources are the ARNs an arrow's actions are authorized on.
func (e *editor) grantResources(n *model.Node) []string {
	switch n.Type {
	case model.TypeS3Bucket:
		return []string{e.d.ARN(n), e.d.ObjectARN(n)}
	case model.TypeCloudWatchLogs:
		return []string{e.d.ARN(n) + ":*"}
	case model.TypeInternetHost, model.TypeGeneric:
		return nil
	}
	if arn := e.d.ARN(n); arn != "" {
		return []string{arn}
	}
	return nil
}

// grant is an identity policy allowing actions on resources.
func grant(actions, resources []string) json.RawMessage {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect": "Allow", "Action": actions, "Resource": resources,
		}},
	}
	b, _ := json.Marshal(doc)
	return b
}

// withPolicy adds a named inline policy to a policies field: as a key when
// it is an object of name to document (or empty), appended when it is an
// array.
func withPolicy(raw json.RawMessage, name string, doc json.RawMessage) json.RawMessage {
	if len(raw) > 0 && raw[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			b, _ := json.Marshal(append(list, doc))
			return b
		}
	}
	named := map[string]json.RawMessage{}
	if len(raw) > 0 {
		if json.Unmarshal(raw, &named) != nil {
			return raw
		}
	}
	named[name] = doc
	b, _ := json.Marshal(named)
	return b
}

// withoutPolicy removes a named inline policy, if the field is an object.
func withoutPolicy(raw json.RawMessage, name string) json.RawMessage {
	if len(raw) == 0 || raw[0] != '{' {
		return raw
	}
	named := map[string]json.RawMessage{}
	if json.Unmarshal(raw, &named) != nil {
		return raw
	}
	if _, ok := named[name]; !ok {
		return raw
	}
	delete(named, name)
	if len(named) == 0 {
		return nil
	}
	b, _ := json.Marshal(named)
	return b
}

// copyOf returns the nodes ids name with everything drawn inside them, and
// the arrows between them, as JSON objects for the clipboard.
func (e *editor) copyOf(ids []string) (nodes, edges []json.RawMessage) {
	set := e.withDescendants(ids)
	for _, n := range e.d.Nodes {
		if set[n.ID] {
			b, _ := json.Marshal(n)
			nodes = append(nodes, b)
		}
	}
	for _, ed := range e.d.Edges {
		if set[ed.From] && set[ed.To] {
			b, _ := json.Marshal(ed)
			edges = append(edges, b)
		}
	}
	return nodes, edges
}

// paste adds copied nodes and arrows, shifted by (dx, dy). Ids that are
// taken get fresh ones (references inside the pasted set follow), and
// references to nodes that are neither pasted nor in the design are dropped.
func (e *editor) paste(rawNodes, rawEdges []json.RawMessage, dx, dy float64) error {
	if len(rawNodes) == 0 {
		return editError("the clipboard holds no nodes")
	}
	if len(rawNodes) > model.MaxNodes {
		return editError("the clipboard holds more than %d nodes", model.MaxNodes)
	}
	part := &model.Design{}
	for i, raw := range rawNodes {
		var n model.Node
		if err := json.Unmarshal(raw, &n); err != nil {
			return editError("clipboard node %d: %v", i, err)
		}
		part.Nodes = append(part.Nodes, &n)
	}
	for i, raw := range rawEdges {
		var ed model.Edge
		if err := json.Unmarshal(raw, &ed); err != nil {
			return editError("clipboard arrow %d: %v", i, err)
		}
		part.Edges = append(part.Edges, &ed)
	}
	ids := map[string]bool{}
	for _, n := range part.Nodes {
		if old := n.ID; e.ix.Node(old) != nil || e.ix.Edges[old] != nil || ids[old] {
			id := e.freshID(old)
			for ids[id] {
				id += "x"
			}
			rename(part, old, id)
		}
		ids[n.ID] = true
	}
	missing := map[string]bool{}
	for _, n := range part.Nodes {
		eachRef(n, func(p *string) {
			if *p != "" && !ids[*p] && e.ix.Node(*p) == nil {
				missing[*p] = true
			}
		})
	}
	for _, n := range part.Nodes {
		scrub(n, missing)
		if n.X != nil && n.Y != nil {
			n.X, n.Y = fptr(*n.X+dx), fptr(*n.Y+dy)
		}
		e.d.Nodes = append(e.d.Nodes, n)
		e.selected = append(e.selected, n.ID)
	}
	e.reindex()
	for _, ed := range part.Edges {
		if !ids[ed.From] || !ids[ed.To] {
			continue
		}
		ed.ID = e.freshID(ed.From + "-" + ed.To)
		e.d.Edges = append(e.d.Edges, ed)
		e.reindex()
	}
	return nil
}

// fit grows every container to hold what is drawn in it, innermost first;
// it never shrinks one.
func (e *editor) fit() {
	depth := func(n *model.Node) int {
		d := 0
		for p := e.ix.Node(n.Parent); p != nil && d < 4; p = e.ix.Node(p.Parent) {
			d++
		}
		return d
	}
	containers := slices.DeleteFunc(slices.Clone(e.d.Nodes), func(n *model.Node) bool { return !isContainer(n.Type) })
	slices.SortStableFunc(containers, func(a, b *model.Node) int { return depth(b) - depth(a) })
	for _, c := range containers {
		cb := e.boxOf(c)
		x0, y0, x1, y1 := cb.X, cb.Y, cb.X+cb.W, cb.Y+cb.H
		for _, ch := range e.ix.Children[c.ID] {
			if !e.drawnAsBox(ch) {
				continue
			}
			b := e.boxOf(ch)
			x0, y0 = min(x0, b.X-padSide), min(y0, b.Y-padTop)
			x1, y1 = max(x1, b.X+b.W+padSide), max(y1, b.Y+b.H+padSide)
		}
		if x0 != cb.X || y0 != cb.Y || x1 != cb.X+cb.W || y1 != cb.Y+cb.H {
			e.place(c, box{x0, y0, x1 - x0, y1 - y0})
		}
	}
}

// snapBox puts a box's corner on the grid.
func snapBox(b box) box {
	return box{math.Round(b.X/gridStep) * gridStep, math.Round(b.Y/gridStep) * gridStep, b.W, b.H}
}
