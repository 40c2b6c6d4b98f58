package perm

import (
	"encoding/json"
	"fmt"
	"strings"

	"archway/model"
	"archway/model/iam"
)

// Finding codes of the permission plane (findings.md), plus the Archway
// codes docs/iam.md adds: MANAGED_POLICY_UNKNOWN, FUNCTION_POLICY_DENY,
// EXECUTION_ROLE_DEFAULTED, RESOURCE_PUBLICLY_ACCESSIBLE and
// IDENTITY_POLICY_PRINCIPAL.
const (
	codeExplicitDeny      = "EXPLICIT_DENY"
	codeImplicitDeny      = "IMPLICIT_DENY"
	codeBoundary          = "BOUNDARY_NO_ALLOW"
	codeCrossAccount      = "CROSS_ACCOUNT_NO_RESOURCE_ALLOW"
	codeCondition         = "CONDITION_NOT_MET"
	codeEndpoint          = "VPCE_POLICY_NO_ALLOW"
	codeURLForbidden      = "FUNCTION_URL_FORBIDDEN"
	codePublic            = "FUNCTION_PUBLICLY_INVOCABLE"
	codeConfusedDeputy    = "CONFUSED_DEPUTY"
	codeOverlyBroad       = "OVERLY_BROAD_ALLOW"
	codeNotAssumable      = "EXECUTION_ROLE_NOT_ASSUMABLE"
	codeENI               = "ENI_PERMISSIONS_MISSING"
	codeLogs              = "LOGS_NOT_DELIVERED"
	codeXRay              = "XRAY_PERMISSIONS_MISSING"
	codeSubscribe         = "SNS_SUBSCRIBE_NOT_ALLOWED"
	codeUnknownManaged    = "MANAGED_POLICY_UNKNOWN"
	codeFunctionDeny      = "FUNCTION_POLICY_DENY"
	codeDefaultRole       = "EXECUTION_ROLE_DEFAULTED"
	codePublicResource    = "RESOURCE_PUBLICLY_ACCESSIBLE"
	codeIdentityPrincipal = "IDENTITY_POLICY_PRINCIPAL"
)

// policyVersion is the policy language version of the documents fixes write.
const policyVersion = "2012-10-17"

// codeOf maps an evaluation reason to its finding code.
func codeOf(r iam.Reason) string {
	switch r {
	case iam.ReasonExplicitDeny:
		return codeExplicitDeny
	case iam.ReasonBoundaryNoAllow:
		return codeBoundary
	case iam.ReasonCrossAccountNoResourceAllow:
		return codeCrossAccount
	case iam.ReasonConditionNotMet:
		return codeCondition
	case iam.ReasonEndpointNoAllow:
		return codeEndpoint
	}
	return codeImplicitDeny
}

// groupFailures groups the outcomes that are not allowed by reason (and the
// endpoint that refused), in order, so one finding covers every action
// refused for the same reason.
func groupFailures(outs []outcome) [][]*outcome {
	var groups [][]*outcome
	index := map[string]int{}
	for i := range outs {
		o := &outs[i]
		if o.res.Decision == iam.Allowed {
			continue
		}
		k := o.res.Reason.String() + "|" + o.res.Policy.Node
		if g, ok := index[k]; ok {
			groups[g] = append(groups[g], o)
			continue
		}
		index[k] = len(groups)
		groups = append(groups, []*outcome{o})
	}
	return groups
}

func actionsOf(g []*outcome) []string {
	var as []string
	for _, o := range g {
		if !contains(as, o.chk.action) {
			as = append(as, o.chk.action)
		}
	}
	return as
}

// edgeFindings reports an arrow's refused requests.
func (e *engine) edgeFindings(ed *model.Edge, c *caller, to *model.Node, outs []outcome) {
	for _, g := range groupFailures(outs) {
		e.edgeFinding(ed, c, to, g)
	}
}

func (e *engine) edgeFinding(ed *model.Edge, c *caller, to *model.Node, g []*outcome) {
	d := e.ix.Design
	o := g[0]
	actions := actionsOf(g)
	acts := strings.Join(actions, ", ")
	what := c.desc + " calls " + acts + " on " + o.chk.arn
	f := model.Finding{Severity: model.SeverityError, Code: codeOf(o.res.Reason), Edges: []string{ed.ID},
		Nodes: nodeIDs(c.node, c.role, to)}
	switch o.res.Reason {
	case iam.ReasonExplicitDeny:
		f.Nodes = appendHolders(f.Nodes, o.res.Statements)
		f.Message = what + ": explicitly denied by " + stmtList(o.res.Statements) + "; a Deny overrides every Allow (R39)."
		f.Fix = "Remove or narrow " + stmtName(o.res.Statements[0]) + " so it no longer matches " + acts + " on " + o.chk.arn + "."
		if onlyEndpoints(o.res.Statements) {
			// A Deny in an endpoint policy is the endpoint refusing the
			// request (R17).
			f.Code = codeEndpoint
			f.Message = what + " through " + o.res.Statements[0].Node + ", whose endpoint policy denies it: " + stmtList(o.res.Statements) + " (R17)."
		}
	case iam.ReasonBoundaryNoAllow:
		holder := o.res.Policy.Node
		f.Nodes = appendIDs(f.Nodes, holder)
		f.Message = what + ": the permissions boundary of " + holder + " (" + o.res.Policy.Label + ") does not allow it, so the Allow in its policies has no effect (R39)."
		f.Fix = "Allow " + acts + " in the permissions boundary of " + holder + ", or remove the boundary."
	case iam.ReasonEndpointNoAllow:
		ep := o.res.Policy.Node
		f.Nodes = appendIDs(f.Nodes, ep)
		f.Message = what + " through " + ep + ", whose endpoint policy does not allow it: AWS answers AccessDenied (R17)" + condDetail(o) + "."
		f.Fix = "Endpoint policy on " + ep + " does not allow " + acts + " on " + o.chk.arn + "; add it or use the default policy (full access)."
		if n := e.ix.Node(ep); n != nil {
			f.Ops = e.resourceStatementOps(n, map[string]any{"Effect": "Allow", "Principal": "*", "Action": oneOrMany(actions), "Resource": o.chk.arn})
		}
	case iam.ReasonConditionNotMet:
		s := o.res.Statements[0]
		f.Nodes = appendHolders(f.Nodes, o.res.Statements)
		f.Message = what + ": " + stmtName(s) + " would allow it, but its condition " + s.Condition + " does not hold" + condValue(o, s) + r57(s) + " (R43)."
		f.Fix = "Make the condition " + s.Condition + " of " + stmtName(s) + " match this request, or have the caller send what it expects."
		if src := c.ctxValue("aws:SourceArn"); src != "" && strings.Contains(s.Condition, "SourceArn") {
			f.Fix = "Set aws:SourceArn in " + stmtName(s) + " to " + src + " (the source that invokes), or draw the arrow from the source it names."
		}
	case iam.ReasonCrossAccountNoResourceAllow:
		f.Message = what + ": the caller is in account " + c.principal.Account + " and " + to.ID + " in " + to.AccountID(d) +
			", and a cross-account request needs an Allow in " + to.ID + "'s resource-based policy naming the caller; " + e.resourcePolicyState(to) + " (R41)."
		f.Fix, f.Ops = e.grantCallerFix(c, to, actions, o.chk.arn)
	default:
		f.Message, f.Fix, f.Ops = e.implicitDeny(c, to, actions, o)
	}
	if hint := e.qualifierHint(o, to); hint != "" {
		f.Message += " " + hint
	}
	e.add(f)
}

// implicitDeny explains a request no policy allows.
func (e *engine) implicitDeny(c *caller, to *model.Node, actions []string, o *outcome) (msg, fix string, ops []model.FixOp) {
	d := e.ix.Design
	acts := strings.Join(actions, ", ")
	what := c.desc + " calls " + acts + " on " + o.chk.arn
	switch c.principal.Type {
	case iam.PrincipalService:
		svc := c.principal.ARN
		msg = svc + " (for " + c.node.ID + ") may not " + acts + " on " + to.ID + ": " + e.resourcePolicyState(to) +
			" allowing " + svc + ", and a service has no identity policy of its own (implicit deny, R52)."
		stmt := map[string]any{"Sid": c.node.ID, "Effect": "Allow", "Principal": map[string]any{"Service": svc},
			"Action": oneOrMany(actions), "Resource": o.chk.arn,
			"Condition": map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": d.ARN(c.node)},
				"StringEquals": map[string]any{"AWS:SourceAccount": c.node.AccountID(d)}}}
		if to.Type == model.TypeLambda {
			fix = "aws lambda add-permission --function-name " + to.ResourceName() + " --statement-id " + c.node.ID +
				" --action " + acts + " --principal " + svc + " --source-arn " + d.ARN(c.node) + " --source-account " + c.node.AccountID(d)
		} else {
			fix = "Allow " + svc + " to " + acts + " on " + o.chk.arn + " in " + to.ID + "'s policy, with aws:SourceArn " + d.ARN(c.node) + "."
		}
		return msg, fix, e.resourceStatementOps(to, stmt)
	case iam.PrincipalAnonymous:
		msg = what + ": an anonymous caller is allowed only by a resource policy with \"Principal\": \"*\", and " + e.resourcePolicyState(to) + " (implicit deny)."
		return msg, "Have the caller sign its requests with AWS credentials, or, if " + to.ID + " is meant to be public, allow \"*\" in its resource policy.", nil
	}
	if o.res.Reason == iam.ReasonCrossAccountNoIdentityAllow {
		msg = what + ": " + to.ID + "'s resource policy allows it, but a cross-account request also needs an Allow in the caller's own policies, and " +
			e.identityState(c) + " (R41)."
	} else {
		msg = what + ": no policy allows it (implicit deny): " + e.identityState(c)
		if len(e.pols[to.ID].resource) > 0 {
			msg += ", nor does " + to.ID + "'s resource policy"
		}
		msg += " (R39, R46)."
		if o.chk.needResource {
			msg = what + ": " + e.resourcePolicyState(to) + ", and a role's trust policy must allow whoever assumes it, whatever the caller's own policies say (R40)."
			stmt := map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": c.principal.RoleARN}, "Action": "sts:AssumeRole"}
			if c.principal.Type != iam.PrincipalRoleSession {
				stmt["Principal"] = map[string]any{"AWS": c.principal.ARN}
			}
			return msg, "Allow " + c.node.ID + " to assume " + to.ID + " in its trust policy.", e.resourceStatementOps(to, stmt)
		}
	}
	if c.role == nil {
		return msg, "Give " + c.node.ID + " an execution role (\"role\") whose policy allows " + acts + " on " + o.chk.arn + ".", nil
	}
	return msg, "Add " + acts + " on " + o.chk.arn + " to " + c.role.ID + "'s policies.",
		roleGrantOps(c.role, actions, o.chk.arn)
}

// identityState describes the caller's identity policies for a message.
func (e *engine) identityState(c *caller) string {
	switch {
	case c.role == nil && c.node.Type == model.TypeLambda:
		return "the role the console creates for a function drawn without one only writes logs"
	case c.role == nil:
		return "the caller has no identity policies"
	case len(c.identity) == 0:
		return c.role.ID + " has no policies"
	}
	return c.role.ID + "'s policies have no Allow for it"
}

// resourcePolicyState says whether a target has a resource policy.
func (e *engine) resourcePolicyState(to *model.Node) string {
	if to.Type == model.TypeIAMRole {
		return "no statement of " + to.ID + "'s trust policy matches"
	}
	if len(e.pols[to.ID].resource) == 0 {
		return to.ID + " has no resource-based policy"
	}
	return "no statement of " + to.ID + "'s resource-based policy matches"
}

// grantCallerFix proposes the resource-policy statement that lets a caller
// from another account in.
func (e *engine) grantCallerFix(c *caller, to *model.Node, actions []string, arn string) (string, []model.FixOp) {
	principal := c.principal.Account
	switch c.principal.Type {
	case iam.PrincipalRoleSession:
		principal = c.principal.RoleARN
	case iam.PrincipalUser:
		principal = c.principal.ARN
	}
	acts := strings.Join(actions, ", ")
	stmt := map[string]any{"Sid": "Allow" + c.principal.Account, "Effect": "Allow", "Principal": map[string]any{"AWS": principal},
		"Action": oneOrMany(actions), "Resource": arn}
	switch to.Type {
	case model.TypeLambda:
		return "If " + c.principal.Account + " should call it: aws lambda add-permission --function-name " + to.ResourceName() +
			" --statement-id " + c.node.ID + " --action " + acts + " --principal " + principal + ".", e.resourceStatementOps(to, stmt)
	case model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue, model.TypeSNSTopic, model.TypeEFSFileSystem:
		return "Add a statement to " + to.ID + "'s policy allowing " + principal + " to " + acts + " on " + arn + ".", e.resourceStatementOps(to, stmt)
	}
	return "Call " + to.ID + " with a role in account " + to.AccountID(e.ix.Design) + ": it has no resource-based policy to grant another account.", nil
}

// qualifierHint explains a refused invocation whose resource policy covers
// another version of the function ARN (R51).
func (e *engine) qualifierHint(o *outcome, to *model.Node) string {
	if to.Type != model.TypeLambda || o.res.Reason == iam.ReasonExplicitDeny || len(o.chk.resource) == 0 {
		return ""
	}
	d := e.ix.Design
	variants := []string{d.ARN(to)}
	for _, a := range to.Aliases {
		variants = append(variants, d.QualifiedARN(to, a))
	}
	for _, v := range variants {
		if v == o.chk.arn {
			continue
		}
		req := *o.req
		req.Resource = v
		set := iam.PolicySet{Resource: o.chk.resource}
		if iam.Evaluate(&req, &set).Decision == iam.Allowed {
			return "The resource policy covers " + v + ", but the call is for " + o.chk.arn +
				": qualified and unqualified ARNs must match exactly (R51); invoke " + v + ", or grant on " + d.ARN(to) + "*."
		}
	}
	return ""
}

// condDetail names the endpoint-policy statement whose condition failed.
func condDetail(o *outcome) string {
	for _, s := range o.res.Statements {
		if s.Condition != "" {
			return "; " + stmtName(s) + " would allow it, but its condition " + s.Condition + " does not hold" + condValue(o, s)
		}
	}
	return ""
}

// condValue shows what the request carried for the failed condition's key.
func condValue(o *outcome, s iam.StatementRef) string {
	_, key, _ := strings.Cut(s.Condition, " ")
	vals, ok := o.req.Context.Get(key)
	if !ok && (s.Kind == iam.IdentityPolicy || s.Kind == iam.BoundaryPolicy) {
		vals, ok = o.req.IdentityContext.Get(key)
	}
	if !ok {
		return ": the request has no " + key
	}
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return ": " + key + " is " + strings.Join(q, ", ")
}

// r57 adds the reason a resource policy never sees lambda:SourceFunctionArn.
func r57(s iam.StatementRef) string {
	if s.Kind != iam.IdentityPolicy && s.Kind != iam.BoundaryPolicy && strings.Contains(strings.ToLower(s.Condition), "lambda:sourcefunctionarn") {
		return "; lambda:SourceFunctionArn never reaches a resource-based policy, so move the condition to the execution role's policy (R57)"
	}
	return ""
}

// denyDetail describes why an outcome was refused, for messages about it.
func denyDetail(o *outcome) string {
	switch o.res.Reason {
	case iam.ReasonExplicitDeny:
		return " (explicitly denied by " + stmtList(o.res.Statements) + ")"
	case iam.ReasonConditionNotMet:
		s := o.res.Statements[0]
		return " (" + stmtName(s) + " would allow it, but its condition " + s.Condition + " does not hold" + condValue(o, s) + ")"
	case iam.ReasonEndpointNoAllow:
		return " (the endpoint policy of " + o.res.Policy.Node + " does not allow it)"
	case iam.ReasonBoundaryNoAllow:
		return " (the permissions boundary of " + o.res.Policy.Node + " does not allow it)"
	}
	return ""
}

// stmtName names a statement: its Sid or position, and the policy holding it.
func stmtName(s iam.StatementRef) string {
	id := fmt.Sprintf("statement #%d", s.Index)
	if s.Sid != "" {
		id = fmt.Sprintf("statement %q", s.Sid)
	}
	return id + " of " + s.Node + "'s " + s.Policy
}

func stmtList(ss []iam.StatementRef) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = stmtName(s)
	}
	return strings.Join(names, " and ")
}

// ctxValue is the first value of a caller's context key.
func (c *caller) ctxValue(key string) string {
	if v, ok := c.ctx.Get(key); ok {
		return v[0]
	}
	return ""
}

// nodeIDs lists the ids of the non-nil nodes, without repeats.
func nodeIDs(ns ...*model.Node) []string {
	var ids []string
	for _, n := range ns {
		if n != nil && !contains(ids, n.ID) {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

func appendIDs(ids []string, more ...string) []string {
	for _, id := range more {
		if id != "" && !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

func appendHolders(ids []string, ss []iam.StatementRef) []string {
	for _, s := range ss {
		ids = appendIDs(ids, s.Node)
	}
	return ids
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// oneOrMany writes one action as a string, several as an array.
func oneOrMany(ss []string) any {
	if len(ss) == 1 {
		return ss[0]
	}
	return ss
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func opSet(node, field string, v any) model.FixOp {
	return model.FixOp{Op: "set", Node: node, Field: field, Value: raw(v)}
}

func opAdd(node, field string, v any) model.FixOp {
	return model.FixOp{Op: "add", Node: node, Field: field, Value: raw(v)}
}

// roleGrantOps adds an inline policy allowing actions on arn to a role or
// user, when its policies are an array (or absent); an object of named
// policies needs a name only a person can choose.
func roleGrantOps(role *model.Node, actions []string, arn string) []model.FixOp {
	if role == nil || (len(role.Policies) > 0 && role.Policies[0] != '[') {
		return nil
	}
	return []model.FixOp{opAdd(role.ID, "policies", map[string]any{"Version": policyVersion,
		"Statement": []any{map[string]any{"Effect": "Allow", "Action": oneOrMany(actions), "Resource": arn}}})}
}

// managedOps attaches an AWS managed policy to a role.
func managedOps(role *model.Node, name string) []model.FixOp {
	if role == nil {
		return nil
	}
	return []model.FixOp{opAdd(role.ID, "managedPolicies", name)}
}

// resourceStatementOps sets a node's resource policy (resourcePolicy of a
// function, trust of a role, policy of anything else) to its current
// document with the statements appended.
func (e *engine) resourceStatementOps(n *model.Node, stmts ...map[string]any) []model.FixOp {
	field, cur := "policy", n.Policy
	switch n.Type {
	case model.TypeLambda:
		field, cur = "resourcePolicy", n.ResourcePolicy
	case model.TypeIAMRole:
		field, cur = "trust", n.Trust
	case model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue, model.TypeSNSTopic, model.TypeEFSFileSystem, model.TypeVPCEndpoint:
	default:
		return nil
	}
	doc := map[string]any{}
	if len(cur) > 0 && json.Unmarshal(cur, &doc) != nil {
		return nil
	}
	var list []any
	switch s := doc["Statement"].(type) {
	case []any:
		list = s
	case map[string]any:
		list = []any{s}
	}
	for _, s := range stmts {
		list = append(list, s)
	}
	doc["Statement"] = list
	if _, ok := doc["Version"]; !ok {
		doc["Version"] = policyVersion
	}
	return []model.FixOp{opSet(n.ID, field, doc)}
}

// mappingFinding reports an event source mapping whose role cannot read
// its source (R54).
func (e *engine) mappingFinding(ed *model.Edge, c *caller, src, fn *model.Node, g []*outcome) {
	o := g[0]
	actions := actionsOf(g)
	acts := strings.Join(actions, ", ")
	managed := "AWSLambdaSQSQueueExecutionRole"
	if src.Type == model.TypeDynamoDBTable {
		managed = "AWSLambdaDynamoDBExecutionRole"
	}
	who := "the role the console creates for it"
	if c.role != nil {
		who = "its execution role " + c.role.ID
	}
	f := model.Finding{Severity: model.SeverityError, Code: codeOf(o.res.Reason), Edges: []string{ed.ID},
		Nodes: nodeIDs(fn, c.role, src),
		Message: "Lambda reads " + src.ID + " for " + fn.ID + " (an event source mapping) with " + who +
			", which may not " + acts + " on " + o.chk.arn + denyDetail(o) + "; the function's resource policy plays no part (R54).",
		Fix: "Attach " + managed + " to " + roleOr(c.role, fn) + ", or allow " + acts + " on " + o.chk.arn + " in its policies.",
		Ops: managedOps(c.role, managed)}
	switch o.res.Reason {
	case iam.ReasonExplicitDeny, iam.ReasonConditionNotMet:
		f.Nodes = appendHolders(f.Nodes, o.res.Statements)
		f.Ops = nil
		f.Fix = "Change " + stmtName(o.res.Statements[0]) + " so it allows " + acts + " on " + o.chk.arn + " for " + roleOr(c.role, fn) + "."
	case iam.ReasonBoundaryNoAllow:
		f.Nodes = appendIDs(f.Nodes, o.res.Policy.Node)
		f.Ops = nil
		f.Fix = "Allow " + acts + " in the permissions boundary of " + o.res.Policy.Node + "."
	case iam.ReasonCrossAccountNoResourceAllow:
		f.Message += " " + src.ID + " is in another account, so its policy must allow the role too (R41)."
		f.Fix, f.Ops = e.grantCallerFix(c, src, actions, o.chk.arn)
	}
	e.add(f)
}

func roleOr(role, fn *model.Node) string {
	if role != nil {
		return role.ID
	}
	return "an execution role for " + fn.ID
}

// urlFinding reports a refused function URL request (R55).
func (e *engine) urlFinding(ed *model.Edge, c *caller, fn *model.Node, groups [][]*outcome) {
	d := e.ix.Design
	auth := fn.URL.AuthType
	var why []string
	var missing []string
	f := model.Finding{Severity: model.SeverityError, Code: codeURLForbidden, Edges: []string{ed.ID}, Nodes: nodeIDs(c.node, c.role, fn)}
	for _, g := range groups {
		for _, o := range g {
			missing = append(missing, o.chk.action)
			why = append(why, o.chk.action+" is refused"+denyDetail(o))
			f.Nodes = appendHolders(f.Nodes, o.res.Statements)
		}
	}
	arn := groups[0][0].chk.arn
	f.Message = "A request from " + c.desc + " to the function URL of " + fn.ID + " (auth type " + auth + ") gets 403 Forbidden: " +
		strings.Join(why, "; ") + ". A function URL needs both lambda:InvokeFunctionUrl and lambda:InvokeFunction"
	if contains(missing, "lambda:InvokeFunction") && !contains(missing, "lambda:InvokeFunctionUrl") {
		f.Message += " (new since October 2025; URLs created before may have a temporary exception)"
	}
	f.Message += " (R55)."
	if auth == "NONE" {
		var cmds []string
		var stmts []map[string]any
		if contains(missing, "lambda:InvokeFunctionUrl") {
			cmds = append(cmds, "aws lambda add-permission --function-name "+fn.ResourceName()+" --statement-id FunctionURLAllowPublicAccess --action lambda:InvokeFunctionUrl --principal '*' --function-url-auth-type NONE")
			stmts = append(stmts, map[string]any{"Sid": "FunctionURLAllowPublicAccess", "Effect": "Allow", "Principal": "*",
				"Action": "lambda:InvokeFunctionUrl", "Resource": arn,
				"Condition": map[string]any{"StringEquals": map[string]any{"lambda:FunctionUrlAuthType": "NONE"}}})
		}
		if contains(missing, "lambda:InvokeFunction") {
			cmds = append(cmds, "aws lambda add-permission --function-name "+fn.ResourceName()+" --statement-id FunctionURLAllowInvokeAction --action lambda:InvokeFunction --principal '*' with InvokedViaFunctionUrl=true")
			stmts = append(stmts, map[string]any{"Sid": "FunctionURLAllowInvokeAction", "Effect": "Allow", "Principal": "*",
				"Action": "lambda:InvokeFunction", "Resource": arn,
				"Condition": map[string]any{"Bool": map[string]any{"lambda:InvokedViaFunctionUrl": "true"}}})
		}
		f.Fix = strings.Join(cmds, "; then ") + " (the console adds these for NONE URLs; templates must, R58)."
		f.Ops = e.resourceStatementOps(fn, stmts...)
		e.add(f)
		return
	}
	switch c.principal.Type {
	case iam.PrincipalAnonymous:
		f.Fix = "Sign the requests with AWS credentials (SigV4): an AWS_IAM URL refuses anonymous callers. Or set the auth type to NONE if the function is meant to be public."
	case iam.PrincipalRoot:
		f.Fix, f.Ops = e.grantCallerFix(c, fn, missing, arn)
	default:
		if c.principal.Account != fn.AccountID(d) {
			f.Fix, f.Ops = e.grantCallerFix(c, fn, missing, arn)
			f.Fix += " The caller's own policies must allow them too."
		} else {
			f.Fix = "Allow " + strings.Join(missing, " and ") + " on " + arn + " in " + roleOr(c.role, c.node) + "'s policies, or for the caller in " + fn.ID + "'s resource policy."
			f.Ops = roleGrantOps(c.role, missing, arn)
		}
	}
	e.add(f)
}

// onlyEndpoints reports whether every statement is in an endpoint policy.
func onlyEndpoints(ss []iam.StatementRef) bool {
	for _, s := range ss {
		if s.Kind != iam.EndpointPolicy {
			return false
		}
	}
	return len(ss) > 0
}
