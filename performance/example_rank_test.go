package performance_test

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/performance"
)

// Rule RG-P95-2: the exact nearest-rank p95 of an endpoint-day. Thirty
// calls of 1 to 30 ms: 0.95 × 30 = 28.5 rounds half away from zero to
// 29, so p95 is the 29th smallest, 29 ms. The 429 is left out.
func ExampleP95() {
	var p performance.P95
	for i := 1; i <= 30; i++ {
		c := mk(time.Duration(i)*time.Second, 200, time.Duration(i)*time.Millisecond)
		_ = p.Add(&c)
	}
	throttled := mk(0, 429, 10*time.Second)
	_ = p.Add(&throttled)
	fmt.Println("n", p.N(), "excluded", p.Excluded(), "k", performance.P95Rank(p.N()))
	fmt.Println("p95 ms", p.Ms())
	// Output:
	// n 30 excluded 1 k 29
	// p95 ms 29.000
}

// Rule RG-MEDIAN-1: the lower median (the ceil(n/2)-th smallest) of TTLB,
// TTFB and payload size. Four TTLBs 10, 20, 30, 40 ms: the 2nd, 20 ms.
func ExampleMedians() {
	var m performance.Medians
	for i, v := range []int{40, 10, 30, 20} {
		c := kpi.Call{
			ReceivedAt: start.Add(time.Duration(i) * time.Second), Endpoint: "GET /accounts", Status: 200,
			TTLB: time.Duration(v) * time.Millisecond, TTFB: time.Duration(v/2) * time.Millisecond, HasTTFB: true,
			ResponseBytes: int64(100 * v),
		}
		_ = m.Add(&c)
	}
	b, _ := m.ResponseBytes()
	fmt.Println("median ttlb ms", m.TTLBMs(), "ttfb ms", m.TTFBMs(), "bytes", b)
	// Output:
	// median ttlb ms 20.000 ttfb ms 10.000 bytes 2000
}
