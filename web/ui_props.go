package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"archway/db"
	"archway/model"
)

// propsFor builds the properties panel for a selection.
func propsFor(ui string, d *model.Design, an *model.Analysis, sel []string) propsView {
	ix := model.NewIndex(d)
	sel = knownIDs(d, sel)
	switch {
	case len(sel) > 1:
		return propsView{UI: ui, Kind: "multi", Count: len(sel), ID: strings.Join(sel, " ")}
	case len(sel) == 1 && ix.Node(sel[0]) != nil:
		n := ix.Node(sel[0])
		specs := nodeSpecs(n.Type)
		st := stateFromObject(specs, objectOf(n))
		return nodeProps(ui, d, n.ID, n.Type, specs, st, fieldErrors{})
	case len(sel) == 1:
		e := ix.Edges[sel[0]]
		st := stateFromObject(edgeSpecs, objectOf(e))
		p := edgeProps(ui, d, e.ID, st, fieldErrors{})
		p.Verdict, p.Summary = edgeSummary(d, an, e)
		return p
	}
	top := designObject(d)
	return propsView{UI: ui, Kind: "design", Fields: buildFields(designSpecs, stateFromObject(designSpecs, top), fieldErrors{}, d, "")}
}

func nodeProps(ui string, d *model.Design, id, typ string, specs []fieldSpec, st formState, errs fieldErrors) propsView {
	return propsView{UI: ui, Kind: "node", ID: id, TypeName: typeNames[typ],
		Fields: buildFields(specs, st, errs, d, id), General: errs[""]}
}

func edgeProps(ui string, d *model.Design, id string, st formState, errs fieldErrors) propsView {
	return propsView{UI: ui, Kind: "edge", ID: id, Fields: buildFields(edgeSpecs, st, errs, d, ""), General: errs[""]}
}

// edgeSummary says what decided an arrow's verdict, in a few lines.
func edgeSummary(d *model.Design, an *model.Analysis, e *model.Edge) (string, []string) {
	if an == nil {
		return "", nil
	}
	for _, r := range an.Edges {
		if r.ID != e.ID {
			continue
		}
		var lines []string
		switch {
		case r.Network.Reachable == nil:
			lines = append(lines, "Network: no network path involved.")
		case *r.Network.Reachable:
			lines = append(lines, "Network: reachable.")
		case r.Network.BlockedAt != nil:
			lines = append(lines, "Network: blocked at "+*r.Network.BlockedAt+".")
		default:
			lines = append(lines, "Network: not reachable from every subnet.")
		}
		if r.Permission.Decision == nil {
			lines = append(lines, "Permissions: none involved.")
		} else {
			lines = append(lines, "Permissions: "+string(*r.Permission.Decision)+".")
		}
		to := model.NewIndex(d).Node(e.To)
		if acts := e.EffectiveActions(to); len(acts) > 0 {
			lines = append(lines, "Checks "+strings.Join(acts, ", ")+".")
		}
		return string(r.Verdict), lines
	}
	return "", nil
}

// objectOf is a value's JSON as an object.
func objectOf(v any) map[string]json.RawMessage {
	b, _ := json.Marshal(v)
	obj := map[string]json.RawMessage{}
	_ = json.Unmarshal(b, &obj)
	return obj
}

// designObject is the document's own fields, without nodes and edges.
func designObject(d *model.Design) map[string]json.RawMessage {
	obj := objectOf(d)
	delete(obj, "nodes")
	delete(obj, "edges")
	return obj
}

// showProps answers the panel for the page's selection.
func (u *ui) showProps(c echo.Context) error {
	tok := token(c)
	l, err := u.load(c.Request().Context(), tok, db.Edit)
	if err != nil {
		return err
	}
	return writeHTML(c, http.StatusOK, propsPanel(propsFor("/e/"+tok+"/ui", l.design, l.analysis, selection(c)), true))
}

// saveProps applies the properties form. Adding a table row only shows
// the form again; everything else builds the document the form describes
// and saves it if, and only if, it has no problems. Otherwise the form comes
// back as typed, with each problem beside its field.
func (u *ui) saveProps(c echo.Context) error {
	ctx := c.Request().Context()
	tok := token(c)
	form, err := c.FormParams()
	if err != nil {
		return problem(http.StatusBadRequest, "", "reading the form: "+err.Error())
	}
	l, err := u.read(ctx, tok, db.Edit, nil)
	if err != nil {
		return err
	}
	b := base(c)
	if b != l.snap.Current {
		return u.stale(c, &model.Error{Kind: model.ErrConflict, Msg: "stale"})
	}
	ui := "/e/" + tok + "/ui"
	d := l.design // decoded for this request alone
	// The first edit of a design pins every node where the layout put it,
	// as a canvas action does, so a later move shifts nothing else.
	newEditor(d, layoutBoxes(d))
	kind, id := form.Get("_kind"), form.Get("_id")
	var specs []fieldSpec
	var obj map[string]json.RawMessage
	var pos int
	typ := ""
	switch kind {
	case "node":
		n := model.NewIndex(d).Node(id)
		if n == nil {
			return u.refuse(c, tok, http.StatusUnprocessableEntity, fmt.Sprintf("%s is no longer in the design", id), nil)
		}
		typ = n.Type
		specs = nodeSpecs(n.Type)
		pos = slices.Index(d.Nodes, n)
	case "edge":
		e := model.NewIndex(d).Edges[id]
		if e == nil {
			return u.refuse(c, tok, http.StatusUnprocessableEntity, fmt.Sprintf("arrow %s is no longer in the design", id), nil)
		}
		specs = edgeSpecs
		pos = slices.Index(d.Edges, e)
	case "design":
		specs = designSpecs
	default:
		return problem(http.StatusBadRequest, "_kind", "unknown form")
	}
	st := stateFromForm(specs, form)
	action := form.Get("_action")
	if name, ok := strings.CutPrefix(action, "add:"); ok {
		st.Rows[name] = append(st.Rows[name], map[string]string{})
		if _, egress := st.Modes[name]; egress {
			st.Modes[name] = "rules"
		}
		return writeHTML(c, http.StatusOK, propsPanel(u.formView(ui, d, kind, id, typ, specs, st, fieldErrors{}), true))
	}
	if rest, ok := strings.CutPrefix(action, "del:"); ok {
		name, idx, _ := strings.Cut(rest, ":")
		if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < len(st.Rows[name]) {
			st.Rows[name] = slices.Delete(st.Rows[name], i, i+1)
		}
	}

	// A new id renames the node everywhere before the form is applied, so
	// references to it (a security group naming itself) follow.
	newID := strings.TrimSpace(st.Scalars["id"])
	if kind == "node" && newID != "" && newID != id && model.NewIndex(d).Node(newID) == nil {
		rename(d, id, newID)
	}
	if kind == "edge" && newID != "" && newID != id {
		d.Edges[pos].ID = newID
	}
	switch kind {
	case "node":
		obj = objectOf(d.Nodes[pos])
	case "edge":
		obj = objectOf(d.Edges[pos])
	default:
		obj = designObject(d)
	}
	errs := fieldErrors{}
	applyState(specs, st, obj, errs)
	if len(errs) > 0 {
		return u.formRefused(c, ui, d, kind, id, typ, specs, st, errs)
	}
	data, err := replaceObject(d, kind, pos, obj)
	if err != nil {
		return err
	}
	doc, err := checkDocument(data)
	if he, ok := err.(*httpError); ok {
		for _, p := range he.problems {
			key, mine := fieldKey(p.Path, kind, pos, specs)
			if mine {
				errs.add(key, p.Message)
			} else {
				errs.add("", describeProblem(d, p))
			}
		}
		return u.formRefused(c, ui, d, kind, id, typ, specs, st, errs)
	}
	if err != nil {
		return err
	}
	// Keep what the page has selected now (a field is saved when it loses
	// focus, often to a click on something else), following a rename.
	saved := id
	switch kind {
	case "node":
		saved = doc.design.Nodes[pos].ID
	case "edge":
		saved = doc.design.Edges[pos].ID
	}
	sel := selection(c)
	for i, s := range sel {
		if s == id {
			sel[i] = saved
		}
	}
	return u.commit(c, tok, b, withRoutes(doc.design, ""), knownIDs(doc.design, sel))
}

// formView rebuilds a form from what was posted.
func (u *ui) formView(ui string, d *model.Design, kind, id, typ string, specs []fieldSpec, st formState, errs fieldErrors) propsView {
	switch kind {
	case "node":
		return nodeProps(ui, d, id, typ, specs, st, errs)
	case "edge":
		return edgeProps(ui, d, id, st, errs)
	}
	return propsView{UI: ui, Kind: "design", Fields: buildFields(specs, st, errs, d, ""), General: errs[""]}
}

// formRefused answers a form that would not make a valid document: 422
// with the form as typed and its problems; nothing was saved.
func (u *ui) formRefused(c echo.Context, ui string, d *model.Design, kind, id, typ string, specs []fieldSpec, st formState, errs fieldErrors) error {
	events{}.toast("error", "Not saved: fix the highlighted fields.").send(c)
	return writeHTML(c, http.StatusUnprocessableEntity, propsPanel(u.formView(ui, d, kind, id, typ, specs, st, errs), true))
}

// replaceObject writes d with one node, edge or the top level replaced by
// obj, as JSON for the decoder.
func replaceObject(d *model.Design, kind string, pos int, obj map[string]json.RawMessage) ([]byte, error) {
	doc := objectOf(d)
	switch kind {
	case "node", "edge":
		field := kind + "s"
		var items []json.RawMessage
		if err := json.Unmarshal(doc[field], &items); err != nil {
			return nil, err
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return nil, err
		}
		items[pos] = b
		if doc[field], err = json.Marshal(items); err != nil {
			return nil, err
		}
	default:
		for k, v := range obj {
			doc[k] = v
		}
		for _, s := range designSpecs {
			if _, ok := obj[s.Name]; !ok {
				delete(doc, s.Name)
			}
		}
	}
	return json.Marshal(doc)
}

// fieldKey maps a problem's path to the form field it is about: "cidr",
// a table row "ingress[2]" or cell "ingress[2].from". The second result is
// false for a problem elsewhere in the document.
func fieldKey(path, kind string, pos int, specs []fieldSpec) (string, bool) {
	rel := path
	if kind == "node" || kind == "edge" {
		prefix := kind + "s[" + strconv.Itoa(pos) + "]"
		if path == prefix {
			return "", false
		}
		var ok bool
		if rel, ok = strings.CutPrefix(path, prefix+"."); !ok {
			return "", false
		}
	}
	for _, s := range specs {
		if rel != s.Name && !strings.HasPrefix(rel, s.Name+".") && !strings.HasPrefix(rel, s.Name+"[") {
			continue
		}
		if s.Kind != kTable && s.Kind != kEgress {
			return s.Name, true
		}
		rest := strings.TrimPrefix(rel, s.Name)
		if !strings.HasPrefix(rest, "[") {
			return s.Name, true
		}
		end := strings.IndexByte(rest, ']')
		row := s.Name + rest[:end+1]
		col, _, _ := strings.Cut(strings.TrimPrefix(rest[end+1:], "."), ".")
		col, _, _ = strings.Cut(col, "[")
		for _, c := range s.Columns {
			if c.Name == col {
				return row + "." + col, true
			}
		}
		return row, true
	}
	return "", false
}
