// Package perm is the permission plane: for every arrow of a design it
// builds the IAM request AWS would authorize (the caller as its principal,
// the actions, the target's ARN, the context keys the path and the caller
// produce), evaluates it with model/iam against the caller's policies, the
// target's resource policy and the VPC endpoint policies on the network
// path, and reports the decision, the deciding statements and findings.
// It also checks what Lambda itself needs from a function's execution role
// (assuming it, creating network interfaces, writing logs and traces) and
// how open function resource policies are.
package perm
