package cfn

// This table was derived from the SAM translator's expected output for its
// all_policy_templates test (testdata/sam-all-policy-templates.expanded.json),
// plus the templates that test does not cover, written from the SAM policy
// template documentation. TestSAMPolicyTemplates checks it against the
// expanded output.

// samPolicyTemplates maps a SAM policy template name to its parameters and statements. In
// resources and condition values, ${Param} stands for a parameter; the other ${...} are
// pseudo parameters, resolved as in Fn::Sub.
var samPolicyTemplates = map[string]samTemplate{
	"AMIDescribePolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"ec2:DescribeImages"}, resources: []string{"*"}},
		},
	},
	"AWSSecretsManagerGetSecretValuePolicy": {
		params: []string{"SecretArn"},
		statements: []samStatement{
			{actions: []string{"secretsmanager:GetSecretValue"}, resources: []string{"${SecretArn}"}},
		},
	},
	"AWSSecretsManagerRotationPolicy": {
		params: []string{"FunctionName"},
		statements: []samStatement{
			{actions: []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"}, resources: []string{"arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*"}, condKey: "secretsmanager:resource/AllowRotationLambdaArn", condValue: "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}"},
			{actions: []string{"secretsmanager:GetRandomPassword"}, resources: []string{"*"}},
		},
	},
	"AcmGetCertificatePolicy": {
		params: []string{"CertificateArn"},
		statements: []samStatement{
			{actions: []string{"acm:GetCertificate"}, resources: []string{"${CertificateArn}"}},
		},
	},
	"AthenaQueryPolicy": {
		params: []string{"WorkGroupName"},
		statements: []samStatement{
			{actions: []string{"athena:ListWorkGroups", "athena:GetExecutionEngine", "athena:GetExecutionEngines", "athena:GetNamespace", "athena:GetCatalogs", "athena:GetNamespaces", "athena:GetTables", "athena:GetTable"}, resources: []string{"*"}},
			{actions: []string{"athena:StartQueryExecution", "athena:GetQueryResults", "athena:DeleteNamedQuery", "athena:GetNamedQuery", "athena:ListQueryExecutions", "athena:StopQueryExecution", "athena:GetQueryResultsStream", "athena:ListNamedQueries", "athena:CreateNamedQuery", "athena:GetQueryExecution", "athena:BatchGetNamedQuery", "athena:BatchGetQueryExecution", "athena:GetWorkGroup"}, resources: []string{"arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${WorkGroupName}"}},
		},
	},
	"CloudFormationDescribeStacksPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"cloudformation:DescribeStacks"}, resources: []string{"arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*"}},
		},
	},
	"CloudWatchDashboardPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"cloudwatch:GetDashboard", "cloudwatch:ListDashboards", "cloudwatch:PutDashboard", "cloudwatch:ListMetrics"}, resources: []string{"*"}},
		},
	},
	"CloudWatchDescribeAlarmHistoryPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"cloudwatch:DescribeAlarmHistory"}, resources: []string{"*"}},
		},
	},
	"CloudWatchPutMetricPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"cloudwatch:PutMetricData"}, resources: []string{"*"}},
		},
	},
	"CodeCommitCrudPolicy": {
		params: []string{"RepositoryName"},
		statements: []samStatement{
			{actions: []string{"codecommit:GitPull", "codecommit:GitPush", "codecommit:CreateBranch", "codecommit:DeleteBranch", "codecommit:GetBranch", "codecommit:ListBranches", "codecommit:MergeBranchesByFastForward", "codecommit:MergeBranchesBySquash", "codecommit:MergeBranchesByThreeWay", "codecommit:UpdateDefaultBranch", "codecommit:BatchDescribeMergeConflicts", "codecommit:CreateUnreferencedMergeCommit", "codecommit:DescribeMergeConflicts", "codecommit:GetMergeCommit", "codecommit:GetMergeOptions", "codecommit:BatchGetPullRequests", "codecommit:CreatePullRequest", "codecommit:DescribePullRequestEvents", "codecommit:GetCommentsForPullRequest", "codecommit:GetCommitsFromMergeBase", "codecommit:GetMergeConflicts", "codecommit:GetPullRequest", "codecommit:ListPullRequests", "codecommit:MergePullRequestByFastForward", "codecommit:MergePullRequestBySquash", "codecommit:MergePullRequestByThreeWay", "codecommit:PostCommentForPullRequest", "codecommit:UpdatePullRequestDescription", "codecommit:UpdatePullRequestStatus", "codecommit:UpdatePullRequestTitle", "codecommit:DeleteFile", "codecommit:GetBlob", "codecommit:GetFile", "codecommit:GetFolder", "codecommit:PutFile", "codecommit:DeleteCommentContent", "codecommit:GetComment", "codecommit:GetCommentsForComparedCommit", "codecommit:PostCommentForComparedCommit", "codecommit:PostCommentReply", "codecommit:UpdateComment", "codecommit:BatchGetCommits", "codecommit:CreateCommit", "codecommit:GetCommit", "codecommit:GetCommitHistory", "codecommit:GetDifferences", "codecommit:GetObjectIdentifier", "codecommit:GetReferences", "codecommit:GetTree", "codecommit:GetRepository", "codecommit:UpdateRepositoryDescription", "codecommit:ListTagsForResource", "codecommit:TagResource", "codecommit:UntagResource", "codecommit:GetRepositoryTriggers", "codecommit:PutRepositoryTriggers", "codecommit:TestRepositoryTriggers", "codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive", "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive"}, resources: []string{"arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${RepositoryName}"}},
		},
	},
	"CodeCommitReadPolicy": {
		params: []string{"RepositoryName"},
		statements: []samStatement{
			{actions: []string{"codecommit:GitPull", "codecommit:GetBranch", "codecommit:ListBranches", "codecommit:BatchDescribeMergeConflicts", "codecommit:DescribeMergeConflicts", "codecommit:GetMergeCommit", "codecommit:GetMergeOptions", "codecommit:BatchGetPullRequests", "codecommit:DescribePullRequestEvents", "codecommit:GetCommentsForPullRequest", "codecommit:GetCommitsFromMergeBase", "codecommit:GetMergeConflicts", "codecommit:GetPullRequest", "codecommit:ListPullRequests", "codecommit:GetBlob", "codecommit:GetFile", "codecommit:GetFolder", "codecommit:GetComment", "codecommit:GetCommentsForComparedCommit", "codecommit:BatchGetCommits", "codecommit:GetCommit", "codecommit:GetCommitHistory", "codecommit:GetDifferences", "codecommit:GetObjectIdentifier", "codecommit:GetReferences", "codecommit:GetTree", "codecommit:GetRepository", "codecommit:ListTagsForResource", "codecommit:GetRepositoryTriggers", "codecommit:TestRepositoryTriggers", "codecommit:GetBranch", "codecommit:GetCommit", "codecommit:GetUploadArchiveStatus"}, resources: []string{"arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${RepositoryName}"}},
		},
	},
	"CodePipelineLambdaExecutionPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"}, resources: []string{"*"}},
		},
	},
	"CodePipelineReadOnlyPolicy": {
		params: []string{"PipelineName"},
		statements: []samStatement{
			{actions: []string{"codepipeline:ListPipelineExecutions"}, resources: []string{"arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${PipelineName}"}},
		},
	},
	"ComprehendBasicAccessPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"comprehend:BatchDetectKeyPhrases", "comprehend:DetectDominantLanguage", "comprehend:DetectEntities", "comprehend:BatchDetectEntities", "comprehend:DetectKeyPhrases", "comprehend:DetectSentiment", "comprehend:BatchDetectDominantLanguage", "comprehend:BatchDetectSentiment"}, resources: []string{"*"}},
		},
	},
	"CostExplorerReadOnlyPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"ce:GetCostAndUsage", "ce:GetDimensionValues", "ce:GetReservationCoverage", "ce:GetReservationPurchaseRecommendation", "ce:GetReservationUtilization", "ce:GetTags"}, resources: []string{"*"}},
		},
	},
	"DynamoDBBackupFullAccessPolicy": {
		params: []string{"TableName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:CreateBackup", "dynamodb:DescribeContinuousBackups"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}"}},
			{actions: []string{"dynamodb:DeleteBackup", "dynamodb:DescribeBackup", "dynamodb:ListBackups"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/backup/*"}},
		},
	},
	"DynamoDBCrudPolicy": {
		params: []string{"TableName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}", "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"}},
		},
	},
	"DynamoDBReadPolicy": {
		params: []string{"TableName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}", "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"}},
		},
	},
	"DynamoDBReconfigurePolicy": {
		params: []string{"TableName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:UpdateTable"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}"}},
		},
	},
	"DynamoDBRestoreFromBackupPolicy": {
		params: []string{"TableName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:RestoreTableFromBackup"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/backup/*"}},
			{actions: []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}"}},
		},
	},
	"DynamoDBStreamReadPolicy": {
		params: []string{"TableName", "StreamName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/stream/${StreamName}"}},
			{actions: []string{"dynamodb:ListStreams"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/stream/*"}},
		},
	},
	"DynamoDBWritePolicy": {
		params: []string{"TableName"},
		statements: []samStatement{
			{actions: []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}, resources: []string{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}", "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"}},
		},
	},
	"EC2CopyImagePolicy": {
		params: []string{"ImageId"},
		statements: []samStatement{
			{actions: []string{"ec2:CopyImage"}, resources: []string{"arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:image/${ImageId}"}},
		},
	},
	"EC2DescribePolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"ec2:DescribeRegions", "ec2:DescribeInstances"}, resources: []string{"*"}},
		},
	},
	"EFSWriteAccessPolicy": {
		params: []string{"FileSystem", "AccessPoint"},
		statements: []samStatement{
			{actions: []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"}, resources: []string{"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}"}, condKey: "elasticfilesystem:AccessPointArn", condValue: "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${AccessPoint}"},
		},
	},
	"EKSDescribePolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"eks:DescribeCluster", "eks:ListClusters"}, resources: []string{"*"}},
		},
	},
	"EcsRunTaskPolicy": {
		params: []string{"TaskDefinition"},
		statements: []samStatement{
			{actions: []string{"ecs:RunTask"}, resources: []string{"arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/${TaskDefinition}"}},
		},
	},
	"ElasticMapReduceAddJobFlowStepsPolicy": {
		params: []string{"ClusterId"},
		statements: []samStatement{
			{actions: []string{"elasticmapreduce:AddJobFlowSteps"}, resources: []string{"arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterId}"}},
		},
	},
	"ElasticMapReduceCancelStepsPolicy": {
		params: []string{"ClusterId"},
		statements: []samStatement{
			{actions: []string{"elasticmapreduce:CancelSteps"}, resources: []string{"arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterId}"}},
		},
	},
	"ElasticMapReduceModifyInstanceFleetPolicy": {
		params: []string{"ClusterId"},
		statements: []samStatement{
			{actions: []string{"elasticmapreduce:ModifyInstanceFleet", "elasticmapreduce:ListInstanceFleets"}, resources: []string{"arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterId}"}},
		},
	},
	"ElasticMapReduceModifyInstanceGroupsPolicy": {
		params: []string{"ClusterId"},
		statements: []samStatement{
			{actions: []string{"elasticmapreduce:ModifyInstanceGroups", "elasticmapreduce:ListInstanceGroups"}, resources: []string{"arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterId}"}},
		},
	},
	"ElasticMapReduceSetTerminationProtectionPolicy": {
		params: []string{"ClusterId"},
		statements: []samStatement{
			{actions: []string{"elasticmapreduce:SetTerminationProtection"}, resources: []string{"arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterId}"}},
		},
	},
	"ElasticMapReduceTerminateJobFlowsPolicy": {
		params: []string{"ClusterId"},
		statements: []samStatement{
			{actions: []string{"elasticmapreduce:TerminateJobFlows"}, resources: []string{"arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterId}"}},
		},
	},
	"ElasticsearchHttpPostPolicy": {
		params: []string{"DomainName"},
		statements: []samStatement{
			{actions: []string{"es:ESHttpPost", "es:ESHttpPut"}, resources: []string{"arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/${DomainName}/*"}},
		},
	},
	"EventBridgePutEventsPolicy": {
		params: []string{"EventBusName"},
		statements: []samStatement{
			{actions: []string{"events:PutEvents"}, resources: []string{"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${EventBusName}"}},
		},
	},
	"FilterLogEventsPolicy": {
		params: []string{"LogGroupName"},
		statements: []samStatement{
			{actions: []string{"logs:FilterLogEvents"}, resources: []string{"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroupName}:log-stream:*"}},
		},
	},
	"FirehoseCrudPolicy": {
		params: []string{"DeliveryStreamName"},
		statements: []samStatement{
			{actions: []string{"firehose:CreateDeliveryStream", "firehose:DeleteDeliveryStream", "firehose:DescribeDeliveryStream", "firehose:PutRecord", "firehose:PutRecordBatch", "firehose:UpdateDestination"}, resources: []string{"arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/${DeliveryStreamName}"}},
		},
	},
	"FirehoseWritePolicy": {
		params: []string{"DeliveryStreamName"},
		statements: []samStatement{
			{actions: []string{"firehose:PutRecord", "firehose:PutRecordBatch"}, resources: []string{"arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/${DeliveryStreamName}"}},
		},
	},
	"KMSDecryptPolicy": {
		params: []string{"KeyId"},
		statements: []samStatement{
			{actions: []string{"kms:Decrypt"}, resources: []string{"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}"}},
		},
	},
	"KMSEncryptPolicy": {
		params: []string{"KeyId"},
		statements: []samStatement{
			{actions: []string{"kms:Encrypt"}, resources: []string{"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}"}},
		},
	},
	"KMSEncryptPolicy_v2": {
		params: []string{"KeyId"},
		statements: []samStatement{
			{actions: []string{"kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext"}, resources: []string{"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}"}},
		},
	},
	"KinesisCrudPolicy": {
		params: []string{"StreamName"},
		statements: []samStatement{
			{actions: []string{"kinesis:AddTagsToStream", "kinesis:CreateStream", "kinesis:DecreaseStreamRetentionPeriod", "kinesis:DeleteStream", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:IncreaseStreamRetentionPeriod", "kinesis:ListTagsForStream", "kinesis:MergeShards", "kinesis:PutRecord", "kinesis:PutRecords", "kinesis:SplitShard", "kinesis:RemoveTagsFromStream"}, resources: []string{"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${StreamName}"}},
		},
	},
	"KinesisStreamReadPolicy": {
		params: []string{"StreamName"},
		statements: []samStatement{
			{actions: []string{"kinesis:ListStreams", "kinesis:DescribeLimits"}, resources: []string{"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*"}},
			{actions: []string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator"}, resources: []string{"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${StreamName}"}},
		},
	},
	"LambdaInvokePolicy": {
		params: []string{"FunctionName"},
		statements: []samStatement{
			{actions: []string{"lambda:InvokeFunction"}, resources: []string{"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*"}},
		},
	},
	"MobileAnalyticsWriteOnlyAccessPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"mobileanalytics:PutEvents"}, resources: []string{"*"}},
		},
	},
	"OrganizationsListAccountsPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"organizations:ListAccounts"}, resources: []string{"*"}},
		},
	},
	"PinpointEndpointAccessPolicy": {
		params: []string{"PinpointApplicationId"},
		statements: []samStatement{
			{actions: []string{"mobiletargeting:GetEndpoint", "mobiletargeting:UpdateEndpoint", "mobiletargeting:UpdateEndpointsBatch"}, resources: []string{"arn:${AWS::Partition}:mobiletargeting:${AWS::Region}:${AWS::AccountId}:apps/${PinpointApplicationId}/endpoints/*"}},
		},
	},
	"PollyFullAccessPolicy": {
		params: []string{"LexiconName"},
		statements: []samStatement{
			{actions: []string{"polly:GetLexicon", "polly:DeleteLexicon"}, resources: []string{"arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/${LexiconName}"}},
			{actions: []string{"polly:DescribeVoices", "polly:ListLexicons", "polly:PutLexicon", "polly:SynthesizeSpeech"}, resources: []string{"arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/*"}},
		},
	},
	"RekognitionDetectOnlyPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"rekognition:DetectFaces", "rekognition:DetectLabels", "rekognition:DetectModerationLabels", "rekognition:DetectText"}, resources: []string{"*"}},
		},
	},
	"RekognitionFacesManagementPolicy": {
		params: []string{"CollectionId"},
		statements: []samStatement{
			{actions: []string{"rekognition:IndexFaces", "rekognition:DeleteFaces", "rekognition:SearchFaces", "rekognition:SearchFacesByImage", "rekognition:ListFaces"}, resources: []string{"arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${CollectionId}"}},
		},
	},
	"RekognitionFacesPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"rekognition:CompareFaces", "rekognition:DetectFaces"}, resources: []string{"*"}},
		},
	},
	"RekognitionLabelsPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"rekognition:DetectLabels", "rekognition:DetectModerationLabels"}, resources: []string{"*"}},
		},
	},
	"RekognitionNoDataAccessPolicy": {
		params: []string{"CollectionId"},
		statements: []samStatement{
			{actions: []string{"rekognition:CompareFaces", "rekognition:DetectFaces", "rekognition:DetectLabels", "rekognition:DetectModerationLabels"}, resources: []string{"arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${CollectionId}"}},
		},
	},
	"RekognitionReadPolicy": {
		params: []string{"CollectionId"},
		statements: []samStatement{
			{actions: []string{"rekognition:ListCollections", "rekognition:ListFaces", "rekognition:SearchFaces", "rekognition:SearchFacesByImage"}, resources: []string{"arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${CollectionId}"}},
		},
	},
	"RekognitionWriteOnlyAccessPolicy": {
		params: []string{"CollectionId"},
		statements: []samStatement{
			{actions: []string{"rekognition:CreateCollection", "rekognition:IndexFaces"}, resources: []string{"arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${CollectionId}"}},
		},
	},
	"Route53ChangeResourceRecordSetsPolicy": {
		params: []string{"HostedZoneId"},
		statements: []samStatement{
			{actions: []string{"route53:ChangeResourceRecordSets"}, resources: []string{"arn:${AWS::Partition}:route53:::hostedzone/${HostedZoneId}"}},
		},
	},
	"S3CrudPolicy": {
		params: []string{"BucketName"},
		statements: []samStatement{
			{actions: []string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:DeleteObject"}, resources: []string{"arn:${AWS::Partition}:s3:::${BucketName}", "arn:${AWS::Partition}:s3:::${BucketName}/*"}},
		},
	},
	"S3FullAccessPolicy": {
		params: []string{"BucketName"},
		statements: []samStatement{
			{actions: []string{"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"}, resources: []string{"arn:${AWS::Partition}:s3:::${BucketName}/*"}},
			{actions: []string{"s3:ListBucket", "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"}, resources: []string{"arn:${AWS::Partition}:s3:::${BucketName}"}},
		},
	},
	"S3ReadPolicy": {
		params: []string{"BucketName"},
		statements: []samStatement{
			{actions: []string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"}, resources: []string{"arn:${AWS::Partition}:s3:::${BucketName}", "arn:${AWS::Partition}:s3:::${BucketName}/*"}},
		},
	},
	"S3WritePolicy": {
		params: []string{"BucketName"},
		statements: []samStatement{
			{actions: []string{"s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"}, resources: []string{"arn:${AWS::Partition}:s3:::${BucketName}", "arn:${AWS::Partition}:s3:::${BucketName}/*"}},
		},
	},
	"SESBulkTemplatedCrudPolicy": {
		params: []string{"IdentityName"},
		statements: []samStatement{
			{actions: []string{"ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail", "ses:VerifyEmailIdentity"}, resources: []string{"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}},
		},
	},
	"SESBulkTemplatedCrudPolicy_v2": {
		params: []string{"IdentityName", "TemplateName"},
		statements: []samStatement{
			{actions: []string{"ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail"}, resources: []string{"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}", "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:template/${TemplateName}"}},
			{actions: []string{"ses:GetIdentityVerificationAttributes", "ses:VerifyEmailIdentity"}, resources: []string{"*"}},
		},
	},
	"SESCrudPolicy": {
		params: []string{"IdentityName"},
		statements: []samStatement{
			{actions: []string{"ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:VerifyEmailIdentity"}, resources: []string{"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}},
		},
	},
	"SESEmailTemplateCrudPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"ses:CreateTemplate", "ses:GetTemplate", "ses:ListTemplates", "ses:UpdateTemplate", "ses:DeleteTemplate", "ses:TestRenderTemplate"}, resources: []string{"*"}},
		},
	},
	"SESSendBouncePolicy": {
		params: []string{"IdentityName"},
		statements: []samStatement{
			{actions: []string{"ses:SendBounce"}, resources: []string{"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}},
		},
	},
	"SNSCrudPolicy": {
		params: []string{"TopicName"},
		statements: []samStatement{
			{actions: []string{"sns:ListSubscriptionsByTopic", "sns:CreateTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Publish"}, resources: []string{"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}*"}},
		},
	},
	"SNSPublishMessagePolicy": {
		params: []string{"TopicName"},
		statements: []samStatement{
			{actions: []string{"sns:Publish"}, resources: []string{"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}"}},
		},
	},
	"SQSPollerPolicy": {
		params: []string{"QueueName"},
		statements: []samStatement{
			{actions: []string{"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"}, resources: []string{"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}"}},
		},
	},
	"SQSSendMessagePolicy": {
		params: []string{"QueueName"},
		statements: []samStatement{
			{actions: []string{"sqs:SendMessage*"}, resources: []string{"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}"}},
		},
	},
	"SSMParameterReadPolicy": {
		params: []string{"ParameterName"},
		statements: []samStatement{
			{actions: []string{"ssm:DescribeParameters"}, resources: []string{"*"}},
			{actions: []string{"ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"}, resources: []string{"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${ParameterName}"}},
		},
	},
	"SSMParameterWithSlashPrefixReadPolicy": {
		params: []string{"ParameterName"},
		statements: []samStatement{
			{actions: []string{"ssm:DescribeParameters"}, resources: []string{"*"}},
			{actions: []string{"ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"}, resources: []string{"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParameterName}"}},
		},
	},
	"SageMakerCreateEndpointConfigPolicy": {
		params: []string{"EndpointConfigName"},
		statements: []samStatement{
			{actions: []string{"sagemaker:CreateEndpointConfig"}, resources: []string{"arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint-config/${EndpointConfigName}"}},
		},
	},
	"SageMakerCreateEndpointPolicy": {
		params: []string{"EndpointName"},
		statements: []samStatement{
			{actions: []string{"sagemaker:CreateEndpoint"}, resources: []string{"arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/${EndpointName}"}},
		},
	},
	"ServerlessRepoReadWriteAccessPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"serverlessrepo:CreateApplication", "serverlessrepo:CreateApplicationVersion", "serverlessrepo:UpdateApplication", "serverlessrepo:GetApplication", "serverlessrepo:ListApplications", "serverlessrepo:ListApplicationVersions", "serverlessrepo:ListApplicationDependencies"}, resources: []string{"arn:${AWS::Partition}:serverlessrepo:${AWS::Region}:${AWS::AccountId}:applications/*"}},
		},
	},
	"StepFunctionsCallbackPolicy": {
		params: []string{"StateMachineName"},
		statements: []samStatement{
			{actions: []string{"states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"}, resources: []string{"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}"}},
		},
	},
	"StepFunctionsExecutionPolicy": {
		params: []string{"StateMachineName"},
		statements: []samStatement{
			{actions: []string{"states:StartExecution"}, resources: []string{"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}"}},
		},
	},
	"StepFunctionsExecutionPolicy_v2": {
		params: []string{"StateMachineName"},
		statements: []samStatement{
			{actions: []string{"states:StartExecution", "states:StartSyncExecution"}, resources: []string{"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}"}},
		},
	},
	"TextractDetectAnalyzePolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"textract:DetectDocumentText", "textract:StartDocumentTextDetection", "textract:StartDocumentAnalysis", "textract:AnalyzeDocument"}, resources: []string{"*"}},
		},
	},
	"TextractGetResultPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"textract:GetDocumentTextDetection", "textract:GetDocumentAnalysis"}, resources: []string{"*"}},
		},
	},
	"TextractPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"textract:*"}, resources: []string{"*"}},
		},
	},
	"VPCAccessPolicy": {
		params: []string{},
		statements: []samStatement{
			{actions: []string{"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DetachNetworkInterface"}, resources: []string{"*"}},
		},
	},
}
