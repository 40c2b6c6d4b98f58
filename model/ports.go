package model

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Ports is an inclusive port range; the zero value is never used: "all" is
// 0–65535.
type Ports struct {
	From, To int
}

// AllPorts is the range "all" stands for.
var AllPorts = Ports{0, 65535}

// ParsePorts reads "443", "1024-65535" or "all".
func ParsePorts(s string) (Ports, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "all") || s == "-1" {
		return AllPorts, nil
	}
	lo, hi, isRange := strings.Cut(s, "-")
	from, err := parsePort(lo)
	if err != nil {
		return Ports{}, err
	}
	to := from
	if isRange {
		if to, err = parsePort(hi); err != nil {
			return Ports{}, err
		}
	}
	if to < from {
		return Ports{}, fmt.Errorf("port range %q runs backwards", s)
	}
	return Ports{from, to}, nil
}

func parsePort(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 65535 {
		return 0, fmt.Errorf("%q is not a port: use a number from 0 to 65535, a range like \"1024-65535\", or \"all\"", s)
	}
	return n, nil
}

// Contains reports whether port p is in the range.
func (p Ports) Contains(port int) bool { return port >= p.From && port <= p.To }

// Covers reports whether every port of q is in p.
func (p Ports) Covers(q Ports) bool { return q.From >= p.From && q.To <= p.To }

// String writes the canonical form: "all", "443" or "1024-65535".
func (p Ports) String() string {
	switch {
	case p == AllPorts:
		return "all"
	case p.From == p.To:
		return strconv.Itoa(p.From)
	}
	return fmt.Sprintf("%d-%d", p.From, p.To)
}

// MarshalJSON writes the canonical string form.
func (p Ports) MarshalJSON() ([]byte, error) { return json.Marshal(p.String()) }

// UnmarshalJSON accepts a string or a number.
func (p *Ports) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		v, err := parsePort(n.String())
		if err != nil {
			return err
		}
		*p = Ports{v, v}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("must be a port number or a string like \"443\", \"1024-65535\" or \"all\"")
	}
	v, err := ParsePorts(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}
