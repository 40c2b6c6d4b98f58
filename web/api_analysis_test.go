package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/db"
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

// TestSaveAnalysesOnce checks that the analysis a save computes is the one
// the analysis route and the exports use: they find it in the cache by the
// stored document's content, and do not analyse again.
func TestSaveAnalysesOnce(t *testing.T) {
	store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "archway.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	e, a := newApp(slog.New(slog.NewTextHandler(io.Discard, nil)), store)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	send := func(method, path string, body []byte, headers ...string) *http.Response {
		req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	doc, err := fs.ReadFile(examples.Designs(), "E05.json")
	require.NoError(t, err)
	resp := send(http.MethodPost, "/api/v1/designs", doc)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var c created
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&c))
	resp = send(http.MethodPut, designPath(c.EditToken), retitled(t, doc, "Saved"), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, resp.StatusCode)

	s, err := store.Design(context.Background(), c.ViewToken, 0)
	require.NoError(t, err)
	v, ok := a.analyses.get(docKey("analysis", s.Data))
	require.True(t, ok, "the save cached the analysis of what it stored")
	assert.Nil(t, v.json, "not encoded until asked for")
	// Mark the cached entry: answers that carry the marks came from it.
	v.json = []byte(`{"cached":true}`)
	v.design.Title = "From the cache"

	resp = send(http.MethodGet, designPath(c.ViewToken, "/analysis"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.JSONEq(t, `{"cached":true}`, string(body))

	resp = send(http.MethodGet, "/v/"+c.ViewToken+".svg", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `attachment; filename="From the cache.svg"`, resp.Header.Get("Content-Disposition"))
}

// TestAnalysedEncodedConcurrently has many reads ask at once for an
// analysis nobody has encoded yet: each gets the same bytes.
func TestAnalysedEncodedConcurrently(t *testing.T) {
	doc, err := os.ReadFile("testdata/big100.json")
	require.NoError(t, err)
	_, an := analyze.Validate(doc)
	v := &analysed{analysis: an}
	outs := make([][]byte, 16)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() {
			out, err := v.encoded()
			assert.NoError(t, err)
			outs[i] = out
		})
	}
	wg.Wait()
	for _, out := range outs[1:] {
		assert.Same(t, &outs[0][0], &out[0])
	}
}

// TestAnalysisNotModified checks that a client that already has a
// revision's analysis, or one of its exports, gets 304 without the server
// analysing the document.
func TestAnalysisNotModified(t *testing.T) {
	for _, tt := range []struct {
		name string
		path func(cr db.Created) string
	}{
		{"analysis", func(cr db.Created) string { return designPath(cr.View, "/analysis") }},
		{"svg", func(cr db.Created) string { return "/v/" + cr.View + ".svg" }},
		{"json", func(cr db.Created) string { return "/e/" + cr.Edit + ".json" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "archway.db"))
			require.NoError(t, err)
			t.Cleanup(func() { store.Close() })
			e, a := newApp(slog.New(slog.NewTextHandler(io.Discard, nil)), store)
			// Stored past the web side, so nothing is cached.
			doc := canonical(t, exampleDoc(t, "E05"))
			cr, err := store.Create(context.Background(), db.Content{Data: doc})
			require.NoError(t, err)
			get := func(ifNoneMatch string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, tt.path(cr), nil)
				if ifNoneMatch != "" {
					req.Header.Set("If-None-Match", ifNoneMatch)
				}
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				return rec
			}

			rec := get(`"1"`)
			assert.Equal(t, http.StatusNotModified, rec.Code)
			assert.Equal(t, `"1"`, rec.Header().Get("ETag"))
			assert.Empty(t, rec.Body.Bytes())
			_, ok := a.analyses.get(docKey("analysis", doc))
			assert.False(t, ok, "a 304 analyses nothing")

			rec = get(`"2"`)
			require.Equal(t, http.StatusOK, rec.Code)
			if tt.name == "analysis" {
				want, _ := checkAnalysis(t, doc)
				assert.JSONEq(t, string(want), rec.Body.String())
			}
			_, ok = a.analyses.get(docKey("analysis", doc))
			assert.True(t, ok, "a 200 analyses and caches")
		})
	}
}
