package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"

	"archway/db"
	"archway/examples"
)

// FuzzPostDocument posts mutated documents to every route that takes one:
// each answer is 2xx, or 4xx with a body that names paths; never 5xx. It
// calls the handler in-process (no sockets) so the fuzzer runs fast.
func FuzzPostDocument(f *testing.F) {
	names, err := fs.Glob(examples.Designs(), "*.json")
	require.NoError(f, err)
	for _, name := range names {
		b, err := fs.ReadFile(examples.Designs(), name)
		require.NoError(f, err)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `"archway/v1"`, `{"format":"archway/v1"}`,
		`{"format":"archway/v1","nodes":[{"id":"a","type":"vpc","cidr":"10.0.0.0/16"},{"id":"a","type":"vpc","cidr":"10.0.0.0/16"}]}`,
		`{"format":"archway/v1","nodes":[{"id":"s","type":"subnet","parent":"s","cidr":"10.0.0.0/24"}]}`,
		`{"format":"archway/v1","nodes":[{"id":"f","type":"lambda","vpc":{"subnets":["x"]}}],"edges":[{"id":"e","from":"f","to":"f","port":99999}]}`,
		`{"format":"archway/v1","nodes":[{"id":"r","type":"iam-role","policies":[{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:x":["*"]}}}}]}]}`,
		"{\"format\":\"archway/v1\",\"title\":\"\xff\xfe\"}",
	} {
		f.Add([]byte(s))
	}

	store, err := db.Open(context.Background(), filepath.Join(f.TempDir(), "archway.db"))
	require.NoError(f, err)
	f.Cleanup(func() { store.Close() })
	logs := &syncBuffer{}
	e := New(slog.New(slog.NewTextHandler(logs, nil)), store)
	c, err := store.Create(context.Background(), db.Content{Data: []byte(emptyDocument)})
	require.NoError(f, err)

	f.Fuzz(func(t *testing.T, doc []byte) {
		_, current, err := store.Current(context.Background(), c.Edit)
		require.NoError(t, err)
		requests := []struct {
			method, path string
			headers      map[string]string
		}{
			{http.MethodPost, "/api/v1/validate", nil},
			{http.MethodPost, "/api/v1/designs", nil},
			{http.MethodPut, designPath(c.Edit), map[string]string{"If-Match": etag(current)}},
		}
		for _, r := range requests {
			req := httptest.NewRequest(r.method, r.path, bytes.NewReader(doc))
			req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			for k, v := range r.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			checkAnswer(t, r.method+" "+r.path, rec, doc)
		}
	})
}

// checkAnswer fails unless the answer is 2xx, or 4xx naming paths.
func checkAnswer(t *testing.T, what string, rec *httptest.ResponseRecorder, doc []byte) {
	t.Helper()
	if rec.Code < 400 {
		require.Less(t, rec.Code, 300, "%s: %s", what, rec.Body)
		return
	}
	require.Less(t, rec.Code, 500, "%s answered %d for %q: %s", what, rec.Code, doc, rec.Body)
	var body struct {
		Error    string
		Problems []map[string]any
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), "%s: %s", what, rec.Body)
	require.NotEmpty(t, body.Error, what)
	require.NotEmpty(t, body.Problems, "%s %d: %s", what, rec.Code, rec.Body)
	for _, p := range body.Problems {
		require.Contains(t, p, "path", what)
		require.Contains(t, p, "message", what)
	}
}
