package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"testing"

	"archway/model"
	"archway/model/gen"

	"github.com/stretchr/testify/require"
)

var dotOut = flag.String("dot", "", "write the positioned 1,000-node benchmark graph as Graphviz DOT to this file (for neato -n2)")

// loop runs f b.N times and also reports the CPU milliseconds per run,
// which the machine's other load does not inflate.
func loop(b *testing.B, f func()) {
	b.Helper()
	start := cpuTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	if c := cpuTime() - start; c > 0 && n > 0 {
		b.ReportMetric(float64(c.Microseconds())/1000/float64(n), "cpu-ms/op")
	}
}

// benchDesign is the benchmarks' design as the editor saves it: about
// 1,000 nodes, every box positioned and every arrow's route stored.
func benchDesign(tb testing.TB) *model.Design {
	tb.Helper()
	d := Route(genDesign(1000))
	require.GreaterOrEqual(tb, len(d.Nodes), 1000)
	return d
}

func BenchmarkLayout1000(b *testing.B) {
	d := genDesign(1000)
	b.ReportMetric(float64(len(d.Nodes)), "nodes")
	loop(b, func() { Layout(d) })
}

func BenchmarkSVG1000(b *testing.B) {
	d := benchDesign(b)
	b.ReportMetric(float64(len(d.Edges)), "edges")
	loop(b, func() {
		if _, err := SVG(d, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkSVG1000Unrouted is the same design with positions but no
// routes: the first render of an imported design, which routes every arrow.
func BenchmarkSVG1000Unrouted(b *testing.B) {
	d := positioned(genDesign(1000))
	loop(b, func() {
		if _, err := SVG(d, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkRoute1000 stores the routes of the positioned design, as the
// editor does on its first save.
func BenchmarkRoute1000(b *testing.B) {
	d := positioned(genDesign(1000))
	loop(b, func() { Route(d) })
}

// routed5000 is the editor's 5,000-shape design as it saves it: every box
// placed, containers sized, cards left at their default size, and every
// route stored, among them routes the router could not make clear.
func routed5000(tb testing.TB) *model.Design {
	tb.Helper()
	d := Route(gen.Design(3334, 1))
	require.GreaterOrEqual(tb, len(d.Nodes)+len(d.Edges), 5000)
	for _, n := range d.Nodes {
		if n.Type != model.TypeVPC && n.Type != model.TypeSubnet {
			n.W, n.H = nil, nil
		}
	}
	return d
}

// BenchmarkRoute5000Stored stores the routes of a design whose routes are
// already stored, as the editor does on every edit: routing again changes
// nothing, so it costs checking the stored routes.
func BenchmarkRoute5000Stored(b *testing.B) {
	d := routed5000(b)
	loop(b, func() { Route(d) })
}

// BenchmarkSVG5000 draws the routed 5,000-shape design, as the editor's
// canvas does on every edit.
func BenchmarkSVG5000(b *testing.B) {
	d := routed5000(b)
	loop(b, func() {
		if _, err := SVG(d, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkRouteSVG5000 stores the routes of the routed 5,000-shape design
// and draws it in one pass, as the editor does after a move.
func BenchmarkRouteSVG5000(b *testing.B) {
	d := routed5000(b)
	loop(b, func() {
		if _, _, err := RouteSVG(d, nil, Options{ID: "cv"}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkWriteSVG1000 is the SVG writer alone, from a built scene.
func BenchmarkWriteSVG1000(b *testing.B) {
	s, err := build(benchDesign(b), nil, Options{})
	require.NoError(b, err)
	loop(b, func() { writeSVG(s, 1) })
}

func BenchmarkPNG1000x2(b *testing.B) {
	d := benchDesign(b)
	loop(b, func() {
		if _, err := PNG(d, nil, Options{Scale: 2}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkRasterize1000x2 is the rasterizer alone, without building the
// scene or encoding the PNG.
func BenchmarkRasterize1000x2(b *testing.B) {
	s, err := build(benchDesign(b), nil, Options{})
	require.NoError(b, err)
	img, err := rasterize(s, 2)
	require.NoError(b, err)
	b.ReportMetric(float64(img.Bounds().Dx()), "px-wide")
	b.ReportMetric(float64(img.Bounds().Dy()), "px-high")
	loop(b, func() {
		if _, err := rasterize(s, 2); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkExample is a typical design-review diagram (E05) end to end.
func BenchmarkExample(b *testing.B) {
	var ex example
	for _, e := range loadExamples(b) {
		if e.name == "E05" {
			ex = e
		}
	}
	o := Options{Annotations: true}
	b.Run("SVG", func(b *testing.B) {
		loop(b, func() {
			if _, err := SVG(ex.d, ex.a, o); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("PNG", func(b *testing.B) {
		loop(b, func() {
			if _, err := PNG(ex.d, ex.a, o); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("PNGx2", func(b *testing.B) {
		o := o
		o.Scale = 2
		loop(b, func() {
			if _, err := PNG(ex.d, ex.a, o); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// TestWriteDOT writes the benchmark graph for Graphviz with every node
// pinned where the layout put it, so neato -n2 only draws it: the
// comparison docs/performance.md reports.
func TestWriteDOT(t *testing.T) {
	if *dotOut == "" {
		t.Skip("pass -dot FILE to write the Graphviz comparison graph")
	}
	d := benchDesign(t)
	var b bytes.Buffer
	b.WriteString("digraph archway {\n  graph [splines=ortho];\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10, fixedsize=true];\n")
	const ppi = 72.0 // DOT positions are in points, sizes in inches
	for _, n := range d.Nodes {
		if n.X == nil {
			continue
		}
		x, y, w, h := *n.X, *n.Y, *n.W, *n.H
		// containers would overlap their contents, which makes neato give
		// up orthogonal routing: the graph holds the boxes that are nodes
		if n.Type == model.TypeVPC || n.Type == model.TypeSubnet {
			continue
		}
		fmt.Fprintf(&b, "  %q [label=%q, pos=\"%.2f,%.2f!\", width=%.3f, height=%.3f];\n",
			n.ID, n.DisplayLabel(), x+w/2, -(y + h/2), w/ppi, h/ppi)
	}
	for _, e := range d.Edges {
		fmt.Fprintf(&b, "  %q -> %q [xlabel=%q];\n", e.From, e.To, e.ID)
	}
	b.WriteString("}\n")
	require.NoError(t, os.WriteFile(*dotOut, b.Bytes(), 0o644))
}

// BenchmarkBuild1000 is the scene alone, without writing it: what SVG1000
// costs before the SVG writer.
func BenchmarkBuild1000(b *testing.B) {
	d := benchDesign(b)
	loop(b, func() {
		if _, err := build(d, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}
