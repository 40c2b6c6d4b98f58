package web

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// decodeDesign reads a document that must have no problems.
func decodeDesign(t *testing.T, doc string) *model.Design {
	t.Helper()
	d, ps := model.Decode([]byte(doc))
	require.Empty(t, ps)
	return d
}

func TestFreeSubnetBlock(t *testing.T) {
	tests := []struct {
		name, vpc string
		taken     []string
		want      string
		ok        bool
	}{
		{"empty /16", "10.0.0.0/16", nil, "10.0.0.0/24", true},
		{"skips taken", "10.0.0.0/16", []string{"10.0.0.0/24", "10.0.1.0/24"}, "10.0.2.0/24", true},
		{"skips a larger block", "10.0.0.0/16", []string{"10.0.0.0/20"}, "10.0.16.0/24", true},
		{"a /28 VPC is one block", "10.0.0.0/28", nil, "10.0.0.0/28", true},
		{"full", "10.0.0.0/28", []string{"10.0.0.0/28"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &model.Design{Format: model.FormatV1, Nodes: []*model.Node{{ID: "v", Type: model.TypeVPC, CIDR: tt.vpc}}}
			for i, c := range tt.taken {
				d.Nodes = append(d.Nodes, &model.Node{ID: "s" + string(rune('a'+i)), Type: model.TypeSubnet, Parent: "v", CIDR: c})
			}
			e := newEditor(d, map[string]box{})
			got, ok := e.freeSubnetBlock(d.Nodes[0])
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRemoveScrubsReferences(t *testing.T) {
	d := decodeDesign(t, `{"format":"archway/v1","nodes":[
		{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},
		{"id":"igw","type":"internet-gateway","parent":"vpc"},
		{"id":"rt","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"igw"}]},
		{"id":"sub","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","routeTable":"rt"},
		{"id":"sg","type":"security-group","parent":"vpc","ingress":[{"from":"sg2"},{"from":"10.0.0.0/8"}]},
		{"id":"sg2","type":"security-group","parent":"vpc"},
		{"id":"fn","type":"lambda","parent":"sub","vpc":{"subnets":["sub"],"securityGroups":["sg"]}},
		{"id":"t","type":"dynamodb-table"}],
		"edges":[{"id":"e","from":"fn","to":"t"}]}`)
	e := newEditor(d, map[string]box{})
	require.NoError(t, e.remove([]string{"igw", "sg2"}))
	ix := model.NewIndex(d)
	assert.Empty(t, ix.Node("rt").Routes, "a route to a deleted gateway goes")
	assert.Len(t, ix.Node("sg").Ingress, 1, "a rule naming a deleted group goes")
	_, ps := model.Decode(model.Encode(d))
	assert.Empty(t, ps, "the result is a valid document")

	require.NoError(t, e.remove([]string{"sub"}))
	ix = model.NewIndex(d)
	assert.Nil(t, ix.Node("fn"), "what is drawn in a container goes with it")
	assert.Empty(t, d.Edges, "and its arrows")
	assert.Error(t, e.remove([]string{"nothing"}))
}

func TestRenameFollowsReferences(t *testing.T) {
	d := decodeDesign(t, `{"format":"archway/v1","nodes":[
		{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},
		{"id":"sg","type":"security-group","parent":"vpc","ingress":[{"from":"sg"}]},
		{"id":"sub","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24"},
		{"id":"fn","type":"lambda","parent":"sub","vpc":{"subnets":["sub"],"securityGroups":["sg"]}},
		{"id":"t","type":"dynamodb-table"}],
		"edges":[{"id":"e","from":"fn","to":"t"}]}`)
	rename(d, "sg", "app-sg")
	rename(d, "fn", "worker")
	ix := model.NewIndex(d)
	assert.Equal(t, "app-sg", ix.Node("app-sg").Ingress[0].From)
	assert.Equal(t, []string{"app-sg"}, ix.Node("worker").VPC.SecurityGroups)
	assert.Equal(t, "worker", d.Edges[0].From)
	_, ps := model.Decode(model.Encode(d))
	assert.Empty(t, ps)
}

func TestPasteRenamesAndDropsDanglingReferences(t *testing.T) {
	d := decodeDesign(t, `{"format":"archway/v1","nodes":[
		{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},
		{"id":"fn","type":"lambda","x":10,"y":10,"w":180,"h":56,"role":"r"},
		{"id":"r","type":"iam-role"},
		{"id":"t","type":"dynamodb-table","x":300,"y":10,"w":180,"h":56}],
		"edges":[{"id":"e","from":"fn","to":"t"}]}`)
	e := newEditor(d, map[string]box{})
	nodes, edges := e.copyOf([]string{"fn", "t"})
	require.Len(t, nodes, 2)
	require.Len(t, edges, 1)
	ghost, _ := json.Marshal(model.Node{ID: "ghost", Type: model.TypeLambda, Role: "missing-role"})
	require.NoError(t, e.paste(append(nodes, ghost), edges, 40, 40))
	ix := model.NewIndex(d)
	require.NotNil(t, ix.Node("fn-1"), "a taken id gets a fresh one")
	assert.Equal(t, 50.0, *ix.Node("fn-1").X)
	assert.Equal(t, "r", ix.Node("fn-1").Role, "a reference to a node of the design stays")
	assert.Empty(t, ix.Node("ghost").Role, "a reference to a node that is nowhere goes")
	require.Len(t, d.Edges, 2)
	assert.Equal(t, "fn-1", d.Edges[1].From)
	assert.Equal(t, "t-1", d.Edges[1].To)
	_, ps := model.Decode(model.Encode(d))
	assert.Empty(t, ps)
	assert.Error(t, e.paste(nil, nil, 0, 0))
}

func TestConnectDefaults(t *testing.T) {
	d := decodeDesign(t, `{"format":"archway/v1","nodes":[
		{"id":"fn","type":"lambda","role":"r"},{"id":"r","type":"iam-role"},
		{"id":"b","type":"s3-bucket"},{"id":"db","type":"rds-cluster","engine":"aurora-mysql"},
		{"id":"q","type":"sqs-queue"},{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"}]}`)
	e := newEditor(d, map[string]box{})
	require.NoError(t, e.connect("fn", "b"))
	require.NoError(t, e.connect("fn", "db"))
	require.NoError(t, e.connect("q", "fn"))
	assert.Error(t, e.connect("fn", "b"), "one arrow per pair")
	assert.Error(t, e.connect("fn", "fn"))
	assert.Equal(t, []string{"s3:GetObject"}, d.Edges[0].Actions)
	assert.Equal(t, 3306, d.Edges[1].Port, "the engine's port")
	assert.Empty(t, d.Edges[2].Actions, "an event source mapping keeps its own defaults")
	role := model.NewIndex(d).Node("r")
	assert.Contains(t, string(role.Policies), `arn:aws:s3:::b/*`, "the grant covers the objects")
	require.NoError(t, e.remove([]string{d.Edges[0].ID}))
	assert.NotContains(t, string(model.NewIndex(d).Node("r").Policies), "s3:GetObject", "deleting the arrow takes its grant")
	_, ps := model.Decode(model.Encode(d))
	assert.Empty(t, ps)
}

func TestPolicies(t *testing.T) {
	doc := json.RawMessage(`{"Version":"2012-10-17","Statement":[]}`)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", ``, `{"archway-e":{"Statement":[],"Version":"2012-10-17"}}`},
		{"object", `{"a":{}}`, `{"a":{},"archway-e":{"Statement":[],"Version":"2012-10-17"}}`},
		{"array", `[{}]`, `[{},{"Version":"2012-10-17","Statement":[]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withPolicy(json.RawMessage(tt.in), "archway-e", doc)
			assert.JSONEq(t, tt.want, string(got))
		})
	}
	assert.Nil(t, withoutPolicy(json.RawMessage(`{"archway-e":{}}`), "archway-e"))
	assert.JSONEq(t, `{"a":{}}`, string(withoutPolicy(json.RawMessage(`{"a":{},"archway-e":{}}`), "archway-e")))
	assert.Equal(t, `[{}]`, string(withoutPolicy(json.RawMessage(`[{}]`), "archway-e")))
}

func TestFitGrowsContainers(t *testing.T) {
	d := decodeDesign(t, `{"format":"archway/v1","nodes":[
		{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","x":0,"y":0,"w":400,"h":300},
		{"id":"sub","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","x":20,"y":50,"w":200,"h":150},
		{"id":"fn","type":"lambda","parent":"sub","x":150,"y":120,"w":180,"h":56}]}`)
	e := newEditor(d, map[string]box{})
	e.fit()
	ix := model.NewIndex(d)
	sub := e.boxOf(ix.Node("sub"))
	assert.GreaterOrEqual(t, sub.X+sub.W, 150.0+180+padSide, "the subnet holds the function")
	vpc := e.boxOf(ix.Node("vpc"))
	assert.GreaterOrEqual(t, vpc.X+vpc.W, sub.X+sub.W+padSide, "the VPC holds the subnet")
	assert.Equal(t, 300.0, vpc.H, "a container never shrinks")
}

// TestChipsHaveNoBox: route tables and security groups are drawn on what
// uses them; moving or fitting their VPC must not give them a position.
func TestChipsHaveNoBox(t *testing.T) {
	d := decodeDesign(t, `{"format":"archway/v1","nodes":[
		{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","x":500,"y":400,"w":400,"h":300},
		{"id":"rt","type":"route-table","parent":"vpc","main":true},
		{"id":"sg","type":"security-group","parent":"vpc"}]}`)
	e := newEditor(d, map[string]box{"vpc": {500, 400, 400, 300}})
	require.NoError(t, e.move(editOp{Op: "move", IDs: []string{"vpc"}, DX: 20, DY: 10}))
	e.fit()
	ix := model.NewIndex(d)
	assert.Nil(t, ix.Node("rt").X, "a chip gets no position")
	assert.Nil(t, ix.Node("sg").X)
	assert.Equal(t, box{520, 410, 400, 300}, e.boxOf(ix.Node("vpc")), "the VPC does not grow towards the origin")
}
