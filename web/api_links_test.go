package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/db"
)

func TestLinksRoutes(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))

	r := f.do(http.MethodPost, designPath(c.EditToken, "/links"), nil)
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var l link
	r.decode(t, &l)
	assert.Regexp(t, linkRE, l.View)
	assert.Equal(t, "/v/"+l.ViewToken, l.View)
	assert.NotEmpty(t, l.ID)
	assert.False(t, l.Created.IsZero())

	r = f.do(http.MethodGet, designPath(l.ViewToken), nil)
	require.Equal(t, http.StatusOK, r.status, "the new view link opens the design")
	assert.Equal(t, "view", r.header.Get("Archway-Access"))

	r = f.do(http.MethodGet, designPath(c.EditToken, "/links"), nil)
	require.Equal(t, http.StatusOK, r.status)
	var list struct{ Links []link }
	r.decode(t, &list)
	require.Len(t, list.Links, 2)
	assert.Equal(t, c.ViewLink, list.Links[0].ID)
	assert.Equal(t, l.ID, list.Links[1].ID)
	assert.NotContains(t, string(r.body), l.ViewToken, "the list never holds tokens")
	assert.NotContains(t, string(r.body), c.ViewToken)

	r = f.do(http.MethodDelete, designPath(c.EditToken, "/links/", l.ID), nil)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	assert.Empty(t, r.body)

	for _, path := range []string{designPath(l.ViewToken), designPath(l.ViewToken, "/analysis"),
		designPath(l.ViewToken, "/revisions"), "/v/" + l.ViewToken + ".json"} {
		r := f.do(http.MethodGet, path, nil)
		assert.Equal(t, http.StatusNotFound, r.status, "a revoked link answers 404 at once: %s", path)
	}
	r = f.do(http.MethodDelete, designPath(c.EditToken, "/links/", l.ID), nil)
	assert.Equal(t, http.StatusNotFound, r.status, "revoking twice")
	r = f.do(http.MethodDelete, designPath(c.EditToken, "/links/nope"), nil)
	assert.Equal(t, http.StatusNotFound, r.status)

	r = f.do(http.MethodGet, designPath(c.ViewToken), nil)
	assert.Equal(t, http.StatusOK, r.status, "the other view link still works")
}

func TestRotateRoute(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))

	r := f.do(http.MethodPost, designPath(c.EditToken, "/rotate"), nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var rot rotated
	r.decode(t, &rot)
	assert.Regexp(t, linkRE, rot.Edit)
	assert.Equal(t, "/e/"+rot.EditToken, rot.Edit)
	assert.NotEqual(t, c.EditToken, rot.EditToken)

	old := []struct {
		method, path string
		body         []byte
		headers      []string
	}{
		{http.MethodGet, designPath(c.EditToken), nil, nil},
		{http.MethodPut, designPath(c.EditToken), exampleDoc(t, "E02"), []string{"If-Match", `"1"`}},
		{http.MethodPost, designPath(c.EditToken, "/rotate"), nil, nil},
		{http.MethodPost, designPath(c.EditToken, "/links"), nil, nil},
		{http.MethodGet, "/e/" + c.EditToken + ".json", nil, nil},
	}
	for _, tt := range old {
		r := f.do(tt.method, tt.path, tt.body, tt.headers...)
		assert.Equal(t, http.StatusNotFound, r.status, "the rotated token answers 404 at once: %s %s", tt.method, tt.path)
	}
	r = f.do(http.MethodPut, designPath(rot.EditToken), exampleDoc(t, "E02"), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status, "the new token edits, and the history carries over")
	r = f.do(http.MethodGet, designPath(c.ViewToken), nil)
	assert.Equal(t, `"2"`, r.header.Get("ETag"), "view links survive a rotation")
}

// TestViewTokenChangesNothing: every mutating route answers a view token
// exactly as it answers a token that does not exist, and changes nothing.
func TestViewTokenChangesNothing(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	unknown := strings.Repeat("A", db.TokenLen)

	routes := []struct {
		name    string
		method  string
		path    func(tok string) string
		body    []byte
		headers []string
	}{
		{"save", http.MethodPut, func(tok string) string { return designPath(tok) }, exampleDoc(t, "E02"), []string{"If-Match", `"1"`}},
		{"revert", http.MethodPost, func(tok string) string { return designPath(tok, "/revert") }, []byte(`{"revision": 1}`), nil},
		{"create link", http.MethodPost, func(tok string) string { return designPath(tok, "/links") }, nil, nil},
		{"list links", http.MethodGet, func(tok string) string { return designPath(tok, "/links") }, nil, nil},
		{"revoke link", http.MethodDelete, func(tok string) string { return designPath(tok, "/links/", c.ViewLink) }, nil, nil},
		{"rotate", http.MethodPost, func(tok string) string { return designPath(tok, "/rotate") }, nil, nil},
		{"edit export", http.MethodGet, func(tok string) string { return "/e/" + tok + ".json" }, nil, nil},
	}
	for _, tt := range routes {
		t.Run(tt.name, func(t *testing.T) {
			view := f.do(tt.method, tt.path(c.ViewToken), tt.body, tt.headers...)
			none := f.do(tt.method, tt.path(unknown), tt.body, tt.headers...)
			assert.Equal(t, http.StatusNotFound, view.status, "%s", view.body)
			assert.Equal(t, none.status, view.status)
			assert.Equal(t, string(none.body), string(view.body), "nothing tells a view token from no token")
		})
	}
	r := f.do(http.MethodGet, designPath(c.EditToken), nil)
	assert.Equal(t, `"1"`, r.header.Get("ETag"))
	r = f.do(http.MethodGet, designPath(c.EditToken, "/links"), nil)
	var list struct{ Links []link }
	r.decode(t, &list)
	assert.Len(t, list.Links, 1)
	r = f.do(http.MethodGet, designPath(c.ViewToken), nil)
	assert.Equal(t, http.StatusOK, r.status, "the view link itself is intact")
}
