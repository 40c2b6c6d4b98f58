package perm_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
)

// edgeWant is the expected result of one arrow: whether it goes through
// (verdict allowed) and the permission decision.
type edgeWant struct {
	allowed  bool
	decision string
}

// findingWant must be matched by a reported finding with this severity and
// code whose nodes include nodes and whose edges include edges.
type findingWant struct {
	severity, code string
	nodes, edges   []string
}

// forbidWant must not be matched by any error or warning finding.
type forbidWant struct {
	code  string
	nodes []string
}

// edgeCase is one design of testdata/edge and the answer AWS's documents
// give for it, scored like the public example suite: verdicts, required
// findings, and the findings that must not appear.
type edgeCase struct {
	file              string
	edges             map[string]edgeWant
	findings          []findingWant
	noErrors          bool
	errorsOnlyOnEdges []string // nil: not checked
	forbidden         []forbidWant
}

// TestEdgeDesigns runs the permission edge cases of testdata/edge through
// the whole analysis, network plane included.
func TestEdgeDesigns(t *testing.T) {
	tests := []edgeCase{
		{file: "account-principal-same-account", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"get"}}}},
		{file: "action-case-insensitive", edges: map[string]edgeWant{"get": {true, "Allowed"}, "get-lower": {true, "Allowed"}}, noErrors: true},
		{file: "action-wildcard-infix", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {true, "Allowed"}, "acl": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"acl"}}}, errorsOnlyOnEdges: []string{"acl"}},
		{file: "action-wildcard-prefix", edges: map[string]edgeWant{"get": {true, "Allowed"}, "batch": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"batch"}}}, errorsOnlyOnEdges: []string{"batch"}},
		{file: "administrator-access", edges: map[string]edgeWant{"put": {true, "Allowed"}}, noErrors: true},
		{file: "arn-case-sensitive", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"get"}}}},
		{file: "assume-role-trust-names-account", edges: map[string]edgeWant{"assume": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"assume"}}}},
		{file: "assume-role-trust-names-role", edges: map[string]edgeWant{"assume": {true, "Allowed"}}, noErrors: true},
		{file: "boundary-caps-identity", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "BOUNDARY_NO_ALLOW", []string{"fn-role"}, []string{"put"}}}, errorsOnlyOnEdges: []string{"put"}},
		{file: "boundary-explicit-deny", edges: map[string]edgeWant{"del": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"fn-role"}, []string{"del"}}}},
		{file: "boundary-limits-role-principal", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "BOUNDARY_NO_ALLOW", nil, []string{"get"}}}},
		{file: "boundary-managed-name", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "BOUNDARY_NO_ALLOW", []string{"fn-role"}, []string{"put"}}, {"warning", "LOGS_NOT_DELIVERED", []string{"fn"}, nil}}, errorsOnlyOnEdges: []string{"put"}},
		{file: "boundary-skips-session-principal", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "bucket-policy-grants-role", edges: map[string]edgeWant{"read": {true, "Allowed"}}, noErrors: true},
		{file: "cross-account-both-allow", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "cross-account-lambda-invoke", edges: map[string]edgeWant{"call": {true, "Allowed"}}, noErrors: true},
		{file: "cross-account-no-resource-policy", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CROSS_ACCOUNT_NO_RESOURCE_ALLOW", []string{"cats"}, []string{"get"}}}},
		{file: "cross-account-resource-only", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"fn-role"}, []string{"get"}}}},
		{file: "cross-account-role-invokes", edges: map[string]edgeWant{"call": {true, "Allowed"}, "call2": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CROSS_ACCOUNT_NO_RESOURCE_ALLOW", []string{"fn"}, []string{"call2"}}}, errorsOnlyOnEdges: []string{"call2"}},
		{file: "custom-log-group", edges: map[string]edgeWant{"write": {true, "Allowed"}, "write-other": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"write-other"}}, {"warning", "LOGS_NOT_DELIVERED", []string{"fn"}, nil}}, errorsOnlyOnEdges: []string{"write-other"}},
		{file: "deny-condition-not-matching", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "dynamodb-stream-mapping", edges: map[string]edgeWant{"stream": {true, "Allowed"}}, noErrors: true},
		{file: "endpoint-policy-denies", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "VPCE_POLICY_NO_ALLOW", []string{"ddb-ep"}, []string{"put"}}}, errorsOnlyOnEdges: []string{"put"}},
		{file: "endpoint-policy-names-role", edges: map[string]edgeWant{"get": {true, "Allowed"}, "other-get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "VPCE_POLICY_NO_ALLOW", []string{"ddb-ep"}, []string{"other-get"}}}, errorsOnlyOnEdges: []string{"other-get"}},
		{file: "endpoint-policy-principal-account", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "external-account-role-principal", edges: map[string]edgeWant{"call": {true, "Allowed"}}, noErrors: true},
		{file: "external-account-table-no-policy", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CROSS_ACCOUNT_NO_RESOURCE_ALLOW", []string{"cats"}, []string{"get"}}}},
		{file: "external-role-invoke-via-account-principal", edges: map[string]edgeWant{"call": {true, "Allowed"}}, noErrors: true},
		{file: "forallvalues-missing-key", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CONDITION_NOT_MET", nil, []string{"put"}}}, errorsOnlyOnEdges: []string{"put"}},
		{file: "function-policy-deny", edges: map[string]edgeWant{"call": {true, "Allowed"}}, findings: []findingWant{{"error", "FUNCTION_POLICY_DENY", []string{"fn"}, nil}}},
		{file: "function-without-role", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"fn"}, []string{"get"}}}, forbidden: []forbidWant{{"LOGS_NOT_DELIVERED", nil}}},
		{file: "iam-user-assumes-role-external-id", edges: map[string]edgeWant{"assume": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CONDITION_NOT_MET", []string{"audit"}, []string{"assume"}}}},
		{file: "iam-user-calls-dynamodb", edges: map[string]edgeWant{"get": {true, "Allowed"}, "del": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"alice"}, []string{"del"}}}, errorsOnlyOnEdges: []string{"del"}},
		{file: "identity-deny-beats-resource-allow", edges: map[string]edgeWant{"put": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"fn-role"}, []string{"put"}}}},
		{file: "ifexists-missing-key", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "inline-policies-by-name", edges: map[string]edgeWant{"get": {true, "Allowed"}, "del": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"fn-role"}, []string{"del"}}}, errorsOnlyOnEdges: []string{"del"}},
		{file: "interface-endpoint-policy-no-allow", edges: map[string]edgeWant{"send": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "VPCE_POLICY_NO_ALLOW", []string{"sqs-ep"}, []string{"send"}}}, errorsOnlyOnEdges: []string{"send"}},
		{file: "internet-invoke-api", edges: map[string]edgeWant{"call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"fn"}, []string{"call"}}}},
		{file: "invoke-alias-identity-star", edges: map[string]edgeWant{"plain": {true, "Allowed"}, "alias": {true, "Allowed"}}, noErrors: true},
		{file: "invoke-alias-identity-unqualified", edges: map[string]edgeWant{"plain": {true, "Allowed"}, "alias": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"alias"}}}, errorsOnlyOnEdges: []string{"alias"}},
		{file: "invoke-version-wildcard-not-unqualified", edges: map[string]edgeWant{"plain": {false, "ImplicitlyDenied"}, "v1": {true, "Allowed"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"plain"}}}, errorsOnlyOnEdges: []string{"plain"}},
		{file: "lambda-endpoint-denies-invoke", edges: map[string]edgeWant{"call-admin": {false, "ExplicitlyDenied"}, "call-worker": {true, "Allowed"}}, findings: []findingWant{{"error", "VPCE_POLICY_NO_ALLOW", []string{"lambda-ep"}, []string{"call-admin"}}}, errorsOnlyOnEdges: []string{"call-admin"}},
		{file: "lambda-execute-managed", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {true, "Allowed"}, "list": {false, "ImplicitlyDenied"}}, errorsOnlyOnEdges: []string{"list"}, forbidden: []forbidWant{{"LOGS_NOT_DELIVERED", nil}, {"MANAGED_POLICY_UNKNOWN", nil}}},
		{file: "lambda-insights-policy-only", findings: []findingWant{{"warning", "LOGS_NOT_DELIVERED", []string{"fn"}, nil}}, noErrors: true},
		{file: "lambda-invokes-lambda-rbp", edges: map[string]edgeWant{"call": {true, "Allowed"}}, noErrors: true},
		{file: "logs-full-access", noErrors: true, forbidden: []forbidWant{{"LOGS_NOT_DELIVERED", nil}}},
		{file: "logs-group-without-streams", findings: []findingWant{{"warning", "LOGS_NOT_DELIVERED", []string{"fn"}, nil}}, noErrors: true},
		{file: "logs-scoped-correctly", noErrors: true, forbidden: []forbidWant{{"LOGS_NOT_DELIVERED", nil}}},
		{file: "logs-wrong-group", findings: []findingWant{{"warning", "LOGS_NOT_DELIVERED", []string{"fn"}, nil}}, noErrors: true},
		{file: "mfa-guardrail", edges: map[string]edgeWant{"get": {true, "Allowed"}, "del": {false, "ExplicitlyDenied"}, "user-get": {true, "Allowed"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"fn-role"}, []string{"del"}}}, errorsOnlyOnEdges: []string{"del"}},
		{file: "notaction-allow", edges: map[string]edgeWant{"get": {true, "Allowed"}}, findings: []findingWant{{"warning", "OVERLY_BROAD_ALLOW", []string{"fn-role"}, nil}}, noErrors: true},
		{file: "notaction-deny", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"fn-role"}, []string{"put"}}}, errorsOnlyOnEdges: []string{"put"}, forbidden: []forbidWant{{"LOGS_NOT_DELIVERED", []string{"fn"}}}},
		{file: "notresource-allow", edges: map[string]edgeWant{"read-public": {true, "Allowed"}, "read-secret": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"secret"}, []string{"read-secret"}}, {"warning", "OVERLY_BROAD_ALLOW", []string{"fn-role"}, nil}}, errorsOnlyOnEdges: []string{"read-secret"}},
		{file: "power-user-access", edges: map[string]edgeWant{"put": {true, "Allowed"}, "assume": {true, "Allowed"}}, noErrors: true, forbidden: []forbidWant{{"OVERLY_BROAD_ALLOW", nil}}},
		{file: "principal-account-condition", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "principal-arn-deny", edges: map[string]edgeWant{"get": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"cats"}, []string{"get"}}}},
		{file: "principal-arn-deny-exempt", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "public-bucket-policy", edges: map[string]edgeWant{"read": {true, "Allowed"}}, findings: []findingWant{{"warning", "RESOURCE_PUBLICLY_ACCESSIBLE", []string{"site"}, nil}}, noErrors: true},
		{file: "public-invoke-unrestricted", edges: map[string]edgeWant{"call": {true, "Allowed"}}, findings: []findingWant{{"warning", "FUNCTION_PUBLICLY_INVOCABLE", []string{"fn"}, nil}}, noErrors: true},
		{file: "public-statement-source-account", edges: map[string]edgeWant{"notify": {true, "Allowed"}}, noErrors: true, forbidden: []forbidWant{{"FUNCTION_PUBLICLY_INVOCABLE", nil}}},
		{file: "public-trust-policy", edges: map[string]edgeWant{"assume": {true, "Allowed"}}, findings: []findingWant{{"warning", "RESOURCE_PUBLICLY_ACCESSIBLE", []string{"shared"}, nil}}, noErrors: true},
		{file: "put-metric-data-scoped", edges: map[string]edgeWant{"emit": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"emit"}}}},
		{file: "queue-policy-grants-role", edges: map[string]edgeWant{"send": {true, "Allowed"}}, noErrors: true},
		{file: "rbp-alias-invoke-unqualified", edges: map[string]edgeWant{"plain": {false, "ImplicitlyDenied"}, "live": {true, "Allowed"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"fn"}, []string{"plain"}}}, errorsOnlyOnEdges: []string{"plain"}},
		{file: "requested-region-guardrail", edges: map[string]edgeWant{"get": {true, "Allowed"}, "get-eu": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"fn-role"}, []string{"get-eu"}}}, errorsOnlyOnEdges: []string{"get-eu"}, forbidden: []forbidWant{{"LOGS_NOT_DELIVERED", nil}}},
		{file: "resource-deny-beats-identity-allow", edges: map[string]edgeWant{"read": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"data"}, []string{"read"}}}},
		{file: "s3-endpoint-policy-other-bucket", edges: map[string]edgeWant{"read-data": {true, "Allowed"}, "read-logs": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "VPCE_POLICY_NO_ALLOW", []string{"s3-ep"}, []string{"read-logs"}}}, errorsOnlyOnEdges: []string{"read-logs"}},
		{file: "s3-event-other-account-bucket", edges: map[string]edgeWant{"upload": {true, "Allowed"}}, noErrors: true, forbidden: []forbidWant{{"CONFUSED_DEPUTY", nil}}},
		{file: "s3-event-wrong-account", edges: map[string]edgeWant{"upload": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CONDITION_NOT_MET", []string{"fn"}, []string{"upload"}}}},
		{file: "s3-getobject-on-bucket-arn", edges: map[string]edgeWant{"list": {true, "Allowed"}, "get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"get"}}}, errorsOnlyOnEdges: []string{"get"}},
		{file: "s3-invoke-without-sourceaccount", edges: map[string]edgeWant{"upload": {true, "Allowed"}}, findings: []findingWant{{"warning", "CONFUSED_DEPUTY", []string{"fn"}, nil}}, noErrors: true},
		{file: "s3-listbucket-on-object-arn", edges: map[string]edgeWant{"list": {false, "ImplicitlyDenied"}, "get": {true, "Allowed"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", nil, []string{"list"}}}, errorsOnlyOnEdges: []string{"list"}},
		{file: "service-invoke-without-conditions", edges: map[string]edgeWant{"notify": {true, "Allowed"}}, findings: []findingWant{{"warning", "CONFUSED_DEPUTY", []string{"fn"}, nil}}, noErrors: true},
		{file: "service-principal-in-identity-policy", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IDENTITY_POLICY_PRINCIPAL", []string{"fn-role"}, []string{"get"}}, {"error", "IMPLICIT_DENY", nil, []string{"get"}}}, errorsOnlyOnEdges: []string{"get"}},
		{file: "sns-cross-account-no-subscribe", edges: map[string]edgeWant{"notify": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "SNS_SUBSCRIBE_NOT_ALLOWED", []string{"news", "fn"}, []string{"notify"}}}},
		{file: "sns-cross-account-subscribe-allowed", edges: map[string]edgeWant{"notify": {true, "Allowed"}}, noErrors: true},
		{file: "sns-sourcearn-mismatch", edges: map[string]edgeWant{"notify": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CONDITION_NOT_MET", []string{"fn"}, []string{"notify"}}}},
		{file: "sns-to-sqs-queue-policy", edges: map[string]edgeWant{"fanout": {true, "Allowed"}, "other-fanout": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CONDITION_NOT_MET", []string{"jobs"}, []string{"other-fanout"}}}, errorsOnlyOnEdges: []string{"other-fanout"}},
		{file: "sourcevpce-one-subnet-via-nat", edges: map[string]edgeWant{"read": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"data"}, []string{"read"}}}, errorsOnlyOnEdges: []string{"read"}},
		{file: "sourcevpce-via-gateway", edges: map[string]edgeWant{"read": {true, "Allowed"}}, noErrors: true},
		{file: "sourcevpce-via-nat", edges: map[string]edgeWant{"read": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"data"}, []string{"read"}}}, errorsOnlyOnEdges: []string{"read"}},
		{file: "sqs-mapping-managed", edges: map[string]edgeWant{"poll": {true, "Allowed"}}, noErrors: true},
		{file: "sqs-mapping-missing-receive", edges: map[string]edgeWant{"poll": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "IMPLICIT_DENY", []string{"fn"}, []string{"poll"}}}},
		{file: "sqs-mapping-queue-deny", edges: map[string]edgeWant{"poll": {false, "ExplicitlyDenied"}}, findings: []findingWant{{"error", "EXPLICIT_DENY", []string{"jobs"}, []string{"poll"}}}},
		{file: "table-policy-grants-role", edges: map[string]edgeWant{"put": {true, "Allowed"}}, noErrors: true},
		{file: "time-bounded-allow", edges: map[string]edgeWant{"get": {true, "Allowed"}, "put": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "CONDITION_NOT_MET", nil, []string{"put"}}}, errorsOnlyOnEdges: []string{"put"}},
		{file: "topic-policy-grants-role", edges: map[string]edgeWant{"pub": {true, "Allowed"}}, noErrors: true},
		{file: "trust-ec2-only", findings: []findingWant{{"error", "EXECUTION_ROLE_NOT_ASSUMABLE", []string{"fn", "fn-role"}, nil}}},
		{file: "trust-source-account-ok", noErrors: true, forbidden: []forbidWant{{"EXECUTION_ROLE_NOT_ASSUMABLE", nil}}},
		{file: "trust-source-account-other", findings: []findingWant{{"error", "EXECUTION_ROLE_NOT_ASSUMABLE", []string{"fn-role"}, nil}}},
		{file: "unknown-managed-policy", edges: map[string]edgeWant{"get": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"warning", "MANAGED_POLICY_UNKNOWN", []string{"fn-role"}, nil}, {"error", "IMPLICIT_DENY", nil, []string{"get"}}}},
		{file: "url-iam-anonymous", edges: map[string]edgeWant{"call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "FUNCTION_URL_FORBIDDEN", []string{"fn"}, []string{"call"}}}},
		{file: "url-iam-auth-condition-wrong", edges: map[string]edgeWant{"call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "FUNCTION_URL_FORBIDDEN", []string{"fn"}, []string{"call"}}}},
		{file: "url-iam-cross-account", edges: map[string]edgeWant{"call": {true, "Allowed"}}, noErrors: true},
		{file: "url-iam-user-both-actions", edges: map[string]edgeWant{"call": {true, "Allowed"}}, noErrors: true},
		{file: "url-iam-user-url-action-only", edges: map[string]edgeWant{"call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "FUNCTION_URL_FORBIDDEN", []string{"fn"}, []string{"call"}}}},
		{file: "url-none-caller-role", edges: map[string]edgeWant{"call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "FUNCTION_URL_FORBIDDEN", []string{"fn"}, []string{"call"}}}},
		{file: "url-none-missing-invoke", edges: map[string]edgeWant{"call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "FUNCTION_URL_FORBIDDEN", []string{"fn"}, []string{"call"}}}},
		{file: "url-none-public", edges: map[string]edgeWant{"call": {true, "Allowed"}}, findings: []findingWant{{"warning", "FUNCTION_PUBLICLY_INVOCABLE", []string{"fn"}, nil}}, noErrors: true},
		{file: "url-none-source-ip", edges: map[string]edgeWant{"office-call": {true, "Allowed"}, "other-call": {false, "ImplicitlyDenied"}}, findings: []findingWant{{"error", "FUNCTION_URL_FORBIDDEN", []string{"fn"}, []string{"other-call"}}}, errorsOnlyOnEdges: []string{"other-call"}},
		{file: "user-named-beats-boundary", edges: map[string]edgeWant{"get": {true, "Allowed"}}, noErrors: true},
		{file: "vpc-eni-account-scoped", noErrors: true, forbidden: []forbidWant{{"ENI_PERMISSIONS_MISSING", nil}}},
		{file: "vpc-eni-active", findings: []findingWant{{"info", "ENI_PERMISSIONS_MISSING", []string{"fn"}, nil}}, noErrors: true},
		{file: "vpc-eni-describe-scoped", findings: []findingWant{{"error", "ENI_PERMISSIONS_MISSING", []string{"fn"}, nil}}},
		{file: "vpc-eni-managed", noErrors: true, forbidden: []forbidWant{{"ENI_PERMISSIONS_MISSING", nil}}},
		{file: "vpc-eni-missing-one", findings: []findingWant{{"error", "ENI_PERMISSIONS_MISSING", []string{"fn"}, nil}}},
		{file: "vpc-source-ip-condition", edges: map[string]edgeWant{"read": {true, "Allowed"}}, errorsOnlyOnEdges: []string{}},
		{file: "xray-active-managed", noErrors: true, forbidden: []forbidWant{{"XRAY_PERMISSIONS_MISSING", nil}}},
		{file: "xray-active-scoped", findings: []findingWant{{"warning", "XRAY_PERMISSIONS_MISSING", []string{"fn"}, nil}}, noErrors: true},
		{file: "xray-passthrough", noErrors: true, forbidden: []forbidWant{{"XRAY_PERMISSIONS_MISSING", nil}}},
	}
	files, err := filepath.Glob(filepath.Join("testdata", "edge", "*.json"))
	require.NoError(t, err)
	require.Len(t, files, len(tests), "every design in testdata/edge has an entry")
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "edge", tt.file+".json"))
			require.NoError(t, err)
			_, a := analyze.Validate(data)
			require.Empty(t, a.Problems)
			results := map[string]model.EdgeResult{}
			for _, r := range a.Edges {
				results[r.ID] = r
			}
			for id, want := range tt.edges {
				r, ok := results[id]
				require.True(t, ok, "edge %s", id)
				assert.Equal(t, want.allowed, r.Verdict == model.Allowed, "%s: verdict %s", id, r.Verdict)
				require.NotNil(t, r.Permission.Decision, "%s has a permission decision", id)
				assert.Equal(t, want.decision, string(*r.Permission.Decision), "%s: decision", id)
			}
			for _, want := range tt.findings {
				assert.True(t, slices.ContainsFunc(a.Findings, func(f model.Finding) bool {
					return f.Severity == want.severity && f.Code == want.code && subset(want.nodes, f.Nodes) && subset(want.edges, f.Edges)
				}), "a %s %s finding on nodes %v, edges %v; got %v", want.severity, want.code, want.nodes, want.edges, summary(a.Findings))
			}
			for _, f := range a.Findings {
				if f.Severity == model.SeverityError {
					assert.False(t, tt.noErrors, "no error expected: %s %v", f.Code, f.Message)
					if tt.errorsOnlyOnEdges != nil {
						assert.True(t, slices.ContainsFunc(f.Edges, func(e string) bool { return slices.Contains(tt.errorsOnlyOnEdges, e) }),
							"error %s names one of %v: %s", f.Code, tt.errorsOnlyOnEdges, f.Message)
					}
				}
				if f.Severity == model.SeverityInfo {
					continue
				}
				for _, fw := range tt.forbidden {
					assert.False(t, f.Code == fw.code && subset(fw.nodes, f.Nodes), "forbidden %s %s: %s", f.Severity, f.Code, f.Message)
				}
			}
		})
	}
}

func subset(want, got []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

func summary(fs []model.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Severity+" "+f.Code)
	}
	return out
}
