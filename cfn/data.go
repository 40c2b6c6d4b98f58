package cfn

import (
	"net/netip"
	"slices"
	"strings"

	"archway/model"
)

// This file fills the services functions call: tables, buckets, queues,
// topics with their resource policies, notifications and subscriptions,
// databases, file systems and log groups, and the generic boxes.

func (b *builder) fillTable(r *resource) {
	if rp := b.getObj(r, "ResourcePolicy"); rp != nil {
		if doc := sub(rp, "PolicyDocument"); doc != nil {
			r.node.Policy = b.doc(doc, b.propPath(r, "ResourcePolicy"))
			b.from(r.node, "policy", b.propPath(r, "ResourcePolicy"))
		}
	}
}

func (b *builder) fillBucket(r *resource) {
	nc := b.getObj(r, "NotificationConfiguration")
	if nc == nil {
		return
	}
	path := b.propPath(r, "NotificationConfiguration")
	for _, c := range []struct {
		key, prop, typ string
	}{
		{"LambdaConfigurations", "Function", model.TypeLambda},
		{"QueueConfigurations", "Queue", model.TypeSQSQueue},
		{"TopicConfigurations", "Topic", model.TypeSNSTopic},
	} {
		for i, v := range list(sub(nc, c.key)) {
			o, _ := v.(*obj)
			p := index(field(path, c.key), i)
			var target *model.Node
			q := ""
			if c.typ == model.TypeLambda {
				target, q = b.function(sub(o, c.prop))
			} else {
				target = b.nodeOf(sub(o, c.prop), c.typ)
			}
			if target == nil {
				b.rep.skip(p, "", "the notification's %s is not in this template", strings.ToLower(c.prop))
				continue
			}
			b.sources = append(b.sources, source{from: r.node, to: target, rule: ruleS3, label: "notification", path: p, qualifier: q})
		}
	}
}

func (b *builder) fillTopic(r *resource) {
	for i, v := range list(b.get(r, "Subscription")) {
		o, _ := v.(*obj)
		b.subscribe(r.node, subString(o, "Protocol"), sub(o, "Endpoint"), index(b.propPath(r, "Subscription"), i))
	}
}

func (b *builder) fillSubscription(r *resource) {
	topic := b.nodeOf(b.get(r, "TopicArn"), model.TypeSNSTopic)
	if topic == nil {
		b.rep.skip(r.path, r.typ, "its TopicArn is not a topic of this template")
		return
	}
	b.subscribe(topic, b.getString(r, "Protocol"), b.get(r, "Endpoint"), r.path)
}

// subscribe draws a subscription of a function or queue; other endpoints
// (email, HTTP, SMS) are outside AWS and are only reported.
func (b *builder) subscribe(topic *model.Node, protocol string, endpoint any, path string) {
	var target *model.Node
	q := ""
	switch strings.ToLower(protocol) {
	case "lambda":
		target, q = b.function(endpoint)
	case "sqs":
		target = b.nodeOf(endpoint, model.TypeSQSQueue)
	default:
		b.rep.skip(path, "AWS::SNS::Subscription", "%s subscriptions are not drawn (the endpoint is outside the design)", protocol)
		return
	}
	if target == nil {
		b.rep.skip(path, "AWS::SNS::Subscription", "the %s endpoint is not in this template", protocol)
		return
	}
	b.sources = append(b.sources, source{from: topic, to: target, rule: ruleSNS, label: "subscription", path: path, qualifier: q})
}

// fillResourcePolicy applies AWS::S3::BucketPolicy, AWS::SQS::QueuePolicy
// and AWS::SNS::TopicPolicy to the nodes they name.
func (b *builder) fillResourcePolicy(r *resource) {
	var key, typ string
	switch r.typ {
	case "AWS::S3::BucketPolicy":
		key, typ = "Bucket", model.TypeS3Bucket
	case "AWS::SQS::QueuePolicy":
		key, typ = "Queues", model.TypeSQSQueue
	default:
		key, typ = "Topics", model.TypeSNSTopic
	}
	doc := b.doc(b.get(r, "PolicyDocument"), b.propPath(r, "PolicyDocument"))
	if doc == nil {
		return
	}
	for i, v := range list(b.get(r, key)) {
		n := b.nodeOf(v, typ)
		if n == nil {
			text, _ := str(v)
			b.rep.skip(index(b.propPath(r, key), i), r.typ, "%s %s is not in this template", typ, text)
			continue
		}
		if len(n.Policy) > 0 {
			b.rep.skip(r.path, r.typ, "%s already has a policy from another resource; this one is left out", n.ID)
			continue
		}
		n.Policy = doc
		b.from(n, "policy", b.propPath(r, "PolicyDocument"))
		b.policySources = append(b.policySources, policySource{target: n, res: r})
	}
}

// dbEngines maps RDS engine names to archway/v1 engines.
var dbEngines = map[string]string{
	"aurora-postgresql": "aurora-postgresql",
	"aurora-mysql":      "aurora-mysql",
	"aurora":            "aurora-mysql", // Aurora MySQL 5.6
	"postgres":          "postgres",
	"mysql":             "mysql",
	"mariadb":           "mysql", // MySQL's wire protocol and port
}

// fillDatabase fills an Aurora cluster or a stand-alone DB instance.
func (b *builder) fillDatabase(r *resource) {
	n := r.node
	engine := strings.ToLower(b.getString(r, "Engine"))
	e, known := dbEngines[engine]
	if !known {
		if engine != "" && !strings.Contains(engine, "{{") {
			// Oracle, SQL Server, Db2: drawn, not analysed.
			n.Type = model.TypeGeneric
			n.ResourceType = r.typ
			return
		}
		e = "aurora-postgresql"
		if r.typ == "AWS::RDS::DBInstance" {
			e = "mysql"
		}
		b.rep.skip(b.propPath(r, "Engine"), r.typ, "engine %q is not known; the design assumes %s", engine, e)
	}
	if e != n.DBEngine() {
		n.Engine = e
	}
	if port, ok := asInt(b.get(r, "Port")); ok && port > 0 && port < 65536 {
		n.Port = port
	}
	var vpc *model.Node
	if group := b.resourceOf(b.get(r, "DBSubnetGroupName"), "AWS::RDS::DBSubnetGroup"); group != nil {
		for i, v := range list(b.get(group, "SubnetIds")) {
			sn := b.nodeOf(v, model.TypeSubnet)
			if sn == nil || (vpc != nil && sn.Parent != vpc.ID) {
				b.rep.skip(index(b.propPath(group, "SubnetIds"), i), group.typ, "not a subnet of this template's VPC")
				continue
			}
			vpc = b.nodes[sn.Parent]
			n.Subnets = appendNew(n.Subnets, sn.ID)
		}
		b.from(n, "subnets", group.path)
	}
	sgKey := "VpcSecurityGroupIds"
	if r.typ == "AWS::RDS::DBInstance" {
		sgKey = "VPCSecurityGroups"
	}
	if vpc != nil {
		n.Parent = vpc.ID
		n.SecurityGroups = b.securityGroups(r, sgKey, vpc)
	}
	if r.typ == "AWS::RDS::DBInstance" {
		n.PubliclyAccessible = b.getBool(r, "PubliclyAccessible", false)
	}
}

// fillClusterMember folds a DB instance of a cluster into the cluster node:
// references to the instance lead to the cluster, and a publicly accessible
// instance makes the cluster so.
func (b *builder) fillClusterMember(r *resource) {
	cluster := b.resourceOf(b.get(r, "DBClusterIdentifier"), "AWS::RDS::DBCluster")
	if cluster == nil || cluster.node == nil {
		b.rep.skip(r.path, r.typ, "its DBClusterIdentifier is not a cluster of this template")
		return
	}
	r.node = cluster.node
	if b.getBool(r, "PubliclyAccessible", false) {
		cluster.node.PubliclyAccessible = true
	}
}

// resourceOf finds a resource of a type by a Ref or by its physical name.
func (b *builder) resourceOf(v any, typ string) *resource {
	if rf, ok := v.(ref); ok {
		if r := b.t.byID[rf.id]; r != nil && r.typ == typ && r.skip == "" {
			return r
		}
		return nil
	}
	s, ok := str(v)
	if !ok || s == "" {
		return nil
	}
	for _, r := range b.t.resources {
		if r.typ == typ && r.skip == "" && strings.EqualFold(b.physName(r), s) {
			return r
		}
	}
	return nil
}

func (b *builder) fillFileSystem(r *resource) {
	if doc := b.get(r, "FileSystemPolicy"); doc != nil {
		r.node.Policy = b.doc(doc, b.propPath(r, "FileSystemPolicy"))
		b.from(r.node, "policy", b.propPath(r, "FileSystemPolicy"))
	}
}

func (b *builder) fillMountTarget(r *resource) {
	fs := b.nodeOf(b.get(r, "FileSystemId"), model.TypeEFSFileSystem)
	sn := b.nodeOf(b.get(r, "SubnetId"), model.TypeSubnet)
	if fs == nil || sn == nil {
		b.rep.skip(r.path, r.typ, "it does not put a file system of this template in a subnet of this template")
		return
	}
	vpc := b.nodes[sn.Parent]
	for _, mt := range fs.MountTargets {
		other := b.nodes[mt.Subnet]
		switch {
		case other != nil && other.Parent != sn.Parent:
			b.rep.skip(r.path, r.typ, "the file system's mount targets must be in one VPC; %s is in %s", mt.Subnet, other.Parent)
			return
		case other != nil && sn.AZ != "" && other.AZ == sn.AZ:
			b.rep.skip(r.path, r.typ, "a file system has one mount target per Availability Zone; %s is already in %s", mt.Subnet, sn.AZ)
			return
		}
	}
	fs.MountTargets = append(fs.MountTargets, model.MountTarget{Subnet: sn.ID, SecurityGroups: b.securityGroups(r, "SecurityGroups", vpc)})
	if fs.Parent == "" {
		fs.Parent = vpc.ID
	}
	b.from(fs, "mountTargets", r.path)
}

// containerKeys are the properties of other resource types that place them
// in a VPC; a generic box with one of them is drawn inside that VPC.
var containerKeys = []string{
	"VpcId", "VPCId", "SubnetId", "SubnetIds", "Subnets", "VpcConfig", "VPCOptions", "VpcConfiguration",
	"NetworkConfiguration", "VpcSettings", "DBSubnetGroupName", "CacheSubnetGroupName", "SubnetGroupName",
}

func (b *builder) fillGeneric(r *resource) {
	for _, key := range containerKeys {
		if vpc := b.vpcIn(b.get(r, key), 0); vpc != nil {
			r.node.Parent = vpc.ID
			b.from(r.node, "parent", b.propPath(r, key))
			return
		}
	}
}

// vpcIn finds the first VPC or subnet of this template a value refers to,
// looking a little into nested settings.
func (b *builder) vpcIn(v any, depth int) *model.Node {
	if depth > 3 {
		return nil
	}
	switch v := v.(type) {
	case ref, string:
		if n := b.nodeOf(v, model.TypeVPC, model.TypeSubnet); n != nil {
			return b.vpcOf(n)
		}
		// A subnet group (RDS, Neptune, ElastiCache) places what uses it.
		if rf, ok := v.(ref); ok {
			if g := b.t.byID[rf.id]; g != nil && strings.HasSuffix(g.typ, "SubnetGroup") {
				return b.vpcIn(b.get(g, "SubnetIds"), depth+1)
			}
		}
	case []any:
		for _, e := range v {
			if n := b.vpcIn(e, depth+1); n != nil {
				return n
			}
		}
	case *obj:
		for _, k := range v.keys {
			if n := b.vpcIn(v.vals[k], depth+1); n != nil {
				return n
			}
		}
	}
	return nil
}

// isValidCIDR reports whether s is a CIDR block model.Check accepts.
func isValidCIDR(s string) bool {
	p, err := netip.ParsePrefix(s)
	return err == nil && p.Masked() == p
}

// dropDangling removes references to nodes that are not in the design,
// and nodes whose required container is gone, so that the design always
// decodes: a safety net behind the checks above.
func (b *builder) dropDangling() {
	for changed := true; changed; {
		changed = false
		for _, n := range slices.Clone(b.d.Nodes) {
			if msg := b.danglingParent(n); msg != "" {
				b.rep.skip(b.src[n.ID], "", "%s", msg)
				b.removeNode(n)
				if r := b.owner[n.ID]; r != nil {
					r.node = nil
				}
				changed = true
			}
		}
	}
	exists := func(id string) bool { return b.nodes[id] != nil }
	for _, n := range b.d.Nodes {
		if n.RouteTable != "" && !exists(n.RouteTable) {
			n.RouteTable = ""
		}
		if n.NetworkACL != "" && !exists(n.NetworkACL) {
			n.NetworkACL = ""
		}
		n.Routes = slices.DeleteFunc(n.Routes, func(r model.Route) bool { return !exists(r.Target) })
		n.RouteTables = slices.DeleteFunc(n.RouteTables, func(id string) bool { return !exists(id) })
		n.Subnets = slices.DeleteFunc(n.Subnets, func(id string) bool { return !exists(id) })
		n.SecurityGroups = slices.DeleteFunc(n.SecurityGroups, func(id string) bool { return !exists(id) })
		n.Ingress = slices.DeleteFunc(n.Ingress, func(r model.SGRule) bool { return !isValidCIDR(r.From) && !exists(r.From) })
		if n.Egress != nil {
			*n.Egress = slices.DeleteFunc(*n.Egress, func(r model.SGRule) bool { return !isValidCIDR(r.To) && !exists(r.To) })
		}
		n.MountTargets = slices.DeleteFunc(n.MountTargets, func(m model.MountTarget) bool { return !exists(m.Subnet) })
		if n.Role != "" && !exists(n.Role) {
			n.Role = ""
		}
		if n.VPC != nil {
			n.VPC.Subnets = slices.DeleteFunc(n.VPC.Subnets, func(id string) bool { return !exists(id) })
			n.VPC.SecurityGroups = slices.DeleteFunc(n.VPC.SecurityGroups, func(id string) bool { return !exists(id) })
			if len(n.VPC.Subnets) == 0 || len(n.VPC.SecurityGroups) == 0 {
				n.VPC = nil
			}
		}
		if n.Parent != "" && !exists(n.Parent) {
			n.Parent = ""
		}
		if n.Type == model.TypeEFSFileSystem && len(n.MountTargets) == 0 {
			n.Parent = ""
		}
	}
}

// danglingParent says why a node whose container is required lost it.
func (b *builder) danglingParent(n *model.Node) string {
	need := ""
	switch n.Type {
	case model.TypeSubnet, model.TypeInternetGateway, model.TypeRouteTable, model.TypeSecurityGroup,
		model.TypeNetworkACL, model.TypeVPCEndpoint:
		need = model.TypeVPC
	case model.TypeNATGateway, model.TypeEC2Instance:
		need = model.TypeSubnet
	default:
		return ""
	}
	if p := b.nodes[n.Parent]; p != nil && p.Type == need {
		return ""
	}
	return n.ID + " has no " + need + " in the design"
}
