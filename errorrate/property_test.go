package errorrate

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var genOptions = rapid.Custom(func(t *rapid.T) Options {
	return Options{CountNoResponse: rapid.Bool().Draw(t, "countNoResponse")}
})

func counterOver(calls []kpi.Call) Counter {
	var c Counter
	for i := range calls {
		_ = c.Add(&calls[i])
	}
	return c
}

// Rules ER-1..3 and kpi's BAD INPUT: the Counter equals Reference on any input,
// and Add's verdict on each call is kpi.Check's.
func TestPropCounterEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		opts := genOptions.Draw(t, "opts")
		var c Counter
		var bad uint64
		for i := range calls {
			err := c.Add(&calls[i])
			if r := kpi.Check(&calls[i]); r != kpi.OK {
				bad++
				require.Equal(t, r, err)
			} else {
				require.NoError(t, err)
			}
		}
		want, err := Reference(calls, opts)
		require.True(t, want.Equal(c.RatePercent(opts)), "reference %s, counter %s", want, c.RatePercent(opts))
		rej := c.Rejections()
		require.Equal(t, bad, rej.Total())
		require.Equal(t, uint64(len(calls))-bad, c.Calls())
		if bad == 0 {
			require.NoError(t, err)
		} else {
			var ie *kpi.InputError
			require.ErrorAs(t, err, &ie)
			require.Len(t, ie.Calls, int(bad))
		}
		// The invariants of the reading.
		require.LessOrEqual(t, c.Errors(Options{}), c.Errors(Options{CountNoResponse: true}))
		require.LessOrEqual(t, c.Errors(opts)+c.NotAttributableErrors(opts), c.Calls())
		if r := c.RatePercent(opts); r.OK() {
			require.GreaterOrEqual(t, r.Cmp(kpi.RatioOf(0, 1)), 0)
			require.LessOrEqual(t, r.Cmp(kpi.RatioOf(100, 1)), 0)
		} else {
			require.Zero(t, c.Calls(), "ER-3: no data only when there is no request")
		}
	})
}

// Rule ER-2: any split of the input into parts, merged in any order and
// any tree shape, gives the Counter of the whole input, and so the
// reference's pooled rate.
func TestPropAnySplitAnyMergeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		merged := kpitest.SplitMerge(t, calls, (*Counter).Add, (*Counter).Merge)
		whole := counterOver(calls)
		require.Equal(t, whole, merged)
		opts := genOptions.Draw(t, "opts")
		want, _ := Reference(calls, opts)
		require.True(t, want.Equal(merged.RatePercent(opts)))
	})
}

// Merge is associative and commutative, the zero Counter is its identity,
// Merge leaves its argument unchanged, and Reset gives the zero Counter.
func TestPropMergeLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := counterOver(kpitest.Calls.Draw(t, "a"))
		b := counterOver(kpitest.Calls.Draw(t, "b"))
		c := counterOver(kpitest.Calls.Draw(t, "c"))

		kpitest.CheckMergeLaws(t, a, b, c, (*Counter).Merge, (*Counter).Reset)
	})
}

// Rule ER-2 (mean of daily rates): Counters routed by local day and read
// with MeanOfDailyRatesPercent equal ReferenceMeanOfDailyRates, in UTC and
// in a zone four hours ahead (which moves calls across midnight).
func TestPropMeanOfDailyRatesEqualsReference(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("UTC+4", 4*3600), time.FixedZone("UTC-11", -11*3600)}
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		opts := genOptions.Draw(t, "opts")
		cal := kpi.NewCalendar(rapid.SampledFrom(zones).Draw(t, "zone"))
		byDay := map[kpi.Date]*Counter{}
		cur := cal.Cursor()
		for i := range calls {
			if kpi.Check(&calls[i]) != kpi.OK {
				continue
			}
			d := cur.DateOf(calls[i].ReceivedAt)
			if byDay[d] == nil {
				byDay[d] = new(Counter)
			}
			require.NoError(t, byDay[d].Add(&calls[i]))
		}
		days := []*Counter{nil, {}} // a missing and an empty day change nothing
		for _, c := range byDay {
			days = append(days, c)
		}
		want, _ := ReferenceMeanOfDailyRates(calls, cal, opts)
		got := MeanOfDailyRatesPercent(days, opts)
		require.True(t, want.Equal(got), "reference %s, counters %s", want, got)

		daily, _ := ReferenceDaily(calls, cal, opts)
		require.Len(t, daily, len(byDay))
		for d, c := range byDay {
			require.True(t, daily[d].Equal(c.RatePercent(opts)), "day %s", d)
		}
		pooled, _ := Reference(calls, opts)
		require.True(t, pooled.Equal(PooledRatePercent(days, opts)))
	})
}
