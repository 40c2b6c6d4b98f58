package render

import (
	"testing"

	"archway/model"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRepeatedEdgeIDs checks that an edge whose id an earlier edge has,
// the same edge listed twice or another one, is neither routed nor drawn:
// the routes are those of the design without it.
func TestRepeatedEdgeIDs(t *testing.T) {
	base := positioned(genDesign(60))
	require.NotEmpty(t, base.Edges)
	first := base.Edges[0]
	other := *base.Edges[len(base.Edges)-1]
	other.ID = first.ID
	for _, tc := range []struct {
		name  string
		extra *model.Edge
	}{
		{"same edge twice", first},
		{"another edge", &other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := *base
			d.Edges = append(append([]*model.Edge(nil), base.Edges...), tc.extra)
			want, _, err := RouteSVG(base, nil, Options{})
			require.NoError(t, err)
			got, _, err := RouteSVG(&d, nil, Options{})
			require.NoError(t, err)
			require.Len(t, got.Edges, len(d.Edges))
			for i, e := range want.Edges {
				assert.Equal(t, e.Route, got.Edges[i].Route, "edge %s", e.ID)
			}
		})
	}
}

// TestCleanNameThenSuffix checks what drawMarks relies on: a name cleaned
// then followed by a space and a constant is that text cleaned, unless the
// name cleans to nothing.
func TestCleanNameThenSuffix(t *testing.T) {
	names := []string{"", "plain", " lead", "trail ", "  ", "a  b", "tab\tend\t", "ctl\x01", "ctl\x01 ",
		"bad\xe2\x86", "nbsp\u00a0", "next\u0085", "·", "x →", "\x00", "\u2028"}
	for _, name := range names {
		for _, typ := range []string{model.TypeLambda, model.TypeEFSFileSystem, model.TypeRDSCluster} {
			suffix := markSuffix(&model.Node{Type: typ})[len(markSep):]
			want := cleanText(name + " " + suffix)
			got := cleanText(name)
			if got == "" {
				got = cleanText(" " + suffix)
			} else {
				got += " " + suffix
			}
			assert.Equal(t, want, got, "%q", name)
		}
	}
}

// TestMarkSuffix checks what a mark's label says about each kind of
// resource a mark stands for.
func TestMarkSuffix(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		want string
	}{
		{model.TypeEFSFileSystem, "mount target"},
		{model.TypeRDSCluster, "subnet group"},
		{model.TypeLambda, "ENI"},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			s := markSuffix(&model.Node{Type: tc.typ})
			assert.Equal(t, " · "+tc.want, s)
			assert.Equal(t, tc.want, s[len(markSep):])
		})
	}
}
