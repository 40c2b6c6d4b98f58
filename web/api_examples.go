package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// example is one public example in the list.
type example struct {
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	Revision int    `json:"revision"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	Document string `json:"document"`
}

// listExamples answers the public examples seeded into a new database.
func (a *App) listExamples(c echo.Context) error {
	es, err := a.examples.Examples(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]example, len(es))
	for i, e := range es {
		out[i] = example{Slug: e.Slug, Title: e.Title, Revision: e.Revision.Number,
			Errors: e.Revision.Errors, Warnings: e.Revision.Warnings, Document: "/api/v1/examples/" + e.Slug}
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.JSON(http.StatusOK, map[string]any{"examples": out})
}

// getExample answers an example's document. To change it, a client creates a
// design from it: examples themselves are read-only.
func (a *App) getExample(c echo.Context) error {
	s, err := a.examples.Example(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.Data)
}

// getExampleAnalysis answers an example's validation output.
func (a *App) getExampleAnalysis(c echo.Context) error {
	s, err := a.examples.Example(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	out, err := a.analysisJSON(c.Request().Context(), s.Data)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, out)
}
