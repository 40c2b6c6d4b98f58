package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baseNodes is a small valid design the table cases add to: two VPCs with
// subnets, route tables, gateways and security groups, a VPC function in
// vpc, its role, a table and a public function. Nodes a case adds start at
// nodes[16], edges at edges[1].
var baseNodes = []string{
	`{"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16"}`,
	`{"id": "sn-a", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/24", "az": "us-east-1a", "routeTable": "rt"}`,
	`{"id": "sn-b", "type": "subnet", "parent": "vpc", "cidr": "10.0.1.0/24", "az": "us-east-1b"}`,
	`{"id": "rt", "type": "route-table", "parent": "vpc", "main": true, "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]}`,
	`{"id": "igw", "type": "internet-gateway", "parent": "vpc"}`,
	`{"id": "nat", "type": "nat-gateway", "parent": "sn-a"}`,
	`{"id": "sg", "type": "security-group", "parent": "vpc"}`,
	`{"id": "vpc2", "type": "vpc", "cidr": "10.1.0.0/16"}`,
	`{"id": "sn2", "type": "subnet", "parent": "vpc2", "cidr": "10.1.0.0/24", "az": "us-east-1a"}`,
	`{"id": "rt2", "type": "route-table", "parent": "vpc2"}`,
	`{"id": "igw2", "type": "internet-gateway", "parent": "vpc2"}`,
	`{"id": "sg2", "type": "security-group", "parent": "vpc2"}`,
	`{"id": "fn", "type": "lambda", "parent": "vpc", "role": "role", "vpc": {"subnets": ["sn-a", "sn-b"], "securityGroups": ["sg"]}}`,
	`{"id": "role", "type": "iam-role"}`,
	`{"id": "tbl", "type": "dynamodb-table", "name": "Cats"}`,
	`{"id": "pub-fn", "type": "lambda", "role": "role"}`,
}

var baseEdges = []string{`{"id": "save", "from": "fn", "to": "tbl", "actions": ["dynamodb:PutItem"]}`}

// doc builds a document from the base design plus extra nodes and edges.
func doc(nodes []string, edges ...string) string {
	return `{"format": "archway/v1", "nodes": [` + strings.Join(append(append([]string{}, baseNodes...), nodes...), ",\n") +
		`], "edges": [` + strings.Join(append(append([]string{}, baseEdges...), edges...), ",\n") + `]}`
}

// nodes is a shorthand for a list of extra nodes.
func nodes(n ...string) []string { return n }

// want is one expected problem: its exact path and a part of its message.
type want struct{ path, msg string }

// assertProblems checks that got holds exactly the wanted problems, each
// with its exact path and a message containing the wanted text.
func assertProblems(t *testing.T, got []Problem, wants ...want) {
	t.Helper()
	for _, w := range wants {
		found := false
		for _, p := range got {
			if p.Path == w.path && strings.Contains(p.Message, w.msg) {
				found = true
				break
			}
		}
		assert.Truef(t, found, "no problem at %q containing %q; got %q", w.path, w.msg, got)
	}
	assert.Lenf(t, got, len(wants), "got %q", got)
}

func TestDecodeBase(t *testing.T) {
	d, ps := Decode([]byte(doc(nil)))
	require.Empty(t, ps)
	assert.Len(t, d.Nodes, len(baseNodes))
	assert.Len(t, d.Edges, len(baseEdges))
}

func TestDecodeProblems(t *testing.T) {
	long := strings.Repeat("a", MaxIDLength+1)
	tests := []struct {
		name  string
		doc   string
		wants []want
	}{
		// The document as a whole.
		{"not JSON", `{"format": "archway/v1",`, []want{{"", "not valid JSON"}}},
		{"empty input", ``, []want{{"", "not valid JSON"}}},
		{"trailing data", `{} {}`, []want{{"", "not valid JSON"}}},
		{"array", `[]`, []want{{"", "must be an object, not an array"}}},
		{"string", `"archway/v1"`, []want{{"", "must be an object, not a string"}}},
		{"null", `null`, []want{{"", "must be an object, not null"}}},
		{"missing format", `{"nodes": []}`, []want{{"format", `required: set it to "archway/v1"`}}},
		{"unsupported format", `{"format": "archway/v2"}`, []want{{"format", `unsupported format "archway/v2"; this version reads "archway/v1"`}}},
		{"format of the wrong type", `{"format": 1}`, []want{{"format", "must be a string, not a number"}}},
		{"unknown top-level field", `{"format": "archway/v1", "vpcs": []}`, []want{{"vpcs", `unknown field "vpcs"`}}},
		{"unknown field with an empty name", `{"format": "archway/v1", "": []}`, []want{{`[""]`, `unknown field ""`}}},
		{"unknown field with a dot", doc(nodes(`{"id": "x", "type": "xray", "a.b": 1}`)), []want{{`nodes[16]["a.b"]`, `has no field "a.b"`}}},
		{"title not a string", `{"format": "archway/v1", "title": ["a"]}`, []want{{"title", "must be a string, not an array"}}},
		{"nodes not an array", `{"format": "archway/v1", "nodes": {}, "edges": [{"id": "e", "from": "a", "to": "b"}]}`, []want{{"nodes", "must be an array, not an object"}}},
		{"edges not an array", `{"format": "archway/v1", "edges": "save"}`, []want{{"edges", "must be an array, not a string"}}},
		{"bad account", `{"format": "archway/v1", "account": "1234"}`, []want{{"account", "12 digits"}}},
		{"bad region", `{"format": "archway/v1", "region": "Virginia"}`, []want{{"region", "not an AWS Region name"}}},
		{"unknown prefix list", `{"format": "archway/v1", "prefixLists": {"sqs": ["10.0.0.0/8"]}}`, []want{{"prefixLists.sqs", `unknown prefix list "sqs"`}}},
		{"prefix list entry not a CIDR", `{"format": "archway/v1", "prefixLists": {"s3": ["10.0.0.0/8", "s3"]}}`, []want{{"prefixLists.s3[1]", "not a CIDR block"}}},
		{"prefix list entry not a string", `{"format": "archway/v1", "prefixLists": {"s3": [8]}}`, []want{{"prefixLists.s3[0]", "must be a string, not a number"}}},
		{"prefix list not an array", `{"format": "archway/v1", "prefixLists": {"s3": "3.5.0.0/19"}}`, []want{{"prefixLists.s3", "must be an array of strings, not a string"}}},

		// Node shape.
		{"node not an object", doc(nodes(`42`)), []want{{"nodes[16]", "must be an object, not a number"}}},
		{"node null", doc(nodes(`null`)), []want{{"nodes[16]", "must be an object, not null"}}},
		{"missing type", doc(nodes(`{"id": "x"}`)), []want{{"nodes[16]", `missing "type"; one of: vpc, subnet`}}},
		{"null type", doc(nodes(`{"id": "x", "type": null}`)), []want{{"nodes[16]", `missing "type"`}}},
		{"empty type", doc(nodes(`{"id": "x", "type": ""}`)), []want{{"nodes[16].type", `unknown type ""`}}},
		{"unknown type", doc(nodes(`{"id": "x", "type": "lambada"}`)), []want{{"nodes[16].type", `unknown type "lambada"; one of: vpc, subnet`}}},
		{"type not a string", doc(nodes(`{"id": "x", "type": 3}`)), []want{{"nodes[16].type", "must be a string, not a number"}}},
		{"field of another type", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/16", "runtime": "go1.x"}`)), []want{{"nodes[16].runtime", `a vpc has no field "runtime"; its fields are: id, type`}}},
		{"unknown field", doc(nodes(`{"id": "x", "type": "sqs-queue", "fifo": true}`)), []want{{"nodes[16].fifo", `a sqs-queue has no field "fifo"`}}},
		{"unknown field is case-sensitive", doc(nodes(`{"id": "x", "type": "vpc", "CIDR": "10.2.0.0/16"}`)), []want{{"nodes[16].CIDR", `a vpc has no field "CIDR"`}, {"nodes[16].cidr", "required"}}},
		{"unknown nested field", doc(nodes(`{"id": "x", "type": "lambda", "url": {"authType": "NONE", "cors": {}}}`)), []want{{"nodes[16].url.cors", `unknown field "cors"; known fields: authType`}}},
		{"unknown field in a rule", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"from": "0.0.0.0/0", "port": 22}]}`)), []want{{"nodes[16].ingress[0].port", `unknown field "port"`}}},

		// Wrong JSON types, with the path of the value.
		{"string expected", doc(nodes(`{"id": "x", "type": "lambda", "runtime": 3.12}`)), []want{{"nodes[16].runtime", "must be a string, not a number"}}},
		{"whole number expected", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/16", "enisInUse": "3"}`)), []want{{"nodes[16].enisInUse", "must be a whole number, not a string"}}},
		{"fraction for a whole number", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/16", "enisInUse": 1.5}`)), []want{{"nodes[16].enisInUse", "must be a whole number, not the number 1.5"}}},
		{"number expected", doc(nodes(`{"id": "x", "type": "xray", "x": "10"}`)), []want{{"nodes[16].x", "must be a number, not a string"}}},
		{"bool expected", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/16", "dnsSupport": "yes"}`)), []want{{"nodes[16].dnsSupport", "must be true or false, not a string"}}},
		{"array expected", doc(nodes(`{"id": "x", "type": "lambda", "aliases": "prod"}`)), []want{{"nodes[16].aliases", "must be an array of strings, not a string"}}},
		{"array of objects expected", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": {"destination": "0.0.0.0/0"}}`)), []want{{"nodes[16].routes", "must be an array of objects, not an object"}}},
		{"object expected", doc(nodes(`{"id": "x", "type": "lambda", "vpc": ["sn-a"]}`)), []want{{"nodes[16].vpc", "must be an object, not an array"}}},
		{"rule not an object", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": ["allow all"]}`)), []want{{"nodes[16].inbound[0]", "must be an object, not a string"}}},
		{"nested: route target", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": 5}]}`)), []want{{"nodes[16].routes[0].target", "must be a string, not a number"}}},
		{"nested: function subnet", doc(nodes(`{"id": "x", "type": "lambda", "vpc": {"subnets": ["sn-a", 7], "securityGroups": ["sg"]}}`)), []want{{"nodes[16].vpc.subnets[1]", "must be a string, not a number"}}},
		{"nested: ports not a string or number", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"ports": true, "from": "0.0.0.0/0"}]}`)), []want{{"nodes[16].ingress[0].ports", `a string like "443", "1024-65535" or "all"`}}},
		{"nested: port out of range", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"ports": "70000", "from": "0.0.0.0/0"}]}`)), []want{{"nodes[16].ingress[0].ports", `"70000" is not a port`}}},
		{"nested: port range backwards", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "egress": [{"ports": "443-80", "to": "0.0.0.0/0"}]}`)), []want{{"nodes[16].egress[0].ports", "runs backwards"}}},
		{"nested: mount target subnet", doc(nodes(`{"id": "x", "type": "efs-filesystem", "mountTargets": [{"subnet": ["sn-a"]}]}`)), []want{{"nodes[16].mountTargets[0].subnet", "must be a string, not an array"}}},
		{"nested: managed policy", doc(nodes(`{"id": "x", "type": "iam-role", "managedPolicies": ["ReadOnlyAccess", {"arn": "x"}]}`)), []want{{"nodes[16].managedPolicies[1]", "must be a string, not an object"}}},
		{"policy not a document", doc(nodes(`{"id": "x", "type": "s3-bucket", "policy": "allow all"}`)), []want{{"nodes[16].policy", "must be a policy document"}}},
		{"inline policies not a list", doc(nodes(`{"id": "x", "type": "iam-role", "policies": true}`)), []want{{"nodes[16].policies", "must be an array of policy documents or an object"}}},
		{"inline policy not a document", doc(nodes(`{"id": "x", "type": "iam-role", "policies": [{"Version": "2012-10-17", "Statement": []}, "AdministratorAccess"]}`)), []want{{"nodes[16].policies[1]", "must be a policy document"}}},
		{"named inline policy not a document", doc(nodes(`{"id": "x", "type": "iam-user", "policies": {"ok": {}, "bad": []}}`)), []want{{"nodes[16].policies.bad", "must be a policy document"}}},
		{"named inline policy with a space", doc(nodes(`{"id": "x", "type": "iam-user", "policies": {"read only": 1}}`)), []want{{`nodes[16].policies["read only"]`, "must be a policy document"}}},
		{"trust not a document", doc(nodes(`{"id": "x", "type": "iam-role", "trust": "lambda.amazonaws.com"}`)), []want{{"nodes[16].trust", "must be a policy document"}}},
		{"boundary neither document nor name", doc(nodes(`{"id": "x", "type": "iam-role", "permissionsBoundary": 7}`)), []want{{"nodes[16].permissionsBoundary", "must be a policy document"}}},
		{"resource policy not a document", doc(nodes(`{"id": "x", "type": "lambda", "resourcePolicy": []}`)), []want{{"nodes[16].resourcePolicy", "must be a policy document"}}},
		{"size not positive", doc(nodes(`{"id": "x", "type": "xray", "w": 0, "h": -1}`)), []want{{"nodes[16].w", "greater than 0"}, {"nodes[16].h", "greater than 0"}}},
		{"node account", doc(nodes(`{"id": "x", "type": "sqs-queue", "account": "12345678901a"}`)), []want{{"nodes[16].account", "12 digits"}}},
		{"node region", doc(nodes(`{"id": "x", "type": "sqs-queue", "region": "us-east"}`)), []want{{"nodes[16].region", "not an AWS Region name"}}},
		{"address not IPv4", doc(nodes(`{"id": "x", "type": "internet-host", "address": "imdb.com"}`)), []want{{"nodes[16].address", "not an IPv4 address"}}},
		{"elastic IP not IPv4", doc(nodes(`{"id": "x", "type": "nat-gateway", "parent": "sn-b", "elasticIp": "::1"}`)), []want{{"nodes[16].elasticIp", "not an IPv4 address"}}},

		// Required fields.
		{"missing id", doc(nodes(`{"type": "xray"}`)), []want{{"nodes[16].id", "every node needs an id"}}},
		{"vpc without cidr", doc(nodes(`{"id": "x", "type": "vpc"}`)), []want{{"nodes[16].cidr", "required"}}},
		{"subnet without parent", doc(nodes(`{"id": "x", "type": "subnet", "cidr": "10.0.9.0/24"}`)), []want{{"nodes[16].parent", "required: the id of the vpc this subnet is in"}}},
		{"subnet without cidr", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc"}`)), []want{{"nodes[16].cidr", "required"}}},
		{"nat gateway without parent", doc(nodes(`{"id": "x", "type": "nat-gateway"}`)), []want{{"nodes[16].parent", "required: the id of the subnet"}}},
		{"route table without parent", doc(nodes(`{"id": "x", "type": "route-table"}`)), []want{{"nodes[16].parent", "required: the id of the vpc"}}},
		{"security group without parent", doc(nodes(`{"id": "x", "type": "security-group"}`)), []want{{"nodes[16].parent", "required: the id of the vpc"}}},
		{"route without destination", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"target": "igw"}]}`)), []want{{"nodes[16].routes[0].destination", "required"}}},
		{"route without target", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0"}]}`)), []want{{"nodes[16].routes[0].target", "required: an internet-gateway or nat-gateway"}}},
		{"endpoint without service", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc"}`)), []want{{"nodes[16].service", "required"}}},
		{"external account without account", doc(nodes(`{"id": "x", "type": "external-account"}`)), []want{{"nodes[16].account", "required"}}},
		{"function URL without authType", doc(nodes(`{"id": "x", "type": "lambda", "url": {}}`)), []want{{"nodes[16].url.authType", "required: NONE or AWS_IAM"}}},
		{"ingress rule without source", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"ports": 22}]}`)), []want{{"nodes[16].ingress[0].from", "required"}}},
		{"egress rule with from", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "egress": [{"from": "0.0.0.0/0"}]}`)), []want{{"nodes[16].egress[0]", `names its peer with "to", not "from"`}, {"nodes[16].egress[0].to", "required: a CIDR, a security-group id, or pl:s3 / pl:dynamodb"}}},
		{"NACL rule without cidr", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "action": "allow"}]}`)), []want{{"nodes[16].inbound[0].cidr", "required"}}},
		{"mount target without subnet", doc(nodes(`{"id": "x", "type": "efs-filesystem", "mountTargets": [{}]}`)), []want{{"nodes[16].mountTargets[0].subnet", "required: the id of a subnet"}}},

		// Ids.
		{"id pattern", doc(nodes(`{"id": "-x", "type": "xray"}`)), []want{{"nodes[16].id", `"-x" is not a valid id`}}},
		{"id with a space", doc(nodes(`{"id": "my table", "type": "dynamodb-table"}`)), []want{{"nodes[16].id", "not a valid id"}}},
		{"id too long", doc(nodes(`{"id": "` + long + `", "type": "xray"}`)), []want{{"nodes[16].id", "65 characters long; at most 64"}}},
		{"duplicate node id", doc(nodes(`{"id": "tbl", "type": "sqs-queue"}`)), []want{{"nodes[16].id", `another node already has the id "tbl"`}}},
		{"duplicate edge id", doc(nil, `{"id": "save", "from": "pub-fn", "to": "tbl"}`), []want{{"edges[1].id", `another edge already has the id "save"`}}},
		{"edge id pattern", doc(nil, `{"id": "a/b", "from": "pub-fn", "to": "tbl"}`), []want{{"edges[1].id", "not a valid id"}}},
		{"edge without id", doc(nil, `{"from": "pub-fn", "to": "tbl"}`), []want{{"edges[1].id", "every edge needs an id"}}},

		// References.
		{"dangling route target", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "igw-9"}]}`)), []want{{"nodes[16].routes[0].target", `"igw-9" is not a node of this design`}}},
		{"route target not a gateway", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "sg"}]}`)), []want{{"nodes[16].routes[0].target", `"sg" is a security-group; a route's target must be an internet-gateway or nat-gateway`}}},
		{"route target an endpoint", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "pl:s3", "target": "ep"}]}`, `{"id": "ep", "type": "vpc-endpoint", "parent": "vpc", "service": "s3"}`)), []want{{"nodes[16].routes[0].target", "gateway endpoints add their own routes"}}},
		{"route target in another VPC", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "igw2"}]}`)), []want{{"nodes[16].routes[0].target", `"igw2" is in vpc2, not in this route table's VPC vpc`}}},
		{"subnet parent not a VPC", doc(nodes(`{"id": "x", "type": "subnet", "parent": "sg", "cidr": "10.0.9.0/24"}`)), []want{{"nodes[16].parent", `"sg" is a security-group; a subnet's parent must be a vpc`}}},
		{"subnet parent dangling", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc9", "cidr": "10.0.9.0/24"}`)), []want{{"nodes[16].parent", `"vpc9" is not a node of this design`}}},
		{"NAT parent not a subnet", doc(nodes(`{"id": "x", "type": "nat-gateway", "parent": "vpc"}`)), []want{{"nodes[16].parent", `"vpc" is a vpc; a nat-gateway's parent must be a subnet`}}},
		{"internet gateway parent not a VPC", doc(nodes(`{"id": "x", "type": "internet-gateway", "parent": "sn-a"}`)), []want{{"nodes[16].parent", "an internet-gateway's parent must be a vpc"}}},
		{"instance parent not a subnet", doc(nodes(`{"id": "x", "type": "ec2-instance", "parent": "vpc"}`)), []want{{"nodes[16].parent", "an ec2-instance's parent must be a subnet"}}},
		{"parent not a container", doc(nodes(`{"id": "x", "type": "sqs-queue", "parent": "tbl"}`)), []want{{"nodes[16].parent", "only a vpc or a subnet can contain other nodes"}}},
		{"parent itself", doc(nodes(`{"id": "x", "type": "subnet", "parent": "x", "cidr": "10.0.9.0/24"}`)), []want{{"nodes[16].parent", "cannot contain itself"}}},
		{"vpc with a parent", doc(nodes(`{"id": "x", "type": "vpc", "parent": "vpc", "cidr": "10.2.0.0/16"}`)), []want{{"nodes[16].parent", "top-level container"}}},
		{"function drawn outside its VPC", doc(nodes(`{"id": "x", "type": "lambda", "parent": "vpc2", "vpc": {"subnets": ["sn-a"], "securityGroups": ["sg"]}}`)), []want{{"nodes[16].parent", "attached to vpc; draw it in that VPC or one of its subnets"}}},
		{"function drawn in a subnet it does not use", doc(nodes(`{"id": "x", "type": "lambda", "parent": "sn-b", "vpc": {"subnets": ["sn-a"], "securityGroups": ["sg"]}}`)), []want{{"nodes[16].parent", "draw it in that VPC or one of its subnets (sn-a)"}}},
		{"routeTable in another VPC", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "routeTable": "rt2"}`)), []want{{"nodes[16].routeTable", `"rt2" is in vpc2, not in vpc`}}},
		{"routeTable not a route table", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "routeTable": "igw"}`)), []want{{"nodes[16].routeTable", `"igw" is an internet-gateway; expected a route-table`}}},
		{"networkAcl dangling", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "networkAcl": "acl"}`)), []want{{"nodes[16].networkAcl", `"acl" is not a node of this design`}}},
		{"endpoint routeTables for an interface endpoint", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc", "service": "sqs", "routeTables": ["rt"]}`)), []want{{"nodes[16].routeTables", "route tables belong to gateway endpoints"}}},
		{"gateway endpoint with subnets", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc", "service": "s3", "subnets": ["sn-a"]}`)), []want{{"nodes[16]", "belong to interface endpoints"}}},
		{"problems inside a node with a problem", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc", "service": "s3", "privateDns": false, "policy": "*"}`)), []want{{"nodes[16]", "belong to interface endpoints"}, {"nodes[16].policy", "must be a policy document"}}},
		{"gateway endpoint for a service without one", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc", "service": "sqs", "endpointType": "gateway"}`)), []want{{"nodes[16].endpointType", "gateway endpoints exist only for s3 and dynamodb"}}},
		{"endpoint route table in another VPC", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc", "service": "dynamodb", "routeTables": ["rt", "rt2"]}`)), []want{{"nodes[16].routeTables[1]", `"rt2" is in vpc2, not in vpc`}}},
		{"interface endpoint: two subnets in one AZ", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "az": "us-east-1a"}`, `{"id": "ep", "type": "vpc-endpoint", "parent": "vpc", "service": "sqs", "subnets": ["sn-a", "x"]}`)), []want{{"nodes[17].subnets[1]", "one subnet per Availability Zone"}}},
		{"SG rule peer in another VPC", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"ports": 443, "from": "sg2"}]}`)), []want{{"nodes[16].ingress[0].from", `"sg2" is in vpc2, not in vpc`}}},
		{"SG rule peer not a security group", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "egress": [{"to": "tbl"}]}`)), []want{{"nodes[16].egress[0].to", `"tbl" is a dynamodb-table; expected a security-group`}}},
		{"SG rule unknown prefix list", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "egress": [{"to": "pl:sqs"}]}`)), []want{{"nodes[16].egress[0].to", `unknown prefix list "pl:sqs"`}}},
		{"function role dangling", doc(nodes(`{"id": "x", "type": "lambda", "role": "nobody"}`)), []want{{"nodes[16].role", `"nobody" is not a node of this design`}}},
		{"function role not a role", doc(nodes(`{"id": "x", "type": "lambda", "role": "tbl"}`)), []want{{"nodes[16].role", `"tbl" is a dynamodb-table; expected an iam-role`}}},
		{"function subnet not a subnet", doc(nodes(`{"id": "x", "type": "lambda", "vpc": {"subnets": ["vpc"], "securityGroups": ["sg"]}}`)), []want{{"nodes[16].vpc.subnets[0]", `"vpc" is a vpc; expected a subnet`}}},
		{"function security group dangling", doc(nodes(`{"id": "x", "type": "lambda", "vpc": {"subnets": ["sn-a"], "securityGroups": ["sg", "sg9"]}}`)), []want{{"nodes[16].vpc.securityGroups[1]", `"sg9" is not a node`}}},
		{"database subnets in two VPCs", doc(nodes(`{"id": "x", "type": "rds-cluster", "subnets": ["sn-a", "sn2"]}`)), []want{{"nodes[16].subnets[1]", `"sn2" is in vpc2, not in vpc`}}},
		{"database security group in another VPC", doc(nodes(`{"id": "x", "type": "rds-cluster", "subnets": ["sn-a"], "securityGroups": ["sg2"]}`)), []want{{"nodes[16].securityGroups[0]", `"sg2" is in vpc2, not in vpc`}}},
		{"instance security group in another VPC", doc(nodes(`{"id": "x", "type": "ec2-instance", "parent": "sn-a", "securityGroups": ["sg2"]}`)), []want{{"nodes[16].securityGroups[0]", `"sg2" is in vpc2, not in vpc`}}},
		{"mount target subnet dangling", doc(nodes(`{"id": "x", "type": "efs-filesystem", "mountTargets": [{"subnet": "sn-z"}]}`)), []want{{"nodes[16].mountTargets[0].subnet", `"sn-z" is not a node`}}},
		{"mount target security group in another VPC", doc(nodes(`{"id": "x", "type": "efs-filesystem", "mountTargets": [{"subnet": "sn-a", "securityGroups": ["sg2"]}]}`)), []want{{"nodes[16].mountTargets[0].securityGroups[0]", `"sg2" is in vpc2, not in vpc`}}},
		{"two mount targets in one AZ", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "az": "us-east-1b"}`, `{"id": "efs", "type": "efs-filesystem", "mountTargets": [{"subnet": "sn-b"}, {"subnet": "x"}]}`)), []want{{"nodes[17].mountTargets[1].subnet", "one mount target per Availability Zone; sn-b already has one in us-east-1b"}}},

		// CIDRs.
		{"CIDR invalid", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0"}`)), []want{{"nodes[16].cidr", `"10.2.0.0" is not a CIDR block`}}},
		{"CIDR prefix too long", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/33"}`)), []want{{"nodes[16].cidr", "not a CIDR block"}}},
		{"CIDR host bits set", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.3.4/16"}`)), []want{{"nodes[16].cidr", "10.2.3.4/16 has host bits set; the block is 10.2.0.0/16"}}},
		{"CIDR IPv6 for a VPC", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "2001:db8::/56"}`)), []want{{"nodes[16].cidr", "IPv4 blocks"}}},
		{"VPC too large", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.0.0.0/8"}`)), []want{{"nodes[16].cidr", "between /16 and /28, not /8"}}},
		{"VPC too small", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/29"}`)), []want{{"nodes[16].cidr", "between /16 and /28, not /29"}}},
		{"subnet too small", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/29"}`)), []want{{"nodes[16].cidr", "a subnet's IPv4 block must be between /16 and /28, not /29"}}},
		{"subnet outside its VPC", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.1.9.0/24"}`)), []want{{"nodes[16].cidr", "10.1.9.0/24 is not inside its VPC's block 10.0.0.0/16"}}},
		{"subnet larger than its VPC", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/20"}`, `{"id": "s", "type": "subnet", "parent": "x", "cidr": "10.2.0.0/19"}`)), []want{{"nodes[17].cidr", "is not inside its VPC's block 10.2.0.0/20"}}},
		{"subnets overlap", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.128/25"}`)), []want{{"nodes[16].cidr", "10.0.0.128/25 overlaps sn-a (10.0.0.0/24) in the same VPC"}}},
		{"a /16 subnet containing the others", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/16"}`)), []want{{"nodes[1].cidr", "10.0.0.0/24 overlaps x (10.0.0.0/16)"}, {"nodes[2].cidr", "10.0.1.0/24 overlaps x (10.0.0.0/16)"}}},
		{"subnets identical", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.1.0/24"}`)), []want{{"nodes[16].cidr", "overlaps sn-b (10.0.1.0/24)"}}},
		{"AZ of another Region", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "az": "eu-west-1a"}`)), []want{{"nodes[16].az", `"eu-west-1a" is not an Availability Zone of us-east-1`}}},
		{"route destination not a CIDR", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "internet", "target": "igw"}]}`)), []want{{"nodes[16].routes[0].destination", `"internet" is not a CIDR block`}}},
		{"route destination unknown prefix list", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "pl:sqs", "target": "igw"}]}`)), []want{{"nodes[16].routes[0].destination", `unknown prefix list "pl:sqs"`}}},
		{"NACL cidr with host bits", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "outbound": [{"rule": 100, "cidr": "10.0.0.1/24", "action": "allow"}]}`)), []want{{"nodes[16].outbound[0].cidr", "host bits set"}}},
		{"SG rule cidr invalid", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"from": "0.0.0.0/-1"}]}`)), []want{{"nodes[16].ingress[0].from", "not a CIDR block"}}},

		// Route tables and network ACLs.
		{"two main route tables", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "main": true}`)), []want{{"nodes[16].main", "vpc already has a main route table (rt); a VPC has exactly one"}}},
		{"duplicate route destination", doc(nodes(`{"id": "x", "type": "route-table", "parent": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "igw"}, {"destination": "0.0.0.0/0", "target": "nat"}]}`)), []want{{"nodes[16].routes[1].destination", "routes[0] already has the destination 0.0.0.0/0"}}},
		{"NACL rule number zero", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 0, "cidr": "0.0.0.0/0", "action": "allow"}]}`)), []want{{"nodes[16].inbound[0].rule", "rule numbers run from 1 to 32766, not 0"}}},
		{"NACL rule number too large", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "outbound": [{"rule": 32767, "cidr": "0.0.0.0/0", "action": "deny"}]}`)), []want{{"nodes[16].outbound[0].rule", "not 32767"}}},
		{"NACL rule number twice", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "cidr": "0.0.0.0/0", "action": "allow"}, {"rule": 100, "cidr": "10.0.0.0/8", "action": "deny"}]}`)), []want{{"nodes[16].inbound[1].rule", "rule 100 appears twice"}}},
		{"NACL rule numbers per direction", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "cidr": "0.0.0.0/0", "action": "allow"}], "outbound": [{"rule": 100, "cidr": "0.0.0.0/0", "action": "allow", "ports": 443, "protocol": "tcp"}]}`)), nil},

		// Enumerations.
		{"NACL action", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "cidr": "0.0.0.0/0", "action": "permit"}]}`)), []want{{"nodes[16].inbound[0].action", `must be "allow" or "deny", not "permit"`}}},
		{"NACL protocol", doc(nodes(`{"id": "x", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "protocol": "6", "cidr": "0.0.0.0/0", "action": "allow"}]}`)), []want{{"nodes[16].inbound[0].protocol", `"6" is not one of: tcp, udp, icmp, all`}}},
		{"SG protocol", doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"protocol": "TCP", "from": "0.0.0.0/0"}]}`)), []want{{"nodes[16].ingress[0].protocol", `"TCP" is not one of: tcp, udp, icmp, all`}}},
		{"NAT connectivity", doc(nodes(`{"id": "x", "type": "nat-gateway", "parent": "sn-b", "connectivity": "internet"}`)), []want{{"nodes[16].connectivity", `"internet" is not one of: public, private`}}},
		{"endpoint type", doc(nodes(`{"id": "x", "type": "vpc-endpoint", "parent": "vpc", "service": "sqs", "endpointType": "GatewayLoadBalancer"}`)), []want{{"nodes[16].endpointType", "is not one of: gateway, interface"}}},
		{"function tracing", doc(nodes(`{"id": "x", "type": "lambda", "tracing": "On"}`)), []want{{"nodes[16].tracing", `"On" is not one of: PassThrough, Active`}}},
		{"function state", doc(nodes(`{"id": "x", "type": "lambda", "state": "Running"}`)), []want{{"nodes[16].state", `"Running" is not one of`}}},
		{"function URL auth type", doc(nodes(`{"id": "x", "type": "lambda", "url": {"authType": "IAM"}}`)), []want{{"nodes[16].url.authType", `"IAM" is not one of: NONE, AWS_IAM`}}},
		{"function alias", doc(nodes(`{"id": "x", "type": "lambda", "aliases": ["prod", "$LATEST"]}`)), []want{{"nodes[16].aliases[1]", `"$LATEST" is not an alias name`}}},
		{"database engine", doc(nodes(`{"id": "x", "type": "rds-cluster", "engine": "oracle-ee"}`)), []want{{"nodes[16].engine", `"oracle-ee" is not one of: aurora-postgresql, aurora-mysql, postgres, mysql`}}},
		{"database port", doc(nodes(`{"id": "x", "type": "rds-cluster", "port": 70000}`)), []want{{"nodes[16].port", "70000 is not a port number"}}},
		{"negative ENIs", doc(nodes(`{"id": "x", "type": "vpc", "cidr": "10.2.0.0/16", "enisInUse": -1}`)), []want{{"nodes[16].enisInUse", "must not be negative"}}},
		{"negative free addresses", doc(nodes(`{"id": "x", "type": "subnet", "parent": "vpc", "cidr": "10.0.9.0/24", "availableIps": -3}`)), []want{{"nodes[16].availableIps", "must not be negative"}}},

		// Edges.
		{"edge not an object", doc(nil, `"save"`), []want{{"edges[1]", "must be an object, not a string"}}},
		{"edge unknown field", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "kind": "call"}`), []want{{"edges[1].kind", `unknown field "kind"; known fields: id, from, to`}}},
		{"edge port of the wrong type", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "port": "443"}`), []want{{"edges[1].port", "must be a whole number, not a string"}}},
		{"edge actions of the wrong type", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "actions": "dynamodb:GetItem"}`), []want{{"edges[1].actions", "must be an array of strings, not a string"}}},
		{"edge missing to", doc(nil, `{"id": "e", "from": "pub-fn"}`), []want{{"edges[1].to", "required: the id of a node"}}},
		{"edge missing from", doc(nil, `{"id": "e", "to": "tbl"}`), []want{{"edges[1].from", "required: the id of a node"}}},
		{"edge dangling", doc(nil, `{"id": "e", "from": "pub-fn", "to": "Cats"}`), []want{{"edges[1].to", `"Cats" is not a node of this design`}}},
		{"edge self-loop", doc(nil, `{"id": "e", "from": "pub-fn", "to": "pub-fn"}`), []want{{"edges[1].to", "an arrow needs two different nodes"}}},
		{"edge to a container", doc(nil, `{"id": "e", "from": "pub-fn", "to": "vpc"}`), []want{{"edges[1].to", `"vpc" is a vpc; arrows connect the resources`}}},
		{"edge from plumbing", doc(nil, `{"id": "e", "from": "nat", "to": "tbl"}`), []want{{"edges[1].from", `"nat" is a nat-gateway; arrows connect`}}},
		{"edge via url to a non-function", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "via": "url"}`), []want{{"edges[1].via", `"url" means a request to a function URL; tbl is a dynamodb-table`}}},
		{"edge via unknown", doc(nil, `{"id": "e", "from": "pub-fn", "to": "fn", "via": "api-gateway"}`), []want{{"edges[1].via", `"api-gateway" is not one of: url`}}},
		{"edge qualifier on a non-function", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "qualifier": "prod"}`), []want{{"edges[1].qualifier", "a qualifier names a version or alias of the target function"}}},
		{"edge fromSubnet not the function's", doc(nil, `{"id": "e", "from": "fn", "to": "tbl", "fromSubnet": "sn2"}`), []want{{"edges[1].fromSubnet", `"sn2" is not one of the subnets fn is attached to`}}},
		{"edge fromSubnet of a public function", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "fromSubnet": "sn-a"}`), []want{{"edges[1].fromSubnet", "is not one of the subnets pub-fn is attached to"}}},
		{"edge bad action", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "actions": ["dynamodb:GetItem", "GetItem"]}`), []want{{"edges[1].actions[1]", `"GetItem" is not an action: write service:Operation`}}},
		{"edge protocol", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "protocol": "https"}`), []want{{"edges[1].protocol", `"https" is not one of: tcp, udp, icmp, all`}}},
		{"edge port out of range", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "port": 65536}`), []want{{"edges[1].port", "65536 is not a port number"}}},

		// Stored routes.
		{"route not an array", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": {"x": 1}}`), []want{{"edges[1].route", "must be an array of points [x, y], not an object"}}},
		{"route point not an array", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0], 5]}`), []want{{"edges[1].route[1]", "must be a point [x, y], not a number"}}},
		{"route point null", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0], null]}`), []want{{"edges[1].route[1]", "must be a point [x, y], not null"}}},
		{"route point of one number", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0], [1]]}`), []want{{"edges[1].route[1]", "not an array of 1 values"}}},
		{"route point of three numbers", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0, 0], [1, 0]]}`), []want{{"edges[1].route[0]", "not an array of 3 values"}}},
		{"route point with a string", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0], [1, "2"]]}`), []want{{"edges[1].route[1]", "of two numbers, not a string"}}},
		{"route point not finite", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0], [1e400, 2], [3, -1e999]]}`), []want{{"edges[1].route[1]", "1e400 is not a finite number"}, {"edges[1].route[2]", "-1e999 is not a finite number"}}},
		{"route of one point", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0]]}`), []want{{"edges[1].route", "at least 2 points"}}},
		{"route of too many points", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [`+strings.TrimSuffix(strings.Repeat("[1, 2], ", MaxRoutePoints+1), ", ")+`]}`), []want{{"edges[1].route", "257 points; a route has at most 256"}}},
		{"route problems on the second edge", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 0], [0, 5]]}`, `{"id": "f", "from": "pub-fn", "to": "tbl", "route": [[0, 0], [true, 1]]}`), []want{{"edges[2].route[1]", "not true/false"}}},

		// A function's stored role link, read and checked as routes are.
		{"role route point not an array", doc(nodes(`{"id": "x", "type": "lambda", "role": "role", "roleRoute": [[0, 0], 5]}`)), []want{{"nodes[16].roleRoute[1]", "must be a point [x, y], not a number"}}},
		{"role route point of three numbers", doc(nodes(`{"id": "x", "type": "lambda", "roleRoute": [[0, 0, 0], [1, 0]]}`)), []want{{"nodes[16].roleRoute[0]", "not an array of 3 values"}}},
		{"role route point not finite", doc(nodes(`{"id": "x", "type": "lambda", "roleRoute": [[0, 0], [1e400, 2]]}`)), []want{{"nodes[16].roleRoute[1]", "1e400 is not a finite number"}}},
		{"role route of one point", doc(nodes(`{"id": "x", "type": "lambda", "roleRoute": [[0, 0]]}`)), []want{{"nodes[16].roleRoute", "at least 2 points"}}},
		{"role route of too many points", doc(nodes(`{"id": "x", "type": "lambda", "roleRoute": [` + strings.TrimSuffix(strings.Repeat("[1, 2], ", MaxRoutePoints+1), ", ") + `]}`)), []want{{"nodes[16].roleRoute", "257 points; a route has at most 256"}}},
		{"role route on a role", doc(nodes(`{"id": "x", "type": "iam-role", "roleRoute": [[0, 0], [0, 5]]}`)), []want{{"nodes[16].roleRoute", `has no field "roleRoute"`}}},

		// Findings, not problems.
		{"VPC configuration with empty lists (disconnected, as in AWS)", doc(nodes(`{"id": "x", "type": "lambda", "vpc": {"subnets": [], "securityGroups": []}}`)), nil},
		{"VPC function without security groups (AWS rejects it: a finding)", doc(nodes(`{"id": "x", "type": "lambda", "vpc": {"subnets": ["sn-a"]}}`)), nil},
		{"function subnets span two VPCs", doc(nodes(`{"id": "x", "type": "lambda", "vpc": {"subnets": ["sn-a", "sn2"], "securityGroups": ["sg"]}}`)), nil},
		{"null is the same as leaving a field out", doc(nodes(`{"id": "x", "type": "lambda", "role": null, "vpc": null, "label": null}`)), nil},
		{"id of 64 characters", doc(nodes(`{"id": "` + long[:MaxIDLength] + `", "type": "xray"}`)), nil},
		{"route of 256 points, fitting or not", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [`+strings.TrimSuffix(strings.Repeat("[-1.5, 2e3], ", MaxRoutePoints), ", ")+`]}`), nil},
		{"role route", doc(nodes(`{"id": "x", "type": "lambda", "role": "role", "roleRoute": [[0, 1.5], [0, 40]]}`)), nil},
		{"empty role route is no role route", doc(nodes(`{"id": "x", "type": "lambda", "roleRoute": []}`)), nil},
		{"empty route is no route", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": []}`), nil},
		{"null route is no route", doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": null}`), nil},
		{"generic resource", doc(nodes(`{"id": "x", "type": "generic", "resourceType": "AWS::StepFunctions::StateMachine"}`), `{"id": "e", "from": "pub-fn", "to": "x"}`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Decode([]byte(tt.doc))
			assertProblems(t, ps, tt.wants...)
		})
	}
}

// TestDecodeAllAtOnce checks that one document with many problems gets all
// of them, not only the first.
func TestDecodeAllAtOnce(t *testing.T) {
	d := `{"format": "archway/v1", "theme": "dark", "region": "mars-1",
	  "nodes": [
	    {"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/8"},
	    {"id": "a", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/24", "public": true},
	    {"id": "b", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/25"},
	    {"id": "rt1", "type": "route-table", "parent": "vpc", "main": true},
	    {"id": "rt2", "type": "route-table", "parent": "vpc", "main": true, "routes": [{"destination": "0.0.0.0/0", "target": "gw"}]},
	    {"id": "fn", "type": "lambda", "runtime": 3},
	    {"id": "fn", "type": "function"}
	  ],
	  "edges": [{"id": "e", "from": "fn", "to": "fn", "port": 99999}]}`
	_, ps := Decode([]byte(d))
	assertProblems(t, ps,
		want{"theme", "unknown field"},
		want{"region", "not an AWS Region name"},
		want{"nodes[0].cidr", "between /16 and /28"},
		want{"nodes[1].public", `a subnet has no field "public"`},
		want{"nodes[2].cidr", "overlaps a (10.0.0.0/24)"},
		want{"nodes[4].main", "already has a main route table (rt1)"},
		want{"nodes[4].routes[0].target", `"gw" is not a node`},
		want{"nodes[5].runtime", "must be a string, not a number"},
		want{"nodes[6].type", `unknown type "function"`},
		want{"nodes[6].id", `another node already has the id "fn"`},
		want{"edges[0].to", "two different nodes"},
		want{"edges[0].port", "99999 is not a port number"},
	)
}

// TestDecodeOverlapsEveryBlock: a large subnet that contains many small ones
// is reported against each of them, however many lie in between.
func TestDecodeOverlapsEveryBlock(t *testing.T) {
	ns := []string{
		`{"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16"}`,
		`{"id": "big", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/17"}`,
	}
	var wants []want
	for i := range 12 {
		ns = append(ns, fmt.Sprintf(`{"id": "s%d", "type": "subnet", "parent": "vpc", "cidr": "10.0.%d.0/24"}`, i, i+1))
		wants = append(wants, want{fmt.Sprintf("nodes[%d].cidr", i+2), "overlaps big (10.0.0.0/17)"})
	}
	// A block outside the big one overlaps nothing.
	ns = append(ns, `{"id": "far", "type": "subnet", "parent": "vpc", "cidr": "10.0.200.0/24"}`)
	_, ps := Decode([]byte(`{"format": "archway/v1", "nodes": [` + strings.Join(ns, ",") + `]}`))
	assertProblems(t, ps, wants...)
}

// TestDecodeMainRouteTableDrawnInSubnets: where a route table is drawn does
// not hide a second main table of the same VPC.
func TestDecodeMainRouteTableDrawnInSubnets(t *testing.T) {
	_, ps := Decode([]byte(`{"format": "archway/v1", "nodes": [
	  {"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16"},
	  {"id": "a", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/24"},
	  {"id": "b", "type": "subnet", "parent": "vpc", "cidr": "10.0.1.0/24"},
	  {"id": "rt-a", "type": "route-table", "parent": "a", "main": true},
	  {"id": "rt-b", "type": "route-table", "parent": "b", "main": true}]}`))
	assertProblems(t, ps, want{"nodes[4].main", "vpc already has a main route table (rt-a)"})
}

func TestDecodeLimits(t *testing.T) {
	manyNodes := func(n int) string {
		ns := make([]string, n)
		for i := range ns {
			ns[i] = fmt.Sprintf(`{"id":"n%d","type":"xray"}`, i)
		}
		return `{"format":"archway/v1","nodes":[` + strings.Join(ns, ",") + `],"edges":[{"id":"e","from":"n1","to":"n2"}]}`
	}
	manyEdges := func(n int) string {
		es := make([]string, n)
		for i := range es {
			es[i] = fmt.Sprintf(`{"id":"e%d","from":"h","to":"f"}`, i)
		}
		return `{"format":"archway/v1","nodes":[{"id":"h","type":"internet-host"},{"id":"f","type":"lambda"}],"edges":[` + strings.Join(es, ",") + `]}`
	}
	sized := func(n int) string {
		head, tail := `{"format":"archway/v1","title":"`, `"}`
		return head + strings.Repeat("x", n-len(head)-len(tail)) + tail
	}
	tests := []struct {
		name  string
		doc   string
		wants []want
	}{
		{"2 MiB", sized(MaxDocumentBytes), nil},
		{"over 2 MiB", sized(MaxDocumentBytes + 1), []want{{"", "the document is 2097153 bytes; the limit is 2097152 bytes (2 MiB)"}}},
		{"5,000 nodes", manyNodes(MaxNodes), nil},
		{"5,001 nodes", manyNodes(MaxNodes + 1), []want{{"nodes", "5001 nodes; a design holds at most 5000"}}},
		{"10,000 edges", manyEdges(MaxEdges), nil},
		{"10,001 edges", manyEdges(MaxEdges + 1), []want{{"edges", "10001 edges; a design holds at most 10000"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Decode([]byte(tt.doc))
			assertProblems(t, ps, tt.wants...)
		})
	}
}

// TestDecodeKeepsWhatWasWritten checks the decoded values of a problem-free
// document: defaults are not filled in, explicit values are kept.
func TestDecodeKeepsWhatWasWritten(t *testing.T) {
	d, ps := Decode([]byte(`{"format": "archway/v1", "title": "<t&t>", "nodes": [
	  {"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16", "dnsHostnames": false, "x": 1.5},
	  {"id": "sg", "type": "security-group", "parent": "vpc", "egress": [], "ingress": [{"ports": 443, "from": "0.0.0.0/0", "description": "https"}]},
	  {"id": "role", "type": "iam-role", "policies": {"b": {"Version": "2012-10-17", "Statement": []}, "a": {}}}
	]}`))
	require.Empty(t, ps)
	require.Len(t, d.Nodes, 3)
	vpc, sg, role := d.Nodes[0], d.Nodes[1], d.Nodes[2]
	assert.Equal(t, "<t&t>", d.Title)
	assert.Empty(t, d.Account, "defaults are not written into the document")
	require.NotNil(t, vpc.DNSHostnames)
	assert.False(t, *vpc.DNSHostnames)
	assert.Nil(t, vpc.DNSSupport)
	require.NotNil(t, vpc.X)
	assert.InDelta(t, 1.5, *vpc.X, 0)
	require.NotNil(t, sg.Egress, "an empty egress list means no outbound rules")
	assert.Empty(t, *sg.Egress)
	assert.Equal(t, []SGRule{{Ports: &Ports{443, 443}, From: "0.0.0.0/0", Description: "https"}}, sg.Ingress)
	assert.JSONEq(t, `{"a": {}, "b": {"Statement": [], "Version": "2012-10-17"}}`, string(role.Policies))
	assert.Equal(t, `{"a":{},"b":{"Statement":[],"Version":"2012-10-17"}}`, string(role.Policies), "embedded documents are canonical")
}

// FuzzDecode checks that Decode never panics, that every problem of a
// document that is an object names its path, and that a document without
// problems re-encodes canonically.
func FuzzDecode(f *testing.F) {
	for _, data := range exampleFiles(f) {
		f.Add(data)
	}
	for _, s := range []string{
		``, `null`, `[]`, `{`, `{"format": "archway/v1"}`, `{"": []}`,
		doc(nil),
		doc(nodes(`{"id": "x", "type": "subnet", "parent": "x", "cidr": "10.0.0.0/8"}`, `{"id": "y", "type": "lambda", "vpc": {"subnets": ["x", 1]}}`)),
		doc(nodes(`{"id": "x", "type": "security-group", "parent": "sn-a", "ingress": [{"ports": "1-0", "from": "sg2"}], "egress": []}`), `{"id": "e", "from": "fn", "to": "fn", "fromSubnet": "sn2"}`),
		`{"format": "archway/v1", "prefixLists": {"s3": ["::/0"]}, "nodes": [{"id": "v", "type": "vpc", "cidr": "::/0"}, {"id": "s", "type": "subnet", "parent": "v", "cidr": "::/64"}]}`,
		doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 1.5], [0, -2e1]]}`, `{"id": "f", "from": "pub-fn", "to": "tbl", "route": [[0, 1.5], [null, 2]]}`),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, ps := Decode(data)
		if d == nil {
			require.NotEmpty(t, ps, "a document that cannot be read has a problem")
		}
		for _, p := range ps {
			assert.NotEmpty(t, p.Message)
			if d != nil {
				assert.NotEmpty(t, p.Path, "a readable document's problems name their path: %q", p.Message)
			}
		}
		if len(ps) > 0 {
			return
		}
		enc := Encode(d)
		again, ps := Decode(enc)
		require.Empty(t, ps, "%s", enc)
		assert.Equal(t, d, again)
		assert.Equal(t, string(enc), string(Encode(again)))
	})
}

// BenchmarkDecode measures decoding and checking an example and a design
// at the node limit (subnets, security groups and functions in 50 VPCs).
func BenchmarkDecode(b *testing.B) {
	var ns, es []string
	for v := range 50 {
		ns = append(ns, fmt.Sprintf(`{"id":"v%d","type":"vpc","cidr":"10.%d.0.0/16"}`, v, v))
		for i := range 33 {
			ns = append(ns,
				fmt.Sprintf(`{"id":"s%d-%d","type":"subnet","parent":"v%d","cidr":"10.%d.%d.0/24"}`, v, i, v, v, i),
				fmt.Sprintf(`{"id":"g%d-%d","type":"security-group","parent":"v%d","egress":[{"ports":443,"to":"0.0.0.0/0"}]}`, v, i, v),
				fmt.Sprintf(`{"id":"f%d-%d","type":"lambda","parent":"v%d","vpc":{"subnets":["s%d-%d"],"securityGroups":["g%d-%d"]}}`, v, i, v, v, i, v, i))
			es = append(es, fmt.Sprintf(`{"id":"e%d-%d","from":"f%d-%d","to":"f%d-%d"}`, v, i, v, i, (v+1)%50, i))
		}
	}
	large := []byte(`{"format":"archway/v1","nodes":[` + strings.Join(ns, ",") + `],"edges":[` + strings.Join(es, ",") + `]}`)
	// 10,000 edges with four problems each: reporting stays linear.
	es = es[:0]
	for i := range MaxEdges {
		es = append(es, fmt.Sprintf(`{"id":"e","from":"a%d","to":"b","x%d":1}`, i, i))
	}
	broken := []byte(`{"format":"archway/v1","edges":[` + strings.Join(es, ",") + `]}`)
	for name, data := range map[string][]byte{"E05": exampleFiles(b)["E05"], "5000-nodes": large, "40000-problems": broken} {
		b.Run(name, func(b *testing.B) {
			_, ps := Decode(data)
			if name == "40000-problems" {
				require.Len(b, ps, 4*MaxEdges-1)
			} else {
				require.Empty(b, ps)
			}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				Decode(data)
			}
		})
	}
}
