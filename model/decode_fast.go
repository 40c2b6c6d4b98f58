package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	stdstrings "strings"
	"unicode/utf8"

	"archway/model/internal/jsonscan"
)

// The fast path of Decode. Most documents the server reads are valid: the
// editor wrote them. For those, Decode need not go through
// map[string]json.RawMessage and encoding/json field by field (which reads
// every byte several times) to find problems there are none of. decodeFast
// reads the document once, strictly, into the same structures the careful
// path builds, and gives up at the first thing that is not plainly right:
// a syntax error, an unknown, duplicate or escaped key, a key the node's
// type does not accept, a missing or unknown type, null, a value of the
// wrong JSON type or out of range, a string with invalid UTF-8, a list over
// the limits. Decode then takes the careful path, which names every
// problem with its path. So the fast path never accepts what the careful
// path would report, and where it accepts, it builds an equal design
// (TestDecodeFastMatches and FuzzDecodeFast check both).
//
// Keys are matched exactly: encoding/json matches struct fields without
// regard to case, but the careful path reports "CIDR" as an unknown field.

// fastKind is how the fast path reads a struct field.
type fastKind uint8

const (
	fastUnsupported fastKind = iota // a field type the fast path leaves to the careful one
	fastString
	fastInt
	fastBool
	fastFloatPtr
	fastIntPtr
	fastBoolPtr
	fastStrings     // []string
	fastStructs     // []T, T a struct
	fastStructsPtr  // *[]T, T a struct
	fastStructPtr   // *T, T a struct
	fastUnmarshaler // *T where *T has UnmarshalJSON (Ports)
	fastRaw         // json.RawMessage, stored canonical
	fastPoints      // []Point
)

// fastField is where a JSON key lands in a struct and how it is read.
type fastField struct {
	index     int
	kind      fastKind
	omitempty bool
	elem      reflect.Type // the struct of the struct kinds, the pointee of fastUnmarshaler
}

// fastFields maps each decoded struct type to its keys, like structFields;
// built once, read-only afterwards.
var fastFields = func() map[reflect.Type]map[string]fastField {
	out := map[reflect.Type]map[string]fastField{}
	for t, fields := range structFields {
		m := make(map[string]fastField, len(fields))
		for name, f := range fields {
			ft := t.Field(f.index).Type
			ff := fastField{index: f.index, omitempty: f.omitempty}
			ff.kind, ff.elem = fastKindOf(ft)
			m[name] = ff
		}
		out[t] = m
	}
	return out
}()

func fastKindOf(t reflect.Type) (fastKind, reflect.Type) {
	switch t.Kind() {
	case reflect.String:
		return fastString, nil
	case reflect.Int:
		return fastInt, nil
	case reflect.Bool:
		return fastBool, nil
	case reflect.Pointer:
		e := t.Elem()
		switch {
		case hasUnmarshaler(t):
			return fastUnmarshaler, e
		case e.Kind() == reflect.Float64:
			return fastFloatPtr, nil
		case e.Kind() == reflect.Int:
			return fastIntPtr, nil
		case e.Kind() == reflect.Bool:
			return fastBoolPtr, nil
		case e.Kind() == reflect.Struct:
			return fastStructPtr, e
		case e.Kind() == reflect.Slice && e.Elem().Kind() == reflect.Struct && !hasUnmarshaler(reflect.PointerTo(e.Elem())):
			return fastStructsPtr, e.Elem()
		}
	case reflect.Slice:
		switch {
		case t == rawMessageType:
			return fastRaw, nil
		case t.Elem() == pointType:
			return fastPoints, nil
		case t.Elem().Kind() == reflect.String:
			return fastStrings, nil
		case t.Elem().Kind() == reflect.Struct && !hasUnmarshaler(reflect.PointerTo(t.Elem())):
			return fastStructs, t.Elem()
		}
	}
	return fastUnsupported, nil
}

var nodeType = reflect.TypeFor[Node]()

// typeBit is the bit of Node's "type" field in the masks below.
var typeBit = uint64(1) << fastFields[nodeType]["type"].index

// allowedMasks has, per node type, a bit (1 << field index) for each field
// of Node the type accepts.
var allowedMasks = func() map[string]uint64 {
	if nodeType.NumField() > 64 {
		panic("model: Node has more fields than the fast decoder's masks hold")
	}
	byName := fastFields[nodeType]
	out := map[string]uint64{}
	for typ, set := range allowedFields {
		var m uint64
		for name := range set {
			m |= 1 << byName[name].index
		}
		out[typ] = m
	}
	return out
}()

// maxFastDepth bounds nesting in embedded documents; deeper ones take the
// careful path (encoding/json has its own limit).
const maxFastDepth = 200

// fastReader reads one document. Strings without escapes are substrings of
// str, one copy of the whole document, rather than one allocation each;
// the canonical forms of embedded documents are slices of raw, members a
// stack of the objects' members being read there.
type fastReader struct {
	data    []byte
	str     string
	i       int
	raw     []byte
	members []rawMember
	tmp     []byte
	strs    []string // scratch of strings
	// strSlab is where the string lists are copied to, at their exact
	// lengths: one allocation for many lists.
	strSlab []string
	// nodeSlab and edgeSlab are chunks the nodes and edges are taken from.
	nodeSlab []Node
	edgeSlab []Edge
	pts      []Point // scratch of points
}

// decodeFast reads a document that has no decoding problems; ok is false
// when it finds anything the careful path should look at.
func decodeFast(data []byte) (d *Design, ok bool) {
	r := &fastReader{data: data, str: string(data)}
	d = &Design{Nodes: []*Node{}, Edges: []*Edge{}}
	var seen [7]bool
	ok = r.object(func(key string) bool {
		k := slices.Index([]string{"format", "title", "account", "region", "prefixLists", "nodes", "edges"}, key)
		if k < 0 || seen[k] {
			return false
		}
		seen[k] = true
		switch k {
		case 0:
			s, ok := r.string()
			d.Format = s
			return ok && s == FormatV1
		case 1:
			s, ok := r.string()
			d.Title = s
			return ok
		case 2:
			s, ok := r.string()
			d.Account = s
			return ok
		case 3:
			s, ok := r.string()
			d.Region = s
			return ok
		case 4:
			return r.prefixLists(d)
		case 5:
			return r.nodes(d)
		default:
			return r.edges(d)
		}
	})
	r.space()
	return d, ok && seen[0] && r.i == len(data)
}

func (r *fastReader) prefixLists(d *Design) bool {
	m := map[string][]string{}
	ok := r.object(func(key string) bool {
		if _, dup := m[key]; dup {
			return false
		}
		list, ok := r.strings()
		if list == nil {
			list = []string{}
		}
		m[key] = list
		return ok
	})
	if len(m) > 0 { // an empty object means the same as none
		d.PrefixLists = m
	}
	return ok
}

func (r *fastReader) nodes(d *Design) bool {
	ok := r.array(func() bool {
		if len(d.Nodes) == MaxNodes {
			return false
		}
		n := take(&r.nodeSlab, r.chunk())
		present, ok := r.structValue(reflect.ValueOf(n).Elem())
		if !ok {
			return false
		}
		allowed, known := allowedMasks[n.Type]
		if !known || present&^allowed != 0 || present&typeBit == 0 {
			return false
		}
		d.Nodes = append(d.Nodes, n)
		return true
	})
	d.Nodes = slices.Clip(d.Nodes)
	return ok
}

func (r *fastReader) edges(d *Design) bool {
	ok := r.array(func() bool {
		if len(d.Edges) == MaxEdges {
			return false
		}
		e := take(&r.edgeSlab, r.chunk())
		_, ok := r.structValue(reflect.ValueOf(e).Elem())
		d.Edges = append(d.Edges, e)
		return ok
	})
	d.Edges = slices.Clip(d.Edges)
	return ok
}

// take returns a zero value from the chunk in slab, starting a chunk of n
// when it is full: nodes and edges come in a few allocations, not one each.
func take[T any](slab *[]T, n int) *T {
	if len(*slab) == cap(*slab) {
		*slab = make([]T, 0, n)
	}
	*slab = (*slab)[:len(*slab)+1]
	return &(*slab)[len(*slab)-1]
}

// chunk is how many nodes or edges a chunk holds: a node or edge takes a
// hundred bytes of JSON or more, and a small document should not get room
// for many it does not have.
func (r *fastReader) chunk() int { return min(16, max(2, len(r.data)/1024)) }

// structValue reads an object into the struct v and returns a bit for each
// field it set.
func (r *fastReader) structValue(v reflect.Value) (uint64, bool) {
	fields := fastFields[v.Type()]
	var present uint64
	ok := r.object(func(key string) bool {
		f, known := fields[key]
		if !known || f.index >= 64 || present&(1<<f.index) != 0 {
			return false
		}
		present |= 1 << f.index
		return r.field(v.Field(f.index), f)
	})
	return present, ok
}

// field reads one value into fv, as decodeInto would.
func (r *fastReader) field(fv reflect.Value, f fastField) bool {
	switch f.kind {
	case fastString:
		s, ok := r.string()
		fv.SetString(s)
		return ok
	case fastInt:
		n, ok := r.int()
		fv.SetInt(n)
		return ok
	case fastBool:
		b, ok := r.bool()
		fv.SetBool(b)
		return ok
	case fastFloatPtr:
		num, ok := r.number()
		if !ok {
			return false
		}
		x, err := strconv.ParseFloat(num, 64)
		fv.Set(reflect.ValueOf(&x))
		return err == nil
	case fastIntPtr:
		n, ok := r.int()
		v := int(n)
		fv.Set(reflect.ValueOf(&v))
		return ok
	case fastBoolPtr:
		b, ok := r.bool()
		fv.Set(reflect.ValueOf(&b))
		return ok
	case fastStrings:
		list, ok := r.strings()
		if len(list) > 0 || !f.omitempty {
			if list == nil {
				list = []string{}
			}
			fv.Set(reflect.ValueOf(list))
		}
		return ok
	case fastStructs, fastStructsPtr:
		s := reflect.MakeSlice(reflect.SliceOf(f.elem), 0, 0)
		ok := r.array(func() bool {
			s = reflect.Append(s, reflect.Zero(f.elem))
			_, ok := r.structValue(s.Index(s.Len() - 1))
			return ok
		})
		s = s.Slice3(0, s.Len(), s.Len())
		switch {
		case f.kind == fastStructsPtr:
			p := reflect.New(s.Type())
			p.Elem().Set(s)
			fv.Set(p)
		case s.Len() > 0 || !f.omitempty:
			fv.Set(s)
		}
		return ok
	case fastStructPtr:
		if r.peek() != '{' {
			return false
		}
		p := reflect.New(f.elem)
		_, ok := r.structValue(p.Elem())
		fv.Set(p)
		return ok
	case fastUnmarshaler:
		start := r.i
		switch r.peek() {
		case '"':
			if _, ok := r.stringRaw(); !ok {
				return false
			}
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if _, ok := r.number(); !ok {
				return false
			}
		default:
			return false
		}
		p := reflect.New(f.elem)
		if p.Interface().(json.Unmarshaler).UnmarshalJSON(r.data[start:r.i]) != nil {
			return false
		}
		fv.Set(p)
		return true
	case fastPoints:
		pts, ok := r.points()
		if len(pts) > 0 { // an empty route means the same as none
			fv.Set(reflect.ValueOf(pts))
		}
		return ok
	case fastRaw:
		if r.peek() == 'n' {
			return false
		}
		start := len(r.raw)
		var ok bool
		if r.raw, ok = r.canonical(r.raw, 0); !ok {
			return false
		}
		fv.SetBytes(r.raw[start:len(r.raw):len(r.raw)])
		return true
	}
	return false
}

// space skips JSON white space. The run is scanned with locals: through
// r, every byte would load and store r.i.
func (r *fastReader) space() {
	i, data := r.i, r.data
	for i < len(data) && jsonSpace[data[i]] {
		i++
	}
	r.i = i
}

// jsonSpace is JSON white space.
var jsonSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// peek returns the next byte after white space, or 0 at the end.
func (r *fastReader) peek() byte {
	r.space()
	if r.i < len(r.data) {
		return r.data[r.i]
	}
	return 0
}

// object reads an object, calling member with the reader at each value.
func (r *fastReader) object(member func(key string) bool) bool {
	if r.peek() != '{' {
		return false
	}
	r.i++
	if r.peek() == '}' {
		r.i++
		return true
	}
	for {
		if r.peek() != '"' {
			return false
		}
		key, ok := r.stringRaw()
		if !ok || key.escaped || r.peek() != ':' {
			return false
		}
		r.i++
		if !member(r.str[key.start:key.end]) {
			return false
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return true
		default:
			return false
		}
	}
}

// array reads an array, calling item with the reader at each value.
func (r *fastReader) array(item func() bool) bool {
	if r.peek() != '[' {
		return false
	}
	r.i++
	if r.peek() == ']' {
		r.i++
		return true
	}
	for {
		if !item() {
			return false
		}
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return true
		default:
			return false
		}
	}
}

// strings reads an array of strings; an empty array gives nil. The
// strings are gathered in a scratch list and copied once, at their
// number, rather than grown in the result.
func (r *fastReader) strings() ([]string, bool) {
	start := len(r.strs)
	ok := r.array(func() bool {
		s, ok := r.string()
		r.strs = append(r.strs, s)
		return ok
	})
	var list []string
	if n := len(r.strs) - start; n > 0 {
		if cap(r.strSlab)-len(r.strSlab) < n {
			// a list takes a dozen bytes of JSON or more; chunks are no
			// larger than 4 KiB, so a small document wastes little
			r.strSlab = make([]string, 0, max(n, min(256, len(r.data)/32+8)))
		}
		at := len(r.strSlab)
		r.strSlab = append(r.strSlab, r.strs[start:]...)
		list = r.strSlab[at : at+n : at+n]
	}
	clear(r.strs[start:])
	r.strs = r.strs[:start]
	return list, ok
}

// points reads an array of [x, y] points, each exactly two numbers that
// parse to finite floats, as Point.UnmarshalJSON reads them.
func (r *fastReader) points() ([]Point, bool) {
	pts := r.pts[:0] // a scratch list, copied once at the end
	ok := r.array(func() bool {
		var p Point
		n := 0
		ok := r.array(func() bool {
			if n == len(p) {
				return false
			}
			num, ok := r.number()
			if !ok {
				return false
			}
			v, err := strconv.ParseFloat(num, 64)
			p[n] = v
			n++
			return err == nil
		})
		pts = append(pts, p)
		return ok && n == len(p)
	})
	r.pts = pts
	if len(pts) == 0 {
		return nil, ok
	}
	return slices.Clone(pts), ok
}

// rawString is where a string literal's contents are in the document.
type rawString struct {
	start, end int // inside the quotes
	escaped    bool
}

// stringRaw reads a string literal: valid UTF-8, no control characters,
// escapes checked for form only.
func (r *fastReader) stringRaw() (rawString, bool) {
	if r.peek() != '"' {
		return rawString{}, false
	}
	r.i++
	s := rawString{start: r.i}
	ascii := true
	for r.i < len(r.data) {
		r.i = jsonscan.Plain(r.str, r.i)
		if r.i == len(r.data) {
			break
		}
		c := r.data[r.i]
		switch {
		case c == '"':
			s.end = r.i
			r.i++
			return s, ascii || utf8.Valid(r.data[s.start:s.end])
		case c == '\\':
			s.escaped = true
			r.i++
			if r.i >= len(r.data) {
				return s, false
			}
			switch r.data[r.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				r.i++
			case 'u':
				if r.i+4 >= len(r.data) {
					return s, false
				}
				for _, h := range r.data[r.i+1 : r.i+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return s, false
					}
				}
				r.i += 5
			default:
				return s, false
			}
		case c < 0x20:
			return s, false
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			r.i++
		}
	}
	return s, false
}

// string reads a string value. One with escapes is unquoted by
// encoding/json, as the careful path does.
func (r *fastReader) string() (string, bool) {
	s, ok := r.stringRaw()
	if !ok {
		return "", false
	}
	if !s.escaped {
		return r.str[s.start:s.end], true
	}
	var out string
	if json.Unmarshal(r.data[s.start-1:s.end+1], &out) != nil {
		return "", false
	}
	return out, true
}

// number reads a number literal in JSON's grammar and returns its text.
func (r *fastReader) number() (string, bool) {
	r.space()
	start := r.i
	end, ok := jsonscan.Number(r.str, start)
	r.i = end
	if !ok {
		return "", false
	}
	return r.str[start:end], true
}

// int reads a whole number as encoding/json reads one into an int.
func (r *fastReader) int() (int64, bool) {
	num, ok := r.number()
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	return n, err == nil
}

func (r *fastReader) bool() (bool, bool) {
	r.space()
	switch {
	case bytes.HasPrefix(r.data[r.i:], []byte("true")):
		r.i += 4
		return true, true
	case bytes.HasPrefix(r.data[r.i:], []byte("false")):
		r.i += 5
		return false, true
	}
	return false, false
}

// rawMember is one member of an object of an embedded document: its key
// and where "key":value is in the canonical form being written.
type rawMember struct {
	key      string
	from, to int
}

// canonical reads an embedded document and appends it to b as
// canonicalJSON writes the value encoding/json decodes from it: compact,
// object keys sorted, strings re-encoded without HTML escaping, numbers
// and literals as written. It gives up at a repeated key (where the
// decoded value would keep only the last one) and at nesting deeper than
// maxFastDepth.
func (r *fastReader) canonical(b []byte, depth int) ([]byte, bool) {
	if depth > maxFastDepth {
		return b, false
	}
	switch c := r.peek(); c {
	case '{':
		open := len(b)
		b = append(b, '{')
		base := len(r.members)
		sorted := true
		ok := r.object(func(k string) bool { // a key without escapes
			if n := len(r.members); n > base {
				b = append(b, ',')
				if k <= r.members[n-1].key {
					sorted = false
				}
			}
			from := len(b)
			b = appendString(b, k)
			b = append(b, ':')
			var ok bool
			if b, ok = r.canonical(b, depth+1); !ok {
				return false
			}
			r.members = append(r.members, rawMember{key: k, from: from, to: len(b)})
			return true
		})
		members := r.members[base:]
		r.members = r.members[:base]
		if !ok {
			return b, false
		}
		if !sorted {
			slices.SortFunc(members, func(x, y rawMember) int { return stdstrings.Compare(x.key, y.key) })
			for i := 1; i < len(members); i++ {
				if members[i].key == members[i-1].key {
					return b, false
				}
			}
			r.tmp = append(r.tmp[:0], b[open+1:]...)
			b = b[:open+1]
			for i, m := range members {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, r.tmp[m.from-open-1:m.to-open-1]...)
			}
		}
		return append(b, '}'), true
	case '[':
		b = append(b, '[')
		first := true
		ok := r.array(func() bool {
			if !first {
				b = append(b, ',')
			}
			first = false
			var ok bool
			b, ok = r.canonical(b, depth+1)
			return ok
		})
		return append(b, ']'), ok
	case '"':
		s, ok := r.string()
		return appendString(b, s), ok
	case 't', 'f', 'n':
		start := r.i
		if !r.skip(depth) {
			return b, false
		}
		return append(b, r.data[start:r.i]...), true
	default:
		num, ok := r.number()
		return append(b, num...), ok
	}
}

// skip reads over any value, checking its syntax.
func (r *fastReader) skip(depth int) bool {
	if depth > maxFastDepth {
		return false
	}
	switch c := r.peek(); c {
	case '{':
		return r.object(func(string) bool { return r.skip(depth + 1) })
	case '[':
		return r.array(func() bool { return r.skip(depth + 1) })
	case '"':
		_, ok := r.stringRaw()
		return ok
	case 't', 'f':
		_, ok := r.bool()
		return ok
	case 'n':
		if bytes.HasPrefix(r.data[r.i:], []byte("null")) {
			r.i += 4
			return true
		}
		return false
	default:
		_, ok := r.number()
		return ok
	}
}
