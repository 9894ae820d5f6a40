package availability

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// decodeAllocFactor bounds what UnmarshalBinary may allocate per input
// byte: the largest item a decoder materialises over its smallest
// encoding (a middle interval of about 240 bytes from at least 16 bytes:
// 15) plus slack. Before the decoders checked counts against their
// smallest items, a Segment allocated 240 bytes per input byte.
const decodeAllocFactor = 16

// A crafted Segment whose middle intervals are each a 1-byte "no
// interval" flag (the shape valid refuses) is refused before its
// intervals are allocated; so is a leading run longer than N − 1 calls.
// Scaled down: 1 MiB of input (the report's case was 16.8 MB, 4 GB
// allocated); the bound is per byte, so the size does not matter.
func TestSegmentDecodeAllocatesBoundedByInput(t *testing.T) {
	const m = 1 << 20
	hostile := segmentBase(t)
	hostile.s.mid = make([]rawOut, m) // each encodes as one byte: !ok
	enc, err := hostile.MarshalBinary()
	require.NoError(t, err)

	var d Segment
	var decodeErr error
	got := kpitest.AllocatedBy(func() { decodeErr = d.UnmarshalBinary(enc) })
	require.Error(t, decodeErr)
	require.LessOrEqual(t, got, uint64(decodeAllocFactor*len(enc)), "allocated %d bytes for %d input bytes", got, len(enc))

	// Middle intervals that are each a full, minimal-looking interval
	// (open and closed at one instant): as many as the input can hold,
	// allocated, then refused by valid (they are not in order of a walk
	// that could make them); the allocation is still a constant factor.
	full := segmentBase(t)
	one := full.s.mid[0]
	full.s.mid = make([]rawOut, m/32)
	for i := range full.s.mid {
		full.s.mid[i] = one
	}
	enc, err = full.MarshalBinary()
	require.NoError(t, err)
	got = kpitest.AllocatedBy(func() { _ = d.UnmarshalBinary(enc) })
	require.LessOrEqual(t, got, uint64(decodeAllocFactor*len(enc)), "allocated %d bytes for %d input bytes", got, len(enc))

	long := segmentBase(t) // N = 3: at most 2 leading calls
	long.s.lead = make([]Evidence, m/8)
	enc, err = long.MarshalBinary()
	require.NoError(t, err)
	got = kpitest.AllocatedBy(func() { decodeErr = d.UnmarshalBinary(enc) })
	require.Error(t, decodeErr)
	require.LessOrEqual(t, got, uint64(decodeAllocFactor*len(enc)), "allocated %d bytes for %d input bytes", got, len(enc))
}

// The Tracker's and the ProbeTracker's decoders allocate at most
// decodeAllocFactor bytes per input byte on 1 MiB inputs crafted from a
// valid encoding of each rule's tracker with every buffer in use, and of
// a probe tracker with an outage: each count of the format, wherever it
// is, claims as many of the smallest items as the input holds (held clock
// events, waiting calls, a run, outages).
func TestTrackerDecodeAllocatesBoundedByInput(t *testing.T) {
	clock, consec := trackerBases(t)
	for name, tr := range map[string]*Tracker{"clock": clock, "consecutive": consec} {
		enc, err := tr.MarshalBinary()
		require.NoError(t, err)
		worst := kpitest.CheckDecodeAlloc(t, enc, func(b []byte) error { var d Tracker; return d.UnmarshalBinary(b) }, decodeAllocFactor)
		t.Logf("Tracker (%s, %d bytes): at most %.2f bytes allocated per input byte", name, len(enc), worst)
	}
	pt := NewProbeTracker(0)
	for i, p := range []Probe{{At: at(0), Endpoint: "A"}, {At: at(sec(10)), Endpoint: "A", OK: true},
		{At: at(sec(60)), Endpoint: "A"}, {At: at(sec(70)), Endpoint: "A"}} {
		require.NoError(t, pt.Add(&p, int64(i)))
	}
	enc, err := pt.MarshalBinary()
	require.NoError(t, err)
	worst := kpitest.CheckDecodeAlloc(t, enc, func(b []byte) error { var d ProbeTracker; return d.UnmarshalBinary(b) }, decodeAllocFactor)
	t.Logf("ProbeTracker (%d bytes): at most %.2f bytes allocated per input byte", len(enc), worst)
}
