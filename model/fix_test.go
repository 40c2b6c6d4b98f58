package model

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixDoc = `{"format": "archway/v1", "title": "fix me", "nodes": [
  {"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16", "dnsSupport": false},
  {"id": "pub", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/24", "routeTable": "rt-pub"},
  {"id": "priv", "type": "subnet", "parent": "vpc", "cidr": "10.0.1.0/24", "routeTable": "rt-priv"},
  {"id": "igw", "type": "internet-gateway", "parent": "vpc"},
  {"id": "nat", "type": "nat-gateway", "parent": "priv"},
  {"id": "rt-pub", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]},
  {"id": "rt-priv", "type": "route-table", "parent": "vpc"},
  {"id": "sg", "type": "security-group", "parent": "vpc", "egress": [{"ports": 443, "to": "0.0.0.0/0"}, {"ports": 80, "to": "0.0.0.0/0"}]},
  {"id": "role", "type": "iam-role"}
]}`

func fixDesign(t *testing.T) *Design {
	t.Helper()
	d, ps := Decode([]byte(fixDoc))
	require.Empty(t, ps)
	return d
}

func TestApply(t *testing.T) {
	tests := []struct {
		name  string
		ops   []FixOp
		check func(t *testing.T, ix *Index)
	}{
		{
			"add a route to a table without routes",
			[]FixOp{{Op: "add", Node: "rt-priv", Field: "routes", Value: json.RawMessage(`{"destination": "0.0.0.0/0", "target": "nat"}`)}},
			func(t *testing.T, ix *Index) {
				assert.Equal(t, []Route{{Destination: "0.0.0.0/0", Target: "nat"}}, ix.Node("rt-priv").Routes)
			},
		},
		{
			"add appends",
			[]FixOp{{Op: "add", Node: "sg", Field: "egress", Value: json.RawMessage(`{"to": "pl:s3", "ports": "443"}`)}},
			func(t *testing.T, ix *Index) {
				rules := *ix.Node("sg").Egress
				require.Len(t, rules, 3)
				assert.Equal(t, SGRule{Ports: &Ports{443, 443}, To: "pl:s3"}, rules[2])
			},
		},
		{
			"add a managed policy",
			[]FixOp{{Op: "add", Node: "role", Field: "managedPolicies", Value: json.RawMessage(`"AWSLambdaVPCAccessExecutionRole"`)}},
			func(t *testing.T, ix *Index) {
				assert.Equal(t, []string{"AWSLambdaVPCAccessExecutionRole"}, ix.Node("role").ManagedPolicies)
			},
		},
		{
			"set moves a NAT gateway",
			[]FixOp{{Op: "set", Node: "nat", Field: "parent", Value: json.RawMessage(`"pub"`)}},
			func(t *testing.T, ix *Index) { assert.Equal(t, "pub", ix.Node("nat").Parent) },
		},
		{
			"set turns DNS on",
			[]FixOp{{Op: "set", Node: "vpc", Field: "dnsSupport", Value: json.RawMessage(`true`)}},
			func(t *testing.T, ix *Index) { assert.True(t, ix.Node("vpc").DNSSupportEnabled()) },
		},
		{
			"set null removes a field",
			[]FixOp{{Op: "set", Node: "vpc", Field: "dnsSupport", Value: json.RawMessage(`null`)}},
			func(t *testing.T, ix *Index) { assert.Nil(t, ix.Node("vpc").DNSSupport) },
		},
		{
			"remove the equal element, whatever its key order and spacing",
			[]FixOp{{Op: "remove", Node: "sg", Field: "egress", Value: json.RawMessage(`{ "to":"0.0.0.0/0",  "ports":"80" }`)}},
			func(t *testing.T, ix *Index) {
				assert.Equal(t, []SGRule{{Ports: &Ports{443, 443}, To: "0.0.0.0/0"}}, *ix.Node("sg").Egress)
			},
		},
		{
			"remove every rule keeps an empty egress list",
			[]FixOp{
				{Op: "remove", Node: "sg", Field: "egress", Value: json.RawMessage(`{"ports": "443", "to": "0.0.0.0/0"}`)},
				{Op: "remove", Node: "sg", Field: "egress", Value: json.RawMessage(`{"ports": "80", "to": "0.0.0.0/0"}`)},
			},
			func(t *testing.T, ix *Index) {
				require.NotNil(t, ix.Node("sg").Egress, "[] means no outbound rules, unlike a missing egress")
				assert.Empty(t, ix.Node("sg").EgressRules())
			},
		},
		{
			"remove something absent changes nothing",
			[]FixOp{{Op: "remove", Node: "role", Field: "managedPolicies", Value: json.RawMessage(`"ReadOnlyAccess"`)}},
			func(t *testing.T, ix *Index) { assert.Empty(t, ix.Node("role").ManagedPolicies) },
		},
		{
			"add-node, then change it",
			[]FixOp{
				{Op: "add-node", Value: json.RawMessage(`{"id": "s3-endpoint", "type": "vpc-endpoint", "parent": "vpc", "service": "s3"}`)},
				{Op: "add", Node: "s3-endpoint", Field: "routeTables", Value: json.RawMessage(`"rt-priv"`)},
			},
			func(t *testing.T, ix *Index) {
				ep := ix.Node("s3-endpoint")
				require.NotNil(t, ep)
				assert.Equal(t, "nodes[9]", ix.Path("s3-endpoint"), "added at the end")
				assert.Equal(t, []string{"rt-priv"}, ep.RouteTables)
				assert.Equal(t, "gateway", ep.EndpointKind())
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixDesign(t)
			before := Encode(d)
			fixed, ps := Apply(d, tt.ops)
			require.Empty(t, ps)
			require.NotNil(t, fixed)
			assert.Equal(t, string(before), string(Encode(d)), "the input design is untouched")
			assert.Equal(t, "fix me", fixed.Title, "the rest of the document is kept")
			assert.Len(t, fixed.Nodes, len(d.Nodes)+countAddNodes(tt.ops))
			tt.check(t, NewIndex(fixed))
		})
	}
}

func countAddNodes(ops []FixOp) int {
	n := 0
	for _, op := range ops {
		if op.Op == "add-node" {
			n++
		}
	}
	return n
}

func TestApplyErrors(t *testing.T) {
	tests := []struct {
		name  string
		ops   []FixOp
		wants []want
	}{
		{"unknown node", []FixOp{{Op: "set", Node: "nope", Field: "label", Value: json.RawMessage(`"x"`)}}, []want{{"ops[0].node", `"nope" is not a node of this design`}}},
		{"missing field", []FixOp{{Op: "set", Node: "vpc", Value: json.RawMessage(`"x"`)}}, []want{{"ops[0].field", "required"}}},
		{"unknown operation", []FixOp{{Op: "delete", Node: "vpc", Field: "label"}}, []want{{"ops[0].op", `unknown operation "delete"; one of add, set, remove, add-node`}}},
		{"add to a field that is not a list", []FixOp{{Op: "add", Node: "rt-pub", Field: "parent", Value: json.RawMessage(`"x"`)}}, []want{{"ops[0].field", "parent of rt-pub is not an array"}}},
		{"remove from a field that is not a list", []FixOp{{Op: "remove", Node: "vpc", Field: "cidr", Value: json.RawMessage(`"x"`)}}, []want{{"ops[0].field", "cidr of vpc is not an array"}}},
		{"add-node without an object", []FixOp{{Op: "add-node", Value: json.RawMessage(`["vpc"]`)}}, []want{{"ops[0].value", "must be a node object"}}},
		{"a value that is not JSON", []FixOp{{Op: "set", Node: "vpc", Field: "label", Value: json.RawMessage(`{"a"`)}}, []want{{"ops[0].value", "not valid JSON"}}},
		{"add without a value", []FixOp{{Op: "add", Node: "role", Field: "managedPolicies"}}, []want{{"ops[0].value", "required: the element to add"}}},
		{"every failing operation is named", []FixOp{
			{Op: "set", Node: "vpc", Field: "label", Value: json.RawMessage(`"ok"`)},
			{Op: "set", Node: "gone", Field: "label", Value: json.RawMessage(`"x"`)},
			{Op: "add", Node: "vpc", Value: json.RawMessage(`1`)},
		}, []want{{"ops[1].node", "not a node"}, {"ops[2].field", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixDesign(t)
			before := Encode(d)
			fixed, ps := Apply(d, tt.ops)
			assert.Nil(t, fixed)
			assertProblems(t, ps, tt.wants...)
			assert.Equal(t, string(before), string(Encode(d)))
		})
	}
}

// TestApplyRevalidates: the result of a fix is decoded and checked again, so
// a fix that breaks the document comes back with the document's problems.
func TestApplyRevalidates(t *testing.T) {
	tests := []struct {
		name  string
		ops   []FixOp
		wants []want
	}{
		{"an invalid CIDR", []FixOp{{Op: "set", Node: "priv", Field: "cidr", Value: json.RawMessage(`"10.0.0.0/33"`)}}, []want{{"nodes[2].cidr", "not a CIDR block"}}},
		{"a dangling route target", []FixOp{{Op: "add", Node: "rt-priv", Field: "routes", Value: json.RawMessage(`{"destination": "0.0.0.0/0", "target": "nat-9"}`)}}, []want{{"nodes[6].routes[0].target", `"nat-9" is not a node`}}},
		{"a field the type does not have", []FixOp{{Op: "set", Node: "role", Field: "routes", Value: json.RawMessage(`[]`)}}, []want{{"nodes[8].routes", `an iam-role has no field "routes"`}}},
		{"a wrongly typed value", []FixOp{{Op: "set", Node: "vpc", Field: "dnsSupport", Value: json.RawMessage(`"yes"`)}}, []want{{"nodes[0].dnsSupport", "must be true or false"}}},
		{"a duplicate node", []FixOp{{Op: "add-node", Value: json.RawMessage(`{"id": "igw", "type": "internet-gateway", "parent": "vpc"}`)}}, []want{{"nodes[9].id", `another node already has the id "igw"`}}},
		{"a second main route table", []FixOp{
			{Op: "set", Node: "rt-pub", Field: "main", Value: json.RawMessage(`true`)},
			{Op: "set", Node: "rt-priv", Field: "main", Value: json.RawMessage(`true`)},
		}, []want{{"nodes[6].main", "already has a main route table (rt-pub)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixDesign(t)
			before := Encode(d)
			fixed, ps := Apply(d, tt.ops)
			require.NotNil(t, fixed, "the fixed design comes back as far as it could be read")
			assertProblems(t, ps, tt.wants...)
			assert.Equal(t, string(before), string(Encode(d)))
		})
	}
}

func TestFixOpJSON(t *testing.T) {
	var op FixOp
	require.NoError(t, json.Unmarshal([]byte(`{"op": "add", "node": "rt", "field": "routes", "value": {"destination": "0.0.0.0/0", "target": "nat"}}`), &op))
	assert.Equal(t, FixOp{Op: "add", Node: "rt", Field: "routes", Value: json.RawMessage(`{"destination": "0.0.0.0/0", "target": "nat"}`)}, op)
	b, err := json.Marshal(FixOp{Op: "add-node", Value: json.RawMessage(`{"id":"x"}`)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"op": "add-node", "value": {"id": "x"}}`, string(b), "node and field are left out when empty")
}
