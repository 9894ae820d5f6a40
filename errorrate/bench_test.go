package errorrate_test

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

func benchCalls() []kpi.Call {
	return kpitest.BenchCalls(200, 200, 201, 204, 404, 500, 0, 200)
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
