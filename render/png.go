package render

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// maxSide is the largest PNG side the renderer produces; a larger request
// is scaled down to fit.
const maxSide = 8000

// rasterizer draws a scene into an RGBA image with x/image/vector, using
// rasterx to flatten curves and to stroke and dash lines, and the sfnt
// glyph outlines of the same font files the SVG uses.
type rasterizer struct {
	img    *image.RGBA
	scale  float64
	scan   *bboxScanner
	dasher *rasterx.Dasher
	s      *scene
	segs   path // a shape's commands, decoded for feed
	glyphs map[glyphKey]sfnt.Segments
	masks  map[maskKey]glyphMask
	buf    sfnt.Buffer
	dx, dy float64 // offset added to every point (icons), diagram units
}

type glyphKey struct {
	bold bool
	g    uint16
}

// rasterize draws s at scale; the scale is reduced if a side would exceed
// maxSide pixels.
func rasterize(s *scene, scale float64) (*image.RGBA, error) {
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("render: invalid scale %v", scale)
	}
	if m := math.Max(s.W, s.H) * scale; m > maxSide {
		scale *= maxSide / m
	}
	w, h := int(math.Ceil(s.W*scale)), int(math.Ceil(s.H*scale))
	if w < 1 || h < 1 {
		return nil, fmt.Errorf("render: empty picture")
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if s.Background.A != 0 {
		draw.Draw(img, img.Bounds(), image.NewUniform(nrgba(s.Background)), image.Point{}, draw.Src)
	}
	sc := &bboxScanner{dst: img}
	r := &rasterizer{
		img:    img,
		scale:  scale,
		scan:   sc,
		dasher: rasterx.NewDasher(w, h, sc),
		s:      s,
		glyphs: map[glyphKey]sfnt.Segments{},
		masks:  map[maskKey]glyphMask{},
		dx:     -s.X,
		dy:     -s.Y,
	}
	r.elements()
	return img, nil
}

func nrgba(c rgba) color.NRGBA { return color.NRGBA{c.R, c.G, c.B, c.A} }

// overMask composites colour c through mask onto dst over r, exactly as
// draw.DrawMask(dst, r, image.NewUniform(c), image.Point{}, mask, mp,
// draw.Over) does (same clipping, same arithmetic as image/draw's glyph
// path), without its per-call set-up: text draws one call per glyph.
// Fully covered pixels of an opaque colour take the colour itself, which
// is what that arithmetic gives them.
func overMask(dst *image.RGBA, r image.Rectangle, c color.NRGBA, mask *image.Alpha, mp image.Point) {
	orig := r.Min
	r = r.Intersect(dst.Bounds()).Intersect(mask.Bounds().Add(orig.Sub(mp)))
	if r.Empty() {
		return
	}
	mp = mp.Add(r.Min.Sub(orig))
	const m = 1<<16 - 1
	sr, sg, sb, sa := c.RGBA()
	opaque := sa == m
	r8, g8, b8 := uint8(sr>>8), uint8(sg>>8), uint8(sb>>8)
	i0 := dst.PixOffset(r.Min.X, r.Min.Y)
	mi0 := mask.PixOffset(mp.X, mp.Y)
	w := r.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := dst.Pix[i0 : i0+4*w : i0+4*w]
		mrow := mask.Pix[mi0 : mi0+w]
		for x := 0; x < w; x++ {
			// most of a path's bounding box is empty: skip it 8 pixels at a time
			if x&7 == 0 && x+8 <= w && binary.LittleEndian.Uint64(mrow[x:x+8]) == 0 {
				x += 7
				continue
			}
			ma := mrow[x]
			if ma == 0 {
				continue
			}
			d := row[4*x : 4*x+4 : 4*x+4]
			if ma == 0xff && opaque {
				d[0], d[1], d[2], d[3] = r8, g8, b8, 0xff
				continue
			}
			a16 := uint32(ma) | uint32(ma)<<8
			a := (m - (sa * a16 / m)) * 0x101
			d[0] = uint8((uint32(d[0])*a + sr*a16) / m >> 8)
			d[1] = uint8((uint32(d[1])*a + sg*a16) / m >> 8)
			d[2] = uint8((uint32(d[2])*a + sb*a16) / m >> 8)
			d[3] = uint8((uint32(d[3])*a + sa*a16) / m >> 8)
		}
		i0 += dst.Stride
		mi0 += mask.Stride
	}
}

func (r *rasterizer) fx(x, y float64) fixed.Point26_6 {
	return fixed.Point26_6{
		X: fixed.Int26_6(math.Round((x + r.dx) * r.scale * 64)),
		Y: fixed.Int26_6(math.Round((y + r.dy) * r.scale * 64)),
	}
}

// elements draws the scene's elements in order; groups change nothing.
func (r *rasterizer) elements() {
	s := r.s
	rects, shapes, texts, icons := s.rects.cursor(), s.shapes.cursor(), s.texts.cursor(), s.icons.cursor()
	for _, k := range s.kinds {
		switch k {
		case kindRect:
			r.rect(rects.next())
		case kindShape:
			r.path(shapes.next())
		case kindText:
			r.text(texts.next())
		case kindIcon:
			v := icons.next()
			ox, oy := r.dx, r.dy
			r.dx, r.dy = ox+v.X, oy+v.Y
			for i := range s.glyphs[v.Glyph].Shapes {
				r.path(&s.glyphs[v.Glyph].Shapes[i])
			}
			r.dx, r.dy = ox, oy
		}
	}
}

func (r *rasterizer) rect(v *rectItem) {
	p := r.segs[:0]
	p.roundRect(v.B, v.RX)
	r.segs = p
	pt := r.s.paint(&v.brush)
	if v.Fill.A == 255 && v.B.W*v.B.H*r.scale*r.scale > 64*64 {
		// filled directly; only the stroke is left to shape
		r.fillRect(p, v.B, v.RX, v.Fill)
		pt.Fill = rgba{}
	}
	r.shape(p, &pt)
}

// path draws sh, decoding its commands into a buffer the rasterizer reuses.
func (r *rasterizer) path(sh *shape) {
	r.segs = r.s.segs(r.segs[:0], sh)
	pt := r.s.paint(&sh.brush)
	r.shape(r.segs, &pt)
}

// shape fills then strokes p, as SVG paints them.
func (r *rasterizer) shape(p path, pt *paint) {
	f := &r.dasher.Filler
	if pt.Fill.A != 0 {
		r.feed(f, p)
		r.scan.color = nrgba(pt.Fill)
		f.Draw()
		f.Clear()
	}
	if pt.Stroke.A == 0 || pt.Width <= 0 {
		return
	}
	width := fixed.Int26_6(math.Round(pt.Width * r.scale * 64))
	var dashes []float64
	for _, d := range pt.Dash {
		dashes = append(dashes, d*r.scale)
	}
	r.scan.color = nrgba(pt.Stroke)
	b := pathBounds(p)
	if pt.Stroke.A != 255 || b.W*b.H*r.scale*r.scale < 128*128 {
		r.setStroke(width, pt.Round, pt.Round, dashes, 0)
		r.feed(r.dasher, p)
		r.dasher.Draw()
		r.dasher.Clear()
		return
	}
	// A long opaque stroke is drawn piece by piece: the scanner composites
	// each piece's bounding box, and a container's outline or a long
	// arrow would otherwise make it composite most of the picture. Pieces
	// overlap at their ends (square or round caps where the path goes on),
	// which an opaque colour does not show; the dash pattern continues
	// from piece to piece.
	done := 0.0 // device length stroked so far, for the dash phase
	for _, pc := range strokePieces(p, 128/r.scale) {
		r.setStroke(width, pt.Round, pc.inner, dashes, done*r.scale)
		r.feed(r.dasher, pc.d)
		r.dasher.Draw()
		r.dasher.Clear()
		done += pc.length
	}
}

// fillRect fills a large opaque rounded rectangle: the rows holding its
// corners and fractional edges are rasterized, the rows between are a plain
// span with anti-aliased ends, filled directly. Rows are independent in a
// scanline rasterizer, so the result is the same as rasterizing it whole.
func (r *rasterizer) fillRect(p path, b box, rx float64, c rgba) {
	x0, x1 := (b.X+r.dx)*r.scale, (b.right()+r.dx)*r.scale
	y0, y1 := (b.Y+r.dy)*r.scale, (b.bottom()+r.dy)*r.scale
	rad := math.Min(rx, math.Min(b.W, b.H)/2) * r.scale
	top, bottom := int(math.Ceil(y0+rad)), int(math.Floor(y1-rad))
	col := nrgba(c)
	f := &r.dasher.Filler
	r.scan.color = col
	if bottom <= top {
		r.feed(f, p)
		f.Draw()
		f.Clear()
		return
	}
	for _, band := range [][2]int{{int(math.Floor(y0)), top}, {bottom, int(math.Ceil(y1))}} {
		if band[0] >= band[1] {
			continue
		}
		r.scan.rows = image.Rect(math.MinInt32/2, band[0], math.MaxInt32/2, band[1])
		r.feed(f, p)
		f.Draw()
		f.Clear()
	}
	r.scan.rows = image.Rectangle{}
	src := image.NewUniform(col)
	ix0, ix1 := int(math.Ceil(x0)), int(math.Floor(x1))
	bounds := r.img.Bounds()
	draw.Draw(r.img, image.Rect(ix0, top, ix1, bottom).Intersect(bounds), src, image.Point{}, draw.Src)
	// the partly covered columns at both ends
	edge := func(x int, cover float64) {
		if cover <= 0 {
			return
		}
		m := image.NewUniform(color.Alpha{uint8(math.Round(cover * 255))})
		draw.DrawMask(r.img, image.Rect(x, top, x+1, bottom).Intersect(bounds), src, image.Point{}, m, image.Point{}, draw.Over)
	}
	if ix0 > ix1 { // narrower than a pixel
		edge(ix1, x1-x0)
		return
	}
	edge(ix0-1, float64(ix0)-x0)
	edge(ix1, x1-float64(ix1))
}

func (r *rasterizer) setStroke(width fixed.Int26_6, round, joined bool, dashes []float64, offset float64) {
	switch {
	case round:
		r.dasher.SetStroke(width, 4<<6, rasterx.RoundCap, nil, rasterx.RoundGap, rasterx.Round, dashes, offset)
	case joined && len(dashes) == 0:
		// square caps fill a right-angle corner as a miter join does
		r.dasher.SetStroke(width, 4<<6, rasterx.SquareCap, nil, rasterx.FlatGap, rasterx.Miter, dashes, offset)
	default:
		r.dasher.SetStroke(width, 4<<6, rasterx.ButtCap, nil, rasterx.FlatGap, rasterx.Miter, dashes, offset)
	}
}

// piece is one segment (or chunk of a long line) of a path to stroke.
type piece struct {
	d      path
	length float64 // along the path, diagram units
	inner  bool    // the path goes on at both ends
}

// strokePieces splits p into its segments, lines longer than chunk into
// chunks.
func strokePieces(p path, chunk float64) []piece {
	var out []piece
	var cur, start pt
	closed := false
	for i, s := range p {
		switch s.Op {
		case opMove:
			cur, start = s.P[0], s.P[0]
			closed = subpathClosed(p[i+1:])
		case opClose, opLine:
			to := start
			if s.Op == opLine {
				to = s.P[0]
			}
			l := math.Hypot(to.X-cur.X, to.Y-cur.Y)
			n := max(1, int(math.Ceil(l/chunk)))
			for k := 0; k < n; k++ {
				a := lerp(cur, to, float64(k)/float64(n))
				b := lerp(cur, to, float64(k+1)/float64(n))
				var d path
				d.moveTo(a.X, a.Y)
				d.lineTo(b.X, b.Y)
				out = append(out, piece{d, l / float64(n), true})
			}
			cur = to
		case opQuad, opCube:
			var d path
			d.moveTo(cur.X, cur.Y)
			d = append(d, s)
			n := 2
			if s.Op == opCube {
				n = 3
			}
			to := s.P[n-1]
			l := 0.0
			prev := cur
			for k := 1; k <= 8; k++ {
				q := bezierAt(cur, s, float64(k)/8)
				l += math.Hypot(q.X-prev.X, q.Y-prev.Y)
				prev = q
			}
			out = append(out, piece{d, l, true})
			cur = to
		}
		// the ends of an open subpath keep their butt caps
		if !closed && len(out) > 0 && (i+1 == len(p) || p[i+1].Op == opMove) {
			out[len(out)-1].inner = false
		}
	}
	return out
}

// subpathClosed reports whether the subpath starting with rest ends in Z.
func subpathClosed(rest path) bool {
	for _, s := range rest {
		switch s.Op {
		case opMove:
			return false
		case opClose:
			return true
		}
	}
	return false
}

func lerp(a, b pt, t float64) pt { return pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t} }

// bezierAt evaluates the quadratic or cubic segment s starting at p0.
func bezierAt(p0 pt, s seg, t float64) pt {
	u := 1 - t
	if s.Op == opQuad {
		return pt{u*u*p0.X + 2*u*t*s.P[0].X + t*t*s.P[1].X, u*u*p0.Y + 2*u*t*s.P[0].Y + t*t*s.P[1].Y}
	}
	return pt{
		u*u*u*p0.X + 3*u*u*t*s.P[0].X + 3*u*t*t*s.P[1].X + t*t*t*s.P[2].X,
		u*u*u*p0.Y + 3*u*u*t*s.P[0].Y + 3*u*t*t*s.P[1].Y + t*t*t*s.P[2].Y,
	}
}

// pathBounds is the box of a path's points (control points included).
func pathBounds(p path) box {
	first := true
	var x0, y0, x1, y1 float64
	for _, s := range p {
		n := 1
		switch s.Op {
		case opClose:
			n = 0
		case opQuad:
			n = 2
		case opCube:
			n = 3
		}
		for _, q := range s.P[:n] {
			if first {
				x0, y0, x1, y1 = q.X, q.Y, q.X, q.Y
				first = false
			}
			x0, y0, x1, y1 = min(x0, q.X), min(y0, q.Y), max(x1, q.X), max(y1, q.Y)
		}
	}
	return box{x0, y0, x1 - x0, y1 - y0}
}

// feed sends p to a filler or stroker; subpaths end with Stop, closed or not.
func (r *rasterizer) feed(a rasterx.Adder, p path) {
	open := false
	for _, s := range p {
		switch s.Op {
		case opMove:
			if open {
				a.Stop(false)
			}
			a.Start(r.fx(s.P[0].X, s.P[0].Y))
			open = true
		case opLine:
			a.Line(r.fx(s.P[0].X, s.P[0].Y))
		case opQuad:
			a.QuadBezier(r.fx(s.P[0].X, s.P[0].Y), r.fx(s.P[1].X, s.P[1].Y))
		case opCube:
			a.CubeBezier(r.fx(s.P[0].X, s.P[0].Y), r.fx(s.P[1].X, s.P[1].Y), r.fx(s.P[2].X, s.P[2].Y))
		case opClose:
			if open {
				a.Stop(true)
			}
			open = false
		}
	}
	if open {
		a.Stop(false)
	}
}

// text fills the glyph outlines of t, positioned by the same advances
// measure uses.
func (r *rasterizer) text(t *textItem) {
	if t.Text == "" || t.Fill.A == 0 {
		return
	}
	fc := faceFor(t.Bold)
	k := t.Size / fc.upem
	x := t.X
	switch t.Anchor {
	case anchorMiddle:
		x -= fc.width(t.Text, t.Size) / 2
	case anchorEnd:
		x -= fc.width(t.Text, t.Size)
	}
	// Browsers (Skia) place horizontal text on a whole-pixel baseline and
	// each glyph at the nearest quarter pixel; doing the same keeps the
	// PNG within a fraction of a grey level of what the SVG looks like. As
	// in a browser, each glyph is rasterized once per size and quarter
	// pixel and then composited as a mask.
	by := int(math.Round((t.Y + r.dy) * r.scale))
	col := nrgba(t.Fill)
	size := t.Size * r.scale
	for _, ch := range t.Text {
		g := fc.glyph(ch)
		gx := math.Round((x+r.dx)*r.scale*4) / 4
		ix := math.Floor(gx)
		m := r.glyphMask(fc, t.Bold, g, size, int((gx-ix)*4))
		if m.img != nil {
			dst := m.img.Bounds().Add(m.off).Add(image.Pt(int(ix), by))
			overMask(r.img, dst, col, m.img, image.Point{})
		}
		x += fc.advance[g] * k
	}
}

type maskKey struct {
	bold    bool
	g       uint16
	size    float64 // device pixels
	quarter int     // x offset in quarter pixels
}

// glyphMask is a rasterized glyph; off is its top-left corner relative to
// the glyph origin on the baseline.
type glyphMask struct {
	img *image.Alpha
	off image.Point
}

// glyphMask rasterizes glyph g at size device pixels, shifted right by
// quarter/4 pixel, caching it for the rest of the rasterization.
func (r *rasterizer) glyphMask(fc *face, bold bool, g uint16, size float64, quarter int) glyphMask {
	key := maskKey{bold, g, size, quarter}
	if m, ok := r.masks[key]; ok {
		return m
	}
	segs := r.glyph(fc, bold, g)
	k := size / fc.upem / 64
	off := float64(quarter) / 4
	pos := func(a fixed.Point26_6) (float32, float32) {
		return float32(off + float64(a.X)*k), float32(float64(a.Y) * k)
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, sg := range segs {
		n := 1
		switch sg.Op {
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		}
		for _, a := range sg.Args[:n] {
			x, y := pos(a)
			minX, maxX = math.Min(minX, float64(x)), math.Max(maxX, float64(x))
			minY, maxY = math.Min(minY, float64(y)), math.Max(maxY, float64(y))
		}
	}
	var m glyphMask
	if len(segs) > 0 {
		b := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1)
		var z vector.Rasterizer
		z.Reset(b.Dx(), b.Dy())
		ox, oy := float32(b.Min.X), float32(b.Min.Y)
		open := false
		for _, sg := range segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					z.ClosePath()
				}
				x, y := pos(sg.Args[0])
				z.MoveTo(x-ox, y-oy)
				open = true
			case sfnt.SegmentOpLineTo:
				x, y := pos(sg.Args[0])
				z.LineTo(x-ox, y-oy)
			case sfnt.SegmentOpQuadTo:
				x1, y1 := pos(sg.Args[0])
				x, y := pos(sg.Args[1])
				z.QuadTo(x1-ox, y1-oy, x-ox, y-oy)
			case sfnt.SegmentOpCubeTo:
				x1, y1 := pos(sg.Args[0])
				x2, y2 := pos(sg.Args[1])
				x, y := pos(sg.Args[2])
				z.CubeTo(x1-ox, y1-oy, x2-ox, y2-oy, x-ox, y-oy)
			}
		}
		if open {
			z.ClosePath()
		}
		img := image.NewAlpha(image.Rect(0, 0, b.Dx(), b.Dy()))
		z.Draw(img, img.Bounds(), image.Opaque, image.Point{})
		m = glyphMask{img, b.Min}
	}
	r.masks[key] = m
	return m
}

// glyph returns the outline of glyph g in font units (26.6), cached for
// the life of one rasterization.
func (r *rasterizer) glyph(fc *face, bold bool, g uint16) sfnt.Segments {
	key := glyphKey{bold, g}
	if s, ok := r.glyphs[key]; ok {
		return s
	}
	segs, err := fc.font.LoadGlyph(&r.buf, sfnt.GlyphIndex(g), fixed.Int26_6(int(fc.upem)<<6), nil)
	if err != nil {
		segs = nil // a glyph the font cannot load is drawn as nothing
	}
	s := append(sfnt.Segments(nil), segs...) // LoadGlyph reuses its buffer
	r.glyphs[key] = s
	return s
}

// bboxScanner is a rasterx.Scanner that rasterizes each path only over its
// bounding box. rasterx's own ScannerGV composites the whole image for
// every path, which is orders of magnitude slower on large pictures.
// rasterx's stroker emits unconnected edge pairs, so edges are replayed
// with MoveTo/LineTo only and never closed here.
type bboxScanner struct {
	dst        *image.RGBA
	r          vector.Rasterizer
	color      color.NRGBA
	rows       image.Rectangle // when not empty, draw only these rows
	mask       []uint8         // coverage buffer, reused
	pts        []float32       // x, y pairs; NaN x marks a MoveTo before the pair
	minX, minY float32
	maxX, maxY float32
}

// Start begins a subpath at a.
func (s *bboxScanner) Start(a fixed.Point26_6) {
	s.pts = append(s.pts, float32(math.NaN()), 0)
	s.add(a)
}

// Line adds an edge to b.
func (s *bboxScanner) Line(b fixed.Point26_6) { s.add(b) }

func (s *bboxScanner) add(p fixed.Point26_6) {
	x, y := float32(p.X)/64, float32(p.Y)/64
	if len(s.pts) <= 3 {
		s.minX, s.maxX, s.minY, s.maxY = x, x, y, y
	} else {
		s.minX, s.maxX = min(s.minX, x), max(s.maxX, x)
		s.minY, s.maxY = min(s.minY, y), max(s.maxY, y)
	}
	s.pts = append(s.pts, x, y)
}

// Draw composites the recorded path in the current colour.
func (s *bboxScanner) Draw() {
	if len(s.pts) == 0 || s.color.A == 0 {
		return
	}
	b := image.Rect(int(math.Floor(float64(s.minX))), int(math.Floor(float64(s.minY))),
		int(math.Ceil(float64(s.maxX)))+1, int(math.Ceil(float64(s.maxY)))+1).Intersect(s.dst.Bounds())
	if !s.rows.Empty() {
		b = b.Intersect(s.rows)
	}
	if b.Empty() {
		return
	}
	w, h := b.Dx(), b.Dy()
	s.r.Reset(w, h)
	s.r.DrawOp = draw.Src
	ox, oy := float32(b.Min.X), float32(b.Min.Y)
	move := false
	for i := 0; i < len(s.pts); i += 2 {
		x := s.pts[i]
		if x != x { // NaN: the next pair starts a subpath
			move = true
			continue
		}
		if move {
			s.r.MoveTo(x-ox, s.pts[i+1]-oy)
			move = false
		} else {
			s.r.LineTo(x-ox, s.pts[i+1]-oy)
		}
	}
	// coverage goes to a mask first (x/image/vector's fast path), then the
	// colour is composited where the mask is not empty, which is most of
	// a stroke's bounding box
	if cap(s.mask) < w*h {
		s.mask = make([]uint8, w*h)
	}
	m := &image.Alpha{Pix: s.mask[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	s.r.Draw(m, m.Rect, image.Opaque, image.Point{})
	overMask(s.dst, b, s.color, m, image.Point{})
}

// Clear forgets the recorded path.
func (s *bboxScanner) Clear() { s.pts = s.pts[:0] }

// GetPathExtent returns the recorded path's bounds.
func (s *bboxScanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{
		Min: fixed.Point26_6{X: fixed.Int26_6(s.minX * 64), Y: fixed.Int26_6(s.minY * 64)},
		Max: fixed.Point26_6{X: fixed.Int26_6(s.maxX * 64), Y: fixed.Int26_6(s.maxY * 64)},
	}
}

// SetBounds is a no-op: the scanner sizes itself to each path.
func (s *bboxScanner) SetBounds(int, int) {}

// SetColor is unused: the rasterizer sets the colour directly.
func (s *bboxScanner) SetColor(any) {}

// SetWinding is a no-op: x/image/vector accumulates signed coverage, which
// fills like the non-zero rule SVG uses by default.
func (s *bboxScanner) SetWinding(bool) {}

// SetClip is a no-op: drawing is clipped to the image.
func (s *bboxScanner) SetClip(image.Rectangle) {}

func errScale(s float64) error {
	return fmt.Errorf("render: scale %v must be a positive number up to 100", s)
}
