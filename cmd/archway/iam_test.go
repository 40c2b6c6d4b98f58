package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunIAMEval(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"allow","principal":"arn:aws:sts::111111111111:assumed-role/r/f","action":"dynamodb:PutItem","resource":"arn:aws:dynamodb:us-east-1:111111111111:table/Cats","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"Put","Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*"}]}]}`,
		``,
		`not json`,
		`{"id":"sns","principal":{"Service":"sns.amazonaws.com"},"action":"lambda:InvokeFunction","resource":"arn:aws:lambda:us-east-1:111111111111:function:f","context":{"aws:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"},"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*"}]}}`,
		`{"id":"last","principal":"222222222222","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceAccount":"111111111111"}`,
	}, "\n") // no newline after the last case
	var stdout, stderr bytes.Buffer
	code := runIAM([]string{"eval"}, strings.NewReader(in), &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	require.Len(t, lines, 4, "one line per non-empty input line")
	want := []string{
		`{"id":"allow","decision":"Allowed","statements":[{"policy":"identityPolicies[0]","sid":"Put","index":0,"effect":"Allow"}]}`,
		``,
		`{"id":"sns","decision":"ExplicitlyDenied","statements":[{"policy":"resourcePolicy","sid":"","index":0,"effect":"Deny"}]}`,
		`{"id":"last","decision":"ImplicitlyDenied","statements":[]}`,
	}
	for i, w := range want {
		if w == "" {
			var out map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[i]), &out))
			assert.Nil(t, out["id"])
			assert.Contains(t, out["error"], "not a valid case")
			continue
		}
		assert.JSONEq(t, w, lines[i])
	}
	assert.Empty(t, stderr.String())
}

func TestRunIAMUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no sub-verb", nil, exitProblems},
		{"unknown sub-verb", []string{"simulate"}, exitProblems},
		{"extra argument", []string{"eval", "x"}, exitProblems},
		{"help", []string{"--help"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runIAM(tt.args, strings.NewReader(""), &stdout, &stderr)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, stdout.String()+stderr.String(), "archway iam eval")
		})
	}
}
