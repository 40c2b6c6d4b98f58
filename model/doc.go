// Package model is the Archway design document (format archway/v1): its types,
// strict decoding with JSON paths, reference and CIDR checks, AWS's defaults,
// canonical encoding, ARNs, and the validation output the engines fill in.
//
// The document keeps exactly what its author wrote; defaults are applied by
// the accessor methods in defaults.go, the one place that knows them. That
// keeps encode(decode(x)) stable and decode(encode(d)) equal to d.
//
// The package imports only the standard library and does no I/O.
package model
