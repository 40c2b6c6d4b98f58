package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/db"
	"archway/model"
	"archway/model/analyze"
	"archway/render"
)

// cpuPerOp reports the process CPU time per iteration next to wall time:
// call it before the loop and defer the function it returns.
func cpuPerOp(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func BenchmarkCheckDocument(b *testing.B) {
	doc := bigDesign(b)
	defer cpuPerOp(b)()
	for b.Loop() {
		_, err := checkDocument(doc)
		require.NoError(b, err)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	d, _ := analyze.Validate(bigDesign(b))
	defer cpuPerOp(b)()
	for b.Loop() {
		analyze.Analyze(d)
	}
}

// routedDesignFile is the 100-resource design as the editor saves it:
// big100.json with every node placed and every arrow's and role link's
// route stored, as render.Route writes them. The load test and
// BenchmarkSaveRoutedRoute use it. It was written once by this file's
// TestRoutedDesignFile with ARCHWAY_WRITE_TESTDATA=1 (run it so again after
// big100.json changes); the routes are data, and stay valid when the
// renderer's routing changes.
const routedDesignFile = "testdata/big100-routed.json"

// TestRoutedDesignFile checks that the routed design is big100.json with
// positions and routes added, in canonical form.
func TestRoutedDesignFile(t *testing.T) {
	d, an := analyze.Validate(bigDesign(t))
	require.Empty(t, an.Problems)
	if os.Getenv("ARCHWAY_WRITE_TESTDATA") == "1" {
		require.NoError(t, os.WriteFile(routedDesignFile, model.Encode(render.Route(d)), 0o644))
	}
	data, err := os.ReadFile(routedDesignFile)
	require.NoError(t, err)
	routed, ps := model.Decode(data)
	require.Empty(t, ps)
	assert.Equal(t, string(data), string(model.Encode(routed)), "canonical form")
	require.Len(t, routed.Nodes, len(d.Nodes))
	placed := 0
	for i, n := range routed.Nodes {
		if n.X != nil && n.Y != nil {
			placed++ // route tables and security groups are not boxes
		}
		n.X, n.Y, n.W, n.H, n.RoleRoute = nil, nil, nil, nil, nil
		assert.Equal(t, d.Nodes[i], n)
	}
	assert.Greater(t, placed, len(d.Nodes)*3/4)
	require.Len(t, routed.Edges, len(d.Edges))
	for i, e := range routed.Edges {
		assert.NotEmpty(t, e.Route, e.ID)
		e.Route = nil
		assert.Equal(t, d.Edges[i], e)
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
	defer cpuPerOp(b)()
	for b.Loop() {
		serve(b, h, http.MethodPut, designPath(c.Edit), doc, "If-Match", etag(n))
		n++
	}
}

// BenchmarkSaveRoutedRoute is BenchmarkSaveRoute of the design as the
// editor saves it (positions and routes stored).
func BenchmarkSaveRoutedRoute(b *testing.B) {
	h, c := benchApp(b)
	doc, err := os.ReadFile(routedDesignFile)
	require.NoError(b, err)
	n := 1
	defer cpuPerOp(b)()
	for b.Loop() {
		serve(b, h, http.MethodPut, designPath(c.Edit), doc, "If-Match", etag(n))
		n++
	}
}

func BenchmarkAnalysisRoute(b *testing.B) {
	h, c := benchApp(b)
	defer cpuPerOp(b)()
	for b.Loop() {
		serve(b, h, http.MethodGet, designPath(c.View, "/analysis"), nil)
	}
}

func BenchmarkGetRoute(b *testing.B) {
	h, c := benchApp(b)
	defer cpuPerOp(b)()
	for b.Loop() {
		serve(b, h, http.MethodGet, designPath(c.View), nil)
	}
}

// benchExport measures "save, then draw": a new revision every time, so
// each export renders rather than hits the cache. (No CPU time here: the
// process's CPU clock cannot leave out the saves.)
func benchExport(b *testing.B, path string) { benchExportOf(b, bigDesign(b), path) }

// benchExportOf is benchExport of doc.
func benchExportOf(b *testing.B, doc []byte, path string) {
	h, c := benchApp(b)
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

// BenchmarkExportSVGStoredRoutes is BenchmarkExportSVG of the design as the
// editor saves it: every node placed and every arrow's route stored, which
// the renderer draws as given instead of routing again.
func BenchmarkExportSVGStoredRoutes(b *testing.B) {
	d, an := analyze.Validate(bigDesign(b))
	require.Empty(b, an.Problems)
	benchExportOf(b, model.Encode(render.Route(d)), ".svg")
}

func BenchmarkExportSVGCached(b *testing.B) {
	h, c := benchApp(b)
	defer cpuPerOp(b)()
	for b.Loop() {
		serve(b, h, http.MethodGet, "/v/"+c.View+".svg", nil)
	}
}

// BenchmarkCycle is one client's cycle in the load test: save a new revision
// of the 100-resource design, read its analysis, export it as SVG.
func BenchmarkCycle(b *testing.B) {
	h, c := benchApp(b)
	doc := bigDesign(b)
	n := 1
	defer cpuPerOp(b)()
	for b.Loop() {
		n++
		serve(b, h, http.MethodPut, designPath(c.Edit), retitled(b, doc, itoa(n)), "If-Match", etag(n-1))
		serve(b, h, http.MethodGet, designPath(c.View, "/analysis"), nil)
		serve(b, h, http.MethodGet, "/v/"+c.View+".svg", nil)
	}
}
