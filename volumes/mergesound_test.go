package volumes

import (
	"math"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genCraftedDaily draws a Daily state that decodes: built by Add, or
// crafted with counts up to 2^64 − 1 (Total fitting in a uint64, other
// 2xx at most 2xx, business rejections at most Total), passed through
// its encoding.
func genCraftedDaily(t *rapid.T, label string) *Daily {
	var d Daily
	if rapid.Bool().Draw(t, label+"ByAdd") {
		d = dailyOver(kpitest.Calls.Draw(t, label+"Calls"))
	} else {
		left := kpitest.Count.Draw(t, label+"Total")
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
	var e Daily
	require.NoError(t, e.UnmarshalBinary(b))
	return &e
}

// requireDailySound fails t unless d's Counts hold their invariants.
func requireDailySound(t require.TestingT, d *Daily) {
	c := d.Counts()
	require.Equal(t, c.Status5xx+c.NoResponse, c.FailedTechnical)
	require.GreaterOrEqual(t, c.Total, c.FailedTechnical)
	require.Equal(t, c.Total-c.FailedTechnical, c.Successful+c.Redirects+c.FailedBusiness)
	require.GreaterOrEqual(t, c.Total, c.Successful)
	require.LessOrEqual(t, c.Rejected, c.Total)
	require.LessOrEqual(t, c.SuccessfulOther2xx, c.Successful)
}

// The principle of kpi.ErrMergeOverflow on Daily.
func TestPropDailyMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genCraftedDaily(t, "a"), genCraftedDaily(t, "b")
		kpitest.CheckMergeSound(t, a, b, func() *Daily { return new(Daily) }, (*Daily).Merge,
			func(d *Daily) { requireDailySound(t, d) })
	})
}

// Each class fits but the Total does not: a holds 2^64 − 1 2xx calls, b
// one 4xx call. Unchecked, Counts().Total would wrap to 0 with one
// FailedBusiness call in it; Merge refuses and changes nothing.
func TestDailyMergeRefusesTotalWrap(t *testing.T) {
	var a, b Daily
	a.class[kpi.Class2xx] = math.MaxUint64
	b.class[kpi.Class4xx] = 1
	before := a
	require.ErrorIs(t, a.Merge(&b), kpi.ErrMergeOverflow)
	require.Equal(t, before, a)
}

// FuzzMergeDaily: any two byte strings that decode as Dailys obey the
// principle of kpi.ErrMergeOverflow.
func FuzzMergeDaily(f *testing.F) {
	var a, b Daily
	a.class[kpi.Class2xx] = math.MaxUint64
	b.class[kpi.Class4xx] = 1
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	f.Add(ab, bb)
	f.Fuzz(func(t *testing.T, x, y []byte) {
		var a, b Daily
		if a.UnmarshalBinary(x) != nil || b.UnmarshalBinary(y) != nil {
			return
		}
		kpitest.CheckMergeSound(t, &a, &b, func() *Daily { return new(Daily) }, (*Daily).Merge,
			func(d *Daily) { requireDailySound(t, d) })
	})
}
