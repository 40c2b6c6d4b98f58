package iam

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestContextSetFrom(t *testing.T) {
	src := func() *Context {
		var c Context
		c.Set("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:t")
		c.Set("aws:TagKeys")
		c.Add("aws:TagKeys", "a")
		c.Add("aws:TagKeys", "b")
		c.Set("aws:SecureTransport")
		return &c
	}
	for _, tt := range []struct {
		name string
		dst  func() *Context
	}{
		{"empty", func() *Context { return &Context{} }},
		{"with keys", func() *Context {
			var c Context
			c.Set("AWS:SourceArn", "old")
			c.Set("aws:RequestedRegion", "eu-west-1")
			return &c
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, want := tt.dst(), tt.dst()
			s := src()
			got.SetFrom(s)
			for _, k := range s.Keys() {
				v, _ := s.Get(k)
				want.Set(k, v...)
			}
			assert.Equal(t, want.Keys(), got.Keys())
			for _, k := range want.Keys() {
				w, _ := want.Get(k)
				g, _ := got.Get(k)
				assert.Equal(t, w, g, k)
			}
			_, ok := got.Get("aws:SecureTransport")
			assert.False(t, ok, "a key without values is not copied")
			got.Set("aws:Extra", "x")
			_, ok = s.Get("aws:Extra")
			assert.False(t, ok, "setting on the copy leaves the source alone")
		})
	}
}

// TestContextInherit checks that a context inheriting from another reads
// exactly as one given a copy of the other's keys first.
func TestContextInherit(t *testing.T) {
	type op struct {
		add  bool
		key  string
		vals []string
	}
	parent := []op{
		{key: "aws:SourceArn", vals: []string{"arn:aws:sns:us-east-1:123456789012:t"}},
		{key: "aws:TagKeys", vals: []string{"a"}},
		{add: true, key: "AWS:TagKeys", vals: []string{"b"}},
		{key: "aws:SecureTransport"}, // no values: absent
		{key: "aws:PrincipalAccount", vals: []string{"123456789012"}},
	}
	for _, tt := range []struct {
		name  string
		child []op
	}{
		{"nothing of its own", nil},
		{"new keys", []op{{key: "aws:RequestedRegion", vals: []string{"eu-west-1"}}, {key: "aws:Extra", vals: []string{"x", "y"}}}},
		{"overrides", []op{{key: "AWS:SOURCEARN", vals: []string{"other"}}, {key: "aws:PrincipalAccount"}}},
		{"a key the parent holds without values", []op{{key: "aws:SecureTransport", vals: []string{"true"}}}},
		{"adds to inherited values", []op{{add: true, key: "aws:TagKeys", vals: []string{"c"}}, {add: true, key: "aws:New", vals: []string{"n"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			apply := func(c *Context, ops []op) {
				for _, o := range ops {
					if o.add {
						c.Add(o.key, o.vals[0])
					} else {
						c.Set(o.key, o.vals...)
					}
				}
			}
			var p Context
			apply(&p, parent)
			var copied, layered Context
			copied.SetFrom(&p)
			apply(&copied, tt.child)
			layered.Inherit(&p)
			apply(&layered, tt.child)

			assert.Equal(t, copied.Keys(), layered.Keys())
			for _, k := range []string{"aws:sourcearn", "AWS:TagKeys", "aws:securetransport", "aws:principalaccount", "aws:requestedregion", "aws:extra", "aws:new", "aws:missing"} {
				cv, cok := copied.Get(k)
				lv, lok := layered.Get(k)
				assert.Equal(t, cok, lok, k)
				if cok {
					assert.Equal(t, cv, lv, k)
				}
				assert.Equal(t, copied.values(strings.ToLower(k)) != nil, layered.values(strings.ToLower(k)) != nil, k)
			}
			_, ok := p.Get("aws:RequestedRegion")
			assert.False(t, ok, "the parent is left alone")
			tags, _ := p.Get("aws:TagKeys")
			assert.Equal(t, []string{"a", "b"}, tags, "the parent is left alone")
		})
	}
}

// TestContextReserve checks that a context with room reserved reads as one
// without, and takes the keys it made room for without growing.
func TestContextReserve(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		var plain, reserved Context
		reserved.Set("aws:SourceArn", "before")
		plain.Set("aws:SourceArn", "before")
		reserved.Reserve(n)
		room := cap(reserved.entries)
		for i := range n {
			key := "aws:Key" + strings.Repeat("x", i)
			plain.Set(key, "v")
			reserved.Set(key, "v")
		}
		assert.Equal(t, plain.Keys(), reserved.Keys(), "n=%d", n)
		assert.Equal(t, room, cap(reserved.entries), "n=%d: no growth", n)
		assert.GreaterOrEqual(t, room, 1+n, "n=%d", n)
	}
}
