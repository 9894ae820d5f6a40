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
			dayA, dayB     volumes.Daily
			stA, stB       = performance.NewStats(opts), performance.NewStats(opts)
			hA, hB         performance.Histogram
			tpA, tpB       performance.Throughput
			pA, pB         = performance.NewPIPS(pips), performance.NewPIPS(pips)
			callerRejected kpi.Rejections
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
		require.Equal(t, callerRejected, stA.Rejected())
	})
}

// AddChecked with a class that names none (a caller that skipped
// kpi.Check) does not panic; volumes.Daily counts it as bad input.
func TestAddCheckedInvalidClass(t *testing.T) {
	c := kpitest.BenchCalls(200)[0]
	var d volumes.Daily
	d.AddChecked(&c, kpi.ClassInvalid)
	rej := d.Rejected()
	require.Equal(t, uint64(1), rej[kpi.BadStatus])
	require.Zero(t, d.Counts().Total)
	var ctr errorrate.Counter
	ctr.AddChecked(&c, kpi.ClassInvalid)
	var st performance.Stats
	st.AddChecked(&c, kpi.ClassInvalid)
	var h performance.Histogram
	h.AddChecked(&c, kpi.ClassInvalid, performance.Responded)
	var tp performance.Throughput
	require.NoError(t, tp.AddChecked(&c, kpi.ClassInvalid))
}

// The combined ingest allocates nothing once the histogram has its pages
// and the per-second table its capacity (warmed by the first pass).
func TestAllocsAddChecked(t *testing.T) {
	calls := dayCalls(4096)
	var (
		ctr   errorrate.Counter
		daily volumes.Daily
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
