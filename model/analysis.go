package model

import "encoding/json"

// Verdict is an arrow's overall result.
type Verdict string

// Verdicts. Unchecked is an Archway addition for arrows into or out of
// generic nodes, which no engine understands.
const (
	Allowed   Verdict = "allowed"
	Blocked   Verdict = "blocked"
	Partial   Verdict = "partial"
	Unchecked Verdict = "unchecked"
)

// Decision is the IAM result of a request.
type Decision string

// Decisions, as AWS's policy simulator names them.
const (
	DecisionAllowed          Decision = "Allowed"
	DecisionImplicitlyDenied Decision = "ImplicitlyDenied"
	DecisionExplicitlyDenied Decision = "ExplicitlyDenied"
)

// Severities of findings.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Analysis is the validation output: what `archway validate --json` prints
// and the API returns.
type Analysis struct {
	Problems []Problem    `json:"problems"`
	Edges    []EdgeResult `json:"edges"`
	Findings []Finding    `json:"findings"`
	ENIs     []ENI        `json:"enis"`
}

// EdgeResult is the verdict on one arrow with both planes' details.
type EdgeResult struct {
	ID         string           `json:"id"`
	Verdict    Verdict          `json:"verdict"`
	Network    NetworkResult    `json:"network"`
	Permission PermissionResult `json:"permission"`
}

// NetworkResult is the network plane of an arrow. Reachable is nil where no
// network is involved (an invocation by a service, an event source mapping).
type NetworkResult struct {
	Reachable *bool          `json:"reachable"`
	BlockedAt *string        `json:"blockedAt"`
	Subnets   []SubnetResult `json:"subnets,omitempty"`
	// Path is the hop list for a source outside any VPC (a public function,
	// an internet host); VPC sources report a path per subnet instead.
	Path []Hop `json:"path,omitempty"`
}

// SubnetResult is the path from one of a VPC function's subnets.
type SubnetResult struct {
	Subnet    string  `json:"subnet"`
	Reachable bool    `json:"reachable"`
	BlockedAt *string `json:"blockedAt"`
	Path      []Hop   `json:"path"`
}

// Hop is one check on a packet's path: which node, which check, its result,
// and the entry that decided ("rt-app: 0.0.0.0/0 → nat-a").
type Hop struct {
	Node   string `json:"node"`
	Check  string `json:"check"`
	Result string `json:"result"`
	Detail string `json:"detail"`
}

// Hop results.
const (
	HopAllow = "allow"
	HopDeny  = "deny"
)

// PermissionResult is the permission plane of an arrow. Decision is nil
// where no permission is involved.
type PermissionResult struct {
	Decision   *Decision      `json:"decision"`
	Statements []StatementRef `json:"statements"`
}

// StatementRef names a deciding policy statement and the node holding it.
type StatementRef struct {
	Node   string `json:"node"`
	Policy string `json:"policy"`
	Sid    string `json:"sid"`
	Effect string `json:"effect"`
	// Index is the statement's position in its policy's Statement list.
	Index int `json:"index"`
}

// Finding is something worth telling about a document that was understood.
type Finding struct {
	Severity string   `json:"severity"`
	Code     string   `json:"code"`
	Nodes    []string `json:"nodes"`
	Edges    []string `json:"edges"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
	// Ops is the fix as operations on the design, for "Apply fix"; empty
	// where the fix needs a person's judgement.
	Ops []FixOp `json:"ops,omitempty"`
}

// ENI is one Hyperplane ENI Lambda creates: one per unique subnet and set of
// security groups.
type ENI struct {
	VPC            string   `json:"vpc"`
	Subnet         string   `json:"subnet"`
	SecurityGroups []string `json:"securityGroups"`
	Functions      []string `json:"functions"`
}

// FixOp is one machine-applicable change to a design. Op is one of:
//   - "add": append Value to the array field Field of node Node (a route,
//     a security-group or NACL rule, a route table of a gateway endpoint,
//     a managed policy, an inline policy document);
//   - "set": set field Field of node Node to Value (move a NAT gateway by
//     setting its parent, turn on DNS, associate a subnet with a table);
//   - "add-node": add the node in Value (for example a gateway endpoint);
//   - "remove": remove the array element of Field of node Node equal to Value.
type FixOp struct {
	Op    string          `json:"op"`
	Node  string          `json:"node,omitempty"`
	Field string          `json:"field,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

// Bool returns a pointer to b, for the optional fields of results.
func Bool(b bool) *bool { return &b }

// String returns a pointer to s, for the optional fields of results.
func String(s string) *string { return &s }
