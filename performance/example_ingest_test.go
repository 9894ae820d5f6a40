package performance_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// dayCalls returns n calls of one endpoint in time order, ten a second,
// for the combined-ingest tests (TestAllocsAddChecked): log-normal TTLB
// around 120 ms (σ = 0.5) with one call in 200 in a tail up to 5 s, every
// class of status. (The timings of the combined ingest are the
// benchmark suite's: examples/internal/perfsuite, BenchmarkIngest and
// BenchmarkIngestDay.)
func dayCalls(n int) []kpi.Call {
	rng := rand.New(rand.NewPCG(8, 8))
	statuses := []int{200, 200, 200, 201, 200, 204, 200, 200, 404, 200, 500, 200, 0, 302, 200, 200}
	mu := math.Log(float64(120 * time.Millisecond))
	calls := make([]kpi.Call, n)
	for i := range calls {
		ttlb := time.Duration(math.Exp(mu + 0.5*rng.NormFloat64()))
		if rng.IntN(200) == 0 {
			ttlb = time.Duration(rng.Int64N(int64(5 * time.Second)))
		}
		calls[i] = kpi.Call{
			ReceivedAt:    kpitest.Base.Add(time.Duration(i) * 100 * time.Millisecond),
			Endpoint:      "GET /accounts",
			Status:        statuses[i%len(statuses)],
			TTFB:          ttlb / 3,
			HasTTFB:       true,
			TTLB:          ttlb,
			ResponseBytes: int64(rng.IntN(20_000)),
			Records:       int64(rng.IntN(250)),
			Rejected:      i%37 == 0,
		}
	}
	return calls
}

// The combined ingest of an endpoint-day: one kpi.Check per call, the bad
// calls counted by the caller, the good ones handed with their class to
// every accumulator's AddChecked.
func ExampleStats_AddChecked() {
	calls := []kpi.Call{
		mk(0, 200, 100*time.Millisecond),
		mk(100*time.Millisecond, 503, 300*time.Millisecond),
		mk(200*time.Millisecond, 200, -1), // bad input: negative TTLB
		mk(time.Second, 0, 30*time.Second),
	}
	var (
		rejected kpi.Rejections[kpi.Reason]
		ctr      errorrate.Counter
		daily    volumes.Counter
		st       performance.Stats
		h        performance.Histogram
		tp       performance.Throughput
	)
	for i := range calls {
		c := &calls[i]
		if r := kpi.Check(c); r != kpi.OK {
			rejected.Add(r)
			continue
		}
		k := c.Class()
		ctr.AddChecked(c, k)
		daily.AddChecked(c, k)
		st.AddChecked(c, k)
		h.AddChecked(c, k, performance.Responded)
		_ = tp.AddChecked(c, k)
	}
	p50, _ := h.Quantile(0.5)
	fmt.Println("rejected", rejected.Total(), "requests", ctr.Calls(), "total", daily.Figures().Calls)
	fmt.Println("error rate", ctr.RatePercent(errorrate.Options{}), "%")
	fmt.Println("avg TTLB", st.AvgTTLBMs(performance.Responded), "ms; p50", p50)
	fmt.Println("peak", tp.Peak(), "calls in a second")
	// Output:
	// rejected 1 requests 3 total 3
	// error rate 33.333 %
	// avg TTLB 200.000 ms; p50 100ms
	// peak 2 calls in a second
}

// Encoding: a state survives a trip through bytes (to a file, a queue,
// another machine) and merges on the other side as if never encoded. The
// values 1 ms to 100 ms lie in the powers of two [2^19, 2^20) ns (1 ms =
// 1,000,000 ns >= 524,288) to [2^26, 2^27) (100 ms = 10^8 < 134,217,728):
// 8 pages, so the decoded copy retains 32 + 416 + 8·512 = 4,544 bytes
// (header, table, pages).
func ExampleHistogram_MarshalBinary() {
	var monday, tuesday performance.Histogram
	for i := 1; i <= 100; i++ {
		_ = monday.Add(time.Duration(i) * time.Millisecond)
	}
	b, _ := monday.MarshalBinary()
	if err := tuesday.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
	}
	p95, _ := tuesday.Quantile(0.95)
	fmt.Println("equal:", tuesday.Equal(&monday), "count", tuesday.Count(), "p95 within 1/128 of 95ms:", 128*(p95-95*time.Millisecond).Abs() <= 95*time.Millisecond)
	fmt.Println("retained:", tuesday.RetainedBytes())
	fmt.Println(tuesday.UnmarshalBinary(b[:10]))
	// Output:
	// equal: true count 100 p95 within 1/128 of 95ms: true
	// retained: 4544
	// performance.Histogram: truncated encoding
}

// Memory and speed targets: ten calls a second for 4,096 seconds keep one 4-byte entry a
// second. Compact, at day close, clips the table to its entries: 4,096 · 4
// = 16,384 bytes, one 32-byte block, and the 192-byte Throughput: 16,608
// bytes, 16,608 / 4,096 = 4.05 bytes per second with traffic, whatever
// the allocator's size classes.
func ExampleThroughput_Compact() {
	var tp performance.Throughput
	for i := range 40_960 {
		c := mk(time.Duration(i)*100*time.Millisecond, 200, time.Millisecond)
		_ = tp.Add(&c)
	}
	tp.Compact()
	fmt.Println("seconds", tp.SecondsWithTraffic(), "peak", tp.Peak())
	fmt.Println(tp.RetainedBytes(), "bytes")
	fmt.Printf("%.2f bytes per second\n", float64(tp.RetainedBytes())/float64(tp.SecondsWithTraffic()))
	// Output:
	// seconds 4096 peak 10
	// 16608 bytes
	// 4.05 bytes per second
}
