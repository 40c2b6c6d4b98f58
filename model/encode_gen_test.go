package model_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/gen"
)

// TestEncodeGeneratedMatchesReference checks Encode against the reference
// encoder on generated designs of several sizes, as built and as decoded
// again, with and without positions.
func TestEncodeGeneratedMatchesReference(t *testing.T) {
	for _, size := range []int{10, 100, 400} {
		for seed := range int64(5) {
			d := gen.Design(size, seed)
			assert.Equal(t, string(model.EncodeReference(d)), string(model.Encode(d)), "%d/%d", size, seed)
			again, ps := model.Decode(model.Encode(d))
			assert.Empty(t, ps)
			for i, n := range again.Nodes {
				x, y := float64(i)*37.5, float64(i%7)/3
				n.X, n.Y = &x, &y
			}
			assert.Equal(t, string(model.EncodeReference(again)), string(model.Encode(again)), "%d/%d decoded", size, seed)
		}
	}
}

// BenchmarkEncode compares Encode with the reference encoder on a
// generated 100-node design.
func BenchmarkEncode(b *testing.B) {
	d := gen.Design(100, 1)
	for _, bc := range []struct {
		name   string
		encode func(*model.Design) []byte
	}{{"appender", model.Encode}, {"reference", model.EncodeReference}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.SetBytes(int64(len(bc.encode(d))))
			}
		})
	}
}

// BenchmarkEncodeRouted encodes the 100-resource design as the editor
// saves it (positions and routes stored).
func BenchmarkEncodeRouted(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "web", "testdata", "big100-routed.json"))
	require.NoError(b, err)
	d, ps := model.Decode(data)
	require.Empty(b, ps)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		model.Encode(d)
	}
}

// BenchmarkDecodeRouted decodes and checks the same design.
func BenchmarkDecodeRouted(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "web", "testdata", "big100-routed.json"))
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		model.Decode(data)
	}
}
