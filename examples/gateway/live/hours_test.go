package live_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
)

// Today's hours, derived by hand (UTC, as of 11:30, so hours 00:00 to
// 11:00: twelve), across four shards:
//
//	10:00:00 GET /a 200 100 ms, 10:00:00.5 GET /a 500 50 ms,
//	10:30:00 GET /b 404 30 ms;  11:10:00 GET /b 200 300 ms.
//
// Hour 10: 3 calls (2xx 1, 4xx 1, 5xx 1), error rate 1/3 = 33.333 %,
// average (100+50+30)/3 = 60 ms, peak 2 calls in second 10:00:00.
// Hour 11: 1 call, 0 %, 300 ms. Hours 0 to 9: no call, no data.
func TestSnapshotHours(t *testing.T) {
	st, reg := newStore(4)
	for _, s := range []struct {
		ep     string
		at     time.Duration
		status int
		ttlb   time.Duration
	}{
		{"GET /a", 0, 200, 100 * ms}, {"GET /a", 500 * ms, 500, 50 * ms},
		{"GET /b", 30 * time.Minute, 404, 30 * ms}, {"GET /b", 70 * time.Minute, 200, 300 * ms},
	} {
		st.Record(sample(reg, s.ep, t0.Add(s.at), s.status, s.ttlb))
	}
	snap := st.Snapshot(t0.Add(90 * time.Minute))
	require.Len(t, snap.Hours, 12)
	require.True(t, snap.Hours[10].Start.Equal(t0))
	h := snap.Hours[10]
	require.Equal(t, [4]uint64{3, 1, 1, 1}, [4]uint64{h.Calls, h.Status2xx, h.Status4xx, h.Status5xx})
	require.Equal(t, "33.333", h.ErrorRatePercent.Format(3))
	require.Equal(t, "60.000", h.AvgTTLBMs.Format(3))
	require.Equal(t, uint64(2), h.PeakTPS)
	require.Equal(t, uint64(1), snap.Hours[11].Calls)
	require.Equal(t, "300.000", snap.Hours[11].AvgTTLBMs.Format(3))
	require.Zero(t, snap.Hours[9].Calls)
	require.False(t, snap.Hours[9].AvgTTLBMs.OK())
	// A past day has all its hours.
	past := st.SnapshotDay(kpi.DateOf(2026, 11, 10), t0.Add(30*time.Hour))
	require.Len(t, past.Hours, 24)
	var _ live.Hour = past.Hours[0]
}
