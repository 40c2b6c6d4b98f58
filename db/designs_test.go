package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

func TestCreate(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)

	assert.Equal(t, 1, c.Revision.Number)
	assert.Equal(t, len(doc(1).Data), c.Revision.Size)
	assert.NotEqual(t, c.Edit, c.View)
	assert.NotEmpty(t, c.ViewLink.ID)
	assert.WithinRange(t, c.Revision.Created, before, time.Now().Add(time.Second))

	for _, tt := range []struct {
		token  string
		access Access
	}{{c.Edit, Edit}, {c.View, View}} {
		s, err := d.Design(ctx, tt.token, 0)
		require.NoError(t, err)
		assert.Equal(t, tt.access, s.Access)
		assert.Equal(t, 1, s.Current)
		assert.Equal(t, c.Revision, s.Revision)
		assert.Equal(t, doc(1).Data, s.Data)
	}
}

func TestCreateInvalid(t *testing.T) {
	d := openTest(t)
	for _, c := range []Content{{}, {Data: []byte("{}"), Errors: -1}, {Data: []byte("{}"), Warnings: -1}} {
		_, err := d.Create(context.Background(), c)
		assert.ErrorIs(t, err, model.ErrInvalid)
	}
}

func TestTokenProperties(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archway.db")
	d, err := Open(ctx, path)
	require.NoError(t, err)
	seen := map[string]bool{}
	var tokens []string
	for i := range 100 {
		c, err := d.Create(ctx, doc(i))
		require.NoError(t, err)
		l, tok, err := d.CreateLink(ctx, c.Edit)
		require.NoError(t, err)
		assert.NotEmpty(t, l.ID)
		rotated, err := d.RotateEdit(ctx, c.Edit)
		require.NoError(t, err)
		tokens = append(tokens, c.Edit, c.View, tok, rotated)
	}
	for _, tok := range tokens {
		assert.False(t, seen[tok], "tokens are unique")
		seen[tok] = true
		assert.Len(t, tok, TokenLen)
		assert.True(t, ValidToken(tok))
		assert.Equal(t, tok, url.PathEscape(tok), "URL-safe as is")
		assert.Equal(t, tok, url.QueryEscape(tok), "URL-safe in a query too")
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, len(raw)*8, 128, "at least 128 random bits")
	}

	// Only hashes are stored: no token appears anywhere in the files, and
	// each appears as its SHA-256.
	var hashes [][]byte
	rows, err := d.r.Query(`SELECT token_hash FROM links`)
	require.NoError(t, err)
	for rows.Next() {
		var h []byte
		require.NoError(t, rows.Scan(&h))
		hashes = append(hashes, h)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	assert.Len(t, hashes, len(tokens))
	for _, tok := range tokens[:8] {
		h := sha256.Sum256([]byte(tok))
		assert.Contains(t, hashes, h[:])
	}
	require.NoError(t, d.Close())
	files, err := filepath.Glob(path + "*")
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, tok := range tokens {
			require.False(t, bytes.Contains(b, []byte(tok)), "token stored in plain text in %s", f)
		}
	}
}

func TestValidToken(t *testing.T) {
	good, _ := newToken()
	tests := []struct {
		name string
		tok  string
		want bool
	}{
		{"fresh", good, true},
		{"empty", "", false},
		{"short", good[:TokenLen-1], false},
		{"long", good + "A", false},
		{"padding", good[:TokenLen-1] + "=", false},
		{"slash", good[:TokenLen-1] + "/", false},
		{"plus", good[:TokenLen-1] + "+", false},
		{"dot", good[:TokenLen-1] + ".", false},
		{"non-ascii", good[:TokenLen-2] + "é", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ValidToken(tt.tok))
		})
	}
}

func TestShortHash(t *testing.T) {
	tok, _ := newToken()
	h := ShortHash(tok)
	assert.Len(t, h, 8)
	assert.Equal(t, h, ShortHash(tok))
	assert.NotContains(t, tok, h)
	other, _ := newToken()
	assert.NotEqual(t, h, ShortHash(other))
}

func TestUnknownTokens(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	unknown, _ := newToken()

	for _, tok := range []string{unknown, "", "nope", c.Edit + "x", c.Edit[:TokenLen-1] + "!"} {
		_, err := d.Design(ctx, tok, 0)
		assert.ErrorIs(t, err, model.ErrNotFound)
		_, err = d.Revisions(ctx, tok)
		assert.ErrorIs(t, err, model.ErrNotFound)
		_, err = d.Save(ctx, tok, 1, doc(2))
		assert.ErrorIs(t, err, model.ErrNotFound)
	}
}

func TestViewTokenChangesNothing(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	l, _, err := d.CreateLink(ctx, c.Edit)
	require.NoError(t, err)

	calls := []struct {
		name string
		call func() error
	}{
		{"save", func() error { _, err := d.Save(ctx, c.View, 1, doc(2)); return err }},
		{"revert", func() error { _, err := d.Revert(ctx, c.View, 0, 1); return err }},
		{"create link", func() error { _, _, err := d.CreateLink(ctx, c.View); return err }},
		{"list links", func() error { _, err := d.Links(ctx, c.View); return err }},
		{"revoke link", func() error { return d.RevokeLink(ctx, c.View, l.ID) }},
		{"revoke own link", func() error { return d.RevokeLink(ctx, c.View, c.ViewLink.ID) }},
		{"rotate", func() error { _, err := d.RotateEdit(ctx, c.View); return err }},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			assert.ErrorIs(t, err, model.ErrNotFound)
			assert.Equal(t, "design not found", err.Error(), "the same answer as for a token that does not exist")
		})
	}
	s, err := d.Design(ctx, c.Edit, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Current)
	links, err := d.Links(ctx, c.Edit)
	require.NoError(t, err)
	assert.Len(t, links, 2)
	_, err = d.Design(ctx, c.View, 0)
	assert.NoError(t, err, "the view token still works")
}

func TestSave(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)

	for i := 2; i <= 5; i++ {
		r, err := d.Save(ctx, c.Edit, i-1, doc(i))
		require.NoError(t, err)
		assert.Equal(t, i, r.Number)
		assert.Equal(t, doc(i).Errors, r.Errors)
		assert.Equal(t, doc(i).Warnings, r.Warnings)
		assert.Equal(t, len(doc(i).Data), r.Size)
		assert.Zero(t, r.RevertedTo)
	}
	// Nothing was overwritten: every revision still has its own document.
	for i := 1; i <= 5; i++ {
		s, err := d.Design(ctx, c.View, i)
		require.NoError(t, err)
		assert.Equal(t, doc(i).Data, s.Data)
		assert.Equal(t, i, s.Revision.Number)
		assert.Equal(t, 5, s.Current)
	}
	s, err := d.Design(ctx, c.View, 0)
	require.NoError(t, err)
	assert.Equal(t, 5, s.Revision.Number)
}

func TestSaveRefused(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	_, err = d.Save(ctx, c.Edit, 1, doc(2))
	require.NoError(t, err)

	tests := []struct {
		name string
		base int
		c    Content
		kind error
		msg  string
	}{
		{"stale base", 1, doc(3), model.ErrConflict, "revision 1 is not the current revision: the design is at revision 2"},
		{"future base", 7, doc(3), model.ErrConflict, "the design is at revision 2"},
		{"no base", 0, doc(3), model.ErrInvalid, "must name the revision"},
		{"negative base", -1, doc(3), model.ErrInvalid, "must name the revision"},
		{"empty document", 2, Content{}, model.ErrInvalid, "empty document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Save(ctx, c.Edit, tt.base, tt.c)
			assert.ErrorIs(t, err, tt.kind)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
	s, err := d.Design(ctx, c.Edit, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, s.Current, "refused saves store nothing")
	assert.Equal(t, doc(2).Data, s.Data)
}

func TestDesignRevisionNotFound(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	for _, n := range []int{2, -1, 1000} {
		_, err := d.Design(ctx, c.Edit, n)
		assert.ErrorIs(t, err, model.ErrNotFound)
		assert.ErrorContains(t, err, "revision")
	}
}

func TestRevisions(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	for i := 2; i <= 4; i++ {
		_, err := d.Save(ctx, c.Edit, i-1, doc(i))
		require.NoError(t, err)
	}
	_, err = d.Revert(ctx, c.Edit, 4, 2)
	require.NoError(t, err)

	for _, tok := range []string{c.Edit, c.View} {
		rs, err := d.Revisions(ctx, tok)
		require.NoError(t, err)
		require.Len(t, rs, 5)
		for i, r := range rs {
			n := 5 - i
			assert.Equal(t, n, r.Number, "newest first")
			src := n
			if n == 5 {
				src = 2
				assert.Equal(t, 2, r.RevertedTo)
			}
			assert.Equal(t, len(doc(src).Data), r.Size)
			assert.Equal(t, doc(src).Errors, r.Errors)
			assert.Equal(t, doc(src).Warnings, r.Warnings)
			assert.WithinRange(t, r.Created, before, time.Now().Add(time.Second))
		}
	}
}

func TestRevert(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	_, err = d.Save(ctx, c.Edit, 1, doc(2))
	require.NoError(t, err)

	r, err := d.Revert(ctx, c.Edit, 2, 1)
	require.NoError(t, err)
	assert.Equal(t, 3, r.Number)
	assert.Equal(t, 1, r.RevertedTo)
	s, err := d.Design(ctx, c.Edit, 0)
	require.NoError(t, err)
	assert.Equal(t, 3, s.Current)
	assert.Equal(t, doc(1).Data, s.Data)
	old, err := d.Design(ctx, c.Edit, 2)
	require.NoError(t, err)
	assert.Equal(t, doc(2).Data, old.Data, "reverting overwrites nothing")

	r, err = d.Revert(ctx, c.Edit, 0, 2)
	require.NoError(t, err, "base 0: no check")
	assert.Equal(t, 4, r.Number)

	tests := []struct {
		name         string
		base, number int
		kind         error
	}{
		{"stale base", 3, 1, model.ErrConflict},
		{"no such revision", 4, 9, model.ErrNotFound},
		{"revision zero", 4, 0, model.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Revert(ctx, c.Edit, tt.base, tt.number)
			assert.ErrorIs(t, err, tt.kind)
		})
	}
	s, err = d.Design(ctx, c.Edit, 0)
	require.NoError(t, err)
	assert.Equal(t, 4, s.Current, "refused reverts store nothing")
}

func TestCurrent(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	c, err := d.Create(ctx, doc(1))
	require.NoError(t, err)
	_, err = d.Save(ctx, c.Edit, 1, doc(2))
	require.NoError(t, err)

	for _, tt := range []struct {
		token  string
		access Access
	}{{c.Edit, Edit}, {c.View, View}} {
		access, current, err := d.Current(ctx, tt.token)
		require.NoError(t, err)
		assert.Equal(t, tt.access, access)
		assert.Equal(t, 2, current)
	}
	unknown, _ := newToken()
	_, _, err = d.Current(ctx, unknown)
	assert.ErrorIs(t, err, model.ErrNotFound)
}
