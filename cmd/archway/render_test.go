package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderCLI runs "archway render" the way main does.
func renderCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"render"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func exampleFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "examples", name)
	_, err := os.Stat(p)
	require.NoError(t, err)
	return p
}

func TestRenderWritesSVGAndPNG(t *testing.T) {
	dir := t.TempDir()
	e03 := exampleFile(t, "E03.json")
	e03doc, err := os.ReadFile(e03)
	require.NoError(t, err)
	tests := []struct {
		name  string
		stdin string
		args  []string
		check func(t *testing.T, out []byte)
	}{
		{"svg", "", []string{e03, "-o", filepath.Join(dir, "a.svg")}, func(t *testing.T, out []byte) {
			var v any
			require.NoError(t, xml.Unmarshal(out, &v))
			s := string(out)
			assert.Contains(t, s, "@font-face", "exported SVGs embed their fonts")
			assert.Contains(t, s, `class="legend"`, "annotations are on by default")
			assert.Contains(t, s, `data-edge-id="fetch-imdb"`)
		}},
		{"flags before the file, dark, selection, no annotations", "",
			[]string{"--theme", "dark", "--select", "fetch-imdb", "--no-annotations", "-o", filepath.Join(dir, "b.svg"), e03},
			func(t *testing.T, out []byte) {
				s := string(out)
				assert.Contains(t, s, `fill="#0f1b2a"`, "dark background")
				assert.Contains(t, s, `class="selection"`)
				assert.NotContains(t, s, "Findings")
			}},
		{"png from stdin, scaled and transparent", string(e03doc),
			[]string{"-", "-o", filepath.Join(dir, "c.png"), "--scale", "2", "--transparent", "--padding", "10"},
			func(t *testing.T, out []byte) {
				img, err := png.Decode(bytes.NewReader(out))
				require.NoError(t, err)
				_, _, _, a := img.At(0, 0).RGBA()
				assert.Zero(t, a)
				assert.Greater(t, img.Bounds().Dx(), 2000)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := renderCLI(t, tc.stdin, tc.args...)
			require.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, "wrote")
			outPath := ""
			for i, a := range tc.args {
				if a == "-o" {
					outPath = tc.args[i+1]
				}
			}
			out, err := os.ReadFile(outPath)
			require.NoError(t, err)
			tc.check(t, out)
		})
	}
}

func TestRenderRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	e03 := exampleFile(t, "E03.json")
	broken := writeFile(t, "broken.json", brokenDoc)
	missing := filepath.Join(dir, "nope.json")
	tests := []struct {
		name string
		args []string
		want []string // in stderr
	}{
		{"missing file", []string{missing, "-o", filepath.Join(dir, "x.svg")}, []string{missing, "cannot read"}},
		{"problems", []string{broken, "-o", filepath.Join(dir, "x.svg")}, append([]string{broken, "nothing was drawn"}, brokenPaths...)},
		{"no output", []string{e03}, []string{"-o OUT.svg"}},
		{"bad extension", []string{e03, "-o", filepath.Join(dir, "x.pdf")}, []string{"x.pdf", ".svg or .png"}},
		{"two files", []string{e03, e03, "-o", filepath.Join(dir, "x.svg")}, []string{"name one design file"}},
		{"unknown flag", []string{e03, "--colour", "red", "-o", filepath.Join(dir, "x.svg")}, []string{"colour"}},
		{"unknown edge", []string{e03, "--select", "nope", "-o", filepath.Join(dir, "x.svg")}, []string{e03, `no edge "nope"`}},
		{"unknown theme", []string{e03, "--theme", "sepia", "-o", filepath.Join(dir, "x.svg")}, []string{`unknown theme "sepia"`}},
		{"bad scale", []string{e03, "--scale", "-3", "-o", filepath.Join(dir, "x.png")}, []string{"scale"}},
		{"unwritable output", []string{e03, "-o", filepath.Join(dir, "no-such-dir", "x.svg")}, []string{"cannot write"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := renderCLI(t, "", tc.args...)
			assert.Equal(t, exitProblems, code)
			assert.Empty(t, stdout)
			for _, w := range tc.want {
				assert.Contains(t, stderr, w)
			}
			_, err := os.Stat(filepath.Join(dir, "x.svg"))
			assert.True(t, os.IsNotExist(err), "nothing is written")
		})
	}
}

func TestRenderHelp(t *testing.T) {
	code, stdout, _ := renderCLI(t, "", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "Usage: archway render")
}
