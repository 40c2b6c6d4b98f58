package web

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"archway/db"
)

// Seeder stores the public examples into an empty database; *db.DB
// satisfies it.
type Seeder interface {
	Seed(ctx context.Context, examples []db.Example) (bool, error)
}

// Seed checks every *.json design in fsys (its top directory) and hands them
// to the store, which keeps them only if the database is empty. The slug is
// the file name in lower case without ".json". A file with problems is an
// error: the examples ship with the binary and must be right.
func Seed(ctx context.Context, s Seeder, fsys fs.FS) (bool, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return false, err
	}
	var examples []db.Example
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return false, err
		}
		doc, err := checkDocument(data)
		if err != nil {
			return false, fmt.Errorf("example %s: %w", name, err)
		}
		examples = append(examples, db.Example{
			Slug:    strings.ToLower(strings.TrimSuffix(path.Base(name), ".json")),
			Title:   doc.design.Title,
			Content: doc.content,
		})
	}
	return s.Seed(ctx, examples)
}
