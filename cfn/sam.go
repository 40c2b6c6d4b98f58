package cfn

import (
	"slices"
	"strconv"
	"strings"
)

// This file applies the SAM transform (AWS::Serverless-2016-10-31) the way
// the SAM translator does, for the parts that matter to a diagram: each
// AWS::Serverless::Function becomes an AWS::Lambda::Function with the same
// logical id, an execution role <Id>Role (unless it names one), and the
// resources its Events, FunctionUrlConfig and AutoPublishAlias imply, with
// SAM's logical ids (<Id><Event>, <Id><Event>Permission, <Id>Url, ...).
// AWS::Serverless::SimpleTable becomes an AWS::DynamoDB::Table. The other
// AWS::Serverless types stay as they are and are drawn as generic boxes.

const samTransform = "AWS::Serverless-2016-10-31"

// samSamOnly are AWS::Serverless::Function properties that have no
// AWS::Lambda::Function counterpart; the transform turns them into other
// resources.
var samOnly = []string{
	"CodeUri", "InlineCode", "Events", "Policies", "AutoPublishAlias", "AutoPublishCodeSha256",
	"AutoPublishAliasAllProperties", "FunctionUrlConfig", "DeploymentPreference", "Tracing",
	"ProvisionedConcurrencyConfig", "EventInvokeConfig", "DeadLetterQueue", "AssumeRolePolicyDocument",
	"PermissionsBoundary", "RolePath", "VersionDescription", "VersionDeletionPolicy", "SnapStart", "RuntimeManagementConfig",
}

// serviceRolePolicies are the AWS managed policies that live under the
// service-role/ path, so a bare name in Policies gets the right ARN.
var serviceRolePolicies = []string{
	"AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSLambdaSQSQueueExecutionRole",
	"AWSLambdaKinesisExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaRole", "AWSLambdaENIManagementAccess",
	"AWSLambdaMSKExecutionRole",
}

// eventPolicies are the managed policies SAM adds for polled event sources.
var eventPolicies = map[string]string{
	"SQS":      "service-role/AWSLambdaSQSQueueExecutionRole",
	"Kinesis":  "service-role/AWSLambdaKinesisExecutionRole",
	"DynamoDB": "service-role/AWSLambdaDynamoDBExecutionRole",
	"MSK":      "service-role/AWSLambdaMSKExecutionRole",
}

func managedARN(name string) any {
	return mapOf("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/"+name)
}

// samTemplate is a SAM policy template.
type samTemplate struct {
	params     []string
	statements []samStatement
}

// samStatement is one statement of a policy template; in resources and
// condValue, ${Param} stands for a parameter's value.
type samStatement struct {
	actions   []string
	resources []string
	condKey   string
	condValue string
}

// transform applies the SAM transform when the template asks for it, or
// uses AWS::Serverless types without asking (as SAM's own test inputs do).
func (b *builder) transform() {
	sam := false
	for _, tr := range b.t.transforms {
		switch tr {
		case samTransform:
			sam = true
		case "AWS::LanguageExtensions":
			// Fn::Length, Fn::ToJsonString and default values in
			// Fn::FindInMap are evaluated like the other intrinsics.
		default:
			b.rep.skip("Transform", "", "the transform %s is not applied: its output is not known before deployment", tr)
		}
	}
	for _, r := range b.t.resources {
		sam = sam || strings.HasPrefix(r.typ, "AWS::Serverless::")
	}
	if !sam {
		return
	}
	s := &samState{b: b, t: b.t}
	for _, r := range slices.Clone(b.t.resources) {
		if r.skip != "" {
			continue
		}
		switch r.typ {
		case "AWS::Serverless::Function":
			s.function(r)
		case "AWS::Serverless::SimpleTable":
			s.globals(r, "SimpleTable")
			r.typ = "AWS::DynamoDB::Table"
		case "AWS::Serverless::Api", "AWS::Serverless::HttpApi":
			s.globals(r, strings.TrimPrefix(r.typ, "AWS::Serverless::"))
		case "AWS::Serverless::StateMachine":
			s.stateMachine(r)
		}
		if b.err != nil {
			return
		}
	}
	// Generated resources follow the template's own, in the order made.
	for _, g := range s.generated {
		if !b.t.add(g) {
			b.rep.skip(g.path, g.typ, "the SAM transform would create %s, but the template already has a resource with that logical id", g.id)
		}
	}
}

type samState struct {
	b         *builder
	t         *template
	generated []*resource
}

// globals merges the Globals section into a resource: mappings merge,
// lists are appended to, the resource's own scalars win.
func (s *samState) globals(r *resource, section string) {
	g, _ := s.t.globals.get(section)
	o, ok := g.(*obj)
	if !ok {
		return
	}
	merged, _ := mergeGlobal(o, r.props).(*obj)
	r.props = merged
}

func mergeGlobal(global, local any) any {
	if local == nil {
		return cloneValue(global)
	}
	switch g := global.(type) {
	case *obj:
		l, ok := local.(*obj)
		if _, _, isFn := intrinsic(g); !ok || isFn {
			return local
		}
		if _, _, isFn := intrinsic(l); isFn {
			return local
		}
		out := l.clone()
		for _, k := range g.keys {
			lv, _ := l.get(k)
			out.set(k, mergeGlobal(g.vals[k], lv))
		}
		return out
	case []any:
		if l, ok := local.([]any); ok {
			return append(cloneValue(g).([]any), l...)
		}
	}
	return local
}

// gen adds a generated resource, carrying the source resource's condition.
// path is where in the SAM resource the generated one comes from.
func (s *samState) gen(src *resource, path, id, typ string, props *obj) *resource {
	r := &resource{id: id, typ: typ, props: props, cond: src.cond, path: path, sam: src.id}
	s.generated = append(s.generated, r)
	return r
}

// scalar evaluates a SAM property the translator needs to know (an alias
// name, an auth type, an event type).
func (s *samState) scalar(v any, path string) string {
	if v == nil {
		return ""
	}
	e, err := s.b.ev.quietly(v, path)
	if err != nil {
		s.b.fail(err)
		return ""
	}
	text, _ := str(e)
	return text
}

func (s *samState) function(r *resource) {
	s.globals(r, "Function")
	p := r.props
	path := field(r.path, "Properties")
	fn := newObj()
	for _, k := range p.keys {
		if !slices.Contains(samOnly, k) {
			fn.set(k, p.vals[k])
		}
	}
	if tr, ok := p.get("Tracing"); ok {
		fn.set("TracingConfig", mapOf("Mode", tr))
	}
	r.typ = "AWS::Lambda::Function"
	r.props = fn

	// The function's own ARN, or its alias's when AutoPublishAlias is set:
	// SAM points events, URLs and permissions at the alias.
	var target any = mapOf("Ref", r.id)
	var arn any = mapOf("Fn::GetAtt", []any{r.id, "Arn"})
	alias := s.scalar(p.vals["AutoPublishAlias"], field(path, "AutoPublishAlias"))
	if alias != "" {
		aliasID := r.id + "Alias" + alias
		s.gen(r, field(path, "AutoPublishAlias"), aliasID, "AWS::Lambda::Alias", mapOf("FunctionName", mapOf("Ref", r.id), "FunctionVersion", "1", "Name", alias))
		target = mapOf("Ref", aliasID)
		arn = target
	}

	var managed []any
	if _, ok := fn.get("Role"); !ok {
		managed = append(managed, managedARN("service-role/AWSLambdaBasicExecutionRole"))
		if strings.EqualFold(s.scalar(p.vals["Tracing"], field(path, "Tracing")), "Active") {
			managed = append(managed, managedARN("AWSXrayWriteOnlyAccess"))
		}
		if _, ok := p.get("VpcConfig"); ok {
			managed = append(managed, managedARN("service-role/AWSLambdaVPCAccessExecutionRole"))
		}
	}

	if cfg, ok := p.vals["FunctionUrlConfig"].(*obj); ok {
		s.functionURL(r, cfg, target, alias, field(path, "FunctionUrlConfig"))
	}
	if events, ok := p.vals["Events"].(*obj); ok {
		for _, name := range events.keys {
			ev, _ := events.vals[name].(*obj)
			typ := s.scalar(sub(ev, "Type"), field(field(field(path, "Events"), name), "Type"))
			props, _ := sub(ev, "Properties").(*obj)
			if props == nil {
				props = newObj()
			}
			if pol, ok := eventPolicies[typ]; ok {
				managed = append(managed, managedARN(pol))
			}
			s.event(r, name, typ, props, target, arn, field(field(path, "Events"), name))
		}
	}
	if _, ok := fn.get("Role"); ok {
		return
	}
	roleID := r.id + "Role"
	role := mapOf(
		"AssumeRolePolicyDocument", lambdaTrust(),
		"ManagedPolicyArns", managed,
	)
	if v, ok := p.get("AssumeRolePolicyDocument"); ok {
		role.set("AssumeRolePolicyDocument", v)
	}
	var inline []any
	for i, entry := range list(p.vals["Policies"]) {
		s.policy(r, i, entry, role, &inline, index(field(path, "Policies"), i))
	}
	if len(inline) > 0 {
		role.set("Policies", inline)
	}
	if v, ok := p.get("PermissionsBoundary"); ok {
		role.set("PermissionsBoundary", v)
	}
	if v, ok := p.get("RolePath"); ok {
		role.set("Path", v)
	}
	fn.set("Role", mapOf("Fn::GetAtt", []any{roleID, "Arn"}))
	s.gen(r, r.path, roleID, "AWS::IAM::Role", role)
}

func lambdaTrust() *obj { return serviceTrust("lambda.amazonaws.com") }

func serviceTrust(service string) *obj {
	return mapOf("Version", "2012-10-17", "Statement", []any{mapOf(
		"Effect", "Allow",
		"Principal", mapOf("Service", []any{service}),
		"Action", []any{"sts:AssumeRole"},
	)})
}

// stateMachine gives an AWS::Serverless::StateMachine without a Role the
// role SAM generates from its Policies, <Id>Role, so the arrows the state
// machine makes with it can be drawn. The state machine stays a generic box.
func (s *samState) stateMachine(r *resource) {
	s.globals(r, "StateMachine")
	p := r.props
	if _, ok := p.get("Role"); ok {
		return
	}
	policies, ok := p.get("Policies")
	if !ok {
		return
	}
	roleID := r.id + "Role"
	role := mapOf("AssumeRolePolicyDocument", serviceTrust("states.amazonaws.com"), "ManagedPolicyArns", []any{})
	var inline []any
	for i, entry := range list(policies) {
		s.policy(r, i, entry, role, &inline, index(field(field(r.path, "Properties"), "Policies"), i))
	}
	if len(inline) > 0 {
		role.set("Policies", inline)
	}
	if v, ok := p.get("PermissionsBoundary"); ok {
		role.set("PermissionsBoundary", v)
	}
	p.set("Role", mapOf("Fn::GetAtt", []any{roleID, "Arn"}))
	s.gen(r, r.path, roleID, "AWS::IAM::Role", role)
}

// policy turns one entry of a function's Policies into a managed policy ARN
// or an inline policy <Id>RolePolicy<i>, as SAM names them.
func (s *samState) policy(r *resource, i int, entry any, role *obj, inline *[]any, path string) {
	add := func(doc any) {
		*inline = append(*inline, mapOf("PolicyName", r.id+"RolePolicy"+strconv.Itoa(i), "PolicyDocument", doc))
	}
	addManaged := func(v any) {
		ls, _ := role.vals["ManagedPolicyArns"].([]any)
		role.set("ManagedPolicyArns", append(ls, v))
	}
	switch e := entry.(type) {
	case string:
		switch {
		case strings.HasPrefix(e, "arn:"):
			addManaged(e)
		case slices.Contains(serviceRolePolicies, e):
			addManaged(managedARN("service-role/" + e))
		default:
			addManaged(managedARN(e))
		}
	case *obj:
		if _, _, isFn := intrinsic(e); isFn {
			addManaged(e)
			return
		}
		if _, ok := e.get("Statement"); ok {
			add(e)
			return
		}
		if e.len() == 1 {
			name := e.keys[0]
			if tmpl, ok := samPolicyTemplates[name]; ok {
				args, _ := e.vals[name].(*obj)
				if doc := s.expand(name, tmpl, args, field(path, name)); doc != nil {
					add(doc)
				}
				return
			}
			s.b.rep.skip(path, "", "%s is not a SAM policy template this import knows; its permissions are missing", name)
			return
		}
		s.b.rep.skip(path, "", "not a policy document, a managed policy or a SAM policy template")
	default:
		s.b.rep.skip(path, "", "not a policy document, a managed policy or a SAM policy template")
	}
}

// expand writes a policy template's document with the parameter values of
// the template entry, as the SAM translator does: each resource pattern
// becomes an Fn::Sub with the parameters as variables.
func (s *samState) expand(name string, tmpl samTemplate, args *obj, path string) *obj {
	vars := newObj()
	for _, p := range tmpl.params {
		v, ok := args.get(p)
		if !ok {
			s.b.rep.skip(path, "", "the policy template %s needs the parameter %s; its permissions are missing", name, p)
			return nil
		}
		vars.set(p, v)
	}
	subst := func(pattern string) any {
		if !strings.Contains(pattern, "${") {
			return pattern
		}
		used := newObj()
		for _, p := range tmpl.params {
			if strings.Contains(pattern, "${"+p+"}") {
				used.set(p, vars.vals[p])
			}
		}
		if used.len() == 0 {
			return mapOf("Fn::Sub", pattern)
		}
		return mapOf("Fn::Sub", []any{pattern, used})
	}
	var stmts []any
	for _, st := range tmpl.statements {
		actions := make([]any, len(st.actions))
		for i, a := range st.actions {
			actions[i] = a
		}
		resources := make([]any, len(st.resources))
		for i, res := range st.resources {
			resources[i] = subst(res)
		}
		o := mapOf("Effect", "Allow", "Action", actions, "Resource", resources)
		if st.condKey != "" {
			o.set("Condition", mapOf("StringEquals", mapOf(st.condKey, subst(st.condValue))))
		}
		stmts = append(stmts, o)
	}
	return mapOf("Statement", stmts)
}

// functionURL writes <Id>Url and, for a public URL, the two permissions a
// public URL needs since October 2025: lambda:InvokeFunctionUrl for
// FunctionUrlAuthType NONE and lambda:InvokeFunction for requests that come
// through the URL.
func (s *samState) functionURL(r *resource, cfg *obj, target any, alias, path string) {
	url := mapOf("TargetFunctionArn", mapOf("Ref", r.id), "AuthType", sub(cfg, "AuthType"))
	if alias != "" {
		url.set("Qualifier", alias)
	}
	s.gen(r, path, r.id+"Url", "AWS::Lambda::Url", url)
	if !strings.EqualFold(s.scalar(sub(cfg, "AuthType"), field(path, "AuthType")), "NONE") {
		return
	}
	s.gen(r, path, r.id+"UrlPublicPermissions", "AWS::Lambda::Permission", mapOf(
		"Action", "lambda:InvokeFunctionUrl", "FunctionName", target, "Principal", "*", "FunctionUrlAuthType", "NONE"))
	s.gen(r, path, r.id+"UrlPublicInvokePermissions", "AWS::Lambda::Permission", mapOf(
		"Action", "lambda:InvokeFunction", "FunctionName", target, "Principal", "*", "InvokedViaFunctionUrl", true))
}

// event writes the resources one entry of Events implies.
func (s *samState) event(r *resource, name, typ string, p *obj, target, arn any, path string) {
	id := r.id + name
	permission := func(principal string, kv ...any) {
		props := mapOf("Action", "lambda:InvokeFunction", "FunctionName", target, "Principal", principal)
		for i := 0; i+1 < len(kv); i += 2 {
			props.set(kv[i].(string), kv[i+1])
		}
		s.gen(r, path, id+"Permission", "AWS::Lambda::Permission", props)
	}
	esm := func(id string, source any) {
		props := mapOf("EventSourceArn", source, "FunctionName", target)
		for _, k := range []string{"BatchSize", "StartingPosition", "FilterCriteria", "Enabled", "MaximumBatchingWindowInSeconds"} {
			if v, ok := p.get(k); ok {
				props.set(k, v)
			}
		}
		s.gen(r, path, id, "AWS::Lambda::EventSourceMapping", props)
	}
	switch typ {
	case "S3":
		s.s3Event(r, p, arn, path)
		permission("s3.amazonaws.com", "SourceAccount", mapOf("Ref", "AWS::AccountId"))
	case "SNS":
		topic := sub(p, "Topic")
		sqs := sub(p, "SqsSubscription")
		if on, _ := asBool(sqs); !on {
			if _, isObj := sqs.(*obj); !isObj {
				s.gen(r, path, id, "AWS::SNS::Subscription", mapOf("Endpoint", arn, "Protocol", "lambda", "TopicArn", topic))
				permission("sns.amazonaws.com", "SourceArn", topic)
				return
			}
		}
		// SqsSubscription: SNS → a queue → the function.
		var queueArn, queueURL any
		if o, ok := sqs.(*obj); ok && sub(o, "QueueArn") != nil {
			queueArn, queueURL = sub(o, "QueueArn"), sub(o, "QueueUrl")
		} else {
			s.gen(r, path, id+"Queue", "AWS::SQS::Queue", newObj())
			queueArn = mapOf("Fn::GetAtt", []any{id + "Queue", "Arn"})
			queueURL = mapOf("Ref", id+"Queue")
		}
		s.gen(r, path, id+"QueuePolicy", "AWS::SQS::QueuePolicy", mapOf(
			"Queues", []any{queueURL},
			"PolicyDocument", mapOf("Version", "2012-10-17", "Statement", []any{mapOf(
				"Effect", "Allow", "Principal", "*", "Action", "sqs:SendMessage", "Resource", queueArn,
				"Condition", mapOf("ArnEquals", mapOf("aws:SourceArn", topic)))}),
		))
		s.gen(r, path, id, "AWS::SNS::Subscription", mapOf("Endpoint", queueArn, "Protocol", "sqs", "TopicArn", topic))
		esm(id+"EventSourceMapping", queueArn)
	case "SQS":
		esm(id, sub(p, "Queue"))
	case "Kinesis", "DynamoDB", "MSK", "DocumentDB":
		key := map[string]string{"Kinesis": "Stream", "DynamoDB": "Stream", "MSK": "Stream", "DocumentDB": "Cluster"}[typ]
		esm(id, sub(p, key))
	case "MQ":
		esm(id, sub(p, "Broker"))
	case "Api", "HttpApi":
		s.apiEvent(r, id, typ, p, path, permission)
	case "Schedule", "CloudWatchEvent", "EventBridgeRule":
		rule := newObj()
		for _, k := range []string{"Schedule", "Pattern", "EventBusName", "State", "Enabled"} {
			if v, ok := p.get(k); ok {
				switch k {
				case "Schedule":
					rule.set("ScheduleExpression", v)
				case "Pattern":
					rule.set("EventPattern", v)
				default:
					rule.set(k, v)
				}
			}
		}
		rule.set("Targets", []any{mapOf("Id", id+"Target", "Arn", arn)})
		s.gen(r, path, id, "AWS::Events::Rule", rule)
		permission("events.amazonaws.com", "SourceArn", mapOf("Fn::GetAtt", []any{id, "Arn"}))
	case "ScheduleV2":
		// EventBridge Scheduler invokes through a role, not a permission;
		// the schedule's target draws the arrow.
		s.gen(r, path, id, "AWS::Scheduler::Schedule", mapOf("ScheduleExpression", sub(p, "ScheduleExpression"), "Target", mapOf("Arn", arn)))
	case "CloudWatchLogs":
		group := sub(p, "LogGroupName")
		s.gen(r, path, id, "AWS::Logs::SubscriptionFilter", mapOf("LogGroupName", group, "FilterPattern", sub(p, "FilterPattern"), "DestinationArn", arn))
		permission("logs.amazonaws.com", "SourceArn", mapOf("Fn::Sub", []any{
			"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Group}:*", mapOf("Group", group)}))
	default:
		s.b.rep.skip(path, "", "%s events are not imported", typ)
	}
}

// s3Event adds the notification to the bucket, which SAM requires to be in
// the same template.
func (s *samState) s3Event(r *resource, p *obj, arn any, path string) {
	ref, _ := sub(p, "Bucket").(*obj)
	var bucket *resource
	if fn, arg, ok := intrinsic(ref); ok && fn == "Ref" {
		name, _ := arg.(string)
		bucket = s.t.byID[name]
	}
	if bucket == nil || bucket.typ != "AWS::S3::Bucket" {
		s.b.rep.skip(field(path, "Properties.Bucket"), "", "the bucket is not an AWS::S3::Bucket of this template")
		return
	}
	nc, _ := bucket.props.vals["NotificationConfiguration"].(*obj)
	if nc == nil {
		nc = newObj()
		bucket.props.set("NotificationConfiguration", nc)
	}
	configs, _ := nc.vals["LambdaConfigurations"].([]any)
	for _, e := range list(sub(p, "Events")) {
		c := mapOf("Event", e, "Function", arn)
		if f, ok := p.get("Filter"); ok {
			c.set("Filter", f)
		}
		configs = append(configs, c)
	}
	nc.set("LambdaConfigurations", configs)
}

// apiEvent writes the permission API Gateway needs, on the API the event
// names or on SAM's implicit ServerlessRestApi / ServerlessHttpApi.
func (s *samState) apiEvent(r *resource, id, typ string, p *obj, path string, permission func(string, ...any)) {
	apiKey, implicit, implicitType := "RestApiId", "ServerlessRestApi", "AWS::ApiGateway::RestApi"
	if typ == "HttpApi" {
		apiKey, implicit, implicitType = "ApiId", "ServerlessHttpApi", "AWS::ApiGatewayV2::Api"
	}
	api := sub(p, apiKey)
	if api == nil {
		if s.t.byID[implicit] == nil && !slices.ContainsFunc(s.generated, func(g *resource) bool { return g.id == implicit }) {
			g := s.gen(r, path, implicit, implicitType, newObj())
			g.cond = ""
		}
		api = mapOf("Ref", implicit)
	}
	method := strings.ToUpper(s.scalar(sub(p, "Method"), ""))
	if method == "" || method == "ANY" {
		method = "*"
	}
	route := s.scalar(sub(p, "Path"), "")
	pattern := "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/*"
	if route != "" {
		parts := strings.Split(strings.TrimPrefix(route, "/"), "/")
		for i, part := range parts {
			if strings.HasPrefix(part, "{") {
				parts[i] = "*"
			}
		}
		pattern += "/" + method + "/" + strings.Join(parts, "/")
	}
	permission("apigateway.amazonaws.com", "SourceArn", mapOf("Fn::Sub", []any{pattern, mapOf("ApiId", api)}))
}
