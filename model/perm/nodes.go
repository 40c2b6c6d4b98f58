package perm

import (
	"strings"

	"archway/model"
	"archway/model/iam"
)

// Actions Lambda needs from an execution role.
var (
	eniActions  = []string{"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"}
	xrayActions = []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
)

// restricting are the condition keys that keep a statement with
// "Principal": "*" from being public (R56). The two function URL keys limit
// the statement to URL requests, whose exposure the URL's auth type decides.
var restricting = []string{"aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
	"aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceVpce", "aws:SourceVpc", "aws:SourceIp", "aws:VpcSourceIp",
	"lambda:FunctionUrlAuthType", "lambda:InvokedViaFunctionUrl"}

// nodes reports what Lambda needs from each function's role, and how open
// the policies of the design are.
func (e *engine) nodes() {
	for _, n := range e.ix.Design.Nodes {
		if e.ix.Nodes[n.ID] != n {
			continue
		}
		switch n.Type {
		case model.TypeLambda:
			e.function(n)
		}
		e.policyShape(n)
	}
}

// function checks one function: its role can be assumed (R48) and allows
// the network interfaces (R32), logs (R59, R60) and traces (R62) Lambda
// writes for it; its resource policy and URL are not public (R56).
func (e *engine) function(fn *model.Node) {
	d := e.ix.Design
	c := e.callerOf(fn)
	if c == nil {
		return
	}
	if c.role != nil && !e.assumable(fn, c.role) {
		return
	}
	if c.role == nil {
		// CreateFunction needs a role; the console and SAM create one when
		// none is chosen, which is what format.md's defaults stand for. Say
		// so, since an arrow it does not allow shows as denied.
		e.add(model.Finding{Severity: model.SeverityInfo, Code: codeDefaultRole, Nodes: []string{fn.ID},
			Message: fn.ID + " has no execution role drawn: Archway assumes the one the Lambda console creates with it (" + e.defaultRoleARN(fn) +
				"), which may create log groups and write " + fn.ID + "'s logs, plus manage network interfaces in a VPC and send traces with Active tracing; it allows nothing else.",
			Fix: "Draw " + fn.ID + "'s execution role (\"role\") with the permissions its code needs."})
	}
	p := e.probe(c, fn)
	if fn.InVPC() {
		if missing := e.missingENI(p, fn); len(missing) > 0 {
			sev, when := model.SeverityError, "so Lambda cannot create its network interfaces: creating or updating the function fails (InsufficientRolePermissions)"
			if fn.FunctionState() == "Active" {
				sev, when = model.SeverityInfo, "which Lambda needs to create, update and delete its network interfaces; the interfaces of this Active function already exist, "+
					"so invocations work until Lambda has to re-create them (a configuration change, or the function going Inactive when idle)"
			}
			e.add(model.Finding{Severity: sev, Code: codeENI, Nodes: nodeIDs(fn, c.role),
				Message: fn.ID + " is attached to a VPC, but " + roleOr(c.role, fn) + " does not allow " + strings.Join(missing, ", ") + " on \"*\", " + when + " (R32, R45).",
				Fix:     "Attach AWSLambdaVPCAccessExecutionRole (or AWSLambdaENIManagementAccess) to " + roleOr(c.role, fn) + ".",
				Ops:     managedOps(c.role, "AWSLambdaVPCAccessExecutionRole")})
		}
	}
	var missingLogs []string
	missingLogs = append(missingLogs, p.missing([]string{"logs:CreateLogStream", "logs:PutLogEvents"}, d.LogStreamARN(fn, exampleStream))...)
	if !e.logGroupDrawn(fn) {
		missingLogs = append(missingLogs, p.missing([]string{"logs:CreateLogGroup"}, d.LogGroupARN(fn))...)
	}
	if len(missingLogs) > 0 {
		e.add(model.Finding{Severity: model.SeverityWarning, Code: codeLogs, Nodes: nodeIDs(fn, c.role),
			Message: roleOr(c.role, fn) + " does not allow " + strings.Join(missingLogs, ", ") + " on the log group " + model.FunctionLogGroup(fn) +
				": nothing " + fn.ID + " prints will appear in CloudWatch Logs; invocations still work (R59, R60).",
			Fix: "Attach AWSLambdaBasicExecutionRole to " + roleOr(c.role, fn) + ", or allow logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents on " + d.LogGroupARN(fn) + ".",
			Ops: managedOps(c.role, "AWSLambdaBasicExecutionRole")})
	}
	if fn.TracingMode() == "Active" {
		if missing := p.missing(xrayActions, "*"); len(missing) > 0 {
			e.add(model.Finding{Severity: model.SeverityWarning, Code: codeXRay, Nodes: nodeIDs(fn, c.role),
				Message: fn.ID + " has Active tracing, but " + roleOr(c.role, fn) + " does not allow " + strings.Join(missing, ", ") +
					": its traces are dropped; invocations still work (R62). The console adds these permissions when you turn tracing on; templates must (R58).",
				Fix: "Attach AWSXRayDaemonWriteAccess to " + roleOr(c.role, fn) + ".",
				Ops: managedOps(c.role, "AWSXRayDaemonWriteAccess")})
		}
	}
	e.publicFunction(fn)
	e.denyInFunctionPolicy(fn)
}

// denyInFunctionPolicy reports Deny statements in a function policy, which
// AWS cannot hold: the policy is written only by AddPermission, whose
// statements are all Allow (R50). The Deny is still evaluated as drawn.
func (e *engine) denyInFunctionPolicy(fn *model.Node) {
	for _, np := range e.pols[fn.ID].resource {
		for i := range np.Policy.Statements {
			s := &np.Policy.Statements[i]
			if s.Effect != iam.Deny {
				continue
			}
			ref := stmtName(iam.StatementRef{Node: fn.ID, Policy: np.Label, Sid: s.Sid, Index: s.Index})
			e.add(model.Finding{Severity: model.SeverityError, Code: codeFunctionDeny, Nodes: []string{fn.ID}, Edges: e.invocationsOf(fn),
				Message: ref + " is a Deny, but a Lambda function policy can only hold the Allow statements AddPermission writes: AWS cannot create it (R50).",
				Fix:     "Remove the Deny from " + fn.ID + "'s resource policy and grant only the callers that should invoke; to refuse a principal, deny it in its own policies."})
		}
	}
}

// assumable checks the role's trust policy lets Lambda assume it (R48).
func (e *engine) assumable(fn, role *model.Node) bool {
	d := e.ix.Design
	if role.AccountID(d) != fn.AccountID(d) {
		e.add(model.Finding{Severity: model.SeverityError, Code: codeNotAssumable, Nodes: nodeIDs(fn, role),
			Message: fn.ID + " is in account " + fn.AccountID(d) + " but its execution role " + role.ID + " is in " + role.AccountID(d) +
				": a function's execution role must be in its own account (R48).",
			Fix: "Use a role in account " + fn.AccountID(d) + " as " + fn.ID + "'s execution role."})
		return false
	}
	req := iam.Request{Principal: iam.Service("lambda.amazonaws.com"), Action: "sts:AssumeRole", Resource: e.arn(role), ResourceAccount: role.AccountID(d)}
	req.Context.Reserve(6) // the keys set here
	req.Context.Set("aws:SourceAccount", fn.AccountID(d))
	req.Context.Set("aws:SourceArn", e.arn(fn))
	req.Context.Set("aws:PrincipalServiceName", "lambda.amazonaws.com")
	req.Context.Set("aws:SecureTransport", valTrue...)
	e.requestTime(&req.Context)
	set := iam.PolicySet{Resource: e.pols[role.ID].trust}
	r := iam.Evaluate(&req, &set)
	if r.Decision == iam.Allowed {
		return true
	}
	o := outcome{req: &req, res: r}
	stmt := map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
	e.add(model.Finding{Severity: model.SeverityError, Code: codeNotAssumable, Nodes: appendHolders(nodeIDs(fn, role), r.Statements),
		Message: "The trust policy of " + role.ID + " does not let lambda.amazonaws.com assume it (sts:AssumeRole)" + denyDetail(&o) +
			", so " + fn.ID + " cannot be created or updated with this role (R48).",
		Fix: `Add {"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"} to the trust policy of ` + role.ID + ".",
		Ops: e.resourceStatementOps(role, stmt)})
	return false
}

// probe asks whether a function's role allows actions, for requests Lambda
// makes in the function's Region. Only the action and resource change
// between its requests, so one request and one result serve them all.
type probe struct {
	req iam.Request
	set iam.PolicySet
	res iam.Result
}

func (e *engine) probe(c *caller, fn *model.Node) *probe {
	// One probe serves every function in turn, its result's buffers
	// with it: a function's probe is done with when the next one starts.
	p := &e.probeBuf
	*p = probe{set: iam.PolicySet{Identity: c.identity, Boundary: c.boundary}, res: p.res}
	p.req.Principal = c.principal
	p.req.Context.Inherit(&c.ctx)
	copyContext(&p.req.IdentityContext, &c.idCtx)
	p.req.Context.Set("aws:RequestedRegion", fn.RegionName(e.ix.Design))
	return p
}

// missing returns the actions not allowed on every one of arns.
func (p *probe) missing(actions []string, arns ...string) []string {
	var out []string
	for _, a := range actions {
		for _, arn := range arns {
			p.req.Action, p.req.Resource = a, arn
			if iam.EvaluateInto(&p.res, &p.req, &p.set); p.res.Decision != iam.Allowed {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// missingENI returns the network-interface actions a VPC function's role
// does not allow (R32), each checked on the resources EC2 authorizes it on:
// DescribeNetworkInterfaces only works on "*" (R45); CreateNetworkInterface
// is authorized on the new interface, the subnet and the security groups;
// the others on the interface. So a policy scoped to the account's EC2
// resources ("arn:aws:ec2:REGION:ACCOUNT:*/*", as the Lambda guide shows
// for DeleteNetworkInterface) is enough, and one scoped elsewhere is not.
func (e *engine) missingENI(p *probe, fn *model.Node) []string {
	d := e.ix.Design
	region := fn.RegionName(d)
	eni := "arn:" + model.Partition(region) + ":ec2:" + region + ":" + fn.AccountID(d) + ":network-interface/" + exampleENI
	create := make([]string, 1, 1+len(fn.VPC.Subnets)+len(fn.VPC.SecurityGroups))
	create[0] = eni
	for _, ids := range [][]string{fn.VPC.Subnets, fn.VPC.SecurityGroups} {
		for _, id := range ids {
			if n := e.ix.Node(id); n != nil {
				create = append(create, e.arn(n))
			}
		}
	}
	var out []string
	for _, a := range eniActions {
		switch a {
		case "ec2:DescribeNetworkInterfaces":
			out = append(out, p.missing([]string{a}, "*")...)
		case "ec2:CreateNetworkInterface":
			out = append(out, p.missing([]string{a}, create...)...)
		default:
			out = append(out, p.missing([]string{a}, eni)...)
		}
	}
	return out
}

// exampleENI stands for a network interface Lambda creates.
const exampleENI = "eni-0123456789abcdef0"

// logGroupDrawn reports whether the function's log group is drawn, as
// created beforehand: then Lambda needs no CreateLogGroup (R59).
func (e *engine) logGroupDrawn(fn *model.Node) bool {
	if e.logGroups == nil {
		// found once for all functions; empty, not nil, when there are none
		e.logGroups = []*model.Node{}
		for _, n := range e.ix.Design.Nodes {
			if n.Type == model.TypeCloudWatchLogs {
				e.logGroups = append(e.logGroups, n)
			}
		}
	}
	for _, n := range e.logGroups {
		if n.ResourceName() == model.FunctionLogGroup(fn) && n.AccountID(e.ix.Design) == fn.AccountID(e.ix.Design) {
			return true
		}
	}
	return false
}

// publicFunction warns about a function anyone may invoke (R55, R56).
func (e *engine) publicFunction(fn *model.Node) {
	var why []string
	if fn.URL != nil && fn.URL.AuthType == "NONE" {
		why = append(why, "its function URL has auth type NONE, so anyone on the internet can call it without signing")
	}
	for _, np := range e.pols[fn.ID].resource {
		for i := range np.Policy.Statements {
			s := &np.Policy.Statements[i]
			if s.Effect != iam.Allow || !s.IsPublic() || hasAnyKey(s, restricting) {
				continue
			}
			if !s.MatchesAction("lambda:InvokeFunction") && !s.MatchesAction("lambda:InvokeFunctionUrl") {
				continue
			}
			why = append(why, stmtName(iam.StatementRef{Node: fn.ID, Policy: np.Label, Sid: s.Sid, Index: s.Index})+
				" allows \"*\" with no aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or lambda:FunctionUrlAuthType condition")
		}
	}
	if len(why) == 0 {
		return
	}
	e.add(model.Finding{Severity: model.SeverityWarning, Code: codePublic, Nodes: []string{fn.ID},
		Message: fn.ID + " is publicly invocable: " + strings.Join(why, "; ") + " (R56).",
		Fix:     "Restrict the statement to a specific account or organization (--principal-org-id), add an aws:SourceArn condition, or use auth type AWS_IAM."})
}

// policyShape warns about Allow statements broader than they look (R42),
// and service principals granted without naming their source (R52), in
// the policies the author wrote.
func (e *engine) policyShape(n *model.Node) {
	np := e.pols[n.ID]
	for _, name := range np.unknown {
		e.add(model.Finding{Severity: model.SeverityWarning, Code: codeUnknownManaged, Nodes: []string{n.ID},
			Message: n.ID + " attaches the AWS managed policy " + name + ", which Archway does not know: it is evaluated as granting nothing, so arrows it would allow may show as denied.",
			Fix:     "Use one of the managed policies Archway knows (" + strings.Join(iam.ManagedNames(), ", ") + "), or copy the policy's statements into an inline policy."})
	}
	for _, rp := range np.rejected {
		ref := stmtName(iam.StatementRef{Node: n.ID, Policy: rp.label, Sid: rp.stmt.Sid, Index: rp.stmt.Index})
		what := "policy"
		if rp.label == labelBoundary {
			what = "permissions boundary"
		}
		e.add(model.Finding{Severity: model.SeverityError, Code: codeIdentityPrincipal, Nodes: []string{n.ID}, Edges: e.edgesCallingAs(n),
			Message: ref + " has a " + rp.elem + " element, which AWS refuses in an identity-based " + what +
				" (\"Has prohibited field Principal\"): " + n.ID + " cannot have " + rp.label + ", so it is left out and grants nothing.",
			Fix: "Remove the " + rp.elem + " element from " + n.ID + "'s " + rp.label + ": the policy applies to " + n.ID +
				" itself. A statement naming who may call a resource belongs in that resource's policy, one naming who may assume a role in its trust policy."})
	}
	for _, ip := range np.inline {
		for i := range ip.np.Policy.Statements {
			s := &ip.np.Policy.Statements[i]
			if s.Effect != iam.Allow {
				continue
			}
			var broad []string
			if s.UsesNotAction() {
				broad = append(broad, "NotAction (it allows every other action)")
			}
			if s.UsesNotResource() {
				broad = append(broad, "NotResource (it allows every other resource)")
			}
			if s.AllowsAllActions() {
				broad = append(broad, "\"Action\": \"*\" (every action of every service)")
			}
			if len(broad) == 0 && ip.kind != iam.ResourcePolicy {
				continue
			}
			ref := stmtName(iam.StatementRef{Node: n.ID, Policy: ip.np.Label, Sid: s.Sid, Index: s.Index})
			if len(broad) > 0 {
				e.add(model.Finding{Severity: model.SeverityWarning, Code: codeOverlyBroad, Nodes: []string{n.ID},
					Message: ref + " allows with " + strings.Join(broad, " and ") + " (R42).",
					Fix:     "List the required actions and resources explicitly in " + ref + "."})
			}
			if ip.kind == iam.ResourcePolicy {
				e.confusedDeputy(n, s, ref)
				if n.Type != model.TypeLambda {
					// Functions have FUNCTION_PUBLICLY_INVOCABLE (R56).
					e.publicStatement(n, s, ref, "")
				}
			}
		}
	}
	if n.Type == model.TypeIAMRole && len(n.Trust) > 0 {
		for _, tp := range np.trust {
			for i := range tp.Policy.Statements {
				s := &tp.Policy.Statements[i]
				if s.Effect == iam.Allow {
					e.publicStatement(n, s, stmtName(iam.StatementRef{Node: n.ID, Policy: tp.Label, Sid: s.Sid, Index: s.Index}), "assume "+n.ID)
				}
			}
		}
	}
}

// confusedDeputy warns when a resource policy lets a service in without
// naming the resource or account it acts for (R52).
func (e *engine) confusedDeputy(n *model.Node, s *iam.Statement, ref string) {
	svcs := s.ServicePrincipals()
	if len(svcs) == 0 {
		return
	}
	hasArn, hasAcct := s.HasConditionKey("aws:SourceArn"), s.HasConditionKey("aws:SourceAccount") || s.HasConditionKey("aws:SourceOwner")
	switch {
	case !hasArn && !hasAcct:
		e.add(model.Finding{Severity: model.SeverityWarning, Code: codeConfusedDeputy, Nodes: []string{n.ID},
			Message: ref + " lets " + strings.Join(svcs, ", ") + " in without an aws:SourceArn or aws:SourceAccount condition: resources in other accounts could use the service to reach " + n.ID + " (confused deputy, R52).",
			Fix:     "Add an ArnLike aws:SourceArn condition naming the source (and StringEquals aws:SourceAccount) to " + ref + "."})
	case hasArn && !hasAcct && contains(svcs, "s3.amazonaws.com"):
		e.add(model.Finding{Severity: model.SeverityWarning, Code: codeConfusedDeputy, Nodes: []string{n.ID},
			Message: ref + " names the bucket with aws:SourceArn but not its account: S3 ARNs carry no account, so a bucket of the same name in another account would match (R52).",
			Fix:     "Add a StringEquals aws:SourceAccount condition with the bucket owner's account to " + ref + "."})
	}
}

// publicStatement warns about an Allow to everyone ("*") that no condition
// narrows (R44): anyone with AWS credentials, and for S3 and SQS anonymous
// callers too, may use it. what says what it allows when it is a trust
// policy ("assume ROLE").
func (e *engine) publicStatement(n *model.Node, s *iam.Statement, ref, what string) {
	if s.Effect != iam.Allow || !s.IsPublic() || hasAnyKey(s, restricting) {
		return
	}
	if what == "" {
		what = strings.Join(s.Actions(), ", ") + " on " + n.ID
		if s.UsesNotAction() {
			what = "every action but " + strings.Join(s.Actions(), ", ") + " on " + n.ID
		}
	}
	e.add(model.Finding{Severity: model.SeverityWarning, Code: codePublicResource, Nodes: []string{n.ID},
		Message: ref + " allows \"*\" with no condition naming an account, organization, source or network: anyone may " + what + " (R44).",
		Fix:     "Name the principals that need access in " + ref + ", or add an aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceVpce condition."})
}

// invocationsOf lists the arrows into a function that its resource policy
// decides: invocations and URL requests, not event source mappings or
// connections to its interfaces.
func (e *engine) invocationsOf(fn *model.Node) []string {
	var ids []string
	for _, ed := range e.ix.Design.Edges {
		from := e.ix.Node(ed.From)
		if ed.To != fn.ID || from == nil || ed.Port != 0 ||
			ed.Via == "" && (from.Type == model.TypeSQSQueue || from.Type == model.TypeDynamoDBTable) {
			continue
		}
		ids = append(ids, ed.ID)
	}
	return ids
}

// edgesCallingAs lists the arrows made with a role's or user's policies:
// its own, and those of the functions it is the execution role of.
func (e *engine) edgesCallingAs(n *model.Node) []string {
	var ids []string
	for _, ed := range e.ix.Design.Edges {
		caller, to := e.ix.Node(ed.From), e.ix.Node(ed.To)
		if caller == nil {
			continue
		}
		if to != nil && to.Type == model.TypeLambda && ed.Port == 0 && ed.Via == "" &&
			(caller.Type == model.TypeSQSQueue || caller.Type == model.TypeDynamoDBTable) {
			// An event source mapping reads with the function's role.
			caller = to
		}
		if caller == n || caller.Type == model.TypeLambda && caller.Role == n.ID {
			ids = append(ids, ed.ID)
		}
	}
	return ids
}

func hasAnyKey(s *iam.Statement, keys []string) bool {
	for _, k := range keys {
		if s.HasConditionKey(k) {
			return true
		}
	}
	return false
}
