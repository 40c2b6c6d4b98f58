package render

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestTextWidthIsSumOfAdvances(t *testing.T) {
	f := faceFor(false)
	one := textWidth("a", 12, false)
	require.Greater(t, one, 0.0)
	assert.InDelta(t, 3*one, textWidth("aaa", 12, false), 1e-9)
	assert.InDelta(t, 2*one, textWidth("a", 24, false), 1e-9)
	assert.Greater(t, textWidth("a", 12, true), 0.0)
	// an unmapped rune measures as .notdef, as the rasterizer draws it
	assert.InDelta(t, f.advance[0]*12/f.upem, textWidth("\U0001F600", 12, false), 1e-9)
}

func TestEllipsizeAndWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		max   float64
		lines int
	}{
		{"fits", "categram-fn", 200, 2},
		{"wraps at hyphen", "categram-fn-role-with-a-long-name", 90, 2},
		{"wraps at space", "Upload notification invokes categram-thumbs", 120, 3},
		{"no break point", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", 80, 2},
		{"one line", "a rather long label that will not fit", 60, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(nil, tc.in, 12, false, tc.max, tc.lines)
			require.NotEmpty(t, got)
			assert.LessOrEqual(t, len(got), tc.lines)
			for _, l := range got {
				assert.LessOrEqual(t, textWidth(l, 12, false), tc.max+1e-9, l)
			}
			if textWidth(tc.in, 12, false) <= tc.max {
				assert.Equal(t, []string{tc.in}, got)
			}
		})
	}
	assert.Equal(t, "categram-fn", ellipsize("categram-fn", 12, true, 500))
	short := ellipsize("categram-fn-role", 12, true, 60)
	assert.LessOrEqual(t, textWidth(short, 12, true), 60.0)
	assert.Contains(t, short, "…")
}

func TestSubsetFontKeepsUsedGlyphs(t *testing.T) {
	for _, bold := range []bool{false, true} {
		f := faceFor(bold)
		used := map[rune]bool{'A': true, 'é': true, '…': true, '7': true}
		sub, err := sfnt.Parse(subsetFont(f, used))
		require.NoError(t, err)
		require.Equal(t, f.font.NumGlyphs(), sub.NumGlyphs(), "glyph indices are kept")
		var b1, b2 sfnt.Buffer
		ppem := fixed.Int26_6(int(f.upem) << 6)
		for r := range used {
			g1, err := f.font.GlyphIndex(&b1, r)
			require.NoError(t, err)
			g2, err := sub.GlyphIndex(&b2, r)
			require.NoError(t, err)
			require.Equal(t, g1, g2)
			s1, err := f.font.LoadGlyph(&b1, g1, ppem, nil)
			require.NoError(t, err)
			s1 = append(sfnt.Segments(nil), s1...)
			s2, err := sub.LoadGlyph(&b2, g2, ppem, nil)
			require.NoError(t, err)
			assert.Equal(t, s1, s2, "outline of %q", r)
		}
		gz, err := sub.GlyphIndex(&b2, 'z')
		require.NoError(t, err)
		segs, err := sub.LoadGlyph(&b2, gz, ppem, nil)
		require.NoError(t, err)
		assert.Empty(t, segs, "unused glyphs are emptied")
		assert.Less(t, len(subsetFont(f, used)), len(f.ttf)/5)
	}
}
