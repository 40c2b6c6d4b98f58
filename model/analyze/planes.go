package analyze

import (
	"fmt"
	"runtime/debug"

	"archway/model"
	"archway/model/perm"
	"archway/model/reach"
)

// networkPlane is what the reachability engine contributes.
type networkPlane struct {
	edges    map[string]model.NetworkResult
	findings []model.Finding
	enis     []model.ENI
	// panicked is the engine's panic, when it had one (see network).
	panicked *enginePanic
}

// enginePanic is a panic of the network engine's goroutine, with the stack
// where it happened.
type enginePanic struct {
	value any
	stack []byte
}

func (p *enginePanic) Error() string {
	return fmt.Sprintf("network engine: %v\n%s", p.value, p.stack)
}

// wait is the network plane once the engine is done. A panic of the engine
// is raised again here, on the caller's goroutine, as when the engine ran
// on it: callers recover from it there (the server answers 500), where on
// the engine's own goroutine it would end the process.
func wait(plane <-chan networkPlane) networkPlane {
	np := <-plane
	if np.panicked != nil {
		panic(np.panicked)
	}
	return np
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

// handovers is how many batches the arrows' network results are handed to
// the permission plane in, at most. The permission engine, usually the
// faster, would otherwise wait for every single arrow, and each wait and
// wake-up costs more than its share of the work when the cores are busy.
const handovers = 8

// network runs the reachability engine (model/reach) on a goroutine of its
// own. It sends the arrows' results on edges in batches as they are known
// (then closes it) and the whole plane on plane at the end. Both channels
// are buffered: the engine never waits for a reader.
func network(ix *model.Index) (edges <-chan []netEdge, plane <-chan networkPlane) {
	n := len(ix.Design.Edges)
	size := max(1, (n+handovers-1)/handovers)
	ec := make(chan []netEdge, handovers)
	pc := make(chan networkPlane, 1)
	go func() {
		open := true
		defer func() {
			if r := recover(); r != nil {
				if open {
					close(ec) // the permission plane stops waiting for arrows
				}
				pc <- networkPlane{panicked: &enginePanic{r, debug.Stack()}}
			}
		}()
		var batch []netEdge
		r := reach.Stream(ix, func(id string, nr model.NetworkResult) {
			if batch == nil {
				batch = make([]netEdge, 0, size)
			}
			batch = append(batch, netEdge{id, nr})
			if len(batch) == size {
				ec <- batch
				batch = nil
			}
		})
		if len(batch) > 0 {
			ec <- batch
		}
		close(ec)
		open = false
		pc <- networkPlane{edges: r.Edges, findings: r.Findings, enis: r.ENIs}
	}()
	return ec, pc
}

// permission runs the permission engine (model/perm) over the network
// results, which name the endpoints each path goes through, taking them
// from edges when it needs them: the two engines work on the same design
// at once, the permission engine on the arrows the network engine is done
// with.
func permission(pols *perm.Policies, edges <-chan []netEdge) permissionPlane {
	r := pols.Analyze(resultsFrom(edges))
	return permissionPlane{edges: r.Edges, findings: r.Findings}
}

// resultsFrom gives an arrow's network result from the batches on edges,
// waiting for the batch that holds it; the zero result for an arrow the
// engine did not send. Both engines go through the arrows in the design's
// order, so the result asked for is usually the next one come: the
// results are read in turn, and only those passed over are kept, by id,
// in case they are asked for later. A result handed out is not kept: an
// arrow asked for twice would get the zero result the second time, which
// is why Policies.Analyze asks for each arrow once (a test holds it to
// that).
func resultsFrom(edges <-chan []netEdge) func(id string) model.NetworkResult {
	var next []netEdge
	var passed map[string]model.NetworkResult
	return func(id string) model.NetworkResult {
		if nr, ok := passed[id]; ok {
			return nr
		}
		for {
			for len(next) > 0 {
				e := next[0]
				next = next[1:]
				if e.id == id {
					return e.r
				}
				if passed == nil {
					passed = map[string]model.NetworkResult{}
				}
				passed[e.id] = e.r
			}
			batch, ok := <-edges
			if !ok {
				return model.NetworkResult{}
			}
			next = batch
		}
	}
}
