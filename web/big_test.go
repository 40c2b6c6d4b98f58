package web

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// bigDesign is testdata/big100.json: 100 resources and 69 arrows. It is the
// E05 network (a VPC with public and private subnets in two Availability
// Zones, NAT gateways, Aurora, EFS, EC2) with 26 more VPC functions, each
// with its own role, writing to one of 13 tables and 12 queues.
func bigDesign(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/big100.json")
	require.NoError(t, err)
	return b
}

func TestBigDesignIsValid(t *testing.T) {
	doc, err := checkDocument(bigDesign(t))
	require.NoError(t, err)
	require.Len(t, doc.design.Nodes, 100)
}
