package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBrowserBuildConnectFix is the scenario: from an empty page,
// build a VPC with a private subnet, a function in it and a DynamoDB table
// with the palette; connect them; see the arrow blocked with
// NO_ROUTE_TO_DESTINATION; apply the fix and see it allowed; undo brings
// the blocked verdict back.
func TestBrowserBuildConnectFix(t *testing.T) {
	b := newTab(t)
	b.do(chromedp.Navigate(b.url+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="new-design"]`)))
	b.shot("home")
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="new-design"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the editor started", `!!(window.archwayEditor && document.getElementById('docstate'))`)

	stage := b.center("#stage")
	b.dropFromPalette("vpc", point{stage.X - 150, stage.Y - 60})
	vpc := b.nodeOfType("vpc")
	require.NotEmpty(t, vpc, "a VPC was added")

	b.dropFromPalette("subnet", b.nodePoint(vpc, 0.3, 0.45))
	subnet := b.nodeOfType("subnet")
	require.NotEmpty(t, subnet, "a subnet was added")

	b.dropFromPalette("lambda", b.nodePoint(subnet, 0.5, 0.6))
	fn := b.nodeOfType("lambda")
	require.NotEmpty(t, fn, "a function was added")

	// Zoom out for room beside the VPC.
	b.do(chromedp.Focus(chromedp.CSS(`#stage`)))
	b.key("-")
	b.key("-")
	b.dropFromPalette("dynamodb-table", b.freeSpot())
	table := b.nodeOfType("dynamodb-table")
	require.NotEmpty(t, table, "a table was added")
	b.shot("built")

	// Connect: hover the function, drag its handle onto the table.
	b.connect(fn, table)
	edgeSel := fmt.Sprintf(`[data-edge-id][data-from=%q][data-to=%q]`, fn, table)
	b.wait("the arrow is blocked", fmt.Sprintf(`document.querySelector('#canvas-layer %s')?.dataset.verdict === 'blocked'`, edgeSel))
	b.wait("the finding is listed", `!!document.querySelector('[data-testid="findings"] [data-code="NO_ROUTE_TO_DESTINATION"]')`)
	b.shot("blocked")

	rev := b.revision()
	b.do(chromedp.Click(chromedp.CSS(`[data-code="NO_ROUTE_TO_DESTINATION"] [data-testid="apply-fix"]`)))
	b.waitRevision(rev)
	b.wait("the arrow is allowed", fmt.Sprintf(`document.querySelector('#canvas-layer %s')?.dataset.verdict === 'allowed'`, edgeSel))
	b.shot("fixed")

	rev = b.revision()
	b.key("z", chromedp.ModifierCtrl)
	b.waitRevision(rev)
	b.wait("undo brings the blocked verdict back", fmt.Sprintf(`document.querySelector('#canvas-layer %s')?.dataset.verdict === 'blocked'`, edgeSel))

	rev = b.revision()
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="redo"]`)))
	b.waitRevision(rev)
	b.wait("redo applies the fix again", fmt.Sprintf(`document.querySelector('#canvas-layer %s')?.dataset.verdict === 'allowed'`, edgeSel))
	assert.Zero(t, b.dialogs.Load(), "no dialog opened")

	// The home page lists the design as opened in this browser.
	editPath := eval[string](b, `location.pathname`)
	b.do(chromedp.Navigate(b.url+"/"), chromedp.WaitVisible(chromedp.CSS(`#recent-list a`)))
	assert.Equal(t, editPath, eval[string](b, `new URL(document.querySelector('#recent-list a').href).pathname`))
}
