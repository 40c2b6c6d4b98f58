package cfn

import (
	"fmt"
	"math/big"
	"net/netip"
)

// cidr implements Fn::Cidr: it cuts ipBlock into consecutive blocks with
// cidrBits host bits each (a /24 for cidrBits 8 in IPv4, a /64 for 64 in
// IPv6) and returns the first count of them, as CloudFormation does.
func cidr(ipBlock string, count, cidrBits int) ([]string, error) {
	p, err := netip.ParsePrefix(ipBlock)
	if err != nil {
		return nil, fmt.Errorf("%q is not a CIDR block", ipBlock)
	}
	p = p.Masked()
	width := p.Addr().BitLen()
	if count < 1 || count > 256 {
		return nil, fmt.Errorf("count must be from 1 to 256, not %d", count)
	}
	if cidrBits < 1 || cidrBits > width {
		return nil, fmt.Errorf("cidrBits must be from 1 to %d, not %d", width, cidrBits)
	}
	newLen := width - cidrBits
	if newLen < p.Bits() {
		return nil, fmt.Errorf("%s is too small for blocks with %d host bits (/%d)", p, cidrBits, newLen)
	}
	if avail := newLen - p.Bits(); avail < 9 && 1<<avail < count {
		return nil, fmt.Errorf("%s holds only %d blocks of /%d, not %d", p, 1<<avail, newLen, count)
	}
	start := new(big.Int).SetBytes(p.Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(cidrBits))
	out := make([]string, 0, count)
	for i := range count {
		n := new(big.Int).Add(start, new(big.Int).Mul(step, big.NewInt(int64(i))))
		buf := make([]byte, width/8)
		n.FillBytes(buf)
		addr, _ := netip.AddrFromSlice(buf)
		out = append(out, netip.PrefixFrom(addr, newLen).String())
	}
	return out, nil
}
