package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// The editor sends the whole drawing once; after that an answer carries
// only the parts of the new drawing the page does not show yet.
//
// The drawing is split into items. An element with a node or an arrow
// somewhere inside it (the <svg> itself, a VPC, a subnet) is a shell: its
// start tag alone, with its element children as items of their own. Any
// other element (a card, an arrow, a title, the icon definitions) is a leaf:
// its whole markup. Every item is named by a hash of its bytes, so two
// drawings share an item exactly when its markup is the same, and the key
// list of a drawing (its tree) says everything about it: its id is the hash
// of the tree.
//
// The page tells the server the id of the drawing it shows. The server
// keeps the trees of drawings it sent (in an LRU; a restart or an eviction
// only costs one full drawing) and answers with the new tree and the bytes
// of the items whose keys the old tree lacks. The page rebuilds its <svg>
// from the tree, reusing the elements it has for every other key.

// Keys are 64-bit maphash sums, 11 characters. maphash is fast (the split
// hashes the whole drawing, megabytes, on every answer) and its seed is
// secret and new in every process, so labels cannot be chosen to make two
// items collide. By chance, two of the n distinct items of the drawings
// one answer compares (the page's and the new one, n ≈ 40,000 for the
// 5,000-shape design) share a key with probability about n²/2⁶⁵ ≈ 4·10⁻¹¹.
// Keys live as long as the process: after a restart the server knows no
// tree and sends whole drawings.

// keyChars is the length of a key: 8 bytes in unpadded base64url.
const keyChars = 11

// keySeed seeds every key's hash; it is set once, when the process starts,
// and only read after.
var keySeed = maphash.MakeSeed()

// splitDrawing is a drawing split into items.
type splitDrawing struct {
	// ID names the drawing: the hash of its tree.
	ID string
	// Tree lists the keys in document order; "(" after a shell's key opens
	// its children, ")" closes them. Tokens are separated by one space.
	Tree string
	// order is every item once, in the order of its key's first use in
	// Tree; the items' bytes are those of els in svg.
	order []splitItem
	svg   []byte
	els   []svgElement
}

// splitItem is an item of a split drawing: its key and its element.
type splitItem struct {
	key   uint64
	el    int32
	shell bool
}

// svgElement is one element of a drawing while it is split. Offsets are
// into the drawing; elements refer to each other by index (-1: none), so
// a drawing of a hundred thousand elements costs one allocation.
type svgElement struct {
	start, tagEnd, end int32 // the element's bytes, its start tag's end
	nameEnd            int32 // its name is b[start+1:nameEnd]
	parent             int32
	firstChild, last   int32
	next               int32 // the next sibling
	keyed              bool  // carries data-node-id or data-edge-id
	hasKeyed           bool  // a descendant does
	text               bool  // holds text of its own besides white space
}

// splitSVG splits a drawing; ok is false when its markup is not what the
// renderer writes (the page then always gets it whole). It allocates the
// element list, the item list, a map of the keys seen and the tree.
func splitSVG(svg []byte) (splitDrawing, bool) {
	els, ok := parseSVG(svg)
	if !ok || len(els) == 0 || els[0].text || els[0].end == els[0].tagEnd {
		return splitDrawing{}, false // the root must hold elements only
	}
	s := splitDrawing{svg: svg, els: els, order: make([]splitItem, 0, len(els))}
	seen := make(map[uint64]struct{}, len(els))
	var tree strings.Builder
	tree.Grow(len(els) * (keyChars + 3))
	var kb [keyChars]byte
	var walk func(i int32)
	walk = func(i int32) {
		e := &els[i]
		shell := i == 0 || e.hasKeyed && !e.text
		// A shell's end tag follows from its start tag: the start tag
		// names it.
		var k uint64
		if shell {
			k = sumKey('s', svg[e.start:e.tagEnd])
		} else {
			k = sumKey('l', svg[e.start:e.end])
		}
		if _, dup := seen[k]; !dup {
			seen[k] = struct{}{}
			s.order = append(s.order, splitItem{key: k, el: i, shell: shell})
		}
		if tree.Len() > 0 {
			tree.WriteByte(' ')
		}
		tree.Write(encodeKey(&kb, k))
		if shell {
			tree.WriteString(" (")
			for c := e.firstChild; c >= 0; c = els[c].next {
				walk(c)
			}
			tree.WriteString(" )")
		}
	}
	walk(0)
	s.Tree = tree.String()
	s.ID = hashKey('d', []byte(s.Tree))
	return s, true
}

// itemBytes is an item's markup: a leaf's whole element, a shell's start
// and end tags.
func (s splitDrawing) itemBytes(it splitItem, out []byte) []byte {
	e := &s.els[it.el]
	if !it.shell {
		return append(out, s.svg[e.start:e.end]...)
	}
	out = append(out, s.svg[e.start:e.tagEnd]...)
	return append(append(append(out, "</"...), s.svg[e.start+1:e.nameEnd]...), '>')
}

// sumKey is the key of bytes b of one kind: a shell and a leaf with the
// same bytes differ (the page rebuilds a shell's children but keeps a
// leaf's).
func sumKey(kind byte, b []byte) uint64 {
	return maphash.Bytes(keySeed, b) ^ uint64(kind)*0x9e3779b97f4a7c15
}

// encodeKey writes key k into buf.
func encodeKey(buf *[keyChars]byte, k uint64) []byte {
	var raw [8]byte
	binary.LittleEndian.PutUint64(raw[:], k)
	base64.RawURLEncoding.Encode(buf[:], raw[:])
	return buf[:]
}

func hashKey(kind byte, b []byte) string {
	var kb [keyChars]byte
	return string(encodeKey(&kb, sumKey(kind, b)))
}

// parseSVG lists the elements of the renderer's markup, the root first and
// every element before its children. It understands what the renderer
// writes: elements, attributes in double quotes, escaped text; no comments,
// CDATA or processing instructions.
func parseSVG(b []byte) ([]svgElement, bool) {
	if len(b) >= math.MaxInt32 {
		return nil, false // offsets are 32-bit
	}
	// Every element starts with a '<': the list never grows.
	els := make([]svgElement, 0, bytes.Count(b, []byte("<"))+1)
	stack := make([]int32, 0, 32)
	i := 0
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			if len(stack) > 0 || len(bytes.TrimSpace(b[i:])) > 0 && len(els) > 0 {
				return nil, false
			}
			return els, true
		}
		if len(bytes.TrimSpace(b[i:i+j])) > 0 {
			if len(stack) == 0 {
				return nil, false // text outside the root
			}
			els[stack[len(stack)-1]].text = true
		}
		i += j
		if i+1 >= len(b) {
			return nil, false
		}
		switch b[i+1] {
		case '/': // an end tag closes the innermost open element
			end := bytes.IndexByte(b[i:], '>')
			if end < 0 || len(stack) == 0 {
				return nil, false
			}
			top := stack[len(stack)-1]
			if !bytes.Equal(b[i+2:i+end], b[els[top].start+1:els[top].nameEnd]) {
				return nil, false
			}
			els[top].end = int32(i + end + 1)
			stack = stack[:len(stack)-1]
			i += end + 1
		case '!', '?':
			return nil, false
		default:
			end, self := tagEnd(b, i)
			if end < 0 {
				return nil, false
			}
			n := i + 1
			for n < end && b[n] != ' ' && b[n] != '>' && b[n] != '/' && b[n] != '\n' && b[n] != '\t' {
				n++
			}
			if n == i+1 {
				return nil, false
			}
			e := svgElement{start: int32(i), tagEnd: int32(end), end: int32(end), nameEnd: int32(n), parent: -1, firstChild: -1, last: -1, next: -1,
				keyed: keyedTag(b[n:end])}
			if len(stack) == 0 && len(els) > 0 {
				return nil, false // a second root
			}
			idx := int32(len(els))
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				e.parent = p
				if els[p].last >= 0 {
					els[els[p].last].next = idx
				} else {
					els[p].firstChild = idx
				}
				els[p].last = idx
				if e.keyed {
					for a := p; a >= 0 && !els[a].hasKeyed; a = els[a].parent {
						els[a].hasKeyed = true
					}
				}
			}
			els = append(els, e)
			if !self {
				stack = append(stack, idx)
			}
			i = end
		}
	}
}

// keyedTag tells whether a start tag's attributes carry a data-node-id or
// a data-edge-id (one pass over them).
func keyedTag(attrs []byte) bool {
	for {
		i := bytes.Index(attrs, []byte(" data-"))
		if i < 0 {
			return false
		}
		attrs = attrs[i+6:]
		if bytes.HasPrefix(attrs, []byte(`node-id="`)) || bytes.HasPrefix(attrs, []byte(`edge-id="`)) {
			return true
		}
	}
}

// tagEnd returns the index just past the start tag at b[i] and whether it
// closes itself; -1 when it does not end. A '>' inside a quoted value
// does not end it: the quotes before a '>' that ends the tag pair up.
func tagEnd(b []byte, i int) (int, bool) {
	quotes := 0
	for k := i + 1; k < len(b); {
		j := bytes.IndexByte(b[k:], '>')
		if j < 0 {
			return -1, false
		}
		quotes += bytes.Count(b[k:k+j], []byte{'"'})
		k += j
		if quotes%2 == 0 {
			return k + 1, b[k-1] == '/'
		}
		k++
	}
	return -1, false
}

// patch lists what a page showing the drawing whose tree is old lacks of
// s: the bytes of every item whose key old does not hold, once each, in the
// order of their first use in s's tree.
func (s splitDrawing) patch(old string) []byte {
	have := make(map[string]struct{}, strings.Count(old, " ")/2+1)
	for _, k := range strings.Fields(old) {
		if len(k) > 1 {
			have[k] = struct{}{}
		}
	}
	var out []byte
	var kb [keyChars]byte
	for _, it := range s.order {
		if _, ok := have[string(encodeKey(&kb, it.key))]; !ok {
			out = s.itemBytes(it, out)
		}
	}
	return out
}

// shown is what the page says it shows: the ids of its drawing and scene
// and the hashes of its findings and properties panels. Parts it has
// already are left out of an answer.
type shown struct{ canvas, scene, findings, props, position string }

func shownBy(c echo.Context) shown {
	return shown{canvas: c.FormValue("have-canvas"), scene: c.FormValue("have-scene"),
		findings: c.FormValue("have-findings"), props: c.FormValue("have-props"), position: c.FormValue("have-position")}
}

// canvasChange is what the page showing have lacks of cv; ok is false
// when it lacks nothing.
func (u *ui) canvasChange(cv canvasView, have shown) (canvasAnswer, bool) {
	a := canvasAnswer{Drawn: cv.split.ID, Tree: cv.split.Tree}
	if cv.scene.ID != have.scene {
		old, known := u.drawn.get(sceneKey(have.scene))
		if !known {
			old = ""
		}
		a.Scene = cv.scene.payload(have.scene, old)
	}
	switch old, known := u.drawn.get(have.canvas); {
	case a.Drawn == "":
		a.SVG = cv.SVG
	case have.canvas == a.Drawn:
		if a.Scene == "" {
			return a, false
		}
		a.Base, a.Tree = a.Drawn, ""
	case known:
		delta, small := tokenDelta(old, a.Tree)
		if !small {
			a.SVG = cv.SVG
			break
		}
		a.Base, a.Tree = have.canvas, delta
		a.SVG = append(append([]byte(`<svg xmlns="http://www.w3.org/2000/svg">`), cv.split.patch(old)...), "</svg>"...)
	default:
		a.SVG = cv.SVG
	}
	u.sent(cv)
	return a, true
}

// sent remembers the drawing and scene of cv as sent to a page.
func (u *ui) sent(cv canvasView) {
	if cv.split.ID != "" {
		u.drawn.put(cv.split.ID, cv.split.Tree)
	}
	u.drawn.put(sceneKey(cv.scene.ID), cv.scene.keys())
}

// viewHash names what a panel shows, so that an answer can leave out a
// panel the page has already.
func viewHash(v ...any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return hashKey('v', b)
}

// propsHash names the panel but for its position fields' values, which
// propsPosition shows and positionHash names.
func propsHash(p propsView) string {
	c := p
	c.Fields = slices.Clone(p.Fields)
	for i := range c.Fields {
		if c.Fields[i].Group == positionGroup {
			c.Fields[i].Value = ""
		}
	}
	return viewHash(c)
}

// positionHash names the position fields; "" for a panel without them.
func positionHash(p propsView) string {
	var pos []fieldView
	for _, f := range p.Fields {
		if f.Group == positionGroup {
			pos = append(pos, f)
		}
	}
	if pos == nil {
		return ""
	}
	return viewHash(p.ID, pos)
}

// findingsHash names the findings panel as shown: its findings and how
// the page offers them.
func findingsHash(f findingsView, editable bool, ui string) string {
	return viewHash(f.hash, editable, ui)
}

// updateParts are the regions an action's answer morphs into the page:
// those that changed from what the page shows.
func (u *ui) updateParts(w workspace, have shown) []templ.Component {
	var parts []templ.Component
	if a, ok := u.canvasChange(w.Canvas, have); ok {
		parts = append(parts, canvasUpdate(a))
	}
	if findingsHash(w.Findings, w.Editable, w.UI()) != have.findings {
		parts = append(parts, findingsPanel(w.Findings, w.Editable, w.UI(), true))
	}
	parts = append(parts, docState(w, true), docTitle(w, true))
	switch h := propsHash(w.Props); {
	case h != have.props:
		parts = append(parts, propsPanelHashed(w.Props, h, true))
	case positionHash(w.Props) != have.position && have.position != "":
		parts = append(parts, propsPosition(w.Props, true))
	}
	return parts
}

// rawBytes writes b as it is: markup the renderer made and escaped.
func rawBytes(b []byte) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// The scene is sent like the drawing: its entries (a node's box, an
// arrow's verdict and path) are named by hashes of their JSON, and an
// answer carries the key lists and the entries the page lacks.

// sceneSplit is a scene in entries.
type sceneSplit struct {
	// ID names the scene: a hash of its key lists and highlight.
	ID string
	// Nodes and Edges list the entries' keys in order, space separated.
	Nodes, Edges string
	Highlight    string
	entries      map[string]json.RawMessage
}

// scenePatch is the scene as the page gets it: the key lists and the
// entries that the scene Base, which the page shows, lacks (all of them
// without a base).
type scenePatch struct {
	ID    string `json:"id"`
	Base  string `json:"base,omitempty"`
	Nodes string `json:"n,omitempty"`
	Edges string `json:"e,omitempty"`
	// Delta, with a base, turns the base's key lists into this scene's
	// (see tokenDelta; the lists parted as keys does), in place of Nodes
	// and Edges.
	Delta     string                     `json:"d,omitempty"`
	Highlight string                     `json:"h,omitempty"`
	New       map[string]json.RawMessage `json:"new"`
}

func splitScene(sc sceneData) (sceneSplit, error) {
	s := sceneSplit{Highlight: sc.Highlight, entries: make(map[string]json.RawMessage, len(sc.Nodes)+len(sc.Edges))}
	var nodes, edges strings.Builder
	add := func(b *strings.Builder, kind byte, v any) error {
		js, err := json.Marshal(v)
		if err != nil {
			return err
		}
		k := hashKey(kind, js)
		s.entries[k] = js
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		return nil
	}
	for _, n := range sc.Nodes {
		if err := add(&nodes, 'n', n); err != nil {
			return sceneSplit{}, err
		}
	}
	for _, e := range sc.Edges {
		if err := add(&edges, 'e', e); err != nil {
			return sceneSplit{}, err
		}
	}
	s.Nodes, s.Edges = nodes.String(), edges.String()
	s.ID = hashKey('s', []byte(s.keys()+" "+s.Highlight))
	return s, nil
}

// keys lists every entry's key, the nodes' and the edges' parted by "|":
// the lists a scene delta changes.
func (s sceneSplit) keys() string { return s.Nodes + " | " + s.Edges }

func sceneKey(id string) string { return "scene:" + id }

// payload is the scene for a page showing the scene base, whose keys are
// old; base is ignored when old is empty.
func (s sceneSplit) payload(base, old string) string {
	p := scenePatch{ID: s.ID, Nodes: s.Nodes, Edges: s.Edges, Highlight: s.Highlight, New: map[string]json.RawMessage{}}
	have := map[string]bool{}
	if old != "" {
		p.Base = base
		if d, ok := tokenDelta(old, s.keys()); ok {
			p.Nodes, p.Edges, p.Delta = "", "", d
		}
		for _, k := range strings.Fields(old) {
			have[k] = true
		}
	}
	for k, v := range s.entries {
		if !have[k] {
			p.New[k] = v
		}
	}
	b, _ := json.Marshal(p) // strings and JSON already checked
	return string(b)
}
