package cfn

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"archway/model"
)

// This file fills functions and identities: Lambda functions with their
// URLs, aliases, permissions and event source mappings, IAM roles and users
// with their policies.

// namedDoc is an identity policy attached to a role or user.
type namedDoc struct {
	name string
	doc  any
}

func (b *builder) fillFunction(r *resource) {
	n := r.node
	if role := b.get(r, "Role"); role != nil {
		if rn := b.nodeOf(role, model.TypeIAMRole); rn != nil {
			n.Role = rn.ID
			b.from(n, "role", b.propPath(r, "Role"))
		} else {
			text, _ := str(role)
			b.rep.skip(b.propPath(r, "Role"), "", "the execution role %s is not in this template; the function has no role in the design", text)
		}
	}
	if rt := b.getString(r, "Runtime"); rt != "" && !strings.Contains(rt, "{{") {
		n.Runtime = rt
	}
	if strings.EqualFold(subString(b.getObj(r, "TracingConfig"), "Mode"), "Active") {
		n.Tracing = "Active"
	}
	if vc := b.getObj(r, "VpcConfig"); vc != nil {
		b.functionVPC(r, vc)
	}
	if _, refs := b.getRefs(r, "CapacityProviderConfig"); len(refs) > 0 && n.VPC == nil {
		b.managedInstances(r, refs)
	}
	for i, v := range list(b.get(r, "FileSystemConfigs")) {
		fc, _ := v.(*obj)
		if fs := b.fileSystemOf(sub(fc, "Arn")); fs != nil {
			b.fileSystems[n.ID] = append(b.fileSystems[n.ID], fs)
		} else {
			b.rep.skip(index(b.propPath(r, "FileSystemConfigs"), i), "", "the file system is not in this template")
		}
	}
}

// functionVPC attaches a function to its subnets and security groups. Both
// must be in the template; otherwise the function is drawn with public
// networking and the report says why.
func (b *builder) functionVPC(r *resource, vc *obj) {
	n := r.node
	path := b.propPath(r, "VpcConfig")
	subnets, sgs := list(sub(vc, "SubnetIds")), list(sub(vc, "SecurityGroupIds"))
	if len(subnets) == 0 {
		return
	}
	cfg := &model.VPCConfig{Subnets: []string{}, SecurityGroups: []string{}}
	for _, v := range subnets {
		sn := b.nodeOf(v, model.TypeSubnet)
		if sn == nil {
			text, _ := str(v)
			b.rep.skip(path, "", "subnet %s is not in this template; the function is drawn without its VPC configuration", text)
			return
		}
		cfg.Subnets = appendNew(cfg.Subnets, sn.ID)
	}
	for _, v := range sgs {
		sg := b.nodeOf(v, model.TypeSecurityGroup)
		if sg == nil {
			text, _ := str(v)
			b.rep.skip(path, "", "security group %s is not in this template; the function is drawn without its VPC configuration", text)
			return
		}
		cfg.SecurityGroups = appendNew(cfg.SecurityGroups, sg.ID)
	}
	if len(cfg.SecurityGroups) == 0 {
		b.rep.skip(path, "", "subnets without security groups: Lambda rejects this configuration; the function is drawn without it")
		return
	}
	n.VPC = cfg
	n.Parent = b.nodes[cfg.Subnets[0]].Parent
	b.from(n, "vpc", path)
	b.from(n, "parent", path)
}

// managedInstances draws a function that runs on Lambda Managed Instances in
// the VPC of its capacity provider. The capacity provider's instances, not
// Hyperplane ENIs, carry its traffic, so the function gets no VPC
// configuration (which would make Archway count ENIs and ENI permissions
// that do not apply).
func (b *builder) managedInstances(r *resource, refs map[string]bool) {
	for _, id := range sortedKeys(refs) {
		cp := b.t.byID[id]
		if cp == nil || !strings.HasSuffix(cp.typ, "::CapacityProvider") {
			continue
		}
		vc, _ := b.get(cp, "VpcConfig").(*obj)
		for _, v := range list(sub(vc, "SubnetIds")) {
			if sn := b.nodeOf(v, model.TypeSubnet); sn != nil {
				r.node.Parent = sn.Parent
				b.rep.skip(b.propPath(r, "CapacityProviderConfig"), "",
					"the function runs on Lambda Managed Instances of %s in VPC %s: it is drawn there, but paths from its instances are not checked", id, sn.Parent)
				return
			}
		}
	}
}

// fileSystemOf finds the EFS file system of a FileSystemConfigs Arn: an
// access point's ARN (through its FileSystemId) or the file system's own.
func (b *builder) fileSystemOf(v any) *model.Node {
	if fs := b.nodeOf(v, model.TypeEFSFileSystem); fs != nil {
		return fs
	}
	if rf, ok := v.(ref); ok {
		if ap := b.t.byID[rf.id]; ap != nil && ap.typ == "AWS::EFS::AccessPoint" {
			return b.nodeOf(b.get(ap, "FileSystemId"), model.TypeEFSFileSystem)
		}
	}
	return nil
}

func appendNew(ids []string, id string) []string {
	for _, e := range ids {
		if e == id {
			return ids
		}
	}
	return append(ids, id)
}

var functionARN = regexp.MustCompile(`^(?:arn:[^:]+:lambda:[^:]*:[^:]*:function:|[0-9]{12}:function:|)([^:]+)(?::([^:]+))?$`)

// function finds the function a FunctionName-like value names, with its
// qualifier: a Ref, an ARN (qualified or not), a name, an alias.
func (b *builder) function(v any) (*model.Node, string) {
	if rf, ok := v.(ref); ok {
		r := b.t.byID[rf.id]
		switch {
		case r == nil:
			return nil, ""
		case r.typ == "AWS::Lambda::Alias":
			fn, _ := b.function(b.get(r, "FunctionName"))
			return fn, b.getString(r, "Name")
		case r.typ == "AWS::Lambda::Version":
			fn, _ := b.function(b.get(r, "FunctionName"))
			return fn, ""
		}
		if r.node != nil && r.node.Type == model.TypeLambda {
			return r.node, ""
		}
		return nil, ""
	}
	s, ok := str(v)
	if !ok {
		return nil, ""
	}
	m := functionARN.FindStringSubmatch(s)
	if m == nil {
		return nil, ""
	}
	fn := b.byName[model.TypeLambda+"\x00"+m[1]]
	if fn == nil {
		return nil, ""
	}
	q := m[2]
	if q == "$LATEST" {
		q = ""
	}
	return fn, q
}

func (b *builder) fillURL(r *resource) {
	fn, q := b.function(b.get(r, "TargetFunctionArn"))
	if fn == nil {
		b.rep.skip(r.path, r.typ, "its TargetFunctionArn is not a function of this template")
		return
	}
	if v := b.getString(r, "Qualifier"); v != "" {
		q = v
	}
	auth := strings.ToUpper(b.getString(r, "AuthType"))
	if auth != "NONE" && auth != "AWS_IAM" {
		b.rep.skip(b.propPath(r, "AuthType"), r.typ, "AuthType must be NONE or AWS_IAM, not %q", auth)
		return
	}
	if fn.URL != nil {
		b.rep.skip(r.path, r.typ, "function %s already has a URL in the design (one URL per function is drawn)", fn.ID)
		return
	}
	fn.URL = &model.FunctionURL{AuthType: auth}
	b.from(fn, "url", r.path)
	b.urlQualifier[fn.ID] = q
}

var aliasName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (b *builder) fillAlias(r *resource) {
	fn, _ := b.function(b.get(r, "FunctionName"))
	name := b.getString(r, "Name")
	switch {
	case fn == nil:
		b.rep.skip(r.path, r.typ, "its FunctionName is not a function of this template")
	case !aliasName.MatchString(name) || name == "$LATEST":
		b.rep.skip(b.propPath(r, "Name"), r.typ, "%q is not an alias name", name)
	default:
		fn.Aliases = appendNew(fn.Aliases, name)
		b.from(fn, "aliases", r.path)
	}
}

// fillPermission adds the statement AddPermission would write to the
// function's resource-based policy.
func (b *builder) fillPermission(r *resource) {
	fn, q := b.function(b.get(r, "FunctionName"))
	if fn == nil {
		b.rep.skip(r.path, r.typ, "its FunctionName is not a function of this template")
		return
	}
	principal := b.getString(r, "Principal")
	action := b.getString(r, "Action")
	if principal == "" || action == "" || strings.Contains(principal, "{{") {
		b.rep.skip(r.path, r.typ, "the permission's principal %q is not known, so its statement is left out", principal)
		return
	}
	resource := b.d.QualifiedARN(fn, q)
	stmt := map[string]any{
		"Sid":       r.id,
		"Effect":    "Allow",
		"Principal": principalJSON(principal),
		"Action":    action,
		"Resource":  resource,
	}
	cond := map[string]map[string]any{}
	add := func(op, key, value string) {
		if cond[op] == nil {
			cond[op] = map[string]any{}
		}
		cond[op][key] = value
	}
	sourceArn, sourceRefs := b.getRefs(r, "SourceArn")
	arnText, _ := str(sourceArn)
	if arnText != "" {
		add("ArnLike", "AWS:SourceArn", arnText)
	}
	if v := b.getString(r, "SourceAccount"); v != "" {
		add("StringEquals", "AWS:SourceAccount", v)
	}
	if v := b.getString(r, "PrincipalOrgID"); v != "" {
		add("StringEquals", "aws:PrincipalOrgID", v)
	}
	if v := b.getString(r, "FunctionUrlAuthType"); v != "" {
		add("StringEquals", "lambda:FunctionUrlAuthType", v)
	}
	if v := b.getString(r, "EventSourceToken"); v != "" {
		add("StringEquals", "lambda:EventSourceToken", v)
	}
	if via, _ := asBool(b.get(r, "InvokedViaFunctionUrl")); via {
		add("Bool", "lambda:InvokedViaFunctionUrl", "true")
	}
	if len(cond) > 0 {
		stmt["Condition"] = cond
	}
	b.fnStatements[fn.ID] = append(b.fnStatements[fn.ID], stmt)
	b.from(fn, "resourcePolicy", r.path)
	b.grants = append(b.grants, grant{
		fn: fn, qualifier: q, principal: principal, action: action, sourceArn: arnText,
		sourceRefs: sourceRefs, urlAuth: b.getString(r, "FunctionUrlAuthType"), path: r.path,
	})
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// principalJSON writes a permission's principal as AddPermission does: an
// account becomes its root ARN, a service a Service principal.
func principalJSON(p string) any {
	switch {
	case p == "*":
		return "*"
	case accountID.MatchString(p):
		return map[string]any{"AWS": "arn:aws:iam::" + p + ":root"}
	case strings.HasPrefix(p, "arn:"):
		return map[string]any{"AWS": p}
	}
	return map[string]any{"Service": p}
}

func (b *builder) fillEventSourceMapping(r *resource) {
	fn, q := b.function(b.get(r, "FunctionName"))
	if fn == nil {
		b.rep.skip(r.path, r.typ, "its FunctionName is not a function of this template")
		return
	}
	src := b.eventSource(b.get(r, "EventSourceArn"))
	if src == nil {
		b.rep.skip(r.path, r.typ, "its event source is not in this template (Kafka and MQ sources without an ARN are not drawn)")
		return
	}
	b.sources = append(b.sources, source{from: src, to: fn, rule: ruleESM, label: "event source mapping", path: r.path, qualifier: q})
}

// eventSource finds the node behind an EventSourceArn: a queue, a table
// (through its stream ARN) or a generic stream or cluster.
func (b *builder) eventSource(v any) *model.Node {
	if n := b.nodeOf(v); n != nil {
		return n
	}
	if s, ok := str(v); ok {
		if table, _, found := strings.Cut(s, "/stream/"); found {
			return b.byARN[table]
		}
	}
	return nil
}

func (b *builder) fillIdentity(r *resource) {
	n := r.node
	if r.typ == "AWS::IAM::Role" {
		if v := b.get(r, "AssumeRolePolicyDocument"); v != nil {
			n.Trust = b.doc(v, b.propPath(r, "AssumeRolePolicyDocument"))
			b.from(n, "trust", b.propPath(r, "AssumeRolePolicyDocument"))
		}
	}
	b.from(n, "managedPolicies", b.propPath(r, "ManagedPolicyArns"))
	for i, v := range list(b.get(r, "ManagedPolicyArns")) {
		path := index(b.propPath(r, "ManagedPolicyArns"), i)
		if mp := b.managedPolicy(v); mp != nil {
			b.attach(n, mp)
			continue
		}
		s, _ := str(v)
		if s == "" || strings.Contains(s, "{{") {
			b.rep.skip(path, "", "managed policy %s is not known; its permissions are missing from the design", s)
			continue
		}
		n.ManagedPolicies = appendNew(n.ManagedPolicies, s)
	}
	for i, v := range list(b.get(r, "Policies")) {
		o, _ := v.(*obj)
		name := subString(o, "PolicyName")
		if name == "" {
			name = r.id + "Policy" + strconv.Itoa(i)
		}
		b.addDoc(n, name, sub(o, "PolicyDocument"), index(b.propPath(r, "Policies"), i))
	}
	if v := b.get(r, "PermissionsBoundary"); v != nil {
		if mp := b.managedPolicy(v); mp != nil {
			n.PermissionsBoundary = b.doc(b.get(mp, "PolicyDocument"), b.propPath(mp, "PolicyDocument"))
		} else if s, ok := str(v); ok && !strings.Contains(s, "{{") {
			raw, _ := json.Marshal(s)
			n.PermissionsBoundary = raw
		}
		b.from(n, "permissionsBoundary", b.propPath(r, "PermissionsBoundary"))
	}
	b.from(n, "policies", b.propPath(r, "Policies"))
}

// managedPolicy returns the AWS::IAM::ManagedPolicy of this template a
// value names, if it does.
func (b *builder) managedPolicy(v any) *resource {
	if rf, ok := v.(ref); ok {
		if r := b.t.byID[rf.id]; r != nil && r.typ == "AWS::IAM::ManagedPolicy" && r.skip == "" {
			return r
		}
		return nil
	}
	s, _ := str(v)
	for _, r := range b.t.resources {
		if r.typ == "AWS::IAM::ManagedPolicy" && r.skip == "" && b.arnOf(r) == s {
			return r
		}
	}
	return nil
}

// attach adds a customer managed policy of this template to a role or user
// as a named document: Archway knows AWS managed policies by name, and the
// template holds this one's document.
func (b *builder) attach(n *model.Node, mp *resource) {
	key := n.ID + "\x00" + mp.id
	if b.attached[key] {
		return
	}
	b.attached[key] = true
	b.addDoc(n, b.physName(mp), b.get(mp, "PolicyDocument"), b.propPath(mp, "PolicyDocument"))
}

// addDoc adds an inline policy document to a role or user under a unique name.
func (b *builder) addDoc(n *model.Node, name string, doc any, path string) {
	if doc == nil {
		b.rep.skip(path, "", "the policy has no PolicyDocument")
		return
	}
	if s, ok := doc.(string); ok {
		var parsed any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if dec.Decode(&parsed) != nil {
			b.rep.skip(path, "", "the policy is not a JSON document")
			return
		}
		doc = parsed
	}
	if _, ok := plain(doc).(map[string]any); !ok {
		b.rep.skip(path, "", "the policy is %s, not a policy document", describe(doc))
		return
	}
	docs := b.policies[n.ID]
	unique := name
	for i := 2; ; i++ {
		taken := false
		for _, d := range docs {
			taken = taken || d.name == unique
		}
		if !taken {
			break
		}
		unique = name + "-" + strconv.Itoa(i)
	}
	b.policies[n.ID] = append(docs, namedDoc{name: unique, doc: doc})
}

// fillPolicyResource attaches AWS::IAM::Policy, AWS::IAM::RolePolicy and
// AWS::IAM::ManagedPolicy documents to the roles and users they name.
func (b *builder) fillPolicyResource(r *resource) {
	var targets []*model.Node
	add := func(v any, typ string) {
		if n := b.nodeOf(v, typ); n != nil {
			targets = append(targets, n)
		} else if s, ok := str(v); ok {
			b.rep.skip(r.path, r.typ, "%s %s is not in this template", typ, s)
		}
	}
	switch r.typ {
	case "AWS::IAM::RolePolicy":
		add(b.get(r, "RoleName"), model.TypeIAMRole)
	default:
		for _, v := range list(b.get(r, "Roles")) {
			add(v, model.TypeIAMRole)
		}
		for _, v := range list(b.get(r, "Users")) {
			add(v, model.TypeIAMUser)
		}
		if len(list(b.get(r, "Groups"))) > 0 {
			b.rep.skip(field(r.path, "Properties.Groups"), r.typ, "IAM groups are not modelled")
		}
	}
	for _, n := range targets {
		if r.typ == "AWS::IAM::ManagedPolicy" {
			b.attach(n, r)
			continue
		}
		b.addDoc(n, b.physName(r), b.get(r, "PolicyDocument"), b.propPath(r, "PolicyDocument"))
		b.from(n, "policies", r.path)
	}
}

// writeDocuments stores the gathered identity policies and function
// resource policies on their nodes.
func (b *builder) writeDocuments() {
	for _, n := range b.d.Nodes {
		if docs := b.policies[n.ID]; len(docs) > 0 {
			m := newObj()
			for _, d := range docs {
				m.set(d.name, d.doc)
			}
			n.Policies = canonical(m)
		}
		if stmts := b.fnStatements[n.ID]; len(stmts) > 0 {
			n.ResourcePolicy = canonical(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": stmts})
		}
	}
}
