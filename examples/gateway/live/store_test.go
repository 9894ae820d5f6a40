package live_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

const ms = time.Millisecond

func newStore(shards int) (*live.Store, *kpi.Registry) {
	reg := &kpi.Registry{}
	reg.Intern("GET /a")
	reg.Intern("GET /b")
	p := benchmark.CBUAE()
	return live.New(live.Config{
		Registry: reg, Calendar: kpi.NewCalendar(time.UTC), Profile: p, Shards: shards,
	}), reg
}

func sample(reg *kpi.Registry, ep string, at time.Time, status int, ttlb time.Duration) *measure.Sample {
	s := &measure.Sample{Call: kpi.Call{ReceivedAt: at, Status: status, TTLB: ttlb, TTFB: ttlb / 2, HasTTFB: true}}
	if e, ok := reg.Lookup(ep); ok {
		s.Endpoint, s.Matched, s.Call.Endpoint = e, true, ep
	}
	return s
}

var t0 = time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC)

// TestSnapshotWorkedExample: the day's figures, derived by hand.
//
//	GET /a 10:00:00.000 200 100 ms
//	GET /a 10:00:00.500 500  50 ms   failure logged at 10:00:00.550 (AV-CLOCK-2)
//	GET /a 10:00:10.000 200 100 ms   success logged at 10:00:10.100
//	GET /b 10:00:05.000 404  20 ms
//	GET /b 10:00:05.900 201 300 ms
//
// /a: downtime 10.100 - 0.550 = 9.55 s; CBUAE day 86,400 s (AV-PCT-1 OPTION):
// uptime 100 - 9.55/864 = 99.98894... -> "99.989"; error rate 1/3 = 33.333 %
// (ER-1); avg TTLB (100+50+100)/3 = 83.333 ms (PF-AVG-1); max 100 ms; peak 2
// calls in second 10:00:00 (PF-TPS-1).
// /b: no failure, uptime 100; error rate 0/2 = 0 % (a 4xx is no error); avg
// (20+300)/2 = 160 ms; peak 2 (second 10:00:05).
// Interface: downtime the union, 9.55 s -> "99.989"; error rate 1/5 = 20 %
// (ER-2 pooled); avg 570/5 = 114 ms (PF-AVG-2); peak 2.
// Not counted: an unknown path, a final 101, a hijacked connection.
func TestSnapshotWorkedExample(t *testing.T) {
	st, reg := newStore(4)
	for _, s := range []*measure.Sample{
		sample(reg, "GET /a", t0, 200, 100*ms),
		sample(reg, "GET /a", t0.Add(500*ms), 500, 50*ms),
		sample(reg, "GET /b", t0.Add(5*time.Second), 404, 20*ms),
		sample(reg, "GET /b", t0.Add(5900*ms), 201, 300*ms),
		sample(reg, "GET /a", t0.Add(10*time.Second), 200, 100*ms),
		sample(reg, "GET /nowhere", t0, 200, ms),
		sample(reg, "GET /a", t0, 101, ms),
		{Call: kpi.Call{ReceivedAt: t0}, Hijacked: true},
	} {
		st.Record(s)
	}
	snap := st.Snapshot(t0.Add(time.Hour))
	require.True(t, snap.Kept)
	require.Equal(t, kpi.DateOf(2026, 11, 10), snap.Date)
	require.Len(t, snap.Endpoints, 2)
	a, b, all := snap.Endpoints[0], snap.Endpoints[1], snap.Interface
	type want struct {
		ep                        string
		calls                     uint64
		uptime, errRate, avg, max string
		peak                      uint64
	}
	for _, w := range []struct {
		got  live.Figures
		want want
	}{
		{a, want{"GET /a", 3, "99.989", "33.333", "83.333", "100.000", 2}},
		{b, want{"GET /b", 2, "100.000", "0.000", "160.000", "300.000", 2}},
		{all, want{"", 5, "99.989", "20.000", "114.000", "300.000", 2}},
	} {
		require.Equal(t, w.want.ep, w.got.Endpoint)
		require.Equal(t, w.want.calls, w.got.Calls, w.want.ep)
		require.Equal(t, w.want.uptime, w.got.UptimePercent.Format(3), w.want.ep)
		require.Equal(t, w.want.errRate, w.got.ErrorRatePercent.Format(3), w.want.ep)
		require.Equal(t, w.want.avg, w.got.AvgTTLBMs.Format(3), w.want.ep)
		require.Equal(t, w.want.max, w.got.MaxTTLBMs.Format(3), w.want.ep)
		require.Equal(t, w.want.peak, w.got.PeakTPS, w.want.ep)
		require.False(t, w.got.Down, w.want.ep)
	}
	require.True(t, a.DowntimeSeconds.Equal(kpi.RatioOf(955, 100)))
	require.Len(t, snap.Outages, 1)
	require.Zero(t, snap.Rejections[kpi.UnknownEndpoint], "outside the catalogue is no rejection (EP-1)")
	require.Equal(t, uint64(1), snap.Outside)
	require.Equal(t, uint64(1), snap.Rejections[kpi.BadStatus])
	require.Equal(t, uint64(1), snap.Hijacked)
	// BM-2: CBUAE's daily uptime target (>= 99.5 %) passes.
	var uptime *benchmark.Finding
	for i, f := range snap.Findings {
		if f.Target.KPI == benchmark.UptimePercent {
			uptime = &snap.Findings[i]
		}
	}
	require.NotNil(t, uptime)
	require.Equal(t, benchmark.Pass, uptime.Verdict)
}

// TestOngoingOutage: AV-CLOCK-3. A failure with no success after it runs to
// the read: at 10:01:00, a 503 logged at 10:00:00.1 gives 59.9 s, down.
func TestOngoingOutage(t *testing.T) {
	st, reg := newStore(2)
	st.Record(sample(reg, "GET /a", t0, 503, 100*ms))
	snap := st.Snapshot(t0.Add(time.Minute))
	require.True(t, snap.Endpoints[0].Down)
	require.True(t, snap.Interface.Down)
	require.True(t, snap.Endpoints[0].DowntimeSeconds.Equal(kpi.RatioOf(599, 10)))
}

// TestDayRollover: today and yesterday are kept; the first call of the day
// after tomorrow recycles the day before; older calls are Late.
func TestDayRollover(t *testing.T) {
	st, reg := newStore(1)
	day := kpi.DateOf(2026, 11, 10)
	midnight := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	st.Record(sample(reg, "GET /a", midnight.Add(-time.Second), 200, ms)) // day 10
	st.Record(sample(reg, "GET /a", midnight.Add(time.Second), 200, ms))  // day 11
	// A request received at 23:59:59.9 completes after midnight: still day 10.
	st.Record(sample(reg, "GET /a", midnight.Add(-100*ms), 200, 500*ms))
	now := midnight.Add(time.Minute)
	require.Equal(t, uint64(2), st.SnapshotDay(day, now).Interface.Calls)
	require.Equal(t, uint64(1), st.Snapshot(now).Interface.Calls)
	require.Equal(t, day+1, st.Snapshot(now).Date)
	// Day 12 starts: day 10's slot is reused.
	st.Record(sample(reg, "GET /a", midnight.Add(24*time.Hour+time.Second), 200, ms))
	old := st.SnapshotDay(day, now.Add(24*time.Hour))
	require.False(t, old.Kept)
	require.Equal(t, uint64(0), old.Interface.Calls)
	st.Record(sample(reg, "GET /a", midnight.Add(-time.Second), 200, ms)) // day 10 again: too old
	require.Equal(t, uint64(1), st.Snapshot(now.Add(24*time.Hour)).Late)
	require.Equal(t, uint64(1), st.SnapshotDay(day+1, now.Add(24*time.Hour)).Interface.Calls)
}

// TestConcurrentRecord: every call counted once, whatever the interleaving
// (run with -race).
func TestConcurrentRecord(t *testing.T) {
	st, reg := newStore(0)
	const goroutines, each = 8, 500
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				ep := "GET /a"
				if (g+i)%2 == 0 {
					ep = "GET /b"
				}
				st.Record(sample(reg, ep, t0.Add(time.Duration(i)*ms), 200, 10*ms))
			}
		})
	}
	wg.Wait()
	snap := st.Snapshot(t0.Add(time.Hour))
	require.Equal(t, uint64(goroutines*each), snap.Interface.Calls)
	require.Equal(t, uint64(goroutines*each/2), snap.Endpoints[0].Calls)
	require.Equal(t, uint64(goroutines*each/2), snap.Endpoints[1].Calls)
}

// TestRecordDoesNotAllocate: steady state, Record allocates nothing.
func TestRecordDoesNotAllocate(t *testing.T) {
	st, reg := newStore(1)
	s := sample(reg, "GET /a", t0, 200, 10*ms)
	for range 10000 {
		st.Record(s)
	}
	require.Equal(t, 0.0, testing.AllocsPerRun(1000, func() { st.Record(s) }))
}
