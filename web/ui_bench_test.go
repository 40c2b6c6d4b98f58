package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
	"archway/model/gen"
)

var (
	drawnAttr = regexp.MustCompile(`data-drawn="([^"]*)"`)
	sceneAttr = regexp.MustCompile(`data-scene="\{&#34;id&#34;:&#34;([^&]*)&#34;`)
	propsAttr = regexp.MustCompile(`id="props"[^>]* data-h="([^"]*)"`)
	posAttr   = regexp.MustCompile(`id="props-position" data-h="([^"]*)"`)
	findAttr  = regexp.MustCompile(`id="findings"[^>]* data-h="([^"]*)"`)
)

// shownAfter updates what a page shows after an answer (or a page), as its
// script would.
func shownAfter(have url.Values, body []byte) {
	for _, f := range []struct {
		re   *regexp.Regexp
		name string
	}{{drawnAttr, "have-canvas"}, {sceneAttr, "have-scene"}, {propsAttr, "have-props"}, {posAttr, "have-position"}, {findAttr, "have-findings"}} {
		if m := f.re.FindSubmatch(body); m != nil {
			have.Set(f.name, string(m[1]))
		}
	}
}

// BenchmarkEditorMove is the server's part of moving a node: one action
// through HTTP on a real store, from a page that shows the current drawing
// (so the answer is a patch) — read and decode, lay out and apply, store
// the routes, encode, save the revision, draw the canvas, split it and
// answer what changed. The design is first edited once, as the editor saves
// it (nodes pinned, routes stored); that first edit is timed on its own and
// logged. Each step's mean time (the Server-Timing header) is reported as
// a metric.
func BenchmarkEditorMove(b *testing.B) {
	big100, err := os.ReadFile("testdata/big100.json")
	require.NoError(b, err)
	for _, bc := range []struct {
		name string
		doc  []byte
	}{
		{"100-resources", big100},
		{"5000-shapes", model.Encode(gen.Design(3334, 1))},
	} {
		b.Run(bc.name, func(b *testing.B) { benchmarkMove(b, bc.doc) })
	}
}

func benchmarkMove(b *testing.B, doc []byte) {
	fx := newFixture(b)
	c := fx.create(doc)
	tok := strings.TrimPrefix(c.Edit, "/e/")
	d, _ := analyze.Validate(doc)
	fns := functionIDs(d)
	require.NotEmpty(b, fns)
	fn := fns[0]
	page := fx.do(http.MethodGet, c.Edit, nil)
	require.Equal(b, http.StatusOK, page.status)
	have := url.Values{}
	shownAfter(have, page.body)
	move := func(rev int, dx float64) response {
		ops, _ := json.Marshal([]editOp{{Op: "move", IDs: []string{fn}, DX: dx}})
		v := url.Values{"base": {strconv.Itoa(rev)}, "ops": {string(ops)}, "sel": {fn}}
		for k, x := range have {
			v[k] = x
		}
		r := fx.form("/e/"+tok+"/ui/ops", v)
		if r.status != http.StatusOK {
			b.Fatalf("status %d: %s", r.status, r.body)
		}
		shownAfter(have, r.body)
		return r
	}
	start := time.Now()
	r := move(1, 10)
	b.Logf("first edit (pins %d nodes, stores the routes): %v, %d bytes answered; %s", len(d.Nodes), time.Since(start).Round(time.Millisecond),
		len(r.body), r.header.Get("Server-Timing"))
	rev := 2
	sum := map[string]float64{}
	var order []string
	n, answered := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		dx := 10.0
		if rev%2 == 0 {
			dx = -10
		}
		r := move(rev, dx)
		rev++
		n++
		answered += len(r.body)
		for _, step := range strings.Split(r.header.Get("Server-Timing"), ", ") {
			name, dur, ok := strings.Cut(step, ";dur=")
			ms, err := strconv.ParseFloat(dur, 64)
			if !ok || err != nil {
				continue
			}
			if !slices.Contains(order, name) {
				order = append(order, name)
			}
			sum[name] += ms
		}
	}
	b.ReportMetric(float64(answered)/float64(n), "answer-B")
	for _, name := range order {
		b.ReportMetric(sum[name]/float64(n), name+"-ms")
	}
}
