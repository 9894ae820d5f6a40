package performance

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// fuzzCalls decodes fuzz bytes into calls: 34 bytes each (received offset,
// status, TTLB, TTFB, bytes, records, flags), any value at all.
func fuzzCalls(data []byte) []kpi.Call {
	var calls []kpi.Call
	statuses := []int{0, 100, 200, 201, 204, 302, 404, 500, 503, 600, -1}
	for len(data) >= 34 {
		u := func(i int) uint64 { return binary.LittleEndian.Uint64(data[i:]) }
		flags := data[33]
		c := kpi.Call{
			ReceivedAt:    t0.Add(time.Duration(int64(u(0)) >> 8)),
			Endpoint:      "GET /accounts",
			Status:        statuses[int(data[8])%len(statuses)],
			TTLB:          time.Duration(int64(u(9)) >> (flags & 63)),
			TTFB:          time.Duration(int64(u(17)) >> (flags & 63)),
			ResponseBytes: int64(u(25)) >> (data[32] & 63),
			Records:       int64(data[32]) - 8,
			HasTTFB:       flags&64 == 0,
		}
		if flags&128 != 0 {
			c.ReceivedAt = time.Time{}
		}
		calls = append(calls, c)
		data = data[34:]
	}
	return calls
}

// FuzzStatsAdd: no panic on any call, nothing dropped silently, the
// invariants between readings hold, and the result equals the reference.
func FuzzStatsAdd(f *testing.F) {
	f.Add([]byte("0123456789012345678901234567890123"), uint8(0))
	f.Add(make([]byte, 68), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, page uint8) {
		calls := fuzzCalls(data)
		opts := Options{PageSize: int(page) - 1, Threshold: time.Duration(page) * time.Millisecond}
		s := NewStats(opts)
		if opts.Validate() != nil { // PageSize -1: every Add is refused, nothing counted
			for i := range calls {
				if err := s.Add(&calls[i]); err != ErrBadOptions {
					t.Fatalf("call %d with invalid options: Add %v", i, err)
				}
			}
			if rej := s.Rejections(); s.Calls() != 0 || rej.Total() != 0 {
				t.Fatal("a Stats with invalid options counted a call")
			}
			return
		}
		for i := range calls {
			err := s.Add(&calls[i])
			if (err == nil) != (kpi.Check(&calls[i]) == kpi.OK) {
				t.Fatalf("call %d: Add %v, Check %v", i, err, kpi.Check(&calls[i]))
			}
		}
		rej := s.Rejections()
		if s.Calls()+rej.Total() != uint64(len(calls)) {
			t.Fatal("a call was dropped silently")
		}
		if s.Volume(Only2xx) > s.Responded() || s.Responded() > s.Calls() {
			t.Fatal("2xx <= responded <= calls does not hold")
		}
		for _, b := range []Basis{Responded, Only2xx} {
			p := s.pop(b)
			if p.ttfbN > p.v || p.ttfb.Cmp(p.ttlb) > 0 || p.within > p.v {
				t.Fatalf("basis %v: invariant broken: %+v", b, p)
			}
			if mx, ok := s.MaxTTLB(b); ok {
				// Avg <= Max.
				if s.AvgTTLBMs(b).Cmp(kpi.RatioOfBig(bigOf(int64(mx)), nsPerMs)) > 0 {
					t.Fatal("average above maximum")
				}
			}
			if p.pages.Cmp(fromU64(p.v)) < 0 {
				t.Fatal("fewer pages than responses")
			}
			ref, _ := Reference(calls, opts, b)
			if !s.Figures(b).Equal(ref) {
				t.Fatalf("stats and reference differ on basis %v", b)
			}
		}
	})
}

// FuzzThroughputAdd: the packed per-second table stays canonical and
// equals the reference on any order of calls.
func FuzzThroughputAdd(f *testing.F) {
	f.Add([]byte("0123456789012345678901234567890123"))
	f.Fuzz(func(t *testing.T, data []byte) {
		calls := fuzzCalls(data)
		for i := range calls {
			// Few distinct seconds, so that collisions and late calls are common.
			calls[i].ReceivedAt = t0.Add(time.Duration(uint64(calls[i].TTLB)%200) * time.Second)
		}
		tp := throughputOf(calls)
		want, _ := ReferenceThroughput(calls)
		if got := throughputFigures(&tp); got != want {
			t.Fatalf("throughput %+v, reference %+v", got, want)
		}
	})
}

// FuzzHistogramAdd: any durations, the quantiles stay within the bound.
func FuzzHistogramAdd(f *testing.F) {
	f.Add([]byte("01234567"), 0.95)
	f.Fuzz(func(t *testing.T, data []byte, q float64) {
		var h Histogram
		var ds []time.Duration
		for ; len(data) >= 8; data = data[8:] {
			d := time.Duration(int64(binary.LittleEndian.Uint64(data)) >> (data[0] & 63))
			if h.Add(d) == nil {
				ds = append(ds, d)
			} else if d >= 0 {
				t.Fatal("a non-negative duration was refused")
			}
		}
		x, okx := ExactQuantile(ds, q)
		e, oke := h.Quantile(q)
		if okx != oke {
			t.Fatalf("ok %v vs %v", okx, oke)
		}
		if okx {
			mx, _ := h.Max()
			checkBound(t, q, x, e, mx)
		}
	})
}
