package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
)

// stripRows is how many image rows one deflate stream holds. Strips are
// compressed in parallel and joined into one zlib stream; their number
// depends on the image only, so the file is the same on any machine.
const stripRows = 256

// encodePNG writes img as an 8-bit PNG: RGB when every pixel is opaque,
// else RGBA. Rows are not filtered (filter type 0): the deflate writer's
// matches one pixel and one row back do what the Sub and Up filters would
// for the flat areas of a diagram.
func encodePNG(img *image.RGBA) []byte {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	// Most diagrams are opaque: the strips are encoded as RGB, checking
	// the alphas as they are packed away, and only when one is not 255
	// is the image encoded again as RGBA. Checking first would read every
	// pixel once more.
	opaque := true
	strips := encodeStrips(img, true)
	if strips == nil {
		opaque = false
		strips = encodeStrips(img, false)
	}

	size := 0
	for _, s := range strips {
		size += len(s.data)
	}
	var out bytes.Buffer
	out.Grow(size + 64) // the chunks' headers and checksums
	out.WriteString("\x89PNG\r\n\x1a\n")
	hdr := make([]byte, 13)
	binary.BigEndian.PutUint32(hdr, uint32(w))
	binary.BigEndian.PutUint32(hdr[4:], uint32(h))
	hdr[8] = 8 // bit depth
	hdr[9] = 6 // RGBA
	if opaque {
		hdr[9] = 2 // RGB
	}
	writeChunk(&out, "IHDR", hdr)
	z := make([]byte, 0, 2+size+4)
	z = append(z, 0x78, 0x01) // zlib header: deflate, fastest
	var sum uint32 = 1
	for _, s := range strips {
		z = append(z, s.data...)
		sum = adler32Combine(sum, s.adler, s.size)
	}
	z = binary.BigEndian.AppendUint32(z, sum)
	writeChunk(&out, "IDAT", z)
	writeChunk(&out, "IEND", nil)
	return out.Bytes()
}

// encodeStrips compresses the strips of img in parallel, as RGB when
// opaque, else RGBA. It returns nil when asked for RGB and a pixel is not
// opaque; the workers then stop taking strips.
func encodeStrips(img *image.RGBA, opaque bool) []strip {
	n := (img.Bounds().Dy() + stripRows - 1) / stripRows
	strips := make([]strip, n)
	var translucent atomic.Bool
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			e := stripEncoder{img: img, opaque: opaque}
			for i := range work {
				if !translucent.Load() {
					strips[i] = e.encode(i, i == n-1)
					if strips[i].translucent {
						translucent.Store(true)
					}
				}
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, s := range strips {
		if s.panicked != nil {
			panic(s.panicked)
		}
	}
	if translucent.Load() {
		return nil
	}
	return strips
}

// strip is one strip of rows, compressed.
type strip struct {
	data  []byte
	adler uint32
	size  int // uncompressed bytes
	// translucent is set instead when the strip was to be RGB and has a
	// pixel that is not opaque
	translucent bool
	// panicked is a panic of the worker that encoded the strip, with its
	// stack. encodePNG raises it again on the caller's goroutine, where
	// callers recover from it (the server answers 500); on the worker's
	// own goroutine it would end the process.
	panicked *workerPanic
}

// workerPanic is a panic of an encoding worker and where it happened.
type workerPanic struct {
	value any
	stack []byte
}

func (p *workerPanic) Error() string { return fmt.Sprintf("png encoder: %v\n%s", p.value, p.stack) }

// stripEncoder is one worker's state: the strip's rows and the deflate
// writer's buffers, reused from strip to strip.
type stripEncoder struct {
	img    *image.RGBA
	opaque bool
	rows   []byte
	d      deflater
}

// encode compresses strip i; last ends the stream instead of flushing it.
func (e *stripEncoder) encode(i int, last bool) (s strip) {
	defer func() {
		if r := recover(); r != nil {
			s = strip{panicked: &workerPanic{r, debug.Stack()}}
		}
	}()
	img, w := e.img, e.img.Bounds().Dx()
	bpp := 4
	if e.opaque {
		bpp = 3
	}
	rowLen := 1 + bpp*w
	// the row above the strip comes first: the stream already holds it,
	// and matches one row back reach into it
	y0 := max(0, i*stripRows-1)
	y1 := min(img.Bounds().Dy(), (i+1)*stripRows)
	e.rows = slices.Grow(e.rows[:0], (y1-y0)*rowLen)[:(y1-y0)*rowLen]
	for y := y0; y < y1; y++ {
		if !e.row(e.rows[(y-y0)*rowLen:(y-y0+1)*rowLen], y) {
			return strip{translucent: true}
		}
	}
	start := 0
	if i > 0 {
		start = rowLen
	}
	data := e.rows[start:]
	s.size = len(data)
	s.adler = adler32Sum(data)
	s.data = e.d.deflateStrip(e.rows, start, bpp, rowLen, last)
	return s
}

// row writes image row y (from the top of the image) to row as PNG stores
// it: a filter byte (0, none) and the pixels, RGB when opaque, else RGBA
// with straight alpha. It reports false if it was to write RGB and a
// pixel is not opaque.
func (e *stripEncoder) row(row []byte, y int) bool {
	img, w := e.img, e.img.Bounds().Dx()
	p := img.Pix[y*img.Stride:]
	row[0] = 0
	if e.opaque {
		// four pixels at a time: 16 bytes read as two words, 12 written
		// as two, the alphas shifted out
		const alphas = 0xff000000_ff000000
		rgb, px := row[1:1+3*w], p[:4*w]
		acc := uint64(alphas)
		for len(px) >= 16 && len(rgb) >= 12 {
			a, b := binary.LittleEndian.Uint64(px), binary.LittleEndian.Uint64(px[8:])
			acc &= a & b
			binary.LittleEndian.PutUint64(rgb, a&0xffffff|a>>8&0xffffff_000000|b<<48)
			binary.LittleEndian.PutUint32(rgb[8:], uint32(b>>16)&0xff|uint32(b>>24)&0xffffff00)
			px, rgb = px[16:], rgb[12:]
		}
		for len(px) >= 4 && len(rgb) >= 3 {
			acc &= uint64(px[3])<<24 | 0xffffffff_00ffffff
			rgb[0], rgb[1], rgb[2] = px[0], px[1], px[2]
			px, rgb = px[4:], rgb[3:]
		}
		return acc&alphas == alphas
	}
	// image.RGBA is premultiplied; PNG stores straight alpha
	for x := 0; x < w; x++ {
		r, g, b, a := p[4*x], p[4*x+1], p[4*x+2], p[4*x+3]
		if a != 0 && a != 255 {
			r = uint8((uint32(r)*255 + uint32(a)/2) / uint32(a))
			g = uint8((uint32(g)*255 + uint32(a)/2) / uint32(a))
			b = uint8((uint32(b)*255 + uint32(a)/2) / uint32(a))
		}
		row[1+4*x], row[2+4*x], row[3+4*x], row[4+4*x] = r, g, b, a
	}
	return true
}

func writeChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	c := crc32.NewIEEE()
	c.Write([]byte(typ))
	c.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], c.Sum32())
	out.Write(n[:])
}

// adler32Sum is adler32.Checksum of p, eight bytes per step instead of one:
// over eight bytes b0…b7, s1 grows by their sum and s2 by 8·s1 + 8·b0 +
// 7·b1 + … + 1·b7. The weighted sums are taken four bytes at a time, in
// 16-bit lanes multiplied so that the top lane gathers the products; no
// lane overflows into the next (at most 4·255·8 per lane).
func adler32Sum(p []byte) uint32 {
	const (
		base  = 65521
		lanes = 0x00ff00ff_00ff00ff
		chunk = 1 << 20 // s2 stays below 2^50 within a chunk
	)
	s1, s2 := uint64(1), uint64(0)
	for len(p) > 0 {
		q := p[:min(len(p), chunk)]
		p = p[len(q):]
		for len(q) >= 8 {
			x := binary.LittleEndian.Uint64(q)
			even, odd := x&lanes, x>>8&lanes // b0, b2, b4, b6 and b1, b3, b5, b7
			s2 += 8*s1 + (even*0x0008_0006_0004_0002)>>48 + (odd*0x0007_0005_0003_0001)>>48
			s1 += ((even + odd) * 0x0001_0001_0001_0001) >> 48
			q = q[8:]
		}
		for _, b := range q {
			s1 += uint64(b)
			s2 += s1
		}
		s1 %= base
		s2 %= base
	}
	return uint32(s2<<16 | s1)
}

// adler32Combine returns the Adler-32 of A followed by B from theirs and
// B's length (as zlib's adler32_combine).
func adler32Combine(a, b uint32, lenB int) uint32 {
	const base = 65521
	rem := uint32(lenB % base)
	sum1 := a & 0xffff
	sum2 := rem * sum1 % base
	sum1 += (b & 0xffff) + base - 1
	sum2 += (a >> 16) + (b >> 16) + base - rem
	if sum1 >= base {
		sum1 -= base
	}
	if sum1 >= base {
		sum1 -= base
	}
	if sum2 >= base<<1 {
		sum2 -= base << 1
	}
	if sum2 >= base {
		sum2 -= base
	}
	return sum1 | sum2<<16
}
