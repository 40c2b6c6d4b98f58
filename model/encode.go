package model

import (
	"bytes"
	"encoding/json"
)

// Encode writes the canonical form of a design: fields in the order of the
// types, nodes and edges in document order, embedded policy documents with
// sorted keys, two-space indentation and no HTML escaping. The same design
// always encodes to the same bytes, and Decode(Encode(d)) equals d.
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
	return buf.Bytes()
}
