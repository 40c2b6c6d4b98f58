package db

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
)

// tokenBytes is the randomness in a share token: 192 bits, well above the
// 128 the issue asks for, and a multiple of 3 so the URL-safe base64 form has
// no padding.
const tokenBytes = 24

// TokenLen is the length of every share token in characters.
const TokenLen = tokenBytes / 3 * 4

// newToken returns a fresh token and its hash. rand.Read never returns an
// error (it crashes the program instead), so there is none to pass on.
func newToken() (string, [sha256.Size]byte) {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	return tok, sha256.Sum256([]byte(tok))
}

// ValidToken reports whether s has the shape of a token. Anything else is
// refused before it reaches the database.
func ValidToken(s string) bool {
	if len(s) != TokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// hashToken is what the database stores and looks up.
func hashToken(tok string) [sha256.Size]byte { return sha256.Sum256([]byte(tok)) }

// sameHash compares a stored hash with a computed one in constant time. The
// lookup itself is by hash, so its timing can only tell an attacker about
// hashes of tokens they already chose, never about a stored token; the final
// comparison is constant time all the same, so no code path compares secrets
// with ==.
func sameHash(stored []byte, h [sha256.Size]byte) bool {
	return subtle.ConstantTimeCompare(stored, h[:]) == 1
}

// newPublicID names a link in the API (for revoking it). It is random, so ids
// reveal neither how many links exist nor anything about the token.
func newPublicID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ShortHash is a short, non-reversible tag for a token, for logs: it lets an
// operator correlate requests without a log line ever holding a capability.
func ShortHash(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:4])
}
