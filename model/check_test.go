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
