package iam

import (
	mathbits "math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// tokKind is one piece of a compiled pattern.
type tokKind uint8

const (
	tLit  tokKind = iota // literal text
	tStar                // * : any run of characters
	tOne                 // ? : exactly one character
	tVar                 // ${key} or ${key, 'default'}: the request's value of a context key
)

type token struct {
	kind tokKind
	// tLit: the text (lower-cased when the pattern folds case);
	// tVar: the lower-cased context key.
	text   string
	def    string // tVar: the default value
	hasDef bool
	// noColon: a tStar or tOne that may not match ':' (a wildcard inside a
	// segment of a Resource ARN, rule R42).
	noColon bool
}

type patMode uint8

const (
	mAny    patMode = iota // "*": everything
	mExact                 // no wildcard or variable
	mPrefix                // literal followed by one final "*"
	mGlob                  // anything else
)

// pattern is a compiled Action, Resource or string-condition value. The
// common shapes (everything, exact, prefix) are matched without walking
// tokens; nothing in matching allocates.
type pattern struct {
	raw  string
	mode patMode
	lit  string // mExact, mPrefix: the literal (lower-cased when fold)
	toks []token
	fold bool // compare ASCII letters case-insensitively
}

// patOpts says how a pattern string is read.
type patOpts struct {
	wildcards bool // * and ? are wildcards (false for StringEquals)
	vars      bool // ${...} are policy variables (Version 2012-10-17 only)
	fold      bool // case-insensitive
	arn       bool // Resource ARN rules: a * inside a segment stays in the segment
}

// compilePattern compiles s. It returns a message when a policy variable is
// malformed.
func compilePattern(s string, o patOpts) (pattern, string) {
	p := pattern{raw: s, fold: o.fold}
	if o.wildcards && s == "*" {
		p.mode = mAny
		return p, ""
	}
	// Literal runs are substrings of s, not copies: lit holds the text
	// before s[from:] when an escape (${*}) interrupted the run. The tokens
	// are gathered on the stack and kept (copied) only by globs: the other
	// modes match on lit.
	var buf [4]token
	toks := buf[:0]
	lit, from := "", -1
	flush := func(end int) {
		t := lit
		if from >= 0 {
			t += s[from:end]
		}
		if t != "" {
			if o.fold {
				t = lowerASCII(t)
			}
			toks = append(toks, token{kind: tLit, text: t})
		}
		lit, from = "", -1
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case o.wildcards && (c == '*' || c == '?'):
			flush(i)
			k := tStar
			if c == '?' {
				k = tOne
			}
			toks = append(toks, token{kind: k})
			i++
		case o.vars && c == '$' && i+1 < len(s) && s[i+1] == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return p, "a policy variable is not closed: \"${\" without \"}\""
			}
			inner := s[i+2 : i+end]
			switch inner {
			case "*", "?", "$":
				if from >= 0 {
					lit += s[from:i]
				}
				lit, from = lit+inner, -1
				i += end + 1
				continue
			}
			flush(i)
			i += end + 1
			t, msg := compileVar(inner)
			if msg != "" {
				return p, msg
			}
			toks = append(toks, t)
		default:
			if from < 0 {
				from = i
			}
			// on to the next byte the cases above may take, in a loop
			// tighter than the switch
			for i++; i < len(s) && s[i] != '*' && s[i] != '?' && s[i] != '$'; i++ {
			}
		}
	}
	flush(len(s))
	if o.arn {
		markSegmentWildcards(toks)
	}
	switch {
	case len(toks) == 0:
		p.mode = mExact
	case len(toks) == 1 && toks[0].kind == tLit:
		p.mode, p.lit = mExact, toks[0].text
	case len(toks) == 2 && toks[0].kind == tLit && toks[1].kind == tStar && !toks[1].noColon:
		p.mode, p.lit = mPrefix, toks[0].text
	default:
		p.mode, p.toks = mGlob, slices.Clone(toks)
	}
	return p, ""
}

// compileVar reads the inside of ${...}: a key, optionally followed by
// ", 'default'".
func compileVar(inner string) (token, string) {
	key, def, hasDef := strings.Cut(inner, ",")
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " '\"") {
		return token{}, "policy variable ${" + inner + "} does not name a context key"
	}
	t := token{kind: tVar, text: strings.ToLower(key)}
	if hasDef {
		def = strings.TrimSpace(def)
		if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
			return token{}, "the default value of policy variable ${" + inner + "} must be in single quotes"
		}
		t.def, t.hasDef = def[1:len(def)-1], true
	}
	return t, ""
}

// markSegmentWildcards applies AWS's rule for wildcards in Resource ARNs: a
// wildcard matches within its colon-separated segment, except that a * which
// is the last character of a segment may expand beyond the colon boundaries.
func markSegmentWildcards(toks []token) {
	for i := range toks {
		switch toks[i].kind {
		case tOne:
			toks[i].noColon = true
		case tStar:
			last := i == len(toks)-1 || (toks[i+1].kind == tLit && strings.HasPrefix(toks[i+1].text, ":"))
			toks[i].noColon = !last
		}
	}
}

// match reports whether s matches the pattern; ctx supplies the values of
// policy variables.
func (p *pattern) match(s string, ctx *Context) bool {
	switch p.mode {
	case mAny:
		return true
	case mExact:
		return len(s) == len(p.lit) && hasPrefix(s, p.lit, p.fold)
	case mPrefix:
		return hasPrefix(s, p.lit, p.fold)
	}
	return matchTokens(p.toks, s, p.fold, ctx)
}

// matchTokens runs the pattern as a little automaton over s, token by
// token: cur is the set of positions of s where the current token can start.
// That is O(tokens × len(s)) whatever the wildcards, where backtracking
// would be exponential on patterns like "a*a*a*a*b". Inputs up to 511
// bytes use stack buffers, so matching does not allocate.
func matchTokens(toks []token, s string, fold bool, ctx *Context) bool {
	n := len(s) + 1 // positions 0..len(s)
	words := (n + 63) / 64
	var b1, b2 [8]uint64
	cur, next := b1[:], b2[:]
	if words > len(b1) {
		cur, next = make([]uint64, words), make([]uint64, words)
	}
	cur, next = cur[:words], next[:words]
	cur[0] = 1
	for k := range toks {
		t := &toks[k]
		clear(next)
		if t.kind == tStar {
			first := firstBit(cur)
			if first < 0 {
				return false
			}
			if !t.noColon {
				setFrom(next, first, n)
			} else {
				// A position is reachable if the star starts there, or the
				// star reached the one before and that character is no colon.
				on := false
				for i := first; i < n; i++ {
					switch {
					case cur[i/64]&(1<<(i%64)) != 0:
						on = true
					case on && s[i-1] == ':':
						on = false
					}
					if on {
						next[i/64] |= 1 << (i % 64)
					}
				}
			}
		} else {
			any := false
			for w, bits := range cur {
				for bits != 0 {
					i := w*64 + mathbits.TrailingZeros64(bits)
					bits &= bits - 1
					if j := t.step(s, i, fold, ctx); j >= 0 {
						next[j/64] |= 1 << (j % 64)
						any = true
					}
				}
			}
			if !any {
				return false
			}
		}
		cur, next = next, cur
	}
	return cur[len(s)/64]&(1<<(len(s)%64)) != 0
}

// step matches a non-star token at position i of s and returns where the
// next token starts, or -1.
func (t *token) step(s string, i int, fold bool, ctx *Context) int {
	switch t.kind {
	case tLit:
		if hasPrefix(s[i:], t.text, fold) {
			return i + len(t.text)
		}
	case tVar:
		v, ok := ctx.variable(t.text)
		if !ok && t.hasDef {
			v, ok = t.def, true
		}
		if ok && len(s)-i >= len(v) && equalText(s[i:i+len(v)], v, fold) {
			return i + len(v)
		}
	case tOne:
		if i < len(s) && !(t.noColon && s[i] == ':') {
			_, size := utf8.DecodeRuneInString(s[i:])
			return i + size
		}
	}
	return -1
}

func firstBit(set []uint64) int {
	for w, bits := range set {
		if bits != 0 {
			return w*64 + mathbits.TrailingZeros64(bits)
		}
	}
	return -1
}

// setFrom sets the bits first..n-1.
func setFrom(set []uint64, first, n int) {
	for i := first; i < n; {
		if i%64 == 0 && i+64 <= n {
			set[i/64] = ^uint64(0)
			i += 64
			continue
		}
		set[i/64] |= 1 << (i % 64)
		i++
	}
}

// hasPrefix reports whether s starts with prefix; with fold, prefix is
// already lower-case and s is compared case-insensitively (ASCII), without
// allocating.
func hasPrefix(s, prefix string, fold bool) bool {
	if len(s) < len(prefix) {
		return false
	}
	if !fold {
		return s[:len(prefix)] == prefix
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// equalText compares two strings of the same length, optionally ignoring case.
func equalText(a, b string, fold bool) bool {
	if fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// arnPattern is an ArnLike/ArnEquals value: each of the six colon-separated
// components of an ARN is matched on its own, so a * never spills into the
// next component. A value that is not an ARN is matched as a whole string.
type arnPattern struct {
	parts [6]pattern
	whole pattern
	isArn bool
}

func compileArnPattern(s string, vars bool) (arnPattern, string) {
	comps := splitARN(s)
	o := patOpts{wildcards: true, vars: vars}
	if comps == nil {
		p, msg := compilePattern(s, o)
		return arnPattern{whole: p}, msg
	}
	a := arnPattern{isArn: true}
	for i, c := range comps {
		p, msg := compilePattern(c, o)
		if msg != "" {
			return a, msg
		}
		a.parts[i] = p
	}
	return a, ""
}

func (a *arnPattern) match(v string, ctx *Context) bool {
	if !a.isArn {
		return a.whole.match(v, ctx)
	}
	var comps [6]string
	if !splitARNInto(v, &comps) {
		return false
	}
	for i := range comps {
		if !a.parts[i].match(comps[i], ctx) {
			return false
		}
	}
	return true
}

// splitARN splits an ARN into its six components (the last keeps any further
// colons), or returns nil when s has fewer than six.
func splitARN(s string) []string {
	var comps [6]string
	if !splitARNInto(s, &comps) {
		return nil
	}
	return comps[:]
}

func splitARNInto(s string, comps *[6]string) bool {
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return false
		}
		comps[i], s = s[:j], s[j+1:]
	}
	comps[5] = s
	return true
}
