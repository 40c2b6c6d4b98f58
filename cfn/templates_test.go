package cfn

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
)

// templateCase is what a public template in testdata must import to. The
// expected values were written after reading each template by hand; the
// comments say why.
type templateCase struct {
	file   string
	params map[string]string
	nodes  map[string]int
	// edges are the inferred arrows, "from->to", in the order drawn.
	edges []string
	// verdicts are the verdicts a correct analysis gives, by arrow.
	verdicts     map[string]model.Verdict
	skipped      int
	placeholders int
}

var templateCases = []templateCase{
	{
		// An HTTP API (SAM's implicit ServerlessHttpApi) invokes a VPC
		// function that mounts EFS through an access point. The function's
		// and the mount targets' security group allows all TCP both ways,
		// both subnets share the VPC's main route table, the role has the
		// VPC access policy and EFSWriteAccessPolicy on the file system: the
		// mount is allowed; the API arrow is not analysed (generic box).
		file: "apigw-lambda-efs.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 2, model.TypeSecurityGroup: 1, model.TypeEFSFileSystem: 1,
			model.TypeGeneric: 2, model.TypeLambda: 1, model.TypeIAMRole: 1},
		edges: []string{"ServerlessHttpApi->HelloEfsFunction", "HelloEfsFunction->EfsFileSystem"},
		verdicts: map[string]model.Verdict{
			"ServerlessHttpApi->HelloEfsFunction": model.Unchecked,
			"HelloEfsFunction->EfsFileSystem":     model.Allowed,
		},
	},
	{
		// 22 functions. The API Gateway permissions name AppApi in their
		// SourceArn: 13 invocation arrows from the (generic) API. Ten
		// functions share DynamoDbRole, which names all three tables; each
		// function's TABLE_NAME variable says which one it uses, so only
		// that arrow is drawn, and the role allows it. The VPC functions
		// connect to Neptune, OpenSearch and ElastiCache (generic, not
		// analysed); the build project and the pipeline read and write the
		// buckets their service roles name. Two DynamoDB stream mappings,
		// both allowed: OSSearchRole grants the four stream actions on
		// TBooks/stream/*, as the DynamoDB guide's own example does;
		// RedisRole gets them from the AWS managed policy
		// AWSLambdaInvocation-DynamoDB. The bucket policy's CloudFront
		// origin access identity principal is left out (skipped 1).
		file: "bookstore-fullstack-large.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 2, model.TypeRouteTable: 1, model.TypeSecurityGroup: 4,
			model.TypeVPCEndpoint: 1, model.TypeDynamoDBTable: 3, model.TypeS3Bucket: 2, model.TypeIAMRole: 15,
			model.TypeLambda: 22, model.TypeGeneric: 58},
		edges: []string{
			"TBooks->UpdateSearchCluster", "TOrders->FunctionUpdateBestSellers",
			"AppApi->FunctionListOrders", "AppApi->FunctionGetRecommendations", "AppApi->FunctionGetRecommendationsByBook",
			"AppApi->FunctionGetBook", "AppApi->FunctionListBooks", "AppApi->FunctionUpdateCart", "AppApi->FunctionGetCartItem",
			"AppApi->FunctionListItemsInCart", "AppApi->FunctionAddToCart", "AppApi->FunctionRemoveFromCart",
			"AppApi->FunctionCheckout", "AppApi->FunctionSearch", "AppApi->FunctionGetBestSellers",
			"bookstoreNeptuneLoaderLambda->bookstoreNeptuneCluster", "UpdateSearchCluster->OpenSearchDomain",
			"FunctionUpdateBestSellers->ElastiCacheCluster",
			"FunctionListOrders->TOrders", "FunctionGetBook->TBooks", "FunctionListBooks->TBooks", "FunctionUpdateCart->TCart",
			"FunctionGetCartItem->TCart", "FunctionListItemsInCart->TCart", "FunctionAddToCart->TCart",
			"FunctionRemoveFromCart->TCart", "FunctionCheckout->TOrders", "FunctionCheckout->TCart", "FunctionUploadBooks->TBooks",
			"FunctionGetRecommendations->bookstoreNeptuneCluster", "FunctionGetRecommendationsByBook->bookstoreNeptuneCluster",
			"FunctionSearch->OpenSearchDomain", "FunctionGetBestSellers->ElastiCacheCluster",
			"CodeBuildProject->AssetsBucket", "CodeBuildProject->PipelineArtifactsBucket",
			"AssetsCodePipeline->PipelineArtifactsBucket",
			"BucketCleanupFunction->AssetsBucket", "BucketCleanupFunction->PipelineArtifactsBucket",
		},
		verdicts: map[string]model.Verdict{
			"TBooks->UpdateSearchCluster":        model.Allowed,
			"TOrders->FunctionUpdateBestSellers": model.Allowed,
			"FunctionListOrders->TOrders":        model.Allowed, "FunctionGetBook->TBooks": model.Allowed,
			"FunctionListBooks->TBooks": model.Allowed, "FunctionUpdateCart->TCart": model.Allowed,
			"FunctionGetCartItem->TCart": model.Allowed, "FunctionListItemsInCart->TCart": model.Allowed,
			"FunctionAddToCart->TCart": model.Allowed, "FunctionRemoveFromCart->TCart": model.Allowed,
			"FunctionCheckout->TOrders": model.Allowed, "FunctionCheckout->TCart": model.Allowed,
			"FunctionUploadBooks->TBooks":                    model.Allowed,
			"BucketCleanupFunction->AssetsBucket":            model.Allowed, // s3:List* on the bucket, DeleteObject on bucket/*
			"BucketCleanupFunction->PipelineArtifactsBucket": model.Allowed,
			"AppApi->FunctionListOrders":                     model.Unchecked,
			"UpdateSearchCluster->OpenSearchDomain":          model.Unchecked,
		},
		skipped: 1,
	},
	{
		// A network stack: 3 AZs, public subnets routed to the internet
		// gateway, each private subnet to its own NAT gateway; five
		// endpoints; Aurora behind its subnet group and security group. Its
		// only Lambda function (a custom resource) writes to its DLQ; the
		// source bucket notifies the queue.
		file: "das-vpc-3az-aurora-opensearch-large.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeInternetGateway: 1, model.TypeSubnet: 6, model.TypeNATGateway: 3,
			model.TypeRouteTable: 4, model.TypeSecurityGroup: 8, model.TypeVPCEndpoint: 5, model.TypeEC2Instance: 1,
			model.TypeRDSCluster: 1, model.TypeS3Bucket: 3, model.TypeSQSQueue: 2, model.TypeSNSTopic: 1,
			model.TypeCloudWatchLogs: 4, model.TypeIAMRole: 6, model.TypeLambda: 1, model.TypeGeneric: 23},
		edges: []string{"SourceBucket->StandardQueue", "EnableOpenSearchLoggingFunction->LambdaDLQ"},
		verdicts: map[string]model.Verdict{
			// The queue policy lets s3.amazonaws.com send from the bucket.
			"SourceBucket->StandardQueue": model.Allowed,
			// The role's managed policy allows sqs:SendMessage on the DLQ.
			"EnableOpenSearchLoggingFunction->LambdaDLQ": model.Allowed,
		},
		// The ALB security group's prefix-list rule.
		skipped:      1,
		placeholders: 1,
	},
	{
		// The app half of a two-stack pair: subnets, security group and
		// database host are Fn::ImportValue of the network stack, so the
		// function is drawn without its VPC configuration (skipped 1) and
		// six placeholders stand for the imports.
		file:         "devguide-rds-mysql-app.yaml",
		nodes:        map[string]int{model.TypeGeneric: 1, model.TypeLambda: 1, model.TypeIAMRole: 1},
		skipped:      1,
		placeholders: 6,
	},
	{
		// The network half: an isolated VPC, a MySQL instance in the VPC's
		// default security group (made for the reference).
		file: "devguide-rds-mysql-vpc.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 2, model.TypeRouteTable: 1, model.TypeRDSCluster: 1,
			model.TypeSecurityGroup: 1},
	},
	{
		file: "devguide-vpc-private-public-nat-endpoints.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 3, model.TypeInternetGateway: 1, model.TypeNATGateway: 1,
			model.TypeRouteTable: 2, model.TypeVPCEndpoint: 2},
	},
	{
		// Two functions with IAM-auth URLs (no caller to draw) on the alias
		// live; DynamoDBCrudPolicy and DynamoDBReadPolicy name the table,
		// and the environment refers to it: both arrows are allowed.
		file:  "function-url-iam-streaming-dynamodb.yaml",
		nodes: map[string]int{model.TypeLambda: 2, model.TypeIAMRole: 2, model.TypeDynamoDBTable: 1},
		edges: []string{"DataDumpFunction->DDBTable", "StreamingFunction->DDBTable"},
		verdicts: map[string]model.Verdict{
			"DataDumpFunction->DDBTable":  model.Allowed,
			"StreamingFunction->DDBTable": model.Allowed,
		},
	},
	{
		// A public function URL: SAM writes both statements a NONE URL
		// needs, so anyone on the internet may call it. The secret's value
		// is a parameter without default (one placeholder).
		file:         "function-url-none-webhook-eventbridge.yaml",
		nodes:        map[string]int{model.TypeLambda: 1, model.TypeIAMRole: 1, model.TypeGeneric: 2, model.TypeInternetHost: 1},
		edges:        []string{"public-internet->WebhookFunction"},
		verdicts:     map[string]model.Verdict{"public-internet->WebhookFunction": model.Allowed},
		placeholders: 1,
	},
	{
		// The HTTP API and the EventBridge rule invoke the orchestrator
		// through Lambda permissions whose SourceArn names them; its role
		// allows four DynamoDB actions on the tenants table it names in
		// TENANTS_TABLE. MicroVM images and network connectors are new
		// types, drawn as generic boxes.
		file: "lambda-microvm-agents-efs-nat-vpce.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 2, model.TypeInternetGateway: 1, model.TypeNATGateway: 1,
			model.TypeRouteTable: 2, model.TypeSecurityGroup: 1, model.TypeVPCEndpoint: 2, model.TypeEFSFileSystem: 1,
			model.TypeIAMRole: 4, model.TypeGeneric: 4, model.TypeDynamoDBTable: 1, model.TypeLambda: 1},
		edges: []string{"HttpApi->OrchestratorFn", "SweeperRule->OrchestratorFn", "OrchestratorFn->TenantsTable"},
		verdicts: map[string]model.Verdict{
			"HttpApi->OrchestratorFn":      model.Unchecked,
			"SweeperRule->OrchestratorFn":  model.Unchecked,
			"OrchestratorFn->TenantsTable": model.Allowed,
		},
		placeholders: 3,
	},
	{
		// The function publishes to the topic SNSPublishMessagePolicy names
		// by GetAtt TopicName; its name is a parameter without default. The
		// logs permission's SourceArn names no resource of the template, and
		// the email subscription is outside AWS (skipped).
		file:         "logs-account-subscription-lambda-sns.yaml",
		nodes:        map[string]int{model.TypeSNSTopic: 1, model.TypeGeneric: 1, model.TypeLambda: 1, model.TypeIAMRole: 1},
		edges:        []string{"NotificationLambda->NotificationTopic"},
		verdicts:     map[string]model.Verdict{"NotificationLambda->NotificationTopic": model.Allowed},
		skipped:      1,
		placeholders: 3,
	},
	{
		// Defaults: two AZs, public and private subnets, NAT gateways, no
		// additional subnets, no flow logs. 51 resources are left out by
		// their conditions. AvailabilityZones has no default: four
		// placeholders, and the subnets have no zone.
		file: "quickstart-vpc-multi-az-conditions.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeGeneric: 2, model.TypeInternetGateway: 1, model.TypeSubnet: 4,
			model.TypeRouteTable: 3, model.TypeNATGateway: 2, model.TypeVPCEndpoint: 1},
		skipped:      51,
		placeholders: 4,
	},
	{
		// Four AZs with the additional NACL-protected subnets: 8 private
		// and 4 public subnets, 4 NAT gateways, 9 route tables, 4 NACLs.
		file: "quickstart-vpc-multi-az-conditions.yaml",
		params: map[string]string{"NumberOfAZs": "4", "CreateAdditionalPrivateSubnets": "true",
			"AvailabilityZones": "us-east-1a,us-east-1b,us-east-1c,us-east-1d"},
		nodes: map[string]int{model.TypeVPC: 1, model.TypeGeneric: 2, model.TypeInternetGateway: 1, model.TypeSubnet: 12,
			model.TypeRouteTable: 9, model.TypeNATGateway: 4, model.TypeNetworkACL: 4, model.TypeVPCEndpoint: 1},
		// Only the flow-log resources are left out.
		skipped: 3,
	},
	{
		// S3 → (custom resource) → SNS → SQS → Lambda. The topic policy
		// lets s3.amazonaws.com publish from the input bucket (SourceArn
		// built from the same Sub as the bucket's name): InputBucket →
		// NotificationTopic. The queue policy lets anyone send with the
		// topic as SourceArn. SAM's SQS events add
		// AWSLambdaSQSQueueExecutionRole, so polling is allowed although
		// SQSPollerPolicy is given an ARN for a name. Functions read the
		// input bucket and write their targets as their policies say.
		file: "s3-sns-sqs-lambda-fileprocessing.yaml",
		nodes: map[string]int{model.TypeS3Bucket: 2, model.TypeSNSTopic: 2, model.TypeSQSQueue: 4, model.TypeLambda: 3,
			model.TypeIAMRole: 3, model.TypeDynamoDBTable: 1, model.TypeGeneric: 10},
		edges: []string{
			"NotificationTopic->ConversionQueue", "NotificationTopic->SentimentQueue",
			"ConversionQueue->ConversionFunction", "SentimentQueue->SentimentFunction",
			"InputBucket->NotificationTopic",
			"ApplyS3NotificationLambdaFunction->ConversionQueue", "ApplyS3NotificationLambdaFunction->SentimentQueue",
			"ApplyS3NotificationLambdaFunction->InputBucket",
			"ConversionFunction->ConversionTargetBucket", "ConversionFunction->InputBucket",
			"SentimentFunction->SentimentTable", "SentimentFunction->InputBucket",
		},
		verdicts: map[string]model.Verdict{
			"NotificationTopic->ConversionQueue": model.Allowed, "NotificationTopic->SentimentQueue": model.Allowed,
			"ConversionQueue->ConversionFunction": model.Allowed, "SentimentQueue->SentimentFunction": model.Allowed,
			"InputBucket->NotificationTopic":                     model.Allowed,
			"ApplyS3NotificationLambdaFunction->ConversionQueue": model.Allowed,
			"ApplyS3NotificationLambdaFunction->InputBucket":     model.Allowed,
			"ConversionFunction->ConversionTargetBucket":         model.Allowed,
			"ConversionFunction->InputBucket":                    model.Allowed,
			"SentimentFunction->SentimentTable":                  model.Allowed,
		},
		skipped:      1,
		placeholders: 1,
	},
	{
		file:  "sam-all-policy-templates.yaml",
		nodes: map[string]int{model.TypeLambda: 1, model.TypeIAMRole: 1},
	},
	{
		file:  "sam-all-policy-templates.expanded.json",
		nodes: map[string]int{model.TypeLambda: 1, model.TypeIAMRole: 1},
	},
	{
		// The caller side of a cross-account pair: the state machine's role
		// may invoke a function in another account whose Region, account
		// and name are parameters without defaults (six placeholders). No
		// function of this template to draw an arrow to.
		file:         "sfn-cross-account-lambda-caller.yaml",
		nodes:        map[string]int{model.TypeIAMRole: 1, model.TypeGeneric: 1},
		placeholders: 6,
	},
	{
		// An isolated VPC with seven interface endpoints that admit HTTPS
		// from the VPC's default security group (made for the reference)
		// and an S3 gateway endpoint.
		file:  "sfn-fargate-vpc-endpoints.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSecurityGroup: 2, model.TypeVPCEndpoint: 8, model.TypeRouteTable: 2, model.TypeSubnet: 2},
	},
	{
		// One topic, six subscriptions to six queues whose policies let SNS
		// send, six SQS events.
		file:  "sns-sqs-lambda-esm-filters.yaml",
		nodes: map[string]int{model.TypeSQSQueue: 6, model.TypeLambda: 6, model.TypeSNSTopic: 1, model.TypeIAMRole: 6},
		edges: []string{
			"EmsSqsFilterSnsTopic->EsmSqsFilterQueueOr", "EmsSqsFilterSnsTopic->EsmSqsFilterQueueAnd",
			"EmsSqsFilterSnsTopic->EsmSqsFilterQueueIP", "EmsSqsFilterSnsTopic->EsmSqsFilterQueueAnythingBut",
			"EmsSqsFilterSnsTopic->EsmSqsFilterQueuePrefix", "EmsSqsFilterSnsTopic->EsmSqsFilterQueueNoFilter",
			"EsmSqsFilterQueueNoFilter->EsmSqsFilterFunctionNoFilter", "EsmSqsFilterQueuePrefix->EsmSqsFilterFunctionPrefix",
			"EsmSqsFilterQueueAnythingBut->EsmSqsFilterFunctionAnythingBut", "EsmSqsFilterQueueIP->EsmSqsFilterFunctionIP",
			"EsmSqsFilterQueueAnd->EsmSqsFilterFunctionAnd", "EsmSqsFilterQueueOr->EsmSqsFilterFunctionOr",
		},
		verdicts: map[string]model.Verdict{
			"EmsSqsFilterSnsTopic->EsmSqsFilterQueueOr":               model.Allowed,
			"EmsSqsFilterSnsTopic->EsmSqsFilterQueueNoFilter":         model.Allowed,
			"EsmSqsFilterQueueOr->EsmSqsFilterFunctionOr":             model.Allowed,
			"EsmSqsFilterQueueNoFilter->EsmSqsFilterFunctionNoFilter": model.Allowed,
		},
	},
	{
		// The function runs on Lambda Managed Instances: drawn in the
		// capacity provider's VPC, without Hyperplane VPC configuration
		// (skipped 1). SQSPollerPolicy on the queue's name lets the mapping
		// poll.
		file: "sqs-lmi-capacity-provider-esm.yaml",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 3, model.TypeInternetGateway: 1, model.TypeNATGateway: 1,
			model.TypeRouteTable: 2, model.TypeSecurityGroup: 1, model.TypeGeneric: 2, model.TypeSQSQueue: 2,
			model.TypeLambda: 1, model.TypeIAMRole: 1},
		edges:    []string{"MessageQueue->ProcessorFunction"},
		verdicts: map[string]model.Verdict{"MessageQueue->ProcessorFunction": model.Allowed},
		skipped:  1,
	},
	{
		file: "vpc-2az-managed-nat-nacl.json",
		nodes: map[string]int{model.TypeVPC: 1, model.TypeSubnet: 4, model.TypeInternetGateway: 1, model.TypeNATGateway: 2,
			model.TypeRouteTable: 3, model.TypeNetworkACL: 1},
	},
	{
		// The REST API invokes both handlers (permissions with SourceArn on
		// RestApi); CloudFront reads the content bucket (its policy names
		// the distribution in AWS:SourceArn); the test handler's role
		// policy allows seven DynamoDB actions on its table.
		file: "webapp-cloudfront-cognito-apigw-dynamodb.json",
		nodes: map[string]int{model.TypeDynamoDBTable: 1, model.TypeGeneric: 16, model.TypeS3Bucket: 6, model.TypeIAMRole: 4,
			model.TypeLambda: 2},
		edges: []string{"RestApi->TestResourceHandler", "RestApi->JwtResourceHandler", "SiteDistribution->SiteContentBucket",
			"TestResourceHandler->TestTable"},
		verdicts: map[string]model.Verdict{
			"RestApi->TestResourceHandler":        model.Unchecked,
			"SiteDistribution->SiteContentBucket": model.Unchecked,
			"TestResourceHandler->TestTable":      model.Allowed,
		},
	},
}

func TestTemplates(t *testing.T) {
	for _, tc := range templateCases {
		name := tc.file
		if tc.params != nil {
			name += " with parameters"
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			d, rep := importOK(t, string(data), tc.params)
			assert.Equal(t, tc.nodes, rep.Nodes)
			byKey := map[string]string{}
			var edges []string
			for _, e := range d.Edges {
				k := e.From + "->" + e.To
				byKey[k] = e.ID
				edges = append(edges, k)
			}
			assert.Equal(t, tc.edges, edges)
			assert.Len(t, rep.Inferred, len(d.Edges), "every arrow is in the report")
			assert.Len(t, rep.Skipped, tc.skipped, "%v", skippedPaths(rep))
			assert.Len(t, rep.Placeholders, tc.placeholders)

			_, an := analyze.Validate(model.Encode(d))
			require.Empty(t, an.Problems, "the imported design must be analysable")
			got := map[string]model.Verdict{}
			for _, e := range an.Edges {
				got[e.ID] = e.Verdict
			}
			for k, want := range tc.verdicts {
				id, ok := byKey[k]
				require.True(t, ok, "no arrow %s", k)
				assert.Equal(t, want, got[id], k)
			}
		})
	}
}

// TestEveryTemplateImports is the blanket check: every file in testdata
// that is a template imports into a design that decodes.
func TestEveryTemplateImports(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, tc := range templateCases {
		seen[tc.file] = true
	}
	n := 0
	for _, f := range files {
		if filepath.Ext(f) == ".md" {
			continue
		}
		n++
		assert.True(t, seen[filepath.Base(f)], "%s has no expected values in templateCases", f)
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		importOK(t, string(data), nil)
	}
	assert.Equal(t, 20, n)
}
