package render

import (
	"maps"
	"math"
	"slices"
	"strconv"
)

// The icon set is the project's own: simple line glyphs drawn on a 24-unit
// grid, white on a tile of the resource's category colour, in the manner
// of AWS architecture diagrams (no AWS artwork is used). Each glyph is a
// list of paths so that the SVG <defs> and the rasterizer draw the same
// curves.

// iconStroke is the glyph line width on the 24-unit grid.
const iconStroke = 1.7

// glyphFunc draws a glyph on the 24-unit grid with the given pen.
type glyphFunc func(g *glyphPen)

// glyphPen collects the paths of one glyph.
type glyphPen struct {
	items []pathItem
	ink   rgba
}

func (g *glyphPen) stroke(p path) {
	g.items = append(g.items, pathItem{D: p, paint: paint{Stroke: g.ink, Width: iconStroke, Round: true}})
}

func (g *glyphPen) fill(p path) {
	g.items = append(g.items, pathItem{D: p, paint: paint{Fill: g.ink}})
}

// poly strokes an open polyline through the points (x0, y0, x1, y1, ...).
func (g *glyphPen) poly(xy ...float64) {
	var p path
	p.moveTo(xy[0], xy[1])
	for i := 2; i+1 < len(xy); i += 2 {
		p.lineTo(xy[i], xy[i+1])
	}
	g.stroke(p)
}

// polygon strokes a closed polygon.
func (g *glyphPen) polygon(xy ...float64) {
	var p path
	p.moveTo(xy[0], xy[1])
	for i := 2; i+1 < len(xy); i += 2 {
		p.lineTo(xy[i], xy[i+1])
	}
	p.close()
	g.stroke(p)
}

func (g *glyphPen) circle(cx, cy, r float64) {
	var p path
	p.ellipse(cx, cy, r, r)
	g.stroke(p)
}

func (g *glyphPen) dot(cx, cy, r float64) {
	var p path
	p.ellipse(cx, cy, r, r)
	g.fill(p)
}

func (g *glyphPen) rect(x, y, w, h, r float64) {
	var p path
	p.roundRect(box{x, y, w, h}, r)
	g.stroke(p)
}

// arc appends an elliptical arc from angle a0 to a1 (degrees, clockwise on
// screen) as cubic segments of at most 90°.
func (p *path) arc(cx, cy, rx, ry, a0, a1 float64, move bool) {
	rad := func(a float64) float64 { return a * math.Pi / 180 }
	n := int(math.Ceil(math.Abs(a1-a0) / 90))
	if n == 0 {
		return
	}
	step := (a1 - a0) / float64(n)
	k := 4.0 / 3 * math.Tan(rad(step)/4)
	x0, y0 := cx+rx*math.Cos(rad(a0)), cy+ry*math.Sin(rad(a0))
	if move {
		p.moveTo(x0, y0)
	} else {
		p.lineTo(x0, y0)
	}
	for i := 0; i < n; i++ {
		t0, t1 := rad(a0+step*float64(i)), rad(a0+step*float64(i+1))
		c0, s0, c1, s1 := math.Cos(t0), math.Sin(t0), math.Cos(t1), math.Sin(t1)
		p.cubeTo(cx+rx*(c0-k*s0), cy+ry*(s0+k*c0), cx+rx*(c1+k*s1), cy+ry*(s1-k*c1), cx+rx*c1, cy+ry*s1)
	}
}

// cylinder strokes a database cylinder with bands at the given heights.
func (g *glyphPen) cylinder(bands ...float64) {
	var p path
	p.ellipse(12, 6, 7, 2.6)
	g.stroke(p)
	var body path
	body.moveTo(5, 6)
	body.lineTo(5, 18)
	body.arc(12, 18, 7, 2.6, 180, 0, false)
	body.lineTo(19, 6)
	g.stroke(body)
	for _, y := range bands {
		var b path
		b.arc(12, y, 7, 2.6, 180, 0, true)
		g.stroke(b)
	}
}

// arrowHead fills a small arrowhead at (x, y) pointing in direction (dx, dy).
func (g *glyphPen) arrowHead(x, y, dx, dy float64) {
	l := math.Hypot(dx, dy)
	dx, dy = dx/l, dy/l
	const long, half = 4.2, 2.8
	var p path
	p.moveTo(x, y)
	p.lineTo(x-dx*long-dy*half, y-dy*long+dx*half)
	p.lineTo(x-dx*long+dy*half, y-dy*long-dx*half)
	p.close()
	g.fill(p)
}

// glyphs is the icon set, by node type (plus container and mark glyphs).
var glyphs = map[string]glyphFunc{
	"lambda": func(g *glyphPen) {
		g.poly(5.5, 4, 9.2, 4, 17, 20, 19.5, 20)
		g.poly(11.6, 9, 5.5, 20)
	},
	"ec2-instance": func(g *glyphPen) {
		g.rect(7, 7, 10, 10, 1.2)
		for _, v := range []float64{9.5, 12, 14.5} {
			g.poly(v, 3.5, v, 7)
			g.poly(v, 17, v, 20.5)
			g.poly(3.5, v, 7, v)
			g.poly(17, v, 20.5, v)
		}
	},
	"vpc": func(g *glyphPen) {
		var p path
		p.moveTo(7, 18.5)
		p.lineTo(17.2, 18.5)
		p.cubeTo(19.6, 18.5, 21.2, 16.8, 21.2, 14.8)
		p.cubeTo(21.2, 12.8, 19.7, 11.2, 17.7, 11.1)
		p.cubeTo(17.2, 8.2, 15, 6.2, 12.3, 6.2)
		p.cubeTo(9.7, 6.2, 7.7, 8, 7.2, 10.5)
		p.cubeTo(4.8, 10.8, 2.8, 12.6, 2.8, 14.6)
		p.cubeTo(2.8, 16.8, 4.7, 18.5, 7, 18.5)
		p.close()
		g.stroke(p)
		g.rect(9.6, 12.6, 4.8, 3.8, 0.6)
		var l path
		l.arc(12, 12.6, 1.5, 1.6, 180, 360, true)
		g.stroke(l)
	},
	"subnet": func(g *glyphPen) {
		g.rect(4, 4, 16, 16, 2)
		g.rect(7.5, 7.5, 3.5, 3.5, 0.5)
		g.rect(13, 7.5, 3.5, 3.5, 0.5)
		g.rect(7.5, 13, 3.5, 3.5, 0.5)
		g.rect(13, 13, 3.5, 3.5, 0.5)
	},
	"az": func(g *glyphPen) {
		g.circle(12, 10, 5)
		g.poly(12, 15, 12, 20)
		g.poly(7, 20, 17, 20)
	},
	"region": func(g *glyphPen) {
		g.poly(6, 21, 6, 3.5)
		g.polygon(6, 4, 18, 4, 15.5, 8, 18, 12, 6, 12)
	},
	"route-table": func(g *glyphPen) {
		g.poly(12, 21, 12, 12, 6.5, 6.5)
		g.poly(12, 12, 17.5, 6.5)
		g.arrowHead(5.2, 5.2, -1, -1)
		g.arrowHead(18.8, 5.2, 1, -1)
	},
	"internet-gateway": func(g *glyphPen) {
		var p path
		p.moveTo(5, 20.5)
		p.lineTo(5, 11)
		p.arc(12, 11, 7, 7, 180, 360, false)
		p.lineTo(19, 20.5)
		g.stroke(p)
		g.poly(12, 8.5, 12, 18)
		g.arrowHead(12, 7.5, 0, -1)
		g.arrowHead(12, 19, 0, 1)
	},
	"nat-gateway": func(g *glyphPen) {
		g.poly(3.5, 8.5, 18, 8.5)
		g.arrowHead(20.5, 8.5, 1, 0)
		g.poly(20.5, 15.5, 6, 15.5)
		g.arrowHead(3.5, 15.5, -1, 0)
	},
	"vpc-endpoint": func(g *glyphPen) {
		g.rect(7.5, 8, 9, 8, 2)
		g.poly(10, 3.5, 10, 8)
		g.poly(14, 3.5, 14, 8)
		g.poly(12, 16, 12, 20.5)
	},
	"security-group": func(g *glyphPen) {
		var p path
		p.moveTo(12, 3)
		p.lineTo(19, 5.8)
		p.lineTo(19, 11.5)
		p.cubeTo(19, 15.8, 16.2, 19.2, 12, 21)
		p.cubeTo(7.8, 19.2, 5, 15.8, 5, 11.5)
		p.lineTo(5, 5.8)
		p.close()
		g.stroke(p)
		g.poly(8.8, 12, 11.2, 14.4, 15.4, 9.6)
	},
	"network-acl": func(g *glyphPen) {
		for _, y := range []float64{5, 10.5, 16} {
			g.rect(4, y, 3.5, 3.5, 0.6)
			g.poly(10.5, y+1.75, 20, y+1.75)
		}
	},
	"iam-role": func(g *glyphPen) {
		// a hard hat: the role someone puts on
		var p path
		p.moveTo(5.5, 15)
		p.lineTo(5.5, 13)
		p.arc(12, 13, 6.5, 7, 180, 360, false)
		p.lineTo(18.5, 15)
		g.stroke(p)
		g.poly(3, 16.5, 21, 16.5)
		g.poly(12, 6, 12, 10.5)
	},
	"iam-user": func(g *glyphPen) {
		g.circle(12, 8, 3.8)
		var p path
		p.moveTo(4.5, 20.5)
		p.cubeTo(4.5, 16, 7.8, 13.8, 12, 13.8)
		p.cubeTo(16.2, 13.8, 19.5, 16, 19.5, 20.5)
		g.stroke(p)
	},
	"dynamodb-table": func(g *glyphPen) { g.cylinder(10, 14) },
	"rds-cluster": func(g *glyphPen) {
		g.cylinder(12)
		g.poly(12, 14.6, 12, 20.6)
	},
	"s3-bucket": func(g *glyphPen) {
		var p path
		p.ellipse(12, 6, 8, 2.6)
		g.stroke(p)
		var b path
		b.moveTo(4, 6)
		b.lineTo(6.4, 18.6)
		b.arc(12, 18.6, 5.6, 1.9, 180, 0, false)
		b.lineTo(20, 6)
		g.stroke(b)
	},
	"sqs-queue": func(g *glyphPen) {
		for _, x := range []float64{6.5, 10.5, 14.5} {
			g.rect(x, 8, 3, 8, 0.6)
		}
		g.poly(2, 12, 4.5, 12)
		g.poly(19.5, 12, 21, 12)
		g.arrowHead(22.5, 12, 1, 0)
	},
	"sns-topic": func(g *glyphPen) {
		g.dot(12, 12, 2.2)
		for _, r := range []float64{5, 8.5} {
			var p path
			p.arc(12, 12, r, r, 140, 220, true)
			g.stroke(p)
			var q path
			q.arc(12, 12, r, r, -40, 40, true)
			g.stroke(q)
		}
	},
	"efs-filesystem": func(g *glyphPen) {
		g.polygon(3, 6.5, 10, 6.5, 12, 9, 21, 9, 21, 19, 3, 19)
		g.poly(3, 11.5, 21, 11.5)
	},
	"cloudwatch-logs": func(g *glyphPen) {
		g.polygon(6, 3, 14, 3, 18.5, 7.5, 18.5, 21, 6, 21)
		g.poly(14, 3, 14, 7.5, 18.5, 7.5)
		for _, y := range []float64{11.5, 14.5, 17.5} {
			g.poly(9, y, 15.5, y)
		}
	},
	"cloudwatch-metrics": func(g *glyphPen) {
		g.poly(4, 3.5, 4, 20, 20.5, 20)
		g.poly(7, 16, 10.5, 11, 13.5, 13.5, 19.5, 6)
	},
	"xray": func(g *glyphPen) {
		g.circle(12, 12, 6.5)
		g.poly(12, 2, 12, 8.5)
		g.poly(12, 15.5, 12, 22)
		g.poly(2, 12, 8.5, 12)
		g.poly(15.5, 12, 22, 12)
		g.dot(12, 12, 1.5)
	},
	"internet-host": func(g *glyphPen) {
		g.circle(12, 12, 8.5)
		var p path
		p.ellipse(12, 12, 3.8, 8.5)
		g.stroke(p)
		g.poly(3.5, 12, 20.5, 12)
		g.poly(5, 7.5, 19, 7.5)
		g.poly(5, 16.5, 19, 16.5)
	},
	"external-account": func(g *glyphPen) {
		g.polygon(4.5, 20.5, 4.5, 5, 13.5, 3.5, 13.5, 20.5)
		g.polygon(13.5, 9, 19.5, 10.5, 19.5, 20.5, 13.5, 20.5)
		for _, y := range []float64{8, 11.5, 15} {
			g.poly(7.5, y, 10.5, y)
		}
		g.poly(3, 20.5, 21, 20.5)
	},
	"generic": func(g *glyphPen) {
		g.polygon(12, 3, 20, 7.5, 20, 16.5, 12, 21, 4, 16.5, 4, 7.5)
		g.poly(4, 7.5, 12, 12, 20, 7.5)
		g.poly(12, 12, 12, 21)
	},
	// marks used by annotations
	"check": func(g *glyphPen) { g.poly(6, 12.5, 10.2, 16.7, 18, 7.5) },
	"cross": func(g *glyphPen) {
		g.poly(7, 7, 17, 17)
		g.poly(17, 7, 7, 17)
	},
	"bang": func(g *glyphPen) {
		g.poly(12, 5.5, 12, 13.5)
		g.dot(12, 18, 1.5)
	},
}

// glyphName maps a node type to its glyph; unknown types get "generic".
func glyphName(nodeType string) string {
	if _, ok := glyphs[nodeType]; ok {
		return nodeType
	}
	return "generic"
}

// typeLook is what a card of a node type shows: its glyph, tile colour and
// the class attributes of its card and chips, looked up once per type.
type typeLook struct {
	node, chip string
	num        int // the glyph's number (glyphNum)
	col        rgba
}

// typeLooks holds the look of every type with a glyph or a colour.
var typeLooks = func() map[string]*typeLook {
	out := map[string]*typeLook{}
	add := func(t string) {
		g := glyphName(t)
		out[t] = &typeLook{node: "node " + g, chip: "chip " + g, num: glyphNum[g], col: categoryOf(t)}
	}
	for t := range glyphs {
		add(t)
	}
	for t := range categoryColor {
		add(t)
	}
	return out
}()

// glyphNames lists the glyphs in a fixed order, so that a canvas can keep
// what it drew of each in a slice indexed by a glyph's number.
var glyphNames = slices.Sorted(maps.Keys(glyphs))

// glyphNum is the number of each glyph, its index in glyphNames.
var glyphNum = func() map[string]int {
	out := make(map[string]int, len(glyphNames))
	for i, g := range glyphNames {
		out[g] = i
	}
	return out
}()

// lookOf returns the look of nodes of type t.
func lookOf(t string) *typeLook {
	if l, ok := typeLooks[t]; ok {
		return l
	}
	return typeLooks["generic"]
}

// iconDef names a glyph drawn at a size in a colour; it is the key of a
// scene's icon table.
type iconDef struct {
	glyph string
	size  float64
	ink   rgba
	width float64 // stroke width multiplier
}

// name is the scene-unique name of the definition, used in SVG ids.
func (d iconDef) name() string {
	b := []byte(d.glyph)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(math.Round(d.size*10)), 10)
	b = append(b, '-')
	const digits = "0123456789abcdef"
	for _, v := range [4]uint8{d.ink.R, d.ink.G, d.ink.B, d.ink.A} {
		b = append(b, digits[v>>4], digits[v&15])
	}
	if d.width != 0 && d.width != 1 {
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(math.Round(d.width*10)), 10)
	}
	return string(b)
}

// draw returns the glyph's paths scaled from the 24-unit grid to d.size.
func (d iconDef) draw() []pathItem {
	g := &glyphPen{ink: d.ink}
	glyphs[d.glyph](g)
	k := d.size / 24
	wk := k
	if d.width != 0 {
		wk *= d.width
	}
	for n := range g.items {
		p := &g.items[n]
		for i := range p.D {
			for j := range p.D[i].P {
				p.D[i].P[j].X *= k
				p.D[i].P[j].Y *= k
			}
		}
		p.Width *= wk
	}
	return g.items
}
