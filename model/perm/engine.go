package perm

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"archway/model"
	"archway/model/iam"
)

// Result is what the permission plane contributes to an analysis: a
// decision per arrow that involves a permission, and findings.
type Result struct {
	Edges    map[string]model.PermissionResult
	Findings []model.Finding
}

type engine struct {
	ix *model.Index
	// now is when the requests are made: aws:CurrentTime and aws:EpochTime,
	// which every AWS request carries; nowText and nowEpoch are their values,
	// formatted once, as the value lists the contexts share.
	now               time.Time
	nowText, nowEpoch []string
	pols              map[string]*nodePolicies
	findings          []model.Finding
	// callers and arns remember what callerOf and arn computed: a node is
	// the caller of several arrows and checks, and its answer never changes
	// within an analysis. Cached callers are shared and must not be
	// modified; nil is a node that makes no requests.
	callers map[*model.Node]*caller
	arns    map[*model.Node]string
	// onPath is pathNodes, once computed; logGroups the design's log
	// groups, once logGroupDrawn found them.
	onPath    map[string]*model.Node
	logGroups []*model.Node
	// scratch is where evaluate's requests are evaluated: its buffers
	// serve them all. probeBuf is the probe of the function being checked.
	scratch  iam.Result
	probeBuf probe
}

// Analyze runs the permission plane over a design that has no problems.
// net holds the network plane's results, whose paths name the VPC endpoints
// each request goes through.
func Analyze(ix *model.Index, net map[string]model.NetworkResult) Result {
	return analyzeAt(ix, net, time.Now())
}

// Policies are the policy documents of a design, compiled: what Problems
// reports and Analyze evaluates, for a caller that wants both without
// parsing every document twice.
type Policies struct{ c *compiler }

// Compile parses every policy document of the design ix indexes.
func Compile(ix *model.Index) *Policies { return &Policies{compile(ix)} }

// Problems is Problems of the compiled design.
func (p *Policies) Problems() []model.Problem { return p.c.problems }

// Analyze is Analyze of the compiled design, which must have no problems.
// net gives an arrow's network result. Analyze asks for them in the order
// of the design's arrows (once each, skipping an arrow whose id an earlier
// one has), and only after the checks that need none (the functions'
// roles, the policies' shapes): a caller can compute the network plane
// meanwhile, and net can wait for each result.
func (p *Policies) Analyze(net func(edge string) model.NetworkResult) Result {
	return analyzeCompiled(p.c, net, time.Now())
}

// analyzeAt is Analyze with the requests made at now.
func analyzeAt(ix *model.Index, net map[string]model.NetworkResult, now time.Time) Result {
	return analyzeCompiled(compile(ix), func(edge string) model.NetworkResult { return net[edge] }, now)
}

// analyzeCompiled is analyzeAt with the policies compiled. The findings come
// in the same order whichever part runs first: the arrows', then the nodes'.
func analyzeCompiled(c *compiler, net func(edge string) model.NetworkResult, now time.Time) Result {
	ix := c.ix
	e := &engine{ix: ix, pols: c.pols, now: now.UTC().Truncate(time.Second),
		callers: map[*model.Node]*caller{}, arns: map[*model.Node]string{}}
	e.nowText, e.nowEpoch = []string{e.now.Format(time.RFC3339)}, []string{strconv.FormatInt(e.now.Unix(), 10)}
	e.nodes()
	nodes := e.findings
	e.findings = nil
	res := Result{Edges: map[string]model.PermissionResult{}}
	for _, ed := range ix.Design.Edges {
		if ix.Edges[ed.ID] != ed {
			continue
		}
		if pr, ok := e.edge(ed, net(ed.ID)); ok {
			res.Edges[ed.ID] = pr
		}
	}
	res.Findings = append(e.findings, nodes...)
	if res.Findings == nil {
		res.Findings = []model.Finding{}
	}
	return res
}

// Problems returns what makes the policy documents of a design unreadable
// (and managed policies that do not exist), each with its path in the
// design ("nodes[4].policies[0].Statement[0].Effect").
func Problems(d *model.Design) []model.Problem {
	return compile(model.NewIndex(d)).problems
}

// check is one request an arrow makes.
type check struct {
	action   string
	arn      string
	resAcct  string
	region   string // the Region the request goes to (aws:RequestedRegion)
	resource []iam.NamedPolicy
	extra    [][2]string // context keys of this request (function URLs)
	// needResource: only an Allow in the resource policy grants (a role's
	// trust policy must allow whoever assumes the role).
	needResource bool
}

// outcome is the evaluation of a check along one network path.
type outcome struct {
	chk  *check
	req  *iam.Request
	res  iam.Result
	path pathInfo
}

func rank(d iam.Decision) int {
	switch d {
	case iam.ExplicitlyDenied:
		return 2
	case iam.ImplicitlyDenied:
		return 1
	}
	return 0
}

// evaluate runs every check along every distinct network path.
func (e *engine) evaluate(c *caller, checks []check, paths []pathInfo) []outcome {
	var out []outcome
	for i := range checks {
		chk := &checks[i]
		for _, p := range paths {
			req := &iam.Request{Principal: c.principal, Action: chk.action, Resource: chk.arn, ResourceAccount: chk.resAcct}
			req.Context.Inherit(&c.ctx)
			copyContext(&req.IdentityContext, &c.idCtx)
			if chk.region != "" {
				req.Context.Set("aws:RequestedRegion", chk.region)
			}
			for _, kv := range chk.extra {
				req.Context.Set(kv[0], kv[1])
			}
			set := iam.PolicySet{Identity: c.identity, Boundary: c.boundary, Resource: chk.resource}
			for _, ep := range p.endpoints {
				set.Endpoint = append(set.Endpoint, e.pols[ep.ID].resource...)
			}
			p.setContext(&req.Context, e.ix)
			iam.EvaluateInto(&e.scratch, req, &set)
			res := e.scratch.Clone()
			if chk.needResource && res.Decision == iam.Allowed && !grantedBy(res.Statements, iam.ResourcePolicy) {
				res = iam.Result{Decision: iam.ImplicitlyDenied, Reason: iam.ReasonNoAllow}
			}
			out = append(out, outcome{chk: chk, req: req, res: res, path: p})
		}
	}
	return out
}

// combine turns outcomes into the arrow's permission result: the worst
// decision; its deciding statements, or, when everything is allowed, every
// granting statement.
func combine(outs []outcome) (model.PermissionResult, *outcome) {
	w := 0
	for i := range outs {
		if rank(outs[i].res.Decision) > rank(outs[w].res.Decision) {
			w = i
		}
	}
	worst := &outs[w]
	d := model.Decision(worst.res.Decision)
	from := outs[w : w+1]
	if worst.res.Decision == iam.Allowed {
		from = outs
	}
	n := 0
	for i := range from {
		n += len(from[i].res.Statements)
	}
	pr := model.PermissionResult{Decision: &d, Statements: make([]model.StatementRef, 0, n)}
	for i := range from {
		for _, s := range from[i].res.Statements {
			ref := model.StatementRef{Node: s.Node, Policy: s.Policy, Sid: s.Sid, Effect: s.Effect.String(), Index: s.Index}
			if !slices.Contains(pr.Statements, ref) {
				pr.Statements = append(pr.Statements, ref)
			}
		}
	}
	return pr, worst
}

// edge decides one arrow.
func (e *engine) edge(ed *model.Edge, nr model.NetworkResult) (model.PermissionResult, bool) {
	from, to := e.ix.Node(ed.From), e.ix.Node(ed.To)
	if from == nil || to == nil || from.Type == model.TypeGeneric || to.Type == model.TypeGeneric {
		return model.PermissionResult{}, false
	}
	if to.Type == model.TypeLambda {
		switch {
		case ed.Via == "url":
			return e.urlEdge(ed, from, to, nr)
		case ed.Port != 0:
			// A connection to the function's interface: network only (R29).
			return model.PermissionResult{}, false
		case from.Type == model.TypeSQSQueue || from.Type == model.TypeDynamoDBTable:
			return e.mappingEdge(ed, from, to)
		}
	}
	actions := ed.EffectiveActions(to)
	if len(actions) == 0 || e.arn(to) == "" || to.Type == model.TypeVPCEndpoint {
		return model.PermissionResult{}, false
	}
	c := e.callerOf(from)
	if c == nil {
		return model.PermissionResult{}, false
	}
	if to.Type == model.TypeLambda && c.principal.Type == iam.PrincipalAnonymous {
		return e.unsignedInvoke(ed, c, to), true
	}
	if to.Type == model.TypeEFSFileSystem && len(e.pols[to.ID].resource) == 0 {
		// Without a file system policy any client that reaches a mount
		// target may mount: no IAM decision is involved.
		return model.PermissionResult{}, false
	}
	resource := e.pols[to.ID].resource
	if to.Type == model.TypeIAMRole {
		// Assuming a role is authorized by its trust policy, which must
		// allow the caller itself (an exception to R40).
		resource = e.pols[to.ID].trust
	}
	checks := make([]check, 0, len(actions))
	for _, a := range actions {
		checks = append(checks, check{action: a, arn: e.resourceARN(to, a, ed.Qualifier),
			resAcct: to.AccountID(e.ix.Design), region: to.RegionName(e.ix.Design), resource: resource,
			needResource: to.Type == model.TypeIAMRole && strings.HasPrefix(strings.ToLower(a), "sts:assumerole")})
	}
	paths := []pathInfo{{}}
	if from.Type == model.TypeLambda {
		paths = e.paths(nr)
	}
	outs := e.evaluate(c, checks, paths)
	if from.Type == model.TypeSNSTopic && to.Type == model.TypeLambda && from.AccountID(e.ix.Design) != to.AccountID(e.ix.Design) {
		outs = append(outs, e.subscribe(ed, from, to)...)
	}
	pr, _ := combine(outs)
	e.edgeFindings(ed, c, to, outs)
	return pr, true
}

// unsignedInvoke refuses an anonymous caller on the Invoke API: Lambda's
// API takes only requests signed with AWS credentials, so not even a
// function policy allowing "*" lets an unsigned request in; only a function
// URL with auth type NONE takes them (R55).
func (e *engine) unsignedInvoke(ed *model.Edge, c *caller, fn *model.Node) model.PermissionResult {
	e.add(model.Finding{Severity: model.SeverityError, Code: codeImplicitDeny, Nodes: nodeIDs(c.node, fn), Edges: []string{ed.ID},
		Message: c.desc + " calls lambda:InvokeFunction on " + e.ix.Design.QualifiedARN(fn, ed.Qualifier) +
			" without AWS credentials: the Lambda API refuses unsigned requests whatever the function policy says; only a function URL with auth type NONE takes them (R55).",
		Fix: "Give " + fn.ID + " a function URL with auth type NONE and draw the arrow with \"via\": \"url\", or have the caller sign its requests with AWS credentials."})
	denied := model.DecisionImplicitlyDenied
	return model.PermissionResult{Decision: &denied, Statements: []model.StatementRef{}}
}

// mappingEdge is an event source mapping (R54): Lambda reads the queue or
// stream with the function's execution role; no network path is drawn.
func (e *engine) mappingEdge(ed *model.Edge, src, fn *model.Node) (model.PermissionResult, bool) {
	c := e.callerOf(fn)
	if c == nil {
		return model.PermissionResult{}, false
	}
	d := e.ix.Design
	var checks []check
	if src.Type == model.TypeSQSQueue {
		for _, a := range []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"} {
			checks = append(checks, check{action: a, arn: e.arn(src), resAcct: src.AccountID(d), region: src.RegionName(d), resource: e.pols[src.ID].resource})
		}
	} else {
		// All four on the stream: AWS's own examples (the DynamoDB guide's
		// stream-only policy, SAM's DynamoDBStreamReadPolicy) grant
		// ListStreams on table/NAME/stream/*, and Lambda mappings work with
		// them; "*" covers the stream as well.
		stream := e.arn(src) + "/stream/2025-01-01T00:00:00.000"
		for _, a := range []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"} {
			checks = append(checks, check{action: a, arn: stream, resAcct: src.AccountID(d), region: src.RegionName(d)})
		}
	}
	outs := e.evaluate(c, checks, []pathInfo{{}})
	pr, _ := combine(outs)
	for _, g := range groupFailures(outs) {
		e.mappingFinding(ed, c, src, fn, g)
	}
	return pr, true
}

// urlEdge is a request to a function URL (R55): it needs
// lambda:InvokeFunctionUrl, with the URL's auth type as
// lambda:FunctionUrlAuthType, and lambda:InvokeFunction with
// lambda:InvokedViaFunctionUrl. With auth type NONE the caller is anonymous.
func (e *engine) urlEdge(ed *model.Edge, from, fn *model.Node, nr model.NetworkResult) (model.PermissionResult, bool) {
	d := e.ix.Design
	denied := model.DecisionImplicitlyDenied
	if fn.URL == nil {
		e.add(model.Finding{Severity: model.SeverityError, Code: "FUNCTION_URL_FORBIDDEN", Nodes: []string{fn.ID}, Edges: []string{ed.ID},
			Message: ed.ID + " calls the function URL of " + fn.ID + ", but " + fn.ID + " has no function URL.",
			Fix:     "Give " + fn.ID + " a function URL (\"url\": {\"authType\": \"AWS_IAM\"}), or invoke it through the Lambda API.",
			Ops:     []model.FixOp{opSet(fn.ID, "url", map[string]string{"authType": "AWS_IAM"})}})
		return model.PermissionResult{Decision: &denied, Statements: []model.StatementRef{}}, true
	}
	auth := fn.URL.AuthType
	c := e.callerOf(from)
	if c == nil || auth == "NONE" && c.principal.Type != iam.PrincipalAnonymous {
		c = &caller{node: from, principal: iam.Anonymous(), desc: "an anonymous caller (the URL's auth type is NONE)"}
		c.ctx.Set("aws:SecureTransport", valTrue...)
		e.requestTime(&c.ctx)
	}
	arn := d.QualifiedARN(fn, ed.Qualifier)
	extra := [][2]string{{"lambda:FunctionUrlAuthType", auth}, {"lambda:InvokedViaFunctionUrl", "true"}}
	checks := []check{
		{action: "lambda:InvokeFunctionUrl", arn: arn, resAcct: fn.AccountID(d), region: fn.RegionName(d), resource: e.pols[fn.ID].resource, extra: extra},
		{action: "lambda:InvokeFunction", arn: arn, resAcct: fn.AccountID(d), region: fn.RegionName(d), resource: e.pols[fn.ID].resource, extra: extra},
	}
	outs := e.evaluate(c, checks, []pathInfo{{}})
	pr, _ := combine(outs)
	if groups := groupFailures(outs); len(groups) > 0 {
		e.urlFinding(ed, c, fn, groups)
	}
	return pr, true
}

// subscribe checks that the function's account may subscribe to a topic in
// another account (R53).
func (e *engine) subscribe(ed *model.Edge, topic, fn *model.Node) []outcome {
	d := e.ix.Design
	c := caller{node: fn, principal: iam.AnyPrincipalOf(fn.AccountID(d)), desc: "account " + fn.AccountID(d)}
	e.principalKeys(&c.ctx, c.principal, c.principal.ARN)
	chk := []check{{action: "sns:Subscribe", arn: e.arn(topic), resAcct: topic.AccountID(d), region: topic.RegionName(d), resource: e.pols[topic.ID].resource}}
	outs := e.evaluate(&c, chk, []pathInfo{{}})
	if outs[0].res.Decision != iam.Allowed {
		acct := fn.AccountID(d)
		e.add(model.Finding{Severity: model.SeverityError, Code: "SNS_SUBSCRIBE_NOT_ALLOWED",
			Nodes: []string{topic.ID, fn.ID}, Edges: []string{ed.ID},
			Message: topic.ID + " is in account " + topic.AccountID(d) + " and " + fn.ID + " in " + acct +
				": the topic's policy must let " + acct + " subscribe (sns:Subscribe), and it does not" + denyDetail(&outs[0]) + ".",
			Fix: "In " + topic.AccountID(d) + ": aws sns add-permission --topic-arn " + d.ARN(topic) + " --label subscribe-" + acct +
				" --aws-account-id " + acct + " --action-name Subscribe; in " + acct + ": subscribe " + fn.ID + " to the topic.",
			Ops: e.resourceStatementOps(topic, map[string]any{"Sid": "Subscribe" + acct, "Effect": "Allow",
				"Principal": map[string]any{"AWS": acct}, "Action": "sns:Subscribe", "Resource": d.ARN(topic)})})
	}
	return outs
}

// resourceARN is the ARN an action on a node is authorized on.
func (e *engine) resourceARN(to *model.Node, action, qualifier string) string {
	d := e.ix.Design
	_, name, _ := strings.Cut(action, ":")
	switch to.Type {
	case model.TypeS3Bucket:
		if strings.Contains(name, "Bucket") {
			return e.arn(to)
		}
		return d.ObjectARN(to)
	case model.TypeLambda:
		return d.QualifiedARN(to, qualifier)
	case model.TypeCloudWatchLogs:
		if strings.EqualFold(name, "CreateLogStream") || strings.EqualFold(name, "PutLogEvents") || strings.EqualFold(name, "GetLogEvents") {
			return e.arn(to) + ":log-stream:" + exampleStream
		}
		return e.arn(to) + ":*"
	}
	return e.arn(to)
}

// exampleStream stands for a log stream Lambda creates.
const exampleStream = "2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef"

// requestTime sets the keys of the moment a request is made.
func (e *engine) requestTime(ctx *iam.Context) {
	ctx.Set("aws:CurrentTime", e.nowText...)
	ctx.Set("aws:EpochTime", e.nowEpoch...)
}

// arn is the design's ARN of n, built once per analysis.
func (e *engine) arn(n *model.Node) string {
	if a, ok := e.arns[n]; ok {
		return a
	}
	a := e.ix.Design.ARN(n)
	e.arns[n] = a
	return a
}

func copyContext(dst, src *iam.Context) { dst.SetFrom(src) }

func (e *engine) add(f model.Finding) {
	if f.Nodes == nil {
		f.Nodes = []string{}
	}
	if f.Edges == nil {
		f.Edges = []string{}
	}
	e.findings = append(e.findings, f)
}

// grantedBy reports whether a statement of a kind is among the deciding ones.
func grantedBy(ss []iam.StatementRef, kind iam.PolicyKind) bool {
	for _, s := range ss {
		if s.Kind == kind {
			return true
		}
	}
	return false
}
