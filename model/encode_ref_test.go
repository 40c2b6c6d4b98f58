package model

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodeReference is the encoder Encode replaced, kept as the definition
// of the canonical bytes: an indenting encoding/json Encoder without HTML
// escaping, then each stored route put on one line.
func encodeReference(d *Design) []byte {
	out := *d
	if out.Nodes == nil {
		out.Nodes = []*Node{}
	}
	if out.Edges == nil {
		out.Edges = []*Edge{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&out); err != nil {
		panic("model: encoding a design: " + err.Error())
	}
	return compactRoutesReference(buf.Bytes())
}

// compactRoutesReference puts each stored route (an edge's "route", a
// function's "roleRoute", six spaces in) on one line.
func compactRoutesReference(b []byte) []byte {
	keys := [...][]byte{[]byte("\n      \"route\": ["), []byte("\n      \"roleRoute\": [")}
	next := func(b []byte) int {
		first := -1
		for _, k := range keys {
			if i := bytes.Index(b, k); i >= 0 && (first < 0 || i+len(k)-1 < first) {
				first = i + len(k) - 1
			}
		}
		return first
	}
	const end = "\n      ]"
	var out bytes.Buffer
	for start := next(b); start >= 0; start = next(b) {
		n := bytes.Index(b[start:], []byte(end)) + len(end)
		out.Write(b[:start])
		if err := json.Compact(&out, b[start:start+n]); err != nil {
			panic(err)
		}
		b = b[start+n:]
	}
	out.Write(b)
	return out.Bytes()
}

// assertEncodesAsReference checks that Encode writes the reference bytes.
func assertEncodesAsReference(t *testing.T, d *Design, msgAndArgs ...any) bool {
	t.Helper()
	return assert.Equal(t, string(encodeReference(d)), string(Encode(d)), msgAndArgs...)
}

// repoDesigns returns every example and every testdata JSON file in the
// repository, by path.
func repoDesigns(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir("..", func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() && (de.Name() == "node_modules" || strings.HasPrefix(de.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if !de.IsDir() && strings.HasSuffix(path, ".json") && (strings.Contains(dir, "testdata") || strings.HasSuffix(dir, "examples")) {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[path] = data
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

func TestEncodeMatchesReference(t *testing.T) {
	t.Run("repository files", func(t *testing.T) {
		files := repoDesigns(t)
		require.Greater(t, len(files), 50)
		decoded := 0
		for path, data := range files {
			d, _ := Decode(data)
			if d == nil {
				continue
			}
			decoded++
			assertEncodesAsReference(t, d, path)
		}
		assert.Greater(t, decoded, 50)
	})
	t.Run("random", func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for i := range 2000 {
			d := randomDesign(r)
			if !assertEncodesAsReference(t, d, "design %d", i) {
				return
			}
		}
	})
	t.Run("special values", func(t *testing.T) {
		tiny, big, neg := 1e-7, 1e21, math.Copysign(0, -1)
		empty := []SGRule{}
		for i, d := range []*Design{
			{Format: FormatV1},
			{Format: FormatV1, PrefixLists: map[string][]string{"b": nil, "a": {}, "<&>": {"x\u2028y", "\xff"}}},
			{Format: FormatV1, Nodes: []*Node{nil, {ID: "a", X: &tiny, Y: &big, W: &neg, Egress: &empty,
				VPC: &VPCConfig{}, URL: &FunctionURL{}, Policy: json.RawMessage(" { \"a\" : [ ] , \"b\" : { } , \"c\": [1, {\"d\": \"e \\\" ,:{[\"}]} ")}}, Edges: []*Edge{nil}},
			{Format: FormatV1, Nodes: []*Node{{ID: "\x00\x1f\b\f\n\r\t\"\\/é🐈", Policies: json.RawMessage(`null`),
				Trust: json.RawMessage(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`)}}},
		} {
			assertEncodesAsReference(t, d, "design %d", i)
		}
	})
}

func FuzzEncode(f *testing.F) {
	for _, data := range exampleFiles(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"format":"archway/v1","nodes":[{"id":"a","type":"lambda","roleRoute":[[1,2]]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _ := Decode(data)
		if d == nil {
			return
		}
		assertEncodesAsReference(t, d)
	})
}
