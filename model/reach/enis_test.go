package reach_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"archway/model"
)

func itoa(i int) string { return strconv.Itoa(i) }

// TestHyperplaneENIs: one ENI per unique subnet and set of security groups
// (R30), however many functions share it (R65: connections do not add ENIs
// the design can see).
func TestHyperplaneENIs(t *testing.T) {
	tests := []struct {
		name    string
		changes string
		want    []model.ENI
		reused  []string // functions with an ENI_REUSED note
	}{
		{
			name: "one function, two subnets",
			want: []model.ENI{
				{VPC: "vpc", Subnet: "app-a", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn"}},
				{VPC: "vpc", Subnet: "app-b", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn"}},
			},
		},
		{
			name: "the same groups in another order share the ENIs",
			changes: `{"id":"sg-x","type":"security-group","parent":"vpc"}
{"id":"fn","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn","sg-x"]}}
{"id":"fn2","type":"lambda","parent":"vpc","vpc":{"subnets":["app-b","app-a"],"securityGroups":["sg-x","sg-fn"]}}
{"id":"fn3","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-x","sg-fn","sg-x"]}}`,
			want: []model.ENI{
				{VPC: "vpc", Subnet: "app-a", SecurityGroups: []string{"sg-fn", "sg-x"}, Functions: []string{"fn", "fn2", "fn3"}},
				{VPC: "vpc", Subnet: "app-b", SecurityGroups: []string{"sg-fn", "sg-x"}, Functions: []string{"fn", "fn2", "fn3"}},
			},
			reused: []string{"fn2", "fn3"},
		},
		{
			name: "another group is another ENI; a public function has none",
			changes: `{"id":"sg-w","type":"security-group","parent":"vpc"}
{"id":"worker","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a"],"securityGroups":["sg-w"]}}
{"id":"pub","type":"lambda"}`,
			want: []model.ENI{
				{VPC: "vpc", Subnet: "app-a", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn"}},
				{VPC: "vpc", Subnet: "app-b", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn"}},
				{VPC: "vpc", Subnet: "app-a", SecurityGroups: []string{"sg-w"}, Functions: []string{"worker"}},
			},
		},
		{
			name: "a configuration Lambda rejects creates no ENIs",
			changes: `{"id":"vpc2","type":"vpc","cidr":"10.1.0.0/16"}
{"id":"o1","type":"subnet","parent":"vpc2","cidr":"10.1.1.0/24","az":"us-east-1b"}
{"id":"two-vpcs","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","o1"],"securityGroups":["sg-fn"]}}
{"id":"g1","type":"security-group","parent":"vpc"}
{"id":"g2","type":"security-group","parent":"vpc"}
{"id":"g3","type":"security-group","parent":"vpc"}
{"id":"g4","type":"security-group","parent":"vpc"}
{"id":"g5","type":"security-group","parent":"vpc"}
{"id":"six-groups","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a"],"securityGroups":["sg-fn","g1","g2","g3","g4","g5"]}}`,
			want: []model.ENI{
				{VPC: "vpc", Subnet: "app-a", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn"}},
				{VPC: "vpc", Subnet: "app-b", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn"}},
			},
		},
		{
			name: "five functions, one combination each subnet",
			changes: `{"id":"f2","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}
{"id":"f3","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}
{"id":"f4","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}
{"id":"f5","type":"lambda","parent":"vpc","vpc":{"subnets":["app-a","app-b"],"securityGroups":["sg-fn"]}}`,
			want: []model.ENI{
				{VPC: "vpc", Subnet: "app-a", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn", "f2", "f3", "f4", "f5"}},
				{VPC: "vpc", Subnet: "app-b", SecurityGroups: []string{"sg-fn"}, Functions: []string{"fn", "f2", "f3", "f4", "f5"}},
			},
			reused: []string{"f2", "f3", "f4", "f5"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := run(build(t, base, tc.changes))
			assert.Equal(t, tc.want, res.ENIs)
			for _, fn := range tc.reused {
				fs := findingsFor(res, "ENI_REUSED", "", fn)
				require.Len(t, fs, 1, fn)
				assert.Equal(t, model.SeverityInfo, fs[0].Severity)
			}
			if len(tc.reused) == 0 {
				assert.Empty(t, findingsFor(res, "ENI_REUSED", ""))
			}
		})
	}
}
