package render

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scene is the one picture both back ends draw: every shape, path and
// text run in absolute diagram coordinates, grouped the way the editor
// needs them. It only holds what both the SVG writer and the rasterizer
// implement: rounded rectangles, paths of lines and Bézier curves, solid
// paint, dashes and single-line text with an explicit position, size,
// weight and anchor.

// rgba is a non-premultiplied colour; A == 0 means "none".
type rgba struct{ R, G, B, A uint8 }

// hex parses "#rrggbb" at package initialisation of the colour tables.
func hex(s string) rgba {
	v := func(i int) uint8 {
		d := func(c byte) uint8 {
			switch {
			case c >= 'a':
				return c - 'a' + 10
			case c >= 'A':
				return c - 'A' + 10
			}
			return c - '0'
		}
		return d(s[i])<<4 | d(s[i+1])
	}
	return rgba{v(1), v(3), v(5), 255}
}

// alpha returns c with opacity a in [0,1].
func (c rgba) alpha(a float64) rgba {
	c.A = uint8(math.Round(float64(c.A) * a))
	return c
}

// pt is a point in diagram units.
type pt struct{ X, Y float64 }

// box is an axis-aligned rectangle.
type box struct{ X, Y, W, H float64 }

func (b box) right() float64  { return b.X + b.W }
func (b box) bottom() float64 { return b.Y + b.H }
func (b box) cx() float64     { return b.X + b.W/2 }
func (b box) cy() float64     { return b.Y + b.H/2 }

// inset grows (d < 0) or shrinks (d > 0) b on every side.
func (b box) inset(d float64) box { return box{b.X + d, b.Y + d, b.W - 2*d, b.H - 2*d} }

// overlaps reports whether the interiors of a and b intersect.
func (b box) overlaps(o box) bool {
	return b.X < o.right() && o.X < b.right() && b.Y < o.bottom() && o.Y < b.bottom()
}

// contains reports whether o lies inside b.
func (b box) contains(o box) bool {
	const eps = 1e-6
	return o.X >= b.X-eps && o.Y >= b.Y-eps && o.right() <= b.right()+eps && o.bottom() <= b.bottom()+eps
}

// union returns the smallest box holding b and o; a zero b is empty.
func (b box) union(o box) box {
	if b.W == 0 && b.H == 0 {
		return o
	}
	// right and bottom written out: small enough to be inlined
	x0, y0 := min(b.X, o.X), min(b.Y, o.Y)
	x1, y1 := max(b.X+b.W, o.X+o.W), max(b.Y+b.H, o.Y+o.H)
	return box{x0, y0, x1 - x0, y1 - y0}
}

// Path operators.
const (
	opMove byte = iota
	opLine
	opQuad
	opCube
	opClose
)

// seg is one path command; P holds its 1 (move, line), 2 (quad) or 3
// (cube) points.
type seg struct {
	Op byte
	P  [3]pt
}

// path is a sequence of commands in absolute coordinates.
type path []seg

// push appends s. Paths are mostly built in a reused buffer: with room,
// it reslices the path in place, which stores no pointer and so costs no
// write barrier while the collector runs (append's result would).
func (p *path) push(s seg) {
	n := len(*p)
	if n == cap(*p) {
		*p = append(*p, s)
		return
	}
	*p = (*p)[:n+1]
	(*p)[n] = s
}

func (p *path) moveTo(x, y float64) { p.push(seg{Op: opMove, P: [3]pt{{x, y}}}) }
func (p *path) lineTo(x, y float64) { p.push(seg{Op: opLine, P: [3]pt{{x, y}}}) }
func (p *path) quadTo(x1, y1, x, y float64) {
	p.push(seg{Op: opQuad, P: [3]pt{{x1, y1}, {x, y}}})
}
func (p *path) cubeTo(x1, y1, x2, y2, x, y float64) {
	p.push(seg{Op: opCube, P: [3]pt{{x1, y1}, {x2, y2}, {x, y}}})
}
func (p *path) close() { p.push(seg{Op: opClose}) }

// kappa places cubic control points so four curves approximate a circle
// (radial error below 0.03 %).
const kappa = 0.5522847498

// ellipse appends a closed ellipse centred on (cx, cy).
func (p *path) ellipse(cx, cy, rx, ry float64) {
	kx, ky := rx*kappa, ry*kappa
	p.moveTo(cx+rx, cy)
	p.cubeTo(cx+rx, cy+ky, cx+kx, cy+ry, cx, cy+ry)
	p.cubeTo(cx-kx, cy+ry, cx-rx, cy+ky, cx-rx, cy)
	p.cubeTo(cx-rx, cy-ky, cx-kx, cy-ry, cx, cy-ry)
	p.cubeTo(cx+kx, cy-ry, cx+rx, cy-ky, cx+rx, cy)
	p.close()
}

// roundRect appends a closed rectangle with corner radius r, drawn in the
// same direction and with the same curves SVG uses for <rect rx>.
func (p *path) roundRect(b box, r float64) {
	r = min(r, min(b.W, b.H)/2)
	if r <= 0 {
		p.moveTo(b.X, b.Y)
		p.lineTo(b.right(), b.Y)
		p.lineTo(b.right(), b.bottom())
		p.lineTo(b.X, b.bottom())
		p.close()
		return
	}
	k := r * (1 - kappa)
	x0, y0, x1, y1 := b.X, b.Y, b.right(), b.bottom()
	p.moveTo(x0+r, y0)
	p.lineTo(x1-r, y0)
	p.cubeTo(x1-k, y0, x1, y0+k, x1, y0+r)
	p.lineTo(x1, y1-r)
	p.cubeTo(x1, y1-k, x1-k, y1, x1-r, y1)
	p.lineTo(x0+r, y1)
	p.cubeTo(x0+k, y1, x0, y1-k, x0, y1-r)
	p.lineTo(x0, y0+r)
	p.cubeTo(x0, y0+k, x0+k, y0, x0+r, y0)
	p.close()
}

// paint is how a shape is filled and stroked.
type paint struct {
	Fill   rgba
	Stroke rgba
	Width  float64   // stroke width
	Dash   []float64 // dash pattern; nil for solid
	Round  bool      // round caps and joins instead of butt caps and miter joins
}

// pathItem is a path of lines and curves of an icon glyph, as the icon set
// draws it: the canvas copies a glyph's paths into its scene's path store
// when it registers the glyph.
type pathItem struct {
	D path
	paint
}

// brush is a paint as the scene keeps it: its dash pattern is a number
// in the scene's table of them, so that the scene's rectangles and shapes
// hold no pointers for the collector to follow.
type brush struct {
	Fill   rgba
	Stroke rgba
	Width  float64
	Dash   uint16 // 1 + the pattern's index in scene.dashes; 0 for solid
	Round  bool
}

// rectItem is a rectangle with optional rounded corners.
type rectItem struct {
	B  box
	RX float64
	brush
}

// shape is a path of the scene: its commands are ops[Op0:Op1] of block
// Blk of the scene's path store and its points start at pts[Pt0] of that
// block. Offsets instead of slices keep the store a few flat arrays
// without pointers.
type shape struct {
	Blk, Op0, Op1, Pt0 int32
	brush
}

// Text anchors, as SVG's text-anchor.
const (
	anchorStart = iota
	anchorMiddle
	anchorEnd
)

// textItem is one line of text; (X, Y) is the anchor point on the baseline.
type textItem struct {
	X, Y   float64
	Size   float64
	Bold   bool
	Anchor uint8
	Fill   rgba
	Plain  bool   // Text is plain (cleanTextPlain): written as it is
	Text   string // already cleaned by cleanText
}

// iconItem places a glyph from the scene's icon set with its top-left
// corner at (X, Y), untransformed otherwise. The SVG writer emits each
// glyph once in <defs> and refers to it with <use>.
type iconItem struct {
	X, Y  float64
	Glyph int // index in scene.glyphs
}

// glyph is an icon drawn at a size in a colour, in a 0..size box.
type glyph struct {
	Name   string // unique within the scene, the local part of its id
	Shapes []shape
}

// attr is a data-* attribute of a group.
type attr struct {
	Name  uint8 // its name in attrStarts
	Value string
}

// The names of groups' attributes, as attr.Name numbers them: a number
// keeps an attribute three words long instead of four.
const (
	attrNodeID uint8 = iota
	attrType
	attrEdgeID
	attrVerdict
	attrFrom
	attrTo
	attrAZ
	attrSubnet
)

// attrStarts are the attributes' names as the SVG writer writes them,
// with the space before and the start of the value, in one append.
var attrStarts = [...]string{
	attrNodeID:  ` data-node-id="`,
	attrType:    ` data-type="`,
	attrEdgeID:  ` data-edge-id="`,
	attrVerdict: ` data-verdict="`,
	attrFrom:    ` data-from="`,
	attrTo:      ` data-to="`,
	attrAZ:      ` data-az="`,
	attrSubnet:  ` data-subnet="`,
}

// group holds items the editor addresses together (a node, an edge).
// Its metadata is written to SVG only; it does not change the picture.
type group struct {
	ID    string // with IDKind unique within the scene, before namespacing
	Class string // the renderer's constants, written as they are
	// data-* attributes, in order, after the data-node-id or data-edge-id
	// of a node's or an edge's group (IDKind), which is its ID
	Attrs []attr
	Title string
	Desc  string
	// IDKind is what is written before ID, in idKinds: "n-" for nodes,
	// "e-" for edges
	IDKind uint8
	Img    bool // role="img"
	// Title and Desc are plain (cleanTextPlain): written as they are,
	// not escaped
	TitlePlain, DescPlain bool
}

// The kinds of group ids (group.IDKind), and what they write before the id.
const (
	idNone uint8 = iota
	idNode
	idEdge
)

var idKinds = [...]string{idNone: "", idNode: "n-", idEdge: "e-"}

// idAttrs are the attributes that carry the ID of a group of each kind.
var idAttrs = [...]uint8{idNode: attrNodeID, idEdge: attrEdgeID}

// What an element of a scene is (scene.kinds).
const (
	kindGroup byte = iota // a group opens: the next of scene.groups
	kindEnd               // the innermost open group ends
	kindRect
	kindShape
	kindText
	kindIcon
)

// scene is a complete picture.
//
// Its elements are stored flat, in drawing order: kinds says what each
// one is, and each kind's elements are taken in turn from its own store,
// a group's items being the elements between it and its kindEnd. A large
// diagram has tens of thousands of elements; stored so, they take a few
// blocks of memory with few pointers, instead of a pointer and an
// allocation each, and both back ends read them in order.
type scene struct {
	X, Y, W, H float64 // the visible area (SVG viewBox), diagram units
	Background rgba    // A == 0: transparent
	NS         string  // namespace for element ids, unique per diagram
	Title      string
	Desc       string
	Standalone bool // embed the glyphs of the fonts used

	glyphs []glyph // the icons placed, in the order first placed
	kinds  []byte
	groups slab[group]
	rects  slab[rectItem]
	shapes slab[shape]
	texts  slab[textItem]
	icons  slab[iconItem]
	dashes [][]float64 // the dash patterns of brushes
	paths  []pathBlock // the path store: the shapes' paths, the icons' included

	// hint is about the bytes the SVG of the elements takes (see
	// sizeHint), counted by the canvas as it adds them
	hint int
}

// add appends an element of kind k; its value is the last of its store.
// Appended to itself, kinds takes only its new length while it has room
// (the compiler stores no pointer, so there is no write barrier while the
// collector runs), and add is small enough to be inlined; kinds is made
// for the elements the drawing is expected to have (drawerFor), so it
// seldom grows.
func (s *scene) add(k byte) {
	s.kinds = append(s.kinds, k)
}

// pathBlock is a block of the path store: path commands and their points,
// 1 per move or line, 2 per quad, 3 per cube. A full block is not grown
// but followed by a new one: growing one store would allocate about twice
// what it ends up holding, and copy it.
type pathBlock struct {
	ops []byte
	pts []pt
}

// pathBlockMax is the most points a block is made for, unless a path
// needs more: larger blocks would save few allocations and waste more of
// the last one.
const pathBlockMax = 2048

// opPoints is the number of points each path command takes.
var opPoints = [...]int{opMove: 1, opLine: 1, opQuad: 2, opCube: 3, opClose: 0}

// brush returns p as the scene keeps it. A scene has a few dash patterns,
// mostly the same few slices: they are looked up one by one.
func (s *scene) brush(p *paint) brush {
	b := brush{Fill: p.Fill, Stroke: p.Stroke, Width: p.Width, Round: p.Round}
	if len(p.Dash) == 0 {
		return b
	}
	for i, d := range s.dashes {
		if slices.Equal(d, p.Dash) {
			b.Dash = uint16(i + 1)
			return b
		}
	}
	if len(s.dashes) == math.MaxUint16 {
		panic("render: too many dash patterns")
	}
	s.dashes = append(s.dashes, p.Dash)
	b.Dash = uint16(len(s.dashes))
	return b
}

// dash is the dash pattern of b, nil for solid.
func (s *scene) dash(b *brush) []float64 {
	if b.Dash == 0 {
		return nil
	}
	return s.dashes[b.Dash-1]
}

// paint is b as drawn.
func (s *scene) paint(b *brush) paint {
	return paint{Fill: b.Fill, Stroke: b.Stroke, Width: b.Width, Dash: s.dash(b), Round: b.Round}
}

// addPath stores d in the path store and returns it as a shape.
func (s *scene) addPath(d path, p *paint) shape {
	n := len(s.paths)
	if n == 0 || cap(s.paths[n-1].ops)-len(s.paths[n-1].ops) < len(d) || cap(s.paths[n-1].pts)-len(s.paths[n-1].pts) < 3*len(d) {
		size := 256
		if n > 0 {
			size = min(2*cap(s.paths[n-1].pts), pathBlockMax)
		}
		size = max(size, 3*len(d))
		s.paths = append(s.paths, pathBlock{make([]byte, 0, size), make([]pt, 0, size)})
		n++
	}
	// appended to locals, stored once: storing the slices in the scene at
	// every command would cost a write barrier each while the collector
	// runs
	blk := &s.paths[n-1]
	ops, pts := blk.ops, blk.pts
	sh := shape{Blk: int32(n - 1), Op0: int32(len(ops)), Pt0: int32(len(pts)), brush: s.brush(p)}
	for i := range d {
		g := &d[i]
		ops = append(ops, g.Op)
		// appended one by one: a slice of g.P would be copied by a call
		switch g.Op {
		case opMove, opLine:
			pts = append(pts, g.P[0])
		case opQuad:
			pts = append(pts, g.P[0], g.P[1])
		case opCube:
			pts = append(pts, g.P[0], g.P[1], g.P[2])
		}
	}
	// the block had room, so they are the block's arrays, longer: only the
	// lengths are stored
	blk.ops, blk.pts = blk.ops[:len(ops)], blk.pts[:len(pts)]
	sh.Op1 = int32(len(ops))
	return sh
}

// keep stores buf, which was appended to (*dst)[:0], as *dst for reuse,
// only when append moved it: storing a pointer costs a write barrier
// while the collector runs.
func keep[T any](dst *[]T, buf []T) {
	if cap(buf) > cap(*dst) {
		*dst = buf
	}
}

// segs appends the commands of sh to dst as a path, for the rasterizer.
func (s *scene) segs(dst path, sh *shape) path {
	blk := &s.paths[sh.Blk]
	k := sh.Pt0
	for _, op := range blk.ops[sh.Op0:sh.Op1] {
		g := seg{Op: op}
		n := int32(opPoints[op])
		copy(g.P[:], blk.pts[k:k+n])
		k += n
		dst = append(dst, g)
	}
	return dst
}

// slab hands out pointers to values allocated in blocks, and keeps the
// values in the order it handed them out; a block is never grown, so the
// pointers stay valid.
type slab[T any] struct {
	blocks [][]T
}

// slabMax is the largest block: bigger blocks would save few allocations
// and waste more of the last one.
const slabMax = 256

func (s *slab[T]) alloc() *T {
	n := len(s.blocks)
	if n == 0 || len(s.blocks[n-1]) == cap(s.blocks[n-1]) {
		size := 16
		if n > 0 {
			size = min(2*cap(s.blocks[n-1]), slabMax)
		}
		s.blocks = append(s.blocks, make([]T, 0, size))
		n++
	}
	b := &s.blocks[n-1]
	*b = (*b)[:len(*b)+1]
	return &(*b)[len(*b)-1]
}

// cursor reads a slab's values in order.
type cursor[T any] struct {
	blocks [][]T
	cur    []T // blocks[b], held so that a value is one index away
	b, i   int
}

func (s *slab[T]) cursor() cursor[T] {
	c := cursor[T]{blocks: s.blocks}
	if len(s.blocks) > 0 {
		c.cur = s.blocks[0]
	}
	return c
}

// next returns the next value; the caller knows (from scene.kinds) that
// there is one.
func (c *cursor[T]) next() *T {
	for c.i == len(c.cur) {
		c.b, c.i = c.b+1, 0
		c.cur = c.blocks[c.b]
	}
	c.i++
	return &c.cur[c.i-1]
}

// cleanText makes user text safe and stable to draw: invalid UTF-8 becomes
// U+FFFD, characters XML forbids are dropped, and runs of white space
// become one space (as SVG collapses them), without leading or trailing
// space.
func cleanText(s string) string {
	s, _ = cleanTextPlain(s)
	return s
}

// cleanTextPlain is cleanText, and whether the text is plain: it holds
// none of XML's five escapes (&<>"'), so the SVG writer copies it as it
// is. Checking that as the text is cleaned costs a little more than
// cleaning it; escaping it in the writer, a pass of its own, about twice
// as much. A text that needed cleaning is not reported plain.
func cleanTextPlain(s string) (string, bool) {
	if clean, plain := cleanAlready(s); clean {
		return s, plain
	}
	return cleanRunes(s), false
}

// cleanPart is cleanText for a part of a clean text, cut between runes:
// clean already unless it starts or ends with a space.
func cleanPart(s string) string {
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return cleanText(s)
	}
	return s
}

// cleanAlready reports whether cleanText would leave s as it is: single
// spaces between words, no control characters, and any other rune valid,
// allowed by XML and not white space; and, if so, whether s is plain
// (see cleanTextPlain). Printable ASCII, the common case, is checked 8
// bytes at a time, other ASCII a byte at a time, and only the other runes
// decoded (labels like "Lambda · python3.12").
func cleanAlready(s string) (clean, plain bool) {
	const ones = 0x0101010101010101
	if len(s) == 0 {
		return true, true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false, false
	}
	// the escapes among the bytes read 8 at a time, in the top bits of
	// their bytes; escapes among those read one by one clear plain
	esc := uint64(0)
	plain = true
	// a double space is caught where its first space is read
	for i := 0; i < len(s); {
		for i+8 <= len(s) {
			x := load8(s, i)
			if !printable8(x) {
				break
			}
			sp := spaces8(x)
			if sp&(sp<<8) != 0 || sp>>63 != 0 && i+8 < len(s) && s[i+8] == ' ' {
				return false, false
			}
			esc |= escapesPrintable8(x)
			i += 8
		}
		if i == len(s) {
			break
		}
		if i+8 > len(s) && len(s) >= 8 {
			// the rest, under 8 bytes, is checked with the bytes before
			// it (checked already) when the last 8 are printable ASCII
			if x := load8(s, len(s)-8); printable8(x) {
				sp := spaces8(x)
				return sp&(sp<<8) == 0, plain && (esc|escapesPrintable8(x))&(0x80*ones) == 0
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			// s does not end in a space: one has a byte after it
			if c < 0x20 || c == 0x7f || c == ' ' && s[i+1] == ' ' {
				return false, false
			}
			if !plainByte[c] {
				plain = false
			}
			i++
			continue
		}
		if n := plainRune(s, i); n > 0 {
			i += n
			continue
		}
		// a U+FFFD written out is kept, as cleanRunes keeps it; a stray
		// byte decodes to it too, in one byte
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) || unicode.IsControl(r) || unicode.IsSpace(r) {
			return false, false
		}
		i += n
	}
	return true, plain && esc&(0x80*ones) == 0
}

// plainRune is the length of the rune at s[i] (not ASCII) when it is one
// cleanText keeps without a doubt, or 0 to decode it. Labels' runes are
// mostly U+00A1 to U+07FF (as "·") or U+2080 to U+2FFF (as "→"): valid,
// allowed by XML, and neither white space nor control characters, which
// is quicker to tell from their bytes than through the Unicode tables.
func plainRune(s string, i int) int {
	c := s[i]
	cont := func(j int) bool { return j < len(s) && s[j]&0xc0 == 0x80 }
	switch {
	case c == 0xc2: // U+0080 to U+00BF: from U+00A1 on, past C1 and no-break space
		if i+1 < len(s) && s[i+1] >= 0xa1 && s[i+1] <= 0xbf {
			return 2
		}
	case c >= 0xc3 && c <= 0xdf:
		if cont(i + 1) {
			return 2
		}
	case c == 0xe2: // U+2000 to U+2FFF: from U+2080 on, past the spaces
		if i+1 < len(s) && s[i+1] >= 0x82 && s[i+1] <= 0xbf && cont(i+2) {
			return 3
		}
	}
	return 0
}

// printable8 reports whether the 8 bytes of x are all printable ASCII
// (0x20 to 0x7e); see plain8 for how.
func printable8(x uint64) bool {
	const ones = 0x0101010101010101
	bad := (x - 0x20*ones) &^ x // below 0x20
	bad |= x | (x + ones)       // from 0x7f
	return bad&(0x80*ones) == 0
}

// escapes8 has the top bit set of each byte of x that is one of XML's
// five escapes (&<>"'), and maybe of bytes above one (borrows spill
// upward), and other bits: test it with 0x80 in every byte. Where a byte
// of v is zero, (v - ones) &^ v has its top bit set.
func escapes8(x uint64) uint64 {
	const ones = 0x0101010101010101
	q, a, l := x^0x22*ones, (x^0x26*ones)&^ones, (x^0x3c*ones)&^(2*ones)
	return (q-ones)&^q | // "
		(a-ones)&^a | // & and '
		(l-ones)&^l // < and >
}

// escapesPrintable8 is escapes8 for an x of printable ASCII, as
// cleanAlready reads: a byte of v = x ^ c then has no top bit, so v - 1
// has it where v is zero (and maybe above, where the borrow spills),
// without escapes8's masking by ^v.
func escapesPrintable8(x uint64) uint64 {
	const ones = 0x0101010101010101
	q, a, l := x^0x22*ones, (x^0x26*ones)&^ones, (x^0x3c*ones)&^(2*ones)
	return (q - ones) | (a - ones) | (l - ones)
}

// spaces8 has the top bit of each byte of x that is a space set, and no
// other bit: adding 0x7f to the low 7 bits of a byte carries into its top
// bit, never into the next byte, unless all of them are 0.
func spaces8(x uint64) uint64 {
	const ones = 0x0101010101010101
	v := x ^ ' '*ones
	return ^((v&(0x7f*ones) + 0x7f*ones) | v) & (0x80 * ones)
}

// cleanRunes is cleanText for any text.
func cleanRunes(s string) string {
	clean := true
	for i, r := range s {
		if r == utf8.RuneError || !xmlChar(r) || unicode.IsControl(r) ||
			(unicode.IsSpace(r) && (r != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case !xmlChar(r) || unicode.IsControl(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
