package render

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// A deflate writer specialised for the rows of a diagram, in the manner of
// fast PNG encoders: a diagram is mostly flat colour, where a byte repeats
// the pixel on its left or the byte in the row above. So at each position
// two distances are tried first, one pixel back and one row back, and the
// longer run wins. Only where neither matches is a hash table of earlier
// positions asked, and a pixel matched by nothing is written as literals.
// A general encoder hashes every position, most of the time on bytes that
// one of the two distances would have matched.
//
// Each strip is one block with its own Huffman code, built from the
// strip's counts: fixed codes spend 8 or 9 bits on a literal, and the
// antialiased edges of text and shapes are mostly literals.

const (
	maxMatch  = 258
	minMatch  = 3
	maxWindow = 32768
	// minUpMatch is the shortest match one row back worth taking: its
	// distance carries up to 13 extra bits, against none one pixel back.
	minUpMatch = 5
)

// A token is a literal byte (below 256) or a match: matchFlag, the
// distance less one, shifted by distShift, and the length.
type token uint32

const (
	matchFlag token = 1 << 31
	distShift       = 9
	lenMask   token = 1<<distShift - 1
)

// tableBits sizes the hash table of recent positions, which finds the
// repeats the two fixed distances miss: the same label, icon or glyph
// further along a row. Only positions neither distance matches are hashed,
// so flat areas cost nothing more.
const tableBits = 14

// deflater is one worker's reusable state.
type deflater struct {
	tokens []token
	lit    [286]uint32 // literal/length symbol counts
	dist   [30]uint32  // distance symbol counts
	table  [1 << tableBits]int32
}

// deflateStrip returns one deflate block holding data[start:], whose
// bytes are rows of rowLen bytes (a filter byte and the pixels) with bpp
// bytes per pixel. data[:start] is what the stream already holds before
// the strip (at most the row above it), which matches may reach into. A
// block that is not last is followed by an empty stored block, as a sync
// flush writes, so the next strip starts on a byte boundary.
func (d *deflater) deflateStrip(data []byte, start, bpp, rowLen int, last bool) []byte {
	d.tokenize(data, start, bpp, rowLen)
	w := bitWriter{out: make([]byte, 0, len(d.tokens)+512)}
	final := uint64(0)
	if last {
		final = 1
	}
	w.write(final|2<<1, 3) // BFINAL, BTYPE=10: dynamic codes
	var litCodes [286]code
	var distCodes [30]code
	d.writeCodes(&w, &litCodes, &distCodes)

	// a match's length code and its extra bits, as one write
	var lens [maxMatch + 1]code
	for l := minMatch; l <= maxMatch; l++ {
		sym, nExtra, extra := lengthSymbol(l)
		c := litCodes[sym]
		lens[l] = code{c.bits | uint32(extra)<<c.n, c.n + nExtra}
	}

	// the bit writer's state in locals: this loop writes every token
	out, acc, n := w.out, w.bits, uint(w.n)
	for _, t := range d.tokens {
		if t < matchFlag {
			c := litCodes[t]
			acc |= uint64(c.bits) << n
			n += uint(c.n)
		} else {
			l := lens[t&lenMask]
			acc |= uint64(l.bits) << n
			n += uint(l.n)
			if n >= 32 {
				out = binary.LittleEndian.AppendUint32(out, uint32(acc))
				acc >>= 32
				n -= 32
			}
			sym, nExtra, extra := distSymbol(int(t&^matchFlag>>distShift) + 1)
			c := distCodes[sym]
			acc |= (uint64(c.bits) | uint64(extra)<<c.n) << n
			n += uint(c.n + nExtra)
		}
		if n >= 32 {
			out = binary.LittleEndian.AppendUint32(out, uint32(acc))
			acc >>= 32
			n -= 32
		}
	}
	w.out, w.bits, w.n = out, acc, uint8(n)

	eob := litCodes[256]
	w.write(uint64(eob.bits), eob.n)
	if !last {
		w.write(0, 3) // BFINAL=0, BTYPE=00: stored
		w.align()
		w.out = append(w.out, 0, 0, 0xff, 0xff) // LEN=0, NLEN
	}
	w.align()
	return w.out
}

// tokenize turns data[start:] into d.tokens and counts their symbols.
func (d *deflater) tokenize(data []byte, start, bpp, rowLen int) {
	d.tokens = d.tokens[:0]
	clear(d.lit[:])
	clear(d.dist[:])
	clear(d.table[:]) // positions are in data, which is new for each strip
	up := rowLen <= maxWindow
	for i := start; i < len(data); {
		n := min(maxMatch, len(data)-i)
		best, dist := 0, 0
		if i >= bpp {
			best, dist = matchLen(data[i:i+n], data[i-bpp:]), bpp
		}
		if up && i >= rowLen && best < n {
			if l := matchLen(data[i:i+n], data[i-rowLen:]); l > best && l >= minUpMatch {
				best, dist = l, rowLen
			}
		}
		if best < minMatch && n >= 4 {
			cur := binary.LittleEndian.Uint32(data[i:])
			h := cur * 0x1e35a7bd >> (32 - tableBits)
			if c := int(d.table[h]) - 1; c >= 0 && i-c <= maxWindow && binary.LittleEndian.Uint32(data[c:]) == cur {
				best, dist = matchLen(data[i:i+n], data[c:]), i-c
			}
			d.table[h] = int32(i + 1) // 0 is an empty slot
		}
		if best < minMatch {
			// a pixel that matches nothing is most often followed by
			// bytes of a changed pixel: they are literals too, unsearched
			for end := min(i+bpp, len(data)); i < end; i++ {
				d.tokens = append(d.tokens, token(data[i]))
				d.lit[data[i]]++
			}
			continue
		}
		d.match(best, dist)
		i += best
	}
	d.lit[256]++ // end of block
}

// match adds a match token and counts its symbols.
func (d *deflater) match(length, dist int) {
	d.tokens = append(d.tokens, matchFlag|token(dist-1)<<distShift|token(length))
	sym, _, _ := lengthSymbol(length)
	d.lit[sym]++
	sym, _, _ = distSymbol(dist)
	d.dist[sym]++
}

// matchLen is how many leading bytes of a equal those of b (len(b) >=
// len(a)), eight at a time.
func matchLen(a, b []byte) int {
	b = b[:len(a)]
	n := 0
	for ; n+8 <= len(a); n += 8 {
		if x := binary.LittleEndian.Uint64(a[n:n+8]) ^ binary.LittleEndian.Uint64(b[n:n+8]); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
	}
	for ; n < len(a) && a[n] == b[n]; n++ {
	}
	return n
}

// lengthSymbol is the literal/length symbol of a match length (3 to 258),
// with its number of extra bits and their value (RFC 1951, 3.2.5).
func lengthSymbol(l int) (sym int, nExtra uint8, extra int) {
	if l == maxMatch {
		return 285, 0, 0
	}
	v := l - minMatch
	if v < 8 {
		return 257 + v, 0, 0
	}
	b := bits.Len(uint(v))
	e := b - 3
	return 257 + 4*(b-2) + (v>>e)&3, uint8(e), v & (1<<e - 1)
}

// distSymbol is the distance symbol of a distance (1 to 32,768), with its
// number of extra bits and their value.
func distSymbol(dd int) (sym int, nExtra uint8, extra int) {
	v := dd - 1
	if v < 4 {
		return v, 0, 0
	}
	b := bits.Len(uint(v))
	e := b - 2
	return 2*(b-1) + (v>>e)&1, uint8(e), v & (1<<e - 1)
}

// code is a Huffman code, bit-reversed as deflate writes it, and its length.
type code struct {
	bits uint32
	n    uint8
}

// clOrder is the order in which code length code lengths are written.
var clOrder = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// writeCodes builds the block's Huffman codes from the counts and writes
// them as a dynamic block header.
func (d *deflater) writeCodes(w *bitWriter, litCodes *[286]code, distCodes *[30]code) {
	// Every code is made complete: a lone symbol gets a partner, so that
	// decoders need no special case for degenerate trees.
	lit, dist := d.lit, d.dist
	atLeastTwo(lit[:])
	atLeastTwo(dist[:])
	var litLens [286]uint8
	var distLens [30]uint8
	huffmanLengths(lit[:], 15, litLens[:])
	huffmanLengths(dist[:], 15, distLens[:])
	canonical(litLens[:], litCodes[:])
	canonical(distLens[:], distCodes[:])

	nLit := 286
	for litLens[nLit-1] == 0 {
		nLit--
	}
	nDist := 30
	for distLens[nDist-1] == 0 {
		nDist--
	}
	all := append(append(make([]uint8, 0, nLit+nDist), litLens[:nLit]...), distLens[:nDist]...)

	// run-length encode the code lengths: 16 repeats the previous length
	// 3 to 6 times, 17 and 18 write 3 to 10 and 11 to 138 zeros
	type clToken struct {
		sym, nExtra, extra uint8
	}
	var cl []clToken
	var clFreq [19]uint32
	for i := 0; i < len(all); {
		v, run := all[i], 1
		for i+run < len(all) && all[i+run] == v {
			run++
		}
		i += run
		if v == 0 {
			for run >= 11 {
				r := min(run, 138)
				cl = append(cl, clToken{18, 7, uint8(r - 11)})
				run -= r
			}
			if run >= 3 {
				cl = append(cl, clToken{17, 3, uint8(run - 3)})
				run = 0
			}
		} else {
			cl = append(cl, clToken{v, 0, 0})
			run--
			for run >= 3 {
				r := min(run, 6)
				cl = append(cl, clToken{16, 2, uint8(r - 3)})
				run -= r
			}
		}
		for ; run > 0; run-- {
			cl = append(cl, clToken{v, 0, 0})
		}
	}
	for _, t := range cl {
		clFreq[t.sym]++
	}
	atLeastTwo(clFreq[:])
	var clLens [19]uint8
	var clCodes [19]code
	huffmanLengths(clFreq[:], 7, clLens[:])
	canonical(clLens[:], clCodes[:])
	nCL := 19
	for nCL > 4 && clLens[clOrder[nCL-1]] == 0 { // the header writes at least four
		nCL--
	}

	w.write(uint64(nLit-257), 5)
	w.write(uint64(nDist-1), 5)
	w.write(uint64(nCL-4), 4)
	for _, s := range clOrder[:nCL] {
		w.write(uint64(clLens[s]), 3)
	}
	for _, t := range cl {
		c := clCodes[t.sym]
		w.write(uint64(c.bits)|uint64(t.extra)<<c.n, c.n+t.nExtra)
	}
}

// atLeastTwo makes sure at least two symbols are counted, adding the first
// ones not counted yet, so the Huffman code built from the counts is
// complete.
func atLeastTwo(freq []uint32) {
	n := 0
	for _, f := range freq {
		if f > 0 {
			n++
		}
	}
	for i := 0; n < 2; i++ {
		if freq[i] == 0 {
			freq[i] = 1
			n++
		}
	}
}

// huffmanLengths sets lens to the code lengths of a Huffman code for freq,
// none longer than limit. Counts are halved until the code fits: a simple
// and rarely needed way to limit lengths. freq has at least two counted
// symbols, and is changed.
func huffmanLengths(freq []uint32, limit uint8, lens []uint8) {
	// a leaf is its count above its symbol, so that plain integer order
	// sorts by count, then symbol
	const symBits = 9
	leaves := make([]uint64, 0, len(freq))
	for s, f := range freq {
		if f > 0 {
			leaves = append(leaves, uint64(f)<<symBits|uint64(s))
		}
	}
	n := len(leaves)
	weight := make([]uint64, 2*n-1)
	parent := make([]int, 2*n-1)
	depth := make([]uint8, 2*n-1)
	for {
		slices.Sort(leaves)
		for i, l := range leaves {
			weight[i] = l >> symBits
		}
		// two queues: the sorted leaves and the internal nodes, which are
		// made in increasing weight
		li, ni := 0, n
		pick := func(k int) int {
			if li < n && (ni >= k || weight[li] <= weight[ni]) {
				li++
				return li - 1
			}
			ni++
			return ni - 1
		}
		for k := n; k < 2*n-1; k++ {
			a := pick(k)
			b := pick(k)
			weight[k] = weight[a] + weight[b]
			parent[a], parent[b] = k, k
		}
		// a node's parent is made after it, so depths go from the root down
		depth[2*n-2] = 0
		longest := uint8(0)
		for x := 2*n - 3; x >= 0; x-- {
			depth[x] = depth[parent[x]] + 1
			longest = max(longest, depth[x])
		}
		if longest <= limit {
			for i, l := range leaves {
				lens[l&(1<<symBits-1)] = depth[i]
			}
			return
		}
		for i, l := range leaves {
			leaves[i] = (l>>symBits+1)/2<<symBits | l&(1<<symBits-1)
		}
	}
}

// canonical assigns the canonical Huffman codes of RFC 1951, 3.2.2.
func canonical(lens []uint8, codes []code) {
	var count, next [16]uint32
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	c := uint32(0)
	for l := 1; l < 16; l++ {
		c = (c + count[l-1]) << 1
		next[l] = c
	}
	for s, l := range lens {
		if l == 0 {
			continue
		}
		codes[s] = code{bits.Reverse32(next[l]) >> (32 - l), l}
		next[l]++
	}
}

// bitWriter packs codes least significant bit first, as deflate does.
type bitWriter struct {
	out  []byte
	bits uint64
	n    uint8
}

// write appends the low n bits of b; n is at most 32, and the other bits
// of b are zero.
func (w *bitWriter) write(b uint64, n uint8) {
	w.bits |= b << w.n
	w.n += n
	if w.n >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.bits))
		w.bits >>= 32
		w.n -= 32
	}
}

// align writes the pending bits, padding the last byte with zeros.
func (w *bitWriter) align() {
	for w.n > 0 {
		w.out = append(w.out, byte(w.bits))
		w.bits >>= 8
		w.n = max(w.n, 8) - 8
	}
	w.bits = 0
}
