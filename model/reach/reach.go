package reach

import "archway/model"

// Result is the network plane of a design.
type Result struct {
	// Edges holds each arrow's network result by edge id. Reachable is nil
	// where no network is involved (an invocation by a service, an event
	// source mapping, a caller that is a principal rather than a place).
	Edges map[string]model.NetworkResult
	// Findings are the arrows' network findings, in edge order, then the
	// findings about the configuration.
	Findings []model.Finding
	// ENIs are the Hyperplane ENIs Lambda creates for the VPC functions.
	ENIs []model.ENI
}

// Analyze evaluates every arrow of an indexed design that has no problems
// and reports the network findings of the design. It is pure and
// deterministic: the same design always gives the same result.
func Analyze(ix *model.Index) *Result {
	e := newEngine(ix)
	res := &Result{Edges: make(map[string]model.NetworkResult, len(ix.Design.Edges))}
	for _, ed := range ix.Design.Edges {
		if _, dup := res.Edges[ed.ID]; !dup {
			res.Edges[ed.ID] = e.edge(ed)
		}
	}
	nodes := e.nodeFindings()
	enis, capacity := e.capacity()
	res.Findings = append(append(e.findings, nodes...), capacity...)
	res.ENIs = enis
	return res
}
