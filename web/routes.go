package web

import (
	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/static"
)

// routes declares every route of the application. Keep it the only place
// that does: one look here shows all the server answers.
func (a *App) routes(e *echo.Echo) {
	e.Use(a.logRequests, a.recoverPanics, securityHeaders)

	e.GET("/healthz", a.healthz)

	// JSON API (api_*.go). {token} is an edit or a view token; the mutating
	// routes answer 404 for a view token, as for a token that does not exist.
	api := e.Group("/api/v1")
	api.POST("/designs", a.createDesign)
	api.GET("/designs/:token", a.getDesign)
	api.PUT("/designs/:token", a.saveDesign)
	api.GET("/designs/:token/analysis", a.getAnalysis)
	api.GET("/designs/:token/revisions", a.listRevisions)
	api.POST("/designs/:token/revert", a.revertDesign)
	api.GET("/designs/:token/links", a.listLinks)
	api.POST("/designs/:token/links", a.createLink)
	api.DELETE("/designs/:token/links/:id", a.revokeLink)
	api.POST("/designs/:token/rotate", a.rotateEdit)
	api.POST("/validate", a.validate)
	api.POST("/import/cloudformation", a.importCloudFormation)
	api.GET("/examples", a.listExamples)
	api.GET("/examples/:slug", a.getExample)
	api.GET("/examples/:slug/analysis", a.getExampleAnalysis)

	// Links (export.go): /e/TOKEN.svg|.png|.json for an edit token, /v/ for a
	// view token, /x/ for a public example by slug.
	// A link without an extension is the editor (/e/) or the read-only view
	// (/v/) of the design (page_*.go, ui_*.go).
	u := newUI(a)
	e.GET("/e/:file", u.page(db.Edit, a.editLink))
	e.GET("/v/:file", u.page(db.View, a.viewLink))
	e.GET("/x/:file", a.exampleFile)

	// Pages, assets and the editor's htmx actions (page_*.go, ui_*.go).
	// Every action answers HTML fragments that htmx morphs into the page.
	e.GET("/", u.home)
	e.POST("/new", u.newDesign)
	e.POST("/x/:slug/copy", u.copyExample)
	e.GET(static.Prefix+"*", echo.WrapHandler(u.assets))
	e.GET("/fonts/:name", u.font)
	e.GET("/v/:file/ui/canvas", u.canvas(db.View))
	ed := e.Group("/e/:file/ui")
	ed.GET("/canvas", u.canvas(db.Edit))
	ed.GET("/props", u.showProps)
	ed.POST("/props", u.saveProps)
	ed.POST("/ops", u.ops)
	ed.GET("/clip", u.clip)
	ed.POST("/fix", u.fix)
	ed.POST("/undo", u.undo)
	ed.POST("/redo", u.redo)
	ed.POST("/revert", u.revert)
	ed.GET("/revisions", u.revisions)
	ed.POST("/import", u.importDesign)
	ed.GET("/share", u.share)
	ed.POST("/links", u.createLink)
	ed.POST("/links/revoke", u.revokeLink)
	ed.POST("/rotate", u.rotate)
}
