// Package reach decides whether a packet from one resource reaches another
// through routes, gateways, endpoints, security groups and network ACLs, and
// whether the reply comes back; it also reports the network findings of a
// design that do not belong to one arrow (NAT placement, endpoint coverage,
// subnet capacity) and the Hyperplane ENIs Lambda creates.
//
// The engine is a pure function of a design: Analyze compiles every route
// table, security group and network ACL once, then walks each arrow from each
// source subnet in the order of rules.md §0.1: source context, name
// resolution, source security-group egress, route lookup, network ACLs, next
// hop, target, and the reply through every ACL again. Each check becomes a
// hop naming the node, the check, its result and the entry that decided.
package reach
