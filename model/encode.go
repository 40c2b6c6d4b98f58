package model

import (
	"bytes"
	"encoding/json"
)

// Encode writes the canonical form of a design: fields in the order of the
// types, nodes and edges in document order, embedded policy documents with
// sorted keys, two-space indentation, each stored route on one line
// ([[x,y],[x,y],...]) and no HTML escaping. The same design always encodes
// to the same bytes, and Decode(Encode(d)) equals d.
func Encode(d *Design) []byte {
	out := *d
	if out.Nodes == nil {
		out.Nodes = []*Node{}
	}
	if out.Edges == nil {
		out.Edges = []*Edge{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&out); err != nil {
		// Every field is a plain value or canonical JSON produced by Decode.
		panic("model: encoding a design: " + err.Error())
	}
	return compactRoutes(buf.Bytes())
}

// compactRoutes puts each stored route (an edge's "route", a function's
// "roleRoute") on one line: indented, a route of a few points would take
// four lines a point. Only those are keys with these names six spaces in
// (nodes' and edges' fields share the depth but no other is named so;
// embedded documents sit deeper), a raw newline occurs only between
// tokens, and the route's closing bracket is the first one back at that
// depth.
func compactRoutes(b []byte) []byte {
	const end = "\n      ]"
	start := nextRoute(b)
	if start < 0 {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b))
	for start >= 0 {
		n := bytes.Index(b[start:], []byte(end)) + len(end)
		out.Write(b[:start])
		if err := json.Compact(&out, b[start:start+n]); err != nil {
			panic("model: compacting a route: " + err.Error()) // the encoder wrote it
		}
		b = b[start+n:]
		start = nextRoute(b)
	}
	out.Write(b)
	return out.Bytes()
}

// routeKeys are the stored routes' keys as the indented encoding writes
// them, up to the array's opening bracket.
var routeKeys = [...][]byte{[]byte("\n      \"route\": ["), []byte("\n      \"roleRoute\": [")}

// nextRoute returns where the first stored route's array starts in b (at
// its '['), or -1.
func nextRoute(b []byte) int {
	first := -1
	for _, k := range routeKeys {
		if i := bytes.Index(b, k); i >= 0 && (first < 0 || i+len(k)-1 < first) {
			first = i + len(k) - 1
		}
	}
	return first
}
