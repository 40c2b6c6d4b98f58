package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func indexFixture(t *testing.T) (*Design, *Index) {
	t.Helper()
	d, ps := Decode([]byte(`{"format": "archway/v1", "nodes": [
	  {"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16"},
	  {"id": "a", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/24", "routeTable": "rt-a", "networkAcl": "acl"},
	  {"id": "b", "type": "subnet", "parent": "vpc", "cidr": "10.0.1.0/24"},
	  {"id": "rt-a", "type": "route-table", "parent": "vpc"},
	  {"id": "rt-main", "type": "route-table", "parent": "b", "main": true},
	  {"id": "acl", "type": "network-acl", "parent": "vpc"},
	  {"id": "nat", "type": "nat-gateway", "parent": "a"},
	  {"id": "app", "type": "ec2-instance", "parent": "a"},
	  {"id": "sg", "type": "security-group", "parent": "vpc"},
	  {"id": "fn", "type": "lambda", "parent": "vpc", "vpc": {"subnets": ["b", "a"], "securityGroups": ["sg"]}},
	  {"id": "pub", "type": "lambda", "parent": "vpc"},
	  {"id": "vpc2", "type": "vpc", "cidr": "10.1.0.0/16"},
	  {"id": "c", "type": "subnet", "parent": "vpc2", "cidr": "10.1.0.0/24"},
	  {"id": "tbl", "type": "dynamodb-table"}
	], "edges": [{"id": "e1", "from": "fn", "to": "tbl"}, {"id": "e2", "from": "pub", "to": "tbl"}]}`))
	require.Empty(t, ps)
	return d, NewIndex(d)
}

func TestIndexLookups(t *testing.T) {
	d, ix := indexFixture(t)
	assert.Same(t, d, ix.Design)
	assert.Len(t, ix.Nodes, len(d.Nodes))
	assert.Len(t, ix.Edges, 2)
	assert.Same(t, d.Nodes[6], ix.Node("nat"))
	assert.Nil(t, ix.Node("nope"))
	assert.Same(t, d.Nodes[6], ix.NodeOfType("nat", TypeNATGateway))
	assert.Nil(t, ix.NodeOfType("nat", TypeInternetGateway))
	assert.Same(t, d.Edges[1], ix.Edges["e2"])
	assert.Equal(t, "nodes[6]", ix.Path("nat"))
	assert.Equal(t, 13, ix.Pos["tbl"])

	ids := func(ns []*Node) []string {
		out := []string{}
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	assert.Equal(t, []string{"a", "b", "rt-a", "acl", "sg", "fn", "pub"}, ids(ix.Children["vpc"]), "document order")
	assert.Equal(t, []string{"nat", "app"}, ids(ix.Children["a"]))
	assert.Empty(t, ix.Children["tbl"])
}

func TestIndexDuplicatesKeepTheFirst(t *testing.T) {
	d := &Design{
		Nodes: []*Node{{ID: "x", Type: TypeSQSQueue}, {ID: "x", Type: TypeSNSTopic}},
		Edges: []*Edge{{ID: "e", From: "x", To: "y"}, {ID: "e", From: "y", To: "x"}},
	}
	ix := NewIndex(d)
	assert.Same(t, d.Nodes[0], ix.Node("x"))
	assert.Equal(t, 0, ix.Pos["x"])
	assert.Same(t, d.Edges[0], ix.Edges["e"])
}

func TestIndexVPCOf(t *testing.T) {
	_, ix := indexFixture(t)
	for id, want := range map[string]string{
		"vpc":     "vpc",
		"a":       "vpc",
		"rt-main": "vpc", // drawn in a subnet
		"nat":     "vpc",
		"app":     "vpc",
		"sg":      "vpc",
		"fn":      "vpc", // the VPC of its first subnet
		"pub":     "",    // drawn in the VPC, but not attached to it
		"c":       "vpc2",
		"tbl":     "",
	} {
		got := ix.VPCOf(ix.Node(id))
		if want == "" {
			assert.Nil(t, got, id)
			continue
		}
		require.NotNil(t, got, id)
		assert.Equal(t, want, got.ID, id)
	}
	assert.Nil(t, ix.VPCOf(nil))

	loop := NewIndex(&Design{Nodes: []*Node{
		{ID: "s1", Type: TypeSubnet, Parent: "s2"},
		{ID: "s2", Type: TypeSubnet, Parent: "s1"},
		{ID: "fn", Type: TypeLambda, VPC: &VPCConfig{Subnets: []string{"gone"}}},
	}})
	assert.Nil(t, loop.VPCOf(loop.Node("s1")), "a parent loop ends")
	assert.Nil(t, loop.VPCOf(loop.Node("fn")), "a dangling subnet")
}

func TestIndexRouteTableAndACL(t *testing.T) {
	_, ix := indexFixture(t)
	assert.Equal(t, "rt-main", ix.MainRouteTable["vpc"].ID, "main tables are keyed by VPC wherever they are drawn")
	assert.Equal(t, "rt-a", ix.RouteTableOf(ix.Node("a")).ID, "explicit association")
	assert.Equal(t, "rt-main", ix.RouteTableOf(ix.Node("b")).ID, "the VPC's main table")
	assert.Nil(t, ix.RouteTableOf(ix.Node("c")), "no main table drawn: only the local route")
	assert.Equal(t, "acl", ix.NetworkACLOf(ix.Node("a")).ID)
	assert.Nil(t, ix.NetworkACLOf(ix.Node("b")), "the default network ACL")

	// A routeTable naming something else falls back to the main table.
	odd := NewIndex(&Design{Nodes: []*Node{
		{ID: "v", Type: TypeVPC},
		{ID: "s", Type: TypeSubnet, Parent: "v", RouteTable: "v"},
		{ID: "m", Type: TypeRouteTable, Parent: "v", Main: true},
		{ID: "m2", Type: TypeRouteTable, Parent: "v", Main: true},
	}})
	assert.Equal(t, "m", odd.RouteTableOf(odd.Node("s")).ID, "the first main table")
}

func TestNewLookupIsNewIndexWithoutChildren(t *testing.T) {
	d, ix := indexFixture(t)
	lk := NewLookup(d)
	assert.Nil(t, lk.Children)
	assert.Equal(t, ix.Nodes, lk.Nodes)
	assert.Equal(t, ix.Edges, lk.Edges)
	assert.Equal(t, ix.Pos, lk.Pos)
	assert.Equal(t, ix.MainRouteTable, lk.MainRouteTable)
	require.NotNil(t, lk.MainRouteTable["vpc"])
	assert.Equal(t, "rt-main", lk.MainRouteTable["vpc"].ID)
}

func TestIndexChildrenOfARepeatedNode(t *testing.T) {
	n := &Node{ID: "q", Type: TypeSQSQueue, Parent: "vpc"}
	ix := NewIndex(&Design{Nodes: []*Node{{ID: "vpc", Type: TypeVPC}, n, n}})
	assert.Equal(t, []*Node{n}, ix.Children["vpc"], "a repeat is not a second child")
}
