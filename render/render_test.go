package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"archway/examples"
	"archway/model"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// example is a public example design with the analysis its golden was
// drawn from. The analysis is a snapshot in testdata (rewritten with
// -tags refresh -update), so the goldens change when the renderer changes,
// not when the engines do.
type example struct {
	name string
	d    *model.Design
	a    *model.Analysis
}

func loadExamples(t testing.TB) []example {
	t.Helper()
	type source struct {
		name string
		data []byte
	}
	var sources []source
	names, err := fs.Glob(examples.Designs(), "*.json")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	for _, name := range names {
		data, err := fs.ReadFile(examples.Designs(), name)
		require.NoError(t, err)
		sources = append(sources, source{strings.TrimSuffix(name, ".json"), data})
	}
	// the renderer's own designs: every node type, and edge cases
	own, err := filepath.Glob(filepath.Join("testdata", "designs", "*.json"))
	require.NoError(t, err)
	for _, p := range own {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		sources = append(sources, source{strings.TrimSuffix(filepath.Base(p), ".json"), data})
	}
	var out []example
	for _, src := range sources {
		d, problems := model.Decode(src.data)
		require.Empty(t, problems, src.name)
		snap := filepath.Join("testdata", "analysis", src.name+".json")
		if *update && canRefresh {
			a := freshAnalysis(d)
			b, err := json.MarshalIndent(a, "", "  ")
			require.NoError(t, err)
			require.NoError(t, os.MkdirAll(filepath.Dir(snap), 0o755))
			require.NoError(t, os.WriteFile(snap, append(b, '\n'), 0o644))
		}
		b, err := os.ReadFile(snap)
		require.NoError(t, err, "run go test -tags refresh ./render -update to create the analysis snapshots")
		var a model.Analysis
		require.NoError(t, json.Unmarshal(b, &a))
		out = append(out, example{src.name, d, &a})
	}
	return out
}

// wellFormed parses the whole document as XML.
func wellFormed(t *testing.T, svg []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		require.NoError(t, err, "output must be well-formed XML")
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./render -update to create the goldens")
	if !bytes.Equal(want, got) {
		// report the first differing line, not two whole documents
		wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
		for i := 0; i < max(len(wl), len(gl)); i++ {
			w, g := "", ""
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Errorf("golden %s differs at line %d (run with -update if the change is intended):\nwant %.300s\ngot  %.300s", name, i+1, w, g)
				return
			}
		}
	}
}

func TestGoldenSVG(t *testing.T) {
	for _, ex := range loadExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			got, err := SVG(ex.d, ex.a, Options{Annotations: true})
			require.NoError(t, err)
			wellFormed(t, got)
			golden(t, ex.name+".svg", got)
			dumpFile(t, ex.name+".svg", got)
		})
	}
}

// TestGoldenSVGOptions covers the options that change the drawing: dark
// theme with a selected edge, no analysis, annotations off, transparent
// background with padding and scale.
func TestGoldenSVGOptions(t *testing.T) {
	exs := map[string]example{}
	for _, ex := range loadExamples(t) {
		exs[ex.name] = ex
	}
	tests := []struct {
		name    string
		example string
		noA     bool
		o       Options
	}{
		{"E03-dark-selected", "E03", false, Options{Annotations: true, Theme: "dark", Select: "fetch-imdb"}},
		{"E05-no-analysis", "E05", true, Options{Annotations: true}},
		{"E02-plain", "E02", false, Options{}},
		{"E11-transparent", "E11", false, Options{Transparent: true, Padding: 60, Scale: 2, ID: "diagram-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := exs[tc.example]
			a := ex.a
			if tc.noA {
				a = nil
			}
			got, err := SVG(ex.d, a, tc.o)
			require.NoError(t, err)
			wellFormed(t, got)
			golden(t, tc.name+".svg", got)
			dumpFile(t, tc.name+".svg", got)
		})
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	for _, ex := range loadExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			o := Options{Annotations: true, Standalone: true}
			first, err := SVG(ex.d, ex.a, o)
			require.NoError(t, err)
			firstPNG, err := PNG(ex.d, ex.a, o)
			require.NoError(t, err)
			for range 3 {
				again, err := SVG(ex.d, ex.a, o)
				require.NoError(t, err)
				assert.Equal(t, first, again)
				againPNG, err := PNG(ex.d, ex.a, o)
				require.NoError(t, err)
				assert.Equal(t, firstPNG, againPNG)
			}
		})
	}
}

func TestSVGCarriesWhatTheEditorNeeds(t *testing.T) {
	for _, ex := range loadExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			out, err := SVG(ex.d, ex.a, Options{Annotations: true, ID: "dg"})
			require.NoError(t, err)
			s := string(out)
			assert.Contains(t, s, `role="img"`)
			assert.NotContains(t, s, "@font-face", "live SVGs reference the font family only")
			assert.NotContains(t, s, "foreignObject")
			assert.Contains(t, s, `font-family="'`+FontFamily)
			for _, n := range ex.d.Nodes {
				assert.Contains(t, s, `data-node-id="`+n.ID+`"`, "node %s", n.ID)
			}
			verdicts := map[string]model.Verdict{}
			for _, r := range ex.a.Edges {
				verdicts[r.ID] = r.Verdict
			}
			for _, e := range ex.d.Edges {
				assert.Contains(t, s, `<g id="dg-e-`, "edge %s", e.ID)
				assert.Contains(t, s, `data-edge-id="`+e.ID+`" data-verdict="`+string(verdicts[e.ID])+`"`, "edge %s", e.ID)
			}
			// every element id is namespaced and unique
			ids := regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(s, -1)
			seen := map[string]bool{}
			for _, m := range ids {
				assert.True(t, strings.HasPrefix(m[1], "dg"), m[1])
				assert.False(t, seen[m[1]], "duplicate id %s", m[1])
				seen[m[1]] = true
			}
		})
	}
}

func TestStandaloneEmbedsFontSubsets(t *testing.T) {
	ex := loadExamples(t)[0]
	live, err := SVG(ex.d, ex.a, Options{Annotations: true})
	require.NoError(t, err)
	full, err := SVG(ex.d, ex.a, Options{Annotations: true, Standalone: true})
	require.NoError(t, err)
	wellFormed(t, full)
	assert.Contains(t, string(full), "@font-face{font-family:'"+FontFamily+"';font-weight:400;src:url(data:font/ttf;base64,")
	assert.Contains(t, string(full), "font-weight:700")
	// the subsets are a fraction of the two font files
	assert.Less(t, len(full)-len(live), (len(FontRegular)+len(FontBold))/3)
}

func TestPNGSizeFollowsScale(t *testing.T) {
	ex := loadExamples(t)[0]
	sizes := map[float64][2]int{}
	for _, scale := range []float64{1, 2} {
		b, err := PNG(ex.d, ex.a, Options{Scale: scale, Transparent: scale == 2})
		require.NoError(t, err)
		img, err := png.Decode(bytes.NewReader(b))
		require.NoError(t, err)
		sizes[scale] = [2]int{img.Bounds().Dx(), img.Bounds().Dy()}
		if scale == 2 {
			_, _, _, a := img.At(0, 0).RGBA()
			assert.Zero(t, a, "transparent background")
		}
	}
	assert.InDelta(t, 2*sizes[1][0], sizes[2][0], 2)
	assert.InDelta(t, 2*sizes[1][1], sizes[2][1], 2)

	// a huge scale is reduced so no side exceeds 8,000 pixels
	b, err := PNG(ex.d, ex.a, Options{Scale: 50})
	require.NoError(t, err)
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	require.NoError(t, err)
	assert.LessOrEqual(t, max(cfg.Width, cfg.Height), maxSide)
	assert.GreaterOrEqual(t, max(cfg.Width, cfg.Height), maxSide-1)
}

func TestOptionErrors(t *testing.T) {
	ex := loadExamples(t)[0]
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"theme", Options{Theme: "sepia"}, `unknown theme "sepia"`},
		{"negative scale", Options{Scale: -1}, "scale"},
		{"huge scale", Options{Scale: 1000}, "scale"},
		{"unknown edge", Options{Select: "nope"}, `no edge "nope"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SVG(ex.d, ex.a, tc.o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			_, err = PNG(ex.d, ex.a, tc.o)
			require.Error(t, err)
		})
	}
	_, err := SVG(nil, nil, Options{})
	require.Error(t, err)
}

// routeLaidOutTwice is Route as it was before layoutRouted: Layout, then a
// drawer that lays the copy out again.
func routeLaidOutTwice(t *testing.T, d *model.Design) *model.Design {
	t.Helper()
	out := Layout(d)
	dr, err := newDrawer(out, nil, Options{})
	require.NoError(t, err)
	dr.drawShapes()
	dr.routeAll()
	return dr.routed(d, out)
}

// TestRouteLaysOutOnce: Route and RouteSVG lay a design out once when its
// boxes are all given and rounded, and return what laying it out twice
// returns, for such designs and for the others.
func TestRouteLaysOutOnce(t *testing.T) {
	fresh := func() *model.Design { return genDesign(60) }
	placed := func() *model.Design { return Route(genDesign(60)) }
	tests := []struct {
		name string
		d    func() *model.Design
		once bool
	}{
		{"not positioned", fresh, false},
		{"positioned and routed", placed, true},
		{"positioned, without routes", func() *model.Design {
			d := placed()
			for _, n := range d.Nodes {
				n.RoleRoute = nil
			}
			for _, e := range d.Edges {
				e.Route = nil
			}
			return d
		}, true},
		{"positions not rounded", func() *model.Design {
			d := placed()
			for _, n := range d.Nodes {
				if n.X != nil {
					x := *n.X + 0.004
					n.X = &x
				}
			}
			return d
		}, false},
		{"a nil node", func() *model.Design {
			d := placed()
			d.Nodes = append(d.Nodes[:3:3], append([]*model.Node{nil}, d.Nodes[3:]...)...)
			return d
		}, false},
		{"a repeated node", func() *model.Design {
			d := placed()
			d.Nodes = append(d.Nodes, d.Nodes[len(d.Nodes)-1])
			return d
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d()
			before, err := json.Marshal(d)
			require.NoError(t, err)
			_, g := layoutRouted(d)
			assert.Equal(t, tt.once, g.ix.Design == d, "d's own geometry is used")

			want := routeLaidOutTwice(t, d)
			assert.Equal(t, want, Route(d))
			r, svg, err := RouteSVG(d, nil, Options{ID: "x"})
			require.NoError(t, err)
			assert.Equal(t, want, r)
			wantSVG, err := SVG(want, nil, Options{ID: "x"})
			require.NoError(t, err)
			assert.Equal(t, string(wantSVG), string(svg))

			after, err := json.Marshal(d)
			require.NoError(t, err)
			assert.JSONEq(t, string(before), string(after), "d is not modified")
		})
	}
}

// TestRouteSVGOfNoDesign: a nil design is an error, as for SVG, whether
// or not callouts are asked for.
func TestRouteSVGOfNoDesign(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    *model.Analysis
		o    Options
	}{
		{"plain", nil, Options{}},
		{"annotated", &model.Analysis{}, Options{Annotations: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, svg, err := RouteSVG(nil, tc.a, tc.o)
			assert.ErrorIs(t, err, errNoDesign)
			assert.Nil(t, r)
			assert.Nil(t, svg)
		})
	}
}
