package web

import (
	"encoding/json"
	"fmt"
	"net/http"

	"archway/db"
	"archway/model"
	"archway/model/analyze"
)

// emptyDocument is what "create" stores when it is given no document.
const emptyDocument = `{"format":"` + model.FormatV1 + `"}`

// checked is a document that passed every check, in canonical form.
type checked struct {
	design   *model.Design
	analysis *model.Analysis
	content  db.Content
}

// checkDocument decodes and analyses a posted document. Bytes that are not
// JSON are 400; a document with problems is 422 with every problem and its
// path. The result holds the canonical encoding, which is what is stored.
func checkDocument(data []byte) (checked, error) {
	if err := checkJSON(data); err != nil {
		return checked{}, err
	}
	d, an := analyze.Validate(data)
	if len(an.Problems) > 0 {
		return checked{}, problems(an.Problems)
	}
	errs, warns := counts(an)
	return checked{design: d, analysis: an,
		content: db.Content{Data: model.Encode(d), Errors: errs, Warnings: warns}}, nil
}

// check is checkDocument that also caches the analysis, for the reads that
// usually follow a save.
func (a *App) check(data []byte) (checked, error) {
	doc, err := checkDocument(data)
	if err != nil {
		return checked{}, err
	}
	out, err := json.Marshal(doc.analysis)
	if err != nil {
		return checked{}, fmt.Errorf("encoding an analysis: %w", err)
	}
	// The posted bytes and their canonical form decode to equal designs.
	a.analyses.put(docKey("analysis", doc.content.Data), &analysed{design: doc.design, analysis: doc.analysis, json: out})
	return doc, nil
}

// problems is the 422 answer for a document that cannot be understood.
func problems(ps []model.Problem) *httpError {
	msg := "the document has 1 problem: " + ps[0].String()
	if len(ps) > 1 {
		msg = fmt.Sprintf("the document has %d problems; the first: %s", len(ps), ps[0])
	}
	return &httpError{status: http.StatusUnprocessableEntity, msg: msg, problems: ps}
}

// counts returns how many findings are errors and how many warnings.
func counts(an *model.Analysis) (errs, warns int) {
	for _, f := range an.Findings {
		switch f.Severity {
		case model.SeverityError:
			errs++
		case model.SeverityWarning:
			warns++
		}
	}
	return errs, warns
}

// analysed is a stored document with its analysis, decoded once and shared
// by the requests that need it: the analysis route, exports.
type analysed struct {
	design   *model.Design // nil when the document has problems
	analysis *model.Analysis
	json     []byte // the analysis, encoded
}

// analysedSize estimates the memory an entry holds: the decoded structs
// weigh a few times their JSON.
func analysedSize(v *analysed) int { return 4 * len(v.json) }

// analyse returns the analysis of a stored document, from the cache when
// it can.
func (a *App) analyse(data []byte) (*analysed, error) {
	key := docKey("analysis", data)
	if v, ok := a.analyses.get(key); ok {
		return v, nil
	}
	d, an := analyze.Validate(data)
	out, err := json.Marshal(an)
	if err != nil {
		return nil, fmt.Errorf("encoding an analysis: %w", err)
	}
	v := &analysed{analysis: an, json: out}
	if len(an.Problems) == 0 {
		v.design = d
	}
	a.analyses.put(key, v)
	return v, nil
}
