package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exampleFiles returns the public example designs, by name ("E01").
func exampleFiles(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "examples", "E*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "the examples are in ../examples")
	files := make(map[string][]byte, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		files[strings.TrimSuffix(filepath.Base(p), ".json")] = data
	}
	return files
}

func TestExamplesDecode(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "examples", "expected.json"))
	require.NoError(t, err)
	var expected map[string]struct {
		Problems bool `json:"problems"`
	}
	require.NoError(t, json.Unmarshal(raw, &expected))

	files := exampleFiles(t)
	assert.Len(t, files, len(expected), "every example has an expected answer")
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			want, ok := expected[name]
			require.True(t, ok, "expected.json has no entry for %s", name)
			require.False(t, want.Problems, "public examples are all understood")
			d, ps := Decode(data)
			assert.Empty(t, ps)
			require.NotNil(t, d)
			assert.Equal(t, FormatV1, d.Format)
			assert.NotEmpty(t, d.Nodes)
			ix := NewIndex(d)
			for _, e := range d.Edges {
				assert.NotNil(t, ix.Node(e.From), "edge %s", e.ID)
				assert.NotNil(t, ix.Node(e.To), "edge %s", e.ID)
			}
		})
	}
}
