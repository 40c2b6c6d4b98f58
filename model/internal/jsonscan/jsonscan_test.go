package jsonscan

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// plainByByte is Plain a byte at a time.
func plainByByte(s string, i int) int {
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			break
		}
	}
	return i
}

func TestPlain(t *testing.T) {
	tests := []struct {
		s    string
		from int
		want int
	}{
		{"", 0, 0},
		{"abc", 0, 3},
		{`abcdefghijklmnop"`, 0, 16},
		{`abcdefgh"`, 0, 8},
		{`abcdefg"`, 0, 7},
		{`a"cdefghijk`, 0, 1},
		{`a"cdefghijk`, 2, 11},
		{"abcdefghij\\", 0, 10},
		{"abc\x1fdefghij", 0, 3},
		{"abc\x7fdefghij", 0, 11}, // DEL is plain
		{"abcdefgh\x20ijk", 0, 12},
		{"abcdé", 0, 4},
		{"\"\x00\\\x80abcdefgh", 0, 0},
		{"abcdefgh\x00\"\\\xff", 0, 8},
		{"ab\x01\"cdefgh", 0, 2},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Plain(tt.s, tt.from), "%q from %d", tt.s, tt.from)
	}
}

// FuzzScan checks Plain against the byte-at-a-time loop.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"", `{"id": "a\"b",` + "\n   \t\"x\": 1}", "abcdefgh\x00ijklmnop", "        \n        é"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, from int) {
		if from < 0 || from > len(s) {
			return
		}
		assert.Equal(t, plainByByte(s, from), Plain(s, from))
	})
}

func TestNumber(t *testing.T) {
	tests := []struct {
		s    string
		from int
		end  int
		ok   bool
	}{
		{"0", 0, 1, true},
		{"-0", 0, 2, true},
		{"12,", 0, 2, true},
		{"01", 0, 1, true}, // the 0 alone: JSON has no leading zeros
		{"-12.50e+3]", 0, 9, true},
		{"1E-7", 0, 4, true},
		{`{"n":3.25}`, 5, 9, true},
		{"", 0, 0, false},
		{"-", 0, 1, false},
		{"-x", 0, 1, false},
		{"+1", 0, 0, false},
		{".5", 0, 0, false},
		{"1.", 0, 2, false},
		{"1.e3", 0, 2, false},
		{"1e", 0, 2, false},
		{"1e+", 0, 3, false},
		{"x1", 1, 2, true},
	}
	for _, tt := range tests {
		end, ok := Number(tt.s, tt.from)
		assert.Equal(t, tt.ok, ok, "%q from %d", tt.s, tt.from)
		assert.Equal(t, tt.end, end, "%q from %d", tt.s, tt.from)
	}
}

// FuzzNumber checks that a whole input is one number exactly when
// encoding/json reads it as one.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"0", "-1.5e10", "01", "1.", "-", "1e+5x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end, ok := Number(s, 0)
		whole := ok && end == len(s)
		var n json.Number
		err := json.Unmarshal([]byte(s), &n)
		valid := err == nil && string(n) == s
		assert.Equal(t, valid, whole, "%q", s)
	})
}
