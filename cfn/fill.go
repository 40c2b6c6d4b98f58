package cfn

import (
	"slices"

	"archway/model"
)

// step fills the resources of some types; the steps run in order, so that a
// route finds its table filled and a function finds its role.
type step struct {
	types []string
	fill  func(*resource)
	// folded steps run for resources that make no node of their own.
	folded bool
}

func (b *builder) steps() []step {
	return []step{
		{types: []string{"AWS::EC2::VPC"}, fill: b.fillVPC},
		{types: []string{"AWS::EC2::VPCGatewayAttachment"}, fill: b.fillGatewayAttachment, folded: true},
		{types: []string{"AWS::EC2::InternetGateway"}, fill: b.fillInternetGateway},
		{types: []string{"AWS::EC2::Subnet"}, fill: b.fillSubnet},
		{types: []string{"AWS::EC2::RouteTable", "AWS::EC2::NetworkAcl", "AWS::EC2::SecurityGroup"}, fill: b.fillInVPC},
		{types: []string{"AWS::EC2::NatGateway"}, fill: b.fillNAT},
		{types: []string{"AWS::EC2::Route"}, fill: b.fillRoute, folded: true},
		{types: []string{"AWS::EC2::SubnetRouteTableAssociation"}, fill: b.fillRouteAssociation, folded: true},
		{types: []string{"AWS::EC2::SubnetNetworkAclAssociation"}, fill: b.fillACLAssociation, folded: true},
		{types: []string{"AWS::EC2::SecurityGroup"}, fill: b.fillSecurityGroup},
		{types: []string{"AWS::EC2::SecurityGroupIngress"}, fill: func(r *resource) { b.fillSecurityGroupRule(r, true) }, folded: true},
		{types: []string{"AWS::EC2::SecurityGroupEgress"}, fill: func(r *resource) { b.fillSecurityGroupRule(r, false) }, folded: true},
		{types: []string{"AWS::EC2::NetworkAclEntry"}, fill: b.fillACLEntry, folded: true},
		{types: []string{"AWS::EC2::VPCEndpoint"}, fill: b.fillEndpoint},
		{types: []string{"AWS::EC2::Instance"}, fill: b.fillInstance},
		{types: []string{"AWS::IAM::Role", "AWS::IAM::User"}, fill: b.fillIdentity},
		{types: []string{"AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::ManagedPolicy"}, fill: b.fillPolicyResource, folded: true},
		{types: []string{"AWS::Lambda::Function"}, fill: b.fillFunction},
		{types: []string{"AWS::Lambda::Alias"}, fill: b.fillAlias, folded: true},
		{types: []string{"AWS::Lambda::Url"}, fill: b.fillURL, folded: true},
		{types: []string{"AWS::Lambda::Permission"}, fill: b.fillPermission, folded: true},
		{types: []string{"AWS::DynamoDB::Table"}, fill: b.fillTable},
		{types: []string{"AWS::S3::Bucket"}, fill: b.fillBucket},
		{types: []string{"AWS::SNS::Topic"}, fill: b.fillTopic},
		{types: []string{"AWS::SNS::Subscription"}, fill: b.fillSubscription, folded: true},
		{types: []string{"AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"}, fill: b.fillResourcePolicy, folded: true},
		{types: []string{"AWS::Lambda::EventSourceMapping"}, fill: b.fillEventSourceMapping, folded: true},
		{types: []string{"AWS::RDS::DBCluster"}, fill: b.fillDatabase},
		{types: []string{"AWS::RDS::DBInstance"}, fill: b.fillDatabase},
		{types: []string{"AWS::RDS::DBInstance"}, fill: b.fillClusterMember, folded: true},
		{types: []string{"AWS::EFS::FileSystem"}, fill: b.fillFileSystem},
		{types: []string{"AWS::EFS::MountTarget"}, fill: b.fillMountTarget, folded: true},
	}
}

// fill runs the steps, places the generic boxes, evaluates every property
// once (so a broken intrinsic anywhere is reported), and stores the
// gathered policy documents once they parse.
func (b *builder) fill() {
	for _, s := range b.steps() {
		for _, r := range b.t.resources {
			if r.skip != "" || !slices.Contains(s.types, r.typ) {
				continue
			}
			owns := r.node != nil && b.owner[r.node.ID] == r
			if owns == s.folded {
				continue
			}
			if s.folded && r.typ == "AWS::RDS::DBInstance" && !b.memberOfCluster(r) {
				continue
			}
			s.fill(r)
			if b.err != nil {
				return
			}
		}
	}
	for _, r := range b.t.resources {
		if r.skip == "" && r.node != nil && b.owner[r.node.ID] == r && r.node.Type == model.TypeGeneric {
			b.fillGeneric(r)
		}
	}
	for _, r := range b.t.resources {
		if r.skip != "" {
			continue
		}
		for _, k := range r.props.keys {
			b.get(r, k)
		}
		if b.err != nil {
			return
		}
	}
	b.dropDangling()
	b.writeDocuments()
	b.checkPolicies()
}
