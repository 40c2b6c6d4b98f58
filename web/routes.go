package web

import "github.com/labstack/echo/v4"

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
	api.GET("/examples", a.listExamples)
	api.GET("/examples/:slug", a.getExample)
	api.GET("/examples/:slug/analysis", a.getExampleAnalysis)

	// Links (export.go): /e/TOKEN.svg|.png|.json for an edit token, /v/ for a
	// view token, /x/ for a public example by slug.
	e.GET("/e/:file", a.editLink)
	e.GET("/v/:file", a.viewLink)
	e.GET("/x/:file", a.exampleFile)
}
