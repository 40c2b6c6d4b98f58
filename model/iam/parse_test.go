package iam

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseShapes(t *testing.T) {
	tests := []struct {
		name       string
		doc        string
		statements int
		check      func(t *testing.T, p *Policy)
	}{
		{
			name:       "statement as object, strings",
			doc:        `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`,
			statements: 1,
			check: func(t *testing.T, p *Policy) {
				s := p.Statements[0]
				assert.Equal(t, "Statement", s.Path)
				assert.Equal(t, Allow, s.Effect)
				assert.Equal(t, []string{"s3:GetObject"}, s.Actions())
				assert.Equal(t, []string{"arn:aws:s3:::b/*"}, s.Resources())
			},
		},
		{
			name: "statement array, arrays of strings, Sid, Id",
			doc: `{"Version":"2012-10-17","Id":"p1","Statement":[
				{"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]},
				{"Sid":"D","Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::b"}]}`,
			statements: 2,
			check: func(t *testing.T, p *Policy) {
				assert.Equal(t, "p1", p.ID)
				assert.Equal(t, "Statement[1]", p.Statements[1].Path)
				assert.Equal(t, 1, p.Statements[1].Index)
				assert.True(t, p.Statements[1].UsesNotAction())
				assert.True(t, p.Statements[1].UsesNotResource())
				assert.Equal(t, "D", p.Statements[1].Sid)
			},
		},
		{
			name: "principals of every type",
			doc: `{"Statement":[
				{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"},
				{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:root","arn:aws:iam::123456789012:role/path/r","arn:aws:iam::123456789012:user/u","arn:aws:sts::123456789012:assumed-role/r/s","*"]},"Action":"sqs:SendMessage","Resource":"*"},
				{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbaced"},"Action":"sqs:SendMessage","Resource":"*"},
				{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sqs:*","Resource":"*"}]}`,
			statements: 4,
			check: func(t *testing.T, p *Policy) {
				assert.True(t, p.Statements[0].IsPublic())
				assert.True(t, p.Statements[1].IsPublic(), "{\"AWS\": \"*\"} is everyone")
				assert.Equal(t, []string{"sns.amazonaws.com"}, p.Statements[2].ServicePrincipals())
				assert.True(t, p.Statements[3].UsesNotPrincipal())
				assert.False(t, p.Statements[3].IsPublic())
			},
		},
		{
			name:       "trust policy without Resource; condition values of every JSON scalar type",
			doc:        `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10},"StringEquals":{"aws:SourceAccount":["111111111111","222222222222"]}}}]}`,
			statements: 1,
			check: func(t *testing.T, p *Policy) {
				s := p.Statements[0]
				assert.Nil(t, s.Resources())
				assert.True(t, s.HasPrincipal())
				assert.ElementsMatch(t, []string{"aws:SecureTransport", "s3:max-keys", "aws:SourceAccount"}, s.ConditionKeys())
				assert.True(t, s.HasConditionKey("AWS:SOURCEACCOUNT"))
			},
		},
		{
			name:       "Version 2008 and no Version are accepted",
			doc:        `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
			statements: 1,
			check: func(t *testing.T, p *Policy) {
				assert.True(t, p.Statements[0].AllowsAllActions())
			},
		},
		{
			name:       "empty statement array",
			doc:        `{"Version":"2012-10-17","Statement":[]}`,
			statements: 0,
			check:      func(*testing.T, *Policy) {},
		},
		{
			name:       "every condition operator with qualifiers",
			doc:        allOperatorsPolicy(),
			statements: 1,
			check: func(t *testing.T, p *Policy) {
				assert.Len(t, p.Statements[0].conds, 3*len(operators)-2)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.doc)
			require.Len(t, p.Statements, tt.statements)
			tt.check(t, p)
		})
	}
}

// allOperatorsPolicy has every operator plain, with IfExists and with
// ForAnyValue: (Null takes neither).
func allOperatorsPolicy() string {
	var conds []string
	for op, info := range operators {
		val := map[opFamily]string{
			fString: `"x"`, fStringLike: `"x*"`, fNumeric: `"1"`, fDate: `"2020-01-01T00:00:00Z"`,
			fBool: `"true"`, fBinary: `"QmluYXJ5"`, fIP: `"10.0.0.0/8"`, fArn: `"arn:aws:sns:*:*:t"`, fNull: `"true"`,
		}[info.family]
		conds = append(conds, `"`+op+`":{"k:a":`+val+`}`)
		if info.family != fNull {
			conds = append(conds, `"`+op+`IfExists":{"k:b":`+val+`}`, `"ForAnyValue:`+op+`":{"k:c":`+val+`}`)
		}
	}
	return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{` + strings.Join(conds, ",") + `}}}`
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []Problem // Message is a substring of the reported message
	}{
		{"not JSON", `{"Statement": [}`, []Problem{{"Statement[0]", "not valid JSON"}}},
		{"truncated", `{"Statement": {"Effect": `, []Problem{{"Statement.Effect", "ends too early"}}},
		{"trailing data", `{"Statement": []} x`, []Problem{{"", "after the end"}}},
		{"not an object", `["Allow"]`, []Problem{{"", "must be a JSON object"}}},
		{"no Statement", `{"Version":"2012-10-17"}`, []Problem{{"", "needs a Statement"}}},
		{"bad Version", `{"Version":"2024-01-01","Statement":[]}`, []Problem{{"Version", `"2012-10-17"`}}},
		{"unknown top-level element", `{"Version":"2012-10-17","Statements":[]}`, []Problem{{"Statements", "unknown element"}, {"", "needs a Statement"}}},
		{"Statement of wrong type", `{"Statement":"Allow"}`, []Problem{{"Statement", "object or an array"}}},
		{"statement of wrong type", `{"Statement":[1]}`, []Problem{{"Statement[0]", "must be an object"}}},
		{
			"several problems at once",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"allow","Action":"s3","Resource":"bucket","Conditon":{}}]}`,
			[]Problem{
				{"Statement[1].Conditon", `did you mean "Condition"`},
				{"Statement[1].Effect", "case-sensitive"},
				{"Statement[1].Action", `"service:Action"`},
				{"Statement[1].Resource", "must be an ARN"},
			},
		},
		{"Effect missing", `{"Statement":{"Action":"s3:GetObject","Resource":"*"}}`, []Problem{{"Statement", "needs an Effect"}}},
		{"Effect not Allow/Deny", `{"Statement":{"Effect":"Permit","Action":"s3:GetObject","Resource":"*"}}`, []Problem{{"Statement.Effect", `not "Permit"`}}},
		{"Effect wrong type", `{"Statement":{"Effect":true,"Action":"s3:GetObject","Resource":"*"}}`, []Problem{{"Statement.Effect", "must be a string, not a boolean"}}},
		{"Action and NotAction", `{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}`, []Problem{{"Statement", "either Action or NotAction"}}},
		{"no Action", `{"Statement":{"Effect":"Allow","Resource":"*"}}`, []Problem{{"Statement", "needs an Action"}}},
		{"Resource and NotResource", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}`, []Problem{{"Statement", "either Resource or NotResource"}}},
		{"Action array element of wrong type", `{"Statement":{"Effect":"Allow","Action":["s3:GetObject",3],"Resource":"*"}}`, []Problem{{"Statement.Action[1]", "must be a string, not a number"}}},
		{"empty Action array", `{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}`, []Problem{{"Statement.Action", "at least one value"}}},
		{"bad action name", `{"Statement":{"Effect":"Allow","Action":"s3:Get Object","Resource":"*"}}`, []Problem{{"Statement.Action", "action name"}}},
		{"Principal and NotPrincipal", `{"Statement":{"Effect":"Deny","Principal":"*","NotPrincipal":"*","Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement", "either Principal or NotPrincipal"}}},
		{"NotPrincipal with Allow", `{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement.NotPrincipal", "only be used with"}}},
		{"Principal string other than *", `{"Statement":{"Effect":"Allow","Principal":"sns.amazonaws.com","Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement.Principal", `must be "*" or an object`}}},
		{"unknown principal type", `{"Statement":{"Effect":"Allow","Principal":{"Services":"sns.amazonaws.com"},"Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement.Principal.Services", "unknown element"}}},
		{"partial wildcard principal", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:role/*"]},"Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement.Principal.AWS[1]", "cannot contain wildcards"}}},
		{"bad AWS principal", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement.Principal.AWS", "not an AWS principal"}}},
		{"unknown condition operator", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringMatches":{"aws:SourceAccount":"1"}}}}`, []Problem{{"Statement.Condition.StringMatches", "unknown condition operator"}}},
		{"operator case", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"stringequals":{"aws:SourceAccount":"1"}}}}`, []Problem{{"Statement.Condition.stringequals", `did you mean "StringEquals"`}}},
		{"unknown set qualifier", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForSomeValues:StringEquals":{"aws:TagKeys":"a"}}}}`, []Problem{{"Statement.Condition.ForSomeValues:StringEquals", "set qualifier"}}},
		{"Null with IfExists", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:TagKeys":"true"}}}}`, []Problem{{"Statement.Condition.NullIfExists", "no IfExists"}}},
		{"bad condition key", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"SourceAccount":"1"}}}}`, []Problem{{"Statement.Condition.StringEquals.SourceAccount", "service:Key"}}},
		{"bad number", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":["10","ten"]}}}}`, []Problem{{"Statement.Condition.NumericLessThan.s3:max-keys[1]", "not a number"}}},
		{"bad date", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}}`, []Problem{{"Statement.Condition.DateLessThan.aws:CurrentTime", "not a date"}}},
		{"bad CIDR", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}}`, []Problem{{"Statement.Condition.IpAddress.aws:SourceIp", "not an IP address"}}},
		{"bad bool", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}}`, []Problem{{"Statement.Condition.Bool.aws:SecureTransport", "not true or false"}}},
		{"bad base64", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"BinaryEquals":{"k:x":"%%%"}}}}`, []Problem{{"Statement.Condition.BinaryEquals.k:x", "not base64"}}},
		{"condition value of wrong type", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"k:x":{"a":1}}}}}`, []Problem{{"Statement.Condition.StringEquals.k:x", "string, number or boolean"}}},
		{"Condition of wrong type", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":["a"]}}`, []Problem{{"Statement.Condition", "must be an object"}}},
		{"unclosed policy variable", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username"}}`, []Problem{{"Statement.Resource", "not closed"}}},
		{"duplicate element", `{"Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}`, []Problem{{"Statement.Effect", "appears twice"}}},
		{"nested too deeply", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"k:x":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}}}}`, []Problem{{"Statement.Condition.StringEquals.k:x" + strings.Repeat("[0]", 28), "nested too deeply"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, ps := Parse([]byte(tt.doc))
			assert.Nil(t, pol, "a policy with problems is not returned")
			require.Len(t, ps, len(tt.want), "problems: %v", ps)
			for i, w := range tt.want {
				assert.Equal(t, w.Path, ps[i].Path, "problem %d: %v", i, ps[i])
				assert.Contains(t, ps[i].Message, w.Message, "problem %d", i)
			}
		})
	}
}

// pathSyntax is the JSON path grammar problems use.
var pathSyntax = regexp.MustCompile(`^([^."\[\]]+|\[\d+\]|\["([^"\\]|\\.)*"\])(\.[^."\[\]]+|\[\d+\]|\["([^"\\]|\\.)*"\])*$`)

func FuzzParsePolicy(f *testing.F) {
	seeds := []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`,
		allOperatorsPolicy(),
		`{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["123456789012"]},"NotAction":"s3:*","NotResource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username, 'x'}/${*}"}}`,
		`{"Statement":[{"Effect":"allow"}],"Id":3}`,
		`[`, ``, `null`, `{"Statement":{"Condition":{"A":{"b":[[[]]]}}}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		pol, ps := Parse(doc)
		if len(ps) == 0 {
			require.NotNil(t, pol)
			// A valid policy evaluates without panicking.
			req := Request{Principal: mustPrincipal(t, "arn:aws:sts::111111111111:assumed-role/r/s"),
				Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: ctx("aws:username", "u")}
			set := PolicySet{Identity: []NamedPolicy{{Policy: pol}}, Resource: []NamedPolicy{{Policy: pol}}}
			_ = Evaluate(&req, &set)
			return
		}
		assert.Nil(t, pol)
		for _, p := range ps {
			require.NotEmpty(t, p.Message)
			if p.Path != "" {
				require.Regexp(t, pathSyntax, p.Path)
			}
		}
	})
}

// TestParserReuse checks that one Parser reading documents in turn gives
// what Parse gives for each, and that a policy it returned stays as it was
// while the Parser reads the next documents into the same buffers.
func TestParserReuse(t *testing.T) {
	docs := []string{
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]}}}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sqs:SendMessage","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:GetObject","Resource":"*"}]}`, // a problem
		`{"Statement":[{"Sid":"\u0041","Effect":"Allow","Action":"logs:*","Resource":"*"}]}`,               // the careful reader's
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}`,
	}
	var p Parser
	var got []*Policy
	for _, doc := range docs {
		pol, ps := p.Parse([]byte(doc))
		want, wantPs := Parse([]byte(doc))
		assert.Equal(t, want, pol, doc)
		assert.Equal(t, wantPs, ps, doc)
		got = append(got, pol)
	}
	for i, doc := range docs {
		want, _ := Parse([]byte(doc))
		assert.Equal(t, want, got[i], "after the others: %s", doc)
	}
}

// FuzzParserReuse checks that a Parser reading a document after another
// gives what Parse gives for each, and leaves the first policy as it was,
// whatever the two documents and whichever reader (fast or careful) each
// needs.
func FuzzParserReuse(f *testing.F) {
	docs := []string{
		allOperatorsPolicy(),
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:root"]},"NotAction":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]}}}}`,
		`{"Statement":[{"Sid":"\u0041","Effect":"Allow","Action":"logs:*","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"allow"}],"Id":3}`,
		`[`,
	}
	for i := range docs {
		f.Add([]byte(docs[i]), []byte(docs[(i+1)%len(docs)]))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var p Parser
		polA, psA := p.Parse(a)
		polB, psB := p.Parse(b)
		wantA, wantPsA := Parse(a)
		wantB, wantPsB := Parse(b)
		assert.Equal(t, wantPsA, psA)
		assert.Equal(t, wantPsB, psB)
		assert.Equal(t, wantB, polB)
		assert.Equal(t, wantA, polA, "the first policy, after the second document")
	})
}
