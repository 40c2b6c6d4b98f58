package reach

import (
	"slices"

	"archway/model"
)

// This file writes what a network engineer reads when a packet stops: the
// message, the fix, and the fix as operations on the design.

func (e *engine) dnsFailure(v *vpcInfo, t *target) *failure {
	return &failure{
		code: codeDNS, blocker: v.node.ID,
		message: v.node.ID + " has DNS resolution turned off (enableDnsSupport=false), so " + t.host + " does not resolve from it",
		fix:     "Turn on DNS resolution (enableDnsSupport) for " + v.node.ID + ".",
		ops:     []model.FixOp{opSet(v.node.ID, "dnsSupport", true)},
	}
}

func (e *engine) efsFailure(t *target, src *iface) *failure {
	f := &failure{
		code: codeEFSMissingAZ, blocker: t.node.ID, nodes: []string{src.subnet.node.ID},
		message: t.node.ID + " has no mount target in " + azName(src.subnet.az) + ", where " + src.node.ID + " runs in " + src.subnet.node.ID,
		fix:     "Create a mount target of " + t.node.ID + " in " + src.subnet.node.ID + " and let its security group admit TCP 2049 from " + sgNames(src.sgs) + ".",
	}
	mt := model.MountTarget{Subnet: src.subnet.node.ID}
	if len(t.node.MountTargets) > 0 {
		mt.SecurityGroups = t.node.MountTargets[0].SecurityGroups
	}
	f.ops = []model.FixOp{opAdd(t.node.ID, "mountTargets", mt)}
	return f
}

// sgRuleFor is a security-group rule admitting the flow to or from peer.
func sgRuleFor(f flow, peer string, ingress bool) model.SGRule {
	r := model.SGRule{Protocol: f.proto}
	if f.proto == "tcp" || f.proto == "udp" {
		p := f.ports()
		r.Ports = &p
	}
	if ingress {
		r.From = peer
	} else {
		r.To = peer
	}
	return r
}

// egressPeer is what an egress rule for d should name: the target's group,
// the service's prefix list, the host's address, or 0.0.0.0/0 for public
// services, whose addresses change.
func (e *engine) egressPeer(d *dest) string {
	switch {
	case d.landing != nil && d.landing.sgs[0].id != "":
		return d.landing.sgs[0].id
	case d.landing != nil:
		return d.landing.subnet.prefix.String()
	case d.svc == "s3" || d.svc == "dynamodb":
		for _, p := range e.pl[d.svc] {
			if prefixOverlap(p, d.addr) == full {
				return "pl:" + d.svc
			}
		}
	case d.explicit && d.public == nil:
		return d.addr.String()
	}
	return "0.0.0.0/0"
}

func (e *engine) sgEgressFailure(src *iface, d *dest, f flow) *failure {
	blocker := sgBlocker(src.sgs, src.node)
	peer := e.egressPeer(d)
	fail := &failure{
		code: codeSG, blocker: blocker, nodes: []string{src.node.ID},
		message: "no egress rule of " + sgNamesOr(src.sgs) + " on " + src.node.ID + " allows " + f.String() + " to " + d.desc,
		fix:     "Add the outbound rule " + f.String() + " → " + peer + " to " + blocker + ".",
	}
	if d.landing != nil {
		fail.nodes = append(fail.nodes, d.landing.node.ID)
	}
	if blocker != src.node.ID {
		fail.ops = []model.FixOp{opAdd(blocker, "egress", sgRuleFor(f, peer, false))}
	}
	return fail
}

// sgIngressFailure: the target's groups admit nothing from the sender p
// (whose own groups are members, nil for public addresses and NAT gateways).
func (e *engine) sgIngressFailure(l *iface, p peer, fromDesc string, members []*secGroup, f flow) *failure {
	blocker := sgBlocker(l.sgs, l.node)
	peerText := "0.0.0.0/0"
	if p.addr.Addr().IsPrivate() {
		peerText = p.addr.String()
	}
	for _, sg := range members {
		if sg.id != "" && sg.vpc == l.subnet.vpc {
			peerText = sg.id
			break
		}
	}
	msg := "no ingress rule of " + sgNamesOr(l.sgs) + " on " + l.node.ID + " allows " + f.String() + " from " + fromDesc
	if l.node.Type == model.TypeVPCEndpoint {
		msg += "; an interface endpoint's security group must admit HTTPS from its clients"
	}
	fail := &failure{code: codeSG, blocker: blocker, nodes: []string{l.node.ID}, message: msg}
	if blocker == l.node.ID {
		fail.fix = "Give " + l.node.ID + " a security group that admits " + f.String() + " from " + peerText +
			" (it has only the VPC's default group, which admits only its own members)."
		return fail
	}
	fail.fix = "Add the inbound rule " + f.String() + " from " + peerText + " to " + blocker + "."
	fail.ops = []model.FixOp{opAdd(blocker, "ingress", sgRuleFor(f, peerText, true))}
	return fail
}

func (e *engine) noRouteFailure(src *iface, d *dest) *failure {
	s := src.subnet
	rt := s.rt
	v := s.vpc
	fail := &failure{
		code: codeNoRoute, blocker: rt.id(s), nodes: []string{s.node.ID},
		message: rt.name() + " has no route to " + d.desc,
	}
	nat := e.natFor(v, s.az)
	natText := "route 0.0.0.0/0 in " + rt.name() + " to a NAT gateway in a public subnet"
	if nat != nil {
		natText = "route 0.0.0.0/0 in " + rt.name() + " to " + nat.ID + ", the NAT gateway in the public subnet " + e.subnetOf(nat).node.ID
	}
	natOps := e.natRouteOps(rt, s, nat)
	gateway := d.svc == "s3" || d.svc == "dynamodb"
	switch {
	case gateway && d.addr == awsGeneric:
		fail.message += "; gateway endpoints serve only their own Region"
		fail.fix = "R" + natText[1:] + "."
		fail.ops = natOps
	case gateway:
		fail.fix = "Associate a " + serviceName(d.svc) + " gateway endpoint (com.amazonaws." + v.region + "." + d.svc + ") with " + rt.name() + ", or " + natText + "."
		fail.ops = e.gatewayOps(v, d.svc, rt)
	case d.svc != "":
		fail.fix = "Create an interface endpoint com.amazonaws." + v.region + "." + d.svc + " with private DNS (a subnet in each Availability Zone " +
			src.node.ID + " uses, a security group admitting HTTPS from it), or " + natText + "."
		fail.ops = natOps
	default:
		fail.fix = "R" + natText[1:] + "."
		fail.ops = natOps
	}
	return fail
}

// natRouteOps routes a table's 0.0.0.0/0 to a working NAT gateway, adding
// one in a public subnet of the VPC when it has none.
func (e *engine) natRouteOps(rt *routeTable, s *subnetInfo, nat *model.Node) []model.FixOp {
	if rt.node == nil {
		return nil
	}
	key := "nat|" + rt.node.ID + "|" + s.az
	if ops, ok := e.ops[key]; ok {
		return ops
	}
	ops := e.natRouteOpsOnce(rt, s, nat)
	e.ops[key] = ops
	return ops
}

func (e *engine) natRouteOpsOnce(rt *routeTable, s *subnetInfo, nat *model.Node) []model.FixOp {
	var ops []model.FixOp
	if nat == nil {
		ps := e.publicSubnetFor(s.vpc, s.az)
		if ps == nil {
			return nil
		}
		nat = &model.Node{ID: e.proposedID("nat|"+ps.node.ID, "nat-"+ps.node.ID), Type: model.TypeNATGateway, Parent: ps.node.ID}
		ops = append(ops, opAddNode(nat))
	}
	return append(ops, opAdd(rt.node.ID, "routes", model.Route{Destination: "0.0.0.0/0", Target: nat.ID}))
}

// gatewayOps associates the VPC's gateway endpoint for svc with a table, or
// adds one.
func (e *engine) gatewayOps(v *vpcInfo, svc string, rt *routeTable) []model.FixOp {
	if rt.node == nil {
		return nil
	}
	key := "gateway|" + rt.node.ID + "|" + svc
	if ops, ok := e.ops[key]; ok {
		return ops
	}
	var ops []model.FixOp
	if eps := v.gateway[svc]; len(eps) > 0 {
		ops = []model.FixOp{opAdd(eps[0].ID, "routeTables", rt.node.ID)}
	} else {
		ep := &model.Node{ID: e.proposedID("vpce|"+v.node.ID+"|"+svc, "vpce-"+svc), Type: model.TypeVPCEndpoint, Parent: v.node.ID,
			Service: svc, RouteTables: []string{rt.node.ID}}
		ops = []model.FixOp{opAddNode(ep)}
	}
	e.ops[key] = ops
	return ops
}

// proposedID gives every fix that adds the same thing the same new id.
func (e *engine) proposedID(key, base string) string {
	if id, ok := e.proposed[key]; ok {
		return id
	}
	id := e.newID(base)
	e.proposed[key] = id
	return id
}

func (e *engine) aclFailure(p aclPass, res aclResult) *failure {
	acl := p.s.acl.node
	packet := p.what()
	if p.reply {
		packet = "the reply, " + packet + ","
	}
	fail := &failure{code: codeACL, blocker: acl.ID, nodes: []string{p.s.node.ID}}
	if res.deny != nil {
		fail.message = acl.ID + " on " + p.s.node.ID + " denies " + packet + " with " + p.dir() + " rule " + itoa(res.deny.num)
	} else {
		fail.message = acl.ID + " on " + p.s.node.ID + " has no " + p.dir() + " rule allowing " + packet + " so the implicit deny (*) drops it"
	}
	// ACLs are stateless (R24): the fix covers the packet and, when the
	// same ACL would stop it too, the packet going the other way.
	var fixes []string
	for i, q := range []aclPass{p, p.mirror()} {
		r := res
		if i == 1 {
			if r = q.eval(); r.allow {
				break
			}
		}
		text, op, ok := e.aclRuleFix(q, r)
		fixes = append(fixes, text)
		if ok {
			fail.ops = append(fail.ops, op)
		}
	}
	fail.fix = "A" + joinAnd(fixes)[1:] + "."
	return fail
}

// aclRuleFix proposes the allow rule a pass needs: just before the deny
// that matched it, or after the last rule.
func (e *engine) aclRuleFix(p aclPass, res aclResult) (string, model.FixOp, bool) {
	acl := p.s.acl.node
	rules, field := acl.Inbound, "inbound"
	if p.outbound {
		rules, field = acl.Outbound, "outbound"
	}
	cidr := "0.0.0.0/0"
	if p.peer.Addr().IsPrivate() {
		cidr = p.peer.String()
	}
	before := 0
	if res.deny != nil {
		before = res.deny.num
	}
	what := protoPorts(p.f.proto, p.ports()) + " " + p.toFrom() + " " + cidr
	n, ok := e.freeRule(acl.ID+"|"+field, rules, before)
	if !ok {
		return "allow " + what + " in " + acl.ID + " " + field + " before rule " + itoa(before), model.FixOp{}, false
	}
	rule := model.ACLRule{Rule: n, Protocol: p.f.proto, CIDR: cidr, Action: "allow"}
	if p.f.proto == "tcp" || p.f.proto == "udp" {
		ports := p.ports()
		rule.Ports = &ports
	}
	text := "add " + field + " rule " + itoa(n) + " ALLOW " + what + " to " + acl.ID
	if before > 0 {
		text += " (before rule " + itoa(before) + ")"
	}
	return text, opAdd(acl.ID, field, rule), true
}

// freeRule picks a rule number for a new allow: just below the deny it must
// precede, or after the last rule. Numbers proposed once are not proposed
// again, so fixes applied one after another never collide.
func (e *engine) freeRule(key string, rules []model.ACLRule, before int) (int, bool) {
	taken := e.aclTaken[key]
	if taken == nil {
		taken = map[int]bool{}
		for _, r := range rules {
			taken[r.Rule] = true
		}
		e.aclTaken[key] = taken
	}
	pick := func(n int) (int, bool) { taken[n] = true; return n, true }
	if before > 0 {
		for n := before - 1; n >= 1; n-- {
			if !taken[n] {
				return pick(n)
			}
		}
		return 0, false
	}
	last := 0
	for n := range taken {
		last = max(last, n)
	}
	switch {
	case last == 0:
		return pick(100)
	case last+10 <= 32766:
		return pick(last + 10)
	}
	for n := 32766; n >= 1; n-- {
		if !taken[n] {
			return pick(n)
		}
	}
	return 0, false
}

func (e *engine) badStateFailure(igw *model.Node, rt *routeTable, s *subnetInfo) *failure {
	v := s.vpc.node.ID
	return &failure{
		code: codeBadState, blocker: igw.ID, nodes: []string{rt.id(s), s.node.ID},
		message: rt.name() + " routes to " + igw.ID + ", which is detached from " + v + ": the route is a blackhole",
		fix:     "Attach " + igw.ID + " to " + v + ".",
		ops:     []model.FixOp{opSet(igw.ID, "attached", true)},
	}
}

func (e *engine) publicIPFailure(src *iface, rt *routeTable, r *routeEntry, d *dest) *failure {
	igw := r.target.ID
	fail := &failure{code: codeIGWPublicIP, blocker: src.node.ID, nodes: []string{rt.id(src.subnet), igw, src.subnet.node.ID}}
	switch src.node.Type {
	case model.TypeLambda:
		fail.message = rt.name() + " sends " + d.desc + " from " + src.subnet.node.ID + " to " + igw + ", but " + src.node.ID +
			"'s network interfaces never have a public IPv4 address, so the internet gateway drops the traffic; a public subnet gives a function no internet access"
		fail.fix = "Attach " + src.node.ID + " to private subnets whose 0.0.0.0/0 route points to a NAT gateway in a public subnet, or reach AWS services through VPC endpoints."
	case model.TypeEC2Instance:
		fail.message = src.node.ID + " has no public IPv4 address, so " + igw + " cannot carry its traffic to " + d.desc
		fail.fix = "Give " + src.node.ID + " a public IP address, or place it in a private subnet routed to a NAT gateway."
		fail.ops = []model.FixOp{opSet(src.node.ID, "publicIp", true)}
	default:
		fail.message = src.node.ID + " has no public IPv4 address, so " + igw + " cannot carry its traffic to " + d.desc
		fail.fix = "Place " + src.node.ID + " in private subnets routed to a NAT gateway in a public subnet."
	}
	return fail
}

func (e *engine) privateNATFailure(nat *model.Node, d *dest) *failure {
	s := e.subnetOf(nat)
	fail := &failure{
		code: codePrivateNAT, blocker: nat.ID, nodes: []string{s.node.ID},
		message: nat.ID + " is a private NAT gateway: it has no Elastic IP and cannot reach " + d.desc + " on the internet",
		fix:     "Make " + nat.ID + " a public NAT gateway in a public subnet, or route the traffic to a public NAT gateway.",
		ops:     []model.FixOp{opSet(nat.ID, "connectivity", "public")},
	}
	if !s.isPublic() {
		if ps := e.publicSubnetFor(s.vpc, s.az); ps != nil {
			fail.ops = append(fail.ops, opSet(nat.ID, "parent", ps.node.ID))
		} else {
			fail.ops = nil
		}
	}
	return fail
}

func (e *engine) natNotPublicFailure(nat *model.Node, ns *subnetInfo) *failure {
	fail := &failure{
		code: codeNATNotPublic, blocker: nat.ID, nodes: []string{ns.node.ID, ns.rt.id(ns)},
		message: nat.ID + " is in " + ns.node.ID + ", whose route table " + ns.rt.name() +
			" has no route to an attached internet gateway, so it cannot forward to the internet; a public NAT gateway must sit in a public subnet",
		fix: "Move " + nat.ID + " to a public subnet (one whose route table sends 0.0.0.0/0 to an attached internet gateway).",
	}
	if ps := e.publicSubnetFor(ns.vpc, ns.az); ps != nil {
		fail.fix = "Move " + nat.ID + " to the public subnet " + ps.node.ID + "."
		fail.ops = []model.FixOp{opSet(nat.ID, "parent", ps.node.ID)}
	}
	return fail
}

func (e *engine) notInVPCFailure(fn *model.Node, t *target) *failure {
	msg := fn.ID + " has no VPC configuration: it runs in the Lambda-owned network, which reaches public AWS endpoints and the internet but not private addresses in " +
		vpcNames(t) + " (" + t.desc + ")"
	fix := "Attach " + fn.ID + " to " + vpcNames(t) + " (private subnets in at least two Availability Zones, and a security group that " + t.node.ID + " admits)"
	switch t.node.Type {
	case model.TypeEFSFileSystem:
		msg += "; EFS also requires a VPC-attached function"
	case model.TypeRDSCluster:
		fix += ", or use a public API of the database such as the RDS Data API"
	}
	return &failure{code: codeNotInVPC, blocker: fn.ID, nodes: []string{t.node.ID}, message: msg, fix: fix + "."}
}

func publicFix(t *target) string {
	switch t.node.Type {
	case model.TypeEC2Instance:
		return "Give " + t.node.ID + " a public IP address in a public subnet, or call it from inside its VPC."
	case model.TypeRDSCluster:
		return "Call " + t.node.ID + " from inside its VPC, or make it publicly accessible in public subnets."
	}
	return "Reach " + t.node.ID + " from inside its VPC."
}

func (e *engine) publicOps(t *target) []model.FixOp {
	if t.node.Type == model.TypeEC2Instance && len(t.landings) == 1 && t.landings[0].subnet.isPublic() {
		return []model.FixOp{opSet(t.node.ID, "publicIp", true)}
	}
	return nil
}

func (e *engine) missingAZFinding(ep *model.Node, src *iface) model.Finding {
	return model.Finding{
		Severity: model.SeverityWarning, Code: codeMissingAZ, Nodes: []string{ep.ID, src.node.ID, src.subnet.node.ID},
		Message: ep.ID + " has no network interface in " + src.subnet.az + ", where " + src.node.ID + " runs in " + src.subnet.node.ID +
			": its calls cross Availability Zones and fail when the endpoint's zone does.",
		Fix: "Add " + src.subnet.node.ID + " (or another subnet in " + src.subnet.az + ") to the subnets of " + ep.ID + ".",
		Ops: []model.FixOp{opAdd(ep.ID, "subnets", src.subnet.node.ID)},
	}
}

func (e *engine) divertedFinding(rt *routeTable, r *routeEntry, src *iface, d *dest) model.Finding {
	f := model.Finding{
		Severity: model.SeverityWarning, Code: codeMoreSpecific, Nodes: []string{rt.id(src.subnet), r.target.ID},
		Message: "In " + rt.name() + ", the route " + r.dest + " → " + r.target.ID + " is more specific than the local route: traffic from " +
			src.subnet.node.ID + " to " + d.desc + " is diverted through " + r.target.ID + " and arrives from its address.",
		Fix: "Remove the route " + r.dest + " → " + r.target.ID + " from " + rt.name() + " unless the diversion is intended.",
	}
	if r.index >= 0 {
		f.Ops = []model.FixOp{opRemove(rt.node.ID, "routes", rt.node.Routes[r.index])}
	}
	return f
}

func (e *engine) exposedFinding(ed *model.Edge, fn *model.Node, t *target) model.Finding {
	return model.Finding{
		Severity: model.SeverityWarning, Code: codePubliclyExposed, Nodes: []string{t.node.ID, fn.ID}, Edges: []string{ed.ID},
		Message: fn.ID + " reaches " + t.node.ID + " only through its public address: " + t.node.ID + " is exposed to the internet.",
		Fix:     "Attach " + fn.ID + " to " + vpcNames(t) + " and keep " + t.node.ID + " private.",
	}
}

// distinct is len(uniq(items)), without building the list.
func distinct(items []string) int {
	n := 0
	for i, s := range items {
		if !slices.Contains(items[:i], s) {
			n++
		}
	}
	return n
}

// uniq keeps the first of each string.
func uniq(items []string) []string {
	if len(items) == 0 {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, s := range items {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
