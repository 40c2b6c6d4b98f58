package iam

import (
	"slices"
	"unicode/utf8"

	"archway/model/internal/jsonscan"
)

// fastReader reads the JSON of a policy in one pass over its bytes, for the
// usual document: well-formed, no escapes in strings, no repeated keys, not
// nested deeply. At anything else it gives up, and decodeJSON reads the
// document again with encoding/json, which knows every rule and words the
// problems; so both give the same tree for the documents this one accepts.
// Policies are decoded for every analysis, and encoding/json's token reader
// costs about five times as much.
type fastReader struct {
	doc []byte
	src string // doc as a string: the strings of the tree are slices of it
	pos int
	// slab hands out nodes a chunk at a time.
	slab []jnode
	// keys and vals are stacks of the keys and values of the objects and
	// arrays being read (nested ones on top); each list is copied out at its
	// final length into a chunk of keySlab or valSlab, so that a node costs
	// no allocations of its own.
	keys    []string
	vals    []*jnode
	keySlab []string
	valSlab []*jnode
}

// decode returns the tree of doc, or false when the careful reader must
// decide. The tree is built in r's buffers, which held the tree of the
// last document r read: that tree must no longer be in use.
func (r *fastReader) decode(doc []byte) (*jnode, bool) {
	r.doc, r.src, r.pos = doc, string(doc), 0
	r.slab, r.keys, r.vals, r.keySlab, r.valSlab = r.slab[:0], r.keys[:0], r.vals[:0], r.keySlab[:0], r.valSlab[:0]
	n, ok := r.value(0)
	if !ok {
		return nil, false
	}
	r.space()
	return n, r.pos == len(doc)
}

func (r *fastReader) node(k jkind) *jnode {
	if len(r.slab) == cap(r.slab) {
		// Policies spend 20 bytes of JSON or more per value (ARNs are
		// long); the first chunk is sized from the document so that a small
		// one wastes little.
		n := 32
		if r.slab == nil {
			n = min(len(r.doc)/24+4, 256)
		}
		r.slab = make([]jnode, 0, n)
	}
	r.slab = append(r.slab, jnode{kind: k})
	return &r.slab[len(r.slab)-1]
}

func (r *fastReader) space() {
	for r.pos < len(r.doc) {
		switch r.doc[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// value reads one value; depth counts the arrays and objects around it, as
// the careful reader counts them.
func (r *fastReader) value(depth int) (*jnode, bool) {
	r.space()
	if r.pos == len(r.doc) {
		return nil, false
	}
	switch c := r.doc[r.pos]; {
	case c == '{':
		if depth >= maxDepth {
			return nil, false
		}
		return r.object(depth + 1)
	case c == '[':
		if depth >= maxDepth {
			return nil, false
		}
		return r.array(depth + 1)
	case c == '"':
		s, ok := r.str()
		if !ok {
			return nil, false
		}
		n := r.node(jString)
		n.s = s
		return n, true
	case c == '-' || '0' <= c && c <= '9':
		s, ok := r.number()
		if !ok {
			return nil, false
		}
		n := r.node(jNumber)
		n.s = s
		return n, true
	case r.literal("true"):
		n := r.node(jBool)
		n.b = true
		return n, true
	case r.literal("false"):
		return r.node(jBool), true
	case r.literal("null"):
		return r.node(jNull), true
	}
	return nil, false
}

func (r *fastReader) literal(word string) bool {
	if len(r.doc)-r.pos < len(word) || r.src[r.pos:r.pos+len(word)] != word {
		return false
	}
	r.pos += len(word)
	return true
}

// str reads a string without escapes or control characters, in valid UTF-8.
func (r *fastReader) str() (string, bool) {
	start := r.pos + 1
	ascii := true
	src := r.src
	for i := start; i < len(src); i++ {
		if i = jsonscan.Plain(src, i); i == len(src) {
			break
		}
		switch c := src[i]; {
		case c == '"':
			r.pos = i + 1
			s := src[start:i]
			return s, ascii || utf8.ValidString(s)
		case c == '\\' || c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// number reads a number as JSON writes them, keeping its text.
func (r *fastReader) number() (string, bool) {
	end, ok := jsonscan.Number(r.src, r.pos)
	if !ok {
		return "", false
	}
	start := r.pos
	r.pos = end
	return r.src[start:end], true
}

func (r *fastReader) array(depth int) (*jnode, bool) {
	n := r.node(jArray)
	r.pos++ // '['
	r.space()
	if r.pos < len(r.doc) && r.doc[r.pos] == ']' {
		r.pos++
		return n, true
	}
	start := len(r.vals)
	for {
		v, ok := r.value(depth)
		if !ok {
			return nil, false
		}
		r.vals = append(r.vals, v)
		r.space()
		if r.pos == len(r.doc) {
			return nil, false
		}
		switch r.doc[r.pos] {
		case ',':
			r.pos++
		case ']':
			r.pos++
			n.vals = keep(r, &r.vals, &r.valSlab, start)
			return n, true
		default:
			return nil, false
		}
	}
}

func (r *fastReader) object(depth int) (*jnode, bool) {
	n := r.node(jObject)
	r.pos++ // '{'
	r.space()
	if r.pos < len(r.doc) && r.doc[r.pos] == '}' {
		r.pos++
		return n, true
	}
	start, vstart := len(r.keys), len(r.vals)
	for {
		r.space()
		if r.pos == len(r.doc) || r.doc[r.pos] != '"' {
			return nil, false
		}
		key, ok := r.str()
		if !ok || slices.Contains(r.keys[start:], key) {
			// a repeated key is a problem the careful reader words
			return nil, false
		}
		r.space()
		if r.pos == len(r.doc) || r.doc[r.pos] != ':' {
			return nil, false
		}
		r.pos++
		v, ok := r.value(depth)
		if !ok {
			return nil, false
		}
		r.keys = append(r.keys, key)
		r.vals = append(r.vals, v)
		r.space()
		if r.pos == len(r.doc) {
			return nil, false
		}
		switch r.doc[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			n.keys, n.vals = keep(r, &r.keys, &r.keySlab, start), keep(r, &r.vals, &r.valSlab, vstart)
			return n, true
		default:
			return nil, false
		}
	}
}

// chunk is the size of the next chunk of keySlab or valSlab: the first
// fits a typical document of the size read (a key or value takes a dozen
// bytes or more of JSON), later ones are larger.
func (r *fastReader) chunk(first bool, n int) int {
	if first {
		return max(n, min(len(r.doc)/16+4, 64))
	}
	return max(n, 64)
}

// keep moves the items above start off a stack (keys or vals) to a list of
// their own, in a chunk of slab (keySlab or valSlab).
func keep[T any](r *fastReader, stack, slab *[]T, start int) []T {
	list := (*stack)[start:]
	n := len(list)
	if cap(*slab)-len(*slab) < n {
		*slab = make([]T, 0, r.chunk(*slab == nil, n))
	}
	at := len(*slab)
	*slab = append(*slab, list...)
	clear(list)
	*stack = (*stack)[:start]
	return (*slab)[at : at+n : at+n]
}
