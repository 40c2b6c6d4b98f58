package model

import (
	"net/netip"
	"strings"
)

// This file is the one place that knows AWS's defaults: every accessor
// returns what the author wrote, or what a person creating the resource in
// the AWS console gets.

// Defaults of the document.
const (
	DefaultAccount = "111111111111"
	DefaultRegion  = "us-east-1"
)

// defaultPrefixLists are AWS's published us-east-1 ranges for the S3
// (pl-63a5400a) and DynamoDB (pl-02cd2c6b) prefix lists; a document
// overrides them with prefixLists.
var defaultPrefixLists = map[string][]string{
	"s3":       {"3.5.0.0/19", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21", "52.216.0.0/15", "54.231.0.0/16"},
	"dynamodb": {"3.218.180.0/22", "52.94.0.0/22", "52.119.224.0/20"},
}

// Addresses that stand for public endpoints when a node gives none: inside
// the prefix lists for S3 and DynamoDB, in Amazon's public range for other
// services, and a public internet address for internet hosts.
var defaultAddresses = map[string]string{
	"s3":       "52.216.0.10",
	"dynamodb": "52.94.0.10",
	"aws":      "54.239.0.10",
	"internet": "93.184.216.34",
}

// AccountID is the design's account.
func (d *Design) AccountID() string { return or(d.Account, DefaultAccount) }

// RegionName is the design's Region.
func (d *Design) RegionName() string { return or(d.Region, DefaultRegion) }

// PrefixList returns the CIDRs a prefix list ("s3" or "dynamodb") stands for.
func (d *Design) PrefixList(name string) []netip.Prefix {
	cidrs, ok := d.PrefixLists[name]
	if !ok {
		cidrs = defaultPrefixLists[name]
	}
	out := make([]netip.Prefix, 0, len(cidrs))
	for _, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// DisplayLabel is the text drawn for the node.
func (n *Node) DisplayLabel() string { return or(n.Label, n.ID) }

// ResourceName is the AWS resource name used in ARNs.
func (n *Node) ResourceName() string { return or(n.Name, n.ID) }

// AccountID is the account the node lives in.
func (n *Node) AccountID(d *Design) string { return or(n.Account, d.AccountID()) }

// RegionName is the Region the node lives in.
func (n *Node) RegionName(d *Design) string { return or(n.Region, d.RegionName()) }

// DNSSupportEnabled is a VPC's enableDnsSupport (default true).
func (n *Node) DNSSupportEnabled() bool { return n.DNSSupport == nil || *n.DNSSupport }

// DNSHostnamesEnabled is a VPC's enableDnsHostnames (default true, as the
// console's VPC wizard sets it).
func (n *Node) DNSHostnamesEnabled() bool { return n.DNSHostnames == nil || *n.DNSHostnames }

// IsAttached reports whether an internet gateway is attached (default true).
func (n *Node) IsAttached() bool { return n.Attached == nil || *n.Attached }

// NATConnectivity is "public" (default) or "private".
func (n *Node) NATConnectivity() string { return or(n.Connectivity, "public") }

// EndpointKind is a VPC endpoint's type: "gateway" by default for s3 and
// dynamodb, "interface" for every other service.
func (n *Node) EndpointKind() string {
	if n.EndpointType != "" {
		return n.EndpointType
	}
	if n.Service == "s3" || n.Service == "dynamodb" {
		return "gateway"
	}
	return "interface"
}

// PrivateDNSEnabled is an interface endpoint's private DNS (default true).
func (n *Node) PrivateDNSEnabled() bool { return n.PrivateDNS == nil || *n.PrivateDNS }

// EgressRules are a security group's outbound rules: as written, or all
// traffic to 0.0.0.0/0 when the field is left out.
func (n *Node) EgressRules() []SGRule {
	if n.Egress == nil {
		return []SGRule{{Protocol: "all", To: "0.0.0.0/0"}}
	}
	return *n.Egress
}

// RuntimeName is a function's runtime (default python3.12).
func (n *Node) RuntimeName() string { return or(n.Runtime, "python3.12") }

// TracingMode is "PassThrough" (default) or "Active".
func (n *Node) TracingMode() string { return or(n.Tracing, "PassThrough") }

// FunctionState is "Pending" (default: not deployed yet) or "Active".
func (n *Node) FunctionState() string { return or(n.State, "Pending") }

// InVPC reports whether a function is attached to a VPC.
func (n *Node) InVPC() bool { return n.VPC != nil && len(n.VPC.Subnets) > 0 }

// DBEngine is an rds-cluster's engine (default aurora-postgresql).
func (n *Node) DBEngine() string { return or(n.Engine, "aurora-postgresql") }

// DBPort is an rds-cluster's port: as written, else the engine's default.
func (n *Node) DBPort() int {
	if n.Port != 0 {
		return n.Port
	}
	if strings.Contains(n.DBEngine(), "mysql") {
		return 3306
	}
	return 5432
}

// FreeIPs is how many addresses a subnet has for new interfaces: as written,
// else its size minus the 5 AWS reserves.
func (n *Node) FreeIPs() int {
	if n.AvailableIPs != nil {
		return *n.AvailableIPs
	}
	p, err := netip.ParsePrefix(n.CIDR)
	if err != nil || !p.Addr().Is4() {
		return 0
	}
	return 1<<(32-p.Bits()) - 5
}

// Proto is the rule's protocol: as written, else tcp when ports are given
// and all when not.
func (r SGRule) Proto() string { return ruleProto(r.Protocol, r.Ports) }

// PortRange is the rule's ports (default all).
func (r SGRule) PortRange() Ports { return rulePorts(r.Protocol, r.Ports) }

// Proto is the rule's protocol: as written, else tcp when ports are given
// and all when not.
func (r ACLRule) Proto() string { return ruleProto(r.Protocol, r.Ports) }

// PortRange is the rule's ports (default all).
func (r ACLRule) PortRange() Ports { return rulePorts(r.Protocol, r.Ports) }

func ruleProto(proto string, ports *Ports) string {
	switch {
	case proto != "":
		return proto
	case ports != nil:
		return "tcp"
	}
	return "all"
}

func rulePorts(proto string, ports *Ports) Ports {
	if ports == nil || proto == "all" || proto == "icmp" {
		return AllPorts
	}
	return *ports
}

// ServiceOf names the AWS service a node type is an endpoint of, as VPC
// endpoint services are named ("dynamodb", "logs", ...), or "" for nodes
// that are not AWS service APIs.
func ServiceOf(nodeType string) string {
	switch nodeType {
	case TypeDynamoDBTable:
		return "dynamodb"
	case TypeS3Bucket:
		return "s3"
	case TypeSQSQueue:
		return "sqs"
	case TypeSNSTopic:
		return "sns"
	case TypeCloudWatchLogs:
		return "logs"
	case TypeCloudWatchMetric:
		return "monitoring"
	case TypeXRay:
		return "xray"
	case TypeLambda:
		return "lambda"
	}
	return ""
}

// PublicAddress is the public IPv4 address that stands for a service node
// or an internet host: the node's address, else one in the service's range.
// The second result is false for nodes without a public address.
func (d *Design) PublicAddress(n *Node) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(n.Address); err == nil {
		return a, true
	}
	var key string
	switch svc := ServiceOf(n.Type); {
	case n.Type == TypeInternetHost:
		key = "internet"
	case svc == "s3" || svc == "dynamodb":
		if pl := d.PrefixList(svc); len(pl) > 0 {
			return pl[0].Addr().Next().Next(), true
		}
		key = svc
	case svc != "":
		key = "aws"
	default:
		return netip.Addr{}, false
	}
	return netip.MustParseAddr(defaultAddresses[key]), true
}

// Proto is the edge's protocol (default tcp).
func (e *Edge) Proto() string { return or(e.Protocol, "tcp") }

// DestPort is the port the edge connects to: as written, else the engine's
// port for rds-cluster, 2049 for EFS, 443 for everything else.
func (e *Edge) DestPort(to *Node) int {
	switch {
	case e.Port != 0:
		return e.Port
	case to == nil:
		return 443
	case to.Type == TypeRDSCluster:
		return to.DBPort()
	case to.Type == TypeEFSFileSystem:
		return 2049
	}
	return 443
}

// DefaultActions are the actions an edge into a node of this type checks
// when it names none.
func DefaultActions(toType string) []string {
	switch toType {
	case TypeDynamoDBTable:
		return []string{"dynamodb:GetItem"}
	case TypeS3Bucket:
		return []string{"s3:GetObject"}
	case TypeSQSQueue:
		return []string{"sqs:SendMessage"}
	case TypeSNSTopic:
		return []string{"sns:Publish"}
	case TypeLambda:
		return []string{"lambda:InvokeFunction"}
	case TypeCloudWatchLogs:
		return []string{"logs:PutLogEvents"}
	case TypeCloudWatchMetric:
		return []string{"cloudwatch:PutMetricData"}
	case TypeXRay:
		return []string{"xray:PutTraceSegments"}
	case TypeEFSFileSystem:
		return []string{"elasticfilesystem:ClientMount"}
	}
	return nil
}

// EffectiveActions are the edge's actions, or the defaults for its target.
func (e *Edge) EffectiveActions(to *Node) []string {
	if len(e.Actions) > 0 || to == nil {
		return e.Actions
	}
	return DefaultActions(to.Type)
}
