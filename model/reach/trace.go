package reach

import (
	"encoding/json"

	"archway/model"
)

// Hop checks, as they appear in paths.
const (
	checkSource      = "source"
	checkDNS         = "dns"
	checkSGEgress    = "security-group egress"
	checkSGIngress   = "security-group ingress"
	checkRoute       = "route"
	checkACLOut      = "network-acl outbound"
	checkACLIn       = "network-acl inbound"
	checkACLOutReply = "network-acl outbound (reply)"
	checkACLInReply  = "network-acl inbound (reply)"
	checkIGW         = "internet-gateway"
	checkNAT         = "nat-gateway"
	checkGatewayVPCE = "gateway endpoint"
	checkIfaceVPCE   = "interface endpoint"
	checkTarget      = "target"
)

// Finding codes this engine reports (findings.md), plus the Archway codes
// docs/reachability.md adds.
const (
	codeNoRoute           = "NO_ROUTE_TO_DESTINATION"
	codeBadState          = "BAD_STATE_ROUTE"
	codeIGWPublicIP       = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
	codeMoreSpecific      = "MORE_SPECIFIC_ROUTE"
	codeSG                = "ENI_SG_RULES_MISMATCH"
	codeACL               = "SUBNET_ACL_RESTRICTION"
	codeGatewayProtocol   = "VPCE_GATEWAY_PROTOCOL_RESTRICTION"
	codeLambdaPublic      = "LAMBDA_IN_PUBLIC_SUBNET"
	codeNATNotPublic      = "NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"
	codePrivateNAT        = "PRIVATE_NAT_GATEWAY_NO_INTERNET"
	codeDNS               = "DNS_RESOLUTION_DISABLED"
	codeShadowed          = "VPCE_ROUTE_SHADOWED"
	codeUnused            = "VPCE_UNUSED"
	codeMissingAZ         = "VPCE_MISSING_AZ"
	codeCrossAZNAT        = "CROSS_AZ_NAT_GATEWAY"
	codeSingleAZ          = "LAMBDA_SINGLE_AZ"
	codeNotInVPC          = "LAMBDA_NOT_IN_VPC"
	codeInbound           = "LAMBDA_INBOUND_CONNECTION"
	codeInboundUnused     = "LAMBDA_SG_INBOUND_UNUSED"
	codeEFSMissingAZ      = "EFS_MOUNT_TARGET_MISSING_AZ"
	codeMultipleVPCs      = "VPC_CONFIG_MULTIPLE_VPCS"
	codeTooManySGs        = "VPC_CONFIG_TOO_MANY_SECURITY_GROUPS"
	codeNoSG              = "VPC_CONFIG_NO_SECURITY_GROUP"
	codeOutOfIPs          = "SUBNET_OUT_OF_IP_ADDRESSES"
	codeLowIPs            = "SUBNET_LOW_ON_IP_ADDRESSES"
	codeENIQuota          = "ENI_QUOTA_EXCEEDED"
	codeENIReused         = "ENI_REUSED"
	codeXRayPath          = "XRAY_PATH_UNVERIFIED"
	codePubliclyExposed   = "TARGET_PUBLICLY_EXPOSED"
	codeInterfaceProtocol = "VPCE_INTERFACE_PROTOCOL_RESTRICTION"
	codeNotAssociated     = "VPCE_NOT_ASSOCIATED"
	codeImplicitRT        = "SUBNET_IMPLICIT_ROUTE_TABLE"
	codeNotPublic         = "SUBNET_NAMED_PUBLIC_IS_PRIVATE"
)

// failure is why a packet stops: the finding it becomes, and the node whose
// configuration stops it (blockedAt).
type failure struct {
	code    string
	blocker string
	// nodes are other nodes the finding concerns, after the blocker.
	nodes   []string
	message string
	fix     string
	ops     []model.FixOp
}

// note is a warning or info a path produces without failing (an endpoint
// used from an AZ it has no interface in, a route diverting traffic).
type note struct {
	key string // dedupe key across the design
	f   model.Finding
}

// trace is one walk of a packet and its reply: the hops so far, and the
// failure that ended it, if any.
type trace struct {
	hops []model.Hop
	fail *failure
	// route is the source route table's decision, and src its subnet, for
	// the "would a broader route have worked" check of MORE_SPECIFIC_ROUTE.
	route *routeEntry
	notes []note
}

func (t *trace) allow(node, check, detail string) {
	t.hops = append(t.hops, model.Hop{Node: node, Check: check, Result: model.HopAllow, Detail: detail})
}

// newTrace starts a walk on a recycled hop buffer: walks are many and
// short, and their hops end up copied into one arena (keep).
func (e *engine) newTrace() *trace {
	tr := &trace{}
	if n := len(e.bufs); n > 0 {
		tr.hops, e.bufs = e.bufs[n-1][:0], e.bufs[:n-1]
	} else {
		tr.hops = make([]model.Hop, 0, 24)
	}
	return tr
}

// drop recycles the buffer of a walk whose hops are not reported.
func (e *engine) drop(tr *trace) {
	e.bufs = append(e.bufs, tr.hops[:0])
	tr.hops = nil
}

// firstArenaHops and maxArenaHops bound the size of an arena chunk: the
// first holds 8 KiB of hops, each next one twice the last, up to 64 KiB. A
// 100-resource design reports about 1,700 hops and a small one a few
// dozen: chunks of one size would be too many for the one or mostly
// allocated, zeroed and scanned for nothing in the other.
const (
	firstArenaHops = 128
	maxArenaHops   = 1024
)

// keep returns a finished walk's hops, copied into the engine's arena at
// their exact length, and recycles its buffer.
func (e *engine) keep(tr *trace) []model.Hop {
	n := len(tr.hops)
	if len(e.arena)-e.used0 < n {
		size := firstArenaHops
		if e.arena != nil {
			size = min(2*len(e.arena), maxArenaHops)
		}
		e.arena, e.used0 = make([]model.Hop, max(size, n)), 0
	}
	out := e.arena[e.used0 : e.used0+n : e.used0+n]
	e.used0 += n
	copy(out, tr.hops)
	e.drop(tr)
	return out
}

// deny records the failing hop and ends the walk; it returns false so the
// walker can write `return t.deny(...)`.
func (t *trace) deny(node, check, detail string, f *failure) bool {
	t.hops = append(t.hops, model.Hop{Node: node, Check: check, Result: model.HopDeny, Detail: detail})
	if t.fail == nil {
		t.fail = f
	}
	return false
}

func (t *trace) note(key string, f model.Finding) { t.notes = append(t.notes, note{key, f}) }

// textKey names a hop detail that many walks write alike, so it is built
// once: its kind, the nodes or compiled entries it depends on, and a
// string and number where it needs them.
type textKey struct {
	kind textKind
	a, b any
	s    string
	n    int
}

type textKind int

const (
	textTarget textKind = iota
	textInterface
	textACL
	textIGW
	textIGWNAT
	textIGWIn
	textNATLocal
	textNATEndpoint
	textNATInternet
	textGateway
	textReply
)

// memo returns the text stored under k, or "" and false.
func (e *engine) memo(k textKey) (string, bool) {
	s, ok := e.texts[k]
	return s, ok
}

func (e *engine) remember(k textKey, s string) string {
	e.texts[k] = s
	return s
}

// raw marshals a fix operation's value; the values are model types and
// plain maps, which always marshal.
func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("reach: marshalling a fix value: " + err.Error())
	}
	return b
}

func opAdd(node, field string, v any) model.FixOp {
	return model.FixOp{Op: "add", Node: node, Field: field, Value: raw(v)}
}

func opSet(node, field string, v any) model.FixOp {
	return model.FixOp{Op: "set", Node: node, Field: field, Value: raw(v)}
}

func opRemove(node, field string, v any) model.FixOp {
	return model.FixOp{Op: "remove", Node: node, Field: field, Value: raw(v)}
}

func opAddNode(v any) model.FixOp { return model.FixOp{Op: "add-node", Value: raw(v)} }
