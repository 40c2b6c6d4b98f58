package perm

import (
	"strings"

	"archway/model"
	"archway/model/iam"
)

// pathInfo is what a network path adds to a request: the VPC endpoints it
// goes through, whose policies must allow it (R17), and the keys AWS sets
// from the path (R18).
type pathInfo struct {
	endpoints []*model.Node
	// natIP is the Elastic IP of the NAT gateway the path leaves through,
	// when the design gives it: what aws:SourceIp then is.
	natIP string
}

func (p pathInfo) key() string {
	var b strings.Builder
	for _, ep := range p.endpoints {
		b.WriteString(ep.ID)
		b.WriteByte(',')
	}
	return b.String() + "|" + p.natIP
}

// setContext adds the path's keys: through an endpoint aws:SourceVpce (the
// endpoint's name) and aws:SourceVpc; through a NAT gateway with a known
// Elastic IP, aws:SourceIp.
func (p pathInfo) setContext(ctx *iam.Context, ix *model.Index) {
	for _, ep := range p.endpoints {
		ctx.Set("aws:SourceVpce", ep.ResourceName())
		if v := ix.VPCOf(ep); v != nil {
			ctx.Set("aws:SourceVpc", v.ResourceName())
		}
	}
	if p.natIP != "" && len(p.endpoints) == 0 {
		ctx.Set("aws:SourceIp", p.natIP)
	}
}

// paths returns the distinct paths of an arrow's network result: one per
// source subnet that differs in what it adds, or a single empty path.
func (e *engine) paths(nr model.NetworkResult) []pathInfo {
	var hopLists [][]model.Hop
	for _, s := range nr.Subnets {
		hopLists = append(hopLists, s.Path)
	}
	if len(nr.Path) > 0 {
		hopLists = append(hopLists, nr.Path)
	}
	seen := map[string]bool{}
	var out []pathInfo
	for _, hops := range hopLists {
		var p pathInfo
		for _, h := range hops {
			for _, id := range hopEndpoints(h) {
				if ep := e.ix.NodeOfType(id, model.TypeVPCEndpoint); ep != nil && !containsNode(p.endpoints, ep) {
					p.endpoints = append(p.endpoints, ep)
				}
			}
			if nat := e.ix.NodeOfType(h.Node, model.TypeNATGateway); nat != nil && nat.ElasticIP != "" {
				p.natIP = nat.ElasticIP
			}
		}
		if k := p.key(); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []pathInfo{{}}
	}
	return out
}

// hopEndpoints returns the ids a hop names that may be VPC endpoints: the
// hop's node (a gateway endpoint, an interface endpoint), and the endpoint a
// name resolves to through private DNS ("... → vpce-sqs (private DNS)").
func hopEndpoints(h model.Hop) []string {
	ids := []string{h.Node}
	if _, rest, ok := strings.Cut(h.Detail, "→ "); ok {
		if id, ok := strings.CutSuffix(rest, " (private DNS)"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func containsNode(ns []*model.Node, n *model.Node) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}
