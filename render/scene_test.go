package render

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// iconSheet is a scene with every glyph, text in both weights and anchors,
// dashed and solid strokes and translucent fills: the primitives the
// diagrams are made of.
func iconSheet() *scene {
	c := newCanvas("awtest")
	c.s.W, c.s.H = 760, 420
	c.s.Background = lightTheme.bg
	c.s.Title = "icon sheet"
	names := []string{"lambda", "ec2-instance", "vpc", "subnet", "az", "region", "route-table",
		"internet-gateway", "nat-gateway", "vpc-endpoint", "security-group", "network-acl", "iam-role",
		"iam-user", "dynamodb-table", "rds-cluster", "s3-bucket", "sqs-queue", "sns-topic",
		"efs-filesystem", "cloudwatch-logs", "cloudwatch-metrics", "xray", "internet-host",
		"external-account", "generic", "check", "cross", "bang"}
	for i, n := range names {
		x, y := 20+float64(i%10)*72, 20+float64(i/10)*80
		c.rect(box{x, y, 40, 40}, 6, paint{Fill: categoryOf(n)})
		c.icon(n, x+8, y+8, 24, rgba{255, 255, 255, 255})
		c.text(x+20, y+56, 10, false, anchorMiddle, lightTheme.text, cleanText(n))
	}
	c.rect(box{20, 270, 300, 120}, 10, paint{Fill: lightTheme.privateFill, Stroke: lightTheme.private, Width: 1.5, Dash: []float64{6, 4}})
	c.text(30, 292, 14, true, anchorStart, lightTheme.text, "Bold 14 px — private subnet")
	c.text(310, 380, 12, false, anchorEnd, lightTheme.muted, "10.16.32.0/20 · us-east-1a")
	var p path
	p.moveTo(340, 300)
	p.lineTo(500, 300)
	p.lineTo(500, 380)
	p.lineTo(700, 380)
	c.path(p, paint{Stroke: lightTheme.blocked, Width: 2, Dash: []float64{7, 5}})
	var a path
	a.moveTo(710, 380)
	a.lineTo(698, 374)
	a.lineTo(698, 386)
	a.close()
	c.path(a, paint{Fill: lightTheme.blocked})
	c.rect(box{540, 290, 180, 40}, 20, paint{Fill: lightTheme.allowed.alpha(0.3), Stroke: lightTheme.allowed, Width: 1})
	c.text(630, 315, 12, true, anchorMiddle, lightTheme.text, "dynamodb:PutItem …")
	return c.s
}

func TestSceneSVGIsWellFormed(t *testing.T) {
	for _, standalone := range []bool{false, true} {
		s := iconSheet()
		s.Standalone = standalone
		out := writeSVG(s, 1)
		var v any
		require.NoError(t, xml.Unmarshal(out, &v))
		assert.Contains(t, string(out), `<use href="#awtest-i-lambda-240-ffffffff"`)
		assert.Equal(t, standalone, bytes.Contains(out, []byte("@font-face")))
	}
}

// TestRasterMatchesChromium is the "same picture" guarantee at the level of
// primitives: Chromium's rendering of the standalone SVG and the
// rasterizer's PNG must agree within mean 1.5 and 0.5 % of pixels off by
// more than 64.
func TestRasterMatchesChromium(t *testing.T) {
	ctx := chromium(t)
	s := iconSheet()
	s.Standalone = true
	svg := writeSVG(s, 1)
	img, err := rasterize(s, 1)
	require.NoError(t, err)
	got := screenshot(t, ctx, svg, int(s.W), int(s.H))
	mean, off := pixelDiff(img, got)
	t.Logf("icon sheet: mean abs diff %.3f, %.3f %% pixels off by > 64", mean, off*100)
	if *dump != "" {
		b, _ := encodePNG(img)
		dumpFile(t, "sheet-go.png", b)
		b, _ = encodePNG(toRGBA(got))
		dumpFile(t, "sheet-chromium.png", b)
		dumpFile(t, "sheet.svg", svg)
	}
	assert.LessOrEqual(t, mean, maxMeanDiff)
	assert.LessOrEqual(t, off, maxOffShare)
}

func TestCleanText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"sn-private-a", "sn-private-a"},
		{"Cats table (eu)", "Cats table (eu)"},
		{" lead", "lead"},
		{"trail ", "trail"},
		{"two  spaces", "two spaces"},
		{"tab\there", "tab here"},
		{"line\nbreak\r\n", "line break"},
		{"bell\x07 del\x7f", "bell del"},
		{"café → ✓", "café → ✓"},
		{"nbsp\u00a0here", "nbsp here"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"\ufffe\U0001F600", "\U0001F600"},
		{"Lambda · python3.12", "Lambda · python3.12"},
		{"a → b ", "a → b"},
		{"a\u2028b", "a b"},
		{"ok \ufffd", "ok \uFFFD"},
		{"ctl\u0085x", "ctl x"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, cleanText(tt.in))
			// the fast path only ever takes what the careful one keeps
			if cleanAlready(tt.in) {
				assert.Equal(t, tt.in, cleanRunes(tt.in))
			}
			assert.Equal(t, cleanRunes(tt.in), cleanText(tt.in))
		})
	}
}

// TestAppendNum checks numbers as the SVG writes them: rounded to 1/100,
// without trailing zeros, at every length of the whole part.
func TestAppendNum(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {0.004, "0"}, {0.005, "0.01"}, {-0.004, "0"}, {-0.5, "-0.5"},
		{7.1, "7.1"}, {42.25, "42.25"}, {999.999, "1000"}, {1627.83, "1627.83"},
		{20544.5, "20544.5"}, {-12345.67, "-12345.67"}, {99999.994, "99999.99"},
		{123456.78, "123456.78"}, {-1e7, "-10000000"},
	} {
		assert.Equal(t, tt.want, string(appendNum(nil, tt.v)), "%v", tt.v)
	}
}
