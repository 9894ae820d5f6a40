package performance_test

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The combined ingest: one kpi.Check per call, then AddChecked on every
// accumulator, gives the same states as each accumulator's own Add, once
// the caller's rejections are added back (here: by Add of the bad calls
// into each state, which counts them and nothing else).
func TestPropAddCheckedEqualsAdd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		opts := performance.Options{Threshold: 20 * time.Second, PageSize: 7}
		basis := performance.Basis(rapid.IntRange(0, 1).Draw(t, "basis"))
		pips := performance.PIPSOptions{Success: performance.CBBStrict}

		var (
			ctrA, ctrB     errorrate.Counter
			dayA, dayB     volumes.Counter
			stA, stB       = performance.NewStats(opts), performance.NewStats(opts)
			hA, hB         performance.Histogram
			tpA, tpB       performance.Throughput
			pA, pB         = performance.NewPIPS(pips), performance.NewPIPS(pips)
			callerRejected kpi.Rejections[kpi.Reason]
		)
		for i := range calls {
			c := &calls[i]
			_ = ctrA.Add(c)
			_ = dayA.Add(c)
			_ = stA.Add(c)
			_ = hA.AddCall(c, basis)
			_ = tpA.Add(c)
			_ = pA.Add(c)

			if r := kpi.Check(c); r != kpi.OK {
				callerRejected.Add(r)
				_ = ctrB.Add(c) // counts the rejection only
				_ = dayB.Add(c)
				_ = stB.Add(c)
				_ = hB.AddCall(c, basis)
				_ = tpB.Add(c)
				_ = pB.Add(c)
				continue
			}
			k := c.Class()
			ctrB.AddChecked(c, k)
			dayB.AddChecked(c, k)
			stB.AddChecked(c, k)
			hB.AddChecked(c, k, basis)
			_ = tpB.AddChecked(c, k)
			_ = pB.AddChecked(c, k)
		}
		require.Equal(t, ctrA, ctrB)
		require.Equal(t, dayA, dayB)
		require.Equal(t, stA, stB)
		require.True(t, hA.Equal(&hB))
		require.True(t, tpA.Equal(&tpB))
		require.True(t, pA.Equal(&pB))
		require.Equal(t, callerRejected, stA.Rejections())
	})
}

// AddChecked with a class that names none (a caller that skipped
// kpi.Check), or with a field an accumulator sums gone bad, is refused and
// counted in Rejected by every accumulator, which otherwise stays empty.
func TestAddCheckedInvalidClass(t *testing.T) {
	good := kpitest.BenchCalls(200)[1] // 200, TTFB 10 ms, TTLB 90 ms, not flagged rejected
	for _, k := range []kpi.Class{kpi.ClassInvalid, kpi.ClassInvalid + 1, 200, 255} {
		c := good
		var d volumes.Counter
		d.AddChecked(&c, k)
		var ctr errorrate.Counter
		ctr.AddChecked(&c, k)
		var st performance.Stats
		st.AddChecked(&c, k)
		var h performance.Histogram
		h.AddChecked(&c, k, performance.Responded)
		var tp performance.Throughput
		require.ErrorIs(t, tp.AddChecked(&c, k), kpi.BadStatus)
		var p performance.PIPS
		require.ErrorIs(t, p.AddChecked(&c, k), kpi.BadStatus)

		one := kpi.Rejections[kpi.Reason]{}
		one.Add(kpi.BadStatus) // exactly one rejection, BadStatus, in each
		require.Equal(t, one, d.Rejections(), "daily, k %d", k)
		require.Equal(t, one, ctr.Rejections(), "counter, k %d", k)
		require.Equal(t, one, st.Rejections(), "stats, k %d", k)
		require.Equal(t, one, h.Rejections(), "histogram, k %d", k)
		require.Equal(t, one, tp.Rejections(), "throughput, k %d", k)
		require.Equal(t, one, p.Rejections(), "pips, k %d", k)
		require.Zero(t, d.Figures().Calls)
		require.Zero(t, ctr.Calls())
		require.True(t, st.Empty())
		require.Zero(t, h.Count())
		require.Zero(t, tp.Calls())
		require.Zero(t, p.Payments())
	}

	// The fields Stats and Histogram sum: each bad one is refused with
	// kpi.Check's Reason, the class first, as kpi.Check orders them.
	for _, tc := range []struct {
		name       string
		k          kpi.Class
		edit       func(c *kpi.Call)
		stats, hst kpi.Reason // kpi.OK: counted
	}{
		{"negative TTLB", kpi.Class2xx, func(c *kpi.Call) { c.TTLB, c.TTFB = -1, -1 }, kpi.NegativeTTLB, kpi.NegativeTTLB},
		{"negative TTLB, no response", kpi.ClassNoResponse, func(c *kpi.Call) { c.Status, c.TTLB, c.HasTTFB = 0, -1, false }, kpi.NegativeTTLB, kpi.NegativeTTLB},
		{"negative TTLB, class invalid", kpi.ClassInvalid, func(c *kpi.Call) { c.TTLB = -1 }, kpi.BadStatus, kpi.BadStatus},
		{"negative TTFB", kpi.Class2xx, func(c *kpi.Call) { c.TTFB, c.HasTTFB = -1, true }, kpi.NegativeTTFB, kpi.OK},
		{"negative TTFB, not flagged", kpi.Class2xx, func(c *kpi.Call) { c.TTFB, c.HasTTFB = -1, false }, kpi.UnflaggedTTFB, kpi.OK},
		{"TTFB after TTLB", kpi.Class5xx, func(c *kpi.Call) { c.Status, c.TTFB = 500, c.TTLB+1 }, kpi.TTFBAfterTTLB, kpi.OK},
		{"negative bytes", kpi.Class2xx, func(c *kpi.Call) { c.ResponseBytes = -1 }, kpi.NegativeBytes, kpi.OK},
		{"negative records (reads as 1 page)", kpi.Class2xx, func(c *kpi.Call) { c.Records = -1 }, kpi.OK, kpi.OK},
	} {
		c := good
		tc.edit(&c)
		var st performance.Stats
		st.AddChecked(&c, tc.k)
		var h performance.Histogram
		h.AddChecked(&c, tc.k, performance.Responded)
		for _, x := range []struct {
			what    string
			want    kpi.Reason
			rej     kpi.Rejections[kpi.Reason]
			counted uint64
		}{{"stats", tc.stats, st.Rejections(), st.Calls()}, {"histogram", tc.hst, h.Rejections(), h.Count()}} {
			want := kpi.Rejections[kpi.Reason]{}
			var counted uint64 = 1
			if x.want != kpi.OK {
				want.Add(x.want)
				counted = 0
			} else if x.what == "histogram" && tc.k == kpi.ClassNoResponse {
				counted = 0 // outside the basis
			}
			require.Equal(t, want, x.rej, "%s: %s", tc.name, x.what)
			require.Equal(t, counted, x.counted, "%s: %s", tc.name, x.what)
		}
	}
}

// No AddChecked call corrupts a state, whatever the call and the class
// (the caller may have skipped kpi.Check, or passed any byte as k): every
// state still encodes, decodes (the decoders refuse any state Add and
// Merge cannot make) and merges; and with k = c.Class() each accumulator
// counts a call exactly as its own Add does, when c has a ReceivedAt and
// an Endpoint (the fields AddChecked does not read).
func TestPropAddCheckedNeverCorrupts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		basis := performance.Basis(rapid.IntRange(0, 1).Draw(t, "basis"))
		opts := performance.Options{Threshold: 20 * time.Second, PageSize: 7}
		var (
			ctr      errorrate.Counter
			day      volumes.Counter
			st       = performance.NewStats(opts)
			stAdd    = performance.NewStats(opts)
			h, hAdd  performance.Histogram
			tp       performance.Throughput
			p        performance.PIPS
			anyClass = rapid.Bool().Draw(t, "anyClass")
			classGen = rapid.Uint8()
			// Whether every call so far is one AddChecked judges as Add
			// does: good, or bad in a field the accumulator reads.
			stSame, hSame = !anyClass, !anyClass
		)
		for i := range calls {
			c := &calls[i]
			k := c.Class()
			if anyClass {
				k = kpi.Class(classGen.Draw(t, "k"))
			}
			switch kpi.Check(c) {
			case kpi.OK, kpi.BadStatus, kpi.NegativeTTLB:
			case kpi.NegativeTTFB, kpi.TTFBAfterTTLB, kpi.NegativeBytes:
				hSame = false
			default: // ZeroReceivedAt, EmptyEndpoint, NegativeRecords: not read
				stSame, hSame = false, false
			}
			ctr.AddChecked(c, k)
			day.AddChecked(c, k)
			st.AddChecked(c, k)
			h.AddChecked(c, k, basis)
			_ = tp.AddChecked(c, k)
			_ = p.AddChecked(c, k)
			_ = stAdd.Add(c)
			_ = hAdd.AddCall(c, basis)
		}
		for _, v := range []interface {
			MarshalBinary() ([]byte, error)
		}{&ctr, &day, &st, &h, &tp, &p} {
			b, err := v.MarshalBinary()
			require.NoError(t, err)
			require.NoError(t, v.(interface{ UnmarshalBinary([]byte) error }).UnmarshalBinary(b), "%T", v)
		}
		if mn, ok := h.Min(); ok {
			require.GreaterOrEqual(t, mn, time.Duration(0))
		}
		hh := h.Clone()
		hh.Merge(&h)
		require.Equal(t, 2*h.Count(), hh.Count())
		ss := st
		require.NoError(t, ss.Merge(&st))
		if stSame {
			require.Equal(t, stAdd, st)
		}
		if hSame {
			require.True(t, hAdd.Equal(&h))
		}
	})
}

// The combined ingest allocates nothing once the histogram has its pages
// and the per-second table its capacity (warmed by the first pass).
func TestAllocsAddChecked(t *testing.T) {
	calls := dayCalls(4096)
	var (
		ctr   errorrate.Counter
		daily volumes.Counter
		st    performance.Stats
		h     performance.Histogram
		tp    performance.Throughput
		p     performance.PIPS
	)
	pass := func() {
		tp.Reset()
		p.Reset()
		for i := range calls {
			c := &calls[i]
			k := c.Class()
			ctr.AddChecked(c, k)
			daily.AddChecked(c, k)
			st.AddChecked(c, k)
			h.AddChecked(c, k, performance.Responded)
			_ = tp.AddChecked(c, k)
			_ = p.AddChecked(c, k)
		}
	}
	require.Zero(t, testing.AllocsPerRun(5, pass))
}
