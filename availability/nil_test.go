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
