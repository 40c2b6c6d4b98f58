package iam

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Vocabularies random policies and requests are drawn from, small enough
// that statements often match.
var (
	propActions   = []string{"s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "sqs:SendMessage"}
	propActionPat = []string{"s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "sqs:SendMessage", "s3:*", "s3:Get*", "*", "dynamodb:*"}
	propResources = []string{"arn:aws:s3:::b/k", "arn:aws:dynamodb:us-east-1:111111111111:table/T", "arn:aws:sqs:us-east-1:222222222222:q"}
	propResPat    = []string{"*", "arn:aws:s3:::b/*", "arn:aws:dynamodb:us-east-1:111111111111:table/T", "arn:aws:sqs:*:*:q", "arn:aws:s3:::other/*"}
	propPrincipal = []any{"*", map[string]any{"AWS": acctA}, map[string]any{"AWS": acctB}, map[string]any{"AWS": roleARN},
		map[string]any{"AWS": session}, map[string]any{"Service": "sns.amazonaws.com"}}
	propConds = []map[string]any{
		{"StringEquals": map[string]any{"aws:SourceAccount": acctA}},
		{"Bool": map[string]any{"aws:SecureTransport": "true"}},
		{"StringNotEquals": map[string]any{"aws:SourceVpce": "vpce-1"}},
		{"ForAllValues:StringLike": map[string]any{"aws:TagKeys": "a*"}},
	}
	propCallers = []string{session, "arn:aws:sts::222222222222:assumed-role/other/s", userARN, acctB, "anonymous"}
)

type jsonStatement map[string]any

func randomStatement(r *rand.Rand, resource bool) jsonStatement {
	s := jsonStatement{"Effect": []string{"Allow", "Deny"}[r.IntN(2)]}
	key := "Action"
	if r.IntN(8) == 0 {
		key = "NotAction"
	}
	s[key] = propActionPat[r.IntN(len(propActionPat))]
	key = "Resource"
	if r.IntN(8) == 0 {
		key = "NotResource"
	}
	s[key] = propResPat[r.IntN(len(propResPat))]
	if r.IntN(3) == 0 {
		s["Condition"] = propConds[r.IntN(len(propConds))]
	}
	if resource {
		s["Principal"] = propPrincipal[r.IntN(len(propPrincipal))]
	}
	return s
}

func randomPolicy(r *rand.Rand, resource bool) []jsonStatement {
	n := 1 + r.IntN(2*indexMin)
	ss := make([]jsonStatement, n)
	for i := range ss {
		ss[i] = randomStatement(r, resource)
	}
	return ss
}

// randomSet holds policies as statement lists so tests can edit them.
type randomSet struct {
	identity, boundary, resource, endpoint [][]jsonStatement
}

func newRandomSet(r *rand.Rand) randomSet {
	var s randomSet
	for range r.IntN(3) {
		s.identity = append(s.identity, randomPolicy(r, false))
	}
	if r.IntN(4) == 0 {
		s.boundary = append(s.boundary, randomPolicy(r, false))
	}
	if r.IntN(2) == 0 {
		s.resource = append(s.resource, randomPolicy(r, true))
	}
	if r.IntN(4) == 0 {
		s.endpoint = append(s.endpoint, randomPolicy(r, true))
	}
	return s
}

func (s randomSet) lists() []*[][]jsonStatement {
	return []*[][]jsonStatement{&s.identity, &s.boundary, &s.resource, &s.endpoint}
}

func (s randomSet) compile(t *testing.T) *PolicySet {
	t.Helper()
	conv := func(ps [][]jsonStatement) []NamedPolicy {
		var out []NamedPolicy
		for _, p := range ps {
			if p == nil {
				p = []jsonStatement{}
			}
			doc, err := json.Marshal(map[string]any{"Version": Version2012, "Statement": p})
			require.NoError(t, err)
			out = append(out, NamedPolicy{Label: "p", Policy: mustParse(t, string(doc))})
		}
		return out
	}
	return &PolicySet{Identity: conv(s.identity), Boundary: conv(s.boundary), Resource: conv(s.resource), Endpoint: conv(s.endpoint)}
}

// clone deep-copies the statement lists.
func (s randomSet) clone() randomSet {
	cp := func(ps [][]jsonStatement) [][]jsonStatement {
		out := make([][]jsonStatement, len(ps))
		for i, p := range ps {
			out[i] = append([]jsonStatement(nil), p...)
		}
		return out
	}
	return randomSet{cp(s.identity), cp(s.boundary), cp(s.resource), cp(s.endpoint)}
}

func randomRequest(t *testing.T, r *rand.Rand) Request {
	req := Request{
		Principal: mustPrincipal(t, propCallers[r.IntN(len(propCallers))]),
		Action:    propActions[r.IntN(len(propActions))],
		Resource:  propResources[r.IntN(len(propResources))],
	}
	if r.IntN(2) == 0 {
		req.Context.Set("aws:SourceAccount", []string{acctA, acctB}[r.IntN(2)])
	}
	if r.IntN(2) == 0 {
		req.Context.Set("aws:SecureTransport", "true")
	}
	if r.IntN(3) == 0 {
		req.Context.Set("aws:TagKeys", "ab", []string{"ac", "b"}[r.IntN(2)])
	}
	return req
}

// Adding a Deny that matches the request always yields an explicit deny;
// adding any Deny never turns a refusal into Allowed.
func TestPropertyAddingDeny(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	allowed := 0
	for i := range 400 {
		set := newRandomSet(r)
		req := randomRequest(t, r)
		before := Evaluate(&req, set.compile(t))
		if before.Decision == Allowed {
			allowed++
		}

		matching := set.clone()
		deny := jsonStatement{"Effect": "Deny", "Action": req.Action, "Resource": req.Resource}
		if req.Principal.isIAM() && r.IntN(2) == 0 {
			matching.identity = append(matching.identity, []jsonStatement{deny})
		} else {
			deny["Principal"] = "*"
			matching.resource = append(matching.resource, []jsonStatement{deny})
		}
		after := Evaluate(&req, matching.compile(t))
		require.Equal(t, ExplicitlyDenied, after.Decision, "case %d: a matching Deny must deny", i)

		anyDeny := set.clone()
		st := randomStatement(r, true)
		st["Effect"] = "Deny"
		lists := anyDeny.lists()
		l := lists[r.IntN(len(lists))]
		if l == &anyDeny.identity || l == &anyDeny.boundary {
			delete(st, "Principal")
		}
		*l = append(*l, []jsonStatement{st})
		after = Evaluate(&req, anyDeny.compile(t))
		if before.Decision != Allowed {
			require.NotEqual(t, Allowed, after.Decision, "case %d: adding a Deny created an Allow", i)
		}
	}
	require.Greater(t, allowed, 30, "enough random requests are allowed for the property to mean something")
}

// Removing an Allow statement never turns a refusal into Allowed.
func TestPropertyRemovingAllow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	checked, flipped := 0, 0
	for i := range 250 {
		set := newRandomSet(r)
		req := randomRequest(t, r)
		before := Evaluate(&req, set.compile(t))
		for li, l := range set.lists() {
			for pi, p := range *l {
				for si, s := range p {
					if s["Effect"] != "Allow" {
						continue
					}
					smaller := set.clone()
					sl := smaller.lists()[li]
					(*sl)[pi] = append(append([]jsonStatement(nil), p[:si]...), p[si+1:]...)
					after := Evaluate(&req, smaller.compile(t))
					checked++
					if before.Decision == Allowed && after.Decision != Allowed {
						flipped++
					}
					if before.Decision != Allowed {
						require.NotEqual(t, Allowed, after.Decision, "case %d: removing an Allow created an Allow", i)
					}
					if before.Decision == ExplicitlyDenied {
						require.Equal(t, ExplicitlyDenied, after.Decision, "case %d: removing an Allow lifted a Deny", i)
					}
				}
			}
		}
	}
	require.Greater(t, checked, 500)
	require.Greater(t, flipped, 5, "some removals must matter")
}

// The per-service statement index visits exactly the statements a full scan
// would match, in the same order.
func TestServiceIndexAgreesWithScan(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 400 {
		var stmts []jsonStatement
		for range indexMin + r.IntN(8) {
			stmts = append(stmts, randomStatement(r, false))
		}
		doc, err := json.Marshal(map[string]any{"Version": Version2012, "Statement": stmts})
		require.NoError(t, err)
		indexed := mustParse(t, string(doc))
		require.NotNil(t, indexed.byService)
		scanned := *indexed
		scanned.byService, scanned.anyService = nil, nil
		req := randomRequest(t, r)
		req.Principal = mustPrincipal(t, session)
		if r.IntN(4) == 0 {
			req.Action = strings.ToUpper(req.Action)
		}
		a := Evaluate(&req, &PolicySet{Identity: []NamedPolicy{{Label: "p", Policy: indexed}}})
		b := Evaluate(&req, &PolicySet{Identity: []NamedPolicy{{Label: "p", Policy: &scanned}}})
		require.Equal(t, b.Decision, a.Decision, "case %d", i)
		require.Equal(t, b.Reason, a.Reason, "case %d", i)
		require.Equal(t, b.Statements, a.Statements, "case %d", i)
	}
}
