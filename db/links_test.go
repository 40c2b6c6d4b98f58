package db

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

func TestLinks(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)

	before := time.Now().Add(-time.Second)
	l1, tok1, err := d.CreateLink(ctx, c.Edit)
	require.NoError(t, err)
	l2, tok2, err := d.CreateLink(ctx, c.Edit)
	require.NoError(t, err)
	assert.NotEqual(t, l1.ID, l2.ID)
	assert.NotEqual(t, tok1, tok2)
	assert.WithinRange(t, l1.Created, before, time.Now().Add(time.Second))

	links, err := d.Links(ctx, c.Edit)
	require.NoError(t, err)
	assert.Equal(t, []Link{c.ViewLink, l1, l2}, links, "every live view link, oldest first; never the edit link")

	for _, tok := range []string{tok1, tok2} {
		s, err := d.Design(ctx, tok, 0)
		require.NoError(t, err)
		assert.Equal(t, View, s.Access)
	}
}

func TestRevokeLink(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	other, err := d.Create(ctx, doc(2))
	require.NoError(t, err)
	l, tok, err := d.CreateLink(ctx, c.Edit)
	require.NoError(t, err)

	require.NoError(t, d.RevokeLink(ctx, c.Edit, l.ID))
	_, err = d.Design(ctx, tok, 0)
	assert.ErrorIs(t, err, model.ErrNotFound, "a revoked link answers not-found at once")
	_, err = d.Revisions(ctx, tok)
	assert.ErrorIs(t, err, model.ErrNotFound)

	links, err := d.Links(ctx, c.Edit)
	require.NoError(t, err)
	assert.Equal(t, []Link{c.ViewLink}, links)

	tests := []struct {
		name  string
		token string
		id    string
	}{
		{"twice", c.Edit, l.ID},
		{"unknown id", c.Edit, "000000000000"},
		{"another design's link", c.Edit, other.ViewLink.ID},
		{"with the other design's edit token", other.Edit, c.ViewLink.ID},
		{"the revoked link itself", tok, l.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorIs(t, d.RevokeLink(ctx, tt.token, tt.id), model.ErrNotFound)
		})
	}
	for _, tok := range []string{c.View, other.View} {
		_, err := d.Design(ctx, tok, 0)
		assert.NoError(t, err, "other links are untouched")
	}
}

func TestRotateEdit(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)

	fresh, err := d.RotateEdit(ctx, c.Edit)
	require.NoError(t, err)
	assert.NotEqual(t, c.Edit, fresh)

	_, err = d.Design(ctx, c.Edit, 0)
	assert.ErrorIs(t, err, model.ErrNotFound, "the old edit token answers not-found at once")
	_, err = d.Save(ctx, c.Edit, 1, doc(2))
	assert.ErrorIs(t, err, model.ErrNotFound)
	_, err = d.RotateEdit(ctx, c.Edit)
	assert.ErrorIs(t, err, model.ErrNotFound)

	s, err := d.Design(ctx, fresh, 0)
	require.NoError(t, err)
	assert.Equal(t, Edit, s.Access)
	r, err := d.Save(ctx, fresh, 1, doc(2))
	require.NoError(t, err)
	assert.Equal(t, 2, r.Number, "the history carries over")

	v, err := d.Design(ctx, c.View, 0)
	require.NoError(t, err, "view links survive a rotation")
	assert.Equal(t, 2, v.Current)

	var live int
	require.NoError(t, d.r.QueryRow(`SELECT count(*) FROM links WHERE kind = 'edit' AND revoked_at IS NULL`).Scan(&live))
	assert.Equal(t, 1, live)
}
