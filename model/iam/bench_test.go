package iam

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// loopCPU runs op in b.Loop and also reports the thread CPU time per
// operation ("cpu-ns/op"): on a shared machine wall time grows with the
// other jobs' load, CPU time much less.
func loopCPU(b *testing.B, op func()) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	start := threadCPU()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(threadCPU()-start)/float64(b.N), "cpu-ns/op")
}

// tenByTen is 10 identity policies of 10 statements each, with a mix of
// exact, prefix and glob actions and resources and some conditions; only the
// last statement of the last policy allows the benchmark request.
func tenByTen(b *testing.B) *PolicySet {
	b.Helper()
	var set PolicySet
	for p := range 10 {
		var stmts []string
		for s := range 10 {
			var st string
			switch s % 5 {
			case 0:
				st = fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/T%d_%d"}`, s, p, s)
			case 1:
				st = fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bucket-%d-%d/*"}`, s, p, s)
			case 2:
				st = fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:111111111111:queue-%d-%d"}`, s, p, s)
			case 3:
				st = fmt.Sprintf(`{"Sid":"S%d","Effect":"Deny","Action":"dynamodb:DeleteTable","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"ops%d"}}}`, s, p)
			case 4:
				st = fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/f%d_%d:*"}`, s, p, s)
			}
			stmts = append(stmts, st)
		}
		if p == 9 {
			stmts[9] = `{"Sid":"Hit","Effect":"Allow","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats","Condition":{"StringEquals":{"aws:PrincipalTag/team":"cats"}}}`
		}
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
		set.Identity = append(set.Identity, named(b, "role", fmt.Sprintf("policies[%d]", p), doc))
	}
	return &set
}

func benchRequest(b *testing.B) *Request {
	req := &Request{Principal: mustPrincipal(b, session), Action: "dynamodb:PutItem",
		Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/Cats"}
	req.Context.Set("aws:PrincipalTag/team", "cats")
	req.Context.Set("aws:SourceAccount", acctA)
	return req
}

// One request against 10 policies of 10 statements (target: ≤ 2 µs, 0 allocs).
func BenchmarkEvaluate10x10(b *testing.B) {
	set := tenByTen(b)
	req := benchRequest(b)
	var r Result
	EvaluateInto(&r, req, set)
	if r.Decision != Allowed {
		b.Fatalf("decision %s", r.Decision)
	}
	loopCPU(b, func() { EvaluateInto(&r, req, set) })
}

// One request against one single-statement policy (target: ≥ 1M/s per core).
func BenchmarkEvaluateSingleStatement(b *testing.B) {
	set := &PolicySet{Identity: []NamedPolicy{named(b, "role", "policies[0]",
		allowID("A", "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111111111111:table/Cats"))}}
	req := benchRequest(b)
	var r Result
	loopCPU(b, func() { EvaluateInto(&r, req, set) })
}

// A service invocation through a resource policy with two conditions.
func BenchmarkEvaluateResourcePolicy(b *testing.B) {
	set := &PolicySet{Resource: []NamedPolicy{named(b, "fn", "resourcePolicy", resPolicy("Allow", "S3", `{"Service":"s3.amazonaws.com"}`,
		"lambda:InvokeFunction", fnARN, `{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"},"StringEquals":{"AWS:SourceAccount":"111111111111"}}`))}}
	req := &Request{Principal: Service("s3.amazonaws.com"), Action: "lambda:InvokeFunction", Resource: fnARN}
	req.Context.Set("aws:SourceArn", "arn:aws:s3:::uploads")
	req.Context.Set("aws:SourceAccount", acctA)
	var r Result
	loopCPU(b, func() { EvaluateInto(&r, req, set) })
}

// The matching hot path on its own: action, resource and conditions.
func BenchmarkStatementMatch(b *testing.B) {
	pol := mustParse(b, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:Get*","s3:PutObject"],"Resource":"arn:aws:s3:::b/home/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111111111111:*"}}}}`)
	s := &pol.Statements[0]
	c := ctx("aws:username", "carlos", "aws:SourceIp", "10.1.2.3", "aws:SourceArn", topic)
	loopCPU(b, func() {
		if !s.MatchesAction("s3:PutObject") || !s.MatchesResource("arn:aws:s3:::b/home/carlos/x.png", &c) || !s.ConditionsHold(&c) {
			b.Fatal("no match")
		}
	})
}

func BenchmarkParse(b *testing.B) {
	doc := []byte(allOperatorsPolicy())
	b.ReportAllocs()
	for b.Loop() {
		if _, ps := Parse(doc); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}
