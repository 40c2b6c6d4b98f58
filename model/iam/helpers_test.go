package iam

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// mustParse parses a policy the test expects to be valid.
func mustParse(t testing.TB, doc string) *Policy {
	t.Helper()
	pol, ps := Parse([]byte(doc))
	require.Empty(t, ps, "policy should parse: %s", doc)
	require.NotNil(t, pol)
	return pol
}

// named wraps a parsed policy with a label.
func named(t testing.TB, node, label, doc string) NamedPolicy {
	t.Helper()
	return NamedPolicy{Node: node, Label: label, Policy: mustParse(t, doc)}
}

// mustPrincipal parses a caller the test expects to be valid.
func mustPrincipal(t testing.TB, s string) Principal {
	t.Helper()
	p, err := ParsePrincipal(s)
	require.NoError(t, err)
	return p
}

// ctx builds a context from key/value pairs.
func ctx(kv ...string) Context {
	var c Context
	for i := 0; i+1 < len(kv); i += 2 {
		c.Add(kv[i], kv[i+1])
	}
	return c
}
