package iam

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestManagedLookup(t *testing.T) {
	tests := []struct {
		ref, name, arn, err string
	}{
		{ref: "AWSLambdaBasicExecutionRole", name: "AWSLambdaBasicExecutionRole", arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{ref: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", name: "AWSLambdaVPCAccessExecutionRole", arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"},
		{ref: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess", name: "AWSXRayDaemonWriteAccess", arn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"},
		{ref: "AmazonS3ReadOnlyAccess", name: "AmazonS3ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
		{ref: "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole", name: "AWSLambdaRole", arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"},
		{ref: "arn:aws-us-gov:iam::aws:policy/AWSLambdaRole", err: "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaRole"},
		{ref: "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", err: "service-role/AWSLambdaBasicExecutionRole"},
		{ref: "awslambdabasicexecutionrole", err: `did you mean "AWSLambdaBasicExecutionRole"`},
		{ref: "AdministratorAccess", name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess"},
		{ref: "arn:aws:iam::aws:policy/AWSLambdaInvocation-DynamoDB", name: "AWSLambdaInvocation-DynamoDB", arn: "arn:aws:iam::aws:policy/AWSLambdaInvocation-DynamoDB"},
		{ref: "AWSXrayWriteOnlyAccess", name: "AWSXrayWriteOnlyAccess", arn: "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"},
		{ref: "AmazonEC2FullAccess", err: "unknown AWS managed policy"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			mp, err := Managed(tt.ref)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.name, mp.Name)
			assert.Equal(t, tt.arn, mp.ARN)
			assert.NotNil(t, mp.Policy)
		})
	}
}

// Every managed policy is compiled in, parses, and keeps its document.
func TestManagedDocuments(t *testing.T) {
	want := []string{
		"AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSXRayDaemonWriteAccess",
		"AWSLambdaDynamoDBExecutionRole", "AWSLambdaSQSQueueExecutionRole", "AWSLambdaKinesisExecutionRole",
		"AWSLambdaRole", "AmazonDynamoDBReadOnlyAccess", "AmazonDynamoDBFullAccess", "AmazonS3ReadOnlyAccess",
		"AmazonS3FullAccess", "AmazonSQSFullAccess", "AmazonSNSFullAccess", "CloudWatchLogsFullAccess",
		"AWSLambdaENIManagementAccess", "AdministratorAccess", "PowerUserAccess", "AWSLambdaExecute",
		"AWSLambdaInvocation-DynamoDB", "AWSLambda_FullAccess", "AmazonSQSReadOnlyAccess", "AmazonSNSReadOnlyAccess",
		"AWSXrayWriteOnlyAccess", "CloudWatchLambdaInsightsExecutionRolePolicy",
	}
	assert.ElementsMatch(t, want, ManagedNames())
	for _, name := range ManagedNames() {
		mp, err := Managed(name)
		require.NoError(t, err)
		assert.True(t, json.Valid(mp.Document), name)
		assert.Equal(t, Version2012, mp.Policy.Version, name)
		assert.NotEmpty(t, mp.Version, name)
		for _, s := range mp.Policy.Statements {
			assert.Equal(t, Allow, s.Effect, "%s: managed policies here only allow", name)
		}
	}
	// R49: the exact actions of the execution-role policies.
	vpc, _ := Managed("AWSLambdaVPCAccessExecutionRole")
	assert.Equal(t, []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
		"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
		"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"},
		vpc.Policy.Statements[0].Actions())
	basic, _ := Managed("AWSLambdaBasicExecutionRole")
	assert.Equal(t, []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, basic.Policy.Statements[0].Actions())
	xray, _ := Managed("AWSXRayDaemonWriteAccess")
	assert.Equal(t, []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
		"xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"}, xray.Policy.Statements[0].Actions())
}
