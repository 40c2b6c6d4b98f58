package analyze

import (
	"archway/model"
	"archway/model/perm"
	"archway/model/reach"
)

// networkPlane is what the reachability engine contributes.
type networkPlane struct {
	edges    map[string]model.NetworkResult
	findings []model.Finding
	enis     []model.ENI
}

// permissionPlane is what the permission engine contributes.
type permissionPlane struct {
	edges    map[string]model.PermissionResult
	findings []model.Finding
}

// netEdge is one arrow's network result, on its way to the permission plane.
type netEdge struct {
	id string
	r  model.NetworkResult
}

// network runs the reachability engine (model/reach) on a goroutine of its
// own. It sends each arrow's result on edges as soon as it is known (then
// closes it) and the whole plane on plane at the end. Both channels are
// buffered: the engine never waits for a reader.
func network(ix *model.Index) (edges <-chan netEdge, plane <-chan networkPlane) {
	ec := make(chan netEdge, len(ix.Design.Edges))
	pc := make(chan networkPlane, 1)
	go func() {
		r := reach.Stream(ix, func(id string, nr model.NetworkResult) { ec <- netEdge{id, nr} })
		close(ec)
		pc <- networkPlane{edges: r.Edges, findings: r.Findings, enis: r.ENIs}
	}()
	return ec, pc
}

// permission runs the permission engine (model/perm) over the network
// results, which name the endpoints each path goes through, taking each
// from edges when it needs it: the two engines work on the same design at
// once, the permission engine on the arrows the network engine is done
// with.
func permission(pols *perm.Policies, edges <-chan netEdge) permissionPlane {
	got := map[string]model.NetworkResult{}
	r := pols.Analyze(func(id string) model.NetworkResult {
		for {
			if nr, ok := got[id]; ok {
				return nr
			}
			e, ok := <-edges
			if !ok {
				return model.NetworkResult{} // not an arrow the engine saw
			}
			got[e.id] = e.r
		}
	})
	return permissionPlane{edges: r.Edges, findings: r.Findings}
}
