package model

import (
	"bytes"
	"encoding/json"
)

// Encode writes the canonical form of a design: fields in the order of the
// types, nodes and edges in document order, embedded policy documents with
// sorted keys, two-space indentation, each edge's route on one line
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

// compactRoutes puts each edge's route on one line: indented, a route of
// a few points would take four lines a point. Only an edge's route is a
// key named "route" six spaces in (nodes' fields share the depth but none
// is named so; embedded documents sit deeper), a raw newline occurs only
// between tokens, and the route's closing bracket is the first one back
// at that depth.
func compactRoutes(b []byte) []byte {
	const key, end = "\n      \"route\": [", "\n      ]"
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b))
	for i >= 0 {
		start := i + len(key) - 1 // at the route's '['
		n := bytes.Index(b[start:], []byte(end)) + len(end)
		out.Write(b[:start])
		if err := json.Compact(&out, b[start:start+n]); err != nil {
			panic("model: compacting a route: " + err.Error()) // the encoder wrote it
		}
		b = b[start+n:]
		i = bytes.Index(b, []byte(key))
	}
	out.Write(b)
	return out.Bytes()
}
