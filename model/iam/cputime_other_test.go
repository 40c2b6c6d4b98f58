//go:build !linux

package iam

import "time"

// threadCPU is not measured outside Linux; cpu-ns/op then reads 0.
func threadCPU() time.Duration { return 0 }
