package errorrate_test

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
)

func benchCalls() []kpi.Call {
	statuses := []int{200, 200, 201, 204, 404, 500, 0, 200}
	calls := make([]kpi.Call, 1024)
	for i := range calls {
		calls[i] = kpi.Call{
			ReceivedAt: time.Date(2025, 3, 1, 0, 0, i, 0, time.UTC),
			Endpoint:   "GET /accounts",
			Status:     statuses[i%len(statuses)],
			TTFB:       10 * time.Millisecond,
			TTLB:       90 * time.Millisecond,
		}
	}
	return calls
}

func BenchmarkCounterAdd(b *testing.B) {
	calls := benchCalls()
	var c errorrate.Counter
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = c.Add(&calls[i%len(calls)])
	}
}

func BenchmarkCounterMerge(b *testing.B) {
	calls := benchCalls()
	var c, o errorrate.Counter
	for i := range calls {
		_ = o.Add(&calls[i])
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Merge(&o)
	}
}

// BenchmarkReference is for comparison only: the reference copies the good
// calls and is not meant for the hot path.
func BenchmarkReference(b *testing.B) {
	calls := benchCalls()
	b.ReportAllocs()
	for b.Loop() {
		_, _ = errorrate.Reference(calls, errorrate.Options{})
	}
}
