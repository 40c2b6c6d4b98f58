package web

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDrawingExports(t *testing.T) {
	f := newFixture(t)
	c := f.create(retitled(t, exampleDoc(t, "E03"), "Private subnets"))

	for _, base := range []string{"/e/" + c.EditToken, "/v/" + c.ViewToken} {
		t.Run(base[:2]+" svg", func(t *testing.T) {
			r := f.do(http.MethodGet, base+".svg", nil)
			require.Equal(t, http.StatusOK, r.status, "%s", r.body)
			assert.Equal(t, "image/svg+xml", r.header.Get("Content-Type"))
			assert.Equal(t, `attachment; filename="Private subnets.svg"`, r.header.Get("Content-Disposition"))
			var v any
			require.NoError(t, xml.Unmarshal(r.body, &v), "well-formed XML")
			assert.Contains(t, string(r.body), `data-edge-id=`)
		})
		t.Run(base[:2]+" png", func(t *testing.T) {
			r := f.do(http.MethodGet, base+".png?scale=2&transparent=1", nil)
			require.Equal(t, http.StatusOK, r.status, "%s", r.body)
			assert.Equal(t, "image/png", r.header.Get("Content-Type"))
			assert.Equal(t, `attachment; filename="Private subnets.png"`, r.header.Get("Content-Disposition"))
			img, err := png.Decode(bytes.NewReader(r.body))
			require.NoError(t, err)
			one := f.do(http.MethodGet, base+".png", nil)
			small, err := png.DecodeConfig(bytes.NewReader(one.body))
			require.NoError(t, err)
			assert.InDelta(t, 2*small.Width, img.Bounds().Dx(), 2, "scale 2 doubles the width")
			_, _, _, alpha := img.At(0, 0).RGBA()
			assert.Zero(t, alpha, "transparent background")
		})
	}

	t.Run("options change the drawing", func(t *testing.T) {
		base := "/v/" + c.ViewToken + ".svg"
		plain := f.do(http.MethodGet, base, nil).body
		assert.Equal(t, string(plain), string(f.do(http.MethodGet, base, nil).body), "same input, same bytes")
		assert.NotEqual(t, string(plain), string(f.do(http.MethodGet, base+"?theme=dark", nil).body))
		assert.NotEqual(t, string(plain), string(f.do(http.MethodGet, base+"?annotations=0", nil).body))
		assert.Equal(t, string(plain), string(f.do(http.MethodGet, base+"?theme=light&annotations=1&scale=1", nil).body),
			"the defaults spelled out")
	})

	bad := []struct{ query, path string }{
		{"scale=0", "scale"}, {"scale=5", "scale"}, {"scale=-1", "scale"}, {"scale=NaN", "scale"}, {"scale=x", "scale"},
		{"theme=blue", "theme"}, {"annotations=yes", "annotations"}, {"transparent=2", "transparent"},
	}
	for _, tt := range bad {
		t.Run(tt.query, func(t *testing.T) {
			for _, ext := range []string{".svg", ".png"} {
				r := f.do(http.MethodGet, "/v/"+c.ViewToken+ext+"?"+tt.query, nil)
				require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
				e := r.errorBody(t)
				require.Len(t, e.Problems, 1)
				assert.Equal(t, tt.path, e.Problems[0].Path)
			}
		})
	}

	r := f.do(http.MethodGet, "/x/e01.svg", nil)
	assert.Equal(t, http.StatusNotFound, r.status, "no examples were seeded here")
}

// TestDrawingsKeyedByDocument checks that the drawings cache tells
// documents apart: two revisions with the same options are two drawings.
func TestDrawingsKeyedByDocument(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E03"))
	r := f.do(http.MethodPut, designPath(c.EditToken), exampleDoc(t, "E05"), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	for _, ext := range []string{".svg", ".png"} {
		second := f.do(http.MethodGet, "/v/"+c.ViewToken+ext, nil)
		first := f.do(http.MethodGet, "/v/"+c.ViewToken+ext+"?revision=1", nil)
		require.Equal(t, http.StatusOK, second.status)
		require.Equal(t, http.StatusOK, first.status)
		assert.NotEqual(t, first.body, second.body, ext)
		assert.Equal(t, first.body, f.do(http.MethodGet, "/v/"+c.ViewToken+ext+"?revision=1", nil).body, ext)
	}
}
