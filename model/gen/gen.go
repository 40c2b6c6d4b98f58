// Package gen generates valid archway/v1 designs of a chosen size, for
// benchmarks and fuzz tests: VPCs with public, application and data subnets,
// NAT and internet gateways, route tables, VPC endpoints, security groups,
// network ACLs, functions, databases, instances, file systems and the
// services they call, wired so that some arrows get through and others are
// stopped at each kind of hop.
package gen

import (
	"fmt"
	"math/rand/v2"

	"archway/model"
)

// Design returns a design of about n nodes (it stops after the block of
// about 45 nodes that reaches n) with n/2 edges. The same n and seed always
// give the same design; Decode(Encode(d)) has no problems as long as n stays
// within the document limits (model.MaxNodes).
func Design(n int, seed int64) *model.Design {
	g := &generator{
		r: rand.New(rand.NewPCG(uint64(seed), uint64(n))),
		d: &model.Design{Format: model.FormatV1, Title: fmt.Sprintf("generated %d/%d", n, seed), Nodes: []*model.Node{}, Edges: []*model.Edge{}},
	}
	for b := 0; len(g.d.Nodes) < n || b == 0; b++ {
		g.block(b)
	}
	for i := 0; i < n/2; i++ {
		g.edge(i)
	}
	return g.d
}

type generator struct {
	r *rand.Rand
	d *model.Design
	// callers and targets of the blocks so far, by kind.
	blocks []*block
}

// block is one VPC and what lives in it.
type block struct {
	fns, vms, dbs, efs, services []*model.Node
	public                       *model.Node // a function without VPC
	subnets                      map[string][]string
}

func (g *generator) add(n *model.Node) *model.Node {
	g.d.Nodes = append(g.d.Nodes, n)
	return n
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func ports(s string) *model.Ports {
	p, err := model.ParsePorts(s)
	if err != nil {
		panic("gen: " + err.Error())
	}
	return &p
}

func (g *generator) block(b int) {
	id := func(s string) string { return fmt.Sprintf("%s-%d", s, b) }
	cidr := func(third int) string { return fmt.Sprintf("10.%d.%d.0/20", b%256, third) }
	bl := &block{subnets: map[string][]string{}}
	g.blocks = append(g.blocks, bl)

	vpc := g.add(&model.Node{ID: id("vpc"), Type: model.TypeVPC, CIDR: fmt.Sprintf("10.%d.0.0/16", b%256)})
	if g.chance(0.05) {
		off := false
		vpc.DNSSupport = &off
	}
	igw := g.add(&model.Node{ID: id("igw"), Type: model.TypeInternetGateway, Parent: vpc.ID})
	if g.chance(0.05) {
		off := false
		igw.Attached = &off
	}
	// Subnets: public, application and data, in two AZs.
	type sub struct{ name, az, rt string }
	subs := []sub{{"pub-a", "a", "rt-pub"}, {"pub-b", "b", "rt-pub"}, {"app-a", "a", "rt-app-a"}, {"app-b", "b", "rt-app-b"}, {"data-a", "a", "rt-data"}, {"data-b", "b", "rt-data"}}
	acls := map[string]string{}
	if g.chance(0.3) {
		acls["app"] = id("acl-app")
	}
	if g.chance(0.3) {
		acls["data"] = id("acl-data")
	}
	for i, s := range subs {
		n := g.add(&model.Node{ID: id(s.name), Type: model.TypeSubnet, Parent: vpc.ID, CIDR: cidr(16 * i), AZ: "us-east-1" + s.az, RouteTable: id(s.rt)})
		kind := s.name[:len(s.name)-2]
		n.NetworkACL = acls[kind]
		bl.subnets[kind] = append(bl.subnets[kind], n.ID)
	}
	natSubnet := func(az string) string {
		if g.chance(0.05) {
			return id("data-" + az)
		}
		return id("pub-" + az)
	}
	natA := g.add(&model.Node{ID: id("nat-a"), Type: model.TypeNATGateway, Parent: natSubnet("a")})
	natB := g.add(&model.Node{ID: id("nat-b"), Type: model.TypeNATGateway, Parent: natSubnet("b")})
	if g.chance(0.05) {
		natA.Connectivity = "private"
	}
	g.add(&model.Node{ID: id("rt-pub"), Type: model.TypeRouteTable, Parent: vpc.ID, Routes: []model.Route{{Destination: "0.0.0.0/0", Target: igw.ID}}})
	for _, az := range []string{"a", "b"} {
		rt := &model.Node{ID: id("rt-app-" + az), Type: model.TypeRouteTable, Parent: vpc.ID}
		switch x := g.r.Float64(); {
		case x < 0.6:
			nat := natA
			if az == "b" && g.chance(0.8) {
				nat = natB
			}
			rt.Routes = []model.Route{{Destination: "0.0.0.0/0", Target: nat.ID}}
		case x < 0.7:
			rt.Routes = []model.Route{{Destination: "0.0.0.0/0", Target: igw.ID}}
		}
		if g.chance(0.05) {
			rt.Routes = append(rt.Routes, model.Route{Destination: "93.184.216.0/24", Target: igw.ID})
		}
		g.add(rt)
	}
	g.add(&model.Node{ID: id("rt-data"), Type: model.TypeRouteTable, Parent: vpc.ID, Main: true})

	// Security groups.
	sgFn := g.add(&model.Node{ID: id("sg-fn"), Type: model.TypeSecurityGroup, Parent: vpc.ID})
	if g.chance(0.15) {
		sgFn.Egress = &[]model.SGRule{{Protocol: "tcp", Ports: ports("443"), To: "0.0.0.0/0"}, {Protocol: "tcp", Ports: ports("5432"), To: vpc.CIDR}}
	}
	sgDB := g.add(&model.Node{ID: id("sg-db"), Type: model.TypeSecurityGroup, Parent: vpc.ID})
	if g.chance(0.85) {
		sgDB.Ingress = []model.SGRule{{Protocol: "tcp", Ports: ports("5432"), From: sgFn.ID}}
	} else if g.chance(0.5) {
		sgDB.Ingress = []model.SGRule{{Protocol: "tcp", Ports: ports("5432"), From: cidr(32)}}
	}
	sgVM := g.add(&model.Node{ID: id("sg-vm"), Type: model.TypeSecurityGroup, Parent: vpc.ID,
		Ingress: []model.SGRule{{Protocol: "tcp", Ports: ports("443"), From: vpc.CIDR}}})
	sgEFS := g.add(&model.Node{ID: id("sg-efs"), Type: model.TypeSecurityGroup, Parent: vpc.ID,
		Ingress: []model.SGRule{{Protocol: "tcp", Ports: ports("2049"), From: sgFn.ID}}})
	sgVPCE := g.add(&model.Node{ID: id("sg-vpce"), Type: model.TypeSecurityGroup, Parent: vpc.ID})
	if g.chance(0.8) {
		sgVPCE.Ingress = []model.SGRule{{Protocol: "tcp", Ports: ports("443"), From: sgFn.ID}}
	}

	// Network ACLs.
	for _, kind := range []string{"app", "data"} {
		aclID := acls[kind]
		if aclID == "" {
			continue
		}
		acl := &model.Node{ID: aclID, Type: model.TypeNetworkACL, Parent: vpc.ID,
			Inbound:  []model.ACLRule{{Rule: 100, CIDR: "0.0.0.0/0", Action: "allow"}},
			Outbound: []model.ACLRule{{Rule: 100, CIDR: "0.0.0.0/0", Action: "allow"}}}
		switch x := g.r.Float64(); {
		case x < 0.3:
			acl.Inbound = []model.ACLRule{{Rule: 100, Protocol: "tcp", Ports: ports("443"), CIDR: "0.0.0.0/0", Action: "allow"}}
		case x < 0.5:
			acl.Inbound = append([]model.ACLRule{{Rule: 50, Protocol: "tcp", Ports: ports("5432"), CIDR: vpc.CIDR, Action: "deny"}}, acl.Inbound...)
		case x < 0.6:
			acl.Outbound = []model.ACLRule{{Rule: 100, CIDR: vpc.CIDR, Action: "allow"}}
		}
		g.add(acl)
	}

	// Endpoints.
	if g.chance(0.5) {
		ep := &model.Node{ID: id("vpce-ddb"), Type: model.TypeVPCEndpoint, Parent: vpc.ID, Service: "dynamodb", RouteTables: []string{id("rt-app-a")}}
		if g.chance(0.6) {
			ep.RouteTables = append(ep.RouteTables, id("rt-app-b"))
		}
		g.add(ep)
	}
	if g.chance(0.4) {
		ep := &model.Node{ID: id("vpce-sqs"), Type: model.TypeVPCEndpoint, Parent: vpc.ID, Service: "sqs", Subnets: []string{id("app-a")}, SecurityGroups: []string{sgVPCE.ID}}
		if g.chance(0.7) {
			ep.Subnets = append(ep.Subnets, id("app-b"))
		}
		if g.chance(0.2) {
			off := false
			ep.PrivateDNS = &off
		}
		g.add(ep)
	}

	// Compute and data.
	for f := 0; f < 3; f++ {
		subnets := []string{id("app-a"), id("app-b")}
		switch x := g.r.Float64(); {
		case x < 0.15:
			subnets = subnets[:1]
		case x < 0.2:
			subnets = []string{id("pub-a"), id("pub-b")}
		}
		fn := &model.Node{ID: id(fmt.Sprintf("fn%d", f)), Type: model.TypeLambda, Parent: vpc.ID,
			VPC: &model.VPCConfig{Subnets: subnets, SecurityGroups: []string{sgFn.ID}}}
		if g.chance(0.3) {
			fn.State = "Active"
		}
		bl.fns = append(bl.fns, g.add(fn))
	}
	bl.public = g.add(&model.Node{ID: id("fn-public"), Type: model.TypeLambda})
	bl.dbs = append(bl.dbs, g.add(&model.Node{ID: id("db"), Type: model.TypeRDSCluster, Parent: vpc.ID,
		Subnets: []string{id("data-a"), id("data-b")}, SecurityGroups: []string{sgDB.ID}}))
	vm := &model.Node{ID: id("vm"), Type: model.TypeEC2Instance, Parent: id("app-a"), SecurityGroups: []string{sgVM.ID}}
	if g.chance(0.2) {
		vm.Parent, vm.PublicIP = id("pub-a"), true
	}
	bl.vms = append(bl.vms, g.add(vm))
	mts := []model.MountTarget{{Subnet: id("data-a"), SecurityGroups: []string{sgEFS.ID}}}
	if g.chance(0.8) {
		mts = append(mts, model.MountTarget{Subnet: id("data-b"), SecurityGroups: []string{sgEFS.ID}})
	}
	bl.efs = append(bl.efs, g.add(&model.Node{ID: id("efs"), Type: model.TypeEFSFileSystem, Parent: vpc.ID, MountTargets: mts}))

	// Services.
	bl.services = append(bl.services,
		g.add(&model.Node{ID: id("table"), Type: model.TypeDynamoDBTable}),
		g.add(&model.Node{ID: id("queue"), Type: model.TypeSQSQueue}),
		g.add(&model.Node{ID: id("bucket"), Type: model.TypeS3Bucket}),
		g.add(&model.Node{ID: id("topic"), Type: model.TypeSNSTopic}),
		g.add(&model.Node{ID: id("web"), Type: model.TypeInternetHost, Host: fmt.Sprintf("site%d.example.com", b)}),
	)
	if g.chance(0.2) {
		bl.services = append(bl.services, g.add(&model.Node{ID: id("far-table"), Type: model.TypeDynamoDBTable, Region: "us-west-2"}))
	}
}

// edge draws one arrow: mostly from a block's functions to what they call,
// sometimes from an instance, a public function, a queue or a topic.
func (g *generator) edge(i int) {
	bl := g.blocks[g.r.IntN(len(g.blocks))]
	e := &model.Edge{ID: fmt.Sprintf("e%d", i)}
	pick := func(ns []*model.Node) *model.Node { return ns[g.r.IntN(len(ns))] }
	var from, to *model.Node
	switch x := g.r.Float64(); {
	case x < 0.7:
		from = pick(bl.fns)
	case x < 0.8:
		from = pick(bl.vms)
	case x < 0.9:
		from = bl.public
	default:
		// An event source or a notification into a function.
		e.From, e.To = pick(bl.services[1:4]).ID, pick(bl.fns).ID
		g.d.Edges = append(g.d.Edges, e)
		return
	}
	switch x := g.r.Float64(); {
	case x < 0.35:
		to = pick(bl.services)
		if to.Type == model.TypeInternetHost {
			e.Port = 443
		}
	case x < 0.55:
		to = pick(bl.dbs)
	case x < 0.7:
		to, e.Port = pick(bl.vms), 443
	case x < 0.8:
		to = pick(bl.efs)
	case x < 0.9:
		to = pick(bl.fns)
		if g.chance(0.2) {
			e.Port = 22
		}
	default:
		// Another block's database: no peering, so only public paths count.
		to = pick(g.blocks[g.r.IntN(len(g.blocks))].dbs)
	}
	if from == to {
		to = bl.services[0]
	}
	e.From, e.To = from.ID, to.ID
	if from.Type == model.TypeLambda && from.InVPC() && g.chance(0.1) {
		e.FromSubnet = from.VPC.Subnets[0]
	}
	g.d.Edges = append(g.d.Edges, e)
}
