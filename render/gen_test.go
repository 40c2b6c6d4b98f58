package render

import (
	"fmt"

	"archway/model"
)

// genDesign builds a realistic design of about n nodes for benchmarks and
// layout tests: VPCs of three AZs with public, private and isolated
// subnets, NAT gateways, functions in private subnets with security groups
// and roles, instances and databases, and public services the functions
// call.
func genDesign(n int) *model.Design {
	d := &model.Design{Format: model.FormatV1, Title: fmt.Sprintf("generated %d", n)}
	add := func(node *model.Node) { d.Nodes = append(d.Nodes, node) }
	edge := func(from, to string, port int, actions ...string) {
		d.Edges = append(d.Edges, &model.Edge{ID: fmt.Sprintf("e%d", len(d.Edges)), From: from, To: to, Port: port, Actions: actions})
	}
	azs := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	for v := 0; len(d.Nodes) < n; v++ {
		vpc := fmt.Sprintf("vpc%d", v)
		add(&model.Node{ID: vpc, Type: model.TypeVPC, CIDR: fmt.Sprintf("10.%d.0.0/16", v%250)})
		igw := vpc + "-igw"
		add(&model.Node{ID: igw, Type: model.TypeInternetGateway, Parent: vpc})
		rtPub := vpc + "-rt-pub"
		add(&model.Node{ID: rtPub, Type: model.TypeRouteTable, Parent: vpc, Routes: []model.Route{{Destination: "0.0.0.0/0", Target: igw}}})
		rtIso := vpc + "-rt-iso"
		add(&model.Node{ID: rtIso, Type: model.TypeRouteTable, Parent: vpc})
		sg := vpc + "-sg-app"
		add(&model.Node{ID: sg, Type: model.TypeSecurityGroup, Parent: vpc})
		sgDB := vpc + "-sg-db"
		add(&model.Node{ID: sgDB, Type: model.TypeSecurityGroup, Parent: vpc,
			Ingress: []model.SGRule{{Protocol: "tcp", Ports: &model.Ports{From: 5432, To: 5432}, From: sg}}})
		var private, isolated []string
		for i, az := range azs {
			pub := fmt.Sprintf("%s-pub-%d", vpc, i)
			add(&model.Node{ID: pub, Type: model.TypeSubnet, Parent: vpc, AZ: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v%250, i), RouteTable: rtPub})
			nat := fmt.Sprintf("%s-nat-%d", vpc, i)
			add(&model.Node{ID: nat, Type: model.TypeNATGateway, Parent: pub})
			rt := fmt.Sprintf("%s-rt-app-%d", vpc, i)
			add(&model.Node{ID: rt, Type: model.TypeRouteTable, Parent: vpc, Routes: []model.Route{{Destination: "0.0.0.0/0", Target: nat}}})
			app := fmt.Sprintf("%s-app-%d", vpc, i)
			add(&model.Node{ID: app, Type: model.TypeSubnet, Parent: vpc, AZ: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v%250, 10+i), RouteTable: rt})
			data := fmt.Sprintf("%s-data-%d", vpc, i)
			add(&model.Node{ID: data, Type: model.TypeSubnet, Parent: vpc, AZ: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v%250, 20+i), RouteTable: rtIso})
			private = append(private, app)
			isolated = append(isolated, data)
		}
		db := vpc + "-db"
		add(&model.Node{ID: db, Type: model.TypeRDSCluster, Parent: isolated[0], Subnets: isolated, SecurityGroups: []string{sgDB}})
		for i := 0; i < 3; i++ {
			ec2 := fmt.Sprintf("%s-ec2-%d", vpc, i)
			add(&model.Node{ID: ec2, Type: model.TypeEC2Instance, Parent: private[i], SecurityGroups: []string{sg}})
			edge(ec2, db, 0)
		}
		for f := 0; f < 6; f++ {
			fn := fmt.Sprintf("%s-fn-%d", vpc, f)
			role := fn + "-role"
			add(&model.Node{ID: fn, Type: model.TypeLambda, Parent: private[f%3], Role: role,
				VPC: &model.VPCConfig{Subnets: []string{private[f%3], private[(f+1)%3]}, SecurityGroups: []string{sg}}})
			add(&model.Node{ID: role, Type: model.TypeIAMRole, ManagedPolicies: []string{"AWSLambdaVPCAccessExecutionRole"}})
			edge(fn, db, 0)
			kinds := []string{model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue}
			svc := fmt.Sprintf("%s-svc-%d", vpc, f)
			add(&model.Node{ID: svc, Type: kinds[f%3]})
			edge(fn, svc, 0)
			if f%2 == 0 {
				topic := svc + "-topic"
				add(&model.Node{ID: topic, Type: model.TypeSNSTopic})
				edge(topic, fn, 0)
			}
		}
	}
	return d
}

// positioned returns d laid out, so every box-drawn node has a position.
func positioned(d *model.Design) *model.Design { return Layout(d) }
