package live_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

// midnight is the start of 2026-11-11 (UTC); day10 and day11 its two days.
var (
	midnight = time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	day10    = kpi.DateOf(2026, 11, 10)
	day11    = kpi.DateOf(2026, 11, 11)
)

func storeWith(opts availability.Options, shards int) (*live.Store, *kpi.Registry) {
	reg := &kpi.Registry{}
	reg.Intern("GET /a")
	reg.Intern("GET /b")
	p := benchmark.CBUAE()
	p.Availability = opts
	return live.New(live.Config{
		Registry: reg, Calendar: kpi.NewCalendar(time.UTC), Profile: p, Shards: shards,
	}), reg
}

func figuresOf(t *testing.T, snap live.Snapshot, ep string) live.Figures {
	t.Helper()
	for _, f := range snap.Endpoints {
		if f.Endpoint == ep {
			return f
		}
	}
	t.Fatalf("no figures for %s on %s", ep, snap.Date)
	return live.Figures{}
}

// TestDowntimeCrossesMidnight: AV-CLOCK-1 with AV-WINDOW-1, the review's
// example. GET /a answers 503 at 23:59:50 (TTLB 100 ms: logged 23:59:50.100)
// and 200 at 00:20:00 (TTLB 10 ms: logged 00:20:00.010); read at 00:30.
// By hand (CBUAE: 86,400 s days, AV-PCT-1 OPTION):
//
//	day 11: down [00:00, 00:20:00.010) = 1200.010 s,
//	        uptime 100 − 1200.010 / 864 = 98.611099… → "98.611"
//	day 10: down [23:59:50.100, 24:00) = 9.9 s,
//	        uptime 100 − 9.9 / 864 = 99.988541… → "99.989"
//
// Each day's own records alone would give day 11 no downtime.
func TestDowntimeCrossesMidnight(t *testing.T) {
	st, reg := storeWith(availability.Options{FixedDayLength: true}, 4)
	st.Record(sample(reg, "GET /a", midnight.Add(-10*time.Second), 503, 100*ms))
	st.Record(sample(reg, "GET /a", midnight.Add(20*time.Minute), 200, 10*ms))
	now := midnight.Add(30 * time.Minute)

	today := st.Snapshot(now)
	require.Equal(t, day11, today.Date)
	a := figuresOf(t, today, "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(1200010, 1000)), a.DowntimeSeconds.Format(3))
	require.Equal(t, "98.611", a.UptimePercent.Format(3))
	require.Equal(t, "98.611", today.Interface.UptimePercent.Format(3))
	require.Equal(t, "0.000", a.ErrorRatePercent.Format(3), "the 503 is day 10's call (ER-1)")
	require.Len(t, today.Outages, 1)
	require.True(t, today.Outages[0].Start.Before(midnight), "the outage keeps its own start")
	require.False(t, a.Down)

	yesterday := st.SnapshotDay(day10, now)
	a = figuresOf(t, yesterday, "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(99, 10)), a.DowntimeSeconds.Format(3))
	require.Equal(t, "99.989", a.UptimePercent.Format(3))
	require.Equal(t, "100.000", a.ErrorRatePercent.Format(3))
}

// TestFailureLoggedAfterMidnight: a call received at 23:59:59.9 that fails
// with TTLB 500 ms is logged at 00:00:00.4 (AV-CLOCK-2), and the next success
// is logged at 00:01:00 (TTLB 0). It belongs to day 10 (kpi's DAY) but its
// downtime to day 11: [00:00:00.4, 00:01:00) = 59.6 s, uptime
// 100 − 59.6 / 864 = 99.931018… → "99.931"; day 10: none.
func TestFailureLoggedAfterMidnight(t *testing.T) {
	st, reg := storeWith(availability.Options{FixedDayLength: true}, 4)
	st.Record(sample(reg, "GET /a", midnight.Add(-100*ms), 0, 500*ms))
	st.Record(sample(reg, "GET /a", midnight.Add(time.Minute), 200, 0))
	now := midnight.Add(time.Hour)

	a := figuresOf(t, st.Snapshot(now), "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(596, 10)), a.DowntimeSeconds.Format(3))
	require.Equal(t, "99.931", a.UptimePercent.Format(3))
	a = figuresOf(t, st.SnapshotDay(day10, now), "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(0, 1)), a.DowntimeSeconds.Format(3))
}

// TestConsecutiveSeriesAcrossMidnight: AV-CONSEC-1 (N = 5, W = 30 s). GET /a
// answers 503 (TTLB 100 ms) to calls received at 23:59:40, :45, :50, :55 and
// 00:00:05 (first to last 25 s ≤ 30 s: a series), then 200 at 00:01:00 with
// TTLB 10 ms. Down from the series' first call, 23:59:40, to 00:01:00.010.
// By hand:
//
//	day 11: [00:00, 00:01:00.010) = 60.010 s, uptime 100 − 60.010 / 864 = 99.930543… → "99.931"
//	day 10: [23:59:40, 24:00) = 20 s,          uptime 100 − 20 / 864 = 99.976851… → "99.977"
//
// Each day alone holds fewer than five calls of the series: no downtime.
func TestConsecutiveSeriesAcrossMidnight(t *testing.T) {
	st, reg := storeWith(availability.Options{Rule: availability.Consecutive, FixedDayLength: true}, 4)
	for _, at := range []time.Duration{-20 * time.Second, -15 * time.Second, -10 * time.Second, -5 * time.Second, 5 * time.Second} {
		st.Record(sample(reg, "GET /a", midnight.Add(at), 503, 100*ms))
	}
	st.Record(sample(reg, "GET /a", midnight.Add(time.Minute), 200, 10*ms))
	now := midnight.Add(time.Hour)

	a := figuresOf(t, st.Snapshot(now), "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(60010, 1000)), a.DowntimeSeconds.Format(3))
	require.Equal(t, "99.931", a.UptimePercent.Format(3))
	a = figuresOf(t, st.SnapshotDay(day10, now), "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(20, 1)), a.DowntimeSeconds.Format(3))
	require.Equal(t, "99.977", a.UptimePercent.Format(3))
}

// TestYesterdayCannotSeeTheDayBefore pins the documented limit. GET /a
// answers 503 at day 10 23:00 (TTLB 0) and nothing succeeds after; day 11
// has one 404 on GET /a at 12:00 (neither starts nor stops the clock).
// Read on day 11 at 13:00 (today): the clock from day 10 runs all day, down
// [00:00, 13:00) = 46,800 s, ongoing. Once day 12 has begun (a call on
// GET /b at 00:00:30), day 10's slot holds day 12: day 11 read as
// yesterday no longer sees the 503, and shows no downtime.
func TestYesterdayCannotSeeTheDayBefore(t *testing.T) {
	st, reg := storeWith(availability.Options{FixedDayLength: true}, 1)
	st.Record(sample(reg, "GET /a", midnight.Add(-time.Hour), 503, 0))
	st.Record(sample(reg, "GET /a", midnight.Add(12*time.Hour), 404, ms))

	a := figuresOf(t, st.Snapshot(midnight.Add(13*time.Hour)), "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(46800, 1)), a.DowntimeSeconds.Format(3))
	require.True(t, a.Down)

	day12 := midnight.Add(24 * time.Hour)
	st.Record(sample(reg, "GET /b", day12.Add(30*time.Second), 200, ms))
	a = figuresOf(t, st.SnapshotDay(day11, day12.Add(time.Minute)), "GET /a")
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(0, 1)), a.DowntimeSeconds.Format(3))
}

// TestUndatedCall: kpi's BAD INPUT. A Sample with a zero ReceivedAt has
// no day: it is counted under kpi.Check's reason, ZeroReceivedAt, in
// Undated, and not as Late.
func TestUndatedCall(t *testing.T) {
	st, reg := newStore(2)
	s := sample(reg, "GET /a", time.Time{}, 200, ms)
	require.Equal(t, kpi.ZeroReceivedAt, kpi.Check(&s.Call))
	st.Record(s)
	snap := st.Snapshot(t0)
	require.Equal(t, uint64(1), snap.Undated[kpi.ZeroReceivedAt])
	require.Equal(t, uint64(1), snap.Undated.Total())
	require.Zero(t, snap.Late)
	require.Zero(t, snap.Interface.Calls)
}

// TestPerPageVerdict: PF-PAGE-1 on the CBUAE bank-data target, with
// Call.Records (set by the middleware's Options.Records). Transactions: 250
// records, TTLB 300 ms → ceil(250/100) = 3 pages; balances: Records 0
// (unknown: 1 page), TTLB 60 ms. Group per page = (300 + 60) / (3 + 1) =
// 90 ms (PF-AVG-2: ΣT / Σpages); per response it would be 360 / 2 = 180 ms.
func TestPerPageVerdict(t *testing.T) {
	reg := &kpi.Registry{}
	tx := reg.Intern("GET /accounts/{AccountID}/transactions")
	bal := reg.Intern("GET /accounts/{AccountID}/balances")
	p := benchmark.CBUAE()
	p.Availability = availability.Options{FixedDayLength: true}
	st := live.New(live.Config{Registry: reg, Calendar: kpi.NewCalendar(time.UTC), Profile: p})
	st.Record(&measure.Sample{Endpoint: tx, Matched: true, Call: kpi.Call{
		ReceivedAt: t0, Endpoint: reg.Name(tx), Status: 200, TTFB: 100 * ms, HasTTFB: true, TTLB: 300 * ms, Records: 250}})
	st.Record(&measure.Sample{Endpoint: bal, Matched: true, Call: kpi.Call{
		ReceivedAt: t0, Endpoint: reg.Name(bal), Status: 200, TTFB: 10 * ms, HasTTFB: true, TTLB: 60 * ms}})
	snap := st.Snapshot(t0.Add(time.Hour))
	var found bool
	for _, f := range snap.Findings {
		if f.Target.ID == "cbuae.bank-data.avg-ttlb-per-page" {
			found = true
			require.Equal(t, "90.000", f.Measured.Format(3))
			require.Equal(t, benchmark.Pass, f.Verdict)
		}
	}
	require.True(t, found)
}
