//go:build unix

package render

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (user and system). On a
// shared machine it measures the work itself where wall time would
// include waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
