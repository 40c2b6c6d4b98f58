package cfn

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		params map[string]string
		// want is the start of the message: the template path, then what
		// is wrong.
		want string
	}{
		{"empty file", "  \n", nil, "the file is empty"},
		{"plain text", "hello", nil, `not a CloudFormation template: the file holds the text "hello"`},
		{"a JSON list", `[1, 2]`, nil, "not a CloudFormation template: the file holds a list"},
		{"broken JSON", `{"Resources": {`, nil, "not valid JSON at byte"},
		{"broken YAML", "Resources:\n  A: [1\n", nil, "not valid YAML: line"},
		{"unknown tag", "Resources:\n  A: !Foo x\n", nil, "line 2: unknown tag !Foo"},
		{"no Resources", "Parameters: {}\n", nil, "not a CloudFormation template: it has no Resources section"},
		{"Resources is a list", "Resources: [a]\n", nil, "Resources: must be a mapping of logical ids to resources"},
		{"no resources", "Resources: {}\n", nil, "Resources: the template declares no resources"},
		{"a resource without Type", "Resources:\n  A: {Properties: {}}\n", nil, "Resources.A.Type: required"},
		{"a bad logical id", "Resources:\n  my-fn: {Type: AWS::SQS::Queue}\n", nil, `Resources.my-fn: "my-fn" is not a logical id`},
		{"Properties is a list", "Resources:\n  A: {Type: AWS::SQS::Queue, Properties: [1]}\n", nil, "Resources.A.Properties: must be a mapping"},
		{"an unknown condition", "Resources:\n  A: {Type: AWS::SQS::Queue, Condition: Nope}\n", nil, `Resources.A.Condition: no condition named "Nope"`},
		{"a parameter the template does not declare", "Resources:\n  A: {Type: AWS::SQS::Queue}\n", map[string]string{"Stage": "x"}, `Parameters: the template has no parameter "Stage"`},
		{"a bad account", "Resources:\n  A: {Type: AWS::SQS::Queue}\n", map[string]string{"AWS::AccountId": "12"}, `AWS::AccountId="12" is not an AWS account id`},
		{"a bad Region", "Resources:\n  A: {Type: AWS::SQS::Queue}\n", map[string]string{"AWS::Region": "mars"}, `AWS::Region="mars" is not an AWS Region name`},
		{"a broken intrinsic names its path", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  MyFunction:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig: {SubnetIds: [!Select [5, [!Ref Subnet]]]}
`, nil, "Resources.MyFunction.Properties.VpcConfig.SubnetIds[0].Fn::Select: index 5 is out of range"},
		{"a Ref to nothing in a resource nobody reads", `
Resources:
  Alarm: {Type: AWS::CloudWatch::Alarm, Properties: {AlarmActions: [!Ref Missing]}}
`, nil, `Resources.Alarm.Properties.AlarmActions[0].Ref: no parameter or resource named "Missing"`},
		{"a cyclic condition", `
Conditions:
  A: !And [!Condition B, !Equals [1, 1]]
  B: !Or [!Condition A, !Equals [1, 2]]
Resources:
  Q: {Type: AWS::SQS::Queue, Condition: B}
`, nil, "Conditions."},
		{"a parameter without Type mapping", "Parameters:\n  P: text\nResources:\n  A: {Type: AWS::SQS::Queue}\n", nil, "Parameters.P: must be a mapping with a Type"},
		{"an alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nResources: {}\n", nil, "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, rep, err := Import([]byte(tt.src), tt.params)
			require.Error(t, err)
			assert.Nil(t, d)
			assert.Nil(t, rep)
			assert.True(t, errors.Is(err, model.ErrInvalid), "the error kind is model.ErrInvalid")
			var me *model.Error
			require.True(t, errors.As(err, &me))
			assert.True(t, strings.HasPrefix(err.Error(), tt.want), "got %q, want it to start with %q", err, tt.want)
			var ce *Error
			require.True(t, errors.As(err, &ce))
			if ce.Path != "" {
				assert.Equal(t, ce.Path+": "+ce.Reason, me.Msg)
			} else {
				assert.Equal(t, ce.Reason, me.Msg)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	big := make([]byte, MaxTemplateBytes+1)
	_, _, err := Import(big, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the limit is 2097152 bytes")
}

// FuzzImport feeds mutated templates to Import: it must never panic, an
// error must be an ErrInvalid with a message, and a design must decode.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"apigw-lambda-efs.yaml", "devguide-vpc-private-public-nat-endpoints.yaml",
		"function-url-none-webhook-eventbridge.yaml", "sns-sqs-lambda-esm-filters.yaml", "vpc-2az-managed-nat-nacl.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub '${AWS::StackName}-q'}}\n"))
	f.Add([]byte("Conditions:\n  C: !Equals [a, !Ref P]\nParameters:\n  P: {Type: String}\nResources:\n  T: {Type: AWS::SNS::Topic, Condition: C}\n"))
	f.Add([]byte(`{"Resources":{"R":{"Type":"AWS::EC2::Route","Properties":{"DestinationCidrBlock":{"Fn::Select":[0,{"Fn::Cidr":["10.0.0.0/16",2,8]}]}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, rep, err := Import(data, nil)
		if err != nil {
			var me *model.Error
			if !errors.As(err, &me) || !errors.Is(err, model.ErrInvalid) || me.Msg == "" {
				t.Fatalf("an import error must be a model.Error of kind ErrInvalid with a message: %#v", err)
			}
			return
		}
		if rep == nil {
			t.Fatal("a successful import has a report")
		}
		if _, ps := model.Decode(model.Encode(d)); len(ps) > 0 {
			t.Fatalf("the imported design has problems: %v", ps)
		}
	})
}
