package render

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"image"
	"runtime"
	"runtime/debug"
	"sync"
)

// stripRows is how many image rows one deflate stream holds. Strips are
// compressed in parallel and joined into one zlib stream; their number
// depends on the image only, so the file is the same on any machine.
const stripRows = 256

// encodePNG writes img as an 8-bit PNG: RGB when every pixel is opaque,
// else RGBA. Diagrams are large areas of flat colour, which deflate's
// fastest level compresses about as well as filtered rows at its default
// level, several times faster; so rows are not filtered (filter type 0).
func encodePNG(img *image.RGBA) ([]byte, error) {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	opaque := img.Opaque()
	bpp := 4
	if opaque {
		bpp = 3
	}
	n := (h + stripRows - 1) / stripRows
	strips := make([]strip, n)
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			e := stripEncoder{img: img, opaque: opaque, row: make([]byte, 1+bpp*w)}
			for i := range work {
				strips[i] = e.encode(i, i == n-1)
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()

	var out bytes.Buffer
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
	z := []byte{0x78, 0x01} // zlib header: deflate, fastest
	var sum uint32 = 1
	for _, s := range strips {
		if s.panicked != nil {
			panic(s.panicked)
		}
		if s.err != nil {
			return nil, s.err
		}
		z = append(z, s.data...)
		sum = adler32Combine(sum, s.adler, s.size)
	}
	z = binary.BigEndian.AppendUint32(z, sum)
	writeChunk(&out, "IDAT", z)
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// strip is one strip of rows, compressed.
type strip struct {
	data  []byte
	adler uint32
	size  int // uncompressed bytes
	err   error
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

// stripEncoder is one worker's state: its row buffer and its deflate
// writer, reset for each strip.
type stripEncoder struct {
	img    *image.RGBA
	opaque bool
	row    []byte
	fw     *flate.Writer
}

// encode compresses strip i; last closes the stream instead of flushing it.
func (e *stripEncoder) encode(i int, last bool) (s strip) {
	defer func() {
		if r := recover(); r != nil {
			s = strip{panicked: &workerPanic{r, debug.Stack()}}
			e.fw = nil // its state is unknown: the next strip makes a new one
		}
	}()
	var buf bytes.Buffer
	if e.fw == nil {
		var err error
		if e.fw, err = flate.NewWriter(&buf, flate.BestSpeed); err != nil {
			return strip{err: err}
		}
	} else {
		e.fw.Reset(&buf)
	}
	img, row, w := e.img, e.row, e.img.Bounds().Dx()
	ad := adler32.New()
	y1 := min(img.Bounds().Dy(), (i+1)*stripRows)
	for y := i * stripRows; y < y1; y++ {
		p := img.Pix[(y-img.Rect.Min.Y)*img.Stride:]
		if e.opaque {
			// four bytes at a time; each pixel's alpha is overwritten by
			// the next pixel, the last copied alone
			rgb, px := row[1:1+3*w], p[:4*w]
			x := 0
			for ; x < w-1; x++ {
				binary.LittleEndian.PutUint32(rgb[3*x:3*x+4], binary.LittleEndian.Uint32(px[4*x:4*x+4]))
			}
			rgb[3*x], rgb[3*x+1], rgb[3*x+2] = px[4*x], px[4*x+1], px[4*x+2]
		} else {
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
		}
		ad.Write(row)
		if _, err := e.fw.Write(row); err != nil && s.err == nil {
			s.err = err
		}
		s.size += len(row)
	}
	// every strip but the last ends on a byte boundary (a sync flush); the
	// last one closes the stream
	var err error
	if last {
		err = e.fw.Close()
	} else {
		err = e.fw.Flush()
	}
	if err != nil && s.err == nil {
		s.err = err
	}
	s.data, s.adler = buf.Bytes(), ad.Sum32()
	return s
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
