package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// Outage.Seconds is End − Start in exact seconds: 1 h 30 min 0.5 s =
// 5,400.5 s = 10,801/2; 10^10 s + 0.5 s (over 292 years, where Duration
// saturates) = 20,000,000,001/2; End before Start is 0.
func TestOutageSeconds(t *testing.T) {
	require.True(t, kpi.RatioOf(10801, 2).Equal((&Outage{Start: t0, End: t0.Add(90*time.Minute + 500*time.Millisecond)}).Seconds()))
	require.True(t, kpi.RatioOf(20000000001, 2).Equal((&Outage{Start: time.Unix(0, 0), End: time.Unix(10_000_000_000, 5e8)}).Seconds()))
	require.True(t, kpi.RatioOfInt(0).Equal((&Outage{Start: t0, End: t0.Add(-time.Second)}).Seconds()))
}
