package performance

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

func BenchmarkStatsAdd(b *testing.B) {
	c := call(0, 200, 120*time.Millisecond)
	c.Records, c.ResponseBytes, c.TTFB, c.TTFBUnknown = 150, 4096, 20*time.Millisecond, false
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
