package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
	"archway/render"
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

// isExport reports whether ext names an export: the document, or a picture.
func isExport(ext string) bool {
	_, pic := pictures[ext]
	return ext == "json" || pic
}

// pictures are the exports that are drawings, by extension.
var pictures = map[string]struct {
	mime string
	draw func(*model.Design, *model.Analysis, render.Options) ([]byte, error)
}{
	"svg": {"image/svg+xml", render.SVG},
	"png": {"image/png", render.PNG},
}

// export writes one revision in the format ext names, as a download named
// after the design's title. Drawings take the renderer's options from the
// query (see renderOptions) and are cached by document and options.
func (a *App) export(c echo.Context, s db.Snapshot, ext string) error {
	pic, isPic := pictures[ext]
	var opts render.Options
	if isPic {
		var err error
		if opts, err = renderOptions(c); err != nil {
			return err
		}
	}
	// The query is part of the URL, so the revision alone tags what it
	// names; a client that has it gets 304 before anything is analysed.
	if cacheByRevision(c, s.Revision.Number) {
		return c.NoContent(http.StatusNotModified)
	}
	an, err := a.analyse(c.Request().Context(), s.Data)
	if err != nil {
		return err
	}
	if an.design == nil {
		// Stored before a check that it now fails: it cannot be drawn.
		return problems(an.analysis.Problems)
	}
	c.Response().Header().Set("Content-Disposition", attachment(fileName(an.design.Title)+"."+ext))
	if !isPic {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.Data)
	}
	out, err := a.draw(an, ext, opts, pic.draw)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, pic.mime, out)
}

// draw renders an analysed document through the drawings cache.
func (a *App) draw(an *analysed, kind string, o render.Options,
	fn func(*model.Design, *model.Analysis, render.Options) ([]byte, error)) ([]byte, error) {
	key := fmt.Sprintf("%s %t %s %g %t:%s", kind, o.Annotations, o.Theme, o.Scale, o.Transparent, an.hash)
	if out, ok := a.drawings.get(key); ok {
		return out, nil
	}
	out, err := fn(an.design, an.analysis, o)
	if err != nil {
		return nil, fmt.Errorf("rendering %s: %w", kind, err)
	}
	a.drawings.put(key, out)
	return out, nil
}

// maxScale bounds ?scale: a PNG four times the diagram's size is plenty for
// print, and larger ones only cost memory.
const maxScale = 4

// renderOptions reads the drawing options of an export from the query:
// ?scale= (0 < s <= 4, default 1), ?annotations=0|1 (default 1: callouts
// and the findings legend), ?theme=light|dark, ?transparent=0|1. Exports
// always embed the fonts they use, so the files stand alone.
func renderOptions(c echo.Context) (render.Options, error) {
	o := render.Options{Annotations: true, Scale: 1, Standalone: true}
	q := c.QueryParams()
	if v := q.Get("scale"); v != "" {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || !(s > 0 && s <= maxScale) {
			return o, problem(http.StatusBadRequest, "scale", fmt.Sprintf("scale must be a number above 0 and at most %d (got %q)", maxScale, v))
		}
		o.Scale = s
	}
	var err error
	if o.Annotations, err = flagParam(q.Get("annotations"), "annotations", true); err != nil {
		return o, err
	}
	if o.Transparent, err = flagParam(q.Get("transparent"), "transparent", false); err != nil {
		return o, err
	}
	switch v := q.Get("theme"); v {
	case "", "light", "dark":
		o.Theme = v
	default:
		return o, problem(http.StatusBadRequest, "theme", fmt.Sprintf("theme must be light or dark (got %q)", v))
	}
	return o, nil
}

// flagParam reads 0/1 (or false/true); empty gives def.
func flagParam(v, name string, def bool) (bool, error) {
	switch v {
	case "":
		return def, nil
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, problem(http.StatusBadRequest, name, fmt.Sprintf("%s must be 0 or 1 (got %q)", name, v))
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
