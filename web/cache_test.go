package web

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLRUPut checks what put keeps and reports, and that the least
// recently used entries go first once the cache is full.
func TestLRUPut(t *testing.T) {
	// Entries of 20 bytes: five fill the cache of 100, a sixth evicts one.
	v := func(c string) string { return strings.Repeat(c, 20) }
	tests := []struct {
		name    string
		puts    []string // values put under their own text as key, in order
		get     string   // read between the puts and last (empty: none)
		last    string   // the put whose answer is checked
		stored  bool
		present []string
		gone    []string
	}{
		{name: "new key", puts: []string{"a"}, last: "b", stored: true, present: []string{"a", "b"}},
		{name: "key held already", puts: []string{"a"}, last: "a", stored: false, present: []string{"a"}},
		{name: "larger than a quarter of the cache", last: strings.Repeat("a", 26), stored: false, gone: []string{strings.Repeat("a", 26)}},
		{name: "evicts the least recently used", puts: []string{v("a"), v("b"), v("c"), v("d"), v("e")}, get: v("a"),
			last: v("f"), stored: true,
			present: []string{v("a"), v("c"), v("d"), v("e"), v("f")}, gone: []string{v("b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLRU(100, func(s string) int { return len(s) })
			for _, p := range tt.puts {
				assert.True(t, c.put(p, p))
			}
			if tt.get != "" {
				_, ok := c.get(tt.get)
				assert.True(t, ok)
			}
			assert.Equal(t, tt.stored, c.put(tt.last, tt.last))
			for _, k := range tt.present {
				v, ok := c.get(k)
				assert.True(t, ok, k)
				assert.Equal(t, k, v)
			}
			for _, k := range tt.gone {
				_, ok := c.get(k)
				assert.False(t, ok, k)
			}
		})
	}
}
