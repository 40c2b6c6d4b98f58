package iam

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R42: actions match case-insensitively with * and ?.
func TestActionPatterns(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"dynamodb:PutItem", "dynamodb:PutItem", true},
		{"dynamodb:PutItem", "DynamoDB:putitem", true},
		{"DYNAMODB:PUTITEM", "dynamodb:PutItem", true},
		{"dynamodb:PutItem", "dynamodb:PutItems", false},
		{"dynamodb:Put*", "dynamodb:PutItem", true},
		{"dynamodb:put*", "DYNAMODB:PUTITEM", true},
		{"dynamodb:*", "dynamodb:GetItem", true},
		{"dynamodb:*", "dynamodbx:GetItem", false},
		{"s3:*Object*", "s3:GetObjectTagging", true},
		{"s3:*Object*", "s3:ListBucket", false},
		{"s3:Get?bject", "s3:GetObject", true},
		{"s3:Get?bject", "s3:GetObbject", false},
		{"*", "anything:AtAll", true},
		{"iam:*Report", "iam:GetOrganizationsAccessReport", true},
		{"iam:*Report", "iam:GenerateCredentialReports", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.action, func(t *testing.T) {
			p, msg := compilePattern(tt.pattern, patOpts{wildcards: true, fold: true})
			require.Empty(t, msg)
			assert.Equal(t, tt.want, p.match(tt.action, nil))
		})
	}
}

// R42, R51, R60: resource ARNs match case-sensitively; a * inside a segment
// stays in it, a * ending a segment may cross colons.
func TestResourcePatterns(t *testing.T) {
	const fn = "arn:aws:lambda:us-east-1:111111111111:function:f"
	tests := []struct {
		name, pattern, arn string
		want               bool
	}{
		{"exact", "arn:aws:dynamodb:us-east-1:111111111111:table/Cats", "arn:aws:dynamodb:us-east-1:111111111111:table/Cats", true},
		{"case-sensitive", "arn:aws:dynamodb:us-east-1:111111111111:table/cats", "arn:aws:dynamodb:us-east-1:111111111111:table/Cats", false},
		{"all", "*", "arn:aws:s3:::b", true},
		{"star spans slash", "arn:aws:s3:::categram-output/*", "arn:aws:s3:::categram-output/a/b/c.png", true},
		{"bucket is not its objects", "arn:aws:s3:::categram-output/*", "arn:aws:s3:::categram-output", false},
		{"R51 unqualified only", fn, fn + ":prod", false},
		{"R51 unqualified", fn, fn, true},
		{"R51 version only", fn + ":1", fn + ":1", true},
		{"R51 version only, not alias", fn + ":1", fn + ":prod", false},
		{"R51 :* any qualifier", fn + ":*", fn + ":prod", true},
		{"R51 :* not unqualified", fn + ":*", fn, false},
		{"R51 f* both", fn + "*", fn, true},
		{"R51 f* qualified", fn + "*", fn + ":prod", true},
		{"R51 f* also other names", fn + "*", fn + "2", true},
		{"R60 group:* covers streams", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:*", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:log-stream:2024/05/01/abc", true},
		{"R60 bare group misses streams", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:log-stream:x", false},
		{"R60 other function", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/g:*", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f:log-stream:x", false},
		{"segment wildcards", "arn:aws:logs:*:*:*", "arn:aws:logs:eu-west-1:222222222222:log-group:x:log-stream:y", true},
		{"mid-segment * stays in segment", "arn:aws:sqs:us-*-1:111111111111:q", "arn:aws:sqs:us-east:x-1:111111111111:q", false},
		{"mid-segment * within segment", "arn:aws:sqs:us-*-1:111111111111:q", "arn:aws:sqs:us-east-1:111111111111:q", true},
		{"? is one character", "arn:aws:sqs:us-east-?:111111111111:q", "arn:aws:sqs:us-east-2:111111111111:q", true},
		{"? is not a colon", "arn:aws:lambda:us-east-1:111111111111:function:f?1", fn + ":1", false},
		{"pathological wildcards", "arn:aws:s3:::" + strings.Repeat("a*", 30) + "b", "arn:aws:s3:::" + strings.Repeat("a", 60), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, msg := compilePattern(tt.pattern, patOpts{wildcards: true, vars: true, arn: true})
			require.Empty(t, msg)
			assert.Equal(t, tt.want, p.match(tt.arn, nil))
		})
	}
}

func TestPolicyVariables(t *testing.T) {
	c := ctx("aws:username", "carlos", "aws:PrincipalTag/team", "blue", "aws:TagKeys", "a", "aws:TagKeys", "b")
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		{"variable", "arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::b/home/carlos/x", true},
		{"variable mismatch", "arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::b/home/maria/x", false},
		{"key case-insensitive", "arn:aws:s3:::b/${AWS:UserName}", "arn:aws:s3:::b/carlos", true},
		{"missing key", "arn:aws:s3:::b/${aws:userid}", "arn:aws:s3:::b/", false},
		{"default value", "arn:aws:s3:::b/${aws:userid, 'nobody'}", "arn:aws:s3:::b/nobody", true},
		{"multivalued key is not a variable", "arn:aws:s3:::b/${aws:TagKeys}", "arn:aws:s3:::b/a", false},
		{"escaped star is literal", "arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", true},
		{"escaped star does not match", "arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false},
		{"escaped ? and $", "arn:aws:s3:::b/${?}${$}", "arn:aws:s3:::b/?$", true},
		{"tag variable", "arn:aws:s3:::b/${aws:PrincipalTag/team}/*", "arn:aws:s3:::b/blue/k", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, msg := compilePattern(tt.pattern, patOpts{wildcards: true, vars: true, arn: true})
			require.Empty(t, msg)
			assert.Equal(t, tt.want, p.match(tt.value, &c))
		})
	}

	t.Run("Version 2008 reads variables literally", func(t *testing.T) {
		pol := mustParse(t, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}`)
		assert.True(t, pol.Statements[0].MatchesResource("arn:aws:s3:::b/${aws:username}", &c))
		assert.False(t, pol.Statements[0].MatchesResource("arn:aws:s3:::b/carlos", &c))
	})
	t.Run("malformed default", func(t *testing.T) {
		_, msg := compilePattern("x${aws:username, nobody}", patOpts{vars: true})
		assert.Contains(t, msg, "single quotes")
	})
}

func TestArnLike(t *testing.T) {
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		{"exact", "arn:aws:sns:us-east-1:111111111111:t", "arn:aws:sns:us-east-1:111111111111:t", true},
		{"AWS doc: * stays in its component", "arn:aws:someservice:*:111111111111:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111111111111:finance/document.txt", false},
		{"component wildcards", "arn:aws:sns:*:111111111111:*", "arn:aws:sns:eu-west-1:111111111111:topic", true},
		{"case-sensitive", "arn:aws:sns:us-east-1:111111111111:T", "arn:aws:sns:us-east-1:111111111111:t", false},
		{"last component keeps colons", "arn:aws:lambda:*:*:function:f:*", "arn:aws:lambda:us-east-1:1:function:f:prod", true},
		{"value not an ARN", "arn:aws:sns:*:*:*", "not-an-arn", false},
		{"pattern not an ARN", "*", "arn:aws:sns:us-east-1:111111111111:t", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, msg := compileArnPattern(tt.pattern, false)
			require.Empty(t, msg)
			assert.Equal(t, tt.want, a.match(tt.value, nil))
		})
	}
}

// refMatch is a plain backtracking glob matcher, the specification the
// automaton in matchTokens must agree with.
func refMatch(toks []token, s string) bool {
	if len(toks) == 0 {
		return s == ""
	}
	t := toks[0]
	switch t.kind {
	case tLit:
		return strings.HasPrefix(s, t.text) && refMatch(toks[1:], s[len(t.text):])
	case tOne:
		return s != "" && !(t.noColon && s[0] == ':') && refMatch(toks[1:], s[1:])
	default: // tStar
		for i := 0; i <= len(s); i++ {
			if refMatch(toks[1:], s[i:]) {
				return true
			}
			if i < len(s) && t.noColon && s[i] == ':' {
				return false
			}
		}
		return false
	}
}

// tokensOf returns a compiled pattern's tokens; exact and prefix patterns
// keep only their literal.
func tokensOf(p pattern) []token {
	switch {
	case p.mode == mExact && p.lit == "":
		return nil
	case p.mode == mExact:
		return []token{{kind: tLit, text: p.lit}}
	case p.mode == mPrefix:
		return []token{{kind: tLit, text: p.lit}, {kind: tStar}}
	}
	return p.toks
}

func TestMatchTokensAgreesWithBacktracking(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pick := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for i := range 20000 {
		pat := pick("ab:*?", 1+r.IntN(8))
		s := pick("ab:", r.IntN(10))
		arn := r.IntN(2) == 0
		p, msg := compilePattern(pat, patOpts{wildcards: true, arn: arn})
		require.Empty(t, msg)
		want := true
		if p.mode != mAny {
			want = refMatch(tokensOf(p), s)
		}
		require.Equal(t, want, p.match(s, nil), "case %d: pattern %q (arn %v) on %q", i, pat, arn, s)
	}
	// Long inputs use heap buffers.
	long := strings.Repeat("ab", 400)
	p, _ := compilePattern("a*b?b*", patOpts{wildcards: true})
	assert.True(t, p.match(long, nil))
	p, _ = compilePattern("a*b?a*", patOpts{wildcards: true})
	assert.False(t, p.match(long, nil), "b and a are never two apart in abab...")
}
