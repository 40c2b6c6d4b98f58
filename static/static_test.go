package static

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssets(t *testing.T) {
	a := New()
	url := a.URL("css/app.css")
	require.True(t, strings.HasPrefix(url, "/static/css/app.css?v="), url)
	assert.Equal(t, "/static/missing.js", a.URL("missing.js"), "an unknown name gets no hash")

	get := func(target string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		return rec
	}
	tests := []struct {
		name, target string
		header       []string
		status       int
		cache        string
		ctype        string
	}{
		{"hashed", url, nil, http.StatusOK, "public, max-age=31536000, immutable", "text/css; charset=utf-8"},
		{"unhashed", "/static/css/app.css", nil, http.StatusOK, "no-cache", "text/css; charset=utf-8"},
		{"module", "/static/js/editor.js", nil, http.StatusOK, "no-cache", "text/javascript; charset=utf-8"},
		{"vendored", a.URL("vendor/htmx-2.0.11.min.js"), nil, http.StatusOK, "public, max-age=31536000, immutable", "text/javascript; charset=utf-8"},
		{"missing", "/static/nothing.js", nil, http.StatusNotFound, "", ""},
		{"directory", "/static/js", nil, http.StatusNotFound, "", ""},
		{"not modified", url, []string{"If-None-Match", `"` + url[strings.Index(url, "=")+1:] + `"`}, http.StatusNotModified, "public, max-age=31536000, immutable", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(tt.target, tt.header...)
			assert.Equal(t, tt.status, rec.Code)
			if tt.cache != "" {
				assert.Equal(t, tt.cache, rec.Header().Get("Cache-Control"))
			}
			if tt.ctype != "" {
				assert.Equal(t, tt.ctype, rec.Header().Get("Content-Type"))
				assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
				assert.NotEmpty(t, rec.Body.Bytes())
			}
		})
	}
}

// TestNoInlineHandlers guards the Content-Security-Policy: the scripts
// never write HTML from strings.
func TestNoInlineHandlers(t *testing.T) {
	for _, name := range []string{"js/app.js", "js/editor.js", "js/home.js", "js/ui.js", "js/store.js"} {
		b, err := files.ReadFile(name)
		require.NoError(t, err)
		for _, bad := range []string{"innerHTML", "outerHTML =", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
			assert.NotContains(t, string(b), bad, "%s uses %s", name, bad)
		}
	}
}
