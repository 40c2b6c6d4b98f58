package render

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEncodePNGRoundTrips(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		opaque bool
	}{
		{"one strip, opaque", 37, 20, true},
		{"several strips, opaque", 50, 3*stripRows + 17, true},
		{"several strips, translucent", 40, 2*stripRows + 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, tc.w, tc.h))
			for y := 0; y < tc.h; y++ {
				for x := 0; x < tc.w; x++ {
					a := uint8(255)
					if !tc.opaque {
						a = uint8((x * 7) % 256)
					}
					img.Set(x, y, color.NRGBA{uint8(x * 5), uint8(y), uint8(x ^ y), a})
				}
			}
			b, err := encodePNG(img)
			require.NoError(t, err)
			got, err := png.Decode(bytes.NewReader(b))
			require.NoError(t, err)
			require.Equal(t, img.Bounds(), got.Bounds())
			for y := 0; y < tc.h; y++ {
				for x := 0; x < tc.w; x++ {
					want := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
					have := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
					if want.A == 0 {
						assert.Zero(t, have.A)
						continue
					}
					// premultiplied storage loses precision at low alpha
					tol := 255 / int(want.A)
					for i, pair := range [][2]uint8{{want.R, have.R}, {want.G, have.G}, {want.B, have.B}, {want.A, have.A}} {
						if d := int(pair[0]) - int(pair[1]); d > tol || -d > tol {
							t.Fatalf("pixel %d,%d channel %d: want %v, have %v", x, y, i, want, have)
						}
					}
				}
			}
		})
	}
}

func TestAdler32Combine(t *testing.T) {
	a, b := []byte("architecture diagrams"), bytes.Repeat([]byte("verdicts "), 9000)
	whole := adler32.Checksum(append(append([]byte(nil), a...), b...))
	assert.Equal(t, whole, adler32Combine(adler32.Checksum(a), adler32.Checksum(b), len(b)))
	assert.Equal(t, adler32.Checksum(b), adler32Combine(1, adler32.Checksum(b), len(b)))
}

// TestEncodePNGPanicReachesCaller checks that a panic in an encoding
// worker is raised again on the caller's goroutine, where the server
// recovers from it, instead of ending the process.
func TestEncodePNGPanicReachesCaller(t *testing.T) {
	// pixels for one row of a 600-row image: every strip after the first
	// reads past them
	img := &image.RGBA{Pix: make([]byte, 4*10), Stride: 4 * 10, Rect: image.Rect(0, 0, 10, 3*stripRows)}
	var got any
	func() {
		defer func() { got = recover() }()
		_, _ = encodePNG(img)
	}()
	require.NotNil(t, got, "encodePNG returned without panicking")
	wp, ok := got.(*workerPanic)
	require.True(t, ok, "the panic is %T, not *workerPanic", got)
	assert.Contains(t, wp.Error(), "index out of range")
	assert.Contains(t, string(wp.stack), "stripEncoder")
}
