// Package static holds the editor's browser assets — style sheet, script
// modules and the vendored htmx and idiomorph — embedded in the binary, and
// serves them under content-hashed URLs so browsers may cache them forever.
//
// The vendored files are copied from web/node_modules after
// `npm ci --ignore-scripts` in web/ (exact versions in web/package.json):
//
//	cp node_modules/htmx.org/dist/htmx.min.js           ../static/vendor/htmx-2.0.11.min.js
//	cp node_modules/idiomorph/dist/idiomorph-ext.min.js ../static/vendor/idiomorph-ext-0.8.0.min.js
//	cp node_modules/htmx.org/LICENSE                    ../static/vendor/licenses/htmx.org.txt
//	cp node_modules/idiomorph/LICENSE                   ../static/vendor/licenses/idiomorph.txt
//
// Pan, zoom and dragging are our own code in js/ rather than svg-pan-zoom
// and interactjs: svg-pan-zoom wraps the drawing in a group of its own, which
// every morph of the server-rendered canvas would remove again, and the
// pointer handling the editor needs (snap, containers, connect handles, rubber
// band, pinch) is small once pan and zoom live outside the SVG.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed css img js vendor
var files embed.FS

// Prefix is the URL path the assets are served under.
const Prefix = "/static/"

// Assets serves the embedded files and names them by content hash.
type Assets struct {
	fs     fs.FS
	hashes map[string]string // file name → first 12 hex digits of its SHA-256
}

// New indexes the embedded files.
func New() *Assets {
	a := &Assets{fs: files, hashes: map[string]string{}}
	// The embedded tree is fixed at build time, so walking it cannot fail.
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a
}

// URL returns the path of an asset with its content hash as the query
// ("/static/css/app.css?v=1a2b3c4d5e6f"). An unknown name gets no hash, so a
// typo shows up as a 404 in the browser rather than a panic.
func (a *Assets) URL(name string) string {
	if h, ok := a.hashes[name]; ok {
		return Prefix + name + "?v=" + h
	}
	return Prefix + name
}

// ServeHTTP serves an asset. A request naming the current hash may be cached
// for a year; any other is revalidated, so a stale page never pins old code.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, Prefix)
	h, ok := a.hashes[name]
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(a.fs, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("ETag", `"`+h+`"`)
	if r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	if match := r.Header.Get("If-None-Match"); match == `"`+h+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(b)
}
