package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"archway/model"

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
		b := encodePNG(img)
		dumpFile(t, "sheet-go.png", b)
		b = encodePNG(toRGBA(got))
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
			if clean, _ := cleanAlready(tt.in); clean {
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
		{123456.78, "123456.78"}, {-1e7, "-10000000"}, {-0.05, "-0.05"}, {0.1, "0.1"},
		{-1e17, "-100000000000000000"}, {2.5e20, "250000000000000000000"}, {math.NaN(), "NaN"},
	} {
		assert.Equal(t, tt.want, string(appendNum(nil, tt.v)), "%v", tt.v)
		assert.Equal(t, "<"+tt.want, string(appendNum(append(make([]byte, 0, 64), '<'), tt.v)), "%v with room", tt.v)
	}
}

// TestAppendNumRandom checks appendNum against formatting the rounded
// hundredths, for numbers of every length.
func TestAppendNumRandom(t *testing.T) {
	want := func(v float64) string {
		n := int64(math.Abs(v)*100 + 0.5)
		s := strconv.FormatInt(n/100, 10)
		if f := n % 100; f != 0 {
			s += strings.TrimRight(fmt.Sprintf(".%02d", f), "0")
		}
		if v < 0 && n != 0 {
			s = "-" + s
		}
		return s
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		v := rng.Float64() * math.Pow(10, float64(rng.IntN(7))-1)
		if rng.IntN(8) == 0 {
			v = math.Round(v)
		}
		if rng.IntN(8) == 0 {
			v = -v
		}
		room := append(make([]byte, 0, 64), 'x')
		assert.Equal(t, "x"+want(v), string(appendNum(room, v)), "%v", v)
	}
}

// TestPlain8 checks the eight-byte tests of appendText and cleanAlready
// against testing each byte: every byte value at every position, among
// plain bytes of several kinds (which borrows and carries must not
// disturb).
func TestPlain8(t *testing.T) {
	for _, fill := range []byte{'a', ' ', '~', '(', '!', '#', '%', '=', '?'} {
		for c := range 256 {
			for pos := range 8 {
				b := bytes.Repeat([]byte{fill}, 8)
				b[pos] = byte(c)
				x := load8(string(b), 0)
				assert.Equal(t, plainByte[c], plain8(x), "byte %#x at %d among %q", c, pos, fill)
				assert.Equal(t, c >= 0x20 && c < 0x7f && fill >= 0x20, printable8(x), "printable: byte %#x at %d among %q", c, pos, fill)
				var spaces uint64
				for i, d := range b {
					if d == ' ' {
						spaces |= 0x80 << (8 * i)
					}
				}
				assert.Equal(t, spaces, spaces8(x), "spaces: byte %#x at %d among %q", c, pos, fill)
			}
		}
	}
}

// TestAppendText checks escaping at every position of short and long
// text, against escaping one byte at a time.
func TestAppendText(t *testing.T) {
	one := func(c byte) string {
		switch c {
		case '&':
			return "&amp;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		case '"':
			return "&#34;"
		case '\'':
			return "&#39;"
		case '\n':
			return "&#10;"
		case 0:
			return ""
		}
		return string(c)
	}
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 30} {
		for pos := range n {
			for _, c := range []byte{'&', '<', '>', '"', '\'', '\n', 0, 'x'} {
				in := bytes.Repeat([]byte("ab c"), n)[:n]
				in[pos] = c
				want := ""
				for _, b := range in {
					want += one(b)
				}
				assert.Equal(t, want, string(appendText(nil, string(in))), "%q", in)
			}
		}
	}
	assert.Equal(t, "a · b → c\uFFFD", string(appendText(nil, "a · b → c\xff")))
}

// TestWriterStyleTables checks that a scene with more brushes and text
// styles than the writer's tables hold is written as each element alone
// would be: the first ones from the tables, the rest encoded in place.
func TestWriterStyleTables(t *testing.T) {
	c := newCanvas("awtest")
	c.s.W, c.s.H = 100, 100
	var want bytes.Buffer
	for i := range 3 * slots {
		p := paint{Fill: rgba{uint8(i), 2, 3, 255}, Stroke: rgba{4, uint8(i / 2), 6, 200}, Width: float64(i%5) / 2}
		if i%3 == 0 {
			p.Dash = []float64{float64(i % 4), 2}
		}
		c.rect(box{1, 2, 3, 4}, 0, p)
		b := c.s.brush(&p)
		want.WriteString(`<rect x="1" y="2" width="3" height="4"`)
		want.Write(appendPaint(nil, &b, p.Dash))
		want.WriteString("/>")
		c.text(5, 6, float64(10+i%7), i%2 == 0, i%3, rgba{uint8(i), 0, 0, 255}, "t")
		want.WriteString(`<text x="5" y="6`)
		want.Write(appendStyle(nil, &textItem{Size: float64(10 + i%7), Bold: i%2 == 0, Anchor: uint8(i % 3), Fill: rgba{uint8(i), 0, 0, 255}}))
		want.WriteString("t</text>")
	}
	got := string(writeSVG(c.s, 1))
	start := strings.Index(got, "<rect")
	require.GreaterOrEqual(t, start, 0)
	assert.Equal(t, want.String()+"</svg>\n", got[start:])
}

// TestSizeHint checks that the writer's buffer is allocated once, a little
// larger than the SVG: for every example, with and without callouts,
// standalone, and for a large generated design.
func TestSizeHint(t *testing.T) {
	type tc struct {
		name string
		d    *model.Design
		a    *model.Analysis
		o    Options
	}
	var cases []tc
	for _, ex := range loadExamples(t) {
		cases = append(cases, tc{ex.name, ex.d, nil, Options{}}, tc{ex.name + "/annotated", ex.d, ex.a, Options{Annotations: true, Theme: "dark"}},
			tc{ex.name + "/standalone", ex.d, ex.a, Options{Standalone: true}})
	}
	cases = append(cases, tc{"generated", Route(genDesign(300)), nil, Options{}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := build(c.d, c.a, c.o)
			require.NoError(t, err)
			out := writeSVG(s, 1)
			assert.LessOrEqual(t, len(out), sizeHint(s), "the buffer grew")
			if !c.o.Standalone {
				assert.Less(t, sizeHint(s), len(out)+len(out)/5+8192, "the buffer is much too large")
			}
		})
	}
}

// TestCleanAlready checks the fast test against the careful one on text
// with spaces, control bytes, XML's escapes and non-ASCII runes at every
// position of strings around the 8-byte steps, and that a clean text it
// calls plain is one the writer copies as it is.
func TestCleanAlready(t *testing.T) {
	parts := []string{" ", "  ", "\t", "\x7f", "\x01", "·", "→", "\xff", "\u00a0", "~",
		"\u0085", "\u00a1", "\u07ff", "\u2028", "\u205f", "\u2080", "\u3000", "\xc2", "\xe2\x86", "\xe2\x86\x92\x92", "&", "<", ">", "\"", "'", "=", "?", "a&b"}
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 25} {
		base := strings.Repeat("abcdefg h", 4)[:n]
		for pos := range n {
			for _, p := range parts {
				for _, in := range []string{base[:pos] + p + base[pos:], base[:pos] + p} {
					checkCleanAlready(t, in)
				}
			}
		}
	}
}

// TestCleanPart checks that a part of a clean text, cut between any two
// runes, is cleaned by cleanPart as by cleanText.
func TestCleanPart(t *testing.T) {
	for _, s := range []string{"a → b: tcp 5432; allowed", "vpc0-ec2-0 → db : s3:GetObject +2", "café · ✓ x"} {
		require.Equal(t, s, cleanText(s), "the whole is clean")
		for i := range s {
			for j := i; j <= len(s); j++ {
				if !utf8.RuneStart(s[i]) || j < len(s) && !utf8.RuneStart(s[j]) {
					continue
				}
				assert.Equal(t, cleanText(s[i:j]), cleanPart(s[i:j]), "%q", s[i:j])
			}
		}
	}
}

// TestPlainRune checks the byte tests of plainRune against the Unicode
// tables for every code point, whole and cut short, between other text.
func TestPlainRune(t *testing.T) {
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) || r == utf8.RuneError {
			continue // U+FFFD is kept, but only after a careful look
		}
		e := string(r)
		for n := 1; n <= len(e); n++ {
			in := "a" + e[:n] + "b"
			if clean, plain := cleanAlready(in); clean != (cleanRunes(in) == in) || clean && plain != (string(appendText(nil, in)) == in) {
				assert.Fail(t, "cleanAlready disagrees", "%q", in)
			}
		}
	}
}

// FuzzEscape checks the word-at-a-time paths of appendText and
// cleanAlready against their byte-at-a-time definitions.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain text of some length", `a "quoted" & <tagged> 'text'`,
		"two  spaces here", " lead", "trail ", "tab\there\nand\x7f\x00", "Lambda · python3.12 → ✓", "\xff\xfe bad",
		"12345678  12345678", "1234567 ", "abcdefgh&", "\ufffd", "a \ufffd b", "\xef\xbf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf {
				switch c {
				case '&':
					want.WriteString("&amp;")
				case '<':
					want.WriteString("&lt;")
				case '>':
					want.WriteString("&gt;")
				case '"':
					want.WriteString("&#34;")
				case '\'':
					want.WriteString("&#39;")
				case '\t':
					want.WriteString("&#9;")
				case '\n':
					want.WriteString("&#10;")
				case '\r':
					want.WriteString("&#13;")
				default:
					if c >= 0x20 && c != 0x7f {
						want.WriteByte(c)
					}
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				want.WriteString("\uFFFD")
			} else if xmlChar(r) {
				want.WriteString(s[i : i+n])
			}
			i += n
		}
		assert.Equal(t, want.String(), string(appendText(nil, s)))
		checkCleanAlready(t, s)
	})
}

// checkCleanAlready checks cleanAlready(s) against cleanRunes and, for a
// clean s, what it says of escapes against appendText.
func checkCleanAlready(t *testing.T, s string) {
	t.Helper()
	clean, plain := cleanAlready(s)
	assert.Equal(t, cleanRunes(s) == s, clean, "%q", s)
	if clean {
		assert.Equal(t, string(appendText(nil, s)) == s, plain, "%q", s)
	}
}

// TestWriterNum checks num for numbers longer than the room it keeps for
// one, whatever the room left in the buffer.
func TestWriterNum(t *testing.T) {
	for _, v := range []float64{1627.83, -1e17, 2.5e20, 1e300, -math.MaxFloat64} {
		want := string(appendNum(nil, v))
		for room := range 40 {
			w := &svgWriter{b: make([]byte, 1, 1+room)}
			w.num(v)
			assert.Equal(t, "\x00"+want, string(w.b), "%v with %d bytes of room", v, room)
		}
	}
}
