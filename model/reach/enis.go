package reach

import (
	"slices"
	"strings"

	"archway/model"
)

// hyperplane is one Hyperplane ENI: a unique subnet and set of security
// groups, with the functions sharing it (R30).
type hyperplane struct {
	eni    model.ENI
	subnet *subnetInfo
	// exists reports an ENI already created: some function using it is
	// Active. Otherwise creating or updating a function creates it (R67).
	exists bool
}

// hyperplanes lists the Hyperplane ENIs of the design's VPC functions in
// order of first use; a configuration Lambda rejects creates none.
func (e *engine) hyperplanes() []*hyperplane {
	var out []*hyperplane
	byKey := map[string]*hyperplane{}
	for _, fn := range e.d.Nodes {
		if fn.Type != model.TypeLambda || !fn.InVPC() || e.rejected(fn) {
			continue
		}
		sgs := uniq(fn.VPC.SecurityGroups)
		slices.Sort(sgs)
		sgKey := strings.Join(sgs, ",")
		for i, id := range fn.VPC.Subnets {
			s := e.subnets[id]
			if s == nil || slices.Contains(fn.VPC.Subnets[:i], id) {
				continue
			}
			key := id + "|" + sgKey
			h := byKey[key]
			if h == nil {
				h = &hyperplane{eni: model.ENI{VPC: s.vpc.node.ID, Subnet: id, SecurityGroups: sgs}, subnet: s}
				byKey[key] = h
				out = append(out, h)
			}
			h.eni.Functions = append(h.eni.Functions, fn.ID)
			h.exists = h.exists || fn.FunctionState() == "Active"
		}
	}
	return out
}

// capacity reports the ENI list and what it costs: addresses in each subnet
// (R64), Lambda's ENI quota per VPC (R63), and reuse between functions (R30).
func (e *engine) capacity() ([]model.ENI, []model.Finding) {
	hs := e.hyperplanes()
	enis := make([]model.ENI, len(hs))
	var out []model.Finding
	for i, h := range hs {
		enis[i] = h.eni
	}
	out = append(out, e.reuseFindings(hs)...)

	// Interfaces other resources hold, per subnet and per VPC.
	drawn := map[*subnetInfo]int{}
	drawnVPC := map[*vpcInfo]int{}
	count := func(id string) {
		if s := e.subnets[id]; s != nil {
			drawn[s]++
			drawnVPC[s.vpc]++
		}
	}
	for _, n := range e.d.Nodes {
		switch n.Type {
		case model.TypeNATGateway, model.TypeEC2Instance:
			count(n.Parent)
		case model.TypeRDSCluster:
			for _, id := range uniq(n.Subnets) {
				count(id)
			}
		case model.TypeVPCEndpoint:
			if n.EndpointKind() == "interface" {
				for _, id := range uniq(n.Subnets) {
					count(id)
				}
			}
		case model.TypeEFSFileSystem:
			for _, mt := range n.MountTargets {
				count(mt.Subnet)
			}
		}
	}
	type usage struct {
		existing, fresh int
		functions       []string
	}
	perSubnet := map[*subnetInfo]*usage{}
	var order []*subnetInfo
	perVPC := map[*vpcInfo]*usage{}
	var vpcOrder []*vpcInfo
	for _, h := range hs {
		u := perSubnet[h.subnet]
		if u == nil {
			u = &usage{}
			perSubnet[h.subnet] = u
			order = append(order, h.subnet)
		}
		vu := perVPC[h.subnet.vpc]
		if vu == nil {
			vu = &usage{}
			perVPC[h.subnet.vpc] = vu
			vpcOrder = append(vpcOrder, h.subnet.vpc)
		}
		if h.exists {
			u.existing++
			vu.existing++
			continue
		}
		u.fresh++
		vu.fresh++
		u.functions = appendNew(u.functions, h.eni.Functions...)
		vu.functions = appendNew(vu.functions, h.eni.Functions...)
	}
	for _, s := range order {
		u := perSubnet[s]
		free := s.node.FreeIPs() - drawn[s] - u.existing
		switch {
		case u.fresh > 0 && u.fresh > free:
			out = append(out, model.Finding{
				Severity: model.SeverityError, Code: codeOutOfIPs, Nodes: append([]string{s.node.ID}, u.functions...),
				Message: s.node.ID + " has " + itoa(max(free, 0)) + " free addresses but Lambda needs " + itoa(u.fresh) +
					" for new Hyperplane ENIs; the function fails with SubnetOutOfIPAddresses.",
				Fix: "Use a larger subnet or one with free addresses, or share the subnet and security groups of an existing function.",
			})
		case free-u.fresh < lowFreeIPs:
			out = append(out, model.Finding{
				Severity: model.SeverityWarning, Code: codeLowIPs, Nodes: []string{s.node.ID},
				Message: s.node.ID + " has " + itoa(max(free-u.fresh, 0)) + " free addresses left after the functions' ENIs; new subnet and security-group combinations will soon fail.",
				Fix:     "Use a larger subnet for the functions, or add another subnet in the same Availability Zone.",
			})
		}
	}
	for _, v := range vpcOrder {
		vu := perVPC[v]
		total := vu.existing + vu.fresh + v.node.ENIsInUse + drawnVPC[v]
		switch {
		case total > eniQuota && vu.fresh > 0:
			out = append(out, model.Finding{
				Severity: model.SeverityError, Code: codeENIQuota, Nodes: append([]string{v.node.ID}, vu.functions...),
				Message: v.node.ID + " would have " + itoa(total) + " network interfaces counting against Lambda's quota of " + itoa(eniQuota) +
					" per VPC (shared with other services); creating the new ones fails with EniLimitExceeded.",
				Fix: "Share subnet and security-group combinations between functions, or request a quota increase.",
			})
		case total > eniQuotaWarn:
			out = append(out, model.Finding{
				Severity: model.SeverityWarning, Code: codeENIQuota, Nodes: []string{v.node.ID},
				Message: v.node.ID + " has " + itoa(total) + " network interfaces, over 80% of Lambda's quota of " + itoa(eniQuota) + " per VPC.",
				Fix:     "Share subnet and security-group combinations between functions, or request a quota increase.",
			})
		}
	}
	return enis, out
}

// reuseFindings tells, for each function, which of its ENIs another
// function already uses.
func (e *engine) reuseFindings(hs []*hyperplane) []model.Finding {
	type share struct {
		shared, total int
		with          []string
	}
	per := map[string]*share{}
	var order []string
	for _, h := range hs {
		for i, fn := range h.eni.Functions {
			s := per[fn]
			if s == nil {
				s = &share{}
				per[fn] = s
				order = append(order, fn)
			}
			s.total++
			if i > 0 {
				s.shared++
				s.with = appendNew(s.with, h.eni.Functions[0])
			}
		}
	}
	var out []model.Finding
	for _, fn := range order {
		s := per[fn]
		if s.shared == 0 {
			continue
		}
		// each message is built once, in one concatenation
		var msg string
		if s.shared == s.total {
			msg = fn + " reuses the Hyperplane ENIs of " + joinAnd(s.with) + " (same subnets and security groups): it needs no new addresses."
		} else {
			msg = fn + " shares " + itoa(s.shared) + " of its " + itoa(s.total) + " Hyperplane ENIs with " + joinAnd(s.with) + " (same subnet and security groups)."
		}
		out = append(out, model.Finding{
			Severity: model.SeverityInfo, Code: codeENIReused, Nodes: append([]string{fn}, s.with...),
			Message: msg, Fix: "Nothing to do; keep the same subnets and security groups to keep sharing them.",
		})
	}
	return out
}
