package errorrate_test

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// call returns a good call to GET /accounts at t0 + sec seconds.
func call(sec int, status int) kpi.Call {
	return kpi.Call{
		ReceivedAt: t0.Add(time.Duration(sec) * time.Second),
		Endpoint:   "GET /accounts",
		Status:     status,
		TTFB:       20 * time.Millisecond,
		HasTTFB:    true,
		TTLB:       80 * time.Millisecond,
	}
}

func counterOf(t *testing.T, calls ...kpi.Call) *errorrate.Counter {
	t.Helper()
	var c errorrate.Counter
	for i := range calls {
		require.NoError(t, c.Add(&calls[i]))
	}
	return &c
}

var (
	byDefault  = errorrate.Options{}
	withNoResp = errorrate.Options{CountNoResponse: true}
)

// Rule ER-1: 4xx and no-response calls are requests received, so they are
// in the denominator. Calls 200, 404, 429, 0, 500: 5 requests, 1 error (the
// 500): 100 × 1/5 = 20 %.
func TestER1_4xxAndNoResponseInDenominator(t *testing.T) {
	c := counterOf(t, call(0, 200), call(1, 404), call(2, 429), call(3, 0), call(4, 500))
	require.Equal(t, uint64(5), c.Calls())
	require.Equal(t, uint64(1), c.Errors(byDefault))
	require.Equal(t, "20.000", c.RatePercent(byDefault).Format(3))
	require.True(t, kpi.RatioOf(20, 1).Equal(c.RatePercent(byDefault)))
}

// Rule ER-1: a non-attributable 5xx is a request (denominator) but not an
// error (numerator). Calls 200, 500 not attributable, 502: 3 requests, 1
// error: 100 × 1/3 = 100/3 = 33.333...; attribution removed 1 error.
func TestER1_NonAttributable5xxInDenominatorOnly(t *testing.T) {
	na := call(1, 500)
	na.NotAttributable = true
	c := counterOf(t, call(0, 200), na, call(2, 502))
	require.Equal(t, uint64(3), c.Calls())
	require.Equal(t, uint64(1), c.Errors(byDefault))
	require.Equal(t, uint64(1), c.NotAttributableErrors(byDefault))
	require.True(t, kpi.RatioOf(100, 3).Equal(c.RatePercent(byDefault)))
	require.Equal(t, "33.333", c.RatePercent(byDefault).Format(3))
}

// Rule ER-1 OPTION CountNoResponse, on one input with two answers.
// Calls 200, 500, 0, 404: DEFAULT 100 × 1/4 = 25 %; OPTION 100 × 2/4 = 50 %.
func TestER1_OptionCountNoResponse(t *testing.T) {
	c := counterOf(t, call(0, 200), call(1, 500), call(2, 0), call(3, 404))
	require.True(t, kpi.RatioOf(25, 1).Equal(c.RatePercent(byDefault)))
	require.True(t, kpi.RatioOf(50, 1).Equal(c.RatePercent(withNoResp)))

	got, err := errorrate.Reference([]kpi.Call{call(0, 200), call(1, 500), call(2, 0), call(3, 404)}, withNoResp)
	require.NoError(t, err)
	require.True(t, kpi.RatioOf(50, 1).Equal(got))
}

// Rule ER-1 OPTION: the option adds attributable no-response calls only.
// Calls 200, 0 not attributable: 0 errors either way, 0 % (a value).
func TestER1_OptionKeepsAttribution(t *testing.T) {
	na := call(1, 0)
	na.NotAttributable = true
	c := counterOf(t, call(0, 200), na)
	require.True(t, kpi.RatioOf(0, 1).Equal(c.RatePercent(withNoResp)))
	require.Equal(t, uint64(0), c.NotAttributableErrors(byDefault))
	require.Equal(t, uint64(1), c.NotAttributableErrors(withNoResp))
}

// Rule ER-2: pooled rate and mean of daily rates on the same two days.
// Day 1 (03-01): 200, 200, 200, 404 → 0/4 = 0 %. Day 2 (03-02): 500 → 1/1
// = 100 %. Pooled: 100 × (0+1)/(4+1) = 20 %. Mean of daily rates:
// (0 + 100)/2 = 50 %.
func TestER2_PooledVersusMeanOfDailyRates(t *testing.T) {
	day1 := counterOf(t, call(0, 200), call(1, 200), call(2, 200), call(3, 404))
	day2 := counterOf(t, call(86400, 500))
	days := []*errorrate.Counter{day1, day2}

	require.True(t, kpi.RatioOf(20, 1).Equal(errorrate.PooledRatePercent(days, byDefault)))
	require.True(t, kpi.RatioOf(50, 1).Equal(errorrate.MeanOfDailyRatesPercent(days, byDefault)))

	var pooled errorrate.Counter
	pooled.Merge(day1)
	pooled.Merge(day2)
	require.True(t, kpi.RatioOf(20, 1).Equal(pooled.RatePercent(byDefault)))

	// The same through the reference functions, from the calls.
	calls := []kpi.Call{call(0, 200), call(1, 200), call(2, 200), call(3, 404), call(86400, 500)}
	got, err := errorrate.Reference(calls, byDefault)
	require.NoError(t, err)
	require.True(t, kpi.RatioOf(20, 1).Equal(got))
	mean, err := errorrate.ReferenceMeanOfDailyRates(calls, kpi.Calendar{}, byDefault)
	require.NoError(t, err)
	require.True(t, kpi.RatioOf(50, 1).Equal(mean))
	daily, err := errorrate.ReferenceDaily(calls, kpi.Calendar{}, byDefault)
	require.NoError(t, err)
	require.Len(t, daily, 2)
	require.True(t, kpi.RatioOf(0, 1).Equal(daily[kpi.DateOf(2025, 3, 1)]))
	require.True(t, kpi.RatioOf(100, 1).Equal(daily[kpi.DateOf(2025, 3, 2)]))
}

// Rule ER-2: MeanOfDailyRatesPercent skips nil days and days with no
// requests (no data is not 0 %). Days: 1/2 = 50 %, nil, empty, 0/1 = 0 %:
// mean over the two days with data = (50 + 0)/2 = 25 %, not (50+0+0+0)/4.
func TestER2_MeanSkipsDaysWithoutData(t *testing.T) {
	a := counterOf(t, call(0, 200), call(1, 500))
	b := counterOf(t, call(86400*3, 200))
	var empty errorrate.Counter
	bad := call(86400*2, 100) // 1xx: bad input, so the day has no request
	require.Error(t, empty.Add(&bad))
	got := errorrate.MeanOfDailyRatesPercent([]*errorrate.Counter{a, nil, &empty, b}, byDefault)
	require.True(t, kpi.RatioOf(25, 1).Equal(got))
	require.False(t, errorrate.MeanOfDailyRatesPercent([]*errorrate.Counter{nil, &empty}, byDefault).OK())
	require.False(t, errorrate.MeanOfDailyRatesPercent(nil, byDefault).OK())
}

// Rule ER-3: zero requests is no data, not 0 %; one 200 is 0 %.
func TestER3_NoDataIsNotZero(t *testing.T) {
	var c errorrate.Counter
	require.False(t, c.RatePercent(byDefault).OK())
	require.False(t, c.RatePercent(withNoResp).OK())
	require.Equal(t, "", c.RatePercent(byDefault).Format(3))
	require.False(t, errorrate.PooledRatePercent(nil, byDefault).OK())

	got, err := errorrate.Reference(nil, byDefault)
	require.NoError(t, err)
	require.False(t, got.OK())

	one := counterOf(t, call(0, 200))
	require.True(t, one.RatePercent(byDefault).OK())
	require.Equal(t, "0.000", one.RatePercent(byDefault).Format(3))
}

// kpi's BAD INPUT: Add returns the Reason and counts it; the call is in
// neither count. A nil call is rejected as ZeroReceivedAt.
func TestBadInputIsCountedNotDropped(t *testing.T) {
	var c errorrate.Counter
	one := call(0, 500)
	require.NoError(t, c.Add(&one))

	for _, tc := range []struct {
		mutate func(*kpi.Call)
		want   kpi.Reason
	}{
		{func(x *kpi.Call) { x.Status = 101 }, kpi.BadStatus},
		{func(x *kpi.Call) { x.Status = 600 }, kpi.BadStatus},
		{func(x *kpi.Call) { x.ReceivedAt = time.Time{} }, kpi.ZeroReceivedAt},
		{func(x *kpi.Call) { x.Endpoint = "" }, kpi.EmptyEndpoint},
		{func(x *kpi.Call) { x.TTLB = -1 }, kpi.NegativeTTLB},
		{func(x *kpi.Call) { x.TTFB, x.HasTTFB = x.TTLB+1, true }, kpi.TTFBAfterTTLB},
	} {
		x := call(1, 500)
		tc.mutate(&x)
		err := c.Add(&x)
		require.ErrorIs(t, err, tc.want)
		require.Equal(t, tc.want, err)
	}
	require.Equal(t, kpi.ZeroReceivedAt, c.Add(nil))

	require.Equal(t, uint64(1), c.Calls())
	require.Equal(t, uint64(1), c.Errors(byDefault))
	rej := c.Rejections()
	require.Equal(t, uint64(7), rej.Total())
	require.Equal(t, uint64(2), rej[kpi.BadStatus])
	require.Equal(t, uint64(2), rej[kpi.ZeroReceivedAt])
	require.Equal(t, uint64(1), rej[kpi.EmptyEndpoint])

	// The reference names the bad call and computes over the good ones:
	// 200 good, 101 bad → 0/1 = 0 %.
	bad := call(1, 101)
	got, err := errorrate.Reference([]kpi.Call{call(0, 200), bad}, byDefault)
	var ie *kpi.InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Calls, 1)
	require.Equal(t, 1, ie.Calls[0].Index)
	require.True(t, errors.Is(err, kpi.BadStatus))
	require.True(t, kpi.RatioOf(0, 1).Equal(got))
}

// Merge of nil is a no-op; Reset empties, rejections included.
func TestMergeNilAndReset(t *testing.T) {
	c := counterOf(t, call(0, 500))
	bad := call(0, 1)
	require.Error(t, c.Add(&bad))
	c.Merge(nil)
	require.Equal(t, uint64(1), c.Calls())
	c.Reset()
	require.Equal(t, errorrate.Counter{}, *c)
	require.False(t, c.RatePercent(byDefault).OK())
}

// Scale (kpi's EXACT): counts far past a quarter of 10^9 calls a day
// still give the exact rate, because 100 × errors is formed in big.Int.
// a: one 500 merged into itself 63 times = 2^63 requests, 2^63 errors
// (100 %); b: one 200 doubled 62 times = 2^62 requests. a+b: 2^63 errors
// in 3 × 2^62 requests = 100 × 2/3 = 200/3 %. (100 × 2^63 overflows uint64.)
func TestRateDoesNotOverflow(t *testing.T) {
	var a, b errorrate.Counter
	c5, c2 := call(0, 500), call(0, 200)
	require.NoError(t, a.Add(&c5))
	require.NoError(t, b.Add(&c2))
	for range 63 {
		a.Merge(&a)
	}
	for range 62 {
		b.Merge(&b)
	}
	require.Equal(t, uint64(1)<<63, a.Calls())
	require.Equal(t, uint64(1)<<63, a.Errors(byDefault))
	require.True(t, kpi.RatioOf(100, 1).Equal(a.RatePercent(byDefault)))
	a.Merge(&b)
	require.Equal(t, uint64(3)<<62, a.Calls())
	require.True(t, kpi.RatioOf(200, 3).Equal(a.RatePercent(byDefault)))
}

// Add, Merge and Reset do not allocate (STYLE: allocation promises are
// tested), for good and bad calls alike.
func TestNoAllocations(t *testing.T) {
	good := call(0, 500)
	bad := call(0, 101)
	var c, o errorrate.Counter
	require.NoError(t, o.Add(&good))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = c.Add(&good) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = c.Add(&bad) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = c.Add(nil) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { c.Merge(&o) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { c.Reset() }))
}

// AddChecked (the combined ingest, after the caller's kpi.Check) counts a
// call of a class as Add does, and refuses a k that names no class:
// counted in Rejected as kpi.BadStatus, in no count.
func TestCounterAddChecked(t *testing.T) {
	var viaAdd, viaChecked errorrate.Counter
	for _, st := range []int{200, 404, 500, 0} {
		c := call(1, st)
		require.NoError(t, viaAdd.Add(&c))
		viaChecked.AddChecked(&c, c.Class())
	}
	require.Equal(t, viaAdd, viaChecked)

	c := call(1, 500)
	var bad errorrate.Counter
	for _, k := range []kpi.Class{kpi.ClassInvalid, 200, 255} {
		bad.AddChecked(&c, k)
	}
	rej := bad.Rejections()
	require.Equal(t, uint64(3), rej[kpi.BadStatus])
	require.Equal(t, uint64(3), rej.Total())
	require.Zero(t, bad.Calls())
	require.Zero(t, bad.Errors(errorrate.Options{CountNoResponse: true}))
}
