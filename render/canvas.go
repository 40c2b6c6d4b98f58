package render

// canvas builds a scene: it appends items to the innermost open group and
// registers the icon definitions that iconItems refer to.
//
// A large diagram has tens of thousands of items, so the canvas hands them
// out of slabs (blocks of items allocated together) instead of one
// allocation each, collects an open group's items in a buffer per nesting
// depth and gives the group an exactly sized slice of a shared slab when
// it closes, and copies paths into a slab of segments, so callers may
// build them in a reused buffer (scratchPath).
type canvas struct {
	s      *scene
	stack  []*group
	levels [][]item // per open group, its items so far

	groups slab[group]
	rects  slab[rectItem]
	paths  slab[pathItem]
	texts  slab[textItem]
	icons  slab[iconItem]
	items  []item // room for closed groups' items
	attrs  []attr // room for groups' attributes
	segs   []seg  // room for paths' segments
	tmp    path   // scratchPath's buffer

	iconNames map[iconDef]string
}

// slab hands out pointers to values allocated in blocks; a block is never
// grown, so the pointers stay valid.
type slab[T any] struct {
	buf  []T
	next int // size of the next block
}

func (s *slab[T]) alloc() *T {
	if len(s.buf) == cap(s.buf) {
		s.next = min(max(2*s.next, 16), 1024)
		s.buf = make([]T, 0, s.next)
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

func newCanvas(ns string) *canvas {
	s := &scene{NS: ns, Icons: map[string][]item{}}
	return &canvas{s: s, iconNames: map[iconDef]string{}}
}

// add appends an item to the current group.
func (c *canvas) add(it item) {
	c.s.hint += itemHint(it, c.s.NS)
	if n := len(c.stack); n > 0 {
		c.levels[n-1] = append(c.levels[n-1], it)
		return
	}
	c.s.Items = append(c.s.Items, it)
}

// setAttrs sets g's data attributes, from a block of them.
func (c *canvas) setAttrs(g *group, a ...attr) {
	if len(a) > cap(c.attrs)-len(c.attrs) {
		c.attrs = make([]attr, 0, 2048)
	}
	k := len(c.attrs)
	c.attrs = append(c.attrs, a...)
	g.Attrs = c.attrs[k:len(c.attrs):len(c.attrs)]
}

// group returns a new group for open, from the slab.
func (c *canvas) group() *group { return c.groups.alloc() }

// open starts a group; items go into it until close.
func (c *canvas) open(g *group) {
	c.add(g)
	c.stack = append(c.stack, g)
	if len(c.levels) < len(c.stack) {
		c.levels = append(c.levels, nil)
	}
	c.levels[len(c.stack)-1] = c.levels[len(c.stack)-1][:0]
}

// close ends the innermost group, giving it its items.
func (c *canvas) close() {
	n := len(c.stack) - 1
	its := c.levels[n]
	if len(its) > cap(c.items)-len(c.items) {
		c.items = make([]item, 0, max(len(its), 4096))
	}
	k := len(c.items)
	c.items = append(c.items, its...)
	c.stack[n].Items = c.items[k:len(c.items):len(c.items)]
	c.stack = c.stack[:n]
}

// icon places glyph at (x, y), size units wide, in ink.
func (c *canvas) icon(glyph string, x, y, size float64, ink rgba) {
	c.iconW(glyph, x, y, size, ink, 1)
}

// iconW is icon with a stroke-width multiplier.
func (c *canvas) iconW(glyph string, x, y, size float64, ink rgba, width float64) {
	d := iconDef{glyph: glyph, size: size, ink: ink, width: width}
	n, ok := c.iconNames[d]
	if !ok {
		n = d.name()
		c.iconNames[d] = n
		if _, ok := c.s.Icons[n]; !ok {
			c.s.Icons[n] = d.draw()
		}
	}
	it := c.icons.alloc()
	*it = iconItem{Name: n, X: x, Y: y}
	c.add(it)
}

func (c *canvas) rect(b box, rx float64, p paint) {
	it := c.rects.alloc()
	*it = rectItem{B: b, RX: rx, paint: p}
	c.add(it)
}

// rectItem adds a rectangle and returns it, to be sized later.
func (c *canvas) rectItem(p paint, rx float64) *rectItem {
	it := c.rects.alloc()
	*it = rectItem{RX: rx, paint: p}
	c.add(it)
	return it
}

// path adds a copy of d, which may then be reused (see scratchPath).
func (c *canvas) path(d path, p paint) {
	if len(d) > cap(c.segs)-len(c.segs) {
		c.segs = make([]seg, 0, max(len(d), 4096))
	}
	k := len(c.segs)
	c.segs = append(c.segs, d...)
	it := c.paths.alloc()
	*it = pathItem{D: c.segs[k:len(c.segs):len(c.segs)], paint: p}
	c.add(it)
}

// scratchPath returns an empty path in a buffer the canvas reuses, for a
// path that is added and then not needed: valid until the next call.
func (c *canvas) scratchPath() *path {
	c.tmp = c.tmp[:0]
	return &c.tmp
}

// text adds one line; s must already be clean (see cleanText).
func (c *canvas) text(x, y, size float64, bold bool, anchor int, fill rgba, s string) {
	if s == "" {
		return
	}
	it := c.texts.alloc()
	*it = textItem{X: x, Y: y, Size: size, Bold: bold, Anchor: anchor, Fill: fill, Text: s}
	c.add(it)
}
