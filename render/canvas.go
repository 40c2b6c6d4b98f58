package render

// canvas builds a scene: it appends items to the innermost open group and
// registers the icon definitions that iconItems refer to.
type canvas struct {
	s     *scene
	stack []*group
}

func newCanvas(ns string) *canvas {
	s := &scene{NS: ns, Icons: map[string][]item{}}
	return &canvas{s: s}
}

// add appends items to the current group.
func (c *canvas) add(items ...item) {
	if n := len(c.stack); n > 0 {
		g := c.stack[n-1]
		g.Items = append(g.Items, items...)
		return
	}
	c.s.Items = append(c.s.Items, items...)
}

// open starts a group; items go into it until close.
func (c *canvas) open(g *group) {
	c.add(g)
	c.stack = append(c.stack, g)
}

func (c *canvas) close() { c.stack = c.stack[:len(c.stack)-1] }

// icon places glyph at (x, y), size units wide, in ink.
func (c *canvas) icon(glyph string, x, y, size float64, ink rgba) {
	c.iconW(glyph, x, y, size, ink, 1)
}

// iconW is icon with a stroke-width multiplier.
func (c *canvas) iconW(glyph string, x, y, size float64, ink rgba, width float64) {
	d := iconDef{glyph: glyph, size: size, ink: ink, width: width}
	n := d.name()
	if _, ok := c.s.Icons[n]; !ok {
		c.s.Icons[n] = d.draw()
	}
	c.add(&iconItem{Name: n, X: x, Y: y})
}

func (c *canvas) rect(b box, rx float64, p paint) {
	c.add(&rectItem{B: b, RX: rx, paint: p})
}

func (c *canvas) path(d path, p paint) {
	c.add(&pathItem{D: d, paint: p})
}

// text adds one line; s must already be clean (see cleanText).
func (c *canvas) text(x, y, size float64, bold bool, anchor int, fill rgba, s string) {
	if s == "" {
		return
	}
	c.add(&textItem{X: x, Y: y, Size: size, Bold: bold, Anchor: anchor, Fill: fill, Text: s})
}
