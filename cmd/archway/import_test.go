package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

// importCLI runs "archway import" the way main does.
func importCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"import"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

const smallTemplate = `
Parameters:
  TableName: {Type: String}
Resources:
  Table: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref TableName}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment: {Variables: {TABLE: !Ref Table}}
      Policies: [DynamoDBCrudPolicy: {TableName: !Ref Table}]
`

func TestImportCLI(t *testing.T) {
	tmpl := writeFile(t, "app.yaml", smallTemplate)
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		design bool     // the design is on stdout
		stderr []string // parts of the report or message
	}{
		{"to stdout, with a placeholder", []string{tmpl}, "", exitOK, true,
			[]string{"imported 2 resources as 3 nodes and 1 arrow", "arrow        Fn -> Table (data-access", "placeholder  Resources.Table.Properties.TableName.Ref: parameter TableName stands as {{param:TableName}}"}},
		{"a parameter value", []string{"--param", "TableName=cats", tmpl}, "", exitOK, true, []string{"imported 2 resources"}},
		{"a parameter value with =", []string{"--param=TableName=a=b", tmpl}, "", exitOK, true, []string{"imported 2 resources"}},
		{"standard input", []string{"-"}, smallTemplate, exitOK, true, []string{"-: imported 2 resources"}},
		{"help", []string{"--help"}, "", exitOK, false, nil},
		{"no file", nil, "", exitProblems, false, []string{"name a template file"}},
		{"two files", []string{tmpl, tmpl}, "", exitProblems, false, []string{"import one template at a time"}},
		{"unknown flag", []string{"--nope", tmpl}, "", exitProblems, false, []string{"unknown flag --nope"}},
		{"a bad --param", []string{"--param", "TableName", tmpl}, "", exitProblems, false, []string{`--param needs Key=Value, not "TableName"`}},
		{"-o without a file", []string{tmpl, "-o"}, "", exitProblems, false, []string{"-o needs a file name"}},
		{"an unknown parameter", []string{"--param", "Nope=1", tmpl}, "", exitProblems, false, []string{`Parameters: the template has no parameter "Nope"`}},
		{"a missing file", []string{filepath.Join(t.TempDir(), "none.yaml")}, "", exitProblems, false, []string{"none.yaml: cannot read"}},
		{"a broken template names the path", []string{"-"}, "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      VpcConfig: {SubnetIds: [!Ref Missing]}\n", exitProblems, false,
			[]string{`archway import: -: Resources.Fn.Properties.VpcConfig.SubnetIds[0].Ref: no parameter or resource named "Missing"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := importCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, code, stderr)
			if tt.design {
				d, ps := model.Decode([]byte(stdout))
				require.Empty(t, ps)
				assert.Len(t, d.Nodes, 3)
			} else if tt.name == "help" {
				assert.Contains(t, stdout, "Usage: archway import")
			} else {
				assert.Empty(t, stdout)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, stderr, s)
			}
		})
	}
}

func TestImportCLIOutputFile(t *testing.T) {
	tmpl := writeFile(t, "app.yaml", smallTemplate)
	out := filepath.Join(t.TempDir(), "design.json")
	code, stdout, stderr := importCLI(t, "", tmpl, "-o", out, "--param", "TableName=cats", "--param", "AWS::AccountId=123456789012")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	d, ps := model.Decode(data)
	require.Empty(t, ps)
	assert.Equal(t, "123456789012", d.Account)
	for _, n := range d.Nodes {
		if n.ID == "Table" {
			assert.Equal(t, "cats", n.Name)
		}
	}
	// The imported design validates: the function may write its table.
	code, vout, _ := validate(t, "", out)
	assert.Equal(t, exitOK, code, vout)
	assert.Contains(t, vout, "1 arrow: 1 allowed")

	code, _, stderr = importCLI(t, "", tmpl, "-o", filepath.Join(t.TempDir(), "missing", "d.json"))
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, stderr, "cannot write")
}
