package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"archway/db"
	"archway/examples"
	"archway/model"
)

// htmlDoc is a parsed page, queried by data-testid and other attributes.
type htmlDoc struct{ root *html.Node }

func parseHTML(t *testing.T, b []byte) htmlDoc {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(b))
	require.NoError(t, err)
	return htmlDoc{n}
}

// all returns the elements whose attribute name has value (any value when
// value is "").
func (d htmlDoc) all(name, value string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == name && (value == "" || a.Val == value) {
					out = append(out, n)
					break
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.root)
	return out
}

func (d htmlDoc) testid(id string) []*html.Node { return d.all("data-testid", id) }

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// form posts a form to the app without following redirects.
func (f *fixture) form(path string, values url.Values) response {
	f.t.Helper()
	client := *f.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.PostForm(f.srv.URL+path, values)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	require.NoError(f.t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: buf.Bytes()}
}

// current reads the stored document of a design.
func (f *fixture) current(tok string) (*model.Design, int) {
	f.t.Helper()
	r := f.do(http.MethodGet, designPath(tok), nil)
	require.Equal(f.t, http.StatusOK, r.status, "%s", r.body)
	d, ps := model.Decode(r.body)
	require.Empty(f.t, ps)
	rev, err := strconv.Atoi(strings.Trim(r.header.Get("ETag"), `"`))
	require.NoError(f.t, err)
	return d, rev
}

// ops posts canvas actions based on rev.
func (f *fixture) ops(tok string, rev int, ops ...editOp) response {
	f.t.Helper()
	b, err := json.Marshal(ops)
	require.NoError(f.t, err)
	return f.form("/e/"+tok+"/ui/ops", url.Values{"base": {strconv.Itoa(rev)}, "ops": {string(b)}})
}

func TestHomePage(t *testing.T) {
	fx := newFixture(t)
	_, err := Seed(context.Background(), fx.store, examples.Designs())
	require.NoError(t, err)
	r := fx.do(http.MethodGet, "/", nil)
	require.Equal(t, http.StatusOK, r.status)
	doc := parseHTML(t, r.body)
	assert.Len(t, doc.testid("new-design"), 1)
	forms := doc.all("action", "")
	var copies int
	for _, f := range forms {
		slug, ok := strings.CutSuffix(strings.TrimPrefix(attr(f, "action"), "/x/"), "/copy")
		if !ok || !strings.HasPrefix(attr(f, "action"), "/x/") {
			continue
		}
		copies++
		ex := fx.do(http.MethodGet, "/x/"+slug+".json", nil)
		require.Equal(t, http.StatusOK, ex.status)
		d, problems := model.Decode(ex.body)
		require.Empty(t, problems, slug)
		assert.Contains(t, text(f), fmt.Sprintf("%d resources · %d ", len(d.Nodes), len(d.Edges)), "%s: the card counts the example's nodes and arrows", slug)
	}
	assert.Equal(t, 14, copies, "one card per example")
	assert.Contains(t, r.header.Get("Content-Security-Policy"), "script-src 'self'")
	assert.NotContains(t, string(r.body), "<script>", "no inline script")
}

// TestNewDesignAndEditorHooks creates a design the way the home page does
// and checks that the editor carries every hook the tests rely on.
func TestNewDesignAndEditorHooks(t *testing.T) {
	fx := newFixture(t)
	r := fx.form("/new", nil)
	require.Equal(t, http.StatusSeeOther, r.status)
	loc := r.header.Get("Location")
	require.True(t, strings.HasPrefix(loc, "/e/"), loc)
	edit, frag, ok := strings.Cut(strings.TrimPrefix(loc, "/e/"), "#view=")
	require.True(t, ok, "the first view link rides in the fragment: %s", loc)
	_, viewTok, ok := strings.Cut(frag, ".")
	require.True(t, ok)
	assert.True(t, db.ValidToken(viewTok))

	page := fx.do(http.MethodGet, "/e/"+edit, nil)
	require.Equal(t, http.StatusOK, page.status)
	doc := parseHTML(t, page.body)
	for _, id := range []string{"palette", "canvas", "properties", "findings", "undo", "redo", "share",
		"export-svg", "export-png", "export-json", "import"} {
		assert.Len(t, doc.testid(id), 1, "data-testid=%s", id)
	}
	for _, typ := range model.Types() {
		assert.Len(t, doc.testid("palette-"+typ), 1, "palette entry for %s", typ)
	}
	canvas := doc.testid("canvas")
	require.Len(t, canvas, 1)
	assert.Equal(t, "svg", canvas[0].Data)
	assert.Equal(t, "/e/"+edit+".svg", attr(doc.testid("export-svg")[0], "href"))
	assert.Equal(t, "/e/"+edit+".png", attr(doc.testid("export-png")[0], "href"))
}

// TestViewPage: the same canvas and findings, no editing control, and no
// trace of the edit token; each prefix opens only its own kind of token.
func TestViewPage(t *testing.T) {
	fx := newFixture(t)
	c := fx.create(exampleDoc(t, "E03"))
	edit := strings.TrimPrefix(c.Edit, "/e/")
	view := strings.TrimPrefix(c.View, "/v/")

	r := fx.do(http.MethodGet, "/v/"+view, nil)
	require.Equal(t, http.StatusOK, r.status)
	doc := parseHTML(t, r.body)
	for _, id := range []string{"canvas", "findings", "export-svg", "export-png", "export-json"} {
		assert.Len(t, doc.testid(id), 1, "view has %s", id)
	}
	for _, id := range []string{"palette", "properties", "undo", "redo", "share", "import", "apply-fix"} {
		assert.Empty(t, doc.testid(id), "view has no %s", id)
	}
	assert.NotContains(t, string(r.body), edit, "the view page never holds the edit token")
	assert.NotEmpty(t, doc.all("data-code", "NO_ROUTE_TO_DESTINATION"), "the findings are shown")
	assert.NotEmpty(t, doc.all("data-verdict", "blocked"), "the verdicts are drawn")

	editPage := parseHTML(t, fx.do(http.MethodGet, "/e/"+edit, nil).body)
	assert.Equal(t, len(editPage.all("data-edge-id", "")), len(doc.all("data-edge-id", "")), "the same arrows")

	assert.Equal(t, http.StatusNotFound, fx.do(http.MethodGet, "/e/"+view, nil).status)
	assert.Equal(t, http.StatusNotFound, fx.do(http.MethodGet, "/v/"+edit, nil).status)
	assert.Equal(t, http.StatusNotFound, fx.form("/e/"+view+"/ui/ops", url.Values{"base": {"1"}, "ops": {`[{"op":"title","value":"x"}]`}}).status)
}

// TestOpsBuildDesign builds the design with canvas actions and
// checks what was stored.
func TestOpsBuildDesign(t *testing.T) {
	fx := newFixture(t)
	c := fx.create(nil)
	tok := strings.TrimPrefix(c.Edit, "/e/")
	step := func(ops ...editOp) *model.Design {
		t.Helper()
		_, rev := fx.current(tok)
		r := fx.ops(tok, rev, ops...)
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		d, after := fx.current(tok)
		assert.Equal(t, rev+1, after, "one action, one revision")
		return d
	}
	d := step(editOp{Op: "add", Type: model.TypeVPC, X: 400, Y: 300})
	ix := model.NewIndex(d)
	vpc := ix.Node("vpc-1")
	require.NotNil(t, vpc)
	assert.Equal(t, "10.0.0.0/16", vpc.CIDR)
	require.NotNil(t, ix.MainRouteTable["vpc-1"], "a VPC comes with its main route table")

	in := func(s string) *string { return &s }
	d = step(editOp{Op: "add", Type: model.TypeSubnet, X: 300, Y: 300, Parent: in("vpc-1")})
	sub := model.NewIndex(d).Node("subnet-1")
	require.NotNil(t, sub)
	assert.Equal(t, "vpc-1", sub.Parent)
	assert.Equal(t, "10.0.0.0/24", sub.CIDR)

	d = step(editOp{Op: "add", Type: model.TypeLambda, X: 300, Y: 320, Parent: in("subnet-1")})
	fn := model.NewIndex(d).Node("fn-1")
	require.NotNil(t, fn)
	require.NotNil(t, fn.VPC, "dropping a function into a subnet attaches it")
	assert.Equal(t, []string{"subnet-1"}, fn.VPC.Subnets)
	assert.Len(t, fn.VPC.SecurityGroups, 1)
	role := model.NewIndex(d).Node(fn.Role)
	require.NotNil(t, role)
	assert.Contains(t, role.ManagedPolicies, "AWSLambdaVPCAccessExecutionRole")

	d = step(editOp{Op: "add", Type: model.TypeDynamoDBTable, X: 1400, Y: 300})
	assert.NotNil(t, model.NewIndex(d).Node("table-1"))
	d = step(editOp{Op: "connect", From: "fn-1", To: "table-1"})
	require.Len(t, d.Edges, 1)
	assert.Equal(t, []string{"dynamodb:GetItem"}, d.Edges[0].Actions, "the arrow gets the target's default action")
	role = model.NewIndex(d).Node(fn.Role)
	assert.Contains(t, string(role.Policies), "dynamodb:GetItem", "the role is granted the arrow's action")

	d = step(editOp{Op: "move", IDs: []string{"fn-1"}, DX: 20, DY: 10})
	moved := model.NewIndex(d).Node("fn-1")
	require.NotNil(t, moved.X)

	d = step(editOp{Op: "delete", IDs: []string{"vpc-1"}})
	for _, n := range d.Nodes {
		assert.NotEqual(t, "vpc-1", n.Parent, "%s went with its VPC", n.ID)
	}
	assert.Empty(t, d.Edges, "arrows to deleted nodes go too")
}

// TestOpsRefusals: an invalid action saves nothing; a stale one neither.
func TestOpsRefusals(t *testing.T) {
	fx := newFixture(t)
	c := fx.create(nil)
	tok := strings.TrimPrefix(c.Edit, "/e/")
	r := fx.ops(tok, 1, editOp{Op: "add", Type: model.TypeSubnet, X: 10, Y: 10})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	assert.Contains(t, r.header.Get("HX-Trigger-After-Settle"), "subnet lives in a VPC")
	_, rev := fx.current(tok)
	assert.Equal(t, 1, rev, "nothing was saved")

	r = fx.ops(tok, 1, editOp{Op: "add", Type: model.TypeVPC, X: 10, Y: 10})
	require.Equal(t, http.StatusOK, r.status)
	r = fx.ops(tok, 1, editOp{Op: "title", Value: "from a stale tab"})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Contains(t, r.header.Get("HX-Trigger-After-Settle"), "archway:stale")
	d, rev := fx.current(tok)
	assert.Equal(t, 2, rev)
	assert.Empty(t, d.Title)
}

// TestPropsValidation: a bad value comes back beside its field, as typed,
// and nothing is saved; a good one is saved.
func TestPropsValidation(t *testing.T) {
	fx := newFixture(t)
	c := fx.create(exampleDoc(t, "E03"))
	tok := strings.TrimPrefix(c.Edit, "/e/")
	d, rev := fx.current(tok)
	var subnet *model.Node
	for _, n := range d.Nodes {
		if n.Type == model.TypeSubnet {
			subnet = n
			break
		}
	}
	require.NotNil(t, subnet)
	post := func(cidr string) response {
		v := url.Values{"base": {strconv.Itoa(rev)}, "_kind": {"node"}, "_id": {subnet.ID},
			"f.id": {subnet.ID}, "f.parent": {subnet.Parent}, "f.cidr": {cidr}, "f.az": {subnet.AZ},
			"f.routeTable": {subnet.RouteTable}}
		return fx.form("/e/"+tok+"/ui/props", v)
	}
	r := post("10.99.0.0/24")
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	doc := parseHTML(t, r.body)
	var field *html.Node
	for _, n := range doc.all("data-field", "cidr") {
		field = n
	}
	require.NotNil(t, field)
	assert.Contains(t, text(field), "is not inside its VPC's block", "the message is beside the field")
	input := parseHTML(t, r.body).all("name", "f.cidr")
	require.Len(t, input, 1)
	assert.Equal(t, "10.99.0.0/24", attr(input[0], "value"), "the value is shown as typed")
	_, after := fx.current(tok)
	assert.Equal(t, rev, after, "nothing invalid is saved")

	other := "10.16.200.0/24"
	r = post(other)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	d, after = fx.current(tok)
	assert.Equal(t, rev+1, after)
	assert.Equal(t, other, model.NewIndex(d).Node(subnet.ID).CIDR)
}

// TestApplyFixAndUndo applies a machine-readable fix, then undoes it.
func TestApplyFixAndUndo(t *testing.T) {
	fx := newFixture(t)
	c := fx.create(exampleDoc(t, "E03"))
	tok := strings.TrimPrefix(c.Edit, "/e/")
	var an model.Analysis
	fx.do(http.MethodGet, designPath(tok, "/analysis"), nil).decode(t, &an)
	idx := -1
	for i, f := range an.Findings {
		if f.Code == "NO_ROUTE_TO_DESTINATION" && len(f.Ops) > 0 {
			idx = i
			break
		}
	}
	if idx < 0 {
		t.Skip("the engines report no machine-readable NO_ROUTE_TO_DESTINATION fix for E03 yet")
	}
	errorsBefore := 0
	for _, f := range an.Findings {
		if f.Severity == model.SeverityError {
			errorsBefore++
		}
	}
	r := fx.form("/e/"+tok+"/ui/fix", url.Values{"base": {"1"}, "finding": {strconv.Itoa(idx)}, "code": {"NO_ROUTE_TO_DESTINATION"}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	_, rev := fx.current(tok)
	assert.Equal(t, 2, rev, "the fix is one new revision")

	r = fx.form("/e/"+tok+"/ui/undo", url.Values{"base": {"2"}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	d, rev := fx.current(tok)
	assert.Equal(t, 3, rev)
	assert.Equal(t, canonical(t, exampleDoc(t, "E03")), model.Encode(d), "undo brings revision 1 back")

	r = fx.form("/e/"+tok+"/ui/redo", url.Values{"base": {"3"}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var after model.Analysis
	fx.do(http.MethodGet, designPath(tok, "/analysis"), nil).decode(t, &after)
	errorsAfter := 0
	for _, f := range after.Findings {
		if f.Severity == model.SeverityError {
			errorsAfter++
		}
	}
	assert.Less(t, errorsAfter, errorsBefore, "redo re-applies the fix")
}

// TestLabelsAreEscaped: a label full of markup is text everywhere.
func TestLabelsAreEscaped(t *testing.T) {
	fx := newFixture(t)
	payload := `<img src=x onerror=alert(1)><script>alert(2)</script>"'`
	doc := `{"format":"archway/v1","title":` + strconv.Quote(payload) + `,"nodes":[{"id":"fn","type":"lambda","label":` + strconv.Quote(payload) + `}]}`
	c := fx.create([]byte(doc))
	for _, path := range []string{c.Edit, c.View, c.Edit + "/ui/props?sel=fn"} {
		r := fx.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, r.status, path)
		assert.NotContains(t, string(r.body), "<img src=x", path)
		assert.NotContains(t, string(r.body), "<script>alert", path)
		page := parseHTML(t, r.body)
		assert.Empty(t, page.all("onerror", ""), path)
	}
}

func TestUndoRedoReplay(t *testing.T) {
	rev := func(n, reverted int) db.Revision { return db.Revision{Number: n, RevertedTo: reverted} }
	tests := []struct {
		name       string
		revs       []db.Revision
		undo, redo int
	}{
		{"new design", []db.Revision{rev(1, 0)}, 0, 0},
		{"two edits", []db.Revision{rev(1, 0), rev(2, 0), rev(3, 0)}, 2, 0},
		{"after an undo", []db.Revision{rev(1, 0), rev(2, 0), rev(3, 0), rev(4, 2)}, 1, 3},
		{"after two undos", []db.Revision{rev(1, 0), rev(2, 0), rev(3, 0), rev(4, 2), rev(5, 1)}, 0, 2},
		{"after undo and redo", []db.Revision{rev(1, 0), rev(2, 0), rev(3, 0), rev(4, 2), rev(5, 3)}, 2, 0},
		{"an edit clears redo", []db.Revision{rev(1, 0), rev(2, 0), rev(3, 0), rev(4, 2), rev(5, 0)}, 2, 0},
		{"a revert from the list is an edit", []db.Revision{rev(1, 0), rev(2, 0), rev(3, 0), rev(4, 1)}, 3, 0},
		{"newest first", []db.Revision{rev(4, 2), rev(3, 0), rev(2, 0), rev(1, 0)}, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, r := undoRedo(tt.revs)
			assert.Equal(t, tt.undo, u, "undo")
			assert.Equal(t, tt.redo, r, "redo")
		})
	}
}

func TestFieldKey(t *testing.T) {
	specs := nodeSpecs(model.TypeSecurityGroup)
	tests := []struct {
		path string
		key  string
		mine bool
	}{
		{"nodes[2].ingress[1].from", "ingress[1].from", true},
		{"nodes[2].ingress[1]", "ingress[1]", true},
		{"nodes[2].egress[0].ports", "egress[0].ports", true},
		{"nodes[2].parent", "parent", true},
		{"nodes[2]", "", false},
		{"nodes[3].cidr", "", false},
		{"edges[2].from", "", false},
	}
	for _, tt := range tests {
		key, mine := fieldKey(tt.path, "node", 2, specs)
		assert.Equal(t, tt.mine, mine, tt.path)
		assert.Equal(t, tt.key, key, tt.path)
	}
	key, mine := fieldKey("nodes[0].vpc.subnets[1]", "node", 0, nodeSpecs(model.TypeLambda))
	assert.True(t, mine)
	assert.Equal(t, "vpc.subnets", key)
}

func TestFormRoundTrip(t *testing.T) {
	egress := []model.SGRule{}
	n := &model.Node{ID: "sg", Type: model.TypeSecurityGroup, Parent: "vpc",
		Ingress: []model.SGRule{{Protocol: "tcp", Ports: &model.Ports{From: 443, To: 443}, From: "10.0.0.0/8"}},
		Egress:  &egress}
	specs := nodeSpecs(n.Type)
	st := stateFromObject(specs, objectOf(n))
	assert.Equal(t, "rules", st.Modes["egress"], "an empty egress list is not the default")
	require.Len(t, st.Rows["ingress"], 1)
	assert.Equal(t, "443", st.Rows["ingress"][0]["ports"])

	obj := map[string]json.RawMessage{"type": json.RawMessage(`"security-group"`)}
	errs := fieldErrors{}
	applyState(specs, st, obj, errs)
	assert.Empty(t, errs)
	b, err := json.Marshal(obj)
	require.NoError(t, err)
	back, ps := model.Decode([]byte(`{"format":"archway/v1","nodes":[{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16"},` + string(b) + `]}`))
	require.Empty(t, ps)
	assert.Equal(t, n.Ingress, back.Nodes[1].Ingress)
	require.NotNil(t, back.Nodes[1].Egress)
	assert.Empty(t, *back.Nodes[1].Egress)

	st.Scalars["policy"] = "{"
	bad := fieldErrors{}
	applyState([]fieldSpec{{Name: "policy", Kind: kJSON}}, st, obj, bad)
	assert.Contains(t, bad["policy"][0], "not valid JSON")
}

// TestMoveKeepsAnalysis: a move reuses the analysis of the same design
// elsewhere; what is stored must be what analysing it afresh gives.
func TestMoveKeepsAnalysis(t *testing.T) {
	fx := newFixture(t)
	c := fx.create(exampleDoc(t, "E03"))
	tok := strings.TrimPrefix(c.Edit, "/e/")
	require.Equal(t, http.StatusOK, fx.do(http.MethodGet, c.Edit, nil).status)
	before := fx.do(http.MethodGet, designPath(tok, "/analysis"), nil).body
	r := fx.ops(tok, 1, editOp{Op: "move", IDs: []string{"categram-fn"}, DX: 30, DY: 10})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	d, rev := fx.current(tok)
	require.Equal(t, 2, rev)
	require.NotNil(t, model.NewIndex(d).Node("categram-fn").X, "the move was saved")
	after := fx.do(http.MethodGet, designPath(tok, "/analysis"), nil).body
	assert.JSONEq(t, string(before), string(after))
	revs := fx.do(http.MethodGet, designPath(tok, "/revisions"), nil).body
	assert.Contains(t, string(revs), `"errors":2`, "the counts stored with the move are the analysis's")
}

func TestDescribeProblem(t *testing.T) {
	d := &model.Design{Nodes: []*model.Node{{ID: "a"}, {ID: "sub-b"}}, Edges: []*model.Edge{{ID: "e1"}}}
	tests := []struct{ path, want string }{
		{"nodes[1].cidr", "sub-b (cidr): bad"},
		{"nodes[0]", "a: bad"},
		{"edges[0].to", "arrow e1 (to): bad"},
		{"title", "title: bad"},
		{"", "bad"},
		{"nodes[9].cidr", "nodes[9].cidr: bad"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, describeProblem(d, model.Problem{Path: tt.path, Message: "bad"}), tt.path)
	}
}
