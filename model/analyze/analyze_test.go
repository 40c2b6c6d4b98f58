package analyze

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/perm"
)

func TestVerdict(t *testing.T) {
	d, ps := model.Decode([]byte(`{"format": "archway/v1", "nodes": [
		{"id": "fn", "type": "lambda"}, {"id": "tbl", "type": "dynamodb-table"},
		{"id": "box", "type": "generic", "resourceType": "AWS::StepFunctions::StateMachine"}],
		"edges": [{"id": "e", "from": "fn", "to": "tbl"}, {"id": "g", "from": "fn", "to": "box"}]}`))
	require.Empty(t, ps)
	ix := model.NewIndex(d)
	allowed, denied := model.DecisionAllowed, model.DecisionImplicitlyDenied
	subnets := func(reachable ...bool) []model.SubnetResult {
		var out []model.SubnetResult
		for _, r := range reachable {
			out = append(out, model.SubnetResult{Reachable: r})
		}
		return out
	}
	tests := []struct {
		name string
		edge string
		r    model.EdgeResult
		want model.Verdict
	}{
		{"no plane involved", "e", model.EdgeResult{}, model.Allowed},
		{"reachable and allowed", "e", model.EdgeResult{Network: model.NetworkResult{Reachable: model.Bool(true)}, Permission: model.PermissionResult{Decision: &allowed}}, model.Allowed},
		{"reachable but denied", "e", model.EdgeResult{Network: model.NetworkResult{Reachable: model.Bool(true)}, Permission: model.PermissionResult{Decision: &denied}}, model.Blocked},
		{"no network involved, denied", "e", model.EdgeResult{Permission: model.PermissionResult{Decision: &denied}}, model.Blocked},
		{"unreachable from every subnet", "e", model.EdgeResult{Network: model.NetworkResult{Reachable: model.Bool(false), Subnets: subnets(false, false)}, Permission: model.PermissionResult{Decision: &allowed}}, model.Blocked},
		{"reachable from some subnets", "e", model.EdgeResult{Network: model.NetworkResult{Reachable: model.Bool(false), Subnets: subnets(true, false)}, Permission: model.PermissionResult{Decision: &allowed}}, model.Partial},
		{"some subnets and denied", "e", model.EdgeResult{Network: model.NetworkResult{Reachable: model.Bool(false), Subnets: subnets(true, false)}, Permission: model.PermissionResult{Decision: &denied}}, model.Blocked},
		{"unreachable outside a VPC", "e", model.EdgeResult{Network: model.NetworkResult{Reachable: model.Bool(false)}}, model.Blocked},
		{"generic target", "g", model.EdgeResult{}, model.Unchecked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, verdict(ix, ix.Edges[tt.edge], tt.r))
		})
	}
}

func TestValidateProblems(t *testing.T) {
	_, a := Validate([]byte(`{"format": "archway/v1", "nodes": [{"id": "r", "type": "iam-role",
		"policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"}]}]}]}`))
	require.NotEmpty(t, a.Problems, "a policy the IAM engine cannot read is a document problem")
	assert.Equal(t, "nodes[0].policies[0].Statement[0].Effect", a.Problems[0].Path)
	assert.Empty(t, a.Edges)
	assert.NotNil(t, a.Findings)
	assert.NotNil(t, a.ENIs)

	_, a = Validate([]byte(`{"format": "archway/v2"}`))
	require.Len(t, a.Problems, 1)
	assert.Equal(t, "format", a.Problems[0].Path)
}

// TestExamplesDeterministic analyses every public example twice: the same
// JSON comes out, findings are ordered by severity and not repeated, and
// every edge has a result.
func TestExamplesDeterministic(t *testing.T) {
	files, err := filepath.Glob("../../examples/E*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	rank := map[string]int{model.SeverityError: 0, model.SeverityWarning: 1, model.SeverityInfo: 2}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			d, a := Validate(data)
			require.Empty(t, a.Problems)
			_, again := Validate(data)
			first, _ := json.Marshal(a)
			second, _ := json.Marshal(again)
			assert.JSONEq(t, string(first), string(second))
			require.Len(t, a.Edges, len(d.Edges))
			for i, e := range d.Edges {
				assert.Equal(t, e.ID, a.Edges[i].ID, "results follow the document's edge order")
			}
			seen := map[string]bool{}
			for i, fd := range a.Findings {
				if i > 0 {
					assert.LessOrEqual(t, rank[a.Findings[i-1].Severity], rank[fd.Severity], "findings ordered by severity")
				}
				b, _ := json.Marshal(fd)
				assert.False(t, seen[string(b)], "finding repeated: %s", b)
				seen[string(b)] = true
			}
		})
	}
}

// TestPlanesConcurrently checks that running the network plane beside the
// policies' parsing and the permission plane gives what running them one
// after the other gives, on every example, the permission
// engine's edge designs and the 100-resource design.
func TestPlanesConcurrently(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../examples/E*.json", "../perm/testdata/edge/*.json", "../../web/testdata/big100*.json"} {
		more, err := filepath.Glob(pattern)
		require.NoError(t, err)
		require.NotEmpty(t, more, pattern)
		files = append(files, more...)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			if bytes.Contains(data, []byte("aws:CurrentTime")) {
				// its findings quote the time of the analysis, to the second
				t.Skip("depends on the clock")
			}
			d, ps := model.Decode(data)
			require.Empty(t, ps)
			ix := model.NewIndex(d)
			pols := perm.Compile(ix)
			require.Empty(t, pols.Problems())
			edges, net := network(ix)
			plane := <-net // the network plane done before the permission plane starts
			sequential, err := json.Marshal(analyze(ix, pols, edges, single(plane)))
			require.NoError(t, err)
			concurrent, err := json.Marshal(Decoded(d))
			require.NoError(t, err)
			assert.Equal(t, string(sequential), string(concurrent))
		})
	}
}

// single is a channel that holds v.
func single[T any](v T) <-chan T {
	c := make(chan T, 1)
	c <- v
	return c
}

// TestResultsFrom checks that an arrow's network result is found whatever
// order the arrows are asked for in, and in whichever batch it came.
func TestResultsFrom(t *testing.T) {
	result := func(id string) model.NetworkResult {
		return model.NetworkResult{BlockedAt: model.String(id)}
	}
	batches := [][]string{{"a", "b"}, {"c"}, {"d", "e", "f"}}
	tests := []struct {
		name string
		ask  []string
	}{
		{"in order", []string{"a", "b", "c", "d", "e", "f"}},
		{"some left out", []string{"b", "e"}},
		{"backwards", []string{"f", "e", "d", "c", "b", "a"}},
		{"mixed", []string{"c", "a", "f", "b", "d"}},
		{"unknown ones", []string{"x", "a", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edges := make(chan []netEdge, len(batches))
			for _, b := range batches {
				var batch []netEdge
				for _, id := range b {
					batch = append(batch, netEdge{id, result(id)})
				}
				edges <- batch
			}
			close(edges)
			get := resultsFrom(edges)
			for _, id := range tt.ask {
				want := result(id)
				if id == "x" || id == "y" {
					want = model.NetworkResult{}
				}
				assert.Equal(t, want, get(id), id)
			}
		})
	}
}
