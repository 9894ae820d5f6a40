package book

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/performance"
)

// The cost of the extras per call: an endpoint-day without them, and with
// every one on (go test -bench EndpointDayExtras ./benchmark/book).
func BenchmarkEndpointDayExtras(b *testing.B) {
	start := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	calls := make([]kpi.Call, 4096)
	for i := range calls {
		calls[i] = kpi.Call{
			ReceivedAt: start.Add(time.Duration(i) * 20 * time.Second), Endpoint: "GET /banking/payees",
			Status: []int{200, 200, 200, 404, 500}[i%5], TTLB: time.Duration(50+i%900) * time.Millisecond,
			CustomerPresent: kpi.Flag(1 + i%2),
		}
	}
	for _, c := range []struct {
		name string
		x    Extras
	}{{"none", Extras{}}, {"all", Extras{P95: true, Medians: true, Minutes: true, Tiers: true, Codes: true}}} {
		b.Run(c.name, func(b *testing.B) {
			e := NewEndpointDay(performance.Options{}, false)
			e.Enable(c.x)
			e.Route = performance.TierRoute{Present: performance.TierLowPriority, Unattended: performance.TierUnattended}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				k := &calls[i%len(calls)]
				_ = e.AddAt(k, k.ReceivedAt.Sub(start))
			}
		})
	}
}
