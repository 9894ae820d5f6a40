package book

import (
	"testing"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// An endpoint-day of one call holds it without the Histogram's table and
// pages (its one TTLB is the histogram's min and max) and, off the payment
// endpoints, without a PIPS; those parts are made as a second call, a
// merge or a payment needs them, and the state is the one a dense
// endpoint-day reaches: the same encoding, whatever the mix of one-call
// (sparse) and fuller endpoint-days merged, in any order.
func TestPropSparseEndpointDayEqualsDense(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCallsUpTo(t, time.UTC, 30)
		payment := rapid.Bool().Draw(t, "payment")
		opts := performance.Options{Threshold: 500 * time.Millisecond}
		dense := NewEndpointDay(opts, payment)
		merged := NewEndpointDay(opts, payment)
		var good []kpi.Call
		for i := range calls {
			if dense.Add(&calls[i]) == nil {
				good = append(good, calls[i])
			} else {
				require.Error(t, merged.Add(&calls[i])) // counted in both
			}
		}
		// Each call alone (sparse), merged in a drawn order into a fresh
		// endpoint-day, or into a part fed some calls directly.
		order := rapid.Permutation(indices(len(good))).Draw(t, "order")
		cut := rapid.IntRange(0, len(good)).Draw(t, "cut")
		for k, i := range order {
			if k < cut {
				require.NoError(t, merged.Add(&good[i]))
				continue
			}
			one := NewEndpointDay(opts, payment)
			require.NoError(t, one.Add(&good[i]))
			require.Equal(t, 32, one.Hist.RetainedBytes(), "one call: the histogram's header alone")
			require.Equal(t, payment, one.PIPS != nil, "a PIPS on a payment endpoint only")
			require.NoError(t, merged.Merge(&one))
		}
		want, err := dense.MarshalBinary()
		require.NoError(t, err)
		got, err := merged.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, want, got)
		// A one-call endpoint-day receiving the rest, fed densely.
		if len(good) > 0 {
			rev := NewEndpointDay(opts, payment)
			rest := NewEndpointDay(opts, payment)
			for i := range calls {
				if kpi.Check(&calls[i]) != kpi.OK {
					_ = rev.Add(&calls[i])
				}
			}
			require.NoError(t, rev.Add(&good[order[0]]))
			for _, i := range order[1:] {
				require.NoError(t, rest.Add(&good[i]))
			}
			require.NoError(t, rev.Merge(&rest))
			got, err := rev.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, want, got, "a one-call receiver")
		}
		require.True(t, dense.Hist.Equal(&merged.Hist))
		// The decoded state is the same, sparse where the original was.
		var back EndpointDay
		require.NoError(t, back.UnmarshalBinary(want))
		again, err := back.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, want, again)
		require.Equal(t, payment, back.PIPS != nil)
	})
}

// A non-payment endpoint-day never makes a PIPS; its rows read no Max
// PIPS. A zero EndpointDay set to Payment by hand makes its PIPS at its
// first call, and one merged from a payment endpoint-day makes it too.
func TestEndpointDayPIPSOnDemand(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	c := call("POST /payments", at, 201, 100*time.Millisecond)
	e := NewEndpointDay(performance.Options{}, false)
	require.NoError(t, e.Add(&c))
	require.Nil(t, e.PIPS)
	rw := NewRow(0, "POST /payments", false, &e, &availability.Day{Length: 24 * time.Hour}, availability.Options{})
	require.False(t, rw.HasMaxPIPS)

	var z EndpointDay
	z.Payment = true
	require.NoError(t, z.Add(&c))
	require.NotNil(t, z.PIPS)
	require.Equal(t, uint64(1), z.PIPS.Payments())

	var m EndpointDay
	require.NoError(t, m.Merge(&e))
	require.Nil(t, m.PIPS)
	require.NoError(t, m.Merge(&z))
	require.True(t, m.Payment)
	require.Equal(t, uint64(1), m.PIPS.Payments())
	max, ok := m.PIPS.Max()
	require.True(t, ok)
	require.Equal(t, uint64(1), max)
}

// An EndpointDay's size, by hand: Errors 168, Volumes 184, Perf 328, the
// Histogram's header 32 (was 440 with its page table), TPS 192, the PIPS
// pointer 8 (was a 200-byte value), Payment 1 padded to 8, Rejections
// 128, the five extras' pointers 40, Route 8: 1,096 bytes (was 1,696).
func TestEndpointDaySize(t *testing.T) {
	require.Equal(t, uintptr(1096), unsafe.Sizeof(EndpointDay{}))
}
