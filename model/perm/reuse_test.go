package perm

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// TestFunctionsInOneDesign checks that what the engine keeps from one
// function or arrow to the next (the probe and its result, the scratch
// result of the arrows' requests, the cached callers, the empty policies
// nodes share) carries nothing over: each function's findings and each
// arrow's decision in a design of several, in either order, are those of a
// design holding that function alone.
func TestFunctionsInOneDesign(t *testing.T) {
	vpc := `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},{"id":"s","type":"subnet","parent":"vpc","cidr":"10.0.0.0/24","az":"us-east-1a"},{"id":"sg","type":"security-group","parent":"vpc"}`
	parts := []struct {
		fn, nodes, edge, edgeID string
	}{
		{"fa", `{"id":"fa","type":"lambda","role":"ra","tracing":"Active"},{"id":"ra","type":"iam-role"}`,
			`{"id":"fa-get","from":"fa","to":"cats"}`, "fa-get"},
		{"fb", `{"id":"fb","type":"lambda","role":"rb","tracing":"Active"},{"id":"rb","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole","AWSXRayDaemonWriteAccess"],"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"` + tableARN + `"}]}]}`,
			`{"id":"fb-get","from":"fb","to":"cats"}`, "fb-get"},
		{"fc", `{"id":"fc","type":"lambda","role":"rc","vpc":{"subnets":["s"],"securityGroups":["sg"]}},{"id":"rc","type":"iam-role","managedPolicies":["AWSLambdaBasicExecutionRole"],"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"dynamodb:*","Resource":"*"}]}]}`,
			`{"id":"fc-get","from":"fc","to":"cats"}`, "fc-get"},
		{"fd", `{"id":"fd","type":"lambda","tracing":"Active"}`,
			`{"id":"fd-get","from":"fd","to":"cats"}`, "fd-get"},
	}
	about := func(r Result, fn string) []model.Finding {
		var out []model.Finding
		for _, f := range r.Findings {
			if slices.Contains(f.Nodes, fn) {
				out = append(out, f)
			}
		}
		return out
	}
	type alone struct {
		findings []model.Finding
		decision string
	}
	want := map[string]alone{}
	for _, p := range parts {
		r := analyze(t, decode(t, vpc+","+table+","+p.nodes, p.edge), nil)
		want[p.fn] = alone{about(r, p.fn), decision(t, r, p.edgeID)}
		require.NotEmpty(t, want[p.fn].decision)
	}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 0, 3, 2}} {
		nodes, edges := vpc+","+table, ""
		for i, k := range order {
			nodes += "," + parts[k].nodes
			if i > 0 {
				edges += ","
			}
			edges += parts[k].edge
		}
		r := analyze(t, decode(t, nodes, edges), nil)
		for _, p := range parts {
			assert.ElementsMatch(t, want[p.fn].findings, about(r, p.fn), "%s in order %v", p.fn, order)
			assert.Equal(t, want[p.fn].decision, decision(t, r, p.edgeID), "%s in order %v", p.edgeID, order)
		}
	}
}

// TestPathNodes checks which hops change a request: an endpoint, gateway
// or interface, with or without a policy of its own (aws:SourceVpce), and
// a NAT gateway with an Elastic IP (aws:SourceIp); not a NAT gateway
// without one, an internet gateway, a route table or an unknown node.
func TestPathNodes(t *testing.T) {
	// the bucket refuses requests whose key is not value
	onlyFrom := func(key, value string) string {
		return `{"id":"b","type":"s3-bucket","name":"data","policy":{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::data/*","Condition":{"StringNotEquals":{"` + key + `":"` + value + `"}}}]}}`
	}
	net := `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},{"id":"pub","type":"subnet","parent":"vpc","cidr":"10.0.0.0/24"},{"id":"a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24"},
		{"id":"igw","type":"internet-gateway","parent":"vpc"},
		{"id":"nat-eip","type":"nat-gateway","parent":"pub","elasticIp":"203.0.113.7"},{"id":"nat","type":"nat-gateway","parent":"pub"},
		{"id":"gw-ep","type":"vpc-endpoint","parent":"vpc","service":"s3","name":"vpce-0gw"},
		{"id":"if-ep","type":"vpc-endpoint","parent":"vpc","service":"s3","endpointType":"interface","subnets":["a"],"name":"vpce-0if",
		 "policy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}},`
	role := roleWith(`,"policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}]`)
	path := func(hops ...string) model.NetworkResult {
		var hs []model.Hop
		for _, h := range hops {
			hs = append(hs, model.Hop{Node: h, Check: "route", Result: model.HopAllow})
		}
		return model.NetworkResult{Reachable: model.Bool(true), Subnets: []model.SubnetResult{{Subnet: "a", Reachable: true, Path: hs}}}
	}
	tests := []struct {
		name, key, value string
		nr               model.NetworkResult
		want             string
	}{
		{"through the NAT gateway's Elastic IP", "aws:SourceIp", "203.0.113.7", path("rt", "nat-eip", "igw"), "Allowed"},
		{"a NAT gateway without one sets no address", "aws:SourceIp", "203.0.113.7", path("rt", "nat", "igw"), "ExplicitlyDenied"},
		{"an internet gateway sets none", "aws:SourceIp", "203.0.113.7", path("rt", "igw"), "ExplicitlyDenied"},
		{"through a gateway endpoint", "aws:SourceVpce", "vpce-0gw", path("rt", "gw-ep"), "Allowed"},
		{"through an interface endpoint with a policy", "aws:SourceVpce", "vpce-0if", path("vpc", "if-ep"), "Allowed"},
		{"an endpoint's address is not the NAT's", "aws:SourceIp", "203.0.113.7", path("nat-eip", "gw-ep"), "ExplicitlyDenied"},
		{"unknown hops are passed over", "aws:SourceVpce", "vpce-0gw", path("nowhere", "gw-ep", "elsewhere"), "Allowed"},
		{"no endpoint on the path", "aws:SourceVpce", "vpce-0gw", path("rt", "nat-eip", "igw"), "ExplicitlyDenied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decode(t, net+fnNode+","+role+","+onlyFrom(tt.key, tt.value), `{"id":"read","from":"fn","to":"b"}`)
			r := analyze(t, d, map[string]model.NetworkResult{"read": tt.nr})
			assert.Equal(t, tt.want, decision(t, r, "read"))
		})
	}
}
