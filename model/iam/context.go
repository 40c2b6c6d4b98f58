package iam

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Context holds a request's condition keys. Keys are case-insensitive, as in
// AWS; a key may have several values (aws:TagKeys). The zero value is empty
// and ready to use. Build it once per request: lookups do not allocate.
type Context struct {
	entries []ctxEntry
	// parent is consulted for keys this context lacks: evaluation layers
	// Request.IdentityContext over Request.Context this way, without copying.
	parent *Context
}

type ctxEntry struct {
	key  string // lower-cased
	vals []string
}

// firstEntries is the room a new context makes: a request typically
// carries about ten keys, which a slice growing from one would reallocate
// four times to hold. A context that inherits most of its keys (Inherit)
// adds a few of its own.
const (
	firstEntries      = 12
	inheritingEntries = 4
)

// Set gives key the values (replacing earlier ones). A key set with no
// values is absent.
func (c *Context) Set(key string, values ...string) {
	k := lowerKey(key)
	if i := c.own(k); i >= 0 {
		c.entries[i].vals = values
		return
	}
	if c.entries == nil {
		n := firstEntries
		if c.parent != nil {
			n = inheritingEntries
		}
		c.entries = make([]ctxEntry, 0, n)
	}
	c.entries = append(c.entries, ctxEntry{key: k, vals: values})
}

// Reserve makes room for n more keys, for a caller that knows how many it
// will set: Set would otherwise make room for a typical request's keys,
// which a context of one or two wastes.
func (c *Context) Reserve(n int) {
	c.entries = slices.Grow(c.entries, n)
}

// commonKeys are the lower-case forms of the keys requests usually carry,
// so that setting them does not build the same lower-case string again.
var commonKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{
		"aws:CurrentTime", "aws:EpochTime", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
		"aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:PrincipalType",
		"aws:RequestedRegion", "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn", "aws:SourceIp",
		"aws:SourceVpc", "aws:SourceVpce", "aws:ViaAWSService", "aws:VpcSourceIp",
		"lambda:FunctionUrlAuthType", "lambda:InvokedViaFunctionUrl", "lambda:SourceFunctionArn",
	} {
		m[k] = strings.ToLower(k)
	}
	return m
}()

// lowerKey is strings.ToLower(key), without allocating for keys that are
// lower-case already or common.
func lowerKey(key string) string {
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			if k, ok := commonKeys[key]; ok {
				return k
			}
			return strings.ToLower(key)
		}
	}
	return key
}

// SetFrom sets every key of src that has values, as Set would, in the
// order they were set there. The values are shared, not copied.
func (c *Context) SetFrom(src *Context) {
	if len(c.entries) > 0 {
		for _, e := range src.entries {
			if len(e.vals) > 0 {
				c.Set(e.key, e.vals...)
			}
		}
		return
	}
	// keys in src are distinct and lower-cased already: no lookups needed
	c.entries = make([]ctxEntry, 0, len(src.entries)+2)
	for _, e := range src.entries {
		if len(e.vals) > 0 {
			c.entries = append(c.entries, e)
		}
	}
}

// Inherit makes c fall back on parent for the keys it does not hold: c
// then reads as if it had been given parent's keys first (SetFrom) and its
// own keys after, without copying any. It replaces an earlier parent; parent
// must not change while c is in use. (Evaluation layers a request's
// IdentityContext over its Context, so only the Context may inherit.)
func (c *Context) Inherit(parent *Context) { c.parent = parent }

// Add appends a value to key.
func (c *Context) Add(key, value string) {
	k := lowerKey(key)
	if i := c.own(k); i >= 0 {
		c.entries[i].vals = append(c.entries[i].vals, value)
		return
	}
	// the values it inherits come first, as in a copy
	vals := append(slices.Clone(c.parent.values(k)), value)
	c.entries = append(c.entries, ctxEntry{key: k, vals: vals})
}

// own is the index of an already lower-cased key among c's own entries, or -1.
func (c *Context) own(lowerKey string) int {
	for i := range c.entries {
		if c.entries[i].key == lowerKey {
			return i
		}
	}
	return -1
}

// Get returns the values of key, matched case-insensitively.
func (c *Context) Get(key string) ([]string, bool) {
	for ; c != nil; c = c.parent {
		for i := range c.entries {
			if strings.EqualFold(c.entries[i].key, key) {
				return c.entries[i].vals, len(c.entries[i].vals) > 0
			}
		}
	}
	return nil, false
}

// Keys returns the keys that have values, lower-cased, in the order they
// were set (inherited keys first, in their parent's order).
func (c *Context) Keys() []string {
	var ks []string
	if c.parent != nil {
		for _, k := range c.parent.Keys() {
			if i := c.own(k); i < 0 || len(c.entries[i].vals) > 0 {
				ks = append(ks, k)
			}
		}
	}
	for _, e := range c.entries {
		if len(e.vals) > 0 && !slices.Contains(ks, e.key) {
			ks = append(ks, e.key)
		}
	}
	return ks
}

// values looks up an already lower-cased key.
func (c *Context) values(lowerKey string) []string {
	for ; c != nil; c = c.parent {
		for i := range c.entries {
			if c.entries[i].key == lowerKey {
				return c.entries[i].vals
			}
		}
	}
	return nil
}

// variable is the value of a policy variable: only a key with exactly one
// value can stand in a policy (multivalued keys cannot be variables).
func (c *Context) variable(lowerKey string) (string, bool) {
	v := c.values(lowerKey)
	if len(v) != 1 {
		return "", false
	}
	return v[0], true
}
