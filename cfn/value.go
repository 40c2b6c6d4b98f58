package cfn

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
)

// A template value is one of: nil, string, bool, json.Number, []any, *obj,
// and after evaluation also ref, placeholder and noValue.

// obj is a template mapping. It keeps its keys in document order so that
// resources, properties and the nodes made from them come out in the order
// the author wrote them.
type obj struct {
	keys []string
	vals map[string]any
}

func newObj() *obj { return &obj{vals: map[string]any{}} }

func (o *obj) get(k string) (any, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.vals[k]
	return v, ok
}

// set adds or replaces k, keeping the position of an existing key.
func (o *obj) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *obj) len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// clone copies the mapping and, recursively, the mappings and lists in it,
// so a transform can change the copy without touching the template.
func (o *obj) clone() *obj {
	c := &obj{keys: append([]string(nil), o.keys...), vals: make(map[string]any, len(o.vals))}
	for k, v := range o.vals {
		c.vals[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case *obj:
		return v.clone()
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// mapOf builds a mapping from alternating keys and values, for the
// resources the SAM transform writes.
func mapOf(kv ...any) *obj {
	o := newObj()
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

// ref is the value of Ref or Fn::GetAtt on a resource. It keeps the logical
// id, so a property that names a subnet, a role or a queue leads to its node,
// and the text the intrinsic stands for (a name, an id, an ARN, a URL).
type ref struct {
	id   string
	attr string
	text string
}

// placeholder stands for a value nobody knows before deployment: a parameter
// without a value, an imported output, a secret. Its text is marked with
// {{...}} so it cannot be mistaken for a real name.
type placeholder struct{ text string }

// noValue is AWS::NoValue: the property or list element disappears.
type noValue struct{}

// str returns the string form of a scalar value.
func str(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return string(v), true
	case bool:
		return strconv.FormatBool(v), true
	case ref:
		return v.text, true
	case placeholder:
		return v.text, true
	}
	return "", false
}

// asBool reads a boolean property, which templates write as true, "true" or
// "True".
func asBool(v any) (b, ok bool) {
	s, ok := str(v)
	if !ok {
		return false, false
	}
	b, err := strconv.ParseBool(s)
	return b, err == nil
}

// asInt reads an integer property written as a number or a string.
func asInt(v any) (int, bool) {
	s, ok := str(v)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// list returns v as a list; a single value is a list of one.
func list(v any) []any {
	switch v := v.(type) {
	case nil, noValue:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// plain turns an evaluated value into what encoding/json writes: mappings
// become maps (so keys come out sorted), references and placeholders their
// text.
func plain(v any) any {
	switch v := v.(type) {
	case *obj:
		m := make(map[string]any, len(v.vals))
		for k, e := range v.vals {
			if _, gone := e.(noValue); !gone {
				m[k] = plain(e)
			}
		}
		return m
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			if _, gone := e.(noValue); !gone {
				out = append(out, plain(e))
			}
		}
		return out
	case ref:
		return v.text
	case placeholder:
		return v.text
	case noValue:
		return nil
	}
	return v
}

// canonical encodes an evaluated value as canonical JSON: sorted keys, no
// HTML escaping, no trailing newline — the form model.Decode produces, so an
// imported design encodes and decodes to itself.
func canonical(v any) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(plain(v)); err != nil {
		// plain values are maps, slices, strings, numbers and booleans.
		panic("cfn: encoding a plain value: " + err.Error())
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// sortedKeys returns the keys of a map in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
