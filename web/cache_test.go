package web

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLRUPut checks what put keeps, and that the least recently used
// entries go first once the cache is full.
func TestLRUPut(t *testing.T) {
	// Entries of 20 bytes: five fill the cache of 100, a sixth evicts one.
	v := func(c string) string { return strings.Repeat(c, 20) }
	tests := []struct {
		name    string
		puts    []string // values put under their own text as key, in order
		get     string   // read after all but the last put (empty: none)
		present []string
		gone    []string
	}{
		{name: "new keys", puts: []string{"a", "b"}, present: []string{"a", "b"}},
		{name: "key held already", puts: []string{"a", "a"}, present: []string{"a"}},
		{name: "larger than a quarter of the cache", puts: []string{strings.Repeat("a", 26)}, gone: []string{strings.Repeat("a", 26)}},
		{name: "evicts the least recently used", puts: []string{v("a"), v("b"), v("c"), v("d"), v("e"), v("f")}, get: v("a"),
			present: []string{v("a"), v("c"), v("d"), v("e"), v("f")}, gone: []string{v("b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLRU(100, func(s string) int { return len(s) })
			for i, p := range tt.puts {
				if i == len(tt.puts)-1 && tt.get != "" {
					_, ok := c.get(tt.get)
					assert.True(t, ok)
				}
				c.put(p, p)
			}
			for _, k := range tt.present {
				got, ok := c.get(k)
				assert.True(t, ok, k)
				assert.Equal(t, k, got)
			}
			for _, k := range tt.gone {
				_, ok := c.get(k)
				assert.False(t, ok, k)
			}
			used := 0
			for _, k := range tt.present {
				used += len(k)
			}
			assert.Equal(t, used, c.used, "bytes held")
		})
	}
}
