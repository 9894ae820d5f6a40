package volumes

import (
	"fmt"
	"testing"

	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func decodeCounter(b []byte) (Counter, error) {
	var d Counter
	err := d.UnmarshalBinary(b)
	return d, err
}

// checkCounterCodec runs kpitest.CheckCodec (the encoding laws) on d, with
// the decoded value equal to d in value, Figures and Rejected.
func checkCounterCodec(t require.TestingT, d *Counter) {
	kpitest.CheckCodec(t, d, func(a, b *Counter) {
		require.Equal(t, *a, *b)
		require.Equal(t, a.Figures(), b.Figures())
		require.Equal(t, a.Rejections(), b.Rejections())
	})
}

// Encoding: any Counter built by Add over any split and merge order.
func TestPropCounterEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		d := kpitest.SplitMerge(t, calls, (*Counter).Add, (*Counter).Merge)
		checkCounterCodec(t, &d)
	})
}

// A worked encoding: one 200 and one 202 flagged rejected. Header 'K',
// kind 2, version 1; 5 classes: no response 0, 2xx 2, 3xx 0, 4xx 0, 5xx
// 0; other 2xx 1 (the 202); business rejections 1; 11 reasons (kpi.NumReasons) of 0.
func TestCounterEncodingBytes(t *testing.T) {
	calls := kpitest.BenchCalls(200, 202)[:2]
	calls[0].Rejected, calls[1].Rejected = false, true
	var d Counter
	for i := range calls {
		require.NoError(t, d.Add(&calls[i]))
	}
	b, err := d.MarshalBinary()
	require.NoError(t, err)
	want := []byte{'K', byte(wire.KindVolumesDaily), 1, 5, 0, 2, 0, 0, 0, 1, 1, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	require.Equal(t, want, b)
	checkCounterCodec(t, &d)
	var zero Counter
	checkCounterCodec(t, &zero)
}

// States no Add and Merge make are refused: more other-2xx than 2xx, more
// business rejections than calls, a class count other than five.
func TestCounterDecodeInvalid(t *testing.T) {
	for name, fields := range map[string][]uint64{
		"other2xx > 2xx":   {5, 0, 1, 0, 0, 0, 2, 0, 0},
		"rejected > total": {5, 0, 1, 0, 0, 0, 0, 2, 0},
		"four classes":     {4, 0, 1, 0, 0, 0, 0, 0, 0},
		"total past 2^64":  {5, 1 << 63, 1 << 63, 0, 0, 0, 0, 0, 0},
	} {
		b := wire.AppendHeader(nil, wire.KindVolumesDaily, 1)
		for _, x := range fields {
			b = wire.AppendUvarint(b, x)
		}
		var d Counter
		require.ErrorIs(t, d.UnmarshalBinary(b), wire.ErrInvalid, name)
		require.Equal(t, Counter{}, d, name)
	}
}

func FuzzUnmarshalCounter(f *testing.F) {
	var d Counter
	calls := kpitest.BenchCalls(200, 202, 302, 404, 500, 0)
	for i := range calls[:12] {
		_ = d.Add(&calls[i])
	}
	b, _ := d.MarshalBinary()
	f.Add(b)
	var zero Counter
	b, _ = zero.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeCounter(b)
		if err != nil {
			return
		}
		again, err := d.MarshalBinary()
		require.NoError(t, err)
		e, err := decodeCounter(again)
		require.NoError(t, err)
		require.Equal(t, d, e)
		requireInvariants(t, d.Figures())
	})
}

// Encoding: a Counter kept as bytes between runs reads back the same
// VO-DAY-1 figures.
func ExampleCounter_MarshalBinary() {
	var d Counter
	for _, st := range []int{200, 202, 404, 500, 0} {
		c := kpitest.BenchCalls(st)[1] // one call, not flagged rejected
		_ = d.Add(&c)
	}
	b, _ := d.MarshalBinary()
	var back Counter
	if err := back.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
	}
	n := back.Figures()
	fmt.Println("total", n.Calls, "successful", n.Successful, "technical", n.FailedTechnical, "other 2xx", n.SuccessfulOther2xx)
	// Output:
	// total 5 successful 2 technical 2 other 2xx 1
}
