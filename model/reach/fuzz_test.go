package reach_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
	"archway/model/gen"
	"archway/model/reach"
)

// FuzzAnalyze runs the engine over generated valid designs: it must not
// panic, must give the same answer twice, an allowed arrow has no failing
// hop, and every arrow the network stops has an error finding naming it.
func FuzzAnalyze(f *testing.F) {
	for _, seed := range []struct {
		n    uint16
		seed int64
	}{{10, 1}, {60, 2}, {120, 3}, {200, 4}, {90, 5}, {150, 6}} {
		f.Add(seed.n, seed.seed)
	}
	f.Fuzz(func(t *testing.T, n uint16, seed int64) {
		d := gen.Design(int(n%300)+1, seed)
		_, ps := model.Decode(model.Encode(d))
		require.Empty(t, ps, "generated designs are valid")

		first := reach.Analyze(model.NewIndex(d))
		second := reach.Analyze(model.NewIndex(d))
		a, err := json.Marshal(first)
		require.NoError(t, err)
		b, err := json.Marshal(second)
		require.NoError(t, err)
		require.JSONEq(t, string(a), string(b), "deterministic")

		named := map[string]bool{}
		for _, f := range first.Findings {
			if f.Severity == model.SeverityError {
				for _, e := range f.Edges {
					named[e] = true
				}
			}
		}
		full := analyze.Analyze(d)
		for _, e := range full.Edges {
			if e.Verdict == model.Allowed {
				assert.Empty(t, failingHops(e.Network), "allowed arrow %s has a failing hop", e.ID)
			}
			if r := e.Network.Reachable; r != nil && !*r {
				assert.True(t, named[e.ID], "arrow %s is stopped without an error finding", e.ID)
				assert.NotEmpty(t, failingHops(e.Network), "arrow %s is stopped without a failing hop", e.ID)
			}
		}
	})
}
