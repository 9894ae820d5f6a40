package errorrate_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
)

// Rule ER-1 at the class edges: of 299, 300, 399, 400, 404, 499, 500 and
// 599 only 500 and 599 are errors, and all eight are requests: 2/8 = 25 %
// (three 4xx against two 5xx, so that counting the wrong class shows).
// The Counter and the Reference agree.
func TestER1ClassEdges(t *testing.T) {
	var calls []kpi.Call
	for i, s := range []int{299, 300, 399, 400, 404, 499, 500, 599} {
		calls = append(calls, kpi.Call{ReceivedAt: time.Unix(int64(i), 0), Endpoint: "GET /a", Status: s})
	}
	var c errorrate.Counter
	for i := range calls {
		require.NoError(t, c.Add(&calls[i]))
	}
	var opts errorrate.Options
	require.Equal(t, uint64(8), c.Calls())
	require.Equal(t, uint64(2), c.Errors(opts))
	require.True(t, kpi.RatioOfInt(25).Equal(c.RatePercent(opts)), c.RatePercent(opts).String())
	ref, err := errorrate.Reference(calls, opts)
	require.NoError(t, err)
	require.True(t, kpi.RatioOfInt(25).Equal(ref), ref.String())
}

// Rule ER-2: the reference mean of daily rates returns the bad calls'
// error beside the mean over the good ones, and beside NoData when no
// call is good. Day 1 (UTC): {500, 200} = 50 %; day 2: {200, 200} = 0 %;
// mean (50 + 0) / 2 = 25 %. The bad call (status 600) is named.
func TestER2ReferenceMeanKeepsInputError(t *testing.T) {
	day := func(d, s int) kpi.Call {
		return kpi.Call{ReceivedAt: time.Date(2025, 3, d, 12, 0, 0, 0, time.UTC), Endpoint: "GET /a", Status: s}
	}
	calls := []kpi.Call{day(1, 500), day(1, 200), day(2, 200), day(2, 200), day(2, 600)}
	mean, err := errorrate.ReferenceMeanOfDailyRates(calls, kpi.Calendar{}, errorrate.Options{})
	var ie *kpi.InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Calls, 1)
	require.Equal(t, 4, ie.Calls[0].Index)
	require.True(t, kpi.RatioOfInt(25).Equal(mean), mean.String())

	mean, err = errorrate.ReferenceMeanOfDailyRates([]kpi.Call{day(1, 600)}, kpi.Calendar{}, errorrate.Options{})
	require.ErrorAs(t, err, &ie)
	require.False(t, mean.OK())
}
