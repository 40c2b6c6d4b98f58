package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameAsCareful checks that Decode, whichever path it takes, gives exactly
// what the careful path gives: the same design, with nil and empty lists
// told apart, and the same problems in the same order.
func sameAsCareful(t *testing.T, data []byte) {
	t.Helper()
	d, ps := Decode(data)
	cd, cps := decodeCareful(data)
	assert.True(t, reflect.DeepEqual(cd, d), "designs differ for %s", data)
	assert.True(t, reflect.DeepEqual(cps, ps), "problems differ for %s:\nfast %v\ncareful %v", data, ps, cps)
}

// TestDecodeFastTakesValidDocuments checks that valid documents do take the
// fast path, and give what the careful path gives.
func TestDecodeFastTakesValidDocuments(t *testing.T) {
	docs := map[string][]byte{"base": []byte(doc(nil))}
	for name, data := range exampleFiles(t) {
		d, ps := decodeCareful(data)
		require.NotNil(t, d)
		if len(ps) == 0 {
			docs[name] = data
		}
		docs[name+" canonical"] = Encode(d)
	}
	docs["every field"] = []byte(`{"format": "archway/v1", "title": "caf\u00e9 \"quoted\" ünïcode ✓", "account": "123456789012",
		"region": "eu-west-1", "prefixLists": {"s3": ["52.216.0.0/15", "3.5.0.0/19"], "dynamodb": []},
		"nodes": [
		{"id": "vpc", "type": "vpc", "label": "V", "cidr": "10.0.0.0/16", "dnsSupport": true, "dnsHostnames": false, "enisInUse": 3, "x": -1.5e2, "y": 0, "w": 400.25, "h": 1E3},
		{"id": "sn", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.0/24", "az": "eu-west-1a", "routeTable": "rt", "networkAcl": "acl", "availableIps": 250},
		{"id": "rt", "type": "route-table", "parent": "vpc", "main": false, "routes": [{"destination": "0.0.0.0/0", "target": "nat"}, {"destination": "pl:s3", "target": "gw"}]},
		{"id": "igw", "type": "internet-gateway", "parent": "vpc", "attached": true},
		{"id": "nat", "type": "nat-gateway", "parent": "sn", "connectivity": "private", "elasticIp": ""},
		{"id": "gw", "type": "vpc-endpoint", "parent": "vpc", "service": "s3", "endpointType": "gateway", "routeTables": ["rt"], "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": 10.50}}}]}},
		{"id": "ep", "type": "vpc-endpoint", "parent": "vpc", "service": "sqs", "subnets": ["sn"], "securityGroups": ["sg"], "privateDns": false, "routeTables": []},
		{"id": "sg", "type": "security-group", "parent": "vpc", "ingress": [{"protocol": "tcp", "ports": 443, "from": "10.0.0.0/8", "description": "in"}, {"ports": "1024-65535", "from": "sg"}, {"ports": "all", "from": "pl:s3"}], "egress": []},
		{"id": "sg2", "type": "security-group", "parent": "vpc", "egress": [{"protocol": "-1", "to": "0.0.0.0/0"}]},
		{"id": "acl", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0", "action": "allow"}], "outbound": []},
		{"id": "fn", "type": "lambda", "parent": "sn", "role": "role", "vpc": {"subnets": ["sn"], "securityGroups": []}, "runtime": "python3.13", "tracing": "Active", "url": {"authType": "NONE"}, "resourcePolicy": {"Statement": []}, "aliases": ["live"], "state": "Active"},
		{"id": "role", "type": "iam-role", "trust": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "managedPolicies": ["AWSLambdaBasicExecutionRole"], "policies": {"b": {}, "a": [1, 2.50, true, null, "x\u0041"]}, "permissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess"},
		{"id": "user", "type": "iam-user", "policies": [], "managedPolicies": []},
		{"id": "db", "type": "rds-cluster", "parent": "vpc", "subnets": ["sn"], "securityGroups": ["sg"], "engine": "postgres", "port": 5432, "publiclyAccessible": false},
		{"id": "i", "type": "ec2-instance", "parent": "sn", "securityGroups": ["sg"], "publicIp": true},
		{"id": "fs", "type": "efs-filesystem", "mountTargets": [{"subnet": "sn", "securityGroups": ["sg"]}, {"subnet": "sn"}], "policy": null},
		{"id": "h", "type": "internet-host", "host": "example.com", "address": "93.184.216.34"},
		{"id": "x", "type": "generic", "resourceType": "AWS::X::Y"},
		{"id": "t", "type": "dynamodb-table", "name": "T", "account": "123456789012", "region": "eu-west-1"}
		],
		"edges": [{"id": "e1", "from": "fn", "to": "t", "label": "write", "actions": ["dynamodb:PutItem"], "protocol": "tcp", "port": 443, "qualifier": "live", "via": "", "fromSubnet": "sn", "route": [[10, 20.5], [ -3e2 , 20.5 ], [-300, 1E-3]]}, {"id": "e2", "from": "fn", "to": "db", "actions": [], "route": []}]
	}`)
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			sameAsCareful(t, data)
			_, ok := decodeFast(data)
			// the one null makes the careful path read the last document
			assert.Equal(t, name != "every field", ok, "fast path taken")
		})
	}
	every := strings.Replace(string(docs["every field"]), `, "policy": null`, "", 1)
	_, ok := decodeFast([]byte(every))
	assert.True(t, ok, "the fast path reads every kind of field")
	sameAsCareful(t, []byte(every))
}

// TestDecodeFastGivesUp mutates every field of a valid design in the ways
// that are, or are close to, problems: the fast path must give up wherever
// the careful path reports something, and agree with it everywhere else.
func TestDecodeFastGivesUp(t *testing.T) {
	values := []string{`null`, `1.5`, `-0`, `7`, `1e400`, `99999999999999999999`, `"x"`, `""`, `"\u0041"`, `"\xff"`,
		`true`, `[]`, `["a"]`, `[1]`, `[{}]`, `{}`, `{"a": 1}`, `"443"`, `"1-0"`, `01`, `1.`, `tru`}
	extra := append(append([]string{}, baseNodes...),
		`{"id": "acl", "type": "network-acl", "parent": "vpc", "inbound": [{"rule": 100, "cidr": "0.0.0.0/0", "action": "allow", "ports": 443}]}`,
		`{"id": "sgx", "type": "security-group", "parent": "vpc", "egress": [{"to": "0.0.0.0/0", "ports": "all"}]}`,
		`{"id": "vpe", "type": "vpc-endpoint", "parent": "vpc", "service": "s3", "policy": {"Statement": []}}`,
		`{"id": "fs", "type": "efs-filesystem", "mountTargets": [{"subnet": "sn-a"}]}`)
	build := func(i int, node string) []byte {
		ns := slices.Clone(extra)
		ns[i] = node
		return []byte(`{"format": "archway/v1", "nodes": [` + strings.Join(ns, ",") + `], "edges": [` + strings.Join(baseEdges, ",") + `]}`)
	}
	n, fast := 0, 0
	check := func(data []byte) {
		sameAsCareful(t, data)
		if _, ok := decodeFast(data); ok {
			fast++
		}
		n++
	}
	for i, node := range extra {
		var fields map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(node), &fields))
		for key := range fields {
			rest := func(replace string) string {
				var parts []string
				for k, v := range fields {
					if k != key {
						parts = append(parts, fmt.Sprintf("%q: %s", k, v))
					}
				}
				if replace != "" {
					parts = append(parts, replace)
				}
				return "{" + strings.Join(parts, ", ") + "}"
			}
			variants := []string{
				rest(""),
				rest(fmt.Sprintf("%q: %s", strings.ToUpper(key), fields[key])),
				rest(fmt.Sprintf("%q: %s, %q: %s", key, fields[key], key, fields[key])),
				rest(fmt.Sprintf(`"\u%04x%s": %s`, key[0], key[1:], fields[key])),
			}
			for _, v := range values {
				variants = append(variants, rest(fmt.Sprintf("%q: %s", key, v)))
			}
			for _, v := range variants {
				check(build(i, v))
			}
		}
		for _, other := range []string{"cidr", "routes", "policy", "vpc", "trust", "x", "port", "egress"} {
			if _, ok := fields[other]; !ok {
				check(build(i, strings.TrimSuffix(node, "}")+fmt.Sprintf(`, %q: 1}`, other)))
			}
		}
	}
	// an edge's stored route and a function's role link, in the same ways
	for _, route := range []string{`[]`, `[[]]`, `[[1, 2]]`, `[[1, 2], [3, 4]]`, `[[1, 2], [3]]`, `[[1, 2], [3, 4, 5]]`, `[[1, 2], null]`,
		`[[1, 2], [3, "4"]]`, `[[1, 2], [1e400, 4]]`, `[[1, 2], [1e-400, 4]]`, `[[1, 2], [-0, 01]]`, `[[1, 2], [3, 4],]`, `[[1, 2] [3, 4]]`,
		`[[1, 2], {"x": 3}]`, `{}`, `null`, `"[[1, 2], [3, 4]]"`, `[` + strings.Repeat(`[1, 2], `, MaxRoutePoints) + `[3, 4]]`} {
		check([]byte(`{"format": "archway/v1", "nodes": [` + strings.Join(baseNodes, ",") + `], "edges": [{"id": "e", "from": "fn", "to": "tbl", "route": ` + route + `}]}`))
		check([]byte(`{"format": "archway/v1", "nodes": [` + strings.Join(baseNodes, ",") + `, {"id": "x", "type": "lambda", "roleRoute": ` + route + `}]}`))
	}
	for _, data := range []string{``, ` `, `null`, `[]`, `{}`, `{"format": "archway/v1"}`, `{"format": "archway/v1"} x`,
		"\ufeff" + `{"format": "archway/v1"}`, `{"format": "archway/v2"}`, `{"format": "archway/v1", "nodes": null}`,
		`{"format": "archway/v1", "nodes": {}}`, `{"format": "archway/v1", "edges": [{"id": "e", "from": "a", "to": "b", "Port": 1}]}`,
		`{"format": "archway/v1", "prefixLists": {"s3": ["1.2.3.0/24"], "s3": []}}`, `{"format": "archway/v1", "prefixLists": {}}`,
		`{"format": "archway/v1", "prefixLists": {"s3": [null]}}`, `{"format": "archway/v1", "title": "a", "title": "b"}`,
		`{"format": "archway/v1", "nodes": [{"id": "r", "type": "iam-role", "trust": ` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}]}`,
	} {
		check([]byte(data))
	}
	t.Logf("%d documents, %d read by the fast path", n, fast)
	assert.Positive(t, fast, "some of the variants are valid")
}

// FuzzDecodeFast checks that Decode gives exactly what the careful path
// gives, for any input.
func FuzzDecodeFast(f *testing.F) {
	for _, data := range exampleFiles(f) {
		f.Add(data)
	}
	f.Add([]byte(doc(nil)))
	f.Add([]byte(doc(nodes(`{"id": "x", "type": "security-group", "parent": "vpc", "ingress": [{"ports": "1-0", "from": "sg2"}], "egress": []}`))))
	f.Add([]byte(`{"format": "archway/v1", "prefixLists": {"s3": ["::/0"]}, "nodes": [{"id": "v", "type": "vpc", "cidr": "::/0", "x": 1e3}]}`))
	f.Add([]byte(doc(nil, `{"id": "e", "from": "pub-fn", "to": "tbl", "route": [[0, 1.5], [0, -2e1], [1e400, 3]]}`)))
	f.Add([]byte(`{"format": "archway/v1", "nodes": [{"id": "t", "type": "s3-bucket", "policy": {"b": [{"d": 1, "c": "\u00e9"}], "a": {}, "b": null}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxDocumentBytes {
			return
		}
		sameAsCareful(t, data)
	})
}

// TestDecodeFastEmbeddedDocuments checks that the fast path writes the
// canonical form of embedded documents as the careful path does (through
// encoding/json), and gives up where the decoded value would differ from
// what it read.
func TestDecodeFastEmbeddedDocuments(t *testing.T) {
	for _, tc := range []struct {
		policy string
		fast   bool
	}{
		{`{}`, true},
		{`{"b": 1, "a": 2}`, true},
		{`{"b": {"d": [], "c": {}}, "a": [{"z": null, "y": false}, true, -0, 1.50, 1E+3, 12345678901234567890]}`, true},
		{`{"Statement": [{"Sid": "caf\u00e9 \"q\" \/ \u2028 \ud800 <&>", "Condition": {"StringLike": {"aws:x": ["é", "猫", " "]}}}]}`, true},
		{`{"c": 1, "b": 2, "a": 3, "b2": 4, "a1": 5}`, true},
		{"  {\n \"a\" : [ 1 , 2 ] ,\t\"b\":{ } }  ", true},
		{`{"a": 1, "a": 2}`, false},
		{`{"b": 1, "a": 2, "b": 3}`, false},
		{`{"\u0061": 1}`, false},
		{`{"a": 1,}`, false},
		{`{"a": [1 2]}`, false},
		{`{"a": tru}`, false},
		{`{"a": 01}`, false},
		{`{"a": "` + "\x01" + `"}`, false},
		{strings.Repeat(`[`, maxFastDepth+2) + strings.Repeat(`]`, maxFastDepth+2), false},
		{strings.Repeat(`{"a":`, 20) + `1` + strings.Repeat(`}`, 20), true},
	} {
		t.Run(tc.policy, func(t *testing.T) {
			data := []byte(`{"format": "archway/v1", "nodes": [{"id": "t", "type": "s3-bucket", "policy": ` + tc.policy + `}]}`)
			sameAsCareful(t, data)
			_, ok := decodeFast(data)
			assert.Equal(t, tc.fast, ok, "fast path taken")
		})
	}
}
