package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// link is a view link in answers. Its token appears only when it is created.
type link struct {
	ID        string    `json:"id"`
	Created   time.Time `json:"created"`
	View      string    `json:"view,omitempty"`
	ViewToken string    `json:"viewToken,omitempty"`
}

// createLink adds a view link to the design an edit token opens.
func (a *App) createLink(c echo.Context) error {
	l, tok, err := a.links.CreateLink(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, link{ID: l.ID, Created: l.Created, View: viewPath(tok), ViewToken: tok})
}

// listLinks answers the live view links, without tokens (the server does
// not have them).
func (a *App) listLinks(c echo.Context) error {
	ls, err := a.links.Links(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	out := make([]link, len(ls))
	for i, l := range ls {
		out[i] = link{ID: l.ID, Created: l.Created}
	}
	return c.JSON(http.StatusOK, map[string]any{"links": out})
}

// revokeLink revokes a view link; it answers 404 from then on.
func (a *App) revokeLink(c echo.Context) error {
	if err := a.links.RevokeLink(c.Request().Context(), c.Param("token"), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// rotated is the answer to a rotation: the new edit link, shown only here.
type rotated struct {
	Edit      string `json:"edit"`
	EditToken string `json:"editToken"`
}

// rotateEdit replaces the edit token; the old one answers 404 at once.
func (a *App) rotateEdit(c echo.Context) error {
	tok, err := a.links.RotateEdit(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rotated{Edit: editPath(tok), EditToken: tok})
}
