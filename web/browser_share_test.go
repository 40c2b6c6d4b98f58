package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openCopy opens an editable copy of a public example from the home page.
func (b *tab) openCopy(slug string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.url+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="new-design"]`)))
	b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/x/%s/copy"] button`, slug))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the editor started", `!!(window.archwayEditor && window.archwayEditor.state.scene.nodes.size)`)
}

// download clicks an export link and returns the file it saved.
func (b *tab) download(testid, ext string) []byte {
	b.t.Helper()
	// Each download starts in an empty folder: a second file of the same
	// name would replace the first.
	old, _ := filepath.Glob(filepath.Join(b.downloads, "*"))
	for _, f := range old {
		require.NoError(b.t, os.Remove(f))
	}
	var before []string
	b.do(chromedp.Click(chromedp.CSS(`#export-menu summary`)), chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid=%q]`, testid))))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(b.downloads, "*"+ext))
		for _, f := range files {
			if contains(before, f) {
				continue
			}
			if data, err := os.ReadFile(f); err == nil && len(data) > 0 {
				return data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("no %s file was downloaded", ext)
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBrowserViewLinkAndExports: the view link shows the same canvas and
// findings without any editing control, its token cannot save, and the
// exports download a valid SVG and PNG.
func TestBrowserViewLinkAndExports(t *testing.T) {
	b := newTab(t)
	b.openCopy("e03")
	editURL := eval[string](b, `location.href`)
	edges := eval[int](b, `document.querySelectorAll('#canvas-layer [data-edge-id]').length`)
	blocked := eval[int](b, `document.querySelectorAll('#canvas-layer [data-verdict="blocked"]').length`)
	require.Positive(t, edges)

	svg := b.download("export-svg", ".svg")
	var v any
	require.NoError(t, xml.Unmarshal(svg, &v), "the SVG export is well-formed XML")
	assert.True(t, bytes.Contains(svg, []byte("<svg")), "an SVG document")
	pngData := b.download("export-png", ".png")
	img, err := png.Decode(bytes.NewReader(pngData))
	require.NoError(t, err, "the PNG export decodes")
	assert.Greater(t, img.Bounds().Dx(), 100)

	// The share dialog shows the view link this browser created.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="share"]`)))
	b.wait("the view link is shown", `(document.querySelector('#share-links .link-input')?.value || '').includes('/v/')`)
	b.shot("share")
	viewURL := eval[string](b, `document.querySelector('#share-links .link-input').value`)
	editTok := strings.TrimPrefix(editURL[strings.Index(editURL, "/e/"):], "/e/")
	viewTok := viewURL[strings.Index(viewURL, "/v/")+3:]

	b.do(chromedp.Navigate(viewURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the view started", `!!window.archwayEditor`)
	b.shot("view")
	assert.Equal(t, edges, eval[int](b, `document.querySelectorAll('#canvas-layer [data-edge-id]').length`), "the same arrows")
	assert.Equal(t, blocked, eval[int](b, `document.querySelectorAll('#canvas-layer [data-verdict="blocked"]').length`), "the same verdicts")
	assert.True(t, eval[bool](b, `!!document.querySelector('[data-testid="findings"] [data-code]')`), "the findings are shown")
	for _, id := range []string{"palette", "properties", "undo", "redo", "share", "import", "apply-fix"} {
		assert.False(t, eval[bool](b, fmt.Sprintf(`!!document.querySelector('[data-testid=%q]')`, id)), "the view has no %s", id)
	}
	assert.False(t, eval[bool](b, fmt.Sprintf(`document.documentElement.outerHTML.includes(%q)`, editTok)), "the edit token is nowhere in the view")
	svg2 := b.download("export-svg", ".svg")
	assert.True(t, bytes.Contains(svg2, []byte("<svg")), "the view link exports too")

	// The API refuses a save with the view token, as if it did not exist.
	_, rev := b.fx.current(editTok)
	doc := b.fx.do(http.MethodGet, designPath(editTok), nil).body
	r := b.fx.do(http.MethodPut, designPath(viewTok), retitled(t, doc, "vandalised"), "If-Match", fmt.Sprintf(`"%d"`, rev))
	assert.Equal(t, http.StatusNotFound, r.status)
	d, after := b.fx.current(editTok)
	assert.Equal(t, rev, after)
	assert.NotEqual(t, "vandalised", d.Title)
}

// TestBrowserXSS types markup into a label: it must stay text in the
// editor, in the view and in the exported SVG opened in the browser.
func TestBrowserXSS(t *testing.T) {
	b := newTab(t)
	b.openCopy("e01")
	payload := `<img src=x onerror="document.title='pwned'"><script>alert(1)</script><svg onload=alert(2)>`
	fn := b.nodeOfType("lambda")
	require.NotEmpty(t, fn)

	// Select the function and type the label into the properties panel.
	p := b.nodePoint(fn, 0.5, 0.5)
	b.do(chromedp.MouseClickXY(p.X, p.Y))
	b.wait("the properties show the function", fmt.Sprintf(`document.querySelector('#props')?.dataset.selected === %q`, fn))
	rev := b.revision()
	b.do(chromedp.SetValue(chromedp.CSS(`#props [name="f.label"]`), payload),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#props [name="f.label"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	b.waitRevision(rev)
	b.wait("the label is drawn", fmt.Sprintf(`document.querySelector('#canvas-layer').textContent.includes(%q)`, "<script>alert(1)</script>"))
	injected := `document.querySelectorAll('img[src="x"], script:not([src]), [onerror], [onload], foreignObject').length`
	assert.Zero(t, eval[int](b, injected), "no element was injected in the editor")
	assert.NotEqual(t, "pwned", eval[string](b, `document.title`))

	// The view of the same design.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="share"]`)))
	b.wait("the view link is shown", `(document.querySelector('#share-links .link-input')?.value || '').includes('/v/')`)
	viewURL := eval[string](b, `document.querySelector('#share-links .link-input').value`)
	b.do(chromedp.Navigate(viewURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the label is drawn in the view", fmt.Sprintf(`document.querySelector('#canvas-layer').textContent.includes(%q)`, "<script>alert(1)</script>"))
	assert.Zero(t, eval[int](b, injected), "no element was injected in the view")

	// The exported SVG, opened as a document of its own.
	svg := b.download("export-svg", ".svg")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		_, _ = w.Write(svg)
	}))
	t.Cleanup(srv.Close)
	b.do(chromedp.Navigate(srv.URL + "/export.svg"))
	b.wait("the SVG shows the label", fmt.Sprintf(`document.documentElement.textContent.includes(%q)`, "<script>alert(1)</script>"))
	assert.Zero(t, eval[int](b, `document.querySelectorAll('script, img, foreignObject, [onerror], [onload]').length`), "no element was injected in the exported SVG")
	time.Sleep(200 * time.Millisecond)
	assert.Zero(t, b.dialogs.Load(), "no dialog opened: %v", b.lastDialog.Load())
}
