package iam

import "strings"

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

// Set gives key the values (replacing earlier ones). A key set with no
// values is absent.
func (c *Context) Set(key string, values ...string) {
	k := strings.ToLower(key)
	for i := range c.entries {
		if c.entries[i].key == k {
			c.entries[i].vals = values
			return
		}
	}
	c.entries = append(c.entries, ctxEntry{key: k, vals: values})
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

// Add appends a value to key.
func (c *Context) Add(key, value string) {
	k := strings.ToLower(key)
	for i := range c.entries {
		if c.entries[i].key == k {
			c.entries[i].vals = append(c.entries[i].vals, value)
			return
		}
	}
	c.entries = append(c.entries, ctxEntry{key: k, vals: []string{value}})
}

// Get returns the values of key, matched case-insensitively.
func (c *Context) Get(key string) ([]string, bool) {
	for i := range c.entries {
		if strings.EqualFold(c.entries[i].key, key) {
			return c.entries[i].vals, len(c.entries[i].vals) > 0
		}
	}
	return nil, false
}

// Keys returns the keys that have values, lower-cased, in the order they were set.
func (c *Context) Keys() []string {
	var ks []string
	for _, e := range c.entries {
		if len(e.vals) > 0 {
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
