package reach

import (
	"net/netip"
	"slices"
	"strings"

	"archway/model"
)

// engine holds one design compiled for lookups: every route table, security
// group and network ACL is parsed once, so each arrow costs only the entries
// on its path.
type engine struct {
	ix      *model.Index
	d       *model.Design
	vpcs    map[string]*vpcInfo
	subnets map[string]*subnetInfo
	rts     map[string]*routeTable
	sgs     map[string]*secGroup
	acls    map[string]*nacl
	pl      map[string][]netip.Prefix

	// used marks the endpoints some path goes through (for VPCE_UNUSED).
	used map[string]bool
	// findings collects the arrows' findings in edge order; seen drops the
	// path-derived notes (VPCE_MISSING_AZ, ...) already reported.
	findings []model.Finding
	seen     map[string]bool
	// newIDs keeps the ids proposed by add-node fixes unique, proposed
	// gives the same proposal the same id, and aclTaken holds the rule
	// numbers of each network ACL direction, proposed ones included.
	newIDs   map[string]bool
	suffix   map[string]int
	proposed map[string]string
	aclTaken map[string]map[int]bool
	// calls indexes the arrows by the VPC they leave and the service they
	// call, for findings about endpoints; built on first use.
	calls map[callKey][]string

	// Computed once per node: targets by node and "via", source interfaces
	// by node and subnet, interfaces of endpoints and NAT gateways.
	targets  map[targetKey]*target
	srcs     map[targetKey][]*iface
	ifaces   map[string][]*iface
	resolved map[resolveKey]*resolution
	texts    map[textKey]string
	ops      map[string][]model.FixOp

	// bufs are hop buffers to reuse; arena holds the reported hops, the
	// first used0 of them taken.
	bufs  [][]model.Hop
	arena []model.Hop
	used0 int
}

type vpcInfo struct {
	node      *model.Node
	prefix    netip.Prefix
	region    string
	igws      []*model.Node
	nats      []*model.Node
	defaultSG *secGroup
	// local stands for the main route table when none is drawn: AWS gives it
	// only the local route.
	local *routeTable
	// iface and gateway list the VPC's endpoints by service, in document order.
	iface   map[string][]*model.Node
	gateway map[string][]*model.Node
}

type subnetInfo struct {
	node   *model.Node
	vpc    *vpcInfo
	prefix netip.Prefix
	az     string
	rt     *routeTable
	// implicit is true when the subnet uses the main route table without an
	// explicit association.
	implicit bool
	acl      *nacl // nil: the VPC's default network ACL, which allows all
	// defaultACL is the hop detail of the default network ACL.
	defaultACL string
}

// ephemeral port ranges of clients (rules.md R24).
var (
	ephLambda = model.Ports{From: 1024, To: 65535}
	ephNAT    = model.Ports{From: 1024, To: 65535}
	ephLinux  = model.Ports{From: 32768, To: 61000}
	ephAny    = model.Ports{From: 1024, To: 65535}
)

// Addresses standing for places whose exact address the design does not
// know: any public address (a public function, an address AWS assigns), and
// an AWS public endpoint outside the S3 and DynamoDB prefix lists.
var (
	anyPublic  = netip.MustParsePrefix("0.0.0.0/0")
	awsGeneric = netip.MustParsePrefix("54.239.0.10/32")
	internet   = netip.MustParsePrefix("93.184.216.34/32")
)

func newEngine(ix *model.Index) *engine {
	d := ix.Design
	// Size hints: each kind is a fraction of the nodes; arrows reuse
	// targets and texts.
	n := len(d.Nodes)
	e := &engine{
		ix:       ix,
		d:        d,
		vpcs:     make(map[string]*vpcInfo, n/32),
		subnets:  make(map[string]*subnetInfo, n/6),
		rts:      make(map[string]*routeTable, n/8),
		sgs:      make(map[string]*secGroup, n/6),
		acls:     make(map[string]*nacl, n/16),
		pl:       map[string][]netip.Prefix{"s3": d.PrefixList("s3"), "dynamodb": d.PrefixList("dynamodb")},
		used:     map[string]bool{},
		seen:     map[string]bool{},
		newIDs:   map[string]bool{},
		proposed: map[string]string{},
		suffix:   map[string]int{},
		aclTaken: map[string]map[int]bool{},
		targets:  make(map[targetKey]*target, n/4),
		srcs:     make(map[targetKey][]*iface, n/8),
		ifaces:   map[string][]*iface{},
		resolved: make(map[resolveKey]*resolution, n/2),
		texts:    make(map[textKey]string, n),
		ops:      map[string][]model.FixOp{},
	}
	for _, n := range d.Nodes {
		if n.Type == model.TypeVPC && e.vpcs[n.ID] == nil {
			v := &vpcInfo{node: n, region: n.RegionName(d), iface: map[string][]*model.Node{}, gateway: map[string][]*model.Node{}}
			v.prefix, _ = netip.ParsePrefix(n.CIDR)
			v.prefix = v.prefix.Masked()
			v.defaultSG = &secGroup{vpc: v}
			v.defaultSG.ingress = []sgRule{{proto: "all", ports: model.AllPorts, ref: v.defaultSG, owner: v.defaultSG, ingress: true, peer: "members of the default security group"}}
			v.defaultSG.egress = []sgRule{{proto: "all", ports: model.AllPorts, cidr: anyPublic, isCIDR: true, owner: v.defaultSG, peer: "0.0.0.0/0"}}
			v.local = &routeTable{vpc: v, entries: []routeEntry{{prefix: v.prefix, kind: kindLocal, dest: n.CIDR, index: -1}}}
			v.local.describeAll()
			e.vpcs[n.ID] = v
		}
	}
	// Security groups first: rules reference each other.
	for _, n := range d.Nodes {
		if n.Type == model.TypeSecurityGroup {
			e.sgs[n.ID] = &secGroup{id: n.ID, node: n, vpc: e.vpcOf(n)}
		}
	}
	for _, sg := range e.sgs {
		sg.ingress = e.compileSGRules(sg, sg.node.Ingress, true)
		sg.egress = e.compileSGRules(sg, sg.node.EgressRules(), false)
	}
	for _, n := range d.Nodes {
		switch n.Type {
		case model.TypeNetworkACL:
			e.acls[n.ID] = compileACL(n)
		case model.TypeInternetGateway:
			if v := e.vpcOf(n); v != nil {
				v.igws = append(v.igws, n)
			}
		case model.TypeNATGateway:
			if v := e.vpcOf(n); v != nil {
				v.nats = append(v.nats, n)
			}
		case model.TypeVPCEndpoint:
			if v := e.vpcOf(n); v != nil {
				if n.EndpointKind() == "gateway" {
					v.gateway[n.Service] = append(v.gateway[n.Service], n)
				} else {
					v.iface[n.Service] = append(v.iface[n.Service], n)
				}
			}
		}
	}
	for _, n := range d.Nodes {
		if n.Type == model.TypeRouteTable {
			if v := e.vpcOf(n); v != nil {
				e.rts[n.ID] = e.compileRouteTable(n, v)
			}
		}
	}
	for _, n := range d.Nodes {
		if n.Type != model.TypeSubnet {
			continue
		}
		v := e.vpcs[n.Parent]
		if v == nil {
			continue
		}
		s := &subnetInfo{node: n, vpc: v, az: n.AZ, acl: e.acls[n.NetworkACL],
			defaultACL: n.ID + " uses the VPC's default network ACL, which allows all traffic"}
		s.prefix, _ = netip.ParsePrefix(n.CIDR)
		s.prefix = s.prefix.Masked()
		if rt := e.rts[n.RouteTable]; rt != nil {
			s.rt = rt
		} else if main := e.ix.MainRouteTable[v.node.ID]; main != nil && e.rts[main.ID] != nil {
			s.rt, s.implicit = e.rts[main.ID], true
		} else {
			s.rt, s.implicit = v.local, true
		}
		e.subnets[n.ID] = s
	}
	return e
}

// vpcOf is the compiled VPC a node belongs to, or nil.
func (e *engine) vpcOf(n *model.Node) *vpcInfo {
	if v := e.ix.VPCOf(n); v != nil {
		return e.vpcs[v.ID]
	}
	return nil
}

// subnetOf is the subnet a node is placed in through its parent (NAT
// gateways, EC2 instances).
func (e *engine) subnetOf(n *model.Node) *subnetInfo { return e.subnets[n.Parent] }

// sgsOf compiles a list of security-group ids; an empty list stands for the
// VPC's default security group, as AWS assigns it.
func (e *engine) sgsOf(ids []string, v *vpcInfo) []*secGroup {
	out := make([]*secGroup, 0, len(ids))
	for _, id := range ids {
		if sg := e.sgs[id]; sg != nil && !slices.Contains(out, sg) {
			out = append(out, sg)
		}
	}
	if len(out) == 0 && v != nil {
		out = append(out, v.defaultSG)
	}
	return out
}

// isPublicSubnet reports whether a subnet's route table sends internet
// traffic to an attached internet gateway (rules.md R5: only the route counts).
func (s *subnetInfo) isPublic() bool {
	r := s.rt.lookup(internet, -1)
	return r != nil && r.target != nil && r.target.Type == model.TypeInternetGateway && r.target.IsAttached()
}

// usableNAT reports whether a NAT gateway forwards to the internet: public,
// in a subnet routed to an attached internet gateway.
func (e *engine) usableNAT(nat *model.Node) bool {
	s := e.subnetOf(nat)
	return nat.NATConnectivity() == "public" && s != nil && s.isPublic()
}

// natFor picks a working NAT gateway of a VPC for a fix, preferring one in
// the given AZ.
func (e *engine) natFor(v *vpcInfo, az string) *model.Node {
	var fallback *model.Node
	for _, nat := range v.nats {
		if !e.usableNAT(nat) {
			continue
		}
		if s := e.subnetOf(nat); s.az == az {
			return nat
		}
		if fallback == nil {
			fallback = nat
		}
	}
	return fallback
}

// publicSubnetFor picks a public subnet of a VPC, preferring the given AZ.
func (e *engine) publicSubnetFor(v *vpcInfo, az string) *subnetInfo {
	var fallback *subnetInfo
	for _, n := range e.ix.Children[v.node.ID] {
		s := e.subnets[n.ID]
		if s == nil || !s.isPublic() {
			continue
		}
		if s.az == az {
			return s
		}
		if fallback == nil {
			fallback = s
		}
	}
	return fallback
}

// newID proposes an id for a node a fix adds, unused in the design.
func (e *engine) newID(base string) string {
	id := base
	for e.ix.Node(id) != nil || e.newIDs[id] {
		// Resume where the last proposal with this base stopped, so n
		// proposals cost n lookups, not n².
		e.suffix[base]++
		id = base + "-" + itoa(e.suffix[base]+1)
	}
	e.newIDs[id] = true
	return id
}

// serviceNames are how messages name AWS services.
var serviceNames = map[string]string{
	"dynamodb":   "DynamoDB",
	"s3":         "S3",
	"sqs":        "SQS",
	"sns":        "SNS",
	"logs":       "CloudWatch Logs",
	"monitoring": "CloudWatch metrics",
	"xray":       "X-Ray",
	"lambda":     "the Lambda API",
	"sts":        "STS",
}

func serviceName(svc string) string {
	if s, ok := serviceNames[svc]; ok {
		return s
	}
	return strings.ToUpper(svc)
}
