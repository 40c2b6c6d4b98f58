package web

import (
	"github.com/a-h/templ"

	"archway/model"
)

// The view models the editor's templ components render. Handlers fill them
// from the store, the engines and the renderer; the components only lay
// them out, so every user string reaches the page through templ's escaping.

// pageMeta is what every page's frame needs.
type pageMeta struct {
	Title string
	// Asset maps a static file name to its content-hashed URL.
	Asset func(string) string
	// Class is the body's class: which page this is.
	Class string
}

// workspace is the editor or the read-only view of one design.
type workspace struct {
	Editable bool
	// Base is the link the page was opened with ("/e/TOKEN" or "/v/TOKEN");
	// exports hang off it. The view page never holds the edit token.
	Base     string
	Title    string
	Revision int
	// Undo and Redo are the revisions the buttons go back or forward to;
	// 0 disables the button.
	Undo, Redo int
	Canvas     canvasView
	Findings   findingsView
	Props      propsView
}

// UI is the prefix of the editor's htmx actions.
func (w workspace) UI() string { return w.Base + "/ui" }

// canvasView is the drawing with what the browser needs to edit it.
type canvasView struct {
	SVG []byte
	// Empty is set for a design without nodes: the page shows a hint.
	Empty bool
	// split is the drawing in items, for answers that send only what the
	// page lacks (ui_patch.go); its ID is empty when it could not be split.
	split splitDrawing
	// scene is the box, type and parent of every node and the ends, verdict
	// and path of every arrow, for hit tests and highlights, in entries.
	scene sceneSplit
	// highlight is the arrow whose path is drawn highlighted, if any.
	highlight string
}

// canvasAnswer is an answer's change to the canvas: a whole drawing, or
// the items of a new drawing the page lacks, and the scene when it changed.
type canvasAnswer struct {
	// Drawn and Tree name the new drawing and its items; both are empty
	// for a drawing that cannot be patched. With a Base, Tree is a delta
	// (tokenDelta) against the base's tree, empty when the drawing is the
	// base.
	Drawn, Tree string
	// Base is the drawing the page shows, which Items complete; empty when
	// SVG is the whole drawing.
	Base string
	// SVG is the whole drawing, or the items in an <svg> of their own, or
	// nothing when the page shows the drawing already.
	SVG []byte
	// Scene is the scene's JSON (a scenePatch), empty when the page has
	// it already.
	Scene string
}

// findingsView is the findings panel.
type findingsView struct {
	Items                    []findingView
	Errors, Warnings, Infos  int
	Allowed, Blocked, Others int
	Problems                 []model.Problem
	// hash names all of the above (findingsOf sets it), so that an answer
	// does not encode a panel of thousands of findings to compare it.
	hash string
}

// findingView is one finding.
type findingView struct {
	Index                   int
	Severity, Code, Message string
	Fix                     string
	Nodes, Edges            []string
	CanApply                bool
}

// linkView is a view link in the share dialog.
type linkView struct {
	ID      string
	Created string
	// Token is set only right after the link was created: the store keeps
	// hashes, so this is the one time the server can show it.
	Token string
}

// shareView is the share dialog's body.
type shareView struct {
	UI    string
	Links []linkView
	// Rotated is the new edit link after a rotation; the page moves there.
	Rotated string
}

// revisionView is one line of the revision list.
type revisionView struct {
	Number           int
	Created          string
	Size             int
	Errors, Warnings int
	RevertedTo       int
	Current          bool
}

// exampleView is one card of the gallery on the home page.
type exampleView struct {
	Slug, Title      string
	Errors, Warnings int
	Nodes, Edges     int
}

// paletteGroup is one section of the palette.
type paletteGroup struct {
	Name  string
	Items []paletteItem
}

// paletteItem is one node type the palette offers.
type paletteItem struct {
	Type, Name, Glyph, Category string
}

// palette lists every node type of the format, grouped as the AWS icon
// categories group them.
var palette = []paletteGroup{
	{"Network", []paletteItem{
		{model.TypeVPC, "VPC", "VPC", "network"},
		{model.TypeSubnet, "Subnet", "SN", "network"},
		{model.TypeRouteTable, "Route table", "RT", "network"},
		{model.TypeInternetGateway, "Internet gateway", "IGW", "network"},
		{model.TypeNATGateway, "NAT gateway", "NAT", "network"},
		{model.TypeVPCEndpoint, "VPC endpoint", "EP", "network"},
		{model.TypeSecurityGroup, "Security group", "SG", "security"},
		{model.TypeNetworkACL, "Network ACL", "ACL", "network"},
	}},
	{"Compute", []paletteItem{
		{model.TypeLambda, "Lambda function", "λ", "compute"},
		{model.TypeEC2Instance, "EC2 instance", "EC2", "compute"},
	}},
	{"Data", []paletteItem{
		{model.TypeDynamoDBTable, "DynamoDB table", "DDB", "database"},
		{model.TypeRDSCluster, "RDS / Aurora", "RDS", "database"},
		{model.TypeS3Bucket, "S3 bucket", "S3", "storage"},
		{model.TypeEFSFileSystem, "EFS file system", "EFS", "storage"},
	}},
	{"Integration", []paletteItem{
		{model.TypeSQSQueue, "SQS queue", "SQS", "integration"},
		{model.TypeSNSTopic, "SNS topic", "SNS", "integration"},
	}},
	{"Identity", []paletteItem{
		{model.TypeIAMRole, "IAM role", "ROLE", "security"},
		{model.TypeIAMUser, "IAM user", "USER", "security"},
	}},
	{"Observability", []paletteItem{
		{model.TypeCloudWatchLogs, "CloudWatch Logs", "LOGS", "integration"},
		{model.TypeCloudWatchMetric, "CloudWatch metrics", "CW", "integration"},
		{model.TypeXRay, "X-Ray", "XR", "integration"},
	}},
	{"Outside", []paletteItem{
		{model.TypeInternetHost, "Internet host", "WWW", "general"},
		{model.TypeExternalAccount, "External account", "ACCT", "general"},
		{model.TypeGeneric, "Other resource", "?", "general"},
	}},
}

// oob marks a fragment as an out-of-band morph of the element with its id.
func oob(on bool) templ.Attributes {
	if on {
		return templ.Attributes{"hx-swap-oob": "morph"}
	}
	return templ.Attributes{}
}

// htmxConfig keeps htmx inside the CSP (no eval, no injected style sheet),
// swaps the refusals the editor explains (409 stale, 422 invalid), and
// settles at once so the canvas is interactive as soon as it is morphed.
const htmxConfig = `{"allowEval":false,"allowScriptTags":false,"includeIndicatorStyles":false,` +
	`"defaultSettleDelay":0,"defaultSwapDelay":0,"historyEnabled":false,"selfRequestsOnly":true,` +
	`"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},` +
	`{"code":"409","swap":true,"error":false},{"code":"422","swap":true,"error":false},` +
	`{"code":"[45]..","swap":false,"error":true}]}`
