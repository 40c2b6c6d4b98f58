package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValidID checks the id test against the regular expression it stands for.
func TestValidID(t *testing.T) {
	pattern := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	for _, id := range []string{"", "a", "Z9", "0", "fn-1.b_c", "-a", ".a", "_a", "a b", "a/b", "é", "a\n", "\na", "a:b", "sn-private-a", "x-", "a\x00"} {
		assert.Equal(t, pattern.MatchString(id), validID(id), "%q", id)
	}
}

// TestJPath checks that a lazy path writes what field and index build.
func TestJPath(t *testing.T) {
	for _, tt := range []struct {
		p    jpath
		want string
	}{
		{jpath{}, ""},
		{jpath{base: "nodes"}.index(3).field("id"), index("nodes", 3) + ".id"},
		{jpath{}.field("prefixLists").field("s3").index(0), index(field(field("", "prefixLists"), "s3"), 0)},
		{jpath{}.field("my.policy"), field("", "my.policy")},
		{jpath{base: "nodes"}.index(1).field("policies").field("a b").field(""), field(field(field(index("nodes", 1), "policies"), "a b"), "")},
		{jpath{base: "nodes"}.index(0).field("mountTargets").index(1).field("securityGroups").index(2).field("x").field("y"),
			"nodes[0].mountTargets[1].securityGroups[2].x.y"},
	} {
		assert.Equal(t, tt.want, tt.p.String())
	}
}

// TestTopLevel checks that topLevel reads an inline policy list as
// encoding/json does (the members policyList reports, in its order), or
// leaves it to encoding/json.
func TestTopLevel(t *testing.T) {
	for _, tc := range []struct {
		raw string
		ok  bool
	}{
		{`[]`, true},
		{`{}`, true},
		{`[{"Version": "2012-10-17"}, 1, "x", null, [2]]`, true},
		{` { "a" : {"Statement": []} , "b" : [] } `, true},
		{`{"b": {}, "a": {}}`, false},
		{`{"a": {}, "a": 1}`, false},
		{`{"\u0061": {}}`, false},
		{`[1, 2`, false},
		{`[1] x`, false},
		{`"x"`, false},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			keys, values, ok := topLevel([]byte(tc.raw))
			require.Equal(t, tc.ok, ok)
			if !ok {
				return
			}
			if keys == nil {
				var want []json.RawMessage
				require.NoError(t, json.Unmarshal([]byte(tc.raw), &want))
				require.Len(t, values, len(want))
				for i := range want {
					assert.Equal(t, string(want[i]), string(values[i]))
				}
				return
			}
			var want map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(tc.raw), &want))
			assert.Equal(t, sortedKeys(want), keys)
			for i, k := range keys {
				assert.Equal(t, string(want[k]), string(values[i]))
			}
		})
	}
}

// FuzzInlinePolicies checks that InlinePolicies gives an array's or
// object's documents as encoding/json reads them, in its order.
func FuzzInlinePolicies(f *testing.F) {
	for _, s := range []string{`[{"Statement":[]},{}]`, `{"b":{},"a":{"x":[1,"]"]}}`, ` {"a":{}, "b" : [1]} `, `[1, "a\"b", {"c": {"d": [true]}}]`, `{"a":1,"a":2}`, `{"a\"b":{},"c":{}}`, "{\"a\xff\":{}}", `[`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		names, docs, ok := InlinePolicies(raw)
		if !ok || len(raw) == 0 {
			return
		}
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			assert.Nil(t, names)
			require.Len(t, docs, len(list))
			for i := range list {
				assert.Equal(t, string(list[i]), string(docs[i]))
			}
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		assert.Equal(t, sortedKeys(m), names)
		require.Len(t, docs, len(names))
		for i, k := range names {
			assert.Equal(t, string(m[k]), string(docs[i]))
		}
	})
}

// TestRepeatedIDs checks which ids Check reports as repeated: every node or
// edge after the first of its id, whatever the first is (empty, invalid or
// repeated again), and never the first itself.
func TestRepeatedIDs(t *testing.T) {
	invalid := `"-x" is not a valid id: use letters, digits, '.', '_' and '-', starting with a letter or digit`
	tests := []struct {
		name string
		ids  []string
		want map[int]string // position: the problem of its id
	}{
		{"none", []string{"a", "b", "c"}, map[int]string{}},
		{"a pair", []string{"a", "b", "a"}, map[int]string{2: `another %s already has the id "a"`}},
		{"three of a kind", []string{"a", "a", "b", "a"}, map[int]string{1: `another %s already has the id "a"`, 3: `another %s already has the id "a"`}},
		{"two pairs", []string{"b", "a", "a", "b"}, map[int]string{2: `another %s already has the id "a"`, 3: `another %s already has the id "b"`}},
		{"empty ids", []string{"", "a", ""}, map[int]string{0: "every %s needs an id", 2: "every %s needs an id"}},
		{"an invalid id twice", []string{"-x", "-x"}, map[int]string{0: invalid, 1: invalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Design{Format: FormatV1}
			for _, id := range tt.ids {
				d.Nodes = append(d.Nodes, &Node{ID: id, Type: TypeXRay})
				d.Edges = append(d.Edges, &Edge{ID: id})
			}
			for _, what := range []string{"node", "edge"} {
				got := map[int]string{}
				for _, p := range Check(d) {
					var i int
					if n, _ := fmt.Sscanf(p.Path, what+"s[%d].id", &i); n == 1 && strings.HasSuffix(p.Path, "].id") {
						got[i] = p.Message
					}
				}
				want := map[int]string{}
				for i, m := range tt.want {
					if strings.Contains(m, "%s") {
						m = fmt.Sprintf(m, what)
					}
					want[i] = m
				}
				assert.Equal(t, want, got, what)
			}
		})
	}
}
