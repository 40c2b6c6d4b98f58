// Package jsonscan finds the ends of the plain runs of JSON strings (the
// bytes a string holds as they are) eight bytes at a time. A document's
// readers and writers spend much of their time in such runs, and a byte at
// a time each costs a load, a lookup and a branch.
package jsonscan

import "math/bits"

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load reads eight bytes at i, the first in the lowest byte; the compiler
// combines the byte loads into one.
func load(s string, i int) uint64 {
	s = s[i:]
	_ = s[7] // one bounds check for the eight
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Plain returns the index of the first byte of s at or after i that a JSON
// string cannot hold as it is: a quote, a backslash, a control character
// or a byte of a multi-byte UTF-8 sequence; len(s) when there is none.
// (DEL, 0x7f, is plain, as encoding/json writes it.) The readers hold
// their document as a string too, so one form serves them and the writer.
func Plain(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := special(load(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s) && !isSpecial(s[i]); i++ {
	}
	return i
}

// special has the high bit of a byte of x set where that byte is not
// plain, and exactly so at the lowest such byte (a borrow only spoils the
// bytes above it), which is all that is read.
func special(x uint64) uint64 {
	lt := (x - 0x20*ones) &^ x
	q := x ^ '"'*ones
	q = (q - ones) &^ q
	bs := x ^ '\\'*ones
	bs = (bs - ones) &^ bs
	return (lt | q | bs | x) & highs
}

func isSpecial(c byte) bool { return c < 0x20 || c >= 0x80 || c == '"' || c == '\\' }

// Number returns the end of the number literal in JSON's grammar that
// starts at s[i] (a minus, an integer part without leading zeros, then an
// optional fraction and exponent), and whether there is one. When there is
// none, the end is where the grammar failed.
func Number(s string, i int) (int, bool) {
	digits := func() bool {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return i, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return i, false
		}
	}
	return i, true
}
