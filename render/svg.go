package render

import (
	"encoding/base64"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// svgWriter appends a scene to a byte slice. Everything the user wrote
// passes through escape; element and attribute names are constants.
type svgWriter struct {
	b  []byte
	ns string
	// the start of each glyph's <use> up to its x value, encoded once:
	// glyph i's is uses[useEnd[i-1]:useEnd[i]]
	uses   []byte
	useEnd []int

	// The attributes of brushes and of text styles, encoded once each: a
	// diagram has thousands of shapes and texts but a few dozen of these.
	// Slots are found by hash, then the next few (open addressing).
	attrs   []byte // the encoded attributes the slots refer to
	brushes [slots]slot
	styles  [slots]slot
}

// slots is the size of a table of encoded attributes: a power of two,
// above what diagrams use (some 25 brushes and 10 text styles).
const slots = 256

// slot holds the attributes of a brush or text style, attrs[at:end].
type slot struct {
	key     styleKey
	at, end int32 // end == 0: empty
}

// styleKey is a brush or a text style in a few words: comparing and
// hashing them takes a few instructions.
type styleKey struct{ a, b, c uint64 }

// hash is the slot for k.
func (k *styleKey) hash() int {
	return int(((k.a ^ k.b*0x9e3779b97f4a7c15 ^ k.c<<32) * 0xbf58476d1ce4e5b9) >> 56)
}

// bits is c in one word (read in one load).
func (c *rgba) bits() uint32 {
	return uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
}

// appendBrush appends the fill and stroke attributes of p, encoded once.
func (w *svgWriter) appendBrush(b []byte, s *scene, p *brush) []byte {
	k := styleKey{uint64(p.Fill.bits()) | uint64(p.Stroke.bits())<<32, math.Float64bits(p.Width), uint64(p.Dash) << 1}
	if p.Round {
		k.c |= 1
	}
	sl := find(&w.brushes, &k)
	if sl == nil {
		return appendPaint(b, p, s.dash(p))
	}
	if sl.end == 0 {
		at := len(w.attrs)
		w.attrs = appendPaint(w.attrs, p, s.dash(p))
		*sl = slot{key: k, at: int32(at), end: int32(len(w.attrs))}
	}
	return append(b, w.attrs[sl.at:sl.end]...)
}

// appendStyle appends a text's attributes after its position, encoded
// once, and the end of its start tag.
func (w *svgWriter) appendStyle(b []byte, v *textItem) []byte {
	k := styleKey{math.Float64bits(v.Size), uint64(v.Fill.bits()), uint64(v.Anchor) << 1}
	if v.Bold {
		k.c |= 1
	}
	sl := find(&w.styles, &k)
	if sl == nil {
		return appendStyle(b, v)
	}
	if sl.end == 0 {
		at := len(w.attrs)
		w.attrs = appendStyle(w.attrs, v)
		*sl = slot{key: k, at: int32(at), end: int32(len(w.attrs))}
	}
	return append(b, w.attrs[sl.at:sl.end]...)
}

// find returns the slot of k: the slot holding it or the empty one for
// it, or nil if there is none among the next few from its hash (a diagram
// with that many styles is written without caching them).
func find(table *[slots]slot, k *styleKey) *slot {
	h := k.hash()
	for i := range 8 {
		sl := &table[(h+i)%slots]
		if sl.end == 0 || sl.key == *k {
			return sl
		}
	}
	return nil
}

// appendStyle appends a text's attributes after its position and the end
// of its start tag.
func appendStyle(b []byte, v *textItem) []byte {
	b = append(b, `" font-size="`...)
	b = appendNum(b, v.Size)
	b = append(b, '"')
	if v.Bold {
		b = append(b, ` font-weight="700"`...)
	}
	switch v.Anchor {
	case anchorMiddle:
		b = append(b, ` text-anchor="middle"`...)
	case anchorEnd:
		b = append(b, ` text-anchor="end"`...)
	}
	b = appendColor(b, "fill", v.Fill)
	return append(b, '>')
}

// writeSVG encodes s at the given scale (the outer width and height; the
// viewBox stays in diagram units).
func writeSVG(s *scene, scale float64) []byte {
	w := &svgWriter{b: make([]byte, 0, sizeHint(s)), ns: s.NS, attrs: make([]byte, 0, 4096)}
	w.raw(`<svg xmlns="http://www.w3.org/2000/svg" id="`)
	w.id("", "")
	w.raw(`" class="archway" role="img" viewBox="`)
	w.num(s.X)
	w.raw(" ")
	w.num(s.Y)
	w.raw(" ")
	w.num(s.W)
	w.raw(" ")
	w.num(s.H)
	w.raw(`" width="`)
	w.num(s.W * scale)
	w.raw(`" height="`)
	w.num(s.H * scale)
	w.raw(`" font-family="`)
	w.raw(`'` + FontFamily + `', sans-serif">`)
	w.raw("\n<title>")
	w.text(s.Title)
	w.raw("</title>\n<desc>")
	w.text(s.Desc)
	w.raw("</desc>\n<style>")
	// Rules are scoped to this diagram: an inline SVG's style sheet applies
	// to the whole HTML page.
	w.raw("#")
	w.id("", "")
	w.raw(" text{user-select:none;-webkit-user-select:none}")
	if s.Standalone {
		w.fonts(s)
	}
	w.raw("</style>\n")
	if len(s.glyphs) > 0 {
		w.icons(s)
	}
	if s.Background.A != 0 {
		w.raw(`<rect x="`)
		w.num(s.X)
		w.raw(`" y="`)
		w.num(s.Y)
		w.raw(`" width="`)
		w.num(s.W)
		w.raw(`" height="`)
		w.num(s.H)
		w.raw(`"`)
		w.commit(appendColor(w.spare(64), "fill", s.Background))
		w.raw("/>\n")
	}
	w.elements(s)
	w.raw("</svg>\n")
	return w.b
}

// sizeHint is a little more than the SVG of s usually takes, fonts
// aside, so the buffer is allocated once: the canvas counts about what
// writeSVG writes for each element it adds, the user's text included
// (scene.hint).
func sizeHint(s *scene) int {
	n := 4096 + len(s.NS)*16 + s.hint
	if s.Standalone {
		n += 96 << 10 // the two font subsets, base64-encoded
	}
	return n
}

// groupHint is about what writeSVG writes for g, its elements aside.
func groupHint(g *group, ns string) int {
	n := 60 + 2*len(ns) + len(idKinds[g.IDKind]) + len(g.ID) + len(g.Class) + len(g.Title) + len(g.Desc)
	if g.IDKind != idNone {
		n += len(attrStarts[idAttrs[g.IDKind]]) + len(g.ID) + 1
	}
	for _, a := range g.Attrs {
		n += len(attrStarts[a.Name]) + len(a.Value) + 1
	}
	return n
}

// shapeHint is about what writeSVG writes for sh, dashed with a pattern
// of dashes values.
func shapeHint(sh *shape, dashes int) int { return 60 + 8*dashes + 20*int(sh.Op1-sh.Op0) }

// fonts embeds subsets of the two faces holding exactly the glyphs the
// scene's text uses, so exported files look the same anywhere.
func (w *svgWriter) fonts(s *scene) {
	used := [2]map[rune]bool{{}, {}}
	var ascii [2][utf8.RuneSelf]bool // most text: looked up here, not in the maps
	for _, blk := range s.texts.blocks {
		for j := range blk {
			t := &blk[j]
			i := 0
			if t.Bold {
				i = 1
			}
			for _, r := range t.Text {
				if r < utf8.RuneSelf {
					if ascii[i][r] {
						continue
					}
					ascii[i][r] = true
				}
				used[i][r] = true
			}
		}
	}
	for i, f := range fonts() {
		if len(used[i]) == 0 {
			continue
		}
		w.raw(`@font-face{font-family:'` + FontFamily + `';font-weight:`)
		if i == 1 {
			w.raw("700")
		} else {
			w.raw("400")
		}
		w.raw(";src:url(data:font/ttf;base64,")
		w.raw(base64.StdEncoding.EncodeToString(subsetFont(f, used[i])))
		w.raw(")}")
	}
}

// icons defines every glyph of the scene's icon table, sorted by name: the
// canvas registers a glyph when it places it. It also encodes the start
// of each glyph's <use>.
func (w *svgWriter) icons(s *scene) {
	sorted := make([]int, len(s.glyphs))
	for i := range sorted {
		sorted[i] = i
	}
	slices.SortFunc(sorted, func(a, b int) int { return strings.Compare(s.glyphs[a].Name, s.glyphs[b].Name) })
	w.raw("<defs>")
	for _, g := range sorted {
		w.raw(`<g id="`)
		w.id("i-", s.glyphs[g].Name)
		w.raw(`">`)
		for i := range s.glyphs[g].Shapes {
			w.shape(s, &s.glyphs[g].Shapes[i])
		}
		w.raw("</g>")
	}
	w.raw("</defs>\n")
	w.useEnd = make([]int, len(s.glyphs))
	n := 0
	for _, g := range s.glyphs {
		n += len(`<use href="#-i-" x="`) + len(w.ns) + 3*len(g.Name)
	}
	w.uses = make([]byte, 0, n)
	for i, g := range s.glyphs {
		w.uses = append(w.uses, `<use href="#`...)
		w.uses = appendID(w.uses, w.ns, "i-", g.Name)
		w.uses = append(w.uses, `" x="`...)
		w.useEnd[i] = len(w.uses)
	}
}

// elements writes the scene's elements in order.
func (w *svgWriter) elements(s *scene) {
	rects, shapes, texts, icons := s.rects.cursor(), s.shapes.cursor(), s.texts.cursor(), s.icons.cursor()
	groups := s.groups.cursor()
	for _, k := range s.kinds {
		switch k {
		case kindGroup:
			w.group(groups.next())
		case kindEnd:
			w.raw("</g>\n")
		case kindRect:
			w.rect(s, rects.next())
		case kindShape:
			w.shape(s, shapes.next())
		case kindText:
			w.textItem(texts.next())
		case kindIcon:
			w.use(icons.next())
		}
	}
}

// group opens a <g> for v.
func (w *svgWriter) group(v *group) {
	kind := idKinds[v.IDKind]
	// at least what is written: the markup (74 bytes), the id escaped up
	// to 3 bytes a byte and its data-*-id attribute up to 6, text up to 6
	k := 80 + len(w.ns) + len(kind) + 9*len(v.ID) + 6*(len(v.Class)+len(v.Title)+len(v.Desc))
	for _, a := range v.Attrs {
		k += 5 + len(attrStarts[a.Name]) + 6*len(a.Value)
	}
	b := w.spare(k)
	b = append(b, "<g"...)
	// an id written without _xx escapes has only letters, digits and '-',
	// which its data-*-id attribute below copies as they are
	plainID := false
	if kind != "" || v.ID != "" {
		b = append(b, ` id="`...)
		n := len(b)
		b = appendID(b, w.ns, kind, v.ID)
		plainID = len(b)-n == len(w.ns)+1+len(kind)+len(v.ID)
		b = append(b, '"')
	}
	if v.Class != "" {
		b = append(b, ` class="`...)
		b = append(b, v.Class...)
		b = append(b, '"')
	}
	if v.IDKind != idNone {
		b = append(b, attrStarts[idAttrs[v.IDKind]]...)
		if plainID {
			b = append(b, v.ID...)
		} else {
			b = appendText(b, v.ID)
		}
		b = append(b, '"')
	}
	for _, a := range v.Attrs {
		b = append(b, attrStarts[a.Name]...) // constant names chosen by the renderer
		// values are mostly ids and types: letters, digits and '-', copied
		// in a run before the rest is escaped
		j := 0
		for j < len(a.Value) && idByte[a.Value[j]] {
			j++
		}
		b = append(b, a.Value[:j]...)
		if j < len(a.Value) {
			b = appendText(b, a.Value[j:])
		}
		b = append(b, '"')
	}
	if v.Img {
		b = append(b, ` role="img"`...)
	}
	b = append(b, '>')
	if v.Title != "" {
		b = append(b, "<title>"...)
		if v.TitlePlain {
			b = append(b, v.Title...)
		} else {
			b = appendText(b, v.Title)
		}
		b = append(b, "</title>"...)
	}
	if v.Desc != "" {
		b = append(b, "<desc>"...)
		if v.DescPlain {
			b = append(b, v.Desc...)
		} else {
			b = appendText(b, v.Desc)
		}
		b = append(b, "</desc>"...)
	}
	w.commit(b)
}

func (w *svgWriter) rect(s *scene, v *rectItem) {
	dash := s.dash(&v.brush)
	b := w.spare(400 + 24*len(dash))
	b = append(b, `<rect x="`...)
	b = appendNum(b, v.B.X)
	b = append(b, `" y="`...)
	b = appendNum(b, v.B.Y)
	b = append(b, `" width="`...)
	b = appendNum(b, v.B.W)
	b = append(b, `" height="`...)
	b = appendNum(b, v.B.H)
	b = append(b, '"')
	if v.RX > 0 {
		b = append(b, ` rx="`...)
		b = appendNum(b, v.RX)
		b = append(b, '"')
	}
	b = w.appendBrush(b, s, &v.brush)
	w.commit(append(b, "/>"...))
}

func (w *svgWriter) shape(s *scene, v *shape) {
	blk := &s.paths[v.Blk]
	ops := blk.ops[v.Op0:v.Op1]
	dash := s.dash(&v.brush)
	b := w.spare(400 + 24*len(dash) + 80*len(ops))
	b = append(b, `<path d="`...)
	b = appendPathData(b, ops, blk.pts[v.Pt0:])
	b = append(b, '"')
	b = w.appendBrush(b, s, &v.brush)
	w.commit(append(b, "/>"...))
}

func (w *svgWriter) textItem(v *textItem) {
	b := w.spare(200 + 6*len(v.Text))
	b = append(b, `<text x="`...)
	b = appendNum(b, v.X)
	b = append(b, `" y="`...)
	b = appendNum(b, v.Y)
	b = w.appendStyle(b, v)
	if v.Plain {
		b = append(b, v.Text...)
	} else {
		b = appendText(b, v.Text)
	}
	w.commit(append(b, "</text>"...))
}

func (w *svgWriter) use(v *iconItem) {
	start := 0
	if v.Glyph > 0 {
		start = w.useEnd[v.Glyph-1]
	}
	use := w.uses[start:w.useEnd[v.Glyph]]
	b := w.spare(len(use) + 64)
	b = append(b, use...)
	b = appendNum(b, v.X)
	b = append(b, `" y="`...)
	b = appendNum(b, v.Y)
	w.commit(append(b, `"/>`...))
}

// appendPaint appends the fill and stroke attributes of p, whose dash
// pattern is dash.
func appendPaint(b []byte, p *brush, dash []float64) []byte {
	if p.Fill.A == 0 {
		b = append(b, ` fill="none"`...)
	} else {
		b = appendColor(b, "fill", p.Fill)
	}
	if p.Stroke.A == 0 || p.Width <= 0 {
		return b
	}
	b = appendColor(b, "stroke", p.Stroke)
	b = append(b, ` stroke-width="`...)
	b = appendNum(b, p.Width)
	b = append(b, '"')
	if len(dash) > 0 {
		b = append(b, ` stroke-dasharray="`...)
		for i, d := range dash {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendNum(b, d)
		}
		b = append(b, '"')
	}
	if p.Round {
		b = append(b, ` stroke-linecap="round" stroke-linejoin="round"`...)
	}
	return b
}

// appendColor appends name="#rrggbb" and, when translucent, name-opacity.
func appendColor(b []byte, name string, c rgba) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"', '#',
		hexDigits[c.R>>4], hexDigits[c.R&15], hexDigits[c.G>>4], hexDigits[c.G&15], hexDigits[c.B>>4], hexDigits[c.B&15], '"')
	if c.A != 255 {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, `-opacity="`...)
		b = strconv.AppendFloat(b, float64(c.A)/255, 'f', 3, 64)
		b = append(b, '"')
	}
	return b
}

// appendPathData appends the commands ops, whose points start at pts[0],
// as SVG path data.
func appendPathData(b []byte, ops []byte, pts []pt) []byte {
	k := 0
	for i, op := range ops {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, "MLQCZ"[op]) // the letters in the order of the op constants
		n := opPoints[op]
		for j := range n {
			if j > 0 {
				b = append(b, ' ')
			}
			b = appendNum(b, pts[k+j].X)
			b = append(b, ',')
			b = appendNum(b, pts[k+j].Y)
		}
		k += n
	}
	return b
}

// spare returns the buffer's free room, at least k bytes of it, as an
// empty slice to append an element to; commit then takes what was
// appended. Appending to a local slice and reslicing the buffer once
// stores no pointer per write (see raw).
func (w *svgWriter) spare(k int) []byte {
	n := len(w.b)
	if cap(w.b)-n < k {
		w.b = slices.Grow(w.b, k)
	}
	return w.b[n:n]
}

// commit takes b, which spare returned and the caller appended to, into
// the buffer; if b outgrew the room (it was moved), it is copied.
func (w *svgWriter) commit(b []byte) {
	n := len(w.b)
	if len(b) <= cap(w.b)-n && (len(b) == 0 || &b[0] == &w.b[n : n+1][0]) {
		w.b = w.b[:n+len(b)]
		return
	}
	w.b = append(w.b, b...)
}

// raw appends s. Within the buffer's capacity it reslices in place: a
// reslice of itself stores no new pointer, so while the collector runs it
// costs no write barrier, which append's result does.
func (w *svgWriter) raw(s string) {
	n := len(w.b)
	if n+len(s) > cap(w.b) {
		w.b = append(w.b, s...)
		return
	}
	w.b = w.b[:n+len(s)]
	copy(w.b[n:], s)
}

// num writes v rounded to 1/100 unit without trailing zeros.
func (w *svgWriter) num(v float64) { w.commit(appendNum(w.spare(24), v)) }

func appendNum(b []byte, v float64) []byte {
	// rounded half away from zero, in unsigned arithmetic: dividing by a
	// constant takes fewer instructions than with a sign
	neg := v < 0
	if neg {
		v = -v
	}
	if !(v < 1e16) {
		// beyond what int64 hundredths hold, where a float64 is a whole
		// number anyway; or NaN
		if neg {
			v = -v
		}
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	n := uint64(int64(v*100 + 0.5)) // through int64: one instruction
	if neg && n != 0 {
		b = append(b, '-')
	}
	// most numbers are coordinates below 10,000: their digits directly,
	// pairs of them from a table
	i := n / 100
	f := n - 100*i
	switch {
	case i < 10:
		b = append(b, byte('0'+i))
	case i < 100:
		b = append(b, twoDigits[2*i], twoDigits[2*i+1])
	case i < 1000:
		h, l := i/100, 2*(i%100)
		b = append(b, byte('0'+h), twoDigits[l], twoDigits[l+1])
	case i < 10000:
		h, l := 2*(i/100), 2*(i%100)
		b = append(b, twoDigits[h], twoDigits[h+1], twoDigits[l], twoDigits[l+1])
	case i < 100000: // tall diagrams have coordinates past 10,000
		r := i % 10000
		h, l := 2*(r/100), 2*(r%100)
		b = append(b, byte('0'+i/10000), twoDigits[h], twoDigits[h+1], twoDigits[l], twoDigits[l+1])
	default:
		b = strconv.AppendUint(b, i, 10)
	}
	if f != 0 {
		// both digits, then the second dropped if it is 0: whether it is
		// would be a branch mispredicted often
		b = append(b, '.', twoDigits[2*f], twoDigits[2*f+1])
		if b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	return b
}

// twoDigits holds "00" to "99", for appendNum.
const twoDigits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// plainByte marks the bytes text copies as they are: printable ASCII but
// for the five XML escapes.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	for _, c := range `&<>"'` {
		t[c] = false
	}
	return t
}()

// plain8 reports whether the 8 bytes of x are all plainByte, testing
// them together: a byte below 0x20, from 0x7f, or one of the five
// escapes makes its byte of bad nonzero in the top bit (borrows and
// carries only spill into bytes above one that is already flagged).
func plain8(x uint64) bool {
	const ones = 0x0101010101010101
	bad := (x - 0x20*ones) &^ x // below 0x20
	bad |= x | (x + ones)       // from 0x7f
	bad |= escapes8(x)
	return bad&(0x80*ones) == 0
}

// load8 returns the 8 bytes of s from i, the first in the low byte.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// id writes a namespaced element id: the namespace, then kind (a constant
// of the renderer) and local. Parts that came from the document are
// encoded to the characters XML names and CSS selectors accept without
// escaping: letters, digits and '-'; every other byte becomes _xx.
func (w *svgWriter) id(kind, local string) {
	w.commit(appendID(w.spare(len(w.ns)+len(kind)+3*len(local)+1), w.ns, kind, local))
}

// appendID appends the id of kind and local in namespace ns, as id writes it.
func appendID(b []byte, ns, kind, local string) []byte {
	b = append(b, ns...)
	if kind == "" && local == "" {
		return b
	}
	b = append(b, '-')
	b = append(b, kind...)
	for i := 0; i < len(local); {
		// copy the run of bytes kept as they are in one append
		j := i
		for j < len(local) && idByte[local[j]] {
			j++
		}
		b = append(b, local[i:j]...)
		if j == len(local) {
			break
		}
		c := local[j]
		b = append(b, '_', hexDigits[c>>4], hexDigits[c&15])
		i = j + 1
	}
	return b
}

// hexDigits are the digits of ids' _xx escapes and of colours.
const hexDigits = "0123456789abcdef"

// idByte marks the bytes ids keep: letters, digits and '-'.
var idByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
	}
	return t
}()

// text writes s escaped for element content and attribute values, dropping
// what XML cannot carry.
func (w *svgWriter) text(s string) { w.commit(appendText(w.spare(6*len(s)), s)) }

// appendText appends s as text writes it; it takes at most 6 bytes a byte
// of s (an entity, or U+FFFD for a stray byte).
func appendText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		// copy the run of bytes that need nothing in one append, the
		// common runes of labels (as "→" and "·") included
		j := i
		for {
			for j+8 <= len(s) && plain8(load8(s, j)) { // long runs 8 bytes at a time
				j += 8
			}
			for j < len(s) && plainByte[s[j]] {
				j++
			}
			if j < len(s) && s[j] >= utf8.RuneSelf {
				if n := plainRune(s, j); n > 0 {
					j += n
					continue
				}
			}
			break
		}
		b = append(b, s[i:j]...)
		if i = j; i == len(s) {
			return b
		}
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '&':
				b = append(b, "&amp;"...)
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				b = append(b, "&gt;"...)
			case '"':
				b = append(b, "&#34;"...)
			case '\'':
				b = append(b, "&#39;"...)
			case '\t':
				b = append(b, "&#9;"...)
			case '\n':
				b = append(b, "&#10;"...)
			case '\r':
				b = append(b, "&#13;"...)
			default:
				if c >= 0x20 && c != 0x7f {
					b = append(b, c)
				}
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, "\uFFFD"...)
		} else if xmlChar(r) {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}
