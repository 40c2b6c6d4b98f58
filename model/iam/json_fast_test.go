package iam

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastSeeds are documents around the edges of what the fast reader accepts.
var fastSeeds = []struct {
	doc  string
	fast bool // the fast reader reads it; otherwise it leaves it to the careful reader
}{
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}`, true},
	{" \t\r\n{ \"a\" : [ 1 , -2.5e+3 , 0 , true , false , null , { } , [ ] ] } \n", true},
	{`{"k":"caf\u00e9"}`, false}, // escape
	{`{"k":"café ☕"}`, true},     // UTF-8
	{"{\"k\":\"\xff\"}", false},  // invalid UTF-8: encoding/json replaces it
	{"{\"k\":\"a\tb\"}", false},  // control character
	{`{"a":1,"a":2}`, false},     // repeated key
	{`{"a":01}`, false},          // leading zero
	{`{"a":1.}`, false},          // no fraction digits
	{`{"a":-}`, false},           // no digits
	{`{"a":1e}`, false},          // no exponent digits
	{`{"a":tru}`, false},         // cut literal
	{`{"a":1}{}`, false},         // data after the value
	{`{"a":1,}`, false},          // trailing comma
	{`[1 2]`, false},             // missing comma
	{`{"a" 1}`, false},           // missing colon
	{`{1:2}`, false},             // key not a string
	{`{"a":1`, false},            // cut
	{``, false},                  // empty
	{`"x"`, true},                // a bare string (the policy checks say it is not an object)
	{`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, false}, // too deep
	{`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, true},       // just deep enough
}

func TestDecodeFast(t *testing.T) {
	for _, tc := range fastSeeds {
		t.Run(tc.doc, func(t *testing.T) {
			got, ok := new(fastReader).decode([]byte(tc.doc))
			assert.Equal(t, tc.fast, ok)
			if ok {
				sameAsCareful(t, []byte(tc.doc), got)
			}
		})
	}
}

// sameAsCareful checks that the careful reader reads doc without problems
// into the tree the fast reader gave.
func sameAsCareful(t *testing.T, doc []byte, fast *jnode) {
	t.Helper()
	var ps problems
	want := decodeCareful(doc, &ps)
	require.Empty(t, ps.list)
	assert.Equal(t, want, fast)
}

// FuzzDecodeFast checks that whatever the fast reader accepts, the careful reader
// reads the same way.
func FuzzDecodeFast(f *testing.F) {
	for _, tc := range fastSeeds {
		f.Add([]byte(tc.doc))
	}
	f.Add([]byte(allOperatorsPolicy()))
	f.Fuzz(func(t *testing.T, doc []byte) {
		if got, ok := new(fastReader).decode(doc); ok {
			sameAsCareful(t, doc, got)
		}
	})
}
