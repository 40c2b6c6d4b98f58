package reach

import (
	"net/netip"
	"slices"

	"archway/model"
)

// iface is a network interface: where a packet starts, or where it lands.
type iface struct {
	node   *model.Node
	subnet *subnetInfo
	// addr is its private address: somewhere in its subnet, since the design
	// does not say which address AWS assigns.
	addr netip.Prefix
	// sgs are the groups it is a member of; nil for a NAT gateway, which has
	// none.
	sgs []*secGroup
	// public reports a public IPv4 address; pubAddr is that address, or any
	// public address when AWS picks it.
	public  bool
	pubAddr netip.Prefix
	// eph is the range of source ports it uses as a client.
	eph model.Ports
	// desc names it in hops and messages: "fn in app-a (10.0.1.0/24)".
	desc string
}

// newIface is an interface of node in subnet s, with groups sgs, a public
// address AWS picks when public, and client ports eph.
func newIface(node *model.Node, s *subnetInfo, sgs []*secGroup, public bool, eph model.Ports) *iface {
	return &iface{node: node, subnet: s, addr: s.prefix, sgs: sgs, public: public, pubAddr: anyPublic, eph: eph,
		desc: node.ID + " in " + s.node.ID + " (" + s.prefix.String() + ")"}
}

func (i *iface) peer() peer { return peer{addr: i.addr, members: i.sgs} }

func (i *iface) where() string { return i.desc }

// dest is one place a packet is sent to.
type dest struct {
	addr netip.Prefix
	// landing is the private interface it reaches in a VPC; nil for a public
	// address.
	landing *iface
	// public is a VPC interface reached at its public address.
	public *iface
	// svc is the AWS service of a public service address; explicit reports
	// an address the design gives (an internet host's), not a stand-in.
	svc      string
	explicit bool
	desc     string
}

func (d *dest) peer() peer {
	if d.landing != nil {
		return peer{addr: d.addr, members: d.landing.sgs}
	}
	return peer{addr: d.addr}
}

// walk follows a packet from a VPC interface to a target and its reply back.
// Routes with key exclude are ignored in the source's route table.
func (e *engine) walk(src *iface, t *target, f flow, exclude int) *trace {
	tr := e.newTrace()
	dests, ok := e.resolve(tr, src, t)
	if !ok {
		return tr
	}
	for i := range dests {
		if !e.send(tr, src, &dests[i], f, exclude) {
			return tr
		}
	}
	k := textKey{kind: textTarget, a: t, s: f.proto, n: f.port}
	text, ok := e.memo(k)
	if !ok {
		text = e.remember(k, "reached "+t.desc+" on "+f.String())
	}
	tr.allow(t.node.ID, checkTarget, text)
	return tr
}

// resolveKey and resolution cache name resolution: it depends only on the
// target and the source subnet.
type resolveKey struct {
	t *target
	s *subnetInfo
}

type resolution struct {
	dests []dest
	dns   string      // the dns hop's detail; "" for none
	ep    *model.Node // the interface endpoint the name resolves to
	// otherAZ reports an endpoint with no interface in the subnet's AZ.
	otherAZ bool
	// one holds the single destination of a public service address, so
	// that it comes in the same allocation.
	one [1]dest
}

// resolve turns the target into the addresses the source sends to: names
// resolve through the VPC's resolver (R16), AWS service names to an
// interface endpoint with private DNS or to public addresses (R15).
func (e *engine) resolve(tr *trace, src *iface, t *target) ([]dest, bool) {
	v := src.subnet.vpc
	if t.host != "" && !v.node.DNSSupportEnabled() {
		return nil, tr.deny(v.node.ID, checkDNS, v.node.ID+" has DNS resolution turned off (enableDnsSupport=false): "+t.host+" does not resolve",
			e.dnsFailure(v, t))
	}
	key := resolveKey{t, src.subnet}
	r, ok := e.resolved[key]
	if !ok {
		if r, ok = e.resolveOnce(tr, src, t); !ok {
			return nil, false
		}
		e.resolved[key] = r
	}
	if r.dns != "" {
		tr.allow(v.node.ID, checkDNS, r.dns)
	}
	if r.ep != nil {
		e.used[r.ep.ID] = true
		if k := codeMissingAZ + "|" + r.ep.ID + "|" + src.node.ID + "|" + src.subnet.az; r.otherAZ && src.node.Type == model.TypeLambda && !e.seen[k] {
			tr.note(k, e.missingAZFinding(r.ep, src))
		}
	}
	return r.dests, true
}

func (e *engine) resolveOnce(tr *trace, src *iface, t *target) (*resolution, bool) {
	v := src.subnet.vpc
	if t.private {
		return e.resolvePrivate(tr, src, t)
	}
	if ep := e.interfaceEndpoint(v, t); ep != nil {
		r := &resolution{dns: t.host + " → " + ep.ID + " (private DNS)", ep: ep, otherAZ: src.subnet.az != ""}
		for _, l := range e.endpointIfaces(ep, v) {
			r.dests = append(r.dests, dest{addr: l.addr, landing: l, desc: l.where()})
			r.otherAZ = r.otherAZ && l.subnet.az != src.subnet.az
		}
		return r, true
	}
	addr, explicit := e.serviceAddr(t, v)
	ip := addr.Addr().String()
	desc := t.desc + " (" + ip + ")"
	if t.svc != "" && t.region != v.region {
		desc = t.desc + " in " + t.region + " (" + ip + ")"
	}
	r := &resolution{}
	r.one[0] = dest{addr: addr, svc: t.svc, explicit: explicit, desc: desc}
	r.dests = r.one[:]
	if t.host != "" {
		r.dns = t.host + " → public address " + ip
	}
	return r, true
}

func (e *engine) resolvePrivate(tr *trace, src *iface, t *target) (*resolution, bool) {
	v := src.subnet.vpc
	landings := t.landings
	if t.efs {
		landings = mountTargetsFor(t.landings, src.subnet.az)
		if len(landings) == 0 {
			return nil, tr.deny(t.node.ID, checkTarget, t.node.ID+" has no mount target in "+azName(src.subnet.az),
				e.efsFailure(t, src))
		}
	}
	if len(landings) == 0 {
		return nil, tr.deny(t.node.ID, checkTarget, t.node.ID+" has no network interface in a subnet", &failure{
			code: codeNoRoute, blocker: t.node.ID,
			message: t.node.ID + " is in no subnet, so nothing can connect to it",
			fix:     "Place " + t.node.ID + " in subnets of " + v.node.ID + ".",
		})
	}
	var dests []dest
	for _, l := range landings {
		switch {
		case l.subnet.vpc == v:
			dests = append(dests, dest{addr: l.addr, landing: l, desc: l.where()})
		case l.public:
			dests = append(dests, dest{addr: l.pubAddr, public: l, desc: "the public address of " + l.node.ID})
		default:
			rt := src.subnet.rt
			return nil, tr.deny(rt.id(src.subnet), checkRoute, rt.name()+": "+l.where()+" is in "+l.subnet.vpc.node.ID+", not in "+v.node.ID,
				&failure{
					code: codeNoRoute, blocker: rt.id(src.subnet), nodes: []string{src.subnet.node.ID, t.node.ID},
					message: t.node.ID + " has only private addresses in " + l.subnet.vpc.node.ID + " and " + rt.name() + " in " + v.node.ID +
						" has no route to them (Archway models no VPC peering or transit gateway)",
					fix: "Place " + src.node.ID + " and " + t.node.ID + " in the same VPC, or give " + t.node.ID + " a public address in a public subnet.",
				})
		}
	}
	r := &resolution{dests: dests}
	if t.host != "" {
		r.dns = t.host + " → " + dests[0].desc
	}
	return r, true
}

// mountTargetsFor picks the EFS mount targets a client in az uses: the one
// in its AZ (R36). A subnet without an AZ may be in any of them.
func mountTargetsFor(all []*iface, az string) []*iface {
	var out []*iface
	for _, l := range all {
		if l.subnet.az == az {
			out = append(out, l)
		}
	}
	if az == "" && len(out) == 0 {
		return all
	}
	return out
}

func azName(az string) string {
	if az == "" {
		return "its Availability Zone"
	}
	return az
}

// interfaceEndpoint returns the interface endpoint a service name resolves
// to from a subnet, or nil when it resolves to public addresses: the
// endpoint needs private DNS, which needs both DNS attributes of the VPC
// (R15), and it must serve the target's Region. Where the VPC has an S3 or
// DynamoDB gateway endpoint, AWS's default for the interface endpoint's
// private DNS ("only for inbound endpoints") answers the VPC's own queries
// with the service's public addresses, in every subnet: the route table then
// decides (the gateway endpoint where it is associated, else NAT or nothing).
func (e *engine) interfaceEndpoint(v *vpcInfo, t *target) *model.Node {
	if t.svc == "" || t.region != v.region || !v.node.DNSHostnamesEnabled() {
		return nil
	}
	if (t.svc == "s3" || t.svc == "dynamodb") && len(v.gateway[t.svc]) > 0 {
		return nil
	}
	for _, ep := range v.iface[t.svc] {
		if ep.PrivateDNSEnabled() && len(e.endpointIfaces(ep, v)) > 0 {
			return ep
		}
	}
	return nil
}

// endpointIfaces are an interface endpoint's network interfaces, one per
// subnet, with its security groups (the VPC's default group when none).
func (e *engine) endpointIfaces(ep *model.Node, v *vpcInfo) []*iface {
	if out, ok := e.ifaces[ep.ID]; ok {
		return out
	}
	var out []*iface
	for _, id := range ep.Subnets {
		if s := e.subnets[id]; s != nil && s.vpc == v {
			out = append(out, newIface(ep, s, e.sgsOf(ep.SecurityGroups, v), false, model.Ports{}))
		}
	}
	e.ifaces[ep.ID] = out
	return out
}

// serviceAddr is the public address a service target is reached at: the
// node's address, or one in the service's prefix list when it is in the
// VPC's Region, else an AWS address outside the prefix lists (a gateway
// endpoint serves only its own Region, R12).
func (e *engine) serviceAddr(t *target, v *vpcInfo) (netip.Prefix, bool) {
	switch {
	case t.explicit:
		return t.addr, true
	case (t.svc == "s3" || t.svc == "dynamodb") && t.region != v.region:
		return awsGeneric, false
	}
	return t.addr, false
}

// send checks one packet from src to d and its reply: source egress,
// route, and the next hop onwards.
func (e *engine) send(tr *trace, src *iface, d *dest, f flow, exclude int) bool {
	tr.route = nil
	if src.sgs != nil {
		sg, r := e.sgCheck(src.sgs, true, f, d.peer())
		if r == nil {
			return tr.deny(sgBlocker(src.sgs, src.node), checkSGEgress, sgNames(src.sgs)+": no egress rule allows "+f.String()+" to "+d.desc,
				e.sgEgressFailure(src, d, f))
		}
		tr.allow(sgNode(sg, src.node), checkSGEgress, r.hopText())
	}
	rt := src.subnet.rt
	r := rt.lookup(d.addr, exclude)
	tr.route = r
	switch {
	case r == nil:
		return tr.deny(rt.id(src.subnet), checkRoute, rt.name()+": no route to "+d.desc, e.noRouteFailure(src, d))
	case r.kind == kindLocal:
		tr.allow(rt.id(src.subnet), checkRoute, rt.describe(r))
		if d.landing == nil {
			return tr.deny(rt.id(src.subnet), checkRoute, d.desc+" is inside "+src.subnet.vpc.node.ID+"'s CIDR, so the local route keeps it in the VPC",
				&failure{code: codeNoRoute, blocker: rt.id(src.subnet), nodes: []string{src.subnet.node.ID},
					message: d.desc + " is inside the CIDR of " + src.subnet.vpc.node.ID + ", where no interface has that address",
					fix:     "Use the destination's real public address."})
		}
		return e.land(tr, src, d, f)
	case r.target.Type == model.TypeInternetGateway:
		return e.viaIGW(tr, src, rt, r, d, f)
	case r.target.Type == model.TypeNATGateway:
		return e.viaNAT(tr, src, rt, r, d, f)
	}
	return e.viaGateway(tr, src, rt, r, d, f)
}

func sgNode(sg *secGroup, owner *model.Node) string {
	if sg.id == "" {
		return owner.ID
	}
	return sg.id
}

// sgBlocker is the node blamed when groups admit nothing: the first drawn
// group, or the resource itself when it has only the VPC's default group.
func sgBlocker(sgs []*secGroup, owner *model.Node) string {
	for _, sg := range sgs {
		if sg.id != "" {
			return sg.id
		}
	}
	return owner.ID
}

// deliver checks a packet over the local route: the ACLs when it crosses a
// subnet boundary (R23), the target's security groups, and the reply.
func (e *engine) deliver(tr *trace, src, l *iface, f flow) bool {
	crossing := src.subnet != l.subnet
	if crossing {
		if !e.aclHop(tr, src.subnet, true, false, f, src.eph, l.addr, l.where()) ||
			!e.aclHopAt(tr, l.node, l.subnet, false, false, f, src.eph, src.addr, src.where()) {
			return false
		}
	}
	sg, r := e.sgCheck(l.sgs, false, f, src.peer())
	if r == nil {
		return tr.deny(sgBlocker(l.sgs, l.node), checkSGIngress, sgNames(l.sgs)+" on "+l.node.ID+": no ingress rule allows "+f.String()+" from "+src.where(),
			e.sgIngressFailure(l, src.peer(), src.where(), src.sgs, f))
	}
	tr.allow(sgNode(sg, l.node), checkSGIngress, r.hopText())
	if crossing {
		return e.aclHopAt(tr, l.node, l.subnet, true, true, f, src.eph, src.addr, src.where()) &&
			e.aclHop(tr, src.subnet, false, true, f, src.eph, l.addr, l.where())
	}
	return true
}

// land delivers a packet from src to the private interface of d over the
// local route: through the endpoint when the interface is an endpoint's, so
// its checks apply and the path names it, whoever forwards the packet.
func (e *engine) land(tr *trace, src *iface, d *dest, f flow) bool {
	if ep := d.landing.node; ep.Type == model.TypeVPCEndpoint {
		return e.viaInterface(tr, src, ep, d, f)
	}
	return e.deliver(tr, src, d.landing, f)
}

// viaInterface delivers to an interface endpoint's network interface
// (R14): TCP only, its subnet's ACL and its security groups.
func (e *engine) viaInterface(tr *trace, src *iface, ep *model.Node, d *dest, f flow) bool {
	if f.proto != "tcp" {
		return tr.deny(ep.ID, checkIfaceVPCE, ep.ID+" carries only TCP, not "+f.String(), &failure{
			code: codeInterfaceProtocol, blocker: ep.ID,
			message: ep.ID + " is an interface endpoint, which carries only TCP traffic; " + f.String() + " to it is dropped",
			fix:     "Call " + serviceName(ep.Service) + " over TCP (HTTPS, port 443).",
		})
	}
	if !e.deliver(tr, src, d.landing, f) {
		return false
	}
	k := textKey{kind: textInterface, a: d.landing}
	text, ok := e.memo(k)
	if !ok {
		text = e.remember(k, ep.ID+" in "+d.landing.subnet.node.ID+": "+serviceName(ep.Service)+" through AWS PrivateLink")
	}
	tr.allow(ep.ID, checkIfaceVPCE, text)
	return true
}

// aclHop applies a subnet's network ACL to a packet to (outbound) or from
// (inbound) peer: the forward packet on the flow's port, or with reply the
// answer to the client's ephemeral ports eph.
func (e *engine) aclHop(tr *trace, s *subnetInfo, outbound, reply bool, f flow, eph model.Ports, peerAddr netip.Prefix, peerDesc string) bool {
	p := aclPass{s: s, outbound: outbound, reply: reply, f: f, eph: eph, peer: peerAddr, peerDesc: peerDesc}
	check := aclCheck(outbound, reply)
	if s.acl == nil {
		tr.allow(s.node.ID, check, s.defaultACL)
		return true
	}
	res := p.eval()
	acl := s.acl.node.ID
	if res.allow {
		k := textKey{kind: textACL, a: s.acl, s: p.dir(), n: res.rules[0]}
		text, ok := e.memo(k)
		if !ok || len(res.rules) > 1 {
			text = acl + " " + p.dir() + " " + ruleList(res.rules) + " allow"
			if len(res.rules) == 1 {
				e.remember(k, text)
			}
		}
		tr.allow(acl, check, text)
		return true
	}
	detail := acl + " " + p.dir() + " rule * deny (no rule allows " + p.what() + ")"
	if res.deny != nil {
		detail = acl + " " + p.dir() + " rule " + itoa(res.deny.num) + " deny (" + protoPorts(res.deny.proto, res.deny.ports) + " " + p.toFrom() + " " + res.deny.cidr.String() + ")"
	}
	return tr.deny(acl, check, detail, e.aclFailure(p, res))
}

// aclHopAt is aclHop for the subnet of a resource other than the sender (the
// target, a NAT gateway, an endpoint): a failure there names the resource
// too, as a person would name it.
func (e *engine) aclHopAt(tr *trace, owner *model.Node, s *subnetInfo, outbound, reply bool, f flow, eph model.Ports, peerAddr netip.Prefix, peerDesc string) bool {
	if e.aclHop(tr, s, outbound, reply, f, eph, peerAddr, peerDesc) {
		return true
	}
	tr.fail.nodes = appendNew(tr.fail.nodes, owner.ID)
	return false
}

// aclPass is one packet through one subnet's network ACL.
type aclPass struct {
	s               *subnetInfo
	outbound, reply bool
	f               flow
	eph             model.Ports
	peer            netip.Prefix
	peerDesc        string
}

func (p aclPass) ports() model.Ports {
	if p.reply {
		return p.eph
	}
	return p.f.ports()
}

func (p aclPass) rules() []aclRule {
	if p.outbound {
		return p.s.acl.out
	}
	return p.s.acl.in
}

func (p aclPass) eval() aclResult { return p.s.acl.eval(p.rules(), p.f.proto, p.ports(), p.peer) }

func (p aclPass) dir() string {
	if p.outbound {
		return "outbound"
	}
	return "inbound"
}

func (p aclPass) toFrom() string {
	if p.outbound {
		return "to"
	}
	return "from"
}

func (p aclPass) what() string {
	return protoPorts(p.f.proto, p.ports()) + " " + p.toFrom() + " " + p.peerDesc
}

// mirror is the packet going the other way through the same ACL: the reply
// to a forward packet, or the forward packet of a reply.
func (p aclPass) mirror() aclPass {
	p.outbound, p.reply = !p.outbound, !p.reply
	return p
}

func aclCheck(outbound, reply bool) string {
	switch {
	case outbound && reply:
		return checkACLOutReply
	case outbound:
		return checkACLOut
	case reply:
		return checkACLInReply
	}
	return checkACLIn
}

// viaIGW follows a route to an internet gateway: attached (R4, R5), a public
// address on the sender (R6, R28), never to private addresses.
func (e *engine) viaIGW(tr *trace, src *iface, rt *routeTable, r *routeEntry, d *dest, f flow) bool {
	igw := r.target
	if !igw.IsAttached() {
		return tr.deny(igw.ID, checkRoute, rt.describe(r)+" is a blackhole: "+igw.ID+" is detached", e.badStateFailure(igw, rt, src.subnet))
	}
	tr.allow(rt.id(src.subnet), checkRoute, rt.describe(r))
	if d.landing != nil || (d.public == nil && d.addr.Addr().IsPrivate()) {
		return tr.deny(igw.ID, checkIGW, igw.ID+" does not forward to private addresses ("+d.desc+")", &failure{
			code: codeNoRoute, blocker: rt.id(src.subnet), nodes: []string{src.subnet.node.ID, igw.ID},
			message: rt.name() + " sends " + d.desc + " to " + igw.ID + ", but internet gateways do not forward to private addresses",
			fix:     "Route the private destination over the local route, or reach it at a public address.",
		})
	}
	if !src.public {
		return tr.deny(src.node.ID, checkIGW, src.node.ID+" has no public IPv4 address, so "+igw.ID+" cannot translate its traffic", e.publicIPFailure(src, rt, r, d))
	}
	if !e.aclHop(tr, src.subnet, true, false, f, src.eph, d.addr, d.desc) {
		return false
	}
	k := textKey{kind: textIGW, a: igw, b: src.node}
	text, ok := e.memo(k)
	if !ok {
		text = e.remember(k, igw.ID+": "+src.node.ID+"'s public address to the internet")
	}
	tr.allow(igw.ID, checkIGW, text)
	if d.public != nil && !e.fromInternet(tr, src.pubAddr, src.node.ID+"'s public address", src.eph, d.public, f) {
		return false
	}
	return e.aclHop(tr, src.subnet, false, true, f, src.eph, d.addr, d.desc)
}

// natIface is a NAT gateway as the sender of the packets it forwards.
func (e *engine) natIface(nat *model.Node) *iface {
	if l := e.ifaces[nat.ID]; len(l) == 1 {
		return l[0]
	}
	i := newIface(nat, e.subnetOf(nat), nil, nat.NATConnectivity() == "public", ephNAT)
	if a, err := netip.ParseAddr(nat.ElasticIP); err == nil {
		i.pubAddr = netip.PrefixFrom(a, 32)
	}
	e.ifaces[nat.ID] = []*iface{i}
	return i
}

// viaNAT follows a route to a NAT gateway: the ACLs of its subnet both ways
// (R25), and its own subnet's route table onwards (R7, R8).
func (e *engine) viaNAT(tr *trace, src *iface, rt *routeTable, r *routeEntry, d *dest, f flow) bool {
	nat := r.target
	natIf := e.natIface(nat)
	ns := natIf.subnet
	tr.allow(rt.id(src.subnet), checkRoute, rt.describe(r))
	crossing := ns != src.subnet
	if crossing && (!e.aclHop(tr, src.subnet, true, false, f, src.eph, d.addr, d.desc) ||
		!e.aclHopAt(tr, nat, ns, false, false, f, src.eph, src.addr, src.where())) {
		return false
	}
	r2 := ns.rt.lookup(d.addr, -1)
	private := nat.NATConnectivity() == "private"
	switch {
	case r2 != nil && r2.kind == kindLocal:
		if d.landing == nil {
			return tr.deny(ns.rt.id(ns), checkNAT, d.desc+" is inside "+ns.vpc.node.ID+"'s CIDR", &failure{
				code: codeNoRoute, blocker: ns.rt.id(ns), message: d.desc + " is inside the CIDR of " + ns.vpc.node.ID + ", where no interface has that address",
				fix: "Use the destination's real public address."})
		}
		k := textKey{kind: textNATLocal, a: nat, b: r2}
		text, ok := e.memo(k)
		if !ok {
			text = e.remember(k, nat.ID+" forwards inside the VPC: "+ns.rt.describe(r2))
		}
		tr.allow(nat.ID, checkNAT, text)
		tr.note(codeMoreSpecific+"|"+rt.id(src.subnet)+"|"+r.dest, e.divertedFinding(rt, r, src, d))
		if !e.land(tr, natIf, d, f) {
			return false
		}
	case r2 != nil && r2.target != nil && r2.target.Type == model.TypeVPCEndpoint:
		k := textKey{kind: textNATEndpoint, a: nat, b: r2}
		text, ok := e.memo(k)
		if !ok {
			text = e.remember(k, nat.ID+" forwards: "+ns.rt.describe(r2))
		}
		tr.allow(nat.ID, checkNAT, text)
		if !e.viaGateway(tr, natIf, ns.rt, r2, d, f) {
			return false
		}
	case private:
		fail := e.privateNATFailure(nat, d)
		fail.nodes = append(fail.nodes, rt.id(src.subnet))
		return tr.deny(nat.ID, checkNAT, nat.ID+" is a private NAT gateway: it cannot reach "+d.desc, fail)
	case r2 == nil || r2.target.Type != model.TypeInternetGateway:
		detail := ns.rt.name() + " has no route to " + d.desc
		if r2 != nil {
			detail = ns.rt.describe(r2) + ": a NAT gateway cannot forward to another NAT gateway"
		}
		return tr.deny(nat.ID, checkNAT, nat.ID+" in "+ns.node.ID+": "+detail, e.natNotPublicFailure(nat, ns))
	case !r2.target.IsAttached():
		return tr.deny(r2.target.ID, checkNAT, ns.rt.describe(r2)+" is a blackhole: "+r2.target.ID+" is detached", e.badStateFailure(r2.target, ns.rt, ns))
	case d.landing != nil || (d.public == nil && d.addr.Addr().IsPrivate()):
		// Internet gateways drop traffic to RFC 1918 addresses (R6): a
		// host drawn on the internet with a private address is not there.
		fix := "Route the private destination over the local route."
		if d.landing == nil {
			fix = "Reach " + d.desc + " at a public address; Archway models no VPN, Direct Connect or peering to private networks."
		}
		return tr.deny(nat.ID, checkNAT, r2.target.ID+" does not forward to private addresses ("+d.desc+")", &failure{
			code: codeNoRoute, blocker: rt.id(src.subnet), nodes: []string{src.subnet.node.ID, nat.ID},
			message: rt.name() + " sends " + d.desc + " to " + nat.ID + ", whose subnet routes it to an internet gateway, which does not forward to private addresses",
			fix:     fix,
		})
	default:
		igw := r2.target
		k := textKey{kind: textNATInternet, a: nat, b: r2}
		text, ok := e.memo(k)
		if !ok {
			text = e.remember(k, nat.ID+" (public, in "+ns.node.ID+"): "+ns.rt.describe(r2))
		}
		tr.allow(nat.ID, checkNAT, text)
		if !e.aclHopAt(tr, nat, ns, true, false, f, ephNAT, d.addr, d.desc) {
			return false
		}
		k = textKey{kind: textIGWNAT, a: igw, b: nat}
		if text, ok = e.memo(k); !ok {
			text = e.remember(k, igw.ID+": "+nat.ID+"'s Elastic IP to the internet")
		}
		tr.allow(igw.ID, checkIGW, text)
		if d.public != nil && !e.fromInternet(tr, natIf.pubAddr, nat.ID+"'s Elastic IP", ephNAT, d.public, f) {
			return false
		}
		if !e.aclHopAt(tr, nat, ns, false, true, f, ephNAT, d.addr, d.desc) {
			return false
		}
	}
	if crossing {
		return e.aclHopAt(tr, nat, ns, true, true, f, src.eph, src.addr, src.where()) &&
			e.aclHop(tr, src.subnet, false, true, f, src.eph, d.addr, d.desc)
	}
	return true
}

// viaGateway follows a prefix-list route to a gateway endpoint (R11–R13).
func (e *engine) viaGateway(tr *trace, src *iface, rt *routeTable, r *routeEntry, d *dest, f flow) bool {
	ep := r.target
	tr.allow(rt.id(src.subnet), checkRoute, rt.describe(r))
	if f.proto != "tcp" && f.proto != "icmp" {
		return tr.deny(ep.ID, checkGatewayVPCE, ep.ID+" carries only TCP, not "+f.String(), &failure{
			code: codeGatewayProtocol, blocker: ep.ID, nodes: []string{rt.id(src.subnet)},
			message: ep.ID + " is a gateway endpoint, which carries only TCP traffic; " + f.String() + " to " + d.desc + " is dropped",
			fix:     "Call " + serviceName(ep.Service) + " over TCP (HTTPS, port 443).",
		})
	}
	e.used[ep.ID] = true
	if !e.aclHop(tr, src.subnet, true, false, f, src.eph, d.addr, d.desc) {
		return false
	}
	k := textKey{kind: textGateway, a: ep}
	text, ok := e.memo(k)
	if !ok {
		text = e.remember(k, ep.ID+": "+serviceName(ep.Service)+" in "+src.subnet.vpc.region+" without leaving the AWS network")
	}
	tr.allow(ep.ID, checkGatewayVPCE, text)
	return e.aclHop(tr, src.subnet, false, true, f, src.eph, d.addr, d.desc)
}

// fromInternet follows a packet from a public address into a VPC to an
// interface with a public address: through the VPC's attached internet
// gateway, the subnet's ACL and the interface's groups, which never match a
// public sender by group reference (R21); the reply must route back to the
// internet gateway.
func (e *engine) fromInternet(tr *trace, from netip.Prefix, fromDesc string, eph model.Ports, l *iface, f flow) bool {
	s := l.subnet
	r := s.rt.lookup(from, -1)
	switch {
	case r == nil || r.target == nil || r.target.Type != model.TypeInternetGateway:
		detail := s.rt.name() + " has no route for replies to " + fromDesc
		if r != nil {
			detail = s.rt.name() + " sends replies to " + fromDesc + " to " + routeTarget(r) + ", not to an internet gateway"
		}
		return tr.deny(s.rt.id(s), checkRoute, detail, &failure{
			code: codeNoRoute, blocker: s.rt.id(s), nodes: []string{s.node.ID, l.node.ID},
			message: l.node.ID + " has a public address, but its subnet " + s.node.ID + " is not public: " + detail,
			fix:     "Place " + l.node.ID + " in a subnet whose route table sends 0.0.0.0/0 to an attached internet gateway.",
		})
	case !r.target.IsAttached():
		return tr.deny(r.target.ID, checkIGW, s.rt.describe(r)+" is a blackhole: "+r.target.ID+" is detached", e.badStateFailure(r.target, s.rt, s))
	}
	k := textKey{kind: textIGWIn, a: r.target, b: l}
	text, ok := e.memo(k)
	if !ok {
		text = e.remember(k, r.target.ID+": the public address of "+l.node.ID+" to its private address in "+s.node.ID)
	}
	tr.allow(r.target.ID, checkIGW, text)
	if !e.aclHopAt(tr, l.node, s, false, false, f, eph, from, fromDesc) {
		return false
	}
	p := peer{addr: from}
	sg, rule := e.sgCheck(l.sgs, false, f, p)
	if rule == nil {
		return tr.deny(sgBlocker(l.sgs, l.node), checkSGIngress, sgNames(l.sgs)+" on "+l.node.ID+": no ingress rule allows "+f.String()+" from "+fromDesc,
			e.sgIngressFailure(l, p, fromDesc, nil, f))
	}
	tr.allow(sgNode(sg, l.node), checkSGIngress, rule.hopText())
	if !e.aclHopAt(tr, l.node, s, true, true, f, eph, from, fromDesc) {
		return false
	}
	k = textKey{kind: textReply, a: r}
	if text, ok = e.memo(k); !ok {
		text = e.remember(k, s.rt.describe(r)+" (reply)")
	}
	tr.allow(s.rt.id(s), checkRoute, text)
	return true
}

func routeTarget(r *routeEntry) string {
	if r.kind == kindLocal {
		return "local"
	}
	return r.target.ID
}

// walkPublic follows a packet of arrow ed from outside every VPC: a function
// without VPC configuration (R26), an internet host, a service delivering
// over the internet. from is its address; any public address when unknown.
func (e *engine) walkPublic(ed *model.Edge, src *model.Node, context string, from netip.Prefix, eph model.Ports, t *target, f flow) *trace {
	tr := e.newTrace()
	tr.allow(src.ID, checkSource, context)
	switch {
	case !t.private && t.addr.Addr().IsPrivate():
		// A host drawn on the internet with an RFC 1918 address: the
		// internet does not route to it (R6).
		tr.deny(t.node.ID, checkTarget, t.desc+" has a private address ("+t.addr.Addr().String()+"), which the internet does not route to", &failure{
			code: codeNoRoute, blocker: t.node.ID, nodes: []string{src.ID},
			message: t.node.ID + " has the private address " + t.addr.Addr().String() + ", which the internet does not route to; " + src.ID + " is outside every VPC of the design",
			fix:     "Give " + t.node.ID + " its public address, or call it from a VPC connected to its network (Archway models no VPN, Direct Connect or peering).",
		})
		return tr
	case !t.private:
		tr.allow(t.node.ID, checkTarget, "reached "+t.desc+" at its public endpoint on "+f.String())
		return tr
	case len(t.public) > 0:
		for _, l := range t.public {
			if !e.fromInternet(tr, from, src.ID, eph, l, f) {
				return tr
			}
		}
		tr.allow(t.node.ID, checkTarget, "reached "+t.desc+" at its public address on "+f.String())
		if src.Type == model.TypeLambda {
			tr.note(codePubliclyExposed+"|"+ed.ID, e.exposedFinding(ed, src, t))
		}
		return tr
	case src.Type == model.TypeLambda:
		tr.deny(src.ID, checkSource, src.ID+" has no VPC configuration: the Lambda-owned network has no route to private addresses in "+vpcNames(t),
			e.notInVPCFailure(src, t))
		return tr
	}
	tr.deny(t.node.ID, checkTarget, t.desc+" has only private addresses, which nothing outside its VPC routes to", &failure{
		code: codeNoRoute, blocker: t.node.ID, nodes: []string{src.ID},
		message: t.node.ID + " has only private addresses in " + vpcNames(t) + "; " + src.ID + " is outside the VPC and has no route to them",
		fix:     publicFix(t),
		ops:     e.publicOps(t),
	})
	return tr
}

// vpcNames lists the VPCs a private target is in.
func vpcNames(t *target) string {
	var names []string
	for _, l := range t.landings {
		if id := l.subnet.vpc.node.ID; !slices.Contains(names, id) {
			names = append(names, id)
		}
	}
	return joinAnd(names)
}
