package model

// Index looks nodes and edges up by id. Build it once per analysis with
// NewIndex; it does not follow later changes to the design.
type Index struct {
	Design *Design
	Nodes  map[string]*Node
	Edges  map[string]*Edge
	// Pos is the position of each node in Design.Nodes, for JSON paths.
	Pos map[string]int
	// Children lists the nodes whose parent is the key, in document order
	// (nil from NewLookup).
	Children map[string][]*Node
	// MainRouteTable maps a VPC id to its main route table, if it has one.
	MainRouteTable map[string]*Node
}

// NewIndex indexes d. Duplicate ids keep their first node.
func NewIndex(d *Design) *Index {
	ix := NewLookup(d)
	ix.Children = make(map[string][]*Node)
	for i, n := range d.Nodes {
		if n.Parent != "" && ix.Pos[n.ID] == i { // the first of an id
			ix.Children[n.Parent] = append(ix.Children[n.Parent], n)
		}
	}
	return ix
}

// NewLookup is NewIndex without Children, which it leaves nil: for a
// reader that only looks nodes up, as a drawing does, building the lists
// of children costs as much as the rest of the index.
func NewLookup(d *Design) *Index {
	ix := &Index{
		Design: d,
		Nodes:  make(map[string]*Node, len(d.Nodes)),
		Edges:  make(map[string]*Edge, len(d.Edges)),
		Pos:    make(map[string]int, len(d.Nodes)),
	}
	// filled from the end, so the first of a repeated id is written last
	// and stays, without looking each id up first
	for i := len(d.Nodes) - 1; i >= 0; i-- {
		n := d.Nodes[i]
		ix.Nodes[n.ID] = n
		ix.Pos[n.ID] = i
	}
	// A route table may be drawn in a subnet; the table is still its VPC's.
	// Only main tables need their VPC looked up.
	ix.MainRouteTable = make(map[string]*Node)
	for _, n := range d.Nodes {
		if n.Type != TypeRouteTable || !n.Main {
			continue
		}
		if vpc := ix.VPCOf(n); vpc != nil && ix.MainRouteTable[vpc.ID] == nil {
			ix.MainRouteTable[vpc.ID] = n
		}
	}
	for i := len(d.Edges) - 1; i >= 0; i-- { // the first of an id stays, as above
		ix.Edges[d.Edges[i].ID] = d.Edges[i]
	}
	return ix
}

// Node returns the node with id, or nil.
func (ix *Index) Node(id string) *Node { return ix.Nodes[id] }

// NodeOfType returns the node with id if it has type t, else nil.
func (ix *Index) NodeOfType(id, t string) *Node {
	if n := ix.Nodes[id]; n != nil && n.Type == t {
		return n
	}
	return nil
}

// VPCOf returns the VPC a node belongs to: its own id for a VPC, the parent
// chain otherwise, and for a VPC function the VPC of its first subnet.
// It returns nil for nodes outside any VPC.
func (ix *Index) VPCOf(n *Node) *Node {
	if n == nil {
		return nil
	}
	if n.Type == TypeLambda {
		if n.VPC == nil || len(n.VPC.Subnets) == 0 {
			return nil
		}
		return ix.VPCOf(ix.Nodes[n.VPC.Subnets[0]])
	}
	for seen := 0; n != nil && seen < 4; seen++ {
		if n.Type == TypeVPC {
			return n
		}
		n = ix.Nodes[n.Parent]
	}
	return nil
}

// RouteTableOf returns the route table a subnet uses: its explicit table,
// else its VPC's main table. Nil means the VPC has no main table drawn,
// which AWS would give only the local route.
func (ix *Index) RouteTableOf(subnet *Node) *Node {
	if rt := ix.NodeOfType(subnet.RouteTable, TypeRouteTable); rt != nil {
		return rt
	}
	return ix.MainRouteTable[subnet.Parent]
}

// NetworkACLOf returns the network ACL a subnet uses, or nil for the VPC's
// default ACL, which allows all traffic.
func (ix *Index) NetworkACLOf(subnet *Node) *Node {
	return ix.NodeOfType(subnet.NetworkACL, TypeNetworkACL)
}

// Path returns the JSON path of a node ("nodes[3]").
func (ix *Index) Path(id string) string { return index("nodes", ix.Pos[id]) }
