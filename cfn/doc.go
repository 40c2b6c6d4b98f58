// Package cfn imports CloudFormation and SAM templates as archway/v1
// designs: it reads YAML (with the short-form intrinsic tags) and JSON,
// resolves intrinsic functions, parameters, conditions and mappings as
// CloudFormation does when it creates a stack, applies the SAM transform,
// maps the resource types Archway models to nodes (and the others to generic
// boxes), and infers the arrows a person would draw: event sources,
// subscriptions, notifications, invocation permissions, function URLs and
// what each function's environment and policies say it calls. Values nobody
// knows before deployment become marked placeholders; the Report says what
// was drawn, inferred, left out and assumed. docs/import.md describes every
// rule and choice.
package cfn
