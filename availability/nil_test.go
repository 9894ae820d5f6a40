package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// The streams that are not accumulators (no Merge) keep the nil policy of
// package kpi's Accumulators too: a nil call or probe is the zero one,
// bad input returned and counted, never a panic; Segment.Merge(nil) is a
// no-op.
func TestNilArguments(t *testing.T) {
	tr := NewTracker(Options{})
	require.ErrorIs(t, tr.Add(nil, 1), kpi.ZeroReceivedAt)
	rej := tr.Rejections()
	require.Equal(t, uint64(1), rej[kpi.ZeroReceivedAt])

	var zero Tracker
	require.ErrorIs(t, zero.Add(nil, 1), kpi.ZeroReceivedAt)

	pt := NewProbeTracker(time.Minute)
	require.ErrorIs(t, pt.Add(nil, 1), ZeroProbeTime)
	ref := pt.Refused()
	require.Equal(t, uint64(1), ref[ZeroProbeTime])

	var s Segment
	require.NoError(t, s.Merge(nil))
	require.Equal(t, Segment{}, s)
}

// MinuteDay.Merge refuses, changing nothing, a merge whose call count (or
// another uint64 count) would pass 2^64 − 1: (2^64 − 1) + 1 does not fit.
func TestMinuteDayMergeOverflow(t *testing.T) {
	for name, set := range map[string]func(m *MinuteDay){
		"calls":     func(m *MinuteDay) { m.calls = ^uint64(0) },
		"not valid": func(m *MinuteDay) { m.notValid = ^uint64(0) },
		"bad slots": func(m *MinuteDay) { m.badSlot = ^uint64(0) },
		"overflow":  func(m *MinuteDay) { m.overflow = ^uint64(0) },
		"rejected":  func(m *MinuteDay) { m.rejected[kpi.BadStatus] = ^uint64(0) },
	} {
		var a, one MinuteDay
		set(&a)
		one.calls, one.notValid, one.badSlot, one.overflow = 1, 1, 1, 1
		one.rejected[kpi.BadStatus] = 1
		before := a
		require.ErrorIs(t, a.Merge(&one), kpi.ErrMergeOverflow, name)
		require.Equal(t, before, a, name+": unchanged")
	}
}
