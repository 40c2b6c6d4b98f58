package cfn

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// normalizeDoc writes every Action and Resource of a policy document as a
// list, so that two ways of writing the same document compare equal.
func normalizeDoc(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	for _, s := range anyList(doc["Statement"]) {
		m := s.(map[string]any)
		for _, k := range []string{"Action", "Resource"} {
			m[k] = anyList(m[k])
		}
	}
	doc["Statement"] = anyList(doc["Statement"])
	return doc
}

// TestSAMPolicyTemplates expands every SAM policy template of the SAM
// translator's test input and compares the role with the translator's own
// expected output, imported as a plain CloudFormation template.
func TestSAMPolicyTemplates(t *testing.T) {
	read := func(name string) *model.Design {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		d, _ := importOK(t, string(data), nil)
		return d
	}
	got := nodeByID(t, read("sam-all-policy-templates.yaml"), "KitchenSinkFunctionRole")
	want := nodeByID(t, read("sam-all-policy-templates.expanded.json"), "KitchenSinkFunctionRole")
	assert.Equal(t, want.ManagedPolicies, got.ManagedPolicies)
	assert.JSONEq(t, string(want.Trust), string(got.Trust))

	var gotDocs, wantDocs map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(got.Policies, &gotDocs))
	require.NoError(t, json.Unmarshal(want.Policies, &wantDocs))
	require.Len(t, wantDocs, 65, "the translator's test uses 65 templates")
	require.Len(t, gotDocs, len(wantDocs))
	for name, doc := range wantDocs {
		require.Contains(t, gotDocs, name)
		assert.Equal(t, normalizeDoc(t, doc), normalizeDoc(t, gotDocs[name]), name)
	}
}

func TestSAMFunctions(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, d *model.Design, r *Report)
	}{
		{"Globals merge into functions", `
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
    Environment: {Variables: {STAGE: prod, TABLE: !Ref Table}}
Resources:
  Table: {Type: AWS::Serverless::SimpleTable, Properties: {TableName: cats}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Environment: {Variables: {EXTRA: "1"}}
      Policies: [DynamoDBReadPolicy: {TableName: !Ref Table}]`,
			func(t *testing.T, d *model.Design, r *Report) {
				fn := nodeByID(t, d, "Fn")
				assert.Equal(t, "nodejs20.x", fn.Runtime, "the function's own value wins")
				assert.Equal(t, "Active", fn.Tracing)
				assert.Equal(t, "cats", nodeByID(t, d, "Table").Name)
				assert.Equal(t, model.TypeDynamoDBTable, nodeByID(t, d, "Table").Type)
				role := nodeByID(t, d, "FnRole")
				assert.Equal(t, []string{
					"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
					"arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
				}, role.ManagedPolicies)
				// TABLE came from Globals: the merged environment refers to it.
				assert.Equal(t, []string{"Fn->Table [dynamodb:GetItem dynamodb:Scan dynamodb:Query dynamodb:BatchGetItem dynamodb:DescribeTable]"}, edgeList(d))
			}},
		{"a VPC function's role gets the VPC access policy; managed policies by name", `
Transform: AWS::Serverless-2016-10-31
Resources:` + network + `
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      VpcConfig: {SubnetIds: [!Ref Private], SecurityGroupIds: [!Ref Sg]}
      Policies: [AmazonS3ReadOnlyAccess, AWSLambdaRole, "arn:aws:iam::aws:policy/AmazonSQSFullAccess", {Statement: [{Effect: Allow, Action: "sns:Publish", Resource: "*"}]}]`,
			func(t *testing.T, d *model.Design, r *Report) {
				role := nodeByID(t, d, "FnRole")
				assert.Equal(t, []string{
					"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
					"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
					"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
					"arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
					"arn:aws:iam::aws:policy/AmazonSQSFullAccess",
				}, role.ManagedPolicies)
				jsonEq(t, `{"FnRolePolicy3":{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}}`, role.Policies)
				assert.Equal(t, "Vpc", nodeByID(t, d, "Fn").Parent)
			}},
		{"a function that names its role gets none generated", `
Transform: AWS::Serverless-2016-10-31
Resources:
  Role: {Type: AWS::IAM::Role}
  Fn: {Type: AWS::Serverless::Function, Properties: {Role: !GetAtt Role.Arn, Policies: [AmazonS3ReadOnlyAccess]}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Equal(t, "Role", nodeByID(t, d, "Fn").Role)
				assert.False(t, hasNode(d, "FnRole"))
				assert.Empty(t, nodeByID(t, d, "Role").ManagedPolicies, "SAM ignores Policies when Role is given")
			}},
		{"events become event sources, subscriptions, rules and permissions", `
Transform: AWS::Serverless-2016-10-31
Resources:
  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: uploads}}
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue}
  Table: {Type: AWS::DynamoDB::Table, Properties: {StreamSpecification: {StreamViewType: NEW_IMAGE}}}
  Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: /app}}
  Api: {Type: AWS::Serverless::HttpApi}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Upload: {Type: S3, Properties: {Bucket: !Ref Bucket, Events: s3:ObjectCreated:*}}
        Note: {Type: SNS, Properties: {Topic: !Ref Topic}}
        Buffered: {Type: SNS, Properties: {Topic: !Ref Topic, SqsSubscription: true}}
        Work: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 5}}
        Stream: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
        Rest: {Type: Api, Properties: {Path: "/cats/{id}", Method: get}}
        Http: {Type: HttpApi, Properties: {ApiId: !Ref Api}}
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
        Hourly: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 hour)}}
        Errors: {Type: CloudWatchLogs, Properties: {LogGroupName: !Ref Logs, FilterPattern: ERROR}}
        Voice: {Type: AlexaSkill}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.ElementsMatch(t, []string{
					"Bucket->Fn",
					"Topic->Fn",
					"Topic->FnBufferedQueue [sqs:SendMessage]",
					"FnBufferedQueue->Fn",
					"Queue->Fn",
					"Table->Fn",
					"FnHourly->Fn",
					"ServerlessRestApi->Fn",
					"Api->Fn",
					"FnNightly->Fn",
					"Logs->Fn",
				}, edgeList(d))
				role := nodeByID(t, d, "FnRole")
				assert.Equal(t, []string{
					"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
					"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
					"arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
				}, role.ManagedPolicies)
				var policy struct{ Statement []map[string]any }
				require.NoError(t, json.Unmarshal(nodeByID(t, d, "Fn").ResourcePolicy, &policy))
				sids := map[string]any{}
				for _, s := range policy.Statement {
					sids[s["Sid"].(string)] = s["Condition"]
				}
				assert.Equal(t, map[string]any{
					"FnUploadPermission":  map[string]any{"StringEquals": map[string]any{"AWS:SourceAccount": "111111111111"}},
					"FnNotePermission":    map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": "arn:aws:sns:us-east-1:111111111111:Topic"}},
					"FnRestPermission":    map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": "arn:aws:execute-api:us-east-1:111111111111:ServerlessRestApi/*/GET/cats/*"}},
					"FnHttpPermission":    map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": "arn:aws:execute-api:us-east-1:111111111111:Api/*"}},
					"FnNightlyPermission": map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": "arn:aws:events:us-east-1:111111111111:rule/FnNightly"}},
					"FnErrorsPermission":  map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:/app:*"}},
				}, sids)
				assert.Equal(t, model.TypeGeneric, nodeByID(t, d, "ServerlessRestApi").Type)
				assert.Equal(t, []string{"Resources.Fn.Properties.Events.Voice: AlexaSkill events are not imported"}, skippedPaths(r))
			}},
		{"rules, schedules and pipes deliver to their targets", `
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
  Fn: {Type: AWS::Lambda::Function}
  Rule: {Type: AWS::Events::Rule, Properties: {Targets: [{Id: q, Arn: !GetAtt Queue.Arn}, {Id: t, Arn: !Ref Topic}, {Id: x, Arn: arn:aws:sqs:us-east-1:222222222222:other}]}}
  Pipe: {Type: AWS::Pipes::Pipe, Properties: {Source: !GetAtt Queue.Arn, Target: !GetAtt Fn.Arn, RoleArn: arn:aws:iam::111111111111:role/p}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Equal(t, []string{"Rule->Queue", "Rule->Topic", "Queue->Pipe", "Pipe->Fn"}, edgeList(d))
				for _, e := range r.Inferred {
					assert.Equal(t, ruleTarget, e.Rule)
				}
			}},
		{"a public function URL on an alias", `
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn: {Type: AWS::Serverless::Function, Properties: {FunctionName: hook, AutoPublishAlias: live, FunctionUrlConfig: {AuthType: NONE}}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				fn := nodeByID(t, d, "Fn")
				assert.Equal(t, []string{"live"}, fn.Aliases)
				assert.Equal(t, "NONE", fn.URL.AuthType)
				// Since October 2025 a public URL needs both statements.
				jsonEq(t, `{"Version":"2012-10-17","Id":"default","Statement":[
					{"Sid":"FnUrlPublicPermissions","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl",
					 "Resource":"arn:aws:lambda:us-east-1:111111111111:function:hook:live",
					 "Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}},
					{"Sid":"FnUrlPublicInvokePermissions","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction",
					 "Resource":"arn:aws:lambda:us-east-1:111111111111:function:hook:live",
					 "Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}]}`, fn.ResourcePolicy)
				assert.Equal(t, []string{"public-internet->Fn via url:live"}, edgeList(d))
				assert.Equal(t, model.TypeInternetHost, nodeByID(t, d, "public-internet").Type)
			}},
		{"a state machine's generated role draws what it invokes", `
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker: {Type: AWS::Serverless::Function}
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: A, States: {A: {Type: Task, Resource: !GetAtt Worker.Arn, End: true}}}
      Policies: [LambdaInvokePolicy: {FunctionName: !Ref Worker}]`,
			func(t *testing.T, d *model.Design, r *Report) {
				role := nodeByID(t, d, "FlowRole")
				jsonEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["states.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}`, role.Trust)
				assert.Equal(t, model.TypeGeneric, nodeByID(t, d, "Flow").Type)
				assert.Equal(t, []string{"Flow->Worker [lambda:InvokeFunction]"}, edgeList(d))
				assert.Equal(t, ruleRole, r.Inferred[0].Rule)
			}},
		{"the transform applies without the Transform line; unknown templates are reported", `
Resources:
  Fn: {Type: AWS::Serverless::Function, Properties: {Policies: [{NoSuchPolicy: {}}, {SQSPollerPolicy: {}}]}}`,
			func(t *testing.T, d *model.Design, r *Report) {
				assert.Equal(t, model.TypeLambda, nodeByID(t, d, "Fn").Type)
				assert.Empty(t, nodeByID(t, d, "FnRole").Policies)
				assert.Equal(t, []string{
					"Resources.Fn.Properties.Policies[0]: NoSuchPolicy is not a SAM policy template this import knows; its permissions are missing",
					"Resources.Fn.Properties.Policies[1].SQSPollerPolicy: the policy template SQSPollerPolicy needs the parameter QueueName; its permissions are missing",
				}, skippedPaths(r))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, r := importOK(t, tt.src, nil)
			tt.check(t, d, r)
		})
	}
}
