package model

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Encode writes the canonical form of a design: fields in the order of the
// types, nodes and edges in document order, embedded policy documents with
// sorted keys, two-space indentation, each stored route on one line
// ([[x,y],[x,y],...]) and no HTML escaping. The same design always encodes
// to the same bytes, and Decode(Encode(d)) equals d.
//
// The bytes are those an indenting encoding/json Encoder (escaping no HTML)
// writes, with the routes compacted; this appender writes them directly, as
// a save encodes every document it stores (TestEncodeMatchesReference holds
// the two to the same bytes).
func Encode(d *Design) []byte {
	e := encoder{b: make([]byte, 0, 256+len(d.Nodes)*400+len(d.Edges)*160)}
	s := e.open('{')
	e.key("format")
	e.str(d.Format)
	e.optStr("title", d.Title)
	e.optStr("account", d.Account)
	e.optStr("region", d.Region)
	if len(d.PrefixLists) > 0 {
		e.key("prefixLists")
		e.prefixLists(d.PrefixLists)
	}
	e.key("nodes")
	a := e.open('[')
	for _, n := range d.Nodes {
		e.next()
		e.node(n)
	}
	e.close(']', a)
	e.key("edges")
	a = e.open('[')
	for _, ed := range d.Edges {
		e.next()
		e.edge(ed)
	}
	e.close(']', a)
	e.close('}', s)
	return append(e.b, '\n')
}

// encoder appends indented JSON. depth is the indentation of the open
// container's members, count how many members it has so far.
type encoder struct {
	b     []byte
	depth int
	count int
}

// spaces is indentation for up to 32 levels; deeper levels (only inside
// embedded documents) are written in pieces.
const spaces = "                                                                "

// newline starts a line at the current depth.
func (e *encoder) newline() {
	e.b = append(e.b, '\n')
	for n := 2 * e.depth; n > 0; n -= len(spaces) {
		e.b = append(e.b, spaces[:min(n, len(spaces))]...)
	}
}

// open starts an object or array and returns the enclosing container's
// member count, for close.
func (e *encoder) open(c byte) int {
	e.b = append(e.b, c)
	e.depth++
	saved := e.count
	e.count = 0
	return saved
}

// close ends a container; an empty one stays on its line ({} or []).
func (e *encoder) close(c byte, saved int) {
	e.depth--
	if e.count > 0 {
		e.newline()
	}
	e.b = append(e.b, c)
	e.count = saved
}

// next starts a member of the open container on its own line.
func (e *encoder) next() {
	if e.count > 0 {
		e.b = append(e.b, ',')
	}
	e.count++
	e.newline()
}

// key starts an object member; keys are the types' field names, which
// need no escaping.
func (e *encoder) key(k string) {
	e.next()
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':', ' ')
}

func (e *encoder) str(s string) { e.b = appendString(e.b, s) }

func (e *encoder) optStr(k, s string) {
	if s != "" {
		e.key(k)
		e.str(s)
	}
}

func (e *encoder) int(n int) { e.b = strconv.AppendInt(e.b, int64(n), 10) }

func (e *encoder) optInt(k string, n int) {
	if n != 0 {
		e.key(k)
		e.int(n)
	}
}

func (e *encoder) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

func (e *encoder) optBool(k string, v bool) {
	if v {
		e.key(k)
		e.bool(true)
	}
}

func (e *encoder) boolPtr(k string, v *bool) {
	if v != nil {
		e.key(k)
		e.bool(*v)
	}
}

func (e *encoder) floatPtr(k string, v *float64) {
	if v != nil {
		e.key(k)
		e.b = appendFloat(e.b, *v)
	}
}

// strings writes a list; nil is null, as encoding/json writes it.
func (e *encoder) strings(list []string) {
	if list == nil {
		e.b = append(e.b, "null"...)
		return
	}
	a := e.open('[')
	for _, s := range list {
		e.next()
		e.str(s)
	}
	e.close(']', a)
}

func (e *encoder) optStrings(k string, list []string) {
	if len(list) > 0 {
		e.key(k)
		e.strings(list)
	}
}

func (e *encoder) ports(k string, p *Ports) {
	if p != nil {
		e.key(k)
		e.str(p.String())
	}
}

// points writes a stored route on one line.
func (e *encoder) points(k string, pts []Point) {
	if len(pts) == 0 {
		return
	}
	e.key(k)
	e.b = append(e.b, '[')
	for i, p := range pts {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = append(e.b, '[')
		e.b = appendFloat(e.b, p[0])
		e.b = append(e.b, ',')
		e.b = appendFloat(e.b, p[1])
		e.b = append(e.b, ']')
	}
	e.b = append(e.b, ']')
}

func (e *encoder) prefixLists(m map[string][]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s := e.open('{')
	for _, k := range keys {
		e.next()
		e.str(k)
		e.b = append(e.b, ':', ' ')
		e.strings(m[k])
	}
	e.close('}', s)
}

func (e *encoder) node(n *Node) {
	if n == nil {
		e.b = append(e.b, "null"...)
		return
	}
	s := e.open('{')
	e.key("id")
	e.str(n.ID)
	e.key("type")
	e.str(n.Type)
	e.optStr("label", n.Label)
	e.optStr("name", n.Name)
	e.optStr("account", n.Account)
	e.optStr("region", n.Region)
	e.optStr("parent", n.Parent)
	e.floatPtr("x", n.X)
	e.floatPtr("y", n.Y)
	e.floatPtr("w", n.W)
	e.floatPtr("h", n.H)

	e.optStr("cidr", n.CIDR)
	e.boolPtr("dnsSupport", n.DNSSupport)
	e.boolPtr("dnsHostnames", n.DNSHostnames)
	e.optInt("enisInUse", n.ENIsInUse)

	e.optStr("az", n.AZ)
	e.optStr("routeTable", n.RouteTable)
	e.optStr("networkAcl", n.NetworkACL)
	if n.AvailableIPs != nil {
		e.key("availableIps")
		e.int(*n.AvailableIPs)
	}

	e.optBool("main", n.Main)
	if len(n.Routes) > 0 {
		e.key("routes")
		a := e.open('[')
		for _, r := range n.Routes {
			e.next()
			o := e.open('{')
			e.key("destination")
			e.str(r.Destination)
			e.key("target")
			e.str(r.Target)
			e.close('}', o)
		}
		e.close(']', a)
	}

	e.boolPtr("attached", n.Attached)

	e.optStr("connectivity", n.Connectivity)
	e.optStr("elasticIp", n.ElasticIP)

	e.optStr("service", n.Service)
	e.optStr("endpointType", n.EndpointType)
	e.optStrings("routeTables", n.RouteTables)
	e.boolPtr("privateDns", n.PrivateDNS)
	e.optStrings("subnets", n.Subnets)
	e.optStrings("securityGroups", n.SecurityGroups)
	e.raw("policy", n.Policy)

	if len(n.Ingress) > 0 {
		e.key("ingress")
		e.sgRules(n.Ingress)
	}
	if n.Egress != nil {
		e.key("egress")
		e.sgRules(*n.Egress)
	}
	e.aclRules("inbound", n.Inbound)
	e.aclRules("outbound", n.Outbound)

	e.optStr("role", n.Role)
	if n.VPC != nil {
		e.key("vpc")
		o := e.open('{')
		e.key("subnets")
		e.strings(n.VPC.Subnets)
		e.key("securityGroups")
		e.strings(n.VPC.SecurityGroups)
		e.close('}', o)
	}
	e.optStr("runtime", n.Runtime)
	e.optStr("tracing", n.Tracing)
	if n.URL != nil {
		e.key("url")
		o := e.open('{')
		e.key("authType")
		e.str(n.URL.AuthType)
		e.close('}', o)
	}
	e.raw("resourcePolicy", n.ResourcePolicy)
	e.optStrings("aliases", n.Aliases)
	e.optStr("state", n.State)
	e.points("roleRoute", n.RoleRoute)

	e.raw("trust", n.Trust)
	e.optStrings("managedPolicies", n.ManagedPolicies)
	e.raw("policies", n.Policies)
	e.raw("permissionsBoundary", n.PermissionsBoundary)

	e.optStr("address", n.Address)

	e.optStr("engine", n.Engine)
	e.optInt("port", n.Port)
	e.optBool("publiclyAccessible", n.PubliclyAccessible)

	e.optBool("publicIp", n.PublicIP)

	if len(n.MountTargets) > 0 {
		e.key("mountTargets")
		a := e.open('[')
		for _, m := range n.MountTargets {
			e.next()
			o := e.open('{')
			e.key("subnet")
			e.str(m.Subnet)
			e.optStrings("securityGroups", m.SecurityGroups)
			e.close('}', o)
		}
		e.close(']', a)
	}

	e.optStr("host", n.Host)

	e.optStr("resourceType", n.ResourceType)
	e.close('}', s)
}

// sgRules writes a rule list, empty as [] (an egress of none).
func (e *encoder) sgRules(rules []SGRule) {
	if rules == nil {
		e.b = append(e.b, "null"...)
		return
	}
	a := e.open('[')
	for _, r := range rules {
		e.next()
		o := e.open('{')
		e.optStr("protocol", r.Protocol)
		e.ports("ports", r.Ports)
		e.optStr("from", r.From)
		e.optStr("to", r.To)
		e.optStr("description", r.Description)
		e.close('}', o)
	}
	e.close(']', a)
}

func (e *encoder) aclRules(k string, rules []ACLRule) {
	if len(rules) == 0 {
		return
	}
	e.key(k)
	a := e.open('[')
	for _, r := range rules {
		e.next()
		o := e.open('{')
		e.key("rule")
		e.int(r.Rule)
		e.optStr("protocol", r.Protocol)
		e.ports("ports", r.Ports)
		e.key("cidr")
		e.str(r.CIDR)
		e.key("action")
		e.str(r.Action)
		e.close('}', o)
	}
	e.close(']', a)
}

func (e *encoder) edge(ed *Edge) {
	if ed == nil {
		e.b = append(e.b, "null"...)
		return
	}
	s := e.open('{')
	e.key("id")
	e.str(ed.ID)
	e.key("from")
	e.str(ed.From)
	e.key("to")
	e.str(ed.To)
	e.optStr("label", ed.Label)
	e.optStrings("actions", ed.Actions)
	e.optStr("protocol", ed.Protocol)
	e.optInt("port", ed.Port)
	e.optStr("qualifier", ed.Qualifier)
	e.optStr("via", ed.Via)
	e.optStr("fromSubnet", ed.FromSubnet)
	e.points("route", ed.Route)
	e.close('}', s)
}

// raw writes an embedded document indented at the current depth, as
// encoding/json indents a json.RawMessage: white space between tokens
// dropped, each member and element on its own line, {} and [] kept on
// theirs. The document must be valid JSON (Decode stores it canonical).
func (e *encoder) raw(k string, doc json.RawMessage) {
	if len(doc) == 0 {
		return
	}
	if !json.Valid(doc) {
		panic("model: encoding a design: field " + k + " holds invalid JSON")
	}
	e.key(k)
	// The loop works on a local slice: appending to e.b in place costs a
	// write barrier per byte while the collector runs.
	b, depth := e.b, e.depth
	newline := func() {
		b = append(b, '\n')
		for n := 2 * depth; n > 0; n -= len(spaces) {
			b = append(b, spaces[:min(n, len(spaces))]...)
		}
	}
	open := false // a container was opened and has no member yet
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			end := stringEnd(doc, i)
			b = append(b, doc[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			b = append(b, c)
		case ',':
			b = append(b, c)
			newline()
		case ':':
			b = append(b, ':', ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			b = append(b, c)
		default:
			b = append(b, c)
		}
	}
	e.b = b
}

// stringEnd returns the index just past the string literal starting at
// doc[i].
func stringEnd(doc []byte, i int) int {
	for i++; i < len(doc); i++ {
		switch doc[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(doc)
}

// appendFloat writes a number as encoding/json writes a float64 (the
// shortest form that reads back the same; exponents below 1e-6 and from
// 1e21 on, without a padded exponent).
func appendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		panic("model: encoding a design: " + strconv.FormatFloat(f, 'g', -1, 64) + " is not a JSON number")
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string as encoding/json does without
// HTML escaping: quote and backslash escaped, control characters as \b,
// \f, \n, \r, \t or \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped, everything else as it is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
