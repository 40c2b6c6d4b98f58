package db

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchDoc is about the size of the canonical 100-resource example.
var benchDoc = Content{Data: bytes.Repeat([]byte(`{"id":"node","type":"lambda"},`), 1000), Errors: 1, Warnings: 2}

func BenchmarkCreate(b *testing.B) {
	d := openTest(b)
	ctx := context.Background()
	for b.Loop() {
		_, err := d.Create(ctx, benchDoc)
		require.NoError(b, err)
	}
}

func BenchmarkSave(b *testing.B) {
	d := openTest(b)
	ctx := context.Background()
	c, err := d.Create(ctx, benchDoc)
	require.NoError(b, err)
	base := 1
	for b.Loop() {
		r, err := d.Save(ctx, c.Edit, base, benchDoc)
		require.NoError(b, err)
		base = r.Number
	}
}

// BenchmarkSaveParallel saves to one design per goroutine, as independent
// users would.
func BenchmarkSaveParallel(b *testing.B) {
	d := openTest(b)
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		c, err := d.Create(ctx, benchDoc)
		require.NoError(b, err)
		base := 1
		for pb.Next() {
			r, err := d.Save(ctx, c.Edit, base, benchDoc)
			require.NoError(b, err)
			base = r.Number
		}
	})
}

func BenchmarkDesign(b *testing.B) {
	d := openTest(b)
	ctx := context.Background()
	c, err := d.Create(ctx, benchDoc)
	require.NoError(b, err)
	for b.Loop() {
		_, err := d.Design(ctx, c.View, 0)
		require.NoError(b, err)
	}
}

func BenchmarkDesignParallel(b *testing.B) {
	d := openTest(b)
	ctx := context.Background()
	c, err := d.Create(ctx, benchDoc)
	require.NoError(b, err)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, err := d.Design(ctx, c.View, 0)
			require.NoError(b, err)
		}
	})
}

func BenchmarkRevisions(b *testing.B) {
	d := openTest(b)
	ctx := context.Background()
	c, err := d.Create(ctx, benchDoc)
	require.NoError(b, err)
	for i := 1; i < 100; i++ {
		_, err := d.Save(ctx, c.Edit, i, benchDoc)
		require.NoError(b, err)
	}
	for b.Loop() {
		rs, err := d.Revisions(ctx, c.View)
		require.NoError(b, err)
		require.Len(b, rs, 100)
	}
}
