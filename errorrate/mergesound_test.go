package errorrate

import (
	"math"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genCraftedCounter draws a Counter state that decodes: built by Add, or
// crafted field by field with counts up to 2^64 − 1 (errors at most
// requests), passed through its encoding.
func genCraftedCounter(t *rapid.T, label string) *Counter {
	var c Counter
	if rapid.Bool().Draw(t, label+"ByAdd") {
		c = counterOver(kpitest.Calls.Draw(t, label+"Calls"))
	} else {
		c.requests = kpitest.Count.Draw(t, label+"Requests")
		left := c.requests
		for _, p := range []*uint64{&c.attr5xx, &c.attrNoResp, &c.excl5xx, &c.exclNoResp} {
			*p = kpitest.CountUpTo(t, left, label+"Errors")
			left -= *p
		}
		c.rejected[kpi.BadStatus] = kpitest.Count.Draw(t, label+"Rejected")
	}
	b, err := c.MarshalBinary()
	require.NoError(t, err)
	var d Counter
	require.NoError(t, d.UnmarshalBinary(b))
	return &d
}

// requireCounterSound fails t unless c's readings are in range: errors
// and excluded errors at most Requests, the rate in [0, 100] %.
func requireCounterSound(t require.TestingT, c *Counter) {
	for _, o := range []Options{{}, {CountNoResponse: true}} {
		require.LessOrEqual(t, c.Errors(o), c.Calls()-c.NotAttributableErrors(o))
		if r := c.RatePercent(o); r.OK() {
			require.LessOrEqual(t, r.Cmp(kpi.RatioOf(100, 1)), 0, "rate %s", r)
		}
	}
}

// The principle of kpi.ErrMergeOverflow: any two Counters that decode
// merge into one that decodes back to itself with its rate at most
// 100 %, or Merge refuses and changes nothing.
func TestPropMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedCounter(t, "a"), genCraftedCounter(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Counter { return new(Counter) }, (*Counter).Merge,
			func(c *Counter) { requireCounterSound(t, c) })
	})
}

// The worked case: a holds 2^64 − 5 requests of which 2^64 − 10 are
// attributable 5xx (just under 100 %), b 10 requests of which 5 are. The
// errors sum to 2^64 − 5 (fits) but the requests to 2^64 + 5, which
// wraps to 5: unchecked, the rate would read (2^64 − 5) / 5 × 100 %.
// Merge refuses and changes nothing; a sum of exactly 2^64 − 1 fits.
func TestMergeRefusesWrap(t *testing.T) {
	a := Counter{requests: math.MaxUint64 - 4, attr5xx: math.MaxUint64 - 9}
	b := Counter{requests: 10, attr5xx: 5}
	before := a
	require.ErrorIs(t, a.Merge(&b), kpi.ErrMergeOverflow)
	require.Equal(t, before, a, "unchanged")
	c := Counter{requests: 4} // (2^64 − 5) + 4 = 2^64 − 1
	require.NoError(t, a.Merge(&c))
	require.Equal(t, uint64(math.MaxUint64), a.Calls())
}

// FuzzMergeCounter: any two byte strings that decode as Counters obey
// the principle of kpi.ErrMergeOverflow.
func FuzzMergeCounter(f *testing.F) {
	big := Counter{requests: math.MaxUint64 - 4, attr5xx: math.MaxUint64 - 9}
	small := Counter{requests: 10, attr5xx: 5}
	bb, _ := big.MarshalBinary()
	sb, _ := small.MarshalBinary()
	f.Add(bb, sb)
	f.Add(sb, sb)
	f.Fuzz(func(t *testing.T, x, y []byte) {
		var a, b Counter
		if a.UnmarshalBinary(x) != nil || b.UnmarshalBinary(y) != nil {
			return
		}
		kpitest.CheckMergeSound(t, &a, &b, func() *Counter { return new(Counter) }, (*Counter).Merge,
			func(c *Counter) { requireCounterSound(t, c) })
	})
}
