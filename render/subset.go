package render

import (
	"encoding/binary"
	"slices"
	"sort"
)

// subsetFont returns a TrueType font holding only the glyphs of the runes
// in used (plus .notdef and the parts of composite glyphs). Glyph indices
// are kept, so cmap, hmtx and the advance widths stay exactly the
// original's: unused glyphs become empty outlines. Hinting (instructions,
// fpgm, prep, cvt) is dropped because the rasterizer draws unhinted
// outlines, and the name table keeps only the copyright, names and the
// licence text the font's BSD licence asks to reproduce.
func subsetFont(f *face, used map[rune]bool) []byte {
	tables := map[string][]byte{}
	src := f.ttf
	n := int(be16(src[4:]))
	for i := 0; i < n; i++ {
		r := src[12+16*i:]
		off, l := be32(r[8:]), be32(r[12:])
		tables[string(r[:4])] = src[off : off+l]
	}
	head := slices.Clone(tables["head"])
	longLoca := be16(head[50:]) == 1
	loca := tables["loca"]
	glyf := tables["glyf"]
	numGlyphs := int(be16(tables["maxp"][4:]))
	glyphData := func(g int) []byte {
		var a, b uint32
		if longLoca {
			a, b = be32(loca[4*g:]), be32(loca[4*g+4:])
		} else {
			a, b = uint32(be16(loca[2*g:]))*2, uint32(be16(loca[2*g+2:]))*2
		}
		return glyf[a:b]
	}

	keep := map[int]bool{0: true}
	var queue []int
	for r := range used {
		if g := int(f.glyph(r)); !keep[g] {
			keep[g] = true
			queue = append(queue, g)
		}
	}
	stripped := map[int][]byte{}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		data, parts := stripGlyph(glyphData(g))
		stripped[g] = data
		for _, p := range parts {
			if p < numGlyphs && !keep[p] {
				keep[p] = true
				queue = append(queue, p)
			}
		}
	}
	if _, ok := stripped[0]; !ok {
		stripped[0], _ = stripGlyph(glyphData(0))
	}

	var newGlyf []byte
	offsets := make([]int, numGlyphs+1)
	for g := 0; g < numGlyphs; g++ {
		offsets[g] = len(newGlyf)
		if d, ok := stripped[g]; ok {
			newGlyf = append(newGlyf, d...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	offsets[numGlyphs] = len(newGlyf)
	var newLoca []byte
	if longLoca || len(newGlyf) > 0x1fffe {
		binary.BigEndian.PutUint16(head[50:], 1)
		for _, o := range offsets {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(o))
		}
	} else {
		for _, o := range offsets {
			newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(o/2))
		}
	}
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below

	post := slices.Clone(tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000) // no glyph names

	maxp := slices.Clone(tables["maxp"])
	if len(maxp) >= 28 {
		binary.BigEndian.PutUint16(maxp[26:], 0) // maxSizeOfInstructions
	}

	out := map[string][]byte{
		"OS/2": tables["OS/2"],
		"cmap": tables["cmap"],
		"glyf": newGlyf,
		"head": head,
		"hhea": tables["hhea"],
		"hmtx": tables["hmtx"],
		"loca": newLoca,
		"maxp": maxp,
		"name": subsetNames(tables["name"]),
		"post": post,
	}
	return writeSFNT(out)
}

// stripGlyph returns a glyph's data without hinting instructions and the
// glyph indices of its components.
func stripGlyph(d []byte) ([]byte, []int) {
	if len(d) < 10 {
		return nil, nil
	}
	nc := int(int16(be16(d)))
	if nc >= 0 {
		p := 10 + 2*nc
		il := int(be16(d[p:]))
		out := make([]byte, 0, len(d)-il)
		out = append(out, d[:p]...)
		out = append(out, 0, 0)
		return append(out, d[p+2+il:]...), nil
	}
	out := slices.Clone(d)
	var parts []int
	p := 10
	for {
		flags := be16(out[p:])
		parts = append(parts, int(be16(out[p+2:])))
		next := p + 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			next += 4
		} else {
			next += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			next += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			next += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			next += 8
		}
		if flags&0x0020 == 0 { // last component
			binary.BigEndian.PutUint16(out[p:], flags&^0x0100) // WE_HAVE_INSTRUCTIONS
			return out[:next], parts
		}
		p = next
	}
}

// subsetNames keeps the Windows-platform copyright (0), family, subfamily,
// unique id, full name, version, PostScript name (1–6) and licence (13)
// records.
func subsetNames(t []byte) []byte {
	count := int(be16(t[2:]))
	strOff := int(be16(t[4:]))
	type rec struct {
		hdr []byte
		s   []byte
	}
	var recs []rec
	for i := 0; i < count; i++ {
		r := t[6+12*i : 18+12*i]
		id := be16(r[6:])
		if be16(r) != 3 || (id > 6 && id != 13) {
			continue
		}
		l, o := int(be16(r[8:])), int(be16(r[10:]))
		recs = append(recs, rec{r, t[strOff+o : strOff+o+l]})
	}
	out := binary.BigEndian.AppendUint16(nil, 0)
	out = binary.BigEndian.AppendUint16(out, uint16(len(recs)))
	out = binary.BigEndian.AppendUint16(out, uint16(6+12*len(recs)))
	var strs []byte
	for _, r := range recs {
		out = append(out, r.hdr[:8]...)
		out = binary.BigEndian.AppendUint16(out, uint16(len(r.s)))
		out = binary.BigEndian.AppendUint16(out, uint16(len(strs)))
		strs = append(strs, r.s...)
	}
	return append(out, strs...)
}

// writeSFNT assembles tables into a font file with a valid directory and
// checksums.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16<<es))
	out = binary.BigEndian.AppendUint16(out, uint16(es))
	out = binary.BigEndian.AppendUint16(out, uint16(16*n-16<<es))
	dir := len(out)
	out = append(out, make([]byte, 16*n)...)
	headAt := 0
	for i, tag := range tags {
		t := tables[tag]
		off := len(out)
		if tag == "head" {
			headAt = off
		}
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		r := out[dir+16*i:]
		copy(r, tag)
		binary.BigEndian.PutUint32(r[4:], checksum(out[off:]))
		binary.BigEndian.PutUint32(r[8:], uint32(off))
		binary.BigEndian.PutUint32(r[12:], uint32(len(t)))
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the sfnt table checksum of 4-byte-padded data.
func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i+4 <= len(b); i += 4 {
		s += be32(b[i:])
	}
	return s
}

func be16(b []byte) uint16 { return binary.BigEndian.Uint16(b) }
func be32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }
