package iam

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

type opFamily uint8

const (
	fString opFamily = iota
	fStringLike
	fNumeric
	fDate
	fBool
	fBinary
	fIP
	fArn
	fNull
)

type cmpKind uint8

const (
	cEq cmpKind = iota
	cLt
	cLe
	cGt
	cGe
)

type opInfo struct {
	family  opFamily
	cmp     cmpKind
	negated bool // a "Not" operator: true when the key is missing
	fold    bool
}

// operators are the condition operators of the IAM policy language, without
// the IfExists suffix and the ForAnyValue:/ForAllValues: qualifiers.
var operators = map[string]opInfo{
	"StringEquals":              {family: fString},
	"StringNotEquals":           {family: fString, negated: true},
	"StringEqualsIgnoreCase":    {family: fString, fold: true},
	"StringNotEqualsIgnoreCase": {family: fString, negated: true, fold: true},
	"StringLike":                {family: fStringLike},
	"StringNotLike":             {family: fStringLike, negated: true},
	"NumericEquals":             {family: fNumeric},
	"NumericNotEquals":          {family: fNumeric, negated: true},
	"NumericLessThan":           {family: fNumeric, cmp: cLt},
	"NumericLessThanEquals":     {family: fNumeric, cmp: cLe},
	"NumericGreaterThan":        {family: fNumeric, cmp: cGt},
	"NumericGreaterThanEquals":  {family: fNumeric, cmp: cGe},
	"DateEquals":                {family: fDate},
	"DateNotEquals":             {family: fDate, negated: true},
	"DateLessThan":              {family: fDate, cmp: cLt},
	"DateLessThanEquals":        {family: fDate, cmp: cLe},
	"DateGreaterThan":           {family: fDate, cmp: cGt},
	"DateGreaterThanEquals":     {family: fDate, cmp: cGe},
	"Bool":                      {family: fBool},
	"BinaryEquals":              {family: fBinary},
	"IpAddress":                 {family: fIP},
	"NotIpAddress":              {family: fIP, negated: true},
	"ArnEquals":                 {family: fArn},
	"ArnLike":                   {family: fArn},
	"ArnNotEquals":              {family: fArn, negated: true},
	"ArnNotLike":                {family: fArn, negated: true},
	"Null":                      {family: fNull},
}

type setQual uint8

const (
	setNone setQual = iota
	setAny          // ForAnyValue:
	setAll          // ForAllValues:
)

// condition is one (operator, key) pair of a Condition block, with its
// values compiled for the operator.
type condition struct {
	desc     string // operator and key as written, for explanations
	op       opInfo
	ifExists bool
	set      setQual
	key      string // lower-cased

	pats  []pattern // fString, fStringLike
	arns  []arnPattern
	nums  []float64
	times []int64 // Unix nanoseconds
	bools []bool  // fBool; fNull: true means "the key must be absent"
	bins  []string
	nets  []netip.Prefix
}

// parseOperator splits "ForAnyValue:StringLikeIfExists" into its parts.
func parseOperator(name string) (op opInfo, set setQual, ifExists bool, msg string) {
	base := name
	if q, rest, ok := strings.Cut(base, ":"); ok {
		switch q {
		case "ForAnyValue":
			set = setAny
		case "ForAllValues":
			set = setAll
		default:
			return op, set, false, "unknown set qualifier " + strconvQuote(q+":") + " (use ForAnyValue: or ForAllValues:)"
		}
		base = rest
	}
	if b, ok := strings.CutSuffix(base, "IfExists"); ok {
		base, ifExists = b, true
	}
	op, ok := operators[base]
	if !ok {
		for known := range operators {
			if strings.EqualFold(known, base) {
				return op, set, ifExists, "unknown condition operator " + strconvQuote(name) + "; operator names are case-sensitive: did you mean " + strconvQuote(known) + "?"
			}
		}
		return op, set, ifExists, "unknown condition operator " + strconvQuote(name)
	}
	if op.family == fNull && (ifExists || set != setNone) {
		return op, set, ifExists, "the Null operator takes no IfExists suffix and no set qualifier"
	}
	return op, set, ifExists, ""
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// compileValue adds one policy value to c; it returns a message when the
// value does not suit the operator.
func (c *condition) compileValue(v string, vars bool) string {
	switch c.op.family {
	case fString:
		p, msg := compilePattern(v, patOpts{vars: vars, fold: c.op.fold})
		c.pats = append(c.pats, p)
		return msg
	case fStringLike:
		p, msg := compilePattern(v, patOpts{wildcards: true, vars: vars})
		c.pats = append(c.pats, p)
		return msg
	case fArn:
		a, msg := compileArnPattern(v, vars)
		c.arns = append(c.arns, a)
		return msg
	case fNumeric:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return strconvQuote(v) + " is not a number"
		}
		c.nums = append(c.nums, f)
	case fDate:
		t, ok := parseDate(v)
		if !ok {
			return strconvQuote(v) + " is not a date: use ISO 8601 (2024-05-01T12:00:00Z) or epoch seconds"
		}
		c.times = append(c.times, t)
	case fBool, fNull:
		switch strings.ToLower(v) {
		case "true":
			c.bools = append(c.bools, true)
		case "false":
			c.bools = append(c.bools, false)
		default:
			return strconvQuote(v) + " is not true or false"
		}
	case fBinary:
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return strconvQuote(v) + " is not base64"
		}
		c.bins = append(c.bins, base64.StdEncoding.EncodeToString(b))
	case fIP:
		p, ok := parseCIDR(v)
		if !ok {
			return strconvQuote(v) + " is not an IP address or CIDR block"
		}
		c.nets = append(c.nets, p)
	}
	return ""
}

func parseCIDR(v string) (netip.Prefix, bool) {
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return p, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// dateLayouts are the W3C profiles of ISO 8601 AWS accepts.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01",
	"2006",
}

// parseDate reads ISO 8601 or epoch seconds, as Unix nanoseconds.
func parseDate(v string) (int64, bool) {
	if v != "" && strings.Trim(v, "0123456789.") == "" && len(v) != 4 {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false
		}
		return int64(f * 1e9), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.UnixNano(), true
		}
	}
	return 0, false
}

// holds evaluates the condition against the request context, following
// AWS's rules for missing keys: a missing key makes a positive operator
// false and a negated one true; IfExists makes it true; ForAllValues is true
// and ForAnyValue false on a missing (or empty) key; Null tests presence.
func (c *condition) holds(ctx *Context) bool {
	vals := ctx.values(c.key)
	if c.op.family == fNull {
		for _, mustBeAbsent := range c.bools {
			if mustBeAbsent == (len(vals) == 0) {
				return true
			}
		}
		return false
	}
	if len(vals) == 0 {
		switch {
		case c.ifExists:
			return true
		case c.set == setAll:
			return true
		case c.set == setAny:
			return false
		}
		return c.op.negated
	}
	switch c.set {
	case setAll:
		for _, v := range vals {
			if c.matchAny(v, ctx) == c.op.negated {
				return false
			}
		}
		return true
	case setAny:
		for _, v := range vals {
			if c.matchAny(v, ctx) != c.op.negated {
				return true
			}
		}
		return false
	}
	// Without a qualifier, a positive operator holds when any request value
	// matches, and a negated one when none does (its exact negation).
	for _, v := range vals {
		if c.matchAny(v, ctx) {
			return !c.op.negated
		}
	}
	return c.op.negated
}

// matchAny reports whether the request value v matches any policy value
// under the operator's positive form (values are ORed).
func (c *condition) matchAny(v string, ctx *Context) bool {
	switch c.op.family {
	case fString, fStringLike:
		for i := range c.pats {
			if c.pats[i].matchValue(v, ctx) {
				return true
			}
		}
	case fArn:
		for i := range c.arns {
			if c.arns[i].match(v, ctx) {
				return true
			}
		}
	case fNumeric:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return false
		}
		for _, n := range c.nums {
			if compare(f, n, c.op.cmp) {
				return true
			}
		}
	case fDate:
		t, ok := parseDate(v)
		if !ok {
			return false
		}
		for _, n := range c.times {
			if compare(t, n, c.op.cmp) {
				return true
			}
		}
	case fBool:
		var b bool
		switch {
		case strings.EqualFold(v, "true"):
			b = true
		case strings.EqualFold(v, "false"):
		default:
			return false
		}
		for _, x := range c.bools {
			if x == b {
				return true
			}
		}
	case fBinary:
		for _, x := range c.bins {
			if x == v {
				return true
			}
		}
	case fIP:
		a, err := netip.ParseAddr(v)
		if err != nil {
			p, ok := parseCIDR(v)
			if !ok {
				return false
			}
			a = p.Addr()
		}
		for _, n := range c.nets {
			if n.Contains(a.Unmap()) || n.Contains(a) {
				return true
			}
		}
	}
	return false
}

// matchValue matches a whole condition value; unlike Resource matching,
// StringEquals and StringLike values can be compared case-insensitively with
// non-ASCII text too.
func (p *pattern) matchValue(v string, ctx *Context) bool {
	if p.fold && p.mode == mExact {
		return strings.EqualFold(v, p.lit)
	}
	return p.match(v, ctx)
}

// compare applies a numeric or date operator: numbers as floats, dates as
// Unix nanoseconds.
func compare[T int64 | float64](a, b T, c cmpKind) bool {
	switch c {
	case cLt:
		return a < b
	case cLe:
		return a <= b
	case cGt:
		return a > b
	case cGe:
		return a >= b
	}
	return a == b
}
