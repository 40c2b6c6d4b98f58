package web

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/db"
	"archway/examples"
	"archway/model"
)

func TestValidateRoute(t *testing.T) {
	f := newFixture(t)

	t.Run("analysis", func(t *testing.T) {
		r := f.do(http.MethodPost, "/api/v1/validate", exampleDoc(t, "E05"))
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		var got model.Analysis
		r.decode(t, &got)
		_, want := checkAnalysis(t, exampleDoc(t, "E05"))
		assert.Equal(t, want, got)
	})

	t.Run("problems", func(t *testing.T) {
		r := f.do(http.MethodPost, "/api/v1/validate", []byte(`{"format":"archway/v1","nodes":[{"id":"v","type":"vpc"}]}`))
		require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s", r.body)
		var got struct {
			errorBody
			Edges    []any
			Findings []any
			ENIs     []any `json:"enis"`
		}
		r.decode(t, &got)
		assert.NotEmpty(t, got.Error)
		require.NotEmpty(t, got.Problems)
		assert.Equal(t, "nodes[0].cidr", got.Problems[0].Path)
		assert.NotNil(t, got.Edges, "still the validation output")
		assert.NotNil(t, got.Findings)
		assert.NotNil(t, got.ENIs)
	})

	for _, tt := range badBodies(t) {
		if tt.status == http.StatusUnprocessableEntity {
			continue // covered above, with the validation output as the body
		}
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, "/api/v1/validate", tt.body, tt.headers...)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			r.errorBody(t)
		})
	}
	r := f.do(http.MethodPost, "/api/v1/validate", nil)
	assert.Equal(t, http.StatusBadRequest, r.status)

	seeded, err := f.store.Seed(context.Background(), []db.Example{{Slug: "x", Content: db.Content{Data: []byte("{}")}}})
	require.NoError(t, err)
	assert.True(t, seeded, "the database is still empty: validate stores nothing")
}

func TestExports(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E05"))
	r := f.do(http.MethodPut, designPath(c.EditToken), retitled(t, exampleDoc(t, "E05"), `a/b "c"`), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status)

	tests := []struct {
		name        string
		path        string
		status      int
		disposition string
		body        []byte
	}{
		{"edit json", "/e/" + c.EditToken + ".json", 200, `attachment; filename="a-b -c-.json"`, canonical(t, retitled(t, exampleDoc(t, "E05"), `a/b "c"`))},
		{"view json", "/v/" + c.ViewToken + ".json", 200, `attachment; filename="a-b -c-.json"`, canonical(t, retitled(t, exampleDoc(t, "E05"), `a/b "c"`))},
		{"older revision", "/v/" + c.ViewToken + ".json?revision=1", 200,
			"attachment; filename*=utf-8''E05%20%E2%80%94%20VPC%20networking-%20a%20NAT%20gateway%20in%20a%20public%20subnet%20plus%20an%20internet%20gateway%20open%20DynamoDB%2C%20SQS%20a.json",
			canonical(t, exampleDoc(t, "E05"))},
		{"view token under /e/", "/e/" + c.ViewToken + ".json", 404, "", nil},
		{"edit token under /v/", "/v/" + c.EditToken + ".json", 404, "", nil},
		{"unknown format", "/v/" + c.ViewToken + ".pdf", 404, "", nil},
		{"no extension", "/v/" + c.ViewToken + ".", 404, "", nil},
		{"unknown token", "/v/" + strings.Repeat("A", db.TokenLen) + ".json", 404, "", nil},
		{"bad revision", "/v/" + c.ViewToken + ".json?revision=x", 400, "", nil},
		{"missing revision", "/v/" + c.ViewToken + ".json?revision=3", 404, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodGet, tt.path, nil)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			if tt.status != 200 {
				r.errorBody(t)
				return
			}
			assert.Equal(t, tt.disposition, r.header.Get("Content-Disposition"))
			assert.Equal(t, string(tt.body), string(r.body))
		})
	}
}

func TestFileName(t *testing.T) {
	tests := []struct{ title, want string }{
		{"", "design"},
		{"   ", "design"},
		{"VPC Lambda", "VPC Lambda"},
		{"a/b\\c", "a-b-c"},
		{`quote " and ; semicolon`, "quote - and - semicolon"},
		{"line\nbreak\r", "line-break"},
		{"tab\there", "tab-here"},
		{"..", "design"},
		{"../../etc/passwd", "-..-etc-passwd"},
		{"Café — déjà vu", "Café — déjà vu"},
		{"a: b", "a- b"},
		{strings.Repeat("x", 300), strings.Repeat("x", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			assert.Equal(t, tt.want, fileName(tt.title))
			assert.NotEmpty(t, attachment(fileName(tt.title)+".svg"))
		})
	}
}

func TestExamples(t *testing.T) {
	f := newFixture(t)
	seeded, err := Seed(context.Background(), f.store, examples.Designs())
	require.NoError(t, err)
	require.True(t, seeded)
	seeded, err = Seed(context.Background(), f.store, examples.Designs())
	require.NoError(t, err)
	assert.False(t, seeded, "seeding happens once, on an empty database")

	r := f.do(http.MethodGet, "/api/v1/examples", nil)
	require.Equal(t, http.StatusOK, r.status)
	var list struct{ Examples []example }
	r.decode(t, &list)
	require.Len(t, list.Examples, 14)
	first := list.Examples[0]
	assert.Equal(t, "e01", first.Slug)
	assert.True(t, strings.HasPrefix(first.Title, "E01"))
	assert.Equal(t, "/api/v1/examples/e01", first.Document)

	r = f.do(http.MethodGet, first.Document, nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, string(canonical(t, exampleDoc(t, "E01"))), string(r.body))

	r = f.do(http.MethodGet, first.Document+"/analysis", nil)
	require.Equal(t, http.StatusOK, r.status)
	var an model.Analysis
	r.decode(t, &an)
	_, want := checkAnalysis(t, exampleDoc(t, "E01"))
	assert.Equal(t, want, an)

	for _, ext := range []string{"json", "svg", "png"} {
		r = f.do(http.MethodGet, "/x/e01."+ext, nil)
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		assert.Contains(t, r.header.Get("Content-Disposition"), "attachment")
		assert.Contains(t, r.header.Get("Content-Disposition"), "."+ext)
	}

	for _, path := range []string{"/api/v1/examples/e99", "/api/v1/examples/e99/analysis", "/x/e99.json", "/x/e01.pdf"} {
		r := f.do(http.MethodGet, path, nil)
		assert.Equal(t, http.StatusNotFound, r.status, path)
	}
	for _, method := range []string{http.MethodPut, http.MethodPost, http.MethodDelete} {
		r := f.do(method, "/api/v1/examples/e01", []byte(`{}`))
		assert.Equal(t, http.StatusMethodNotAllowed, r.status, "examples are read-only: %s", method)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	requests := []struct {
		method, path string
		body         []byte
	}{
		{http.MethodGet, "/healthz", nil},
		{http.MethodGet, designPath(c.ViewToken), nil},
		{http.MethodGet, "/v/" + c.ViewToken + ".json", nil},
		{http.MethodGet, designPath("nope"), nil},
		{http.MethodGet, "/no/such/route", nil},
		{http.MethodPost, "/api/v1/validate", []byte(`{`)},
		{http.MethodPatch, designPath(c.EditToken), nil},
	}
	for _, tt := range requests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := f.do(tt.method, tt.path, tt.body)
			csp := map[string]string{}
			for _, d := range strings.Split(r.header.Get("Content-Security-Policy"), ";") {
				name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
				csp[name] = value
			}
			assert.Equal(t, "'self'", csp["script-src"], "no inline or foreign script")
			assert.Equal(t, "'self'", csp["default-src"])
			assert.Equal(t, "'none'", csp["frame-ancestors"])
			assert.Equal(t, "'none'", csp["object-src"])
			assert.Equal(t, "nosniff", r.header.Get("X-Content-Type-Options"))
			assert.Equal(t, "no-referrer", r.header.Get("Referrer-Policy"))
			assert.NotEmpty(t, r.header.Get("Cache-Control"))
			assert.Len(t, r.header.Get("X-Request-Id"), 12)
		})
	}
}

func TestLogsNeverHoldTokens(t *testing.T) {
	f := newFixture(t)
	c := f.create(exampleDoc(t, "E01"))
	r := f.do(http.MethodPost, designPath(c.EditToken, "/links"), nil)
	var l link
	r.decode(t, &l)
	f.do(http.MethodGet, designPath(c.ViewToken, "?revision=1"), nil)
	f.do(http.MethodGet, "/v/"+c.ViewToken+".json", nil)
	f.do(http.MethodPut, designPath(c.EditToken), exampleDoc(t, "E02"), "If-Match", `"9"`)
	f.do(http.MethodDelete, designPath(c.EditToken, "/links/", l.ID), nil)
	r = f.do(http.MethodPost, designPath(c.EditToken, "/rotate"), nil)
	var rot rotated
	r.decode(t, &rot)

	logs := f.logs.String()
	for _, tok := range []string{c.EditToken, c.ViewToken, l.ViewToken, rot.EditToken} {
		assert.NotContains(t, logs, tok)
	}
	assert.Contains(t, logs, `"link":"`+db.ShortHash(c.EditToken)+`"`, "a short hash names the link")
	assert.Contains(t, logs, `"link":"`+db.ShortHash(c.ViewToken)+`"`, "exports too")
	assert.Contains(t, logs, `"route":"/api/v1/designs/:token"`)
	assert.Contains(t, logs, `"status":412`)
}

func TestHealthz(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, "/healthz", nil)
	assert.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, `{"status":"ok"}`, string(r.body))

	store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "closed.db"))
	require.NoError(t, err)
	closed := newFixtureWith(t, store, store)
	require.NoError(t, store.Close())
	r = closed.do(http.MethodGet, "/healthz", nil)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
}

// failing is a store whose reads break as a disk might, or panic.
type failing struct {
	*db.DB
	panics bool
}

func (s failing) Design(ctx context.Context, token string, n int) (db.Snapshot, error) {
	if s.panics {
		panic("boom")
	}
	return db.Snapshot{}, errors.New("disk I/O error in /srv/secret/archway.db")
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	for _, panics := range []bool{false, true} {
		t.Run(map[bool]string{false: "error", true: "panic"}[panics], func(t *testing.T) {
			store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "archway.db"))
			require.NoError(t, err)
			f := newFixtureWith(t, store, failing{DB: store, panics: panics})
			r := f.do(http.MethodGet, designPath(strings.Repeat("A", db.TokenLen)), nil)
			require.Equal(t, http.StatusInternalServerError, r.status)
			e := r.errorBody(t)
			id := r.header.Get("X-Request-Id")
			assert.Equal(t, "Internal Server Error (request "+id+")", e.Error)
			assert.NotContains(t, string(r.body), "secret")
			assert.NotContains(t, string(r.body), "boom")
			logs := f.logs.String()
			assert.Contains(t, logs, `"id":"`+id+`"`, "the log has the request id the client sees")
			if panics {
				assert.Contains(t, logs, "boom")
			} else {
				assert.Contains(t, logs, "disk I/O error")
			}
			assert.Equal(t, http.StatusOK, f.do(http.MethodGet, "/healthz", nil).status, "the server keeps serving")
		})
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		msg    string
	}{
		{"not found", &model.Error{Kind: model.ErrNotFound, Msg: "design not found"}, 404, "design not found"},
		{"invalid", &model.Error{Kind: model.ErrInvalid, Msg: "bad"}, 422, "bad"},
		{"conflict", &model.Error{Kind: model.ErrConflict, Msg: "taken"}, 409, "taken"},
		{"http", problem(415, "", "not JSON"), 415, "not JSON"},
		{"wrapped http", errors.Join(errors.New("x"), problem(413, "", "big")), 413, "big"},
		{"echo 4xx", echo.ErrNotFound, 404, "Not Found"},
		{"echo 5xx", echo.NewHTTPError(503, "secret"), 503, "Service Unavailable"},
		{"cancelled", context.Canceled, 499, "request cancelled"},
		{"internal", errors.New("secret"), 500, "Internal Server Error"},
		{"model error of no kind", &model.Error{Kind: errors.New("other"), Msg: "secret"}, 500, "Internal Server Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, msg, _ := statusOf(tt.err)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.msg, msg)
		})
	}
}

func TestCounts(t *testing.T) {
	an := &model.Analysis{Findings: []model.Finding{
		{Severity: model.SeverityError}, {Severity: model.SeverityWarning}, {Severity: model.SeverityError},
		{Severity: model.SeverityInfo}, {Severity: model.SeverityWarning}, {Severity: model.SeverityWarning},
	}}
	errs, warns := counts(an)
	assert.Equal(t, 2, errs)
	assert.Equal(t, 3, warns)
}
