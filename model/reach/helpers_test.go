package reach_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/reach"
)

// base is the design most rule tests start from: a VPC with private
// function subnets in two AZs, each routed to a NAT gateway in a public
// subnet of its AZ, database subnets with only the local route, an Aurora
// cluster that admits the function's group, and the services it calls.
// Every arrow from fn in it gets through.
const base = `
{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"}
{"id":"igw","type":"internet-gateway","parent":"vpc"}
{"id":"pub-a","type":"subnet","parent":"vpc","cidr":"10.0.101.0/24","az":"us-east-1a","routeTable":"rt-pub"}
{"id":"pub-b","type":"subnet","parent":"vpc","cidr":"10.0.102.0/24","az":"us-east-1b","routeTable":"rt-pub"}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a"}
{"id":"app-b","type":"subnet","parent":"vpc","cidr":"10.0.2.0/24","az":"us-east-1b","routeTable":"rt-app-b"}
{"id":"data-a","type":"subnet","parent":"vpc","cidr":"10.0.3.0/24","az":"us-east-1a","routeTable":"rt-data"}
{"id":"data-b","type":"subnet","parent":"vpc","cidr":"10.0.4.0/24","az":"us-east-1b","routeTable":"rt-data"}
{"id":"nat-a","type":"nat-gateway","parent":"pub-a"}
{"id":"nat-b","type":"nat-gateway","parent":"pub-b"}
{"id":"rt-pub","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"igw"}]}
{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"}]}
{"id":"rt-app-b","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-b"}]}
{"id":"rt-data","type":"route-table","parent":"vpc"}
{"id":"sg-fn","type":"security-group","parent":"vpc"}
{"id":"sg-db","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"5432","from":"sg-fn"}]}
{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}
{"id":"db","type":"rds-cluster","parent":"vpc","subnets":["data-a","data-b"],"securityGroups":["sg-db"]}
{"id":"table","type":"dynamodb-table"}
{"id":"queue","type":"sqs-queue"}
{"id":"web","type":"internet-host","host":"example.com"}
`

// build decodes a design made of base with changes: one JSON object per
// line; a node replaces the base node with its id or is added, "-id"
// removes a node, and objects with "from" are edges. It requires a design
// without problems.
func build(t testing.TB, from, changes string) *model.Design {
	t.Helper()
	var order []string
	nodes := map[string]json.RawMessage{}
	var edges []json.RawMessage
	apply := func(lines string) {
		for _, line := range strings.Split(lines, "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "":
			case strings.HasPrefix(line, "-"):
				id := strings.TrimPrefix(line, "-")
				require.Contains(t, nodes, id, "removing an unknown node")
				delete(nodes, id)
				order = slices.DeleteFunc(order, func(s string) bool { return s == id })
			default:
				var obj struct {
					ID   string `json:"id"`
					From string `json:"from"`
				}
				require.NoError(t, json.Unmarshal([]byte(line), &obj), line)
				if obj.From != "" {
					edges = append(edges, json.RawMessage(line))
					continue
				}
				if _, ok := nodes[obj.ID]; !ok {
					order = append(order, obj.ID)
				}
				nodes[obj.ID] = json.RawMessage(line)
			}
		}
	}
	apply(from)
	apply(changes)
	doc := map[string]any{"format": model.FormatV1, "nodes": []json.RawMessage{}, "edges": edges}
	list := make([]json.RawMessage, 0, len(order))
	for _, id := range order {
		list = append(list, nodes[id])
	}
	doc["nodes"] = list
	if edges == nil {
		doc["edges"] = []json.RawMessage{}
	}
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	d, ps := model.Decode(data)
	require.Empty(t, ps, "the test design must be valid")
	return d
}

func run(d *model.Design) *reach.Result { return reach.Analyze(model.NewIndex(d)) }

// verdict is the network plane's verdict on an arrow, as analyze combines
// it when the request is authorized.
func verdict(r model.NetworkResult) model.Verdict {
	switch {
	case r.Reachable == nil || *r.Reachable:
		return model.Allowed
	case slices.ContainsFunc(r.Subnets, func(s model.SubnetResult) bool { return s.Reachable }):
		return model.Partial
	}
	return model.Blocked
}

// findingsFor returns the findings with code that name the edge, or, with
// edge "", that name every node of nodes.
func findingsFor(res *reach.Result, code, edge string, nodes ...string) []model.Finding {
	var out []model.Finding
	for _, f := range res.Findings {
		if f.Code != code || (edge != "" && !slices.Contains(f.Edges, edge)) {
			continue
		}
		if !slices.ContainsFunc(nodes, func(n string) bool { return !slices.Contains(f.Nodes, n) }) {
			out = append(out, f)
		}
	}
	return out
}

func codes(res *reach.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Severity+" "+f.Code)
	}
	return out
}

// hopNodes lists the nodes of every hop of an arrow's paths.
func hopNodes(r model.NetworkResult) []string {
	var out []string
	for _, h := range r.Path {
		out = append(out, h.Node)
	}
	for _, s := range r.Subnets {
		for _, h := range s.Path {
			out = append(out, h.Node)
		}
	}
	return out
}

func failingHops(r model.NetworkResult) []model.Hop {
	var out []model.Hop
	all := slices.Clone(r.Path)
	for _, s := range r.Subnets {
		all = append(all, s.Path...)
	}
	for _, h := range all {
		if h.Result != model.HopAllow {
			out = append(out, h)
		}
	}
	return out
}
