package performance_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTimer reports, beside ns/op (wall clock), cpu-ns/op: the process's
// user+system CPU time per op. The machine is shared with other jobs, so
// wall-clock figures swing by 2x between runs while CPU time does not;
// the figures in comments are cpu-ns/op.
type cpuTimer struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU(b *testing.B) cpuTimer {
	b.ReportAllocs()
	return cpuTimer{start: cpuNow()}
}

func (c cpuTimer) stop(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuNow()-c.start)/float64(b.N), "cpu-ns/op")
	}
}
