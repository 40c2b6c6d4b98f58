package iam

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

// ManagedPolicy is an AWS managed policy compiled into Archway, with the
// default version its document was taken from.
type ManagedPolicy struct {
	Name     string
	ARN      string
	Version  string // the AWS policy version modelled ("v3")
	Document []byte
	Policy   *Policy
}

//go:embed managed/*.json
var managedFiles embed.FS

// managedList names the managed policies, their path and the AWS version of
// the document in managed/NAME.json.
var managedList = []struct{ name, path, version string }{
	{"AWSLambdaBasicExecutionRole", "service-role/", "v1"},
	{"AWSLambdaVPCAccessExecutionRole", "service-role/", "v3"},
	{"AWSLambdaENIManagementAccess", "service-role/", "v2"},
	{"AWSXRayDaemonWriteAccess", "", "v2"},
	{"AWSLambdaDynamoDBExecutionRole", "service-role/", "v1"},
	{"AWSLambdaSQSQueueExecutionRole", "service-role/", "v1"},
	{"AWSLambdaKinesisExecutionRole", "service-role/", "v2"},
	{"AWSLambdaRole", "service-role/", "v1"},
	{"AmazonDynamoDBReadOnlyAccess", "", "v15"},
	{"AmazonDynamoDBFullAccess", "", "v15"},
	{"AmazonS3ReadOnlyAccess", "", "v3"},
	{"AmazonS3FullAccess", "", "v2"},
	{"AmazonSQSFullAccess", "", "v1"},
	{"AmazonSNSFullAccess", "", "v2"},
	{"CloudWatchLogsFullAccess", "", "v3"},
	{"AdministratorAccess", "", "v1"},
	{"PowerUserAccess", "", "v12"},
	{"AWSLambdaExecute", "", "v1"},
	{"AWSLambdaInvocation-DynamoDB", "", "v1"},
	{"AWSLambda_FullAccess", "", "v5"},
	{"AmazonSQSReadOnlyAccess", "", "v3"},
	{"AmazonSNSReadOnlyAccess", "", "v1"},
	{"AWSXrayWriteOnlyAccess", "", "v2"},
	{"CloudWatchLambdaInsightsExecutionRolePolicy", "", "v1"},
}

// managed is the read-only table of compiled managed policies, by name.
var managed = loadManaged()

func loadManaged() map[string]*ManagedPolicy {
	m := make(map[string]*ManagedPolicy, len(managedList))
	for _, e := range managedList {
		doc, err := managedFiles.ReadFile("managed/" + e.name + ".json")
		if err != nil {
			panic("iam: managed policy missing: " + e.name)
		}
		pol, ps := Parse(doc)
		if len(ps) > 0 {
			panic(fmt.Sprintf("iam: managed policy %s: %v", e.name, ps))
		}
		m[e.name] = &ManagedPolicy{Name: e.name, ARN: "arn:aws:iam::aws:policy/" + e.path + e.name,
			Version: e.version, Document: doc, Policy: pol}
	}
	return m
}

// Managed looks up an AWS managed policy by name
// ("AWSLambdaBasicExecutionRole") or ARN
// ("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole").
// The error says what is wrong: an unknown name, or an ARN with the wrong path.
func Managed(ref string) (*ManagedPolicy, error) {
	name, isARN := ref, false
	var c [6]string
	if splitARNInto(ref, &c) && c[0] == "arn" && c[2] == "iam" && c[4] == "aws" && strings.HasPrefix(c[5], "policy/") {
		// AWS managed policies live in the "aws" account of every partition.
		isARN = true
		name = c[5][strings.LastIndexByte(c[5], '/')+1:]
	}
	mp, ok := managed[name]
	if !ok {
		for n := range managed {
			if strings.EqualFold(n, name) {
				return nil, fmt.Errorf("unknown AWS managed policy %q; names are case-sensitive: did you mean %q?", ref, n)
			}
		}
		return nil, fmt.Errorf("unknown AWS managed policy %q; Archway knows %s", ref, strings.Join(ManagedNames(), ", "))
	}
	if isARN && c[5] != strings.TrimPrefix(mp.ARN, "arn:aws:iam::aws:") {
		return nil, fmt.Errorf("%q is not the ARN of %s: it is %q", ref, name, "arn:"+c[1]+":iam::aws:"+strings.TrimPrefix(mp.ARN, "arn:aws:iam::aws:"))
	}
	return mp, nil
}

// ManagedNames returns the names of the managed policies Archway knows, sorted.
func ManagedNames() []string {
	ns := make([]string, 0, len(managed))
	for n := range managed {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}
