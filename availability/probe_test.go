package availability

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Rule RG-PROBE-1 by hand, probes every 30 s: each failed probe adds 30 s
// of downtime until an OK probe.
func TestProbesTimeline(t *testing.T) {
	probes := []Probe{
		0: {At: at(0), Endpoint: "A", OK: true},
		1: {At: at(sec(30)), Endpoint: "A"},            // [30s, 60s)
		2: {At: at(sec(60)), Endpoint: "A"},            // [60s, 90s): touches, merges
		3: {At: at(sec(90)), Endpoint: "A", OK: true},  // closes [30s, 90s)
		4: {At: at(sec(120)), Endpoint: "A"},           // [120s, 150s): no probe at 150s
		5: {At: at(sec(200)), Endpoint: "A", OK: true}, //
		6: {At: at(sec(210)), Endpoint: "A"},           // [210s, 240s) cut by the OK probe at 220s
		7: {At: at(sec(220)), Endpoint: "A", OK: true}, //
		8: {At: at(sec(300)), Endpoint: "A"},           // failed and OK at the same instant:
		9: {At: at(sec(300)), Endpoint: "A", OK: true}, // nothing
	}
	pr := func(id int64, kind EvidenceKind, d time.Duration) Evidence {
		return Evidence{Kind: kind, At: at(d), Endpoint: "A", ID: id}
	}
	want := []Outage{
		{Endpoint: "A", Start: at(sec(30)), End: at(sec(90)), Opened: pr(1, ProbeResult, sec(30)), Closed: pr(3, ProbeResult, sec(90))},
		{Endpoint: "A", Start: at(sec(120)), End: at(sec(150)), Opened: pr(4, ProbeResult, sec(120)), Closed: pr(4, ProbeInterval, sec(150))},
		{Endpoint: "A", Start: at(sec(210)), End: at(sec(220)), Opened: pr(6, ProbeResult, sec(210)), Closed: pr(7, ProbeResult, sec(220))},
	}
	got, err := Probes(probes, 0)
	require.NoError(t, err)
	require.Equal(t, want, got)
	// 60 + 30 + 10 = 100 s of downtime.
	var total time.Duration
	for _, o := range got {
		total += o.Duration()
	}
	require.Equal(t, 100*time.Second, total)

	tr := NewProbeTracker(30 * time.Second)
	var out []Outage
	for i := range probes {
		require.NoError(t, tr.Add(&probes[i], int64(i)))
		out = tr.Outages(out)
	}
	require.Equal(t, want, tr.Finish(out))
}

// Rule RG-PROBE-1: bad and refused probes.
func TestProbeErrors(t *testing.T) {
	_, err := Probes([]Probe{{Endpoint: "A"}, {At: at(0), Endpoint: "A"}}, time.Minute)
	var pe *ProbeInputError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, []int{0}, pe.Indices)
	require.ErrorIs(t, err, ZeroProbeTime)

	var tr ProbeTracker // the zero value is ready, with the default interval
	require.ErrorIs(t, tr.Add(&Probe{Endpoint: "A"}, 0), ZeroProbeTime)
	require.NoError(t, tr.Add(&Probe{At: at(sec(10)), Endpoint: "A"}, 1))
	require.ErrorIs(t, tr.Add(&Probe{At: at(sec(5)), Endpoint: "A"}, 2), OutOfOrder)
	require.ErrorIs(t, tr.Add(&Probe{At: at(sec(20)), Endpoint: "B"}, 3), OtherEndpoint)
	out := tr.Finish(nil)
	require.Equal(t, []Outage{{Endpoint: "A", Start: at(sec(10)), End: at(sec(40)),
		Opened: Evidence{Kind: ProbeResult, At: at(sec(10)), Endpoint: "A", ID: 1},
		Closed: Evidence{Kind: ProbeInterval, At: at(sec(40)), Endpoint: "A", ID: 1}}}, out)
	require.ErrorIs(t, tr.Add(&Probe{At: at(sec(50)), Endpoint: "A"}, 4), AfterFinish)
	r := tr.Refused()
	require.Equal(t, uint64(4), r.Total())
	tr.Reset()
	require.Equal(t, uint64(0), func() uint64 { r := tr.Refused(); return r.Total() }())
	require.NoError(t, tr.Add(&Probe{At: at(sec(5)), Endpoint: "B"}, 0))
}

// Rule RG-PROBE-1: the ProbeTracker, fed in time order with ties in any
// order, equals Probes.
func TestPropertyProbeTrackerEqualsProbes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "n")
		probes := make([]Probe, n)
		for i := range probes {
			probes[i] = Probe{At: at(time.Duration(rapid.IntRange(0, 60).Draw(t, "at")) * 10 * time.Second),
				Endpoint: rapid.SampledFrom([]string{"A", "B"}).Draw(t, "ep"), OK: rapid.Bool().Draw(t, "ok")}
		}
		interval := rapid.SampledFrom([]time.Duration{0, 10 * time.Second, 25 * time.Second, time.Minute}).Draw(t, "interval")
		want, err := Probes(probes, interval)
		require.NoError(t, err)
		for _, ep := range []string{"A", "B"} {
			var idx []int
			for i := range probes {
				if probes[i].Endpoint == ep {
					idx = append(idx, i)
				}
			}
			idx = rapid.Permutation(idx).Draw(t, "perm")
			slices.SortStableFunc(idx, func(a, b int) int { return probes[a].At.Compare(probes[b].At) })
			tr := NewProbeTracker(interval)
			var got []Outage
			for _, i := range idx {
				require.NoError(t, tr.Add(&probes[i], int64(i)))
				if rapid.Bool().Draw(t, "collect") {
					got = tr.Outages(got)
				}
			}
			got = tr.Finish(got)
			require.Equal(t, outagesOf(want, ep), got, "endpoint %s", ep)
		}
	})
}
