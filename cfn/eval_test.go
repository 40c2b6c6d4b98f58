package cfn

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// evalTemplate is the template the intrinsic tests evaluate in: parameters
// of each kind, a mapping, conditions and a few resources to refer to.
const evalTemplate = `
Parameters:
  Env: {Type: String, Default: prod}
  Size: {Type: Number, Default: 3}
  Zones: {Type: CommaDelimitedList, Default: "us-east-1a, us-east-1b"}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
  NoDefault: {Type: String}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami}
Mappings:
  RegionMap:
    us-east-1: {Ami: ami-east, Cidr: 10.1.0.0/16}
    eu-west-1: {Ami: ami-west}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [!Ref Size, 3]]
  Either: !Or [!Condition IsDev, !Equals [a, a]]
  Unknown: !Equals [!Ref NoDefault, x]
Resources:
  Topic: {Type: AWS::SNS::Topic, Properties: {TopicName: alerts}}
  Queue: {Type: AWS::SQS::Queue}
  Table: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub "${Env}-cats"}}
  Fn: {Type: AWS::Lambda::Function, Properties: {Role: arn:aws:iam::111111111111:role/r}}
  Db: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql}}
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Rule: {Type: AWS::Events::Rule}
`

// evalIn evaluates one YAML expression in evalTemplate and returns it in
// plain JSON form.
func evalIn(t *testing.T, expr string, params map[string]string) (any, error) {
	t.Helper()
	top, err := parseTemplate([]byte(evalTemplate))
	require.NoError(t, err)
	tm, err := loadTemplate(top, params)
	require.NoError(t, err)
	b := newBuilder(tm)
	b.createNodes()
	require.NoError(t, b.err)
	v, err := parseYAML([]byte(expr))
	require.NoError(t, err)
	out, err := b.ev.eval(v, "X")
	if err != nil {
		return nil, err
	}
	return plain(out), nil
}

func TestIntrinsics(t *testing.T) {
	tests := []struct {
		name   string
		expr   string
		params map[string]string
		want   any
	}{
		{"Ref parameter default", `!Ref Env`, nil, "prod"},
		{"Ref parameter long form", `{Ref: Env}`, nil, "prod"},
		{"Ref parameter given", `!Ref Env`, map[string]string{"Env": "dev"}, "dev"},
		{"Ref number parameter is a string", `!Ref Size`, nil, "3"},
		{"Ref list parameter", `!Ref Zones`, nil, []any{"us-east-1a", "us-east-1b"}},
		{"Ref list parameter given", `!Ref Subnets`, map[string]string{"Subnets": "a,b"}, []any{"a", "b"}},
		{"Ref parameter without value", `!Ref NoDefault`, nil, "{{param:NoDefault}}"},
		{"Ref SSM parameter", `!Ref Ami`, nil, "{{ssm:/aws/service/ami}}"},
		{"Ref account", `!Ref AWS::AccountId`, nil, "111111111111"},
		{"Ref account given", `!Ref AWS::AccountId`, map[string]string{"AWS::AccountId": "222222222222"}, "222222222222"},
		{"Ref region given", `!Ref AWS::Region`, map[string]string{"AWS::Region": "eu-west-1"}, "eu-west-1"},
		{"Ref partition", `!Ref AWS::Partition`, map[string]string{"AWS::Region": "cn-north-1"}, "aws-cn"},
		{"Ref URL suffix", `!Ref AWS::URLSuffix`, nil, "amazonaws.com"},
		{"Ref stack name", `!Ref AWS::StackName`, nil, "stack"},
		{"Ref stack name given", `!Ref AWS::StackName`, map[string]string{"AWS::StackName": "shop"}, "shop"},
		{"Ref stack id", `!Ref AWS::StackId`, nil, "arn:aws:cloudformation:us-east-1:111111111111:stack/stack/00000000-0000-0000-0000-000000000000"},
		{"Ref notification ARNs", `!Ref AWS::NotificationARNs`, nil, []any{}},
		{"Ref NoValue drops a list element", `[a, !Ref AWS::NoValue, b]`, nil, []any{"a", "b"}},
		{"Ref NoValue drops a key", `{A: !Ref AWS::NoValue, B: 1}`, nil, map[string]any{"B": jsonNum("1")}},
		{"Ref topic is its ARN", `!Ref Topic`, nil, "arn:aws:sns:us-east-1:111111111111:alerts"},
		{"Ref queue is its URL", `!Ref Queue`, nil, "https://sqs.us-east-1.amazonaws.com/111111111111/Queue"},
		{"Ref table is its name", `!Ref Table`, nil, "prod-cats"},
		{"Ref VPC is its id", `!Ref Vpc`, nil, "Vpc"},
		{"GetAtt short form", `!GetAtt Queue.Arn`, nil, "arn:aws:sqs:us-east-1:111111111111:Queue"},
		{"GetAtt long form", `{Fn::GetAtt: [Table, Arn]}`, nil, "arn:aws:dynamodb:us-east-1:111111111111:table/prod-cats"},
		{"GetAtt dotted attribute", `!GetAtt Db.Endpoint.Port`, nil, "3306"},
		{"GetAtt stream", `!GetAtt Table.StreamArn`, nil, "arn:aws:dynamodb:us-east-1:111111111111:table/prod-cats/stream/1970-01-01T00:00:00.000"},
		{"GetAtt VPC CIDR", `!GetAtt Vpc.CidrBlock`, nil, "10.0.0.0/16"},
		{"GetAtt queue name", `!GetAtt Queue.QueueName`, nil, "Queue"},
		{"GetAtt generic ARN", `!GetAtt Rule.Arn`, nil, "arn:aws:events:us-east-1:111111111111:rule/Rule"},
		{"GetAtt function ARN", `!GetAtt Fn.Arn`, nil, "arn:aws:lambda:us-east-1:111111111111:function:Fn"},
		{"Sub parameters and pseudo parameters", `!Sub "${Env}-${AWS::Region}-${AWS::AccountId}"`, nil, "prod-us-east-1-111111111111"},
		{"Sub resource and attribute", `!Sub "${Topic} ${Queue.Arn}"`, nil, "arn:aws:sns:us-east-1:111111111111:alerts arn:aws:sqs:us-east-1:111111111111:Queue"},
		{"Sub literal", `!Sub "${!Literal}-${Env}"`, nil, "${Literal}-prod"},
		{"Sub variables", `!Sub ["${A}/${Env}", {A: !Ref Size}]`, nil, "3/prod"},
		{"Sub long form", `{Fn::Sub: "x-${Env}"}`, nil, "x-prod"},
		{"Sub unclosed", `!Sub "a-${Env"`, nil, "a-${Env"},
		{"Join", `!Join ["-", [a, !Ref Env, !Ref Size]]`, nil, "a-prod-3"},
		{"Join a list intrinsic", `!Join [",", !Ref Zones]`, nil, "us-east-1a,us-east-1b"},
		{"Select", `!Select [1, [a, b, c]]`, nil, "b"},
		{"Select with a string index", `!Select ["0", !Ref Zones]`, nil, "us-east-1a"},
		{"Select from a list nobody gave", `!Select [1, !Ref Subnets]`, nil, "{{param:Subnets[1]}}"},
		{"Split", `!Split [",", "a,b,,c"]`, nil, []any{"a", "b", "", "c"}},
		{"Select Split stack id", `!Select [2, !Split ["/", !Ref AWS::StackId]]`, nil, "00000000-0000-0000-0000-000000000000"},
		{"GetAZs current Region", `!GetAZs ""`, nil, []any{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}},
		{"GetAZs null", `{Fn::GetAZs: null}`, map[string]string{"AWS::Region": "eu-west-1"}, []any{"eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d", "eu-west-1e", "eu-west-1f"}},
		{"GetAZs Ref Region", `!Select [2, !GetAZs {Ref: AWS::Region}]`, nil, "us-east-1c"},
		{"GetAZs named Region", `!Select [0, !GetAZs eu-west-2]`, nil, "eu-west-2a"},
		{"If true", `!If [IsProd, big, small]`, nil, "big"},
		{"If false", `!If [IsDev, big, small]`, nil, "small"},
		{"If with NoValue", `[!If [IsDev, x, !Ref AWS::NoValue]]`, nil, []any{}},
		{"If follows parameters", `!If [IsProd, big, small]`, map[string]string{"Env": "dev"}, "small"},
		{"And", `!If [Both, y, n]`, nil, "y"},
		{"Or", `!If [Either, y, n]`, nil, "y"},
		{"Equals on a value nobody gave is false", `!If [Unknown, y, n]`, nil, "n"},
		{"Equals as a value", `!Equals [!Ref Env, prod]`, nil, true},
		{"FindInMap", `!FindInMap [RegionMap, !Ref AWS::Region, Ami]`, nil, "ami-east"},
		{"FindInMap long form", `{Fn::FindInMap: [RegionMap, eu-west-1, Ami]}`, nil, "ami-west"},
		{"FindInMap default", `!FindInMap [RegionMap, eu-west-1, Cidr, {DefaultValue: 10.9.0.0/16}]`, nil, "10.9.0.0/16"},
		{"ImportValue", `!ImportValue shared-vpc`, nil, "{{import:shared-vpc}}"},
		{"ImportValue of Sub", `{Fn::ImportValue: !Sub "${Env}-subnet"}`, nil, "{{import:prod-subnet}}"},
		{"Base64", `!Base64 "#!/bin/sh"`, nil, "IyEvYmluL3No"},
		{"Cidr", `!Cidr [10.0.0.0/16, 3, 8]`, nil, []any{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}},
		{"Cidr of GetAtt", `!Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 12]]`, nil, "10.0.16.0/20"},
		{"Length", `{Fn::Length: [a, b, c]}`, nil, jsonNum("3")},
		{"ToJsonString", `{Fn::ToJsonString: {b: !Ref Env, a: [1]}}`, nil, `{"a":[1],"b":"prod"}`},
		{"Transform is a placeholder", `{Fn::Transform: {Name: AWS::Include}}`, nil, "{{transform:AWS::Include}}"},
		{"nested in a policy", `{Statement: [{Effect: Allow, Action: "sns:Publish", Resource: !Ref Topic}]}`, nil,
			map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:111111111111:alerts"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := evalIn(t, tt.expr, tt.params)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func jsonNum(s string) any { return json.Number(s) }

func TestIntrinsicErrors(t *testing.T) {
	tests := []struct {
		name, expr, path, msg string
	}{
		{"Ref unknown", `!Ref Nothing`, "X.Ref", `no parameter or resource named "Nothing"`},
		{"Ref unknown pseudo parameter", `!Ref AWS::Nothing`, "X.Ref", "unknown pseudo parameter"},
		{"GetAtt unknown resource", `!GetAtt Nothing.Arn`, "X.Fn::GetAtt", `no resource named "Nothing"`},
		{"GetAtt without attribute", `{Fn::GetAtt: [Queue]}`, "X.Fn::GetAtt", "needs [logicalId, attribute]"},
		{"Sub unknown variable", `!Sub "${Nothing}"`, "X.Fn::Sub", `no parameter or resource named "Nothing"`},
		{"Sub list variable", `!Sub "${Zones}"`, "X.Fn::Sub", "Fn::Sub needs a string"},
		{"Select out of range", `!Select [3, [a, b]]`, "X.Fn::Select", "out of range"},
		{"Select bad index", `!Select [x, [a]]`, "X.Fn::Select[0]", "the index must be a number"},
		{"Join a mapping", `!Join ["", [{a: b}]]`, "X.Fn::Join[1][0]", "Fn::Join joins strings"},
		{"Split without delimiter", `!Split ["", abc]`, "X.Fn::Split[0]", "non-empty"},
		{"FindInMap missing key", `!FindInMap [RegionMap, us-west-2, Ami]`, "X.Fn::FindInMap", `Mappings.RegionMap has no key "us-west-2"`},
		{"FindInMap missing map", `!FindInMap [Nope, a, b]`, "X.Fn::FindInMap", `Mappings has no key "Nope"`},
		{"If unknown condition", `!If [Nope, a, b]`, "X.Fn::If[0]", `no condition named "Nope"`},
		{"Cidr too many blocks", `!Cidr [10.0.0.0/24, 3, 7]`, "X.Fn::Cidr", "holds only 2 blocks"},
		{"Cidr not a block", `!Cidr [ten, 3, 8]`, "X.Fn::Cidr", "not a CIDR block"},
		{"unknown function", `{Fn::Nothing: 1}`, "X.Fn::Nothing", "unknown intrinsic function"},
		{"GetAZs bad Region", `!GetAZs moon`, "X.Fn::GetAZs", "not a Region name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evalIn(t, tt.expr, nil)
			require.Error(t, err)
			assert.True(t, errors.Is(err, model.ErrInvalid))
			assert.True(t, strings.HasPrefix(err.Error(), tt.path+": "), "got %q, want path %s", err, tt.path)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestCidr(t *testing.T) {
	tests := []struct {
		block       string
		count, bits int
		want        []string
		err         string
	}{
		// The example of the Fn::Cidr documentation: six /27 blocks.
		{"192.168.0.0/24", 6, 5, []string{"192.168.0.0/27", "192.168.0.32/27", "192.168.0.64/27", "192.168.0.96/27", "192.168.0.128/27", "192.168.0.160/27"}, ""},
		{"10.0.0.0/16", 2, 12, []string{"10.0.0.0/20", "10.0.16.0/20"}, ""},
		{"10.0.7.9/16", 1, 8, []string{"10.0.0.0/24"}, ""},
		{"2001:db8::/56", 2, 64, []string{"2001:db8::/64", "2001:db8:0:1::/64"}, ""},
		{"10.0.0.0/24", 1, 8, []string{"10.0.0.0/24"}, ""},
		{"10.0.0.0/24", 1, 9, nil, "too small"},
		{"10.0.0.0/24", 0, 4, nil, "count must be from 1 to 256"},
		{"10.0.0.0/24", 257, 4, nil, "count must be from 1 to 256"},
		{"10.0.0.0/24", 2, 0, nil, "cidrBits must be from 1 to 32"},
		{"10.0.0.0/30", 3, 1, nil, "holds only 2 blocks"},
	}
	for _, tt := range tests {
		got, err := cidr(tt.block, tt.count, tt.bits)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, "%s %d %d", tt.block, tt.count, tt.bits)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s %d %d", tt.block, tt.count, tt.bits)
	}
}

func TestConditionCycle(t *testing.T) {
	_, _, err := Import([]byte(`
Conditions:
  A: !Condition B
  B: !Not [!Condition A]
Resources:
  Q: {Type: AWS::SQS::Queue, Condition: A}
`), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refers to itself (a cycle)")
	assert.True(t, strings.HasPrefix(err.Error(), "Conditions."))
}

func TestNameCycle(t *testing.T) {
	_, _, err := Import([]byte(`
Resources:
  A: {Type: AWS::SQS::Queue, Properties: {QueueName: !GetAtt B.QueueName}}
  B: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub "${A.QueueName}-b"}}
`), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refers back to itself")
	assert.True(t, strings.HasPrefix(err.Error(), "Resources."), err.Error())
}
