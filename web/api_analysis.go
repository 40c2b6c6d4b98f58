package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"archway/model"
	"archway/model/analyze"
)

// getAnalysis answers the validation output of the current revision (or
// ?revision=N) of a design.
func (a *App) getAnalysis(c echo.Context) error {
	s, err := a.load(c)
	if err != nil {
		return err
	}
	// The revision tags its analysis: a client that has it costs no analysis.
	if cacheByRevision(c, s.Revision.Number) {
		return c.NoContent(http.StatusNotModified)
	}
	out, err := a.analysisJSON(c.Request().Context(), s.Data)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, out)
}

// validate answers the analysis of a posted document and stores nothing. A
// document with problems is 422, and the body is still the validation output
// (its problems filled, nothing else) with an "error" line added, so it reads
// both as an analysis and as an error.
func (a *App) validate(c echo.Context) error {
	data, err := readBody(c)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return problem(http.StatusBadRequest, "", "the request body must be the design document")
	}
	_, an := analyze.Validate(data)
	if len(an.Problems) > 0 {
		// As in checkDocument: only a refused document can be malformed JSON.
		if err := checkJSON(data); err != nil {
			return err
		}
		body := struct {
			Error string `json:"error"`
			*model.Analysis
		}{Error: problems(an.Problems).msg, Analysis: an}
		return c.JSON(http.StatusUnprocessableEntity, body)
	}
	return c.JSON(http.StatusOK, an)
}
