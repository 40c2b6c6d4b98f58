package perm

import (
	"net/netip"
	"slices"

	"archway/model"
	"archway/model/iam"
)

// pathInfo is what a network path adds to a request: the VPC endpoints it
// goes through, whose policies must allow it (R17), and the keys AWS sets
// from the path (R18).
type pathInfo struct {
	endpoints []*model.Node
	// natIP is the Elastic IP of the NAT gateway the path leaves through,
	// when the design gives it: what aws:SourceIp then is.
	natIP string
	// vpcSourceIP is an address of the source subnet, where the caller's
	// interface is: what aws:VpcSourceIp is through an endpoint.
	vpcSourceIP string
}

// same reports whether two paths add the same to a request.
func (p pathInfo) same(q pathInfo) bool {
	return slices.Equal(p.endpoints, q.endpoints) && p.natIP == q.natIP && p.vpcSourceIP == q.vpcSourceIP
}

// setContext adds the path's keys: through an endpoint aws:SourceVpce (the
// endpoint's name), aws:SourceVpc and aws:VpcSourceIp; through a NAT
// gateway with a known Elastic IP, aws:SourceIp.
func (p pathInfo) setContext(ctx *iam.Context, ix *model.Index) {
	for _, ep := range p.endpoints {
		ctx.Set("aws:SourceVpce", ep.ResourceName())
		if v := ix.VPCOf(ep); v != nil {
			ctx.Set("aws:SourceVpc", v.ResourceName())
		}
		if p.vpcSourceIP != "" {
			ctx.Set("aws:VpcSourceIp", p.vpcSourceIP)
		}
	}
	if p.natIP != "" && len(p.endpoints) == 0 {
		ctx.Set("aws:SourceIp", p.natIP)
	}
}

// paths returns the distinct paths of an arrow's network result: one per
// source subnet that differs in what it adds, or a single empty path.
func (e *engine) paths(nr model.NetworkResult) []pathInfo {
	var out []pathInfo
	pn := e.pathNodes()
	add := func(subnet string, hops []model.Hop) {
		var p pathInfo
		for i := 0; i < len(hops) && len(pn) > 0; i++ {
			// The network plane records a hop at every endpoint a packet
			// passes, gateway or interface: the hop's node says which
			// endpoint policies apply, whatever the hop's wording.
			n := pn[hops[i].Node]
			switch {
			case n == nil:
			case n.Type == model.TypeVPCEndpoint && !containsNode(p.endpoints, n):
				p.endpoints = append(p.endpoints, n)
			case n.Type == model.TypeNATGateway && n.ElasticIP != "":
				p.natIP = n.ElasticIP
			}
		}
		if len(p.endpoints) > 0 {
			p.vpcSourceIP = e.subnetAddress(subnet)
		}
		if !slices.ContainsFunc(out, p.same) {
			out = append(out, p)
		}
	}
	for _, s := range nr.Subnets {
		add(s.Subnet, s.Path)
	}
	if len(nr.Path) > 0 {
		add("", nr.Path)
	}
	if len(out) == 0 {
		out = []pathInfo{{}}
	}
	return out
}

// pathNodes are the nodes whose hops change a request (see paths): VPC
// endpoints and NAT gateways with an Elastic IP, by id. Most designs have
// few or none, and the hops of every path are looked up in them.
func (e *engine) pathNodes() map[string]*model.Node {
	if e.onPath == nil {
		e.onPath = map[string]*model.Node{}
		for _, n := range e.ix.Design.Nodes {
			if e.ix.Node(n.ID) == n && (n.Type == model.TypeVPCEndpoint || n.Type == model.TypeNATGateway && n.ElasticIP != "") {
				e.onPath[n.ID] = n
			}
		}
	}
	return e.onPath
}

// subnetAddress is an address an interface in the subnet may have: the
// first one AWS does not reserve (the first four are), or "" when unknown.
func (e *engine) subnetAddress(id string) string {
	s := e.ix.NodeOfType(id, model.TypeSubnet)
	if s == nil {
		return ""
	}
	pfx, err := netip.ParsePrefix(s.CIDR)
	if err != nil || !pfx.Addr().Is4() {
		return ""
	}
	a := pfx.Masked().Addr()
	for range 4 {
		a = a.Next()
	}
	return a.String()
}

func containsNode(ns []*model.Node, n *model.Node) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}
