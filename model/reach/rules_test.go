package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// ruleCase is a minimal design where one rule of rules.md decides. The
// arrow under test has id "e".
type ruleCase struct {
	rule, name string
	changes    string // lines applied to base (see build)
	want       model.Verdict
	// reachable is "null" when no network is involved.
	reachable string
	blockedAt string
	// subnets maps a source subnet to its blocker ("" when it gets through).
	subnets map[string]string
	// code is a finding the case must report: on arrow e, or, with
	// nodeLevel, naming codeNodes.
	code      string
	severity  string
	nodeLevel bool
	codeNodes []string
	// fix: applying the ops of every finding with code makes the arrow
	// allowed (or, for a node finding, makes the finding go away).
	fix     bool
	hops    []string // nodes some hop must name
	notHops []string // nodes no hop may name
	detail  string   // a hop detail must contain this
	fixText string   // the finding's fix must contain this
	absent  []string // codes that must not be reported
}

const (
	edgeWeb   = `{"id":"e","from":"fn","to":"web","port":443}`
	edgeWebA  = `{"id":"e","from":"fn","to":"web","port":443,"fromSubnet":"app-a"}`
	edgeTable = `{"id":"e","from":"fn","to":"table"}`
	edgeTblA  = `{"id":"e","from":"fn","to":"table","fromSubnet":"app-a"}`
	edgeDB    = `{"id":"e","from":"fn","to":"db"}`
	edgeDBA   = `{"id":"e","from":"fn","to":"db","fromSubnet":"app-a"}`
	edgeQueue = `{"id":"e","from":"fn","to":"queue"}`

	isolated = `
{"id":"rt-app-a","type":"route-table","parent":"vpc"}
{"id":"rt-app-b","type":"route-table","parent":"vpc"}`
	ddbEndpointA = `{"id":"vpce-ddb","type":"vpc-endpoint","parent":"vpc","service":"dynamodb","routeTables":["rt-app-a"]}`
	sqsEndpoint  = `
{"id":"sg-vpce","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vpce-sqs","type":"vpc-endpoint","parent":"vpc","service":"sqs","subnets":["app-a","app-b"],"securityGroups":["sg-vpce"]}`
	vmInData = `
{"id":"sg-vm","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vm","type":"ec2-instance","parent":"data-a","securityGroups":["sg-vm"]}`
	publicFn = `{"id":"fnp","type":"lambda"}`
)

var ruleCases = []ruleCase{
	// A. Routing and gateways
	{rule: "R1", name: "a subnet without an association uses the main table",
		changes: `{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a"}
{"id":"rt-main","type":"route-table","parent":"vpc","main":true,"routes":[{"destination":"0.0.0.0/0","target":"nat-a"}]}
` + edgeWebA,
		want: model.Allowed, detail: "rt-main: 0.0.0.0/0 → nat-a"},
	{rule: "R1", name: "without a main table drawn a subnet has only the local route",
		changes: `{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a"}
` + edgeWebA,
		want: model.Blocked, blockedAt: "app-a", code: "NO_ROUTE_TO_DESTINATION"},
	{rule: "R1", name: "a subnet relying on the main table is told so",
		changes: `{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a"}
{"id":"rt-main","type":"route-table","parent":"vpc","main":true,"routes":[{"destination":"0.0.0.0/0","target":"nat-a"}]}`,
		code: "SUBNET_IMPLICIT_ROUTE_TABLE", severity: "info", nodeLevel: true, codeNodes: []string{"app-a", "rt-main"}},
	{rule: "R2", name: "the local route delivers inside the VPC",
		changes: edgeDB, want: model.Allowed, reachable: "true", detail: "rt-app-a: 10.0.0.0/16 → local"},
	{rule: "R2", name: "a route more specific than local diverts to a NAT gateway and loses the group reference",
		changes: `{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"},{"destination":"10.0.3.0/24","target":"nat-a"}]}
` + edgeDBA,
		want: model.Blocked, blockedAt: "rt-app-a", code: "MORE_SPECIFIC_ROUTE", fix: true, absent: []string{"warning MORE_SPECIFIC_ROUTE"}},
	{rule: "R2", name: "a diversion that still arrives is a warning",
		changes: `{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"},{"destination":"10.0.3.0/24","target":"nat-a"}]}
{"id":"sg-db","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"5432","from":"10.0.0.0/16"}]}
` + edgeDBA,
		want: model.Allowed, code: "MORE_SPECIFIC_ROUTE", severity: "warning", nodeLevel: true, codeNodes: []string{"rt-app-a", "nat-a"}, hops: []string{"nat-a"}},
	{rule: "R3", name: "the longest prefix wins, and a broader route would have worked",
		changes: `{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"},{"destination":"93.184.216.0/24","target":"igw"}]}
` + edgeWebA,
		want: model.Blocked, blockedAt: "rt-app-a", code: "MORE_SPECIFIC_ROUTE", fix: true},
	{rule: "R3", name: "a static route beats a prefix-list route of the same length",
		changes: ddbEndpointA + `
{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"},{"destination":"3.218.180.0/22","target":"nat-a"}]}
` + edgeTblA,
		want: model.Allowed, hops: []string{"nat-a"}, notHops: []string{"vpce-ddb"}, detail: "rt-app-a: 3.218.180.0/22 → nat-a"},
	{rule: "R3", name: "a prefix-list route beats 0.0.0.0/0",
		changes: ddbEndpointA + "\n" + edgeTblA,
		want:    model.Allowed, hops: []string{"vpce-ddb"}, notHops: []string{"nat-a"}, detail: "rt-app-a: pl:dynamodb → vpce-ddb"},
	{rule: "R4", name: "no matching route",
		changes: isolated + "\n" + edgeTblA,
		want:    model.Blocked, blockedAt: "rt-app-a", code: "NO_ROUTE_TO_DESTINATION", fix: true,
		fixText: "gateway endpoint"},
	{rule: "R4", name: "no route to the internet; the fix routes to the NAT gateway of the AZ",
		changes: isolated + "\n" + edgeWebA,
		want:    model.Blocked, blockedAt: "rt-app-a", code: "NO_ROUTE_TO_DESTINATION", fix: true, fixText: "nat-a"},
	{rule: "R4", name: "a route to a detached internet gateway is a blackhole",
		changes: `{"id":"igw","type":"internet-gateway","parent":"vpc","attached":false}
` + edgeWeb,
		want: model.Blocked, blockedAt: "igw", code: "BAD_STATE_ROUTE", fix: true,
		subnets: map[string]string{"app-a": "igw", "app-b": "igw"}, absent: []string{"error NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"}},
	{rule: "R4", name: "a detached internet gateway that tables use is reported without arrows",
		changes: `{"id":"igw","type":"internet-gateway","parent":"vpc","attached":false}`,
		code:    "BAD_STATE_ROUTE", nodeLevel: true, codeNodes: []string{"igw", "rt-pub"}, fix: true,
		absent: []string{"error NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"}},
	{rule: "R5", name: "an instance with a public IP in a subnet routed to the internet gateway",
		changes: `{"id":"vm","type":"ec2-instance","parent":"pub-a","publicIp":true}
{"id":"e","from":"vm","to":"web","port":443}`,
		want: model.Allowed, hops: []string{"igw"}},
	{rule: "R5", name: "a subnet labelled public without an internet gateway route is private",
		changes: `{"id":"lab","type":"subnet","parent":"vpc","label":"public","cidr":"10.0.50.0/24","az":"us-east-1a","routeTable":"rt-data"}
{"id":"vm","type":"ec2-instance","parent":"lab","publicIp":true}
{"id":"e","from":"vm","to":"web","port":443}`,
		want: model.Blocked, blockedAt: "rt-data", code: "NO_ROUTE_TO_DESTINATION"},
	{rule: "R5", name: "a subnet named public without an internet gateway route is a warning",
		changes: `{"id":"rt-pub","type":"route-table","parent":"vpc"}`,
		code:    "SUBNET_NAMED_PUBLIC_IS_PRIVATE", severity: "warning", nodeLevel: true, codeNodes: []string{"pub-a", "rt-pub"}},
	{rule: "R6", name: "an internet gateway needs a public address on the sender",
		changes: `{"id":"vm","type":"ec2-instance","parent":"pub-a"}
{"id":"e","from":"vm","to":"web","port":443}`,
		want: model.Blocked, blockedAt: "vm", code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", fix: true},
	{rule: "R7", name: "a NAT gateway in a private subnet",
		changes: `{"id":"nat-a","type":"nat-gateway","parent":"data-a"}
` + edgeWebA,
		want: model.Blocked, blockedAt: "nat-a", code: "NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET", fix: true},
	{rule: "R7", name: "a private NAT gateway cannot reach the internet",
		changes: `{"id":"nat-a","type":"nat-gateway","parent":"pub-a","connectivity":"private"}
` + edgeWebA,
		want: model.Blocked, blockedAt: "nat-a", code: "PRIVATE_NAT_GATEWAY_NO_INTERNET", fix: true},
	{rule: "R7", name: "a NAT gateway in a private subnet that a table uses is reported without arrows",
		changes:   `{"id":"nat-a","type":"nat-gateway","parent":"data-a"}`,
		code:      "NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET",
		nodeLevel: true, codeNodes: []string{"nat-a", "data-a", "rt-app-a"}, fix: true},
	{rule: "R7", name: "a NAT gateway in a private subnet that only an unused table routes to is not reported",
		changes: `{"id":"nat-x","type":"nat-gateway","parent":"data-a"}
{"id":"rt-spare","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-x"}]}`,
		absent: []string{"error NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"}},
	{rule: "R8", name: "the NAT gateway's subnet ACL must admit replies from the internet",
		changes: `{"id":"acl-pub","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"protocol":"tcp","ports":"443","cidr":"10.0.0.0/16","action":"allow"}],"outbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}]}
{"id":"pub-a","type":"subnet","parent":"vpc","cidr":"10.0.101.0/24","az":"us-east-1a","routeTable":"rt-pub","networkAcl":"acl-pub"}
` + edgeWebA,
		want: model.Blocked, blockedAt: "acl-pub", code: "SUBNET_ACL_RESTRICTION", fix: true, detail: "acl-pub inbound rule * deny"},
	{rule: "R9", name: "a subnet routed to a NAT gateway in another AZ",
		changes: `{"id":"rt-app-b","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"}]}
` + edgeWeb,
		want: model.Allowed, code: "CROSS_AZ_NAT_GATEWAY", severity: "warning", nodeLevel: true, codeNodes: []string{"app-b", "nat-a"}, fix: true},
	{rule: "R10", name: "an IPv6 default route does not carry IPv4",
		changes: `{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"::/0","target":"igw"}]}
` + edgeWebA,
		want: model.Blocked, blockedAt: "rt-app-a", code: "NO_ROUTE_TO_DESTINATION"},

	// B. Endpoints and DNS
	{rule: "R11", name: "a gateway endpoint serves only the tables it is associated with",
		changes: isolated + "\n" + ddbEndpointA + "\n" + edgeTable,
		want:    model.Partial, subnets: map[string]string{"app-a": "", "app-b": "rt-app-b"}, blockedAt: "rt-app-b",
		code: "NO_ROUTE_TO_DESTINATION", fix: true, hops: []string{"vpce-ddb"}},
	{rule: "R11", name: "a gateway endpoint on some of a function's tables: the others go through NAT",
		changes: ddbEndpointA + "\n" + edgeTable,
		want:    model.Allowed, code: "VPCE_NOT_ASSOCIATED", severity: "warning", nodeLevel: true, codeNodes: []string{"vpce-ddb", "rt-app-b", "app-b", "fn"}, fix: true},
	{rule: "R11", name: "an S3 interface endpoint beside a gateway endpoint answers only inbound resolvers, in every subnet",
		changes: isolated + `
{"id":"vpce-s3","type":"vpc-endpoint","parent":"vpc","service":"s3","routeTables":["rt-app-a"]}
{"id":"sg-vpce","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vpce-s3if","type":"vpc-endpoint","parent":"vpc","service":"s3","endpointType":"interface","subnets":["app-a","app-b"],"securityGroups":["sg-vpce"]}
{"id":"bucket","type":"s3-bucket"}
{"id":"e","from":"fn","to":"bucket"}`,
		want: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "rt-app-b"}, hops: []string{"vpce-s3"}, notHops: []string{"vpce-s3if"},
		code: "NO_ROUTE_TO_DESTINATION"},
	{rule: "R12", name: "a gateway endpoint does not serve another Region",
		changes: isolated + "\n" + ddbEndpointA + `
{"id":"table","type":"dynamodb-table","region":"us-west-2"}
` + edgeTblA,
		want: model.Blocked, blockedAt: "rt-app-a", code: "NO_ROUTE_TO_DESTINATION", notHops: []string{"vpce-ddb"}},
	{rule: "R12", name: "a static route inside the prefix list shadows the endpoint",
		changes: ddbEndpointA + `
{"id":"rt-app-a","type":"route-table","parent":"vpc","routes":[{"destination":"0.0.0.0/0","target":"nat-a"},{"destination":"3.218.180.0/22","target":"nat-a"}]}`,
		code: "VPCE_ROUTE_SHADOWED", severity: "warning", nodeLevel: true, codeNodes: []string{"vpce-ddb", "rt-app-a"}, fix: true},
	{rule: "R13", name: "the source group must allow egress to the service's public range",
		changes: ddbEndpointA + `
{"id":"sg-fn","type":"security-group","parent":"vpc","egress":[{"protocol":"tcp","ports":"443","to":"10.0.0.0/16"}]}
` + edgeTblA,
		want: model.Blocked, blockedAt: "sg-fn", code: "ENI_SG_RULES_MISMATCH", fix: true},
	{rule: "R13", name: "a restrictive ACL must allow the service's range",
		changes: ddbEndpointA + `
{"id":"acl-app","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}],"outbound":[{"rule":100,"cidr":"10.0.0.0/16","action":"allow"}]}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","networkAcl":"acl-app"}
` + edgeTblA,
		want: model.Blocked, blockedAt: "acl-app", code: "SUBNET_ACL_RESTRICTION", fix: true},
	{rule: "R13", name: "gateway endpoints carry only TCP",
		changes: ddbEndpointA + "\n" + `{"id":"e","from":"fn","to":"table","protocol":"udp","port":443,"fromSubnet":"app-a"}`,
		want:    model.Blocked, blockedAt: "vpce-ddb", code: "VPCE_GATEWAY_PROTOCOL_RESTRICTION"},
	{rule: "R14", name: "an interface endpoint with private DNS and a group admitting the function",
		changes: isolated + sqsEndpoint + "\n" + edgeQueue,
		want:    model.Allowed, hops: []string{"vpce-sqs", "sg-vpce"}, absent: []string{"warning VPCE_MISSING_AZ"}},
	{rule: "R14", name: "the endpoint's group must admit 443 from the client",
		changes: isolated + sqsEndpoint + `
{"id":"sg-vpce","type":"security-group","parent":"vpc"}
` + edgeQueue,
		want: model.Blocked, blockedAt: "sg-vpce", code: "ENI_SG_RULES_MISMATCH", fix: true},
	{rule: "R14", name: "an endpoint without security groups has the VPC's default group",
		changes: isolated + `
{"id":"vpce-sqs","type":"vpc-endpoint","parent":"vpc","service":"sqs","subnets":["app-a","app-b"]}
` + edgeQueue,
		want: model.Blocked, blockedAt: "vpce-sqs", code: "ENI_SG_RULES_MISMATCH"},
	{rule: "R14", name: "a client AZ without an endpoint interface crosses AZs",
		changes: isolated + sqsEndpoint + `
{"id":"vpce-sqs","type":"vpc-endpoint","parent":"vpc","service":"sqs","subnets":["app-a"],"securityGroups":["sg-vpce"]}
` + edgeQueue,
		want: model.Allowed, code: "VPCE_MISSING_AZ", severity: "warning", nodeLevel: true, codeNodes: []string{"vpce-sqs", "fn", "app-b"}, fix: true},
	{rule: "R15", name: "without private DNS the service name resolves to public addresses",
		changes: isolated + sqsEndpoint + `
{"id":"vpce-sqs","type":"vpc-endpoint","parent":"vpc","service":"sqs","subnets":["app-a","app-b"],"securityGroups":["sg-vpce"],"privateDns":false}
` + edgeQueue,
		want: model.Blocked, blockedAt: "", code: "NO_ROUTE_TO_DESTINATION", notHops: []string{"vpce-sqs"}},
	{rule: "R15", name: "an endpoint without private DNS in a VPC with NAT is unused",
		changes: sqsEndpoint + `
{"id":"vpce-sqs","type":"vpc-endpoint","parent":"vpc","service":"sqs","subnets":["app-a","app-b"],"securityGroups":["sg-vpce"],"privateDns":false}
` + edgeQueue,
		want: model.Allowed, hops: []string{"nat-a", "nat-b"}, code: "VPCE_UNUSED", severity: "info", nodeLevel: true, codeNodes: []string{"vpce-sqs"}},
	{rule: "R15", name: "private DNS needs DNS hostnames on the VPC",
		changes: sqsEndpoint + `
{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","dnsHostnames":false}
` + edgeQueue,
		want: model.Allowed, notHops: []string{"vpce-sqs"}, code: "DNS_RESOLUTION_DISABLED", nodeLevel: true, codeNodes: []string{"vpce-sqs", "vpc"}, fix: true},
	{rule: "R16", name: "without VPC DNS no name resolves",
		changes: `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","dnsSupport":false}
` + edgeTable,
		want: model.Blocked, blockedAt: "vpc", code: "DNS_RESOLUTION_DISABLED", fix: true},
	{rule: "R16", name: "without VPC DNS a connection by address still works",
		changes: `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","dnsSupport":false}
` + vmInData + `
{"id":"e","from":"fn","to":"vm","port":443}`,
		want: model.Allowed},
	{rule: "R17", name: "a path through a gateway endpoint names it, for its policy",
		changes: isolated + "\n" + ddbEndpointA + "\n" + edgeTblA,
		want:    model.Allowed, hops: []string{"vpce-ddb"}},
	{rule: "R18", name: "a path through a NAT gateway names it and no endpoint",
		changes: `{"id":"vpce-ddb","type":"vpc-endpoint","parent":"vpc","service":"dynamodb","routeTables":["rt-app-b"]}
` + edgeTblA,
		want: model.Allowed, hops: []string{"nat-a"}, notHops: []string{"vpce-ddb"}},

	// C. Security groups and network ACLs
	{rule: "R19", name: "a function's groups are a union",
		changes: `{"id":"sg-fn","type":"security-group","parent":"vpc","egress":[]}
{"id":"sg-fn2","type":"security-group","parent":"vpc","egress":[{"protocol":"tcp","ports":"443","to":"0.0.0.0/0"}]}
{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn","sg-fn2"]}}
` + edgeWeb,
		want: model.Allowed, detail: "sg-fn2 egress: tcp 443 to 0.0.0.0/0"},
	{rule: "R19", name: "a group with no egress rules allows no egress",
		changes: `{"id":"sg-fn","type":"security-group","parent":"vpc","egress":[]}
` + edgeWeb,
		want: model.Blocked, blockedAt: "sg-fn", code: "ENI_SG_RULES_MISMATCH", fix: true},
	{rule: "R20", name: "the target's group must admit the flow",
		changes: `{"id":"sg-db","type":"security-group","parent":"vpc"}
` + edgeDB,
		want: model.Blocked, blockedAt: "sg-db", code: "ENI_SG_RULES_MISMATCH", fix: true},
	{rule: "R21", name: "a group reference never matches a public sender",
		changes: publicFn + `
{"id":"sg-vm","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vm","type":"ec2-instance","parent":"pub-a","securityGroups":["sg-vm"],"publicIp":true}
{"id":"e","from":"fnp","to":"vm","port":443}`,
		want: model.Blocked, blockedAt: "sg-vm", code: "ENI_SG_RULES_MISMATCH", fix: true},
	{rule: "R22", name: "the lowest matching rule decides",
		changes: `{"id":"acl-data","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"protocol":"tcp","ports":"5432","cidr":"10.0.0.0/16","action":"deny"},{"rule":200,"cidr":"0.0.0.0/0","action":"allow"}],"outbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}]}
{"id":"data-a","type":"subnet","parent":"vpc","cidr":"10.0.3.0/24","az":"us-east-1a","routeTable":"rt-data","networkAcl":"acl-data"}
{"id":"data-b","type":"subnet","parent":"vpc","cidr":"10.0.4.0/24","az":"us-east-1b","routeTable":"rt-data","networkAcl":"acl-data"}
` + edgeDB,
		want: model.Blocked, blockedAt: "acl-data", code: "SUBNET_ACL_RESTRICTION", fix: true, detail: "acl-data inbound rule 100 deny"},
	{rule: "R22", name: "an allow before the deny lets the flow through",
		changes: `{"id":"acl-data","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"},{"rule":200,"protocol":"tcp","ports":"5432","cidr":"10.0.0.0/16","action":"deny"}],"outbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}]}
{"id":"data-a","type":"subnet","parent":"vpc","cidr":"10.0.3.0/24","az":"us-east-1a","routeTable":"rt-data","networkAcl":"acl-data"}
{"id":"data-b","type":"subnet","parent":"vpc","cidr":"10.0.4.0/24","az":"us-east-1b","routeTable":"rt-data","networkAcl":"acl-data"}
` + edgeDB,
		want: model.Allowed, detail: "acl-data inbound rule 100 allow"},
	{rule: "R22", name: "a new custom ACL denies everything",
		changes: `{"id":"acl-data","type":"network-acl","parent":"vpc"}
{"id":"data-a","type":"subnet","parent":"vpc","cidr":"10.0.3.0/24","az":"us-east-1a","routeTable":"rt-data","networkAcl":"acl-data"}
` + edgeDBA,
		want: model.Blocked, blockedAt: "acl-data", code: "SUBNET_ACL_RESTRICTION", detail: "acl-data inbound rule * deny", fix: true},
	{rule: "R23", name: "ACLs are not evaluated inside one subnet",
		changes: `{"id":"acl-app","type":"network-acl","parent":"vpc"}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","networkAcl":"acl-app"}
{"id":"sg-vm","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vm","type":"ec2-instance","parent":"app-a","securityGroups":["sg-vm"]}
{"id":"e","from":"fn","to":"vm","port":443,"fromSubnet":"app-a"}`,
		want: model.Allowed, notHops: []string{"acl-app"}},
	{rule: "R23", name: "ACLs apply when crossing a subnet boundary",
		changes: `{"id":"acl-app","type":"network-acl","parent":"vpc"}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","networkAcl":"acl-app"}
{"id":"sg-vm","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vm","type":"ec2-instance","parent":"app-a","securityGroups":["sg-vm"]}
{"id":"e","from":"fn","to":"vm","port":443,"fromSubnet":"app-b"}`,
		want: model.Blocked, blockedAt: "acl-app", code: "SUBNET_ACL_RESTRICTION"},
	{rule: "R24", name: "replies to a function need ephemeral ports 1024-65535 from the server",
		changes: `{"id":"acl-app","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"protocol":"tcp","ports":"443","cidr":"0.0.0.0/0","action":"allow"}],"outbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}]}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","networkAcl":"acl-app"}
` + edgeWebA,
		want: model.Blocked, blockedAt: "acl-app", code: "SUBNET_ACL_RESTRICTION", fix: true, detail: "acl-app inbound rule * deny (no rule allows tcp 1024-65535"},
	{rule: "R24", name: "Linux clients use 32768-61000",
		changes: `{"id":"acl-app","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"protocol":"tcp","ports":"32768-61000","cidr":"0.0.0.0/0","action":"allow"}],"outbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}]}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","networkAcl":"acl-app"}
{"id":"vm","type":"ec2-instance","parent":"app-a"}
{"id":"e","from":"vm","to":"web","port":443}`,
		want: model.Allowed},
	{rule: "R24", name: "a Lambda client is not covered by the Linux range",
		changes: `{"id":"acl-app","type":"network-acl","parent":"vpc","inbound":[{"rule":100,"protocol":"tcp","ports":"32768-61000","cidr":"0.0.0.0/0","action":"allow"}],"outbound":[{"rule":100,"cidr":"0.0.0.0/0","action":"allow"}]}
{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","networkAcl":"acl-app"}
` + edgeWebA,
		want: model.Blocked, blockedAt: "acl-app", code: "SUBNET_ACL_RESTRICTION", fix: true},
	{rule: "R25", name: "the interface endpoint's subnet ACL applies",
		changes: isolated + `
{"id":"acl-vpce","type":"network-acl","parent":"vpc"}
{"id":"vpce-net","type":"subnet","parent":"vpc","cidr":"10.0.5.0/24","az":"us-east-1a","routeTable":"rt-data","networkAcl":"acl-vpce"}
{"id":"sg-vpce","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"443","from":"sg-fn"}]}
{"id":"vpce-sqs","type":"vpc-endpoint","parent":"vpc","service":"sqs","subnets":["vpce-net"],"securityGroups":["sg-vpce"]}
{"id":"e","from":"fn","to":"queue","fromSubnet":"app-a"}`,
		want: model.Blocked, blockedAt: "acl-vpce", code: "SUBNET_ACL_RESTRICTION", fix: true},

	// D. Lambda networking
	{rule: "R26", name: "a function without VPC configuration cannot reach private addresses",
		changes: publicFn + "\n" + `{"id":"e","from":"fnp","to":"db"}`,
		want:    model.Blocked, reachable: "false", blockedAt: "fnp", code: "LAMBDA_NOT_IN_VPC"},
	{rule: "R26", name: "a function without VPC configuration reaches public services",
		changes: publicFn + "\n" + `{"id":"e","from":"fnp","to":"table"}`,
		want:    model.Allowed, reachable: "true"},
	{rule: "R26", name: "a publicly accessible database is reachable but exposed",
		changes: publicFn + `
{"id":"sg-pubdb","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"5432","from":"0.0.0.0/0"}]}
{"id":"pdb","type":"rds-cluster","parent":"vpc","subnets":["pub-a","pub-b"],"securityGroups":["sg-pubdb"],"publiclyAccessible":true}
{"id":"e","from":"fnp","to":"pdb"}`,
		want: model.Allowed, code: "TARGET_PUBLICLY_EXPOSED", severity: "warning", nodeLevel: true, codeNodes: []string{"pdb", "fnp"}},
	{rule: "R27", name: "a VPC function's AWS calls need an endpoint or a NAT path",
		changes: isolated + "\n" + `{"id":"e","from":"fn","to":"queue","fromSubnet":"app-a"}`,
		want:    model.Blocked, blockedAt: "rt-app-a", code: "NO_ROUTE_TO_DESTINATION"},
	{rule: "R28", name: "a public subnet gives a function no internet access",
		changes: `{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["pub-a","pub-b"],"securityGroups":["sg-fn"]}}
` + edgeWeb,
		want: model.Blocked, blockedAt: "fn", code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"},
	{rule: "R28", name: "a function in a public subnet is a warning",
		changes: `{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["pub-a","app-b"],"securityGroups":["sg-fn"]}}`,
		code:    "LAMBDA_IN_PUBLIC_SUBNET", severity: "warning", nodeLevel: true, codeNodes: []string{"fn", "pub-a", "rt-pub"}},
	{rule: "R29", name: "nothing connects to a function's interface",
		changes: `{"id":"vm","type":"ec2-instance","parent":"app-a"}
{"id":"e","from":"vm","to":"fn","port":22}`,
		want: model.Blocked, reachable: "false", blockedAt: "fn", code: "LAMBDA_INBOUND_CONNECTION"},
	{rule: "R29", name: "inbound rules on a function's group have no effect",
		changes: `{"id":"sg-fn","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"22","from":"10.0.0.0/16"}]}`,
		code:    "LAMBDA_SG_INBOUND_UNUSED", severity: "info", nodeLevel: true, codeNodes: []string{"sg-fn", "fn"}},
	{rule: "R29", name: "invoking from a VPC needs a path to the Lambda API",
		changes: `{"id":"vm","type":"ec2-instance","parent":"app-a"}
{"id":"e","from":"vm","to":"fn"}`,
		want: model.Allowed, hops: []string{"nat-a"}, detail: "lambda.us-east-1.amazonaws.com"},
	{rule: "R29", name: "invoking from an isolated subnet fails",
		changes: `{"id":"vm","type":"ec2-instance","parent":"data-a"}
{"id":"e","from":"vm","to":"fn"}`,
		want: model.Blocked, blockedAt: "rt-data", code: "NO_ROUTE_TO_DESTINATION", fixText: "com.amazonaws.us-east-1.lambda"},
	{rule: "R31", name: "a function's subnets in two VPCs",
		changes: `{"id":"vpc2","type":"vpc","cidr":"10.1.0.0/16"}
{"id":"o-a","type":"subnet","parent":"vpc2","cidr":"10.1.1.0/24","az":"us-east-1a"}
{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","o-a"],"securityGroups":["sg-fn"]}}`,
		code: "VPC_CONFIG_MULTIPLE_VPCS", nodeLevel: true, codeNodes: []string{"fn", "vpc", "vpc2"}},
	{rule: "R31", name: "more than five security groups",
		changes: `{"id":"s1","type":"security-group","parent":"vpc"}
{"id":"s2","type":"security-group","parent":"vpc"}
{"id":"s3","type":"security-group","parent":"vpc"}
{"id":"s4","type":"security-group","parent":"vpc"}
{"id":"s5","type":"security-group","parent":"vpc"}
{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn","s1","s2","s3","s4","s5"]}}`,
		code: "VPC_CONFIG_TOO_MANY_SECURITY_GROUPS", nodeLevel: true, codeNodes: []string{"fn"}},
	{rule: "R32", name: "the execution role does not decide the network",
		changes: `{"id":"role","type":"iam-role","managedPolicies":[]}
{"id":"fn","type":"lambda","parent":"vpc","role":"role","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}
` + edgeTable,
		want: model.Allowed, reachable: "true"},
	{rule: "R33", name: "the target sees the function's subnet addresses",
		changes: `{"id":"sg-db","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"5432","from":"10.0.1.0/24"}]}
` + edgeDB,
		want: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "sg-db"}, blockedAt: "sg-db", code: "ENI_SG_RULES_MISMATCH", fix: true},
	{rule: "R34", name: "an event source mapping needs no network path",
		changes: isolated + "\n" + `{"id":"e","from":"queue","to":"fn"}`,
		want:    model.Allowed, reachable: "null"},
	{rule: "R35", name: "invocations by services use no network path",
		changes: isolated + `
{"id":"topic","type":"sns-topic"}
{"id":"e","from":"topic","to":"fn"}`,
		want: model.Allowed, reachable: "null"},
	{rule: "R35", name: "the function's own log group needs no network path",
		changes: isolated + `
{"id":"fn-logs","type":"cloudwatch-logs","name":"/aws/lambda/fn"}
{"id":"e","from":"fn","to":"fn-logs"}`,
		want: model.Allowed, reachable: "null", absent: []string{"error NO_ROUTE_TO_DESTINATION"}},
	{rule: "R35", name: "the code calling the CloudWatch Logs API needs a path",
		changes: isolated + `
{"id":"audit","type":"cloudwatch-logs","name":"/app/audit"}
{"id":"e","from":"fn","to":"audit"}`,
		want: model.Blocked, code: "NO_ROUTE_TO_DESTINATION"},
	{rule: "R36", name: "a mount target is needed in every AZ the function uses",
		changes: `{"id":"sg-efs","type":"security-group","parent":"vpc","ingress":[{"protocol":"tcp","ports":"2049","from":"sg-fn"}]}
{"id":"efs","type":"efs-filesystem","parent":"vpc","mountTargets":[{"subnet":"data-a","securityGroups":["sg-efs"]}]}
{"id":"e","from":"fn","to":"efs"}`,
		want: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "efs"}, blockedAt: "efs", code: "EFS_MOUNT_TARGET_MISSING_AZ", fix: true},
	{rule: "R36", name: "the mount target's group must admit NFS",
		changes: `{"id":"sg-efs","type":"security-group","parent":"vpc"}
{"id":"efs","type":"efs-filesystem","parent":"vpc","mountTargets":[{"subnet":"data-a","securityGroups":["sg-efs"]},{"subnet":"data-b","securityGroups":["sg-efs"]}]}
{"id":"e","from":"fn","to":"efs"}`,
		want: model.Blocked, blockedAt: "sg-efs", code: "ENI_SG_RULES_MISMATCH", fix: true, detail: "tcp 2049"},
	{rule: "R37", name: "the fix names the endpoint service",
		changes: isolated + "\n" + `{"id":"e","from":"fn","to":"queue","fromSubnet":"app-a"}`,
		want:    model.Blocked, code: "NO_ROUTE_TO_DESTINATION", fixText: "com.amazonaws.us-east-1.sqs"},
	{rule: "R38", name: "an instance target is network only",
		changes: vmInData + "\n" + `{"id":"e","from":"fn","to":"vm","port":443}`,
		want:    model.Allowed, reachable: "true", hops: []string{"sg-vm"}},

	// H. Capacity and high availability
	{rule: "R62", name: "trace upload from an isolated VPC function is unverified, not an error",
		changes: isolated + `
{"id":"xr","type":"xray"}
{"id":"e","from":"fn","to":"xr"}`,
		want: model.Allowed, reachable: "null", code: "XRAY_PATH_UNVERIFIED", severity: "info", absent: []string{"error NO_ROUTE_TO_DESTINATION"}},
	{rule: "R62", name: "an Active function without an X-Ray path is told so without an arrow",
		changes: isolated + `
{"id":"fn","type":"lambda","parent":"vpc","tracing":"Active","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}`,
		code: "XRAY_PATH_UNVERIFIED", severity: "info", nodeLevel: true, codeNodes: []string{"fn", "app-a", "app-b"}},
	{rule: "R62", name: "an Active function with a NAT path is not",
		changes: `{"id":"fn","type":"lambda","parent":"vpc","tracing":"Active","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}`,
		absent:  []string{"info XRAY_PATH_UNVERIFIED"}},
	{rule: "R63", name: "new ENIs over Lambda's quota per VPC",
		changes: `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","enisInUse":249}`,
		code:    "ENI_QUOTA_EXCEEDED", severity: "error", nodeLevel: true, codeNodes: []string{"vpc", "fn"}},
	{rule: "R63", name: "over 80% of the quota",
		changes: `{"id":"vpc","type":"vpc","cidr":"10.0.0.0/16","enisInUse":200}`,
		code:    "ENI_QUOTA_EXCEEDED", severity: "warning", nodeLevel: true, codeNodes: []string{"vpc"}},
	{rule: "R64", name: "a subnet without a free address for a new ENI",
		changes: `{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","availableIps":0}`,
		code:    "SUBNET_OUT_OF_IP_ADDRESSES", severity: "error", nodeLevel: true, codeNodes: []string{"app-a", "fn"}},
	{rule: "R64", name: "a subnet low on addresses",
		changes: `{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","availableIps":8}`,
		code:    "SUBNET_LOW_ON_IP_ADDRESSES", severity: "warning", nodeLevel: true, codeNodes: []string{"app-a"}, absent: []string{"error SUBNET_OUT_OF_IP_ADDRESSES"}},
	{rule: "R67", name: "an Active function's ENIs exist and need no new address",
		changes: `{"id":"app-a","type":"subnet","parent":"vpc","cidr":"10.0.1.0/24","az":"us-east-1a","routeTable":"rt-app-a","availableIps":0}
{"id":"fn","type":"lambda","parent":"vpc","state":"Active","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}`,
		absent: []string{"error SUBNET_OUT_OF_IP_ADDRESSES"}},
	{rule: "R66", name: "a function in one AZ",
		changes: `{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a"],"securityGroups":["sg-fn"]}}`,
		code:    "LAMBDA_SINGLE_AZ", severity: "warning", nodeLevel: true, codeNodes: []string{"fn"}},
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.rule+" "+tc.name, func(t *testing.T) {
			d := build(t, base, tc.changes)
			res := run(d)
			got, hasEdge := res.Edges["e"]
			if tc.want != "" {
				require.True(t, hasEdge, "the case has an arrow e")
				assert.Equal(t, tc.want, verdict(got), "verdict; findings: %v", codes(res))
				if tc.want == model.Allowed {
					assert.Nil(t, got.BlockedAt)
					assert.Empty(t, failingHops(got), "an allowed arrow has no failing hop")
				}
			}
			switch tc.reachable {
			case "null":
				assert.Nil(t, got.Reachable)
			case "true", "false":
				require.NotNil(t, got.Reachable)
				assert.Equal(t, tc.reachable == "true", *got.Reachable)
			}
			if tc.blockedAt != "" {
				require.NotNil(t, got.BlockedAt, "blockedAt")
				assert.Equal(t, tc.blockedAt, *got.BlockedAt)
			}
			for subnet, blocker := range tc.subnets {
				i := slices.IndexFunc(got.Subnets, func(s model.SubnetResult) bool { return s.Subnet == subnet })
				require.GreaterOrEqual(t, i, 0, "a result for %s", subnet)
				s := got.Subnets[i]
				assert.Equal(t, blocker == "", s.Reachable, subnet)
				if blocker != "" {
					require.NotNil(t, s.BlockedAt)
					assert.Equal(t, blocker, *s.BlockedAt, subnet)
				}
			}
			nodes := hopNodes(got)
			for _, n := range tc.hops {
				assert.Contains(t, nodes, n, "hops")
			}
			for _, n := range tc.notHops {
				assert.NotContains(t, nodes, n, "hops")
			}
			if tc.detail != "" {
				assert.True(t, slices.ContainsFunc(allHops(got), func(h model.Hop) bool { return strings.Contains(h.Detail, tc.detail) }),
					"a hop detail contains %q: %v", tc.detail, allHops(got))
			}
			for _, c := range tc.absent {
				assert.NotContains(t, codes(res), c)
			}
			if tc.code == "" {
				return
			}
			edge := "e"
			if tc.nodeLevel {
				edge = ""
			}
			fs := findingsFor(res, tc.code, edge, tc.codeNodes...)
			require.NotEmpty(t, fs, "a %s finding; got %v", tc.code, codes(res))
			severity := tc.severity
			if severity == "" {
				severity = model.SeverityError
			}
			for _, f := range fs {
				assert.Equal(t, severity, f.Severity)
				assert.NotEmpty(t, f.Message)
				assert.NotEmpty(t, f.Fix)
				if tc.fixText != "" {
					assert.Contains(t, f.Fix, tc.fixText)
				}
			}
			if tc.fix {
				var ops []model.FixOp
				for _, f := range fs {
					ops = append(ops, f.Ops...)
				}
				require.NotEmpty(t, ops, "the finding has machine-readable fixes")
				fixed, ps := model.Apply(d, ops)
				require.Empty(t, ps, "the fix applies cleanly")
				after := run(fixed)
				if tc.nodeLevel {
					assert.Empty(t, findingsFor(after, tc.code, "", tc.codeNodes...), "the fix removes the finding")
				} else {
					assert.Equal(t, model.Allowed, verdict(after.Edges["e"]), "the fix lets the arrow through; findings: %v", codes(after))
				}
			}
		})
	}
}

func allHops(r model.NetworkResult) []model.Hop {
	all := slices.Clone(r.Path)
	for _, s := range r.Subnets {
		all = append(all, s.Path...)
	}
	return all
}

// TestEveryRuleHasACase keeps the table honest: every network rule has a
// case, except those only the permission plane or info notes decide.
func TestEveryRuleHasACase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		covered[tc.rule] = true
	}
	for _, r := range []string{"R30", "R65"} {
		covered[r] = true // TestHyperplaneENIs
	}
	for i := 1; i <= 38; i++ {
		assert.True(t, covered["R"+itoa(i)], "R%d has no case", i)
	}
	for i := 63; i <= 67; i++ {
		assert.True(t, covered["R"+itoa(i)], "R%d has no case", i)
	}
}
