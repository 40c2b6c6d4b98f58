package iam

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	acctA   = "111111111111"
	acctB   = "222222222222"
	roleARN = "arn:aws:iam::111111111111:role/fn-role"
	session = "arn:aws:sts::111111111111:assumed-role/fn-role/fn"
	userARN = "arn:aws:iam::111111111111:user/alice"
	table   = "arn:aws:dynamodb:us-east-1:111111111111:table/Cats"
	fnARN   = "arn:aws:lambda:us-east-1:111111111111:function:fn"
	topic   = "arn:aws:sns:us-east-1:111111111111:news"
)

// stmt is a one-statement policy.
func stmt(effect, sid, extra string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":%q,"Effect":%q,%s}]}`, sid, effect, extra)
}

func allowID(sid, action, resource string) string {
	return stmt("Allow", sid, fmt.Sprintf(`"Action":%q,"Resource":%q`, action, resource))
}

func resPolicy(effect, sid, principal, action, resource, cond string) string {
	extra := fmt.Sprintf(`"Principal":%s,"Action":%q,"Resource":%q`, principal, action, resource)
	if cond != "" {
		extra += `,"Condition":` + cond
	}
	return stmt(effect, sid, extra)
}

// ruleCase is one table row of the evaluation tests.
type ruleCase struct {
	name      string
	principal Principal
	action    string
	resource  string
	resAcct   string
	ctx       Context
	identity  []string
	boundary  []string
	res       string
	endpoints []string
	want      Decision
	reason    Reason
	stmts     []string // "label/sid" of the deciding statements
	policy    string   // the label of Result.Policy
}

func (c ruleCase) run(t *testing.T) {
	t.Helper()
	var set PolicySet
	for i, d := range c.identity {
		set.Identity = append(set.Identity, named(t, "role", fmt.Sprintf("id%d", i), d))
	}
	for i, d := range c.boundary {
		set.Boundary = append(set.Boundary, named(t, "role", fmt.Sprintf("boundary%d", i), d))
	}
	if c.res != "" {
		set.Resource = append(set.Resource, named(t, "target", "res", c.res))
	}
	for i, d := range c.endpoints {
		set.Endpoint = append(set.Endpoint, named(t, "vpce", fmt.Sprintf("vpce%d", i), d))
	}
	req := Request{Principal: c.principal, Action: c.action, Resource: c.resource, ResourceAccount: c.resAcct, Context: c.ctx}
	req.IdentityContext.Set("lambda:SourceFunctionArn", fnARN)
	r := Evaluate(&req, &set)
	assert.Equal(t, c.want, r.Decision, "decision")
	assert.Equal(t, c.reason, r.Reason, "reason %s", r.Reason)
	got := []string{}
	for _, s := range r.Statements {
		got = append(got, s.Policy+"/"+s.Sid)
	}
	want := c.stmts
	if want == nil {
		want = []string{}
	}
	assert.Equal(t, want, got, "statements")
	assert.Equal(t, c.policy, r.Policy.Label, "policy")
}

func TestEvaluateRules(t *testing.T) {
	sess := mustPrincipal(t, session)
	user := mustPrincipal(t, userARN)
	otherSess := mustPrincipal(t, "arn:aws:sts::222222222222:assumed-role/caller/s")
	denyAll := stmt("Deny", "D", `"Action":"*","Resource":"*"`)
	tests := []ruleCase{
		// R39: decision order.
		{name: "R39 no policy: implicit deny", principal: sess, action: "dynamodb:PutItem", resource: table,
			want: ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R39 identity allow", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:PutItem", table)}, want: Allowed, stmts: []string{"id0/A"}},
		{name: "R39 explicit deny in identity beats allow", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*"), denyAll}, want: ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"id1/D"}},
		{name: "R39 explicit deny in resource policy beats identity allow", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*")},
			res:      resPolicy("Deny", "RD", `"*"`, "dynamodb:*", table, ""),
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"res/RD"}},
		{name: "R39 explicit deny in boundary", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*")}, boundary: []string{denyAll},
			want: ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"boundary0/D"}},
		{name: "R39 explicit deny in endpoint policy", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*")}, endpoints: []string{resPolicy("Deny", "E", `"*"`, "dynamodb:PutItem", "*", "")},
			want: ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"vpce0/E"}},
		{name: "R39 every matching deny is listed", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{denyAll, stmt("Deny", "D2", `"Action":"dynamodb:Put*","Resource":"*"`)},
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"id0/D", "id1/D2"}},
		{name: "R39 a deny whose condition fails does not deny", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*"), stmt("Deny", "D", `"Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}`)},
			ctx:      ctx("aws:SecureTransport", "true"), want: Allowed, stmts: []string{"id0/A"}},
		{name: "R39 boundary caps identity", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*")}, boundary: []string{allowID("B", "s3:*", "*")},
			want: ImplicitlyDenied, reason: ReasonBoundaryNoAllow, policy: "boundary0"},
		{name: "R39 boundary allows too", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:*", "*")}, boundary: []string{allowID("B", "dynamodb:Put*", "*")},
			want: Allowed, stmts: []string{"id0/A"}},
		{name: "R39 boundary alone grants nothing", principal: sess, action: "dynamodb:PutItem", resource: table,
			boundary: []string{allowID("B", "*", "*")}, want: ImplicitlyDenied, reason: ReasonNoAllow},

		// R40: same account, identity OR resource policy.
		{name: "R40 resource policy naming the role allows alone", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"`+roleARN+`"}`, "dynamodb:PutItem", table, ""),
			want: Allowed, stmts: []string{"res/R"}},
		{name: "R40 role with a path is matched by name", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"arn:aws:iam::111111111111:role/service-role/fn-role"}`, "dynamodb:PutItem", table, ""),
			want: Allowed, stmts: []string{"res/R"}},
		{name: "R40 resource policy naming the session allows alone", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"`+session+`"}`, "dynamodb:PutItem", table, ""),
			want: Allowed, stmts: []string{"res/R"}},
		{name: "R40 another session of the role is not named", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"arn:aws:sts::111111111111:assumed-role/fn-role/other"}`, "dynamodb:PutItem", table, ""),
			want: ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R40 grant to the role ARN is limited by the boundary", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:      resPolicy("Allow", "R", `{"AWS":"`+roleARN+`"}`, "dynamodb:PutItem", table, ""),
			boundary: []string{allowID("B", "s3:*", "*")},
			want:     ImplicitlyDenied, reason: ReasonBoundaryNoAllow, policy: "boundary0"},
		{name: "R40 grant to the session ARN is not limited by the boundary", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:      resPolicy("Allow", "R", `{"AWS":"`+session+`"}`, "dynamodb:PutItem", table, ""),
			boundary: []string{allowID("B", "s3:*", "*")},
			want:     Allowed, stmts: []string{"res/R"}},
		{name: "R40 grant to the user ARN is not limited by the boundary", principal: user, action: "dynamodb:PutItem", resource: table,
			res:      resPolicy("Allow", "R", `{"AWS":"`+userARN+`"}`, "dynamodb:PutItem", table, ""),
			boundary: []string{allowID("B", "s3:*", "*")},
			want:     Allowed, stmts: []string{"res/R"}},
		{name: "R40 identity and resource allows are both listed", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:PutItem", table)},
			res:      resPolicy("Allow", "R", `{"AWS":"`+roleARN+`"}`, "dynamodb:PutItem", table, ""),
			want:     Allowed, stmts: []string{"id0/A", "res/R"}},

		// R44: the account principal delegates; "*" is everyone.
		{name: "R44 account principal in the same account delegates", principal: sess, action: "dynamodb:PutItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"111111111111"}`, "dynamodb:PutItem", table, ""),
			want: ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R44 account principal plus identity allow", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:PutItem", table)},
			res:      resPolicy("Allow", "R", `{"AWS":"arn:aws:iam::111111111111:root"}`, "dynamodb:PutItem", table, ""),
			want:     Allowed, stmts: []string{"id0/A", "res/R"}},
		{name: "R44 Principal * allows the same account", principal: sess, action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:111111111111:q",
			res:  resPolicy("Allow", "P", `"*"`, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", ""),
			want: Allowed, stmts: []string{"res/P"}},
		{name: "R44 Principal * allows anonymous callers", principal: Anonymous(), action: "s3:GetObject", resource: "arn:aws:s3:::site/index.html",
			res:  resPolicy("Allow", "P", `{"AWS":"*"}`, "s3:GetObject", "arn:aws:s3:::site/*", ""),
			want: Allowed, stmts: []string{"res/P"}},
		{name: "R44 anonymous has no identity policies", principal: Anonymous(), action: "s3:GetObject", resource: "arn:aws:s3:::site/index.html",
			identity: []string{allowID("A", "*", "*")}, want: ImplicitlyDenied, reason: ReasonNoAllow},

		// R41: cross account, both sides.
		{name: "R41 both sides allow", principal: otherSess, action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:111111111111:q",
			identity: []string{allowID("A", "sqs:SendMessage", "*")},
			res:      resPolicy("Allow", "R", `{"AWS":"222222222222"}`, "sqs:SendMessage", "*", ""),
			want:     Allowed, stmts: []string{"id0/A", "res/R"}},
		{name: "R41 no resource policy", principal: otherSess, action: "dynamodb:GetItem", resource: table,
			identity: []string{allowID("A", "dynamodb:GetItem", "*")},
			want:     ImplicitlyDenied, reason: ReasonCrossAccountNoResourceAllow},
		{name: "R41 resource policy names another account", principal: otherSess, action: "dynamodb:GetItem", resource: table,
			identity: []string{allowID("A", "dynamodb:GetItem", "*")},
			res:      resPolicy("Allow", "R", `{"AWS":"333333333333"}`, "dynamodb:GetItem", table, ""),
			want:     ImplicitlyDenied, reason: ReasonCrossAccountNoResourceAllow},
		{name: "R41 resource allows but identity does not", principal: otherSess, action: "dynamodb:GetItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"arn:aws:iam::222222222222:role/caller"}`, "dynamodb:GetItem", table, ""),
			want: ImplicitlyDenied, reason: ReasonCrossAccountNoIdentityAllow},
		{name: "R41 grant to the session still needs identity", principal: otherSess, action: "dynamodb:GetItem", resource: table,
			res:  resPolicy("Allow", "R", `{"AWS":"arn:aws:sts::222222222222:assumed-role/caller/s"}`, "dynamodb:GetItem", table, ""),
			want: ImplicitlyDenied, reason: ReasonCrossAccountNoIdentityAllow},
		{name: "R41 boundary in the caller's account", principal: otherSess, action: "dynamodb:GetItem", resource: table,
			identity: []string{allowID("A", "dynamodb:GetItem", "*")}, boundary: []string{allowID("B", "s3:*", "*")},
			res:  resPolicy("Allow", "R", `{"AWS":"222222222222"}`, "dynamodb:GetItem", table, ""),
			want: ImplicitlyDenied, reason: ReasonBoundaryNoAllow, policy: "boundary0"},
		{name: "R41 account from resourceAccount, not the ARN", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", resAcct: acctB,
			identity: []string{allowID("A", "s3:GetObject", "*")},
			want:     ImplicitlyDenied, reason: ReasonCrossAccountNoResourceAllow},
		{name: "R41 S3 ARN without account is same-account", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:GetObject", "arn:aws:s3:::b/*")}, want: Allowed, stmts: []string{"id0/A"}},
		{name: "R41 root of another account (an external account)", principal: Root(acctB), action: "lambda:InvokeFunction", resource: fnARN,
			res:  resPolicy("Allow", "X", `{"AWS":"222222222222"}`, "lambda:InvokeFunction", fnARN, ""),
			want: Allowed, stmts: []string{"res/X"}},
		{name: "R41 external account not named", principal: Root("777788889999"), action: "lambda:InvokeFunction", resource: fnARN,
			res:  resPolicy("Allow", "X", `{"AWS":"222222222222"}`, "lambda:InvokeFunction", fnARN, ""),
			want: ImplicitlyDenied, reason: ReasonCrossAccountNoResourceAllow},
		{name: "R41 some principal of another account: a grant to one of its roles", principal: AnyPrincipalOf(acctB), action: "lambda:InvokeFunction", resource: fnARN,
			res:  resPolicy("Allow", "X", `{"AWS":"arn:aws:iam::222222222222:role/caller"}`, "lambda:InvokeFunction", fnARN, ""),
			want: Allowed, stmts: []string{"res/X"}},
		{name: "R41 the root user is not the role the policy names", principal: Root(acctB), action: "lambda:InvokeFunction", resource: fnARN,
			res:  resPolicy("Allow", "X", `{"AWS":"arn:aws:iam::222222222222:role/caller"}`, "lambda:InvokeFunction", fnARN, ""),
			want: ImplicitlyDenied, reason: ReasonCrossAccountNoResourceAllow},
		{name: "R41 some principal of another account: a role of a third account is not it", principal: AnyPrincipalOf("777788889999"), action: "lambda:InvokeFunction", resource: fnARN,
			res:  resPolicy("Allow", "X", `{"AWS":"arn:aws:iam::222222222222:user/bob"}`, "lambda:InvokeFunction", fnARN, ""),
			want: ImplicitlyDenied, reason: ReasonCrossAccountNoResourceAllow},
		{name: "root of the same account", principal: Root(acctA), action: "dynamodb:DeleteTable", resource: table, want: Allowed},

		// R42: NotAction, NotResource.
		{name: "R42 Allow NotAction grants everything else", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{stmt("Allow", "NA", `"NotAction":"iam:*","Resource":"*"`)}, want: Allowed, stmts: []string{"id0/NA"}},
		{name: "R42 Allow NotAction does not grant the listed actions", principal: sess, action: "iam:CreateUser", resource: "*",
			identity: []string{stmt("Allow", "NA", `"NotAction":"iam:*","Resource":"*"`)}, want: ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R42 Deny NotResource denies everything else", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::other/k",
			identity: []string{allowID("A", "s3:*", "*"), stmt("Deny", "NR", `"Action":"s3:*","NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]`)},
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"id1/NR"}},
		{name: "R42 Deny NotResource spares the listed resources", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:*", "*"), stmt("Deny", "NR", `"Action":"s3:*","NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]`)},
			want:     Allowed, stmts: []string{"id0/A"}},
		{name: "R42 actions are case-insensitive", principal: sess, action: "DynamoDB:putItem", resource: table,
			identity: []string{allowID("A", "dynamodb:PutItem", table)}, want: Allowed, stmts: []string{"id0/A"}},
		{name: "R42 ARNs are case-sensitive", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111111111111:table/cats")},
			want:     ImplicitlyDenied, reason: ReasonNoAllow},

		// R43: the only matching Allow fails on its condition.
		{name: "R43 condition not met", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{stmt("Allow", "C", `"Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`)},
			ctx:      ctx("aws:SourceIp", "198.51.100.7"),
			want:     ImplicitlyDenied, reason: ReasonConditionNotMet, stmts: []string{"id0/C"}},
		{name: "R43 missing key: positive operator false", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{stmt("Allow", "C", `"Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`)},
			want:     ImplicitlyDenied, reason: ReasonConditionNotMet, stmts: []string{"id0/C"}},

		// R45: actions without resource-level permissions are requested on "*".
		{name: "R45 scoped statement does not grant DescribeNetworkInterfaces", principal: sess, action: "ec2:DescribeNetworkInterfaces", resource: "*",
			identity: []string{allowID("A", "ec2:DescribeNetworkInterfaces", "arn:aws:ec2:us-east-1:111111111111:network-interface/*")},
			want:     ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R45 Resource * grants it", principal: sess, action: "ec2:DescribeNetworkInterfaces", resource: "*",
			identity: []string{allowID("A", "ec2:DescribeNetworkInterfaces", "*")}, want: Allowed, stmts: []string{"id0/A"}},

		// R46: object actions are on bucket/*.
		{name: "R46 PutObject on an object key", principal: sess, action: "s3:PutObject", resource: "arn:aws:s3:::out/2024/cat.png",
			identity: []string{allowID("A", "s3:PutObject", "arn:aws:s3:::out/*")}, want: Allowed, stmts: []string{"id0/A"}},
		{name: "R46 a bucket grant does not cover objects", principal: sess, action: "s3:PutObject", resource: "arn:aws:s3:::out/cat.png",
			identity: []string{allowID("A", "s3:PutObject", "arn:aws:s3:::out")}, want: ImplicitlyDenied, reason: ReasonNoAllow},

		// R48: the trust policy is a resource policy for sts:AssumeRole.
		{name: "R48 trust lets Lambda assume the role", principal: Service("lambda.amazonaws.com"), action: "sts:AssumeRole", resource: roleARN,
			res:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			want: Allowed, stmts: []string{"res/"}},
		{name: "R48 trust for EC2 only", principal: Service("lambda.amazonaws.com"), action: "sts:AssumeRole", resource: roleARN,
			res:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			want: ImplicitlyDenied, reason: ReasonNoAllow},

		// R51: qualified and unqualified function ARNs.
		{name: "R51 alias grant, unqualified call", principal: Service("sns.amazonaws.com"), action: "lambda:InvokeFunction", resource: fnARN,
			res:  resPolicy("Allow", "Q", `{"Service":"sns.amazonaws.com"}`, "lambda:InvokeFunction", fnARN+":prod", ""),
			want: ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R51 alias grant, alias call", principal: Service("sns.amazonaws.com"), action: "lambda:InvokeFunction", resource: fnARN + ":prod",
			res:  resPolicy("Allow", "Q", `{"Service":"sns.amazonaws.com"}`, "lambda:InvokeFunction", fnARN+":prod", ""),
			want: Allowed, stmts: []string{"res/Q"}},

		// R52: service principals with SourceArn/SourceAccount.
		{name: "R52 SNS with matching SourceArn", principal: Service("sns.amazonaws.com"), action: "lambda:InvokeFunction", resource: fnARN,
			ctx:  ctx("aws:SourceArn", topic, "aws:SourceAccount", acctA),
			res:  resPolicy("Allow", "S", `{"Service":"sns.amazonaws.com"}`, "lambda:InvokeFunction", fnARN, `{"ArnLike":{"AWS:SourceArn":"`+topic+`"}}`),
			want: Allowed, stmts: []string{"res/S"}},
		{name: "R52 SNS from another topic", principal: Service("sns.amazonaws.com"), action: "lambda:InvokeFunction", resource: fnARN,
			ctx:  ctx("aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:other"),
			res:  resPolicy("Allow", "S", `{"Service":"sns.amazonaws.com"}`, "lambda:InvokeFunction", fnARN, `{"ArnLike":{"AWS:SourceArn":"`+topic+`"}}`),
			want: ImplicitlyDenied, reason: ReasonConditionNotMet, stmts: []string{"res/S"}},
		{name: "R52 S3 needs SourceAccount too", principal: Service("s3.amazonaws.com"), action: "lambda:InvokeFunction", resource: fnARN,
			ctx: ctx("aws:SourceArn", "arn:aws:s3:::uploads", "aws:SourceAccount", acctB),
			res: resPolicy("Allow", "S3", `{"Service":"s3.amazonaws.com"}`, "lambda:InvokeFunction", fnARN,
				`{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"},"StringEquals":{"AWS:SourceAccount":"111111111111"}}`),
			want: ImplicitlyDenied, reason: ReasonConditionNotMet, stmts: []string{"res/S3"}},
		{name: "R52 service principals have no identity policies", principal: Service("s3.amazonaws.com"), action: "lambda:InvokeFunction", resource: fnARN,
			identity: []string{allowID("A", "*", "*")}, want: ImplicitlyDenied, reason: ReasonNoAllow},

		// R53: cross-account subscribe is granted by the topic policy.
		{name: "R53 topic policy lets the other account subscribe", principal: otherSess, action: "sns:Subscribe", resource: topic,
			identity: []string{allowID("A", "sns:Subscribe", topic)},
			res:      resPolicy("Allow", "Sub", `{"AWS":"222222222222"}`, "sns:Subscribe", topic, ""),
			want:     Allowed, stmts: []string{"id0/A", "res/Sub"}},

		// R55: function URLs.
		{name: "R55 NONE URL: public InvokeFunctionUrl with the auth type", principal: Anonymous(), action: "lambda:InvokeFunctionUrl", resource: fnARN,
			ctx:  ctx("lambda:FunctionUrlAuthType", "NONE"),
			res:  resPolicy("Allow", "U", `"*"`, "lambda:InvokeFunctionUrl", fnARN, `{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}`),
			want: Allowed, stmts: []string{"res/U"}},
		{name: "R55 statement for AWS_IAM URLs does not apply to NONE", principal: Anonymous(), action: "lambda:InvokeFunctionUrl", resource: fnARN,
			ctx:  ctx("lambda:FunctionUrlAuthType", "NONE"),
			res:  resPolicy("Allow", "U", `"*"`, "lambda:InvokeFunctionUrl", fnARN, `{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}`),
			want: ImplicitlyDenied, reason: ReasonConditionNotMet, stmts: []string{"res/U"}},
		{name: "R55 InvokeFunction via the URL", principal: Anonymous(), action: "lambda:InvokeFunction", resource: fnARN,
			ctx:  ctx("lambda:InvokedViaFunctionUrl", "true"),
			res:  resPolicy("Allow", "I", `"*"`, "lambda:InvokeFunction", fnARN, `{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}`),
			want: Allowed, stmts: []string{"res/I"}},

		// R57: lambda:SourceFunctionArn never reaches a resource policy.
		{name: "R57 SourceFunctionArn condition in a resource policy never holds", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			res:  resPolicy("Allow", "F", `{"AWS":"`+roleARN+`"}`, "s3:GetObject", "arn:aws:s3:::b/*", `{"ArnEquals":{"lambda:SourceFunctionArn":"`+fnARN+`"}}`),
			want: ImplicitlyDenied, reason: ReasonConditionNotMet, stmts: []string{"res/F"}},

		{name: "R57 SourceFunctionArn in an identity policy holds", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{stmt("Allow", "F", `"Action":"s3:GetObject","Resource":"*","Condition":{"ArnEquals":{"lambda:SourceFunctionArn":"`+fnARN+`"}}`)},
			want:     Allowed, stmts: []string{"id0/F"}},

		// R17: endpoint policies.
		{name: "R17 endpoint policy without an allow", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity:  []string{allowID("A", "dynamodb:PutItem", table)},
			endpoints: []string{resPolicy("Allow", "E", `"*"`, "dynamodb:GetItem", "*", "")},
			want:      ImplicitlyDenied, reason: ReasonEndpointNoAllow, policy: "vpce0"},
		{name: "R17 default endpoint policy", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity:  []string{allowID("A", "dynamodb:PutItem", table)},
			endpoints: []string{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`},
			want:      Allowed, stmts: []string{"id0/A"}},
		{name: "R17 endpoint policy alone grants nothing", principal: sess, action: "dynamodb:PutItem", resource: table,
			endpoints: []string{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`},
			want:      ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "R17 second endpoint on the path refuses", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity: []string{allowID("A", "dynamodb:PutItem", table)},
			endpoints: []string{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`,
				resPolicy("Allow", "E", `{"AWS":"arn:aws:iam::111111111111:role/other"}`, "*", "*", "")},
			want: ImplicitlyDenied, reason: ReasonEndpointNoAllow, policy: "vpce1"},
		{name: "R17 endpoint allow failing on its condition", principal: sess, action: "dynamodb:PutItem", resource: table,
			identity:  []string{allowID("A", "dynamodb:PutItem", table)},
			endpoints: []string{resPolicy("Allow", "E", `"*"`, "*", "*", `{"StringEquals":{"aws:PrincipalAccount":"999999999999"}}`)},
			ctx:       ctx("aws:PrincipalAccount", acctA),
			want:      ImplicitlyDenied, reason: ReasonEndpointNoAllow, stmts: []string{"vpce0/E"}, policy: "vpce0"},

		// R18: a bucket policy that requires the endpoint, reached through a NAT.
		{name: "R18 Deny unless SourceVpce, no endpoint on the path", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:GetObject", "*")},
			res:      resPolicy("Deny", "V", `"*"`, "s3:*", "arn:aws:s3:::b/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`),
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"res/V"}},
		{name: "R18 Deny unless SourceVpce, through the endpoint", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			ctx:      ctx("aws:SourceVpce", "vpce-1a2b3c4d"),
			identity: []string{allowID("A", "s3:GetObject", "*")},
			res:      resPolicy("Deny", "V", `"*"`, "s3:*", "arn:aws:s3:::b/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`),
			want:     Allowed, stmts: []string{"id0/A"}},

		// NotPrincipal.
		{name: "NotPrincipal exempts the listed role and account", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:GetObject", "*")},
			res:      stmt("Deny", "NP", `"NotPrincipal":{"AWS":["`+roleARN+`","111111111111"]},"Action":"s3:*","Resource":"*"`),
			want:     Allowed, stmts: []string{"id0/A"}},
		{name: "NotPrincipal without the account denies the whole account", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:GetObject", "*")},
			res:      stmt("Deny", "NP", `"NotPrincipal":{"AWS":"`+roleARN+`"},"Action":"s3:*","Resource":"*"`),
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"res/NP"}},
		{name: "NotPrincipal always denies a principal with a boundary", principal: sess, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:GetObject", "*")}, boundary: []string{allowID("B", "*", "*")},
			res:  stmt("Deny", "NP", `"NotPrincipal":{"AWS":["`+roleARN+`","111111111111"]},"Action":"s3:*","Resource":"*"`),
			want: ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"res/NP"}},
		{name: "NotPrincipal denies other callers", principal: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
			identity: []string{allowID("A", "s3:GetObject", "*")},
			res:      stmt("Deny", "NP", `"NotPrincipal":{"AWS":["`+roleARN+`","111111111111"]},"Action":"s3:*","Resource":"*"`),
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"res/NP"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}

// The worked examples of AWS's policy evaluation logic page.
func TestEvaluateAWSExamples(t *testing.T) {
	carlos := mustPrincipal(t, "arn:aws:iam::123456789012:user/carlossalazar")
	carlosPolicy := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"},
		{"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]},
		{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}]}`
	bucketPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/carlossalazar"},"Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}]}`
	reports := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"},
		{"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}]}`
	iamUser := mustPrincipal(t, "arn:aws:iam::123456789012:user/admin")
	tests := []ruleCase{
		{name: "Carlos saves to the logs bucket: explicit deny", principal: carlos, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar-logs/file.txt",
			identity: []string{carlosPolicy}, want: ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"id0/DenyS3Logs"}},
		{name: "Carlos saves to his bucket: both policies allow", principal: carlos, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/file.txt",
			identity: []string{carlosPolicy}, res: bucketPolicy, want: Allowed, stmts: []string{"id0/AllowS3Self", "res/"}},
		{name: "Carlos: the bucket policy alone is enough", principal: carlos, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/file.txt",
			res: bucketPolicy, want: Allowed, stmts: []string{"res/"}},
		{name: "Carlos lists his buckets", principal: carlos, action: "s3:ListAllMyBuckets", resource: "arn:aws:s3:::*",
			identity: []string{carlosPolicy}, want: Allowed, stmts: []string{"id0/AllowS3ListRead"}},
		{name: "Get and List are allowed", principal: iamUser, action: "iam:GetUser", resource: "arn:aws:iam::123456789012:user/bob",
			identity: []string{reports}, want: Allowed, stmts: []string{"id0/AllowGetList"}},
		{name: "CreatePolicy is implicitly denied", principal: iamUser, action: "iam:CreatePolicy", resource: "*",
			identity: []string{reports}, want: ImplicitlyDenied, reason: ReasonNoAllow},
		{name: "reports are explicitly denied", principal: iamUser, action: "iam:GetOrganizationsAccessReport", resource: "*",
			identity: []string{reports}, want: ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"id0/DenyReports"}},
		{name: "a later grant of reports is still denied", principal: iamUser, action: "iam:GenerateCredentialReport", resource: "*",
			identity: []string{reports, allowID("Grant", "iam:GenerateCredentialReport", "*")},
			want:     ExplicitlyDenied, reason: ReasonExplicitDeny, stmts: []string{"id0/DenyReports"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}

// R49, R54, R59, R62: the managed policies grant what Lambda needs.
func TestEvaluateManagedPolicies(t *testing.T) {
	sess := mustPrincipal(t, session)
	logGroup := "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/fn"
	tests := []struct {
		policy, action, resource string
		want                     Decision
	}{
		{"AWSLambdaBasicExecutionRole", "logs:CreateLogGroup", logGroup, Allowed},
		{"AWSLambdaBasicExecutionRole", "logs:PutLogEvents", logGroup + ":log-stream:s", Allowed},
		{"AWSLambdaBasicExecutionRole", "ec2:CreateNetworkInterface", "*", ImplicitlyDenied},
		{"AWSLambdaVPCAccessExecutionRole", "ec2:CreateNetworkInterface", "*", Allowed},
		{"AWSLambdaVPCAccessExecutionRole", "ec2:UnassignPrivateIpAddresses", "*", Allowed},
		{"AWSLambdaVPCAccessExecutionRole", "logs:CreateLogStream", logGroup + ":*", Allowed},
		{"AWSLambdaENIManagementAccess", "logs:PutLogEvents", logGroup, ImplicitlyDenied},
		{"AWSXRayDaemonWriteAccess", "xray:PutTraceSegments", "*", Allowed},
		{"AWSXRayDaemonWriteAccess", "xray:PutTelemetryRecords", "*", Allowed},
		{"AWSLambdaSQSQueueExecutionRole", "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:111111111111:q", Allowed},
		{"AWSLambdaSQSQueueExecutionRole", "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", ImplicitlyDenied},
		{"AWSLambdaDynamoDBExecutionRole", "dynamodb:GetRecords", table + "/stream/x", Allowed},
		{"AWSLambdaKinesisExecutionRole", "kinesis:SubscribeToShard", "arn:aws:kinesis:us-east-1:111111111111:stream/s", Allowed},
		{"AWSLambdaRole", "lambda:InvokeFunction", fnARN, Allowed},
		{"AmazonDynamoDBReadOnlyAccess", "dynamodb:GetItem", table, Allowed},
		{"AmazonDynamoDBReadOnlyAccess", "dynamodb:PutItem", table, ImplicitlyDenied},
		{"AmazonDynamoDBFullAccess", "dynamodb:DeleteItem", table, Allowed},
		{"AmazonS3ReadOnlyAccess", "s3:GetObject", "arn:aws:s3:::b/k", Allowed},
		{"AmazonS3ReadOnlyAccess", "s3:PutObject", "arn:aws:s3:::b/k", ImplicitlyDenied},
		{"AmazonS3FullAccess", "s3:PutObject", "arn:aws:s3:::b/k", Allowed},
		{"AmazonSQSFullAccess", "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", Allowed},
		{"AmazonSNSFullAccess", "sns:Publish", topic, Allowed},
		{"AmazonSNSFullAccess", "sms-voice:SendTextMessage", "*", ImplicitlyDenied},
		{"CloudWatchLogsFullAccess", "logs:PutLogEvents", logGroup, Allowed},
	}
	for _, tt := range tests {
		t.Run(tt.policy+" "+tt.action, func(t *testing.T) {
			mp, err := Managed(tt.policy)
			require.NoError(t, err)
			set := PolicySet{Identity: []NamedPolicy{{Node: "role", Label: "managedPolicies[" + tt.policy + "]", Policy: mp.Policy}}}
			req := Request{Principal: sess, Action: tt.action, Resource: tt.resource}
			assert.Equal(t, tt.want, Evaluate(&req, &set).Decision)
		})
	}
}

func TestEvaluateIntoReuses(t *testing.T) {
	sess := mustPrincipal(t, session)
	set := PolicySet{Identity: []NamedPolicy{named(t, "role", "p", allowID("A", "dynamodb:*", "*"))}}
	var r Result
	req := Request{Principal: sess, Action: "dynamodb:GetItem", Resource: table}
	EvaluateInto(&r, &req, &set)
	require.Equal(t, Allowed, r.Decision)
	req.Action = "s3:GetObject"
	EvaluateInto(&r, &req, &set)
	assert.Equal(t, ImplicitlyDenied, r.Decision)
	assert.Empty(t, r.Statements, "statements of the previous evaluation are cleared")
	assert.Equal(t, "no-allow", r.Reason.String())
}

// TestResultClone checks that a clone keeps its decision and statements
// while the result it came from evaluates other requests.
func TestResultClone(t *testing.T) {
	sess := mustPrincipal(t, session)
	set := PolicySet{Identity: []NamedPolicy{
		named(t, "role", "p", allowID("A", "dynamodb:*", "*")),
		named(t, "role", "q", stmt("Deny", "D", `"Action":"s3:*","Resource":"*"`)),
	}}
	var r Result
	req := Request{Principal: sess, Action: "dynamodb:GetItem", Resource: table}
	EvaluateInto(&r, &req, &set)
	kept := r.Clone()
	assert.Equal(t, Evaluate(&req, &set).Statements, kept.Statements)
	req.Action = "s3:GetObject"
	EvaluateInto(&r, &req, &set)
	require.Equal(t, ExplicitlyDenied, r.Decision)
	assert.Equal(t, Allowed, kept.Decision)
	require.Len(t, kept.Statements, 1)
	assert.Equal(t, "A", kept.Statements[0].Sid, "the clone's statements are its own")
	assert.Nil(t, kept.hits, "the clone holds no buffers")

	req.Action = "sqs:SendMessage"
	EvaluateInto(&r, &req, &set)
	assert.Nil(t, r.Clone().Statements, "no statements: nil, as Evaluate gives")
	assert.Nil(t, Evaluate(&req, &set).Statements)
}

func TestParsePrincipal(t *testing.T) {
	tests := []struct {
		in                      string
		typ                     PrincipalType
		account, name, sessName string
		err                     bool
	}{
		{in: session, typ: PrincipalRoleSession, account: acctA, name: "fn-role", sessName: "fn"},
		{in: roleARN, typ: PrincipalRoleSession, account: acctA, name: "fn-role"},
		{in: "arn:aws:iam::111111111111:role/service-role/fn-role", typ: PrincipalRoleSession, account: acctA, name: "fn-role"},
		{in: userARN, typ: PrincipalUser, account: acctA, name: "alice"},
		{in: "arn:aws:iam::111111111111:user/ops/alice", typ: PrincipalUser, account: acctA, name: "alice"},
		{in: "arn:aws:iam::111111111111:root", typ: PrincipalRoot, account: acctA},
		{in: acctB, typ: PrincipalRoot, account: acctB},
		{in: "arn:aws:sts::111111111111:federated-user/bob", typ: PrincipalFederatedUser, account: acctA, name: "bob"},
		{in: "*", typ: PrincipalAnonymous},
		{in: "anonymous", typ: PrincipalAnonymous},
		{in: "sns.amazonaws.com", typ: PrincipalService},
		{in: "arn:aws:sts::111111111111:assumed-role/fn-role", err: true},
		{in: "bob", err: true},
		{in: "arn:aws:iam::1111:user/x", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePrincipal(tt.in)
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.typ, p.Type, p.Type.String())
			assert.Equal(t, tt.account, p.Account)
			assert.Equal(t, tt.name, p.Name)
			assert.Equal(t, tt.sessName, p.Session)
		})
	}
	t.Run("SessionOf", func(t *testing.T) {
		p, err := SessionOf("arn:aws:iam::111111111111:role/service-role/fn-role", "fn")
		require.NoError(t, err)
		assert.Equal(t, session, p.ARN)
		_, err = SessionOf("arn:aws:iam::111111111111:user/x", "fn")
		assert.Error(t, err)
	})
}
