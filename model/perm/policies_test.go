package perm

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitInline(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		split bool // splitInline reads it; otherwise encoding/json does
	}{
		{"array", `[{"Statement":[]},{"a":"]}\"["}]`, true},
		{"array with spaces", "[ {\"a\" : [1, 2.5e3, true, null]} ,\n\t{ } ]", true},
		{"array of scalars", `[1,"x",false,null]`, true},
		{"empty array", `[]`, true},
		{"object", `{"b":{"Statement":[]},"a":{"x":"}"},"c":[]}`, true},
		{"object with spaces", "{ \"b\" : { } ,\n \"a\":{\"k\":1} }", true},
		{"empty object", `{ }`, true},
		{"escaped name", `{"a\"b":{},"c":{}}`, false},
		{"repeated name", `{"a":{"x":1},"a":{"x":2}}`, false},
		{"invalid UTF-8 name", "{\"a\xff\":{}}", false},
		{"invalid JSON", `[{"a":1},`, false},
		{"a string", `"policies"`, false},
		{"leading space", ` [{}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := splitInline([]byte(tt.raw))
			assert.Equal(t, tt.split, ok)
			if !ok {
				return
			}
			want := unmarshalInline(json.RawMessage(tt.raw))
			assert.Equal(t, len(want), len(got))
			for i := range min(len(want), len(got)) {
				assert.Equal(t, want[i].label, got[i].label)
				assert.Equal(t, string(want[i].raw), string(got[i].raw))
			}
		})
	}
}

// FuzzSplitInline checks that whatever splitInline reads, encoding/json
// reads the same way.
func FuzzSplitInline(f *testing.F) {
	for _, s := range []string{`[{"Statement":[]},{}]`, `{"b":{},"a":{"x":[1,"]"]}}`, `[1, "a\"b", {"c": {"d": [true]}}]`, `{"a":1,"a":2}`, `[`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 {
			return
		}
		got, ok := splitInline(raw)
		if !ok {
			return
		}
		want := unmarshalInline(raw)
		assert.Equal(t, len(want), len(got))
		for i := range min(len(want), len(got)) {
			assert.Equal(t, want[i].label, got[i].label)
			assert.Equal(t, string(want[i].raw), string(got[i].raw))
		}
	})
}
