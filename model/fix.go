package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Apply returns a copy of d with the fix operations applied, decoded and
// checked again, so a fix can never produce a document with problems. The
// design itself is not changed. Problems name the operation that failed
// ("ops[1]") or, after applying, the document path that became invalid.
func Apply(d *Design, ops []FixOp) (*Design, []Problem) {
	var doc struct {
		Rest  map[string]json.RawMessage
		Nodes []map[string]json.RawMessage
	}
	if err := json.Unmarshal(Encode(d), &doc.Rest); err != nil {
		return nil, []Problem{{Message: "re-reading the design: " + err.Error()}}
	}
	if err := json.Unmarshal(doc.Rest["nodes"], &doc.Nodes); err != nil {
		return nil, []Problem{{Path: "nodes", Message: err.Error()}}
	}
	find := func(id string) map[string]json.RawMessage {
		for _, n := range doc.Nodes {
			var nid string
			if json.Unmarshal(n["id"], &nid) == nil && nid == id {
				return n
			}
		}
		return nil
	}
	var ps problems
	for i, op := range ops {
		path := index("ops", i)
		switch {
		case len(op.Value) > 0 && !json.Valid(op.Value):
			ps.add(field(path, "value"), "not valid JSON")
			continue
		case len(op.Value) == 0 && (op.Op == "add" || op.Op == "remove"):
			ps.add(field(path, "value"), "required: the element to %s", op.Op)
			continue
		}
		if op.Op == "add-node" {
			var n map[string]json.RawMessage
			if err := json.Unmarshal(op.Value, &n); err != nil {
				ps.add(field(path, "value"), "must be a node object")
				continue
			}
			doc.Nodes = append(doc.Nodes, n)
			continue
		}
		n := find(op.Node)
		if n == nil {
			ps.add(field(path, "node"), "%q is not a node of this design", op.Node)
			continue
		}
		if op.Field == "" {
			ps.add(field(path, "field"), "required")
			continue
		}
		switch op.Op {
		case "set":
			n[op.Field] = op.Value
		case "add", "remove":
			var items []json.RawMessage
			if raw, ok := n[op.Field]; ok && json.Unmarshal(raw, &items) != nil {
				ps.add(field(path, "field"), "%s of %s is not an array", op.Field, op.Node)
				continue
			}
			if op.Op == "add" {
				items = append(items, op.Value)
			} else {
				want := compactJSON(op.Value)
				items = slices.DeleteFunc(items, func(it json.RawMessage) bool { return bytes.Equal(compactJSON(it), want) })
			}
			b, _ := json.Marshal(items)
			n[op.Field] = b
		default:
			ps.add(field(path, "op"), "unknown operation %q; one of add, set, remove, add-node", op.Op)
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	nodes, err := json.Marshal(doc.Nodes)
	if err != nil {
		return nil, []Problem{{Message: fmt.Sprintf("writing the fixed design: %v", err)}}
	}
	doc.Rest["nodes"] = nodes
	out, err := json.Marshal(doc.Rest)
	if err != nil {
		return nil, []Problem{{Message: fmt.Sprintf("writing the fixed design: %v", err)}}
	}
	return Decode(out)
}

func compactJSON(raw []byte) []byte {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return raw
	}
	return canonicalJSON(v)
}
