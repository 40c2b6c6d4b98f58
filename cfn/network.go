package cfn

import (
	"net/netip"
	"slices"
	"strings"

	"archway/model"
)

// This file fills the network nodes: VPCs, subnets, gateways, route
// tables, endpoints, security groups, network ACLs and instances.

func (b *builder) fillVPC(r *resource) {
	n := r.node
	s := b.getString(r, "CidrBlock")
	p, err := netip.ParsePrefix(s)
	switch {
	case s == "":
		b.drop(r, "no CidrBlock (an IPAM pool allocation is not known before deployment)")
		return
	case err != nil || !p.Addr().Is4():
		b.drop(r, "CidrBlock "+s+" is not an IPv4 block")
		return
	case p.Bits() < 16 || p.Bits() > 28:
		b.drop(r, "CidrBlock "+s+" is not between /16 and /28")
		return
	}
	n.CIDR = p.Masked().String()
	b.from(n, "cidr", b.propPath(r, "CidrBlock"))
	// CloudFormation creates a VPC with DNS support on and DNS hostnames
	// off unless the template says otherwise; Archway's default for
	// hostnames is the console wizard's (on), so write it down.
	if !b.getBool(r, "EnableDnsSupport", true) {
		n.DNSSupport = model.Bool(false)
	}
	if !b.getBool(r, "EnableDnsHostnames", false) {
		n.DNSHostnames = model.Bool(false)
	}
}

func (b *builder) fillGatewayAttachment(r *resource) {
	vpc := b.nodeOf(b.get(r, "VpcId"), model.TypeVPC)
	if v := b.get(r, "VpnGatewayId"); v != nil {
		b.rep.skip(r.path, r.typ, "virtual private gateways (VPN) are not modelled")
		return
	}
	igw := b.nodeOf(b.get(r, "InternetGatewayId"), model.TypeInternetGateway)
	if vpc == nil || igw == nil {
		b.rep.skip(r.path, r.typ, "it does not attach an internet gateway of this template to a VPC of this template")
		return
	}
	igw.Parent = vpc.ID
	b.from(igw, "parent", r.path)
}

func (b *builder) fillInternetGateway(r *resource) {
	if r.node.Parent == "" {
		b.drop(r, "the internet gateway is not attached to a VPC of this template")
	}
}

func (b *builder) fillSubnet(r *resource) {
	n := r.node
	vpc := b.nodeOf(b.get(r, "VpcId"), model.TypeVPC)
	if vpc == nil {
		b.drop(r, "its VpcId is not a VPC of this template")
		return
	}
	n.Parent = vpc.ID
	b.from(n, "parent", b.propPath(r, "VpcId"))
	s := b.getString(r, "CidrBlock")
	p, err := netip.ParsePrefix(s)
	vp := netip.MustParsePrefix(vpc.CIDR)
	switch {
	case s == "":
		b.drop(r, "no IPv4 CidrBlock (IPv6-only subnets are not modelled)")
		return
	case err != nil || !p.Addr().Is4():
		b.drop(r, "CidrBlock "+s+" is not an IPv4 block")
		return
	case p.Bits() < 16 || p.Bits() > 28:
		b.drop(r, "CidrBlock "+s+" is not between /16 and /28")
		return
	case p.Bits() < vp.Bits() || !vp.Contains(p.Addr()):
		b.drop(r, "CidrBlock "+s+" is outside the VPC's block "+vpc.CIDR+" (secondary VPC blocks are not modelled)")
		return
	}
	p = p.Masked()
	for _, other := range b.d.Nodes {
		if other != n && other.Type == model.TypeSubnet && other.Parent == vpc.ID && other.CIDR != "" {
			if netip.MustParsePrefix(other.CIDR).Overlaps(p) {
				b.drop(r, "CidrBlock "+p.String()+" overlaps subnet "+other.ID+" ("+other.CIDR+")")
				return
			}
		}
	}
	n.CIDR = p.String()
	b.from(n, "cidr", b.propPath(r, "CidrBlock"))
	if az := b.getString(r, "AvailabilityZone"); az != "" {
		if b.validAZ(az) {
			n.AZ = az
		} else if !strings.Contains(az, "{{") {
			b.rep.skip(b.propPath(r, "AvailabilityZone"), "", "%q is not an Availability Zone of %s; the subnet has no zone in the design", az, b.t.region)
		}
	}
}

func (b *builder) validAZ(az string) bool {
	region := b.t.region
	return len(az) == len(region)+1 && strings.HasPrefix(az, region) && az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z'
}

// fillInVPC sets the parent of route tables, security groups and network
// ACLs, which live in one VPC.
func (b *builder) fillInVPC(r *resource) {
	vpc := b.nodeOf(b.get(r, "VpcId"), model.TypeVPC)
	if vpc == nil {
		b.drop(r, "its VpcId is not a VPC of this template (without one it would be in the account's default VPC)")
		return
	}
	r.node.Parent = vpc.ID
	b.from(r.node, "parent", b.propPath(r, "VpcId"))
}

func (b *builder) fillNAT(r *resource) {
	n := r.node
	sn := b.nodeOf(b.get(r, "SubnetId"), model.TypeSubnet)
	if sn == nil {
		b.drop(r, "its SubnetId is not a subnet of this template (regional NAT gateways are not modelled)")
		return
	}
	n.Parent = sn.ID
	b.from(n, "parent", b.propPath(r, "SubnetId"))
	if strings.EqualFold(b.getString(r, "ConnectivityType"), "private") {
		n.Connectivity = "private"
	}
}

// routeTargets are the target properties of AWS::EC2::Route Archway cannot
// follow, with what they are.
var routeTargets = []struct{ prop, what string }{
	{"TransitGatewayId", "transit gateways"},
	{"VpcPeeringConnectionId", "VPC peering connections"},
	{"NetworkInterfaceId", "network interfaces"},
	{"InstanceId", "instances"},
	{"VpcEndpointId", "Gateway Load Balancer endpoints"},
	{"EgressOnlyInternetGatewayId", "egress-only internet gateways"},
	{"CarrierGatewayId", "carrier gateways"},
	{"LocalGatewayId", "local gateways"},
	{"CoreNetworkArn", "Cloud WAN core networks"},
}

func (b *builder) fillRoute(r *resource) {
	rt := b.nodeOf(b.get(r, "RouteTableId"), model.TypeRouteTable)
	if rt == nil {
		b.rep.skip(r.path, r.typ, "its RouteTableId is not a route table of this template")
		return
	}
	dest := b.getString(r, "DestinationCidrBlock")
	if dest == "" {
		dest = b.getString(r, "DestinationIpv6CidrBlock")
	}
	p, err := netip.ParsePrefix(dest)
	if err != nil {
		reason := "destination " + dest + " is not a CIDR block"
		if dest == "" {
			reason = "routes to prefix lists are not modelled (gateway endpoints add theirs)"
		}
		b.rep.skip(r.path, r.typ, "%s", reason)
		return
	}
	route := model.Route{Destination: p.Masked().String()}
	if gw := b.get(r, "GatewayId"); gw != nil {
		if igw := b.nodeOf(gw, model.TypeInternetGateway); igw != nil {
			route.Target = igw.ID
		} else {
			b.rep.skip(r.path, r.typ, "its GatewayId is not an internet gateway of this template (virtual private gateways are not modelled)")
			return
		}
	} else if nat := b.get(r, "NatGatewayId"); nat != nil {
		ng := b.nodeOf(nat, model.TypeNATGateway)
		if ng == nil {
			b.rep.skip(r.path, r.typ, "its NatGatewayId is not a NAT gateway of this template")
			return
		}
		route.Target = ng.ID
	} else {
		for _, t := range routeTargets {
			if b.get(r, t.prop) != nil {
				b.rep.skip(r.path, r.typ, "routes to %s are not modelled", t.what)
				return
			}
		}
		b.rep.skip(r.path, r.typ, "the route has no target")
		return
	}
	if b.vpcOf(b.nodes[route.Target]) != b.vpcOf(rt) {
		b.rep.skip(r.path, r.typ, "the target %s is in another VPC than route table %s", route.Target, rt.ID)
		return
	}
	for _, e := range rt.Routes {
		if e.Destination == route.Destination {
			b.rep.skip(r.path, r.typ, "route table %s already has a route to %s", rt.ID, route.Destination)
			return
		}
	}
	rt.Routes = append(rt.Routes, route)
	b.from(rt, "routes", r.path)
}

func (b *builder) fillRouteAssociation(r *resource) {
	sn := b.nodeOf(b.get(r, "SubnetId"), model.TypeSubnet)
	rt := b.nodeOf(b.get(r, "RouteTableId"), model.TypeRouteTable)
	if b.associates(r, sn, rt, "route table") {
		sn.RouteTable = rt.ID
		b.from(sn, "routeTable", r.path)
	}
}

func (b *builder) fillACLAssociation(r *resource) {
	sn := b.nodeOf(b.get(r, "SubnetId"), model.TypeSubnet)
	if v, ok := b.get(r, "NetworkAclId").(ref); ok && v.attr == "DefaultNetworkAcl" {
		return // the default network ACL, which allows everything, as without an association
	}
	acl := b.nodeOf(b.get(r, "NetworkAclId"), model.TypeNetworkACL)
	if b.associates(r, sn, acl, "network ACL") {
		sn.NetworkACL = acl.ID
		b.from(sn, "networkAcl", r.path)
	}
}

// associates reports whether an association of subnet sn with n (a route
// table or network ACL, named by what) can be modelled: both are of this
// template and in one VPC. Otherwise it records why the association is
// skipped.
func (b *builder) associates(r *resource, sn, n *model.Node, what string) bool {
	switch {
	case sn == nil || n == nil:
		b.rep.skip(r.path, r.typ, "it does not associate a subnet of this template with a %s of this template", what)
	case n.Parent != sn.Parent:
		b.rep.skip(r.path, r.typ, "subnet %s and %s %s are in different VPCs", sn.ID, what, n.ID)
	default:
		return true
	}
	return false
}

// fillSecurityGroup reads the inline rules. Without SecurityGroupEgress,
// EC2 adds its default rule (all traffic anywhere): egress stays unset.
func (b *builder) fillSecurityGroup(r *resource) {
	n := r.node
	for i, e := range list(b.get(r, "SecurityGroupIngress")) {
		path := index(b.propPath(r, "SecurityGroupIngress"), i)
		if rule, ok := b.sgRule(e, true, n, path); ok {
			n.Ingress = append(n.Ingress, rule)
		}
	}
	b.from(n, "ingress", b.propPath(r, "SecurityGroupIngress"))
	egress := list(b.get(r, "SecurityGroupEgress"))
	if len(egress) == 0 {
		return
	}
	rules := []model.SGRule{}
	for i, e := range egress {
		path := index(b.propPath(r, "SecurityGroupEgress"), i)
		if rule, ok := b.sgRule(e, false, n, path); ok {
			rules = append(rules, rule)
		}
	}
	n.Egress = &rules
	b.from(n, "egress", b.propPath(r, "SecurityGroupEgress"))
}

// fillSecurityGroupRule adds a standalone ingress or egress rule. A
// standalone egress rule does not remove the default egress rule: EC2 adds
// that one when the group is created without inline egress rules.
func (b *builder) fillSecurityGroupRule(r *resource, ingress bool) {
	sg := b.nodeOf(b.get(r, "GroupId"), model.TypeSecurityGroup)
	if sg == nil {
		b.rep.skip(r.path, r.typ, "its GroupId is not a security group of this template")
		return
	}
	rule, ok := b.sgRule(b.evalProps(r), ingress, sg, field(r.path, "Properties"))
	if !ok {
		return
	}
	if ingress {
		sg.Ingress = append(sg.Ingress, rule)
		b.from(sg, "ingress", r.path)
		return
	}
	if sg.Egress == nil {
		sg.Egress = &[]model.SGRule{{Protocol: "all", To: "0.0.0.0/0", Description: "default egress rule"}}
	}
	*sg.Egress = append(*sg.Egress, rule)
	b.from(sg, "egress", r.path)
}

// evalProps evaluates all properties of a resource as one mapping.
func (b *builder) evalProps(r *resource) *obj {
	out := newObj()
	for _, k := range r.props.keys {
		if v := b.get(r, k); v != nil {
			out.set(k, v)
		}
	}
	return out
}

// protocols maps IpProtocol and NACL protocol numbers to archway/v1 names.
var protocols = map[string]string{
	"-1": "all", "all": "all", "tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp",
}

func (b *builder) sgRule(v any, ingress bool, sg *model.Node, path string) (model.SGRule, bool) {
	o, ok := v.(*obj)
	if !ok {
		b.rep.skip(path, "", "a rule must be a mapping, not %s", describe(v))
		return model.SGRule{}, false
	}
	protoText := strings.ToLower(subString(o, "IpProtocol"))
	proto, known := protocols[protoText]
	if !known {
		b.rep.skip(path, "", "protocol %q is not modelled (tcp, udp, icmp and all are)", protoText)
		return model.SGRule{}, false
	}
	rule := model.SGRule{Protocol: proto, Description: subString(o, "Description")}
	if proto == "tcp" || proto == "udp" {
		ports, ok := portRange(sub(o, "FromPort"), sub(o, "ToPort"))
		if !ok {
			from, _ := str(sub(o, "FromPort"))
			to, _ := str(sub(o, "ToPort"))
			b.rep.skip(path, "", "ports %q to %q are not a port range", from, to)
			return model.SGRule{}, false
		}
		if ports != model.AllPorts {
			rule.Ports = &ports
		}
	}
	side := "Destination"
	if ingress {
		side = "Source"
	}
	var peer string
	switch {
	case sub(o, "CidrIp") != nil:
		peer = subString(o, "CidrIp")
	case sub(o, "CidrIpv6") != nil:
		peer = subString(o, "CidrIpv6")
	case sub(o, side+"SecurityGroupId") != nil:
		other := b.nodeOf(sub(o, side+"SecurityGroupId"), model.TypeSecurityGroup)
		if other == nil || other.Parent != sg.Parent {
			b.rep.skip(path, "", "the peer security group is not in this template's VPC %s", sg.Parent)
			return model.SGRule{}, false
		}
		peer = other.ID
	case sub(o, side+"PrefixListId") != nil:
		b.rep.skip(path, "", "rules that name a prefix list id are not modelled")
		return model.SGRule{}, false
	default:
		b.rep.skip(path, "", "the rule names no CIDR block or security group")
		return model.SGRule{}, false
	}
	if !strings.HasPrefix(peer, "{{") && strings.Contains(peer, "/") {
		p, err := netip.ParsePrefix(peer)
		if err != nil {
			b.rep.skip(path, "", "%q is not a CIDR block", peer)
			return model.SGRule{}, false
		}
		peer = p.Masked().String()
	} else if b.nodes[peer] == nil {
		b.rep.skip(path, "", "%q is not a CIDR block", peer)
		return model.SGRule{}, false
	}
	if ingress {
		rule.From = peer
	} else {
		rule.To = peer
	}
	return rule, true
}

// portRange reads FromPort/ToPort (or a NACL PortRange): -1 or nothing
// means all ports.
func portRange(from, to any) (model.Ports, bool) {
	lo, okLo := asInt(from)
	hi, okHi := asInt(to)
	switch {
	case from == nil && to == nil, okLo && lo == -1:
		return model.AllPorts, true
	case okLo && to == nil:
		hi, okHi = lo, true
	}
	if !okLo || !okHi || lo < 0 || hi > 65535 || hi < lo {
		if okLo && okHi && hi == -1 {
			return model.AllPorts, true
		}
		return model.Ports{}, false
	}
	return model.Ports{From: lo, To: hi}, true
}

func (b *builder) fillACLEntry(r *resource) {
	acl := b.nodeOf(b.get(r, "NetworkAclId"), model.TypeNetworkACL)
	if acl == nil {
		b.rep.skip(r.path, r.typ, "its NetworkAclId is not a network ACL of this template")
		return
	}
	num, ok := asInt(b.get(r, "RuleNumber"))
	if !ok || num < 1 || num > 32766 {
		b.rep.skip(r.path, r.typ, "RuleNumber must be from 1 to 32766")
		return
	}
	protoText := strings.ToLower(b.getString(r, "Protocol"))
	proto, known := protocols[protoText]
	if !known {
		b.rep.skip(r.path, r.typ, "protocol %q is not modelled (tcp, udp, icmp and all are)", protoText)
		return
	}
	cidr := b.getString(r, "CidrBlock")
	if cidr == "" {
		cidr = b.getString(r, "Ipv6CidrBlock")
	}
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		b.rep.skip(r.path, r.typ, "%q is not a CIDR block", cidr)
		return
	}
	action := strings.ToLower(b.getString(r, "RuleAction"))
	if action != "allow" && action != "deny" {
		b.rep.skip(r.path, r.typ, "RuleAction must be allow or deny, not %q", action)
		return
	}
	rule := model.ACLRule{Rule: num, Protocol: proto, CIDR: p.Masked().String(), Action: action}
	if proto == "tcp" || proto == "udp" {
		pr := b.getObj(r, "PortRange")
		ports, ok := portRange(sub(pr, "From"), sub(pr, "To"))
		if !ok {
			b.rep.skip(r.path, r.typ, "PortRange is not a port range")
			return
		}
		if ports != model.AllPorts {
			rule.Ports = &ports
		}
	}
	egress := b.getBool(r, "Egress", false)
	rules := &acl.Inbound
	if egress {
		rules = &acl.Outbound
	}
	for _, e := range *rules {
		if e.Rule == num {
			b.rep.skip(r.path, r.typ, "network ACL %s already has rule %d in this direction", acl.ID, num)
			return
		}
	}
	*rules = append(*rules, rule)
	slices.SortStableFunc(*rules, func(a, c model.ACLRule) int { return a.Rule - c.Rule })
	if egress {
		b.from(acl, "outbound", r.path)
	} else {
		b.from(acl, "inbound", r.path)
	}
}

func (b *builder) fillEndpoint(r *resource) {
	n := r.node
	vpc := b.nodeOf(b.get(r, "VpcId"), model.TypeVPC)
	if vpc == nil {
		b.drop(r, "its VpcId is not a VPC of this template")
		return
	}
	n.Parent = vpc.ID
	svc := b.getString(r, "ServiceName")
	if svc == "" {
		b.drop(r, "no ServiceName (endpoints to resources and service networks are not modelled)")
		return
	}
	prefix := "com.amazonaws." + b.t.region + "."
	n.Service = strings.TrimPrefix(svc, prefix)
	b.from(n, "service", b.propPath(r, "ServiceName"))
	typ := b.getString(r, "VpcEndpointType")
	switch strings.ToLower(typ) {
	case "", "gateway":
		// CloudFormation's default type is Gateway.
		if n.Service != "s3" && n.Service != "dynamodb" {
			b.drop(r, "a gateway endpoint exists only for s3 and dynamodb, not "+n.Service)
			return
		}
		typ = "gateway"
	case "interface":
		typ = "interface"
	default:
		b.drop(r, typ+" endpoints are not modelled")
		return
	}
	if typ != n.EndpointKind() {
		n.EndpointType = typ
	}
	if doc := b.get(r, "PolicyDocument"); doc != nil {
		n.Policy = b.doc(doc, b.propPath(r, "PolicyDocument"))
	}
	if typ == "gateway" {
		for i, v := range list(b.get(r, "RouteTableIds")) {
			rt := b.nodeOf(v, model.TypeRouteTable)
			if rt == nil || rt.Parent != vpc.ID {
				b.rep.skip(index(b.propPath(r, "RouteTableIds"), i), "", "not a route table of VPC %s in this template", vpc.ID)
				continue
			}
			if !slices.Contains(n.RouteTables, rt.ID) {
				n.RouteTables = append(n.RouteTables, rt.ID)
			}
		}
		b.from(n, "routeTables", b.propPath(r, "RouteTableIds"))
		return
	}
	azs := map[string]string{}
	for i, v := range list(b.get(r, "SubnetIds")) {
		sn := b.nodeOf(v, model.TypeSubnet)
		path := index(b.propPath(r, "SubnetIds"), i)
		switch {
		case sn == nil || sn.Parent != vpc.ID:
			b.rep.skip(path, "", "not a subnet of VPC %s in this template", vpc.ID)
			continue
		case sn.AZ != "" && azs[sn.AZ] != "":
			b.rep.skip(path, "", "an interface endpoint takes one subnet per Availability Zone; %s is already in %s", azs[sn.AZ], sn.AZ)
			continue
		}
		if sn.AZ != "" {
			azs[sn.AZ] = sn.ID
		}
		n.Subnets = append(n.Subnets, sn.ID)
	}
	b.from(n, "subnets", b.propPath(r, "SubnetIds"))
	n.SecurityGroups = b.securityGroups(r, "SecurityGroupIds", vpc)
	// CloudFormation's default for PrivateDnsEnabled is false (the console
	// and the EC2 API default to true).
	if !b.getBool(r, "PrivateDnsEnabled", false) {
		n.PrivateDNS = model.Bool(false)
	}
}

// securityGroups reads a list of security group references in one VPC;
// without any, the resource gets the VPC's default security group, as EC2
// does.
func (b *builder) securityGroups(r *resource, key string, vpc *model.Node) []string {
	var ids []string
	v := b.get(r, key)
	for i, e := range list(v) {
		sg := b.nodeOf(e, model.TypeSecurityGroup)
		if sg == nil || (vpc != nil && sg.Parent != vpc.ID) {
			b.rep.skip(index(b.propPath(r, key), i), "", "not a security group of this template's VPC")
			continue
		}
		if !slices.Contains(ids, sg.ID) {
			ids = append(ids, sg.ID)
		}
	}
	if len(ids) == 0 && vpc != nil && len(list(v)) == 0 {
		ids = []string{b.defaultSecurityGroup(vpc).ID}
	}
	if r.node != nil {
		b.from(r.node, "securityGroups", b.propPath(r, key))
	}
	return ids
}

func (b *builder) fillInstance(r *resource) {
	n := r.node
	subnetRef := b.get(r, "SubnetId")
	sgKey := "SecurityGroupIds"
	var publicIP *bool
	if nis := list(b.get(r, "NetworkInterfaces")); len(nis) > 0 {
		if ni, ok := nis[0].(*obj); ok {
			if subnetRef == nil {
				subnetRef = sub(ni, "SubnetId")
			}
			if v, ok := asBool(sub(ni, "AssociatePublicIpAddress")); ok {
				publicIP = &v
			}
			if g := sub(ni, "GroupSet"); g != nil {
				var ids []string
				for _, e := range list(g) {
					if sg := b.nodeOf(e, model.TypeSecurityGroup); sg != nil {
						ids = append(ids, sg.ID)
					}
				}
				n.SecurityGroups = ids
				sgKey = ""
			}
		}
	}
	sn := b.nodeOf(subnetRef, model.TypeSubnet)
	if sn == nil {
		b.drop(r, "its subnet is not a subnet of this template (without one it would be in the default VPC)")
		return
	}
	n.Parent = sn.ID
	b.from(n, "parent", b.propPath(r, "SubnetId"))
	if sgKey != "" {
		n.SecurityGroups = b.securityGroups(r, sgKey, b.nodes[sn.Parent])
	}
	if len(n.SecurityGroups) == 0 {
		n.SecurityGroups = []string{b.defaultSecurityGroup(b.nodes[sn.Parent]).ID}
	}
	if publicIP == nil {
		v := b.mapsPublicIP(sn)
		publicIP = &v
	}
	n.PublicIP = *publicIP
}

// mapsPublicIP reports whether a subnet gives new interfaces a public IPv4.
func (b *builder) mapsPublicIP(sn *model.Node) bool {
	r := b.owner[sn.ID]
	return r != nil && b.getBool(r, "MapPublicIpOnLaunch", false)
}

// vpcOf walks up the parents of a node to its VPC.
func (b *builder) vpcOf(n *model.Node) *model.Node {
	for i := 0; n != nil && i < 4; i++ {
		if n.Type == model.TypeVPC {
			return n
		}
		if n.Type == model.TypeLambda && n.VPC != nil && len(n.VPC.Subnets) > 0 {
			n = b.nodes[n.VPC.Subnets[0]]
			continue
		}
		n = b.nodes[n.Parent]
	}
	return nil
}

// drop takes a resource's node out of the design and says why.
func (b *builder) drop(r *resource, reason string) {
	n := r.node
	if n == nil {
		return
	}
	b.rep.skip(r.path, r.typ, "%s", reason)
	b.removeNode(n)
	r.node = nil
}

func (b *builder) removeNode(n *model.Node) {
	delete(b.nodes, n.ID)
	for k, v := range b.byARN {
		if v == n {
			delete(b.byARN, k)
		}
	}
	for k, v := range b.byName {
		if v == n {
			delete(b.byName, k)
		}
	}
	for k, v := range b.byURL {
		if v == n {
			delete(b.byURL, k)
		}
	}
	b.d.Nodes = slices.DeleteFunc(b.d.Nodes, func(m *model.Node) bool { return m == n })
}
