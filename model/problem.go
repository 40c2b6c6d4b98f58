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

// field joins a JSON path and an object key.
func field(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index joins a JSON path and an array index.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
