package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// key sends one key press to the page, with modifiers.
func (b *tab) key(k string, mods ...chromedp.Modifier) {
	b.t.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	b.do(chromedp.KeyEvent(k, opts...))
}

// clickNode clicks the middle of an element of the drawing.
func (b *tab) clickIn(sel string) {
	b.t.Helper()
	p := b.center(sel)
	b.do(chromedp.MouseClickXY(p.X, p.Y))
}

// selected waits until the properties panel shows id.
func (b *tab) selected(id string) {
	b.t.Helper()
	b.wait("the properties show "+id, fmt.Sprintf(`document.querySelector('#props')?.dataset.selected === %q`, id))
}

// setField types a value into a properties field and leaves it, which
// submits the form.
func (b *tab) setField(name, value string) {
	b.t.Helper()
	// as a person does: after the answers to what they just did are in
	b.wait("no request is in flight", `!document.querySelector('.htmx-request')`)
	sel := fmt.Sprintf(`#props [name=%q]`, name)
	b.do(chromedp.SetValue(chromedp.CSS(sel), value),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event('change', {bubbles: true}))`, sel)))
}

func (b *tab) count(sel string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))
}

// TestBrowserEditing goes through the editing tools on a copy of E03:
// properties with validation, rule tables and policies, selection, the
// keyboard, connect mode, resizing, history, sharing and import.
func TestBrowserEditing(t *testing.T) {
	b := newTab(t)
	b.openCopy("e03")
	fn := "categram-fn"

	// Select everything, then nothing.
	b.do(chromedp.Focus(chromedp.CSS(`#stage`)))
	b.key("a", chromedp.ModifierCtrl)
	b.wait("everything is selected", `document.querySelector('#props')?.dataset.kind === 'multi'`)
	b.key(kb.Escape)
	b.wait("the design's own fields show", `document.querySelector('#props')?.dataset.kind === 'design'`)

	// An area selection takes the nodes wholly inside it.
	table, host := b.nodeOfType("dynamodb-table"), b.nodeOfType("internet-host")
	from := b.nodePoint(host, 1, 1)
	to := b.nodePoint(table, 0, 0)
	b.drag(point{from.X + 12, from.Y + 12}, point{to.X - 4, to.Y - 4})
	b.wait("both are selected", fmt.Sprintf(`(() => { const s = window.archwayEditor.state.sel; return s.size === 2 && s.has(%q) && s.has(%q); })()`, table, host))
	b.key(kb.Escape)

	// An arrow is selected by a click near its line, not only on its label.
	edge := eval[point](b, `(() => { const p = document.querySelector('#canvas-layer .edge-hit'); const len = p.getTotalLength(); const pt = p.getPointAtLength(len * 0.3); const m = p.getScreenCTM(); return {X: pt.x * m.a + m.e, Y: pt.y * m.d + m.f + 2}; })()`)
	edgeID := eval[string](b, `document.querySelector('#canvas-layer .edge-hit').dataset.hitEdge`)
	b.do(chromedp.MouseClickXY(edge.X, edge.Y))
	b.wait("the arrow is selected", fmt.Sprintf(`window.archwayEditor.state.sel.has(%q)`, edgeID))
	b.key(kb.Escape)

	// Shift-click adds to the selection.
	tp, fp := b.nodePoint(table, 0.5, 0.5), b.nodePoint(fn, 0.5, 0.5)
	b.do(chromedp.MouseClickXY(tp.X, tp.Y), chromedp.MouseClickXY(fp.X, fp.Y, chromedp.ButtonModifiers(chromedp.ModifierShift)))
	b.wait("two are selected", `document.querySelector('#props')?.dataset.kind === 'multi'`)
	b.key(kb.Escape)

	// A label typed into the panel is saved and drawn.
	p := b.nodePoint(fn, 0.5, 0.5)
	b.do(chromedp.MouseClickXY(p.X, p.Y))
	b.selected(fn)
	rev := b.revision()
	b.setField("f.label", "Cat fetcher")
	b.waitRevision(rev)
	b.wait("the new label is drawn", `document.querySelector('#canvas-layer').textContent.includes('Cat fetcher')`)

	// A panel that arrives between the change and its request (the answer
	// to a request queued before it) does not put the old value back.
	rev = b.revision()
	b.do(chromedp.Evaluate[chromedp.Void](`(() => {
		document.getElementById('props').dataset.h = '';
		const app = document.getElementById('app');
		htmx.ajax('GET', app.dataset.ui + '/props', { source: document.getElementById('stage'), swap: 'none' });
		const f = document.querySelector('#props [name="f.label"]');
		f.value = 'Dog fetcher';
		f.dispatchEvent(new Event('change', { bubbles: true }));
	})()`))
	b.waitRevision(rev)
	b.wait("the label typed before the panel came back is drawn", `document.querySelector('#canvas-layer').textContent.includes('Dog fetcher')`)
	assert.Equal(t, "Dog fetcher", eval[string](b, `document.querySelector('#props [name="f.label"]').value`))

	// An invalid CIDR is refused beside its field, as typed.
	sub := b.nodePoint("sn-private-a", 0.2, 0.04)
	b.do(chromedp.MouseClickXY(sub.X, sub.Y))
	b.selected("sn-private-a")
	rev = b.revision()
	b.setField("f.cidr", "10.99.0.0/24")
	b.wait("the problem shows beside the field", `(document.querySelector('#props [data-field="cidr"] .msg')?.textContent || '').includes('not inside')`)
	assert.Equal(t, rev, b.revision(), "nothing invalid is saved")
	assert.Equal(t, "10.99.0.0/24", eval[string](b, `document.querySelector('#props [name="f.cidr"]').value`))
	b.shot("invalid-field")

	// A security group's rules are an editable table.
	b.clickIn(`#canvas-layer [data-node-id="sg-aurora"]`)
	b.selected("sg-aurora")
	rows := b.count(`#props [data-field="ingress"] tbody tr:not(.row-errors)`)
	b.do(chromedp.Click(chromedp.CSS(`#props [data-field="ingress"] button[value^="add:"]`)))
	b.wait("a row was added", fmt.Sprintf(`document.querySelectorAll('#props [data-field="ingress"] tbody tr:not(.row-errors)').length === %d`, rows+1))
	rev = b.revision()
	last := fmt.Sprintf(`#props [data-field="ingress"] tbody tr:nth-child(%d)`, rows+1)
	b.do(chromedp.SetValue(chromedp.CSS(last+` [name="t.ingress.ports"]`), "5432"))
	b.do(chromedp.SetValue(chromedp.CSS(last+` [name="t.ingress.from"]`), "10.16.0.0/16"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('`+last+` [name="t.ingress.from"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	b.waitRevision(rev)
	d, _ := b.fx.current(strings.TrimPrefix(eval[string](b, `location.pathname`), "/e/"))
	var found bool
	for _, n := range d.Nodes {
		if n.ID == "sg-aurora" {
			for _, r := range n.Ingress {
				found = found || r.From == "10.16.0.0/16"
			}
		}
	}
	assert.True(t, found, "the new rule was saved")
	b.shot("rules-table")

	// A policy with a syntax error is flagged as it is typed and refused.
	b.clickIn(`#canvas-layer [data-node-id="categram-fn-role"]`)
	b.selected("categram-fn-role")
	rev = b.revision()
	b.do(chromedp.SetValue(chromedp.CSS(`#props [name="f.policies"]`), `[{"Version": "2012-10-17",`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#props [name="f.policies"]').dispatchEvent(new Event('input', {bubbles: true}))`))
	assert.Contains(t, eval[string](b, `document.querySelector('#props [data-field="policies"] .json-status').className`), "bad")
	b.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#props [name="f.policies"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	b.wait("the server names the syntax error", `(document.querySelector('#props [data-field="policies"] .msg')?.textContent || '').includes('not valid JSON')`)
	assert.Equal(t, rev, b.revision())

	// Duplicate, delete, copy and paste from the keyboard.
	nodes := eval[int](b, `window.archwayEditor.state.scene.nodes.size`)
	p = b.nodePoint(fn, 0.5, 0.5)
	b.do(chromedp.MouseClickXY(p.X, p.Y))
	b.selected(fn)
	rev = b.revision()
	b.key("d", chromedp.ModifierCtrl)
	b.waitRevision(rev)
	b.wait("a copy was added", fmt.Sprintf(`window.archwayEditor.state.scene.nodes.size > %d`, nodes))
	dup := eval[string](b, `document.querySelector('#props').dataset.selected`)
	require.NotEqual(t, fn, dup, "the copy is selected")
	rev = b.revision()
	b.key(kb.Delete)
	b.waitRevision(rev)
	b.wait("the copy was deleted", fmt.Sprintf(`!window.archwayEditor.state.scene.nodes.has(%q)`, dup))

	b.do(chromedp.MouseClickXY(p.X, p.Y))
	b.selected(fn)
	b.key("c", chromedp.ModifierCtrl)
	b.wait("copied", `!!localStorage.getItem('archway.clipboard')`)
	rev = b.revision()
	b.key("v", chromedp.ModifierCtrl)
	b.waitRevision(rev)
	b.wait("pasted", fmt.Sprintf(`window.archwayEditor.state.scene.nodes.size > %d`, nodes))
	pasted := eval[string](b, `document.querySelector('#props').dataset.selected`)
	b.key(kb.Delete)
	b.wait("the pasted copy was deleted", fmt.Sprintf(`!window.archwayEditor.state.scene.nodes.has(%q)`, pasted))

	// Arrows nudge the selection by one grid step.
	b.do(chromedp.MouseClickXY(p.X, p.Y))
	b.selected(fn)
	x := eval[float64](b, fmt.Sprintf(`window.archwayEditor.state.scene.nodes.get(%q).x`, fn))
	rev = b.revision()
	b.key(kb.ArrowRight)
	b.waitRevision(rev)
	b.wait("nudged", fmt.Sprintf(`window.archwayEditor.state.scene.nodes.get(%q).x !== %v`, fn, x))

	// Connect mode: click one node, then another.
	edges := b.count(`#canvas-layer [data-edge-id]`)
	b.key("c")
	p = b.nodePoint(fn, 0.5, 0.5)
	b.do(chromedp.MouseClickXY(p.X, p.Y))
	role := b.center(`#canvas-layer [data-node-id="categram-fn-role"]`)
	rev = b.revision()
	b.do(chromedp.MouseClickXY(role.X, role.Y))
	b.waitRevision(rev)
	b.wait("an arrow was drawn", fmt.Sprintf(`document.querySelectorAll('#canvas-layer [data-edge-id]').length > %d`, edges))
	b.key(kb.Escape)

	// Resize a container by its corner handle.
	vp := b.nodePoint("categram-vpc", 0.5, 0.02)
	b.do(chromedp.MouseClickXY(vp.X, vp.Y))
	b.selected("categram-vpc")
	w := eval[float64](b, `window.archwayEditor.state.scene.nodes.get('categram-vpc').w`)
	rev = b.revision()
	handle := b.center(`#overlay [data-handle="se"]`)
	b.drag(handle, point{handle.X + 60, handle.Y + 30})
	b.waitRevision(rev)
	b.wait("the VPC grew", fmt.Sprintf(`window.archwayEditor.state.scene.nodes.get('categram-vpc').w > %v`, w))

	// A finding outlines its path on the canvas.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="findings"] [data-code="NO_ROUTE_TO_DESTINATION"] .msg`)))
	b.wait("the path is outlined", `document.querySelectorAll('#overlay .hl').length > 0`)
	b.shot("finding-path")

	// The wheel pans; with Ctrl it zooms.
	c := b.center("#stage")
	wheel := func(dy float64, mods int64) chromedp.Action[chromedp.Void] {
		return chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, c.X, c.Y, func(p *input.DispatchMouseEventParams) {
			p.DeltaX, p.DeltaY, p.Modifiers = 0.001, dy, mods // the protocol wants both deltas, and drops zeros
		})
	}
	y0, k0 := eval[float64](b, `window.archwayEditor.state.view.y`), eval[float64](b, `window.archwayEditor.state.view.k`)
	b.do(wheel(100, 0))
	b.wait("the wheel panned", fmt.Sprintf(`window.archwayEditor.state.view.y < %v`, y0))
	assert.Equal(t, k0, eval[float64](b, `window.archwayEditor.state.view.k`))
	b.do(wheel(-100, 2))
	b.wait("Ctrl+wheel zoomed in", fmt.Sprintf(`window.archwayEditor.state.view.k > %v`, k0))

	// Zoom from the keyboard; the shortcut list.
	b.do(chromedp.Focus(chromedp.CSS(`#stage`)))
	k := eval[float64](b, `window.archwayEditor.state.view.k`)
	b.key("+")
	assert.Greater(t, eval[float64](b, `window.archwayEditor.state.view.k`), k)
	b.key("?")
	b.wait("the shortcut list opens", `document.getElementById('help-dialog').open`)
	b.key(kb.Escape)

	// History: revert to the first revision.
	b.do(chromedp.Click(chromedp.CSS(`#history-button`)))
	b.wait("the revisions are listed", `document.querySelectorAll('#revisions tbody tr').length > 5`)
	b.shot("history")
	rev = b.revision()
	b.do(chromedp.Click(chromedp.CSS(`#revisions tbody tr:last-child button`)))
	b.waitRevision(rev)
	b.wait("the label is back", `!document.querySelector('#canvas-layer').textContent.includes('Cat fetcher')`)
	b.do(chromedp.Click(chromedp.CSS(`#history-dialog [data-close]`)))

	// Import: a file with problems is refused, a design replaces this one.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="import"]`)))
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"format":"archway/v1","nodes":[{"id":"s","type":"subnet"}]}`), 0o644))
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`#import-json input[type=file]`), []string{bad}),
		chromedp.Click(chromedp.CSS(`#import-json button[type=submit]`)))
	b.wait("the problems are listed", `(document.getElementById('import-result').textContent || '').includes('parent')`)
	good := filepath.Join(t.TempDir(), "E01.json")
	require.NoError(t, os.WriteFile(good, exampleDoc(t, "E01"), 0o644))
	rev = b.revision()
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`#import-json input[type=file]`), []string{good}),
		chromedp.Click(chromedp.CSS(`#import-json button[type=submit]`)))
	b.waitRevision(rev)
	b.wait("the imported design is drawn", `document.querySelector('#canvas-layer').textContent.includes('E01')`)
	assert.False(t, eval[bool](b, `document.getElementById('import-dialog').open`))

	// A CloudFormation template goes through the import endpoint.
	tpl := filepath.Join(t.TempDir(), "template.yaml")
	require.NoError(t, os.WriteFile(tpl, []byte(samTemplate), 0o644))
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="import"]`)), chromedp.Click(chromedp.CSS(`[data-tab="import-cfn"]`)))
	rev = b.revision()
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`#import-cfn input[type=file]`), []string{tpl}),
		chromedp.Click(chromedp.CSS(`#import-cfn button[type=submit]`)))
	b.waitRevision(rev)
	b.wait("the imported function is drawn", `!!document.querySelector('#canvas-layer [data-type="lambda"]') && !document.querySelector('#canvas-layer').textContent.includes('E01')`)
}

// samTemplate is a small SAM application: a function writing to a table.
const samTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Orders
`

// TestBrowserShareAndStale: view links are created and revoked, the edit
// link rotated, and a save from a stale tab is refused with an offer to
// reload.
func TestBrowserShareAndStale(t *testing.T) {
	b := newTab(t)
	b.openCopy("e01")
	editPath := eval[string](b, `location.pathname`)

	// Another tab (here: another client of the API) saves first.
	tok := strings.TrimPrefix(editPath, "/e/")
	doc, rev := b.fx.current(tok)
	doc.Title = "changed in tab two"
	r := b.fx.do(http.MethodPut, designPath(tok), model.Encode(doc), "If-Match", fmt.Sprintf(`"%d"`, rev))
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// The first tab's save is refused, and it offers to reload.
	b.do(chromedp.SetValue(chromedp.CSS(`#title-input`), "changed in tab one"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('title-input').dispatchEvent(new Event('change', {bubbles: true}))`))
	b.wait("the stale banner shows", `!document.getElementById('banner').hidden`)
	b.shot("stale")
	d, _ := b.fx.current(strings.TrimPrefix(editPath, "/e/"))
	assert.Equal(t, "changed in tab two", d.Title, "nothing was silently overwritten")
	b.do(chromedp.Click(chromedp.CSS(`#banner-reload`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("reloaded", `document.getElementById('title-input').value === 'changed in tab two'`)

	// View links: create one more, revoke it.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="share"]`)))
	b.wait("the links are listed", `document.querySelectorAll('#share-links [data-link-id]').length === 1`)
	b.do(chromedp.Click(chromedp.CSS(`#create-link`)))
	b.wait("a second link", `document.querySelectorAll('#share-links [data-link-id]').length === 2`)
	second := eval[string](b, `document.querySelectorAll('#share-links .link-input')[1].value`)
	require.Contains(t, second, "/v/")
	assert.Equal(t, http.StatusOK, b.fx.do(http.MethodGet, second[strings.Index(second, "/v/"):], nil).status)
	b.do(chromedp.Click(chromedp.CSS(`#share-links [data-link-id]:nth-child(2) button.danger`)))
	b.wait("the link was revoked", `document.querySelectorAll('#share-links [data-link-id]').length === 1`)
	assert.Equal(t, http.StatusNotFound, b.fx.do(http.MethodGet, second[strings.Index(second, "/v/"):], nil).status, "a revoked link answers 404 at once")

	// Rotate the edit link: the page moves to the new one, the old is dead.
	b.do(chromedp.Click(chromedp.CSS(`#rotate-button`)))
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, "/e/") && !strings.HasSuffix(loc, editPath) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the page moves to the new edit link")
		time.Sleep(50 * time.Millisecond)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	assert.Equal(t, http.StatusNotFound, b.fx.do(http.MethodGet, editPath, nil).status)
	recent := eval[string](b, `localStorage.getItem('archway.recent')`)
	assert.NotContains(t, recent, editPath, "the recent list follows the rotation")
}
