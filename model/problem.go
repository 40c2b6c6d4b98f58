package model

import (
	"fmt"
	"strconv"
)

// Problem means the document cannot be understood. Path is a JSON path into
// the document ("nodes[3].cidr"); empty for the document as a whole.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// problems collects Problems in the order they are found.
type problems []Problem

func (ps *problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// field joins a JSON path and an object key. A key that is not a plain name
// (empty, or with dots, spaces, brackets) is quoted in brackets, so that every
// path names one place: policies["my.policy"], [""].
func field(path, key string) string {
	if !plainKey(key) {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func plainKey(key string) bool {
	if key == "" {
		return false
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '$') {
			return false
		}
	}
	return true
}

// index joins a JSON path and an array index.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// jpath is a JSON path that is written out only when a problem names it:
// Check looks at every field of a document that usually has no problem,
// and building each path as a string would cost more than the checks. It
// is a written prefix and up to maxSteps keys and indexes after it;
// String gives what field and index would have built.
type jpath struct {
	base  string
	steps [maxSteps]pathStep
	n     int
}

// maxSteps is the deepest path Check builds below a written prefix
// (nodes[3].mountTargets[0].securityGroups[1]: five steps below "nodes").
// A deeper one is written out at its sixth step.
const maxSteps = 5

// pathStep is an index, or a key when i is negative. (A flag of its own
// would make every step, and so every jpath Check copies, larger.)
type pathStep struct {
	key string
	i   int
}

func (p jpath) field(key string) jpath { return p.step(pathStep{key: key, i: -1}) }

func (p jpath) index(i int) jpath { return p.step(pathStep{i: i}) }

func (p jpath) step(s pathStep) jpath {
	if p.n == maxSteps {
		p = jpath{base: p.String()}
	}
	p.steps[p.n] = s
	p.n++
	return p
}

// String writes the path as field and index would, step by step, into one
// buffer.
func (p jpath) String() string {
	b := []byte(p.base)
	for _, st := range p.steps[:p.n] {
		switch {
		case st.i >= 0:
			b = strconv.AppendInt(append(b, '['), int64(st.i), 10)
			b = append(b, ']')
		case !plainKey(st.key):
			b = append(strconv.AppendQuote(append(b, '['), st.key), ']')
		case len(b) == 0:
			b = append(b, st.key...)
		default:
			b = append(append(b, '.'), st.key...)
		}
	}
	return string(b)
}
