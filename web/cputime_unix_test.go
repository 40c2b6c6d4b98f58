//go:build unix

package web

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the whole test process has used: every thread,
// the garbage collector's and SQLite's included. Unlike wall time, it does
// not grow when other jobs share the machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
