package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
)

// created is the answer to a new design. The tokens are shown only here.
type created struct {
	Edit      string `json:"edit"`
	View      string `json:"view"`
	Revision  int    `json:"revision"`
	EditToken string `json:"editToken"`
	ViewToken string `json:"viewToken"`
	ViewLink  string `json:"viewLink"`
}

// createDesign stores a posted document (or an empty design when the body
// is empty) as revision 1 and answers with its links.
func (a *App) createDesign(c echo.Context) error {
	data, err := readBody(c)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		data = []byte(emptyDocument)
	}
	d, ps := model.Decode(data)
	doc, err := a.check(data, d, ps)
	if err != nil {
		return err
	}
	cr, err := a.designs.Create(c.Request().Context(), doc.content)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(cr.Revision.Number))
	return c.JSON(http.StatusCreated, created{
		Edit: editPath(cr.Edit), View: viewPath(cr.View), Revision: cr.Revision.Number,
		EditToken: cr.Edit, ViewToken: cr.View, ViewLink: cr.ViewLink.ID,
	})
}

func editPath(tok string) string { return "/e/" + tok }
func viewPath(tok string) string { return "/v/" + tok }

// getDesign answers the current document, or ?revision=N, with its revision
// as the ETag.
func (a *App) getDesign(c echo.Context) error {
	s, err := a.load(c)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Archway-Access", string(s.Access))
	h.Set("Archway-Current-Revision", itoa(s.Current))
	if cacheByRevision(c, s.Revision.Number) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.Data)
}

// load reads the revision a request names (?revision=N, else the current one)
// of the design its :token opens.
func (a *App) load(c echo.Context) (db.Snapshot, error) {
	n, err := revisionParam(c)
	if err != nil {
		return db.Snapshot{}, err
	}
	return a.designs.Design(c.Request().Context(), c.Param("token"), n)
}

// saved is the answer to a save or a revert.
type saved struct {
	Revision int `json:"revision"`
}

// saveDesign stores a document as the next revision. The base revision comes
// from If-Match; a stale one is 412 and nothing is stored.
func (a *App) saveDesign(c echo.Context) error {
	base, err := ifMatch(c)
	if err != nil {
		return err
	}
	data, err := readBody(c)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return problem(http.StatusBadRequest, "", "the request body must be the design document")
	}
	// Refuse what the store would refuse before the costly analysis: when
	// many editors race on one design, most saves are stale, and checking
	// each of them would starve the one that wins. Save checks again. The
	// document is decoded while the store reads (the decoding is cheap
	// next to the analysis), on another core when one is free.
	type currentRevision struct {
		access  db.Access
		current int
		err     error
	}
	ctx, token := c.Request().Context(), c.Param("token")
	cur := make(chan currentRevision, 1)
	go func() {
		var r currentRevision
		defer func() { cur <- r }()
		defer recovered(&r.err)
		r.access, r.current, r.err = a.designs.Current(ctx, token)
	}()
	d, ps := model.Decode(data)
	r := <-cur
	if r.err != nil {
		return r.err
	}
	if r.access != db.Edit {
		return db.ErrDesignNotFound
	}
	if r.current != base {
		return stale(db.Stale(base, r.current))
	}
	doc, err := a.check(data, d, ps)
	if err != nil {
		return err
	}
	rev, err := a.designs.Save(ctx, token, base, doc.content)
	if err != nil {
		return stale(err)
	}
	c.Response().Header().Set("ETag", etag(rev.Number))
	return c.JSON(http.StatusOK, saved{Revision: rev.Number})
}

// stale turns the store's conflict (a base that is not current) into 412,
// the answer HTTP gives to a failed If-Match.
func stale(err error) error {
	var me *model.Error
	if errors.As(err, &me) && errors.Is(err, model.ErrConflict) {
		return problem(http.StatusPreconditionFailed, "", me.Msg+"; fetch it, reapply your change and save again")
	}
	return err
}

// revertRequest is the body of a revert.
type revertRequest struct {
	Revision int `json:"revision"`
}

// revertDesign makes a new revision equal to an older one. If-Match is
// optional here: with it, a stale base is 412 as for a save.
func (a *App) revertDesign(c echo.Context) error {
	base := 0
	if c.Request().Header.Get("If-Match") != "" {
		var err error
		if base, err = ifMatch(c); err != nil {
			return err
		}
	}
	data, err := readBody(c)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return problem(http.StatusBadRequest, "", `the request body must be {"revision": N}`)
	}
	if err := checkJSON(data); err != nil {
		return err
	}
	var req revertRequest
	if err := decodeStrict(data, &req); err != nil || req.Revision < 1 {
		return problem(http.StatusUnprocessableEntity, "revision", `the body must be {"revision": N} with N a revision number`)
	}
	r, err := a.designs.Revert(c.Request().Context(), c.Param("token"), base, req.Revision)
	if err != nil {
		return stale(err)
	}
	c.Response().Header().Set("ETag", etag(r.Number))
	return c.JSON(http.StatusOK, saved{Revision: r.Number})
}

// revision is one entry of the revision list.
type revision struct {
	Number     int       `json:"number"`
	Time       time.Time `json:"time"`
	Size       int       `json:"size"`
	Errors     int       `json:"errors"`
	Warnings   int       `json:"warnings"`
	RevertedTo int       `json:"revertedTo,omitempty"`
}

// listRevisions answers the design's revisions, newest first.
func (a *App) listRevisions(c echo.Context) error {
	rs, err := a.designs.Revisions(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	out := make([]revision, len(rs))
	for i, r := range rs {
		out[i] = revision{Number: r.Number, Time: r.Created, Size: r.Size,
			Errors: r.Errors, Warnings: r.Warnings, RevertedTo: r.RevertedTo}
	}
	return c.JSON(http.StatusOK, map[string]any{"revisions": out})
}
