package web

import (
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// propsView is the properties panel.
type propsView struct {
	UI string
	// Kind is "design", "node", "edge" or "multi".
	Kind     string
	ID       string
	TypeName string
	Count    int
	Fields   []fieldView
	// General holds problems no field of the form owns.
	General []string
	// Verdict and Summary describe a selected arrow's result.
	Verdict string
	Summary []string
}

// fieldView is one field of the form with its current text and problems.
type fieldView struct {
	fieldSpec
	Value   string
	Options []option
	Rows    []rowView
	Mode    string
	Errors  []string
	// Datalist names the suggestions of a table's reference column.
	Datalist    string
	Suggestions []string
}

// option is one choice of a select or checkbox list.
type option struct {
	Value, Label string
	Selected     bool
}

// rowView is one row of a rule table.
type rowView struct {
	Cells  []cellView
	Errors []string
}

// Invalid reports whether the row or one of its cells has a problem.
func (r rowView) Invalid() bool {
	if len(r.Errors) > 0 {
		return true
	}
	for _, c := range r.Cells {
		if len(c.Errors) > 0 {
			return true
		}
	}
	return false
}

// cellView is one cell of a rule table.
type cellView struct {
	Column  column
	Value   string
	Options []option
	Errors  []string
}

var kindNames = map[fieldKind]string{kText: "text", kNumber: "number", kTri: "tri", kCheck: "check",
	kEnum: "enum", kRef: "ref", kRefs: "refs", kLines: "lines", kJSON: "json", kTable: "table", kEgress: "table"}

// KindName names the kind for CSS.
func (f fieldView) KindName() string { return kindNames[f.Kind] }

// InputID is the id of the field's control, for its label.
func (f fieldView) InputID() string { return "field-" + strings.ReplaceAll(f.Name, ".", "-") }

// Rows2 is how many lines a JSON field shows: enough for its text, within
// bounds.
func (f fieldView) Rows2() int { return min(max(strings.Count(f.Value, "\n")+2, 4), 18) }

// typeNames are the palette's names for node types.
var typeNames = func() map[string]string {
	m := map[string]string{}
	for _, g := range palette {
		for _, it := range g.Items {
			m[it.Type] = it.Name
		}
	}
	return m
}()

// endpointTypes are the node types arrows may start or end at.
func isEndpoint(t string) bool {
	switch t {
	case model.TypeVPC, model.TypeSubnet, model.TypeRouteTable, model.TypeSecurityGroup, model.TypeNetworkACL,
		model.TypeInternetGateway, model.TypeNATGateway, model.TypeVPCEndpoint:
		return false
	}
	return true
}

// buildFields turns specs, the form's text and the problems into fields.
// self is the id of the node the form is about (it is no choice for its own
// references).
func buildFields(specs []fieldSpec, st formState, errs fieldErrors, d *model.Design, self string) []fieldView {
	out := make([]fieldView, 0, len(specs))
	for _, s := range specs {
		f := fieldView{fieldSpec: s, Value: st.Scalars[s.Name], Mode: st.Modes[s.Name]}
		f.Errors = errs[s.Name]
		switch s.Kind {
		case kEnum:
			f.Options = enumOptions(s.Options, f.Value)
		case kRef:
			f.Options = append([]option{{Value: "", Label: "None", Selected: f.Value == ""}}, refOptions(d, s, self, []string{f.Value})...)
			if f.Value != "" && !slices.ContainsFunc(f.Options, func(o option) bool { return o.Value == f.Value }) {
				f.Options = append(f.Options, option{Value: f.Value, Label: f.Value + " (not in the design)", Selected: true})
			}
		case kRefs:
			f.Options = refOptions(d, s, self, st.Lists[s.Name])
			for _, v := range st.Lists[s.Name] {
				if !slices.ContainsFunc(f.Options, func(o option) bool { return o.Value == v }) {
					f.Options = append(f.Options, option{Value: v, Label: v + " (not in the design)", Selected: true})
				}
			}
		case kLines:
			f.Value = strings.Join(st.Lists[s.Name], "\n")
		case kTable, kEgress:
			f.Datalist, f.Suggestions = suggestions(d, s)
			for i, r := range st.Rows[s.Name] {
				rv := rowView{Errors: errs[s.Name+"["+strconv.Itoa(i)+"]"]}
				for _, c := range s.Columns {
					cv := cellView{Column: c, Value: r[c.Name], Errors: errs[s.Name+"["+strconv.Itoa(i)+"]."+c.Name]}
					switch {
					case len(c.Options) > 0:
						cv.Options = enumOptions(c.Options, cv.Value)
						if cv.Options[0].Value == "" {
							cv.Options[0].Label = "auto"
						}
					case len(c.RefTypes) > 0 && c.Name != "from" && c.Name != "to":
						cv.Options = append([]option{{Value: "", Label: "—", Selected: cv.Value == ""}},
							refOptions(d, fieldSpec{RefTypes: c.RefTypes}, self, []string{cv.Value})...)
						if cv.Value != "" && !slices.ContainsFunc(cv.Options, func(o option) bool { return o.Value == cv.Value }) {
							cv.Options = append(cv.Options, option{Value: cv.Value, Label: cv.Value, Selected: true})
						}
					}
					rv.Cells = append(rv.Cells, cv)
				}
				f.Rows = append(f.Rows, rv)
			}
		}
		out = append(out, f)
	}
	return out
}

// enumOptions lists an enumeration; "" reads "Default".
func enumOptions(values []string, current string) []option {
	out := make([]option, 0, len(values)+1)
	for _, v := range values {
		label := v
		if v == "" {
			label = "Default"
		}
		out = append(out, option{Value: v, Label: label, Selected: v == current})
	}
	if current != "" && !slices.Contains(values, current) {
		out = append(out, option{Value: current, Label: current, Selected: true})
	}
	return out
}

// refOptions lists the nodes a reference may name.
func refOptions(d *model.Design, s fieldSpec, self string, selected []string) []option {
	var out []option
	for _, n := range d.Nodes {
		if n.ID == self {
			continue
		}
		if len(s.RefTypes) > 0 && !slices.Contains(s.RefTypes, n.Type) {
			continue
		}
		if len(s.RefTypes) == 0 && !isEndpoint(n.Type) {
			continue
		}
		label := n.ID
		if n.Label != "" && n.Label != n.ID {
			label = n.ID + " — " + n.Label
		}
		out = append(out, option{Value: n.ID, Label: label, Selected: slices.Contains(selected, n.ID)})
	}
	return out
}

// suggestions are what a rule's peer column offers: the design's security
// groups, the prefix lists and the whole internet.
func suggestions(d *model.Design, s fieldSpec) (string, []string) {
	for _, c := range s.Columns {
		if c.Name != "from" && c.Name != "to" {
			continue
		}
		out := []string{"0.0.0.0/0", "pl:s3", "pl:dynamodb"}
		for _, n := range d.Nodes {
			if n.Type == model.TypeSecurityGroup {
				out = append(out, n.ID)
			}
		}
		return "dl-" + s.Name, out
	}
	return "", nil
}

// singular turns a table's label into the name of one row.
func singular(label string) string {
	label = strings.ToLower(label)
	switch {
	case strings.HasSuffix(label, "rules"):
		return "rule"
	case strings.HasSuffix(label, "routes"):
		return "route"
	case strings.HasSuffix(label, "targets"):
		return "mount target"
	}
	return "row"
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sizeText is a byte count for people.
func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.Itoa(n) + " B"
}

// revokeVals and revisionVals are hx-vals objects.
func revokeVals(id string) string {
	return `{"id":` + strconv.Quote(id) + `}`
}

func revisionVals(n int) string { return `{"revision":` + strconv.Itoa(n) + `}` }
