package availability

import (
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// BAD INPUT (package kpi): the Tracker rejects bad calls with their Reason and
// refuses calls that do not fit its stream, counting both.
func TestTrackerRejectsAndRefuses(t *testing.T) {
	tr := NewTracker(Options{})
	bad := call("A", 0, 503, -time.Second)
	require.ErrorIs(t, tr.Add(&bad, 0), kpi.NegativeTTLB)
	one := call("A", 0, 150, 0)
	require.ErrorIs(t, tr.Add(&one, 1), kpi.BadStatus)
	zero := kpi.Call{Endpoint: "A"}
	require.ErrorIs(t, tr.Add(&zero, 2), kpi.ZeroReceivedAt)
	c := call("A", sec(10), 503, 0)
	require.NoError(t, tr.Add(&c, 3))
	require.Equal(t, "A", tr.Endpoint())
	early := call("A", sec(5), 200, 0)
	require.ErrorIs(t, tr.Add(&early, 4), OutOfOrder)
	other := call("B", sec(20), 200, 0)
	require.ErrorIs(t, tr.Add(&other, 5), OtherEndpoint)
	out := tr.Finish(at(time.Minute), nil)
	require.Len(t, out, 1)
	require.True(t, out[0].Ongoing)
	late := call("A", sec(30), 200, 0)
	require.ErrorIs(t, tr.Add(&late, 6), AfterFinish)
	require.Empty(t, tr.Finish(at(time.Hour), nil), "a second Finish adds nothing")

	rej := tr.Rejections()
	require.Equal(t, uint64(3), rej.Total())
	require.Equal(t, uint64(1), rej[kpi.NegativeTTLB])
	ref := tr.Refused()
	require.Equal(t, uint64(1), ref[OutOfOrder])
	require.Equal(t, uint64(1), ref[OtherEndpoint])
	require.Equal(t, uint64(1), ref[AfterFinish])
	require.Equal(t, uint64(3), ref.Total())
	require.Equal(t, "availability: received before the stream's latest instant", OutOfOrder.Error())

	tr.Reset()
	rej, ref = tr.Rejections(), tr.Refused()
	require.Zero(t, rej.Total())
	require.Zero(t, ref.Total())
	require.NoError(t, tr.Add(&other, 0), "after Reset a new stream starts")
}

// BAD INPUT (package kpi) on any input: every bad call is rejected and counted
// by reason, and Reference lists the same calls.
func TestPropertyTrackerCountsBadInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t)
		o := genOptions(t)
		o.InterfaceWide = true // one stream takes every call
		_, err := Reference(calls, at(time.Hour), o)
		var want kpi.Rejections[kpi.Reason]
		for i := range calls {
			want.Add(kpi.Check(&calls[i]))
		}
		if want.Total() == 0 {
			require.NoError(t, err)
		} else {
			var ie *kpi.InputError
			require.ErrorAs(t, err, &ie)
			require.Len(t, ie.Calls, int(want.Total()))
		}
		tr := NewTracker(o)
		for _, i := range sortedByReceived(calls) {
			err := tr.Add(&calls[i], int64(i))
			if r := kpi.Check(&calls[i]); r != kpi.OK {
				require.ErrorIs(t, err, r)
			} else {
				require.NoError(t, err)
			}
		}
		require.Equal(t, want, tr.Rejections())
	})
}

func sortedByReceived(calls []kpi.Call) []int {
	idx := make([]int, len(calls))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return calls[a].ReceivedAt.Compare(calls[b].ReceivedAt) })
	return idx
}

// Rule AV-CLOCK-2, AV-CONSEC-1: over 10^6 calls with one outage open all
// along, the tracker's retained state stays flat: its buffers are bounded
// by the calls in flight (here a TTLB of up to 2 s at 100 calls a second),
// not by the stream.
func TestTrackerMemoryStaysFlat(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	for _, o := range []Options{{}, {Rule: Consecutive}} {
		tr := NewTracker(o)
		var c kpi.Call
		maxRetained, maxPending := 0, 0
		for i := 0; i < n; i++ {
			c = kpi.Call{ReceivedAt: at(time.Duration(i) * 10 * time.Millisecond), Endpoint: "A",
				Status: []int{503, 0, 404, 500}[i%4], TTLB: time.Duration(i%200) * 10 * time.Millisecond}
			require.NoError(t, tr.Add(&c, int64(i)))
			if i%1000 == 0 {
				require.Empty(t, tr.Outages(nil))
				maxRetained = max(maxRetained, tr.Retained())
				maxPending = max(maxPending, tr.Pending())
			}
		}
		require.LessOrEqual(t, maxPending, 250, "%v: calls in flight", o.Rule)
		require.LessOrEqual(t, maxRetained, 1024, "%v: buffer capacity", o.Rule)
		out := tr.Finish(c.ReceivedAt.Add(time.Minute), nil)
		require.Len(t, out, 1)
		require.True(t, out[0].Ongoing)
		require.Equal(t, t0, out[0].Start)
	}
}

// Zero allocations per call in steady state (Add, Outages), for Reset, and
// for Segment.Merge once grown, and for ProbeTracker.Add.
func TestAllocations(t *testing.T) {
	for _, o := range []Options{{}, {Rule: Consecutive}} {
		tr := NewTracker(o)
		i := 0
		statuses := []int{200, 503, 0, 404, 200, 500, 503, 503, 503, 503, 503}
		var buf []Outage
		add := func() {
			c := kpi.Call{ReceivedAt: at(time.Duration(i/2) * time.Second), Endpoint: "A", Status: statuses[i%len(statuses)],
				TTLB: time.Duration(i%7) * 300 * time.Millisecond}
			_ = tr.Add(&c, int64(i))
			buf = tr.Outages(buf[:0])
			i++
		}
		for range 10_000 { // grow the buffers
			add()
		}
		require.Zero(t, testing.AllocsPerRun(1000, add), "%v: Add", o.Rule)
		require.Zero(t, testing.AllocsPerRun(100, tr.Reset), "%v: Reset", o.Rule)
	}

	calls := make([]kpi.Call, 0, 200)
	for i := 0; i < 200; i++ {
		calls = append(calls, call("A", time.Duration(i)*sec(1), []int{503, 200, 0, 503, 503, 503, 503}[i%7], ms(int64(i%5)*100)))
	}
	var segs []Segment
	for i := 0; i < 20; i++ {
		s, err := Summarize(calls, nil, "A", kpi.Interval{Start: at(sec(int64(10 * i))), End: at(sec(int64(10*i + 10)))}, Options{Rule: Consecutive})
		require.NoError(t, err)
		segs = append(segs, s)
	}
	var acc Segment
	merge := func() {
		acc.Reset()
		for i := range segs {
			_ = acc.Merge(&segs[i])
		}
	}
	merge()
	require.Zero(t, testing.AllocsPerRun(100, merge), "Segment.Merge and Reset")
	backwards := func() {
		acc.Reset()
		for i := len(segs) - 1; i >= 0; i-- {
			_ = acc.Merge(&segs[i])
		}
	}
	backwards()
	require.Zero(t, testing.AllocsPerRun(100, backwards), "Segment.Merge, earlier segments")

	pt := NewProbeTracker(0)
	j := 0
	var pout []Outage
	probe := func() {
		p := Probe{At: at(time.Duration(j) * 30 * time.Second), Endpoint: "A", OK: j%3 == 0}
		_ = pt.Add(&p, int64(j))
		pout = pt.Outages(pout[:0])
		j++
	}
	for range 100 {
		probe()
	}
	require.Zero(t, testing.AllocsPerRun(1000, probe), "ProbeTracker.Add")
}

// The zero Tracker is an AV-CLOCK tracker with the default options.
func TestTrackerZeroValue(t *testing.T) {
	var tr Tracker
	calls := []kpi.Call{call("A", 0, 503, 0), call("A", sec(10), 200, 0)}
	for i := range calls {
		require.NoError(t, tr.Add(&calls[i], int64(i)))
	}
	out := tr.Finish(at(time.Minute), nil)
	require.Len(t, out, 1)
	require.Equal(t, sec(10), out[0].Duration())
	var empty Tracker
	require.Empty(t, empty.Finish(at(time.Minute), nil))
}

// Rule AV-CLOCK-1, AV-CLOCK-2: Add's fast path drops a held success only
// once its logged instant is before the next ReceivedAt; a success whose
// instant equals the next call's still cancels a failure at that instant,
// and one held back still closes a clock a later-received failure opens
// before it.
func TestTrackerHeldSuccessFastPath(t *testing.T) {
	run := func(calls ...kpi.Call) []Outage {
		tr := NewTracker(Options{})
		for i := range calls {
			require.NoError(t, tr.Add(&calls[i], int64(i)))
		}
		return tr.Finish(at(time.Minute), nil)
	}
	// Success received at 0 s with TTLB 2 s: logged at 2 s. A 503 received
	// at 2 s with TTLB 0: logged at 2 s. One instant holds a success and a
	// failure: the stopped clock does not start. No outage.
	require.Empty(t, run(call("A", 0, 200, sec(2)), call("A", sec(2), 503, 0)))
	// The success logged 1 ns earlier (2 s − 1 ns) is final when the 503
	// arrives at 2 s: the clock starts at 2 s and runs to asOf = 60 s.
	require.Equal(t, []Outage{{Endpoint: "A", Start: at(sec(2)), End: at(time.Minute),
		Opened:  Evidence{Kind: Call, At: at(sec(2)), Endpoint: "A", ID: 1},
		Closed:  Evidence{Kind: ObservationEnd, At: at(time.Minute)},
		Ongoing: true}},
		run(call("A", 0, 200, sec(2)-1), call("A", sec(2), 503, 0)))
	// Success received at 0 s logged at 10 s; a 503 received at 5 s logged
	// at 6 s; a 4xx at 20 s makes both final. The clock runs [6 s, 10 s)
	// and the held success closes it.
	require.Equal(t, []Outage{{Endpoint: "A", Start: at(sec(6)), End: at(sec(10)),
		Opened: Evidence{Kind: Call, At: at(sec(6)), Endpoint: "A", ID: 1},
		Closed: Evidence{Kind: Call, At: at(sec(10)), Endpoint: "A", ID: 0}}},
		run(call("A", 0, 200, sec(10)), call("A", sec(5), 503, sec(1)), call("A", sec(20), 404, 0)))
}

// A Tracker's size: the header a log with a million endpoints holds one
// of per endpoint. By hand: Options 40 bytes, the four flags 4 (padded to
// 8), the key 16, the watermark 16 (int64, int32, padding), the AV-CLOCK
// state 272 (heap 24, open 8, rawOut 240), the AV-CONSEC walk's pointer
// 8, out 24, the refusal counts' pointer 8: 392 bytes. The AV-CONSEC walk
// (536 bytes) is made at its first call, and the counts at the first
// refusal, and both are then kept and counted.
func TestTrackerSize(t *testing.T) {
	require.Equal(t, uintptr(392), unsafe.Sizeof(Tracker{}))
	tr := NewTracker(Options{})
	c := kpi.Call{ReceivedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Endpoint: "A", Status: 200, TTLB: time.Millisecond}
	require.NoError(t, tr.Add(&c, 1))
	require.Nil(t, tr.consec, "AV-CLOCK: no AV-CONSEC walk")
	require.Nil(t, tr.bad, "no refusal: no counts")
	bad := kpi.Call{Endpoint: "A", Status: 200}
	require.ErrorIs(t, tr.Add(&bad, 2), kpi.ZeroReceivedAt)
	require.Equal(t, uint64(1), tr.Rejections()[kpi.ZeroReceivedAt])
	require.ErrorIs(t, tr.Add(&kpi.Call{ReceivedAt: c.ReceivedAt, Endpoint: "B", Status: 200}, 3), OtherEndpoint)
	require.Equal(t, uint64(1), tr.Refused()[OtherEndpoint])
	cl := tr.Clone()
	require.ErrorIs(t, cl.Add(&bad, 4), kpi.ZeroReceivedAt)
	require.Equal(t, uint64(1), tr.Rejections()[kpi.ZeroReceivedAt], "a clone's counts are its own")
	require.Equal(t, uint64(2), cl.Rejections()[kpi.ZeroReceivedAt])
	tr.Reset()
	require.Zero(t, tr.Rejections())
	require.Zero(t, tr.Refused())

	cs := NewTracker(Options{Rule: Consecutive})
	require.Nil(t, cs.consec)
	require.Empty(t, cs.Finish(c.ReceivedAt, nil), "AV-CONSEC without a call: nothing to finish")
	cs.Reset()
	require.NoError(t, cs.Add(&c, 1))
	require.NotNil(t, cs.consec)
}
