package cfn

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
	"archway/render"
)

// largeTemplate writes a template of 31 network resources (a three-AZ VPC
// with NAT gateways and an S3 endpoint) and five resources per service: a
// function (every other one in the VPC), its role, the table it writes, the
// queue that feeds it and the event source mapping — the shape of the
// larger public templates.
func largeTemplate(services int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
	b.WriteString("  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true}}\n")
	b.WriteString("  Igw: {Type: AWS::EC2::InternetGateway}\n")
	b.WriteString("  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}\n")
	b.WriteString("  PublicRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}\n")
	b.WriteString("  PublicRoute: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}\n")
	b.WriteString("  FnSg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: fn, VpcId: !Ref Vpc}}\n")
	for az := range 3 {
		fmt.Fprintf(&b, "  Public%d: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [%d, !Cidr [10.0.0.0/16, 6, 12]], AvailabilityZone: !Select [%d, !GetAZs '']}}\n", az, az, az)
		fmt.Fprintf(&b, "  Private%d: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [%d, !Cidr [10.0.0.0/16, 6, 12]], AvailabilityZone: !Select [%d, !GetAZs '']}}\n", az, az+3, az)
		fmt.Fprintf(&b, "  PublicAssoc%d: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Public%d, RouteTableId: !Ref PublicRt}}\n", az, az)
		fmt.Fprintf(&b, "  Eip%d: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}\n", az)
		fmt.Fprintf(&b, "  Nat%d: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt Eip%d.AllocationId, SubnetId: !Ref Public%d}}\n", az, az, az)
		fmt.Fprintf(&b, "  PrivateRt%d: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}\n", az)
		fmt.Fprintf(&b, "  PrivateRoute%d: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PrivateRt%d, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat%d}}\n", az, az, az)
		fmt.Fprintf(&b, "  PrivateAssoc%d: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Private%d, RouteTableId: !Ref PrivateRt%d}}\n", az, az, az)
	}
	b.WriteString("  S3Endpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: !Sub 'com.amazonaws.${AWS::Region}.s3', RouteTableIds: [!Ref PrivateRt0, !Ref PrivateRt1, !Ref PrivateRt2]}}\n")
	for i := range services {
		vpc := ""
		if i%2 == 0 {
			vpc = ", VpcConfig: {SubnetIds: [!Ref Private0, !Ref Private1, !Ref Private2], SecurityGroupIds: [!Ref FnSg]}"
		}
		fmt.Fprintf(&b, "  Table%d: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub '${AWS::StackName}-t%d'}}\n", i, i)
		fmt.Fprintf(&b, "  Queue%d: {Type: AWS::SQS::Queue}\n", i)
		fmt.Fprintf(&b, `  Role%d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole, arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole]
      Policies: [{PolicyName: data, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: [dynamodb:GetItem, dynamodb:PutItem], Resource: !GetAtt Table%d.Arn}]}}]
`, i, i)
		fmt.Fprintf(&b, "  Fn%d: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt Role%d.Arn, Runtime: python3.12, Environment: {Variables: {TABLE: !Ref Table%d}}%s}}\n", i, i, i, vpc)
		fmt.Fprintf(&b, "  Mapping%d: {Type: AWS::Lambda::EventSourceMapping, Properties: {FunctionName: !Ref Fn%d, EventSourceArn: !GetAtt Queue%d.Arn}}\n", i, i, i)
	}
	return []byte(b.String())
}

func TestLargeTemplate(t *testing.T) {
	d, rep := importOK(t, string(largeTemplate(55)), nil)
	total := 0
	for _, n := range rep.Resources {
		total += n
	}
	assert.Equal(t, 306, total)
	assert.Len(t, d.Nodes, 237, "17 network nodes, then a table, queue, role and function per service")
	assert.Len(t, d.Edges, 110, "a mapping and a table access per service")
	_, an := analyze.Validate(model.Encode(d))
	require.Empty(t, an.Problems)
	for _, e := range an.Edges {
		assert.Equal(t, model.Allowed, e.Verdict, e.ID)
	}
}

func BenchmarkImport(b *testing.B) {
	tmpl := largeTemplate(55)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Import(tmpl, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportPipeline is what the editor does with a template: import
// it, lay it out, validate it and draw it.
func BenchmarkImportPipeline(b *testing.B) {
	tmpl := largeTemplate(55)
	b.ReportAllocs()
	for b.Loop() {
		d, _, err := Import(tmpl, nil)
		if err != nil {
			b.Fatal(err)
		}
		laid := render.Layout(d)
		_, an := analyze.Validate(model.Encode(laid))
		if len(an.Problems) > 0 {
			b.Fatal(an.Problems)
		}
		if _, err := render.SVG(laid, an, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportLayoutValidate is the pipeline without drawing the SVG.
func BenchmarkImportLayoutValidate(b *testing.B) {
	tmpl := largeTemplate(55)
	b.ReportAllocs()
	for b.Loop() {
		d, _, err := Import(tmpl, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, an := analyze.Validate(model.Encode(render.Layout(d))); len(an.Problems) > 0 {
			b.Fatal(an.Problems)
		}
	}
}
