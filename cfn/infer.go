package cfn

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// Inference rules, as named in the report.
const (
	ruleS3         = "s3-notification"
	ruleSNS        = "sns-subscription"
	ruleESM        = "event-source-mapping"
	rulePermission = "lambda-permission"
	ruleURL        = "function-url"
	rulePolicy     = "resource-policy"
	ruleData       = "data-access"
	ruleConnection = "connection"
	ruleRole       = "role-access"
	ruleTarget     = "event-target"
)

// source is an arrow a resource's configuration states outright: a bucket
// notification, a subscription, an event source mapping.
type source struct {
	from, to  *model.Node
	rule      string
	label     string
	path      string
	qualifier string
}

// grant is a Lambda permission, kept for inference.
type grant struct {
	fn         *model.Node
	qualifier  string
	principal  string
	action     string
	sourceArn  string
	sourceRefs map[string]bool
	urlAuth    string
	path       string
}

// policySource is a queue, topic or bucket policy, kept for inference.
type policySource struct {
	target *model.Node
	res    *resource
}

// notEndpoints are node types an arrow never starts or ends at.
var notEndpoints = []string{
	model.TypeVPC, model.TypeSubnet, model.TypeRouteTable, model.TypeSecurityGroup, model.TypeNetworkACL,
	model.TypeInternetGateway, model.TypeNATGateway, model.TypeVPCEndpoint,
}

// infer draws the arrows, in this order: what the configuration states
// (notifications, subscriptions, event source mappings), what
// Lambda permissions and function URLs open, what queue, topic and bucket
// policies let services send, and what each function's environment and
// policies say it calls.
func (b *builder) infer() {
	for _, s := range b.sources {
		b.addEdge(s.from, s.to, s.rule, s.label, s.path, "", s.qualifier, nil)
	}
	for _, g := range b.grants {
		b.inferGrant(g)
	}
	for _, n := range b.d.Nodes {
		if n.Type == model.TypeLambda && n.URL != nil && n.URL.AuthType == "NONE" {
			b.addEdge(b.internet(), n, ruleURL, "function URL", b.src[n.ID+"\x00url"], "url", b.urlQualifier[n.ID], nil)
		}
	}
	for _, ps := range b.policySources {
		b.inferPolicy(ps)
	}
	for _, n := range slices.Clone(b.d.Nodes) {
		switch n.Type {
		case model.TypeLambda:
			b.inferCalls(n)
		case model.TypeGeneric:
			b.inferTargets(n)
			b.inferRoleCalls(n)
		}
	}
}

// inferTargets draws what EventBridge rules, schedules and pipes deliver
// to, and what pipes read from: their target and source ARNs, when they are
// resources of the template.
func (b *builder) inferTargets(n *model.Node) {
	r := b.owner[n.ID]
	if r == nil {
		return
	}
	var targets []any
	switch r.typ {
	case "AWS::Events::Rule":
		for _, t := range list(b.get(r, "Targets")) {
			targets = append(targets, sub(asObj(t), "Arn"))
		}
	case "AWS::Scheduler::Schedule":
		targets = append(targets, sub(asObj(b.get(r, "Target")), "Arn"))
	case "AWS::Pipes::Pipe":
		targets = append(targets, b.get(r, "Target"))
		if src := b.eventSource(b.get(r, "Source")); src != nil {
			b.addEdge(src, n, ruleTarget, "", b.propPath(r, "Source"), "", "", nil)
		}
	default:
		return
	}
	for _, t := range targets {
		if fn, q := b.function(t); fn != nil {
			b.addEdge(n, fn, ruleTarget, "invokes", r.path, "", q, nil)
		} else if to := b.nodeOf(t); to != nil {
			b.addEdge(n, to, ruleTarget, "", r.path, "", "", nil)
		}
	}
}

// roleKeys are the properties through which other services name the role
// they act as (Step Functions, EventBridge Pipes, CodeBuild, ...).
var roleKeys = []string{"RoleArn", "Role", "ServiceRole", "ServiceRoleArn", "ExecutionRoleArn", "RoleARN"}

// inferRoleCalls draws what a generic resource calls with its role: the
// tables, buckets, queues, topics and functions the role's inline policies
// name, with the actions they allow (a state machine invoking functions, a
// build project writing to buckets). The analysis does not check these
// arrows; they complete the picture.
func (b *builder) inferRoleCalls(n *model.Node) {
	r := b.owner[n.ID]
	if r == nil {
		return
	}
	var role *model.Node
	for _, k := range roleKeys {
		if role = b.nodeOf(b.get(r, k), model.TypeIAMRole); role != nil {
			break
		}
	}
	if role == nil {
		return
	}
	stmts := b.allowStatements(role.ID)
	seen := map[*model.Node]bool{}
	for _, s := range stmts {
		for _, p := range s.resources {
			t := b.namedBy(p)
			if t == nil || seen[t] || !slices.Contains(dataTypes, t.Type) || t.Type == model.TypeEFSFileSystem {
				continue
			}
			seen[t] = true
			acts := granted(stmts, b.d, t)
			if t.Type == model.TypeLambda {
				if !slices.Contains(acts, "lambda:InvokeFunction") {
					continue
				}
				acts = []string{"lambda:InvokeFunction"}
			}
			if len(acts) > 0 {
				b.addEdge(n, t, ruleRole, "", r.path, "", "", acts)
			}
		}
	}
}

// internet is the node that stands for anyone on the internet, made the
// first time a public function URL needs it.
func (b *builder) internet() *model.Node {
	if n := b.nodes["public-internet"]; n != nil {
		return n
	}
	n := &model.Node{ID: "public-internet", Type: model.TypeInternetHost, Label: "Internet"}
	b.addNode(n, "")
	return n
}

// externalAccount is the node for another AWS account.
func (b *builder) externalAccount(account string) *model.Node {
	id := "account-" + account
	if n := b.nodes[id]; n != nil {
		return n
	}
	n := &model.Node{ID: id, Type: model.TypeExternalAccount, Account: account, Label: "account " + account}
	b.addNode(n, "")
	return n
}

// servicePrincipalTypes says which resource types stand behind a service
// principal, to pick the caller among the resources a SourceArn names.
var servicePrincipalTypes = map[string][]string{
	"s3.amazonaws.com":         {"AWS::S3::Bucket"},
	"sns.amazonaws.com":        {"AWS::SNS::Topic"},
	"sqs.amazonaws.com":        {"AWS::SQS::Queue"},
	"events.amazonaws.com":     {"AWS::Events::Rule"},
	"logs.amazonaws.com":       {"AWS::Logs::LogGroup"},
	"apigateway.amazonaws.com": {"AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api", "AWS::Serverless::Api", "AWS::Serverless::HttpApi"},
	"states.amazonaws.com":     {"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"},
}

// inferGrant draws the caller a Lambda permission lets in: the resource its
// SourceArn names, another account, or a role.
func (b *builder) inferGrant(g grant) {
	p := g.principal
	switch {
	case p == "*":
		return // a public function URL: drawn from the URL itself
	case accountID.MatchString(p) || strings.HasPrefix(p, "arn:aws:iam::") && strings.HasSuffix(p, ":root"):
		acct := strings.TrimSuffix(strings.TrimPrefix(p, "arn:aws:iam::"), ":root")
		if acct != b.t.account {
			b.addEdge(b.externalAccount(acct), g.fn, rulePermission, "invokes", g.path, "", g.qualifier, nil)
		}
		return
	case strings.HasPrefix(p, "arn:"):
		if n := b.nodeOf(p, model.TypeIAMRole, model.TypeIAMUser); n != nil {
			b.addEdge(n, g.fn, rulePermission, "invokes", g.path, "", g.qualifier, nil)
		}
		return
	}
	if src := b.callerAmong(g.sourceRefs, g.sourceArn, p, g.fn); src != nil {
		b.addEdge(src, g.fn, rulePermission, "invokes", g.path, "", g.qualifier, nil)
	}
}

// callerAmong picks the node a SourceArn condition names: among the
// resources it refers to, the one of a type the service principal stands
// for, else the first; or the node whose ARN it is.
func (b *builder) callerAmong(refs map[string]bool, arn, principal string, target *model.Node) *model.Node {
	var first *model.Node
	for _, r := range b.t.resources {
		if !refs[r.id] || r.node == nil || r.node == target || slices.Contains(notEndpoints, r.node.Type) {
			continue
		}
		if slices.Contains(servicePrincipalTypes[principal], r.typ) {
			return r.node
		}
		if first == nil {
			first = r.node
		}
	}
	if first != nil {
		return first
	}
	if n := b.byARN[arn]; n != nil && n != target {
		return n
	}
	return nil
}

// inferPolicy draws the services a queue, topic or bucket policy lets send
// to it: statements that allow a service principal with an aws:SourceArn
// condition naming a resource of this template.
func (b *builder) inferPolicy(ps policySource) {
	raw, _ := ps.res.props.get("PolicyDocument")
	doc, _ := raw.(*obj)
	stmtsRaw, _ := doc.get("Statement")
	for i, sr := range list(stmtsRaw) {
		path := index(field(b.propPath(ps.res, "PolicyDocument"), "Statement"), i)
		so, ok := sr.(*obj)
		if !ok {
			continue
		}
		stmtV, err := b.ev.quietly(so, path)
		if err != nil {
			b.fail(err)
			return
		}
		stmt, _ := plain(stmtV).(map[string]any)
		if stmt == nil || stmt["Effect"] != "Allow" {
			continue
		}
		condRaw, hasCond := so.get("Condition")
		if !hasCond {
			continue
		}
		refs := map[string]bool{}
		condV, err := b.ev.evalWith(condRaw, field(path, "Condition"), refs)
		if err != nil {
			b.fail(err)
			return
		}
		principals := servicePrincipals(stmt["Principal"])
		if len(principals) == 0 && stmt["Principal"] != "*" {
			continue
		}
		principal := ""
		if len(principals) > 0 {
			principal = principals[0]
		}
		src := b.callerAmong(refs, sourceArnOf(condV), principal, ps.target)
		if src == nil {
			continue
		}
		b.addEdge(src, ps.target, rulePolicy, "", path, "", "", actionsFor(ps.target, stmt["Action"]))
	}
}

// servicePrincipals lists the Service principals of a statement.
func servicePrincipals(p any) []string {
	m, ok := p.(map[string]any)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range anyList(m["Service"]) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sourceArnOf finds the aws:SourceArn value in an evaluated Condition block.
func sourceArnOf(cond any) string {
	c, ok := plain(cond).(map[string]any)
	if !ok {
		return ""
	}
	for _, op := range sortedKeys(c) {
		keys, _ := c[op].(map[string]any)
		for _, k := range sortedKeys(keys) {
			if strings.EqualFold(k, "aws:SourceArn") {
				for _, v := range anyList(keys[k]) {
					if s, ok := v.(string); ok {
						return s
					}
				}
			}
		}
	}
	return ""
}

func anyList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// actionsFor normalizes a statement's actions for an arrow into target:
// the service prefix in lower case, only the target's service.
func actionsFor(target *model.Node, actions any) []string {
	svc := iamService(target.Type)
	var out []string
	for _, a := range anyList(actions) {
		s, _ := a.(string)
		prefix, op, ok := strings.Cut(s, ":")
		if !ok || !strings.EqualFold(prefix, svc) || strings.ContainsAny(op, "*?") {
			continue
		}
		if norm := svc + ":" + op; !slices.Contains(out, norm) {
			out = append(out, norm)
		}
	}
	return out
}

// iamService is the IAM service prefix of the actions on a node type.
func iamService(t string) string {
	switch t {
	case model.TypeEFSFileSystem:
		return "elasticfilesystem"
	case model.TypeRDSCluster:
		return "rds-db"
	}
	return model.ServiceOf(t)
}

// dataTypes are the node types a function's code calls through their API.
var dataTypes = []string{model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue, model.TypeSNSTopic, model.TypeLambda, model.TypeEFSFileSystem}

// pollActions are what Lambda's pollers need on an event source; a function
// that is only granted these on its own event source does not call it.
var pollActions = []string{
	"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:ChangeMessageVisibility",
	"sqs:ChangeMessageVisibilityBatch", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
	"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
}

// inferCalls draws what a function calls: every table, bucket, queue,
// topic or function its environment refers to or its role's policies name,
// with the actions the policies grant on it; and, for a VPC function, the
// databases and file systems it uses.
func (b *builder) inferCalls(fn *model.Node) {
	r := b.owner[fn.ID]
	if r == nil {
		return
	}
	if b.roleUsers == nil {
		b.roleUsers = map[string]int{}
		for _, n := range b.d.Nodes {
			if n.Type == model.TypeLambda && n.Role != "" {
				b.roleUsers[n.Role]++
			}
		}
	}
	stmts := b.allowStatements(fn.Role)
	_, envRefs := b.getRefs(r, "Environment")
	type cand struct {
		n       *model.Node
		fromEnv bool
	}
	var cands []cand
	seen := map[*model.Node]bool{}
	addCand := func(n *model.Node, fromEnv bool) {
		if n == nil || n == fn || seen[n] {
			return
		}
		seen[n] = true
		cands = append(cands, cand{n, fromEnv})
	}
	for _, res := range b.t.resources {
		if envRefs[res.id] && res.node != nil {
			addCand(res.node, true)
		}
	}
	// A variable may also hold a name or ARN built with Fn::Sub
	// ("${ProjectName}-Orders") rather than a Ref.
	for _, v := range envValues(b.get(r, "Environment")) {
		addCand(b.nodeOf(v, dataTypes...), true)
	}
	for _, fs := range b.fileSystems[fn.ID] {
		addCand(fs, true)
	}
	// A role several functions share grants what all of them need; when
	// the function's environment says which resources it uses, that is
	// what a person would draw.
	if len(cands) == 0 || b.roleUsers[fn.Role] < 2 {
		for _, s := range stmts {
			for _, p := range s.resources {
				if n := b.namedBy(p); n != nil && slices.Contains(dataTypes, n.Type) {
					addCand(n, false)
				}
			}
		}
	}
	for _, c := range cands {
		n := c.n
		switch {
		case n.Type == model.TypeRDSCluster || n.Type == model.TypeGeneric && databases[n.ResourceType]:
			if c.fromEnv && fn.VPC != nil {
				b.addEdge(fn, n, ruleConnection, "", field(r.path, "Properties.Environment"), "", "", nil)
			}
		case n.Type == model.TypeEFSFileSystem:
			if fn.VPC != nil || slices.Contains(b.fileSystems[fn.ID], n) {
				b.addEdge(fn, n, ruleConnection, "", r.path, "", "", granted(stmts, b.d, n))
			}
		case n.Type == model.TypeLambda:
			acts := granted(stmts, b.d, n)
			if slices.Contains(acts, "lambda:InvokeFunction") || slices.Contains(acts, "lambda:InvokeAsync") {
				b.addEdge(fn, n, ruleData, "invokes", r.path, "", "", []string{"lambda:InvokeFunction"})
			}
		case slices.Contains(dataTypes, n.Type):
			acts := granted(stmts, b.d, n)
			if len(acts) == 0 && !c.fromEnv {
				continue
			}
			if b.pollsOnly(n, fn, acts) {
				continue
			}
			b.addEdge(fn, n, ruleData, "", r.path, "", "", acts)
		}
	}
}

// envValues lists the string values of a function's environment variables.
func envValues(env any) []string {
	vars, _ := sub(asObj(env), "Variables").(*obj)
	if vars == nil {
		return nil
	}
	var out []string
	for _, k := range vars.keys {
		if s, ok := vars.vals[k].(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

func asObj(v any) *obj {
	o, _ := v.(*obj)
	return o
}

// pollsOnly reports whether n is fn's event source and the function is
// granted only what the pollers need on it.
func (b *builder) pollsOnly(n, fn *model.Node, acts []string) bool {
	if e := b.edgeKey[edgeKey(n.ID, fn.ID, "", "")]; e == nil {
		return false
	}
	for _, a := range acts {
		if !slices.Contains(pollActions, a) {
			return false
		}
	}
	return true
}

// namedBy finds the node a policy Resource pattern names: the node whose ARN
// is the pattern's literal part, or a prefix of it up to a / or : (so
// table/T/index/* names table T and bucket/* names the bucket).
func (b *builder) namedBy(pattern string) *model.Node {
	lit := pattern
	if i := strings.IndexAny(lit, "*?"); i >= 0 {
		lit = lit[:i]
	}
	if n := b.byARN[lit]; n != nil {
		return n
	}
	for i := len(lit) - 1; i > 0; i-- {
		if lit[i] == '/' || lit[i] == ':' {
			if n := b.byARN[lit[:i]]; n != nil {
				return n
			}
		}
	}
	return nil
}

// statement is an Allow statement of an identity policy, reduced to what
// inference needs.
type statement struct {
	actions   []string
	resources []string
}

// allowStatements lists the Allow statements of a role's inline policies
// (statements with NotAction or NotResource are left to the analysis).
func (b *builder) allowStatements(roleID string) []statement {
	role := b.nodes[roleID]
	if role == nil || len(role.Policies) == 0 {
		return nil
	}
	var docs map[string]any
	if json.Unmarshal(role.Policies, &docs) != nil {
		return nil
	}
	var out []statement
	for _, name := range sortedKeys(docs) {
		doc, _ := docs[name].(map[string]any)
		for _, s := range anyList(doc["Statement"]) {
			m, ok := s.(map[string]any)
			if !ok || m["Effect"] != "Allow" || m["NotAction"] != nil || m["NotResource"] != nil {
				continue
			}
			var st statement
			for _, a := range anyList(m["Action"]) {
				if s, ok := a.(string); ok {
					st.actions = append(st.actions, s)
				}
			}
			for _, r := range anyList(m["Resource"]) {
				if s, ok := r.(string); ok {
					st.resources = append(st.resources, s)
				}
			}
			out = append(out, st)
		}
	}
	return out
}

// commonActions are the data-plane actions a wildcard action stands for on
// an arrow ("s3:*" on a bucket draws s3:GetObject, s3:PutObject, ...).
var commonActions = map[string][]string{
	"dynamodb":          {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"},
	"s3":                {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"},
	"sqs":               {"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
	"sns":               {"sns:Publish"},
	"lambda":            {"lambda:InvokeFunction"},
	"elasticfilesystem": {"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"},
}

// granted lists the actions on n that the statements allow, in the order
// they are written: each action is matched against the ARN AWS authorizes
// it on (for S3 object actions, the bucket's objects).
func granted(stmts []statement, d *model.Design, n *model.Node) []string {
	svc := iamService(n.Type)
	arn := d.ARN(n)
	var out []string
	for _, s := range stmts {
		for _, a := range s.actions {
			prefix, op, ok := strings.Cut(a, ":")
			if !ok || !strings.EqualFold(prefix, svc) {
				continue
			}
			ops := []string{svc + ":" + op}
			if strings.ContainsAny(op, "*?") {
				ops = nil
				for _, c := range commonActions[svc] {
					if wildcardMatch(strings.ToLower(svc+":"+op), strings.ToLower(c)) {
						ops = append(ops, c)
					}
				}
			}
			for _, action := range ops {
				target := arn
				if n.Type == model.TypeS3Bucket && s3ObjectAction(action) {
					target = d.ObjectARN(n)
				}
				for _, pat := range s.resources {
					if wildcardMatch(pat, target) {
						if !slices.Contains(out, action) {
							out = append(out, action)
						}
						break
					}
				}
			}
		}
	}
	return out
}

// s3ObjectAction reports whether an S3 action is authorized on objects
// (bucket/*) rather than on the bucket.
func s3ObjectAction(action string) bool {
	op := action[strings.IndexByte(action, ':')+1:]
	if strings.Contains(op, "Bucket") {
		return false
	}
	return strings.Contains(op, "Object") || strings.Contains(op, "MultipartUpload")
}

// wildcardMatch matches IAM patterns: * is any run of characters, ? one.
func wildcardMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func edgeKey(from, to, via, qualifier string) string {
	return from + "\x00" + to + "\x00" + via + "\x00" + qualifier
}

// addEdge draws an arrow once; a second rule that draws the same arrow adds
// its actions to it.
func (b *builder) addEdge(from, to *model.Node, rule, label, src, via, qualifier string, actions []string) {
	if from == nil || to == nil || from == to || slices.Contains(notEndpoints, from.Type) || slices.Contains(notEndpoints, to.Type) {
		return
	}
	if to.Type != model.TypeLambda {
		qualifier, via = "", ""
	}
	key := edgeKey(from.ID, to.ID, via, qualifier)
	if e := b.edgeKey[key]; e != nil {
		for _, a := range actions {
			if !slices.Contains(e.Actions, a) {
				e.Actions = append(e.Actions, a)
			}
		}
		return
	}
	base := from.ID + "-" + to.ID
	if via != "" {
		base += "-" + via
	}
	if qualifier != "" {
		base += "-" + qualifier
	}
	id := nodeID(base)
	for i := 2; b.edgeIDs[id]; i++ {
		id = nodeID(base + "-" + strconv.Itoa(i))
	}
	e := &model.Edge{ID: id, From: from.ID, To: to.ID, Label: label, Via: via, Qualifier: qualifier, Actions: actions}
	b.edgeIDs[id] = true
	b.edgeKey[key] = e
	b.src["edge\x00"+id] = src
	b.edges = append(b.edges, e)
	b.rep.Inferred = append(b.rep.Inferred, Inferred{Edge: id, From: from.ID, To: to.ID, Rule: rule, Source: src})
}
