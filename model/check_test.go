package model

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestValidID checks the id test against the regular expression it stands for.
func TestValidID(t *testing.T) {
	pattern := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	for _, id := range []string{"", "a", "Z9", "0", "fn-1.b_c", "-a", ".a", "_a", "a b", "a/b", "é", "a\n", "\na", "a:b", "sn-private-a", "x-", "a\x00"} {
		assert.Equal(t, pattern.MatchString(id), validID(id), "%q", id)
	}
}
