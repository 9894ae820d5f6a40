package book

import (
	"math/rand/v2"
	"runtime"
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

// BenchmarkCloseBoundedRetained closes a bounded book of 1,000,000 calls
// in time order over two days on 40 endpoints, a 503 now and then (one
// call in a hundred, at random: about 7,500 AV-CLOCK outages a million
// calls, as the report's generated benchmark input), and reports what
// the book and the Result hold after Close beyond the book before it
// (retained-B: the live heap after a GC, Result kept), per outage of the
// Result (B/outage), and the book itself before Close (book-B). Close
// can be called again on the same book: each iteration closes it anew.
func BenchmarkCloseBoundedRetained(b *testing.B) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	eps := make([]string, 40)
	for i := range eps {
		eps[i] = "GET /e" + string(rune('A'+i))
	}
	live := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := live()
	bk := New(cfg)
	_ = bk.SetDisorder(5 * time.Minute)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 1_000_000
	for i := range n {
		status := 200
		if rng.IntN(100) == 0 {
			status = 503
		}
		c := kpi.Call{ReceivedAt: t0.Add(time.Duration(i) * 172800 * time.Millisecond / n * 1000), Endpoint: eps[rng.IntN(40)], Status: status, TTLB: 80 * time.Millisecond}
		_ = bk.Add(&c, int64(i))
	}
	before := live()
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		res = nil
		var err error
		if res, err = bk.Close(time.Time{}, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	after := live()
	b.ReportMetric(float64(before-base), "book-B")
	b.ReportMetric(float64(after)-float64(before), "retained-B")
	b.ReportMetric((float64(after)-float64(before))/float64(max(1, res.NumOutages())), "B/outage")
	runtime.KeepAlive(res)
}
