package volumes

import (
	"math"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genCraftedCounter draws a Counter state that decodes: built by Add, or
// crafted with counts up to 2^64 − 1 (Calls fitting in a uint64, other
// 2xx at most 2xx, business rejections at most Calls), passed through
// its encoding.
func genCraftedCounter(t *rapid.T, label string) *Counter {
	var d Counter
	if rapid.Bool().Draw(t, label+"ByAdd") {
		d = dailyOver(kpitest.Calls.Draw(t, label+"Calls"))
	} else {
		left := kpitest.Count.Draw(t, label+"Calls")
		var total uint64
		for i := range d.class {
			d.class[i] = kpitest.CountUpTo(t, left, label+"Class")
			left -= d.class[i]
			total += d.class[i]
		}
		d.other2xx = kpitest.CountUpTo(t, d.class[kpi.Class2xx], label+"Other2xx")
		d.businessRj = kpitest.CountUpTo(t, total, label+"BusinessRj")
		d.rejected[kpi.EmptyEndpoint] = kpitest.Count.Draw(t, label+"Rejected")
	}
	b, err := d.MarshalBinary()
	require.NoError(t, err)
	var e Counter
	require.NoError(t, e.UnmarshalBinary(b))
	return &e
}

// requireCounterSound fails t unless d's Figures hold their invariants.
func requireCounterSound(t require.TestingT, d *Counter) {
	c := d.Figures()
	require.Equal(t, c.Status5xx+c.NoResponse, c.FailedTechnical)
	require.GreaterOrEqual(t, c.Calls, c.FailedTechnical)
	require.Equal(t, c.Calls-c.FailedTechnical, c.Successful+c.Redirects+c.FailedBusiness)
	require.GreaterOrEqual(t, c.Calls, c.Successful)
	require.LessOrEqual(t, c.Rejected, c.Calls)
	require.LessOrEqual(t, c.SuccessfulOther2xx, c.Successful)
}

// The principle of kpi.ErrMergeOverflow on Counter.
func TestPropCounterMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedCounter(t, "a"), genCraftedCounter(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Counter { return new(Counter) }, (*Counter).Merge,
			func(d *Counter) { requireCounterSound(t, d) })
	})
}

// Each class fits but Calls does not: a holds 2^64 − 1 2xx calls, b
// one 4xx call. Unchecked, Figures().Calls would wrap to 0 with one
// FailedBusiness call in it; Merge refuses and changes nothing.
func TestCounterMergeRefusesCallsWrap(t *testing.T) {
	var a, b Counter
	a.class[kpi.Class2xx] = math.MaxUint64
	b.class[kpi.Class4xx] = 1
	before := a
	require.ErrorIs(t, a.Merge(&b), kpi.ErrMergeOverflow)
	require.Equal(t, before, a)
}

// FuzzMergeCounter: any two byte strings that decode as Counters obey the
// principle of kpi.ErrMergeOverflow.
func FuzzMergeCounter(f *testing.F) {
	var a, b Counter
	a.class[kpi.Class2xx] = math.MaxUint64
	b.class[kpi.Class4xx] = 1
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	f.Add(ab, bb)
	f.Fuzz(func(t *testing.T, x, y []byte) {
		var a, b Counter
		if a.UnmarshalBinary(x) != nil || b.UnmarshalBinary(y) != nil {
			return
		}
		kpitest.CheckMergeSound(t, &a, &b, func() *Counter { return new(Counter) }, (*Counter).Merge,
			func(d *Counter) { requireCounterSound(t, d) })
	})
}
