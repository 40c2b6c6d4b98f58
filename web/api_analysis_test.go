package web

import (
	"encoding/json"
	"io/fs"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/examples"
	"archway/model/analyze"
)

// analysedDocs are the examples and the 100-resource design.
func analysedDocs(t *testing.T) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	names, err := fs.Glob(examples.Designs(), "*.json")
	require.NoError(t, err)
	for _, n := range names {
		b, err := fs.ReadFile(examples.Designs(), n)
		require.NoError(t, err)
		docs[n] = b
	}
	b, err := os.ReadFile("testdata/big100.json")
	require.NoError(t, err)
	docs["big100"] = b
	return docs
}

func TestAnalysedEncoded(t *testing.T) {
	for name, doc := range analysedDocs(t) {
		t.Run(name, func(t *testing.T) {
			_, an := analyze.Validate(doc)
			want, err := json.Marshal(an)
			require.NoError(t, err)
			v := &analysed{analysis: an}
			got, err := v.encoded()
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
			again, err := v.encoded()
			require.NoError(t, err)
			assert.Same(t, &got[0], &again[0], "encoded once")
			// the cache's estimate, made before encoding, is close to the real size
			assert.InEpsilon(t, len(want), jsonSize(an), 0.25, "estimate %d, JSON %d bytes", jsonSize(an), len(want))
		})
	}
}

func TestAnalysedEncodedKeepsGivenJSON(t *testing.T) {
	v := &analysed{json: []byte(`{"given":true}`)}
	got, err := v.encoded()
	require.NoError(t, err)
	assert.Equal(t, `{"given":true}`, string(got))
}
