package model

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"archway/model/internal/jsonscan"
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
	// The buffer is passed along rather than kept in the encoder: storing
	// it through a pointer at every append costs a write barrier while the
	// collector runs, which in a server is much of the time.
	b := make([]byte, 0, 1024+len(d.Nodes)*480+len(d.Edges)*240)
	var e encoder
	s := e.count
	b = e.open(b, '{')
	b = e.key(b, "format")
	b = e.str(b, d.Format)
	b = e.optStr(b, "title", d.Title)
	b = e.optStr(b, "account", d.Account)
	b = e.optStr(b, "region", d.Region)
	if len(d.PrefixLists) > 0 {
		b = e.key(b, "prefixLists")
		b = e.prefixLists(b, d.PrefixLists)
	}
	b = e.key(b, "nodes")
	a := e.count
	b = e.open(b, '[')
	for _, n := range d.Nodes {
		b = e.next(b)
		b = e.node(b, n)
	}
	b = e.close(b, ']', a)
	b = e.key(b, "edges")
	a = e.count
	b = e.open(b, '[')
	for _, ed := range d.Edges {
		b = e.next(b)
		b = e.edge(b, ed)
	}
	b = e.close(b, ']', a)
	b = e.close(b, '}', s)
	return append(b, '\n')
}

// encoder appends indented JSON to the buffer its methods are given and
// return. depth is the indentation of the open container's members, count
// how many members it has so far.
type encoder struct {
	depth int
	count int
}

// spaces is indentation for up to 32 levels; deeper levels (only inside
// embedded documents) are written in pieces.
const spaces = "                                                                "

// newline starts a line at the current depth.
func (e *encoder) newline(b []byte) []byte {
	b = append(b, '\n')
	for n := 2 * e.depth; n > 0; n -= len(spaces) {
		b = append(b, spaces[:min(n, len(spaces))]...)
	}
	return b
}

// open starts an object or array. The caller keeps the enclosing
// container's member count (e.count) for close.
func (e *encoder) open(b []byte, c byte) []byte {
	e.depth++
	e.count = 0
	return append(b, c)
}

// close ends a container; an empty one stays on its line ({} or []).
func (e *encoder) close(b []byte, c byte, saved int) []byte {
	e.depth--
	if e.count > 0 {
		b = e.newline(b)
	}
	b = append(b, c)
	e.count = saved
	return b
}

// next starts a member of the open container on its own line.
func (e *encoder) next(b []byte) []byte {
	if e.count > 0 {
		b = append(b, ',')
	}
	e.count++
	b = e.newline(b)
	return b
}

// key starts an object member; keys are the types' field names, which
// need no escaping.
func (e *encoder) key(b []byte, k string) []byte {
	b = e.next(b)
	b = append(b, '"')
	b = append(b, k...)
	b = append(b, '"', ':', ' ')
	return b
}

func (e *encoder) str(b []byte, s string) []byte { return appendString(b, s) }

func (e *encoder) optStr(b []byte, k, s string) []byte {
	if s != "" {
		b = e.key(b, k)
		b = e.str(b, s)
	}
	return b
}

func (e *encoder) int(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

func (e *encoder) optInt(b []byte, k string, n int) []byte {
	if n != 0 {
		b = e.key(b, k)
		b = e.int(b, n)
	}
	return b
}

func (e *encoder) bool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

func (e *encoder) optBool(b []byte, k string, v bool) []byte {
	if v {
		b = e.key(b, k)
		b = e.bool(b, true)
	}
	return b
}

func (e *encoder) boolPtr(b []byte, k string, v *bool) []byte {
	if v != nil {
		b = e.key(b, k)
		b = e.bool(b, *v)
	}
	return b
}

func (e *encoder) floatPtr(b []byte, k string, v *float64) []byte {
	if v != nil {
		b = e.key(b, k)
		b = appendFloat(b, *v)
	}
	return b
}

// strings writes a list; nil is null, as encoding/json writes it.
func (e *encoder) strings(b []byte, list []string) []byte {
	if list == nil {
		b = append(b, "null"...)
		return b
	}
	a := e.count
	b = e.open(b, '[')
	for _, s := range list {
		b = e.next(b)
		b = e.str(b, s)
	}
	b = e.close(b, ']', a)
	return b
}

func (e *encoder) optStrings(b []byte, k string, list []string) []byte {
	if len(list) > 0 {
		b = e.key(b, k)
		b = e.strings(b, list)
	}
	return b
}

func (e *encoder) ports(b []byte, k string, p *Ports) []byte {
	if p != nil {
		b = e.key(b, k)
		b = e.str(b, p.String())
	}
	return b
}

// points writes a stored route on one line.
func (e *encoder) points(b []byte, k string, pts []Point) []byte {
	if len(pts) == 0 {
		return b
	}
	b = e.key(b, k)
	b = append(b, '[')
	for i, p := range pts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendFloat(b, p[0])
		b = append(b, ',')
		b = appendFloat(b, p[1])
		b = append(b, ']')
	}
	b = append(b, ']')
	return b
}

func (e *encoder) prefixLists(b []byte, m map[string][]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s := e.count
	b = e.open(b, '{')
	for _, k := range keys {
		b = e.next(b)
		b = e.str(b, k)
		b = append(b, ':', ' ')
		b = e.strings(b, m[k])
	}
	b = e.close(b, '}', s)
	return b
}

func (e *encoder) node(b []byte, n *Node) []byte {
	if n == nil {
		b = append(b, "null"...)
		return b
	}
	s := e.count
	b = e.open(b, '{')
	b = e.key(b, "id")
	b = e.str(b, n.ID)
	b = e.key(b, "type")
	b = e.str(b, n.Type)
	b = e.optStr(b, "label", n.Label)
	b = e.optStr(b, "name", n.Name)
	b = e.optStr(b, "account", n.Account)
	b = e.optStr(b, "region", n.Region)
	b = e.optStr(b, "parent", n.Parent)
	b = e.floatPtr(b, "x", n.X)
	b = e.floatPtr(b, "y", n.Y)
	b = e.floatPtr(b, "w", n.W)
	b = e.floatPtr(b, "h", n.H)

	b = e.optStr(b, "cidr", n.CIDR)
	b = e.boolPtr(b, "dnsSupport", n.DNSSupport)
	b = e.boolPtr(b, "dnsHostnames", n.DNSHostnames)
	b = e.optInt(b, "enisInUse", n.ENIsInUse)

	b = e.optStr(b, "az", n.AZ)
	b = e.optStr(b, "routeTable", n.RouteTable)
	b = e.optStr(b, "networkAcl", n.NetworkACL)
	if n.AvailableIPs != nil {
		b = e.key(b, "availableIps")
		b = e.int(b, *n.AvailableIPs)
	}

	b = e.optBool(b, "main", n.Main)
	if len(n.Routes) > 0 {
		b = e.key(b, "routes")
		a := e.count
		b = e.open(b, '[')
		for _, r := range n.Routes {
			b = e.next(b)
			o := e.count
			b = e.open(b, '{')
			b = e.key(b, "destination")
			b = e.str(b, r.Destination)
			b = e.key(b, "target")
			b = e.str(b, r.Target)
			b = e.close(b, '}', o)
		}
		b = e.close(b, ']', a)
	}

	b = e.boolPtr(b, "attached", n.Attached)

	b = e.optStr(b, "connectivity", n.Connectivity)
	b = e.optStr(b, "elasticIp", n.ElasticIP)

	b = e.optStr(b, "service", n.Service)
	b = e.optStr(b, "endpointType", n.EndpointType)
	b = e.optStrings(b, "routeTables", n.RouteTables)
	b = e.boolPtr(b, "privateDns", n.PrivateDNS)
	b = e.optStrings(b, "subnets", n.Subnets)
	b = e.optStrings(b, "securityGroups", n.SecurityGroups)
	b = e.raw(b, "policy", n.Policy)

	if len(n.Ingress) > 0 {
		b = e.key(b, "ingress")
		b = e.sgRules(b, n.Ingress)
	}
	if n.Egress != nil {
		b = e.key(b, "egress")
		b = e.sgRules(b, *n.Egress)
	}
	b = e.aclRules(b, "inbound", n.Inbound)
	b = e.aclRules(b, "outbound", n.Outbound)

	b = e.optStr(b, "role", n.Role)
	if n.VPC != nil {
		b = e.key(b, "vpc")
		o := e.count
		b = e.open(b, '{')
		b = e.key(b, "subnets")
		b = e.strings(b, n.VPC.Subnets)
		b = e.key(b, "securityGroups")
		b = e.strings(b, n.VPC.SecurityGroups)
		b = e.close(b, '}', o)
	}
	b = e.optStr(b, "runtime", n.Runtime)
	b = e.optStr(b, "tracing", n.Tracing)
	if n.URL != nil {
		b = e.key(b, "url")
		o := e.count
		b = e.open(b, '{')
		b = e.key(b, "authType")
		b = e.str(b, n.URL.AuthType)
		b = e.close(b, '}', o)
	}
	b = e.raw(b, "resourcePolicy", n.ResourcePolicy)
	b = e.optStrings(b, "aliases", n.Aliases)
	b = e.optStr(b, "state", n.State)
	b = e.points(b, "roleRoute", n.RoleRoute)

	b = e.raw(b, "trust", n.Trust)
	b = e.optStrings(b, "managedPolicies", n.ManagedPolicies)
	b = e.raw(b, "policies", n.Policies)
	b = e.raw(b, "permissionsBoundary", n.PermissionsBoundary)

	b = e.optStr(b, "address", n.Address)

	b = e.optStr(b, "engine", n.Engine)
	b = e.optInt(b, "port", n.Port)
	b = e.optBool(b, "publiclyAccessible", n.PubliclyAccessible)

	b = e.optBool(b, "publicIp", n.PublicIP)

	if len(n.MountTargets) > 0 {
		b = e.key(b, "mountTargets")
		a := e.count
		b = e.open(b, '[')
		for _, m := range n.MountTargets {
			b = e.next(b)
			o := e.count
			b = e.open(b, '{')
			b = e.key(b, "subnet")
			b = e.str(b, m.Subnet)
			b = e.optStrings(b, "securityGroups", m.SecurityGroups)
			b = e.close(b, '}', o)
		}
		b = e.close(b, ']', a)
	}

	b = e.optStr(b, "host", n.Host)

	b = e.optStr(b, "resourceType", n.ResourceType)
	b = e.close(b, '}', s)
	return b
}

// sgRules writes a rule list, empty as [] (an egress of none).
func (e *encoder) sgRules(b []byte, rules []SGRule) []byte {
	if rules == nil {
		b = append(b, "null"...)
		return b
	}
	a := e.count
	b = e.open(b, '[')
	for _, r := range rules {
		b = e.next(b)
		o := e.count
		b = e.open(b, '{')
		b = e.optStr(b, "protocol", r.Protocol)
		b = e.ports(b, "ports", r.Ports)
		b = e.optStr(b, "from", r.From)
		b = e.optStr(b, "to", r.To)
		b = e.optStr(b, "description", r.Description)
		b = e.close(b, '}', o)
	}
	b = e.close(b, ']', a)
	return b
}

func (e *encoder) aclRules(b []byte, k string, rules []ACLRule) []byte {
	if len(rules) == 0 {
		return b
	}
	b = e.key(b, k)
	a := e.count
	b = e.open(b, '[')
	for _, r := range rules {
		b = e.next(b)
		o := e.count
		b = e.open(b, '{')
		b = e.key(b, "rule")
		b = e.int(b, r.Rule)
		b = e.optStr(b, "protocol", r.Protocol)
		b = e.ports(b, "ports", r.Ports)
		b = e.key(b, "cidr")
		b = e.str(b, r.CIDR)
		b = e.key(b, "action")
		b = e.str(b, r.Action)
		b = e.close(b, '}', o)
	}
	b = e.close(b, ']', a)
	return b
}

func (e *encoder) edge(b []byte, ed *Edge) []byte {
	if ed == nil {
		b = append(b, "null"...)
		return b
	}
	s := e.count
	b = e.open(b, '{')
	b = e.key(b, "id")
	b = e.str(b, ed.ID)
	b = e.key(b, "from")
	b = e.str(b, ed.From)
	b = e.key(b, "to")
	b = e.str(b, ed.To)
	b = e.optStr(b, "label", ed.Label)
	b = e.optStrings(b, "actions", ed.Actions)
	b = e.optStr(b, "protocol", ed.Protocol)
	b = e.optInt(b, "port", ed.Port)
	b = e.optStr(b, "qualifier", ed.Qualifier)
	b = e.optStr(b, "via", ed.Via)
	b = e.optStr(b, "fromSubnet", ed.FromSubnet)
	b = e.points(b, "route", ed.Route)
	b = e.close(b, '}', s)
	return b
}

// raw writes an embedded document indented at the current depth, as
// encoding/json indents a json.RawMessage: white space between tokens
// dropped, each member and element on its own line, {} and [] kept on
// theirs. The document must be valid JSON, as Decode stores it (canonical)
// and json.Marshal writes it; one whose brackets or strings do not close
// panics, as the reference encoder panics at any invalid document (a full
// validation would cost a sixth of the encoding).
func (e *encoder) raw(b []byte, k string, doc json.RawMessage) []byte {
	if len(doc) == 0 {
		return b
	}
	b = e.key(b, k)
	base := e.depth
	open := false // a container was opened and has no member yet
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if open && c != '}' && c != ']' {
			open = false
			e.depth++
			b = e.newline(b)
		}
		switch c {
		case '"':
			end := stringEnd(doc, i)
			if end < 0 {
				panic("model: encoding a design: field " + k + " holds invalid JSON")
			}
			b = append(b, doc[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			b = append(b, c)
		case ',':
			b = append(b, c)
			b = e.newline(b)
		case ':':
			b = append(b, ':', ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				e.depth--
				b = e.newline(b)
			}
			b = append(b, c)
		default:
			b = append(b, c)
		}
		if e.depth < base {
			break
		}
	}
	if open || e.depth != base {
		panic("model: encoding a design: field " + k + " holds invalid JSON")
	}
	return b
}

// stringEnd returns the index just past the string literal starting at
// doc[i], or -1 when it does not end.
func stringEnd(doc []byte, i int) int {
	for i++; i < len(doc); i++ {
		switch doc[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
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
	if format == 'f' && f == math.Trunc(f) && math.Abs(f) < 1<<53 && f != 0 {
		// a whole number (most coordinates): its digits are its shortest form
		return strconv.AppendInt(b, int64(f), 10)
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
		if i = jsonscan.Plain(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
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
