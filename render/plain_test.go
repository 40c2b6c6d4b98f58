package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	"archway/model"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainSeeds are texts that must never reach the SVG unescaped: markup,
// entities, quotes, characters XML forbids, invalid UTF-8 (a lone
// surrogate, a cut rune) and text that ellipsizing cuts.
var plainSeeds = []string{
	"", "plain", `<script>alert(1)</script>`, `"><g onload="x">`, `' x='y`, "&amp;&#0;&lt;",
	"a\x00b", "\ufffe\uffff", "\ufffd", "\xed\xa0\x80lone", "\xe2\x82", "x\xc3", "é" + strings.Repeat("·→", 60),
	strings.Repeat("wide-label ", 30) + "&", strings.Repeat("é", 100) + "<", "  spaced  out  ", "\t\n\r",
	"10.0.0.0/16 <b>", "name\u2028line", "a\u0085b", "\u00a0nbsp",
}

// checkPlainScene asserts that every text and title or description the
// scene of d marks plain is valid UTF-8 that escaping leaves as it is: the
// SVG writer copies those as they are.
func checkPlainScene(t *testing.T, d *model.Design, a *model.Analysis, o Options) {
	t.Helper()
	s, err := build(d, a, o)
	require.NoError(t, err)
	plain := func(what, v string) {
		t.Helper()
		assert.True(t, utf8.ValidString(v), "%s %q", what, v)
		assert.Equal(t, v, string(appendText(nil, v)), "%s", what)
	}
	for _, blk := range s.texts.blocks {
		for _, it := range blk {
			if it.Plain {
				plain("text", it.Text)
			}
		}
	}
	for _, blk := range s.groups.blocks {
		for _, g := range blk {
			if g.TitlePlain {
				plain("title", g.Title)
			}
			if g.DescPlain {
				plain("desc", g.Desc)
			}
		}
	}
}

func TestPlainTextsNeedNoEscapes(t *testing.T) {
	for _, s := range plainSeeds {
		t.Run("", func(t *testing.T) {
			for _, a := range []*model.Analysis{nil, fuzzAnalysis(s)} {
				checkPlainScene(t, fuzzDesign(s), a, Options{Annotations: true, Select: "e1" + s})
				checkPlainScene(t, fuzzDesign(s), a, Options{})
			}
		})
	}
}

func FuzzPlainScene(f *testing.F) {
	for _, s := range plainSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPlainScene(t, fuzzDesign(s), fuzzAnalysis(s), Options{Annotations: true, Select: "e1" + s})
	})
}
