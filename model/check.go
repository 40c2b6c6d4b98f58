package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

var (
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$`)
)

// vpcScoped types live in one VPC: their parent is that VPC or one of its
// subnets, and everything they reference must be in the same VPC.
var vpcScoped = []string{TypeRouteTable, TypeSecurityGroup, TypeNetworkACL, TypeVPCEndpoint}

// notEndpoints are containers and network plumbing: an arrow never starts or
// ends at one of them.
var notEndpoints = []string{
	TypeVPC, TypeSubnet, TypeRouteTable, TypeSecurityGroup, TypeNetworkACL,
	TypeInternetGateway, TypeNATGateway, TypeVPCEndpoint,
}

// Check reports the problems of a decoded document beyond its JSON shape:
// ids, required fields, enumerations, references and their types, CIDRs,
// overlapping subnets and two main route tables. A function whose subnets
// span two VPCs is not a problem but a finding (the engines report it).
func Check(d *Design) []Problem {
	c := &checker{d: d, ix: NewLookup(d)} // the checks only look nodes up
	c.design()
	for i, n := range d.Nodes {
		path := jpath{base: "nodes"}.index(i)
		// the lookup has the position of the first node of each id
		c.id(path.field("id"), n.ID, c.ix.Pos[n.ID] != i, "node")
		c.node(path, n)
	}
	c.subnetOverlaps()
	for i, e := range d.Edges {
		path := jpath{base: "edges"}.index(i)
		// and the first edge of each id
		c.id(path.field("id"), e.ID, c.ix.Edges[e.ID] != e, "edge")
		c.edge(path, e)
	}
	return c.ps
}

type checker struct {
	d  *Design
	ix *Index
	ps problems
}

func (c *checker) design() {
	if c.d.Account != "" && !accountPattern.MatchString(c.d.Account) {
		c.ps.add("account", "%q is not an AWS account id: use 12 digits", c.d.Account)
	}
	if c.d.Region != "" && !regionPattern.MatchString(c.d.Region) {
		c.ps.add("region", "%q is not an AWS Region name such as us-east-1", c.d.Region)
	}
	for _, name := range sortedKeys(c.d.PrefixLists) {
		if name != "s3" && name != "dynamodb" {
			c.ps.add(field("prefixLists", name), "unknown prefix list %q; Archway knows s3 and dynamodb", name)
		}
		for i, cidr := range c.d.PrefixLists[name] {
			c.cidr(jpath{base: field("prefixLists", name)}.index(i), cidr, false)
		}
	}
}

// id checks an id; repeated is whether an earlier node or edge has it.
func (c *checker) id(path jpath, id string, repeated bool, what string) {
	switch {
	case id == "":
		c.ps.add(path.String(), "every %s needs an id", what)
	case len(id) > MaxIDLength:
		c.ps.add(path.String(), "the id is %d characters long; at most %d", len(id), MaxIDLength)
	case !validID(id):
		c.ps.add(path.String(), "%q is not a valid id: use letters, digits, '.', '_' and '-', starting with a letter or digit", id)
	case repeated:
		c.ps.add(path.String(), "another %s already has the id %q", what, id)
	}
}

// validID reports whether id is a letter or digit followed by letters,
// digits, '.', '_' and '-' (what the regular expression
// ^[A-Za-z0-9][A-Za-z0-9._-]*$ accepts), checked a byte at a time: every
// node and arrow has one.
func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return id != ""
}

func (c *checker) node(path jpath, n *Node) {
	if n.Account != "" && !accountPattern.MatchString(n.Account) {
		c.ps.add(path.field("account").String(), "%q is not an AWS account id: use 12 digits", n.Account)
	}
	if n.Region != "" && !regionPattern.MatchString(n.Region) {
		c.ps.add(path.field("region").String(), "%q is not an AWS Region name such as us-east-1", n.Region)
	}
	for _, s := range []struct {
		name string
		v    *float64
	}{{"w", n.W}, {"h", n.H}} {
		if s.v != nil && *s.v <= 0 {
			c.ps.add(path.field(s.name).String(), "a size must be greater than 0")
		}
	}
	c.parent(path, n)
	switch n.Type {
	case TypeVPC:
		if !c.required(path, "cidr", n.CIDR) {
			break
		}
		if p, ok := c.cidr(path.field("cidr"), n.CIDR, true); ok && (p.Bits() < 16 || p.Bits() > 28) {
			c.ps.add(path.field("cidr").String(), "a VPC's IPv4 block must be between /16 and /28, not /%d", p.Bits())
		}
		if n.ENIsInUse < 0 {
			c.ps.add(path.field("enisInUse").String(), "must not be negative")
		}
	case TypeSubnet:
		c.subnet(path, n)
	case TypeRouteTable:
		c.routeTable(path, n)
	case TypeNATGateway:
		c.enum(path.field("connectivity"), n.Connectivity, "public", "private")
		if n.ElasticIP != "" {
			c.address(path.field("elasticIp"), n.ElasticIP)
		}
	case TypeVPCEndpoint:
		c.endpoint(path, n)
	case TypeSecurityGroup:
		for i, r := range n.Ingress {
			c.sgRule(path.field("ingress").index(i), n, r, true)
		}
		if n.Egress != nil {
			for i, r := range *n.Egress {
				c.sgRule(path.field("egress").index(i), n, r, false)
			}
		}
	case TypeNetworkACL:
		c.aclRules(path.field("inbound"), n.Inbound)
		c.aclRules(path.field("outbound"), n.Outbound)
	case TypeLambda:
		c.lambda(path, n)
	case TypeIAMRole, TypeIAMUser:
		c.policyList(path.field("policies"), n.Policies)
		c.document(path.field("trust"), n.Trust)
		if len(n.PermissionsBoundary) > 0 && n.PermissionsBoundary[0] != '"' {
			c.document(path.field("permissionsBoundary"), n.PermissionsBoundary)
		}
	case TypeDynamoDBTable, TypeS3Bucket, TypeSQSQueue, TypeSNSTopic:
		c.document(path.field("policy"), n.Policy)
		if n.Address != "" {
			c.address(path.field("address"), n.Address)
		}
	case TypeRDSCluster:
		c.enum(path.field("engine"), n.Engine, "aurora-postgresql", "aurora-mysql", "postgres", "mysql")
		if n.Port < 0 || n.Port > 65535 {
			c.ps.add(path.field("port").String(), "%d is not a port number", n.Port)
		}
		vpc := c.refsInOneVPC(path, "subnets", n.Subnets, TypeSubnet)
		c.refsIn(path.field("securityGroups"), n.SecurityGroups, TypeSecurityGroup, vpc)
	case TypeEC2Instance:
		c.refsIn(path.field("securityGroups"), n.SecurityGroups, TypeSecurityGroup, c.ix.VPCOf(n))
	case TypeEFSFileSystem:
		c.document(path.field("policy"), n.Policy)
		azs := map[string]string{}
		for i, mt := range n.MountTargets {
			p := path.field("mountTargets").index(i)
			sub := c.ref(p.field("subnet"), mt.Subnet, TypeSubnet)
			c.refsIn(p.field("securityGroups"), mt.SecurityGroups, TypeSecurityGroup, c.ix.VPCOf(sub))
			if sub != nil && sub.AZ != "" {
				if other, dup := azs[sub.AZ]; dup {
					c.ps.add(p.field("subnet").String(), "a file system has one mount target per Availability Zone; %s already has one in %s", other, sub.AZ)
				}
				azs[sub.AZ] = mt.Subnet
			}
		}
	case TypeInternetHost:
		if n.Address != "" {
			c.address(path.field("address"), n.Address)
		}
	case TypeExternalAccount:
		c.required(path, "account", n.Account)
	}
}

// parent checks where a node is drawn or, for the types whose parent is
// their placement, where it is.
func (c *checker) parent(path jpath, n *Node) {
	p := path.field("parent")
	want := ""
	switch n.Type {
	case TypeVPC:
		if n.Parent != "" {
			c.ps.add(p.String(), "a vpc is a top-level container and has no parent")
		}
		return
	case TypeSubnet, TypeInternetGateway:
		want = TypeVPC
	case TypeNATGateway, TypeEC2Instance:
		want = TypeSubnet
	}
	if n.Parent == "" {
		if want != "" || slices.Contains(vpcScoped, n.Type) {
			c.ps.add(p.String(), "required: the id of the %s this %s is in", or(want, "vpc"), n.Type)
		}
		return
	}
	par := c.ix.Node(n.Parent)
	switch {
	case par == nil:
		c.ps.add(p.String(), "%q is not a node of this design", n.Parent)
	case par == n:
		c.ps.add(p.String(), "a node cannot contain itself")
	case want != "" && par.Type != want:
		c.ps.add(p.String(), "%q is %s; %s's parent must be %s", n.Parent, withArticle(par.Type), withArticle(n.Type), withArticle(want))
	case par.Type != TypeVPC && par.Type != TypeSubnet:
		c.ps.add(p.String(), "%q is %s; only a vpc or a subnet can contain other nodes", n.Parent, withArticle(par.Type))
	case n.Type == TypeLambda && n.VPC != nil && len(n.VPC.Subnets) > 0:
		vpc := c.ix.VPCOf(c.ix.Node(n.VPC.Subnets[0]))
		if vpc != nil && par != vpc && !slices.Contains(n.VPC.Subnets, par.ID) {
			c.ps.add(p.String(), "the function is attached to %s; draw it in that VPC or one of its subnets (%s)", vpc.ID, strings.Join(n.VPC.Subnets, ", "))
		}
	}
}

func (c *checker) subnet(path jpath, n *Node) {
	vpc := c.ix.NodeOfType(n.Parent, TypeVPC)
	if c.required(path, "cidr", n.CIDR) {
		if p, ok := c.cidr(path.field("cidr"), n.CIDR, true); ok {
			if p.Bits() < 16 || p.Bits() > 28 {
				c.ps.add(path.field("cidr").String(), "a subnet's IPv4 block must be between /16 and /28, not /%d", p.Bits())
			}
			if vpc != nil {
				if vp, err := netip.ParsePrefix(vpc.CIDR); err == nil && !(vp.Bits() <= p.Bits() && vp.Contains(p.Addr())) {
					c.ps.add(path.field("cidr").String(), "%s is not inside its VPC's block %s", n.CIDR, vpc.CIDR)
				}
			}
		}
	}
	if n.AZ != "" {
		region := or(n.Region, c.d.RegionName())
		if !strings.HasPrefix(n.AZ, region) || len(n.AZ) != len(region)+1 {
			c.ps.add(path.field("az").String(), "%q is not an Availability Zone of %s (for example %sa)", n.AZ, region, region)
		}
	}
	if n.AvailableIPs != nil && *n.AvailableIPs < 0 {
		c.ps.add(path.field("availableIps").String(), "must not be negative")
	}
	if n.RouteTable != "" {
		c.refIn(path.field("routeTable"), n.RouteTable, TypeRouteTable, vpc)
	}
	if n.NetworkACL != "" {
		c.refIn(path.field("networkAcl"), n.NetworkACL, TypeNetworkACL, vpc)
	}
}

func (c *checker) routeTable(path jpath, n *Node) {
	vpc := c.ix.VPCOf(n)
	if n.Main && vpc != nil {
		if first := c.ix.MainRouteTable[vpc.ID]; first != nil && first != n {
			c.ps.add(path.field("main").String(), "%s already has a main route table (%s); a VPC has exactly one", vpc.ID, first.ID)
		}
	}
	dests := map[string]int{}
	for i, r := range n.Routes {
		p := path.field("routes").index(i)
		switch {
		case r.Destination == "":
			c.ps.add(p.field("destination").String(), "required: a CIDR such as 0.0.0.0/0, or pl:s3 / pl:dynamodb")
		case strings.HasPrefix(r.Destination, "pl:"):
			c.prefixList(p.field("destination"), r.Destination)
		default:
			c.cidr(p.field("destination"), r.Destination, false)
		}
		if j, dup := dests[r.Destination]; dup && r.Destination != "" {
			c.ps.add(p.field("destination").String(), "routes[%d] already has the destination %s; a route table has one route per destination", j, r.Destination)
		}
		dests[r.Destination] = i
		if r.Target == "" {
			c.ps.add(p.field("target").String(), "required: an internet-gateway or nat-gateway of the same VPC")
			continue
		}
		t := c.ix.Node(r.Target)
		switch {
		case t == nil:
			c.ps.add(p.field("target").String(), "%q is not a node of this design", r.Target)
		case t.Type != TypeInternetGateway && t.Type != TypeNATGateway:
			c.ps.add(p.field("target").String(), "%q is %s; a route's target must be an internet-gateway or nat-gateway (gateway endpoints add their own routes through routeTables)", r.Target, withArticle(t.Type))
		case vpc != nil && c.ix.VPCOf(t) != nil && c.ix.VPCOf(t) != vpc:
			c.ps.add(p.field("target").String(), "%q is in %s, not in this route table's VPC %s", r.Target, c.ix.VPCOf(t).ID, vpc.ID)
		}
	}
}

func (c *checker) endpoint(path jpath, n *Node) {
	c.required(path, "service", n.Service)
	c.enum(path.field("endpointType"), n.EndpointType, "gateway", "interface")
	typ := n.EndpointKind()
	if typ == "gateway" && n.Service != "s3" && n.Service != "dynamodb" {
		c.ps.add(path.field("endpointType").String(), "gateway endpoints exist only for s3 and dynamodb; %s needs an interface endpoint", n.Service)
	}
	vpc := c.ix.VPCOf(n)
	if typ == "gateway" {
		if len(n.Subnets) > 0 || len(n.SecurityGroups) > 0 || n.PrivateDNS != nil {
			c.ps.add(path.String(), "subnets, securityGroups and privateDns belong to interface endpoints; a gateway endpoint is associated with routeTables")
		}
	} else if len(n.RouteTables) > 0 {
		c.ps.add(path.field("routeTables").String(), "route tables belong to gateway endpoints; an interface endpoint takes subnets and securityGroups")
	}
	c.refsIn(path.field("routeTables"), n.RouteTables, TypeRouteTable, vpc)
	azs := map[string]string{}
	for i, id := range n.Subnets {
		sub := c.refIn(path.field("subnets").index(i), id, TypeSubnet, vpc)
		if sub != nil && sub.AZ != "" {
			if other, dup := azs[sub.AZ]; dup {
				c.ps.add(path.field("subnets").index(i).String(), "an interface endpoint takes one subnet per Availability Zone; %s is already in %s", other, sub.AZ)
			}
			azs[sub.AZ] = id
		}
	}
	c.refsIn(path.field("securityGroups"), n.SecurityGroups, TypeSecurityGroup, vpc)
	c.document(path.field("policy"), n.Policy)
}

func (c *checker) sgRule(path jpath, sg *Node, r SGRule, ingress bool) {
	c.enum(path.field("protocol"), r.Protocol, "tcp", "udp", "icmp", "all")
	peer, peerField, wrongField := r.To, "to", r.From
	if ingress {
		peer, peerField, wrongField = r.From, "from", r.To
	}
	if wrongField != "" {
		c.ps.add(path.String(), "an %s rule names its peer with %q, not %q", map[bool]string{true: "ingress", false: "egress"}[ingress], peerField, map[bool]string{true: "to", false: "from"}[ingress])
	}
	c.peer(path.field(peerField), peer, c.ix.VPCOf(sg))
}

// peer checks a security-group rule's source or destination.
func (c *checker) peer(path jpath, peer string, vpc *Node) {
	switch {
	case peer == "":
		c.ps.add(path.String(), "required: a CIDR, a security-group id, or pl:s3 / pl:dynamodb")
	case strings.HasPrefix(peer, "pl:"):
		c.prefixList(path, peer)
	case strings.Contains(peer, "/"):
		c.cidr(path, peer, false)
	default:
		c.refIn(path, peer, TypeSecurityGroup, vpc)
	}
}

func (c *checker) aclRules(path jpath, rules []ACLRule) {
	seen := map[int]bool{}
	for i, r := range rules {
		p := path.index(i)
		switch {
		case r.Rule < 1 || r.Rule > 32766:
			c.ps.add(p.field("rule").String(), "rule numbers run from 1 to 32766, not %d", r.Rule)
		case seen[r.Rule]:
			c.ps.add(p.field("rule").String(), "rule %d appears twice; numbers are unique in each direction", r.Rule)
		}
		seen[r.Rule] = true
		c.enum(p.field("protocol"), r.Protocol, "tcp", "udp", "icmp", "all")
		if r.CIDR == "" {
			c.ps.add(p.field("cidr").String(), "required: the CIDR the rule matches, such as 0.0.0.0/0")
		} else {
			c.cidr(p.field("cidr"), r.CIDR, false)
		}
		if r.Action != "allow" && r.Action != "deny" {
			c.ps.add(p.field("action").String(), "must be \"allow\" or \"deny\", not %q", r.Action)
		}
	}
}

func (c *checker) lambda(path jpath, n *Node) {
	if n.Role != "" {
		c.ref(path.field("role"), n.Role, TypeIAMRole)
	}
	c.route(path.field("roleRoute"), n.RoleRoute)
	c.enum(path.field("tracing"), n.Tracing, "PassThrough", "Active")
	c.enum(path.field("state"), n.State, "Pending", "Active", "Inactive", "Failed")
	if n.URL != nil {
		c.enum(path.field("url").field("authType"), n.URL.AuthType, "NONE", "AWS_IAM")
		if n.URL.AuthType == "" {
			c.ps.add(path.field("url").field("authType").String(), "required: NONE or AWS_IAM")
		}
	}
	c.document(path.field("resourcePolicy"), n.ResourcePolicy)
	if n.VPC != nil {
		p := path.field("vpc")
		// Empty lists are how AWS disconnects a function from its VPC; subnets
		// without a security group are a configuration Lambda rejects, which the
		// network engine reports as a finding (R31).
		for i, id := range n.VPC.Subnets {
			c.ref(p.field("subnets").index(i), id, TypeSubnet)
		}
		for i, id := range n.VPC.SecurityGroups {
			c.ref(p.field("securityGroups").index(i), id, TypeSecurityGroup)
		}
	}
	for i, a := range n.Aliases {
		if a == "" || a == "$LATEST" || strings.ContainsAny(a, ":/ ") {
			c.ps.add(path.field("aliases").index(i).String(), "%q is not an alias name", a)
		}
	}
}

func (c *checker) edge(path jpath, e *Edge) {
	from := c.endpointRef(path.field("from"), e.From)
	to := c.endpointRef(path.field("to"), e.To)
	if e.From != "" && e.From == e.To {
		c.ps.add(path.field("to").String(), "an arrow needs two different nodes")
	}
	c.enum(path.field("protocol"), e.Protocol, "tcp", "udp", "icmp", "all")
	if e.Port < 0 || e.Port > 65535 {
		c.ps.add(path.field("port").String(), "%d is not a port number", e.Port)
	}
	c.enum(path.field("via"), e.Via, "url")
	if e.Via == "url" && to != nil && to.Type != TypeLambda {
		c.ps.add(path.field("via").String(), "\"url\" means a request to a function URL; %s is %s", e.To, withArticle(to.Type))
	}
	if e.Qualifier != "" && to != nil && to.Type != TypeLambda {
		c.ps.add(path.field("qualifier").String(), "a qualifier names a version or alias of the target function; %s is %s", e.To, withArticle(to.Type))
	}
	if e.FromSubnet != "" && from != nil {
		if from.Type != TypeLambda || from.VPC == nil || !slices.Contains(from.VPC.Subnets, e.FromSubnet) {
			c.ps.add(path.field("fromSubnet").String(), "%q is not one of the subnets %s is attached to", e.FromSubnet, e.From)
		}
	}
	for i, a := range e.Actions {
		if svc, op, ok := strings.Cut(a, ":"); !ok || svc == "" || op == "" {
			c.ps.add(path.field("actions").index(i).String(), "%q is not an action: write service:Operation, such as dynamodb:GetItem", a)
		}
	}
	c.route(path.field("route"), e.Route)
}

// route checks a stored route (an edge's, a function's role link): 2 to
// MaxRoutePoints finite points.
// Whether it still fits the drawing is the renderer's business: one that
// does not is drawn anew, not reported.
func (c *checker) route(path jpath, route []Point) {
	switch n := len(route); {
	case n == 1:
		c.ps.add(path.String(), "a route has at least 2 points, from the source's box to the target's")
	case n > MaxRoutePoints:
		c.ps.add(path.String(), "%d points; a route has at most %d", n, MaxRoutePoints)
	}
	for i, p := range route {
		if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
			c.ps.add(path.index(i).String(), "[%v, %v] is not a point: both coordinates must be finite numbers", p[0], p[1])
		}
	}
}

func (c *checker) endpointRef(path jpath, id string) *Node {
	if id == "" {
		c.ps.add(path.String(), "required: the id of a node")
		return nil
	}
	n := c.ix.Node(id)
	switch {
	case n == nil:
		c.ps.add(path.String(), "%q is not a node of this design", id)
	case slices.Contains(notEndpoints, n.Type):
		c.ps.add(path.String(), "%q is %s; arrows connect the resources that call each other, not network plumbing or containers", id, withArticle(n.Type))
		return nil
	}
	return n
}

func (c *checker) subnetOverlaps() {
	type block struct {
		pos    int
		id     string
		prefix netip.Prefix
	}
	byVPC := map[string][]block{}
	for i, n := range c.d.Nodes {
		if p, err := netip.ParsePrefix(n.CIDR); n.Type == TypeSubnet && err == nil && p.Addr().Is4() {
			byVPC[n.Parent] = append(byVPC[n.Parent], block{i, n.ID, p.Masked()})
		}
	}
	for _, vpc := range sortedKeys(byVPC) {
		blocks := byVPC[vpc]
		// Sorted by start address, larger blocks first, then document order.
		slices.SortStableFunc(blocks, func(a, b block) int {
			return cmp.Or(a.prefix.Addr().Compare(b.prefix.Addr()), cmp.Compare(a.prefix.Bits(), b.prefix.Bits()))
		})
		// CIDR blocks either nest or are disjoint, so a block overlaps an
		// earlier one exactly when it starts inside the earlier block that
		// reaches furthest.
		var widest block
		for i, b := range blocks {
			if i > 0 && widest.prefix.Contains(b.prefix.Addr()) {
				c.ps.add(field(index("nodes", b.pos), "cidr"), "%s overlaps %s (%s) in the same VPC", b.prefix, widest.id, widest.prefix)
			}
			if i == 0 || lastAddr(b.prefix).Compare(lastAddr(widest.prefix)) > 0 {
				widest = b
			}
		}
	}
}

// lastAddr is the highest address of an IPv4 block.
func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Addr().As4()
	n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	n |= uint32(1)<<(32-p.Bits()) - 1
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// ref checks that id names a node of type t and returns it.
func (c *checker) ref(path jpath, id, t string) *Node {
	n := c.ix.Node(id)
	switch {
	case id == "":
		c.ps.add(path.String(), "required: the id of %s", withArticle(t))
	case n == nil:
		c.ps.add(path.String(), "%q is not a node of this design", id)
	case n.Type != t:
		c.ps.add(path.String(), "%q is %s; expected %s", id, withArticle(n.Type), withArticle(t))
		return nil
	}
	return n
}

// refIn is ref for a node that must also be in vpc (when vpc is known).
func (c *checker) refIn(path jpath, id, t string, vpc *Node) *Node {
	n := c.ref(path, id, t)
	if n != nil && vpc != nil {
		if other := c.ix.VPCOf(n); other != nil && other != vpc {
			c.ps.add(path.String(), "%q is in %s, not in %s", id, other.ID, vpc.ID)
			return nil
		}
	}
	return n
}

func (c *checker) refsIn(path jpath, ids []string, t string, vpc *Node) {
	for i, id := range ids {
		c.refIn(path.index(i), id, t, vpc)
	}
}

// refsInOneVPC checks references to nodes that must share one VPC and
// returns that VPC.
func (c *checker) refsInOneVPC(path jpath, name string, ids []string, t string) *Node {
	var vpc *Node
	for i, id := range ids {
		n := c.refIn(path.field(name).index(i), id, t, vpc)
		if vpc == nil {
			vpc = c.ix.VPCOf(n)
		}
	}
	return vpc
}

// required reports a missing value and whether it is present.
func (c *checker) required(path jpath, name, value string) bool {
	if value == "" {
		c.ps.add(path.field(name).String(), "required")
		return false
	}
	return true
}

func (c *checker) enum(path jpath, value string, allowed ...string) {
	if value != "" && !slices.Contains(allowed, value) {
		c.ps.add(path.String(), "%q is not one of: %s", value, strings.Join(allowed, ", "))
	}
}

// cidr parses a CIDR; network reports whether it must be an IPv4 network
// (a VPC or subnet block) rather than any rule or route prefix.
func (c *checker) cidr(path jpath, s string, network bool) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		c.ps.add(path.String(), "%q is not a CIDR block such as 10.0.0.0/16", s)
		return p, false
	case network && !p.Addr().Is4():
		c.ps.add(path.String(), "%s: Archway models IPv4 blocks for VPCs and subnets", s)
		return p, false
	case p.Masked() != p:
		c.ps.add(path.String(), "%s has host bits set; the block is %s", s, p.Masked())
		return p, false
	}
	return p, true
}

func (c *checker) address(path jpath, s string) {
	if a, err := netip.ParseAddr(s); err != nil || !a.Is4() {
		c.ps.add(path.String(), "%q is not an IPv4 address", s)
	}
}

func (c *checker) prefixList(path jpath, s string) {
	if s != "pl:s3" && s != "pl:dynamodb" {
		c.ps.add(path.String(), "unknown prefix list %q; use pl:s3 or pl:dynamodb", s)
	}
}

// document checks that a policy field holds a JSON object; its statements
// are checked by the IAM engine, which knows the policy grammar.
func (c *checker) document(path jpath, raw json.RawMessage) {
	if len(raw) > 0 && raw[0] != '{' {
		c.ps.add(path.String(), "must be a policy document (an object with Version and Statement), not %s", describeJSON(jsonKind(raw)))
	}
}

// policyList checks an inline policy list: an array of documents or an
// object of name to document.
func (c *checker) policyList(path jpath, raw json.RawMessage) {
	names, docs, ok := InlinePolicies(raw)
	if !ok {
		c.ps.add(path.String(), "must be an array of policy documents or an object of name to document, not %s", describeJSON(jsonKind(raw)))
		return
	}
	for i, doc := range docs {
		if names == nil {
			c.document(path.index(i), doc)
		} else {
			c.document(path.field(names[i]), doc)
		}
	}
}

// InlinePolicies splits an inline policy list (the policies of a role or
// user) into its documents, slices of raw: an array's in order, with names
// nil, or an object's in the order of their names. An empty raw has none;
// ok is false when raw is neither an array nor an object.
func InlinePolicies(raw json.RawMessage) (names []string, docs []json.RawMessage, ok bool) {
	if len(raw) == 0 {
		return nil, nil, true
	}
	if names, docs, ok := topLevel(raw); ok {
		return names, docs, true
	}
	switch raw[0] {
	case '[':
		_ = json.Unmarshal(raw, &docs)
		return nil, docs, true
	case '{':
		var m map[string]json.RawMessage
		_ = json.Unmarshal(raw, &m)
		names = sortedKeys(m)
		docs = make([]json.RawMessage, len(names))
		for i, k := range names {
			docs[i] = m[k]
		}
		return names, docs, true
	}
	return nil, nil, false
}

// topLevel returns the values of an array (keys nil) or the keys and
// values of an object, in the order InlinePolicies gives them, without
// decoding them: what Decode stores is canonical, keys sorted. ok is false
// for anything else (invalid JSON, an escaped key, keys out of order or
// repeated), which InlinePolicies reads with encoding/json.
func topLevel(raw []byte) (keys []string, values []json.RawMessage, ok bool) {
	r := &fastReader{data: raw, str: string(raw)}
	value := func() bool {
		r.space()
		start := r.i
		if !r.skip(1) {
			return false
		}
		values = append(values, raw[start:r.i:r.i])
		return true
	}
	switch r.peek() {
	case '[':
		ok = r.array(value)
	case '{':
		keys = []string{}
		ok = r.object(func(key string) bool {
			if len(keys) > 0 && key <= keys[len(keys)-1] {
				return false
			}
			keys = append(keys, key)
			return value()
		})
	}
	r.space()
	return keys, values, ok && r.i == len(raw)
}

// withArticle puts the indefinite article before a type name: "an iam-role", "a vpc".
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// String describes a node for messages: its id and type.
func (n *Node) String() string { return fmt.Sprintf("%s (%s)", n.ID, n.Type) }
