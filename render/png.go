package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
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
	icons  map[string][]item
	glyphs map[glyphKey]sfnt.Segments
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
		icons:  s.Icons,
		glyphs: map[glyphKey]sfnt.Segments{},
	}
	for _, it := range s.Items {
		r.item(it)
	}
	return img, nil
}

// encodePNG writes img with fast compression: diagrams are flat colour and
// compress well even at the fastest level.
func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func nrgba(c rgba) color.NRGBA { return color.NRGBA{c.R, c.G, c.B, c.A} }

func (r *rasterizer) fx(x, y float64) fixed.Point26_6 {
	return fixed.Point26_6{
		X: fixed.Int26_6(math.Round((x + r.dx) * r.scale * 64)),
		Y: fixed.Int26_6(math.Round((y + r.dy) * r.scale * 64)),
	}
}

func (r *rasterizer) item(it item) {
	switch v := it.(type) {
	case *group:
		for _, c := range v.Items {
			r.item(c)
		}
	case *rectItem:
		var p path
		p.roundRect(v.B, v.RX)
		r.shape(p, &v.paint)
	case *pathItem:
		r.shape(v.D, &v.paint)
	case *textItem:
		r.text(v)
	case *iconItem:
		ox, oy := r.dx, r.dy
		r.dx, r.dy = ox+v.X, oy+v.Y
		for _, c := range r.icons[v.Name] {
			r.item(c)
		}
		r.dx, r.dy = ox, oy
	}
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
	if pt.Stroke.A != 0 && pt.Width > 0 {
		width := fixed.Int26_6(math.Round(pt.Width * r.scale * 64))
		var dashes []float64
		for _, d := range pt.Dash {
			dashes = append(dashes, d*r.scale)
		}
		if pt.Round {
			r.dasher.SetStroke(width, 4<<6, rasterx.RoundCap, nil, rasterx.RoundGap, rasterx.Round, dashes, 0)
		} else {
			r.dasher.SetStroke(width, 4<<6, rasterx.ButtCap, nil, rasterx.FlatGap, rasterx.Miter, dashes, 0)
		}
		r.feed(r.dasher, p)
		r.scan.color = nrgba(pt.Stroke)
		r.dasher.Draw()
		r.dasher.Clear()
	}
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
	// PNG within a fraction of a grey level of what the SVG looks like.
	y := math.Round((t.Y+r.dy)*r.scale)/r.scale - r.dy
	f := &r.dasher.Filler
	for _, ch := range t.Text {
		g := fc.glyph(ch)
		segs := r.glyph(fc, t.Bold, g)
		gx := math.Round((x+r.dx)*r.scale*4)/4/r.scale - r.dx
		var p path
		for _, s := range segs {
			var q [3]pt
			for i, a := range s.Args {
				q[i] = pt{gx + float64(a.X)/64*k, y + float64(a.Y)/64*k}
			}
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				if len(p) > 0 {
					p.close()
				}
				p.moveTo(q[0].X, q[0].Y)
			case sfnt.SegmentOpLineTo:
				p.lineTo(q[0].X, q[0].Y)
			case sfnt.SegmentOpQuadTo:
				p.quadTo(q[0].X, q[0].Y, q[1].X, q[1].Y)
			case sfnt.SegmentOpCubeTo:
				p.cubeTo(q[0].X, q[0].Y, q[1].X, q[1].Y, q[2].X, q[2].Y)
			}
		}
		if len(p) > 0 {
			p.close()
			r.feed(f, p)
		}
		x += fc.advance[g] * k
	}
	r.scan.color = nrgba(t.Fill)
	f.Draw()
	f.Clear()
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
	pts        []float32 // x, y pairs; NaN x marks a MoveTo before the pair
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
	if b.Empty() {
		return
	}
	s.r.Reset(b.Dx(), b.Dy())
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
	s.r.Draw(s.dst, b, image.NewUniform(s.color), image.Point{})
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
