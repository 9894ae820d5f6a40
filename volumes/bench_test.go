package volumes_test

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes"
)

func benchCalls() []kpi.Call {
	statuses := []int{200, 200, 201, 204, 302, 404, 500, 0}
	calls := make([]kpi.Call, 1024)
	for i := range calls {
		calls[i] = kpi.Call{
			ReceivedAt: time.Date(2025, 3, 1, 0, 0, i, 0, time.UTC),
			Endpoint:   "GET /accounts",
			Status:     statuses[i%len(statuses)],
			TTFB:       10 * time.Millisecond,
			TTLB:       90 * time.Millisecond,
			Rejected:   i%5 == 0,
		}
	}
	return calls
}

func BenchmarkDailyAdd(b *testing.B) {
	calls := benchCalls()
	var d volumes.Daily
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = d.Add(&calls[i%len(calls)])
	}
}

func BenchmarkDailyMerge(b *testing.B) {
	calls := benchCalls()
	var d, o volumes.Daily
	for i := range calls {
		_ = o.Add(&calls[i])
	}
	b.ReportAllocs()
	for b.Loop() {
		d.Merge(&o)
	}
}

// BenchmarkReference is for comparison only: the reference copies the good
// calls and is not meant for the hot path.
func BenchmarkReference(b *testing.B) {
	calls := benchCalls()
	b.ReportAllocs()
	for b.Loop() {
		_, _ = volumes.Reference(calls)
	}
}
