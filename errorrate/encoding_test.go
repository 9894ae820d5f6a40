package errorrate

import (
	"testing"

	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// decodeCounter decodes b into a fresh Counter.
func decodeCounter(b []byte) (Counter, error) {
	var c Counter
	err := c.UnmarshalBinary(b)
	return c, err
}

// checkCounterCodec runs kpitest.CheckCodec (the encoding laws) on c,
// with the decoded value equal to c in value and in every reading.
func checkCounterCodec(t require.TestingT, c *Counter) {
	kpitest.CheckCodec(t, c, func(a, b *Counter) {
		require.Equal(t, *a, *b)
		for _, o := range []Options{{}, {CountNoResponse: true}} {
			require.True(t, a.RatePercent(o).Equal(b.RatePercent(o)))
			require.Equal(t, a.Errors(o), b.Errors(o))
			require.Equal(t, a.NotAttributableErrors(o), b.NotAttributableErrors(o))
		}
		require.Equal(t, a.Calls(), b.Calls())
		require.Equal(t, a.Rejections(), b.Rejections())
	})
}

// Encoding: any Counter built by Add over any split and merge order.
func TestPropCounterEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		c := kpitest.SplitMerge(t, calls, (*Counter).Add, (*Counter).Merge)
		checkCounterCodec(t, &c)
	})
}

// A worked encoding: 3 requests, 1 attributable 5xx, nothing else, no
// rejection: 'K', kind 1, version 1, then 3, 1, 0, 0, 0, then 11 reasons
// (kpi.NumReasons) of count 0.
func TestCounterEncodingBytes(t *testing.T) {
	c := Counter{requests: 3, attr5xx: 1}
	b, err := c.MarshalBinary()
	require.NoError(t, err)
	want := []byte{'K', byte(wire.KindErrorCounter), 1, 3, 1, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	require.Equal(t, want, b)
	checkCounterCodec(t, &c)
	var zero Counter
	checkCounterCodec(t, &zero)
}

// A state no Add and Merge make (more errors than requests) is refused.
func TestCounterDecodeInvalid(t *testing.T) {
	bad := []byte{'K', byte(wire.KindErrorCounter), 1, 3, 2, 2, 0, 0, 0}
	var c Counter
	require.ErrorIs(t, c.UnmarshalBinary(bad), wire.ErrInvalid)
	require.Equal(t, Counter{}, c)
	huge := wire.AppendHeader(nil, wire.KindErrorCounter, 1)
	for _, x := range []uint64{1, 1 << 63, 1 << 63, 1, 0} { // the errors sum past 2^64
		huge = wire.AppendUvarint(huge, x)
	}
	huge = wire.AppendUvarint(huge, 0)
	require.ErrorIs(t, c.UnmarshalBinary(huge), wire.ErrInvalid)
}

func FuzzUnmarshalCounter(f *testing.F) {
	for _, calls := range [][]int{{200, 500, 0}, {404}, {}} {
		var c Counter
		for i, st := range calls {
			call := kpitest.BenchCalls(st)[i]
			call.NotAttributable = i%2 == 1
			_ = c.Add(&call)
		}
		b, _ := c.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeCounter(b)
		if err != nil {
			return
		}
		again, err := c.MarshalBinary()
		require.NoError(t, err)
		d, err := decodeCounter(again)
		require.NoError(t, err)
		require.Equal(t, c, d)
		require.LessOrEqual(t, c.Errors(Options{CountNoResponse: true}), c.Calls())
	})
}
