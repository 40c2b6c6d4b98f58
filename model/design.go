package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// FormatV1 is the only document format this version understands.
const FormatV1 = "archway/v1"

// Node types of archway/v1.
const (
	TypeVPC              = "vpc"
	TypeSubnet           = "subnet"
	TypeRouteTable       = "route-table"
	TypeInternetGateway  = "internet-gateway"
	TypeNATGateway       = "nat-gateway"
	TypeVPCEndpoint      = "vpc-endpoint"
	TypeSecurityGroup    = "security-group"
	TypeNetworkACL       = "network-acl"
	TypeLambda           = "lambda"
	TypeIAMRole          = "iam-role"
	TypeIAMUser          = "iam-user"
	TypeDynamoDBTable    = "dynamodb-table"
	TypeS3Bucket         = "s3-bucket"
	TypeSQSQueue         = "sqs-queue"
	TypeSNSTopic         = "sns-topic"
	TypeRDSCluster       = "rds-cluster"
	TypeEC2Instance      = "ec2-instance"
	TypeEFSFileSystem    = "efs-filesystem"
	TypeCloudWatchLogs   = "cloudwatch-logs"
	TypeCloudWatchMetric = "cloudwatch-metrics"
	TypeXRay             = "xray"
	TypeInternetHost     = "internet-host"
	TypeExternalAccount  = "external-account"
	// TypeGeneric is an Archway addition: a resource Archway does not model
	// (kept by the CloudFormation import), drawn but never analysed.
	TypeGeneric = "generic"
)

// Design is one archway/v1 document, as its author wrote it.
type Design struct {
	Format      string              `json:"format"`
	Title       string              `json:"title,omitempty"`
	Account     string              `json:"account,omitempty"`
	Region      string              `json:"region,omitempty"`
	PrefixLists map[string][]string `json:"prefixLists,omitempty"`
	Nodes       []*Node             `json:"nodes"`
	Edges       []*Edge             `json:"edges"`
}

// Node is a resource or container. One struct holds the fields of every
// type; fieldsByType says which fields a type accepts.
type Node struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Label   string   `json:"label,omitempty"`
	Name    string   `json:"name,omitempty"`
	Account string   `json:"account,omitempty"`
	Region  string   `json:"region,omitempty"`
	Parent  string   `json:"parent,omitempty"`
	X       *float64 `json:"x,omitempty"`
	Y       *float64 `json:"y,omitempty"`
	W       *float64 `json:"w,omitempty"`
	H       *float64 `json:"h,omitempty"`

	// vpc
	CIDR         string `json:"cidr,omitempty"` // also subnet
	DNSSupport   *bool  `json:"dnsSupport,omitempty"`
	DNSHostnames *bool  `json:"dnsHostnames,omitempty"`
	ENIsInUse    int    `json:"enisInUse,omitempty"`

	// subnet
	AZ           string `json:"az,omitempty"`
	RouteTable   string `json:"routeTable,omitempty"`
	NetworkACL   string `json:"networkAcl,omitempty"`
	AvailableIPs *int   `json:"availableIps,omitempty"`

	// route-table
	Main   bool    `json:"main,omitempty"`
	Routes []Route `json:"routes,omitempty"`

	// internet-gateway
	Attached *bool `json:"attached,omitempty"`

	// nat-gateway
	Connectivity string `json:"connectivity,omitempty"`
	ElasticIP    string `json:"elasticIp,omitempty"`

	// vpc-endpoint
	Service      string   `json:"service,omitempty"`
	EndpointType string   `json:"endpointType,omitempty"`
	RouteTables  []string `json:"routeTables,omitempty"`
	PrivateDNS   *bool    `json:"privateDns,omitempty"`

	// vpc-endpoint, rds-cluster
	Subnets []string `json:"subnets,omitempty"`
	// vpc-endpoint, rds-cluster, ec2-instance
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// vpc-endpoint, dynamodb-table, s3-bucket, sqs-queue, sns-topic, efs-filesystem
	Policy json.RawMessage `json:"policy,omitempty"`

	// security-group; Egress nil means "all traffic to 0.0.0.0/0", empty means none.
	Ingress []SGRule  `json:"ingress,omitempty"`
	Egress  *[]SGRule `json:"egress,omitempty"`

	// network-acl; omitted means deny all, as a new custom NACL.
	Inbound  []ACLRule `json:"inbound,omitempty"`
	Outbound []ACLRule `json:"outbound,omitempty"`

	// lambda
	Role           string          `json:"role,omitempty"`
	VPC            *VPCConfig      `json:"vpc,omitempty"`
	Runtime        string          `json:"runtime,omitempty"`
	Tracing        string          `json:"tracing,omitempty"`
	URL            *FunctionURL    `json:"url,omitempty"`
	ResourcePolicy json.RawMessage `json:"resourcePolicy,omitempty"`
	Aliases        []string        `json:"aliases,omitempty"`
	State          string          `json:"state,omitempty"`
	// RoleRoute is an Archway addition, as Edge.Route: the dotted line
	// from the function's execution role to the function as it was drawn,
	// from the border of the role's box to the border of the function's.
	RoleRoute []Point `json:"roleRoute,omitempty"`

	// iam-role, iam-user. Policies is an array of documents or an object of
	// name to document; PermissionsBoundary a document or a managed policy
	// name or ARN.
	Trust               json.RawMessage `json:"trust,omitempty"`
	ManagedPolicies     []string        `json:"managedPolicies,omitempty"`
	Policies            json.RawMessage `json:"policies,omitempty"`
	PermissionsBoundary json.RawMessage `json:"permissionsBoundary,omitempty"`

	// public services, internet-host
	Address string `json:"address,omitempty"`

	// rds-cluster
	Engine             string `json:"engine,omitempty"`
	Port               int    `json:"port,omitempty"`
	PubliclyAccessible bool   `json:"publiclyAccessible,omitempty"`

	// ec2-instance
	PublicIP bool `json:"publicIp,omitempty"`

	// efs-filesystem
	MountTargets []MountTarget `json:"mountTargets,omitempty"`

	// internet-host
	Host string `json:"host,omitempty"`

	// generic
	ResourceType string `json:"resourceType,omitempty"`
}

// Route is one entry of a route table. Destination is a CIDR or a prefix
// list ("pl:s3", "pl:dynamodb"); Target is an internet or NAT gateway id.
type Route struct {
	Destination string `json:"destination"`
	Target      string `json:"target"`
}

// SGRule is one security-group rule; From is set on ingress rules, To on
// egress rules: a CIDR, a security-group id, or "pl:s3"/"pl:dynamodb".
type SGRule struct {
	Protocol    string `json:"protocol,omitempty"`
	Ports       *Ports `json:"ports,omitempty"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
	Description string `json:"description,omitempty"`
}

// ACLRule is one network ACL entry.
type ACLRule struct {
	Rule     int    `json:"rule"`
	Protocol string `json:"protocol,omitempty"`
	Ports    *Ports `json:"ports,omitempty"`
	CIDR     string `json:"cidr"`
	Action   string `json:"action"`
}

// VPCConfig attaches a function to subnets of one VPC.
type VPCConfig struct {
	Subnets        []string `json:"subnets"`
	SecurityGroups []string `json:"securityGroups"`
}

// FunctionURL is a Lambda function URL.
type FunctionURL struct {
	AuthType string `json:"authType"`
}

// MountTarget is an EFS mount target in one subnet.
type MountTarget struct {
	Subnet         string   `json:"subnet"`
	SecurityGroups []string `json:"securityGroups,omitempty"`
}

// Edge is an arrow: From calls or connects to To.
type Edge struct {
	ID         string   `json:"id"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Label      string   `json:"label,omitempty"`
	Actions    []string `json:"actions,omitempty"`
	Protocol   string   `json:"protocol,omitempty"`
	Port       int      `json:"port,omitempty"`
	Qualifier  string   `json:"qualifier,omitempty"`
	Via        string   `json:"via,omitempty"`
	FromSubnet string   `json:"fromSubnet,omitempty"`
	// Route is an Archway addition: the arrow as it was drawn, a polyline
	// from the border of the source's box to the border of the target's,
	// in diagram units. A renderer draws it as given while it still fits
	// the drawing and draws the arrow anew when it does not.
	Route []Point `json:"route,omitempty"`
}

// Point is a point of the drawing in diagram units, [x, y] in JSON.
type Point [2]float64

// UnmarshalJSON reads [x, y]: exactly two finite numbers.
func (p *Point) UnmarshalJSON(data []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil || items == nil {
		return errors.New("must be a point [x, y], not " + describeJSON(jsonKind(data)))
	}
	if len(items) != 2 {
		return fmt.Errorf("must be a point [x, y], not an array of %d values", len(items))
	}
	var q Point
	for i, raw := range items {
		if jsonKind(raw) != "number" {
			return errors.New("must be a point [x, y] of two numbers, not " + describeJSON(jsonKind(raw)))
		}
		v, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
		if err != nil || math.IsInf(v, 0) {
			return fmt.Errorf("%s is not a finite number", bytes.TrimSpace(raw))
		}
		q[i] = v
	}
	*p = q
	return nil
}

// fieldsByType lists the type-specific fields each node type accepts, on top
// of the fields every node has (commonFields).
var fieldsByType = map[string][]string{
	TypeVPC:              {"cidr", "dnsSupport", "dnsHostnames", "enisInUse"},
	TypeSubnet:           {"cidr", "az", "routeTable", "networkAcl", "availableIps"},
	TypeRouteTable:       {"main", "routes"},
	TypeInternetGateway:  {"attached"},
	TypeNATGateway:       {"connectivity", "elasticIp"},
	TypeVPCEndpoint:      {"service", "endpointType", "routeTables", "subnets", "securityGroups", "privateDns", "policy"},
	TypeSecurityGroup:    {"ingress", "egress"},
	TypeNetworkACL:       {"inbound", "outbound"},
	TypeLambda:           {"role", "vpc", "runtime", "tracing", "url", "resourcePolicy", "aliases", "state", "roleRoute"},
	TypeIAMRole:          {"trust", "managedPolicies", "policies", "permissionsBoundary"},
	TypeIAMUser:          {"managedPolicies", "policies", "permissionsBoundary"},
	TypeDynamoDBTable:    {"policy", "address"},
	TypeS3Bucket:         {"policy", "address"},
	TypeSQSQueue:         {"policy", "address"},
	TypeSNSTopic:         {"policy", "address"},
	TypeRDSCluster:       {"subnets", "securityGroups", "engine", "port", "publiclyAccessible"},
	TypeEC2Instance:      {"securityGroups", "publicIp"},
	TypeEFSFileSystem:    {"mountTargets", "policy"},
	TypeCloudWatchLogs:   {},
	TypeCloudWatchMetric: {},
	TypeXRay:             {},
	TypeInternetHost:     {"host", "address"},
	TypeExternalAccount:  {},
	TypeGeneric:          {"resourceType"},
}

var commonFields = []string{"id", "type", "label", "name", "account", "region", "parent", "x", "y", "w", "h"}

// Types returns every node type, in the order of the format's table.
func Types() []string {
	return []string{
		TypeVPC, TypeSubnet, TypeRouteTable, TypeInternetGateway, TypeNATGateway, TypeVPCEndpoint,
		TypeSecurityGroup, TypeNetworkACL, TypeLambda, TypeIAMRole, TypeIAMUser, TypeDynamoDBTable,
		TypeS3Bucket, TypeSQSQueue, TypeSNSTopic, TypeRDSCluster, TypeEC2Instance, TypeEFSFileSystem,
		TypeCloudWatchLogs, TypeCloudWatchMetric, TypeXRay, TypeInternetHost, TypeExternalAccount, TypeGeneric,
	}
}

// Fields returns the fields a node of type t accepts, common fields first,
// or nil for an unknown type.
func Fields(t string) []string {
	own, ok := fieldsByType[t]
	if !ok {
		return nil
	}
	return append(append([]string(nil), commonFields...), own...)
}
