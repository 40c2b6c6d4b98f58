package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"archway/model"
)

// The properties panel is one generic form driven by the field table below:
// every field of the format has a kind that says how it is shown, read back
// from the posted form and turned into the node's JSON. The document is then
// decoded again, so every check the format has runs on the result, and each
// problem is shown beside the field its path names.

// fieldKind says how a field is edited.
type fieldKind int

const (
	kText   fieldKind = iota // one line of text
	kNumber                  // a number
	kTri                     // a boolean with a default: default / true / false
	kCheck                   // a boolean that defaults to false
	kEnum                    // one of Options
	kRef                     // the id of a node of one of RefTypes, or none
	kRefs                    // ids of nodes of RefTypes (checkboxes)
	kLines                   // a list of strings, one per line
	kJSON                    // a JSON document (policies)
	kTable                   // rows of Columns
	kEgress                  // security-group egress: the default, or a table of rules
)

// fieldSpec describes one editable field.
type fieldSpec struct {
	Name        string // JSON field name; dotted for nested ("vpc.subnets", "url.authType")
	Label       string
	Kind        fieldKind
	Help        string
	Placeholder string
	Options     []string // kEnum
	RefTypes    []string // kRef, kRefs
	Columns     []column // kTable, kEgress
	Group       string   // heading of the section the field is shown in
}

// column is one column of a table field.
type column struct {
	Name     string
	Label    string
	Options  []string // a select; empty: text
	Number   bool
	Width    string // CSS class suffix
	RefTypes []string
}

var protocols = []string{"", "tcp", "udp", "icmp", "all"}

var sgRuleCols = func(peer string) []column {
	return []column{
		{Name: "protocol", Label: "Protocol", Options: protocols, Width: "s"},
		{Name: "ports", Label: "Ports", Width: "s"},
		{Name: peer, Label: map[string]string{"from": "Source", "to": "Destination"}[peer], Width: "l", RefTypes: []string{model.TypeSecurityGroup}},
		{Name: "description", Label: "Description", Width: "m"},
	}
}

var aclCols = []column{
	{Name: "rule", Label: "Rule #", Number: true, Width: "s"},
	{Name: "protocol", Label: "Protocol", Options: protocols, Width: "s"},
	{Name: "ports", Label: "Ports", Width: "s"},
	{Name: "cidr", Label: "CIDR", Width: "m"},
	{Name: "action", Label: "Action", Options: []string{"allow", "deny"}, Width: "s"},
}

// commonSpecs are the fields every node has.
var commonSpecs = []fieldSpec{
	{Name: "id", Label: "ID", Kind: kText, Help: "Unique; renaming updates every reference."},
	{Name: "label", Label: "Label", Kind: kText, Placeholder: "the id", Help: "Text shown on the diagram."},
	{Name: "name", Label: "AWS name", Kind: kText, Placeholder: "the id", Help: "The resource name in its ARN."},
	{Name: "parent", Label: "Drawn in", Kind: kRef, RefTypes: []string{model.TypeVPC, model.TypeSubnet}},
	{Name: "account", Label: "Account", Kind: kText, Placeholder: "the design's", Group: "Placement"},
	{Name: "region", Label: "Region", Kind: kText, Placeholder: "the design's", Group: "Placement"},
	{Name: "x", Label: "X", Kind: kNumber, Group: positionGroup},
	{Name: "y", Label: "Y", Kind: kNumber, Group: positionGroup},
	{Name: "w", Label: "Width", Kind: kNumber, Group: positionGroup},
	{Name: "h", Label: "Height", Kind: kNumber, Group: positionGroup},
}

// positionGroup holds the fields a move changes; the panel shows them in
// a part of their own, so that a move's answer updates only that part.
const positionGroup = "Position"

// typeSpecs are the fields of each node type, in the format's order.
var typeSpecs = map[string][]fieldSpec{
	model.TypeVPC: {
		{Name: "cidr", Label: "IPv4 CIDR", Kind: kText, Placeholder: "10.0.0.0/16"},
		{Name: "dnsSupport", Label: "DNS resolution", Kind: kTri, Placeholder: "on"},
		{Name: "dnsHostnames", Label: "DNS hostnames", Kind: kTri, Placeholder: "on"},
		{Name: "enisInUse", Label: "ENIs in use elsewhere", Kind: kNumber, Placeholder: "0"},
	},
	model.TypeSubnet: {
		{Name: "cidr", Label: "IPv4 CIDR", Kind: kText, Placeholder: "10.0.1.0/24"},
		{Name: "az", Label: "Availability Zone", Kind: kText, Placeholder: "us-east-1a"},
		{Name: "routeTable", Label: "Route table", Kind: kRef, RefTypes: []string{model.TypeRouteTable}, Help: "None: the VPC's main route table."},
		{Name: "networkAcl", Label: "Network ACL", Kind: kRef, RefTypes: []string{model.TypeNetworkACL}, Help: "None: the VPC's default ACL, which allows all traffic."},
		{Name: "availableIps", Label: "Free addresses", Kind: kNumber, Placeholder: "its size minus 5"},
	},
	model.TypeRouteTable: {
		{Name: "main", Label: "Main route table of the VPC", Kind: kCheck},
		{Name: "routes", Label: "Routes", Kind: kTable, Help: "The local route is implicit.", Columns: []column{
			{Name: "destination", Label: "Destination", Width: "m"},
			{Name: "target", Label: "Target", Width: "m", RefTypes: []string{model.TypeInternetGateway, model.TypeNATGateway}},
		}},
	},
	model.TypeInternetGateway: {
		{Name: "attached", Label: "Attached", Kind: kTri, Placeholder: "yes"},
	},
	model.TypeNATGateway: {
		{Name: "connectivity", Label: "Connectivity", Kind: kEnum, Options: []string{"", "public", "private"}},
		{Name: "elasticIp", Label: "Elastic IP", Kind: kText, Placeholder: "chosen by AWS"},
	},
	model.TypeVPCEndpoint: {
		{Name: "service", Label: "Service", Kind: kEnum, Options: []string{"s3", "dynamodb", "sqs", "sns", "logs", "monitoring", "xray", "lambda", "sts", "secretsmanager", "kms", "ssm", "ecr.api", "ecr.dkr"}},
		{Name: "endpointType", Label: "Type", Kind: kEnum, Options: []string{"", "gateway", "interface"}, Help: "Default: gateway for s3 and dynamodb, interface otherwise."},
		{Name: "routeTables", Label: "Route tables (gateway)", Kind: kRefs, RefTypes: []string{model.TypeRouteTable}},
		{Name: "subnets", Label: "Subnets (interface)", Kind: kRefs, RefTypes: []string{model.TypeSubnet}},
		{Name: "securityGroups", Label: "Security groups (interface)", Kind: kRefs, RefTypes: []string{model.TypeSecurityGroup}},
		{Name: "privateDns", Label: "Private DNS", Kind: kTri, Placeholder: "on"},
		{Name: "policy", Label: "Endpoint policy", Kind: kJSON, Placeholder: "full access"},
	},
	model.TypeSecurityGroup: {
		{Name: "ingress", Label: "Inbound rules", Kind: kTable, Columns: sgRuleCols("from")},
		{Name: "egress", Label: "Outbound rules", Kind: kEgress, Columns: sgRuleCols("to")},
	},
	model.TypeNetworkACL: {
		{Name: "inbound", Label: "Inbound rules", Kind: kTable, Columns: aclCols, Help: "Evaluated in rule order, then denied."},
		{Name: "outbound", Label: "Outbound rules", Kind: kTable, Columns: aclCols},
	},
	model.TypeLambda: {
		{Name: "role", Label: "Execution role", Kind: kRef, RefTypes: []string{model.TypeIAMRole}},
		{Name: "vpc.subnets", Label: "VPC subnets", Kind: kRefs, RefTypes: []string{model.TypeSubnet}, Group: "VPC", Help: "None: public networking."},
		{Name: "vpc.securityGroups", Label: "Security groups", Kind: kRefs, RefTypes: []string{model.TypeSecurityGroup}, Group: "VPC"},
		{Name: "runtime", Label: "Runtime", Kind: kText, Placeholder: "python3.12"},
		{Name: "tracing", Label: "X-Ray tracing", Kind: kEnum, Options: []string{"", "PassThrough", "Active"}},
		{Name: "url.authType", Label: "Function URL", Kind: kEnum, Options: []string{"", "NONE", "AWS_IAM"}, Help: "Empty: no function URL."},
		{Name: "resourcePolicy", Label: "Resource-based policy", Kind: kJSON},
		{Name: "aliases", Label: "Aliases", Kind: kLines, Placeholder: "one per line"},
		{Name: "state", Label: "State", Kind: kEnum, Options: []string{"", "Pending", "Active", "Inactive", "Failed"}},
	},
	model.TypeIAMRole: {
		{Name: "trust", Label: "Trust policy", Kind: kJSON, Placeholder: "trusts lambda.amazonaws.com"},
		{Name: "managedPolicies", Label: "Managed policies", Kind: kLines, Placeholder: "AWSLambdaBasicExecutionRole"},
		{Name: "policies", Label: "Inline policies", Kind: kJSON, Help: "An array of documents, or an object of name to document."},
		{Name: "permissionsBoundary", Label: "Permissions boundary", Kind: kJSON, Help: "A document, or a managed policy name in quotes."},
	},
	model.TypeIAMUser: {
		{Name: "managedPolicies", Label: "Managed policies", Kind: kLines},
		{Name: "policies", Label: "Inline policies", Kind: kJSON},
		{Name: "permissionsBoundary", Label: "Permissions boundary", Kind: kJSON},
	},
	model.TypeRDSCluster: {
		{Name: "subnets", Label: "Subnets", Kind: kRefs, RefTypes: []string{model.TypeSubnet}},
		{Name: "securityGroups", Label: "Security groups", Kind: kRefs, RefTypes: []string{model.TypeSecurityGroup}},
		{Name: "engine", Label: "Engine", Kind: kEnum, Options: []string{"", "aurora-postgresql", "aurora-mysql", "postgres", "mysql"}},
		{Name: "port", Label: "Port", Kind: kNumber, Placeholder: "the engine's"},
		{Name: "publiclyAccessible", Label: "Publicly accessible", Kind: kCheck},
	},
	model.TypeEC2Instance: {
		{Name: "securityGroups", Label: "Security groups", Kind: kRefs, RefTypes: []string{model.TypeSecurityGroup}},
		{Name: "publicIp", Label: "Public IP address", Kind: kCheck},
	},
	model.TypeEFSFileSystem: {
		{Name: "mountTargets", Label: "Mount targets", Kind: kTable, Columns: []column{
			{Name: "subnet", Label: "Subnet", Width: "m", RefTypes: []string{model.TypeSubnet}},
			{Name: "securityGroups", Label: "Security groups (comma-separated)", Width: "l"},
		}},
		{Name: "policy", Label: "File system policy", Kind: kJSON},
	},
	model.TypeInternetHost: {
		{Name: "host", Label: "Host name", Kind: kText, Placeholder: "example.com"},
		{Name: "address", Label: "Address", Kind: kText, Placeholder: "a public address"},
	},
	model.TypeGeneric: {
		{Name: "resourceType", Label: "Resource type", Kind: kText, Placeholder: "AWS::Service::Resource"},
	},
}

func init() {
	for _, t := range []string{model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue, model.TypeSNSTopic} {
		typeSpecs[t] = []fieldSpec{
			{Name: "policy", Label: "Resource policy", Kind: kJSON},
			{Name: "address", Label: "Address", Kind: kText, Placeholder: "in the service's public range"},
		}
	}
	for _, t := range []string{model.TypeCloudWatchLogs, model.TypeCloudWatchMetric, model.TypeXRay, model.TypeExternalAccount} {
		typeSpecs[t] = nil
	}
}

// edgeSpecs are the fields of an arrow.
var edgeSpecs = []fieldSpec{
	{Name: "id", Label: "ID", Kind: kText},
	{Name: "label", Label: "Label", Kind: kText, Placeholder: "what the call is for"},
	{Name: "from", Label: "From", Kind: kRef},
	{Name: "to", Label: "To", Kind: kRef},
	{Name: "actions", Label: "Actions", Kind: kLines, Placeholder: "the target's default, one per line", Help: "service:Operation, such as dynamodb:PutItem."},
	{Name: "protocol", Label: "Protocol", Kind: kEnum, Options: protocols},
	{Name: "port", Label: "Port", Kind: kNumber, Placeholder: "443"},
	{Name: "qualifier", Label: "Qualifier", Kind: kText, Placeholder: "a version or alias"},
	{Name: "via", Label: "Via", Kind: kEnum, Options: []string{"", "url"}, Help: "url: a request to the function URL."},
	{Name: "fromSubnet", Label: "From subnet", Kind: kRef, RefTypes: []string{model.TypeSubnet}},
}

// designSpecs are the document's own fields.
var designSpecs = []fieldSpec{
	{Name: "title", Label: "Title", Kind: kText, Placeholder: "Untitled design"},
	{Name: "account", Label: "Account", Kind: kText, Placeholder: model.DefaultAccount},
	{Name: "region", Label: "Region", Kind: kText, Placeholder: model.DefaultRegion},
	{Name: "prefixLists", Label: "Prefix lists", Kind: kJSON, Placeholder: "AWS's ranges", Help: `{"s3": [CIDR…], "dynamodb": […]}`},
}

// nodeSpecs returns the fields of a node type.
func nodeSpecs(t string) []fieldSpec {
	own := typeSpecs[t]
	out := make([]fieldSpec, 0, len(commonSpecs)+len(own)+1)
	out = append(out, commonSpecs[:4]...)
	if t == model.TypeExternalAccount {
		out = append(out, fieldSpec{Name: "account", Label: "Account", Kind: kText, Placeholder: "444455556666"})
	}
	out = append(out, own...)
	for _, s := range commonSpecs[4:] {
		if s.Name == "account" && t == model.TypeExternalAccount {
			continue
		}
		out = append(out, s)
	}
	return out
}

// formState is what a form shows: raw text per field, so a value that did
// not parse is shown back exactly as typed.
type formState struct {
	Scalars map[string]string
	Lists   map[string][]string
	Rows    map[string][]map[string]string
	// Modes holds the egress choice: "default" or "rules".
	Modes map[string]string
}

func newFormState() formState {
	return formState{Scalars: map[string]string{}, Lists: map[string][]string{},
		Rows: map[string][]map[string]string{}, Modes: map[string]string{}}
}

// lookup reads a dotted field from a JSON object.
func lookup(obj map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	head, rest, nested := strings.Cut(name, ".")
	raw, ok := obj[head]
	if !ok || !nested {
		return raw, ok
	}
	var inner map[string]json.RawMessage
	if json.Unmarshal(raw, &inner) != nil {
		return nil, false
	}
	return lookup(inner, rest)
}

// displayJSON turns a JSON value into the text a field shows.
func displayJSON(raw json.RawMessage, kind fieldKind) string {
	if kind == kJSON {
		var buf bytes.Buffer
		if json.Indent(&buf, raw, "", "  ") == nil {
			return buf.String()
		}
		return string(raw)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// stateFromObject fills a form from a node's, edge's or design's JSON.
func stateFromObject(specs []fieldSpec, obj map[string]json.RawMessage) formState {
	st := newFormState()
	for _, s := range specs {
		raw, ok := lookup(obj, s.Name)
		switch s.Kind {
		case kRefs, kLines:
			var list []string
			if ok {
				_ = json.Unmarshal(raw, &list)
			}
			st.Lists[s.Name] = list
		case kTable, kEgress:
			var rows []map[string]json.RawMessage
			if ok {
				_ = json.Unmarshal(raw, &rows)
			}
			if s.Kind == kEgress {
				st.Modes[s.Name] = "default"
				if ok {
					st.Modes[s.Name] = "rules"
				}
			}
			for _, r := range rows {
				row := map[string]string{}
				for _, c := range s.Columns {
					if v, ok := r[c.Name]; ok {
						if c.Name == "securityGroups" {
							var ids []string
							_ = json.Unmarshal(v, &ids)
							row[c.Name] = strings.Join(ids, ", ")
							continue
						}
						row[c.Name] = displayJSON(v, kText)
					}
				}
				st.Rows[s.Name] = append(st.Rows[s.Name], row)
			}
		default:
			if ok {
				st.Scalars[s.Name] = displayJSON(raw, s.Kind)
			}
		}
	}
	return st
}

// stateFromForm reads a posted form. Fields are named "f.NAME"; table cells
// "t.NAME.COLUMN", one value per row, in row order.
func stateFromForm(specs []fieldSpec, form url.Values) formState {
	st := newFormState()
	for _, s := range specs {
		key := "f." + s.Name
		switch s.Kind {
		case kRefs:
			st.Lists[s.Name] = form[key]
		case kLines:
			st.Lists[s.Name] = splitLines(form.Get(key))
		case kTable, kEgress:
			if s.Kind == kEgress {
				st.Modes[s.Name] = form.Get("m." + s.Name)
				if st.Modes[s.Name] == "" {
					st.Modes[s.Name] = "default"
				}
			}
			n := 0
			for _, c := range s.Columns {
				n = max(n, len(form["t."+s.Name+"."+c.Name]))
			}
			for i := 0; i < n; i++ {
				row := map[string]string{}
				for _, c := range s.Columns {
					if vs := form["t."+s.Name+"."+c.Name]; i < len(vs) {
						row[c.Name] = strings.TrimSpace(vs[i])
					}
				}
				st.Rows[s.Name] = append(st.Rows[s.Name], row)
			}
		case kCheck:
			if form.Get(key) != "" {
				st.Scalars[s.Name] = "true"
			}
		case kJSON:
			st.Scalars[s.Name] = strings.TrimSpace(form.Get(key))
		default:
			st.Scalars[s.Name] = strings.TrimSpace(form.Get(key))
		}
	}
	return st
}

// splitLines splits a list typed one per line (commas work too).
func splitLines(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == '\r' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// fieldErrors maps field names (or "name[i].column" for table cells) to
// messages; the "" key holds messages no field owns.
type fieldErrors map[string][]string

func (fe fieldErrors) add(key, msg string) { fe[key] = append(fe[key], msg) }

// applyState writes a form's values into obj (a node's, edge's or
// design's JSON), leaving fields the form does not show alone. Values that
// are not even JSON (a policy with a syntax error) are reported and left
// out; everything else is left to the document's decoder to judge.
func applyState(specs []fieldSpec, st formState, obj map[string]json.RawMessage, errs fieldErrors) {
	for _, s := range specs {
		var val any
		set := true
		switch s.Kind {
		case kRefs, kLines:
			list := slices.DeleteFunc(slices.Clone(st.Lists[s.Name]), func(v string) bool { return v == "" })
			set, val = len(list) > 0, list
		case kTable, kEgress:
			rows := make([]map[string]any, 0, len(st.Rows[s.Name]))
			for _, r := range st.Rows[s.Name] {
				row := map[string]any{}
				for _, c := range s.Columns {
					v := r[c.Name]
					switch {
					case v == "":
					case c.Number:
						row[c.Name] = numberOrText(v)
					case c.Name == "securityGroups":
						row[c.Name] = splitLines(v)
					default:
						row[c.Name] = v
					}
				}
				rows = append(rows, row)
			}
			if s.Kind == kEgress {
				set = st.Modes[s.Name] == "rules"
			} else {
				set = len(rows) > 0
			}
			val = rows
		case kTri:
			v := st.Scalars[s.Name]
			set, val = v != "", v == "true"
		case kCheck:
			set, val = st.Scalars[s.Name] == "true", true
		case kNumber:
			v := st.Scalars[s.Name]
			set, val = v != "", numberOrText(v)
		case kJSON:
			v := st.Scalars[s.Name]
			if v == "" {
				set = false
				break
			}
			if err := jsonSyntax(v); err != nil {
				errs.add(s.Name, err.Error())
				continue
			}
			val = json.RawMessage(v)
		default:
			v := st.Scalars[s.Name]
			set, val = v != "", v
		}
		setField(obj, s.Name, val, set)
	}
}

// numberOrText keeps a number a number and anything else text, so the
// decoder names the field that is not a number.
func numberOrText(v string) any {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
	}
	return v
}

// jsonSyntax checks that a field holds JSON, naming the line and column of
// the first error.
func jsonSyntax(v string) error {
	var x any
	err := json.Unmarshal([]byte(v), &x)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := position([]byte(v), se.Offset)
		return fmt.Errorf("not valid JSON: %v (line %d, column %d)", se, line, col)
	}
	return fmt.Errorf("not valid JSON: %v", err)
}

// setField sets or deletes a dotted field of a JSON object; a nested
// object left empty is removed.
func setField(obj map[string]json.RawMessage, name string, val any, set bool) {
	head, rest, nested := strings.Cut(name, ".")
	if !nested {
		if !set {
			delete(obj, head)
			return
		}
		b, _ := json.Marshal(val)
		obj[head] = b
		return
	}
	inner := map[string]json.RawMessage{}
	if raw, ok := obj[head]; ok {
		_ = json.Unmarshal(raw, &inner)
	}
	setField(inner, rest, val, set)
	if len(inner) == 0 {
		delete(obj, head)
		return
	}
	b, _ := json.Marshal(inner)
	obj[head] = b
}
