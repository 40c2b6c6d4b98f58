package reach

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// flow is what an arrow sends: a protocol and, for tcp and udp, a port.
type flow struct {
	proto string
	port  int
}

func (f flow) ports() model.Ports {
	if f.proto == "tcp" || f.proto == "udp" {
		return model.Ports{From: f.port, To: f.port}
	}
	return model.AllPorts
}

func (f flow) String() string { return protoPorts(f.proto, f.ports()) }

// protoPorts writes "tcp 443", "udp 1024-65535", "icmp" or "all traffic".
func protoPorts(proto string, p model.Ports) string {
	switch proto {
	case "all":
		return "all traffic"
	case "icmp":
		return "icmp"
	}
	if p == model.AllPorts {
		return proto + " all ports"
	}
	return proto + " " + p.String()
}

// overlap says how much of a packet set a rule's field covers.
type overlap int

const (
	none overlap = iota
	part
	full
)

func protoOverlap(rule, packet string) overlap {
	switch {
	case rule == "all" || rule == packet:
		return full
	case packet == "all":
		return part
	}
	return none
}

// prefixOverlap compares a rule's CIDR with the addresses a packet may have:
// one address, a subnet (an interface somewhere in it) or any public address.
func prefixOverlap(rule, addrs netip.Prefix) overlap {
	switch {
	case rule.Bits() <= addrs.Bits() && rule.Contains(addrs.Addr()):
		return full
	case rule.Overlaps(addrs):
		return part
	}
	return none
}

// secGroup is a security group compiled for matching. id is empty for a
// VPC's default group, which AWS gives every interface drawn without one.
type secGroup struct {
	id      string
	node    *model.Node
	vpc     *vpcInfo
	ingress []sgRule
	egress  []sgRule
}

func (sg *secGroup) name() string {
	if sg.id == "" {
		return "the default security group of " + sg.vpc.node.ID
	}
	return sg.id
}

type sgRule struct {
	proto  string
	ports  model.Ports
	isCIDR bool
	cidr   netip.Prefix
	ref    *secGroup // a security-group reference
	pl     string    // a prefix list: "s3" or "dynamodb"
	// owner, ingress and peer (as written) describe the rule in hops; hop
	// is that text, built on first use: most rules never decide a path.
	owner   *secGroup
	ingress bool
	peer    string
	hop     string
}

// hopText is how a hop writes the rule: "sg-fn egress: tcp 443 to 0.0.0.0/0".
func (r *sgRule) hopText() string {
	if r.hop == "" {
		dir, verb := " egress: ", " to "
		if r.ingress {
			dir, verb = " ingress: ", " from "
		}
		r.hop = r.owner.name() + dir + protoPorts(r.proto, r.ports) + verb + r.peer
	}
	return r.hop
}

func (e *engine) compileSGRules(sg *secGroup, rules []model.SGRule, ingress bool) []sgRule {
	out := make([]sgRule, 0, len(rules))
	for _, r := range rules {
		peer := r.To
		if ingress {
			peer = r.From
		}
		c := sgRule{proto: r.Proto(), ports: r.PortRange(), owner: sg, ingress: ingress, peer: peer}
		switch {
		case strings.HasPrefix(peer, "pl:"):
			c.pl = strings.TrimPrefix(peer, "pl:")
		case strings.Contains(peer, "/"):
			p, err := netip.ParsePrefix(peer)
			if err != nil {
				continue
			}
			c.isCIDR, c.cidr = true, p.Masked()
		default:
			c.ref = e.sgs[peer]
			if c.ref == nil {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// portsMatch reports whether a rule admits every packet of the flow's
// protocol and port.
func (r *sgRule) portsMatch(f flow) bool {
	if protoOverlap(r.proto, f.proto) != full {
		return false
	}
	return r.ports.Covers(f.ports())
}

// peer is the far side of a security-group check: its addresses and, for a
// private interface in a VPC, the groups it is a member of. A reference to a
// group matches only private addresses of member interfaces (R21).
type peer struct {
	addr    netip.Prefix
	members []*secGroup // nil for public addresses and NAT gateways
}

func (e *engine) peerMatches(r *sgRule, p peer) bool {
	switch {
	case r.isCIDR:
		return prefixOverlap(r.cidr, p.addr) == full
	case r.ref != nil:
		return slices.Contains(p.members, r.ref)
	case r.pl != "":
		for _, c := range e.pl[r.pl] {
			if prefixOverlap(c, p.addr) == full {
				return true
			}
		}
	}
	return false
}

// sgCheck finds the rule of a set of groups (their union, R19) that admits
// the flow to or from a peer; nil rule means none does.
func (e *engine) sgCheck(groups []*secGroup, egress bool, f flow, p peer) (*secGroup, *sgRule) {
	for _, sg := range groups {
		rules := sg.ingress
		if egress {
			rules = sg.egress
		}
		for i := range rules {
			if rules[i].portsMatch(f) && e.peerMatches(&rules[i], p) {
				return sg, &rules[i]
			}
		}
	}
	return nil, nil
}

// sgNamesOr writes "sg-a", "sg-a or sg-b".
func sgNamesOr(groups []*secGroup) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.name()
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func sgNames(groups []*secGroup) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.name()
	}
	return strings.Join(names, ", ")
}

// nacl is a network ACL compiled for matching, rules in evaluation order.
type nacl struct {
	node    *model.Node
	in, out []aclRule
}

type aclRule struct {
	num   int
	proto string
	ports model.Ports
	cidr  netip.Prefix
	allow bool
}

func compileACL(n *model.Node) *nacl {
	compile := func(rules []model.ACLRule) []aclRule {
		out := make([]aclRule, 0, len(rules))
		for _, r := range rules {
			p, err := netip.ParsePrefix(r.CIDR)
			if err != nil {
				continue
			}
			out = append(out, aclRule{num: r.Rule, proto: r.Proto(), ports: r.PortRange(), cidr: p.Masked(), allow: r.Action == "allow"})
		}
		slices.SortStableFunc(out, func(a, b aclRule) int { return a.num - b.num })
		return out
	}
	return &nacl{node: n, in: compile(n.Inbound), out: compile(n.Outbound)}
}

// aclResult is a network ACL's decision on every packet of a flow.
type aclResult struct {
	allow bool
	// rules are the deciding rule numbers: the allow rules that together
	// cover the ports, or the deny rule; empty for the implicit deny (*).
	rules []int
	// deny is the denying rule, when one matched.
	deny *aclRule
}

// eval applies rules in number order, first match wins (R22), to every
// packet of proto on ports to or from peer. The packets pass only if each of
// them does: a deny that matches some of them (a range of ephemeral ports, a
// CIDR inside the subnet an interface is somewhere in) blocks the flow, and
// an allow covers only the packets it matches entirely.
func (a *nacl) eval(rules []aclRule, proto string, ports model.Ports, peer netip.Prefix) aclResult {
	if proto != "tcp" && proto != "udp" {
		ports = model.AllPorts
	}
	remaining := []model.Ports{ports}
	var used []int
	for i := range rules {
		r := &rules[i]
		po := protoOverlap(r.proto, proto)
		if po == none {
			continue
		}
		co := prefixOverlap(r.cidr, peer)
		if co == none || !overlapsAny(remaining, r.ports) {
			continue
		}
		if !r.allow {
			return aclResult{rules: []int{r.num}, deny: r}
		}
		if po == full && co == full {
			remaining = subtract(remaining, r.ports)
			used = append(used, r.num)
			if len(remaining) == 0 {
				return aclResult{allow: true, rules: used}
			}
		}
	}
	return aclResult{}
}

func overlapsAny(set []model.Ports, p model.Ports) bool {
	for _, q := range set {
		if q.From <= p.To && p.From <= q.To {
			return true
		}
	}
	return false
}

// subtract removes p from a set of disjoint ranges.
func subtract(set []model.Ports, p model.Ports) []model.Ports {
	var out []model.Ports
	for _, q := range set {
		if q.To < p.From || p.To < q.From {
			out = append(out, q)
			continue
		}
		if q.From < p.From {
			out = append(out, model.Ports{From: q.From, To: p.From - 1})
		}
		if q.To > p.To {
			out = append(out, model.Ports{From: p.To + 1, To: q.To})
		}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// ruleList writes "rule 100" or "rules 100, 110".
func ruleList(nums []int) string {
	s := make([]string, len(nums))
	for i, n := range nums {
		s[i] = itoa(n)
	}
	if len(s) == 1 {
		return "rule " + s[0]
	}
	return "rules " + strings.Join(s, ", ")
}
