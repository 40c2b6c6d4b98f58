package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// jkind is the JSON type of a jnode.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// jnode is a decoded JSON value that keeps the order of object keys, so
// problems come out in document order and duplicate keys can be reported
// (encoding/json silently keeps the last one; AWS rejects them).
type jnode struct {
	kind jkind
	s    string // jString: the text; jNumber: the literal
	b    bool
	keys []string // jObject
	vals []*jnode // jObject: values parallel to keys; jArray: elements
}

// get returns the value of an object key, or nil.
func (n *jnode) get(key string) *jnode {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// maxDepth bounds nesting; no valid policy comes close.
const maxDepth = 32

// decodeJSON reads one JSON value. Syntax errors are reported at the path
// being read when they happened; duplicate keys are reported too.
func decodeJSON(r *fastReader, doc []byte, ps *problems) *jnode {
	if n, ok := r.decode(doc); ok {
		return n
	}
	return decodeCareful(doc, ps)
}

// decodeCareful is decodeJSON with encoding/json's token reader.
func decodeCareful(doc []byte, ps *problems) *jnode {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	r := reader{dec: dec, ps: ps}
	n, err := r.value("", 0)
	if err != nil {
		ps.add(err.path, "%s", err.msg)
		return nil
	}
	if _, e := dec.Token(); !errors.Is(e, io.EOF) {
		ps.add("", "unexpected data after the end of the document")
		return nil
	}
	return n
}

type reader struct {
	dec *json.Decoder
	ps  *problems
}

type readErr struct{ path, msg string }

func syntaxErr(path string, err error) *readErr {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &readErr{path, "not valid JSON: the document ends too early"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &readErr{path, fmt.Sprintf("not valid JSON at byte %d: %v", se.Offset, se)}
	}
	return &readErr{path, "not valid JSON: " + err.Error()}
}

func (r *reader) value(path string, depth int) (*jnode, *readErr) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, syntaxErr(path, err)
	}
	return r.fromToken(tok, path, depth)
}

func (r *reader) fromToken(tok json.Token, path string, depth int) (*jnode, *readErr) {
	switch t := tok.(type) {
	case nil:
		return &jnode{kind: jNull}, nil
	case bool:
		return &jnode{kind: jBool, b: t}, nil
	case json.Number:
		return &jnode{kind: jNumber, s: t.String()}, nil
	case string:
		return &jnode{kind: jString, s: t}, nil
	case json.Delim:
		if depth >= maxDepth {
			return nil, &readErr{path, "nested too deeply to be a policy"}
		}
		if t == '[' {
			return r.array(path, depth+1)
		}
		if t == '{' {
			return r.object(path, depth+1)
		}
	}
	return nil, &readErr{path, fmt.Sprintf("not valid JSON: unexpected %v", tok)}
}

func (r *reader) array(path string, depth int) (*jnode, *readErr) {
	n := &jnode{kind: jArray}
	for i := 0; ; i++ {
		p := index(path, i)
		tok, err := r.dec.Token()
		if err != nil {
			return nil, syntaxErr(p, err)
		}
		if d, ok := tok.(json.Delim); ok && d == ']' {
			return n, nil
		}
		v, e := r.fromToken(tok, p, depth)
		if e != nil {
			return nil, e
		}
		n.vals = append(n.vals, v)
	}
}

func (r *reader) object(path string, depth int) (*jnode, *readErr) {
	n := &jnode{kind: jObject}
	for {
		tok, err := r.dec.Token()
		if err != nil {
			return nil, syntaxErr(path, err)
		}
		if d, ok := tok.(json.Delim); ok && d == '}' {
			return n, nil
		}
		key, ok := tok.(string)
		if !ok {
			return nil, &readErr{path, "not valid JSON: object keys must be strings"}
		}
		p := field(path, key)
		v, e := r.value(p, depth)
		if e != nil {
			return nil, e
		}
		if n.get(key) != nil {
			r.ps.add(p, "%q appears twice; AWS rejects a policy with a repeated element", key)
			continue
		}
		n.keys = append(n.keys, key)
		n.vals = append(n.vals, v)
	}
}

// field joins a JSON path and an object key. A key that would make the path
// ambiguous (empty, or with '.', '[', ']' or '"') is written ["key"].
func field(path, key string) string {
	if key == "" || strings.ContainsAny(key, ".[]\"") {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// index joins a JSON path and an array index.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// problems collects Problems in the order they are found. A quiet one
// only notes that there are some: paths built for it with field are
// empty, since most documents have no problems and their paths would be
// built for nothing (Parse reads a document with problems again, loudly).
type problems struct {
	list  []Problem
	quiet bool
}

func (ps *problems) add(path, format string, args ...any) {
	if ps.quiet {
		ps.list = append(ps.list, Problem{})
		return
	}
	ps.list = append(ps.list, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// field is the path of key in path, or "" for a quiet collector.
func (ps *problems) field(path, key string) string {
	if ps.quiet {
		return ""
	}
	return field(path, key)
}
