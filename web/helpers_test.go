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
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/db"
	"archway/examples"
	"archway/model"
)

// syncBuffer is a log sink that handlers on many goroutines may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fixture is the app on a real store in a temporary file, served over real
// HTTP on loopback.
type fixture struct {
	t     testing.TB
	store *db.DB
	srv   *httptest.Server
	logs  *syncBuffer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "archway.db"))
	require.NoError(t, err)
	return newFixtureWith(t, store, store)
}

// newFixtureWith serves the app over s; store is closed at the end.
func newFixtureWith(t testing.TB, store *db.DB, s Store) *fixture {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(New(log, s))
	t.Cleanup(func() {
		srv.Close()
		assert.NoError(t, store.Close())
	})
	return &fixture{t: t, store: store, srv: srv, logs: logs}
}

// response is a finished HTTP exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes the body as an error answer and checks its shape.
func (r response) errorBody(t testing.TB) errorBody {
	t.Helper()
	var e errorBody
	require.NoError(t, json.Unmarshal(r.body, &e), "error body: %s", r.body)
	assert.NotEmpty(t, e.Error)
	assert.NotNil(t, e.Problems)
	return e
}

// jsonBody decodes the body into v.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.body, v), "body: %s", r.body)
}

// do sends a request. Pairs in headers are name, value; a JSON content type
// is set for a body unless headers set one ("" removes it).
func (f *fixture) do(method, path string, body []byte, headers ...string) response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
	require.NoError(f.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.srv.Client().Do(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(f.t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// create posts a document and returns the answer.
func (f *fixture) create(doc []byte) created {
	f.t.Helper()
	r := f.do(http.MethodPost, "/api/v1/designs", doc)
	require.Equal(f.t, http.StatusCreated, r.status, "create: %s", r.body)
	var c created
	r.decode(f.t, &c)
	return c
}

// example returns one of the public example documents.
func exampleDoc(t testing.TB, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(examples.Designs(), name+".json")
	require.NoError(t, err)
	return b
}

// canonical is what the server stores for a valid document.
func canonical(t testing.TB, doc []byte) []byte {
	t.Helper()
	d, ps := model.Decode(doc)
	require.Empty(t, ps)
	return model.Encode(d)
}

// retitled returns a valid document that differs from doc by its title.
func retitled(t testing.TB, doc []byte, title string) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	m["title"] = title
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

// designPath is the API path of a design.
func designPath(token string, rest ...string) string {
	return "/api/v1/designs/" + token + strings.Join(rest, "")
}
