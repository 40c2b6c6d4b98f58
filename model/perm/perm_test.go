package perm

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

const acct = "111111111111"

// decode builds a design from nodes and edges (JSON arrays without brackets).
func decode(t *testing.T, nodes, edges string) *model.Design {
	t.Helper()
	doc := `{"format":"archway/v1","account":"` + acct + `","nodes":[` + nodes + `],"edges":[` + edges + `]}`
	d, ps := model.Decode([]byte(doc))
	require.Empty(t, ps, "design should decode")
	return d
}

func analyze(t *testing.T, d *model.Design, net map[string]model.NetworkResult) Result {
	t.Helper()
	require.Empty(t, Problems(d))
	return Analyze(model.NewIndex(d), net)
}

// findingsOf returns the findings with a code.
func findingsOf(r Result, code string) []model.Finding {
	var out []model.Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func decision(t *testing.T, r Result, edge string) string {
	t.Helper()
	pr, ok := r.Edges[edge]
	require.True(t, ok, "edge %s has a permission result", edge)
	if pr.Decision == nil {
		return "null"
	}
	return string(*pr.Decision)
}

// applyFix applies a finding's operations and returns the fixed design.
func applyFix(t *testing.T, d *model.Design, f model.Finding) *model.Design {
	t.Helper()
	require.NotEmpty(t, f.Ops, "finding %s has fix operations", f.Code)
	fixed, ps := model.Apply(d, f.Ops)
	require.Empty(t, ps)
	return fixed
}

const (
	basicRole = `{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole"]`
	fnNode    = `{"id":"fn","type":"lambda","role":"fn-role"}`
	table     = `{"id":"cats","type":"dynamodb-table","name":"Cats"}`
	tableARN  = "arn:aws:dynamodb:us-east-1:111111111111:table/Cats"
)

func roleWith(extra string) string { return basicRole + extra + "}" }

func TestIdentityAllowAndImplicitDeny(t *testing.T) {
	d := decode(t, fnNode+","+table+","+roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Sid":"Get","Effect":"Allow","Action":"dynamodb:GetItem","Resource":"`+tableARN+`"}]}]`),
		`{"id":"get","from":"fn","to":"cats","actions":["dynamodb:GetItem"]},{"id":"del","from":"fn","to":"cats","actions":["dynamodb:DeleteItem"]}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "Allowed", decision(t, r, "get"))
	assert.Equal(t, []model.StatementRef{{Node: "fn-role", Policy: "policies[0]", Sid: "Get", Effect: "Allow", Index: 0}}, r.Edges["get"].Statements)
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "del"))
	fs := findingsOf(r, codeImplicitDeny)
	require.Len(t, fs, 1)
	assert.Equal(t, model.SeverityError, fs[0].Severity)
	assert.Equal(t, []string{"del"}, fs[0].Edges)
	assert.Equal(t, []string{"fn", "fn-role", "cats"}, fs[0].Nodes)
	assert.Contains(t, fs[0].Message, "dynamodb:DeleteItem on "+tableARN)
	assert.Contains(t, fs[0].Fix, "fn-role")

	fixed := applyFix(t, d, fs[0])
	r = analyze(t, fixed, nil)
	assert.Equal(t, "Allowed", decision(t, r, "del"), "the fix allows the call")
	assert.Empty(t, findingsOf(r, codeImplicitDeny))
}

func TestExplicitDeny(t *testing.T) {
	d := decode(t, fnNode+","+table+","+roleWith(`,"policies":[
		{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]},
		{"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Action":"dynamodb:Delete*","Resource":"*"}]}]`),
		`{"id":"del","from":"fn","to":"cats","actions":["dynamodb:DeleteItem"]}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "ExplicitlyDenied", decision(t, r, "del"))
	assert.Equal(t, []model.StatementRef{{Node: "fn-role", Policy: "policies[1]", Sid: "NoDelete", Effect: "Deny", Index: 0}}, r.Edges["del"].Statements)
	fs := findingsOf(r, codeExplicitDeny)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, `statement "NoDelete" of fn-role's policies[1]`)
	assert.Contains(t, fs[0].Nodes, "fn-role")
}

func TestBoundaryNoAllow(t *testing.T) {
	d := decode(t, fnNode+","+table+","+roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]}],
		"permissionsBoundary":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","logs:*"],"Resource":"*"}]}`),
		`{"id":"put","from":"fn","to":"cats","actions":["dynamodb:PutItem"]}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "put"))
	fs := findingsOf(r, codeBoundary)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "permissions boundary of fn-role")
	assert.Empty(t, findingsOf(r, codeLogs), "the boundary allows logs")
}

func TestCrossAccountInvoke(t *testing.T) {
	d := decode(t, `{"id":"api","type":"lambda","role":"fn-role","resourcePolicy":{"Version":"2012-10-17","Statement":[
			{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:api"}]}},`+
		roleWith("")+`,{"id":"partner","type":"external-account","account":"444455556666"},{"id":"other","type":"external-account","account":"777788889999"}`,
		`{"id":"p","from":"partner","to":"api"},{"id":"o","from":"other","to":"api"}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "Allowed", decision(t, r, "p"))
	assert.Equal(t, []model.StatementRef{{Node: "api", Policy: "resourcePolicy", Sid: "Partner", Effect: "Allow", Index: 0}}, r.Edges["p"].Statements)
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "o"))
	fs := findingsOf(r, codeCrossAccount)
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"o"}, fs[0].Edges)
	assert.Contains(t, fs[0].Nodes, "api")
	assert.Contains(t, fs[0].Fix, "--principal 777788889999")

	r = analyze(t, applyFix(t, d, fs[0]), nil)
	assert.Equal(t, "Allowed", decision(t, r, "o"))
	assert.Equal(t, "Allowed", decision(t, r, "p"), "the fix keeps the existing statement")
}

func TestServiceInvocation(t *testing.T) {
	topicARN := "arn:aws:sns:us-east-1:111111111111:news"
	policy := func(src string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction",
			"Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn","Condition":{"ArnLike":{"AWS:SourceArn":"` + src + `"}}}]}`
	}
	tests := []struct {
		name, resourcePolicy, want, code string
	}{
		{"SourceArn matches", policy(topicARN), "Allowed", ""},
		{"SourceArn names another topic", policy("arn:aws:sns:us-east-1:111111111111:other"), "ImplicitlyDenied", codeCondition},
		{"no resource policy", "", "ImplicitlyDenied", codeImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := `{"id":"fn","type":"lambda","role":"fn-role"}`
			if tt.resourcePolicy != "" {
				fn = `{"id":"fn","type":"lambda","role":"fn-role","resourcePolicy":` + tt.resourcePolicy + `}`
			}
			d := decode(t, fn+","+roleWith("")+`,{"id":"news","type":"sns-topic"}`, `{"id":"notify","from":"news","to":"fn"}`)
			r := analyze(t, d, nil)
			assert.Equal(t, tt.want, decision(t, r, "notify"))
			assert.Empty(t, findingsOf(r, codeConfusedDeputy))
			if tt.code == "" {
				assert.Equal(t, "sns", r.Edges["notify"].Statements[0].Sid)
				return
			}
			fs := findingsOf(r, tt.code)
			require.Len(t, fs, 1)
			assert.Contains(t, fs[0].Nodes, "fn")
			fixed := d
			if tt.code == codeCondition {
				assert.Contains(t, fs[0].Message, `AWS:SourceArn is "`+topicARN+`"`)
				assert.Contains(t, fs[0].Fix, topicARN)
				return
			}
			r = analyze(t, applyFix(t, fixed, fs[0]), nil)
			assert.Equal(t, "Allowed", decision(t, r, "notify"))
			assert.Empty(t, findingsOf(r, codeConfusedDeputy), "the proposed statement names its source")
		})
	}
}

func TestSNSSubscribeCrossAccount(t *testing.T) {
	topicARN := "arn:aws:sns:us-east-1:222222222222:news"
	fn := `{"id":"fn","type":"lambda","role":"fn-role","resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"` + topicARN + `"}}}]}}`
	d := decode(t, fn+","+roleWith("")+`,{"id":"news","type":"sns-topic","account":"222222222222"}`, `{"id":"notify","from":"news","to":"fn"}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "notify"))
	fs := findingsOf(r, codeSubscribe)
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"news", "fn"}, fs[0].Nodes)
	assert.Contains(t, fs[0].Fix, "--aws-account-id 111111111111")

	r = analyze(t, applyFix(t, d, fs[0]), nil)
	assert.Equal(t, "Allowed", decision(t, r, "notify"))
	assert.Empty(t, findingsOf(r, codeSubscribe))
}

func TestEventSourceMapping(t *testing.T) {
	d := decode(t, fnNode+","+roleWith("")+`,{"id":"jobs","type":"sqs-queue"}`, `{"id":"poll","from":"jobs","to":"fn"}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "poll"))
	fs := findingsOf(r, codeImplicitDeny)
	require.Len(t, fs, 1, "one finding for the three actions")
	assert.Contains(t, fs[0].Message, "sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes")
	assert.Contains(t, fs[0].Message, "event source mapping")

	r = analyze(t, applyFix(t, d, fs[0]), nil)
	assert.Equal(t, "Allowed", decision(t, r, "poll"))
	assert.Equal(t, "managedPolicies[AWSLambdaSQSQueueExecutionRole]", r.Edges["poll"].Statements[0].Policy)
}

func TestFunctionURL(t *testing.T) {
	fnARN := "arn:aws:lambda:us-east-1:111111111111:function:fn"
	urlStmt := `{"Sid":"Url","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"` + fnARN + `","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}`
	invStmt := `{"Sid":"Inv","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + fnARN + `","Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}`
	tests := []struct {
		name, url, policy, caller, want, mention string
		public                                   bool
	}{
		{"NONE without policy", `{"authType":"NONE"}`, "", "web", "ImplicitlyDenied", "lambda:InvokeFunctionUrl is refused", true},
		{"NONE with only InvokeFunctionUrl", `{"authType":"NONE"}`, urlStmt, "web", "ImplicitlyDenied", "since October 2025", true},
		{"NONE with both", `{"authType":"NONE"}`, urlStmt + "," + invStmt, "web", "Allowed", "", true},
		{"AWS_IAM from the internet", `{"authType":"AWS_IAM"}`, urlStmt + "," + invStmt, "web", "ImplicitlyDenied", "anonymous", false},
		{"AWS_IAM from a role with both actions", `{"authType":"AWS_IAM"}`, "", "caller", "Allowed", "", false},
		{"no URL", "", "", "web", "ImplicitlyDenied", "has no function URL", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := `{"id":"fn","type":"lambda","role":"fn-role"`
			if tt.url != "" {
				fn += `,"url":` + tt.url
			}
			if tt.policy != "" {
				fn += `,"resourcePolicy":{"Version":"2012-10-17","Statement":[` + tt.policy + `]}`
			}
			caller := `{"id":"caller","type":"iam-role","policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunctionUrl","lambda:InvokeFunction"],"Resource":"` + fnARN + `"}]}]}`
			d := decode(t, fn+"},"+roleWith("")+`,{"id":"web","type":"internet-host","host":"example.com"},`+caller,
				`{"id":"call","from":"`+tt.caller+`","to":"fn","via":"url"}`)
			r := analyze(t, d, nil)
			assert.Equal(t, tt.want, decision(t, r, "call"))
			fs := findingsOf(r, codeURLForbidden)
			if tt.want == "Allowed" {
				assert.Empty(t, fs)
			} else {
				require.Len(t, fs, 1)
				assert.Contains(t, fs[0].Message+fs[0].Fix, tt.mention)
				if tt.url == `{"authType":"NONE"}` {
					r2 := analyze(t, applyFix(t, d, fs[0]), nil)
					assert.Equal(t, "Allowed", decision(t, r2, "call"), "the proposed statements open the URL")
				}
			}
			assert.Equal(t, tt.public, len(findingsOf(r, codePublic)) > 0, "publicly invocable")
		})
	}
}

func TestQualifiers(t *testing.T) {
	fn := `{"id":"fn","type":"lambda","role":"fn-role","aliases":["prod"],"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Sid":"Prod","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn:prod","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:us-east-1:111111111111:news"}}}]}}`
	d := decode(t, fn+","+roleWith("")+`,{"id":"news","type":"sns-topic"}`,
		`{"id":"plain","from":"news","to":"fn"},{"id":"aliased","from":"news","to":"fn","qualifier":"prod"}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "Allowed", decision(t, r, "aliased"))
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "plain"))
	fs := findingsOf(r, codeImplicitDeny)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "covers arn:aws:lambda:us-east-1:111111111111:function:fn:prod")
	assert.Contains(t, fs[0].Message, "R51")
}

func TestEndpointPolicy(t *testing.T) {
	nodes := `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},
		{"id":"ep","type":"vpc-endpoint","parent":"vpc","service":"dynamodb","name":"vpce-0abc",
		 "policy":{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnly","Effect":"Allow","Principal":"*","Action":"dynamodb:GetItem","Resource":"*"}]}},` +
		fnNode + "," + table + "," + roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]}]`)
	d := decode(t, nodes, `{"id":"put","from":"fn","to":"cats","actions":["dynamodb:PutItem"]},{"id":"get","from":"fn","to":"cats","actions":["dynamodb:GetItem"]}`)
	via := model.NetworkResult{Reachable: model.Bool(true), Subnets: []model.SubnetResult{{Subnet: "a", Reachable: true,
		Path: []model.Hop{{Node: "rt", Check: "route", Result: "allow"}, {Node: "ep", Check: "gateway endpoint", Result: "allow"}}}}}
	r := analyze(t, d, map[string]model.NetworkResult{"put": via, "get": via})
	assert.Equal(t, "Allowed", decision(t, r, "get"))
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "put"))
	fs := findingsOf(r, codeEndpoint)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Nodes, "ep")
	assert.Equal(t, []string{"put"}, fs[0].Edges)

	r = analyze(t, applyFix(t, d, fs[0]), map[string]model.NetworkResult{"put": via})
	assert.Equal(t, "Allowed", decision(t, r, "put"))

	t.Run("a Deny in the endpoint policy", func(t *testing.T) {
		d := decode(t, strings.Replace(nodes, `"Sid":"ReadOnly","Effect":"Allow"`, `"Sid":"NoWrites","Effect":"Deny"`, 1), `{"id":"get","from":"fn","to":"cats"}`)
		r := analyze(t, d, map[string]model.NetworkResult{"get": via})
		assert.Equal(t, "ExplicitlyDenied", decision(t, r, "get"))
		assert.Equal(t, []model.StatementRef{{Node: "ep", Policy: "policy", Sid: "NoWrites", Effect: "Deny"}}, r.Edges["get"].Statements)
		fs := findingsOf(r, codeEndpoint)
		require.Len(t, fs, 1)
		assert.Contains(t, fs[0].Message, "denies it")
	})
	t.Run("interface endpoint: the hop at the endpoint decides, not the wording", func(t *testing.T) {
		for _, detail := range []string{"dynamodb.us-east-1.amazonaws.com → ep (private DNS)", "resolved somehow"} {
			iface := model.NetworkResult{Reachable: model.Bool(true), Subnets: []model.SubnetResult{{Subnet: "a", Reachable: true,
				Path: []model.Hop{{Node: "vpc", Check: "dns", Result: "allow", Detail: detail},
					{Node: "ep", Check: "interface endpoint", Result: "allow", Detail: "any text"}}}}}
			r := analyze(t, d, map[string]model.NetworkResult{"put": iface})
			assert.Equal(t, "ImplicitlyDenied", decision(t, r, "put"), detail)
		}
		dnsOnly := model.NetworkResult{Reachable: model.Bool(true), Subnets: []model.SubnetResult{{Subnet: "a", Reachable: true,
			Path: []model.Hop{{Node: "vpc", Check: "dns", Result: "allow", Detail: "dynamodb.us-east-1.amazonaws.com → ep (private DNS)"}}}}}
		r := analyze(t, d, map[string]model.NetworkResult{"put": dnsOnly})
		assert.Equal(t, "Allowed", decision(t, r, "put"), "a path that never reaches the endpoint is not filtered by its policy")
	})
	t.Run("one subnet through the endpoint, one through a NAT", func(t *testing.T) {
		mixed := model.NetworkResult{Reachable: model.Bool(true), Subnets: []model.SubnetResult{
			{Subnet: "a", Reachable: true, Path: []model.Hop{{Node: "nat", Check: "nat-gateway", Result: "allow"}}},
			via.Subnets[0]}}
		r := analyze(t, d, map[string]model.NetworkResult{"put": mixed})
		assert.Equal(t, "ImplicitlyDenied", decision(t, r, "put"), "the worst path decides")
	})
}

func TestSourceVpceCondition(t *testing.T) {
	bucket := `{"id":"b","type":"s3-bucket","name":"data","policy":{"Version":"2012-10-17","Statement":[{"Sid":"OnlyVpce","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::data/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0abc"}}}]}}`
	nodes := `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},{"id":"ep","type":"vpc-endpoint","parent":"vpc","service":"s3","name":"vpce-0abc"},` +
		fnNode + "," + bucket + "," + roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}]`)
	d := decode(t, nodes, `{"id":"read","from":"fn","to":"b"}`)
	viaEndpoint := model.NetworkResult{Subnets: []model.SubnetResult{{Path: []model.Hop{{Node: "ep", Check: "gateway endpoint"}}}}}
	viaNAT := model.NetworkResult{Subnets: []model.SubnetResult{{Path: []model.Hop{{Node: "nat", Check: "nat-gateway"}}}}}
	assert.Equal(t, "Allowed", decision(t, analyze(t, d, map[string]model.NetworkResult{"read": viaEndpoint}), "read"))
	r := analyze(t, d, map[string]model.NetworkResult{"read": viaNAT})
	assert.Equal(t, "ExplicitlyDenied", decision(t, r, "read"))
	assert.Equal(t, "OnlyVpce", r.Edges["read"].Statements[0].Sid)
}

func TestSourceFunctionArn(t *testing.T) {
	fnARN := "arn:aws:lambda:us-east-1:111111111111:function:fn"
	cond := `"Condition":{"ArnEquals":{"lambda:SourceFunctionArn":"` + fnARN + `"}}`
	t.Run("in the role policy it holds", func(t *testing.T) {
		d := decode(t, fnNode+","+table+","+roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*",`+cond+`}]}]`),
			`{"id":"get","from":"fn","to":"cats"}`)
		assert.Equal(t, "Allowed", decision(t, analyze(t, d, nil), "get"))
	})
	t.Run("in a resource policy it never does (R57)", func(t *testing.T) {
		tbl := `{"id":"cats","type":"dynamodb-table","name":"Cats","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/fn-role"},"Action":"dynamodb:GetItem","Resource":"*",` + cond + `}]}}`
		d := decode(t, fnNode+","+tbl+","+roleWith(""), `{"id":"get","from":"fn","to":"cats"}`)
		r := analyze(t, d, nil)
		assert.Equal(t, "ImplicitlyDenied", decision(t, r, "get"))
		fs := findingsOf(r, codeCondition)
		require.Len(t, fs, 1)
		assert.Contains(t, fs[0].Message, "R57")
	})
}

func TestNoPermissionInvolved(t *testing.T) {
	d := decode(t, fnNode+","+roleWith("")+`,{"id":"web","type":"internet-host","host":"example.com"},
		{"id":"efs","type":"efs-filesystem"},{"id":"db","type":"rds-cluster"}`,
		`{"id":"http","from":"fn","to":"web","port":443},{"id":"mount","from":"fn","to":"efs"},{"id":"sql","from":"fn","to":"db"},{"id":"in","from":"web","to":"fn","port":8080}`)
	r := analyze(t, d, nil)
	for _, id := range []string{"http", "mount", "sql", "in"} {
		_, ok := r.Edges[id]
		assert.False(t, ok, "%s involves no permission", id)
	}
}

func TestExecutionRole(t *testing.T) {
	tests := []struct {
		name, fn, role string
		code, severity string
	}{
		{"trust for EC2 only", fnNode, `{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole"],"trust":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}}`, codeNotAssumable, model.SeverityError},
		{"role in another account", fnNode, `{"id":"fn-role","type":"iam-role","account":"222222222222","managedPolicies":["AWSLambdaBasicExecutionRole"]}`, codeNotAssumable, model.SeverityError},
		{"VPC function without ENI permissions", `{"id":"fn","type":"lambda","role":"fn-role","vpc":{"subnets":["s"],"securityGroups":["sg"]}}`, roleWith(""), codeENI, model.SeverityError},
		{"Active VPC function without ENI permissions", `{"id":"fn","type":"lambda","role":"fn-role","state":"Active","vpc":{"subnets":["s"],"securityGroups":["sg"]}}`, roleWith(""), codeENI, model.SeverityInfo},
		{"no logs permissions", fnNode, `{"id":"fn-role","type":"iam-role"}`, codeLogs, model.SeverityWarning},
		{"logs on another function's group", fnNode, `{"id":"fn-role","type":"iam-role","policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/other:*"}]}]}`, codeLogs, model.SeverityWarning},
		{"Active tracing without X-Ray", `{"id":"fn","type":"lambda","role":"fn-role","tracing":"Active"}`, roleWith(""), codeXRay, model.SeverityWarning},
	}
	vpc := `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},{"id":"s","type":"subnet","parent":"vpc","cidr":"10.0.0.0/24","az":"us-east-1a"},{"id":"sg","type":"security-group","parent":"vpc"},`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decode(t, vpc+tt.fn+","+tt.role, "")
			r := analyze(t, d, nil)
			fs := findingsOf(r, tt.code)
			require.Len(t, fs, 1, "%v", r.Findings)
			assert.Equal(t, tt.severity, fs[0].Severity)
			assert.ElementsMatch(t, []string{"fn", "fn-role"}, fs[0].Nodes[:2])
			if len(fs[0].Ops) > 0 {
				assert.Empty(t, findingsOf(analyze(t, applyFix(t, d, fs[0]), nil), tt.code), "the fix removes the finding")
			}
		})
	}
	t.Run("drawn log group needs no CreateLogGroup", func(t *testing.T) {
		d := decode(t, fnNode+`,{"id":"lg","type":"cloudwatch-logs","name":"/aws/lambda/fn"},{"id":"fn-role","type":"iam-role","policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/fn:*"}]}]}`, "")
		assert.Empty(t, findingsOf(analyze(t, d, nil), codeLogs))
	})
	t.Run("the right managed policies raise nothing", func(t *testing.T) {
		d := decode(t, vpc+`{"id":"fn","type":"lambda","role":"fn-role","tracing":"Active","vpc":{"subnets":["s"],"securityGroups":["sg"]}},{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaVPCAccessExecutionRole","arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"]}`, "")
		assert.Empty(t, analyze(t, d, nil).Findings)
	})
	t.Run("a function without a role gets the console's", func(t *testing.T) {
		d := decode(t, vpc+`{"id":"fn","type":"lambda","tracing":"Active","vpc":{"subnets":["s"],"securityGroups":["sg"]}},`+table, `{"id":"get","from":"fn","to":"cats"}`)
		r := analyze(t, d, nil)
		assert.Equal(t, "ImplicitlyDenied", decision(t, r, "get"))
		codes := []string{}
		for _, f := range r.Findings {
			codes = append(codes, f.Code)
		}
		assert.Equal(t, []string{codeImplicitDeny, codeDefaultRole}, codes, "the console's role writes logs, traces and manages ENIs")
		assert.Contains(t, r.Findings[0].Fix, "execution role")
		assert.Equal(t, model.SeverityInfo, r.Findings[1].Severity)
		assert.Equal(t, []string{"fn"}, r.Findings[1].Nodes)
		assert.Contains(t, r.Findings[1].Message, "arn:aws:iam::111111111111:role/service-role/fn-role")
	})
}

func TestPolicyShape(t *testing.T) {
	fnARN := "arn:aws:lambda:us-east-1:111111111111:function:fn"
	tests := []struct {
		name, fnPolicy, rolePolicies, code string
		want                               int
	}{
		{"public invoke", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}`, "", codePublic, 1},
		{"public but limited to an organization", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + fnARN + `","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}`, "", codePublic, 0},
		{"service without a source", `{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}`, "", codeConfusedDeputy, 1},
		{"S3 without the account", `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}`, "", codeConfusedDeputy, 1},
		{"service with SourceAccount", `{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"}}}`, "", codeConfusedDeputy, 0},
		{"NotAction in a role policy", "", `{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`, codeOverlyBroad, 1},
		{"NotResource in a role policy", "", `{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}`, codeOverlyBroad, 1},
		{"Action * in a role policy", "", `{"Effect":"Allow","Action":"*","Resource":"*"}`, codeOverlyBroad, 1},
		{"Deny with NotAction is fine", "", `{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}`, codeOverlyBroad, 0},
		{"service wildcard is not Action *", "", `{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}`, codeOverlyBroad, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := `{"id":"fn","type":"lambda","role":"fn-role"`
			if tt.fnPolicy != "" {
				fn += `,"resourcePolicy":{"Version":"2012-10-17","Statement":[` + tt.fnPolicy + `]}`
			}
			role := roleWith("")
			if tt.rolePolicies != "" {
				role = roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[` + tt.rolePolicies + `]}]`)
			}
			r := analyze(t, decode(t, fn+"},"+role, ""), nil)
			fs := findingsOf(r, tt.code)
			require.Len(t, fs, tt.want, "%v", r.Findings)
			for _, f := range fs {
				assert.Equal(t, model.SeverityWarning, f.Severity)
				assert.NotEmpty(t, f.Fix)
			}
		})
	}
}

func TestProblemsAndManagedPolicies(t *testing.T) {
	d := decode(t, fnNode+`,{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole","awslambdabasicexecutionrole","arn:aws:iam::aws:policy/AWSLambdaVPCAccessExecutionRole","AmazonEC2FullAccess"],
		"policies":{"reader":{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}}},
		"permissionsBoundary":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]},
		"trust":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEqual":{"aws:SourceAccount":"1"}}}]}},
		{"id":"q","type":"sqs-queue","policy":{"Statement":[{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"sqs:*","Resource":"*"}]}}`, "")
	ps := Problems(d)
	got := map[string]string{}
	for _, p := range ps {
		got[p.Path] = p.Message
	}
	assert.Contains(t, got["nodes[1].managedPolicies[1]"], `did you mean "AWSLambdaBasicExecutionRole"`)
	assert.Contains(t, got["nodes[1].managedPolicies[2]"], "service-role/AWSLambdaVPCAccessExecutionRole")
	assert.Contains(t, got["nodes[1].policies.reader.Statement.Effect"], "case-sensitive")
	assert.Contains(t, got["nodes[1].trust.Statement[0].Condition.StringEqual"], "unknown condition operator")
	assert.Contains(t, got["nodes[2].policy.Statement[0].Principal.AWS"], "not an AWS principal")
	assert.Len(t, ps, 5, "%v", ps)

	t.Run("an unknown managed policy is a warning", func(t *testing.T) {
		d := decode(t, fnNode+`,{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole","AmazonEC2FullAccess"]}`, "")
		r := analyze(t, d, nil)
		fs := findingsOf(r, codeUnknownManaged)
		require.Len(t, fs, 1)
		assert.Equal(t, model.SeverityWarning, fs[0].Severity)
		assert.Contains(t, fs[0].Message, "AmazonEC2FullAccess")
	})
}

// Every finding is well formed: severity, code, a message and fix a person
// can read, and operations that apply.
func TestFindingsWellFormed(t *testing.T) {
	d := decode(t, `{"id":"fn","type":"lambda","role":"fn-role","tracing":"Active","url":{"authType":"NONE"},"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"NotAction":"iam:*","Resource":"*"}]}},
		{"id":"fn-role","type":"iam-role","trust":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}},`+table+`,
		{"id":"web","type":"internet-host","host":"example.com"},{"id":"ext","type":"external-account","account":"999999999999"}`,
		`{"id":"a","from":"fn","to":"cats"},{"id":"b","from":"web","to":"fn","via":"url"},{"id":"c","from":"ext","to":"cats"}`)
	r := analyze(t, d, nil)
	require.NotEmpty(t, r.Findings)
	for _, f := range r.Findings {
		assert.Contains(t, []string{model.SeverityError, model.SeverityWarning, model.SeverityInfo}, f.Severity)
		assert.Regexp(t, `^[A-Z_]+$`, f.Code)
		assert.True(t, strings.HasSuffix(f.Message, "."), "message ends a sentence: %s", f.Message)
		assert.NotEmpty(t, f.Fix, f.Code)
		assert.NotNil(t, f.Nodes)
		assert.NotNil(t, f.Edges)
		for _, op := range f.Ops {
			assert.True(t, json.Valid(op.Value), "%s op value", f.Code)
		}
		if len(f.Ops) > 0 {
			_, ps := model.Apply(d, f.Ops)
			assert.Empty(t, ps, "%s ops apply", f.Code)
		}
	}
}

func TestInvokersOfAFunction(t *testing.T) {
	target := `{"id":"target","type":"lambda","role":"fn-role"}`
	invoke := `,"policies":[{"Version":"2012-10-17","Statement":[{"Sid":"Invoke","Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:target"}]}]`
	tests := []struct {
		name, nodes, from, want, code string
	}{
		{"a function whose role allows it", fnNode + "," + roleWith(invoke), "fn", "Allowed", ""},
		{"a function whose role does not", fnNode + "," + roleWith(""), "fn", "ImplicitlyDenied", codeImplicitDeny},
		{"a user whose policy allows it", `{"id":"alice","type":"iam-user"` + invoke + `}`, "alice", "Allowed", ""},
		{"a role of another account, allowed only by its own policy", `{"id":"ext-role","type":"iam-role","account":"222222222222"` + invoke + `}`, "ext-role", "ImplicitlyDenied", codeCrossAccount},
		{"the root of the same account", `{"id":"self","type":"external-account","account":"111111111111"}`, "self", "Allowed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes := target + "," + tt.nodes
			if !strings.Contains(nodes, `"id":"fn-role"`) {
				nodes += "," + roleWith("")
			}
			d := decode(t, nodes, `{"id":"call","from":"`+tt.from+`","to":"target"}`)
			r := analyze(t, d, nil)
			assert.Equal(t, tt.want, decision(t, r, "call"))
			if tt.code != "" {
				require.Len(t, findingsOf(r, tt.code), 1)
				return
			}
			for _, f := range r.Findings {
				assert.NotEqual(t, model.SeverityError, f.Severity, "%s: %s", f.Code, f.Message)
			}
		})
	}
}

func TestAssumeRole(t *testing.T) {
	target := `{"id":"admin","type":"iam-role","trust":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/ops"},"Action":"sts:AssumeRole"}]}}`
	assume := `,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}]`
	d := decode(t, target+`,{"id":"ops","type":"iam-role"`+assume+`},{"id":"dev","type":"iam-role"`+assume+`}`,
		`{"id":"ok","from":"ops","to":"admin","actions":["sts:AssumeRole"]},{"id":"no","from":"dev","to":"admin","actions":["sts:AssumeRole"]}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "Allowed", decision(t, r, "ok"))
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "no"), "the caller's own Allow is not enough")
	fs := findingsOf(r, codeImplicitDeny)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "trust policy")
	assert.Equal(t, "Allowed", decision(t, analyze(t, applyFix(t, d, fs[0]), nil), "no"))
}

// Callers AWS treats specially: an account drawn as a whole is some
// principal of it, so a grant to one of its roles lets it in; an anonymous
// caller cannot use the Invoke API at all.
func TestSpecialCallers(t *testing.T) {
	fnARN := "arn:aws:lambda:us-east-1:111111111111:function:fn"
	grant := func(principal string) string {
		return `{"id":"fn","type":"lambda","role":"fn-role","resourcePolicy":{"Version":"2012-10-17","Statement":[{"Sid":"G","Effect":"Allow","Principal":` +
			principal + `,"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}]}}`
	}
	tests := []struct {
		name, fn, caller, want, code string
	}{
		{"an account named by one of its roles", grant(`{"AWS":"arn:aws:iam::222222222222:role/caller"}`),
			`{"id":"c","type":"external-account","account":"222222222222"}`, "Allowed", ""},
		{"an account named by one of its users", grant(`{"AWS":"arn:aws:iam::222222222222:user/bob"}`),
			`{"id":"c","type":"external-account","account":"222222222222"}`, "Allowed", ""},
		{"an account whose role is not the one named", grant(`{"AWS":"arn:aws:iam::333333333333:role/caller"}`),
			`{"id":"c","type":"external-account","account":"222222222222"}`, "ImplicitlyDenied", codeCrossAccount},
		{"an internet host on the Invoke API, even with Principal *", grant(`"*"`),
			`{"id":"c","type":"internet-host","host":"example.com"}`, "ImplicitlyDenied", codeImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analyze(t, decode(t, tt.fn+","+roleWith("")+","+tt.caller, `{"id":"call","from":"c","to":"fn"}`), nil)
			assert.Equal(t, tt.want, decision(t, r, "call"))
			for _, f := range r.Findings {
				if f.Severity == model.SeverityError {
					assert.Equal(t, tt.code, f.Code, f.Message)
					assert.Equal(t, []string{"call"}, f.Edges)
					assert.Contains(t, f.Nodes, "fn")
				}
			}
			if tt.code != "" {
				require.Len(t, findingsOf(r, tt.code), 1)
			}
		})
	}
	t.Run("the unsigned caller is told about function URLs", func(t *testing.T) {
		r := analyze(t, decode(t, grant(`"*"`)+","+roleWith("")+`,{"id":"c","type":"internet-host","host":"example.com"}`, `{"id":"call","from":"c","to":"fn"}`), nil)
		fs := findingsOf(r, codeImplicitDeny)
		require.Len(t, fs, 1)
		assert.Contains(t, fs[0].Message, "unsigned")
		assert.Contains(t, fs[0].Fix, `"via": "url"`)
	})
}

// Keys AWS sets from the target and the path: aws:RequestedRegion (the
// target's Region) and, through an endpoint, aws:VpcSourceIp (an address of
// the source subnet).
func TestTargetAndPathKeys(t *testing.T) {
	region := roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"},
		{"Sid":"OnlyUSEast1","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}]`)
	d := decode(t, fnNode+","+region+","+table+`,{"id":"eu","type":"dynamodb-table","name":"Cats","region":"eu-west-1"}`,
		`{"id":"us","from":"fn","to":"cats"},{"id":"other","from":"fn","to":"eu"}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "Allowed", decision(t, r, "us"))
	assert.Equal(t, "ExplicitlyDenied", decision(t, r, "other"))
	assert.Equal(t, "OnlyUSEast1", r.Edges["other"].Statements[0].Sid)
	assert.Empty(t, findingsOf(r, codeLogs), "Lambda writes logs in the function's Region")

	bucket := `{"id":"b","type":"s3-bucket","name":"data","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*","Condition":{"IpAddress":{"aws:VpcSourceIp":"10.0.1.0/24"}}}]}}`
	d = decode(t, `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},{"id":"a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24"},{"id":"b2","type":"subnet","parent":"vpc","cidr":"10.0.2.0/24"},
		{"id":"ep","type":"vpc-endpoint","parent":"vpc","service":"s3"},`+fnNode+","+roleWith("")+","+bucket, `{"id":"read","from":"fn","to":"b"}`)
	viaEndpoint := func(subnet string) model.NetworkResult {
		return model.NetworkResult{Subnets: []model.SubnetResult{{Subnet: subnet, Path: []model.Hop{{Node: "ep", Check: "gateway endpoint"}}}}}
	}
	assert.Equal(t, "Allowed", decision(t, analyze(t, d, map[string]model.NetworkResult{"read": viaEndpoint("a")}), "read"))
	assert.Equal(t, "ImplicitlyDenied", decision(t, analyze(t, d, map[string]model.NetworkResult{"read": viaEndpoint("b2")}), "read"))
	noEndpoint := model.NetworkResult{Subnets: []model.SubnetResult{{Subnet: "a", Path: []model.Hop{{Node: "nat", Check: "nat-gateway"}}}}}
	assert.Equal(t, "ImplicitlyDenied", decision(t, analyze(t, d, map[string]model.NetworkResult{"read": noEndpoint}), "read"),
		"aws:VpcSourceIp is only in requests through an endpoint")
}

// What Lambda needs from a VPC function's role is checked on the resources
// EC2 authorizes each action on (R32, R45).
func TestENIResourceScope(t *testing.T) {
	vpc := `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},{"id":"s","type":"subnet","parent":"vpc","cidr":"10.0.0.0/24"},{"id":"sg","type":"security-group","parent":"vpc"},
		{"id":"fn","type":"lambda","role":"fn-role","vpc":{"subnets":["s"],"securityGroups":["sg"]}},`
	eni := `"ec2:CreateNetworkInterface","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"`
	tests := []struct {
		name, statements string
		missing          []string
	}{
		{"all on *", `{"Effect":"Allow","Action":[` + eni + `,"ec2:DescribeNetworkInterfaces"],"Resource":"*"}`, nil},
		{"the account's EC2 resources, Describe on *", `{"Effect":"Allow","Action":[` + eni + `],"Resource":"arn:aws:ec2:us-east-1:111111111111:*/*"},
			{"Effect":"Allow","Action":"ec2:DescribeNetworkInterfaces","Resource":"*"}`, nil},
		{"Describe scoped to ARNs", `{"Effect":"Allow","Action":[` + eni + `,"ec2:DescribeNetworkInterfaces"],"Resource":"arn:aws:ec2:us-east-1:111111111111:*/*"}`,
			[]string{"ec2:DescribeNetworkInterfaces"}},
		{"interfaces only: Create also needs the subnet and security group", `{"Effect":"Allow","Action":[` + eni + `],"Resource":"arn:aws:ec2:*:*:network-interface/*"},
			{"Effect":"Allow","Action":"ec2:DescribeNetworkInterfaces","Resource":"*"}`, []string{"ec2:CreateNetworkInterface"}},
		{"another Region", `{"Effect":"Allow","Action":[` + eni + `],"Resource":"arn:aws:ec2:eu-west-1:111111111111:*/*"},
			{"Effect":"Allow","Action":"ec2:DescribeNetworkInterfaces","Resource":"*"}`,
			[]string{"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analyze(t, decode(t, vpc+roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[`+tt.statements+`]}]`), ""), nil)
			fs := findingsOf(r, codeENI)
			if tt.missing == nil {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1)
			assert.Equal(t, model.SeverityError, fs[0].Severity)
			assert.Equal(t, []string{"fn", "fn-role"}, fs[0].Nodes)
			assert.Contains(t, fs[0].Message, "does not allow "+strings.Join(tt.missing, ", ")+" on")
		})
	}
}

// A Deny in a function policy cannot exist in AWS (R50); it is reported on
// the function and still evaluated as drawn.
func TestFunctionPolicyDeny(t *testing.T) {
	fn := `{"id":"fn","type":"lambda","role":"fn-role","resourcePolicy":{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"lambda:InvokeFunction","Resource":"*"},
		{"Sid":"NoPartner","Effect":"Deny","Principal":{"AWS":"222222222222"},"Action":"lambda:InvokeFunction","Resource":"*"}]}}`
	r := analyze(t, decode(t, fn+","+roleWith("")+`,{"id":"p","type":"external-account","account":"222222222222"}`, `{"id":"call","from":"p","to":"fn"}`), nil)
	assert.Equal(t, "ExplicitlyDenied", decision(t, r, "call"))
	fs := findingsOf(r, codeFunctionDeny)
	require.Len(t, fs, 1)
	assert.Equal(t, model.SeverityError, fs[0].Severity)
	assert.Equal(t, []string{"fn"}, fs[0].Nodes)
	assert.Equal(t, []string{"call"}, fs[0].Edges, "the invocations the function policy decides")
	assert.Contains(t, fs[0].Message, `statement "NoPartner"`)
	assert.Contains(t, fs[0].Message, "R50")
}

// AWS refuses identity policies and boundaries that name principals: the
// role cannot have them, so they grant nothing, and the arrows made with
// the role say why.
func TestPrincipalInIdentityPolicy(t *testing.T) {
	d := decode(t, fnNode+","+table+`,{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole"],"policies":{"p":{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
		{"Sid":"ForLambda","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"dynamodb:GetItem","Resource":"*"}]},
		"q":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*"}]}},
		"permissionsBoundary":{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111111111111"},"Action":"*","Resource":"*"}}},
		{"id":"jobs","type":"sqs-queue"},{"id":"other","type":"lambda","role":"other-role"},{"id":"other-role","type":"iam-role"}`,
		`{"id":"get","from":"fn","to":"cats"},{"id":"put","from":"fn","to":"cats","actions":["dynamodb:PutItem"]},{"id":"poll","from":"jobs","to":"fn"},{"id":"unrelated","from":"other","to":"cats"}`)
	r := analyze(t, d, nil)
	assert.Equal(t, "ImplicitlyDenied", decision(t, r, "get"), "the refused policy grants nothing")
	assert.Equal(t, "Allowed", decision(t, r, "put"), "the role's other policies still apply; the refused boundary does not cap them")
	fs := findingsOf(r, codeIdentityPrincipal)
	require.Len(t, fs, 2)
	for _, f := range fs {
		assert.Equal(t, model.SeverityError, f.Severity)
		assert.Equal(t, []string{"fn-role"}, f.Nodes)
		assert.Equal(t, []string{"get", "put", "poll"}, f.Edges, "the arrows made with the role")
		assert.Contains(t, f.Message, "Has prohibited field Principal")
	}
	assert.Contains(t, fs[0].Message+fs[1].Message, `statement "ForLambda" of fn-role's policies.p has a Principal element`)
	assert.Contains(t, fs[0].Message+fs[1].Message, "permissions boundary")
}

// Every request carries the time it is made (aws:CurrentTime,
// aws:EpochTime), and a role session says it used no MFA.
func TestRequestTimeAndSessionKeys(t *testing.T) {
	d := decode(t, fnNode+","+table+","+roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[
		{"Sid":"Until2030","Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}},
		{"Sid":"EpochAfter2020","Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*","Condition":{"NumericGreaterThan":{"aws:EpochTime":"1577836800"}}},
		{"Sid":"NoMFA","Effect":"Deny","Action":"dynamodb:DeleteItem","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}},
		{"Effect":"Allow","Action":"dynamodb:DeleteItem","Resource":"*"}]}]`),
		`{"id":"get","from":"fn","to":"cats"},{"id":"put","from":"fn","to":"cats","actions":["dynamodb:PutItem"]},{"id":"del","from":"fn","to":"cats","actions":["dynamodb:DeleteItem"]}`)
	require.Empty(t, Problems(d))
	tests := []struct {
		at       time.Time
		get, put string
	}{
		{time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), "Allowed", "Allowed"},
		{time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), "ImplicitlyDenied", "Allowed"},
		{time.Date(2019, 1, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600)), "Allowed", "ImplicitlyDenied"},
	}
	for _, tt := range tests {
		r := analyzeAt(model.NewIndex(d), nil, tt.at)
		assert.Equal(t, tt.get, decision(t, r, "get"), "%v", tt.at)
		assert.Equal(t, tt.put, decision(t, r, "put"), "%v", tt.at)
		assert.Equal(t, "ExplicitlyDenied", decision(t, r, "del"), "a function's session has no MFA")
	}
}

// An Allow to everyone without a narrowing condition, in a resource or
// trust policy, is public (R44).
func TestPublicResourcePolicies(t *testing.T) {
	tests := []struct {
		name, node string
		want       int
	}{
		{"public bucket", `{"id":"n","type":"s3-bucket","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::n/*"}]}}`, 1},
		{"bucket limited to an endpoint", `{"id":"n","type":"s3-bucket","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::n/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}}`, 0},
		{"public Deny is no exposure", `{"id":"n","type":"sqs-queue","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}}`, 0},
		{"queue open to AWS:*", `{"id":"n","type":"sqs-queue","policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:SendMessage","Resource":"*"}]}}`, 1},
		{"role anyone may assume", `{"id":"n","type":"iam-role","trust":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}}`, 1},
		{"role for one organization", `{"id":"n","type":"iam-role","trust":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}}`, 0},
		{"default endpoint policy", `{"id":"n","type":"vpc-endpoint","parent":"vpc","service":"s3"},{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analyze(t, decode(t, tt.node, ""), nil)
			fs := findingsOf(r, codePublicResource)
			require.Len(t, fs, tt.want, "%v", r.Findings)
			for _, f := range fs {
				assert.Equal(t, model.SeverityWarning, f.Severity)
				assert.Equal(t, []string{"n"}, f.Nodes)
				assert.Contains(t, f.Message, "R44")
			}
		})
	}
}

// A DynamoDB stream mapping is allowed by a policy on the table's streams,
// ListStreams included, as AWS's examples write it.
func TestStreamMapping(t *testing.T) {
	streamOnly := roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats/stream/*"}]}]`)
	tableOnly := roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats"}]}]`)
	for role, want := range map[string]string{streamOnly: "Allowed", tableOnly: "ImplicitlyDenied", `{"id":"fn-role","type":"iam-role","managedPolicies":["AWSLambdaDynamoDBExecutionRole"]}`: "Allowed"} {
		r := analyze(t, decode(t, fnNode+","+table+","+role, `{"id":"stream","from":"cats","to":"fn"}`), nil)
		assert.Equal(t, want, decision(t, r, "stream"), role)
	}
}

// TestPoliciesAnalyzeAsksForEachArrowOnce checks that the compiled form asks
// for each arrow's network result once, in the design's order, and gives
// what Analyze gives: the arrows' findings first, then the nodes', although
// it checks the nodes first.
func TestPoliciesAnalyzeAsksForEachArrowOnce(t *testing.T) {
	d := decode(t, `{"id":"fn","type":"lambda"},`+table, `{"id":"put","from":"fn","to":"cats"},{"id":"get","from":"fn","to":"cats"}`)
	ix := model.NewIndex(d)
	var asked []string
	r := Compile(ix).Analyze(func(edge string) model.NetworkResult {
		asked = append(asked, edge)
		return model.NetworkResult{}
	})
	assert.Equal(t, []string{"put", "get"}, asked)
	assert.Equal(t, Analyze(ix, nil), r)
	codes := []string{}
	for _, f := range r.Findings {
		codes = append(codes, f.Code)
	}
	assert.Equal(t, []string{codeImplicitDeny, codeImplicitDeny, codeDefaultRole}, codes)
}
