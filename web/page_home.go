package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
	"archway/render"
)

// home serves the start page: a new design, the examples, and (filled in
// by the browser from its own storage) the designs opened here before.
func (u *ui) home(c echo.Context) error {
	ctx := c.Request().Context()
	infos, err := u.examples.Examples(ctx)
	if err != nil {
		return err
	}
	cards := make([]exampleView, 0, len(infos))
	for _, e := range infos {
		v := exampleView{Slug: e.Slug, Title: e.Title, Errors: e.Revision.Errors, Warnings: e.Revision.Warnings}
		// The analysis cache holds each example decoded: its thumbnail, which
		// the page asks for next, is drawn from it too.
		if s, err := u.examples.Example(ctx, e.Slug); err == nil {
			if an, err := u.analyse(ctx, s.Data); err == nil && an.design != nil {
				v.Nodes, v.Edges = len(an.design.Nodes), len(an.design.Edges)
			}
		}
		cards = append(cards, v)
	}
	return writeHTML(c, http.StatusOK, homePage(u.meta("", "home"), cards))
}

// newDesign creates an empty design and opens its editor.
func (u *ui) newDesign(c echo.Context) error {
	return u.create(c, db.Content{Data: model.Encode(&model.Design{Format: model.FormatV1})})
}

// copyExample creates an editable copy of a public example.
func (u *ui) copyExample(c echo.Context) error {
	s, err := u.examples.Example(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return u.create(c, db.Content{Data: s.Data, Errors: s.Revision.Errors, Warnings: s.Revision.Warnings})
}

// create stores a design and redirects to its editor. The first view link
// rides in the fragment, which never reaches a server or a log: the page
// keeps it in this browser, the only place it can be shown again.
func (u *ui) create(c echo.Context, content db.Content) error {
	made, err := u.designs.Create(c.Request().Context(), content)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, editPath(made.Edit)+"#view="+made.ViewLink.ID+"."+made.View)
}

// font serves the renderer's font files, so the browser lays text out
// exactly as the renderer measured it.
func (u *ui) font(c echo.Context) error {
	var data []byte
	switch c.Param("name") {
	case "archway-go-regular.ttf":
		data = render.FontRegular
	case "archway-go-bold.ttf":
		data = render.FontBold
	default:
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, "font/ttf", data)
}
