package reach_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/reach"
)

// edgeWant is the network plane's answer for one arrow: the verdict it
// gives (partial when some subnets get through), where it stops, and per
// source subnet the blocker ("" when the subnet gets through). failing
// lists subnets that must fail wherever they stop; hops, nodes some hop of
// the paths must name (the endpoints and NAT gateways passed).
type edgeWant struct {
	verdict      model.Verdict
	blockedAt    string
	blockedAtAny []string
	subnets      map[string]string
	failing      []string
	hops         []string
}

// findingWant must be matched by a reported finding of this severity, with
// one of codes (any code when empty), whose nodes include nodes and at least
// one of nodesAny, and whose edges include edges: the public suite's
// matching rule.
type findingWant struct {
	severity        string
	codes           []string
	nodes, nodesAny []string
	edges           []string
}

// edgeDesign is one design of testdata/edge and the answer AWS's documents
// and rules.md give for it.
type edgeDesign struct {
	file              string
	edges             map[string]edgeWant
	findings          []findingWant
	noErrors          bool
	errorsOnlyOnEdges []string
	forbidden         []string // codes no finding may have
	enis              int      // Hyperplane ENIs expected; 0: not checked
}

// TestEdgeDesigns runs the network plane over edge-case designs written
// the way the held-out suite writes them, one idea each, with the answers
// decided from rules.md and AWS's documentation before running them.
func TestEdgeDesigns(t *testing.T) {
	tests := []edgeDesign{
		{file: "main-table-implicit", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "explicit-table-overrides-main", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "rt-iso"}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: []string{"rt-iso"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "no-main-table-drawn", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"app-a", "vpc"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "slash8-to-nat-keeps-local", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true, forbidden: []string{"MORE_SPECIFIC_ROUTE"}},
		{file: "subnet-route-diverts-via-nat", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "rt-app-a", "app-b": ""}}}, findings: []findingWant{{severity: "error", codes: []string{"MORE_SPECIFIC_ROUTE"}, nodes: nil, nodesAny: []string{"rt-app-a"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "static-route-shadows-endpoint-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"VPCE_ROUTE_SHADOWED"}, nodes: []string{"vpce-ddb", "rt-app-a"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "static-route-shadows-endpoint-igw", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-b": ""}, failing: []string{"app-a"}}}, findings: []findingWant{{severity: "error", codes: []string{"MORE_SPECIFIC_ROUTE", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"}, nodes: nil, nodesAny: []string{"rt-app-a", "fn", "app-a"}, edges: []string{"e"}}, {severity: "warning", codes: []string{"VPCE_ROUTE_SHADOWED"}, nodes: []string{"vpce-ddb", "rt-app-a"}, nodesAny: nil, edges: nil}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "detached-igw", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAtAny: []string{"igw", "rt-pub"}}}, findings: []findingWant{{severity: "error", codes: []string{"BAD_STATE_ROUTE"}, nodes: []string{"igw"}, nodesAny: nil, edges: []string{"e"}}}},
		{file: "nat-in-private-subnet", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "nat-a", "app-b": ""}}}, findings: []findingWant{{severity: "error", codes: []string{"NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"}, nodes: []string{"nat-a"}, nodesAny: nil, edges: []string{"e"}}}},
		{file: "nat-subnet-acl-blocks-return", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-pub"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-pub", "nat-a"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "private-nat-to-internet", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "nat-a", "app-b": ""}}}, findings: []findingWant{{severity: "error", codes: []string{"PRIVATE_NAT_GATEWAY_NO_INTERNET"}, nodes: []string{"nat-a"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "cross-az-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"CROSS_AZ_NAT_GATEWAY"}, nodes: []string{"app-b", "nat-a"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "lambda-in-public-subnets", edges: map[string]edgeWant{"web": {verdict: model.Blocked}, "tbl": {verdict: model.Blocked}, "db": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"}, nodes: nil, nodesAny: []string{"fn", "igw", "rt-pub"}, edges: []string{"web"}}, {severity: "error", codes: []string{"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"}, nodes: nil, nodesAny: []string{"fn", "igw", "rt-pub"}, edges: []string{"tbl"}}, {severity: "warning", codes: []string{"LAMBDA_IN_PUBLIC_SUBNET"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}, errorsOnlyOnEdges: []string{"web", "tbl"}},
		{file: "ec2-public-ip", edges: map[string]edgeWant{"e1": {verdict: model.Allowed}, "e2": {verdict: model.Blocked}, "e3": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"}, nodes: nil, nodesAny: []string{"vm2"}, edges: []string{"e2"}}}, errorsOnlyOnEdges: []string{"e2"}},
		{file: "one-subnet-without-nat", edges: map[string]edgeWant{"all": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "rt-app-b"}}, "a": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-b", "app-b"}, edges: []string{"all"}}}, errorsOnlyOnEdges: []string{"all"}},
		{file: "gateway-endpoint-one-table", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "rt-app-b"}}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-b", "app-b"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "gateway-endpoint-other-region", edges: map[string]edgeWant{"e": {verdict: model.Blocked}, "same": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b", "app-a", "app-b"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "ddb-interface-endpoint-dns-off", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b", "app-a", "app-b"}, edges: []string{"e"}}, {severity: "info", codes: []string{"VPCE_UNUSED"}, nodes: []string{"vpce-ddb-if"}, nodesAny: nil, edges: nil}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "ddb-interface-endpoint-dns-on", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "endpoint-sg-without-443", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-vpce"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-vpce"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "endpoint-sg-subnet-cidrs", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "endpoint-sg-one-subnet-cidr", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "sg-vpce"}}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-vpce"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "endpoint-one-az", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"VPCE_MISSING_AZ"}, nodes: []string{"vpce-sqs"}, nodesAny: []string{"app-b", "fn"}, edges: nil}}, noErrors: true},
		{file: "dns-support-off", edges: map[string]edgeWant{"q": {verdict: model.Blocked, blockedAt: "vpc"}, "vm": {verdict: model.Allowed}, "w": {verdict: model.Blocked, blockedAt: "vpc"}}, findings: []findingWant{{severity: "error", codes: []string{"DNS_RESOLUTION_DISABLED"}, nodes: []string{"vpc"}, nodesAny: nil, edges: []string{"q"}}, {severity: "error", codes: []string{"DNS_RESOLUTION_DISABLED"}, nodes: []string{"vpc"}, nodesAny: nil, edges: []string{"w"}}}, errorsOnlyOnEdges: []string{"q", "w"}},
		{file: "dns-hostnames-off-with-nat", edges: map[string]edgeWant{"q": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"DNS_RESOLUTION_DISABLED"}, nodes: []string{"vpce-sqs"}, nodesAny: nil, edges: nil}}},
		{file: "sg-egress-prefix-list-only", edges: map[string]edgeWant{"t": {verdict: model.Allowed}, "q": {verdict: model.Blocked, blockedAt: "sg-fn"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-fn"}, nodesAny: nil, edges: []string{"q"}}}, errorsOnlyOnEdges: []string{"q"}},
		{file: "sg-egress-vpc-only", edges: map[string]edgeWant{"w": {verdict: model.Blocked, blockedAt: "sg-fn"}, "d": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-fn"}, nodesAny: nil, edges: []string{"w"}}}, errorsOnlyOnEdges: []string{"w"}},
		{file: "sg-egress-none", edges: map[string]edgeWant{"w": {verdict: model.Blocked, blockedAt: "sg-fn"}, "d": {verdict: model.Blocked, blockedAt: "sg-fn"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-fn"}, nodesAny: nil, edges: []string{"w"}}, {severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-fn"}, nodesAny: nil, edges: []string{"d"}}}},
		{file: "acl-deny-before-allow", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-data"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-data"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "acl-allow-before-deny", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "acl-rules-out-of-order", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-data"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-data"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "acl-no-ephemeral-in", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-app"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-app"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "acl-ephemeral-32768", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-app"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-app"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "acl-ephemeral-1024", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "acl-data-blocks-5432", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-data"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-data", "db"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "same-subnet-deny-all-acl", edges: map[string]edgeWant{"e": {verdict: model.Allowed}, "all": {verdict: model.Partial, subnets: map[string]string{"data-a": "", "data-b": "acl-data"}}}, errorsOnlyOnEdges: []string{"all"}},
		{file: "efs-one-az", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "efs"}}}, findings: []findingWant{{severity: "error", codes: []string{"EFS_MOUNT_TARGET_MISSING_AZ"}, nodes: []string{"efs"}, nodesAny: []string{"app-b", "us-east-1b"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "efs-sg-without-2049", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-efs"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-efs"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "rds-port-override", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-db"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-db"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "rds-port-override-allowed", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "rds-mysql-default-port", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-db"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-db"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "public-lambda-public-rds", edges: map[string]edgeWant{"p": {verdict: model.Allowed}, "priv": {verdict: model.Blocked, blockedAt: "fnp"}}, findings: []findingWant{{severity: "warning", codes: []string{"TARGET_PUBLICLY_EXPOSED"}, nodes: []string{"dbp"}, nodesAny: nil, edges: nil}, {severity: "error", codes: []string{"LAMBDA_NOT_IN_VPC"}, nodes: []string{"fnp"}, nodesAny: nil, edges: []string{"priv"}}}, errorsOnlyOnEdges: []string{"priv"}},
		{file: "public-rds-private-subnets", edges: map[string]edgeWant{"p": {verdict: model.Blocked}}, errorsOnlyOnEdges: []string{"p"}},
		{file: "public-lambda-private-ec2", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "fnp"}}, findings: []findingWant{{severity: "error", codes: []string{"LAMBDA_NOT_IN_VPC"}, nodes: []string{"fnp"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "ec2-connects-to-lambda", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "fn"}}, findings: []findingWant{{severity: "error", codes: []string{"LAMBDA_INBOUND_CONNECTION"}, nodes: []string{"fn"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "sns-invokes-vpc-function", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "sqs-mapping-isolated", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "invoke-lambda-isolated", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b", "app-a", "app-b"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "put-log-events-isolated", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b", "app-a", "app-b"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}, forbidden: []string{"LOGS_NOT_DELIVERED"}},
		{file: "xray-active-isolated-arrow", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "xray-active-isolated-no-arrow", noErrors: true},
		{file: "eni-quota", findings: []findingWant{{severity: "error", codes: []string{"ENI_QUOTA_EXCEEDED"}, nodes: []string{"vpc"}, nodesAny: nil, edges: nil}}},
		{file: "subnet-out-of-ips", findings: []findingWant{{severity: "error", codes: []string{"SUBNET_OUT_OF_IP_ADDRESSES"}, nodes: []string{"app-a"}, nodesAny: nil, edges: nil}}},
		{file: "eni-reuse-sg-order", findings: []findingWant{{severity: "info", codes: []string{"ENI_REUSED"}, nodes: []string{"fn2"}, nodesAny: nil, edges: nil}}, noErrors: true, enis: 2},
		{file: "six-security-groups", findings: []findingWant{{severity: "error", codes: []string{"VPC_CONFIG_TOO_MANY_SECURITY_GROUPS"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}},
		{file: "no-security-group", findings: []findingWant{{severity: "error", codes: []string{"VPC_CONFIG_NO_SECURITY_GROUP"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}},
		{file: "subnets-two-vpcs", findings: []findingWant{{severity: "error", codes: []string{"VPC_CONFIG_MULTIPLE_VPCS"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}},
		{file: "internet-to-function-url", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "icmp-without-rule", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-vm"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-vm"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "icmp-with-rule", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "udp-nat-and-gateway-endpoint", edges: map[string]edgeWant{"u": {verdict: model.Allowed}, "t": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"VPCE_GATEWAY_PROTOCOL_RESTRICTION"}, nodes: []string{"vpce-ddb"}, nodesAny: nil, edges: []string{"t"}}}, errorsOnlyOnEdges: []string{"t"}},
		{file: "sg-port-range-and-all", edges: map[string]edgeWant{"d": {verdict: model.Allowed}, "v": {verdict: model.Allowed}}, noErrors: true},
		{file: "sg-egress-udp-only", edges: map[string]edgeWant{"d": {verdict: model.Blocked, blockedAt: "sg-fn"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-fn"}, nodesAny: nil, edges: []string{"d"}}}, errorsOnlyOnEdges: []string{"d"}},
		{file: "acl-outbound-deny-cidr", edges: map[string]edgeWant{"w": {verdict: model.Blocked, blockedAt: "acl-app"}, "q": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-app"}, nodesAny: nil, edges: []string{"w"}}}, errorsOnlyOnEdges: []string{"w"}},
		{file: "s3-gateway-prefix-list-egress", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "endpoint-dns-beats-nat", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-vpce"}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: []string{"sg-vpce"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "endpoint-dns-off-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, findings: []findingWant{{severity: "info", codes: []string{"VPCE_UNUSED"}, nodes: []string{"vpce-sqs"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "s3-interface-and-gateway", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "sts-isolated", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b", "app-a", "app-b"}, edges: []string{"e"}}}},
		{file: "nat-subnet-acl-blocks-forward", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-pub"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-pub"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "static-route-equals-prefix-list", edges: map[string]edgeWant{"e": {verdict: model.Partial}}, findings: []findingWant{{severity: "error", codes: []string{"MORE_SPECIFIC_ROUTE", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"}, nodes: nil, nodesAny: []string{"rt-app-a", "fn"}, edges: []string{"e"}}, {severity: "warning", codes: []string{"VPCE_ROUTE_SHADOWED"}, nodes: []string{"vpce-ddb", "rt-app-a"}, nodesAny: nil, edges: nil}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "sg-egress-to-target-sg", edges: map[string]edgeWant{"d": {verdict: model.Allowed}, "w": {verdict: model.Blocked, blockedAt: "sg-fn"}}, errorsOnlyOnEdges: []string{"w"}},
		{file: "rds-one-subnet-acl", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-b"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-b"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "ec2-default-sg", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"ENI_SG_RULES_MISMATCH"}, nodes: nil, nodesAny: []string{"vm"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "function-url-from-vpc", edges: map[string]edgeWant{"nat": {verdict: model.Allowed}, "iso": {verdict: model.Blocked}, "api": {verdict: model.Allowed}}},
		{file: "ec2-sg-one-function-cidr", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "sg-vm"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "nat-chained", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "nat-a"}}, findings: []findingWant{{severity: "error", codes: []string{"NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"}, nodes: []string{"nat-a"}, nodesAny: nil, edges: []string{"e"}}}},
		{file: "internet-to-ec2", edges: map[string]edgeWant{"e1": {verdict: model.Allowed}, "e2": {verdict: model.Blocked, blockedAt: "sg-vm2"}, "e3": {verdict: model.Blocked}}, errorsOnlyOnEdges: []string{"e2", "e3"}},
		{file: "sg-egress-443-port-80", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "sg-fn"}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "acl-reply-only-from-vpc", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-app"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-app"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "endpoint-subnet-acl-reply", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-data"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-data"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "rds-acl-one-function-subnet", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "acl-data"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "nat-acl-ephemeral-32768", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-pub"}}, findings: []findingWant{{severity: "error", codes: []string{"SUBNET_ACL_RESTRICTION"}, nodes: []string{"acl-pub"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "public-lambda-gateway-endpoint", edges: map[string]edgeWant{"t": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"LAMBDA_IN_PUBLIC_SUBNET"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "public-lambda-interface-endpoint", edges: map[string]edgeWant{"q": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"LAMBDA_IN_PUBLIC_SUBNET"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "two-function-sgs", edges: map[string]edgeWant{"w": {verdict: model.Allowed}, "d": {verdict: model.Allowed}}, noErrors: true},
		{file: "nat-subnet-main-table", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "route-to-private-nat-overrides", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "rt-app-a"}}, findings: []findingWant{{severity: "error", codes: []string{"MORE_SPECIFIC_ROUTE", "PRIVATE_NAT_GATEWAY_NO_INTERNET"}, nodes: nil, nodesAny: []string{"rt-app-a", "nat-p"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "private-host-via-nat", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "default-sg-members", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "sns-http-delivery", edges: map[string]edgeWant{"p": {verdict: model.Blocked}, "i": {verdict: model.Allowed}}, errorsOnlyOnEdges: []string{"p"}},
		{file: "endpoint-in-function-subnets-acl", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-app"}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "efs-acl", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "ddb-other-region-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "queue-other-region-endpoint", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "single-subnet", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"LAMBDA_SINGLE_AZ"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "gateway-endpoint-detached-igw", edges: map[string]edgeWant{"t": {verdict: model.Allowed}}},
		{file: "aurora-mysql-3306", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "ec2-via-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "ec2-client-acl-49152", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "acl-data"}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "rds-other-vpc", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "acl-deny-part-of-subnet", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "acl-data"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "endpoint-without-subnets", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "efs-from-public-lambda", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "fnp"}}, findings: []findingWant{{severity: "error", codes: []string{"LAMBDA_NOT_IN_VPC"}, nodes: []string{"fnp"}, nodesAny: nil, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "lambda-api-endpoint", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "metrics-via-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "vpc-function-no-arrows", noErrors: true},
		{file: "s3-interface-only", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "s3-inbound-only-dns", edges: map[string]edgeWant{"e": {verdict: model.Partial, subnets: map[string]string{"app-a": "", "app-b": "rt-app-b"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "public-lambda-private-host", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "xray-active-no-arrow-info", findings: []findingWant{{severity: "info", codes: []string{"XRAY_PATH_UNVERIFIED"}, nodes: []string{"fn"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "xray-active-nat-no-info", noErrors: true, forbidden: []string{"XRAY_PATH_UNVERIFIED"}},
		{file: "exposed-names-arrow", edges: map[string]edgeWant{"p": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"TARGET_PUBLICLY_EXPOSED"}, nodes: []string{"dbp", "fnp"}, nodesAny: nil, edges: []string{"p"}}}, noErrors: true},
		{file: "own-log-group-platform", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, noErrors: true},
		{file: "own-log-group-code-call", edges: map[string]edgeWant{"e": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b"}, edges: []string{"e"}}}, errorsOnlyOnEdges: []string{"e"}},
		{file: "dns-hostnames-off-isolated", edges: map[string]edgeWant{"q": {verdict: model.Blocked}}, findings: []findingWant{{severity: "error", codes: []string{"DNS_RESOLUTION_DISABLED"}, nodes: []string{"vpce-sqs"}, nodesAny: nil, edges: nil}, {severity: "error", codes: []string{"NO_ROUTE_TO_DESTINATION"}, nodes: nil, nodesAny: []string{"rt-app-a", "rt-app-b"}, edges: []string{"q"}}}, errorsOnlyOnEdges: []string{"q"}},
		{file: "gateway-endpoint-one-table-nat", edges: map[string]edgeWant{"e": {verdict: model.Allowed}}, findings: []findingWant{{severity: "warning", codes: []string{"VPCE_NOT_ASSOCIATED"}, nodes: []string{"vpce-ddb", "rt-app-b"}, nodesAny: nil, edges: nil}}, noErrors: true},
		{file: "named-public-no-igw", edges: map[string]edgeWant{"e": {verdict: model.Blocked, blockedAt: "nat-a"}}, findings: []findingWant{{severity: "warning", codes: []string{"SUBNET_NAMED_PUBLIC_IS_PRIVATE"}, nodes: []string{"pub-a"}, nodesAny: nil, edges: nil}, {severity: "error", codes: []string{"NAT_GATEWAY_NOT_IN_PUBLIC_SUBNET"}, nodes: []string{"nat-a"}, nodesAny: nil, edges: []string{"e"}}}},
		{file: "dns-endpoint-error-public-caller", edges: map[string]edgeWant{"pub": {verdict: model.Allowed}, "q": {verdict: model.Allowed}}, findings: []findingWant{{severity: "error", codes: []string{"DNS_RESOLUTION_DISABLED"}, nodes: []string{"vpce-sqs"}, nodesAny: nil, edges: []string{"q"}}}, errorsOnlyOnEdges: []string{"q"}},
		{file: "endpoint-via-nat-diversion", edges: map[string]edgeWant{"e": {verdict: model.Allowed, hops: []string{"vpce-sqs", "nat-a"}}}, findings: []findingWant{{severity: "warning", codes: []string{"MORE_SPECIFIC_ROUTE"}, nodes: []string{"rt-app-a", "nat-a"}, nodesAny: nil, edges: nil}}, noErrors: true},
	}
	files, err := filepath.Glob(filepath.Join("testdata", "edge", "*.json"))
	require.NoError(t, err)
	require.Len(t, files, len(tests), "every design in testdata/edge has an answer")
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "edge", tc.file+".json"))
			require.NoError(t, err)
			d, ps := model.Decode(data)
			require.Empty(t, ps, "the design must be valid")
			res := reach.Analyze(model.NewIndex(d))
			for id, want := range tc.edges {
				got, ok := res.Edges[id]
				require.True(t, ok, "arrow %s has a result", id)
				checkEdge(t, id, want, got)
			}
			for _, w := range tc.findings {
				assert.True(t, slices.ContainsFunc(res.Findings, func(f model.Finding) bool { return w.matches(f) }),
					"a finding %+v; got %v", w, codes(res))
			}
			for _, f := range res.Findings {
				if f.Severity != model.SeverityError {
					continue
				}
				assert.False(t, tc.noErrors, "no error expected, got %s %v %v: %s", f.Code, f.Nodes, f.Edges, f.Message)
				if tc.errorsOnlyOnEdges != nil {
					assert.True(t, slices.ContainsFunc(f.Edges, func(e string) bool { return slices.Contains(tc.errorsOnlyOnEdges, e) }),
						"error %s %v names none of %v: %s", f.Code, f.Edges, tc.errorsOnlyOnEdges, f.Message)
				}
			}
			for _, code := range tc.forbidden {
				assert.Empty(t, findingsFor(res, code, ""), "no %s finding", code)
			}
			if tc.enis > 0 {
				assert.Len(t, res.ENIs, tc.enis)
			}
		})
	}
}

func checkEdge(t *testing.T, id string, want edgeWant, got model.NetworkResult) {
	t.Helper()
	assert.Equal(t, want.verdict, verdict(got), "verdict of %s", id)
	if want.blockedAt != "" && assert.NotNil(t, got.BlockedAt, "blockedAt of %s", id) {
		assert.Equal(t, want.blockedAt, *got.BlockedAt, "blockedAt of %s", id)
	}
	if len(want.blockedAtAny) > 0 {
		var blockers []string
		if got.BlockedAt != nil {
			blockers = append(blockers, *got.BlockedAt)
		}
		for _, s := range got.Subnets {
			if s.BlockedAt != nil {
				blockers = append(blockers, *s.BlockedAt)
			}
		}
		assert.True(t, slices.ContainsFunc(blockers, func(b string) bool { return slices.Contains(want.blockedAtAny, b) }),
			"%s blocked at one of %v, got %v", id, want.blockedAtAny, blockers)
	}
	bySubnet := map[string]model.SubnetResult{}
	for _, s := range got.Subnets {
		bySubnet[s.Subnet] = s
	}
	for subnet, blocker := range want.subnets {
		s, ok := bySubnet[subnet]
		if !assert.True(t, ok, "%s is walked from %s", id, subnet) {
			continue
		}
		assert.Equal(t, blocker == "", s.Reachable, "%s from %s reachable", id, subnet)
		if blocker != "" && assert.NotNil(t, s.BlockedAt) {
			assert.Equal(t, blocker, *s.BlockedAt, "%s from %s blocked at", id, subnet)
		}
	}
	for _, n := range want.hops {
		assert.Contains(t, hopNodes(got), n, "a hop of %s names %s", id, n)
	}
	for _, subnet := range want.failing {
		s, ok := bySubnet[subnet]
		assert.True(t, ok && !s.Reachable, "%s fails from %s", id, subnet)
	}
}

func (w findingWant) matches(f model.Finding) bool {
	switch {
	case f.Severity != w.severity, len(w.codes) > 0 && !slices.Contains(w.codes, f.Code):
		return false
	case slices.ContainsFunc(w.nodes, func(n string) bool { return !slices.Contains(f.Nodes, n) }):
		return false
	case len(w.nodesAny) > 0 && !slices.ContainsFunc(w.nodesAny, func(n string) bool { return slices.Contains(f.Nodes, n) }):
		return false
	}
	return !slices.ContainsFunc(w.edges, func(e string) bool { return !slices.Contains(f.Edges, e) })
}
