package model

import "strings"

// Partition is the ARN partition of a Region: aws, aws-cn or aws-us-gov.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// ARN builds a node's Amazon Resource Name the way AWS builds it, from its
// name, Region and account. Nodes that are not AWS resources (internet hosts)
// have none: "". Services whose actions take no resource (CloudWatch metrics,
// X-Ray) are "*".
func (d *Design) ARN(n *Node) string {
	region, account, name := n.RegionName(d), n.AccountID(d), n.ResourceName()
	arn := func(service, rest string) string {
		return "arn:" + Partition(region) + ":" + service + ":" + rest
	}
	regional := func(service, resource string) string {
		return arn(service, region+":"+account+":"+resource)
	}
	switch n.Type {
	case TypeLambda:
		return regional("lambda", "function:"+name)
	case TypeIAMRole:
		return arn("iam", ":"+account+":role/"+strings.TrimPrefix(name, "/"))
	case TypeIAMUser:
		return arn("iam", ":"+account+":user/"+strings.TrimPrefix(name, "/"))
	case TypeExternalAccount:
		return arn("iam", ":"+account+":root")
	case TypeDynamoDBTable:
		return regional("dynamodb", "table/"+name)
	case TypeS3Bucket:
		return arn("s3", "::"+name)
	case TypeSQSQueue:
		return regional("sqs", name)
	case TypeSNSTopic:
		return regional("sns", name)
	case TypeRDSCluster:
		return regional("rds", "cluster:"+name)
	case TypeEFSFileSystem:
		return regional("elasticfilesystem", "file-system/"+name)
	case TypeCloudWatchLogs:
		return regional("logs", "log-group:"+name)
	case TypeCloudWatchMetric, TypeXRay:
		return "*"
	case TypeEC2Instance:
		return regional("ec2", "instance/"+name)
	case TypeVPC:
		return regional("ec2", "vpc/"+name)
	case TypeSubnet:
		return regional("ec2", "subnet/"+name)
	case TypeRouteTable:
		return regional("ec2", "route-table/"+name)
	case TypeSecurityGroup:
		return regional("ec2", "security-group/"+name)
	case TypeNetworkACL:
		return regional("ec2", "network-acl/"+name)
	case TypeInternetGateway:
		return regional("ec2", "internet-gateway/"+name)
	case TypeNATGateway:
		return regional("ec2", "natgateway/"+name)
	case TypeVPCEndpoint:
		return regional("ec2", "vpc-endpoint/"+name)
	}
	return ""
}

// ObjectARN is the ARN S3 object actions are authorized on: every object of
// the bucket ("arn:aws:s3:::bucket/*").
func (d *Design) ObjectARN(bucket *Node) string { return d.ARN(bucket) + "/*" }

// QualifiedARN is a function's ARN with a version or alias
// ("...:function:name:prod"); an empty qualifier gives the unqualified ARN.
func (d *Design) QualifiedARN(fn *Node, qualifier string) string {
	if qualifier == "" {
		return d.ARN(fn)
	}
	return d.ARN(fn) + ":" + qualifier
}

// RoleName is a role's name without its path ("service-role/app" → "app").
func RoleName(role *Node) string {
	name := role.ResourceName()
	return name[strings.LastIndex(name, "/")+1:]
}

// RoleSessionARN is the principal a function's code calls as: the STS
// assumed-role session of its execution role, named after the function.
func (d *Design) RoleSessionARN(role *Node, session string) string {
	return "arn:" + Partition(role.RegionName(d)) + ":sts::" + role.AccountID(d) + ":assumed-role/" + RoleName(role) + "/" + session
}

// FunctionLogGroup is the log group Lambda writes a function's logs to.
func FunctionLogGroup(fn *Node) string { return "/aws/lambda/" + fn.ResourceName() }

// LogGroupARN is the ARN of a function's log group as CreateLogGroup is
// authorized on ("...:log-group:/aws/lambda/fn:*").
func (d *Design) LogGroupARN(fn *Node) string {
	return "arn:" + Partition(fn.RegionName(d)) + ":logs:" + fn.RegionName(d) + ":" + fn.AccountID(d) + ":log-group:" + FunctionLogGroup(fn) + ":*"
}

// LogStreamARN is the ARN CreateLogStream and PutLogEvents are authorized on
// for one stream of a function's log group.
func (d *Design) LogStreamARN(fn *Node, stream string) string {
	return "arn:" + Partition(fn.RegionName(d)) + ":logs:" + fn.RegionName(d) + ":" + fn.AccountID(d) + ":log-group:" + FunctionLogGroup(fn) + ":log-stream:" + stream
}
