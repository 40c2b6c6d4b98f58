package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"archway/model"
)

// errorBody is every error response: a message for people and the problems,
// each naming the JSON path it is about ("" for the document as a whole).
type errorBody struct {
	Error    string          `json:"error"`
	Problems []model.Problem `json:"problems"`
}

// httpError is an error a handler answers with a given status. Handlers build
// it for what only HTTP knows (a missing If-Match, a wrong content type);
// everything else is a model error kind mapped in statusOf.
type httpError struct {
	status   int
	msg      string
	problems []model.Problem
}

func (e *httpError) Error() string { return e.msg }

// problem returns an httpError with one problem about path.
func problem(status int, path, msg string) *httpError {
	return &httpError{status: status, msg: msg, problems: []model.Problem{{Path: path, Message: msg}}}
}

// statusOf maps an error to its status and the message a client may see.
// Messages of 5xx errors are never shown: they may hold internals.
func statusOf(err error) (int, string, []model.Problem) {
	var he *httpError
	var ee *echo.HTTPError
	var me *model.Error
	switch {
	case errors.As(err, &he):
		return he.status, he.msg, he.problems
	case errors.As(err, &ee):
		msg := http.StatusText(ee.Code)
		if s, ok := ee.Message.(string); ok && ee.Code < 500 {
			msg = s
		}
		return ee.Code, msg, nil
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		return 499, "request cancelled", nil
	case errors.As(err, &me):
		switch {
		case errors.Is(err, model.ErrNotFound):
			return http.StatusNotFound, me.Msg, nil
		case errors.Is(err, model.ErrInvalid):
			return http.StatusUnprocessableEntity, me.Msg, nil
		case errors.Is(err, model.ErrConflict):
			return http.StatusConflict, me.Msg, nil
		}
	}
	return http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError), nil
}

// handleError is echo's one error handler. 4xx answers show their message;
// 5xx answers are logged with the request id, which the client sees too, and
// nothing else.
func (a *App) handleError(err error, c echo.Context) {
	status, msg, problems := statusOf(err)
	if status >= 500 {
		id := requestID(c)
		a.log.ErrorContext(c.Request().Context(), "request failed",
			slog.String("id", id), slog.String("route", c.Path()), slog.Any("err", err))
		msg = fmt.Sprintf("%s (request %s)", msg, id)
	}
	if c.Response().Committed {
		return
	}
	if problems == nil {
		problems = []model.Problem{}
	}
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, errorBody{Error: msg, Problems: problems})
	}
	if err != nil {
		a.log.WarnContext(c.Request().Context(), "writing an error response", slog.Any("err", err))
	}
}
