package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"archway/model"
	"archway/model/analyze"
)

// BenchmarkEditorMove is the server's part of moving a node of the
// 100-resource example: one action through HTTP on a real store — decode,
// apply, check and analyse, save the revision, draw the canvas, render the
// panels.
func BenchmarkEditorMove(b *testing.B) {
	fx := newFixture(b)
	doc, err := os.ReadFile("testdata/big100.json")
	require.NoError(b, err)
	tok := strings.TrimPrefix(fx.create(doc).Edit, "/e/")
	d, _ := analyze.Validate(doc)
	fn := ""
	for _, n := range d.Nodes {
		if n.Type == model.TypeLambda {
			fn = n.ID
			break
		}
	}
	rev := 1
	b.ReportAllocs()
	for b.Loop() {
		dx := 10.0
		if rev%2 == 0 {
			dx = -10
		}
		ops, _ := json.Marshal([]editOp{{Op: "move", IDs: []string{fn}, DX: dx}})
		r := fx.form("/e/"+tok+"/ui/ops", url.Values{"base": {strconv.Itoa(rev)}, "ops": {string(ops)}, "sel": {fn}})
		if r.status != http.StatusOK {
			b.Fatalf("status %d: %s", r.status, r.body)
		}
		rev++
	}
}
