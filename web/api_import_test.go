package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/cfn"
	"archway/model"
)

const importTemplate = `
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

// imported is the answer of the import route.
type imported struct {
	Design   json.RawMessage `json:"design"`
	Report   cfn.Report      `json:"report"`
	Analysis model.Analysis  `json:"analysis"`
}

func TestImportCloudFormation(t *testing.T) {
	f := newFixture(t)
	const path = "/api/v1/import/cloudformation"

	t.Run("a YAML template with a parameter", func(t *testing.T) {
		r := f.do(http.MethodPost, path+"?param=TableName=cats", []byte(importTemplate), "Content-Type", "application/yaml")
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		var got imported
		r.decode(t, &got)
		d, ps := model.Decode(got.Design)
		require.Empty(t, ps)
		assert.Len(t, d.Nodes, 3)
		assert.Equal(t, map[string]int{"AWS::DynamoDB::Table": 1, "AWS::Serverless::Function": 1}, got.Report.Resources)
		require.Len(t, got.Report.Inferred, 1)
		assert.Equal(t, "data-access", got.Report.Inferred[0].Rule)
		assert.Empty(t, got.Report.Placeholders)
		require.Len(t, got.Analysis.Edges, 1)
		assert.Equal(t, model.Allowed, got.Analysis.Edges[0].Verdict)
	})

	t.Run("a JSON template from the public set", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("..", "cfn", "testdata", "vpc-2az-managed-nat-nacl.json"))
		require.NoError(t, err)
		r := f.do(http.MethodPost, path, data)
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		var got imported
		r.decode(t, &got)
		assert.Equal(t, 4, got.Report.Nodes[model.TypeSubnet])
		assert.Empty(t, got.Analysis.Problems)
	})

	t.Run("a parameter without a value is a placeholder", func(t *testing.T) {
		r := f.do(http.MethodPost, path, []byte(importTemplate), "Content-Type", "text/yaml; charset=utf-8")
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		var got imported
		r.decode(t, &got)
		require.Len(t, got.Report.Placeholders, 1)
		assert.Equal(t, "{{param:TableName}}", got.Report.Placeholders[0].Value)
	})

	errs := []struct {
		name, query, ctype string
		body               []byte
		status             int
		path, msg          string
	}{
		{"a broken intrinsic", "", "application/yaml", []byte("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Role: !GetAtt Nope.Arn}\n"),
			http.StatusUnprocessableEntity, "Resources.Fn.Properties.Role.Fn::GetAtt", `no resource named "Nope"`},
		{"not a template", "", "application/json", []byte(`{"format": "archway/v1"}`),
			http.StatusUnprocessableEntity, "", "it has no Resources section"},
		{"an unknown parameter", "?param=Nope=1", "application/yaml", []byte(importTemplate),
			http.StatusUnprocessableEntity, "Parameters", `no parameter "Nope"`},
		{"a malformed param", "?param=novalue", "application/yaml", []byte(importTemplate),
			http.StatusBadRequest, "", `param must be Key=Value, not "novalue"`},
		{"a form body", "", "application/x-www-form-urlencoded", []byte(importTemplate),
			http.StatusUnsupportedMediaType, "", "must be a template in YAML or JSON"},
		{"too large", "", "application/yaml", bytes.Repeat([]byte("#"), maxBody+1),
			http.StatusRequestEntityTooLarge, "", "the limit is 2097152 bytes"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, path+tt.query, tt.body, "Content-Type", tt.ctype)
			require.Equal(t, tt.status, r.status, "%s", r.body)
			e := r.errorBody(t)
			assert.Contains(t, e.Error, tt.msg)
			require.Len(t, e.Problems, 1)
			assert.Equal(t, tt.path, e.Problems[0].Path)
		})
	}
}

// TestImportContentTypes checks which declared types a template may come as.
func TestImportContentTypes(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		ctype  string
		status int
	}{
		{"application/yaml", http.StatusOK},
		{"text/x-yaml", http.StatusOK},
		{"text/plain; charset=utf-8", http.StatusOK},
		{"application/vnd.example+yaml", http.StatusOK},
		{"application/vnd.example+json", http.StatusOK},
		{"", http.StatusUnsupportedMediaType},
		{"text/html", http.StatusUnsupportedMediaType},
		{"application/vnd.example+yaml; =", http.StatusUnsupportedMediaType},
	} {
		r := f.do(http.MethodPost, "/api/v1/import/cloudformation", []byte(importTemplate), "Content-Type", tt.ctype)
		assert.Equal(t, tt.status, r.status, "Content-Type %q: %s", tt.ctype, r.body)
	}
}
