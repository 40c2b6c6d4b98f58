package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"archway/db"
	"archway/model/analyze"
)

func BenchmarkCheckDocument(b *testing.B) {
	doc := bigDesign(b)
	for b.Loop() {
		_, err := checkDocument(doc)
		require.NoError(b, err)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	d, _ := analyze.Validate(bigDesign(b))
	for b.Loop() {
		analyze.Analyze(d)
	}
}

// benchApp is the app on a real store, called in-process.
func benchApp(b *testing.B) (http.Handler, db.Created) {
	b.Helper()
	store, err := db.Open(context.Background(), filepath.Join(b.TempDir(), "archway.db"))
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	doc, err := checkDocument(bigDesign(b))
	require.NoError(b, err)
	c, err := store.Create(context.Background(), doc.content)
	require.NoError(b, err)
	return New(slog.New(slog.NewTextHandler(io.Discard, nil)), store), c
}

func serve(b *testing.B, h http.Handler, method, path string, body []byte, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 300 {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	return rec
}

func BenchmarkSaveRoute(b *testing.B) {
	h, c := benchApp(b)
	doc := bigDesign(b)
	n := 1
	for b.Loop() {
		serve(b, h, http.MethodPut, designPath(c.Edit), doc, "If-Match", etag(n))
		n++
	}
}

func BenchmarkAnalysisRoute(b *testing.B) {
	h, c := benchApp(b)
	for b.Loop() {
		serve(b, h, http.MethodGet, designPath(c.View, "/analysis"), nil)
	}
}

func BenchmarkGetRoute(b *testing.B) {
	h, c := benchApp(b)
	for b.Loop() {
		serve(b, h, http.MethodGet, designPath(c.View), nil)
	}
}

// benchExport measures "save, then draw": a new revision every time, so
// each export renders rather than hits the cache.
func benchExport(b *testing.B, path string) {
	h, c := benchApp(b)
	doc := bigDesign(b)
	n := 1
	for b.Loop() {
		b.StopTimer()
		n++
		serve(b, h, http.MethodPut, designPath(c.Edit), retitled(b, doc, itoa(n)), "If-Match", etag(n-1))
		b.StartTimer()
		serve(b, h, http.MethodGet, "/v/"+c.View+path, nil)
	}
}

func BenchmarkExportSVG(b *testing.B) { benchExport(b, ".svg") }

func BenchmarkExportPNG(b *testing.B) { benchExport(b, ".png") }

func BenchmarkExportSVGCached(b *testing.B) {
	h, c := benchApp(b)
	for b.Loop() {
		serve(b, h, http.MethodGet, "/v/"+c.View+".svg", nil)
	}
}
