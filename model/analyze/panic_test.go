package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// TestNetworkPanicIsTheCallers checks that a panic of the network engine,
// which runs on a goroutine of its own, is raised again on the caller's
// goroutine (where the server recovers from it) with the stack where it
// happened, and that the permission plane does not wait for arrows it will
// never get.
func TestNetworkPanicIsTheCallers(t *testing.T) {
	// an index the engine cannot read: a node the design lists as nil
	d := &model.Design{Nodes: []*model.Node{nil}, Edges: []*model.Edge{{ID: "e", From: "a", To: "b"}}}
	ix := &model.Index{Design: d}
	edges, plane := network(ix)
	for range edges { // closed, not left open
	}
	var got any
	func() {
		defer func() { got = recover() }()
		wait(plane)
	}()
	require.NotNil(t, got, "the engine's panic is raised in the caller")
	p, ok := got.(*enginePanic)
	require.True(t, ok, "%T", got)
	assert.Contains(t, p.Error(), "network engine: ")
	assert.Contains(t, string(p.stack), "model/reach", "the stack is the engine's")
}
