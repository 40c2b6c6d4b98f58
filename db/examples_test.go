package db

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

func TestSeed(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	examples := []Example{
		{Slug: "vpc-lambda", Title: "VPC Lambda", Content: doc(1)},
		{Slug: "public-api", Title: "Public API", Content: doc(2)},
	}
	seeded, err := d.Seed(ctx, examples)
	require.NoError(t, err)
	assert.True(t, seeded)

	seeded, err = d.Seed(ctx, []Example{{Slug: "more", Content: doc(3)}})
	require.NoError(t, err)
	assert.False(t, seeded, "a database with designs is never seeded again")

	list, err := d.Examples(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "public-api", list[0].Slug, "by slug")
	assert.Equal(t, "Public API", list[0].Title)
	assert.Equal(t, 1, list[0].Revision.Number)
	assert.Equal(t, len(doc(2).Data), list[0].Revision.Size)
	assert.Equal(t, doc(2).Errors, list[0].Revision.Errors)
	assert.Equal(t, "vpc-lambda", list[1].Slug)

	s, err := d.Example(ctx, "vpc-lambda")
	require.NoError(t, err)
	assert.Equal(t, View, s.Access)
	assert.Equal(t, doc(1).Data, s.Data)

	_, err = d.Example(ctx, "more")
	assert.ErrorIs(t, err, model.ErrNotFound)
}

func TestSeedSkipsNonEmpty(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	seeded, err := d.Seed(ctx, []Example{{Slug: "a", Content: doc(2)}})
	require.NoError(t, err)
	assert.False(t, seeded)
	list, err := d.Examples(ctx)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestSeedInvalid(t *testing.T) {
	tests := []struct {
		name     string
		examples []Example
		kind     error
	}{
		{"upper case slug", []Example{{Slug: "VPC", Content: doc(1)}}, model.ErrInvalid},
		{"slug with slash", []Example{{Slug: "a/b", Content: doc(1)}}, model.ErrInvalid},
		{"empty slug", []Example{{Slug: "", Content: doc(1)}}, model.ErrInvalid},
		{"empty content", []Example{{Slug: "a"}}, model.ErrInvalid},
		{"duplicate slug", []Example{{Slug: "a", Content: doc(1)}, {Slug: "a", Content: doc(2)}}, model.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openTest(t)
			_, err := d.Seed(context.Background(), tt.examples)
			assert.ErrorIs(t, err, tt.kind)
			list, err := d.Examples(context.Background())
			require.NoError(t, err)
			assert.Empty(t, list, "a refused seed stores nothing")
		})
	}
}
