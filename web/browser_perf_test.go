package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
	"archway/render"
)

// syntheticDesign builds a realistic design: vpcs VPCs, each with public
// and private subnets in two zones, an internet gateway, a NAT gateway,
// route tables and a security group; and units functions spread over the
// private subnets, each with its role, a table and a queue it calls. It
// has vpcs*10 + units*4 nodes and units*2 arrows.
func syntheticDesign(title string, vpcs, units int) []byte {
	d := &model.Design{Format: model.FormatV1, Title: title}
	add := func(n *model.Node) { d.Nodes = append(d.Nodes, n) }
	var private []string
	sgOf := map[string]string{}
	for v := 0; v < vpcs; v++ {
		p := fmt.Sprintf("v%d", v)
		add(&model.Node{ID: p, Type: model.TypeVPC, CIDR: fmt.Sprintf("10.%d.0.0/16", v)})
		add(&model.Node{ID: p + "-igw", Type: model.TypeInternetGateway, Parent: p})
		add(&model.Node{ID: p + "-rt-pub", Type: model.TypeRouteTable, Parent: p,
			Routes: []model.Route{{Destination: "0.0.0.0/0", Target: p + "-igw"}}})
		add(&model.Node{ID: p + "-rt-priv", Type: model.TypeRouteTable, Parent: p,
			Routes: []model.Route{{Destination: "0.0.0.0/0", Target: p + "-nat"}}})
		add(&model.Node{ID: p + "-sg", Type: model.TypeSecurityGroup, Parent: p})
		for i, az := range []string{"a", "b"} {
			add(&model.Node{ID: p + "-pub-" + az, Type: model.TypeSubnet, Parent: p, AZ: "us-east-1" + az,
				CIDR: fmt.Sprintf("10.%d.%d.0/24", v, i), RouteTable: p + "-rt-pub"})
			add(&model.Node{ID: p + "-priv-" + az, Type: model.TypeSubnet, Parent: p, AZ: "us-east-1" + az,
				CIDR: fmt.Sprintf("10.%d.%d.0/24", v, 10+i), RouteTable: p + "-rt-priv"})
			private = append(private, p+"-priv-"+az)
			sgOf[p+"-priv-"+az] = p + "-sg"
		}
		add(&model.Node{ID: p + "-nat", Type: model.TypeNATGateway, Parent: p + "-pub-a"})
	}
	for u := 0; u < units; u++ {
		sub := private[u%len(private)]
		fn := fmt.Sprintf("fn%d", u)
		table, queue := fmt.Sprintf("table%d", u), fmt.Sprintf("queue%d", u)
		add(&model.Node{ID: fn + "-role", Type: model.TypeIAMRole,
			ManagedPolicies: []string{"AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AmazonDynamoDBFullAccess", "AmazonSQSFullAccess"}})
		add(&model.Node{ID: fn, Type: model.TypeLambda, Parent: sub, Role: fn + "-role",
			VPC: &model.VPCConfig{Subnets: []string{sub}, SecurityGroups: []string{sgOf[sub]}}})
		add(&model.Node{ID: table, Type: model.TypeDynamoDBTable})
		add(&model.Node{ID: queue, Type: model.TypeSQSQueue})
		d.Edges = append(d.Edges,
			&model.Edge{ID: fn + "-" + table, From: fn, To: table, Actions: []string{"dynamodb:PutItem"}},
			&model.Edge{ID: fn + "-" + queue, From: fn, To: queue})
	}
	return model.Encode(d)
}

// moveLatency opens a design and drags one function several times,
// returning each mouse-up-to-updated-canvas time the page measured.
func moveLatency(t *testing.T, b *tab, doc []byte, moves int) []float64 {
	t.Helper()
	c := b.fx.create(doc)
	b.do(chromedp.Navigate(b.url+c.Edit), chromedp.WaitVisible(chromedp.CSS(`[data-testid="canvas"]`)))
	b.wait("the editor started", `!!(window.archwayEditor && window.archwayEditor.state.scene.nodes.size)`)
	var out []float64
	fn := b.nodeOfType(model.TypeLambda)
	require.NotEmpty(t, fn)
	for i := 0; i < moves; i++ {
		p := b.nodePoint(fn, 0.5, 0.5)
		dx := 40.0
		if i%2 == 1 {
			dx = -40
		}
		rev := b.revision()
		before := eval[int](b, `window.archwayEditor.metrics.moves.length`)
		start := time.Now()
		b.drag(p, point{p.X + dx, p.Y + 20*float64(1-2*(i%2))})
		b.waitRevision(rev)
		b.wait("the move was measured", fmt.Sprintf(`window.archwayEditor.metrics.moves.length > %d`, before))
		ms := eval[float64](b, `window.archwayEditor.metrics.last`)
		b.wait("the next frame", fmt.Sprintf(`(window.archwayEditor.metrics.frames || []).length > %d`, before))
		frame := eval[float64](b, `window.archwayEditor.metrics.lastFrame`)
		t.Logf("move %d: %.1f ms to the new drawing in the page, %.1f ms to the next frame (%.0f ms from the test's mouse-up to its poll)",
			i+1, ms, frame, float64(time.Since(start).Microseconds())/1000)
		out = append(out, ms)
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestBrowserMovePerformance measures, in the browser, the time from the
// mouse-up that ends a node's drag to the re-rendered canvas being in the
// page: the request, validation, save, analysis, rendering, transfer and
// morph. Budgets: 100 ms for a 100-resource design, 300 ms for a 5,000-shape
// design (median of several moves).
func TestBrowserMovePerformance(t *testing.T) {
	if testing.Short() {
		t.Skip("browser performance test: skipped with -short")
	}
	b := newTab(t)
	big100, err := os.ReadFile("testdata/big100.json")
	require.NoError(t, err)
	tests := []struct {
		name   string
		doc    []byte
		budget float64
		// proxy is a smaller design (proxyVPCs, proxyUnits) whose drawing
		// alone must take less than the budget before the full design is
		// tried: a drawing that takes minutes would hold up the whole run.
		proxy                 bool
		proxyVPCs, proxyUnits int
	}{
		{"the 100-resource example", big100, 100, false, 0, 0},
		{"5000 shapes", syntheticDesign("5000 shapes", 10, 816), 300, true, 10, 300},
	}
	for _, tt := range tests {
		doc := tt.doc
		var d model.Design
		require.NoError(t, json.Unmarshal(doc, &d))
		shapes := len(d.Nodes) + len(d.Edges)
		if tt.proxy {
			took, done := drawProxy(t, tt.proxyVPCs, tt.proxyUnits, 20*time.Second)
			if ms := float64(took.Microseconds()) / 1000; !done || ms > tt.budget {
				report := t.Errorf
				if raceEnabled {
					report = t.Logf
				}
				what := fmt.Sprintf("takes %.0f ms", ms)
				if !done {
					what = fmt.Sprintf("takes more than %v", took)
				}
				report("PERF %s: not measured: drawing a %d-shape design already %s on the server, over the %v ms budget for %d shapes",
					tt.name, tt.proxyVPCs*10+tt.proxyUnits*6, what, tt.budget, shapes)
				continue
			}
		}
		ms := moveLatency(t, b, doc, 7)
		t.Logf("PERF %s: %d nodes, %d arrows, %d shapes, %.0f KB: mouse-up to updated canvas median %.1f ms, max %.1f ms (%s)",
			tt.name, len(d.Nodes), len(d.Edges), shapes, float64(len(doc))/1024, median(ms), slices.Max(ms), strings.Trim(fmt.Sprint(ms), "[]"))
		if raceEnabled {
			t.Logf("PERF %s: -race build: the budget of %v ms is not checked", tt.name, tt.budget)
			continue
		}
		assert.LessOrEqual(t, median(ms), tt.budget, "%s: median move latency", tt.name)
	}
}

// drawProxy draws a synthetic design in a child process, so that a drawing
// that takes too long can be stopped; it returns how long it took and
// whether it finished within limit.
func drawProxy(t *testing.T, vpcs, units int, limit time.Duration) (time.Duration, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperDrawProxy$", "-test.count=1")
	cmd.Env = append(os.Environ(), fmt.Sprintf("ARCHWAY_DRAW_PROXY=%d,%d", vpcs, units))
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return limit, false
	}
	require.NoError(t, err, "%s", out)
	_, after, ok := strings.Cut(string(out), "DRAWN ")
	require.True(t, ok, "%s", out)
	var ns int64
	_, err = fmt.Sscan(after, &ns)
	require.NoError(t, err)
	return time.Duration(ns), true
}

// TestHelperDrawProxy is the child process of drawProxy.
func TestHelperDrawProxy(t *testing.T) {
	spec := os.Getenv("ARCHWAY_DRAW_PROXY")
	if spec == "" {
		t.Skip("helper process for TestBrowserMovePerformance")
	}
	var vpcs, units int
	_, err := fmt.Sscanf(spec, "%d,%d", &vpcs, &units)
	require.NoError(t, err)
	d, an := analyze.Validate(syntheticDesign("proxy", vpcs, units))
	start := time.Now()
	_, err = render.SVG(d, an, render.Options{ID: "cv"})
	require.NoError(t, err)
	fmt.Printf("DRAWN %d\n", time.Since(start).Nanoseconds())
}
