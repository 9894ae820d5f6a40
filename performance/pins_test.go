package performance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/performance"
)

var pinT0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// pinCall is a good 200 call received at pinT0 + at, with the given TTLB
// (TTFB half of it) and bytes.
func pinCall(at, ttlb time.Duration, bytes int64) kpi.Call {
	return kpi.Call{ReceivedAt: pinT0.Add(at), Endpoint: "GET /a", Status: 200, TTLB: ttlb, TTFB: ttlb / 2, HasTTFB: true, ResponseBytes: bytes}
}

// Every Equal of the package answers false when one part of the state
// differs (each case changes one thing), in both directions, and true on
// the same state built in another order.
func TestEqualFalseOnOneDifference(t *testing.T) {
	ranks := func(vs ...uint64) *performance.Ranks {
		var r performance.Ranks
		for _, v := range vs {
			r.Add(v)
		}
		return &r
	}
	hist := func(ds ...time.Duration) *performance.Histogram {
		var h performance.Histogram
		for _, d := range ds {
			require.NoError(t, h.Add(d))
		}
		return &h
	}
	tput := func(ats ...time.Duration) *performance.Throughput {
		var x performance.Throughput
		for _, at := range ats {
			c := pinCall(at, time.Millisecond, 0)
			require.NoError(t, x.Add(&c))
		}
		return &x
	}
	medians := func(calls ...kpi.Call) *performance.Medians {
		var m performance.Medians
		for i := range calls {
			require.NoError(t, m.Add(&calls[i]))
		}
		return &m
	}
	p95 := func(o performance.P95Options, statuses ...int) *performance.P95 {
		p := performance.NewP95(o)
		for i, s := range statuses {
			c := pinCall(time.Duration(i)*time.Second, time.Millisecond, 0)
			c.Status = s
			require.NoError(t, p.Add(&c))
		}
		return &p
	}
	exec := func(ds ...time.Duration) performance.ExecutionFigures {
		var e performance.Execution
		for _, d := range ds {
			require.NoError(t, e.Add(performance.Payment{Accepted: pinT0, Executed: pinT0.Add(d)}))
		}
		return e.Figures()
	}
	pips := func(o performance.PIPSOptions) *performance.PIPS {
		p := performance.NewPIPS(o)
		return &p
	}
	ms := time.Millisecond
	for _, tc := range []struct {
		name      string
		same, dif func() (bool, bool) // a.Equal(b), b.Equal(a)
	}{
		{"Ranks values (same n, same distinct count)", // {1,2} vs {2,1}; {1,2} vs {1,3}
			func() (bool, bool) { a, b := ranks(1, 2), ranks(2, 1); return a.Equal(b), b.Equal(a) },
			func() (bool, bool) { a, b := ranks(1, 2), ranks(1, 3); return a.Equal(b), b.Equal(a) }},
		{"Ranks multiplicities", // {1,1,2} vs {1,2,2}: n 3, 2 distinct, counts differ
			func() (bool, bool) { a, b := ranks(1, 1, 2), ranks(2, 1, 1); return a.Equal(b), b.Equal(a) },
			func() (bool, bool) { a, b := ranks(1, 1, 2), ranks(1, 2, 2); return a.Equal(b), b.Equal(a) }},
		{"Histogram min (same bucket)", // 1000 ns and 1001 ns share a bucket (relative width 1/128)
			func() (bool, bool) { a, b := hist(1000, 5000), hist(5000, 1000); return a.Equal(b), b.Equal(a) },
			func() (bool, bool) { a, b := hist(1000, 5000), hist(1001, 5000); return a.Equal(b), b.Equal(a) }},
		{"Histogram max (same bucket)",
			func() (bool, bool) { a, b := hist(1000, 5000), hist(5000, 1000); return a.Equal(b), b.Equal(a) },
			func() (bool, bool) { a, b := hist(1000, 5000), hist(1000, 5001); return a.Equal(b), b.Equal(a) }},
		{"Throughput seconds (same totals)", // two calls in second 0 vs one in 0 and one in 1
			func() (bool, bool) { a, b := tput(0, time.Second), tput(time.Second, 0); return a.Equal(b), b.Equal(a) },
			func() (bool, bool) { a, b := tput(0, time.Second), tput(0, 500*ms); return a.Equal(b), b.Equal(a) }},
		{"Medians payload only",
			func() (bool, bool) {
				a, b := medians(pinCall(0, ms, 10), pinCall(0, 2*ms, 20)), medians(pinCall(0, 2*ms, 20), pinCall(0, ms, 10))
				return a.Equal(b), b.Equal(a)
			},
			func() (bool, bool) {
				a, b := medians(pinCall(0, ms, 10), pinCall(0, 2*ms, 20)), medians(pinCall(0, ms, 10), pinCall(0, 2*ms, 30))
				return a.Equal(b), b.Equal(a)
			}},
		{"P95 excluded only", // a 429 is left out of the ranks but counted in Excluded
			func() (bool, bool) {
				a, b := p95(performance.P95Options{}, 200, 429), p95(performance.P95Options{}, 200, 429)
				return a.Equal(b), b.Equal(a)
			},
			func() (bool, bool) {
				a, b := p95(performance.P95Options{}, 200, 429), p95(performance.P95Options{}, 200)
				return a.Equal(b), b.Equal(a)
			}},
		{"P95 options only",
			func() (bool, bool) {
				a, b := p95(performance.P95Options{}), p95(performance.P95Options{})
				return a.Equal(b), b.Equal(a)
			},
			func() (bool, bool) {
				a, b := p95(performance.P95Options{}), p95(performance.P95Options{Measure: performance.MeasureTTFB})
				return a.Equal(b), b.Equal(a)
			}},
		{"PIPS options only",
			func() (bool, bool) {
				a, b := pips(performance.PIPSOptions{}), pips(performance.PIPSOptions{})
				return a.Equal(b), b.Equal(a)
			},
			func() (bool, bool) {
				a, b := pips(performance.PIPSOptions{}), pips(performance.PIPSOptions{Success: performance.CBBStrict})
				return a.Equal(b), b.Equal(a)
			}},
		{"ExecutionFigures max only", // {1 s, 3 s} and {2 s, 2 s}: 2 payments, 2 within 3 s, average 2000 ms; max 3000 vs 2000
			func() (bool, bool) {
				a, b := exec(time.Second, 3*time.Second), exec(3*time.Second, time.Second)
				return a.Equal(b), b.Equal(a)
			},
			func() (bool, bool) {
				a, b := exec(time.Second, 3*time.Second), exec(2*time.Second, 2*time.Second)
				return a.Equal(b), b.Equal(a)
			}},
		{"Options page size (0 means 100)",
			func() (bool, bool) {
				a, b := performance.Options{}, performance.Options{PageSize: 100}
				return a.Equal(b), b.Equal(a)
			},
			func() (bool, bool) {
				a, b := performance.Options{}, performance.Options{PageSize: 50}
				return a.Equal(b), b.Equal(a)
			}},
	} {
		ab, ba := tc.same()
		require.True(t, ab && ba, "%s: the same state", tc.name)
		ab, ba = tc.dif()
		require.False(t, ab, "%s: a.Equal(b)", tc.name)
		require.False(t, ba, "%s: b.Equal(a)", tc.name)
	}
}
