package model

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each test checks an accessor of defaults.go against the defaults table
// of the format: the value when the field is left out, and that a written
// value wins.

func ptr[T any](v T) *T { return &v }

func TestDesignDefaults(t *testing.T) {
	var d Design
	assert.Equal(t, "111111111111", d.AccountID())
	assert.Equal(t, "us-east-1", d.RegionName())
	d = Design{Account: "123456789012", Region: "eu-west-1"}
	assert.Equal(t, "123456789012", d.AccountID())
	assert.Equal(t, "eu-west-1", d.RegionName())
}

func TestPrefixList(t *testing.T) {
	var d Design
	s3 := d.PrefixList("s3")
	require.NotEmpty(t, s3, "AWS's S3 ranges by default")
	assert.Contains(t, s3, netip.MustParsePrefix("52.216.0.0/15"))
	assert.Contains(t, d.PrefixList("dynamodb"), netip.MustParsePrefix("52.94.0.0/22"))
	assert.Empty(t, d.PrefixList("sqs"), "only s3 and dynamodb have prefix lists")

	d.PrefixLists = map[string][]string{"s3": {"1.2.3.0/24", "not a cidr"}, "dynamodb": {}}
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("1.2.3.0/24")}, d.PrefixList("s3"), "the document's list replaces AWS's")
	assert.Empty(t, d.PrefixList("dynamodb"), "an empty list stands for no addresses")
}

func TestNodeDefaults(t *testing.T) {
	d := &Design{Account: "123456789012", Region: "eu-west-1"}
	n := &Node{ID: "cats", Type: TypeDynamoDBTable}
	assert.Equal(t, "cats", n.DisplayLabel(), "label defaults to the id")
	assert.Equal(t, "cats", n.ResourceName(), "name defaults to the id")
	assert.Equal(t, "123456789012", n.AccountID(d))
	assert.Equal(t, "eu-west-1", n.RegionName(d))

	n = &Node{ID: "cats", Type: TypeDynamoDBTable, Label: "Cats table", Name: "Cats", Account: "444455556666", Region: "us-west-2"}
	assert.Equal(t, "Cats table", n.DisplayLabel())
	assert.Equal(t, "Cats", n.ResourceName())
	assert.Equal(t, "444455556666", n.AccountID(d))
	assert.Equal(t, "us-west-2", n.RegionName(d))
}

func TestVPCDefaults(t *testing.T) {
	vpc := &Node{Type: TypeVPC}
	assert.True(t, vpc.DNSSupportEnabled())
	assert.True(t, vpc.DNSHostnamesEnabled(), "true, as the console's VPC wizard sets it")
	vpc.DNSSupport, vpc.DNSHostnames = ptr(false), ptr(false)
	assert.False(t, vpc.DNSSupportEnabled())
	assert.False(t, vpc.DNSHostnamesEnabled())
}

func TestSubnetFreeIPs(t *testing.T) {
	for cidr, want := range map[string]int{
		"10.0.0.0/16":   65536 - 5,
		"10.0.0.0/20":   4096 - 5,
		"10.0.0.0/24":   251,
		"10.0.0.0/28":   11,
		"banana":        0,
		"2001:db8::/64": 0,
	} {
		assert.Equal(t, want, (&Node{Type: TypeSubnet, CIDR: cidr}).FreeIPs(), cidr)
	}
	assert.Equal(t, 3, (&Node{Type: TypeSubnet, CIDR: "10.0.0.0/24", AvailableIPs: ptr(3)}).FreeIPs(), "as written")
	assert.Equal(t, 0, (&Node{Type: TypeSubnet, CIDR: "10.0.0.0/24", AvailableIPs: ptr(0)}).FreeIPs(), "a full subnet")
}

func TestGatewayDefaults(t *testing.T) {
	igw := &Node{Type: TypeInternetGateway}
	assert.True(t, igw.IsAttached())
	igw.Attached = ptr(false)
	assert.False(t, igw.IsAttached())

	nat := &Node{Type: TypeNATGateway}
	assert.Equal(t, "public", nat.NATConnectivity())
	nat.Connectivity = "private"
	assert.Equal(t, "private", nat.NATConnectivity())
}

func TestEndpointDefaults(t *testing.T) {
	for _, tt := range []struct {
		service, written, want string
	}{
		{"s3", "", "gateway"},
		{"dynamodb", "", "gateway"},
		{"s3", "interface", "interface"},
		{"sqs", "", "interface"},
		{"logs", "", "interface"},
		{"sts", "", "interface"},
	} {
		assert.Equal(t, tt.want, (&Node{Type: TypeVPCEndpoint, Service: tt.service, EndpointType: tt.written}).EndpointKind(), "%s %q", tt.service, tt.written)
	}
	ep := &Node{Type: TypeVPCEndpoint, Service: "sqs"}
	assert.True(t, ep.PrivateDNSEnabled())
	ep.PrivateDNS = ptr(false)
	assert.False(t, ep.PrivateDNSEnabled())
}

func TestEgressRules(t *testing.T) {
	sg := &Node{Type: TypeSecurityGroup}
	rules := sg.EgressRules()
	require.Len(t, rules, 1, "left out: all traffic to 0.0.0.0/0")
	assert.Equal(t, "all", rules[0].Proto())
	assert.Equal(t, AllPorts, rules[0].PortRange())
	assert.Equal(t, "0.0.0.0/0", rules[0].To)

	sg.Egress = &[]SGRule{}
	assert.Empty(t, sg.EgressRules(), "[]: no outbound rules")
	sg.Egress = &[]SGRule{{Ports: &Ports{443, 443}, To: "pl:s3"}}
	assert.Equal(t, *sg.Egress, sg.EgressRules())
}

func TestLambdaDefaults(t *testing.T) {
	fn := &Node{Type: TypeLambda}
	assert.Equal(t, "python3.12", fn.RuntimeName())
	assert.Equal(t, "PassThrough", fn.TracingMode())
	assert.Equal(t, "Pending", fn.FunctionState())
	assert.False(t, fn.InVPC(), "no vpc: public networking")

	fn = &Node{Type: TypeLambda, Runtime: "nodejs22.x", Tracing: "Active", State: "Active", VPC: &VPCConfig{Subnets: []string{"a"}, SecurityGroups: []string{"sg"}}}
	assert.Equal(t, "nodejs22.x", fn.RuntimeName())
	assert.Equal(t, "Active", fn.TracingMode())
	assert.Equal(t, "Active", fn.FunctionState())
	assert.True(t, fn.InVPC())
	assert.False(t, (&Node{Type: TypeLambda, VPC: &VPCConfig{}}).InVPC(), "a vpc block without subnets attaches to nothing")
}

func TestDatabaseDefaults(t *testing.T) {
	for _, tt := range []struct {
		engine string
		port   int
		want   int
	}{
		{"", 0, 5432},
		{"aurora-postgresql", 0, 5432},
		{"postgres", 0, 5432},
		{"aurora-mysql", 0, 3306},
		{"mysql", 0, 3306},
		{"aurora-mysql", 3307, 3307},
	} {
		db := &Node{Type: TypeRDSCluster, Engine: tt.engine, Port: tt.port}
		assert.Equal(t, tt.want, db.DBPort(), "%s port %d", tt.engine, tt.port)
	}
	assert.Equal(t, "aurora-postgresql", (&Node{Type: TypeRDSCluster}).DBEngine())
	assert.Equal(t, "mysql", (&Node{Type: TypeRDSCluster, Engine: "mysql"}).DBEngine())
}

func TestRuleDefaults(t *testing.T) {
	tests := []struct {
		name      string
		protocol  string
		ports     *Ports
		wantProto string
		wantPorts Ports
	}{
		{"nothing: all traffic", "", nil, "all", AllPorts},
		{"ports without protocol: tcp", "", &Ports{443, 443}, "tcp", Ports{443, 443}},
		{"udp without ports: all ports", "udp", nil, "udp", AllPorts},
		{"udp range", "udp", &Ports{1024, 65535}, "udp", Ports{1024, 65535}},
		{"all ignores ports", "all", &Ports{443, 443}, "all", AllPorts},
		{"icmp has no ports", "icmp", &Ports{8, 8}, "icmp", AllPorts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := SGRule{Protocol: tt.protocol, Ports: tt.ports}
			acl := ACLRule{Protocol: tt.protocol, Ports: tt.ports}
			assert.Equal(t, tt.wantProto, sg.Proto())
			assert.Equal(t, tt.wantPorts, sg.PortRange())
			assert.Equal(t, tt.wantProto, acl.Proto())
			assert.Equal(t, tt.wantPorts, acl.PortRange())
		})
	}
}

func TestServiceOf(t *testing.T) {
	want := map[string]string{
		TypeDynamoDBTable: "dynamodb", TypeS3Bucket: "s3", TypeSQSQueue: "sqs", TypeSNSTopic: "sns",
		TypeCloudWatchLogs: "logs", TypeCloudWatchMetric: "monitoring", TypeXRay: "xray", TypeLambda: "lambda",
	}
	for _, typ := range Types() {
		assert.Equal(t, want[typ], ServiceOf(typ), typ)
	}
}

func TestPublicAddress(t *testing.T) {
	d := &Design{}
	tests := []struct {
		name string
		node Node
		want string
		ok   bool
	}{
		{"written address", Node{Type: TypeSQSQueue, Address: "52.46.1.2"}, "52.46.1.2", true},
		{"s3: inside the S3 prefix list", Node{Type: TypeS3Bucket}, "3.5.0.2", true},
		{"dynamodb: inside the DynamoDB prefix list", Node{Type: TypeDynamoDBTable}, "3.218.180.2", true},
		{"other services: Amazon's public range", Node{Type: TypeSQSQueue}, "54.239.0.10", true},
		{"logs", Node{Type: TypeCloudWatchLogs}, "54.239.0.10", true},
		{"lambda API", Node{Type: TypeLambda}, "54.239.0.10", true},
		{"internet host", Node{Type: TypeInternetHost, Host: "imdb.com"}, "93.184.216.34", true},
		{"vpc: none", Node{Type: TypeVPC}, "", false},
		{"rds: none", Node{Type: TypeRDSCluster}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := d.PublicAddress(&tt.node)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.want, a.String())
			}
		})
	}

	custom := &Design{PrefixLists: map[string][]string{"s3": {"1.2.3.0/24"}, "dynamodb": {}}}
	a, ok := custom.PublicAddress(&Node{Type: TypeS3Bucket})
	assert.True(t, ok)
	assert.Equal(t, "1.2.3.2", a.String(), "follows the document's prefix list")
	a, ok = custom.PublicAddress(&Node{Type: TypeDynamoDBTable})
	assert.True(t, ok)
	assert.Equal(t, "52.94.0.10", a.String(), "an empty prefix list falls back to a DynamoDB address")
}

func TestEdgeDefaults(t *testing.T) {
	e := &Edge{}
	assert.Equal(t, "tcp", e.Proto())
	assert.Equal(t, "udp", (&Edge{Protocol: "udp"}).Proto())

	for _, tt := range []struct {
		to   *Node
		want int
	}{
		{nil, 443},
		{&Node{Type: TypeDynamoDBTable}, 443},
		{&Node{Type: TypeInternetHost}, 443},
		{&Node{Type: TypeEC2Instance}, 443},
		{&Node{Type: TypeRDSCluster}, 5432},
		{&Node{Type: TypeRDSCluster, Engine: "aurora-mysql"}, 3306},
		{&Node{Type: TypeRDSCluster, Port: 6000}, 6000},
		{&Node{Type: TypeEFSFileSystem}, 2049},
	} {
		assert.Equal(t, tt.want, e.DestPort(tt.to), "%v", tt.to)
	}
	assert.Equal(t, 8080, (&Edge{Port: 8080}).DestPort(&Node{Type: TypeEFSFileSystem}), "as written")
}

func TestDefaultActions(t *testing.T) {
	want := map[string][]string{
		TypeDynamoDBTable:    {"dynamodb:GetItem"},
		TypeS3Bucket:         {"s3:GetObject"},
		TypeSQSQueue:         {"sqs:SendMessage"},
		TypeSNSTopic:         {"sns:Publish"},
		TypeLambda:           {"lambda:InvokeFunction"},
		TypeCloudWatchLogs:   {"logs:PutLogEvents"},
		TypeCloudWatchMetric: {"cloudwatch:PutMetricData"},
		TypeXRay:             {"xray:PutTraceSegments"},
		TypeEFSFileSystem:    {"elasticfilesystem:ClientMount"},
	}
	for _, typ := range Types() {
		assert.Equal(t, want[typ], DefaultActions(typ), typ)
		to := &Node{Type: typ}
		assert.Equal(t, want[typ], (&Edge{}).EffectiveActions(to), typ)
		assert.Equal(t, []string{"x:Y"}, (&Edge{Actions: []string{"x:Y"}}).EffectiveActions(to), "as written")
	}
	assert.Nil(t, (&Edge{}).EffectiveActions(nil))
}
