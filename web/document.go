package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

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
	// hash is the content's contentHash, made only for App.check, the one
	// caller that keys a cache by it.
	hash string
}

// checkDocument decodes and analyses a posted document. Bytes that are not
// JSON are 400; a document with problems is 422 with every problem and its
// path. The result holds the canonical encoding, which is what is stored.
func checkDocument(data []byte) (checked, error) {
	d, ps := model.Decode(data)
	return checkDecoded(data, d, ps, false)
}

// checkDecoded is checkDocument of a document decoded already: d and ps are
// what model.Decode gave for data. With hashed, the result's hash is made
// too.
func checkDecoded(data []byte, d *model.Design, ps []model.Problem, hashed bool) (checked, error) {
	if len(ps) > 0 {
		return checked{}, refused(data, ps)
	}
	// The canonical form and its hash need only the design: they are made
	// while the engines run, on another core when one is free.
	type encoded struct {
		data []byte
		hash string
		err  error
	}
	enc := make(chan encoded, 1)
	go func() {
		var e encoded
		defer func() { enc <- e }()
		defer recovered(&e.err)
		e.data = model.Encode(d)
		if hashed {
			e.hash = contentHash(e.data)
		}
	}()
	an := analyze.Decoded(d)
	e := <-enc
	if e.err != nil {
		return checked{}, e.err
	}
	if len(an.Problems) > 0 {
		return checked{}, refused(data, an.Problems)
	}
	errs, warns := counts(an)
	return checked{design: d, analysis: an, hash: e.hash,
		content: db.Content{Data: e.data, Errors: errs, Warnings: warns}}, nil
}

// refused is the answer to a document with problems: 400 when it is not
// JSON at all, else 422. The decoder refuses anything that is not JSON, so
// only a refused document needs the syntax check that tells the two apart.
func refused(data []byte, ps []model.Problem) error {
	if err := checkJSON(data); err != nil {
		return err
	}
	return problems(ps)
}

// check is checkDecoded that also caches the analysis, for the reads that
// usually follow a save. The analysis is encoded when a read first asks for
// it (see analysed.encoded), not here: a save answers only a revision, and
// encoding it beside the store's commit made saves slower whenever the
// cores were busy (docs/performance.md).
func (a *App) check(data []byte, d *model.Design, ps []model.Problem) (checked, error) {
	doc, err := checkDecoded(data, d, ps, true)
	if err != nil {
		return checked{}, err
	}
	// The posted bytes and their canonical form decode to equal designs.
	a.analyses.put("analysis:"+doc.hash, &analysed{design: doc.design, analysis: doc.analysis, hash: doc.hash})
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
	// hash is the document's contentHash, for the keys of results drawn
	// from it, so that a cached read hashes the document only once.
	hash string
	// json is the analysis, encoded: given when the entry is made, or by
	// the first call of encoded.
	json []byte
	once sync.Once
	err  error
}

// encoded returns the analysis as JSON, encoding it on first use.
func (v *analysed) encoded() ([]byte, error) {
	v.once.Do(func() {
		if v.json == nil {
			if v.json, v.err = json.Marshal(v.analysis); v.err != nil {
				v.err = fmt.Errorf("encoding an analysis: %w", v.err)
			}
		}
	})
	return v.json, v.err
}

// analysedSize estimates the memory an entry holds: the decoded structs
// weigh a few times their JSON, and the JSON is there too once a read has
// asked for it.
func analysedSize(v *analysed) int { return 4 * max(len(v.json), jsonSize(v.analysis)) }

// jsonSize is about the length of an analysis's JSON, without encoding it:
// its strings and a little for the punctuation and keys around each.
func jsonSize(an *model.Analysis) int {
	n := 64
	strs := func(ss []string) {
		for _, s := range ss {
			n += len(s) + 3
		}
	}
	hops := func(hs []model.Hop) {
		for i := range hs {
			h := &hs[i]
			n += 48 + len(h.Node) + len(h.Check) + len(h.Result) + len(h.Detail)
		}
	}
	for _, p := range an.Problems {
		n += 32 + len(p.Path) + len(p.Message)
	}
	for i := range an.Edges {
		r := &an.Edges[i]
		n += 128 + len(r.ID) + len(r.Verdict)
		for j := range r.Network.Subnets {
			n += 64 + len(r.Network.Subnets[j].Subnet)
			hops(r.Network.Subnets[j].Path)
		}
		hops(r.Network.Path)
		for _, s := range r.Permission.Statements {
			n += 72 + len(s.Node) + len(s.Policy) + len(s.Sid)
		}
	}
	for i := range an.Findings {
		f := &an.Findings[i]
		n += 80 + len(f.Severity) + len(f.Code) + len(f.Message) + len(f.Fix)
		strs(f.Nodes)
		strs(f.Edges)
		for _, op := range f.Ops {
			n += 40 + len(op.Op) + len(op.Node) + len(op.Field) + len(op.Value)
		}
	}
	for _, e := range an.ENIs {
		n += 64 + len(e.VPC) + len(e.Subnet)
		strs(e.SecurityGroups)
		strs(e.Functions)
	}
	return n
}

// analyse returns the analysis of a stored document, from the cache when
// it can. A request cancelled by then is not analysed.
func (a *App) analyse(ctx context.Context, data []byte) (*analysed, error) {
	return a.analyseStored(ctx, data, contentHash(data), nil)
}

// analyseStored is analyse of data whose contentHash is h. d, when not
// nil, is data decoded already: a stored revision, which passed every check
// when it was saved, so it is analysed without being decoded again.
func (a *App) analyseStored(ctx context.Context, data []byte, h string, d *model.Design) (*analysed, error) {
	key := "analysis:" + h
	if v, ok := a.analyses.get(key); ok {
		return v, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var an *model.Analysis
	if d != nil {
		an = analyze.Decoded(d)
	} else {
		d, an = analyze.Validate(data)
	}
	v := &analysed{analysis: an, hash: h}
	if len(an.Problems) == 0 {
		v.design = d
	}
	a.analyses.put(key, v)
	return v, nil
}

// analysisJSON is the analysis of a stored document as JSON, as the API
// answers it.
func (a *App) analysisJSON(ctx context.Context, data []byte) ([]byte, error) {
	v, err := a.analyse(ctx, data)
	if err != nil {
		return nil, err
	}
	return v.encoded()
}
