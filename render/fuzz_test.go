package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"archway/model"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The elements and attributes the renderer writes; anything else in an SVG
// came from user text.
var (
	allowedElements = map[string]bool{"svg": true, "title": true, "desc": true, "style": true, "defs": true,
		"g": true, "rect": true, "path": true, "text": true, "use": true}
	allowedAttrs = map[string]bool{"xmlns": true, "id": true, "class": true, "role": true, "viewBox": true,
		"width": true, "height": true, "font-family": true, "x": true, "y": true, "rx": true, "d": true,
		"fill": true, "fill-opacity": true, "stroke": true, "stroke-opacity": true, "stroke-width": true,
		"stroke-dasharray": true, "stroke-linecap": true, "stroke-linejoin": true, "font-size": true,
		"font-weight": true, "text-anchor": true, "href": true, "data-node-id": true, "data-type": true,
		"data-edge-id": true, "data-verdict": true, "data-from": true, "data-to": true, "data-subnet": true,
		"data-az": true}
	safeID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
)

// fuzzDesign puts s everywhere a user writes text: ids, labels, names,
// CIDRs, AZs, the title, edge labels and actions. It is built directly,
// not decoded, so ids the decoder would reject reach the renderer too.
func fuzzDesign(s string) *model.Design {
	id := func(p string) string { return p + s }
	return &model.Design{
		Format: model.FormatV1,
		Title:  s,
		Region: s,
		Nodes: []*model.Node{
			{ID: id("vpc"), Type: model.TypeVPC, Label: s, CIDR: s},
			{ID: id("sn"), Type: model.TypeSubnet, Parent: id("vpc"), AZ: s, CIDR: s, RouteTable: id("rt")},
			{ID: id("sn2"), Type: model.TypeSubnet, Parent: id("vpc"), AZ: s + "b", Label: s},
			{ID: id("rt"), Type: model.TypeRouteTable, Parent: id("vpc"), Label: s,
				Routes: []model.Route{{Destination: s, Target: id("igw")}}},
			{ID: id("igw"), Type: model.TypeInternetGateway, Parent: id("vpc"), Label: s},
			{ID: id("sg"), Type: model.TypeSecurityGroup, Parent: id("vpc"), Label: s},
			{ID: id("fn"), Type: model.TypeLambda, Label: s, Role: id("role"), Runtime: s,
				VPC: &model.VPCConfig{Subnets: []string{id("sn"), id("sn2")}, SecurityGroups: []string{id("sg")}}},
			{ID: id("role"), Type: model.TypeIAMRole, Label: s},
			{ID: id("t"), Type: s, Label: s, Name: s},
			{ID: id("host"), Type: model.TypeInternetHost, Label: s, Host: s},
		},
		Edges: []*model.Edge{
			{ID: id("e1"), From: id("fn"), To: id("t"), Label: s, Actions: []string{s}},
			{ID: id("e2"), From: id("fn"), To: id("host"), Label: s, Port: 443, Protocol: s},
		},
	}
}

func fuzzAnalysis(s string) *model.Analysis {
	blocked := "x" + s
	return &model.Analysis{
		Edges: []model.EdgeResult{
			{ID: "e1" + s, Verdict: model.Verdict(s), Network: model.NetworkResult{BlockedAt: &blocked,
				Path: []model.Hop{{Node: "sg" + s, Check: s, Result: s, Detail: s}}}},
			{ID: "e2" + s, Verdict: model.Blocked},
		},
		Findings: []model.Finding{{Severity: s, Code: s, Nodes: []string{"fn" + s, s}, Edges: []string{"e2" + s}, Message: s, Fix: s}},
	}
}

// checkSafe asserts the SVG is well-formed and holds only the renderer's
// own elements and attributes, with no script, handler or javascript: URL.
func checkSafe(t *testing.T, out []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "well-formed")
		switch v := tok.(type) {
		case xml.StartElement:
			require.True(t, allowedElements[v.Name.Local], "element %q", v.Name.Local)
			for _, a := range v.Attr {
				require.True(t, allowedAttrs[a.Name.Local] && a.Name.Space == "", "attribute %q on %s", a.Name.Local, v.Name.Local)
				switch a.Name.Local {
				case "id":
					require.Regexp(t, safeID, a.Value)
				case "href":
					require.True(t, strings.HasPrefix(a.Value, "#"), "href %q", a.Value)
					require.Regexp(t, safeID, a.Value[1:])
				}
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("unexpected %T", v)
		}
	}
	lower := strings.ToLower(string(out))
	require.NotContains(t, lower, "<script")
	require.NotContains(t, lower, "foreignobject")
}

func FuzzSVGUserText(f *testing.F) {
	for _, s := range []string{
		"",
		"plain",
		`<script>alert(1)</script>`,
		`"><svg onload=alert(1)>`,
		`' onmouseover='alert(1)`,
		`javascript:alert(1)`,
		`<a href="javascript:alert(1)">x</a>`,
		`]]><!-- -->`,
		`<?xml version="1.0"?>`,
		`<!DOCTYPE x [<!ENTITY e "x">]>&e;`,
		`&amp; &lt; &#0; &#x1F600;`,
		"\x00\x01\x0b\x1b\x7f\u0085\u2028\ufffe\uffff",
		"\xff\xfe invalid utf-8 \xc3\x28",
		"  lots   of\t\n spaces  ",
		`{{.}} ${x} %s`,
		`</style><style>*{display:none}</style>`,
		`id="x" class="y"`,
		strings.Repeat("long-label-", 40),
		"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🐱 λ ✓ ✗",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		defer func() {
			if el := time.Since(start); el > 3*time.Second {
				t.Errorf("took %v for %q", el, s)
			}
		}()
		d := fuzzDesign(s)
		for _, a := range []*model.Analysis{nil, fuzzAnalysis(s)} {
			for _, o := range []Options{{Annotations: true, Standalone: true, Select: "e1" + s}, {ID: s}} {
				out, err := SVG(d, a, o)
				require.NoError(t, err)
				checkSafe(t, out)
			}
		}
	})
}

func TestUserTextIsEscaped(t *testing.T) {
	s := `<script>alert("x")</script>`
	out, err := SVG(fuzzDesign(s), fuzzAnalysis(s), Options{Annotations: true})
	require.NoError(t, err)
	checkSafe(t, out)
	assert.Contains(t, string(out), `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
}
