package availability

import (
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// The last second time.Time holds: lastSecond is its start (0 ns), lastEnd
// the last instant (999,999,999 ns), where sums saturate (doc.go,
// Instants). ls(d) is lastSecond + d, for d < 1 s.
var (
	lastSecond = time.Unix(math.MaxInt64-unixToInternal, 0).UTC()
	lastEnd    = time.Unix(math.MaxInt64-unixToInternal, 999_999_999).UTC()
)

func ls(d time.Duration) time.Time { return lastSecond.Add(d) }

// everyPath checks that Reference, the Tracker (every state on the way
// reachable, so decodable) and Segments (one span up to the last instant,
// and two) give want for the calls of stream "A".
func everyPath(t *testing.T, calls []kpi.Call, asOf time.Time, o Options, want []Outage) {
	t.Helper()
	got, err := Reference(calls, asOf, o)
	require.NoError(t, err)
	require.Equal(t, want, got, "Reference")

	tr := NewTracker(o)
	for i := range calls {
		require.NoError(t, tr.Add(&calls[i], int64(i)))
		b, err := tr.MarshalBinary()
		require.NoError(t, err)
		require.NoError(t, new(Tracker).UnmarshalBinary(b), "a reachable state decodes (call %d)", i)
	}
	require.Equal(t, want, tr.Finish(asOf, nil), "Tracker")

	whole := kpi.Interval{Start: lastSecond.Add(-time.Hour), End: lastEnd}
	s, err := Summarize(calls, nil, "A", whole, o)
	require.NoError(t, err)
	require.Equal(t, want, s.Outages(asOf), "one Segment")
	cut := ls(15)
	a, err := Summarize(calls, nil, "A", kpi.Interval{Start: whole.Start, End: cut}, o)
	require.NoError(t, err)
	b, err := Summarize(calls, nil, "A", kpi.Interval{Start: cut, End: whole.End}, o)
	require.NoError(t, err)
	ab, err := Combine(roundTripSegment(t, b), roundTripSegment(t, a))
	require.NoError(t, err)
	require.Equal(t, want, ab.Outages(asOf), "two Segments")
}

// Rule AV-CLOCK-2: a logged instant ReceivedAt + TTLB past the last
// instant time.Time holds is that last instant, never before ReceivedAt
// (time.Time.Add caps the seconds but wraps the nanoseconds: the review's
// reproducer). L is the last second, at 0 ns:
//
//	call  received  status  TTLB           logged instant
//	0     L+1 ns    503     0              L+1 ns          fail: clock starts
//	1     L+10 ns   200     0              L+10 ns         stop: [L+1, L+10)
//	2     L+20 ns   404     0              (no clock role)
//	3     L+20 ns   200     1 s − 15 ns    L+1 s+5 ns → L+999,999,999 ns (saturated)
//
// Call 3's stop comes after the clock stopped: one outage [L+1 ns,
// L+10 ns), 9 ns. (Wrapped, call 3 would log at L+5 ns and close the
// outage there, before its own ReceivedAt.)
//
// Second input: a failure at L+1 ns and a success received at L+20 ns with
// the same TTLB: the outage runs to the saturated instant, [L+1 ns,
// L+999,999,999 ns), closed by call 1 at that instant.
func TestAVClock2LoggedInstantSaturates(t *testing.T) {
	calls := []kpi.Call{
		{ReceivedAt: ls(1), Endpoint: "A", Status: 503},
		{ReceivedAt: ls(10), Endpoint: "A", Status: 200},
		{ReceivedAt: ls(20), Endpoint: "A", Status: 404},
		{ReceivedAt: ls(20), Endpoint: "A", Status: 200, TTLB: 1e9 - 15},
	}
	require.Equal(t, lastEnd, clockInstant(&calls[3], &Options{}))
	everyPath(t, calls, ls(100), Options{}, []Outage{{
		Endpoint: "A", Start: ls(1), End: ls(10),
		Opened: Evidence{Kind: Call, At: ls(1), Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: Call, At: ls(10), Endpoint: "A", ID: 1},
	}})

	calls = []kpi.Call{
		{ReceivedAt: ls(1), Endpoint: "A", Status: 503},
		{ReceivedAt: ls(20), Endpoint: "A", Status: 200, TTLB: 1e9 - 15},
	}
	want := []Outage{{
		Endpoint: "A", Start: ls(1), End: lastEnd,
		Opened: Evidence{Kind: Call, At: ls(1), Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: Call, At: lastEnd, Endpoint: "A", ID: 1},
	}}
	everyPath(t, calls, ls(100), Options{}, want)
	require.Equal(t, 999_999_998*time.Nanosecond, want[0].End.Sub(want[0].Start))
}

// Rule AV-CONSEC-1 (N = 1): the outage ends at ReceivedAt + TTLB of the
// closing success, saturated at the last instant (the review's
// reproducer). L is the last second:
//
//	call  received    status  TTLB    role
//	0     L+900 ms    503     0       unanswered: a series of N = 1 opens at L+900 ms
//	1     L+950 ms    200     200 ms  success: ends it at L+1.15 s → L+999,999,999 ns
//	2     L+990 ms    404     0       skipped (only in the second run)
//
// One outage [L+900 ms, L+999,999,999 ns), closed by call 1 at that
// instant; asOf L+999 ms does not cut it (AV-CLOCK-3 never cuts a closed
// outage). Wrapped, it would end at L+150 ms, before it starts. With call
// 2 the tracker holds the outage back (a later series could still merge),
// and that state decodes.
func TestAVConsec1SuccessEndSaturates(t *testing.T) {
	o := Options{Rule: Consecutive, N: 1}
	calls := []kpi.Call{
		{ReceivedAt: ls(ms(900)), Endpoint: "A", Status: 503},
		{ReceivedAt: ls(ms(950)), Endpoint: "A", Status: 200, TTLB: ms(200)},
		{ReceivedAt: ls(ms(990)), Endpoint: "A", Status: 404},
	}
	want := []Outage{{
		Endpoint: "A", Start: ls(ms(900)), End: lastEnd,
		Opened: Evidence{Kind: Call, At: ls(ms(900)), Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: Call, At: lastEnd, Endpoint: "A", ID: 1},
	}}
	everyPath(t, calls[:2], ls(ms(999)), o, want)
	everyPath(t, calls, ls(ms(999)), o, want)
}

// Rule RG-PROBE-1: t + interval saturates at the last instant. Interval
// 500 ms, failed probes at L+900 ms and L+950 ms: each adds [t, t + 0.5 s),
// both ending at L+999,999,999 ns once saturated; merged, one outage
// [L+900 ms, L+999,999,999 ns), opened by probe 0, closed by probe 0's
// interval (the first failed probe whose interval ran out at End). Every
// ProbeTracker state on the way decodes.
func TestRGProbe1IntervalSaturates(t *testing.T) {
	probes := []Probe{{At: ls(ms(900)), Endpoint: "A"}, {At: ls(ms(950)), Endpoint: "A"}}
	want := []Outage{{
		Endpoint: "A", Start: ls(ms(900)), End: lastEnd,
		Opened: Evidence{Kind: ProbeResult, At: ls(ms(900)), Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: ProbeInterval, At: lastEnd, Endpoint: "A", ID: 0},
	}}
	got, err := Probes(probes, ms(500))
	require.NoError(t, err)
	require.Equal(t, want, got)
	tr := NewProbeTracker(ms(500))
	for i := range probes {
		require.NoError(t, tr.Add(&probes[i], int64(i)))
		b, err := tr.MarshalBinary()
		require.NoError(t, err)
		require.NoError(t, new(ProbeTracker).UnmarshalBinary(b), "a reachable state decodes (probe %d)", i)
	}
	require.Equal(t, want, tr.Finish(nil))
}

// Rule RG-PROBE-1 with probes from time.Now (monotonic readings): Probes
// and ProbeTracker ignore the readings (doc.go, Instants). Interval 30 s,
// w = now without its reading:
//
//	probe  at        OK
//	0      w         no    [w, w+30 s) cut by probe 1: [w, w+10 s)
//	1      w+10 s    yes
//	2      w+20 s    no    [w+20 s, w+50 s), its interval runs out
//
// Outages [w, w+10 s) closed by probe 1, and [w+20 s, w+50 s) closed by
// probe 2's interval; require.Equal (reflect.DeepEqual) tells a reading
// apart, so no instant of the result carries one.
func TestRGProbe1MonotonicReadingsIgnored(t *testing.T) {
	now := time.Now() // a monotonic reading (tests only)
	w := now.Round(0)
	require.NotEqual(t, now, w, "time.Now carries a monotonic reading")
	probes := []Probe{
		{At: now, Endpoint: "A"},
		{At: now.Add(sec(10)), Endpoint: "A", OK: true},
		{At: now.Add(sec(20)), Endpoint: "A"},
	}
	want := []Outage{
		{Endpoint: "A", Start: w, End: w.Add(sec(10)),
			Opened: Evidence{Kind: ProbeResult, At: w, Endpoint: "A", ID: 0},
			Closed: Evidence{Kind: ProbeResult, At: w.Add(sec(10)), Endpoint: "A", ID: 1}},
		{Endpoint: "A", Start: w.Add(sec(20)), End: w.Add(sec(50)),
			Opened: Evidence{Kind: ProbeResult, At: w.Add(sec(20)), Endpoint: "A", ID: 2},
			Closed: Evidence{Kind: ProbeInterval, At: w.Add(sec(50)), Endpoint: "A", ID: 2}},
	}
	got, err := Probes(probes, sec(30))
	require.NoError(t, err)
	require.Equal(t, want, got, "Probes")
	tr := NewProbeTracker(sec(30))
	for i := range probes {
		require.NoError(t, tr.Add(&probes[i], int64(i)))
	}
	require.Equal(t, want, tr.Finish(nil), "ProbeTracker")
}
