package gen_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/gen"
)

func TestDesign(t *testing.T) {
	tests := []struct {
		n    int
		seed int64
	}{{1, 1}, {50, 2}, {300, 3}, {1500, 4}}
	for _, tc := range tests {
		d := gen.Design(tc.n, tc.seed)
		assert.GreaterOrEqual(t, len(d.Nodes), tc.n, "at least n nodes")
		assert.Less(t, len(d.Nodes), tc.n+60, "about n nodes")
		assert.Len(t, d.Edges, tc.n/2)
		again, ps := model.Decode(model.Encode(d))
		require.Empty(t, ps, "n=%d seed=%d: the design is valid", tc.n, tc.seed)
		assert.Equal(t, model.Encode(d), model.Encode(again))
		assert.Equal(t, model.Encode(d), model.Encode(gen.Design(tc.n, tc.seed)), "deterministic")
	}
	assert.NotEqual(t, model.Encode(gen.Design(300, 1)), model.Encode(gen.Design(300, 2)), "the seed matters")
}
