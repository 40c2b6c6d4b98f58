package reach

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"archway/model"
)

// routeKind orders routes with the same prefix length (rules.md R3): the
// local route, then static routes, then prefix-list routes.
type routeKind int

const (
	kindLocal routeKind = iota
	kindStatic
	kindPrefixList
)

// routeEntry is one destination prefix of a route; a prefix-list route has
// one entry per CIDR of the list, all with the same key.
type routeEntry struct {
	prefix netip.Prefix
	kind   routeKind
	// dest is the destination as written ("0.0.0.0/0", "pl:s3"); the VPC's
	// CIDR for the local route.
	dest string
	// target is the internet gateway, NAT gateway or gateway endpoint; nil
	// for the local route.
	target *model.Node
	// index is the route's position in the table's routes, or -1 for the
	// local route and gateway-endpoint routes, which are not written there.
	index int
	// key identifies the route for "what if this route were not there".
	key int
	// text is how hops write it: "rt-app: 0.0.0.0/0 → nat-a".
	text string
}

// routeTable is a route table compiled for longest-prefix lookups.
type routeTable struct {
	node    *model.Node // nil: the implicit main table with only the local route
	vpc     *vpcInfo
	entries []routeEntry
}

func (e *engine) compileRouteTable(n *model.Node, v *vpcInfo) *routeTable {
	rt := &routeTable{node: n, vpc: v}
	rt.entries = append(rt.entries, routeEntry{prefix: v.prefix, kind: kindLocal, dest: v.node.CIDR, index: -1, key: 0})
	key := 1
	for i, r := range n.Routes {
		target := e.ix.Node(r.Target)
		usable := target != nil && (target.Type == model.TypeInternetGateway ||
			target.Type == model.TypeNATGateway && e.ix.NodeOfType(target.Parent, model.TypeSubnet) != nil)
		if !usable {
			continue // a problem of the document, which is not analysed
		}
		if pl, ok := strings.CutPrefix(r.Destination, "pl:"); ok {
			for _, p := range e.pl[pl] {
				rt.entries = append(rt.entries, routeEntry{prefix: p, kind: kindPrefixList, dest: r.Destination, target: target, index: i, key: key})
			}
		} else if p, err := netip.ParsePrefix(r.Destination); err == nil {
			rt.entries = append(rt.entries, routeEntry{prefix: p.Masked(), kind: kindStatic, dest: r.Destination, target: target, index: i, key: key})
		}
		key++
	}
	// A gateway endpoint adds its prefix-list route to each table it is
	// associated with (R11); one route per service per table.
	for _, svc := range []string{"dynamodb", "s3"} {
		for _, ep := range v.gateway[svc] {
			if !slices.Contains(ep.RouteTables, n.ID) {
				continue
			}
			for _, p := range e.pl[svc] {
				rt.entries = append(rt.entries, routeEntry{prefix: p, kind: kindPrefixList, dest: "pl:" + svc, target: ep, index: -1, key: key})
			}
			key++
			break
		}
	}
	slices.SortStableFunc(rt.entries, func(a, b routeEntry) int {
		return cmp.Or(cmp.Compare(b.prefix.Bits(), a.prefix.Bits()), cmp.Compare(a.kind, b.kind), cmp.Compare(a.key, b.key))
	})
	rt.describeAll()
	return rt
}

// describeAll writes each route's text once.
func (rt *routeTable) describeAll() {
	for i := range rt.entries {
		r := &rt.entries[i]
		if r.kind == kindLocal {
			r.text = rt.name() + ": " + r.dest + " → local"
		} else {
			r.text = rt.name() + ": " + r.dest + " → " + r.target.ID
		}
	}
}

// lookup returns the route a packet to dst takes: the longest prefix that
// contains all of dst, static before prefix-list routes (R3). A route with
// key exclude is ignored. Nil means no route matches (R4).
func (rt *routeTable) lookup(dst netip.Prefix, exclude int) *routeEntry {
	for i := range rt.entries {
		r := &rt.entries[i]
		if r.key != exclude && r.prefix.Bits() <= dst.Bits() && r.prefix.Contains(dst.Addr()) {
			return r
		}
	}
	return nil
}

// name is how messages and hops name a table.
func (rt *routeTable) name() string {
	if rt.node == nil {
		return "the main route table of " + rt.vpc.node.ID + " (not drawn: only the local route)"
	}
	return rt.node.ID
}

// id is the node that stands for the table in blockedAt and findings: the
// table, or the subnet when the VPC has no main table drawn.
func (rt *routeTable) id(s *subnetInfo) string {
	if rt.node == nil {
		return s.node.ID
	}
	return rt.node.ID
}

// describe writes a route as "rt-app: 0.0.0.0/0 → nat-a".
func (rt *routeTable) describe(r *routeEntry) string { return r.text }

// gatewayFor is the gateway endpoint the table routes the service's prefix
// list to, or nil.
func (rt *routeTable) gatewayFor(svc string) *model.Node {
	for i := range rt.entries {
		r := &rt.entries[i]
		if r.kind == kindPrefixList && r.dest == "pl:"+svc && r.target != nil && r.target.Type == model.TypeVPCEndpoint {
			return r.target
		}
	}
	return nil
}

// parseRouteCIDR reads a route's CIDR destination; prefix lists are not.
func parseRouteCIDR(dest string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(dest)
	return p.Masked(), err
}
