package benchmark

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/stretchr/testify/require"
)

// evidenceScene computes the interface's days from first to last (UTC) for
// one endpoint "A" whose calls all succeed, called once on 2024-03-10 and
// once on 2024-03-12 and never on 2024-03-11, with the given monitoring
// outages, and records them as a report would: each day's uptime, and
// each unobserved day (Rule AV-EVIDENCE-2). It returns the days.
func evidenceScene(t *testing.T, m *Measurements, opts availability.Options, first, last kpi.Date, mon []availability.Window) []availability.Day {
	t.Helper()
	calls := []kpi.Call{
		{ReceivedAt: time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC), Endpoint: "A", Status: 200, TTLB: time.Millisecond},
		{ReceivedAt: time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC), Endpoint: "A", Status: 200, TTLB: time.Millisecond},
	}
	outs, err := availability.Reference(calls, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), opts)
	require.NoError(t, err)
	require.Empty(t, outs)
	a := availability.Days(kpi.Calendar{}, first, last, "A", outs, nil, mon)
	for i := range a {
		if a[i].Date == day10 || a[i].Date == day12 {
			a[i].Calls = 1
		}
	}
	days := availability.InterfaceDays([][]availability.Day{a})
	for i := range days {
		if !days[i].Observed() {
			m.SetUnobserved(Interface(), days[i].Date)
		}
	}
	return days
}

var day12 = kpi.DateOf(2024, time.March, 12)

// monitoring10min is a monitoring outage of A from 12:00 to 12:10 on
// 2024-03-11: 600 s of downtime, and evidence for the day.
var monitoring10min = []availability.Window{{Endpoint: "A", Interval: kpi.Interval{
	Start: time.Date(2024, 3, 11, 12, 0, 0, 0, time.UTC), End: time.Date(2024, 3, 11, 12, 10, 0, 0, time.UTC)}}}

// Rule AV-EVIDENCE-2 under CBUAE (daily uptime >= 99.5 %, AV-CLOCK, 86,400
// s days): the day without a call shows 100 % uptime, which would pass;
// it is NO DATA. With a monitoring outage covering 10 minutes of it, the
// day is observed and judged: (86,400 − 600) / 86,400 = 99.30555… % < 99.5
// %, a FAIL by 0.19444… points.
func TestUnobservedDayCBUAE(t *testing.T) {
	opts := availability.Options{Rule: availability.Clock, FixedDayLength: true}
	p := CBUAE()
	for _, tc := range []struct {
		mon  []availability.Window
		want []string
	}{
		{nil, []string{
			"PASS cbuae.uptime interface 2024-03-10: 100.000 % >= 99.5 % (margin +0.500 %)",
			"NO DATA cbuae.uptime interface 2024-03-11: no data (computed 100.000 %), needs >= 99.5 % (unobserved: no call and no monitoring that day)",
			"PASS cbuae.uptime interface 2024-03-12: 100.000 % >= 99.5 % (margin +0.500 %)",
		}},
		{monitoring10min, []string{
			"PASS cbuae.uptime interface 2024-03-10: 100.000 % >= 99.5 % (margin +0.500 %)",
			"FAIL cbuae.uptime interface 2024-03-11: 99.306 % >= 99.5 % (margin -0.194 %)",
			"PASS cbuae.uptime interface 2024-03-12: 100.000 % >= 99.5 % (margin +0.500 %)",
		}},
	} {
		var m Measurements
		days := evidenceScene(t, &m, opts, day10, day12, tc.mon)
		for i := range days {
			m.SetDay(UptimePercent, Interface(), days[i].Date, days[i].UptimePercent(opts))
		}
		fs := findingsOf(Evaluate(p, &m), "cbuae.uptime")
		var got []string
		for _, f := range fs {
			got = append(got, f.String())
		}
		require.Equal(t, tc.want, got)
		if tc.mon == nil {
			require.Equal(t, Unjudged, fs[1].Verdict)
			require.Equal(t, UnobservedNote, fs[1].Note)
			require.Equal(t, 1, fs[1].Unobserved)
			require.False(t, fs[1].Margin.OK())
			require.Equal(t, 0, fs[0].Unobserved)
		}
	}
}

// Rule AV-EVIDENCE-2 under CBB (quarterly uptime >= 99.5 %, AV-CONSEC,
// real day length): 2024-Q1 has 31 + 29 + 31 = 91 days, of which only
// 2024-03-10 and 2024-03-12 had a call: 89 unobserved days. The quarter is
// judged on its figures: no downtime, 100 % — a PASS that says 89 of its
// 91 days were unobserved. With the 10-minute monitoring outage on
// 2024-03-11, 88 days are unobserved and the uptime is 100 × (1 − 600 /
// (91 × 86,400)) = 100 × 7,861,800 / 7,862,400 = 99.99236… %, margin
// +0.49236….
func TestUnobservedDaysCBBQuarter(t *testing.T) {
	opts := availability.Options{Rule: availability.Consecutive}
	q1 := kpi.Period{First: kpi.DateOf(2024, time.January, 1), Last: kpi.DateOf(2024, time.March, 31)}
	require.Equal(t, 91, q1.Days())
	for _, tc := range []struct {
		mon        []availability.Window
		unobserved int
		want       string
	}{
		{nil, 89, "PASS cbb.uptime interface 2024-Q1: 100.000 % >= 99.5 % (margin +0.500 %; 89 of 91 days unobserved)"},
		{monitoring10min, 88, "PASS cbb.uptime interface 2024-Q1: 99.992 % >= 99.5 % (margin +0.492 %; 88 of 91 days unobserved)"},
	} {
		var m Measurements
		days := evidenceScene(t, &m, opts, q1.First, q1.Last, tc.mon)
		m.Set(UptimePercent, Interface(), q1, availability.PeriodUptimePercent(days, opts))
		fs := findingsOf(Evaluate(CBB(), &m), "cbb.uptime")
		require.Len(t, fs, 1)
		require.Equal(t, tc.unobserved, fs[0].Unobserved)
		require.Equal(t, Pass, fs[0].Verdict)
		require.Equal(t, tc.want, fs[0].String())
	}
}

// A quarter nobody measured still says how many of its days were
// unobserved.
func TestUnobservedNotMeasured(t *testing.T) {
	var m Measurements
	q1 := kpi.Period{First: kpi.DateOf(2024, time.January, 1), Last: kpi.DateOf(2024, time.March, 31)}
	m.Cover(q1)
	m.SetUnobserved(Interface(), day11)
	m.SetUnobserved(Group("AISP"), day10) // another scope: not counted
	f := findingsOf(Evaluate(CBB(), &m), "cbb.uptime")[0]
	require.Equal(t, 1, f.Unobserved)
	require.Equal(t, "NO DATA cbb.uptime interface 2024-Q1: no data, needs >= 99.5 % (not measured; 1 of 91 days unobserved)", f.String())
	require.True(t, m.Unobserved(Interface(), day11))
	require.False(t, m.Unobserved(Interface(), day10))
}

// Rule EP-2: a NO DATA finding of a group none of whose endpoints the
// calls used says so; the IDs count byte for byte.
func TestNoEndpointOfGroupSeen(t *testing.T) {
	p := CBB()
	eval := func(m *Measurements) map[string]string {
		m.SetDay(ErrorRatePercent, Interface(), day10, kpi.RatioOf(1, 10))
		notes := map[string]string{}
		for _, f := range Evaluate(p, m) {
			notes[f.Target.ID] = f.Note
		}
		return notes
	}
	// The calls used only the AISP balances endpoint, spelt {AccountId}:
	// not CBB's ID, so no AISP endpoint was seen.
	var m Measurements
	m.SetSeen("GET /accounts/{AccountId}/balances", "GET /other")
	m.SetDay(AvgTTLBMs, Group(GroupPISP), day10, ms(100)) // PISP measured: PASS, no note
	notes := eval(&m)
	require.Equal(t, "not measured; no endpoint of group AISP seen", notes["cbb.aisp.avg-ttlb-per-page"])
	require.Equal(t, "not measured; no endpoint of group CoF seen", notes["cbb.cof.avg-ttlb"])
	require.Equal(t, "no endpoint measured; no endpoint of group CoF seen", notes["cbb.cof.max-ttlb"])
	require.Equal(t, "", notes["cbb.pisp.avg-ttlb"])
	require.Equal(t, "", notes["cbb.error-rate"])

	// One AISP endpoint seen (spelt as CBB spells it): the finding is
	// still NO DATA (nothing was recorded for the group) but not for
	// want of an endpoint.
	m = Measurements{}
	m.SetSeen("GET /accounts/{AccountID}/balances")
	require.Equal(t, "not measured", eval(&m)["cbb.aisp.avg-ttlb-per-page"])

	// SetSeen with no endpoint: the calls used none.
	m = Measurements{}
	m.SetSeen()
	require.Equal(t, "not measured; no endpoint of group AISP seen", eval(&m)["cbb.aisp.avg-ttlb-per-page"])

	// Without SetSeen, nothing is known of the calls: no such note.
	m = Measurements{}
	require.Equal(t, "not measured", eval(&m)["cbb.aisp.avg-ttlb-per-page"])

	// The same calls listed against the profile's catalogue (Rule EP-2).
	cat, err := p.Catalogue()
	require.NoError(t, err)
	var counts kpi.EndpointCounts
	counts.Add("GET /accounts/{AccountId}/balances", 5)
	counts.Add("GET /accounts/{AccountID}/balances", 2)
	counts.Add("POST /domestic-payments", 1)
	require.Equal(t, []kpi.EndpointCount{{Endpoint: "GET /accounts/{AccountId}/balances", Calls: 5}}, cat.Unlisted(&counts))
}
