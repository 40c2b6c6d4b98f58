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
func Analyze(ix *model.Index) *Result { return Stream(ix, nil) }

// Stream is Analyze that also hands each arrow's result to each, unless it
// is nil, as soon as the result is known: in the order of the design's
// arrows, skipping an arrow whose id an earlier one has (as Result.Edges
// does). A caller can work on the first results while the engine computes
// the rest; the results are shared with the Result and must not be
// modified.
func Stream(ix *model.Index, each func(id string, r model.NetworkResult)) *Result {
	e := newEngine(ix)
	res := &Result{Edges: make(map[string]model.NetworkResult, len(ix.Design.Edges))}
	for _, ed := range ix.Design.Edges {
		if _, dup := res.Edges[ed.ID]; !dup {
			r := e.edge(ed)
			res.Edges[ed.ID] = r
			if each != nil {
				each(ed.ID, r)
			}
		}
	}
	nodes := e.nodeFindings()
	enis, capacity := e.capacity()
	res.Findings = append(append(e.findings, nodes...), capacity...)
	res.ENIs = enis
	return res
}
