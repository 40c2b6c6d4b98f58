package reach_test

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"archway/model"
	"archway/model/gen"
	"archway/model/reach"
)

// BenchmarkAnalyze measures the network plane of generated designs of n
// resources and n/2 arrows, index included. The cost must grow linearly.
// Besides wall time it reports the process's CPU time per operation, which
// stays meaningful on a machine shared with other work.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		d := gen.Design(n, 1)
		b.Run(fmt.Sprintf("resources=%d/edges=%d", len(d.Nodes), len(d.Edges)), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				reach.Analyze(model.NewIndex(d))
			}
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
