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

// network runs the reachability engine (model/reach).
func network(ix *model.Index) networkPlane {
	r := reach.Analyze(ix)
	return networkPlane{edges: r.Edges, findings: r.Findings, enis: r.ENIs}
}

// permission runs the permission engine (model/perm) over the network
// results, which name the endpoints each path goes through; it calls net
// for them once it has done what needs none.
func permission(pols *perm.Policies, net func() map[string]model.NetworkResult) permissionPlane {
	r := pols.Analyze(net)
	return permissionPlane{edges: r.Edges, findings: r.Findings}
}
