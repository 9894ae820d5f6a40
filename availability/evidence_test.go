package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// The AV-EVIDENCE-2 scenes: endpoint A is called on 2025-06-10 and
// 2025-06-12 (UTC) and not at all on 2025-06-11.
var (
	evD1, evD2, evD3 = kpi.DateOf(2025, 6, 10), kpi.DateOf(2025, 6, 11), kpi.DateOf(2025, 6, 12)
)

func june(d, hh, mm, ss int) time.Time { return time.Date(2025, 6, d, hh, mm, ss, 0, time.UTC) }

func evCall(at time.Time, status int, ttlb time.Duration) kpi.Call {
	return kpi.Call{ReceivedAt: at, Endpoint: "A", Status: status, TTLB: ttlb}
}

// setCalls sets each day's Calls as the caller would, from a count by date.
func setCalls(days []Day, calls map[kpi.Date]uint64) []Day {
	for i := range days {
		days[i].Calls = calls[days[i].Date]
	}
	return days
}

// Rule AV-EVIDENCE-2 under the CBUAE settings (AV-CLOCK, 86,400 s day): a
// failure at 23:00 on day 1 is answered only at 09:00 on day 3, so the
// clock runs through day 2, on which nobody called. Day 2's downtime is
// computed as usual (the whole day), but the day is unobserved, unless a
// monitoring outage of A (or of every endpoint) covers some of it.
func TestEvidenceUnobservedDayClock(t *testing.T) {
	opts := Options{Rule: Clock, FixedDayLength: true}
	calls := []kpi.Call{
		evCall(june(10, 10, 0, 0), 200, 100*time.Millisecond),
		evCall(june(10, 23, 0, 0), 503, time.Second),         // failure logged 23:00:01
		evCall(june(12, 9, 0, 0), 200, 500*time.Millisecond), // success logged 09:00:00.5
	}
	outs, err := Reference(calls, june(13, 0, 0, 0), opts)
	require.NoError(t, err)
	counts := map[kpi.Date]uint64{evD1: 2, evD3: 1}

	days := setCalls(Days(kpi.Calendar{}, evD1, evD3, "A", outs, nil, nil), counts)
	require.Len(t, days, 3)
	// Day 1: 23:00:01 to 24:00 = 3,599 s; day 2: all 86,400 s; day 3:
	// 00:00 to 09:00:00.5 = 32,400.5 s.
	require.Equal(t, []time.Duration{3599 * time.Second, 24 * time.Hour, 9*time.Hour + 500*time.Millisecond},
		[]time.Duration{days[0].Total, days[1].Total, days[2].Total})
	require.Equal(t, []bool{true, false, true}, []bool{days[0].Observed(), days[1].Observed(), days[2].Observed()})
	require.False(t, days[1].Monitored)
	// Day 2 still has its uptime: (86,400 − 86,400) / 86,400 = 0 %.
	require.Equal(t, "0.000", days[1].UptimePercent(opts).Format(3))

	// A monitoring outage of A from 12:00 to 12:10 on day 2: the day is
	// observed; its downtime is still the whole day (the union).
	mon := []Window{window("A", june(11, 12, 0, 0), june(11, 12, 10, 0))}
	days = setCalls(Days(kpi.Calendar{}, evD1, evD3, "A", outs, nil, mon), counts)
	require.Equal(t, []bool{true, true, true}, []bool{days[0].Observed(), days[1].Observed(), days[2].Observed()})
	require.Equal(t, []bool{false, true, false}, []bool{days[0].Monitored, days[1].Monitored, days[2].Monitored})
	require.Equal(t, 24*time.Hour, days[1].Total)

	// A monitoring outage of another endpoint is no evidence for A; one of
	// every endpoint (Endpoint "") is. One that ends at day 2's midnight
	// does not cover day 2.
	for _, tc := range []struct {
		w    Window
		want bool
	}{
		{window("B", june(11, 12, 0, 0), june(11, 12, 10, 0)), false},
		{window("", june(11, 12, 0, 0), june(11, 12, 10, 0)), true},
		{window("A", june(10, 23, 50, 0), june(11, 0, 0, 0)), false},
		{window("A", june(11, 23, 59, 59), june(12, 0, 0, 0)), true},
	} {
		days = setCalls(Days(kpi.Calendar{}, evD1, evD3, "A", outs, nil, []Window{tc.w}), counts)
		require.Equal(t, tc.want, days[1].Observed(), "%+v", tc.w)
	}

	// Planned windows are not evidence.
	days = setCalls(Days(kpi.Calendar{}, evD1, evD3, "A", outs, mon, nil), counts)
	require.False(t, days[1].Observed())
}

// Rule AV-EVIDENCE-2 under the CBB settings (AV-CONSEC, real day length):
// every call succeeds, so there is no downtime at all, and day 2 would
// show 100 % uptime, a pass, without a single call. It is unobserved. A
// monitoring outage of 10 minutes makes it observed, with 600 s of
// downtime: (86,400 − 600) / 86,400 = 99.30555… %, 99.306 at 3 places.
func TestEvidenceUnobservedDayConsecutive(t *testing.T) {
	opts := Options{Rule: Consecutive}
	calls := []kpi.Call{
		evCall(june(10, 10, 0, 0), 200, 100*time.Millisecond),
		evCall(june(12, 9, 0, 0), 200, 100*time.Millisecond),
	}
	outs, err := Reference(calls, june(13, 0, 0, 0), opts)
	require.NoError(t, err)
	require.Empty(t, outs)
	counts := map[kpi.Date]uint64{evD1: 1, evD3: 1}

	days := setCalls(Days(kpi.Calendar{}, evD1, evD3, "A", outs, nil, nil), counts)
	require.False(t, days[1].Observed())
	require.Equal(t, "100.000", days[1].UptimePercent(opts).Format(3))

	mon := []Window{window("A", june(11, 12, 0, 0), june(11, 12, 10, 0))}
	days = setCalls(Days(kpi.Calendar{}, evD1, evD3, "A", outs, nil, mon), counts)
	require.True(t, days[1].Observed())
	require.Equal(t, 600*time.Second, days[1].Total)
	require.Equal(t, kpi.RatioOf(8640000-60000, 86400).String(), days[1].UptimePercent(opts).String())
	require.Equal(t, "99.306", days[1].UptimePercent(opts).Format(3))
}

// Rule AV-EVIDENCE-2: an outage derived from probe results covers the time
// it lasts; an outage derived from calls is no evidence for a day it merely
// runs through.
func TestEvidenceProbeOutage(t *testing.T) {
	probeOuts, err := Probes([]Probe{
		{At: june(11, 12, 0, 0), Endpoint: "A", OK: false},
		{At: june(11, 12, 0, 30), Endpoint: "A", OK: true},
	}, 0)
	require.NoError(t, err)
	days := Days(kpi.Calendar{}, evD1, evD3, "A", probeOuts, nil, nil)
	require.Equal(t, []bool{false, true, false}, []bool{days[0].Observed(), days[1].Observed(), days[2].Observed()})
	require.Equal(t, 30*time.Second, days[1].Total)

	callOut := []Outage{outage("A", june(10, 23, 0, 0), june(12, 1, 0, 0), 1)}
	days = Days(kpi.Calendar{}, evD1, evD3, "A", callOut, nil, nil)
	require.False(t, days[1].Observed())
}

// Rule AV-EVIDENCE-2 for the interface: a day is observed when any
// endpoint's day is (calls summed, monitoring or'ed).
func TestEvidenceInterfaceDays(t *testing.T) {
	a := []Day{{Date: evD1, Length: 24 * time.Hour, Calls: 3}, {Date: evD2, Length: 24 * time.Hour}}
	b := []Day{{Date: evD1, Length: 24 * time.Hour, Calls: 4}, {Date: evD2, Length: 24 * time.Hour}}
	iface := InterfaceDays([][]Day{a, b})
	require.Equal(t, uint64(7), iface[0].Calls) // 3 + 4
	require.True(t, iface[0].Observed())
	require.False(t, iface[1].Observed())

	b[1].Monitored = true // B's monitoring covers day 2: A's day stays unobserved
	iface = InterfaceDays([][]Day{a, b})
	require.True(t, iface[1].Observed())
	require.False(t, a[1].Observed())

	b[1].Monitored, a[1].Calls = false, 1
	iface = InterfaceDays([][]Day{a, b})
	require.True(t, iface[1].Observed())
	require.Equal(t, uint64(1), iface[1].Calls)
}
