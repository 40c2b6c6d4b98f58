package web

import (
	"strconv"
	"strings"
)

// A move changes a few dozen of a big drawing's twenty thousand keys, so
// an answer to a page that shows a known drawing carries its key lists as
// a delta against the lists the page has: space-separated tokens, each
// "=N" (keep the next N old tokens), "~N" (drop the next N old tokens) or
// a token of the new list to insert. Keys are base64url, which has neither
// '=' nor '~'.

// maxDeltaEdits bounds the edits a delta is searched for (the search costs
// about the lists' length times the edits); a bigger change is sent whole.
const maxDeltaEdits = 1024

// tokenDelta is the delta that turns the space-separated list old into
// next; ok is false when they differ by more than maxDeltaEdits tokens.
func tokenDelta(old, next string) (string, bool) {
	a, b := strings.Fields(old), strings.Fields(next)
	// The common ends need no search.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	mid, ok := diffTokens(a[pre:len(a)-suf], b[pre:len(b)-suf], maxDeltaEdits)
	if !ok {
		return "", false
	}
	var d deltaWriter
	d.b.Grow(len(mid)*13 + 16)
	d.keep(pre)
	for _, e := range mid {
		switch e.op {
		case '=':
			d.keep(1)
		case '~':
			d.drop(1)
		default:
			d.insert(b[pre+e.j])
		}
	}
	d.keep(suf)
	return d.String(), true
}

// tokenEdit is one step from a to b: '=' keeps a token, '~' drops a's
// token, '+' inserts b[j] (j counts from the start of the searched part).
type tokenEdit struct {
	op byte
	j  int
}

// diffTokens is the shortest edit script from a to b (Myers' O(ND)
// search), or false when it needs more than maxD insertions and deletions.
func diffTokens(a, b []string, maxD int) ([]tokenEdit, bool) {
	n, m := len(a), len(b)
	if n+m == 0 {
		return nil, true
	}
	maxD = min(maxD, n+m)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m), true
			}
		}
	}
	return nil, false
}

// backtrack reads the edits back from the search's rows; trace[d] holds
// the row before step d, from diagonal -d to d+1.
func backtrack(trace [][]int, x, y int) []tokenEdit {
	var rev []tokenEdit
	for d := len(trace) - 1; d > 0; d-- {
		row := trace[d]
		at := func(k int) int { return row[k+d] }
		k := x - y
		pk := k - 1
		if k == -d || k != d && at(k-1) < at(k+1) {
			pk = k + 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, tokenEdit{op: '='})
		}
		if x == px {
			y--
			rev = append(rev, tokenEdit{op: '+', j: y})
		} else {
			x--
			rev = append(rev, tokenEdit{op: '~'})
		}
	}
	for ; x > 0; x-- {
		rev = append(rev, tokenEdit{op: '='})
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// deltaWriter writes a delta, joining runs of kept and dropped tokens.
type deltaWriter struct {
	b       strings.Builder
	op      byte
	pending int
}

func (d *deltaWriter) keep(n int) { d.run('=', n) }
func (d *deltaWriter) drop(n int) { d.run('~', n) }

func (d *deltaWriter) run(op byte, n int) {
	if n == 0 {
		return
	}
	if d.op != op {
		d.flush()
		d.op = op
	}
	d.pending += n
}

func (d *deltaWriter) insert(tok string) {
	d.flush()
	d.sep()
	d.b.WriteString(tok)
}

func (d *deltaWriter) sep() {
	if d.b.Len() > 0 {
		d.b.WriteByte(' ')
	}
}

func (d *deltaWriter) flush() {
	if d.pending > 0 {
		d.sep()
		d.b.WriteByte(d.op)
		d.b.WriteString(strconv.Itoa(d.pending))
	}
	d.op, d.pending = 0, 0
}

func (d *deltaWriter) String() string {
	d.flush()
	return d.b.String()
}
