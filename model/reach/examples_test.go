package reach_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
	"archway/model/reach"
)

// expectation is one entry of the public examples' expected.json, as far as
// the network plane answers it.
type expectation struct {
	Edges map[string]struct {
		Verdict      string          `json:"verdict"`
		Reachable    json.RawMessage `json:"reachable"`
		BlockedAt    *string         `json:"blockedAt"`
		BlockedAtAny []string        `json:"blockedAtAny"`
		Decision     json.RawMessage `json:"decision"`
		BySubnet     map[string]struct {
			Reachable bool    `json:"reachable"`
			BlockedAt *string `json:"blockedAt"`
		} `json:"bySubnet"`
	} `json:"edges"`
	Findings          []findingPattern `json:"findings"`
	ForbiddenFindings []findingPattern `json:"forbiddenFindings"`
	NoErrors          bool             `json:"noErrors"`
	ErrorsOnlyOnEdges []string         `json:"errorsOnlyOnEdges"`
	ENIs              []model.ENI      `json:"enis"`
}

type findingPattern struct {
	Severity json.RawMessage `json:"severity"`
	Code     json.RawMessage `json:"code"`
	Nodes    []string        `json:"nodes"`
	NodesAny []string        `json:"nodesAny"`
	Edges    []string        `json:"edges"`
}

// oneOf reads a JSON string, null or list of them.
func oneOf(raw json.RawMessage) (vals []*string, given bool) {
	switch string(raw) {
	case "":
		return nil, false
	case "null":
		return []*string{nil}, true
	}
	var list []*string
	if json.Unmarshal(raw, &list) == nil {
		return list, true
	}
	var one *string
	if json.Unmarshal(raw, &one) == nil {
		return []*string{one}, true
	}
	var b *bool
	if json.Unmarshal(raw, &b) == nil {
		if b == nil {
			return []*string{nil}, true
		}
		s := "false"
		if *b {
			s = "true"
		}
		return []*string{&s}, true
	}
	var bools []*bool
	if json.Unmarshal(raw, &bools) == nil {
		for _, b := range bools {
			if b == nil {
				vals = append(vals, nil)
			} else {
				s := map[bool]string{true: "true", false: "false"}[*b]
				vals = append(vals, &s)
			}
		}
		return vals, true
	}
	return nil, false
}

func matchesOneOf(raw json.RawMessage, got string) bool {
	vals, given := oneOf(raw)
	return !given || slices.ContainsFunc(vals, func(v *string) bool { return v != nil && *v == got })
}

func (p findingPattern) matches(f model.Finding, strictCode bool) bool {
	if !matchesOneOf(p.Severity, f.Severity) {
		return false
	}
	if strictCode && !matchesOneOf(p.Code, f.Code) {
		return false
	}
	for _, n := range p.Nodes {
		if !slices.Contains(f.Nodes, n) {
			return false
		}
	}
	if len(p.NodesAny) > 0 && !slices.ContainsFunc(p.NodesAny, func(n string) bool { return slices.Contains(f.Nodes, n) }) {
		return false
	}
	for _, e := range p.Edges {
		if !slices.Contains(f.Edges, e) {
			return false
		}
	}
	return true
}

// networkCodes are the codes this engine reports; the examples' other
// findings belong to the permission plane.
var networkCodes = []string{
	"NO_ROUTE_TO_DESTINATION", "BAD_STATE_ROUTE", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "MORE_SPECIFIC_ROUTE",
	"ENI_SG_RULES_MISMATCH", "SUBNET_ACL_RESTRICTION", "LAMBDA_IN_PUBLIC_SUBNET", "NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET",
	"PRIVATE_NAT_GATEWAY_NO_INTERNET", "DNS_RESOLUTION_DISABLED", "VPCE_ROUTE_SHADOWED", "VPCE_UNUSED", "VPCE_MISSING_AZ",
	"CROSS_AZ_NAT_GATEWAY", "LAMBDA_SINGLE_AZ", "LAMBDA_NOT_IN_VPC", "LAMBDA_INBOUND_CONNECTION", "LAMBDA_SG_INBOUND_UNUSED",
	"EFS_MOUNT_TARGET_MISSING_AZ", "VPC_CONFIG_MULTIPLE_VPCS", "VPC_CONFIG_TOO_MANY_SECURITY_GROUPS",
	"SUBNET_OUT_OF_IP_ADDRESSES", "SUBNET_LOW_ON_IP_ADDRESSES", "ENI_QUOTA_EXCEEDED", "ENI_REUSED",
}

// TestPublicExamples runs every public example through analyze.Analyze and
// checks what the network plane decides: verdicts of arrows no permission
// can change, reachable, blockedAt, the per-subnet results, the network
// findings required and forbidden, and the Hyperplane ENIs.
func TestPublicExamples(t *testing.T) {
	dir := filepath.Join("..", "..", "examples")
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	require.NoError(t, err)
	var expected map[string]expectation
	require.NoError(t, json.Unmarshal(raw, &expected))
	require.NotEmpty(t, expected)

	names := make([]string, 0, len(expected))
	for name := range expected {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want := expected[name]
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name+".json"))
			require.NoError(t, err)
			d, ps := model.Decode(data)
			require.Empty(t, ps)
			a := analyze.Analyze(d)
			net := reach.Analyze(model.NewIndex(d))
			byID := map[string]model.EdgeResult{}
			for _, e := range a.Edges {
				byID[e.ID] = e
			}
			for id, we := range want.Edges {
				got, ok := byID[id]
				require.True(t, ok, "edge %s", id)
				n := got.Network
				reachable := "null"
				if n.Reachable != nil {
					reachable = map[bool]string{true: "true", false: "false"}[*n.Reachable]
				}
				if vals, given := oneOf(we.Reachable); given {
					assert.True(t, slices.ContainsFunc(vals, func(v *string) bool {
						return (v == nil && reachable == "null") || (v != nil && *v == reachable)
					}), "%s: reachable %s", id, reachable)
				}
				decisions, _ := oneOf(we.Decision)
				networkOnly := len(decisions) == 1 && decisions[0] == nil
				if networkOnly || (we.Verdict != "allowed" && reachable == "false") {
					assert.Equal(t, we.Verdict == "allowed", got.Verdict == model.Allowed, "%s: verdict %s", id, got.Verdict)
				}
				if we.Verdict == "allowed" {
					assert.Equal(t, "true", map[bool]string{true: "true", false: "false"}[n.Reachable == nil || *n.Reachable], "%s: network lets it through", id)
				}
				if we.BlockedAt != nil {
					require.NotNil(t, n.BlockedAt, "%s: blockedAt", id)
					assert.Equal(t, *we.BlockedAt, *n.BlockedAt, "%s: blockedAt", id)
				}
				if len(we.BlockedAtAny) > 0 {
					require.NotNil(t, n.BlockedAt, "%s: blockedAt", id)
					assert.Contains(t, we.BlockedAtAny, *n.BlockedAt, "%s: blockedAt", id)
				}
				for subnet, ws := range we.BySubnet {
					i := slices.IndexFunc(n.Subnets, func(s model.SubnetResult) bool { return s.Subnet == subnet })
					require.GreaterOrEqual(t, i, 0, "%s: subnet %s", id, subnet)
					assert.Equal(t, ws.Reachable, n.Subnets[i].Reachable, "%s from %s", id, subnet)
					assert.Equal(t, ws.BlockedAt, n.Subnets[i].BlockedAt, "%s from %s", id, subnet)
				}
			}
			for i, p := range want.Findings {
				codes, _ := oneOf(p.Code)
				if !slices.ContainsFunc(codes, func(c *string) bool { return c != nil && slices.Contains(networkCodes, *c) }) {
					continue
				}
				assert.True(t, slices.ContainsFunc(net.Findings, func(f model.Finding) bool { return p.matches(f, true) }),
					"required finding %d (%s) not reported", i, raw2s(p.Code))
			}
			for i, p := range want.ForbiddenFindings {
				for _, f := range net.Findings {
					assert.False(t, p.matches(f, len(p.Code) > 0), "forbidden finding %d matched %s %s", i, f.Code, f.Message)
				}
			}
			for _, f := range net.Findings {
				if f.Severity != model.SeverityError {
					continue
				}
				assert.False(t, want.NoErrors, "no errors expected, got %s: %s", f.Code, f.Message)
				if want.ErrorsOnlyOnEdges != nil {
					assert.True(t, slices.ContainsFunc(f.Edges, func(e string) bool { return slices.Contains(want.ErrorsOnlyOnEdges, e) }),
						"error %s names none of %v", f.Code, want.ErrorsOnlyOnEdges)
				}
			}
			if want.ENIs != nil {
				assert.ElementsMatch(t, eniKeys(want.ENIs, false), eniKeys(a.ENIs, false), "ENIs")
				assert.ElementsMatch(t, eniKeys(want.ENIs, true), eniKeys(a.ENIs, true), "ENIs with their functions")
			}
		})
	}
}

func raw2s(r json.RawMessage) string { return string(r) }

// eniKeys writes each ENI as its subnet and set of groups (and functions).
func eniKeys(enis []model.ENI, withFunctions bool) []string {
	var out []string
	for _, e := range enis {
		sgs := slices.Clone(e.SecurityGroups)
		slices.Sort(sgs)
		k := e.Subnet + "|" + strings.Join(sgs, ",")
		if withFunctions {
			fns := slices.Clone(e.Functions)
			slices.Sort(fns)
			k += "|" + strings.Join(fns, ",")
		}
		out = append(out, k)
	}
	return out
}

// TestStream checks that Stream hands over every arrow's result once, in
// the design's order, as Result.Edges holds it, and that its result is
// Analyze's.
func TestStream(t *testing.T) {
	files, err := filepath.Glob("../../examples/E*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			d, ps := model.Decode(data)
			require.Empty(t, ps)
			ix := model.NewIndex(d)
			var ids []string
			got := map[string]model.NetworkResult{}
			r := reach.Stream(ix, func(id string, nr model.NetworkResult) {
				ids = append(ids, id)
				got[id] = nr
			})
			var want []string
			for _, e := range d.Edges {
				want = append(want, e.ID)
			}
			assert.Equal(t, want, ids)
			assert.Equal(t, r.Edges, got)
			assert.Equal(t, reach.Analyze(ix), r)
		})
	}
}
