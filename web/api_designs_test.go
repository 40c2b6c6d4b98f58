package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/db"
	"archway/model"
)

var linkRE = regexp.MustCompile(`^/[ev]/[A-Za-z0-9_-]{32}$`)

// badBodies are the 4xx cases every route taking a document shares.
func badBodies(t *testing.T) []struct {
	name    string
	body    []byte
	headers []string
	status  int
	path    string // a path the problems must name; "-" for none
} {
	huge := append([]byte(`{"format":"archway/v1","title":"`), bytes.Repeat([]byte("x"), maxBody)...)
	huge = append(huge, `"}`...)
	return []struct {
		name    string
		body    []byte
		headers []string
		status  int
		path    string
	}{
		{"malformed JSON", []byte(`{"format": "archway/v1",`), nil, http.StatusBadRequest, ""},
		{"not JSON", []byte(`format: archway/v1`), nil, http.StatusBadRequest, ""},
		{"data after the document", append(exampleDoc(t, "E01"), " {}"...), nil, http.StatusBadRequest, ""},
		{"two documents", append(exampleDoc(t, "E01"), exampleDoc(t, "E01")...), nil, http.StatusBadRequest, ""},
		{"over 2 MiB", huge, nil, http.StatusRequestEntityTooLarge, ""},
		{"no content type", exampleDoc(t, "E01"), []string{"Content-Type", ""}, http.StatusUnsupportedMediaType, ""},
		{"wrong content type", exampleDoc(t, "E01"), []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType, ""},
		{"form content type", exampleDoc(t, "E01"), []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType, ""},
		{"unknown format", []byte(`{"format":"archway/v9"}`), nil, http.StatusUnprocessableEntity, "format"},
		{"unknown field", []byte(`{"format":"archway/v1","colour":"red"}`), nil, http.StatusUnprocessableEntity, "colour"},
		{"bad CIDR", []byte(`{"format":"archway/v1","nodes":[{"id":"v","type":"vpc","cidr":"10.0.0.0/33"}]}`),
			nil, http.StatusUnprocessableEntity, "nodes[0].cidr"},
		{"dangling reference", []byte(`{"format":"archway/v1","nodes":[{"id":"f","type":"lambda"}],"edges":[{"id":"e","from":"f","to":"nope"}]}`),
			nil, http.StatusUnprocessableEntity, "edges[0].to"},
		{"JSON array", []byte(`[]`), nil, http.StatusUnprocessableEntity, ""},
	}
}

func TestCreateDesign(t *testing.T) {
	f := newFixture(t)

	t.Run("from a document", func(t *testing.T) {
		doc := exampleDoc(t, "E05")
		r := f.do(http.MethodPost, "/api/v1/designs", doc)
		require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
		var c created
		r.decode(t, &c)
		assert.Regexp(t, linkRE, c.Edit)
		assert.Regexp(t, linkRE, c.View)
		assert.True(t, strings.HasPrefix(c.Edit, "/e/") && strings.HasPrefix(c.View, "/v/"))
		assert.Equal(t, "/e/"+c.EditToken, c.Edit)
		assert.Equal(t, "/v/"+c.ViewToken, c.View)
		assert.NotEmpty(t, c.ViewLink)
		assert.Equal(t, 1, c.Revision)
		assert.Equal(t, `"1"`, r.header.Get("ETag"))

		got := f.do(http.MethodGet, designPath(c.ViewToken), nil)
		require.Equal(t, http.StatusOK, got.status)
		assert.Equal(t, string(canonical(t, doc)), string(got.body), "the canonical form is stored")
	})

	t.Run("empty", func(t *testing.T) {
		r := f.do(http.MethodPost, "/api/v1/designs", nil)
		require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
		var c created
		r.decode(t, &c)
		got := f.do(http.MethodGet, designPath(c.EditToken), nil)
		require.Equal(t, http.StatusOK, got.status)
		d, ps := model.Decode(got.body)
		require.Empty(t, ps)
		assert.Empty(t, d.Nodes)
		assert.Equal(t, model.FormatV1, d.Format)
	})

	t.Run("charset parameter", func(t *testing.T) {
		r := f.do(http.MethodPost, "/api/v1/designs", exampleDoc(t, "E01"), "Content-Type", "application/json; charset=utf-8")
		assert.Equal(t, http.StatusCreated, r.status)
	})

	for _, tt := range badBodies(t) {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, "/api/v1/designs", tt.body, tt.headers...)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			e := r.errorBody(t)
			require.NotEmpty(t, e.Problems)
			paths := []string{}
			for _, p := range e.Problems {
				paths = append(paths, p.Path)
			}
			assert.Contains(t, paths, tt.path)
		})
	}
}

func TestGetDesign(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	second := retitled(t, exampleDoc(t, "E01"), "second")
	r := f.do(http.MethodPut, designPath(c.EditToken), second, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	unknown := strings.Repeat("A", db.TokenLen)

	tests := []struct {
		name    string
		path    string
		headers []string
		status  int
		etag    string
		access  string
		body    []byte
	}{
		{"edit token", designPath(c.EditToken), nil, 200, `"2"`, "edit", canonical(t, second)},
		{"view token", designPath(c.ViewToken), nil, 200, `"2"`, "view", canonical(t, second)},
		{"older revision", designPath(c.ViewToken, "?revision=1"), nil, 200, `"1"`, "view", canonical(t, exampleDoc(t, "E01"))},
		{"not modified", designPath(c.ViewToken), []string{"If-None-Match", `"2"`}, 304, `"2"`, "view", nil},
		{"modified since", designPath(c.ViewToken), []string{"If-None-Match", `"1"`}, 200, `"2"`, "view", canonical(t, second)},
		{"no such revision", designPath(c.ViewToken, "?revision=3"), nil, 404, "", "", nil},
		{"bad revision", designPath(c.ViewToken, "?revision=two"), nil, 400, "", "", nil},
		{"zero revision", designPath(c.ViewToken, "?revision=0"), nil, 400, "", "", nil},
		{"unknown token", designPath(unknown), nil, 404, "", "", nil},
		{"malformed token", designPath("x"), nil, 404, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodGet, tt.path, nil, tt.headers...)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			if tt.status >= 400 {
				r.errorBody(t)
				return
			}
			assert.Equal(t, tt.etag, r.header.Get("ETag"))
			assert.Equal(t, tt.access, r.header.Get("Archway-Access"))
			assert.Equal(t, "2", r.header.Get("Archway-Current-Revision"))
			assert.Equal(t, string(tt.body), string(r.body))
			if tt.status == 200 {
				assert.Equal(t, "application/json", r.header.Get("Content-Type"))
			}
		})
	}
}

func TestSaveDesign(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	doc := func(i int) []byte { return retitled(t, exampleDoc(t, "E01"), "rev "+itoa(i)) }

	for i := 2; i <= 4; i++ {
		r := f.do(http.MethodPut, designPath(c.EditToken), doc(i), "If-Match", etag(i-1))
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		var s saved
		r.decode(t, &s)
		assert.Equal(t, i, s.Revision)
		assert.Equal(t, etag(i), r.header.Get("ETag"))
	}
	for i := 2; i <= 4; i++ {
		r := f.do(http.MethodGet, designPath(c.ViewToken, "?revision="+itoa(i)), nil)
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, string(canonical(t, doc(i))), string(r.body), "nothing overwritten")
	}
	weak := f.do(http.MethodPut, designPath(c.EditToken), doc(5), "If-Match", `W/"4"`)
	require.Equal(t, http.StatusOK, weak.status, "a weak tag names the same revision")

	unknown := strings.Repeat("A", db.TokenLen)
	refusals := []struct {
		name    string
		path    string
		body    []byte
		headers []string
		status  int
	}{
		{"without If-Match", designPath(c.EditToken), doc(9), nil, http.StatusPreconditionRequired},
		{"stale", designPath(c.EditToken), doc(9), []string{"If-Match", `"3"`}, http.StatusPreconditionFailed},
		{"ahead", designPath(c.EditToken), doc(9), []string{"If-Match", `"99"`}, http.StatusPreconditionFailed},
		// the base is checked before the document (which is decoded meanwhile)
		{"stale and not JSON", designPath(c.EditToken), []byte(`{"format":`), []string{"If-Match", `"3"`}, http.StatusPreconditionFailed},
		{"stale and not a design", designPath(c.EditToken), []byte(`{"format":"archway/v2"}`), []string{"If-Match", `"3"`}, http.StatusPreconditionFailed},
		{"view token and not a design", designPath(c.ViewToken), []byte(`{"format":"archway/v2"}`), []string{"If-Match", `"5"`}, http.StatusNotFound},
		{"star", designPath(c.EditToken), doc(9), []string{"If-Match", `*`}, http.StatusBadRequest},
		{"unquoted", designPath(c.EditToken), doc(9), []string{"If-Match", `5`}, http.StatusBadRequest},
		{"two tags", designPath(c.EditToken), doc(9), []string{"If-Match", `"5", "4"`}, http.StatusBadRequest},
		{"empty body", designPath(c.EditToken), []byte{}, []string{"If-Match", `"5"`}, http.StatusBadRequest},
		{"view token", designPath(c.ViewToken), doc(9), []string{"If-Match", `"5"`}, http.StatusNotFound},
		{"unknown token", designPath(unknown), doc(9), []string{"If-Match", `"5"`}, http.StatusNotFound},
	}
	for _, bb := range badBodies(t) {
		refusals = append(refusals, struct {
			name    string
			path    string
			body    []byte
			headers []string
			status  int
		}{bb.name, designPath(c.EditToken), bb.body, append([]string{"If-Match", `"5"`}, bb.headers...), bb.status})
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPut, tt.path, tt.body, tt.headers...)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			e := r.errorBody(t)
			if tt.status == http.StatusPreconditionFailed {
				assert.Contains(t, e.Error, "revision 5")
			}
		})
	}
	r := f.do(http.MethodGet, designPath(c.EditToken), nil)
	assert.Equal(t, `"5"`, r.header.Get("ETag"), "refused saves store nothing")
}

func TestRevisionsRoute(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	r := f.do(http.MethodPut, designPath(c.EditToken), exampleDoc(t, "E06"), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	wantCounts := func(name string) [2]int {
		d, err := checkDocument(exampleDoc(t, name))
		require.NoError(t, err)
		return [2]int{d.content.Errors, d.content.Warnings}
	}
	for _, tok := range []string{c.EditToken, c.ViewToken} {
		r := f.do(http.MethodGet, designPath(tok, "/revisions"), nil)
		require.Equal(t, http.StatusOK, r.status)
		var out struct{ Revisions []revision }
		r.decode(t, &out)
		require.Len(t, out.Revisions, 2)
		assert.Equal(t, 2, out.Revisions[0].Number, "newest first")
		assert.Equal(t, len(canonical(t, exampleDoc(t, "E06"))), out.Revisions[0].Size)
		assert.Equal(t, wantCounts("E06"), [2]int{out.Revisions[0].Errors, out.Revisions[0].Warnings})
		assert.Equal(t, 1, out.Revisions[1].Number)
		assert.Equal(t, wantCounts("E01"), [2]int{out.Revisions[1].Errors, out.Revisions[1].Warnings})
		assert.False(t, out.Revisions[0].Time.IsZero())
	}
	r = f.do(http.MethodGet, designPath(strings.Repeat("A", db.TokenLen), "/revisions"), nil)
	assert.Equal(t, http.StatusNotFound, r.status)
}

func TestRevertRoute(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	r := f.do(http.MethodPut, designPath(c.EditToken), exampleDoc(t, "E02"), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	r = f.do(http.MethodPost, designPath(c.EditToken, "/revert"), []byte(`{"revision": 1}`))
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var s saved
	r.decode(t, &s)
	assert.Equal(t, 3, s.Revision)
	assert.Equal(t, `"3"`, r.header.Get("ETag"))
	got := f.do(http.MethodGet, designPath(c.ViewToken), nil)
	assert.Equal(t, string(canonical(t, exampleDoc(t, "E01"))), string(got.body))

	r = f.do(http.MethodPost, designPath(c.EditToken, "/revert"), []byte(`{"revision": 2}`), "If-Match", `"3"`)
	require.Equal(t, http.StatusOK, r.status, "with a current If-Match")

	tests := []struct {
		name    string
		token   string
		body    []byte
		headers []string
		status  int
	}{
		{"stale If-Match", c.EditToken, []byte(`{"revision": 1}`), []string{"If-Match", `"3"`}, http.StatusPreconditionFailed},
		{"no such revision", c.EditToken, []byte(`{"revision": 9}`), nil, http.StatusNotFound},
		{"revision zero", c.EditToken, []byte(`{"revision": 0}`), nil, http.StatusUnprocessableEntity},
		{"revision as text", c.EditToken, []byte(`{"revision": "1"}`), nil, http.StatusUnprocessableEntity},
		{"unknown field", c.EditToken, []byte(`{"revision": 1, "force": true}`), nil, http.StatusUnprocessableEntity},
		{"malformed", c.EditToken, []byte(`{"revision":`), nil, http.StatusBadRequest},
		{"empty", c.EditToken, nil, nil, http.StatusBadRequest},
		{"wrong content type", c.EditToken, []byte(`{"revision": 1}`), []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType},
		{"view token", c.ViewToken, []byte(`{"revision": 1}`), nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, designPath(tt.token, "/revert"), tt.body, tt.headers...)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			r.errorBody(t)
		})
	}
	r = f.do(http.MethodGet, designPath(c.EditToken), nil)
	assert.Equal(t, `"4"`, r.header.Get("ETag"), "refused reverts store nothing")
}

func TestAnalysisRoute(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E06"))
	r := f.do(http.MethodPut, designPath(c.EditToken), exampleDoc(t, "E01"), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status)

	want := func(name string) model.Analysis {
		_, an := checkAnalysis(t, exampleDoc(t, name))
		return an
	}
	tests := []struct {
		name string
		path string
		want model.Analysis
	}{
		{"edit token", designPath(c.EditToken, "/analysis"), want("E01")},
		{"view token", designPath(c.ViewToken, "/analysis"), want("E01")},
		{"older revision", designPath(c.ViewToken, "/analysis?revision=1"), want("E06")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodGet, tt.path, nil)
			require.Equal(t, http.StatusOK, r.status, "%s", r.body)
			var got model.Analysis
			r.decode(t, &got)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, path := range []string{designPath(strings.Repeat("A", db.TokenLen), "/analysis"), designPath(c.ViewToken, "/analysis?revision=7")} {
		r := f.do(http.MethodGet, path, nil)
		assert.Equal(t, http.StatusNotFound, r.status)
	}
}

// checkAnalysis is the analysis the server must answer for doc, through JSON.
func checkAnalysis(t *testing.T, doc []byte) ([]byte, model.Analysis) {
	t.Helper()
	d, err := checkDocument(doc)
	require.NoError(t, err)
	b, err := json.Marshal(d.analysis)
	require.NoError(t, err)
	var an model.Analysis
	require.NoError(t, json.Unmarshal(b, &an))
	return b, an
}

// TestBodyLimitWithoutLength: a body sent in chunks, with no Content-Length
// to refuse it by, is cut off at 2 MiB all the same.
func TestBodyLimitWithoutLength(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	for _, tt := range []struct{ method, path string }{
		{http.MethodPost, "/api/v1/designs"},
		{http.MethodPut, designPath(c.EditToken)},
		{http.MethodPost, "/api/v1/validate"},
		{http.MethodPost, "/api/v1/import/cloudformation"},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			body := io.MultiReader(strings.NewReader(`{"format":"archway/v1","title":"`),
				io.LimitReader(neverEnding('x'), maxBody+1), strings.NewReader(`"}`))
			// The length of a MultiReader is unknown, so the client sends it in chunks.
			req, err := http.NewRequest(tt.method, f.srv.URL+tt.path, body)
			require.NoError(t, err)
			require.Zero(t, req.ContentLength, "unknown length")
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("If-Match", `"1"`)
			resp, err := f.srv.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		})
	}
}

// neverEnding is an endless stream of one byte.
type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// TestRevisionTaggedAnswers checks the answers tagged by their revision:
// the ETag, private no-cache, and a 304 for a client that has the revision.
func TestRevisionTaggedAnswers(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	for _, path := range []string{
		designPath(c.ViewToken), designPath(c.ViewToken, "/analysis"),
		"/v/" + c.ViewToken + ".json", "/v/" + c.ViewToken + ".svg", "/e/" + c.EditToken + ".png",
	} {
		t.Run(path, func(t *testing.T) {
			for _, tt := range []struct {
				ifNoneMatch string
				status      int
			}{{"", http.StatusOK}, {`"2"`, http.StatusOK}, {`"1"`, http.StatusNotModified}, {`W/"1"`, http.StatusNotModified}} {
				r := f.do(http.MethodGet, path, nil, "If-None-Match", tt.ifNoneMatch)
				assert.Equal(t, tt.status, r.status, "If-None-Match: %s", tt.ifNoneMatch)
				assert.Equal(t, `"1"`, r.header.Get("ETag"))
				assert.Equal(t, "private, no-cache", r.header.Get("Cache-Control"))
				if tt.status == http.StatusNotModified {
					assert.Empty(t, r.body)
				} else {
					assert.NotEmpty(t, r.body)
				}
			}
		})
	}
}
