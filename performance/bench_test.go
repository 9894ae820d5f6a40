package performance

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

func BenchmarkStatsAdd(b *testing.B) {
	c := call(0, 200, 120*time.Millisecond)
	c.Records, c.ResponseBytes, c.TTFB, c.HasTTFB = 150, 4096, 20*time.Millisecond, true
	s := NewStats(Options{Threshold: 200 * time.Millisecond})
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Add(&c)
	}
}

func BenchmarkStatsMerge(b *testing.B) {
	o := statsOf(Options{}, []kpi.Call{call(0, 200, time.Millisecond), call(0, 503, time.Second)})
	var s Stats
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Merge(&o)
	}
}

func BenchmarkHistogramAdd(b *testing.B) {
	var h Histogram
	d := 120 * time.Millisecond
	b.ReportAllocs()
	for b.Loop() {
		_ = h.Add(d)
		d += 7919 // walk across buckets
		if d > 2*time.Second {
			d = time.Millisecond
		}
	}
}

func BenchmarkHistogramMerge(b *testing.B) {
	var h, o Histogram
	for d := time.Millisecond; d < 2*time.Second; d += time.Millisecond {
		_ = o.Add(d)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.Merge(&o)
	}
}

// Sorted input: one call every 100 µs, ten per second, as a gateway log.
func BenchmarkThroughputAdd(b *testing.B) {
	var tp Throughput
	c := call(0, 200, time.Millisecond)
	b.ReportAllocs()
	for b.Loop() {
		_ = tp.Add(&c)
		c.ReceivedAt = c.ReceivedAt.Add(100 * time.Microsecond)
	}
}

func BenchmarkThroughputMerge(b *testing.B) {
	var o Throughput
	for i := range 86400 {
		c := call(time.Duration(i)*time.Second, 200, time.Millisecond)
		_ = o.Add(&c)
	}
	var tp Throughput
	tp.Merge(&o)
	b.ReportAllocs()
	for b.Loop() {
		tp.Reset()
		tp.Merge(&o)
	}
}

func BenchmarkPIPSAdd(b *testing.B) {
	p := NewPIPS(PIPSOptions{Success: CBBStrict})
	c := call(0, 201, time.Millisecond)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Add(&c)
		c.ReceivedAt = c.ReceivedAt.Add(time.Millisecond)
	}
}

func BenchmarkExecutionAdd(b *testing.B) {
	var e Execution
	p := payment(0, 1500*time.Millisecond)
	b.ReportAllocs()
	for b.Loop() {
		_ = e.Add(p)
	}
}

// Merging many endpoints' days into the interface's (what a daily report
// does for its ALL row): 1,000 endpoints, each with a call in 2,000
// scattered seconds of one day. Linear merges keep this O(total entries).
func BenchmarkThroughputMergeManyEndpoints(b *testing.B) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	eps := make([]Throughput, 1000)
	for e := range eps {
		for i := range 2000 {
			c := kpi.Call{ReceivedAt: day.Add(time.Duration((i*43+e*7)%86400) * time.Second), Endpoint: "GET /x", Status: 200}
			_ = eps[e].Add(&c)
		}
		eps[e].Compact()
	}
	b.ReportAllocs()
	for b.Loop() {
		var all Throughput
		for e := range eps {
			_ = all.Merge(&eps[e])
		}
	}
}

// An interface's day from its endpoints' (the report's ALL row): 40
// endpoints, each with calls in about a third of the day's seconds,
// packed as a closed day's are, summed one Merge at a time or all at once
// (MergeAll).
func BenchmarkThroughputMergeDay(b *testing.B) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	eps := make([]Throughput, 40)
	ptrs := make([]*Throughput, len(eps))
	for e := range eps {
		for s := range 86400 {
			for range rng.IntN(3) / 2 * (1 + rng.IntN(2)) { // 0 calls in two seconds of three
				c := kpi.Call{ReceivedAt: day.Add(time.Duration(s) * time.Second), Endpoint: "GET /x", Status: 200}
				_ = eps[e].Add(&c)
			}
		}
		eps[e].Pack()
		ptrs[e] = &eps[e]
	}
	b.Run("impl=Merge", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var all Throughput
			for e := range eps {
				_ = all.Merge(&eps[e])
			}
		}
	})
	b.Run("impl=MergeAll", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var all Throughput
			_ = all.MergeAll(ptrs...)
		}
	})
}

// A day read in pieces: the tables of consecutive pieces of a log, each a
// minute of one call a second that shares its first second with the
// previous piece's last, merged in order into the day's. The time per
// piece (ns/piece) must not grow with the pieces of the day: it grew
// linearly before the merge touched only the seconds it shares (and a
// table out of room grew by append, not to the exact joint size).
func BenchmarkThroughputMergeConsecutivePieces(b *testing.B) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	pieces := make([]Throughput, 1440) // a day of minutes
	for k := range pieces {
		for i := range 61 { // seconds 60k to 60k+60: the last is the next piece's first
			c := kpi.Call{ReceivedAt: day.Add(time.Duration(60*k+i) * time.Second), Endpoint: "GET /x", Status: 200}
			_ = pieces[k].Add(&c)
		}
		pieces[k].Compact()
	}
	for _, n := range []int{60, 1440} { // an hour, a day
		b.Run(fmt.Sprintf("pieces=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var tp Throughput
				for k := range pieces[:n] {
					_ = tp.Merge(&pieces[k])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/piece")
		})
	}
}

// 100,000 endpoints with three calls each merged into the interface's day:
// each small table goes in as late runs (the million-endpoint report).
func BenchmarkThroughputMergeTinyEndpoints(b *testing.B) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	eps := make([]Throughput, 100_000)
	for e := range eps {
		for i := range 3 {
			c := kpi.Call{ReceivedAt: day.Add(time.Duration((e*13+i*29_000)%86400) * time.Second), Endpoint: "GET /x", Status: 200}
			_ = eps[e].Add(&c)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		var all Throughput
		for e := range eps {
			_ = all.Merge(&eps[e])
		}
	}
}

// A Ranks merged into a small one (a part's medians absorbed into a
// day's table) and into an empty one (which packs them): the time per
// distinct value (ns/value) must not grow with the values. It grew with
// them into a small table when the values were taken in the order of the
// other table's slots, which is their order in a table: the receiver,
// smaller as it grew, took them all in its first slots first, one run
// that each value probed to its end.
func BenchmarkRanksMerge(b *testing.B) {
	for _, n := range []int{1 << 12, 1 << 16, 1 << 20} {
		rng := rand.New(rand.NewPCG(3, uint64(n)))
		var o Ranks
		for o.Distinct() < n {
			o.Add(rng.Uint64N(1 << 40)) // nanoseconds: about one distinct value a call
		}
		for _, into := range []string{"small", "empty"} {
			b.Run(fmt.Sprintf("into=%s/values=%d", into, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var r Ranks
					if into == "small" {
						r.Add(1) // a table of 16 slots
					}
					_ = r.Merge(&o)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/value")
			})
		}
	}
}
