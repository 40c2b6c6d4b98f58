package cfn

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// Import turns a CloudFormation or SAM template (YAML or JSON) into an
// archway/v1 design and a report of what it did. params gives parameter
// values by name; the keys AWS::AccountId, AWS::Region and AWS::StackName set
// the pseudo parameters (defaults: 111111111111, us-east-1, "stack").
//
// A template that cannot be read — not YAML or JSON, no Resources, a broken
// intrinsic function, a cyclic reference, an unknown parameter — is an
// *Error, which wraps a model.Error of kind model.ErrInvalid; both name the
// template path ("Resources.MyFunction.Properties.VpcConfig: ..."). Values
// that are merely unknown (a parameter without a value, Fn::ImportValue) are
// not errors: they become marked placeholders, listed in the report.
func Import(template []byte, params map[string]string) (*model.Design, *Report, error) {
	top, err := parseTemplate(template)
	if err != nil {
		return nil, nil, err
	}
	t, err := loadTemplate(top, params)
	if err != nil {
		return nil, nil, err
	}
	b := newBuilder(t)
	for _, phase := range []func(){
		b.countResources,
		b.transform,
		b.applyConditions,
		b.createNodes,
		b.fill,
		b.infer,
		b.finish,
	} {
		phase()
		if b.err != nil {
			return nil, nil, b.err
		}
	}
	return b.d, b.rep, nil
}

// builder holds the state of one import.
type builder struct {
	t   *template
	ev  *evaluator
	rep *Report
	d   *model.Design
	err error

	cache map[string]evaluated
	nodes map[string]*model.Node
	// src maps a node id to the template path it was made from, and a
	// node id plus field to the path of the property, for error messages.
	src map[string]string
	// owner maps a node id to the resource that made it.
	owner map[string]*resource
	// defaultSG maps a VPC node id to its default security group, made when
	// the template uses it.
	defaultSG map[string]*model.Node
	// folded marks the Elastic IPs that are part of their NAT gateway.
	folded map[string]bool

	byARN  map[string]*model.Node
	byName map[string]*model.Node // type + "\x00" + name
	byURL  map[string]*model.Node

	// documents gathered while filling, written to the nodes at the end
	policies     map[string][]namedDoc // role or user id → identity policies
	attached     map[string]bool       // node id + managed policy resource id
	fnStatements map[string][]any      // function id → resource policy statements

	// inputs to inference, gathered while filling nodes
	grants        []grant
	sources       []source
	policySources []policySource
	fileSystems   map[string][]*model.Node // function id → EFS file systems it mounts
	urlQualifier  map[string]string        // function id → the alias its URL points to
	roleUsers     map[string]int           // role id → how many functions use it

	edges   []*model.Edge
	edgeIDs map[string]bool
	edgeKey map[string]*model.Edge
}

type evaluated struct {
	v    any
	refs map[string]bool
}

func newBuilder(t *template) *builder {
	b := &builder{
		t:         t,
		ev:        newEvaluator(t),
		rep:       newReport(),
		cache:     map[string]evaluated{},
		nodes:     map[string]*model.Node{},
		src:       map[string]string{},
		owner:     map[string]*resource{},
		defaultSG: map[string]*model.Node{},
		folded:    map[string]bool{},
		byARN:     map[string]*model.Node{},
		byName:    map[string]*model.Node{},
		byURL:     map[string]*model.Node{},
		edgeIDs:   map[string]bool{},
		edgeKey:   map[string]*model.Edge{},

		policies:     map[string][]namedDoc{},
		attached:     map[string]bool{},
		fnStatements: map[string][]any{},
		fileSystems:  map[string][]*model.Node{},
		urlQualifier: map[string]string{},
	}
	b.ev.attrs = b.attr
	b.d = &model.Design{Format: model.FormatV1, Nodes: []*model.Node{}, Edges: []*model.Edge{}}
	if t.account != model.DefaultAccount {
		b.d.Account = t.account
	}
	if t.region != model.DefaultRegion {
		b.d.Region = t.region
	}
	b.d.Title = title(t.description)
	return b
}

// title is the first line of the template's description.
func title(desc string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(desc), "\n")
	line = strings.TrimSpace(line)
	if len(line) > 120 {
		line = strings.TrimSpace(line[:117]) + "..."
	}
	return line
}

func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *builder) countResources() {
	for _, r := range b.t.resources {
		b.rep.Resources[r.typ]++
	}
}

// applyConditions leaves out the resources whose condition is false.
func (b *builder) applyConditions() {
	for _, r := range b.t.resources {
		if r.cond == "" || r.skip != "" {
			continue
		}
		ok, err := b.ev.condition(r.cond, field(r.path, "Condition"))
		if err != nil {
			b.fail(err)
			return
		}
		if !ok {
			r.skip = "condition " + r.cond + " is false"
			if b.ev.guessed[r.cond] {
				r.skip += " (taken as false: it compares a value nobody gave)"
			}
		}
	}
	for _, r := range b.t.resources {
		if r.skip != "" {
			b.rep.skip(r.path, r.typ, "%s", r.skip)
		}
	}
}

// get evaluates one property of a resource; nil when it is absent.
func (b *builder) get(r *resource, key string) any {
	v, _ := b.getRefs(r, key)
	return v
}

// getRefs evaluates a property and returns the resources it refers to.
func (b *builder) getRefs(r *resource, key string) (any, map[string]bool) {
	raw, ok := r.props.get(key)
	if !ok || b.err != nil {
		return nil, nil
	}
	ck := r.id + "\x00" + key
	if e, ok := b.cache[ck]; ok {
		return e.v, e.refs
	}
	refs := map[string]bool{}
	v, err := b.ev.evalWith(raw, b.propPath(r, key), refs)
	if err != nil {
		b.fail(err)
		return nil, nil
	}
	if _, gone := v.(noValue); gone {
		v = nil
	}
	b.cache[ck] = evaluated{v, refs}
	return v, refs
}

func (b *builder) propPath(r *resource, key string) string {
	return field(field(r.path, "Properties"), key)
}

// getString evaluates a string property; "" when absent or not a string.
func (b *builder) getString(r *resource, key string) string {
	s, _ := str(b.get(r, key))
	return s
}

// getObj evaluates a mapping property.
func (b *builder) getObj(r *resource, key string) *obj {
	o, _ := b.get(r, key).(*obj)
	return o
}

func (b *builder) getBool(r *resource, key string, def bool) bool {
	if v, ok := asBool(b.get(r, key)); ok {
		return v
	}
	return def
}

// sub reads key from an evaluated mapping.
func sub(o *obj, key string) any {
	v, _ := o.get(key)
	return v
}

func subString(o *obj, key string) string {
	s, _ := str(sub(o, key))
	return s
}

// nodeID derives a design id from a logical id: the same when it fits the
// 64-character limit, else a prefix and a hash.
func nodeID(logical string) string {
	if len(logical) <= model.MaxIDLength {
		return logical
	}
	return logical[:55] + "-" + shortHash(logical)
}

func shortHash(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%08x", h.Sum32())
}

// physName is a resource's physical name: its name property when the
// template gives one, else its logical id (CloudFormation would generate a
// name from the stack and the logical id).
func (b *builder) physName(r *resource) string {
	if n, ok := b.ev.names[r.id]; ok {
		return n
	}
	if b.ev.naming[r.id] {
		b.fail(errAt(r.path, "its name refers back to itself through other resources (a cycle)"))
		return r.id
	}
	b.ev.naming[r.id] = true
	defer delete(b.ev.naming, r.id)
	name := ""
	if prop := kindOf(r.typ).nameProp; prop != "" {
		if raw, ok := r.props.get(prop); ok {
			v, err := b.ev.quietly(raw, b.propPath(r, prop))
			if err != nil {
				b.fail(err)
				return r.id
			}
			name, _ = str(v)
		}
	}
	if name == "" {
		name = r.id
		if r.typ == "AWS::SQS::Queue" {
			if fifo, _ := asBool(b.quietProp(r, "FifoQueue")); fifo {
				name += ".fifo"
			}
		}
	}
	b.ev.names[r.id] = name
	return name
}

// quietProp evaluates a property without noting references.
func (b *builder) quietProp(r *resource, key string) any {
	raw, ok := r.props.get(key)
	if !ok {
		return nil
	}
	v, err := b.ev.quietly(raw, b.propPath(r, key))
	if err != nil {
		b.fail(err)
		return nil
	}
	return v
}

// rolePath is an IAM role's or user's path without its slashes
// ("/service-role/" → "service-role/").
func (b *builder) rolePath(r *resource) string {
	p, _ := str(b.quietProp(r, "Path"))
	p = strings.Trim(p, "/")
	if p == "" {
		return ""
	}
	return p + "/"
}

// nodeName is the name a node carries in the design: the physical name,
// with the path for IAM roles and users.
func (b *builder) nodeName(r *resource) string {
	name := b.physName(r)
	if r.typ == "AWS::IAM::Role" || r.typ == "AWS::IAM::User" {
		name = b.rolePath(r) + name
	}
	return name
}

// arnOf is the ARN of a resource as AWS builds it.
func (b *builder) arnOf(r *resource) string {
	t := b.t
	p := partition(t.region)
	k := kindOf(r.typ)
	switch {
	case r.typ == "AWS::RDS::DBInstance":
		return "arn:" + p + ":rds:" + t.region + ":" + t.account + ":db:" + b.physName(r)
	case r.typ == "AWS::Logs::LogGroup":
		return "arn:" + p + ":logs:" + t.region + ":" + t.account + ":log-group:" + b.physName(r) + ":*"
	case k.node != "" && k.node != model.TypeGeneric:
		return b.modelARN(k.node, b.nodeName(r))
	case r.typ == "AWS::Lambda::Alias":
		fn, _ := str(b.quietProp(r, "FunctionName"))
		name, _ := str(b.quietProp(r, "Name"))
		if !strings.HasPrefix(fn, "arn:") {
			fn = b.modelARN(model.TypeLambda, fn)
		}
		return fn + ":" + name
	case r.typ == "AWS::IAM::ManagedPolicy":
		return "arn:" + p + ":iam::" + t.account + ":policy/" + b.rolePath(r) + b.physName(r)
	}
	svc := serviceOfType(r.typ)
	name := b.physName(r)
	switch r.typ {
	case "AWS::Events::Rule":
		return "arn:" + p + ":events:" + t.region + ":" + t.account + ":rule/" + name
	case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
		return "arn:" + p + ":states:" + t.region + ":" + t.account + ":stateMachine:" + name
	case "AWS::SecretsManager::Secret":
		return "arn:" + p + ":secretsmanager:" + t.region + ":" + t.account + ":secret:" + name
	case "AWS::Kinesis::Stream":
		return "arn:" + p + ":kinesis:" + t.region + ":" + t.account + ":stream/" + name
	case "AWS::EFS::AccessPoint":
		return "arn:" + p + ":elasticfilesystem:" + t.region + ":" + t.account + ":access-point/" + name
	}
	parts := strings.Split(r.typ, "::")
	return "arn:" + p + ":" + svc + ":" + t.region + ":" + t.account + ":" + strings.ToLower(parts[len(parts)-1]) + "/" + name
}

func (b *builder) modelARN(typ, name string) string {
	return b.d.ARN(&model.Node{Type: typ, Name: name})
}

// queueURL is what Ref returns for a queue.
func (b *builder) queueURL(name string) string {
	return "https://sqs." + b.t.region + ".amazonaws.com/" + b.t.account + "/" + name
}

// attr gives the value of Ref (attr "") or Fn::GetAtt on a resource.
func (b *builder) attr(r *resource, attr, path string) (any, error) {
	k := kindOf(r.typ)
	mk := func(text string) (any, error) { return ref{id: r.id, attr: attr, text: text}, nil }
	fromProp := func(key string) (any, error) {
		v, err := b.ev.quietly(r.props.vals[key], b.propPath(r, key))
		if v == nil || err != nil {
			return mk("{{" + r.id + "." + attr + "}}")
		}
		return v, err
	}
	if attr == "" {
		switch {
		case r.typ == "AWS::EC2::EIP":
			return mk(nodeID(r.id))
		case k.ref == refName:
			return mk(b.physName(r))
		case k.ref == refARN:
			return mk(b.arnOf(r))
		case k.ref == refURL:
			return mk(b.queueURL(b.physName(r)))
		case k.node == model.TypeGeneric || k.node == "":
			return mk(b.physName(r))
		}
		return mk(nodeID(r.id))
	}
	switch r.typ + "." + attr {
	case "AWS::EC2::VPC.CidrBlock", "AWS::EC2::Subnet.CidrBlock", "AWS::EC2::Subnet.AvailabilityZone",
		"AWS::EC2::Subnet.VpcId", "AWS::EC2::SecurityGroup.VpcId":
		if _, ok := r.props.get(attr); ok {
			return fromProp(attr)
		}
	case "AWS::EC2::VPC.DefaultSecurityGroup":
		return mk(nodeID(r.id) + "-default-sg")
	case "AWS::EC2::VPC.VpcId", "AWS::EC2::Subnet.SubnetId", "AWS::EC2::SecurityGroup.GroupId",
		"AWS::EC2::EIP.AllocationId", "AWS::EFS::FileSystem.FileSystemId", "AWS::EC2::NatGateway.NatGatewayId",
		"AWS::EC2::VPCEndpoint.Id":
		return mk(nodeID(r.id))
	case "AWS::DynamoDB::Table.StreamArn":
		// The label is a creation timestamp AWS picks.
		return mk(b.arnOf(r) + "/stream/1970-01-01T00:00:00.000")
	case "AWS::SQS::Queue.QueueName", "AWS::SNS::Topic.TopicName":
		return mk(b.physName(r))
	case "AWS::SQS::Queue.QueueUrl":
		return mk(b.queueURL(b.physName(r)))
	case "AWS::SNS::Topic.TopicArn":
		return mk(b.arnOf(r))
	case "AWS::S3::Bucket.DomainName":
		return mk(b.physName(r) + ".s3.amazonaws.com")
	case "AWS::S3::Bucket.RegionalDomainName":
		return mk(b.physName(r) + ".s3." + b.t.region + ".amazonaws.com")
	case "AWS::Lambda::Url.FunctionUrl":
		return mk("https://" + strings.ToLower(r.id) + ".lambda-url." + b.t.region + ".on.aws/")
	case "AWS::RDS::DBCluster.DBClusterArn":
		return mk(b.arnOf(r))
	case "AWS::RDS::DBCluster.Endpoint.Port", "AWS::RDS::DBInstance.Endpoint.Port":
		// The port is the template's, else the engine's default.
		if port, ok := asInt(b.quietProp(r, "Port")); ok {
			return strconv.Itoa(port), nil
		}
		engine, _ := str(b.quietProp(r, "Engine"))
		if strings.Contains(engine, "mysql") || engine == "aurora" || engine == "mariadb" {
			return "3306", nil
		}
		if strings.Contains(engine, "postgres") {
			return "5432", nil
		}
	}
	if attr == "Arn" || strings.HasSuffix(attr, "Arn") && !strings.Contains(attr, ".") {
		return mk(b.arnOf(r))
	}
	return mk("{{" + r.id + "." + attr + "}}")
}

// createNodes makes a node for every resource that becomes one, in template
// order, with its id, type and name. Fields come later, once every node
// exists and can be referred to.
func (b *builder) createNodes() {
	b.foldEIPs()
	for _, r := range b.t.resources {
		if r.skip != "" || b.folded[r.id] {
			continue
		}
		k := kindOf(r.typ)
		if k.node == "" {
			continue
		}
		if r.typ == "AWS::RDS::DBInstance" && b.memberOfCluster(r) {
			continue
		}
		n := &model.Node{ID: nodeID(r.id), Type: k.node}
		if k.node == model.TypeGeneric {
			n.ResourceType = r.typ
		}
		if name := b.nodeName(r); name != n.ID {
			n.Name = name
		}
		b.addNode(n, r.path)
		r.node = n
		b.owner[n.ID] = r
	}
	if b.err != nil {
		return
	}
	for _, r := range b.t.resources {
		if r.node != nil {
			b.index(r.node)
		}
	}
}

// addNode appends a node, keeping ids unique.
func (b *builder) addNode(n *model.Node, src string) {
	if _, dup := b.nodes[n.ID]; dup {
		n.ID = nodeID(n.ID + "-" + shortHash(src))
	}
	b.nodes[n.ID] = n
	b.src[n.ID] = src
	b.d.Nodes = append(b.d.Nodes, n)
}

// index makes a node findable by the ARN, name and URL other resources
// write for it.
func (b *builder) index(n *model.Node) {
	if arn := b.d.ARN(n); arn != "" && arn != "*" {
		b.byARN[arn] = n
		if r := b.owner[n.ID]; r != nil && r.typ == "AWS::Logs::LogGroup" {
			b.byARN[arn+":*"] = n
		}
	}
	if r := b.owner[n.ID]; r != nil && n.Type == model.TypeGeneric {
		b.byARN[b.arnOf(r)] = n
	}
	b.byName[n.Type+"\x00"+n.ResourceName()] = n
	if n.Type == model.TypeIAMRole {
		b.byName[n.Type+"\x00"+model.RoleName(n)] = n
	}
	if n.Type == model.TypeSQSQueue {
		b.byURL[b.queueURL(n.ResourceName())] = n
	}
}

// nodeOf finds the node a value names: a Ref or Fn::GetAtt of a resource, or
// a string that is a node's ARN, URL, name or id. types, when given, limits
// the node types accepted.
func (b *builder) nodeOf(v any, types ...string) *model.Node {
	var n *model.Node
	switch v := v.(type) {
	case ref:
		r := b.t.byID[v.id]
		switch {
		case r == nil:
		case v.attr == "DefaultSecurityGroup" && r.typ == "AWS::EC2::VPC" && r.node != nil:
			n = b.defaultSecurityGroup(r.node)
		case v.attr == "" || strings.HasSuffix(v.attr, "Arn") || strings.HasSuffix(v.attr, "Id") ||
			strings.HasSuffix(v.attr, "Name") || strings.HasSuffix(v.attr, "Url") || strings.Contains(v.attr, "Endpoint"):
			n = r.node
		}
	case string:
		switch {
		case strings.HasPrefix(v, "arn:"):
			n = b.byARN[v]
		case strings.HasPrefix(v, "https://sqs."):
			n = b.byURL[v]
		default:
			for _, t := range types {
				if m := b.byName[t+"\x00"+v]; m != nil {
					n = m
					break
				}
			}
			if n == nil {
				n = b.nodes[v]
			}
		}
	}
	if n == nil || (len(types) > 0 && !slices.Contains(types, n.Type)) {
		return nil
	}
	return n
}

// defaultSecurityGroup returns the default security group of a VPC, making
// it the first time: inbound from itself, outbound anywhere, as AWS creates
// it.
func (b *builder) defaultSecurityGroup(vpc *model.Node) *model.Node {
	if sg := b.defaultSG[vpc.ID]; sg != nil {
		return sg
	}
	sg := &model.Node{ID: nodeID(vpc.ID + "-default-sg"), Type: model.TypeSecurityGroup, Parent: vpc.ID,
		Label: "default security group", Name: "default"}
	sg.Ingress = []model.SGRule{{Protocol: "all", From: sg.ID, Description: "default: all traffic from the group itself"}}
	b.addNode(sg, b.src[vpc.ID])
	b.defaultSG[vpc.ID] = sg
	return sg
}

// memberOfCluster reports whether a DB instance belongs to a cluster; the
// cluster is the node.
func (b *builder) memberOfCluster(r *resource) bool {
	v, ok := r.props.get("DBClusterIdentifier")
	return ok && v != nil
}

// foldEIPs marks the Elastic IPs that NAT gateways use: they are part of the
// gateway, not nodes of their own.
func (b *builder) foldEIPs() {
	for _, r := range b.t.resources {
		if r.typ != "AWS::EC2::NatGateway" || r.skip != "" {
			continue
		}
		_, refs := b.getRefs(r, "AllocationId")
		for id := range refs {
			if e := b.t.byID[id]; e != nil && e.typ == "AWS::EC2::EIP" {
				b.folded[id] = true
			}
		}
	}
}

// finish checks the design as model.Decode would, turns any problem into an
// error with the template path it came from, and completes the report.
func (b *builder) finish() {
	b.d.Edges = b.edges
	if ps := model.Check(b.d); len(ps) > 0 {
		b.fail(b.problemError(ps[0]))
		return
	}
	for _, n := range b.d.Nodes {
		b.rep.Nodes[n.Type]++
	}
	b.reportPlaceholders()
	b.reportGeneric()
	b.reportAssumed()
}

// problemError names the template path behind a design problem
// ("nodes[3].cidr" → "Resources.SubnetA.Properties.CidrBlock").
func (b *builder) problemError(p model.Problem) error {
	path := p.Path
	if strings.HasPrefix(path, "nodes[") {
		i := 0
		fmt.Sscanf(path, "nodes[%d]", &i)
		if i >= 0 && i < len(b.d.Nodes) {
			n := b.d.Nodes[i]
			_, rest, _ := strings.Cut(path, "].")
			f, _, _ := strings.Cut(rest, ".")
			f, _, _ = strings.Cut(f, "[")
			if src, ok := b.src[n.ID+"\x00"+f]; ok {
				path = src
			} else {
				path = b.src[n.ID]
			}
		}
	} else if strings.HasPrefix(path, "edges[") {
		i := 0
		fmt.Sscanf(path, "edges[%d]", &i)
		if i >= 0 && i < len(b.edges) {
			path = b.src["edge\x00"+b.edges[i].ID]
		}
	}
	return errAt(path, "%s", p.Message)
}

// from records the template path a node field came from.
func (b *builder) from(n *model.Node, fieldName, path string) {
	b.src[n.ID+"\x00"+fieldName] = path
}

func (b *builder) reportPlaceholders() {
	b.rep.Placeholders = append(b.rep.Placeholders, b.ev.holes...)
	byName := map[string][]string{}
	var order []string
	for _, h := range b.ev.holes {
		key := h.Kind + "\x00" + h.Name
		if _, ok := byName[key]; !ok {
			order = append(order, key)
		}
		byName[key] = append(byName[key], h.Path)
	}
	for _, key := range order {
		kind, name, _ := strings.Cut(key, "\x00")
		paths := byName[key]
		where := strings.Join(paths, ", ")
		if len(paths) > 3 {
			where = strings.Join(paths[:3], ", ") + fmt.Sprintf(" and %d more", len(paths)-3)
		}
		var msg, fix string
		switch kind {
		case "parameter":
			msg = fmt.Sprintf("Parameter %s has no default and no value was given; {{param:%s}} stands for it (%s).", name, name, where)
			fix = fmt.Sprintf("Import again with --param %s=VALUE, or give the parameter a Default.", name)
		case "import":
			msg = fmt.Sprintf("Fn::ImportValue %s is an output of another stack; {{import:%s}} stands for it (%s).", name, name, where)
			fix = "Import the stack that exports it as well, or pass its value as a parameter."
		case "ssm-parameter":
			msg = fmt.Sprintf("Parameter %s is read from Systems Manager at deployment; a placeholder stands for it (%s).", name, where)
			fix = fmt.Sprintf("Import again with --param %s=VALUE to use a concrete value.", name)
		case "skipped-resource":
			msg = fmt.Sprintf("Resource %s is left out by its condition but is referred to (%s); a placeholder stands for it.", name, where)
			fix = "Check the template's conditions: CloudFormation would reject this reference."
		default:
			msg = fmt.Sprintf("%s %s cannot be resolved before deployment; a placeholder stands for it (%s).", kind, name, where)
			fix = "Replace it with a concrete value to check what depends on it."
		}
		b.rep.finding(CodePlaceholder, nil, msg, fix)
	}
}

func (b *builder) reportGeneric() {
	byType := map[string][]string{}
	for _, n := range b.d.Nodes {
		if n.Type == model.TypeGeneric {
			byType[n.ResourceType] = append(byType[n.ResourceType], n.ID)
		}
	}
	for _, typ := range sortedKeys(byType) {
		ids := byType[typ]
		b.rep.finding(CodeGeneric, ids,
			fmt.Sprintf("%d %s resource%s drawn as generic box%s (%s): Archway shows them but does not check their arrows.",
				len(ids), typ, plural(len(ids)), map[bool]string{true: "", false: "es"}[len(ids) == 1], strings.Join(ids, ", ")),
			"Nothing to do; model the resource with an Archway type if its paths matter.")
	}
	for _, s := range b.rep.Skipped {
		if strings.HasPrefix(s.Reason, "condition ") {
			continue
		}
		b.rep.finding(CodeSkipped, nil, s.Path+": "+s.Reason, "Check the design by hand where it matters.")
	}
}

func (b *builder) reportAssumed() {
	for _, k := range sortedKeys(b.t.assumed) {
		v := b.t.assumed[k]
		msg := fmt.Sprintf("%s is not known before deployment; the import used %q.", k, v)
		fix := ""
		if k == pseudoStack {
			fix = "Import again with --param AWS::StackName=NAME to use the real stack name."
		}
		b.rep.finding(CodeAssumed, nil, msg, fix)
	}
}

// doc turns an evaluated policy document into design JSON. CloudFormation
// accepts a document as a mapping or as a JSON string.
func (b *builder) doc(v any, path string) json.RawMessage {
	if s, ok := v.(string); ok {
		var parsed any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&parsed); err == nil {
			if _, isMap := parsed.(map[string]any); isMap {
				return canonical(parsed)
			}
		}
		b.rep.skip(path, "", "the policy is not a JSON document")
		return nil
	}
	if _, ok := v.(*obj); !ok {
		if v != nil {
			b.rep.skip(path, "", "the policy is %s, not a policy document", describe(v))
		}
		return nil
	}
	return canonical(v)
}
