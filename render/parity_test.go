package render

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Parity tolerance: the same limits the stack research set for "the PNG is
// the picture the browser shows" (it measured 0.29 mean / 0.06 %).
const (
	maxMeanDiff = 1.5   // mean absolute difference per channel, 0–255
	maxOffShare = 0.005 // share of pixels with a channel off by more than 64
)

// TestPNGMatchesChromium renders example diagrams both ways, Chromium
// drawing the exported (standalone) SVG and the rasterizer drawing the
// scene, and compares the pixels.
func TestPNGMatchesChromium(t *testing.T) {
	ctx := chromium(t)
	exs := map[string]example{}
	for _, ex := range loadExamples(t) {
		exs[ex.name] = ex
	}
	tests := []struct {
		name, example string
		o             Options
	}{
		{"E05", "E05", Options{Annotations: true}},
		{"E03-dark-selected", "E03", Options{Annotations: true, Theme: "dark", Select: "fetch-imdb"}},
		{"E07-plain", "E07", Options{}},
		{"E11", "E11", Options{Annotations: true}},
		{"all-types-dark-selected", "all-types", Options{Annotations: true, Theme: "dark", Select: "query"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := exs[tc.example]
			o := tc.o
			o.Standalone = true
			s, err := build(ex.d, ex.a, o)
			require.NoError(t, err)
			svg := writeSVG(s, 1)
			img, err := rasterize(s, 1)
			require.NoError(t, err)
			got := screenshot(t, ctx, svg, img.Bounds().Dx(), img.Bounds().Dy())
			mean, off := pixelDiff(img, got)
			t.Logf("%s: %dx%d, mean abs diff %.3f, %.4f %% of pixels off by > 64", tc.name, img.Bounds().Dx(), img.Bounds().Dy(), mean, off*100)
			if *dump != "" {
				b := encodePNG(img)
				dumpFile(t, tc.name+"-go.png", b)
				b = encodePNG(toRGBA(got))
				dumpFile(t, tc.name+"-chromium.png", b)
			}
			assert.LessOrEqual(t, mean, maxMeanDiff)
			assert.LessOrEqual(t, off, maxOffShare)
		})
	}
}
