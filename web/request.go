package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"archway/model"
)

// maxBody is the largest request body read: a document's own limit.
const maxBody = model.MaxDocumentBytes

// readBody reads a request body of at most maxBody bytes (413 beyond). A
// non-empty body must be declared as JSON (415).
func readBody(c echo.Context) ([]byte, error) {
	r := c.Request()
	if r.ContentLength > maxBody {
		return nil, tooLarge(r.ContentLength)
	}
	data, err := readLimited(c)
	if err != nil {
		return nil, err
	}
	if len(data) > 0 {
		if err := requireJSONType(r); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// readLimited reads the request body, stopping with 413 past maxBody bytes
// (a body sent without a length that would tell beforehand). A body of a
// declared length is read into one buffer of that size, not one that grows
// from 512 bytes by copying.
func readLimited(c echo.Context) ([]byte, error) {
	var buf bytes.Buffer
	if n := c.Request().ContentLength; n > 0 && n <= maxBody {
		buf.Grow(int(n) + bytes.MinRead) // room to see the end of the body
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(c.Response(), c.Request().Body, maxBody))
	data := buf.Bytes()
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooLarge(-1)
	}
	if err != nil {
		return nil, problem(http.StatusBadRequest, "", "reading the request body: "+err.Error())
	}
	return data, nil
}

func tooLarge(n int64) error {
	msg := fmt.Sprintf("the request body is larger than the limit of %d bytes (2 MiB)", maxBody)
	if n > 0 {
		msg = fmt.Sprintf("the request body is %d bytes; the limit is %d bytes (2 MiB)", n, maxBody)
	}
	return problem(http.StatusRequestEntityTooLarge, "", msg)
}

// requireJSONType accepts application/json and any application/*+json, with
// or without parameters (charset=utf-8).
func requireJSONType(r *http.Request) error {
	ct := r.Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return nil
	}
	if ct == "" {
		ct = "none"
	}
	return problem(http.StatusUnsupportedMediaType, "",
		fmt.Sprintf("the request body must be JSON with Content-Type: application/json (got %s)", ct))
}

// checkJSON answers 400 for bytes that are not JSON at all, naming the line
// and column; documents that are JSON but not a design are 422 later.
func checkJSON(data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := position(data, se.Offset)
		return problem(http.StatusBadRequest, "", fmt.Sprintf("malformed JSON at line %d, column %d: %v", line, col, se))
	}
	if err == nil {
		// Valid refused what Unmarshal accepts: cannot happen, but answer sanely.
		err = errors.New("not valid JSON")
	}
	return problem(http.StatusBadRequest, "", "malformed JSON: "+err.Error())
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// ifMatch reads the revision a save is based on from If-Match: "N".
// 428 without it; 400 for anything but one quoted revision number (a save
// must name its base, so "*" is refused).
func ifMatch(c echo.Context) (int, error) {
	v := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if v == "" {
		return 0, problem(http.StatusPreconditionRequired, "",
			`a save must name the revision it is based on: send If-Match: "<revision>" (the ETag of the design)`)
	}
	n, ok := parseETag(v)
	if !ok {
		return 0, problem(http.StatusBadRequest, "",
			fmt.Sprintf(`If-Match must be one revision as an entity tag, like "3" (got %s)`, v))
	}
	return n, nil
}

// parseETag reads "N" (or W/"N": the number is the same).
func parseETag(v string) (int, bool) {
	v = strings.TrimPrefix(v, "W/")
	if len(v) < 3 || v[0] != '"' || v[len(v)-1] != '"' {
		return 0, false
	}
	n, err := strconv.Atoi(v[1 : len(v)-1])
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

func etag(n int) string { return `"` + strconv.Itoa(n) + `"` }

// revisionParam reads ?revision=N; 0 (absent) means the current revision.
func revisionParam(c echo.Context) (int, error) {
	v := c.QueryParam("revision")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, problem(http.StatusBadRequest, "", fmt.Sprintf("revision must be a positive number (got %q)", v))
	}
	return n, nil
}

// cacheByRevision tags an answer about revision n with its ETag and
// Cache-Control: private, as the answer belongs to whoever holds the link;
// no-cache, so a client always asks, and gets a cheap 304 while the revision
// is the same. It reports whether the client already has revision n.
func cacheByRevision(c echo.Context, n int) bool {
	h := c.Response().Header()
	h.Set("ETag", etag(n))
	h.Set("Cache-Control", "private, no-cache")
	return notModified(c, n)
}

// notModified reports whether the client already has this revision.
func notModified(c echo.Context, n int) bool {
	for _, t := range strings.Split(c.Request().Header.Get("If-None-Match"), ",") {
		t = strings.TrimSpace(t)
		if m, ok := parseETag(t); (ok && m == n) || t == "*" {
			return true
		}
	}
	return false
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
