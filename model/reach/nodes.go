package reach

import (
	"slices"
	"strings"

	"archway/model"
)

// Limits of a function's VPC configuration (R31) and Lambda's per-VPC ENI
// quota (R63).
const (
	maxFunctionSGs     = 5
	maxFunctionSubnets = 16
	eniQuota           = 250
	eniQuotaWarn       = 200 // 80% of the quota
	lowFreeIPs         = 10
)

// nodeFindings are the findings about the design's configuration rather
// than one arrow. It runs after every arrow, so it knows which endpoints a
// path uses and which NAT gateways an arrow already reported.
func (e *engine) nodeFindings() []model.Finding {
	// Trace upload is walked first: the endpoints it may use must count as
	// used before the endpoints are reported, wherever they are drawn.
	out := e.xrayFindings()
	rtSubnets := map[*routeTable][]*subnetInfo{}
	for _, n := range e.d.Nodes {
		if s := e.subnets[n.ID]; s != nil && n.Type == model.TypeSubnet {
			rtSubnets[s.rt] = append(rtSubnets[s.rt], s)
		}
	}
	// users lists the route tables that send traffic to each gateway; a
	// table no subnet uses carries no traffic, and is not a user.
	users := map[*model.Node][]string{}
	for _, n := range e.d.Nodes {
		if rt := e.rts[n.ID]; rt != nil && n.Type == model.TypeRouteTable && len(rtSubnets[rt]) > 0 {
			for i := range rt.entries {
				if t := rt.entries[i].target; t != nil && (t.Type == model.TypeNATGateway || t.Type == model.TypeInternetGateway) {
					users[t] = appendNew(users[t], n.ID)
				}
			}
		}
	}
	reported := map[string]bool{}
	for _, f := range e.findings {
		if f.Code == codeNATNotPublic || f.Code == codeBadState {
			reported[f.Nodes[0]] = true
		}
	}
	for _, n := range e.d.Nodes {
		switch n.Type {
		case model.TypeLambda:
			if n.InVPC() {
				out = append(out, e.functionFindings(n)...)
			}
		case model.TypeNATGateway:
			if !reported[n.ID] {
				out = append(out, e.natFindings(n, users[n])...)
			}
		case model.TypeInternetGateway:
			if !reported[n.ID] && !n.IsAttached() && len(users[n]) > 0 {
				out = append(out, model.Finding{
					Severity: model.SeverityError, Code: codeBadState, Nodes: append([]string{n.ID}, users[n]...),
					Message: joinAnd(users[n]) + " route to " + n.ID + ", which is detached: the routes are blackholes.",
					Fix:     "Attach " + n.ID + " to " + n.Parent + ".",
					Ops:     []model.FixOp{opSet(n.ID, "attached", true)},
				})
			}
		case model.TypeSubnet:
			if s := e.subnets[n.ID]; s != nil {
				out = append(out, e.subnetFindings(s)...)
				out = append(out, e.crossAZFindings(s, rtSubnets[s.rt])...)
			}
		case model.TypeVPCEndpoint:
			out = append(out, e.endpointFindings(n)...)
		}
	}
	out = append(out, e.inboundRuleFindings()...)
	return out
}

func (e *engine) functionFindings(fn *model.Node) []model.Finding {
	var out []model.Finding
	var public, rts []string
	var azs []string
	for _, id := range uniq(fn.VPC.Subnets) {
		s := e.subnets[id]
		if s == nil {
			continue
		}
		azs = append(azs, s.az)
		if s.rt.routesToIGW() {
			public = append(public, id)
			rts = appendNew(rts, s.rt.id(s))
		}
	}
	if vpcs := e.configVPCs(fn); len(vpcs) > 1 {
		out = append(out, model.Finding{
			Severity: model.SeverityError, Code: codeMultipleVPCs, Nodes: append([]string{fn.ID}, vpcs...),
			Message: fn.ID + "'s subnets and security groups are in " + joinAnd(vpcs) + "; a function connects to one VPC, and Lambda rejects this configuration.",
			Fix:     "Use subnets and security groups of one VPC only.",
		})
	}
	if sgs, subnets := distinct(fn.VPC.SecurityGroups), distinct(fn.VPC.Subnets); sgs > maxFunctionSGs || subnets > maxFunctionSubnets {
		out = append(out, model.Finding{
			Severity: model.SeverityError, Code: codeTooManySGs, Nodes: []string{fn.ID},
			Message: fn.ID + " has " + itoa(sgs) + " security groups and " + itoa(subnets) + " subnets; Lambda accepts at most 5 security groups and 16 subnets.",
			Fix:     "Use at most 5 security groups and 16 subnets, all in one VPC.",
		})
	}
	if len(fn.VPC.SecurityGroups) == 0 {
		out = append(out, model.Finding{
			Severity: model.SeverityError, Code: codeNoSG, Nodes: []string{fn.ID},
			Message: fn.ID + " is attached to subnets but to no security group; Lambda needs at least one for the network interfaces it creates and rejects this configuration.",
			Fix:     "Give " + fn.ID + " a security group of its VPC, with outbound rules for what it calls.",
		})
	}
	if len(public) > 0 {
		out = append(out, model.Finding{
			Severity: model.SeverityWarning, Code: codeLambdaPublic, Nodes: append(append([]string{fn.ID}, public...), rts...),
			Message: fn.ID + " uses " + joinAnd(public) + ", routed to an internet gateway by " + joinAnd(rts) +
				"; Lambda's network interfaces never get a public IP address, so a public subnet gives the function no internet access.",
			Fix: "Attach " + fn.ID + " to private subnets whose 0.0.0.0/0 route points to a NAT gateway in a public subnet, or use VPC endpoints.",
		})
	}
	out = append(out, e.associationFindings(fn)...)
	if len(azs) == 1 || (len(azs) > 1 && azs[0] != "" && !slices.ContainsFunc(azs, func(az string) bool { return az != azs[0] })) {
		where := "one Availability Zone"
		if azs[0] != "" {
			where = azs[0] + " only"
		}
		out = append(out, model.Finding{
			Severity: model.SeverityWarning, Code: codeSingleAZ, Nodes: []string{fn.ID},
			Message: fn.ID + " runs in " + where + "; if that zone fails, so does the function.",
			Fix:     "Add a private subnet in a second Availability Zone to " + fn.ID + "'s VPC configuration.",
		})
	}
	return out
}

// configVPCs lists the VPCs of a function's subnets and security groups.
func (e *engine) configVPCs(fn *model.Node) []string {
	var vpcs []string
	for _, id := range fn.VPC.Subnets {
		if s := e.subnets[id]; s != nil {
			vpcs = appendNew(vpcs, s.vpc.node.ID)
		}
	}
	for _, id := range fn.VPC.SecurityGroups {
		if sg := e.sgs[id]; sg != nil && sg.vpc != nil {
			vpcs = appendNew(vpcs, sg.vpc.node.ID)
		}
	}
	return vpcs
}

// rejected reports a VPC configuration Lambda refuses (R31): subnets and
// security groups of several VPCs, no group, more than 5 groups or 16
// subnets. The function is never created or updated with it, so it has no
// ENIs.
func (e *engine) rejected(fn *model.Node) bool {
	return len(fn.VPC.SecurityGroups) == 0 || distinct(fn.VPC.SecurityGroups) > maxFunctionSGs || distinct(fn.VPC.Subnets) > maxFunctionSubnets || len(e.configVPCs(fn)) > 1
}

// associationFindings reports gateway endpoints that serve the route tables
// of some of a function's subnets but not of others (R11): from those, calls
// to the service bypass the endpoint and its policy, or find no route.
func (e *engine) associationFindings(fn *model.Node) []model.Finding {
	var out []model.Finding
	for _, svc := range []string{"dynamodb", "s3"} {
		var ep *model.Node
		for _, id := range fn.VPC.Subnets {
			if s := e.subnets[id]; s != nil {
				if ep = s.rt.gatewayFor(svc); ep != nil {
					break
				}
			}
		}
		if ep == nil {
			continue
		}
		var missing, rts []string
		var ops []model.FixOp
		for _, id := range uniq(fn.VPC.Subnets) {
			s := e.subnets[id]
			if s == nil || s.rt.gatewayFor(svc) != nil {
				continue
			}
			missing = append(missing, id)
			if !slices.Contains(rts, s.rt.id(s)) {
				rts = append(rts, s.rt.id(s))
				if s.rt.node != nil {
					ops = append(ops, opAdd(ep.ID, "routeTables", s.rt.node.ID))
				}
			}
		}
		if len(missing) == 0 {
			continue
		}
		out = append(out, model.Finding{
			Severity: model.SeverityWarning, Code: codeNotAssociated, Nodes: append(append([]string{ep.ID}, rts...), append(missing, fn.ID)...),
			Message: ep.ID + " serves some of " + fn.ID + "'s subnets but not " + joinAnd(missing) + " (route table " + joinAnd(rts) + "): from there, calls to " +
				serviceName(svc) + " do not use a gateway endpoint and its policy; they go through another route, or find none.",
			Fix: "Associate " + ep.ID + " with " + joinAnd(rts) + ".",
			Ops: ops,
		})
	}
	return out
}

// subnetFindings tells which route table a subnet uses when it relies on
// the main table (R1), and warns about a subnet named public that has no
// route to an internet gateway (R5: only the route makes a subnet public).
func (e *engine) subnetFindings(s *subnetInfo) []model.Finding {
	var out []model.Finding
	id := s.node.ID
	if s.implicit {
		f := model.Finding{
			Severity: model.SeverityInfo, Code: codeImplicitRT, Nodes: []string{id, s.rt.id(s)},
			Message: id + " has no explicit route table association, so it uses the main route table " + s.rt.name() + ".",
			Fix:     "Associate " + id + " explicitly with the route table it should use.",
		}
		if s.rt.node == nil {
			f.Nodes = []string{id, s.vpc.node.ID}
			f.Message = id + " has no explicit route table association and " + s.vpc.node.ID + " has no main route table drawn, so it has only the local route."
		}
		out = append(out, f)
	}
	if namedPublic(s.node) && !s.rt.routesToIGW() {
		out = append(out, model.Finding{
			Severity: model.SeverityWarning, Code: codeNotPublic, Nodes: []string{id, s.rt.id(s)},
			Message: id + " is named public, but its route table " + s.rt.name() + " has no route to an internet gateway: it is a private subnet.",
			Fix:     "Add 0.0.0.0/0 → an attached internet gateway to the route table of " + id + ", or rename it.",
		})
	}
	return out
}

// namedPublic reports a node whose id, name or label has the word "public"
// or "pub" in it.
func namedPublic(n *model.Node) bool {
	return hasPublicWord(n.ID) || hasPublicWord(n.Name) || hasPublicWord(n.Label)
}

// hasPublicWord scans the ASCII letter runs of text, without allocating.
func hasPublicWord(text string) bool {
	start := -1
	for i := 0; i <= len(text); i++ {
		letter := i < len(text) && (text[i]|0x20 >= 'a' && text[i]|0x20 <= 'z')
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			if w := text[start:i]; strings.EqualFold(w, "public") || strings.EqualFold(w, "pub") {
				return true
			}
			start = -1
		}
	}
	return false
}

// routesToIGW reports any route to an internet gateway: what makes a
// subnet public in the console's sense (R5, R28).
func (rt *routeTable) routesToIGW() bool {
	for i := range rt.entries {
		if t := rt.entries[i].target; t != nil && t.Type == model.TypeInternetGateway {
			return true
		}
	}
	return false
}

// natFindings reports a public NAT gateway that route tables (users) send
// traffic to but that cannot reach the internet.
func (e *engine) natFindings(nat *model.Node, users []string) []model.Finding {
	s := e.subnetOf(nat)
	if s == nil || len(users) == 0 || nat.NATConnectivity() != "public" || s.isPublic() {
		return nil
	}
	if r := s.rt.lookup(internet, -1); r != nil && r.target != nil && r.target.Type == model.TypeInternetGateway {
		return nil // a detached internet gateway: its own finding says so
	}
	f := e.natNotPublicFailure(nat, s)
	return []model.Finding{{
		Severity: model.SeverityError, Code: codeNATNotPublic, Nodes: append(append([]string{nat.ID}, f.nodes...), users...),
		Message: f.message + " (used by " + joinAnd(users) + ").", Fix: f.fix, Ops: f.ops,
	}}
}

// crossAZFindings reports routes from a subnet to a NAT gateway in another
// AZ (R9).
func (e *engine) crossAZFindings(s *subnetInfo, sharing []*subnetInfo) []model.Finding {
	if s.az == "" || s.rt.node == nil {
		return nil
	}
	var out []model.Finding
	var seen []*model.Node
	for i := range s.rt.entries {
		r := &s.rt.entries[i]
		if r.target == nil || r.target.Type != model.TypeNATGateway || slices.Contains(seen, r.target) {
			continue
		}
		seen = append(seen, r.target)
		ns := e.subnetOf(r.target)
		if ns == nil || ns.az == "" || ns.az == s.az {
			continue
		}
		f := model.Finding{
			Severity: model.SeverityWarning, Code: codeCrossAZNAT, Nodes: []string{s.node.ID, r.target.ID, s.rt.node.ID},
			Message: s.node.ID + " in " + s.az + " routes " + r.dest + " to " + r.target.ID + " in " + ns.az +
				" (" + s.rt.node.ID + "): it works, but pays cross-AZ data charges and loses the internet if " + ns.az + " fails.",
			Fix: "Create a NAT gateway in a public subnet of " + s.az + " and route " + s.node.ID + "'s " + r.dest + " to it.",
		}
		// Retarget the route when a working NAT gateway in the subnet's AZ
		// exists and no subnet of another AZ shares the table.
		if nat := e.natFor(s.vpc, s.az); nat != nil && e.subnetOf(nat).az == s.az && r.index >= 0 &&
			!slices.ContainsFunc(sharing, func(o *subnetInfo) bool { return o.az != s.az }) {
			old := s.rt.node.Routes[r.index]
			f.Fix = "Route " + r.dest + " in " + s.rt.node.ID + " to " + nat.ID + ", the NAT gateway in " + s.az + "."
			f.Ops = []model.FixOp{opRemove(s.rt.node.ID, "routes", old), opAdd(s.rt.node.ID, "routes", model.Route{Destination: old.Destination, Target: nat.ID})}
		}
		out = append(out, f)
	}
	return out
}

func (e *engine) endpointFindings(ep *model.Node) []model.Finding {
	v := e.vpcOf(ep)
	if v == nil {
		return nil
	}
	var out []model.Finding
	vid := v.node.ID
	iface := ep.EndpointKind() == "interface"
	dnsOff := !v.node.DNSSupportEnabled() || !v.node.DNSHostnamesEnabled()
	if iface && ep.PrivateDNSEnabled() && dnsOff {
		f := model.Finding{
			Severity: model.SeverityError, Code: codeDNS, Nodes: []string{ep.ID, vid},
			Message: ep.ID + " has private DNS on, which needs enableDnsSupport and enableDnsHostnames on " + vid +
				"; AWS rejects this configuration, and " + ep.Service + " names resolve to public addresses.",
			Fix: "Turn on DNS resolution and DNS hostnames for " + vid + ".",
			// The arrows whose calls the endpoint was meant to carry.
			Edges: e.callers(v, ep.Service),
		}
		if !v.node.DNSSupportEnabled() {
			f.Ops = append(f.Ops, opSet(vid, "dnsSupport", true))
		}
		if !v.node.DNSHostnamesEnabled() {
			f.Ops = append(f.Ops, opSet(vid, "dnsHostnames", true))
		}
		out = append(out, f)
	}
	if gw := ep.EndpointKind() == "gateway"; gw {
		out = append(out, e.shadowFindings(ep, v)...)
	}
	if e.used[ep.ID] {
		return out
	}
	f := model.Finding{Severity: model.SeverityInfo, Code: codeUnused, Nodes: []string{ep.ID}}
	switch {
	case !iface && len(ep.RouteTables) == 0:
		f.Message = ep.ID + " is associated with no route table, so no subnet uses it."
		f.Fix = "Associate " + ep.ID + " with the route tables of the subnets that call " + serviceName(ep.Service) + "."
	case iface && !ep.PrivateDNSEnabled():
		f.Message = ep.ID + " has private DNS off: the default name " + ep.Service + "." + v.region +
			".amazonaws.com resolves to public addresses, so SDK calls do not use the endpoint (only its endpoint-specific names do)."
		f.Fix = "Turn on private DNS for " + ep.ID + ", or configure the SDK with the endpoint-specific DNS name."
		f.Ops = []model.FixOp{opSet(ep.ID, "privateDns", true)}
		if dnsOff {
			f.Ops = nil
			f.Fix = "Turn on DNS resolution and DNS hostnames for " + vid + " and private DNS for " + ep.ID + "."
		}
	case iface && dnsOff:
		f.Message = ep.ID + " is not used: without enableDnsSupport and enableDnsHostnames on " + vid + ", its private DNS does not apply."
		f.Fix = "Turn on DNS resolution and DNS hostnames for " + vid + "."
	case iface && (ep.Service == "s3" || ep.Service == "dynamodb") && len(v.gateway[ep.Service]) > 0:
		f.Message = ep.ID + " is not used from " + vid + ": beside a gateway endpoint, its private DNS serves only inbound resolver endpoints " +
			"(AWS's default), so clients in the VPC resolve " + serviceName(ep.Service) + " to public addresses and use the gateway endpoint where their route table has it."
		f.Fix = "Nothing to do for clients in the VPC; associate the gateway endpoint with every route table that needs " + serviceName(ep.Service) + "."
	case iface && len(ep.Subnets) == 0:
		f.Message = ep.ID + " has no subnets, so it has no network interface to reach."
		f.Fix = "Place " + ep.ID + " in one subnet per Availability Zone its clients use."
	default:
		f.Message = "No arrow in the design goes through " + ep.ID + "."
		f.Fix = "Remove " + ep.ID + " if nothing needs it, or draw the calls that use it."
	}
	return append(out, f)
}

// callers lists the arrows from resources in a VPC to a service of the
// VPC's Region: the calls an endpoint of that service serves. The arrows
// are indexed on first use, in one pass.
func (e *engine) callers(v *vpcInfo, svc string) []string {
	if e.calls == nil {
		e.calls = map[callKey][]string{}
		for _, ed := range e.d.Edges {
			from, to := e.ix.Node(ed.From), e.ix.Node(ed.To)
			if from == nil || to == nil || !carriesPackets(from, to) || platformLogs(e.d, ed, from, to) || inboundConnection(ed, to) ||
				(from.Type == model.TypeLambda && !from.InVPC()) {
				continue
			}
			t := e.targetOf(ed, to)
			if t == nil || t.svc == "" {
				continue
			}
			for _, src := range e.sources(from, "") {
				if k := (callKey{src.subnet.vpc, t.svc}); src.subnet.vpc.region == t.region {
					e.calls[k] = appendNew(e.calls[k], ed.ID)
				}
			}
		}
	}
	return e.calls[callKey{v, svc}]
}

// callKey is a VPC and a service its resources call.
type callKey struct {
	v   *vpcInfo
	svc string
}

// shadowFindings reports static routes that take part of a gateway
// endpoint's prefix list in a table it is associated with (R12).
func (e *engine) shadowFindings(ep *model.Node, v *vpcInfo) []model.Finding {
	var out []model.Finding
	for _, id := range ep.RouteTables {
		rt := e.rts[id]
		if rt == nil || rt.vpc != v {
			continue
		}
		for _, r := range rt.node.Routes {
			p, err := parseRouteCIDR(r.Destination)
			if err != nil {
				continue
			}
			for _, q := range e.pl[ep.Service] {
				if p.Bits() >= q.Bits() && q.Contains(p.Addr()) {
					out = append(out, model.Finding{
						Severity: model.SeverityWarning, Code: codeShadowed, Nodes: []string{ep.ID, rt.node.ID},
						Message: "In " + rt.node.ID + ", the route " + r.Destination + " → " + r.Target + " is at least as specific as " + ep.ID + "'s prefix-list range " +
							q.String() + ": traffic to those " + serviceName(ep.Service) + " addresses bypasses the endpoint and its policy.",
						Fix: "Remove the route " + r.Destination + " → " + r.Target + " from " + rt.node.ID + ".",
						Ops: []model.FixOp{opRemove(rt.node.ID, "routes", r)},
					})
					break
				}
			}
		}
	}
	return out
}

// inboundRuleFindings reports security groups that only functions use and
// that have inbound rules: nothing ever connects to a function (R29).
func (e *engine) inboundRuleFindings() []model.Finding {
	fns := map[string][]string{}
	others := map[string]bool{}
	for _, n := range e.d.Nodes {
		switch n.Type {
		case model.TypeLambda:
			if n.VPC != nil {
				for _, id := range uniq(n.VPC.SecurityGroups) {
					fns[id] = append(fns[id], n.ID)
				}
			}
		case model.TypeRDSCluster, model.TypeEC2Instance, model.TypeVPCEndpoint:
			for _, id := range n.SecurityGroups {
				others[id] = true
			}
		case model.TypeEFSFileSystem:
			for _, mt := range n.MountTargets {
				for _, id := range mt.SecurityGroups {
					others[id] = true
				}
			}
		}
	}
	var out []model.Finding
	for _, n := range e.d.Nodes {
		if n.Type != model.TypeSecurityGroup || len(n.Ingress) == 0 || len(fns[n.ID]) == 0 || others[n.ID] {
			continue
		}
		out = append(out, model.Finding{
			Severity: model.SeverityInfo, Code: codeInboundUnused, Nodes: append([]string{n.ID}, fns[n.ID]...),
			Message: n.ID + " is used only by " + joinAnd(fns[n.ID]) + " and has inbound rules; they have no effect, because nothing can open a connection to a function and replies to its own connections are allowed anyway.",
			Fix:     "Remove the inbound rules of " + n.ID + ", or leave them: they change nothing.",
		})
	}
	return out
}

// xrayFindings reports VPC functions with Active tracing that have no path
// to X-Ray from some subnet and no arrow that already said so (R62): AWS
// does not document whether Lambda's trace upload uses the VPC, so this is
// an info, never an error.
func (e *engine) xrayFindings() []model.Finding {
	told := map[string]bool{}
	for _, f := range e.findings {
		if f.Code == codeXRayPath {
			told[f.Nodes[0]] = true
		}
	}
	var out []model.Finding
	for _, fn := range e.d.Nodes {
		if fn.Type != model.TypeLambda || !fn.InVPC() || fn.TracingMode() != "Active" || told[fn.ID] {
			continue
		}
		region := fn.RegionName(e.d)
		t := &target{node: fn, svc: "xray", region: region, host: "xray." + region + ".amazonaws.com", addr: awsGeneric, desc: "X-Ray"}
		var failing []string
		for _, src := range e.sources(fn, "") {
			tr := e.walk(src, t, flow{proto: "tcp", port: 443}, -1)
			if tr.fail != nil {
				failing = append(failing, src.subnet.node.ID)
			}
			e.drop(tr)
		}
		if len(failing) == 0 {
			continue
		}
		out = append(out, model.Finding{
			Severity: model.SeverityInfo, Code: codeXRayPath, Nodes: append([]string{fn.ID}, failing...),
			Message: fn.ID + " has Active tracing but no network path to X-Ray from " + joinAnd(failing) +
				". Lambda's own trace upload may not need one (AWS does not document it), but calls to the X-Ray API from the code do.",
			Fix: "If traces are missing, add an interface endpoint com.amazonaws." + region + ".xray with private DNS, or route 0.0.0.0/0 to a NAT gateway in a public subnet.",
		})
	}
	return out
}
