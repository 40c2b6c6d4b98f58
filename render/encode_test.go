package render

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pattern fills an image the way a test case asks; rng makes noise.
type pattern func(img *image.RGBA, rng *rand.Rand)

// diagramLike is flat areas, boxes, noise and a repeated glyph: every kind
// of match the encoder looks for, and literals.
func diagramLike(opaque bool) pattern {
	return func(img *image.RGBA, rng *rand.Rand) {
		b := img.Bounds()
		alpha := func() uint8 {
			if opaque {
				return 255
			}
			return uint8(rng.IntN(256))
		}
		fill := func(r image.Rectangle, c color.NRGBA) {
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					img.Set(x, y, c)
				}
			}
		}
		fill(b, color.NRGBA{250, 250, 250, alpha()})
		for range 12 {
			x, y := rng.IntN(b.Dx()), rng.IntN(b.Dy())
			r := image.Rect(x, y, x+1+rng.IntN(b.Dx()/2+1), y+1+rng.IntN(b.Dy()/2+1)).Intersect(b)
			fill(r, color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), alpha()})
		}
		// a 5×5 glyph stamped along rows, as a label repeats letters
		var glyph [25]color.NRGBA
		for i := range glyph {
			glyph[i] = color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), alpha()}
		}
		for y := 0; y+5 <= b.Dy(); y += 37 {
			for x := 0; x+5 <= b.Dx(); x += 11 {
				for i, c := range glyph {
					img.Set(x+i%5, y+i/5, c)
				}
			}
		}
		for range 4 {
			x, y := rng.IntN(b.Dx()), rng.IntN(b.Dy())
			for j := range 200 {
				img.Set(x+j%20, y+j/20, color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), alpha()})
			}
		}
	}
}

// noise is random pixels: nearly every byte a literal.
func noise(opaque bool) pattern {
	return func(img *image.RGBA, rng *rand.Rand) {
		for i := range img.Pix {
			img.Pix[i] = uint8(rng.IntN(256))
		}
		for i := 0; i < len(img.Pix); i += 4 {
			if opaque {
				img.Pix[i+3] = 255
			}
			// premultiplied: no channel above alpha
			a := img.Pix[i+3]
			img.Pix[i], img.Pix[i+1], img.Pix[i+2] = min(img.Pix[i], a), min(img.Pix[i+1], a), min(img.Pix[i+2], a)
		}
	}
}

// flat is one colour: every strip is long matches.
func flat(c color.NRGBA) pattern {
	return func(img *image.RGBA, _ *rand.Rand) {
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
				img.Set(x, y, c)
			}
		}
	}
}

// oneTranslucent is p with the pixel at x, y (from the bottom right when
// negative) made translucent: the image must then be RGBA.
func oneTranslucent(p pattern, x, y int) pattern {
	return func(img *image.RGBA, rng *rand.Rand) {
		p(img, rng)
		if x < 0 {
			x += img.Rect.Dx()
		}
		if y < 0 {
			y += img.Rect.Dy()
		}
		img.Set(x, y, color.NRGBA{90, 60, 30, 254})
	}
}

func TestEncodePNGRoundTrips(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		fill pattern
	}{
		{"1×1 opaque", 1, 1, flat(color.NRGBA{1, 2, 3, 255})},
		{"1×1 transparent", 1, 1, flat(color.NRGBA{})},
		{"1×1 translucent", 1, 1, flat(color.NRGBA{200, 100, 50, 99})},
		{"flat, several strips, opaque", 300, 2*stripRows + 5, flat(color.NRGBA{255, 255, 255, 255})},
		{"flat, several strips, transparent", 64, stripRows + 1, flat(color.NRGBA{})},
		{"diagram, one strip, odd width, opaque", 37, 20, diagramLike(true)},
		{"diagram, several strips, odd width, opaque", 333, 3*stripRows + 17, diagramLike(true)},
		{"diagram, several strips, translucent", 250, 2*stripRows + 1, diagramLike(false)},
		{"opaque but the first pixel", 50, stripRows + 3, oneTranslucent(diagramLike(true), 0, 0)},
		{"opaque but one pixel of a middle strip", 50, 3 * stripRows, oneTranslucent(diagramLike(true), 21, stripRows+7)},
		{"opaque but the last pixel, odd width", 51, 2*stripRows + 3, oneTranslucent(diagramLike(true), -1, -1)},
		{"noise, opaque", 101, stripRows + 3, noise(true)},
		{"noise, translucent", 99, stripRows + 3, noise(false)},
		// one row back is the window's last byte: 1 + 4×8,191 = 32,765
		{"rows at the window limit, translucent", 8191, stripRows + 2, diagramLike(false)},
		// 1 + 4×8,192 = 32,769: too far back, only one pixel back and the
		// hash table match
		{"rows past the window limit, translucent", 8192, stripRows + 2, diagramLike(false)},
		{"rows past the window limit, opaque", 10923, stripRows + 2, diagramLike(true)},
		{"8,000 px, noise, translucent", 8000, stripRows + 2, noise(false)},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, tc.w, tc.h))
			tc.fill(img, rand.New(rand.NewPCG(uint64(i), 7)))
			assertRoundTrip(t, img)
		})
	}
}

// assertRoundTrip encodes img, at the origin, and decodes it: an opaque
// image comes back as RGB with the same pixels, any other as RGBA whose
// straight alphas give its pixels back (assertStraight).
func assertRoundTrip(t *testing.T, img *image.RGBA) {
	t.Helper()
	got, err := png.Decode(bytes.NewReader(encodePNG(img)))
	require.NoError(t, err)
	require.Equal(t, img.Bounds(), got.Bounds())
	if img.Opaque() {
		rgb, ok := got.(*image.RGBA)
		require.True(t, ok, "an opaque image decodes as %T, want RGB", got)
		require.Equal(t, img.Pix, rgb.Pix)
		return
	}
	nrgba, ok := got.(*image.NRGBA)
	require.True(t, ok, "a translucent image decodes as %T, want RGBA", got)
	assertStraight(t, img, nrgba)
}

// TestEncodePNGSubImage encodes part of an image, whose rows start inside
// those of its parent.
func TestEncodePNGSubImage(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 70, stripRows+40))
	diagramLike(true)(img, rand.New(rand.NewPCG(5, 6)))
	sub := img.SubImage(image.Rect(3, 5, 64, stripRows+33)).(*image.RGBA)
	b := encodePNG(sub)
	got, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, sub.Bounds().Size(), got.Bounds().Size())
	for y := range sub.Bounds().Dy() {
		for x := range sub.Bounds().Dx() {
			require.Equal(t, sub.At(x+3, y+5), color.RGBAModel.Convert(got.At(x, y)), "pixel %d,%d", x, y)
		}
	}
}

// assertStraight checks that the straight-alpha pixels of got are those of
// the premultiplied img: same alpha, and each colour, multiplied by alpha
// and rounded, gives img's colour back exactly.
func assertStraight(t *testing.T, img *image.RGBA, got *image.NRGBA) {
	t.Helper()
	bad := 0
	for i := 0; i < len(img.Pix) && bad < 5; i += 4 {
		a := uint32(img.Pix[i+3])
		ok := got.Pix[i+3] == img.Pix[i+3]
		for c := range 3 {
			ok = ok && uint8((uint32(got.Pix[i+c])*a+127)/255) == img.Pix[i+c]
		}
		if !ok {
			bad++
			assert.Fail(t, "pixel differs", "pixel %d: premultiplied %v, straight %v", i/4, img.Pix[i:i+4], got.Pix[i:i+4])
		}
	}
}

// TestEncodePNGDeterministic checks the bytes do not depend on how many
// workers encode the strips.
func TestEncodePNGDeterministic(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 500, 5*stripRows+3))
	diagramLike(true)(img, rand.New(rand.NewPCG(1, 2)))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := encodePNG(img)
	for _, procs := range []int{2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		got := encodePNG(img)
		assert.Equal(t, one, got, "GOMAXPROCS %d", procs)
	}
}

func TestHuffmanLengths(t *testing.T) {
	fib := make([]uint32, 30) // Fibonacci counts make the deepest Huffman tree
	fib[0], fib[1] = 1, 1
	for i := 2; i < len(fib); i++ {
		fib[i] = fib[i-1] + fib[i-2]
	}
	tests := []struct {
		name  string
		freq  []uint32
		limit uint8
	}{
		{"two symbols", []uint32{0, 5, 0, 1}, 15},
		{"uniform", slices.Repeat([]uint32{3}, 286), 15},
		{"Fibonacci, literal limit", fib, 15},
		{"Fibonacci, code length limit", fib[:19], 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lens := make([]uint8, len(tc.freq))
			huffmanLengths(slices.Clone(tc.freq), tc.limit, lens)
			// complete and within the limit: the Kraft sum is exactly one
			kraft := 0.0
			for s, l := range lens {
				assert.Equal(t, tc.freq[s] > 0, l > 0, "symbol %d counted %d has length %d", s, tc.freq[s], l)
				assert.LessOrEqual(t, l, tc.limit, "symbol %d", s)
				if l > 0 {
					kraft += math.Ldexp(1, -int(l))
				}
			}
			assert.Equal(t, 1.0, kraft)
		})
	}
}

func TestAdler32Sum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 3<<20+13)
	for i := range random {
		random[i] = uint8(rng.IntN(256))
	}
	tests := []struct {
		name string
		p    []byte
	}{
		{"empty", nil},
		{"one byte", []byte{0xff}},
		{"seven bytes", []byte("archway")},
		{"all ones, several chunks", bytes.Repeat([]byte{0xff}, 3<<20+5)},
		{"random, several chunks", random},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range []int{0, 1, 8, 9, 15, 16, 17, len(tc.p)} {
				if n <= len(tc.p) {
					assert.Equal(t, adler32.Checksum(tc.p[:n]), adler32Sum(tc.p[:n]), "first %d bytes", n)
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
		encodePNG(img)
	}()
	require.NotNil(t, got, "encodePNG returned without panicking")
	wp, ok := got.(*workerPanic)
	require.True(t, ok, "the panic is %T, not *workerPanic", got)
	assert.Contains(t, wp.Error(), "out of range") // an index or a slice bound, whichever the worker reaches first
	assert.Contains(t, string(wp.stack), "stripEncoder")
}

// FuzzEncodePNG encodes arbitrary pixels, premultiplied as image.RGBA
// holds them, at an arbitrary width, and decodes them back.
func FuzzEncodePNG(f *testing.F) {
	f.Add([]byte("archway"), uint8(1), false)
	f.Add(bytes.Repeat([]byte{255, 255, 255, 255, 0, 0, 0, 255}, 300), uint8(7), true)
	f.Add(bytes.Repeat([]byte{1, 2, 3, 4, 5}, 1000), uint8(33), false)
	f.Fuzz(func(t *testing.T, data []byte, width uint8, opaque bool) {
		w := int(width)%64 + 1
		h := len(data) / (4 * w)
		if h == 0 {
			return
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		copy(img.Pix, data)
		for i := 0; i < len(img.Pix); i += 4 {
			if opaque {
				img.Pix[i+3] = 255
			}
			a := img.Pix[i+3]
			img.Pix[i], img.Pix[i+1], img.Pix[i+2] = min(img.Pix[i], a), min(img.Pix[i+1], a), min(img.Pix[i+2], a)
		}
		assertRoundTrip(t, img)
	})
}
