package render

import (
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontFamily is the font-family name every SVG refers to. A page that shows
// the live (non-standalone) SVG declares it with @font-face rules that point
// at FontRegular (weight 400) and FontBold (weight 700).
const FontFamily = "Archway Go"

// FontRegular and FontBold are the TrueType files the renderer measures and
// draws text with (the Go fonts, BSD-3-Clause). The web server serves these
// bytes so the browser lays out text exactly as the renderer measured it.
var (
	FontRegular = goregular.TTF
	FontBold    = gobold.TTF
)

// face is one parsed font with the tables text layout needs, built once and
// read-only afterwards (sfnt.Font is safe for concurrent use with separate
// buffers).
type face struct {
	ttf     []byte
	font    *sfnt.Font
	upem    float64
	ascii   [128]uint16     // glyph index per ASCII rune
	glyphs  map[rune]uint16 // glyph index for the other mapped runes
	advance []float64       // advance width per glyph, font units
	// the advance of each ASCII rune's glyph, which most text is: one
	// lookup a byte instead of two, and no decoding
	asciiAdvance [128]float64
}

// fonts parses both faces on first use, so that commands that never draw
// pay nothing.
var fonts = sync.OnceValue(func() [2]*face {
	return [2]*face{mustFace(goregular.TTF), mustFace(gobold.TTF)}
})

// faceFor returns the regular or bold face.
func faceFor(bold bool) *face {
	if bold {
		return fonts()[1]
	}
	return fonts()[0]
}

func mustFace(ttf []byte) *face {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic("render: embedded font: " + err.Error())
	}
	var buf sfnt.Buffer
	upem := int(f.UnitsPerEm())
	ppem := fixed.Int26_6(upem << 6) // one pixel per font unit: exact values
	fc := &face{ttf: ttf, font: f, upem: float64(upem), glyphs: map[rune]uint16{}}
	fc.advance = make([]float64, f.NumGlyphs())
	for g := range fc.advance {
		a, err := f.GlyphAdvance(&buf, sfnt.GlyphIndex(g), ppem, font.HintingNone)
		if err != nil {
			panic("render: embedded font advance: " + err.Error())
		}
		fc.advance[g] = float64(a) / 64
	}
	// The Go fonts map runes only below U+10000.
	for r := rune(0); r < 0x10000; r++ {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			continue
		}
		if r < 128 {
			fc.ascii[r] = uint16(g)
		} else {
			fc.glyphs[r] = uint16(g)
		}
	}
	for r := range fc.asciiAdvance {
		fc.asciiAdvance[r] = fc.advance[fc.ascii[r]]
	}
	return fc
}

// glyph returns the glyph index for r; 0 (.notdef) when the font lacks it.
func (f *face) glyph(r rune) uint16 {
	if r >= 0 && r < 128 {
		return f.ascii[r]
	}
	return f.glyphs[r]
}

// width measures s at size px. The Go fonts have no kerning table, so the
// width is the sum of advances, which is what browsers compute too.
func (f *face) width(s string, size float64) float64 {
	var w float64
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			w += f.asciiAdvance[c]
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w += f.advance[f.glyph(r)]
		i += n
	}
	return w * size / f.upem
}

// textWidth measures s in the regular or bold face at size px.
func textWidth(s string, size float64, bold bool) float64 {
	return faceFor(bold).width(s, size)
}

// ellipsize shortens s with a trailing ellipsis so that it fits in max px.
func ellipsize(s string, size float64, bold bool, max float64) string {
	f := faceFor(bold)
	if f.width(s, size) <= max {
		return s
	}
	const ell = "…"
	budget := max - f.width(ell, size)
	var w float64
	for i, r := range s {
		w += f.advance[f.glyph(r)] * size / f.upem
		if w > budget {
			return trimRightSpace(s[:i]) + ell
		}
	}
	return s
}

// wrap breaks s into at most lines lines no wider than max px, breaking at
// spaces and after '-', '/', ':' and '.', and ellipsizes the last line; the
// lines are appended to out.
func wrap(out []string, s string, size float64, bold bool, max float64, lines int) []string {
	f := faceFor(bold)
	for s != "" && len(out) < lines {
		// the last line is ellipsized, which keeps it as it is if it fits;
		// any other that fits is kept: either way it is measured once
		if len(out) == lines-1 {
			out = append(out, ellipsize(s, size, bold, max))
			break
		}
		if f.width(s, size) <= max {
			out = append(out, s)
			break
		}
		// break at the last space that fits, else after punctuation
		space, other, w := -1, -1, 0.0
		for i, r := range s {
			w += f.advance[f.glyph(r)] * size / f.upem
			if w > max {
				break
			}
			switch r {
			case ' ':
				space = i
			case '-', '/', ':', '.', '_', ',':
				other = i + 1
			}
		}
		cut := space
		if cut <= 0 {
			cut = other
		}
		if cut <= 0 {
			out = append(out, ellipsize(s, size, bold, max))
			break
		}
		out = append(out, trimRightSpace(s[:cut]))
		s = trimLeftSpace(s[cut:])
	}
	return out
}

func trimRightSpace(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func trimLeftSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	return s
}
