package book

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// BenchmarkAddBound is Book.Add over a day of calls in time order on 40
// endpoints, without a bound (every record kept) and with a bound of five
// minutes (the settled records walked and dropped as they come).
func BenchmarkAddBound(b *testing.B) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	eps := make([]string, 40)
	for i := range eps {
		eps[i] = "GET /e" + string(rune('A'+i))
	}
	const n = 1 << 18
	calls := make([]kpi.Call, n)
	for i := range calls {
		status := 200
		if i%100 == 0 {
			status = 503
		}
		calls[i] = kpi.Call{ReceivedAt: t0.Add(time.Duration(i) * 300 * time.Millisecond), Endpoint: eps[i*7%40], Status: status, TTLB: 80 * time.Millisecond}
	}
	for _, bound := range []time.Duration{0, 5 * time.Minute} {
		b.Run("bound="+bound.String(), func(b *testing.B) {
			b.ReportAllocs()
			var bk *Book
			for i := 0; b.Loop(); i++ {
				if i%n == 0 {
					bk = New(cfg)
					_ = bk.SetDisorder(bound)
				}
				_ = bk.Add(&calls[i%n], int64(i))
			}
		})
	}
}
