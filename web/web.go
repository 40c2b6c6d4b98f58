// Package web is Archway's HTTP side: the JSON API over saved designs and
// share links, exports, and (in the editor's files) the HTML pages. Every
// route is declared in routes.go; errors are turned into responses in one
// place, errors.go.
package web

import (
	"context"
	"log/slog"

	"github.com/labstack/echo/v4"

	"archway/db"
)

// Designs is the storage of designs and their revisions; *db.DB satisfies it.
// Every method answers model.ErrNotFound for a token that opens nothing, and
// the mutating ones for a view token too.
type Designs interface {
	Create(ctx context.Context, c db.Content) (db.Created, error)
	Design(ctx context.Context, token string, number int) (db.Snapshot, error)
	Current(ctx context.Context, token string) (db.Access, int, error)
	Revisions(ctx context.Context, token string) ([]db.Revision, error)
	Save(ctx context.Context, editToken string, base int, c db.Content) (db.Revision, error)
	Revert(ctx context.Context, editToken string, base, number int) (db.Revision, error)
}

// Links manages the share links of a design; *db.DB satisfies it.
type Links interface {
	CreateLink(ctx context.Context, editToken string) (db.Link, string, error)
	Links(ctx context.Context, editToken string) ([]db.Link, error)
	RevokeLink(ctx context.Context, editToken, id string) error
	RotateEdit(ctx context.Context, editToken string) (string, error)
}

// Examples reads the public examples; *db.DB satisfies it.
type Examples interface {
	Examples(ctx context.Context) ([]db.ExampleInfo, error)
	Example(ctx context.Context, slug string) (db.Snapshot, error)
}

// Health answers liveness checks; *db.DB satisfies it.
type Health interface {
	Ping(ctx context.Context) error
}

// Store is everything the app needs from storage.
type Store interface {
	Designs
	Links
	Examples
	Health
}

// App holds the dependencies every handler uses.
type App struct {
	log      *slog.Logger
	designs  Designs
	links    Links
	examples Examples
	health   Health
	// Results by document content: analyses, and drawings by format and
	// options. 32 MiB each bounds the memory they hold.
	analyses *lru[*analysed]
	drawings *lru[[]byte]
}

const cacheBytes = 32 << 20

// New builds the HTTP handler: routes, middleware and the error handler.
func New(log *slog.Logger, store Store) *echo.Echo {
	e, _ := newApp(log, store)
	return e
}

// newApp is New that also returns the app, for tests that look into its
// caches.
func newApp(log *slog.Logger, store Store) (*echo.Echo, *App) {
	a := &App{
		log:      log,
		designs:  store,
		links:    store,
		examples: store,
		health:   store,
		analyses: newLRU(cacheBytes, analysedSize),
		drawings: newLRU(cacheBytes, func(b []byte) int { return len(b) }),
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = a.handleError
	a.routes(e)
	return e, a
}
