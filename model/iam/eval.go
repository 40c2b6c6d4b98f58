package iam

import (
	"bytes"
	"slices"
)

// Decision is the outcome of evaluating a request.
type Decision string

// Decisions, with the names AWS uses.
const (
	Allowed          Decision = "Allowed"
	ImplicitlyDenied Decision = "ImplicitlyDenied"
	ExplicitlyDenied Decision = "ExplicitlyDenied"
)

// Reason says, machine-readably, why a request got its decision, so a caller
// can pick a finding.
type Reason uint8

// Reasons.
const (
	// ReasonAllowed: the request is allowed.
	ReasonAllowed Reason = iota
	// ReasonExplicitDeny: a Deny statement matches (Statements lists them).
	ReasonExplicitDeny
	// ReasonNoAllow: no policy allows the request.
	ReasonNoAllow
	// ReasonBoundaryNoAllow: identity (or a resource policy naming the role)
	// allows, but the permissions boundary does not (Policy names it).
	ReasonBoundaryNoAllow
	// ReasonCrossAccountNoResourceAllow: cross-account, and the resource
	// policy does not allow the caller.
	ReasonCrossAccountNoResourceAllow
	// ReasonCrossAccountNoIdentityAllow: cross-account, the resource policy
	// allows, but the caller's own policies do not.
	ReasonCrossAccountNoIdentityAllow
	// ReasonConditionNotMet: the Allow statements that would decide match
	// the request except for a condition (Statements lists them, with the
	// condition that failed).
	ReasonConditionNotMet
	// ReasonEndpointNoAllow: IAM allows, but a VPC endpoint policy on the
	// path does not (Policy names it).
	ReasonEndpointNoAllow
)

var reasonNames = [...]string{
	"allowed", "explicit-deny", "no-allow", "boundary-no-allow",
	"cross-account-no-resource-allow", "cross-account-no-identity-allow",
	"condition-not-met", "endpoint-no-allow",
}

func (r Reason) String() string { return reasonNames[r] }

// PolicyKind is the role a policy plays in an evaluation.
type PolicyKind uint8

// Policy kinds.
const (
	IdentityPolicy PolicyKind = iota + 1
	BoundaryPolicy
	ResourcePolicy
	EndpointPolicy
)

func (k PolicyKind) String() string {
	return [...]string{"", "identity", "boundary", "resource", "endpoint"}[k]
}

// NamedPolicy is a policy together with where it lives: the id of the node
// holding it and its label there ("policies[0]",
// "managedPolicies[AWSLambdaBasicExecutionRole]", "resourcePolicy", "trust").
type NamedPolicy struct {
	Node   string
	Label  string
	Policy *Policy
}

// PolicySet is every policy that applies to a request.
type PolicySet struct {
	Identity []NamedPolicy // the caller's identity policies
	Boundary []NamedPolicy // the caller's permissions boundary (together, one boundary)
	Resource []NamedPolicy // the target's resource policy
	Endpoint []NamedPolicy // the VPC endpoint policies on the path; each must allow
}

// Request is one API call to authorize.
type Request struct {
	Principal Principal
	Action    string // "dynamodb:PutItem"; matched case-insensitively
	Resource  string // the target ARN; matched case-sensitively
	// ResourceAccount owns the resource; when empty it is read from the ARN,
	// and when the ARN has none (S3) the resource is in the caller's account.
	ResourceAccount string
	Context         Context
	// IdentityContext holds keys that only identity policies and the
	// boundary see, on top of Context: AWS puts lambda:SourceFunctionArn in
	// the credentials of a function's calls, where resource policies never
	// see it (R57).
	IdentityContext Context
}

// StatementRef names a statement that took part in a decision.
type StatementRef struct {
	Kind   PolicyKind
	Node   string // the node holding the policy
	Policy string // the policy's label
	Sid    string
	Index  int
	Effect Effect
	// Condition is, for a statement listed because its condition did not
	// hold, the operator and key that failed ("ArnLike aws:SourceArn").
	Condition string
}

// PolicyRef names a policy.
type PolicyRef struct {
	Kind  PolicyKind
	Node  string
	Label string
}

// Result is the outcome of an evaluation.
type Result struct {
	Decision Decision
	Reason   Reason
	// Statements are the deciding statements: the matching Deny statements
	// for an explicit deny; the Allow statements that grant for Allowed; for
	// an implicit deny, the Allow statements whose condition failed, if any.
	Statements []StatementRef
	// Policy is the boundary or endpoint policy that did not allow, for
	// ReasonBoundaryNoAllow and ReasonEndpointNoAllow.
	Policy PolicyRef

	hits []hit // scratch kept for reuse by EvaluateInto
}

// hit is a statement whose principal, action and resource match.
type hit struct {
	ref        StatementRef
	grant      grant // resource and endpoint policies: how the principal matched
	condFailed bool
	policy     int // index of the policy within its kind
}

// Evaluate decides req against set.
func Evaluate(req *Request, set *PolicySet) Result {
	var r Result
	EvaluateInto(&r, req, set)
	return r
}

// Clone is r with Statements of its own and without EvaluateInto's
// buffers: a result to keep while r goes on to evaluate other requests.
func (r *Result) Clone() Result {
	c := *r
	c.Statements, c.hits = nil, nil
	if len(r.Statements) > 0 {
		c.Statements = slices.Clone(r.Statements)
	}
	return c
}

// EvaluateInto is Evaluate writing into r, reusing its buffers: evaluating
// many requests with one Result does not allocate.
func EvaluateInto(r *Result, req *Request, set *PolicySet) {
	r.Statements = r.Statements[:0]
	r.hits = r.hits[:0]
	r.Policy = PolicyRef{}
	p := &req.Principal
	iam := p.isIAM()
	hasBoundary := iam && len(set.Boundary) > 0
	// the action is lowered once for the four kinds of policies
	var buf [128]byte
	act := lowerAction(req.Action, &buf)
	if iam {
		idCtx := Context{entries: req.IdentityContext.entries, parent: &req.Context}
		r.collect(req, act, &idCtx, set.Identity, IdentityPolicy, false)
		r.collect(req, act, &idCtx, set.Boundary, BoundaryPolicy, false)
	}
	r.collect(req, act, &req.Context, set.Resource, ResourcePolicy, hasBoundary)
	r.collect(req, act, &req.Context, set.Endpoint, EndpointPolicy, hasBoundary)

	// 1. An explicit deny in any policy wins.
	for i := range r.hits {
		if h := &r.hits[i]; h.ref.Effect == Deny && !h.condFailed {
			r.Statements = append(r.Statements, h.ref)
		}
	}
	if len(r.Statements) > 0 {
		r.Decision, r.Reason = ExplicitlyDenied, ReasonExplicitDeny
		return
	}

	var idAllow, bAllow, resAny, resRole, resDirect bool
	bAllow = !hasBoundary
	for i := range r.hits {
		h := &r.hits[i]
		if h.ref.Effect != Allow || h.condFailed {
			continue
		}
		switch h.ref.Kind {
		case IdentityPolicy:
			idAllow = true
		case BoundaryPolicy:
			bAllow = true
		case ResourcePolicy:
			resAny = true
			resRole = resRole || h.grant == gRole
			resDirect = resDirect || h.grant == gDirect
		}
	}

	// 2. Identity and resource policies, by kind of caller and account.
	reason := ReasonAllowed
	switch {
	case p.Type == PrincipalService || p.Type == PrincipalAnonymous:
		// No identity policies: only the resource policy can allow.
		if !resAny {
			reason = ReasonNoAllow
		}
	case p.Type == PrincipalRoot:
		if !sameAccount(req) && !resAny {
			reason = ReasonCrossAccountNoResourceAllow
		}
	case sameAccount(req):
		switch {
		case resDirect:
			// Granted to the session or user itself: implicit denies in
			// identity policies and boundaries do not matter (R40).
		case (resRole || idAllow) && bAllow:
		case resRole || idAllow:
			reason = ReasonBoundaryNoAllow
		default:
			reason = ReasonNoAllow
		}
	default:
		// Cross-account: both accounts must allow (R41).
		switch {
		case !resAny:
			reason = ReasonCrossAccountNoResourceAllow
		case !idAllow:
			reason = ReasonCrossAccountNoIdentityAllow
		case !bAllow:
			reason = ReasonBoundaryNoAllow
		}
	}
	if reason != ReasonAllowed {
		r.implicitDeny(reason, set)
		return
	}

	// 3. Every endpoint policy on the path must allow too.
	for i, ep := range set.Endpoint {
		if !r.allowedBy(EndpointPolicy, i) {
			r.Policy = PolicyRef{Kind: EndpointPolicy, Node: ep.Node, Label: ep.Label}
			r.listConditionFailures(EndpointPolicy, i)
			r.Decision, r.Reason = ImplicitlyDenied, ReasonEndpointNoAllow
			return
		}
	}
	for i := range r.hits {
		if h := &r.hits[i]; h.ref.Effect == Allow && !h.condFailed && (h.ref.Kind == IdentityPolicy || h.ref.Kind == ResourcePolicy) {
			r.Statements = append(r.Statements, h.ref)
		}
	}
	r.Decision, r.Reason = Allowed, ReasonAllowed
}

// implicitDeny records an implicit deny, turning it into
// ReasonConditionNotMet when the statements that would have allowed failed
// only on a condition.
func (r *Result) implicitDeny(reason Reason, set *PolicySet) {
	r.Decision, r.Reason = ImplicitlyDenied, reason
	switch reason {
	case ReasonBoundaryNoAllow:
		if len(set.Boundary) > 0 {
			b := set.Boundary[0]
			r.Policy = PolicyRef{Kind: BoundaryPolicy, Node: b.Node, Label: b.Label}
		}
		r.listConditionFailures(BoundaryPolicy, -1)
		return
	case ReasonNoAllow:
		r.listConditionFailures(IdentityPolicy, -1)
		r.listConditionFailures(ResourcePolicy, -1)
	case ReasonCrossAccountNoResourceAllow:
		r.listConditionFailures(ResourcePolicy, -1)
	case ReasonCrossAccountNoIdentityAllow:
		r.listConditionFailures(IdentityPolicy, -1)
	}
	if len(r.Statements) > 0 {
		r.Reason = ReasonConditionNotMet
	}
}

// listConditionFailures adds the Allow statements of a kind (and, when
// policy >= 0, of that policy) whose condition failed.
func (r *Result) listConditionFailures(kind PolicyKind, policy int) {
	for i := range r.hits {
		h := &r.hits[i]
		if h.ref.Kind == kind && h.ref.Effect == Allow && h.condFailed && (policy < 0 || h.policy == policy) {
			r.Statements = append(r.Statements, h.ref)
		}
	}
}

func (r *Result) allowedBy(kind PolicyKind, policy int) bool {
	for i := range r.hits {
		h := &r.hits[i]
		if h.ref.Kind == kind && h.policy == policy && h.ref.Effect == Allow && !h.condFailed {
			return true
		}
	}
	return false
}

// collect appends the statements of policies whose principal, action and
// resource match the request; act is the request's action, lowered.
func (r *Result) collect(req *Request, act loweredAction, ctx *Context, pols []NamedPolicy, kind PolicyKind, hasBoundary bool) {
	if len(pols) == 0 {
		return
	}
	var svc []byte
	if act.lower != nil {
		svc = act.lower
		if i := bytes.IndexByte(svc, ':'); i >= 0 {
			svc = svc[:i]
		}
	}
	for pi := range pols {
		np := &pols[pi]
		if np.Policy == nil {
			continue
		}
		cands := candidates{all: len(np.Policy.Statements)}
		if svc != nil && np.Policy.byService != nil {
			cands = candidates{a: np.Policy.byService[string(svc)], b: np.Policy.anyService, all: -1}
		}
		for si := cands.next(); si >= 0; si = cands.next() {
			s := &np.Policy.Statements[si]
			g := gDirect
			if kind == ResourcePolicy || kind == EndpointPolicy {
				if g = s.principalGrant(&req.Principal, kind, hasBoundary); g == gNone {
					continue
				}
			}
			if !s.matchesAction(act) || !s.matchesResource(req.Resource, ctx) {
				continue
			}
			failed := s.failedCondition(ctx)
			h := hit{
				ref: StatementRef{Kind: kind, Node: np.Node, Policy: np.Label, Sid: s.Sid,
					Index: s.Index, Effect: s.Effect},
				grant:  g,
				policy: pi,
			}
			if failed >= 0 {
				if s.Effect == Deny {
					continue
				}
				h.condFailed, h.ref.Condition = true, s.conds[failed].desc
			}
			r.hits = append(r.hits, h)
		}
	}
}

// principalGrant matches the Principal or NotPrincipal element of a
// resource or endpoint policy statement.
func (s *Statement) principalGrant(p *Principal, kind PolicyKind, hasBoundary bool) grant {
	if s.principal == nil {
		// A resource policy statement must name its principals; an
		// endpoint policy statement without one applies to everyone.
		if kind == EndpointPolicy {
			return gDirect
		}
		return gNone
	}
	if s.notPrincipal {
		// AWS: a Deny with NotPrincipal always applies to principals that
		// have a permissions boundary.
		if !hasBoundary && s.principal.excludes(p) {
			return gNone
		}
		return gDirect
	}
	return s.principal.match(p)
}

// MatchesAction reports whether the statement's Action (or NotAction)
// covers action, case-insensitively.
func (s *Statement) MatchesAction(action string) bool {
	var buf [128]byte
	return s.matchesAction(lowerAction(action, &buf))
}

// loweredAction is a request action lower-cased once per evaluation, so
// that each of the many patterns it meets compares bytes without folding.
type loweredAction struct {
	orig  string
	lower []byte // nil when the action does not fit the buffer or is not ASCII
}

func lowerAction(a string, buf *[128]byte) loweredAction {
	if len(a) > len(buf) {
		return loweredAction{orig: a}
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c >= 0x80 {
			return loweredAction{orig: a}
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return loweredAction{orig: a, lower: buf[:len(a)]}
}

func (s *Statement) matchesAction(a loweredAction) bool {
	for i := range s.actions {
		if s.actions[i].matchAction(a) {
			return !s.notAction
		}
	}
	return s.notAction
}

// matchAction matches a compiled Action pattern (lower-case) against a
// lowered request action; string(b) comparisons do not allocate.
func (p *pattern) matchAction(a loweredAction) bool {
	if a.lower == nil {
		return p.match(a.orig, nil)
	}
	switch p.mode {
	case mAny:
		return true
	case mExact:
		return string(a.lower) == p.lit
	case mPrefix:
		return len(a.lower) >= len(p.lit) && string(a.lower[:len(p.lit)]) == p.lit
	}
	return matchTokens(p.toks, a.orig, true, nil)
}

// MatchesResource reports whether the statement's Resource (or NotResource)
// covers the ARN, case-sensitively; ctx supplies policy variables.
func (s *Statement) MatchesResource(arn string, ctx *Context) bool {
	return s.matchesResource(arn, ctx)
}

func (s *Statement) matchesResource(arn string, ctx *Context) bool {
	if !s.hasResource {
		return true
	}
	for i := range s.resources {
		if s.resources[i].match(arn, ctx) {
			return !s.notResource
		}
	}
	return s.notResource
}

// ConditionsHold reports whether every condition of the statement holds.
func (s *Statement) ConditionsHold(ctx *Context) bool { return s.failedCondition(ctx) < 0 }

// failedCondition returns the index of the first condition that does not
// hold, or -1.
func (s *Statement) failedCondition(ctx *Context) int {
	for i := range s.conds {
		if !s.conds[i].holds(ctx) {
			return i
		}
	}
	return -1
}

// sameAccount reports whether the caller and the resource share an account.
func sameAccount(req *Request) bool {
	acct := req.ResourceAccount
	if acct == "" {
		var c [6]string
		if splitARNInto(req.Resource, &c) {
			acct = c[4]
		}
	}
	return acct == "" || acct == req.Principal.Account
}

// candidates walks, in ascending order, either every statement index below
// all, or the merge of two ascending index lists.
type candidates struct {
	a, b []int
	all  int // >= 0: walk 0..all-1; -1: merge a and b
	i    int
}

func (c *candidates) next() int {
	if c.all >= 0 {
		if c.i >= c.all {
			return -1
		}
		c.i++
		return c.i - 1
	}
	switch {
	case len(c.a) == 0 && len(c.b) == 0:
		return -1
	case len(c.b) == 0 || len(c.a) > 0 && c.a[0] < c.b[0]:
		v := c.a[0]
		c.a = c.a[1:]
		return v
	}
	v := c.b[0]
	c.b = c.b[1:]
	return v
}
