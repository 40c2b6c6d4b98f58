package web

import (
	"mime"
	"net/http"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
)

// editLink serves /e/TOKEN.ext: the exports of a design, for its edit token.
// A path without an extension is the editor page (see the editor's files).
func (a *App) editLink(c echo.Context) error { return a.linkFile(c, db.Edit) }

// viewLink serves /v/TOKEN.ext, the same for a view token.
func (a *App) viewLink(c echo.Context) error { return a.linkFile(c, db.View) }

// linkFile answers an export of the design a link opens. The prefix must
// match the token: /e/ opens only edit tokens, /v/ only view tokens.
func (a *App) linkFile(c echo.Context, want db.Access) error {
	tok, ext := splitFile(c.Param("file"))
	if !isExport(ext) {
		return echo.ErrNotFound
	}
	n, err := revisionParam(c)
	if err != nil {
		return err
	}
	s, err := a.designs.Design(c.Request().Context(), tok, n)
	if err != nil {
		return err
	}
	if s.Access != want {
		return db.ErrDesignNotFound // exactly what a token that opens nothing gets
	}
	return a.export(c, s, ext)
}

// exampleFile serves /x/SLUG.ext, the exports of a public example.
func (a *App) exampleFile(c echo.Context) error {
	slug, ext := splitFile(c.Param("file"))
	if !isExport(ext) {
		return echo.ErrNotFound
	}
	s, err := a.examples.Example(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	return a.export(c, s, ext)
}

// splitFile splits "NAME.ext" at its last dot.
func splitFile(name string) (string, string) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return name, ""
	}
	return name[:i], name[i+1:]
}

// tokenOf is the token in a file parameter, for logging.
func tokenOf(name string) string {
	tok, _ := splitFile(name)
	return tok
}

func isExport(ext string) bool {
	switch ext {
	case "json":
		return true
	}
	return false
}

// export writes one revision in the format ext names, as a download named
// after the design's title.
func (a *App) export(c echo.Context, s db.Snapshot, ext string) error {
	d, _ := model.Decode(s.Data)
	title := ""
	if d != nil {
		title = d.Title
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", attachment(fileName(title)+"."+ext))
	h.Set("ETag", etag(s.Revision.Number))
	h.Set("Cache-Control", "private, no-cache")
	if notModified(c, s.Revision.Number) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.Data)
}

// fileName turns a title into a safe file name: letters, digits and a few
// separators survive; anything else (slashes, quotes, control characters)
// becomes '-'. An empty title gives "design".
func fileName(title string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.TrimSpace(title) {
		if n == 100 {
			break
		}
		n++
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pd, r) || strings.ContainsRune(" _.,()+", r):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	name := strings.Trim(b.String(), " .")
	if name == "" {
		return "design"
	}
	return name
}

// attachment is a Content-Disposition for a download; non-ASCII names are
// sent in the RFC 5987 form that every current browser reads.
func attachment(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return `attachment; filename="design"`
}
