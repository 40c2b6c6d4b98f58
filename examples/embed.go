// Package examples holds the public example designs (E01.json … E14.json,
// described in README.md) embedded in the binary, so a new server can seed
// them into an empty database. expected.json, the suite's answers, is not a
// design and is not part of Designs.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed E*.json
var designs embed.FS

// Designs returns the example design documents, one *.json file each at the
// top of the file system.
func Designs() fs.FS { return designs }
