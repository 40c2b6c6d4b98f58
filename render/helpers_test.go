package render

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var (
	update = flag.Bool("update", false, "rewrite golden files in testdata")
	dump   = flag.String("dump", "", "also write rendered SVG and PNG files to this directory, to look at")
)

// dumpFile writes data to the -dump directory when one is given.
func dumpFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if *dump == "" {
		return
	}
	require.NoError(t, os.MkdirAll(*dump, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(*dump, name), data, 0o644))
}

// chromium starts one headless browser for a test, or skips the test when
// no Chromium is installed.
func chromium(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium on PATH; CI must install the chromium package for the SVG/PNG parity check")
		}
		t.Skip("SKIPPED: no Chromium on PATH; the SVG/PNG parity check needs headless Chromium (install the chromium package)")
	}
	// Debian's fontconfig defaults to slight hinting, which snaps the tops
	// of letters to the pixel grid; the renderer draws unhinted outlines
	// (as macOS and most exported-SVG viewers do), so the reference does too.
	fc, err := filepath.Abs(filepath.Join("testdata", "fontconfig", "fonts.conf"))
	require.NoError(t, err)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Env("FONTCONFIG_FILE="+fc))...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	require.NoError(t, chromedp.Do(ctx), "start chromium")
	return ctx
}

// screenshot renders svg as a standalone document in Chromium at w×h CSS
// pixels and device scale 1.
func screenshot(t *testing.T, ctx context.Context, svg []byte, w, h int) image.Image {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "image/svg+xml")
		_, _ = rw.Write(svg)
	}))
	t.Cleanup(srv.Close)
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx, chromedp.EmulateViewport(int64(w), int64(h)), chromedp.Navigate(srv.URL+"/d.svg")))
	// wait until the embedded fonts are decoded, then one more frame
	_, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	shot, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	return img
}

// pixelDiff compares two images of the same size: the mean absolute
// difference per channel (0–255) and the fraction of pixels where some
// channel differs by more than 64.
func pixelDiff(a, b image.Image) (mean, off float64) {
	r := a.Bounds().Intersect(b.Bounds())
	var sum float64
	var n, bad int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := [3]float64{
				math.Abs(float64(r1>>8) - float64(r2>>8)),
				math.Abs(float64(g1>>8) - float64(g2>>8)),
				math.Abs(float64(b1>>8) - float64(b2>>8)),
			}
			sum += d[0] + d[1] + d[2]
			if max(d[0], d[1], d[2]) > 64 {
				bad++
			}
			n++
		}
	}
	return sum / float64(3*n), float64(bad) / float64(n)
}

// toRGBA copies any image into an *image.RGBA.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}
