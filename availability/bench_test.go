package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// benchCalls is a day-like stream: mostly successes, bursts of failures,
// TTLB up to 1.4 s, several calls per second.
func benchCalls(n int) []kpi.Call {
	calls := make([]kpi.Call, n)
	for i := range calls {
		status := 200
		if i%1000 < 12 {
			status = []int{503, 0, 500}[i%3]
		} else if i%17 == 0 {
			status = 404
		}
		calls[i] = kpi.Call{ReceivedAt: at(time.Duration(i) * 150 * time.Millisecond), Endpoint: "GET /accounts",
			Status: status, TTLB: time.Duration(i%15) * 100 * time.Millisecond}
	}
	return calls
}

func benchmarkTrackerAdd(b *testing.B, o Options) {
	calls := benchCalls(1 << 16)
	tr := NewTracker(o)
	var out []Outage
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(calls)
		if k == 0 && i > 0 {
			out = tr.Finish(at(24*time.Hour), out[:0])
			tr.Reset()
		}
		_ = tr.Add(&calls[k], int64(k))
		if k%1024 == 0 {
			out = tr.Outages(out[:0])
		}
	}
}

// BenchmarkTrackerAddClock is the AV-CLOCK streaming cost per call.
func BenchmarkTrackerAddClock(b *testing.B) { benchmarkTrackerAdd(b, Options{}) }

// BenchmarkTrackerAddConsecutive is the AV-CONSEC streaming cost per call.
func BenchmarkTrackerAddConsecutive(b *testing.B) {
	benchmarkTrackerAdd(b, Options{Rule: Consecutive})
}

// BenchmarkSegmentMerge combines 24 hourly segments of a day, in place.
func BenchmarkSegmentMerge(b *testing.B) {
	calls := benchCalls(24 * 3600 * 1000 / 150)
	for _, o := range []Options{{}, {Rule: Consecutive}} {
		var segs []Segment
		for h := 0; h < 24; h++ {
			s, err := Summarize(calls, nil, "GET /accounts", kpi.Interval{Start: at(time.Duration(h) * time.Hour), End: at(time.Duration(h+1) * time.Hour)}, o)
			if err != nil {
				b.Fatal(err)
			}
			segs = append(segs, s)
		}
		b.Run(o.Rule.String(), func(b *testing.B) {
			var acc Segment
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				acc.Reset()
				for j := range segs {
					_ = acc.Merge(&segs[j])
				}
			}
		})
	}
}

// BenchmarkDays is the day accounting of a month with an outage a day.
func BenchmarkDays(b *testing.B) {
	var outs []Outage
	for d := 0; d < 31; d++ {
		s := at(time.Duration(d)*24*time.Hour + time.Hour)
		outs = append(outs, outage("A", s, s.Add(10*time.Minute), int64(d)))
	}
	first := kpi.DateOf(2025, 3, 29)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Days(kpi.Calendar{}, first, first+30, "A", outs, nil, nil)
	}
}

// Encoding: encoding a segment and a tracker into a reused buffer.
func BenchmarkSegmentAppendBinary(b *testing.B) {
	s := segmentBase(b)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = s.AppendBinary(buf[:0])
	}
}

func BenchmarkSegmentUnmarshalBinary(b *testing.B) {
	s := segmentBase(b)
	enc, _ := s.MarshalBinary()
	b.ReportAllocs()
	for b.Loop() {
		var d Segment
		if err := d.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrackerAppendBinary(b *testing.B) {
	_, tr := trackerBases(b)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = tr.AppendBinary(buf[:0])
	}
}
