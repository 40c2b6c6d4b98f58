package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"archway/cfn"
	"archway/model"
)

// importCloudFormation turns a CloudFormation or SAM template, the request
// body in YAML or JSON, into a design, and answers the design, the import
// report and the design's analysis. Nothing is stored: the editor opens the
// design, and saving it is POST /designs. Parameter values come as query
// parameters, ?param=Key=Value, one per parameter (as the CLI's --param).
//
// 413 beyond 2 MiB; 415 for a body that is neither JSON, YAML nor plain
// text; 400 for a malformed param; 422 for a template that cannot be
// imported, with the template path as the problem's path.
func (a *App) importCloudFormation(c echo.Context) error {
	data, err := readTemplate(c)
	if err != nil {
		return err
	}
	params := map[string]string{}
	for _, p := range c.QueryParams()["param"] {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return problem(http.StatusBadRequest, "", fmt.Sprintf("param must be Key=Value, not %q", p))
		}
		params[k] = v
	}
	d, rep, err := cfn.Import(data, params)
	var ce *cfn.Error
	if errors.As(err, &ce) {
		return problem(http.StatusUnprocessableEntity, ce.Path, ce.Error())
	}
	if err != nil {
		return err
	}
	doc := model.Encode(d)
	out, err := a.analysisJSON(c.Request().Context(), doc)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Design   json.RawMessage `json:"design"`
		Report   *cfn.Report     `json:"report"`
		Analysis json.RawMessage `json:"analysis"`
	}{doc, rep, out})
}

// templateTypes are the media types a template may be posted as.
var templateTypes = []string{
	"application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain",
}

// readTemplate reads a template body of at most maxBody bytes (413 beyond)
// declared as JSON, YAML or plain text (415 otherwise).
func readTemplate(c echo.Context) ([]byte, error) {
	r := c.Request()
	if r.ContentLength > maxBody {
		return nil, tooLarge(r.ContentLength)
	}
	ct := r.Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	// A listed type counts even with malformed parameters (ParseMediaType
	// still returns it); a +json or +yaml type only with well-formed ones.
	known := err == nil && (strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+yaml")) || slices.Contains(templateTypes, mt)
	if !known {
		if ct == "" {
			ct = "none"
		}
		return nil, problem(http.StatusUnsupportedMediaType, "",
			fmt.Sprintf("the request body must be a template in YAML or JSON, with Content-Type: application/yaml or application/json (got %s)", ct))
	}
	return readLimited(c)
}
