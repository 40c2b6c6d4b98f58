package iam

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEvalCase(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "identity allow",
			in:   `{"id":1,"principal":"arn:aws:sts::111111111111:assumed-role/r/f","action":"dynamodb:PutItem","resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"Put","Effect":"Allow","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats"}]}],"resourcePolicy":null}`,
			want: `{"id":1,"decision":"Allowed","statements":[{"policy":"identityPolicies[0]","sid":"Put","index":0,"effect":"Allow"}]}`,
		},
		{
			name: "service principal with context, condition not met",
			in:   `{"id":"sns","principal":{"Service":"sns.amazonaws.com"},"action":"lambda:InvokeFunction","resource":"arn:aws:lambda:us-east-1:111111111111:function:f","context":{"aws:SourceArn":"arn:aws:sns:us-east-1:111111111111:other"},"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"}}}]}}`,
			want: `{"id":"sns","decision":"ImplicitlyDenied","statements":[{"policy":"resourcePolicy","sid":"sns","index":0,"effect":"Allow","condition":"ArnLike AWS:SourceArn"}]}`,
		},
		{
			name: "boundary, explicit deny, multivalued and typed context",
			in:   `{"id":3,"principal":"arn:aws:iam::111111111111:user/u","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"aws:TagKeys":["a","b"],"aws:SecureTransport":false,"s3:max-keys":5,"aws:SourceVpce":null},"identityPolicies":[{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}],"permissionBoundaries":[{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"TLS","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},"NumericLessThan":{"s3:max-keys":10},"Null":{"aws:SourceVpce":true}}}]}]}`,
			want: `{"id":3,"decision":"ExplicitlyDenied","statements":[{"policy":"permissionBoundaries[0]","sid":"TLS","index":1,"effect":"Deny"}]}`,
		},
		{
			name: "managed policy by name",
			in:   `{"id":4,"principal":"arn:aws:iam::111111111111:role/r","action":"logs:PutLogEvents","resource":"arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:log-stream:s","identityPolicies":["AWSLambdaBasicExecutionRole"]}`,
			want: `{"id":4,"decision":"Allowed","statements":[{"policy":"identityPolicies[0]","sid":"","index":0,"effect":"Allow"}]}`,
		},
		{
			name: "cross account without resource policy",
			in:   `{"id":5,"principal":"222222222222","action":"lambda:InvokeFunction","resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}`,
			want: `{"id":5,"decision":"ImplicitlyDenied","statements":[]}`,
		},
		{
			name: "resourceAccount decides cross-account",
			in:   `{"id":6,"principal":"arn:aws:iam::111111111111:user/u","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceAccount":"222222222222","identityPolicies":[{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}`,
			want: `{"id":6,"decision":"ImplicitlyDenied","statements":[]}`,
		},
		{
			name: "policy problems",
			in:   `{"id":7,"principal":"111111111111","action":"a:b","resource":"*","identityPolicies":[{"Statement":{"Effect":"allow","Action":"a:b","Resource":"*"}}],"resourcePolicy":[]}`,
			want: `{"id":7,"error":"identityPolicies[0].Statement.Effect: Effect \"allow\" must be written exactly \"Allow\" or \"Deny\" (it is case-sensitive); resourcePolicy: a policy must be a JSON object with a Statement, not an array"}`,
		},
		{name: "no action", in: `{"id":8,"principal":"111111111111","resource":"*"}`, want: `{"id":8,"error":"the case has no action"}`},
		{name: "no resource", in: `{"id":9,"principal":"111111111111","action":"a:b"}`, want: `{"id":9,"error":"the case has no resource"}`},
		{name: "no principal", in: `{"id":10,"action":"a:b","resource":"*"}`, want: `{"id":10,"error":"the case has no principal"}`},
		{name: "bad principal object", in: `{"id":11,"principal":{"User":"x"},"action":"a:b","resource":"*"}`, want: `{"id":11,"error":"principal must be an ARN string, {\"Service\": \"sns.amazonaws.com\"} or {\"AWS\": ARN}"}`},
		{name: "bad context", in: `{"id":12,"principal":"*","action":"a:b","resource":"*","context":{"k:x":{"a":1}}}`, want: `{"id":12,"error":"context.k:x: a context value must be a string, number, boolean or an array of them"}`},
		{name: "unknown managed policy", in: `{"id":13,"principal":"*","action":"a:b","resource":"*","identityPolicies":["Nope"]}`},
		{name: "not JSON", in: `{"id":14,`},
		{name: "no id", in: `{"principal":"*","action":"a:b","resource":"*"}`, want: `{"id":null,"decision":"ImplicitlyDenied","statements":[]}`},
		{name: "anonymous and public bucket", in: `{"id":15,"principal":"anonymous","action":"s3:GetObject","resource":"arn:aws:s3:::site/i.html","resourcePolicy":{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}}}`,
			want: `{"id":15,"decision":"Allowed","statements":[{"policy":"resourcePolicy","sid":"","index":0,"effect":"Allow"}]}`},
		{name: "AWS principal object", in: `{"id":16,"principal":{"AWS":"arn:aws:iam::111111111111:root"},"action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}`,
			want: `{"id":16,"decision":"Allowed","statements":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvalCase([]byte(tt.in))
			require.True(t, json.Valid(got), "%s", got)
			if tt.want == "" {
				var out map[string]any
				require.NoError(t, json.Unmarshal(got, &out))
				assert.NotEmpty(t, out["error"])
				assert.Contains(t, out, "id")
				return
			}
			assert.JSONEq(t, tt.want, string(got))
		})
	}
}
