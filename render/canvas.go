package render

// canvas builds a scene: it appends elements to the scene in drawing order
// and registers the icon definitions that iconItems refer to.
//
// A large diagram has tens of thousands of elements, so the scene keeps
// them flat (see scene): a group is its opening and its end, values come
// out of slabs (blocks of values allocated together) instead of one
// allocation each, and paths go into one store of commands and points, so
// callers may build them in a reused buffer (scratchPath).
type canvas struct {
	s     *scene
	attrs []attr // room for groups' attributes
	tmp   path   // scratchPath's buffer

	// the definitions drawn of each glyph, by glyph number: a glyph is
	// drawn at one or two sizes and colours, which a short scan finds
	// quicker than a map keyed by name, size and colour would
	glyphOf [][]iconUse
	glyphAt map[string]int // the scene's glyph of each name
}

// iconUse is a size, colour and stroke width a glyph was drawn at, and the
// scene's glyph for it.
type iconUse struct {
	size, width float64
	ink         rgba
	g           int
}

func newCanvas(ns string) *canvas {
	return &canvas{s: &scene{NS: ns}, glyphOf: make([][]iconUse, len(glyphNames)), glyphAt: map[string]int{}}
}

// setAttrs sets g's data attributes, from a block of them.
func (c *canvas) setAttrs(g *group, a ...attr) {
	if len(a) > cap(c.attrs)-len(c.attrs) {
		c.attrs = make([]attr, 0, max(len(a), 1024))
	}
	k := len(c.attrs)
	c.attrs = c.attrs[:k+len(a)]
	// assigned one by one: append would copy them through a call, which
	// for a few values costs more than the copy
	for i := range a {
		c.attrs[k+i] = a[i]
	}
	g.Attrs = c.attrs[k:len(c.attrs):len(c.attrs)]
}

// open starts a group; elements go into it until close. The scene keeps
// a copy of g, in a slab of groups read in the order they were opened.
func (c *canvas) open(g *group) {
	s := c.s
	s.add(kindGroup)
	*s.groups.alloc() = *g
	s.hint += groupHint(g, s.NS)
}

// close ends the innermost group.
func (c *canvas) close() { c.s.add(kindEnd) }

// icon places glyph at (x, y), size units wide, in ink.
func (c *canvas) icon(glyph string, x, y, size float64, ink rgba) {
	c.iconN(glyphNum[glyph], x, y, size, ink, 1)
}

// iconW is icon with a stroke-width multiplier.
func (c *canvas) iconW(glyph string, x, y, size float64, ink rgba, width float64) {
	c.iconN(glyphNum[glyph], x, y, size, ink, width)
}

// iconN is iconW for the glyph numbered num (see glyphNum), as a typeLook
// has it.
func (c *canvas) iconN(num int, x, y, size float64, ink rgba, width float64) {
	s := c.s
	g := -1
	for _, u := range c.glyphOf[num] {
		if u.size == size && u.width == width && u.ink == ink {
			g = u.g
			break
		}
	}
	if g < 0 {
		g = c.addGlyph(iconDef{glyph: glyphNames[num], size: size, ink: ink, width: width})
		c.glyphOf[num] = append(c.glyphOf[num], iconUse{size, width, ink, g})
	}
	it := s.icons.alloc()
	*it = iconItem{X: x, Y: y, Glyph: g}
	s.add(kindIcon)
	s.hint += 40 + len(s.NS) + len(s.glyphs[g].Name)
}

// addGlyph returns the scene's glyph for d, adding it unless one of the
// same name (which rounds the size and width) was added before.
func (c *canvas) addGlyph(d iconDef) int {
	s := c.s
	n := d.name()
	if g, ok := c.glyphAt[n]; ok {
		return g
	}
	items := d.draw()
	shapes := make([]shape, len(items))
	for i := range items {
		p := &items[i]
		shapes[i] = s.addPath(p.D, &p.paint)
		s.hint += shapeHint(&shapes[i], len(p.Dash))
	}
	s.glyphs = append(s.glyphs, glyph{Name: n, Shapes: shapes})
	c.glyphAt[n] = len(s.glyphs) - 1
	return len(s.glyphs) - 1
}

func (c *canvas) rect(b box, rx float64, p paint) {
	c.rectItem(p, rx).B = b
}

// rectItem adds a rectangle and returns it, to be sized later.
func (c *canvas) rectItem(p paint, rx float64) *rectItem {
	s := c.s
	it := s.rects.alloc()
	*it = rectItem{RX: rx, brush: s.brush(&p)}
	s.add(kindRect)
	s.hint += 105 + 8*len(p.Dash)
	return it
}

// path adds a copy of d, which may then be reused (see scratchPath).
func (c *canvas) path(d path, p paint) {
	s := c.s
	sh := s.shapes.alloc()
	*sh = s.addPath(d, &p)
	s.add(kindShape)
	s.hint += shapeHint(sh, len(p.Dash))
}

// scratchPath returns an empty path in a buffer the canvas reuses, for a
// path that is added and then not needed: valid until the next call.
func (c *canvas) scratchPath() *path {
	c.tmp = c.tmp[:0]
	return &c.tmp
}

// text adds one line; s must already be clean (see cleanText).
func (c *canvas) text(x, y, size float64, bold bool, anchor int, fill rgba, s string) {
	c.plainText(x, y, size, bold, anchor, fill, s, false)
}

// plainText is text for an s that may be plain: a plain text
// (cleanTextPlain) or a part of one, shortened or not (wrap, ellipsize),
// which holds no escapes either.
func (c *canvas) plainText(x, y, size float64, bold bool, anchor int, fill rgba, s string, plain bool) {
	if s == "" {
		return
	}
	sc := c.s
	it := sc.texts.alloc()
	*it = textItem{X: x, Y: y, Size: size, Bold: bold, Anchor: uint8(anchor), Fill: fill, Plain: plain, Text: s}
	sc.add(kindText)
	sc.hint += 80 + len(s)
}
