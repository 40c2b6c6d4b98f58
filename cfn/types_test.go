package cfn

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// importOK imports a template that must import, and checks that the design
// decodes without problems, as every import must.
func importOK(t *testing.T, src string, params map[string]string) (*model.Design, *Report) {
	t.Helper()
	d, rep, err := Import([]byte(src), params)
	require.NoError(t, err)
	_, ps := model.Decode(model.Encode(d))
	require.Empty(t, ps, "the imported design must decode")
	return d, rep
}

func nodeByID(t *testing.T, d *model.Design, id string) *model.Node {
	t.Helper()
	for _, n := range d.Nodes {
		if n.ID == id {
			return n
		}
	}
	require.Failf(t, "no such node", "%s", id)
	return nil
}

func hasNode(d *model.Design, id string) bool {
	for _, n := range d.Nodes {
		if n.ID == id {
			return true
		}
	}
	return false
}

// edgeList writes the arrows as "from->to [actions]" for compact assertions.
func edgeList(d *model.Design) []string {
	out := make([]string, len(d.Edges))
	for i, e := range d.Edges {
		s := e.From + "->" + e.To
		if e.Via != "" {
			s += " via " + e.Via
		}
		if e.Qualifier != "" {
			s += ":" + e.Qualifier
		}
		if len(e.Actions) > 0 {
			s += " [" + strings.Join(e.Actions, " ") + "]"
		}
		out[i] = s
	}
	return out
}

func skippedPaths(r *Report) []string {
	out := make([]string, len(r.Skipped))
	for i, s := range r.Skipped {
		out[i] = s.Path + ": " + s.Reason
	}
	return out
}

func jsonEq(t *testing.T, want string, got json.RawMessage) {
	t.Helper()
	assert.JSONEq(t, want, string(got))
}

// network is a VPC with a public and a private subnet that other cases build
// on.
const network = `
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}
  Public: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""], MapPublicIpOnLaunch: true}}
  Private: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: fn, VpcId: !Ref Vpc}}
`

func TestNetworkTypes(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, d *model.Design, r *Report)
	}{
		{"VPC defaults as CloudFormation creates them", `
  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
  W: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.2.0.0/16, EnableDnsSupport: "false", EnableDnsHostnames: "true"}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				v, w := nodeByID(t, d, "V"), nodeByID(t, d, "W")
				assert.Equal(t, "10.1.0.0/16", v.CIDR)
				assert.False(t, v.DNSHostnamesEnabled(), "CloudFormation leaves DNS hostnames off")
				assert.True(t, v.DNSSupportEnabled())
				assert.False(t, w.DNSSupportEnabled())
				assert.True(t, w.DNSHostnamesEnabled())
			}},
		{"subnets, gateways, routes and associations", network + `
  Eip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt Eip.AllocationId, SubnetId: !Ref Public}}
  PublicRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  PrivateRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  R1: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}
  R2: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PrivateRt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}}
  R3: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PrivateRt, DestinationCidrBlock: 192.168.0.0/16, TransitGatewayId: tgw-1}}
  R4: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PrivateRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}
  A1: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Public, RouteTableId: !Ref PublicRt}}
  A2: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Private, RouteTableId: !Ref PrivateRt}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Equal(t, "Vpc", nodeByID(t, d, "Igw").Parent)
				pub, priv := nodeByID(t, d, "Public"), nodeByID(t, d, "Private")
				assert.Equal(t, "us-east-1a", pub.AZ)
				assert.Equal(t, "us-east-1b", priv.AZ)
				assert.Equal(t, "PublicRt", pub.RouteTable)
				assert.Equal(t, "PrivateRt", priv.RouteTable)
				assert.Equal(t, "Public", nodeByID(t, d, "Nat").Parent)
				assert.False(t, hasNode(d, "Eip"), "the NAT gateway's Elastic IP is part of it")
				assert.Equal(t, []model.Route{{Destination: "0.0.0.0/0", Target: "Igw"}}, nodeByID(t, d, "PublicRt").Routes)
				assert.Equal(t, []model.Route{{Destination: "0.0.0.0/0", Target: "Nat"}}, nodeByID(t, d, "PrivateRt").Routes)
				assert.Equal(t, []string{
					"Resources.R3: routes to transit gateways are not modelled",
					"Resources.R4: route table PrivateRt already has a route to 0.0.0.0/0",
				}, skippedPaths(r))
			}},
		{"an internet gateway attached nowhere is left out", `
  Igw: {Type: AWS::EC2::InternetGateway}
  Q: {Type: AWS::SQS::Queue}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.False(t, hasNode(d, "Igw"))
				assert.Equal(t, []string{"Resources.Igw: the internet gateway is not attached to a VPC of this template"}, skippedPaths(r))
			}},
		{"a subnet outside its VPC or overlapping another is left out", `
  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref V, CidrBlock: 10.0.0.0/24, AvailabilityZone: eu-west-1a}}
  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref V, CidrBlock: 10.0.0.128/25}}
  C: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref V, CidrBlock: 10.9.0.0/24}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Empty(t, nodeByID(t, d, "A").AZ, "an AZ of another Region is dropped")
				assert.False(t, hasNode(d, "B"))
				assert.False(t, hasNode(d, "C"))
				assert.Equal(t, []string{
					`Resources.A.Properties.AvailabilityZone: "eu-west-1a" is not an Availability Zone of us-east-1; the subnet has no zone in the design`,
					"Resources.B: CidrBlock 10.0.0.128/25 overlaps subnet A (10.0.0.0/24)",
					"Resources.C: CidrBlock 10.9.0.0/24 is outside the VPC's block 10.0.0.0/16 (secondary VPC blocks are not modelled)",
				}, skippedPaths(r))
			}},
		{"security group rules, inline and standalone", network + `
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
        - {IpProtocol: "6", FromPort: 8000, ToPort: 8080, SourceSecurityGroupId: !Ref Sg, Description: app}
        - {IpProtocol: "-1", CidrIpv6: "::/0"}
        - {IpProtocol: icmp, FromPort: 8, ToPort: -1, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourcePrefixListId: pl-123}
        - {IpProtocol: "50", CidrIp: 10.0.0.0/8}
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 10.0.0.1/16}
  Db: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: db, VpcId: !Ref Vpc}}
  In: {Type: AWS::EC2::SecurityGroupIngress, Properties: {GroupId: !GetAtt Db.GroupId, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref Web}}
  Out: {Type: AWS::EC2::SecurityGroupEgress, Properties: {GroupId: !Ref Db, IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 10.0.0.2/32}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				web, db := nodeByID(t, d, "Web"), nodeByID(t, d, "Db")
				port := func(a, b int) *model.Ports { return &model.Ports{From: a, To: b} }
				assert.Equal(t, []model.SGRule{
					{Protocol: "tcp", Ports: port(443, 443), From: "0.0.0.0/0"},
					{Protocol: "tcp", Ports: port(8000, 8080), From: "Sg", Description: "app"},
					{Protocol: "all", From: "::/0"},
					{Protocol: "icmp", From: "10.0.0.0/8"},
				}, web.Ingress)
				require.NotNil(t, web.Egress)
				assert.Equal(t, []model.SGRule{{Protocol: "tcp", To: "10.0.0.0/16"}}, *web.Egress, "tcp on every port, the block normalized")
				assert.Equal(t, []model.SGRule{{Protocol: "tcp", Ports: port(5432, 5432), From: "Web"}}, db.Ingress)
				require.NotNil(t, db.Egress, "a standalone egress rule keeps EC2's default rule")
				assert.Equal(t, []model.SGRule{
					{Protocol: "all", To: "0.0.0.0/0", Description: "default egress rule"},
					{Protocol: "udp", Ports: port(53, 53), To: "10.0.0.2/32"},
				}, *db.Egress)
				assert.Nil(t, nodeByID(t, d, "Sg").Egress, "no egress rules: EC2's default (all traffic) applies")
				assert.Equal(t, []string{
					"Resources.Web.Properties.SecurityGroupIngress[4]: rules that name a prefix list id are not modelled",
					`Resources.Web.Properties.SecurityGroupIngress[5]: protocol "50" is not modelled (tcp, udp, icmp and all are)`,
				}, skippedPaths(r))
			}},
		{"network ACL entries and associations", network + `
  Acl: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref Vpc}}
  E1: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 200, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 443, To: 443}}}
  E2: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: deny, CidrBlock: 10.9.0.0/16}}
  E3: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 17, Egress: true, RuleAction: Allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 1024, To: 65535}}}
  E4: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, Egress: "true", RuleAction: allow, CidrBlock: 0.0.0.0/0}}
  Assoc: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref Acl}}
  Default: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref Public, NetworkAclId: !GetAtt Vpc.DefaultNetworkAcl}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				acl := nodeByID(t, d, "Acl")
				p := func(a, b int) *model.Ports { return &model.Ports{From: a, To: b} }
				assert.Equal(t, []model.ACLRule{
					{Rule: 100, Protocol: "all", CIDR: "10.9.0.0/16", Action: "deny"},
					{Rule: 200, Protocol: "tcp", Ports: p(443, 443), CIDR: "0.0.0.0/0", Action: "allow"},
				}, acl.Inbound, "in rule order")
				assert.Equal(t, []model.ACLRule{{Rule: 100, Protocol: "udp", Ports: p(1024, 65535), CIDR: "0.0.0.0/0", Action: "allow"}}, acl.Outbound)
				assert.Equal(t, "Acl", nodeByID(t, d, "Private").NetworkACL)
				assert.Empty(t, nodeByID(t, d, "Public").NetworkACL, "the VPC's default ACL allows everything")
				assert.Equal(t, []string{"Resources.E4: network ACL Acl already has rule 100 in this direction"}, skippedPaths(r))
			}},
		{"associations that are skipped", network + `
  Vpc2: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
  Rt2: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc2}}
  Acl2: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref Vpc2}}
  RtOther: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Private, RouteTableId: !Ref Rt2}}
  RtNone: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: subnet-0abc, RouteTableId: !Ref Rt2}}
  AclOther: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref Acl2}}
  AclNone: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref Private, NetworkAclId: acl-0abc}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Empty(t, nodeByID(t, d, "Private").RouteTable)
				assert.Empty(t, nodeByID(t, d, "Private").NetworkACL)
				assert.ElementsMatch(t, []string{
					"Resources.RtOther: subnet Private and route table Rt2 are in different VPCs",
					"Resources.RtNone: it does not associate a subnet of this template with a route table of this template",
					"Resources.AclOther: subnet Private and network ACL Acl2 are in different VPCs",
					"Resources.AclNone: it does not associate a subnet of this template with a network ACL of this template",
				}, skippedPaths(r))
			}},
		{"VPC endpoints", network + `
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  S3: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: !Sub "com.amazonaws.${AWS::Region}.s3", RouteTableIds: [!Ref Rt],
       PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*"}]}}}
  Sqs: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.sqs, VpcEndpointType: Interface, SubnetIds: [!Ref Private, !Ref Public]}}
  Logs: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.logs, VpcEndpointType: Interface, PrivateDnsEnabled: true, SubnetIds: [!Ref Private], SecurityGroupIds: [!Ref Sg]}}
  Ddb: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.dynamodb, VpcEndpointType: Interface, SubnetIds: [!Ref Private]}}
  Bad: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.sns}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				s3 := nodeByID(t, d, "S3")
				assert.Equal(t, "s3", s3.Service)
				assert.Equal(t, "gateway", s3.EndpointKind(), "CloudFormation's default type is Gateway")
				assert.Equal(t, []string{"Rt"}, s3.RouteTables)
				jsonEq(t, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`, s3.Policy)
				sqs := nodeByID(t, d, "Sqs")
				assert.Equal(t, "interface", sqs.EndpointKind())
				assert.Equal(t, []string{"Private", "Public"}, sqs.Subnets)
				assert.Equal(t, []string{"Vpc-default-sg"}, sqs.SecurityGroups, "without security groups EC2 uses the VPC's default group")
				assert.False(t, sqs.PrivateDNSEnabled(), "CloudFormation's default for PrivateDnsEnabled is false")
				logs := nodeByID(t, d, "Logs")
				assert.True(t, logs.PrivateDNSEnabled())
				assert.Equal(t, []string{"Sg"}, logs.SecurityGroups)
				assert.Equal(t, "interface", nodeByID(t, d, "Ddb").EndpointType, "an interface endpoint for DynamoDB says so")
				def := nodeByID(t, d, "Vpc-default-sg")
				assert.Equal(t, []model.SGRule{{Protocol: "all", From: "Vpc-default-sg", Description: "default: all traffic from the group itself"}}, def.Ingress)
				assert.Nil(t, def.Egress)
				assert.False(t, hasNode(d, "Bad"))
				assert.Equal(t, []string{"Resources.Bad: a gateway endpoint exists only for s3 and dynamodb, not sns"}, skippedPaths(r))
			}},
		{"instances", network + `
  Web: {Type: AWS::EC2::Instance, Properties: {SubnetId: !Ref Public, SecurityGroupIds: [!Ref Sg]}}
  Worker: {Type: AWS::EC2::Instance, Properties: {NetworkInterfaces: [{DeviceIndex: "0", SubnetId: !Ref Private, AssociatePublicIpAddress: true, GroupSet: [!Ref Sg]}]}}
  Lone: {Type: AWS::EC2::Instance, Properties: {SubnetId: !Ref Private}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				web, worker, lone := nodeByID(t, d, "Web"), nodeByID(t, d, "Worker"), nodeByID(t, d, "Lone")
				assert.Equal(t, "Public", web.Parent)
				assert.True(t, web.PublicIP, "the subnet maps public IPs on launch")
				assert.Equal(t, []string{"Sg"}, web.SecurityGroups)
				assert.Equal(t, "Private", worker.Parent)
				assert.True(t, worker.PublicIP)
				assert.Equal(t, []string{"Sg"}, worker.SecurityGroups)
				assert.False(t, lone.PublicIP)
				assert.Equal(t, []string{"Vpc-default-sg"}, lone.SecurityGroups)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, r := importOK(t, "Resources:"+tt.src, nil)
			tt.check(t, d, r)
		})
	}
}

func TestComputeTypes(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, d *model.Design, r *Report)
	}{
		{"a VPC function with its role, URL, alias and permissions", network + `
  Role:
    Type: AWS::IAM::Role
    Properties:
      Path: /service-role/
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]
      Policies: [{PolicyName: read, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: dynamodb:GetItem, Resource: "*"}]}}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: fetcher
      Role: !GetAtt Role.Arn
      Runtime: python3.13
      TracingConfig: {Mode: Active}
      VpcConfig: {SubnetIds: [!Ref Private, !Ref Public], SecurityGroupIds: [!Ref Sg]}
  Live: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn, FunctionVersion: "1", Name: live}}
  Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !Ref Live, AuthType: AWS_IAM}}
  FromBucket: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !GetAtt Fn.Arn, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceArn: arn:aws:s3:::uploads, SourceAccount: !Ref AWS::AccountId}}
  FromPartner: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Live, Action: lambda:InvokeFunction, Principal: "444455556666"}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				fn := nodeByID(t, d, "Fn")
				assert.Equal(t, "fetcher", fn.Name)
				assert.Equal(t, "Role", fn.Role)
				assert.Equal(t, "python3.13", fn.Runtime)
				assert.Equal(t, "Active", fn.Tracing)
				assert.Equal(t, &model.VPCConfig{Subnets: []string{"Private", "Public"}, SecurityGroups: []string{"Sg"}}, fn.VPC)
				assert.Equal(t, "Vpc", fn.Parent)
				assert.Equal(t, []string{"live"}, fn.Aliases)
				assert.Equal(t, &model.FunctionURL{AuthType: "AWS_IAM"}, fn.URL)
				// The statements AddPermission writes, with their conditions.
				jsonEq(t, `{"Version":"2012-10-17","Id":"default","Statement":[
					{"Sid":"FromBucket","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction",
					 "Resource":"arn:aws:lambda:us-east-1:111111111111:function:fetcher",
					 "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"},"StringEquals":{"AWS:SourceAccount":"111111111111"}}},
					{"Sid":"FromPartner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"lambda:InvokeFunction",
					 "Resource":"arn:aws:lambda:us-east-1:111111111111:function:fetcher:live"}]}`, fn.ResourcePolicy)
				role := nodeByID(t, d, "Role")
				assert.Equal(t, "service-role/Role", role.Name, "the path is part of the role's ARN")
				assert.Equal(t, []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"}, role.ManagedPolicies)
				jsonEq(t, `{"read":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}}`, role.Policies)
				jsonEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, role.Trust)
				acct := nodeByID(t, d, "account-444455556666")
				assert.Equal(t, model.TypeExternalAccount, acct.Type)
				assert.Equal(t, []string{"account-444455556666->Fn:live"}, edgeList(d))
			}},
		{"a function whose VPC lives in another stack", `
  Fn: {Type: AWS::Lambda::Function, Properties: {VpcConfig: {SubnetIds: [!ImportValue net-a], SecurityGroupIds: [sg-123]}}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				fn := nodeByID(t, d, "Fn")
				assert.Nil(t, fn.VPC)
				assert.Empty(t, fn.Role)
				assert.Equal(t, []string{"Resources.Fn.Properties.VpcConfig: subnet {{import:net-a}} is not in this template; the function is drawn without its VPC configuration"}, skippedPaths(r))
				require.Len(t, r.Placeholders, 1)
				assert.Equal(t, Placeholder{Path: "Resources.Fn.Properties.VpcConfig.SubnetIds[0].Fn::ImportValue", Kind: "import", Name: "net-a", Value: "{{import:net-a}}"}, r.Placeholders[0])
			}},
		{"policies attached by separate resources", `
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: app, ManagedPolicyArns: [!Ref Shared, arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]}}
  User: {Type: AWS::IAM::User}
  Shared: {Type: AWS::IAM::ManagedPolicy, Properties: {ManagedPolicyName: shared, Roles: [!Ref Role], PolicyDocument: {Statement: [{Effect: Allow, Action: "sqs:*", Resource: "*"}]}}}
  Extra: {Type: AWS::IAM::Policy, Properties: {PolicyName: extra, Roles: [app], Users: [!Ref User], PolicyDocument: {Statement: [{Effect: Allow, Action: "sns:Publish", Resource: "*"}]}}}
  Inline: {Type: AWS::IAM::RolePolicy, Properties: {PolicyName: extra, RoleName: !Ref Role, PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}}}
  Typo: {Type: AWS::IAM::Role, Properties: {ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSLambdaVPCAccessExecutionRole]}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				role := nodeByID(t, d, "Role")
				assert.Equal(t, "app", role.Name)
				assert.Equal(t, []string{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}, role.ManagedPolicies,
					"a customer managed policy of the template becomes a named document")
				jsonEq(t, `{
					"shared":{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]},
					"extra":{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]},
					"extra-2":{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}`, role.Policies)
				jsonEq(t, `{"extra":{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}}`, nodeByID(t, d, "User").Policies)
				assert.Empty(t, nodeByID(t, d, "Typo").ManagedPolicies, "AWS has no such policy: it lives under service-role/")
				require.Len(t, r.Skipped, 1)
				assert.Equal(t, "Resources.Typo.Properties.ManagedPolicyArns", r.Skipped[0].Path)
				assert.Contains(t, r.Skipped[0].Reason, "is not the ARN of AWSLambdaVPCAccessExecutionRole")
			}},
		{"a statement the IAM parser rejects is left out", `
  Bucket: {Type: AWS::S3::Bucket}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {AWS: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1"}, Action: s3:GetObject, Resource: !Sub "${Bucket.Arn}/*"}
          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: !GetAtt Bucket.Arn, Condition: {Bool: {aws:SecureTransport: false}}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				jsonEq(t, `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::Bucket","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
					nodeByID(t, d, "Bucket").Policy)
				require.Len(t, r.Skipped, 1)
				assert.Equal(t, "Resources.Policy.Properties.PolicyDocument", r.Skipped[0].Path)
				assert.Contains(t, r.Skipped[0].Reason, "statement 0 of the policy of Bucket is left out")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, r := importOK(t, "Resources:"+tt.src, nil)
			tt.check(t, d, r)
		})
	}
}

func TestDataTypes(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, d *model.Design, r *Report)
	}{
		{"tables, buckets, queues and topics with their names and policies", `
  Table: {Type: AWS::DynamoDB::Table, Properties: {TableName: cats, ResourcePolicy: {PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "dynamodb:GetItem", Resource: "*"}]}}}}
  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: photos}}
  BucketPolicy: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: photos, PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::photos/*"}]}}}
  Queue: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
  Named: {Type: AWS::SQS::Queue, Properties: {QueueName: jobs}}
  QueuePolicy: {Type: AWS::SQS::QueuePolicy, Properties: {Queues: [!Ref Queue, !Ref Named], PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}'}}
  Topic: {Type: AWS::SNS::Topic}
  TopicPolicy: {Type: AWS::SNS::TopicPolicy, Properties: {Topics: [!Ref Topic], PolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: "sns:Publish", Resource: !Ref Topic}]}}}
  Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: /app/audit}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Equal(t, "cats", nodeByID(t, d, "Table").Name)
				jsonEq(t, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:GetItem","Resource":"*"}]}`, nodeByID(t, d, "Table").Policy)
				assert.Equal(t, "photos", nodeByID(t, d, "Bucket").Name)
				jsonEq(t, `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::photos/*"}]}`, nodeByID(t, d, "Bucket").Policy)
				assert.Equal(t, "Queue.fifo", nodeByID(t, d, "Queue").Name, "a FIFO queue's name ends in .fifo")
				sendAll := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}`
				jsonEq(t, sendAll, nodeByID(t, d, "Queue").Policy)
				jsonEq(t, sendAll, nodeByID(t, d, "Named").Policy)
				jsonEq(t, `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111111111111:Topic"}]}`, nodeByID(t, d, "Topic").Policy)
				logs := nodeByID(t, d, "Logs")
				assert.Equal(t, model.TypeCloudWatchLogs, logs.Type)
				assert.Equal(t, "/app/audit", logs.Name)
			}},
		{"an Aurora cluster, its instances and a stand-alone database", network + `
  Group: {Type: AWS::RDS::DBSubnetGroup, Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref Private, !Ref Public]}}
  Cluster: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql, DBSubnetGroupName: !Ref Group, VpcSecurityGroupIds: [!Ref Sg], DBClusterIdentifier: orders}}
  Writer: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Cluster, Engine: aurora-mysql, PubliclyAccessible: true}}
  Legacy: {Type: AWS::RDS::DBInstance, Properties: {Engine: postgres, Port: "5433", DBSubnetGroupName: !Ref Group}}
  Oracle: {Type: AWS::RDS::DBInstance, Properties: {Engine: oracle-ee}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				c := nodeByID(t, d, "Cluster")
				assert.Equal(t, model.TypeRDSCluster, c.Type)
				assert.Equal(t, "orders", c.Name)
				assert.Equal(t, "aurora-mysql", c.Engine)
				assert.Equal(t, []string{"Private", "Public"}, c.Subnets)
				assert.Equal(t, []string{"Sg"}, c.SecurityGroups)
				assert.Equal(t, "Vpc", c.Parent)
				assert.True(t, c.PubliclyAccessible, "one of its instances is publicly accessible")
				assert.False(t, hasNode(d, "Writer"), "a cluster's instance is part of the cluster")
				l := nodeByID(t, d, "Legacy")
				assert.Equal(t, "postgres", l.Engine)
				assert.Equal(t, 5433, l.Port)
				assert.Equal(t, []string{"Vpc-default-sg"}, l.SecurityGroups)
				o := nodeByID(t, d, "Oracle")
				assert.Equal(t, model.TypeGeneric, o.Type)
				assert.Equal(t, "AWS::RDS::DBInstance", o.ResourceType)
				assert.False(t, hasNode(d, "Group"))
			}},
		{"an EFS file system with a mount target per zone", network + `
  Fs: {Type: AWS::EFS::FileSystem, Properties: {FileSystemPolicy: {Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "elasticfilesystem:ClientMount"}]}}}
  Mt1: {Type: AWS::EFS::MountTarget, Properties: {FileSystemId: !Ref Fs, SubnetId: !Ref Private, SecurityGroups: [!Ref Sg]}}
  Mt2: {Type: AWS::EFS::MountTarget, Properties: {FileSystemId: !Ref Fs, SubnetId: !Ref Public}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				fs := nodeByID(t, d, "Fs")
				assert.Equal(t, "Vpc", fs.Parent)
				assert.Equal(t, []model.MountTarget{
					{Subnet: "Private", SecurityGroups: []string{"Sg"}},
					{Subnet: "Public", SecurityGroups: []string{"Vpc-default-sg"}},
				}, fs.MountTargets)
				jsonEq(t, `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"elasticfilesystem:ClientMount"}]}`, fs.Policy)
			}},
		{"any other type is a generic box, placed in its VPC when it names one", network + `
  Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref Public]}}
  Alarm: {Type: AWS::CloudWatch::Alarm, Properties: {AlarmName: too-many}}
  Custom: {Type: Custom::Thing}`,
			func(t *testing.T, d *model.Design, r *Report) {
				lb := nodeByID(t, d, "Lb")
				assert.Equal(t, model.TypeGeneric, lb.Type)
				assert.Equal(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", lb.ResourceType)
				assert.Equal(t, "Vpc", lb.Parent)
				assert.Equal(t, "too-many", nodeByID(t, d, "Alarm").Name)
				assert.Equal(t, "Custom::Thing", nodeByID(t, d, "Custom").ResourceType)
				var codes []string
				for _, f := range r.Findings {
					codes = append(codes, f.Code+" "+strings.Join(f.Nodes, ","))
				}
				assert.Equal(t, []string{CodeGeneric + " Alarm", CodeGeneric + " Lb", CodeGeneric + " Custom"}, codes)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, r := importOK(t, "Resources:"+tt.src, nil)
			tt.check(t, d, r)
		})
	}
}
