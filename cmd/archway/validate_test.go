package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// brokenDoc has one problem of each of several kinds.
const brokenDoc = `{"format": "archway/v1", "colour": "red", "nodes": [
  {"id": "vpc", "type": "vpc", "cidr": "10.0.0.0/16"},
  {"id": "a", "type": "subnet", "parent": "vpc", "cidr": "10.1.0.0/24"},
  {"id": "b", "type": "subnet", "parent": "vpc", "cidr": "10.0.0.1/24"},
  {"id": "fn", "type": "lambda", "role": "missing-role", "memory": 128}
], "edges": [{"id": "e", "from": "fn", "to": "vpc"}]}`

var brokenPaths = []string{"colour", "nodes[1].cidr", "nodes[2].cidr", "nodes[3].memory", "nodes[3].role", "edges[0].to"}

// validate runs the CLI the way main does and returns the exit code and output.
func validate(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"validate"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func examplePaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "E*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	return paths
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// wantCode is the exit code an analysis calls for: 1 with an error finding.
func wantCode(a model.Analysis) int {
	for _, f := range a.Findings {
		if f.Severity == model.SeverityError {
			return exitFindings
		}
	}
	return exitOK
}

func TestValidateExamplesJSON(t *testing.T) {
	for _, p := range examplePaths(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			code, stdout, stderr := validate(t, "", "--json", p)
			assert.Empty(t, stderr)
			var a model.Analysis
			require.NoError(t, json.Unmarshal([]byte(stdout), &a), "--json prints one analysis object: %s", stdout)
			assert.Equal(t, 1, strings.Count(stdout, "\n"), "one line per file")
			assert.Empty(t, a.Problems)
			assert.NotNil(t, a.Edges)
			assert.NotNil(t, a.Findings)
			assert.NotNil(t, a.ENIs)
			assert.Contains(t, []int{exitOK, exitFindings}, code)
			assert.Equal(t, wantCode(a), code)

			// The object has the format's keys, even when empty.
			var raw map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(stdout), &raw))
			for _, key := range []string{"problems", "edges", "findings", "enis"} {
				assert.Contains(t, raw, key)
				assert.NotEqual(t, "null", string(raw[key]), key)
			}
		})
	}
}

func TestValidateExamplesHuman(t *testing.T) {
	paths := examplePaths(t)
	code, stdout, stderr := validate(t, "", paths...)
	assert.Empty(t, stderr)
	assert.Contains(t, []int{exitOK, exitFindings}, code)
	for _, p := range paths {
		assert.Contains(t, stdout, p+": ", "a summary line names each file")
	}
	assert.NotContains(t, stdout, "problem")
}

func TestValidateSeveralFilesJSON(t *testing.T) {
	paths := examplePaths(t)[:3]
	code, stdout, _ := validate(t, "", append([]string{"--json"}, paths...)...)
	assert.Contains(t, []int{exitOK, exitFindings}, code)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, len(paths), "one line per file")
	for _, line := range lines {
		assert.True(t, json.Valid([]byte(line)), line)
	}
}

func TestValidateBroken(t *testing.T) {
	p := writeFile(t, "broken.json", brokenDoc)

	code, stdout, stderr := validate(t, "", p)
	assert.Equal(t, exitProblems, code)
	assert.Empty(t, stderr)
	assert.Contains(t, stdout, p+": 6 problems; the design was not analysed")
	for _, path := range brokenPaths {
		assert.Contains(t, stdout, "  problem  "+path+": ", "every problem's path is printed")
	}
	assert.Equal(t, len(brokenPaths)+1, strings.Count(stdout, "\n"), "one line per problem")

	code, stdout, _ = validate(t, "", "--json", p)
	assert.Equal(t, exitProblems, code)
	var a model.Analysis
	require.NoError(t, json.Unmarshal([]byte(stdout), &a))
	var got []string
	for _, pr := range a.Problems {
		got = append(got, pr.Path)
		assert.NotEmpty(t, pr.Message)
	}
	assert.ElementsMatch(t, brokenPaths, got)
	assert.Empty(t, a.Edges, "a document with problems is not analysed")
	assert.Empty(t, a.Findings)
}

func TestValidateNotJSON(t *testing.T) {
	code, stdout, _ := validate(t, "", writeFile(t, "x.json", "format: archway/v1\n"))
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stdout, "not valid JSON")
}

func TestValidateStdin(t *testing.T) {
	data, err := os.ReadFile(examplePaths(t)[0])
	require.NoError(t, err)
	code, stdout, stderr := validate(t, string(data), "-", "--json")
	assert.Empty(t, stderr)
	assert.Contains(t, []int{exitOK, exitFindings}, code)
	assert.True(t, json.Valid([]byte(stdout)), stdout)

	code, stdout, _ = validate(t, brokenDoc, "-")
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stdout, "-: 6 problems")
}

func TestValidateMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.json")
	code, stdout, stderr := validate(t, "", missing)
	assert.Equal(t, exitProblems, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, missing+": cannot read: ")

	// The other files are still checked.
	code, stdout, stderr = validate(t, "", missing, examplePaths(t)[0])
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stderr, missing)
	assert.Contains(t, stdout, examplePaths(t)[0]+": ")
}

func TestValidateTooLarge(t *testing.T) {
	big := `{"format": "archway/v1", "title": "` + strings.Repeat("x", model.MaxDocumentBytes) + `"}`
	code, stdout, _ := validate(t, big, "-")
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stdout, "the limit is 2097152 bytes (2 MiB)")
}

func TestValidateFlagsAfterFiles(t *testing.T) {
	p := examplePaths(t)[0]
	before, out1, _ := validate(t, "", "--json", p)
	after, out2, _ := validate(t, "", p, "--json")
	assert.Equal(t, before, after)
	assert.Equal(t, out1, out2)
	assert.True(t, json.Valid([]byte(out2)))
}

func TestValidateUsage(t *testing.T) {
	for _, flag := range []string{"--help", "-h"} {
		code, stdout, stderr := validate(t, "", flag)
		assert.Equal(t, exitOK, code)
		assert.Empty(t, stderr)
		assert.Contains(t, stdout, "Usage: archway validate [--json] FILE...")
		assert.Contains(t, stdout, "Checks:", "--help says which checks exist")
		assert.Contains(t, stdout, "Exit status")
	}

	code, stdout, stderr := validate(t, "")
	assert.Equal(t, exitProblems, code, "no file")
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "name at least one file")

	code, _, stderr = validate(t, "", "--yaml", examplePaths(t)[0])
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stderr, "unknown flag --yaml")
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"no verb", nil, exitProblems, "", "Usage:"},
		{"help", []string{"--help"}, exitOK, "archway validate", ""},
		{"unknown verb", []string{"check"}, exitProblems, "", `unknown verb "check"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, strings.NewReader(""), &out, &errOut)
			assert.Equal(t, tt.code, code)
			if tt.wantStdout != "" {
				assert.Contains(t, out.String(), tt.wantStdout)
			}
			if tt.wantStderr != "" {
				assert.Contains(t, errOut.String(), tt.wantStderr)
			}
		})
	}
}

// BenchmarkValidate measures one CLI run over the largest example.
func BenchmarkValidate(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "E05.json"))
	require.NoError(b, err)
	require.Len(b, paths, 1)
	for b.Loop() {
		run([]string{"validate", "--json", paths[0]}, strings.NewReader(""), io.Discard, io.Discard)
	}
}
