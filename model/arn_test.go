package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected ARNs follow AWS's documented formats: the IAM User Guide's
// "IAM identifiers" (role/user with path, account root, assumed-role
// sessions without the role's path), the Service Authorization Reference's
// resource types (lambda function[:qualifier], dynamodb table/, rds
// cluster:, elasticfilesystem file-system/, logs log-group: and
// :log-stream:, ec2 instance/, vpc/, subnet/, security-group/, natgateway/,
// ...), S3's region- and account-less bucket and bucket/* object ARNs, and
// the partitions aws, aws-cn (China) and aws-us-gov (GovCloud).

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1":      "aws",
		"eu-central-2":   "aws",
		"ap-southeast-4": "aws",
		"cn-north-1":     "aws-cn",
		"cn-northwest-1": "aws-cn",
		"us-gov-west-1":  "aws-us-gov",
		"us-gov-east-1":  "aws-us-gov",
	} {
		assert.Equal(t, want, Partition(region), region)
	}
}

func TestARN(t *testing.T) {
	d := &Design{Account: "123456789012", Region: "us-east-1"}
	tests := []struct {
		name string
		node Node
		want string
	}{
		{"lambda by id", Node{ID: "fetcher", Type: TypeLambda}, "arn:aws:lambda:us-east-1:123456789012:function:fetcher"},
		{"lambda by name", Node{ID: "fn", Type: TypeLambda, Name: "Categram-Fetcher"}, "arn:aws:lambda:us-east-1:123456789012:function:Categram-Fetcher"},
		{"lambda in another account and Region", Node{ID: "fn", Type: TypeLambda, Account: "444455556666", Region: "eu-west-1"}, "arn:aws:lambda:eu-west-1:444455556666:function:fn"},
		{"iam role", Node{ID: "app-role", Type: TypeIAMRole}, "arn:aws:iam::123456789012:role/app-role"},
		{"iam role with a path", Node{ID: "r", Type: TypeIAMRole, Name: "service-role/app"}, "arn:aws:iam::123456789012:role/service-role/app"},
		{"iam role with a leading slash", Node{ID: "r", Type: TypeIAMRole, Name: "/division_abc/app"}, "arn:aws:iam::123456789012:role/division_abc/app"},
		{"iam role ignores the node's Region", Node{ID: "r", Type: TypeIAMRole, Region: "eu-west-1"}, "arn:aws:iam::123456789012:role/r"},
		{"iam user", Node{ID: "bob", Type: TypeIAMUser, Name: "Bob"}, "arn:aws:iam::123456789012:user/Bob"},
		{"iam user with a path", Node{ID: "u", Type: TypeIAMUser, Name: "division_abc/subdivision_xyz/Bob"}, "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob"},
		{"account root", Node{ID: "partner", Type: TypeExternalAccount, Account: "444455556666"}, "arn:aws:iam::444455556666:root"},
		{"dynamodb table", Node{ID: "cats", Type: TypeDynamoDBTable, Name: "Cats"}, "arn:aws:dynamodb:us-east-1:123456789012:table/Cats"},
		{"s3 bucket", Node{ID: "media", Type: TypeS3Bucket, Name: "categram-media"}, "arn:aws:s3:::categram-media"},
		{"s3 bucket ignores account and Region", Node{ID: "b", Type: TypeS3Bucket, Account: "444455556666", Region: "eu-west-1"}, "arn:aws:s3:::b"},
		{"sqs queue", Node{ID: "q", Type: TypeSQSQueue, Name: "adoptions.fifo"}, "arn:aws:sqs:us-east-1:123456789012:adoptions.fifo"},
		{"sns topic", Node{ID: "t", Type: TypeSNSTopic, Name: "MyTopic"}, "arn:aws:sns:us-east-1:123456789012:MyTopic"},
		{"rds cluster", Node{ID: "db", Type: TypeRDSCluster, Name: "categram-db"}, "arn:aws:rds:us-east-1:123456789012:cluster:categram-db"},
		{"efs file system", Node{ID: "efs", Type: TypeEFSFileSystem, Name: "fs-01234567"}, "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-01234567"},
		{"log group", Node{ID: "audit", Type: TypeCloudWatchLogs, Name: "/app/audit"}, "arn:aws:logs:us-east-1:123456789012:log-group:/app/audit"},
		{"cloudwatch metrics take no resource", Node{ID: "m", Type: TypeCloudWatchMetric}, "*"},
		{"x-ray takes no resource", Node{ID: "x", Type: TypeXRay}, "*"},
		{"ec2 instance", Node{ID: "app", Type: TypeEC2Instance, Name: "i-1234567890abcdef0"}, "arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0"},
		{"vpc", Node{ID: "v", Type: TypeVPC, Name: "vpc-0e9801d129EXAMPLE"}, "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0e9801d129EXAMPLE"},
		{"subnet", Node{ID: "s", Type: TypeSubnet}, "arn:aws:ec2:us-east-1:123456789012:subnet/s"},
		{"route table", Node{ID: "rt", Type: TypeRouteTable}, "arn:aws:ec2:us-east-1:123456789012:route-table/rt"},
		{"security group", Node{ID: "sg", Type: TypeSecurityGroup}, "arn:aws:ec2:us-east-1:123456789012:security-group/sg"},
		{"network acl", Node{ID: "acl", Type: TypeNetworkACL}, "arn:aws:ec2:us-east-1:123456789012:network-acl/acl"},
		{"internet gateway", Node{ID: "igw", Type: TypeInternetGateway}, "arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw"},
		{"nat gateway", Node{ID: "nat", Type: TypeNATGateway, Name: "nat-0123456789abcdef0"}, "arn:aws:ec2:us-east-1:123456789012:natgateway/nat-0123456789abcdef0"},
		{"vpc endpoint", Node{ID: "ep", Type: TypeVPCEndpoint, Name: "vpce-1a2b3c4d"}, "arn:aws:ec2:us-east-1:123456789012:vpc-endpoint/vpce-1a2b3c4d"},
		{"internet host has none", Node{ID: "imdb", Type: TypeInternetHost}, ""},
		{"generic has none", Node{ID: "sfn", Type: TypeGeneric}, ""},
		{"China: lambda", Node{ID: "fn", Type: TypeLambda, Region: "cn-north-1"}, "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn"},
		{"China: ec2", Node{ID: "i", Type: TypeEC2Instance, Region: "cn-northwest-1"}, "arn:aws-cn:ec2:cn-northwest-1:123456789012:instance/i"},
		{"China: s3 bucket", Node{ID: "b", Type: TypeS3Bucket, Region: "cn-north-1"}, "arn:aws-cn:s3:::b"},
		{"China: iam role", Node{ID: "r", Type: TypeIAMRole, Region: "cn-north-1"}, "arn:aws-cn:iam::123456789012:role/r"},
		{"GovCloud: dynamodb table", Node{ID: "t", Type: TypeDynamoDBTable, Region: "us-gov-west-1"}, "arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/t"},
		{"GovCloud: account root", Node{ID: "a", Type: TypeExternalAccount, Account: "444455556666", Region: "us-gov-east-1"}, "arn:aws-us-gov:iam::444455556666:root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.ARN(&tt.node))
		})
	}
}

func TestARNDefaults(t *testing.T) {
	d := &Design{}
	assert.Equal(t, "arn:aws:lambda:us-east-1:111111111111:function:fn", d.ARN(&Node{ID: "fn", Type: TypeLambda}),
		"the design's defaults: account 111111111111, Region us-east-1")
	gov := &Design{Region: "us-gov-west-1", Account: "123456789012"}
	assert.Equal(t, "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q", gov.ARN(&Node{ID: "q", Type: TypeSQSQueue}),
		"a node without a Region takes the design's, and its partition")
}

func TestFunctionARNs(t *testing.T) {
	d := &Design{Account: "123456789012", Region: "us-west-2"}
	fn := &Node{ID: "fn", Type: TypeLambda, Name: "my-function"}
	for qualifier, want := range map[string]string{
		"":        "arn:aws:lambda:us-west-2:123456789012:function:my-function",
		"prod":    "arn:aws:lambda:us-west-2:123456789012:function:my-function:prod",
		"1":       "arn:aws:lambda:us-west-2:123456789012:function:my-function:1",
		"$LATEST": "arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST",
	} {
		assert.Equal(t, want, d.QualifiedARN(fn, qualifier), "qualifier %q", qualifier)
	}

	assert.Equal(t, "/aws/lambda/my-function", FunctionLogGroup(fn))
	assert.Equal(t, "arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/my-function:*", d.LogGroupARN(fn))
	assert.Equal(t, "arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/my-function:log-stream:2024/01/01/[$LATEST]abc",
		d.LogStreamARN(fn, "2024/01/01/[$LATEST]abc"))

	cn := &Node{ID: "fn", Type: TypeLambda, Region: "cn-north-1"}
	assert.Equal(t, "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/lambda/fn:*", d.LogGroupARN(cn))
}

func TestObjectARN(t *testing.T) {
	d := &Design{}
	assert.Equal(t, "arn:aws:s3:::my_corporate_bucket/*", d.ObjectARN(&Node{ID: "b", Type: TypeS3Bucket, Name: "my_corporate_bucket"}))
	assert.Equal(t, "arn:aws-cn:s3:::b/*", d.ObjectARN(&Node{ID: "b", Type: TypeS3Bucket, Region: "cn-north-1"}))
}

func TestRoleSessionARN(t *testing.T) {
	d := &Design{Account: "123456789012"}
	tests := []struct {
		role        Node
		name, want  string
		description string
	}{
		{Node{ID: "fetcher-role", Type: TypeIAMRole}, "fetcher-role", "arn:aws:sts::123456789012:assumed-role/fetcher-role/fetcher", "plain role"},
		{Node{ID: "r", Type: TypeIAMRole, Name: "service-role/app"}, "app", "arn:aws:sts::123456789012:assumed-role/app/fetcher", "the session ARN drops the role's path"},
		{Node{ID: "r", Type: TypeIAMRole, Name: "/a/b/c"}, "c", "arn:aws:sts::123456789012:assumed-role/c/fetcher", "nested path"},
		{Node{ID: "r", Type: TypeIAMRole, Account: "444455556666", Region: "us-gov-west-1"}, "r", "arn:aws-us-gov:sts::444455556666:assumed-role/r/fetcher", "GovCloud, another account"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.name, RoleName(&tt.role), tt.description)
		assert.Equal(t, tt.want, d.RoleSessionARN(&tt.role, "fetcher"), tt.description)
	}
}
