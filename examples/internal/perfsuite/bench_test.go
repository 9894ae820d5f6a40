package perfsuite

import (
	"sync"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/performance"
)

var (
	dataOnce sync.Once
	data     *Data
)

// suiteData is generated once per test binary (about a second).
func suiteData() *Data {
	dataOnce.Do(func() { data = Generate(DefaultCalls) })
	return data
}

// benchBaseline is the baseline sub-benchmark of every family: the plain
// loop, one Record per iteration, cycling through the data. ns/op is per
// call.
func benchBaseline(b *testing.B) {
	recs := suiteData().Records
	var base Baseline
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		base.Add(&recs[k])
		if k++; k == len(recs) {
			k = 0
		}
	}
	sink = base.EP[0].Count
}

var sink uint64

// BenchmarkIngest is the combined per-call ingest: error rate, performance
// (Stats, Histogram, Throughput) and daily volumes, per endpoint-day.
// Each pass over the data starts from reset state (Reset keeps capacity;
// it runs outside the timer), so every pass sees what a log gives: each
// endpoint's seconds in increasing order. Target: <= 4x baseline, 0 allocations.
func BenchmarkIngest(b *testing.B) {
	b.Run("impl=baseline", benchBaseline)
	b.Run("impl=kpi", func(b *testing.B) {
		d := suiteData()
		in := NewIngest(d)
		for i := range d.Calls { // warm-up: the Throughput tables have grown
			if err := in.Add(&d.Calls[i], d.EP[i]); err != nil {
				b.Fatal(err)
			}
		}
		in.Reset()
		b.ReportAllocs()
		k := 0
		for b.Loop() {
			_ = in.Add(&d.Calls[k], d.EP[k])
			if k++; k == len(d.Calls) {
				// A new week: without the Reset, the calls of the next pass
				// would land in seconds already counted, which no log does.
				b.StopTimer()
				in.Reset()
				k = 0
				b.StartTimer()
			}
		}
	})
}

// BenchmarkTracker is the availability streaming tracker (AV-CLOCK, one
// Tracker per endpoint) in ReceivedAt order. At the end of the data every
// tracker is finished and reset (once per pass, outside the timer); finished
// outages are collected every 4,096 calls. Target: <= 3x baseline, 0
// allocations.
func BenchmarkTracker(b *testing.B) {
	b.Run("impl=baseline", benchBaseline)
	b.Run("impl=kpi", func(b *testing.B) {
		d := suiteData()
		trs := make([]*availability.Tracker, len(d.Endpoints))
		for i := range trs {
			trs[i] = availability.NewTracker(availability.Options{})
		}
		var out []availability.Outage
		asOf := d.AsOf()
		pass := func(i int) {
			if i%4096 == 0 {
				for _, t := range trs {
					out = t.Outages(out[:0])
				}
			}
		}
		for i := range d.Calls { // warm-up: buffers have grown
			_ = trs[d.EP[i]].Add(&d.Calls[i], int64(i))
			pass(i)
		}
		for _, t := range trs {
			out = t.Finish(asOf, out[:0])
			t.Reset()
		}
		b.ReportAllocs()
		k := 0
		for b.Loop() {
			_ = trs[d.EP[k]].Add(&d.Calls[k], int64(k))
			pass(k)
			if k++; k == len(d.Calls) {
				b.StopTimer()
				for _, t := range trs {
					out = t.Finish(asOf, out[:0])
					t.Reset()
				}
				k = 0
				b.StartTimer()
			}
		}
	})
}

// mergePair returns the endpoint-day states of the busiest endpoint on days
// 2 and 3, and their Throughputs.
func mergePair(b testing.TB) (a, o EndpointDay, ta, to performance.Throughput) {
	d := suiteData()
	ep := d.Busiest()
	for _, c := range d.EndpointDay(ep, 2) {
		if err := a.Add(&c); err != nil {
			b.Fatal(err)
		}
		_ = ta.Add(&c)
	}
	for _, c := range d.EndpointDay(ep, 3) {
		if err := o.Add(&c); err != nil {
			b.Fatal(err)
		}
		_ = to.Add(&c)
	}
	return a, o, ta, to
}

// BenchmarkMerge is one Merge of two endpoint-day states (Counter, Stats,
// Histogram, Daily), each a day of the busiest endpoint. The merge
// accumulates (counts grow, the work per Merge does not). Target: <= 1 µs,
// 0 allocations.
func BenchmarkMerge(b *testing.B) {
	b.Run("impl=baseline", benchBaseline)
	b.Run("impl=kpi", func(b *testing.B) {
		a, o, _, _ := mergePair(b)
		b.ReportAllocs()
		for b.Loop() {
			_ = a.Merge(&o)
		}
	})
}

// BenchmarkMergeThroughput is one Merge of the per-second throughput states
// of the same two endpoint-days (outside the 1 µs target).
func BenchmarkMergeThroughput(b *testing.B) {
	b.Run("impl=baseline", benchBaseline)
	b.Run("impl=kpi", func(b *testing.B) {
		_, _, ta, to := mergePair(b)
		ta.Merge(&to) // grow the table and any scratch space, outside the timer
		ta.Merge(&to)
		b.ReportAllocs()
		for b.Loop() {
			ta.Merge(&to)
		}
	})
}

// hourSegments summarises the busiest endpoint's day 3 into 24 hourly
// AV-MERGE-1 segments (and returns the whole day's, for the test).
func hourSegments(tb testing.TB) (segs []availability.Segment, whole availability.Segment) {
	d := suiteData()
	ep := d.Busiest()
	var calls []kpi.Call
	var ids []int64
	for i := range d.Calls {
		if int(d.EP[i]) == ep {
			calls = append(calls, d.Calls[i])
			ids = append(ids, int64(i))
		}
	}
	day := d.First + 3
	start := d.Cal.Start(day)
	for h := range 24 {
		span := kpi.Interval{Start: start.Add(time.Duration(h) * time.Hour), End: start.Add(time.Duration(h+1) * time.Hour)}
		s, err := availability.Summarize(calls, ids, d.Endpoints[ep], span, availability.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		segs = append(segs, s)
	}
	whole, err := availability.Summarize(calls, ids, d.Endpoints[ep], d.Cal.Day(day), availability.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return segs, whole
}

// BenchmarkSegment combines the 24 hourly AV-MERGE-1 segments of one
// endpoint-day, in place (Reset, then 24 Merges). ns/op is per day.
func BenchmarkSegment(b *testing.B) {
	b.Run("impl=baseline", benchBaseline)
	b.Run("impl=kpi", func(b *testing.B) {
		segs, _ := hourSegments(b)
		var acc availability.Segment
		for i := range segs { // grow acc's storage outside the timer
			_ = acc.Merge(&segs[i])
		}
		b.ReportAllocs()
		for b.Loop() {
			acc.Reset()
			for i := range segs {
				if err := acc.Merge(&segs[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(segs)), "ns/merge")
	})
}

// BenchmarkMatch maps a concrete request line to its endpoint template
// (kpi.Registry.Match), one call's request per iteration.
func BenchmarkMatch(b *testing.B) {
	b.Run("impl=baseline", benchBaseline)
	b.Run("impl=kpi", func(b *testing.B) {
		d := suiteData()
		reg := d.Registry()
		reqs := d.Requests()
		b.ReportAllocs()
		k := 0
		var hit uint64
		for b.Loop() {
			if _, ok := reg.Match(reqs[k].Method, reqs[k].Path); ok {
				hit++
			}
			if k++; k == len(reqs) {
				k = 0
			}
		}
		sink = hit
	})
}

// BenchmarkRetained reports retained memory (see Retained): B/endpoint-day
// (the mean) and B/busiest-endpoint-day for the state without throughput
// (target <= 8,192), and B/active-second
// for the Throughput tables (target <= 4). Its ns/op, the cost of building
// one endpoint-day's state, is not a target. It has no baseline: the
// plain loop retains 32 B per endpoint, whatever the traffic.
func BenchmarkRetained(b *testing.B) { b.Run("impl=kpi", benchRetained) }

func benchRetained(b *testing.B) {
	d := suiteData()
	m := Retained(d)
	calls := d.EndpointDay(d.Busiest(), 3)
	b.ReportAllocs()
	for b.Loop() {
		var s EndpointDay
		for i := range calls {
			_ = s.Add(&calls[i])
		}
		sink = s.Errors.Requests()
	}
	b.ReportMetric(m.StateBytes, "B/endpoint-day")
	b.ReportMetric(m.BusiestStateBytes, "B/busiest-endpoint-day")
	b.ReportMetric(m.ThroughputBytesPerSecond(), "B/active-second")
}
