// Package analyze runs the engines over a design — the network plane
// (model/reach) and the permission plane (model/perm) — and combines their
// results into one verdict per arrow, as format.md describes.
package analyze

import (
	"cmp"
	"slices"
	"strings"

	"archway/model"
	"archway/model/perm"
)

// Validate decodes a document and, when it has no problems, analyses it.
// The analysis always comes back; with problems it holds only them.
func Validate(data []byte) (*model.Design, *model.Analysis) {
	d, problems := model.Decode(data)
	if len(problems) > 0 {
		return d, problemsOnly(problems)
	}
	return d, Decoded(d)
}

// Decoded is Validate of a design that decoded without problems: the
// problems of its policy documents when it has some, else its analysis.
func Decoded(d *model.Design) *model.Analysis {
	ix := model.NewIndex(d)
	// The network plane needs no policies: it starts while they are parsed
	// (once, for their problems and the analysis), on another core when one
	// is free. A design whose policies have problems wastes it; that is rare.
	edges, net := network(ix)
	pols := perm.Compile(ix)
	if problems := pols.Problems(); len(problems) > 0 {
		wait(net)
		return problemsOnly(problems)
	}
	return analyze(ix, pols, edges, net)
}

// problemsOnly is the analysis of a document with problems.
func problemsOnly(problems []model.Problem) *model.Analysis {
	return &model.Analysis{
		Problems: problems,
		Edges:    []model.EdgeResult{},
		Findings: []model.Finding{},
		ENIs:     []model.ENI{},
	}
}

// Analyze checks every arrow of a design that has no problems.
func Analyze(d *model.Design) *model.Analysis {
	ix := model.NewIndex(d)
	edges, net := network(ix)
	return analyze(ix, perm.Compile(ix), edges, net)
}

// analyze is Analyze of an indexed design with its policies compiled and
// its network plane on the way (see network).
func analyze(ix *model.Index, pols *perm.Policies, edges <-chan []netEdge, plane <-chan networkPlane) *model.Analysis {
	d := ix.Design
	pp := permission(pols, edges)
	net := wait(plane)
	a := &model.Analysis{
		Problems: []model.Problem{},
		Edges:    make([]model.EdgeResult, 0, len(d.Edges)),
		Findings: append(net.findings, pp.findings...),
		ENIs:     net.enis,
	}
	if a.ENIs == nil {
		a.ENIs = []model.ENI{}
	}
	for _, e := range d.Edges {
		r := model.EdgeResult{ID: e.ID, Network: net.edges[e.ID], Permission: pp.edges[e.ID]}
		if r.Permission.Statements == nil {
			r.Permission.Statements = []model.StatementRef{}
		}
		r.Verdict = verdict(ix, e, r)
		a.Edges = append(a.Edges, r)
	}
	a.Findings = sortFindings(a.Findings)
	return a
}

// verdict combines the planes: an arrow is allowed when the packet gets
// through from every subnet and the request is authorized; partial when the
// request is authorized but only some subnets get through; blocked otherwise.
func verdict(ix *model.Index, e *model.Edge, r model.EdgeResult) model.Verdict {
	if ix.Node(e.From).Type == model.TypeGeneric || ix.Node(e.To).Type == model.TypeGeneric {
		return model.Unchecked
	}
	if d := r.Permission.Decision; d != nil && *d != model.DecisionAllowed {
		return model.Blocked
	}
	if reach := r.Network.Reachable; reach == nil || *reach {
		return model.Allowed
	}
	for _, s := range r.Network.Subnets {
		if s.Reachable {
			return model.Partial
		}
	}
	return model.Blocked
}

var severityRank = map[string]int{model.SeverityError: 0, model.SeverityWarning: 1, model.SeverityInfo: 2}

// sortFindings orders findings by severity, then code, then what they name,
// and drops exact duplicates, so the output is the same on every run.
func sortFindings(fs []model.Finding) []model.Finding {
	// each finding's sort key is built once, not at every comparison; the
	// findings themselves, large, stay where they are until put in order
	type keyed struct {
		rank int
		key  string
		i    int
	}
	ks := make([]keyed, len(fs))
	for i, f := range fs {
		ks[i] = keyed{rank: severityRank[f.Severity], i: i,
			key: f.Code + "\x00" + strings.Join(f.Edges, ",") + "\x00" + strings.Join(f.Nodes, ",") + "\x00" + f.Message}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.key, b.key))
	})
	ks = slices.CompactFunc(ks, func(a, b keyed) bool { return fs[a.i].Severity == fs[b.i].Severity && a.key == b.key })
	out := make([]model.Finding, len(ks))
	for i := range ks {
		out[i] = fs[ks[i].i]
		if out[i].Nodes == nil {
			out[i].Nodes = []string{}
		}
		if out[i].Edges == nil {
			out[i].Edges = []string{}
		}
	}
	return out
}
