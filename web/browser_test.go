package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"archway/examples"
)

// The browser tests drive Debian's chromium through the editor as a person
// would: pointer drags, clicks and keys, never calls into the page's code.
// Without a chromium they skip loudly; in CI (CI=true) a missing browser is
// a failure, so the checks can never silently stop running there.

// chromiumPath finds the browser, or skips (fails in CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: the browser tests must run in CI (install the chromium package)")
	}
	t.Skip("SKIPPED: no chromium on PATH — the editor's browser tests did not run (install the chromium package)")
	return ""
}

// page is one browser tab on a fresh server.
type tab struct {
	t          *testing.T
	ctx        context.Context
	url        string
	fx         *fixture
	downloads  string
	dialogs    atomic.Int32
	lastDialog atomic.Value
}

// newTab starts the app on a real store (seeded with the examples) and a
// headless chromium with a fresh profile. A failing test leaves a
// screenshot in testoutput/.
func newTab(t *testing.T) *tab {
	t.Helper()
	path := chromiumPath(t)
	fx := newFixture(t)
	_, err := Seed(context.Background(), fx.store, examples.Designs())
	require.NoError(t, err)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1440, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("font-render-hinting", "none"))...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	require.NoError(t, chromedp.Do(ctx), "start chromium")
	tb := &tab{t: t, ctx: ctx, url: fx.srv.URL, fx: fx, downloads: t.TempDir()}
	tb.lastDialog.Store("")
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			tb.dialogs.Add(1)
			tb.lastDialog.Store(e.Message)
			// confirm() guards revoking and rotating links: accept it.
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}))
	_, err = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: tb.downloads})
	require.NoError(t, err)
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if shot, err := chromedp.Run(sctx, chromedp.CaptureScreenshot()); err == nil {
			dir := filepath.Join("..", "testoutput")
			_ = os.MkdirAll(dir, 0o755)
			name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".png"
			_ = os.WriteFile(filepath.Join(dir, name), shot, 0o644)
			t.Logf("screenshot of the failure: testoutput/%s", name)
		}
	})
	return tb
}

// do runs actions with a deadline.
func (b *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	require.NoError(b.t, chromedp.Do(ctx, actions...))
}

// eval evaluates a JavaScript expression.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(b.t, err, "evaluating %s", expr)
	return v
}

// wait polls a JavaScript condition until it holds.
func (b *tab) wait(what, expr string) {
	b.t.Helper()
	b.waitFor(20*time.Second, what, expr)
}

// waitFor is wait with a time limit.
func (b *tab) waitFor(limit time.Duration, what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, limit)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond)))
	require.NoError(b.t, err, "waiting until %s (%s)", what, expr)
}

// shot saves a screenshot under testoutput/, to look at.
func (b *tab) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	require.NoError(b.t, err)
	dir := filepath.Join("..", "testoutput")
	require.NoError(b.t, os.MkdirAll(dir, 0o755))
	require.NoError(b.t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

type point struct{ X, Y float64 }

// center is the middle of the first element matching a CSS selector, in
// page pixels.
func (b *tab) center(sel string) point {
	b.t.Helper()
	return eval[point](b, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2}; })()`, sel))
}

// nodePoint is a point of a node's box (fx, fy in 0..1 of its width and
// height), in page pixels.
func (b *tab) nodePoint(id string, fx, fy float64) point {
	b.t.Helper()
	return eval[point](b, fmt.Sprintf(`(() => {
		const s = window.archwayEditor.state, n = s.scene.nodes.get(%q);
		const r = document.getElementById('stage').getBoundingClientRect();
		return {X: r.left + s.view.x + (n.x + n.w * %f) * s.view.k, Y: r.top + s.view.y + (n.y + n.h * %f) * s.view.k};
	})()`, id, fx, fy))
}

// drag presses the left button at from, moves to to in steps and releases.
func (b *tab) drag(from, to point) {
	b.t.Helper()
	acts := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, from.X, from.Y),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, from.X, from.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	const steps = 8
	for i := 1; i <= steps; i++ {
		f := float64(i) / steps
		acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, from.X+(to.X-from.X)*f, from.Y+(to.Y-from.Y)*f, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, to.X, to.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	b.do(acts...)
}

// revision is the revision the page shows.
func (b *tab) revision() int {
	return eval[int](b, `+document.getElementById('docstate').dataset.revision`)
}

// waitRevision waits until the page shows a revision after rev.
func (b *tab) waitRevision(rev int) {
	b.t.Helper()
	b.wait(fmt.Sprintf("a revision after %d", rev), fmt.Sprintf(`+document.getElementById('docstate').dataset.revision > %d`, rev))
}

// connect draws an arrow between two nodes as a user does: it hovers the
// first, drags its connect handle onto the second and waits for the
// revision that stores the arrow.
func (b *tab) connect(from, to string) {
	b.t.Helper()
	p := b.nodePoint(from, 0.5, 0.5)
	b.do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, p.X, p.Y))
	b.wait("the connect handle shows", `!!document.querySelector('#overlay [data-connect]')`)
	rev := b.revision()
	b.drag(b.center(`#overlay [data-connect]`), b.nodePoint(to, 0.5, 0.5))
	b.waitRevision(rev)
}

// newestNode returns the id of the node of a type that was added last.
func (b *tab) nodeOfType(typ string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(() => { const ns = [...window.archwayEditor.state.scene.nodes.values()].filter(n => n.type === %q); return ns.length ? ns[ns.length-1].id : ''; })()`, typ))
}

// dropFromPalette drags a palette item to a point of the page.
func (b *tab) dropFromPalette(typ string, to point) {
	b.t.Helper()
	rev := b.revision()
	b.drag(b.center(fmt.Sprintf(`[data-testid="palette-%s"]`, typ)), to)
	b.waitRevision(rev)
}

// freeSpot is a point of the canvas, in page pixels, outside every VPC and
// subnet and away from the drawn nodes, searched from the right edge.
func (b *tab) freeSpot() point {
	b.t.Helper()
	p := eval[point](b, `(() => {
		const s = window.archwayEditor.state, r = document.getElementById('stage').getBoundingClientRect();
		const inside = (x, y) => [...s.scene.nodes.values()].some(n =>
			x >= n.x - 30 && x <= n.x + n.w + 30 && y >= n.y - 30 && y <= n.y + n.h + 30);
		for (let sx = r.right - 90; sx > r.left + 90; sx -= 20) {
			for (let sy = r.top + r.height / 2, i = 0; i < 30; i++, sy += (i % 2 ? 1 : -1) * i * 12) {
				if (sy < r.top + 60 || sy > r.bottom - 60) continue;
				const x = (sx - r.left - s.view.x) / s.view.k, y = (sy - r.top - s.view.y) / s.view.k;
				if (!inside(x, y)) return {X: sx, Y: sy};
			}
		}
		return {X: 0, Y: 0};
	})()`)
	require.NotZero(b.t, p.X, "no free spot on the canvas")
	return p
}
