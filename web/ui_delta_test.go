package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// applyDelta is the list a delta makes of old (the page does the same in
// static/js/canvas.js); ok is false when it does not fit old.
func applyDelta(old, delta string) (string, bool) {
	a := strings.Fields(old)
	var out []string
	i := 0
	for _, t := range strings.Fields(delta) {
		if t[0] != '=' && t[0] != '~' {
			out = append(out, t)
			continue
		}
		n, err := strconv.Atoi(t[1:])
		if err != nil || n <= 0 || i+n > len(a) {
			return "", false
		}
		if t[0] == '=' {
			out = append(out, a[i:i+n]...)
		}
		i += n
	}
	return strings.Join(out, " "), i == len(a)
}

func TestTokenDelta(t *testing.T) {
	for _, tc := range []struct{ name, old, next string }{
		{"same", "a b c", "a b c"},
		{"empty to some", "", "a b"},
		{"some to empty", "a b", ""},
		{"one replaced", "s ( a b c ) t", "s ( a x c ) t"},
		{"inserted and removed", "a b c d e f", "x a c d y e f z"},
		{"moved", "a b c d", "d a b c"},
		{"repeats", "a a a b a a", "a b a a a b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := tokenDelta(tc.old, tc.next)
			require.True(t, ok)
			got, ok := applyDelta(tc.old, d)
			require.True(t, ok, d)
			assert.Equal(t, strings.Join(strings.Fields(tc.next), " "), got, d)
		})
	}
}

func TestTokenDeltaIsSmallForAFewChanges(t *testing.T) {
	old := make([]string, 20000)
	for i := range old {
		old[i] = "k" + strconv.Itoa(i)
	}
	next := append([]string(nil), old...)
	for _, i := range []int{17, 5000, 5001, 12345, 19999} {
		next[i] = "n" + strconv.Itoa(i)
	}
	d, ok := tokenDelta(strings.Join(old, " "), strings.Join(next, " "))
	require.True(t, ok)
	assert.Less(t, len(d), 200, d)
	got, ok := applyDelta(strings.Join(old, " "), d)
	require.True(t, ok)
	assert.Equal(t, strings.Join(next, " "), got)
}

func TestTokenDeltaGivesUpOnBigChanges(t *testing.T) {
	var a, b []string
	for i := range maxDeltaEdits {
		a = append(a, "a"+strconv.Itoa(i))
		b = append(b, "b"+strconv.Itoa(i))
	}
	_, ok := tokenDelta(strings.Join(a, " "), strings.Join(b, " "))
	assert.False(t, ok)
}

func FuzzTokenDelta(f *testing.F) {
	f.Add("a b c", "a c d")
	f.Add("", "x")
	f.Add("s ( a ) ( b )", "s ( b ) ( a ) )")
	f.Fuzz(func(t *testing.T, old, next string) {
		if strings.ContainsAny(old+next, "=~") {
			return // keys never hold them
		}
		d, ok := tokenDelta(old, next)
		if !ok {
			return
		}
		got, ok := applyDelta(old, d)
		require.True(t, ok, d)
		assert.Equal(t, strings.Join(strings.Fields(next), " "), got, d)
	})
}
