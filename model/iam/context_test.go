package iam

import (
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
