package cfn

import (
	"strings"

	"archway/model"
)

// What Ref returns for a resource type.
const (
	refID   = iota // an id (vpc-..., sg-...): Archway uses the node id
	refName        // the physical name
	refARN         // the ARN
	refURL         // the queue URL (SQS)
)

// kind describes how the import treats one CloudFormation resource type.
type kind struct {
	// node is the archway/v1 type the resource becomes; "" when the
	// resource is folded into another node (a route into its table).
	node string
	// nameProp is the property that holds the physical name.
	nameProp string
	ref      int
}

var kinds = map[string]kind{
	"AWS::EC2::VPC":                         {node: model.TypeVPC},
	"AWS::EC2::Subnet":                      {node: model.TypeSubnet},
	"AWS::EC2::RouteTable":                  {node: model.TypeRouteTable},
	"AWS::EC2::Route":                       {},
	"AWS::EC2::SubnetRouteTableAssociation": {},
	"AWS::EC2::InternetGateway":             {node: model.TypeInternetGateway},
	"AWS::EC2::VPCGatewayAttachment":        {},
	"AWS::EC2::NatGateway":                  {node: model.TypeNATGateway},
	"AWS::EC2::EIP":                         {node: model.TypeGeneric}, // folded into its NAT gateway when it has one
	"AWS::EC2::VPCEndpoint":                 {node: model.TypeVPCEndpoint},
	"AWS::EC2::SecurityGroup":               {node: model.TypeSecurityGroup},
	"AWS::EC2::SecurityGroupIngress":        {},
	"AWS::EC2::SecurityGroupEgress":         {},
	"AWS::EC2::NetworkAcl":                  {node: model.TypeNetworkACL},
	"AWS::EC2::NetworkAclEntry":             {},
	"AWS::EC2::SubnetNetworkAclAssociation": {},
	"AWS::EC2::Instance":                    {node: model.TypeEC2Instance},
	"AWS::Lambda::Function":                 {node: model.TypeLambda, nameProp: "FunctionName", ref: refName},
	"AWS::Lambda::Permission":               {},
	"AWS::Lambda::Url":                      {ref: refARN},
	"AWS::Lambda::EventSourceMapping":       {},
	"AWS::Lambda::Alias":                    {ref: refARN},
	"AWS::IAM::Role":                        {node: model.TypeIAMRole, nameProp: "RoleName", ref: refName},
	"AWS::IAM::User":                        {node: model.TypeIAMUser, nameProp: "UserName", ref: refName},
	"AWS::IAM::Policy":                      {nameProp: "PolicyName", ref: refName},
	"AWS::IAM::RolePolicy":                  {nameProp: "PolicyName", ref: refName},
	"AWS::IAM::ManagedPolicy":               {nameProp: "ManagedPolicyName", ref: refARN},
	"AWS::DynamoDB::Table":                  {node: model.TypeDynamoDBTable, nameProp: "TableName", ref: refName},
	"AWS::S3::Bucket":                       {node: model.TypeS3Bucket, nameProp: "BucketName", ref: refName},
	"AWS::S3::BucketPolicy":                 {},
	"AWS::SQS::Queue":                       {node: model.TypeSQSQueue, nameProp: "QueueName", ref: refURL},
	"AWS::SQS::QueuePolicy":                 {},
	"AWS::SNS::Topic":                       {node: model.TypeSNSTopic, nameProp: "TopicName", ref: refARN},
	"AWS::SNS::Subscription":                {ref: refARN},
	"AWS::SNS::TopicPolicy":                 {},
	"AWS::RDS::DBCluster":                   {node: model.TypeRDSCluster, nameProp: "DBClusterIdentifier", ref: refName},
	"AWS::RDS::DBInstance":                  {node: model.TypeRDSCluster, nameProp: "DBInstanceIdentifier", ref: refName}, // folded into its cluster when it has one
	"AWS::RDS::DBSubnetGroup":               {nameProp: "DBSubnetGroupName", ref: refName},
	"AWS::EFS::FileSystem":                  {node: model.TypeEFSFileSystem},
	"AWS::EFS::MountTarget":                 {},
	"AWS::Logs::LogGroup":                   {node: model.TypeCloudWatchLogs, nameProp: "LogGroupName", ref: refName},
}

// genericNames are the name properties of some types Archway draws as
// generic boxes, so that their Ref and ARN read as AWS would write them.
var genericNames = map[string]string{
	"AWS::Events::Rule":                    "Name",
	"AWS::Events::EventBus":                "Name",
	"AWS::StepFunctions::StateMachine":     "StateMachineName",
	"AWS::Kinesis::Stream":                 "Name",
	"AWS::SecretsManager::Secret":          "Name",
	"AWS::Neptune::DBCluster":              "DBClusterIdentifier",
	"AWS::ElastiCache::CacheCluster":       "ClusterName",
	"AWS::OpenSearchService::Domain":       "DomainName",
	"AWS::Elasticsearch::Domain":           "DomainName",
	"AWS::ApiGatewayV2::Api":               "Name",
	"AWS::ApiGateway::RestApi":             "Name",
	"AWS::KinesisFirehose::DeliveryStream": "DeliveryStreamName",
	"AWS::SSM::Parameter":                  "Name",
	"AWS::CloudWatch::Alarm":               "AlarmName",
	"AWS::ECS::Cluster":                    "ClusterName",
}

// genericRefARN are types Archway draws as generic boxes whose Ref returns
// an ARN rather than a name or id.
var genericRefARN = map[string]bool{
	"AWS::SecretsManager::Secret":               true,
	"AWS::StepFunctions::StateMachine":          true,
	"AWS::Serverless::StateMachine":             true,
	"AWS::Lambda::LayerVersion":                 true,
	"AWS::Serverless::LayerVersion":             true,
	"AWS::Lambda::Version":                      true,
	"AWS::ElasticLoadBalancingV2::LoadBalancer": true,
	"AWS::ElasticLoadBalancingV2::TargetGroup":  true,
	"AWS::ElasticLoadBalancingV2::Listener":     true,
	"AWS::CloudFormation::Stack":                true,
	"AWS::CertificateManager::Certificate":      true,
	"AWS::Batch::JobQueue":                      true,
	"AWS::Batch::JobDefinition":                 true,
}

// kindOf returns how a type is imported: known types by the table, anything
// else as a generic box.
func kindOf(typ string) kind {
	if k, ok := kinds[typ]; ok {
		return k
	}
	k := kind{node: model.TypeGeneric, nameProp: genericNames[typ], ref: refName}
	if genericRefARN[typ] {
		k.ref = refARN
	}
	return k
}

// databases are generic types a function connects to over the network, so
// a VPC function that refers to one gets a connection arrow.
var databases = map[string]bool{
	"AWS::Neptune::DBCluster":            true,
	"AWS::Neptune::DBInstance":           true,
	"AWS::ElastiCache::CacheCluster":     true,
	"AWS::ElastiCache::ReplicationGroup": true,
	"AWS::ElastiCache::ServerlessCache":  true,
	"AWS::MemoryDB::Cluster":             true,
	"AWS::DocDB::DBCluster":              true,
	"AWS::DocDB::DBInstance":             true,
	"AWS::OpenSearchService::Domain":     true,
	"AWS::Elasticsearch::Domain":         true,
	"AWS::Redshift::Cluster":             true,
	"AWS::RDS::DBProxy":                  true,
}

// serviceOfType is the ARN service of a CloudFormation type
// ("AWS::Events::Rule" → "events").
func serviceOfType(typ string) string {
	parts := strings.Split(typ, "::")
	if len(parts) < 2 {
		return "custom"
	}
	switch svc := strings.ToLower(parts[1]); svc {
	case "stepfunctions":
		return "states"
	case "opensearchservice", "elasticsearch":
		return "es"
	case "apigateway", "apigatewayv2":
		return "apigateway"
	case "cloudwatch":
		return "cloudwatch"
	case "kinesisfirehose":
		return "firehose"
	default:
		return svc
	}
}
