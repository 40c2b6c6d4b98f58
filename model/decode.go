package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Limits on what one document may hold.
const (
	MaxDocumentBytes = 2 << 20
	MaxNodes         = 5000
	MaxEdges         = 10000
	MaxIDLength      = 64
	// MaxRoutePoints bounds an edge's stored route; an orthogonal route
	// around a drawing needs a handful.
	MaxRoutePoints = 256
)

// Decode reads a document strictly: unknown fields, types and versions,
// wrong JSON types, dangling references, bad CIDRs and broken limits are all
// reported at once, each with its JSON path. A document with problems is
// returned as far as it could be read, but must not be analysed.
func Decode(data []byte) (*Design, []Problem) {
	var ps problems
	if len(data) > MaxDocumentBytes {
		ps.add("", "the document is %d bytes; the limit is %d bytes (2 MiB)", len(data), MaxDocumentBytes)
		return nil, ps
	}
	if d, ok := decodeFast(data); ok {
		return d, append(ps, Check(d)...)
	}
	return decodeCareful(data)
}

// decodeCareful is Decode for a document the fast path gave up on: it
// reads each value on its own so that it can report every problem.
func decodeCareful(data []byte) (*Design, []Problem) {
	var ps problems
	top, ok := decodeObject(data, "", &ps)
	if !ok {
		return nil, ps
	}
	d := &Design{Nodes: []*Node{}, Edges: []*Edge{}}
	switch raw, ok := top["format"]; {
	case !ok:
		ps.add("format", "required: set it to %q", FormatV1)
	case decodeValue(raw, &d.Format, "format", &ps) && d.Format != FormatV1:
		ps.add("format", "unsupported format %q; this version reads %q", d.Format, FormatV1)
	}
	for _, key := range sortedKeys(top) {
		raw := top[key]
		switch key {
		case "format":
		case "title":
			decodeValue(raw, &d.Title, "title", &ps)
		case "account":
			decodeValue(raw, &d.Account, "account", &ps)
		case "region":
			decodeValue(raw, &d.Region, "region", &ps)
		case "prefixLists":
			decodeInto(raw, reflect.ValueOf(&d.PrefixLists).Elem(), "prefixLists", &ps)
		case "nodes", "edges":
		default:
			ps.add(field("", key), "unknown field %q; a document has format, title, account, region, prefixLists, nodes and edges", key)
		}
	}
	if raw, ok := top["nodes"]; ok {
		d.Nodes = decodeNodes(raw, &ps)
	}
	if raw, ok := top["edges"]; ok {
		d.Edges = decodeEdges(raw, &ps)
	}
	// Without its nodes every reference would dangle: say only what is wrong
	// with the nodes.
	if slices.ContainsFunc(ps, func(p Problem) bool { return p.Path == "nodes" }) {
		return d, ps
	}
	// Check the references too, except where a value already has a problem:
	// a field that failed to decode is empty, and "required" would repeat it.
	decoded := make(map[string]bool, len(ps))
	for _, p := range ps {
		decoded[p.Path] = true
	}
	for _, p := range Check(d) {
		if !coveredBy(p.Path, decoded) {
			ps = append(ps, p)
		}
	}
	return d, ps
}

func decodeNodes(raw json.RawMessage, ps *problems) []*Node {
	items, ok := decodeArray(raw, "nodes", ps)
	if !ok {
		return []*Node{}
	}
	if len(items) > MaxNodes {
		ps.add("nodes", "%d nodes; a design holds at most %d", len(items), MaxNodes)
		return []*Node{}
	}
	nodes := make([]*Node, 0, len(items))
	for i, item := range items {
		path := index("nodes", i)
		obj, ok := decodeObject(item, path, ps)
		if !ok {
			continue
		}
		n := &Node{}
		var typ string
		switch {
		case obj["type"] == nil || string(obj["type"]) == "null":
			ps.add(path, "missing \"type\"; one of: %s", strings.Join(Types(), ", "))
		case decodeValue(obj["type"], &typ, field(path, "type"), ps) && Fields(typ) == nil:
			ps.add(field(path, "type"), "unknown type %q; one of: %s", typ, strings.Join(Types(), ", "))
		}
		allowed := allowedFields[typ]
		for _, key := range sortedKeys(obj) {
			if allowed != nil && !allowed[key] {
				ps.add(field(path, key), "%s has no field %q; its fields are: %s", withArticle(typ), key, strings.Join(Fields(typ), ", "))
				delete(obj, key)
			}
		}
		if allowed == nil {
			// Keep the type only if it was read: a wrongly typed one has its problem.
			kept := map[string]json.RawMessage{"id": obj["id"]}
			if typ != "" {
				kept["type"] = obj["type"]
			}
			obj = kept
			for k, raw := range obj {
				if raw == nil {
					delete(obj, k)
				}
			}
		}
		decodeStruct(obj, reflect.ValueOf(n).Elem(), path, ps)
		nodes = append(nodes, n)
	}
	return nodes
}

func decodeEdges(raw json.RawMessage, ps *problems) []*Edge {
	items, ok := decodeArray(raw, "edges", ps)
	if !ok {
		return []*Edge{}
	}
	if len(items) > MaxEdges {
		ps.add("edges", "%d edges; a design holds at most %d", len(items), MaxEdges)
		return []*Edge{}
	}
	edges := make([]*Edge, 0, len(items))
	for i, item := range items {
		path := index("edges", i)
		obj, ok := decodeObject(item, path, ps)
		if !ok {
			continue
		}
		e := &Edge{}
		decodeStruct(obj, reflect.ValueOf(e).Elem(), path, ps)
		edges = append(edges, e)
	}
	return edges
}

// coveredBy reports whether path, or an object or array containing it, is
// one of paths. It walks up the path rather than down the list, so a large
// document with many problems stays linear.
func coveredBy(path string, paths map[string]bool) bool {
	for {
		if paths[path] {
			return true
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return false
		}
		path = path[:i]
	}
}

// decodeStruct fills the struct v from obj key by key, so that every unknown
// key and every wrongly typed value is reported with its own path.
func decodeStruct(obj map[string]json.RawMessage, v reflect.Value, path string, ps *problems) {
	for _, key := range sortedKeys(obj) {
		f, ok := structFields[v.Type()][key]
		if !ok {
			ps.add(field(path, key), "unknown field %q; known fields: %s", key, strings.Join(jsonNames(v.Type()), ", "))
			continue
		}
		fv := v.Field(f.index)
		decodeInto(obj[key], fv, field(path, key), ps)
		// An empty list means the same as none, and Encode leaves both out:
		// keep one form so that Decode(Encode(d)) equals d.
		if fv.Kind() == reflect.Slice && fv.Len() == 0 && f.omitempty {
			fv.SetZero()
		}
	}
}

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	pointType      = reflect.TypeFor[Point]()
)

// decodeInto decodes raw into v, descending into structs and slices of
// structs so that nested problems carry full paths.
func decodeInto(raw json.RawMessage, v reflect.Value, path string, ps *problems) {
	t := v.Type()
	if string(bytes.TrimSpace(raw)) == "null" {
		v.Set(reflect.Zero(t)) // null is the same as leaving the field out
		return
	}
	switch {
	case t == rawMessageType:
		var doc any
		if !decodeValue(raw, &doc, path, ps) {
			return
		}
		v.SetBytes(canonicalJSON(doc))
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !hasUnmarshaler(t):
		obj, ok := decodeObject(raw, path, ps)
		if !ok {
			return
		}
		p := reflect.New(t.Elem())
		decodeStruct(obj, p.Elem(), path, ps)
		v.Set(p)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Slice:
		p := reflect.New(t.Elem())
		decodeInto(raw, p.Elem(), path, ps)
		if p.Elem().IsNil() {
			p.Elem().Set(reflect.MakeSlice(t.Elem(), 0, 0))
		}
		v.Set(p)
	case t.Kind() == reflect.Slice:
		var items []json.RawMessage
		if jsonKind(raw) != "array" || json.Unmarshal(raw, &items) != nil {
			ps.add(path, "must be %s, not %s", describeType(t), describeJSON(jsonKind(raw)))
			return
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			if t.Elem() == pointType {
				// a point is never null: it goes to Point.UnmarshalJSON as it is
				decodeValue(item, s.Index(i).Addr().Interface(), index(path, i), ps)
			} else if t.Elem().Kind() != reflect.Struct {
				decodeInto(item, s.Index(i), index(path, i), ps)
			} else if obj, ok := decodeObject(item, index(path, i), ps); ok {
				decodeStruct(obj, s.Index(i), index(path, i), ps)
			}
		}
		v.Set(s)
	case t.Kind() == reflect.Map:
		obj, ok := decodeObject(raw, path, ps)
		if !ok {
			return
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for _, key := range sortedKeys(obj) {
			e := reflect.New(t.Elem()).Elem()
			decodeInto(obj[key], e, field(path, key), ps)
			m.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), e)
		}
		if m.Len() > 0 { // an empty object means the same as none
			v.Set(m)
		}
	default:
		decodeValue(raw, v.Addr().Interface(), path, ps)
	}
}

func hasUnmarshaler(t reflect.Type) bool {
	return t.Implements(reflect.TypeFor[json.Unmarshaler]())
}

// decodeValue unmarshals one value and reports a readable problem on failure.
func decodeValue(raw json.RawMessage, dst any, path string, ps *problems) bool {
	var err error
	switch dst := dst.(type) {
	case *string:
		// Most values are plain strings: take them without the decoder.
		if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && plainString(raw[1:len(raw)-1]) {
			*dst = string(raw[1 : len(raw)-1])
			return true
		}
		err = json.Unmarshal(raw, dst)
	case *any:
		// Numbers in embedded documents keep their exact text.
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		err = dec.Decode(dst)
	default:
		err = json.Unmarshal(raw, dst)
	}
	if err == nil {
		return true
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		p := path
		if typeErr.Field != "" {
			p = field(path, typeErr.Field)
		}
		ps.add(p, "must be %s, not %s", describeType(typeErr.Type), describeJSON(typeErr.Value))
	case errors.As(err, &syntaxErr):
		ps.add(path, "not valid JSON: %v", err)
	default:
		ps.add(path, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return false
}

func decodeObject(raw []byte, path string, ps *problems) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			ps.add(path, "not valid JSON: %s (at byte %d)", strings.TrimPrefix(syntaxErr.Error(), "json: "), syntaxErr.Offset)
		} else {
			ps.add(path, "must be an object, not %s", describeJSON(jsonKind(raw)))
		}
		return nil, false
	}
	return obj, true
}

func decodeArray(raw []byte, path string, ps *problems) ([]json.RawMessage, bool) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		ps.add(path, "must be an array, not %s", describeJSON(jsonKind(raw)))
		return nil, false
	}
	return items, true
}

// plainString reports whether the inside of a JSON string literal needs no
// unescaping and holds only printable ASCII.
func plainString(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}

// fieldInfo is where a JSON key lands in a struct.
type fieldInfo struct {
	index     int
	omitempty bool
}

// structFields maps each decoded struct type to its JSON keys; built once,
// read-only afterwards.
var structFields = indexStructs(
	reflect.TypeFor[Node](), reflect.TypeFor[Edge](), reflect.TypeFor[Route](), reflect.TypeFor[SGRule](),
	reflect.TypeFor[ACLRule](), reflect.TypeFor[VPCConfig](), reflect.TypeFor[FunctionURL](), reflect.TypeFor[MountTarget](),
)

func indexStructs(types ...reflect.Type) map[reflect.Type]map[string]fieldInfo {
	out := make(map[reflect.Type]map[string]fieldInfo, len(types))
	for _, t := range types {
		fields := map[string]fieldInfo{}
		for i := range t.NumField() {
			name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = fieldInfo{index: i, omitempty: strings.Contains(opts, "omitempty")}
			}
		}
		out[t] = fields
	}
	return out
}

// allowedFields is Fields as sets, for decoding.
var allowedFields = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, t := range Types() {
		set := map[string]bool{}
		for _, f := range Fields(t) {
			set[f] = true
		}
		out[t] = set
	}
	return out
}()

func jsonNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice:
		if t.Elem() == pointType {
			return "an array of points [x, y]"
		}
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(describeType(t.Elem()), "a "), "an ") + "s"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return describeType(t.Elem())
	}
	return t.String()
}

func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

func describeJSON(kind string) string {
	switch kind {
	case "object":
		return "an object"
	case "array":
		return "an array"
	case "string":
		return "a string"
	case "bool":
		return "true/false"
	case "null":
		return "null"
	case "number":
		return "a number"
	}
	if strings.HasPrefix(kind, "number ") {
		return "the number " + strings.TrimPrefix(kind, "number ")
	}
	return kind
}

// canonicalJSON re-encodes a decoded JSON value with sorted keys and no HTML
// escaping, so embedded policy documents encode the same way every time.
func canonicalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("model: re-encoding decoded JSON: %v", err)) // cannot happen for decoded values
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
