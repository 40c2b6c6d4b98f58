package analyze

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/perm"
	"archway/model/reach"
)

// BenchmarkStages measures each stage of a save's analysis of the
// 100-resource design on its own, to show where the time goes.
func BenchmarkStages(b *testing.B) {
	data, err := os.ReadFile("../../web/testdata/big100.json")
	require.NoError(b, err)
	d, ps := model.Decode(data)
	require.Empty(b, ps)
	ix := model.NewIndex(d)
	pols := perm.Compile(ix)
	require.Empty(b, pols.Problems())
	net := reach.Analyze(ix)
	stages := []struct {
		name string
		run  func()
	}{
		{"decode", func() { model.Decode(data) }},
		{"check", func() { model.Check(d) }},
		{"index", func() { model.NewIndex(d) }},
		{"compile", func() { perm.Compile(model.NewIndex(d)) }},
		{"network", func() { reach.Analyze(model.NewIndex(d)) }},
		{"permission", func() { pols.Analyze(func(id string) model.NetworkResult { return net.Edges[id] }) }},
		{"decoded", func() { Decoded(d) }},
		{"encode", func() { model.Encode(d) }},
	}
	for _, s := range stages {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.run()
			}
		})
	}
}
