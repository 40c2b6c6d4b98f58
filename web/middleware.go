package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"

	"archway/db"
)

// contentSecurityPolicy allows no inline or foreign script. Inline styles
// stay allowed: drawings carry their own scoped <style>, and styles cannot
// run code. Fonts and images may be data URIs, as exported SVGs embed their
// fonts. frame-ancestors 'none' forbids framing (clickjacking).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries. Tokens are in
// URLs, so no referrer may ever leave with one, and responses are private to
// whoever holds the link: nothing is kept by shared caches. A handler may
// set its own Cache-Control (static assets do).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
}

const requestIDKey = "archway.request-id"

// requestID returns the id the logging middleware gave the request.
func requestID(c echo.Context) string {
	id, _ := c.Get(requestIDKey).(string)
	return id
}

// logRequests gives every request an id (also sent as X-Request-Id) and logs
// one line per request. It logs the route pattern, never the path: paths hold
// tokens. A token is logged as a short hash, enough to follow one link
// through the logs and useless to open it.
func (a *App) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		c.Set(requestIDKey, id)
		c.Response().Header().Set("X-Request-Id", id)

		err := next(c)
		if err != nil {
			// Write the response now, so the log line has its status.
			c.Error(err)
		}
		attrs := []slog.Attr{
			slog.String("id", id),
			slog.String("method", c.Request().Method),
			slog.String("route", c.Path()),
			slog.Int("status", c.Response().Status),
			slog.Int64("bytes", c.Response().Size),
			slog.Duration("duration", time.Since(start)),
		}
		for _, name := range []string{"token", "file"} {
			if v := c.Param(name); v != "" {
				attrs = append(attrs, slog.String("link", db.ShortHash(tokenOf(v))))
			}
		}
		a.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request", attrs...)
		return nil
	}
}

// recoverPanics turns a panic in a handler into a logged 500, so one bad
// request never takes the server down.
func (a *App) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				a.log.ErrorContext(c.Request().Context(), "panic",
					slog.String("id", requestID(c)), slog.String("route", c.Path()),
					slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// recovered, deferred in a goroutine a request starts, turns a panic of that
// goroutine into an error for the request to return (a 500, logged with the
// stack): recoverPanics sees only the request's own goroutine, and a panic
// on another one would end the process.
func recovered(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
	}
}
