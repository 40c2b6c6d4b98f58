package reach

import (
	"net/netip"
	"slices"
	"strings"

	"archway/model"
)

// target is what an arrow points at, as the network sees it.
type target struct {
	node *model.Node
	// svc is the AWS service API called ("" for none), region its Region.
	svc    string
	region string
	// host is the name the caller resolves; "" when it connects by address.
	host string
	// addr is the public address of a service, a function URL or an
	// internet host; explicit when the design gives it.
	addr     netip.Prefix
	explicit bool
	desc     string
	// private targets live in VPCs: landings are their interfaces, public
	// those reachable at a public address too.
	private  bool
	landings []*iface
	public   []*iface
	// efs targets are reached at the mount target in the client's AZ.
	efs bool
}

// edge evaluates one arrow on the network plane.
func (e *engine) edge(ed *model.Edge) model.NetworkResult {
	from, to := e.ix.Node(ed.From), e.ix.Node(ed.To)
	if from == nil || to == nil || from.Type == model.TypeGeneric || to.Type == model.TypeGeneric {
		return model.NetworkResult{}
	}
	f := flow{proto: ed.Proto(), port: ed.DestPort(to)}
	if inboundConnection(ed, to) {
		return e.inbound(ed, from, to, f)
	}
	if !carriesPackets(from, to) || platformLogs(e.d, ed, from, to) {
		return model.NetworkResult{}
	}
	t := e.targetOf(ed, to)
	if t == nil {
		return model.NetworkResult{}
	}
	switch from.Type {
	case model.TypeLambda:
		if from.InVPC() {
			return e.fromVPC(ed, from, e.sources(from, ed.FromSubnet), t, f)
		}
		tr := e.walkPublic(ed, from, "Lambda-owned network (no VPC configuration): public AWS endpoints and the internet", anyPublic, ephLambda, t, f)
		return e.single(ed, from, t, tr)
	case model.TypeEC2Instance, model.TypeRDSCluster:
		return e.fromVPC(ed, from, e.sources(from, ""), t, f)
	case model.TypeInternetHost:
		addr, _ := e.d.PublicAddress(from)
		tr := e.walkPublic(ed, from, "the internet, from "+addr.String(), netip.PrefixFrom(addr, 32), ephAny, t, f)
		return e.single(ed, from, t, tr)
	}
	tr := e.walkPublic(ed, from, serviceName(model.ServiceOf(from.Type))+" delivers over the internet from AWS's public addresses", anyPublic, ephAny, t, f)
	return e.single(ed, from, t, tr)
}

// carriesPackets reports whether an arrow is a network flow. Invocations
// by services, event source mappings (R34), callers that are principals
// rather than places (roles, users, accounts) and service-to-service
// integrations go through AWS's own APIs, not through any network the
// design draws. A function, an instance or a database calling out, an
// internet host, and SNS delivering to an HTTP endpoint do.
func carriesPackets(from, to *model.Node) bool {
	switch from.Type {
	case model.TypeLambda, model.TypeEC2Instance, model.TypeRDSCluster, model.TypeInternetHost:
		return true
	case model.TypeSNSTopic:
		return to.Type == model.TypeEC2Instance || to.Type == model.TypeInternetHost || to.Type == model.TypeRDSCluster
	}
	return false
}

// inboundConnection reports an arrow drawn as a connection into a
// function's network interface (a port and no "via"), which R29 refuses.
func inboundConnection(ed *model.Edge, to *model.Node) bool {
	return to.Type == model.TypeLambda && ed.Port != 0 && ed.Via == ""
}

// platformLogs reports an arrow standing for Lambda's own log delivery: a
// function to its log group (/aws/lambda/<name>, same account and Region)
// with only the actions that delivery uses. Lambda sends those logs outside
// the function's VPC (R35), so no network path is involved; the code's own
// calls to the CloudWatch Logs API, to any other group, are walked (R27).
func platformLogs(d *model.Design, ed *model.Edge, from, to *model.Node) bool {
	if from.Type != model.TypeLambda || to.Type != model.TypeCloudWatchLogs || to.ResourceName() != "/aws/lambda/"+from.ResourceName() ||
		to.RegionName(d) != from.RegionName(d) || to.AccountID(d) != from.AccountID(d) {
		return false
	}
	for _, a := range ed.EffectiveActions(to) {
		switch strings.ToLower(a) { // action names are case-insensitive
		case "logs:createloggroup", "logs:createlogstream", "logs:putlogevents":
		default:
			return false
		}
	}
	return true
}

// targetKey is a node and a way of calling it ("via"), or a source node
// and the subnet it sends from ("fromSubnet").
type targetKey struct {
	n   *model.Node
	how string
}

// targetOf is target, computed once per node and way of calling it.
func (e *engine) targetOf(ed *model.Edge, to *model.Node) *target {
	key := targetKey{to, ed.Via}
	if t, ok := e.targets[key]; ok {
		return t
	}
	t := e.target(ed, to)
	e.targets[key] = t
	return t
}

// sources are the interfaces a VPC resource sends from (only: one subnet
// of a function), computed once per node.
func (e *engine) sources(n *model.Node, only string) []*iface {
	key := targetKey{n, only}
	if l, ok := e.srcs[key]; ok {
		return l
	}
	var l []*iface
	switch n.Type {
	case model.TypeLambda:
		l = e.functionIfaces(n, only)
	case model.TypeEC2Instance:
		l = e.instanceIfaces(n)
	case model.TypeRDSCluster:
		l = e.clusterIfaces(n)
	}
	e.srcs[key] = l
	return l
}

// target describes the node an arrow points at; nil when the arrow reaches
// it through no network (an external account, an IAM user).
func (e *engine) target(ed *model.Edge, to *model.Node) *target {
	region := to.RegionName(e.d)
	switch to.Type {
	case model.TypeLambda:
		if ed.Via == "url" {
			// Function URLs are reachable only over the public internet;
			// Lambda's interface endpoints do not serve them.
			return &target{node: to, region: region, host: to.ResourceName() + ".lambda-url." + region + ".on.aws",
				addr: awsGeneric, desc: "the function URL of " + to.ID}
		}
		return &target{node: to, svc: "lambda", region: region, host: "lambda." + region + ".amazonaws.com",
			addr: awsGeneric, desc: "the Lambda API"}
	case model.TypeIAMRole:
		region = e.d.RegionName()
		return &target{node: to, svc: "sts", region: region, host: "sts." + region + ".amazonaws.com",
			addr: awsGeneric, desc: "STS"}
	case model.TypeInternetHost:
		a, _ := e.d.PublicAddress(to)
		t := &target{node: to, addr: netip.PrefixFrom(a, 32), explicit: to.Address != "", host: to.Host, desc: to.ID}
		if to.Host != "" {
			t.desc = to.Host
		}
		if to.Host == "" && to.Address == "" {
			t.host = to.ID
		}
		return t
	case model.TypeEC2Instance:
		t := &target{node: to, private: true, desc: to.ID}
		if s := e.subnetOf(to); s != nil {
			l := newIface(to, s, e.sgsOf(to.SecurityGroups, s.vpc), to.PublicIP, model.Ports{})
			t.landings = []*iface{l}
			if to.PublicIP {
				t.public = t.landings
			}
		}
		return t
	case model.TypeRDSCluster:
		t := &target{node: to, private: true, host: to.ResourceName() + ".cluster." + region + ".rds.amazonaws.com", desc: to.ID}
		for _, id := range to.Subnets {
			if s := e.subnets[id]; s != nil {
				t.landings = append(t.landings, newIface(to, s, e.sgsOf(to.SecurityGroups, s.vpc), to.PubliclyAccessible, model.Ports{}))
			}
		}
		if to.PubliclyAccessible {
			t.public = t.landings
		}
		return t
	case model.TypeEFSFileSystem:
		t := &target{node: to, private: true, efs: true, desc: to.ID + " (NFS)"}
		for _, mt := range to.MountTargets {
			if s := e.subnets[mt.Subnet]; s != nil {
				t.landings = append(t.landings, newIface(to, s, e.sgsOf(mt.SecurityGroups, s.vpc), false, model.Ports{}))
			}
		}
		return t
	}
	svc := model.ServiceOf(to.Type)
	if svc == "" {
		return nil
	}
	t := &target{node: to, svc: svc, region: region, host: svc + "." + region + ".amazonaws.com", desc: serviceName(svc)}
	if a, err := netip.ParseAddr(to.Address); err == nil {
		t.addr, t.explicit = netip.PrefixFrom(a, 32), true
	} else if a, ok := e.d.PublicAddress(to); ok {
		t.addr = netip.PrefixFrom(a, 32)
	}
	return t
}

// functionIfaces are a VPC function's Hyperplane interfaces, one per subnet
// (R30, R33): the subnet's addresses, the function's groups, no public IP.
func (e *engine) functionIfaces(fn *model.Node, only string) []*iface {
	var out []*iface
	for _, id := range fn.VPC.Subnets {
		s := e.subnets[id]
		if s == nil || (only != "" && id != only) || slices.ContainsFunc(out, func(i *iface) bool { return i.subnet == s }) {
			continue
		}
		out = append(out, newIface(fn, s, e.sgsOf(fn.VPC.SecurityGroups, s.vpc), false, ephLambda))
	}
	return out
}

func (e *engine) instanceIfaces(n *model.Node) []*iface {
	s := e.subnetOf(n)
	if s == nil {
		return nil
	}
	return []*iface{newIface(n, s, e.sgsOf(n.SecurityGroups, s.vpc), n.PublicIP, ephLinux)}
}

func (e *engine) clusterIfaces(n *model.Node) []*iface {
	var out []*iface
	for _, id := range n.Subnets {
		if s := e.subnets[id]; s != nil {
			out = append(out, newIface(n, s, e.sgsOf(n.SecurityGroups, s.vpc), n.PubliclyAccessible, ephLinux))
		}
	}
	return out
}

// inbound is a connection drawn into a function's interface: refused,
// whatever the network says (R29).
func (e *engine) inbound(ed *model.Edge, from, fn *model.Node, f flow) model.NetworkResult {
	tr := e.newTrace()
	tr.deny(fn.ID, checkTarget, fn.ID+" accepts no connections: only the function initiates them", &failure{
		code: codeInbound, blocker: fn.ID, nodes: []string{from.ID},
		message: from.ID + " connects to " + fn.ID + " on " + f.String() + ", but nothing can open a connection to a Lambda function's network interface; " +
			"Lambda's interfaces carry only connections the function starts, and invocations arrive through the Lambda service",
		fix: "Invoke " + fn.ID + " through the Lambda API, a function URL (\"via\": \"url\") or an event source instead, and remove the port from the arrow.",
	})
	return e.single(ed, from, nil, tr)
}

// single reports an arrow from a source outside any VPC: one path.
func (e *engine) single(ed *model.Edge, from *model.Node, t *target, tr *trace) model.NetworkResult {
	e.addNotes(tr.notes)
	res := model.NetworkResult{Reachable: model.Bool(tr.fail == nil), Path: e.keep(tr)}
	if tr.fail != nil {
		res.BlockedAt = model.String(tr.fail.blocker)
		e.report(ed, from, []located{{fail: tr.fail}}, false)
	}
	return res
}

// located is a failure and the source subnet it happened in.
type located struct {
	subnet string
	fail   *failure
}

// fromVPC evaluates an arrow from each subnet a VPC source may send from; it
// is reachable only if every subnet gets through (R30, R66).
func (e *engine) fromVPC(ed *model.Edge, from *model.Node, locs []*iface, t *target, f flow) model.NetworkResult {
	if len(locs) == 0 {
		return model.NetworkResult{}
	}
	res := model.NetworkResult{Subnets: make([]model.SubnetResult, 0, len(locs))}
	var fails []located
	for _, loc := range locs {
		tr := e.walk(loc, t, f, -1)
		if tr.fail != nil {
			tr = e.moreSpecific(loc, t, f, tr)
			// A diversion that fails is reported as the failure itself.
			tr.notes = slices.DeleteFunc(tr.notes, func(n note) bool { return n.f.Code == codeMoreSpecific })
		}
		e.addNotes(tr.notes)
		sr := model.SubnetResult{Subnet: loc.subnet.node.ID, Reachable: tr.fail == nil, Path: e.keep(tr)}
		if tr.fail != nil {
			sr.BlockedAt = model.String(tr.fail.blocker)
			fails = append(fails, located{loc.subnet.node.ID, tr.fail})
		}
		res.Subnets = append(res.Subnets, sr)
	}
	res.Reachable = model.Bool(len(fails) == 0)
	res.BlockedAt = agreed(fails)
	if len(fails) > 0 && xrayPlatform(ed, from, t) {
		// AWS does not document whether Lambda's trace upload uses the VPC
		// (R62): say so instead of failing the arrow, and claim no path.
		res = model.NetworkResult{}
		e.findings = append(e.findings, model.Finding{
			Severity: model.SeverityInfo, Code: codeXRayPath, Nodes: []string{from.ID, t.node.ID}, Edges: []string{ed.ID},
			Message: from.ID + " has no network path to X-Ray from " + joinAnd(subnetsOf(fails)) + ". Lambda's own trace upload may not need one (AWS does not document it), but calls to the X-Ray API from the code do",
			Fix:     "If traces are missing, add an interface endpoint com.amazonaws." + t.region + ".xray with private DNS, or route 0.0.0.0/0 to a NAT gateway in a public subnet.",
		})
		return res
	}
	e.report(ed, from, fails, from.Type == model.TypeLambda)
	return res
}

// xrayPlatform reports an arrow standing for Lambda's trace upload: a
// function to X-Ray with only the actions the X-Ray daemon uses.
func xrayPlatform(ed *model.Edge, from *model.Node, t *target) bool {
	if from.Type != model.TypeLambda || t.node.Type != model.TypeXRay {
		return false
	}
	for _, a := range ed.EffectiveActions(t.node) {
		if a = strings.ToLower(a); a != "xray:puttracesegments" && a != "xray:puttelemetryrecords" {
			return false
		}
	}
	return true
}

// agreed is the blocker all failing subnets share, or nil.
func agreed(fails []located) *string {
	if len(fails) == 0 {
		return nil
	}
	b := fails[0].fail.blocker
	for _, l := range fails[1:] {
		if l.fail.blocker != b {
			return nil
		}
	}
	return model.String(b)
}

func subnetsOf(fails []located) []string {
	var out []string
	for _, l := range fails {
		if l.subnet != "" {
			out = append(out, l.subnet)
		}
	}
	return out
}

// moreSpecific checks whether the route that failed a walk took the packet
// from a broader route that would have worked (R2, R3): then the route is
// the fault, MORE_SPECIFIC_ROUTE.
func (e *engine) moreSpecific(src *iface, t *target, f flow, tr *trace) *trace {
	r := tr.route
	// A gateway endpoint's route is not a diversion to remove: what stops
	// traffic there (its protocol, its policy) is the endpoint's to fix.
	if r == nil || r.kind == kindLocal || r.target.Type == model.TypeVPCEndpoint {
		return tr
	}
	alt := e.walk(src, t, f, r.key)
	e.drop(alt)
	if alt.fail != nil || alt.route == nil {
		return tr
	}
	rt := src.subnet.rt
	b := alt.route
	fail := &failure{
		code: codeMoreSpecific, blocker: rt.id(src.subnet), nodes: []string{src.subnet.node.ID, r.target.ID},
		message: "In " + rt.name() + ", the route " + r.dest + " → " + r.target.ID + " overrides " + b.dest + " → " + routeTarget(b) +
			", which would reach " + t.desc + "; through " + r.target.ID + ": " + tr.fail.message,
	}
	if r.index >= 0 {
		fail.fix = "Remove the route " + r.dest + " → " + r.target.ID + " from " + rt.name() + ", or correct its target."
		fail.ops = []model.FixOp{opRemove(rt.node.ID, "routes", rt.node.Routes[r.index])}
	} else {
		fail.fix = "Disassociate " + r.target.ID + " from " + rt.name() + ", or fix what stops the traffic there."
		fail.ops = []model.FixOp{opRemove(r.target.ID, "routeTables", rt.node.ID)}
	}
	tr.fail = fail
	return tr
}

// report turns an arrow's failures into findings: one per code, blocker and
// message, naming the subnets it happens in when the source has several.
func (e *engine) report(ed *model.Edge, from *model.Node, fails []located, perSubnet bool) {
	type group struct {
		f       *failure
		subnets []string
		ops     []model.FixOp
	}
	var groups []*group
	for _, l := range fails {
		i := slices.IndexFunc(groups, func(g *group) bool {
			return g.f.code == l.fail.code && g.f.blocker == l.fail.blocker && g.f.message == l.fail.message
		})
		if i < 0 {
			groups = append(groups, &group{f: l.fail})
			i = len(groups) - 1
		}
		g := groups[i]
		if l.subnet != "" {
			g.subnets = append(g.subnets, l.subnet)
		}
		for _, op := range l.fail.ops {
			if !slices.ContainsFunc(g.ops, func(o model.FixOp) bool { return sameOp(o, op) }) {
				g.ops = append(g.ops, op)
			}
		}
	}
	for _, g := range groups {
		nodes := []string{g.f.blocker}
		nodes = appendNew(nodes, g.f.nodes...)
		nodes = appendNew(nodes, g.subnets...)
		nodes = appendNew(nodes, from.ID)
		msg := g.f.message
		if perSubnet && len(g.subnets) > 0 {
			msg = "From " + joinAnd(g.subnets) + ": " + msg
		}
		e.findings = append(e.findings, model.Finding{
			Severity: model.SeverityError, Code: g.f.code, Nodes: nodes, Edges: []string{ed.ID},
			Message: msg + ".", Fix: g.f.fix, Ops: g.ops,
		})
	}
}

func (e *engine) addNotes(notes []note) {
	for _, n := range notes {
		if !e.seen[n.key] {
			e.seen[n.key] = true
			e.findings = append(e.findings, n.f)
		}
	}
}

func sameOp(a, b model.FixOp) bool {
	return a.Op == b.Op && a.Node == b.Node && a.Field == b.Field && string(a.Value) == string(b.Value)
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if it != "" && !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

// joinAnd writes "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
