package performance

import (
	"math"
	"math/bits"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The principle of kpi.ErrMergeOverflow, per accumulator: two states that
// decode (built by Add, or crafted with counts up to 2^64 − 1 and passed
// through their encoding) merge into one that decodes back to itself with
// its readings in range, or Merge refuses and changes nothing.

// decoded passes v through its encoding into a fresh value.
func decoded[T any, P kpitest.Codec[T]](t require.TestingT, v P) P {
	b, err := v.MarshalBinary()
	require.NoError(t, err)
	d := P(new(T))
	require.NoError(t, d.UnmarshalBinary(b))
	return d
}

// uniform is a population of v calls that all took d (one page each,
// no TTFB), within the threshold when d is: a state Add makes for any v.
func uniform(v uint64, d time.Duration, o Options) population {
	if v == 0 {
		return population{}
	}
	hi, lo := bits.Mul64(v, uint64(d))
	p := population{v: v, ttlb: u128.U128{Hi: hi, Lo: lo}, pages: u128.From(v), max: d}
	if o.Threshold > 0 && d <= o.Threshold {
		p.within = v
	}
	return p
}

func genCraftedStats(t *rapid.T, label string) *Stats {
	opts := Options{Threshold: rapid.SampledFrom([]time.Duration{0, time.Second}).Draw(t, label+"Threshold")}.canonical()
	if rapid.Bool().Draw(t, label+"ByAdd") {
		s := statsOf(opts, genCalls(t, label))
		return decoded(t, &s)
	}
	s := NewStats(opts)
	s.calls = kpitest.Count.Draw(t, label+"Calls")
	okV := kpitest.CountUpTo(t, s.calls, label+"OK")
	otherV := kpitest.CountUpTo(t, s.calls-okV, label+"Other")
	d := func(l string) time.Duration {
		return time.Duration(rapid.Int64Range(0, math.MaxInt64).Draw(t, label+l))
	}
	s.ok = uniform(okV, d("OKTTLB"), s.opts)
	s.other = uniform(otherV, d("OtherTTLB"), s.opts)
	s.rejected[kpi.NegativeTTLB] = kpitest.Count.Draw(t, label+"Rejected")
	return decoded(t, &s)
}

// requireStatsSound: every average at most its maximum, the share within
// the threshold at most 100 %, V at most Calls.
func requireStatsSound(t require.TestingT, s *Stats) {
	for _, b := range []Basis{Responded, Only2xx} {
		f := s.Figures(b)
		require.LessOrEqual(t, f.V, f.Calls)
		if mx, ok := s.MaxTTLB(b); ok {
			require.LessOrEqual(t, f.AvgTTLBMs.Cmp(kpi.RatioOf(uint64(mx), 1e6)), 0, "average %s above max %s", f.AvgTTLBMs, mx)
		}
		if w := s.WithinThresholdPercent(b); w.OK() {
			require.LessOrEqual(t, w.Cmp(kpi.RatioOf(100, 1)), 0)
		}
	}
}

func TestPropStatsMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedStats(t, "a"), genCraftedStats(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Stats { return new(Stats) }, (*Stats).Merge,
			func(s *Stats) { requireStatsSound(t, s) })
	})
}

// The worked case of the average above the maximum: 2^64 − 1 calls of
// 100 ms merged with one of 100 ms. V wraps to 0 and Σ TTLB does not:
// unchecked, the "average" would be Σ over a wrapped count.
func TestStatsMergeRefusesWrap(t *testing.T) {
	a := NewStats(Options{})
	a.calls = math.MaxUint64
	a.ok = uniform(math.MaxUint64, 100*time.Millisecond, a.opts)
	b := NewStats(Options{})
	b.calls = 1
	b.ok = uniform(1, 100*time.Millisecond, b.opts)
	before := a
	require.ErrorIs(t, a.Merge(&b), kpi.ErrMergeOverflow)
	require.Equal(t, before, a)
}

func genCraftedHistogram(t *rapid.T, label string) *Histogram {
	if rapid.Bool().Draw(t, label+"ByAdd") {
		h := histogramOf(genDurations(t))
		return decoded(t, &h)
	}
	var h Histogram
	if n := kpitest.Count.Draw(t, label+"N"); n > 0 {
		d := time.Duration(rapid.Int64Range(0, math.MaxInt64).Draw(t, label+"D"))
		i := bucketOf(uint64(d))
		h.table()
		h.newPage(i >> subBits)[i&(subN-1)] = n
		h.n, h.min, h.max = n, d, d
	}
	return decoded(t, &h)
}

func TestPropHistogramMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedHistogram(t, "a"), genCraftedHistogram(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Histogram { return new(Histogram) }, (*Histogram).Merge,
			func(h *Histogram) {
				if h.Count() > 0 {
					require.LessOrEqual(t, h.min, h.max)
				}
			})
	})
}

func genCraftedThroughput(t *rapid.T, label string) *Throughput {
	tp := throughputOf(genCalls(t, label))
	if rapid.Bool().Draw(t, label+"Crafted") {
		tp.outOfRange = kpitest.Count.Draw(t, label+"OutOfRange")
		tp.rejected[kpi.BadStatus] = kpitest.Count.Draw(t, label+"Rejected")
	}
	return decoded(t, &tp)
}

func TestPropThroughputMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedThroughput(t, "a"), genCraftedThroughput(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Throughput { return new(Throughput) }, (*Throughput).Merge,
			func(tp *Throughput) { require.LessOrEqual(t, tp.Responded(), tp.Calls()) })
	})
}

// MergeAll with the same table twice: the sums of all its arguments, not
// of each alone, must fit.
func TestPropThroughputMergeAllSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedThroughput(t, "a"), genCraftedThroughput(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Throughput { return new(Throughput) },
			func(into, from *Throughput) error { return into.MergeAll(from, from) },
			func(tp *Throughput) { require.LessOrEqual(t, tp.Responded(), tp.Calls()) })

		// It refuses where merging them one at a time would (at some
		// merge), and otherwise gives the same state.
		want, got := a.Clone(), a.Clone()
		seqErr := want.Merge(b)
		if seqErr == nil {
			seqErr = want.Merge(b)
		}
		if err := got.MergeAll(b, b); err != nil {
			require.ErrorIs(t, err, kpi.ErrMergeOverflow)
			require.Error(t, seqErr)
			require.True(t, got.Equal(a), "a refused MergeAll leaves the receiver unchanged")
			return
		}
		require.NoError(t, seqErr)
		require.True(t, got.Equal(&want))
		require.Equal(t, want.OutOfRange(), got.OutOfRange())
		require.Equal(t, want.Rejections(), got.Rejections())
		require.Equal(t, want.Responded(), got.Responded())
	})
}

func genCraftedPIPS(t *rapid.T, label string) *PIPS {
	var p PIPS
	calls := genCalls(t, label)
	for i := range calls {
		_ = p.Add(&calls[i])
	}
	if rapid.Bool().Draw(t, label+"Crafted") {
		p.payments += kpitest.CountUpTo(t, math.MaxUint64-p.payments, label+"Payments")
		p.outOfRange = kpitest.Count.Draw(t, label+"OutOfRange")
	}
	return decoded(t, &p)
}

func TestPropPIPSMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedPIPS(t, "a"), genCraftedPIPS(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *PIPS { return new(PIPS) }, (*PIPS).Merge,
			func(p *PIPS) { require.LessOrEqual(t, p.Successful(), p.Payments(), "PIPS successes at most payments") })
	})
}

// PIPS: 2^64 − 5 payments (3 successful) merged with 10 (3 successful):
// unchecked, payments wrap to 5 while the successes are 6.
func TestPIPSMergeRefusesWrap(t *testing.T) {
	var a, b PIPS
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		c := kpi.Call{ReceivedAt: at.Add(time.Duration(i) * time.Second), Endpoint: "POST /payments", Status: 201}
		require.NoError(t, a.Add(&c))
		require.NoError(t, b.Add(&c))
	}
	a.payments = math.MaxUint64 - 4
	b.payments = 10
	a = *decoded(t, &a)
	want, _ := a.MarshalBinary()
	require.ErrorIs(t, a.Merge(&b), kpi.ErrMergeOverflow)
	got, _ := a.MarshalBinary()
	require.Equal(t, want, got)
}

func genCraftedExecution(t *rapid.T, label string) *Execution {
	e := Execution{}
	if n := kpitest.Count.Draw(t, label+"N"); n > 0 {
		d := time.Duration(rapid.Int64Range(0, math.MaxInt64).Draw(t, label+"D"))
		hi, lo := bits.Mul64(n, uint64(d))
		e.n, e.sum, e.max = n, u128.U128{Hi: hi, Lo: lo}, d
		if d <= e.opts.limit() {
			e.within = n
		}
	}
	return decoded(t, &e)
}

func TestPropExecutionMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedExecution(t, "a"), genCraftedExecution(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Execution { return new(Execution) }, (*Execution).Merge,
			func(e *Execution) {
				if mx, ok := e.Max(); ok {
					require.LessOrEqual(t, e.AvgMs().Cmp(kpi.RatioOf(uint64(mx), 1e6)), 0)
					require.LessOrEqual(t, e.WithinPercent().Cmp(kpi.RatioOf(100, 1)), 0)
				}
			})
	})
}
