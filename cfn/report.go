package cfn

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"archway/model"
)

// Report says what an import did: what the template held, what became of it,
// which arrows were inferred and why, what was left out and which values
// stand in for ones nobody knows yet.
type Report struct {
	// Resources counts the template's resources by CloudFormation type, as
	// written (before the SAM transform).
	Resources map[string]int `json:"resources"`
	// Nodes counts the design's nodes by archway/v1 type.
	Nodes map[string]int `json:"nodes"`
	// Inferred lists every arrow the import drew and the rule that drew it.
	Inferred []Inferred `json:"inferred"`
	// Skipped lists resources and parts of resources that are not in the
	// design, with the reason.
	Skipped []Skipped `json:"skipped"`
	// Placeholders lists the values that stand for something unknown.
	Placeholders []Placeholder `json:"placeholders"`
	// Findings are info findings about the import itself (placeholders,
	// resources drawn as generic boxes, assumed values), in the format of
	// the analysis findings.
	Findings []model.Finding `json:"findings"`
}

// Inferred is one arrow the import drew.
type Inferred struct {
	Edge string `json:"edge"`
	From string `json:"from"`
	To   string `json:"to"`
	// Rule names the inference rule (see docs/import.md): s3-notification,
	// sns-subscription, event-source-mapping, lambda-permission,
	// function-url, resource-policy, data-access, connection, role-access,
	// event-target.
	Rule string `json:"rule"`
	// Source is the template path the arrow comes from.
	Source string `json:"source"`
}

// Skipped is a resource, or a part of one, that is not in the design.
type Skipped struct {
	Path   string `json:"path"`
	Type   string `json:"type,omitempty"`
	Reason string `json:"reason"`
}

// Placeholder is a value that could not be resolved. Value is the marked
// text that stands for it in the design ("{{param:TableName}}").
type Placeholder struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Finding codes the import adds to its report.
const (
	CodePlaceholder = "IMPORT_PLACEHOLDER"
	CodeGeneric     = "IMPORT_GENERIC_RESOURCE"
	CodeSkipped     = "IMPORT_SKIPPED"
	CodeAssumed     = "IMPORT_ASSUMED_VALUE"
)

func newReport() *Report {
	return &Report{
		Resources:    map[string]int{},
		Nodes:        map[string]int{},
		Inferred:     []Inferred{},
		Skipped:      []Skipped{},
		Placeholders: []Placeholder{},
		Findings:     []model.Finding{},
	}
}

func (r *Report) skip(path, typ, format string, args ...any) {
	r.Skipped = append(r.Skipped, Skipped{Path: path, Type: typ, Reason: fmt.Sprintf(format, args...)})
}

func (r *Report) finding(code string, nodes []string, msg, fix string) {
	if nodes == nil {
		nodes = []string{}
	}
	r.Findings = append(r.Findings, model.Finding{
		Severity: model.SeverityInfo, Code: code, Nodes: nodes, Edges: []string{}, Message: msg, Fix: fix,
	})
}

// WriteText prints the report for people: counts, then one line per arrow,
// skipped item and placeholder.
func (r *Report) WriteText(w io.Writer) {
	total := 0
	for _, n := range r.Resources {
		total += n
	}
	nodes := 0
	for _, n := range r.Nodes {
		nodes += n
	}
	fmt.Fprintf(w, "imported %d resource%s as %d node%s and %d arrow%s\n",
		total, plural(total), nodes, plural(nodes), len(r.Inferred), plural(len(r.Inferred)))
	fmt.Fprintf(w, "  nodes:     %s\n", counts(r.Nodes))
	fmt.Fprintf(w, "  resources: %s\n", counts(r.Resources))
	for _, e := range r.Inferred {
		fmt.Fprintf(w, "  arrow        %s -> %s (%s, from %s)\n", e.From, e.To, e.Rule, e.Source)
	}
	for _, s := range r.Skipped {
		typ := ""
		if s.Type != "" {
			typ = " (" + s.Type + ")"
		}
		fmt.Fprintf(w, "  skipped      %s%s: %s\n", s.Path, typ, s.Reason)
	}
	for _, p := range r.Placeholders {
		fmt.Fprintf(w, "  placeholder  %s: %s %s stands as %s\n", p.Path, p.Kind, p.Name, p.Value)
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %-12s %s %s\n", f.Severity, f.Code, f.Message)
	}
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
