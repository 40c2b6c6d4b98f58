// Package iam evaluates AWS IAM policy documents the way AWS does: it parses
// policies into compiled statements, and decides whether a request (a
// principal calling an action on a resource, with context keys) is allowed by
// a set of identity policies, permissions boundaries, a resource policy and
// the VPC endpoint policies on its path, naming the statements that decided.
//
// The package knows nothing about Archway's design format; it imports only the
// standard library and does no I/O. AWS managed policies that Lambda designs
// use are compiled in (see Managed).
package iam
