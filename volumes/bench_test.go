package volumes_test

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/volumes"
)

func benchCalls() []kpi.Call {
	return kpitest.BenchCalls(200, 200, 201, 204, 302, 404, 500, 0)
}

func BenchmarkCounterAdd(b *testing.B) {
	calls := benchCalls()
	var d volumes.Counter
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = d.Add(&calls[i%len(calls)])
	}
}

func BenchmarkCounterMerge(b *testing.B) {
	calls := benchCalls()
	var d, o volumes.Counter
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
