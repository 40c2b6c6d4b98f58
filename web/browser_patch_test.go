package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// canvasState is what the page shows of the drawing, next to what the
// server draws for the same revision from scratch.
type canvasState struct {
	Page, Full           string
	PageScene, FullScene string
	PageFindings         string
	FullFindings         string
	Counts               struct{ Whole, Patched, Refetched int }
	// PageHits and FullHits list the arrows' hit areas the page has and
	// those the whole drawing's arrows call for.
	PageHits, FullHits string
}

// compareCanvas reads the page's drawing and scene, and the whole drawing
// of the revision the server has now (an answer to a page that shows
// nothing, parsed as htmx parses answers), each written as one line per
// element (namespace, name, sorted attributes) and text, white space between
// elements aside. The script's own layer of arrow hit areas and the
// drawing's placement on the page (its style) are not part of the drawing.
const compareCanvas = `(async () => {
	const canon = (root) => {
		const out = [];
		const walk = (n, depth) => {
			if (n.nodeType === Node.TEXT_NODE) {
				if (n.data.trim()) out.push(depth + ' #' + n.data);
				return;
			}
			if (n.nodeType !== Node.ELEMENT_NODE || n.classList.contains('edge-hits')) return;
			const attrs = [...n.attributes].filter((a) => !(n === root && a.name === 'style')).map((a) => a.name + '=' + JSON.stringify(a.value)).sort();
			out.push(depth + ' <' + n.namespaceURI + ' ' + n.localName + ' ' + attrs.join(' '));
			for (const c of n.childNodes) walk(c, depth + 1);
		};
		walk(root, 0);
		return out.join('\n');
	};
	const ed = window.archwayEditor, st = ed.state;
	const base = document.getElementById('app').dataset.base;
	const answer = await (await fetch(base + '/ui/canvas?select=' + encodeURIComponent(st.scene.highlight))).text();
	const doc = new DOMParser().parseFromString(answer, 'text/html');
	const scene = JSON.parse(doc.getElementById('canvas-layer').dataset.scene);
	const entries = (keys) => (keys || '').split(' ').filter(Boolean).map((k) => JSON.stringify(scene.new[k]));
	const page = await (await fetch(location.pathname)).text();
	const pageDoc = new DOMParser().parseFromString(page, 'text/html');
	return {
		Page: canon(document.querySelector('#canvas-layer svg')),
		Full: canon(doc.querySelector('#canvas-layer svg')),
		PageScene: JSON.stringify([[...st.scene.nodes.values()].map((n) => JSON.stringify(n)), [...st.scene.edges.values()].map((e) => JSON.stringify(e)), st.scene.highlight]),
		FullScene: JSON.stringify([entries(scene.n), entries(scene.e), scene.h || '']),
		PageFindings: document.getElementById('findings').dataset.h,
		FullFindings: pageDoc.getElementById('findings').dataset.h,
		PageHits: JSON.stringify([...document.querySelectorAll('#canvas-layer svg > .edge-hits > .edge-hit')].map((h) => h.dataset.hitEdge + ' ' + h.getAttribute('d')).sort()),
		FullHits: JSON.stringify([...doc.querySelectorAll('#canvas-layer svg [data-edge-id]')].map((g) => { const l = g.querySelector('path[fill="none"]'); return l ? g.dataset.edgeId + ' ' + l.getAttribute('d') : ''; }).filter(Boolean).sort()),
		Counts: {Whole: ed.metrics.canvas.whole, Patched: ed.metrics.canvas.patched, Refetched: ed.metrics.canvas.refetched},
	};
})()`

// sameAsDrawn checks, once the page has no request in flight, that its
// drawing, scene and findings are those of a fresh render of the current
// revision, and that the last answer was a patch.
func (b *tab) sameAsDrawn(after string, patchedBefore int) int {
	b.t.Helper()
	s := b.compareDrawn(after)
	assert.Greater(b.t, s.Counts.Patched, patchedBefore, "after %s: the drawing was patched", after)
	return s.Counts.Patched
}

// compareDrawn is sameAsDrawn without the check that a patch came.
func (b *tab) compareDrawn(after string) canvasState {
	b.t.Helper()
	b.wait("no request in flight", `!document.querySelector('.htmx-request')`)
	s := eval[canvasState](b, compareCanvas)
	require.NotEmpty(b.t, s.Full, after)
	if s.Page != s.Full {
		b.t.Errorf("after %s: the page's drawing differs from the whole drawing:\n%s", after, firstDiff(s.Page, s.Full))
	}
	assert.Equal(b.t, s.FullScene, s.PageScene, "after %s: the scene", after)
	assert.Equal(b.t, s.FullFindings, s.PageFindings, "after %s: the findings", after)
	assert.Equal(b.t, s.FullHits, s.PageHits, "after %s: the arrows' hit areas", after)
	assert.Zero(b.t, s.Counts.Refetched, "after %s: no patch missed", after)
	return s
}

// firstDiff shows the first line where two texts differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d\n page: %.400s\n full: %.400s", i+1, x, y)
		}
	}
	return ""
}

// TestBrowserPatchedCanvasIsTheDrawing: after every kind of edit (add,
// connect, apply fix, move, delete, undo, selecting an arrow) the page's
// drawing, rebuilt from patches, is exactly the server's whole drawing of
// the new revision, and so are its scene and findings.
func TestBrowserPatchedCanvasIsTheDrawing(t *testing.T) {
	b := newTab(t)
	b.do(chromedp.Navigate(b.url+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="new-design"]`)))
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="new-design"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the editor started", `!!(window.archwayEditor && document.getElementById('docstate'))`)
	n := 0

	stage := b.center("#stage")
	b.dropFromPalette("vpc", point{stage.X - 150, stage.Y - 60})
	vpc := b.nodeOfType("vpc")
	require.NotEmpty(t, vpc)
	n = b.sameAsDrawn("adding a VPC", n)
	b.dropFromPalette("subnet", b.nodePoint(vpc, 0.3, 0.45))
	subnet := b.nodeOfType("subnet")
	require.NotEmpty(t, subnet)
	n = b.sameAsDrawn("adding a subnet into it", n)
	b.dropFromPalette("lambda", b.nodePoint(subnet, 0.5, 0.6))
	fn := b.nodeOfType("lambda")
	require.NotEmpty(t, fn)
	n = b.sameAsDrawn("adding a function into the subnet", n)
	b.do(chromedp.Focus(chromedp.CSS(`#stage`)))
	b.key("-")
	b.key("-")
	b.dropFromPalette("dynamodb-table", b.freeSpot())
	table := b.nodeOfType("dynamodb-table")
	require.NotEmpty(t, table)
	n = b.sameAsDrawn("adding a table", n)

	b.connect(fn, table)
	n = b.sameAsDrawn("connecting", n)

	rev := b.revision()
	b.do(chromedp.Click(chromedp.CSS(`[data-code="NO_ROUTE_TO_DESTINATION"] [data-testid="apply-fix"]`)))
	b.waitRevision(rev)
	n = b.sameAsDrawn("applying a fix", n)

	rev = b.revision()
	p := b.nodePoint(table, 0.5, 0.5)
	b.drag(p, point{p.X + 30, p.Y + 40})
	b.waitRevision(rev)
	n = b.sameAsDrawn("moving the table", n)

	rev = b.revision()
	p = b.nodePoint(fn, 0.5, 0.5)
	b.drag(p, point{p.X + 20, p.Y + 10})
	b.waitRevision(rev)
	n = b.sameAsDrawn("moving the function inside its subnet", n)

	// Select the table and delete it (with its arrow).
	p = b.nodePoint(table, 0.5, 0.5)
	b.do(chromedp.MouseClickXY(p.X, p.Y))
	b.selected(table)
	rev = b.revision()
	b.key(kb.Delete)
	b.waitRevision(rev)
	n = b.sameAsDrawn("deleting the table", n)

	rev = b.revision()
	b.key("z", chromedp.ModifierCtrl)
	b.waitRevision(rev)
	n = b.sameAsDrawn("undoing the delete", n)

	// Selecting an arrow draws its path highlighted.
	edge := eval[string](b, `[...window.archwayEditor.state.scene.edges.keys()][0] || ''`)
	require.NotEmpty(t, edge)
	at := eval[point](b, fmt.Sprintf(`(() => { const p = document.querySelector('#canvas-layer .edge-hit[data-hit-edge=%q]'); const pt = p.getPointAtLength(p.getTotalLength() * 0.3); const m = p.getScreenCTM(); return {X: pt.x * m.a + m.e, Y: pt.y * m.d + m.f}; })()`, edge))
	b.do(chromedp.MouseClickXY(at.X, at.Y))
	b.wait("the arrow is highlighted", fmt.Sprintf(`window.archwayEditor.state.scene.highlight === %q`, edge))
	b.sameAsDrawn("selecting an arrow", n)

	// A page showing a drawing the server does not know (it restarted, or
	// forgot) gets the whole drawing.
	whole := eval[int](b, `window.archwayEditor.metrics.canvas.whole`)
	eval[bool](b, `(window.archwayEditor.state.drawn = 'forgotten') !== ''`)
	rev = b.revision()
	p = b.nodePoint(fn, 0.5, 0.5)
	b.drag(p, point{p.X - 20, p.Y})
	b.waitRevision(rev)
	s := b.compareDrawn("a move the server cannot patch")
	assert.Equal(t, whole+1, s.Counts.Whole, "the whole drawing came")
	assert.Zero(t, b.dialogs.Load(), "no dialog opened")

	// The view page patches its drawing too: selecting arrows highlights
	// their paths.
	c := b.fx.create(exampleDoc(t, "E03"))
	b.do(chromedp.Navigate(b.url+c.View), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the view started", `!!(window.archwayEditor && window.archwayEditor.state.scene.edges.size > 1)`)
	n = 0
	for i := 0; i < 2; i++ {
		edge := eval[string](b, fmt.Sprintf(`[...window.archwayEditor.state.scene.edges.keys()][%d]`, i))
		at := eval[point](b, fmt.Sprintf(`(() => { const p = document.querySelector('#canvas-layer .edge-hit[data-hit-edge=%q]'); const pt = p.getPointAtLength(p.getTotalLength() * 0.4); const m = p.getScreenCTM(); return {X: pt.x * m.a + m.e, Y: pt.y * m.d + m.f}; })()`, edge))
		b.do(chromedp.MouseClickXY(at.X, at.Y))
		b.wait("the arrow is highlighted", fmt.Sprintf(`window.archwayEditor.state.scene.highlight === %q`, edge))
		n = b.sameAsDrawn("selecting an arrow on the view page", n)
	}
}
